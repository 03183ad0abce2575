import pytest

from ordinance_tui.core import legalfmt
from ordinance_tui.core.numbering import format_number, letters, roman


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (1, "lower-letter", "a"), (26, "lower-letter", "z"), (27, "lower-letter", "aa"),
    (28, "upper-letter", "BB"), (4, "lower-roman", "iv"), (9, "upper-roman", "IX"),
    (14, "lower-roman", "xiv"), (12, "decimal", "12"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_roman_and_letters_are_consistent():
    assert [roman(i) for i in range(1, 11)] == ["i", "ii", "iii", "iv", "v", "vi", "vii",
                                                 "viii", "ix", "x"]
    assert letters(52) == "zz"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown number format"):
        format_number(1, "hebrew")


@pytest.mark.parametrize(("value", "expected"), [
    (30, "thirty (30) days"), (1, "one (1) day"), (120, "one hundred twenty (120) days"),
    (45, "forty-five (45) days"),
])
def test_days(value, expected):
    assert legalfmt.days(value) == expected


def test_money_lists_ordinals_dates():
    assert legalfmt.dollars(1000) == "$1,000"
    assert legalfmt.dollars(99.5) == "$99.50"
    assert legalfmt.comma_and(["a"]) == "a"
    assert legalfmt.comma_and(["a", "b"]) == "a and b"
    assert legalfmt.comma_and(["a", "b", "c"]) == "a, b and c"
    assert legalfmt.comma_or(["x", "y", "z"]) == "x, y or z"
    assert [legalfmt.ordinal(n) for n in (1, 2, 3, 12, 20, 21, 45)] == [
        "first", "second", "third", "twelfth", "twentieth", "twenty-first", "forty-fifth"]
    assert legalfmt.long_date("2027-07-04") == "July 4, 2027"
    assert legalfmt.number_words(1001) == "one thousand one"


def test_filters_refuse_bad_values():
    with pytest.raises(ValueError):
        legalfmt.days(2.5)
    with pytest.raises(ValueError):
        legalfmt.dollars("lots")
    with pytest.raises(ValueError, match="2027-01-31"):
        legalfmt.long_date("next week")
