"""Legal formatting filters for clause templates: days, dollars, lists, dates."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
         "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
             "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise ValueError(f"{what} needs a whole number, got {value!r}")
    return int(value)


def number_words(value: Any) -> str:
    """Spell a whole number from 0 to 999,999 in words: 45 -> "forty-five"."""
    n = _whole(value, "number_words")
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")
    return f"{n:,}"


def counted(value: Any, unit: str, plural: str | None = None) -> str:
    """"thirty (30) days": the number in words, then in figures, then the unit."""
    n = _whole(value, "a count")
    noun = unit if n == 1 else (plural or unit + "s")
    return f"{number_words(n)} ({n:,}) {noun}"


def days(value: Any) -> str:
    return counted(value, "day")


def months(value: Any) -> str:
    return counted(value, "month")


def years(value: Any) -> str:
    return counted(value, "year")


def dollars(value: Any) -> str:
    """$1,000 for whole amounts, $1,000.50 otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"dollars needs an amount, got {value!r}")
    if value == int(value):
        return f"${int(value):,}"
    return f"${value:,.2f}"


def _join(items: Iterable[Any], word: str) -> str:
    parts = [str(i) for i in items]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]} {word} {parts[1]}"
    return ", ".join(parts[:-1]) + f" {word} {parts[-1]}"


def comma_and(items: Iterable[Any]) -> str:
    """"a, b and c", "a and b", "a": no serial comma, as the library's prose writes lists."""
    return _join(items, "and")


def comma_or(items: Iterable[Any]) -> str:
    return _join(items, "or")


def ordinal(value: Any) -> str:
    """1 -> "first", 21 -> "twenty-first"; above 999,999: "1,000,001st"."""
    n = _whole(value, "ordinal")
    if n <= 0 or n >= 1_000_000:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n:,}{suffix}"
    words = number_words(n)
    splitter = "-" if "-" in words.split(" ")[-1] else " "
    head, sep, last = words.rpartition(splitter)
    if last in _ORDINALS:
        last = _ORDINALS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last = last + "th"
    return f"{head}{sep}{last}"


def parse_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"expected a date like 2027-01-31, got {value!r}") from None


def long_date(value: Any) -> str:
    """"2027-01-01" -> "January 1, 2027"."""
    d = parse_date(value)
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


FILTERS = {
    "number_words": number_words,
    "days": days,
    "months": months,
    "years": years,
    "dollars": dollars,
    "comma_and": comma_and,
    "comma_or": comma_or,
    "ordinal": ordinal,
    "long_date": long_date,
}
