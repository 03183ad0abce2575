"""Lists of section references are merged as a drafter would write them."""

from __future__ import annotations

from ordinance_tui.core.document import Ref, Text
from ordinance_tui.core.reflists import SectionName, merge_section_lists, plural

NAMES = {f"s{n}": SectionName("Section", str(n), n, False) for n in range(1, 10)}
NAMES["c1"] = SectionName("Section", "2.99.010", 20, True)


def ref(n: int | str) -> Ref:
    anchor = f"s{n}" if isinstance(n, int) else n
    name = NAMES[anchor]
    return Ref(anchor, anchor, f"{name.prefix} {name.number}")


def text(spans) -> str:
    return "".join(s.text for s in spans)


def test_consecutive_run_becomes_through():
    spans = [Text("See "), ref(3), Text(", "), ref(4), Text(", and "), ref(5), Text(".")]
    merged = merge_section_lists(spans, NAMES)
    assert text(merged) == "See Sections 3 through 5."
    assert [s.target for s in merged if isinstance(s, Ref)] == ["s3", "s5"]


def test_pairs_and_gaps_keep_each_number():
    assert text(merge_section_lists([ref(4), Text(" and "), ref(7)], NAMES)) == \
        "Sections 4 and 7"
    assert text(merge_section_lists([ref(2), Text(", "), ref(4), Text(", and "), ref(7)],
                                    NAMES)) == "Sections 2, 4 and 7"
    assert text(merge_section_lists([ref(4), Text(" or "), ref(5)], NAMES)) == "Sections 4 or 5"
    assert text(merge_section_lists([ref(2), Text(", "), ref(4), Text(", or "), ref(7)],
                                    NAMES)) == "Sections 2, 4 or 7"


def test_what_is_not_a_list_is_left_alone():
    alone = [ref(4), Text(", "), ref(5), Text(" apply.")]  # no "and"/"or": not a list
    assert merge_section_lists(alone, NAMES) == alone
    mixed = [ref(4), Text(" and "), ref("c1")]  # code section with plain section
    assert merge_section_lists(mixed, NAMES) == mixed
    sub = [Ref("s4", "s4--a", "Section 4(a)"), Text(" and "), ref(5)]
    assert merge_section_lists(sub, NAMES) == sub


def test_plurals():
    assert [plural(p) for p in ("Section", "§", "Sec.", "section")] == [
        "Sections", "§§", "Secs.", "sections"]
