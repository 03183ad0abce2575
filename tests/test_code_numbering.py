"""Code numbering as codes do it, and "§" / "Sec." bound to their numbers.

- each shipped style numbers a codified chapter in its publisher's convention
  (golden: the first three code-section labels and cross-references as printed
  in txt), and its docx prints the same labels and REF fields (read back);
- a style's ``code_numbering`` sets separator, start, step, zero-padding, the
  period after the label, a reserved penalties number ("305.99", last in the
  chapter) and the bill's own labels in codified mode; bill sections and code
  sections are never conflated;
- a non-breaking space (U+00A0) stands between "§" or "Sec." and the number in
  every label and reference, in txt, md, html and docx, read back from each.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import docx
import pytest
from lxml import etree

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance, Ref
from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.core.lint import lint
from ordinance_tui.core.numbering import bind_signs, code_template
from ordinance_tui.export.common import bind_section_words
from ordinance_tui.export.docx import render_docx
from ordinance_tui.export.html import render_html
from ordinance_tui.export.markdown import render_markdown
from ordinance_tui.export.text import render_text

from .conftest import TODAY
from .docx_text import W, bookmarks, parts, read

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def library() -> Library:
    built = load_library()
    assert built.problems == ()
    return built


def codified(library: Library, seed: str, style: str, chapter: str, **jur: object) -> Draft:
    draft, problems = draft_from_data(library.seeds[seed].data, seed)
    assert problems == []
    return draft.with_jurisdiction(style=style, chapter_number=chapter, codified=True, **jur)


def build(library: Library, seed: str, style: str, chapter: str) -> Ordinance:
    return assemble(library, codified(library, seed, style, chapter), today=TODAY)


def flat(text: str) -> str:
    """Text on one line, ordinary spaces and line breaks collapsed, NBSP kept."""
    return re.sub(r"[ \n]+", " ", text)


def section_txt(o: Ordinance, clause_id: str) -> str:
    """The txt lines of one code section, from its label line to the next section's."""
    text = render_text(o)
    section = o.find(clause_id)
    assert section is not None
    start = text.index(f"{section.label} {section.heading}\n")
    following = [s for s in o.all_sections()][[s.clause_id for s in o.all_sections()]
                                               .index(clause_id) + 1]
    end = text.index(f"{following.label} {following.heading}\n", start)
    return flat(text[start:end])


# -- the shipped publisher styles: golden labels and references (txt) ------------------------
# style: (chapter, first three code-section lines, the face ban's list of its exceptions,
#         the evidence exception's reference to the unsolicited-information exception)
GOLDEN = {
    "municode": ("2", ["Sec.\u00a02-1. Short title", "Sec.\u00a02-2. Purpose",
                       "Sec.\u00a02-3. Definitions"],
                 "Except as provided in sections 2-9 through 2-12, no Agency",
                 "used only as section 2-11 allows"),
    "general-code": ("123", ["\u00a7\u00a0123-1. Short title", "\u00a7\u00a0123-2. Purpose",
                             "\u00a7\u00a0123-3. Definitions"],
                     "Except as provided in \u00a7\u00a7\u00a0123-9 through 123-12, no Agency",
                     "used only as \u00a7\u00a0123-11 allows"),
    "american-legal": ("305", ["305.01 Short title", "305.02 Purpose", "305.03 Definitions"],
                       "Except as provided in Sections 305.09 through 305.12, no Agency",
                       "used only as Section 305.11 allows"),
    "san-francisco": ("19B", ["SEC.\u00a019B.1. Short title", "SEC.\u00a019B.2. Purpose",
                              "SEC.\u00a019B.3. Definitions"],
                      "Except as provided in Sections 19B.9 through 19B.12, no Agency",
                      "used only as Section 19B.11 allows"),
}  # fmt: skip


@pytest.mark.parametrize("style", sorted(GOLDEN))
def test_publisher_style_labels_and_references_as_printed(library: Library, style: str) -> None:
    chapter, first_three, ban_list, one_ref = GOLDEN[style]
    o = build(library, "face-ban", style, chapter)
    text = render_text(o)
    lines = text.splitlines()
    assert [line for line in lines if line in first_three] == first_three
    # the bill around the chapter keeps its own numbers: "Section 1." adds the chapter
    assert "Section 1. Addition of Chapter " + chapter in text
    assert [s.label for s in o.sections] == ["Section 1.", "Section 2.", "Section 3."]
    assert ban_list in flat(text)
    assert one_ref in section_txt(o, "exceptions.outside-evidence")
    draft = codified(library, "face-ban", style, chapter)
    assert [d.format() for d in lint(library, draft, o) if d.severity == "error"] == []


@pytest.mark.parametrize("style", sorted(GOLDEN))
def test_publisher_style_docx_labels_and_ref_fields(library: Library, style: str) -> None:
    o = build(library, "face-ban", style, GOLDEN[style][0])
    data = render_docx(o)
    docx.Document(BytesIO(data))  # python-docx reopens it
    # every section heading reads back as its label (Word's number, then the tail)
    headings = {f"{p.number}{p.text}" for p in read(data) if p.style.startswith("Heading")}
    for section in o.all_sections():  # "Section" bound to its number, as Word prints it
        assert bind_section_words(f"{section.label} {section.heading}") in headings, \
            section.label
    # each reference is a REF field whose cached result is (part of) the printed
    # reference, or an internal link, to the bookmark at its target's heading or marker
    marks = bookmarks(data)
    document = etree.fromstring(parts(data)["word/document.xml"])
    links = [h.get(f"{W}anchor") for h in document.iter(f"{W}hyperlink")]
    results = ref_results(data)
    refs = [r for s in o.all_sections() for p in s.paragraphs() for r in p.inlines
            if isinstance(r, Ref) and r.anchor and r.text != "this section"]
    assert refs
    printed = flat(" ".join(p.text for p in read(data)))
    targets = {s.anchor: s.label for s in o.all_sections()}
    targets |= {sub.anchor: sub.marker for s in o.all_sections() for sub in s.walk()}
    for ref in refs:
        assert bind_section_words(ref.text) in printed
        name = _bookmark(ref.anchor, marks)
        assert name in links or any(n == name for n, _ in results), ref
        assert marks[name].startswith(" ".join(targets[ref.anchor].split()))
    for name, result in results:
        assert name in marks
        assert any(result in r.text and _bookmark(r.anchor, marks) == name for r in refs), result
    if style == "american-legal":
        # the label's form and the reference's agree: Word prints the code reference itself
        code = [r for _, r in results if "305." in r]
        assert code, results
        assert all(r.startswith("305.") for r in code)
    if style == "general-code":
        # A "§" reference is a link holding the printed text, never a REF field: LibreOffice
        # rewrites a field's text from the numbering and breaks the line after the "§".
        assert not any("\u00a7" in r for _, r in results), results
        linked = ["".join(t.text or "" for t in h.iter(f"{W}t"))
                  for h in document.iter(f"{W}hyperlink")]
        code = [t for t in linked if "123-" in t]
        assert code, linked
        # one section: "§ 123-11"; in a list ("§§ 123-9 through 123-12") each number alone
        assert all(re.fullmatch(r"(\u00a7\u00a0)?123-\d+", t) for t in code), code
        assert any(t.startswith("\u00a7\u00a0") for t in code), code


def _bookmark(anchor: str, marks: dict[str, str]) -> str:
    """The bookmark the exporter named for ``anchor`` (as tests/test_export_docx.py finds it)."""
    key = re.sub(r"[^A-Za-z0-9]+", "_", anchor).strip("_")[:31]
    found = [m for m in marks if m[5:36] == key]
    assert len(found) == 1, (anchor, found)
    return found[0]


def ref_results(data: bytes) -> list[tuple[str, str]]:
    """(bookmark, cached result) of every REF field, in document order."""
    document = etree.fromstring(parts(data)["word/document.xml"])
    out: list[tuple[str, str]] = []
    state, instr, result = "", "", []
    for node in document.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                state, instr, result = "instr", "", []
            elif kind == "separate":
                state = "result"
            elif kind == "end":
                if instr.split()[:1] == ["REF"]:
                    out.append((instr.split()[1], "".join(result)))
                state = ""
        elif node.tag == f"{W}instrText" and state == "instr":
            instr += node.text or ""
        elif node.tag == f"{W}t" and state == "result":
            result.append(node.text or "")
    return out


# -- the built-in styles in codified mode ---------------------------------------------------
def code_labels(o: Ordinance) -> list[str]:
    return [s.label for s in o.sections[0].sections]


def test_town_codes_count_one_by_one(library: Library) -> None:
    o = build(library, "face-ban", "town", "112")
    assert code_labels(o)[:3] == ["\u00a7\u00a0112-1.", "\u00a7\u00a0112-2.", "\u00a7\u00a0112-3."]
    assert o.find("exceptions.unsolicited").ref_label == "\u00a7\u00a0112-11"
    assert o.numbering.code_sections is not None
    assert o.numbering.code_sections.pattern == "\u00a7\u00a0112-{}."
    assert [s.label for s in o.sections][:2] == ["Section 1.", "Section 2."]


def test_general_code_styles_cite_lettered_subsections_bare(library: Library) -> None:
    """A town's subsections are marked "A." and cited "subsection A" and "§ 9.70-16D", as
    General Code cites them; a city's "(a)" stays "(a)" (counsel's reading, 2026-12)."""
    town = flat(render_text(build(library, "ccops", "town-ordinance", "9.70")))
    assert "subsection A of this section" in town
    assert "under \u00a7\u00a09.70-16D, because the City Council has denied" in town
    assert "(A) of this section" not in town and not re.search(r"9\.70-\d+\(D\)", town)
    city = flat(render_text(build(library, "ccops", "city", "9.70")))
    assert "subsection (a) of this section" in city
    assert re.search(r"under Section 9\.70\.\d+\(d\), because the City Council has denied", city)


def test_county_code_sections_are_zero_padded_and_bill_sections_differ(library: Library
                                                                        ) -> None:
    o = build(library, "face-ban", "county", "2.95")
    assert code_labels(o)[:2] == ["\u00a7\u00a02.95.010", "\u00a7\u00a02.95.020"]
    # the ordinance's own sections are "Section 1." in codified mode, never "§ 1."
    assert [s.label for s in o.sections] == ["Section 1.", "Section 2.", "Section 3."]
    uncodified = assemble(library, codified(library, "face-ban", "county", "2.95").
                          with_jurisdiction(codified=False), today=TODAY)
    assert uncodified.sections[0].label == "\u00a7\u00a01."


def test_state_bill_sections_are_not_code_sections(library: Library) -> None:
    o = build(library, "face-ban", "state", "43.386")
    assert [s.label for s in o.sections] == ["Sec.\u00a01.", "Sec.\u00a02.", "Sec.\u00a03."]
    assert code_labels(o)[:2] == ["43.386.010.", "43.386.020."]
    assert not any(label.startswith("Sec.") for label in code_labels(o))
    assert o.find("exceptions.unsolicited").ref_label == "section 43.386.110"


def test_city_code_numbers_are_unchanged(library: Library) -> None:
    o = build(library, "face-ban", "city", "2.95")
    assert code_labels(o)[:3] == ["2.95.010", "2.95.020", "2.95.030"]
    assert "Except as provided in Sections 2.95.090 through 2.95.120, no Agency" in flat(
        render_text(o))


def test_every_style_keeps_bill_and_code_references_apart(library: Library) -> None:
    """In codified mode no code section's label or reference reads as a bill section's."""
    for style in library.styles:
        o = build(library, "face-ban", style, "7")
        bill = {s.label for s in o.sections} | {s.ref_label for s in o.sections}
        for section in o.sections[0].sections:
            assert "7" in section.label and section.label not in bill, (style, section.label)
            assert section.ref_label not in bill
        # a code section that cites the ordinance's own effective-date section says so
        draft = codified(library, "face-ban", style, "7").with_override(
            "title.purpose", "This chapter takes effect as {{ ref(\"general.effective-date\") }} "
            "provides.")
        cited = assemble(library, draft, today=TODAY)
        text = flat(section_txt(cited, "title.purpose"))
        effective = cited.find("general.effective-date")
        assert f"as {effective.ref_label} of this {cited.instrument} provides" in text, style


# -- the penalties section at its reserved number --------------------------------------------
def test_penalty_section_takes_its_reserved_number_and_ends_the_chapter(library: Library
                                                                        ) -> None:
    draft = codified(library, "moratorium", "american-legal", "305")
    o = assemble(library, draft, today=TODAY)
    chapter = o.sections[0].sections
    assert chapter[-1].clause_id == "enforcement.criminal"
    assert chapter[-1].label == "305.99" and chapter[-1].ref_label == "Section 305.99"
    assert [s.label for s in chapter[:-1]] == [f"305.{k:02d}" for k in range(1, len(chapter))]
    # a reference to it prints the reserved number
    cited = assemble(library, draft.with_override(
        "title.purpose",
        "A violation is punished as {{ ref(\"enforcement.criminal\") }} provides."), today=TODAY)
    assert "as Section 305.99 provides" in section_txt(cited, "title.purpose")
    # Word numbers 305.01 ... natively; the reserved number is printed as it is
    data = render_docx(cited)
    headings = [f"{p.number}{p.text}" for p in read(data) if p.style.startswith("Heading")]
    assert "305.99 Criminal penalty" in headings
    assert "305.01 Short title" in headings
    # the same draft in a style with no reserved number counts the penalty in order
    plain = assemble(library, draft.with_jurisdiction(style="city"), today=TODAY)
    in_order = [s.clause_id for s in plain.sections[0].sections]
    k = in_order.index("enforcement.criminal") + 1
    assert plain.find("enforcement.criminal").label == f"305.{k * 10:03d}"
    assert "305.99" not in render_text(plain)


# -- the non-breaking space in every format ---------------------------------------------------
SIGN = re.compile(r"(§§?|Sec\.|SEC\.|Secs\.)(.)")


def signs(text: str) -> list[str]:
    """What follows each "§", "§§", "Sec." or "SEC." in ``text``."""
    return [m.group(2) for m in SIGN.finditer(text)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


@pytest.mark.parametrize(("style", "chapter"), [("general-code", "123"), ("municode", "2"),
                                                ("san-francisco", "19B"), ("state", "43.386")])
def test_signs_never_end_a_line_in_any_format(library: Library, style: str, chapter: str
                                              ) -> None:
    o = build(library, "face-ban", style, chapter)
    assert any(SIGN.search(s.label) for s in o.all_sections())
    txt = render_text(o)
    md = render_markdown(o)
    parser = _Text()
    parser.feed(render_html(o))
    html = "".join(parser.chunks)
    data = render_docx(o)
    document = etree.fromstring(parts(data)["word/document.xml"])
    numbering = etree.fromstring(parts(data)["word/numbering.xml"])
    levels = [lvl.get(f"{W}val") for lvl in numbering.iter(f"{W}lvlText")]
    # Word prints native labels from the level texts, the rest from the runs
    word = " ".join([t.text or "" for t in document.iter(f"{W}t")] + levels)
    for name, text in (("txt", txt), ("md", md), ("html", html), ("docx", word)):
        found = signs(text)
        assert found, name
        assert set(found) == {NBSP}, (name, sorted(set(found)))
    assert any(NBSP in level for level in levels if SIGN.search(level))
    assert all(set(signs(level)) <= {NBSP} for level in levels)
    # wrapped txt never leaves a sign at a line's end
    assert not re.search(r"(§§?|Sec\.|SEC\.)\s*$", txt, flags=re.MULTILINE)


def test_lint_and_section_lists_read_the_bound_signs(library: Library) -> None:
    draft = codified(library, "face-ban", "general-code", "123")
    o = assemble(library, draft, today=TODAY)
    # the same diagnostics as the draft in a style with no signs: none from the NBSP
    plain = draft.with_jurisdiction(style="city")
    assert sorted(d.code for d in lint(library, draft, o)) == sorted(
        d.code for d in lint(library, plain))
    ban = o.find("prohibitions.face-ban")
    texts = [i.text for p in ban.paragraphs() for i in p.inlines]
    assert "Except as provided in \u00a7\u00a7\u00a0" in texts  # "§§ 123-9 through 123-12"


# -- the building blocks --------------------------------------------------------------------
def test_code_template_spells_out_the_number() -> None:
    assert code_template("\u00a7 {number}", chapter="112", separator="-", width=0,
                         period=True) == "\u00a7 112-{n}."
    assert code_template("{number}", chapter="2.95", separator=".", width=3) == "2.95.{n:03d}"
    assert code_template("Section {chapter}.{n:03d}", chapter="2.99", separator="-",
                         width=0) == "Section 2.99.{n:03d}"
    assert code_template("{number}", chapter="{x}", separator=".", width=2) == "{{x}}.{n:02d}"
    assert code_template("{number}", chapter="{x}", separator=".", width=2).format(n=5) == \
        "{x}.05"


@pytest.mark.parametrize(("text", "expected"), [
    ("\u00a7 4", "\u00a7\u00a04"),
    ("\u00a7\u00a7 4 through 6", "\u00a7\u00a7\u00a04 through 6"),
    ("Sec. 2-1.", "Sec.\u00a02-1."),
    ("SEC. 19B.1.", "SEC.\u00a019B.1."),
    ("Secs. 3 and 4", "Secs.\u00a03 and 4"),
    ("Section 4", "Section 4"),             # a word, not a sign: it may wrap
    ("\u00a7 {n}.", "\u00a7\u00a0{n}."),    # in a template, before its field
    ("Codesec. 4", "Codesec. 4"),           # inside a word
])  # fmt: skip
def test_bind_signs(text: str, expected: str) -> None:
    assert bind_signs(text) == expected


def test_bad_code_numbering_is_reported_with_its_line(tmp_path: Path) -> None:
    from ordinance_tui.core.library import LibrarySource

    pack = tmp_path / "pack"
    (pack / "styles").mkdir(parents=True)
    city = Path(load_library().styles["city"].where.file)
    text = city.read_text(encoding="utf-8").replace(
        "code_numbering: {separator: \".\", start: 10, step: 10, width: 3}",
        "code_numbering: {separator: \"{\", start: 10, step: 0, width: 3, "
        "bill_label: \"Section {title}.\"}")
    (pack / "styles" / "city.yaml").write_text(text, encoding="utf-8")
    built = load_library([LibrarySource(pack)])
    messages = [p.message for p in built.problems]
    assert any("code_numbering step must be from 1" in m for m in messages), messages
    assert any("code_numbering separator" in m for m in messages), messages
    assert any("code_numbering bill_label" in m for m in messages), messages
    assert all(p.line > 1 for p in built.problems if "code_numbering" in p.message)
