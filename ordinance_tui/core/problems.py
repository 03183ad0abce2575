"""Problems found in input files: where, what, and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a file. ``line`` is 1-based, 0 when unknown."""

    file: str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


class InputError(Exception):
    """Input that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(InputError):
    """A command-line argument that names nothing usable (a seed, a law, a date).

    The command line exits with status 2 for it, as for any other usage error.
    """


def excerpt(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to about ``limit`` characters, for quoting bad input in a message.

    A message never echoes a whole value: a 50 MB answer or a file that was never meant to
    be read would otherwise be printed in full.
    """
    if isinstance(value, (list, tuple, dict, set)) and len(value) > limit:
        text = f"{type(value).__name__} of {len(value)} items"
        return text
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
