"""Numbers as data: the formats a style can name, and level formats from label templates.

A level format is a number format (``decimal``, ``lower-letter``, ``upper-letter``,
``lower-roman``, ``upper-roman``, ``decimal-zero``) and a pattern with one ``{}``
for the number ("({})", "Section {}.", "2.99.{}0"). The assembler stores one per
level in the ``Ordinance`` and one on every numbered node, so that exporters
translate numbers (into Word numbering definitions, HTML lists ...) instead of
reading them back out of printed labels.

Code sections are numbered as codes number them (``code_template``): the chapter,
a separator and the section number, zero-padded, counted from a start by a step
("2.95.010", "2.95.020"; "§ 112-1", "§ 112-2"). ``bind_signs`` puts a
non-breaking space between "§" or "Sec." and the number after it, so that the
sign never ends a line alone.
"""

from __future__ import annotations

import re
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


def label_format(template: str, *, step: int = 1, start: int | None = None,
                 **fixed: object) -> tuple[str, str] | None:
    """(format, pattern) that prints ``template.format(n=k * step, **fixed)`` for every k.

    ``template`` is a style's label, e.g. "Section {n}." or "{chapter}.{n:03d}" (code
    sections may count by ``step`` = 10: 2.99.010, 2.99.020 ...). None when no format
    and pattern can print it (a field other than ``n`` and ``fixed``, an unusual
    format spec, a ``start`` other than ``step``): then the label is printed as it is.
    """
    if start is not None and start != step:
        return None  # Word counts 1, 2, 3 ...: only k * step is a printed counter
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


NBSP = "\u00a0"
# "§", "§§", "Sec.", "SEC.", "Secs." followed by a space and a number (or a field).
_SIGN_SPACE = re.compile(r"(?<![^\s(\[])(§§?|SECS?\.|[Ss]ecs?\.) +(?=[\w{])")


def bind_signs(text: str) -> str:
    """``text`` with a non-breaking space between "§" or "Sec." and the number after it."""
    return _SIGN_SPACE.sub(lambda m: m.group(1) + NBSP, text)


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def code_template(pattern: str, *, chapter: str, separator: str, width: int,
                  period: bool = False) -> str:
    """A code label or reference pattern as a template whose only field is ``{n}``.

    ``{number}`` in ``pattern`` becomes the chapter, the separator and ``{n}``
    zero-padded to ``width`` digits ("2.95" "." "010"; a format spec on it is not
    used); ``{chapter}`` becomes the chapter; ``period`` adds "." after the whole
    label unless it ends with one. The result is what
    ``str.format(n=...)`` prints and what ``label_format`` translates.
    """
    out: list[str] = []
    for literal, name, spec, _ in string.Formatter().parse(pattern):
        out.append(_escape(literal))
        if name is None:
            continue
        if name == "number":
            out.append(_escape(chapter + separator) + (f"{{n:0{width}d}}" if width > 1 else "{n}"))
        elif name == "chapter":
            try:
                out.append(_escape(format(chapter, spec or "")))
            except ValueError:  # a number format on a chapter that is text ("19B")
                out.append(_escape(chapter))
        else:
            out.append("{" + name + (":" + spec if spec else "") + "}")
    if period and not "".join(out).endswith("."):
        out.append(".")
    return "".join(out)


def kept_label(pattern: str, *, number: str, chapter: str, period: bool = False) -> str:
    """A code label or reference pattern printed with a kept ``number`` ("9.70.045") for
    ``{number}`` and the chapter for ``{chapter}``; ``period`` as in ``code_template``."""
    out: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(pattern):
        out.append(literal)
        if name == "number":
            out.append(number)
        elif name == "chapter":
            out.append(chapter)
    text = "".join(out)
    return text + "." if period and not text.endswith(".") else text


_LAST_NUMBER = re.compile(r"^(.*?)(\d+)([A-Za-z]*)$")


def insert_number(before: str, after: str, step: int = 1) -> str:
    """The code's number for a section inserted between the sections numbered ``before`` and
    ``after`` (either may be empty: at the start or the end of the chapter).

    Codes insert rather than renumber: the next free number after ``before`` by ``step``
    when it is below ``after`` ("9.70.020", "9.70.040" -> "9.70.030"), else the number
    halfway between ("9.70.040", "9.70.050" -> "9.70.045"), else ``before`` and ".1"
    ("9.70.045", "9.70.046" -> "9.70.045.1"). After the last one: the next by ``step``
    ("9.70.170" -> "9.70.180"); before the first, half of it ("9.70.010" -> "9.70.005").
    """
    step = max(step, 1)
    low = _LAST_NUMBER.match(before) if before else None
    high = _LAST_NUMBER.match(after) if after else None
    if low is None and high is None:
        return before + ".1" if before else str(step)
    if low is not None and (high is None or high.group(1) != low.group(1)):
        if low.group(3):  # "19B.2A": the letter goes on ("19B.2B")
            return low.group(1) + low.group(2) + chr(ord(low.group(3)[-1]) + 1)
        return low.group(1) + _padded(int(low.group(2)) + step, low.group(2))
    assert high is not None
    top = int(high.group(2))
    if low is None:
        return high.group(1) + _padded(top // 2, high.group(2)) if top > 1 else after + ".0"
    bottom = int(low.group(2))
    if not low.group(3):
        for candidate in (bottom + step, (bottom + top) // 2):
            if bottom < candidate < top:
                return low.group(1) + _padded(candidate, low.group(2))
    return before + ".1"


def _padded(n: int, like: str) -> str:
    """``n`` zero-padded to the width of ``like`` when ``like`` is zero-padded ("040")."""
    return str(n).zfill(len(like)) if like.startswith("0") or len(like) > len(str(n)) else str(n)


def fill_numbers(kept: list[str], step: int = 1) -> list[str]:
    """Numbers for a chapter's sections in order: each kept number as it is, each empty one
    by ``insert_number`` between the number before it and the next kept one."""
    out: list[str] = []
    for i, number in enumerate(kept):
        if number:
            out.append(number)
            continue
        after = next((n for n in kept[i + 1:] if n), "")
        out.append(insert_number(out[-1] if out else "", after, step))
    return out
