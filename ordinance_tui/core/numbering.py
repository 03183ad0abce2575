"""Subsection markers: (a), (1), (A), (i) and the other schemes a style can name."""

from __future__ import annotations

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa, 28 -> bb (the legal convention, not spreadsheet columns)."""
    cycle, index = divmod(n - 1, 26)
    return chr(ord("a") + index) * (cycle + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "decimal":
        return str(n)
    if fmt == "lower-letter":
        return letters(n)
    if fmt == "upper-letter":
        return letters(n).upper()
    if fmt == "lower-roman":
        return roman(n)
    if fmt == "upper-roman":
        return roman(n).upper()
    raise ValueError(f"unknown number format {fmt!r}")
