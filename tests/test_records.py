"""Records behave as the dataclasses they replace, for every feature the code uses."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from ordinance_tui.core import records
from ordinance_tui.core.records import FrozenInstanceError, field, record


@record(frozen=True, slots=True)
class Point:
    """A frozen, slotted record."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    hidden: str = field(default="h", repr=False)


@record
class Box:
    name: str
    items: list[int] = field(default_factory=list)
    size: int = 1


@record(frozen=True)
class Pair:
    left: Point
    right: Point | None = None
    notes: dict[str, int] = field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True)
class DataPoint:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    hidden: str = dataclasses.field(default="h", repr=False)


def test_init_defaults_repr_and_equality_match_dataclasses() -> None:
    ours, theirs = Point(1, tags=("a",)), DataPoint(1, tags=("a",))
    assert (ours.x, ours.y, ours.tags, ours.hidden) == (theirs.x, theirs.y, theirs.tags, "h")
    assert repr(ours).replace("Point", "") == repr(theirs).replace("DataPoint", "")
    assert repr(ours) == "Point(x=1, y=0, tags=('a',))"
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert Point(1) != DataPoint(1)  # another class is never equal
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert {Point(1), Point(1)} == {Point(1)}
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]


def test_frozen_records_refuse_assignment_and_have_slots() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del p.x  # type: ignore[misc]
    assert not hasattr(p, "__dict__")
    assert Point.__slots__ == ("x", "y", "tags", "hidden")
    with pytest.raises(FrozenInstanceError):
        Pair(p).left = p  # type: ignore[misc]


def test_mutable_records_get_fresh_factories_and_are_unhashable() -> None:
    a, b = Box("a"), Box("b")
    a.items.append(1)
    assert b.items == [] and a.items == [1]
    a.size = 3
    assert a == Box("a", [1], 3)
    with pytest.raises(TypeError):
        hash(a)
    assert Box.size == 1  # a plain default stays a class attribute, as with dataclasses


def test_replace_fields_and_asdict() -> None:
    p = Point(1, 2, ("t",))
    assert records.replace(p, y=5) == Point(1, 5, ("t",))
    assert records.replace(p) == p and records.replace(p) is not p
    with pytest.raises(TypeError, match="no field 'z'"):
        records.replace(p, z=1)
    assert [f.name for f in records.fields(Point)] == ["x", "y", "tags", "hidden"]
    assert records.fields(p)[1].default == 0
    pair = Pair(p, None, {"k": 1})
    assert records.asdict(pair) == {
        "left": {"x": 1, "y": 2, "tags": ("t",), "hidden": "h"}, "right": None,
        "notes": {"k": 1}}
    assert records.asdict(pair)["notes"] is not pair.notes
    assert records.asdict(Box("b", [1])) == dataclasses.asdict(_DataBox("b", [1]))
    with pytest.raises(TypeError):
        records.fields(object())
    with pytest.raises(TypeError):
        records.asdict(Point)


@dataclasses.dataclass
class _DataBox:
    name: str
    items: list[int] = dataclasses.field(default_factory=list)
    size: int = 1


def test_copy_and_pickle_keep_frozen_slotted_records() -> None:
    p = Point(1, 2, ("t",))
    assert copy.copy(p) == p and copy.deepcopy(p) == p
    assert pickle.loads(pickle.dumps(Pair(p))) == Pair(p)


def test_definition_errors_are_reported() -> None:
    with pytest.raises(ValueError, match="mutable default"):
        @record
        class Bad:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError, match="without a default follows"):
        @record
        class Order:
            a: int = 1
            b: int  # type: ignore[misc]

    with pytest.raises(TypeError, match="inherit"):
        @record
        class Child(Box):
            extra: int = 0
