"""Word export: read back independently (python-docx, and a numbering-aware reader).

Golden files: ``UPDATE_GOLDEN=1 python -m pytest tests/test_export_docx.py`` rewrites
tests/golden/*/ from the current exporter; review the diff before committing it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import docx
import pytest
from lxml import etree

from ordinance_tui.core.document import (
    Ordinance,
    PageSetup,
    Paragraph,
    Ref,
    Section,
    Subsection,
    TermDef,
    inline_text,
)
from ordinance_tui.export.common import running_name
from ordinance_tui.export.docx import clean, render_docx

from . import sample_ordinance
from .docx_text import W, bookmarks, field_instructions, normalised, parts, read

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PARTS = ("word/document.xml", "word/numbering.xml", "word/styles.xml", "docProps/core.xml")


def expected_lines(o: Ordinance, *, annotated: bool = False) -> list[str]:
    """What the .docx should print, from the tree (notes and front matter excluded)."""
    lines: list[str] = []

    def text(paragraph: Paragraph) -> str:
        return "".join(inline_text(i) for i in paragraph.inlines)

    def sub(s: Subsection) -> None:
        lines.append(f"{s.marker} {text(s.content)}")
        for child in s.children:
            sub(child)

    def section(s: Section) -> None:
        lines.append(f"{s.label} {s.heading}")
        for block in s.blocks:
            if isinstance(block, Subsection):
                sub(block)
            else:
                lines.append(text(block))
        for nested in s.sections:
            section(nested)

    for s in o.sections:
        section(s)
    return [" ".join(clean(line).split()) for line in lines]


def body_lines(data: bytes) -> list[str]:
    skip = {"DraftersNote", "DraftersNoteHeading", "DraftersNoteSource", "ChapterHeading"}
    paras = read(data)
    start = next(i for i, p in enumerate(paras) if p.style == "Heading1")
    end = max(i for i, p in enumerate(paras) if p.style.startswith(("Heading", "OrdLevel",
                                                                    "CodeLevel", "Body",
                                                                    "Definition")))  # fmt: skip
    return [p.line for p in paras[start : end + 1] if p.style not in skip]


ALL = {
    "sample": sample_ordinance.sample,
    "codified": sample_ordinance.codified,
    "hostile": sample_ordinance.hostile,
}


@pytest.fixture(params=sorted(ALL))
def tree(request: pytest.FixtureRequest) -> Ordinance:
    return ALL[request.param]()


@pytest.mark.parametrize("annotated", [False, True])
def test_python_docx_reopens_and_reads_properties(tree: Ordinance, annotated: bool) -> None:
    data = render_docx(tree, annotated=annotated)
    document = docx.Document(BytesIO(data))
    assert len(document.paragraphs) > 40
    props = document.core_properties
    assert props.title == " ".join(clean(tree.short_title).split())
    assert "not legal advice" in props.comments
    assert props.revision == 1
    assert props.created is not None and props.created.date().isoformat() == tree.date
    assert props.modified == props.created
    assert props.author and "python-docx" not in props.author
    assert tree.instrument in props.keywords
    assert len(props.subject) <= 255
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith(clean(running_name(tree)))
    assert section.header.paragraphs[0].text.endswith(" of November 26, 2026")
    footer = etree.fromstring(parts(data)["word/footer1.xml"])
    instr = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instr == ["PAGE \\* Arabic", "NUMPAGES \\* Arabic"]


@pytest.mark.parametrize("name", ["sample", "codified"])
def test_printed_text_matches_the_tree(name: str) -> None:
    tree = ALL[name]()
    assert body_lines(render_docx(tree)) == expected_lines(tree)


def test_hostile_text_is_cleaned_and_printed() -> None:
    tree = sample_ordinance.hostile()
    data = render_docx(tree)
    lines = body_lines(data)
    assert lines == expected_lines(tree)
    text = "\n".join(p.text for p in read(data))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", text)
    assert "line break tab end" in text and "<w:p> & {{ x }}" in text
    assert "\U0001f600" in text  # a real emoji survives; lone surrogates become U+FFFD
    assert "Heading with break" in text
    props = docx.Document(BytesIO(data)).core_properties
    assert len(props.subject) <= 255 and props.author == "Ada Ruiz"


def test_sections_and_subsections_use_native_numbering() -> None:
    for make in (sample_ordinance.sample, sample_ordinance.codified):
        data = render_docx(make())
        document = parts(data)["word/document.xml"].decode()
        assert 'w:numId w:val="0"' not in document  # nothing fell back to typed labels
        # markers come from the numbering, never typed at the start of a paragraph
        assert not re.search(r"</w:pPr>(<w:bookmarkStart[^>]*>)?<w:r><w:t[^>]*>\(", document)
        paras = read(data)
        numbered = [p for p in paras if p.number]
        assert len(numbered) >= 50
        # every section and code section restarts its subsections at (a)
        firsts = []
        for i, p in enumerate(paras):
            if p.style in ("Heading1", "Heading2"):
                following = paras[i + 1 :]
                nxt = next((q for q in following if q.style.startswith("Heading")), None)
                stop = following.index(nxt) if nxt is not None else len(following)
                level1 = [q for q in following[:stop] if q.style.endswith("Level1")]
                if level1:
                    firsts.append(level1[0].number.strip())
        assert len(firsts) >= 8 and set(firsts) == {"(a)"}


def test_numbering_part_is_well_formed_for_word() -> None:
    data = render_docx(sample_ordinance.codified())
    numbering = etree.fromstring(parts(data)["word/numbering.xml"])
    tags = [child.tag for child in numbering]
    last_abstract = max(i for i, t in enumerate(tags) if t == f"{W}abstractNum")
    first_num = min(i for i, t in enumerate(tags) if t == f"{W}num")
    assert last_abstract < first_num
    order = ["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText",
             "lvlPicBulletId", "legacy", "lvlJc", "pPr", "rPr"]  # fmt: skip
    for abstract in numbering.iter(f"{W}abstractNum"):
        assert abstract.find(f"{W}multiLevelType").get(f"{W}val") == "multilevel"
        lvls = abstract.findall(f"{W}lvl")
        assert [int(lvl.get(f"{W}ilvl")) for lvl in lvls] == list(range(9))
        for lvl in lvls:
            names = [child.tag[len(W) :] for child in lvl]
            assert names == sorted(names, key=order.index)
    styles = etree.fromstring(parts(data)["word/styles.xml"])
    linked = {
        s.get(f"{W}styleId"): s.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
        for s in styles.iter(f"{W}style")
        if s.find(f"{W}pPr/{W}numPr") is not None
    }
    assert linked["Heading1"] == "1" and linked["OrdLevel1"] == "1"
    assert linked["Heading2"] == "2" and linked["CodeLevel3"] == "2"
    code_level = numbering.find(f"{W}abstractNum[@{W}abstractNumId='1']/{W}lvl")
    assert code_level.find(f"{W}numFmt").get(f"{W}val") == "decimalZero"
    assert code_level.find(f"{W}lvlText").get(f"{W}val") == "2.99.%10"


@pytest.mark.parametrize("name", ["sample", "codified"])
def test_cross_references_are_ref_fields_to_bookmarked_targets(name: str) -> None:
    tree = ALL[name]()
    data = render_docx(tree)
    marks = bookmarks(data)
    instructions = [i for i in field_instructions(data) if i.startswith("REF")]
    refs = [
        inline
        for section in tree.all_sections()
        for paragraph in section.paragraphs()
        for inline in paragraph.inlines
        if isinstance(inline, Ref) and inline.anchor
    ]
    assert len(instructions) >= len([r for r in refs if r.text != "this section"])
    for instruction in instructions:
        _, name_, switch, hyperlink = instruction.split()
        assert switch in ("\\w", "\\n") and hyperlink == "\\h"
        assert name_ in marks, instruction
        assert name_.startswith("_Ref_") and len(name_) <= 40
    # the bookmarked paragraph is the one the anchor names
    anchors = {s.anchor: f"{s.label} {s.heading}" for s in tree.all_sections()}
    for section in tree.all_sections():
        for sub in section.walk():
            anchors[sub.anchor] = sub.marker
    for bookmark, line in marks.items():
        match = [a for a in anchors if re.sub(r"[^A-Za-z0-9]+", "_", a).strip("_")[:31]
                 == bookmark[5:36]]  # fmt: skip
        assert match and line.startswith(anchors[match[0]].split(" ")[0])
    document = etree.fromstring(parts(data)["word/document.xml"])
    ids = [b.get(f"{W}id") for b in document.iter(f"{W}bookmarkStart")]
    ends = [b.get(f"{W}id") for b in document.iter(f"{W}bookmarkEnd")]
    assert sorted(ids) == sorted(ends) and len(set(ids)) == len(ids)


def test_reference_field_plans() -> None:
    data = render_docx(sample_ordinance.sample())
    document = parts(data)["word/document.xml"].decode()
    instructions = field_instructions(data)
    # cross-section: one \w field whose cached result is the whole reference
    assert "REF _Ref_approval_required_a \\w \\h" in instructions
    assert ">Section\u00a03(a)</w:t>" in document
    # same section: literal words around one \n field per level
    assert "REF _Ref_approval_required_a_2 \\n \\h" in instructions
    assert "REF _Ref_approval_required_a_2_C \\n \\h" in instructions
    # "subsection" and "Section" are bound to the number that follows (third reading, L16)
    assert ">subsection\u00a0</w:t>" in document and "> of this section</w:t>" in document
    codified = parts(render_docx(sample_ordinance.codified()))["word/document.xml"].decode()
    assert ">Section\u00a0</w:t>" in codified and ">2.99.050(b)</w:t>" in codified


def test_labels_the_numbering_cannot_express_fall_back_to_text() -> None:
    tree = sample_ordinance.sample()
    # a style with "§" labels but "section" references, and a gap in the markers
    sections = tuple(
        replace(s, label=f"\u00a7 {s.number}.", ref_label=f"section {s.number}")
        for s in tree.sections
    )
    odd = sections[2]
    first = odd.blocks[0]
    assert isinstance(first, Subsection)
    sections = (*sections[:2], replace(odd, blocks=(replace(first, marker="(z)"),
                                                     *odd.blocks[1:])), *sections[3:])  # fmt: skip
    tree = replace(tree, sections=sections)
    data = render_docx(tree)
    assert body_lines(data) == expected_lines(tree)
    document = parts(data)["word/document.xml"].decode()
    assert 'w:numId w:val="0"' in document  # the (z) paragraph
    assert "<w:hyperlink w:anchor=" in document  # "section 3(a)" is not what \w prints


def test_unresolved_reference_is_highlighted_text() -> None:
    tree = sample_ordinance.sample()
    section = tree.sections[3]
    para = Paragraph((Ref("gone.clause", "", "[missing reference: gone.clause]", False),))
    tree = replace(
        tree, sections=(*tree.sections[:3], replace(section, blocks=(*section.blocks, para)),
                        *tree.sections[4:])
    )  # fmt: skip
    document = parts(render_docx(tree))["word/document.xml"].decode()
    assert '<w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">[missing' in document


def test_definitions_bold_the_term() -> None:
    data = render_docx(sample_ordinance.sample())
    document = parts(data)["word/document.xml"].decode()
    assert (
        '<w:rStyle w:val="DefinedTerm"/></w:rPr><w:t xml:space="preserve">Face Surveillance<'
        in document
    )
    paras = read(data)
    assert any(p.line.startswith("(a) \u201cFace Surveillance\u201d means") for p in paras)
    assert any(isinstance(i, TermDef) for s in sample_ordinance.sample().sections
               for p in s.paragraphs() for i in p.inlines)  # fmt: skip


def test_annotated_edition_adds_notes_and_the_clean_one_has_none() -> None:
    tree = sample_ordinance.sample()
    clean_paras = read(render_docx(tree))
    notes = [p for p in clean_paras if p.style.startswith("DraftersNote")]
    assert notes == []
    annotated = read(render_docx(tree, annotated=True))
    headings = [p.text for p in annotated if p.style == "DraftersNoteHeading"]
    with_notes = [s for s in tree.sections if s.commentary or s.sources]
    assert len(headings) == len(with_notes) + 1  # plus the edition notice
    assert all("not part of the ordinance" in h for h in headings[1:])
    text = "\n".join(p.text for p in annotated)
    assert "Approve-before-you-buy" in text
    assert "Riverton Administrative Rule 12 \u2014 local practice (citation not verified)" in text
    assert body_lines(render_docx(tree, annotated=True)) == expected_lines(tree)
    header = parts(render_docx(tree, annotated=True))["word/header1.xml"].decode()
    assert "Annotated edition" in header


def test_page_setup_and_fonts() -> None:
    letter = parts(render_docx(sample_ordinance.sample()))
    assert b'<w:pgSz w:w="12240" w:h="15840"/>' in letter["word/document.xml"]
    assert b"lnNumType" not in letter["word/document.xml"]
    a4 = parts(render_docx(sample_ordinance.sample(PageSetup("a4", "Georgia", 11, 1.25, True))))
    assert b'<w:pgSz w:w="11906" w:h="16838"/>' in a4["word/document.xml"]
    assert b'w:top="1800"' in a4["word/document.xml"]
    assert b'<w:lnNumType w:countBy="1"' in a4["word/document.xml"]
    assert (
        b'w:ascii="Georgia"' in a4["word/styles.xml"]
        and b'<w:sz w:val="22"/>' in a4["word/styles.xml"]
    )


def test_deterministic_bytes_and_parts() -> None:
    for make in ALL.values():
        assert render_docx(make()) == render_docx(make())
        assert render_docx(make(), annotated=True) == render_docx(make(), annotated=True)


def test_every_part_is_well_formed_xml() -> None:
    for make in ALL.values():
        for name, blob in parts(render_docx(make(), annotated=True)).items():
            etree.fromstring(blob)  # raises on malformed XML
            assert name.endswith((".xml", ".rels"))


@pytest.mark.parametrize(("name", "annotated"), [("sample", False), ("codified", True)])
def test_golden_parts(name: str, annotated: bool) -> None:
    data = parts(render_docx(ALL[name](), annotated=annotated))
    folder = GOLDEN / (name + ("-annotated" if annotated else ""))
    for part in GOLDEN_PARTS:
        got = normalised(data[part])
        path = folder / part.replace("/", "__")
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(got, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
        assert got == path.read_text(encoding="utf-8"), f"{part} differs from {path}"


def test_text_matches_the_markdown_export() -> None:
    markdown = pytest.importorskip("ordinance_tui.export.markdown")
    for make in (sample_ordinance.sample, sample_ordinance.codified):
        tree = make()
        md_lines = []
        for line in markdown.render_markdown(tree).splitlines():
            line = re.sub(r"\\(.)", r"\1", line.replace("**", "")).strip().lstrip("#").strip()
            line = line.removeprefix("- ")  # a subsection is a list item: "- (a) ..."
            if line:
                md_lines.append(unicodedata.normalize("NFC", " ".join(line.split())))
        docx_lines = body_lines(render_docx(tree))
        # every printed line of the body appears in the Markdown export, in order
        position = 0
        for line in docx_lines:
            assert line in md_lines[position:], line
            position = md_lines.index(line, position) + 1


# -- seeds, assembled by the engine ------------------------------------------------------


def _fixture_seed_trees() -> dict[str, Ordinance]:
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.draft import draft_from_data

    from .conftest import TODAY, fixture_library, seed_draft

    lib = fixture_library()
    trees = {f"fixture-{s}": assemble(lib, seed_draft(lib, s), today=TODAY) for s in lib.seeds}
    # the state style: "§ 1." labels, "1." markers, "section 4(2)" references
    data = {k: v for k, v in lib.seeds["ban"].data.items() if k != "seed"}
    data["jurisdiction"] = {**data["jurisdiction"], "style": "state", "kind": "state"}
    draft, problems = draft_from_data(data, "state")
    assert problems == []
    trees["fixture-ban-state"] = assemble(lib, draft, today=TODAY)
    return trees


def _builtin_seed_ids() -> list[str]:
    try:
        from ordinance_tui.core.library import load_library

        lib = load_library()
    except Exception:  # noqa: BLE001 - collection must not fail on a broken library
        return []
    return [] if lib.errors else sorted(lib.seeds)


def _check_export(tree: Ordinance) -> None:
    for annotated in (False, True):
        data = render_docx(tree, annotated=annotated)
        docx.Document(BytesIO(data))
        assert body_lines(data) == expected_lines(tree)
        marks = bookmarks(data)
        for instruction in field_instructions(data):
            if instruction.startswith("REF"):
                assert instruction.split()[1] in marks
    from ordinance_tui.export.markdown import render_markdown

    md_text = " ".join(re.sub(r"\\(.)", r"\1", render_markdown(tree).replace("**", "")).split())
    for line in body_lines(render_docx(tree)):
        assert line in md_text, line


def test_fixture_seeds_export() -> None:
    trees = _fixture_seed_trees()
    assert len(trees) >= 3
    for tree in trees.values():
        _check_export(tree)
    state = parts(render_docx(trees["fixture-ban-state"]))
    assert b'w:val="\xc2\xa7\xc2\xa0%1"' in state["word/numbering.xml"]  # "§ %1", no break
    assert b'<w:lvlText w:val="%2."/>' in state["word/numbering.xml"]


@pytest.mark.parametrize("seed", _builtin_seed_ids() or ["(none)"])
def test_builtin_seeds_export(seed: str) -> None:
    if seed == "(none)":
        pytest.skip("the built-in library has no seeds yet, or has errors")
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.draft import draft_from_data
    from ordinance_tui.core.library import load_library

    from .conftest import TODAY

    lib = load_library()
    draft, _ = draft_from_data(lib.seeds[seed].data, seed)
    _check_export(assemble(lib, draft, today=TODAY))


def test_minimal_ordinance_exports() -> None:
    from ordinance_tui.export.html import render_html

    tree = Ordinance(
        jurisdiction_name="",
        style_id="city",
        instrument="",
        caption=(),
        short_title="",
        long_title="",
        recitals=(),
        recitals_intro="",
        recitals_outro="",
        enacting_clause="",
        sections=(),
        signature=(),
        date="",
        page=PageSetup(size="tabloid", font="", font_size=0, margins_in=-1),
    )
    for annotated in (False, True):
        data = render_docx(tree, annotated=annotated)
        props = docx.Document(BytesIO(data)).core_properties
        assert props.created is None and "not legal advice" in props.comments
        assert render_html(tree, annotated=annotated).endswith("</html>\n")


def test_section_words_never_end_a_line_apart_from_their_numbers() -> None:
    # Third reading, L16: LibreOffice PDFs ended lines in "Section" with the number on the
    # next line. The word is bound to its number by a no-break space: in the text before a
    # REF field, inside typed references, and in the level text that a REF field's result
    # is recomputed from ("Section %1.").
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.draft import draft_from_data
    from ordinance_tui.core.library import load_library

    from .conftest import TODAY

    lib = load_library()
    for seed, kind in (("ccops", "city"), ("sf-combo", "city-county")):
        draft, _ = draft_from_data(lib.seeds[seed].data, seed)
        draft = draft.with_jurisdiction(kind=kind, style=kind)
        data = parts(render_docx(assemble(lib, draft, today=TODAY)))
        document = data["word/document.xml"].decode("utf-8")
        assert re.search(r"\b(Sections?|subsections?) </w:t>", document) is None, seed
        assert re.search(r"\b(Sections?|subsections?) [0-9(]", document) is None, seed
        assert "Section\u00a0" in document and "subsection\u00a0" in document
        if seed == "sf-combo":  # sections numbered by Word: "Section %1" in the level text
            assert 'w:val="Section\u00a0%1"' in data["word/numbering.xml"].decode("utf-8")
