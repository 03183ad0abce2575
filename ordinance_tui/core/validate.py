"""Validate loaded YAML into a msgspec model; every problem named with its file and line.

``validate(data, Model, file, what)`` converts one parsed file (or one part of
it) with ``msgspec.convert``. The model is the only statement of what the file
may say; msgspec's error names the offending place as a path such as
``$.sources[0].cite``, which is walked through the loaded data (yamlio's
mappings keep the line of each key from the YAML node marks) to its line.

msgspec stops at the first error. So that one run reports every problem, the
offending part is taken out of a copy of the data (an unknown key, a value of
the wrong type, or the item that lacks a required key) and the data is
converted again, until it converts. Three shorthands the files have always
allowed are read, not reported: a number where text is expected is that text,
one text where a list of texts is expected is a one-item list, and a value
where a mapping with one required key is expected fills that key (``choices:
[30, 60]``). A key given as nothing (``title:``) counts as absent.

An open enumeration (a ``str`` subclass with ``names()``, such as a question's
type, whose names a registry holds) is checked as a ``Literal`` would be.

The happy path is a single ``msgspec.convert`` call; all of the above runs only
for a file that has an error.
"""

from __future__ import annotations

import copy
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, Union, get_args, get_origin

import msgspec

from .problems import Problem

T = TypeVar("T")
Path = tuple[str | int, ...]

_AT = re.compile(r"^(?P<text>.*?)(?: - at `(?P<path>[^`]*)`(?: in `(?P<inside>[^`]*)`)?)?$",
                 re.S)
_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[(\.\.\.)\]")
_EXPECTED = re.compile(r"^Expected `(?P<expected>[^`]*)`(?P<rest>.*?), got `(?P<got>[^`]*)`")
_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
          "array": "a list", "object": "a mapping", "null": "nothing"}
_LABELS = ("id", "term", "name", "value")
_MSGSPEC_NAMES = {int: "int", float: "float", bool: "bool", list: "array", dict: "object",
                  type(None): "null"}
_MAX_ROUNDS = 500


def type_name(value: Any) -> str:
    """How a problem names the kind of value a file gave."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dict):
        return "a mapping"
    return {list: "a list", str: "text", int: "a whole number", float: "a number"}.get(
        type(value), type(value).__name__)


def line_at(data: Any, path: Sequence[str | int], fallback: int = 1) -> int:
    """The line of the key or item at ``path`` in loaded YAML (its parent's when unknown)."""
    line = getattr(data, "line", 0) or fallback
    node = data
    for segment in path:
        if isinstance(node, dict) and segment in node:
            line_of = getattr(node, "line_of", None)
            line = (line_of(segment) if line_of is not None else 0) or line
            node = node[segment]
        elif isinstance(node, list) and isinstance(segment, int) and segment < len(node):
            node = node[segment]
            line = getattr(node, "line", 0) or line
        else:
            break
    return line


def _get(data: Any, path: Sequence[str | int]) -> Any:
    for segment in path:
        data = data[segment]
    return data


@dataclass
class Validated(Generic[T]):
    """The converted value (None when the whole part was unusable), the data that
    converted (with the offending parts taken out) and the problems found."""

    value: T | None
    data: Any
    problems: list[Problem]
    # For each list the rounds shortened (by id; the list is kept so that its id stays
    # its own), the index in the file of each item left.
    _origins: dict[int, tuple[list[Any], list[int]]] = field(default_factory=dict, repr=False)

    def line(self, *path: str | int, fallback: int = 1) -> int:
        return line_at(self.data, path, fallback)

    def position(self, items: list[Any], index: int) -> int:
        """The index that item ``index`` of ``items`` (a list in ``data``) had in the file."""
        origin = self._origins.get(id(items))
        return origin[1][index] if origin is not None else index


def validate(data: Any, model: type[T], file: str, what: str = "", *, lenient: bool = False,
             line: int = 1) -> Validated[T]:
    """Convert ``data`` to ``model``, reporting each problem with ``file`` and its line.

    ``what`` names the part in messages ("clause 'x'"); ``line`` is used where the data
    has none (a file whose top is not a mapping). ``lenient`` makes the problems warnings
    that say what was done instead (a draft with a bad field still opens).
    """
    try:
        return Validated(msgspec.convert(data, model, dec_hook=_decode), data, [])
    except msgspec.ValidationError:
        pass
    return _Repair(data, model, file, what, lenient, line).run()


@dataclass
class _Repair:
    """Convert again and again, reporting and taking out one offending part each round."""

    data: Any
    model: Any
    file: str
    what: str
    lenient: bool
    line: int
    problems: list[Problem] = field(default_factory=list)
    removed: set[Path] = field(default_factory=set)  # taken out, and reported
    origins: dict[int, tuple[list[Any], list[int]]] = field(default_factory=dict)

    def run(self) -> Validated[Any]:
        for _ in range(_MAX_ROUNDS):
            try:
                value: Any = msgspec.convert(self.data, self.model, dec_hook=_decode)
            except msgspec.ValidationError as exc:
                if not self.handle(str(exc)):
                    return self.result(None)
                continue
            return self.result(value)
        return self.result(None)  # pragma: no cover - each round takes something out

    def result(self, value: Any) -> Validated[Any]:
        return Validated(value, self.data, self.problems, self.origins)

    # -- one error ---------------------------------------------------------------
    def handle(self, message: str) -> bool:
        """Report and repair one error; False when nothing can be taken out."""
        path, text = self.locate(message)
        if text.startswith("Object contains unknown field `"):
            key = text.split("`")[1]
            names = ", ".join(sorted(_field_names(self.type_at(path))))
            self.report(path + (key,), path,
                        f"unknown field {key!r} is ignored" if self.lenient else
                        f"unknown key {key!r}; expected one of {names}")
            return self.remove(path + (key,))
        if text.startswith("Object missing required field `"):
            here = _get(self.data, path)
            model = self.type_at(path)
            for name in _required(model) or [text.split("`")[1]]:
                if name not in here and path + (name,) not in self.removed:
                    self.report(path, path, f"missing required key {name!r}")
            return self.remove(path)
        found = _get(self.data, path) if path else self.data
        expected = _EXPECTED.match(text)
        if expected is not None and self.shorthand(path, found, expected["expected"]):
            return True
        if found is None and path and isinstance(path[-1], str):
            return self.remove(path, silently=True)  # "key:" with nothing is no key
        self.report(path, path[:-1], self.wrong(path, found, text, expected))
        return self.remove(path)

    def locate(self, message: str) -> tuple[Path, str]:
        """The path and text of msgspec's message; ``[...]`` (a dict's key) resolved."""
        match = _AT.match(message)
        assert match is not None
        text, where = match["text"], match["inside"] or match["path"] or "$"
        path: list[str | int] = []
        for name, index, hidden in _SEGMENT.findall(where[1:]):
            if hidden:
                return self.locate_key(tuple(path), message)
            path.append(int(index) if index else name)
        return tuple(path), text

    def locate_key(self, path: Path, message: str) -> tuple[Path, str]:
        values = self.type_at(path)
        value_type = get_args(values)[1] if get_origin(values) is dict else Any
        for key, value in _get(self.data, path).items():
            try:
                msgspec.convert(value, value_type, dec_hook=_decode)
            except msgspec.ValidationError as exc:
                sub = _Repair(value, value_type, self.file, "", self.lenient, self.line)
                inner, text = sub.locate(str(exc))
                return path + (key,) + inner, text
        found = _AT.match(message)
        return path, found["text"] if found else message

    def wrong(self, path: Path, found: Any, text: str,
              expected: re.Match[str] | None) -> str:
        """The message for a value that is not what the model expects."""
        key = path[-1] if path else None
        if text.startswith("Invalid enum value"):
            values = [v for member in _members(self.type_at(path)) for v in _enum_values(member)]
            listed = ", ".join(str(v) for v in values)
            name = f"entry {self.original(path) + 1}" if isinstance(key, int) else key
            return f"{name} must be one of {listed}, found {found!r}"
        if expected is not None:
            words = _words(expected["expected"]) + _backticks(expected["rest"])
            if key is None:
                return f"expected {words}, found {type_name(found)}"
            if isinstance(key, int):
                return f"entry {self.original(path) + 1} must be {words}, found " \
                       f"{type_name(found)}"
            return f"{key!r} must be {words}, found {type_name(found)}"
        said = _backticks(text)
        said = said[:1].lower() + said[1:]
        return f"{key!r}: {said}" if key is not None else said

    def shorthand(self, path: Path, found: Any, expected: str) -> bool:
        """Read the shorthands the module docstring lists; True if one applied."""
        alternatives = expected.split(" | ")
        if isinstance(found, (int, float)) and not isinstance(found, bool) \
                and "str" in alternatives:
            return self.put(path, str(found))
        target = _members(self.type_at(path))
        if "array" in alternatives and isinstance(found, str) and any(
                _is_text_list(member) for member in target):
            return self.put(path, [found])
        if "object" in alternatives and isinstance(found, (str, int, float)) \
                and not isinstance(found, bool):
            for member in target:
                required = _required(member)
                if len(required) == 1:
                    return self.put(path, {required[0]: found})
        return False

    # -- reporting and repairing -------------------------------------------------
    def report(self, at: Path, context: Path, message: str) -> None:
        prefix = self.describe(context)
        if self.lenient and not message.endswith("ignored"):
            message += "; skipped" if at and not self.has_default(at) else "; using the default"
        self.problems.append(Problem(self.file, line_at(self.data, at, self.line),
                                     f"{prefix}: {message}" if prefix else message,
                                     "warning" if self.lenient else "error"))

    def describe(self, context: Path) -> str:
        """Where in the file: ``what``, then each list item by its id or number, and keys."""
        parts = [self.what] if self.what else []
        node = self.data
        for i, segment in enumerate(context):
            node = node[segment] if segment in _keys(node) else None
            following = context[i + 1] if i + 1 < len(context) else None
            if isinstance(segment, int):
                continue
            if isinstance(following, int) and isinstance(node, list):
                item = node[following] if following < len(node) else None
                label = next((repr(item[k]) for k in _LABELS if isinstance(item, dict)
                              and isinstance(item.get(k), str) and item[k]), None)
                singular = segment[:-1] if segment.endswith("s") else segment
                number = self.original(context[:i + 2]) + 1
                parts.append(f"{singular} {label or f'#{number}'}")
            else:
                parts.append(segment)
        return ": ".join(parts)

    def original(self, path: Path) -> int:
        """The index in the file of the item at ``path`` (lists shrink as items go)."""
        index = path[-1]
        assert isinstance(index, int)
        items = _get(self.data, path[:-1])
        origin = self.origins.get(id(items))
        return origin[1][index] if origin is not None else index

    def has_default(self, path: Path) -> bool:
        parent = self.type_at(path[:-1])
        return isinstance(path[-1], str) and any(
            isinstance(member, type) and issubclass(member, msgspec.Struct)
            and path[-1] not in _required(member) for member in _members(parent))

    def put(self, path: Path, value: Any) -> bool:
        self.data = self.rebuilt(self.data, path, lambda container, key: container.__setitem__(
            key, value))
        return True

    def remove(self, path: Path, silently: bool = False) -> bool:
        """Take out the key or item at ``path``; False for the whole document."""
        if not path:
            return False
        if not silently:
            self.removed.add(path)
        self.data = self.rebuilt(self.data, path, self.delete)
        return True

    def delete(self, container: Any, key: str | int) -> None:
        if isinstance(container, list):
            assert isinstance(key, int)
            del self.origins[id(container)][1][key]
        del container[key]

    def rebuilt(self, node: Any, path: Path, change: Any) -> Any:
        """A copy of ``node`` with ``change(container, key)`` applied at ``path``; only
        the containers on the path are copied (mappings keep their lines)."""
        new = copy.copy(node)
        if isinstance(node, list):
            _, origin = self.origins.pop(id(node), (node, list(range(len(node)))))
            self.origins[id(new)] = (new, origin)
        head = path[0]
        if len(path) == 1:
            change(new, head)
        else:
            new[head] = self.rebuilt(node[head], path[1:], change)
        return new

    def type_at(self, path: Path) -> Any:
        """The model's type for the value at ``path`` (Any where it cannot tell)."""
        kind: Any = self.model
        node = self.data
        for segment in path:
            kind = _child(kind, segment, node)
            node = node[segment] if segment in _keys(node) else None
        return kind


def _decode(kind: type, value: Any) -> Any:
    """msgspec's hook for the models' own types: an open enumeration (a ``str`` subclass
    whose ``names()`` lists the allowed values, such as ``qtypes.QuestionTypeName``)
    fails as a ``Literal`` would, so its message and line are the same."""
    names = getattr(kind, "names", None)
    if not (issubclass(kind, str) and callable(names)):
        raise TypeError(f"Unsupported type `{kind.__name__}`")
    if not isinstance(value, str):
        raise TypeError(f"Expected `str`, got `{_MSGSPEC_NAMES.get(type(value), 'object')}`")
    if value not in names():
        raise ValueError(f"Invalid enum value {value!r}")
    return kind(value)


def _enum_values(kind: Any) -> tuple[Any, ...]:
    """The values a ``Literal`` or an open enumeration allows (none for other types)."""
    if get_origin(kind) is Literal:
        return get_args(kind)
    names = getattr(kind, "names", None)
    if isinstance(kind, type) and issubclass(kind, str) and callable(names):
        return tuple(names())
    return ()


def _keys(node: Any) -> Any:
    if isinstance(node, dict):
        return node
    if isinstance(node, list):
        return range(len(node))
    return ()


def _members(kind: Any) -> list[Any]:
    """The alternatives of a union (one for any other type), ``Annotated`` removed."""
    origin = get_origin(kind)
    if origin is typing.Annotated:
        return _members(get_args(kind)[0])
    if origin is Union or origin is types.UnionType:
        return [m for arg in get_args(kind) for m in _members(arg)]
    return [kind]


def _child(kind: Any, segment: str | int, node: Any) -> Any:
    for member in _members(kind):
        if isinstance(member, type) and issubclass(member, msgspec.Struct):
            if isinstance(node, dict):
                for info in msgspec.structs.fields(member):
                    if info.encode_name == segment:
                        return info.type
            continue
        origin, args = get_origin(member), get_args(member)
        if origin is dict and isinstance(node, dict):
            return args[1]
        if origin in (list, set, frozenset) and isinstance(node, list):
            return args[0]
        if origin is tuple and isinstance(node, list) and args:
            if len(args) == 2 and args[1] is Ellipsis:
                return args[0]
            if isinstance(segment, int) and segment < len(args):
                return args[segment]
    return Any


def _field_names(kind: Any) -> list[str]:
    return [info.encode_name for member in _members(kind)
            if isinstance(member, type) and issubclass(member, msgspec.Struct)
            for info in msgspec.structs.fields(member)]


def _required(kind: Any) -> list[str]:
    for member in _members(kind):
        if isinstance(member, type) and issubclass(member, msgspec.Struct):
            return [info.encode_name for info in msgspec.structs.fields(member) if info.required]
    return []


def _is_text_list(kind: Any) -> bool:
    origin, args = get_origin(kind), get_args(kind)
    return origin in (list, tuple, set, frozenset) and bool(args) and args[0] is str


def _words(expected: str) -> str:
    names = [name for name in expected.split(" | ") if name != "null"]
    return " or ".join(_WORDS.get(name, name) for name in names) or "nothing"


def _backticks(text: str) -> str:
    return re.sub(r"`([^`]*)`", lambda m: _words(m[1]), text)
