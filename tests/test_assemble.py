"""Assembly: numbering schemes, references, definitions, codified mode, determinism."""

from __future__ import annotations

import dataclasses

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Paragraph, Ref, TermDef
from ordinance_tui.core.draft import Draft
from ordinance_tui.export.text import render_text

from .conftest import TODAY, seed_draft


def refs(ordinance):
    found = []
    for section in ordinance.all_sections():
        for para in section.paragraphs():
            found += [(section.clause_id, s) for s in para.inlines if isinstance(s, Ref)]
    return found


def test_sections_are_numbered_in_part_order(lib):
    ordinance = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    labels = [(s.label, s.clause_id) for s in ordinance.sections]
    assert labels == [("Section 1.", "title.short"), ("Section 2.", "definitions"),
                      ("Section 3.", "main.ban"), ("Section 4.", "main.exceptions"),
                      ("Section 5.", "main.enforcement"), ("Section 6.", "general.severability"),
                      ("Section 7.", "general.effective")]


def test_subsections_nest_with_markers(lib):
    ordinance = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    exceptions = ordinance.find("main.exceptions")
    subs = [(s.level, s.marker, "".join(s.path)) for s in exceptions.walk()]
    assert subs == [(0, "(a)", "(a)"), (0, "(b)", "(b)"), (1, "(1)", "(b)(1)"),
                    (1, "(2)", "(b)(2)"), (0, "(c)", "(c)")]
    assert isinstance(exceptions.blocks[0], Paragraph)


def test_references_resolve_across_and_within_sections(lib):
    ordinance = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    texts = {(cid, r.target): r.text for cid, r in refs(ordinance)}
    assert texts[("main.ban", "main.exceptions#unsolicited")] == "Section 4(b)"
    assert texts[("main.ban", "main.ban#use")] == "subsection (a) of this section"
    assert texts[("main.enforcement", "main.ban")] == "Section 3"
    assert all(r.resolved and r.anchor for _, r in refs(ordinance))


def test_reference_follows_renumbering(lib):
    draft = seed_draft(lib, "ban").with_answer("exceptions", ["unsolicited"])
    ordinance = assemble(lib, draft, today=TODAY)
    texts = {r.target: r.text for _, r in refs(ordinance)}
    assert texts["main.exceptions#unsolicited"] == "Section 4(a)"


def test_excluded_target_is_flagged_not_blank(lib):
    draft = seed_draft(lib, "ban").with_excluded("main.exceptions", True)
    ordinance = assemble(lib, draft, today=TODAY)
    broken = [r for _, r in refs(ordinance) if not r.resolved]
    assert broken and broken[0].text == "[missing reference: main.exceptions#unsolicited]"
    assert any("main.exceptions#unsolicited" in p for p in ordinance.problems)


def test_definitions_are_exactly_the_used_terms_transitively_alphabetical(lib):
    ordinance = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    section = ordinance.find("definitions")
    terms = [s.label for s in section.walk()]
    # "Official" is used directly and through "Face Surveillance"; "Surveillance
    # Technology" is defined in the library but unused, so it is absent.
    assert terms == ["Face Surveillance", "Official"]
    first = section.blocks[1].content.inlines
    assert isinstance(first[1], TermDef) and first[1].term == "Face Surveillance"


def test_process_path_uses_other_terms_and_codified_numbers(lib):
    ordinance = assemble(lib, seed_draft(lib, "process"), today=TODAY)
    assert ordinance.codified
    first = ordinance.sections[0]
    assert first.label == "Section 1." and first.heading.startswith("Addition of Chapter 2.99")
    assert [s.label for s in first.sections][:3] == ["2.99.010", "2.99.020", "2.99.030"]
    assert [s.label for s in ordinance.sections[1:]] == ["Section 2.", "Section 3."]
    texts = {r.target: r.text for _, r in refs(ordinance)}
    assert texts["main.process"] == "Section 2.99.030"
    text = " ".join(render_text(ordinance).split())
    assert "fifteen (15) days before the hearing" in text
    assert "Surveillance Technology" in [s.label for s in ordinance.find("definitions").walk()]


def test_state_style_scheme_and_section_sign(lib):
    draft = dataclasses.replace(seed_draft(lib, "ban")).with_jurisdiction(
        kind="state", style="state", name="Columbia")
    ordinance = assemble(lib, draft, today=TODAY)
    assert ordinance.sections[0].label == "§\u00a01."  # the sign bound to its number
    exceptions = ordinance.find("main.exceptions")
    assert [s.marker for s in exceptions.walk()] == ["1.", "2.", "(a)", "(b)", "3."]
    texts = {r.target: r.text for _, r in refs(ordinance)}
    assert texts["main.exceptions#unsolicited"] == "section 4(2)"
    assert ordinance.enacting_clause == "Be it enacted by the People of the State of Columbia:"


def test_answers_are_values_never_templates(lib):
    draft = seed_draft(lib, "ban").with_jurisdiction(name="{{ 7 * 7 }} {% raw %}",
                                                     short_title="{{ evil }}")
    ordinance = assemble(lib, draft, today=TODAY)
    text = render_text(ordinance)
    assert "the City of {{ 7 * 7 }} {% raw %}" in text
    assert "{{ evil }}" in text and "49" not in text


def test_control_characters_and_sentinels_in_answers_are_cleaned(lib):
    draft = seed_draft(lib, "ban").with_jurisdiction(name="River\x00ton\ue000X\ue001Y\ue002")
    ordinance = assemble(lib, draft, today=TODAY)
    assert "the City of RivertonXY" in render_text(ordinance)
    assert "Official" in ordinance.terms_used and "X" not in ordinance.terms_used


def test_long_title_composes_purposes_and_recitals_are_framed(lib):
    ordinance = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    assert ordinance.long_title == ("An ordinance of the City of Riverton to prohibit the use "
                                    "of face surveillance.")
    assert ordinance.recitals[0].content.plain.startswith("WHEREAS, face recognition")
    assert ordinance.recitals[0].content.plain.endswith(";")
    # "NOW, THEREFORE," never stands alone: it opens the enacting clause's paragraph.
    assert ordinance.recitals_outro == ""
    assert ordinance.enacting_clause.startswith("NOW, THEREFORE, the City Council of the City")


def test_override_replaces_text_and_renders_in_sandbox(lib):
    draft = seed_draft(lib, "ban").with_override(
        "general.severability", "Each part of this {{ instrument }} stands alone.\n- First.")
    ordinance = assemble(lib, draft, today=TODAY)
    section = ordinance.find("general.severability")
    assert section.overridden
    assert section.blocks[0].plain == "Each part of this ordinance stands alone."
    assert section.blocks[1].marker == "(a)"


def test_same_draft_gives_equal_trees(lib):
    draft = seed_draft(lib, "process")
    assert assemble(lib, draft, today=TODAY) == assemble(lib, draft, today=TODAY)


def test_missing_answers_take_defaults(lib):
    ordinance = assemble(lib, Draft(), today=TODAY)
    assert ordinance.find("main.ban") is not None  # default approach is "ban"
    assert "$1,000" in render_text(ordinance)


def test_page_size_and_line_numbers_come_from_the_draft_over_the_style(lib):
    plain = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    assert (plain.page.size, plain.page.line_numbers) == ("letter", False)
    draft = seed_draft(lib, "ban").with_jurisdiction(page_size="a4", line_numbers=True)
    page = assemble(lib, draft, today=TODAY).page
    assert (page.size, page.line_numbers, page.font) == ("a4", True, plain.page.font)
