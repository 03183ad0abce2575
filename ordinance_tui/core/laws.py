"""Reference laws: enacted laws and model bills as data (``seeds/laws/*.yaml``).

Each file records one column of the clause-element matrix in the reference
(``ordinances.md`` §6): which of the elements E01-E50 the law has, has only in
part, or lacks by design, plus its citation, a one-line description, its family
and its key numbers (§7). ``read_law`` validates one file into a ``Law``,
reporting every problem with file and line; the library loader calls it for
the ``laws`` folder next to the seed drafts.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

import msgspec

from .elements import builtin_names
from .models import Model, record
from .problems import Problem
from .validate import validate
from .yamlio import load_yaml_file

if TYPE_CHECKING:
    from .library import Where

class _ElementNames(Mapping[str, str]):
    """The reference matrix's element ids and what each one is (ordinances.md §6).

    Read from the elements' one declaration, ``clauses/elements.yaml``
    (``core.elements``), on first use.
    """

    def __getitem__(self, key: str) -> str:
        return builtin_names()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(builtin_names())

    def __len__(self) -> int:
        return len(builtin_names())


ELEMENTS: Mapping[str, str] = _ElementNames()
Evidence = Literal["V", "P", "B", "D"]
EVIDENCE = {
    "V": "verified in a public source",
    "P": "partly verified",
    "B": "general knowledge, not verified",
    "D": "verified only through an ordinance derived from the model",
}
Unit = Literal["days", "months", "years", "hours", "dollars", "euros", "percent", "members",
               "seats", "count", "date"]
LawKind = Literal["ordinance", "local-law", "statute", "regulation", "model"]
UNITS: tuple[str, ...] = get_args(Unit)
KINDS: tuple[str, ...] = get_args(LawKind)
# What a law's element lists mean; the matrix's cell codes are the display codes.
STATUS_CODES = {"present": "Y", "unverified": "y", "partial": "P", "absent": "N",
                "unknown": "\u00b7"}
_LAW_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LISTS = ("present", "unverified", "partial", "absent")


class NumberEntry(Model, frozen=True, kw_only=True):
    """One number the law fixes: ``value`` in ``unit`` (an ISO date when unit is date)."""

    what: str
    value: float | int | str
    unit: Unit
    evidence: Evidence = "V"
    question: str = ""  # the library question that sets the same number, if any
    note: str = ""


class ElementLists(Model, frozen=True, kw_only=True):
    """The matrix cells of a law: element ids by status (unverified: present, "y")."""

    present: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()


class LawFile(Model, frozen=True, kw_only=True):
    """A reference-law file (``seeds/laws/*.yaml``)."""

    id: str
    name: str
    short: str = ""  # the matrix column's heading; empty: the id in capitals
    citation: str
    description: str
    family: str
    kind: LawKind = "ordinance"
    evidence: tuple[Evidence, ...] = ()
    elements: ElementLists
    notes: dict[str, str] = msgspec.field(default_factory=dict)
    numbers: tuple[NumberEntry, ...] = ()


class KeyNumber(NumberEntry, frozen=True, kw_only=True):
    line: int = 0


@dataclass(frozen=True, slots=True)
class Law:
    """One enacted law or model bill: a column of the reference matrix."""

    id: str
    name: str
    short: str
    citation: str
    description: str
    family: str
    kind: str
    evidence: tuple[str, ...]
    present: frozenset[str]  # matrix Y and y
    unverified: frozenset[str]  # the y cells: present by background knowledge only
    partial: frozenset[str]  # P
    absent: frozenset[str]  # N: absent by design or not applicable
    notes: Mapping[str, str] = field(default_factory=dict)
    numbers: tuple[KeyNumber, ...] = ()
    file: str = ""
    line: int = 0

    def status(self, element: str) -> str:
        """present, unverified, partial, absent, or unknown (not found in the reference)."""
        if element in self.unverified:
            return "unverified"
        for name in ("present", "partial", "absent"):
            if element in getattr(self, name):
                return name
        return "unknown"

    def has(self, element: str) -> bool:
        """Whether the law has the element at all (in full or in part)."""
        return element in self.present or element in self.partial


def read_law(path: Path, problems: list[Problem]) -> Law | None:
    """Validate one law file; append its problems and return None if unusable."""
    data, found = load_yaml_file(path)
    problems.extend(found)
    if data is None:
        if not found:
            problems.append(Problem(str(path), 1, "the law file is empty; see the README "
                                    "section on reference laws for its keys"))
        return None
    file = str(path)
    raw_id = data.get("id") if isinstance(data, dict) else None
    what = f"law {raw_id!r}" if isinstance(raw_id, str) and raw_id else "law"
    checked = validate(data, LawFile, file, what)
    problems.extend(checked.problems)
    spec = checked.value
    if spec is None:
        return None
    start = len(problems)

    def error(line: int, message: str) -> None:
        problems.append(Problem(file, line, f"{what}: {message}"))

    if not _LAW_ID.match(spec.id):
        error(checked.line("id"), "ids use lower-case letters, digits and '-' (e.g. boston-16-62)")
    if not _LAW_ID.match(spec.family):
        error(checked.line("family"), f"family {spec.family!r} must be lower-case letters, "
              "digits and '-' (e.g. ccops)")
    lists = _element_lists(spec.elements, lambda name: checked.line("elements", name), error)
    notes = {}
    for key, note in spec.notes.items():
        if key in ELEMENTS:
            notes[key] = note
        else:
            error(checked.line("notes", key), f"notes key {key!r} is not an element id; "
                  "expected E01 to E50")
    numbers = []
    for i, entry in enumerate(spec.numbers):
        number = record(entry, KeyNumber, line=checked.line("numbers", i))
        numbers.append(number)
        value, line = number.value, checked.line("numbers", i, "value")
        if number.unit == "date":
            try:
                _dt.date.fromisoformat(str(value))
            except ValueError:
                error(line, f"a date value must be an ISO date like 2021-07-01, found {value!r}")
        elif not isinstance(value, (int, float)):
            error(line, f"value must be a number of {number.unit}, found {value!r}")
    if checked.problems or problems[start:]:
        return None
    return Law(
        id=spec.id, name=spec.name, short=spec.short or spec.id.upper(), citation=spec.citation,
        description=" ".join(spec.description.split()), family=spec.family, kind=spec.kind,
        evidence=spec.evidence, present=lists["present"], unverified=lists["unverified"],
        partial=lists["partial"], absent=lists["absent"], notes=notes, numbers=tuple(numbers),
        file=file, line=checked.line())


def _element_lists(elements: ElementLists, line_of: Callable[[str], int],
                   error: Callable[[int, str], None]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for name in _LISTS:
        ids: tuple[str, ...] = getattr(elements, name)
        line = line_of(name)
        seen: set[str] = set()
        for eid in ids:
            if eid not in ELEMENTS:
                error(line, f"elements.{name}: {eid!r} is not an element id; expected E01 to "
                      "E50 (reference §6)")
            elif eid in seen:
                error(line, f"elements.{name} lists {eid} twice")
            seen.add(eid)
        out[name] = frozenset(e for e in ids if e in ELEMENTS)
    for a, b in (("present", "partial"), ("present", "absent"), ("partial", "absent")):
        both = sorted(out[a] & out[b])
        if both:
            error(line_of(b), f"{', '.join(both)} listed as both {a} and {b}; keep each "
                  "element in one list")
    stray = sorted(out["unverified"] - out["present"])
    if stray:
        error(line_of("unverified"), f"unverified lists {', '.join(stray)}, which present does "
              "not; unverified marks present elements (matrix 'y')")
    return out


def load_laws(files: list[Path], laws: dict[str, Law], problems: list[Problem],
              unique: Callable[[str, str, Where], bool]) -> None:
    """Read each law file into ``laws`` (a later layer replaces an id).

    ``unique(kind, id, where)`` reports an id defined twice in the same layer.
    """
    from .library import Where

    for path in files:
        law = read_law(path, problems)
        if law is not None and unique("law", law.id, Where(law.file, law.line)):
            laws[law.id] = law
