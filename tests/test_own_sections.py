"""The drafter's own sections and definitions, plain text, and overrides that cannot vanish.

A section the drafter adds (``clauses: add:``) and a term they define (``definitions:
add:``) are numbered, cross-referenced, defined, linted, covered, redlined and exported
like the library's; their text is plain (``core.plaintext``), never a template; and no
answer change, exclusion or save loses them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.coverage import coverage_rows
from ordinance_tui.core.document import Ordinance, Paragraph, Ref, Section, TermUse
from ordinance_tui.core.draft import (
    Draft,
    OwnSection,
    Revision,
    draft_text,
    load_draft,
    parse_draft,
    save_draft,
)
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint
from ordinance_tui.core.plaintext import compile_plain, references, section_plain, terms_typed
from ordinance_tui.core.redline import DELETE, INSERT, compare_drafts
from ordinance_tui.core.templating import clean_answer, clean_text
from ordinance_tui.export.docx import render_docx
from ordinance_tui.export.html import render_html
from ordinance_tui.export.markdown import render_markdown
from ordinance_tui.export.text import render_text
from ordinance_tui.tui.session import DraftSession

from . import docx_text
from .conftest import TODAY, seed_draft
from .test_properties import BUILTIN, drafts

SEEDS = Path(__file__).parent.parent / "seeds" / "drafts"
CELL_SITE = OwnSection(
    id="own.cell-site", heading="Prohibition of cell-site simulators",
    after="prohibitions.face-ban", purpose="prohibit the use of cell-site simulators",
    elements=("E29",), note="Pittsburgh (2020) bans these devices as well.",
    text=("No Official may use a Cell-Site Simulator, except as [[exceptions.redaction]] "
          "allows:\n"
          "- within [[answer:notice_days|days]] after a court order; or\n"
          "  - when [[prohibitions.face-ban#(a)]] does not apply; and\n"
          "- never {{ as a template }} {% if x %}."))


def face_ban(builtin: Library) -> Draft:
    return seed_draft(builtin, "face-ban").with_jurisdiction(codified=False)


def with_cell_site(draft: Draft) -> Draft:
    return draft.with_section(CELL_SITE).with_definition(
        "Cell-Site Simulator", "a device that mimics a cell tower, used by an Agency").\
        with_definition("Unused Term", "a term no section uses")


def section_text(section: Section) -> str:
    return " ".join(p.plain for p in section.paragraphs())


def spans(section: Section) -> list[object]:
    return [s for p in section.paragraphs() for s in p.inlines]


def defined(ordinance: Ordinance) -> set[str]:
    found = ordinance.find("definitions")
    return {s.label for s in found.walk() if s.level == 0 and s.label} if found else set()


# -- assembly ---------------------------------------------------------------------------------


def test_an_added_section_is_numbered_after_its_clause_with_its_list_terms_and_refs(builtin):
    ordinance = assemble(builtin, with_cell_site(face_ban(builtin)), today=TODAY)
    ids = [s.clause_id for s in ordinance.sections]
    assert ids[ids.index("prohibitions.face-ban") + 1] == "own.cell-site"
    own = ordinance.find("own.cell-site")
    assert own is not None and own.own and own.heading == "Prohibition of cell-site simulators"
    assert own.label == f"Section {ids.index('own.cell-site') + 1}."
    assert [("".join(s.path), s.level) for s in own.walk()] == [
        ("(a)", 0), ("(a)(1)", 1), ("(b)", 0)]
    refs = {s.target: s.text for s in spans(own) if isinstance(s, Ref)}
    redaction = ordinance.find("exceptions.redaction")
    ban = ordinance.find("prohibitions.face-ban")
    assert refs == {"exceptions.redaction": redaction.ref_label,
                    "prohibitions.face-ban#(a)": ban.ref_label + "(a)"}
    assert {s.term for s in spans(own) if isinstance(s, TermUse)} == {
        "Official", "Cell-Site Simulator"}
    assert "Cell-Site Simulator" in defined(ordinance)
    assert "Unused Term" not in defined(ordinance)  # printed only when used
    assert "thirty (30) days" in section_text(own)
    assert "{{ as a template }} {% if x %}" in section_text(own)
    assert "to prohibit the use of cell-site simulators" in ordinance.long_title
    assert "E29" in ordinance.elements
    assert own.commentary == "Pittsburgh (2020) bans these devices as well."
    assert ordinance.problems == ()


def test_references_to_an_added_section_follow_renumbering(builtin):
    pointer = Revision(text="See [[own.cell-site#(b)]] and [[own.cell-site]].")
    draft = with_cell_site(face_ban(builtin)).with_override("general.severability", pointer)
    before = assemble(builtin, draft, today=TODAY)
    number = before.find("own.cell-site").ref_label
    assert section_text(before.find("general.severability")) == (
        f"See {number}(b) and {number}.")
    earlier = OwnSection(id="own.first", heading="First", after="title.short-title",
                         text="Early text.")
    after = assemble(builtin, draft.with_section(earlier), today=TODAY)
    moved = after.find("own.cell-site").ref_label
    assert moved != number
    assert section_text(after.find("general.severability")) == f"See {moved}(b) and {moved}."


def test_sections_added_after_the_same_clause_keep_the_draft_order(builtin):
    draft = face_ban(builtin)
    for name in ("one", "two", "three"):
        draft = draft.with_section(OwnSection(id=f"own.{name}", heading=name.title(),
                                              after="prohibitions.face-ban", text=name))
    draft = draft.with_section(OwnSection(id="own.chained", heading="Chained",
                                          after="own.two", text="chained"))
    ids = [s.clause_id for s in assemble(builtin, draft, today=TODAY).sections]
    at = ids.index("prohibitions.face-ban")
    assert ids[at:at + 5] == ["prohibitions.face-ban", "own.one", "own.two", "own.chained",
                              "own.three"]


def test_an_override_in_the_plain_form_changes_heading_and_text(builtin):
    draft = face_ban(builtin).with_override(
        "enforcement.discipline", Revision(heading="Discipline and training",
                                           text="An Official who violates [[own.x]] {{ x }}."))
    draft = draft.with_section(OwnSection(id="own.x", heading="X", text="Text."))
    ordinance = assemble(builtin, draft, today=TODAY)
    section = ordinance.find("enforcement.discipline")
    assert section.heading == "Discipline and training" and section.overridden
    assert section_text(section) == (
        f"An Official who violates {ordinance.find('own.x').ref_label} {{{{ x }}}}.")
    heading_only = face_ban(builtin).with_override(
        "enforcement.discipline", Revision(heading="Discipline"))
    plain = assemble(builtin, face_ban(builtin), today=TODAY).find("enforcement.discipline")
    changed = assemble(builtin, heading_only, today=TODAY).find("enforcement.discipline")
    assert changed.heading == "Discipline" and changed.blocks == plain.blocks


def test_an_older_jinja_override_still_renders(builtin):
    draft = face_ban(builtin).with_override(
        "enforcement.discipline", "Violations by {{ term('Official') }}s are misconduct.")
    section = assemble(builtin, draft, today=TODAY).find("enforcement.discipline")
    assert section_text(section) == "Violations by Officials are misconduct."
    assert section.heading == "Discipline of employees"


def test_a_drafters_definition_replaces_the_librarys_and_is_defined_transitively(builtin):
    draft = face_ban(builtin).with_definition(
        "Official", "any person employed by an Agency or a Drone Operator").with_definition(
        "Drone Operator", "a person who flies an unmanned aircraft")
    ordinance = assemble(builtin, draft, today=TODAY)
    items = {s.label: s for s in ordinance.find("definitions").walk() if s.level == 0}
    assert "Drone Operator" in items
    assert items["Official"].content.plain.endswith(
        "means any person employed by an Agency or a Drone Operator.")
    assert ordinance.problems == ()


# -- plain text -------------------------------------------------------------------------------


def test_plain_text_marks():
    compiled, problems = compile_plain(
        "A Third Party [[x.y#(a)(2)]] [[answer:days_n|days]] [[answer:names]] [[nope me]] "
        "[[answer:missing]] Third Parties {{ z }}",
        ["Third Party", "Party"], {"days_n": 30, "names": ["a", "b", "c"]}, "t")
    assert "thirty (30) days" in compiled and "a, b and c" in compiled
    assert "\ue000Third Party\ue001Third Parties\ue002" in compiled
    assert "{{ z }}" in compiled and "[[nope me]]" in compiled
    assert len(problems) == 2
    assert references("see [[x.y#(a)(2)]] and [[answer:q]]") == ["x.y#(a)(2)"]
    assert terms_typed("Third Parties and a Party", ["Third Party", "Party"]) == {
        "Third Party", "Party"}


def _fragment() -> st.SearchStrategy[str]:
    chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                          exclude_characters="[]-")
    return st.tuples(st.text(chars, max_size=12), st.text(chars, max_size=12)).map(
        lambda t: f"{t[0]} {{{{ {t[1]} }}}} {{% {t[0]} %}}")


@st.composite
def drafts_with_own_text(draw: st.DrawFn) -> tuple[Draft, list[str]]:
    """A random draft with random added sections and definitions; and the typed fragments
    with template syntax that must print as typed."""
    base = draw(drafts(BUILTIN))
    base = dataclasses.replace(base, answers=clean_answer(base.answers))  # as a file reads
    ordinance = assemble(BUILTIN, base, today=TODAY)
    present = [s for s in ordinance.all_sections() if s.clause_id not in ("codify",)
               and s.clause_id in BUILTIN.clauses]
    targets = [s.clause_id for s in present] + [
        f"{s.clause_id}#{''.join(sub.path)}" for s in present for sub in s.walk()]
    terms = sorted(ordinance.terms_used)
    own_terms = [f"Own Term {i}" for i in range(draw(st.integers(0, 3)))]
    fragments: list[str] = []
    draft = base
    for term in own_terms:
        uses = draw(st.lists(st.sampled_from(terms), max_size=2)) if terms else []
        draft = draft.with_definition(term, "a thing" + "".join(f" of a {u}" for u in uses))
    own_ids: list[str] = []
    for i in range(draw(st.integers(1, 4))):
        lines: list[str] = []
        depth = -1
        for _ in range(draw(st.integers(1, 5))):
            fragment = draw(_fragment())
            fragments.append(fragment)
            words = [fragment]
            for _ in range(draw(st.integers(0, 2))):
                kind = draw(st.sampled_from(["term", "ref", "answer"]))
                if kind == "term" and terms + own_terms:
                    words.append(draw(st.sampled_from(terms + own_terms)))
                elif kind == "ref" and targets + own_ids:
                    words.append(f"[[{draw(st.sampled_from(targets + own_ids))}]]")
                else:
                    words.append("[[answer:notice_days]]")
            level = draw(st.integers(-1, depth + 1))
            prefix = "" if level < 0 else "  " * level + "- "
            depth = level
            lines.append(prefix + " ".join(words))
        after = draw(st.sampled_from([s.clause_id for s in present] + own_ids))
        section = OwnSection(id=f"own.s{i}", heading=f"Own section {i}", after=after,
                             text="\n".join(lines), purpose=draw(st.sampled_from(
                                 ["", f"do thing {i}"])))
        draft = draft.with_section(section)
        own_ids.append(section.id)
    return draft, fragments


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts_with_own_text())
def test_random_added_sections_assemble_resolve_define_and_print_as_typed(
        case: tuple[Draft, list[str]]) -> None:
    draft, fragments = case
    ordinance = assemble(BUILTIN, draft, today=TODAY)
    assert ordinance == assemble(BUILTIN, draft, today=TODAY)
    for section in ordinance.all_sections():
        for para in section.paragraphs():
            for span in para.inlines:
                if isinstance(span, Ref):
                    assert span.resolved, (section.clause_id, span.target)
    assert set(ordinance.terms_used) == defined(ordinance)
    assert ordinance.problems == ()
    printed = " ".join(" ".join(section_text(s).split()) for s in ordinance.all_sections())
    for fragment in fragments:
        assert " ".join(clean_text(fragment).split()) in printed
    for section in draft.added:
        assert ordinance.find(section.id) is not None
    again, problems = parse_draft(draft_text(draft))
    assert problems == [] and again == draft
    assert render_text(assemble(BUILTIN, again, today=TODAY)) == render_text(ordinance)


# -- the draft file ---------------------------------------------------------------------------


def test_a_draft_with_added_sections_saves_reloads_and_rebuilds_the_same(builtin, tmp_path):
    draft = with_cell_site(face_ban(builtin)).with_override(
        "enforcement.discipline", Revision(heading="Discipline", text="Own text."))
    path = tmp_path / "d.yaml"
    save_draft(draft, path)
    text = path.read_text(encoding="utf-8")
    assert "add:" in text and "definitions:" in text and "heading: Discipline" in text
    again, problems = load_draft(path)
    assert problems == [] and again == draft
    assert render_text(assemble(builtin, again, today=TODAY)) == render_text(
        assemble(builtin, draft, today=TODAY))


def test_an_older_draft_opens_and_a_new_section_patches_it_keeping_comments(builtin, tmp_path):
    source = (SEEDS / "face-ban.yaml").read_text(encoding="utf-8")
    older = "# my notes\n" + source
    draft, problems = parse_draft(older)
    assert problems == [] and draft.added == () and draft.defined == ()
    assert draft_text(draft) == older
    changed = draft.with_section(CELL_SITE)
    path = tmp_path / "d.yaml"
    save_draft(changed, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my notes\n")
    assert load_draft(path)[0] == changed


def test_a_section_without_an_id_takes_one_from_its_heading_and_one_without_heading_warns():
    draft, problems = parse_draft(
        "format: ordinance-draft/1\nclauses:\n  add:\n"
        "    - heading: Report of violations\n      text: Yearly.\n"
        "    - text: no heading\n"
        "    - id: own.report-of-violations\n      heading: Again\n")
    assert [s.id for s in draft.added] == ["own.report-of-violations"]
    assert [p.line for p in problems] == [6, 7]


def test_versions_keep_added_sections(builtin):
    draft = face_ban(builtin).with_version("as introduced", "2027-01-05")
    draft = with_cell_site(draft).with_version("amended", "2027-02-05")
    again, _ = parse_draft(draft_text(draft))
    assert again.at_version("as introduced").added == ()
    assert again.at_version("amended").added == (CELL_SITE,)
    assert [d.term for d in again.at_version("amended").defined] == [
        "Cell-Site Simulator", "Unused Term"]


# -- overrides and added sections that cannot vanish ------------------------------------------


def codes(diagnostics, code):
    return [d for d in diagnostics if d.code == code]


def test_an_added_section_whose_clause_is_gone_is_kept_at_the_end_of_its_part(builtin):
    draft = with_cell_site(face_ban(builtin)).with_excluded("prohibitions.face-ban", True)
    ordinance = assemble(builtin, draft, today=TODAY)
    own = ordinance.find("own.cell-site")
    assert own is not None and "Cell-Site Simulator" in section_text(own)
    in_part = [s.clause_id for s in ordinance.sections if s.part == own.part]
    assert in_part[-1] == "own.cell-site"
    assert any("own.cell-site" in p for p in ordinance.problems)
    (hit,) = [d for d in codes(lint(builtin, draft, today=TODAY), "L013")
              if "own.cell-site" in d.message]
    assert "prohibitions.face-ban" in hit.message and "end of its part" in hit.message
    assert codes(lint(builtin, with_cell_site(face_ban(builtin)), today=TODAY), "L013") == []


def test_changing_an_answer_never_deletes_the_drafters_text(builtin, tmp_path):
    path = tmp_path / "d.yaml"
    start = face_ban(builtin).with_override("exceptions.unsolicited", Revision(
        heading="Leads from others", text="Our own rule on leads.")).with_override(
        "exceptions.redaction", "Old {{ term('Official') }} text.").with_section(
        OwnSection(id="own.leads", heading="Log of leads", after="exceptions.unsolicited",
                   text="Each lead is logged."))
    session = DraftSession(start, path)
    session.change(start.with_answer("exceptions", ["device_unlock"]))
    reloaded, _ = load_draft(path)
    assert reloaded.override == start.override and reloaded.added == start.added
    ordinance = assemble(builtin, reloaded, today=TODAY)
    assert ordinance.find("exceptions.unsolicited") is None
    assert "Each lead is logged." in section_text(ordinance.find("own.leads"))
    found = codes(lint(builtin, reloaded, today=TODAY), "L013")
    assert {("exceptions.unsolicited" in d.message, "own.leads" in d.message) for d in found} \
        >= {(True, False), (True, True)}
    assert any("exceptions.redaction" in d.message for d in found)
    session.change(reloaded.with_answer("exceptions", ["device_unlock", "unsolicited",
                                                       "redaction"]))
    back = assemble(builtin, load_draft(path)[0], today=TODAY)
    assert back.find("exceptions.unsolicited").heading == "Leads from others"
    assert codes(lint(builtin, load_draft(path)[0], today=TODAY), "L013") == []


def test_an_added_section_can_be_excluded_and_the_exclusion_is_not_reported(builtin):
    draft = with_cell_site(face_ban(builtin)).with_excluded("own.cell-site", True)
    ordinance = assemble(builtin, draft, today=TODAY)
    assert ordinance.find("own.cell-site") is None
    assert "E29" not in ordinance.elements
    assert codes(lint(builtin, draft, today=TODAY), "L013") == []


def test_lint_reports_an_added_section_with_a_library_clause_id_and_bad_marks(builtin):
    clash = face_ban(builtin).with_section(OwnSection(id="general.severability",
                                                      heading="Mine", text="x"))
    assert any("library clause" in d.message for d in codes(lint(builtin, clash), "L013"))
    marks = face_ban(builtin).with_section(OwnSection(
        id="own.m", heading="Marks", text="[[answer:nope]] and [[not a ref]] and [[own.gone]]"))
    found = lint(builtin, marks, today=TODAY)
    assert len(codes(found, "L010")) == 2
    (broken,) = codes(found, "L001")
    assert "own.gone" in broken.message


# -- coverage, redline and exports ------------------------------------------------------------


def test_coverage_counts_an_added_sections_elements(builtin):
    base = face_ban(builtin)
    assert "E29" not in assemble(builtin, base, today=TODAY).elements
    rows = {r.element: r for r in coverage_rows(builtin, with_cell_site(base), [])}
    assert rows["E29"].in_draft
    assert not {r.element: r for r in coverage_rows(builtin, base, [])}["E29"].in_draft


def test_a_redline_shows_an_added_section_as_inserted(builtin):
    old = face_ban(builtin)
    redline = compare_drafts(builtin, old, with_cell_site(old), today=TODAY)
    inserted = [line for line in redline.lines if line.change == "inserted"]
    assert any(line.role == "heading" and "Prohibition of cell-site simulators" in
               line.text() for line in inserted)
    assert any("mimics a cell tower" in line.text() for line in inserted)
    assert all(c.op == INSERT for line in inserted for c in line.chunks)
    assert not any(c.op == DELETE and "simulator" in c.old_text
                   for line in redline.lines for c in line.chunks)


@pytest.mark.parametrize("annotated", [False, True])
def test_exports_print_an_added_section(builtin, annotated):
    ordinance = assemble(builtin, with_cell_site(face_ban(builtin)), today=TODAY)
    own = ordinance.find("own.cell-site")
    html = render_html(ordinance, annotated=annotated)
    md = render_markdown(ordinance, annotated=annotated)
    for out in (html, md):
        assert "Prohibition of cell-site simulators" in out
        assert "{{ as a template }}" in out.replace("&#123;", "{")
        assert ("Pittsburgh (2020)" in out) == annotated
    paras = [p.text for p in docx_text.read(render_docx(ordinance, annotated=annotated))]
    heading = next(i for i, t in enumerate(paras) if "Prohibition of cell-site simulators" in t)
    ban = next(i for i, t in enumerate(paras) if "Prohibition of face recognition" in t)
    assert paras[heading].replace("cell-site simulators", "") == \
        paras[ban].replace("face recognition technology", "")  # numbered like its neighbour
    assert heading > ban and own.number == assemble(
        builtin, face_ban(builtin), today=TODAY).find("prohibitions.face-ban").number + 1
    assert any("{{ as a template }}" in t for t in paras)


def test_plain_paragraph_blocks_are_paragraphs(builtin):
    draft = face_ban(builtin).with_section(OwnSection(
        id="own.p", heading="P", after="prohibitions.face-ban", text="One.\n\nTwo."))
    own = assemble(builtin, draft, today=TODAY).find("own.p")
    assert [type(b) for b in own.blocks] == [Paragraph, Paragraph]
    assert dataclasses.replace(own, blocks=()).own


def test_the_readme_draft_example_reads_and_its_own_text_resolves(builtin):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("### A draft (the user's file)")[1].split("```yaml\n")[1]
    draft, problems = parse_draft(block.split("```")[0])
    assert problems == []
    assert [s.id for s in draft.added] == ["own.cell-site"]
    assert isinstance(draft.override["enforcement.discipline"], Revision)
    ordinance = assemble(builtin, draft, today=TODAY)
    own = ordinance.find("own.cell-site")
    assert "as {{ this }} says" in section_text(own)
    found = lint(builtin, draft, today=TODAY)
    assert not [d for d in found if d.code in ("L001", "L002", "L010")], found


@pytest.mark.parametrize("seed", sorted(p.stem for p in SEEDS.glob("*.yaml")))
def test_every_sections_plain_text_reads_back_as_the_same_section(builtin, seed):
    """What the app's editor shows for a clause (``section_plain``), saved unchanged as a
    plain-text override, prints the same words, numbers and references."""
    draft = seed_draft(builtin, seed)
    ordinance = assemble(builtin, draft, today=TODAY)
    for section in ordinance.all_sections():
        if section.clause_id not in builtin.clauses:
            continue
        plain = section_plain(section.blocks)
        assert "{{" not in plain and "{%" not in plain
        again = assemble(builtin, draft.with_override(section.clause_id, Revision(text=plain)),
                         today=TODAY).find(section.clause_id)
        assert [p.plain for p in again.paragraphs()] == [p.plain for p in section.paragraphs()]
        assert [(s.path, s.label) for s in again.walk()] == [
            (s.path, s.label) for s in section.walk()]


def test_a_range_of_two_references_reads_as_lawyers_write_it(builtin):
    draft = face_ban(builtin).with_section(OwnSection(
        id="own.r", heading="R", text="Under [[exceptions.device-unlock]] through "
        "[[exceptions.redaction]], or [[own.r#first]].\n- [[label:first]] First."))
    ordinance = assemble(builtin, draft, today=TODAY)
    unlock = ordinance.find("exceptions.device-unlock").ref_label.split()[-1]
    redaction = ordinance.find("exceptions.redaction").ref_label.split()[-1]
    assert section_text(ordinance.find("own.r")) == (
        f"Under Sections {unlock} through {redaction}, or subsection (a) of this section. "
        "First.")


def test_describe_change_names_the_drafters_sections_and_definitions() -> None:
    from ordinance_tui.tui.session import describe_change

    old = Draft().with_section(OwnSection(id="own.a", heading="A"))
    new = old.with_section(OwnSection(id="own.b", heading="B")).with_section(
        OwnSection(id="own.a", heading="A2")).with_definition("Term", "text")
    assert describe_change(old, new) == ["edit of your section own.a",
                                         "addition of your section own.b", "your definitions"]
    assert describe_change(new, old)[1] == "removal of your section own.b"


def test_a_sessions_render_memo_gives_the_same_tree_with_own_text(builtin):
    from ordinance_tui.core.incremental import RenderMemo

    memo = RenderMemo()
    draft = with_cell_site(face_ban(builtin)).with_override(
        "enforcement.discipline", Revision(heading="Discipline", text="See [[own.cell-site]]."))
    plain = assemble(builtin, draft, today=TODAY)
    assert assemble(builtin, draft, today=TODAY, memo=memo) == plain
    changed = draft.with_answer("notice_days", 45)
    again = assemble(builtin, changed, today=TODAY, memo=memo)
    assert again == assemble(builtin, changed, today=TODAY)
    assert "forty-five (45) days" in section_text(again.find("own.cell-site"))


def test_sections_that_follow_each_other_in_a_circle_are_printed_and_reported(builtin):
    draft = face_ban(builtin).with_section(OwnSection(id="own.a", heading="A", after="own.b",
                                                      text="A.")).with_section(
        OwnSection(id="own.b", heading="B", after="own.a", text="B.")).with_section(
        OwnSection(id="own.c", heading="C", after="own.c", text="C."))
    ordinance = assemble(builtin, draft, today=TODAY)
    assert all(ordinance.find(i) is not None for i in ("own.a", "own.b", "own.c"))
    reported = {d.message.split("(")[1].split(")")[0]
                for d in codes(lint(builtin, draft, today=TODAY), "L013")}
    assert "own.c" in reported and reported & {"own.a", "own.b"}


def test_an_id_a_reference_cannot_name_is_kept_with_a_warning():
    draft, problems = parse_draft("format: ordinance-draft/1\nclauses:\n  add:\n"
                                  "    - {id: 'my section', heading: Mine}\n")
    assert [s.id for s in draft.added] == ["my section"]
    assert "cannot name" in problems[0].message and problems[0].line == 4


def test_the_readme_pair_prints_the_same_sentence(builtin):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    pair = readme.split("The same sentence written both ways")[1].split("```text\n")[1]
    jinja, plain = [line.strip() for line in pair.split("```")[0].splitlines()
                    if not line.startswith("text:")]
    base = face_ban(builtin)
    one = assemble(builtin, base.with_override("enforcement.discipline", jinja), today=TODAY)
    two = assemble(builtin, base.with_override("enforcement.discipline", Revision(text=plain)),
                   today=TODAY)
    assert one.find("enforcement.discipline").blocks == two.find("enforcement.discipline").blocks
    assert "thirty (30) days" in section_text(two.find("enforcement.discipline"))


def test_an_added_section_in_the_findings_is_a_recital_with_its_note(builtin):
    draft = face_ban(builtin).with_section(OwnSection(
        id="own.finding", heading="Cell-site simulators", part="findings",
        text="cell-site simulators sweep up the signals of every phone nearby {{ x }}",
        note="From Pittsburgh's findings."))
    ordinance = assemble(builtin, draft, today=TODAY)
    (recital,) = [r for r in ordinance.recitals if r.clause_id == "own.finding"]
    assert recital.content.plain.startswith("WHEREAS, cell-site simulators sweep")
    assert "{{ x }}" in recital.content.plain
    assert recital.note is not None and recital.note.commentary == "From Pittsburgh's findings."
    assert ordinance.find("own.finding") is None
