"""Importing an existing law (issue 16, "Import"): the readers, the parser, kept code numbers,
``clauses: library: none``, the ``imported:`` block, ``ordinance import``.

- Round trip: every seed exported to docx, md, txt and Akoma Ntoso (in-process, no
  LibreOffice) and imported gives back the same sections, labels, headings, subsections,
  definitions, recitals and references, compared as trees of the assembled ordinance.
- Fixtures (tests/fixtures/import/, our own text, invented places): six chapters in
  different code styles, each imported to the tree asserted here.
- Bad input: a clear error, exit 1, nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordinance_tui import cli
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance, Paragraph, Ref, Section, Subsection
from ordinance_tui.core.draft import OwnSection, draft_text, parse_draft
from ordinance_tui.core.importing import (
    PART_AFTER,
    PART_BEFORE,
    PART_OUTSIDE,
    PART_RECITALS,
    SourceBlock,
    import_law,
    parse_blocks,
)
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint
from ordinance_tui.core.numbering import fill_numbers, insert_number
from ordinance_tui.core.problems import InputError
from ordinance_tui.core.readers import READERS, reader_for

from .conftest import seed_draft

TODAY = dt.date(2027, 1, 4)
FIXTURES = Path(__file__).parent / "fixtures" / "import"
SEEDS = ("ccops", "face-ban", "moratorium", "post-act", "private-ban", "sf-combo",
         "state-permit")
FORMATS = ("txt", "md", "akn", "docx")


# -- trees ------------------------------------------------------------------------------------

def _refs(paragraph: Paragraph, targets: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Each reference of a paragraph: its printed text and the label of what it points at
    ("this section", printed as text by many clauses, is not counted)."""
    return tuple((r.text, targets.get(r.anchor, "?")) for r in paragraph.inlines
                 if isinstance(r, Ref) and r.text != "this section")


def _sub(sub: Subsection, targets: dict[str, str]) -> tuple[Any, ...]:
    return (sub.path, sub.content.plain, _refs(sub.content, targets),
            tuple(_sub(c, targets) for c in sub.children))


def tree(ordinance: Ordinance) -> list[tuple[Any, ...]]:
    """The ordinance as comparable data: per section its label, heading and blocks (text,
    subsection paths, references by the label of their target); then the recitals."""
    targets: dict[str, str] = {}
    for section in ordinance.all_sections():
        targets[section.anchor] = section.label
        for sub in section.walk():
            targets[sub.anchor] = section.label + "".join(sub.path)
    out: list[tuple[Any, ...]] = []
    for section in ordinance.all_sections():
        blocks = tuple(("p", b.plain, _refs(b, targets)) if isinstance(b, Paragraph)
                       else _sub(b, targets) for b in section.blocks)
        out.append((section.label, section.heading, blocks))
    out.append(("recitals", tuple(r.content.plain for r in ordinance.recitals)))
    return out


def _export(ordinance: Ordinance, fmt: str, folder: Path, name: str) -> Path:
    if fmt == "txt":
        from ordinance_tui.export.text import render_text

        path = folder / f"{name}.txt"
        path.write_text(render_text(ordinance), encoding="utf-8")
    elif fmt == "md":
        from ordinance_tui.export.markdown import render_markdown

        path = folder / f"{name}.md"
        path.write_text(render_markdown(ordinance), encoding="utf-8")
    elif fmt == "akn":
        from ordinance_tui.export.akn import render_akn

        path = folder / f"{name}.akn.xml"
        path.write_text(render_akn(ordinance), encoding="utf-8")
    else:
        from ordinance_tui.export.docx import render_docx

        path = folder / f"{name}.docx"
        path.write_bytes(render_docx(ordinance))
    return path


def _imported(library: Library, path: Path) -> tuple[Ordinance, Any]:
    result = import_law(path)
    draft, problems = parse_draft(result.draft_text, str(path))
    assert [p for p in problems if p.severity == "error"] == []
    return assemble(library, draft, today=TODAY), result


@pytest.fixture(scope="module")
def originals(builtin: Library) -> dict[str, Ordinance]:
    return {sid: assemble(builtin, seed_draft(builtin, sid), today=TODAY) for sid in SEEDS}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_round_trip_gives_back_the_same_tree(builtin: Library, originals: dict[str, Ordinance],
                                             tmp_path: Path, seed: str, fmt: str) -> None:
    original = originals[seed]
    path = _export(original, fmt, tmp_path, seed)
    again, result = _imported(builtin, path)
    assert tree(again) == tree(original)
    assert result.unplaced == ()
    assert again.problems == ()
    # The definitions became the drafter's, every one the original printed.
    defined = sorted(d["term"] for d in result.data.get("definitions", {}).get("add", []))
    assert defined == sorted(original.terms_used)
    assert again.codified == original.codified
    assert again.short_title.casefold() == original.short_title.casefold()


# -- fixtures in code styles --------------------------------------------------------------------

def _plain(text: str) -> str:
    """A label or text with its non-breaking spaces ("§\u00a048-1.") as spaces."""
    return text.replace("\u00a0", " ")


def _sections(ordinance: Ordinance) -> list[tuple[str, str]]:
    return [(_plain(s.label), s.heading) for s in ordinance.all_sections()]


def _find(ordinance: Ordinance, label: str) -> Section:
    return next(s for s in ordinance.all_sections() if _plain(s.label) == label)


def _outline(section: Section) -> list[tuple[str, str]]:
    """Each subsection's path and text, in reading order."""
    return [("".join(s.path), _plain(s.content.plain)) for s in section.walk()]


def _ref_targets(ordinance: Ordinance, section: Section) -> list[tuple[str, str]]:
    """Each reference in ``section``: its text and the label (and path) of its target."""
    targets: dict[str, str] = {}
    for other in ordinance.all_sections():
        targets[other.anchor] = _plain(other.label)
        for sub in other.walk():
            targets[sub.anchor] = _plain(other.label) + "".join(sub.path)
    return [(_plain(r.text), targets[r.anchor]) for p in section.paragraphs()
            for r in p.inlines if isinstance(r, Ref)]


def test_municode_chapter_with_a_definition_list_without_numbers(builtin: Library) -> None:
    law, result = _imported(builtin, FIXTURES / "oakvale-municode.txt")
    jur = result.data["jurisdiction"]
    assert (jur["name"], jur["style"], jur["chapter_number"], jur["chapter_title"],
            jur["code_name"]) == ("Oakvale", "municode", "2", "Administration",
                                  "Oakvale Code of Ordinances")
    assert _sections(law) == [
        ("Section 1.", "Addition of Chapter 2, Administration"),
        ("Sec. 2-101.", "Purpose"), ("Sec. 2-102.", "Definitions"), ("Sec. 2-103.", "Approval"),
        ("Sec. 2-104.", "Yearly report"), ("Sec. 2-105.", "Reserved")]
    assert [d["term"] for d in result.data["definitions"]["add"]] == [
        "Department", "Surveillance Equipment", "Use Report"]
    assert _outline(_find(law, "Sec. 2-103.")) == [
        ("(a)", "No Department may acquire Surveillance Equipment without the approval of the "
                "city council."),
        ("(b)", "A request for approval must include:"),
        ("(b)(1)", "a description of the Surveillance Equipment;"),
        ("(b)(2)", "the purposes for which it will be used; and"),
        ("(b)(3)", "its cost, as reckoned under section 14-3 of the purchasing code.")]
    # Its own sections are references (a subsection's too); another code's section is text.
    assert _ref_targets(law, _find(law, "Sec. 2-104.")) == [
        ("section 2-103(b)", "Sec. 2-103.(b)")]
    assert _ref_targets(law, _find(law, "Sec. 2-103.")) == []
    assert _ref_targets(law, _find(law, "Sec. 2-102.")) == [("section 2-104", "Sec. 2-104.")]
    assert _find(law, "Sec. 2-105.").blocks == ()  # "Reserved.": a number and nothing else
    assert result.unplaced == ((5, "ARTICLE VII. SURVEILLANCE EQUIPMENT"),)
    assert law.problems == ()


def test_general_code_markdown_with_decimal_levels_and_another_chapter(builtin: Library
                                                                       ) -> None:
    law, result = _imported(builtin, FIXTURES / "harlow-general-code.md")
    jur = result.data["jurisdiction"]
    assert (jur["name"], jur["kind"], jur.get("style"), jur["chapter_number"]) == (
        "Harlow", "town", None, "48")
    assert _sections(law)[1:] == [
        ("§ 48-1.", "Title"), ("§ 48-2.", "Definitions"), ("§ 48-3.", "Prohibition"),
        ("§ 48-4.", "Exceptions"), ("§ 48-5.", "Reserved"), ("§ 48-6.", "Penalties")]
    # 1./(a) levels in the file; the town style prints its own markers (A./(1)).
    assert _outline(_find(law, "§ 48-3.")) == [
        ("(A)", "No Town Agency may use a Biometric System, except:"),
        ("(A)(1)", "to unlock a device the Town Agency owns; or"),
        ("(A)(2)", "as described in § 48-4."),
        ("(B)", "A Town Agency that receives information produced by a Biometric System from "
                "another government must log it.")]
    assert _ref_targets(law, _find(law, "§ 48-3.")) == [("§ 48-4", "§ 48-4.")]
    penalties = _find(law, "§ 48-6.")
    assert _ref_targets(law, penalties) == [("§ 48-3", "§ 48-3.")]
    assert "Chapter 1, § 1-17 of this Code" in _plain(penalties.blocks[0].plain)
    assert _find(law, "§ 48-5.").blocks == ()


def test_san_francisco_style_headings_on_their_own_line_and_roman_or_letter(builtin: Library
                                                                            ) -> None:
    law, result = _imported(builtin, FIXTURES / "pinecrest-sf.txt")
    jur = result.data["jurisdiction"]
    assert (jur["style"], jur["chapter_number"], jur["code_name"]) == (
        "san-francisco", "31C", "Pinecrest Administrative Code")
    assert [label for label, _ in _sections(law)] == [
        "Section 1.", "SEC. 31C.1.", "SEC. 31C.2.", "SEC. 31C.3.", "SEC. 31C.4."]
    assert _find(law, "SEC. 31C.1.").heading == "FINDINGS"
    rules = _outline(_find(law, "SEC. 31C.3."))
    # "(i)" after "(2)" opens a roman level; "(i)" after "(h)" is the ninth letter.
    assert [path for path, _ in rules] == [
        "(a)", "(b)", "(c)", "(c)(1)", "(c)(2)", "(c)(2)(A)", "(c)(2)(B)", "(d)", "(e)", "(f)",
        "(g)", "(h)", "(i)"]
    assert rules[-1][1] == ("An Operator must follow subsection (c)(2) of this section for "
                            "every request.")
    assert _ref_targets(law, _find(law, "SEC. 31C.3.")) == [
        ("subsection (c)(2) of this section", "SEC. 31C.3.(c)(2)")]
    assert _ref_targets(law, _find(law, "SEC. 31C.4.")) == [
        ("Section 31C.3(b)", "SEC. 31C.3.(b)"), ("Section 31C.3(c)", "SEC. 31C.3.(c)")]
    assert result.unplaced == ()


def test_american_legal_html_with_a_definition_list_and_a_penalty(builtin: Library) -> None:
    law, result = _imported(builtin, FIXTURES / "marlow-american-legal.html")
    jur = result.data["jurisdiction"]
    assert (jur["name"], jur["style"], jur["chapter_number"], jur["chapter_title"]) == (
        "Marlow", "american-legal", "305", "Unmanned Aircraft")
    assert _sections(law)[1:] == [("305.01", "Scope"), ("305.02", "Definitions"),
                                  ("305.03", "Limits on flights"), ("305.04", "Records"),
                                  ("305.99", "Penalty")]
    assert [d["term"] for d in result.data["definitions"]["add"]] == ["City Department", "Drone"]
    limits = _find(law, "305.03")
    assert _outline(limits) == [("(a)", "A City Department may fly a Drone only:"),
                                ("(a)(1)", "to inspect city property; or"),
                                ("(a)(2)", "during a declared emergency."),
                                ("(b)", "No Drone may carry a face recognition camera.")]
    assert isinstance(limits.blocks[-1], Paragraph)  # the text after the list
    assert _ref_targets(law, _find(law, "305.04")) == [("Section 305.03(a)(2)", "305.03(a)(2)")]
    assert _ref_targets(law, _find(law, "305.99")) == [("Section 305.03", "305.03")]


def test_standalone_ordinance_with_caption_recitals_and_reference_lists(builtin: Library
                                                                        ) -> None:
    law, result = _imported(builtin, FIXTURES / "bayhaven-standalone.txt")
    jur = result.data["jurisdiction"]
    assert (jur["name"], jur["kind"], jur["sponsors"], jur.get("codified")) == (
        "Bayhaven", "town", ["Council Member Iris Calder"], None)
    assert law.short_title == "Bayhaven License Plate Reader Ordinance"
    assert law.long_title == ("An ordinance of the Town of Bayhaven to limit the use of license "
                              "plate readers.")
    assert [r.content.plain for r in law.recitals] == [
        "WHEREAS, license plate readers record where vehicles travel; and",
        "WHEREAS, the Town Council wishes to limit how long those records are kept;"]
    assert _sections(law) == [("Section 1.", "Short title"), ("Section 2.", "Definitions"),
                              ("Section 3.", "Retention"), ("Section 4.", "Sharing"),
                              ("Section 5.", "Warrants"), ("Section 6.", "Effective date")]
    assert _ref_targets(law, _find(law, "Section 4.")) == [("3", "Section 3."),
                                                           ("5", "Section 5.")]
    assert "except as Sections 3 and 5 allow." in _find(law, "Section 4.").blocks[0].plain
    retention = _find(law, "Section 3.")
    assert _ref_targets(law, retention) == [("subsection A of this section",
                                             "Section 3.(A)")]
    warrants = _find(law, "Section 5.")  # its second paragraph stays its own
    assert [b.plain for b in warrants.blocks if isinstance(b, Paragraph)] == [
        "A Read Record may be given to a court under a warrant.",
        "A second paragraph of the same section, with no number."]
    assert result.unplaced == ()


def test_word_file_with_heading_styles(builtin: Library, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("CITY OF ELMSTEAD", style="Title")
    document.add_heading("Chapter 9.70 FACE RECOGNITION", 1)
    document.add_paragraph("This introduction belongs to no section.")
    document.add_heading("Sec. 9.70.010. Short title.", 2)
    document.add_paragraph("This chapter may be cited as the Elmstead Face Recognition Ban.")
    document.add_heading("Sec. 9.70.020.", 2)
    document.add_heading("Definitions.", 3)  # the heading on its own line
    document.add_paragraph("\u201cFace Recognition\u201d means software that identifies a person "
                           "from an image of the person's face.")
    document.add_heading("Sec. 9.70.030. Prohibition.", 2)
    document.add_paragraph("(a) No Official may use Face Recognition.")
    document.add_paragraph("(b) The prohibition in subsection (a) of this section does not "
                           "apply to unlocking a device.")
    document.add_heading("Sec. 9.70.050. Enforcement.", 2)
    document.add_paragraph("A violation of Section 9.70.030(a) is an infraction.")
    path = tmp_path / "elmstead.docx"
    document.save(str(path))
    law, result = _imported(builtin, path)
    assert (result.data["jurisdiction"]["name"], result.data["jurisdiction"]["chapter_title"]
            ) == ("Elmstead", "Face Recognition")
    assert _sections(law)[1:] == [("9.70.010", "Short title"), ("9.70.020", "Definitions"),
                                  ("9.70.030", "Prohibition"), ("9.70.050", "Enforcement")]
    assert _outline(_find(law, "9.70.030"))[0] == (
        "(a)", "No Official may use Face Recognition.")
    assert _ref_targets(law, _find(law, "9.70.050")) == [("Section 9.70.030(a)",
                                                          "9.70.030(a)")]
    assert law.terms_used == ("Face Recognition",)
    assert result.unplaced == ((3, "This introduction belongs to no section."),)


# -- the parser's pieces ------------------------------------------------------------------------

def test_parser_keeps_what_it_cannot_place_with_its_line() -> None:
    law = parse_blocks([SourceBlock("A memo to the council about this chapter.", 1),
                        SourceBlock("Section 1. Short title", 3),
                        SourceBlock("This ordinance is the Test Ordinance.", 5)], "memo.txt")
    assert law.unplaced == [(1, "A memo to the council about this chapter.")]
    assert [(s.number, s.heading) for s in law.sections] == [("1", "Short title")]


def test_text_after_the_signature_block_is_kept_not_dropped() -> None:
    law = parse_blocks([SourceBlock("Section 1. Scope", 1),
                        SourceBlock("This ordinance applies to every agency.", 2),
                        SourceBlock("Passed and adopted on ________.", 3),
                        SourceBlock("____________, Mayor", 4),
                        SourceBlock("Exhibit A lists the cameras in use when this ordinance "
                                    "was adopted, by department and location.", 5)])
    assert [b.text for b in law.sections[0].body] == ["This ordinance applies to every agency."]
    assert law.unplaced == [(5, "Exhibit A lists the cameras in use when this ordinance was "
                                "adopted, by department and location.")]


def test_a_sentence_that_starts_with_a_section_number_is_not_a_heading() -> None:
    law = parse_blocks([SourceBlock("Section 1. Scope", 1),
                        SourceBlock("Section 2 applies to every agency.", 2)])
    assert [(s.number, [b.text for b in s.body]) for s in law.sections] == [
        ("1", ["Section 2 applies to every agency."])]


def test_registry_reads_by_suffix() -> None:
    assert {r.name for r in READERS} == {"docx", "txt", "md", "html", "akn"}
    assert reader_for(Path("law.AKN.xml")).name == "akn"  # type: ignore[union-attr]
    assert reader_for(Path("law.htm")).name == "html"  # type: ignore[union-attr]
    assert reader_for(Path("law.pdf")) is None


def test_the_parts_an_import_uses_are_in_the_library(builtin: Library) -> None:
    parts = builtin.parts
    assert parts[PART_RECITALS].kind == "recitals"
    assert parts[PART_BEFORE].kind == parts[PART_AFTER].kind == "sections"
    order = [p.id for p in sorted(parts.values(), key=lambda p: p.index)]
    assert order.index(PART_BEFORE) < order.index("definitions") < order.index(PART_AFTER)
    assert not parts[PART_OUTSIDE].codified


# -- numbering: the code's insertion rule ----------------------------------------------------

@pytest.mark.parametrize(("before", "after", "step", "number"), [
    ("9.70.040", "9.70.050", 10, "9.70.045"),
    ("9.70.020", "9.70.040", 10, "9.70.030"),
    ("9.70.170", "", 10, "9.70.180"),
    ("", "9.70.010", 10, "9.70.005"),
    ("9.70.045", "9.70.046", 10, "9.70.045.1"),
    ("2-123", "2-124", 1, "2-123.1"),
    ("2-123", "2-125", 1, "2-124"),
    ("19B.2", "", 1, "19B.3"),
    ("305.06", "305.99", 1, "305.07"),
])
def test_insert_number(before: str, after: str, step: int, number: str) -> None:
    assert insert_number(before, after, step) == number


def test_fill_numbers_inserts_between_kept_numbers() -> None:
    assert fill_numbers(["9.70.010", "", "9.70.040", "", "9.70.050", "", ""], 10) == [
        "9.70.010", "9.70.020", "9.70.040", "9.70.045", "9.70.050", "9.70.060", "9.70.070"]


def test_assembly_prints_kept_numbers_and_numbers_a_new_section_between(builtin: Library
                                                                        ) -> None:
    draft, _ = parse_draft(IMPORTED)
    added = OwnSection(id="own.face", heading="Face recognition", part="scope",
                       after="own.rules", text="No Agency may use face recognition.")
    draft = draft.with_section(added)
    law = assemble(builtin, draft, today=TODAY)
    assert [(s.label, s.clause_id) for s in law.sections[0].sections] == [
        ("9.70.010", "own.title"), ("9.70.040", "own.rules"), ("9.70.045", "own.face"),
        ("9.70.050", "own.reports")]
    assert law.sections[0].sections[3].ref_label == "Section 9.70.050"
    tail = OwnSection(id="own.tail", heading="Last", part="scope", text="The end.")
    law = assemble(builtin, draft.with_section(tail), today=TODAY)
    assert law.sections[0].sections[-1].label == "9.70.060"


IMPORTED = """\
format: ordinance-draft/1
jurisdiction: {name: Cedar Falls, kind: city, codified: true, chapter_number: "9.70",
               chapter_title: Surveillance}
answers: {}
clauses:
  library: none
  add:
    - {id: own.title, heading: Short title, number: 9.70.010, part: title,
       text: This chapter is the Cedar Falls Surveillance Law.}
    - {id: own.rules, heading: Rules, number: 9.70.040, part: scope,
       text: "An Agency must follow [[own.reports]]."}
    - {id: own.reports, heading: Reports, number: 9.70.050, part: scope,
       text: Each Agency reports every year.}
imported:
  source: cedar-falls.docx
  unplaced:
    - {line: 12, text: A note in the margin.}
"""


def test_library_none_builds_only_the_drafts_own_sections(builtin: Library) -> None:
    draft, problems = parse_draft(IMPORTED)
    assert problems == []
    law = assemble(builtin, draft, today=TODAY)
    assert [s.clause_id for s in law.all_sections()] == [
        "codify", "own.title", "own.rules", "own.reports"]
    assert law.recitals == ()
    # Without the switch the library's clauses that need no answer come back.
    data = dict(draft.to_data())
    data["clauses"] = {k: v for k, v in data["clauses"].items() if k != "library"}
    from ordinance_tui.core.draft import draft_from_data

    everything = assemble(builtin, draft_from_data(data, "x")[0], today=TODAY)
    assert len(list(everything.all_sections())) > 10


def test_imported_block_number_and_library_are_kept_on_save(builtin: Library) -> None:
    draft, _ = parse_draft(IMPORTED)
    assert draft.library == "none"
    assert draft.imported is not None and draft.imported.unplaced[0].line == 12
    edited = draft.with_answer("notice_days", 45)
    again, problems = parse_draft(draft_text(edited))
    assert problems == []
    assert again.imported == draft.imported and again.library == "none"
    assert [s.number for s in again.added] == ["9.70.010", "9.70.040", "9.70.050"]
    codes = [(d.code, d.message) for d in lint(builtin, draft, today=TODAY)]
    assert ("L019", "cedar-falls.docx:12: not placed: A note in the margin.") in codes
    assert not any(code in ("L003", "L015") for code, _ in codes)


# -- the command --------------------------------------------------------------------------------

def test_command_writes_the_draft_and_lists_what_it_did_not_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "oakvale.yaml"
    assert cli.main(["import", str(FIXTURES / "oakvale-municode.txt"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "oakvale-municode.txt:5: warning: not placed" in err
    assert "5 sections, 3 definitions, 1 not placed" in err
    draft, problems = parse_draft(out.read_text(encoding="utf-8"))
    assert problems == [] and len(draft.added) == 4 and draft.library == "none"
    assert out.stat().st_mode & 0o077 == 0  # a draft is the user's alone
    assert cli.main(["import", str(FIXTURES / "oakvale-municode.txt"), "-o", str(out)]) == 2
    assert "exists; add --force" in capsys.readouterr().err
    assert cli.main(["import", str(FIXTURES / "oakvale-municode.txt"), "-o", str(out),
                     "--force"]) == 0


def _zip(name: str, text: str) -> bytes:
    """A zip archive holding one file."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "says"), [
    ("garbage.docx", bytes(range(256)) * 4, "not a Word (.docx) file"),
    ("other-zip.docx", _zip("hello.txt", "hi"), "not a Word (.docx) file"),
    ("broken-xml.docx", _zip("[Content_Types].xml", "<Types"), "not a Word (.docx) file"),
    ("notzip.docx", b"Section 1. Title\n\nThis is text, not a zip.\n", "not a Word (.docx)"),
    ("garbage.txt", b"\x00\x01\x02\xff" * 64, "not a text file"),
    ("latin1.md", "Section 1. Caf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("empty.txt", b"", "the file is empty"),
    ("nothing.html", b"<html><body><p>Hello.</p></body></html>", "no numbered sections"),
    ("broken.xml", b"<akomaNtoso><act>", "XML cannot be read"),
    ("other.xml", b"<?xml version='1.0'?><root/>", "not Akoma Ntoso"),
])
def test_bad_input_is_a_clear_error_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes,
        says: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "draft.yaml"
    assert cli.main(["import", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{source}: error:" in err and says in err
    assert not out.exists()
    with pytest.raises(InputError):
        import_law(source)


def test_missing_or_unknown_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "draft.yaml"
    assert cli.main(["import", str(tmp_path / "none.txt"), "-o", str(out)]) == 1
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "law.pdf").write_bytes(b"%PDF-1.7")
    assert cli.main(["import", str(tmp_path / "law.pdf"), "-o", str(out)]) == 2
    assert "cannot tell what kind of file" in capsys.readouterr().err
    assert not out.exists()


def test_akoma_ntoso_is_read_by_its_structure(builtin: Library) -> None:
    """<def> marks the term (defined with a colon, not "means"); <ref href> names its target
    by eId, the definitions section included."""
    from ordinance_tui.core import assemble as assembly
    from ordinance_tui.core import importing

    assert importing.DEFINITIONS_ID == assembly.DEFINITIONS_ID
    law, result = _imported(builtin, FIXTURES / "willowmere.akn.xml")
    assert (result.data["jurisdiction"]["name"], result.data["jurisdiction"]["kind"]) == (
        "Willowmere", "town")
    assert result.data["definitions"]["add"] == [
        {"term": "Camera", "text": "any device that records images."}]
    assert _sections(law) == [("Section 1.", "Definitions"), ("Section 2.", "Rule")]
    assert _ref_targets(law, _find(law, "Section 2.")) == [
        ("subsection A of this section", "Section 2.(A)"), ("Section 1", "Section 1.")]
    assert law.terms_used == ("Camera",)


_PIECES = ["Section 4. Scope", "Sec. 9.70.040.", "Heading", "§ 2-123. Title.", "(a) text",
           "(i) more", "(ii) and", "1. first", "(A) upper", "[i] odd", "Section 9.70.040(b)",
           "Sections 4 and 5", "subsection (a) of this section", "\u201cTerm\u201d means it.",
           "Definitions", "CHAPTER 9.70 X", "WHEREAS, y;", "Reserved.", "____", "Passed by",
           "CITY OF X", "plain words", "305.06 Heading", "SEC. 19B.2. H.", "(zz) z", ""]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4), max_size=25))
def test_any_text_imports_without_a_crash(builtin: Library, pieces: list[list[str]]) -> None:
    """Whatever the blocks, the parser gives a law whose draft data reads back as a draft
    with one added section per section and recital, and that draft assembles."""
    blocks = [SourceBlock(" ".join(p), i + 1) for i, p in enumerate(pieces)]
    law = parse_blocks(blocks, "x.txt")
    from ordinance_tui.core.draft import draft_from_data
    from ordinance_tui.core.importing import law_data

    data = law_data(law)
    draft, problems = draft_from_data(data, "x.yaml")
    assert not [p for p in problems if p.severity == "error"]
    assert len(draft.added) == len(law.recitals) + sum(not s.definitions for s in law.sections)
    assemble(builtin, draft, today=TODAY)


def test_a_law_without_a_caption_says_the_name_is_a_placeholder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bare.txt"
    source.write_text("Section 1. Scope\n\nThis ordinance applies to every agency.\n",
                      encoding="utf-8")
    assert cli.main(["import", str(source), "-o", str(tmp_path / "bare.yaml")]) == 0
    err = capsys.readouterr().err
    assert "no caption names the jurisdiction" in err and "'Riverton'" in err


def test_lint_reads_an_imported_laws_own_severability_and_effective_date(
        builtin: Library) -> None:
    """L005 asks for a severability clause and an effective date: an imported law's own
    sections declare no elements, so lint reads their text (``core.analyze``) instead."""
    from ordinance_tui.core.draft import parse_draft
    from ordinance_tui.core.lint import lint

    def essentials(*extra: str) -> list[str]:
        sections = "".join(f"\n  - heading: {h}\n    text: {t}" for h, t in (
            ("Cameras", "No Agency may install a camera in a park."), *(
                pair.split("|") for pair in extra)))
        draft, problems = parse_draft(
            "format: ordinance-draft/1\nclauses:\n  library: none\n  add:" + sections + "\n")
        assert problems == []
        return [d.message for d in lint(builtin, draft) if d.code == "L005"]

    assert essentials() == ["the draft has no severability clause",
                            "the draft has no effective date"]
    assert essentials(
        "Severability|If any part of this ordinance is held invalid, the rest remains in "
        "effect, and the parts of this ordinance are severable.",
        "Effective date|This ordinance takes effect thirty (30) days after its adoption.") == []


def test_a_text_file_with_one_paragraph_per_line_reads_like_the_wrapped_one(
        builtin: Library, originals: dict[str, Ordinance], tmp_path: Path) -> None:
    """LibreOffice's text export (and most word processors') writes each paragraph on one
    line with no blank line between them: each line is a paragraph, not a wrapped one."""
    from ordinance_tui.export.text import render_text

    original = originals["ccops"]
    paragraphs = [" ".join(block.split()) for block in render_text(original).split("\n\n")]
    path = tmp_path / "chapter.txt"
    path.write_text("\n".join(p for p in paragraphs if p) + "\n", encoding="utf-8")
    assert max(len(p) for p in paragraphs) > 200
    again, result = _imported(builtin, path)
    assert result.unplaced == ()
    assert tree(again) == tree(original)


def test_an_imported_draft_is_asked_only_what_its_own_text_prints(builtin: Library) -> None:
    """No library clause prints in a ``library: none`` draft, so the interview asks only the
    questions whose answers its own sections print (``core.answers.asked_questions``)."""
    from ordinance_tui.core.answers import asked_questions, visible_questions
    from ordinance_tui.core.assemble import build_context
    from ordinance_tui.core.draft import Draft, OwnSection

    plain = Draft(library="none", added=(OwnSection(heading="Notice", text="Notice."),))
    context, _ = build_context(builtin, plain)
    shown = visible_questions(builtin, context)
    assert shown and asked_questions(builtin, plain, context) == []
    qid = shown[-1]
    marked = Draft(library="none", added=(OwnSection(
        heading="Notice", text=f"Notice is given [[answer:{qid}]] before."),))
    assert asked_questions(builtin, marked, context) == [qid]
    library = Draft()
    assert asked_questions(builtin, library, context) == shown
