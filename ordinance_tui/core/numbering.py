"""Numbers as data: the formats a style can name, and level formats from label templates.

A level format is a number format (``decimal``, ``lower-letter``, ``upper-letter``,
``lower-roman``, ``upper-roman``, ``decimal-zero``) and a pattern with one ``{}``
for the number ("({})", "Section {}.", "2.99.{}0"). The assembler stores one per
level in the ``Ordinance`` and one on every numbered node, so that exporters
translate numbers (into Word numbering definitions, HTML lists ...) instead of
reading them back out of printed labels.
"""

from __future__ import annotations

import string

FORMATS = ("decimal", "lower-letter", "upper-letter", "lower-roman", "upper-roman",
           "decimal-zero")

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
    if fmt == "decimal-zero":
        return f"{n:02d}"
    raise ValueError(f"unknown number format {fmt!r}")


def label_format(template: str, *, step: int = 1, **fixed: object) -> tuple[str, str] | None:
    """(format, pattern) that prints ``template.format(n=k * step, **fixed)`` for every k.

    ``template`` is a style's label, e.g. "Section {n}." or "{chapter}.{n:03d}" (code
    sections count by ``step`` = 10: 2.99.010, 2.99.020 ...). None when no format
    and pattern can print it (a field other than ``n`` and ``fixed``, an unusual
    format spec): then the label is printed as it is.
    """
    pattern: list[str] = []
    fmt = ""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, name, spec, conversion in parsed:
        pattern.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if conversion:
            return None
        if name != "n":
            if name not in fixed:
                return None
            try:
                value = format(fixed[name], spec or "")
            except ValueError:
                return None
            pattern.append(value.replace("{", "{{").replace("}", "}}"))
            continue
        if fmt:
            return None  # the number twice
        width = _zero_width(spec or "")
        if width is None:
            return None
        if str(step).rstrip("0") != "1":
            return None  # only 1, 10, 100 ... print as a number followed by zeros
        zeros = len(str(step)) - 1
        width -= zeros  # 10k printed 0Nd is k printed 0(N-1)d, then "0"
        if width <= 1:
            fmt = "decimal"
        elif width == 2:
            fmt = "decimal-zero"
        else:
            return None
        pattern.append("{}" + "0" * zeros)
    return (fmt, "".join(pattern)) if fmt else None


def _zero_width(spec: str) -> int | None:
    """The zero-padded width a spec asks for ("" -> 0, "03d" -> 3), None for others."""
    if spec in ("", "d"):
        return 0
    body = spec[:-1] if spec.endswith("d") else spec
    if body.startswith("0") and body[1:].isdigit():
        return int(body[1:])
    return None
