"""Small typed readers for YAML mappings that report file, line and expectation.

A ``Reader`` wraps one mapping: it rejects keys it does not know, and each
getter checks one field's type, recording a ``Problem`` (never raising) so a
whole library can be checked in one run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .problems import Problem
from .yamlio import LineDict

_MISSING: Any = object()


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", LineDict: "a mapping", list: "a list", str: "text",
            bool: "yes/no", int: "a whole number", float: "a number"}.get(
        type(value), type(value).__name__)


class Reader:
    def __init__(self, data: Any, file: str, what: str, problems: list[Problem],
                 line: int = 0, allowed: Iterable[str] = ()) -> None:
        self.file = file
        self.what = what
        self.problems = problems
        self.ok = isinstance(data, dict)
        self.data: dict[str, Any] = data if self.ok else {}
        self.line = getattr(data, "line", 0) or line
        if not self.ok:
            self.error(self.line, f"{what}: expected a mapping of keys to values, "
                                  f"found {_type_name(data)}")
        allowed = set(allowed)
        if allowed:
            for key in self.data:
                if key not in allowed:
                    self.error(self.line_of(key),
                               f"{what}: unknown key {key!r}; expected one of "
                               f"{', '.join(sorted(allowed))}")

    def line_of(self, key: str) -> int:
        if isinstance(self.data, LineDict):
            return self.data.line_of(key)
        return self.line

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.data or self.data[key] is None:
            if required and self.ok:
                self.error(self.line, f"{self.what}: missing required key {key!r}")
            return _MISSING
        return self.data[key]

    def _bad(self, key: str, expected: str) -> None:
        self.error(self.line_of(key), f"{self.what}: {key!r} must be {expected}, "
                                      f"found {_type_name(self.data[key])}")

    def str(self, key: str, default: str = "", required: bool = False) -> str:
        value = self._get(key, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self._bad(key, "text")
            return default
        return str(value)

    def int(self, key: str, default: int = 0, required: bool = False) -> int:
        value = self._get(key, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(key, "a whole number")
            return default
        return value

    def number(self, key: str, default: float | None = None) -> float | None:
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._bad(key, "a number")
            return default
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self._bad(key, "true or false")
            return default
        return value

    def str_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is _MISSING:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(
                isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            self._bad(key, "a list of text items")
            return ()
        return tuple(str(v) for v in value)

    def list(self, key: str, required: bool = False) -> list[Any]:
        value = self._get(key, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._bad(key, "a list")
            return []
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self._get(key, False)
        if value is _MISSING:
            return {}
        if not isinstance(value, dict):
            self._bad(key, "a mapping")
            return {}
        return value

    def raw(self, key: str, default: Any = None) -> Any:
        value = self._get(key, False)
        return default if value is _MISSING else value


def item_line(items: list[Any], index: int, fallback: int) -> int:
    """Line of the ``index``-th item of a YAML list (mapping items know their line)."""
    item = items[index]
    return getattr(item, "line", 0) or fallback
