"""Word accessibility checks: title, language, heading order, colour alone.

Every seed's Word file (clean and annotated, standalone and codified) passes; each check
fires on a file broken in just that way; ``ordinance build`` warns (and still builds)
when a city's template drops the language.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from ordinance_tui.cli import main
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.library import Library
from ordinance_tui.export.accessibility import check_docx
from ordinance_tui.export.docx import render_docx

from .conftest import FIXTURE_LIBRARY, TODAY
from .test_reference_docx import city_template


def _docx(library: Library, seed: str, *, codified: bool = True, annotated: bool = False
          ) -> bytes:
    draft, _ = draft_from_data(library.seeds[seed].data, seed)
    draft = draft.with_jurisdiction(codified=codified, chapter_number="2.99",
                                    chapter_title="Surveillance")
    return render_docx(assemble(library, draft, today=TODAY), annotated=annotated)


def _edit(data: bytes, name: str, change: dict[str, str]) -> bytes:
    """``data`` with ``name``'s XML changed by regular-expression replacements."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == name:
                text = content.decode("utf-8")
                for pattern, replacement in change.items():
                    text, count = re.subn(pattern, replacement, text)
                    assert count, f"{pattern!r} not found in {name}"
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def codes(data: bytes) -> list[str]:
    return [f.code for f in check_docx(data)]


@pytest.mark.parametrize("annotated", [False, True])
def test_every_seed_passes(builtin: Library, annotated: bool) -> None:
    for seed in sorted(builtin.seeds):
        for codified in (False, True):
            assert check_docx(_docx(builtin, seed, codified=codified, annotated=annotated)
                              ) == [], (seed, codified)


def test_a_missing_title_or_language_is_found(builtin: Library) -> None:
    data = _docx(builtin, "face-ban")
    untitled = _edit(data, "docProps/core.xml", {r"<dc:title>[^<]*</dc:title>": "<dc:title/>"})
    assert codes(untitled) == ["A001"]
    no_lang = _edit(data, "word/styles.xml", {r"<w:lang [^>]*/>": ""})
    assert codes(no_lang) == ["A002"]
    # a language on the Normal style is enough
    normal = _edit(no_lang, "word/styles.xml", {
        r'(w:styleId="Normal" w:default="1">.*?)(</w:style>)':
            r'\1<w:rPr><w:lang w:val="en-GB"/></w:rPr>\2'})
    assert codes(normal) == []


def test_a_skipped_heading_level_is_found(builtin: Library) -> None:
    data = _docx(builtin, "face-ban", codified=True)
    assert codes(data) == []
    # the chapter's sections (Heading 2) made level-3 headings: H1 then H3
    skipped = _edit(data, "word/styles.xml", {
        r'(w:styleId="Heading2">.*?<w:outlineLvl w:val=")1(")': r"\g<1>2\2"})
    findings = check_docx(skipped)
    assert [f.code for f in findings] == ["A003"]
    assert "heading level 3 after a level-1 heading" in findings[0].message
    # a first heading below level 1
    first = _edit(data, "word/styles.xml", {
        r'(w:styleId="Heading1">.*?<w:outlineLvl w:val=")0(")': r"\g<1>1\2"})
    assert "as the first" in check_docx(first)[0].message


def test_words_set_apart_by_colour_alone_are_found(builtin: Library) -> None:
    data = _docx(builtin, "face-ban")
    red = _edit(data, "word/document.xml", {r"<w:r>(<w:t[ >])": r'<w:r><w:rPr><w:color '
                                            r'w:val="FF0000"/></w:rPr>\1'})
    findings = check_docx(red)
    assert [f.code for f in findings] == ["A004"] and "run(s) set apart by colour" in str(
        findings[0])
    bold_red = _edit(data, "word/document.xml", {r"<w:r>(<w:t[ >])": r'<w:r><w:rPr><w:b/>'
                                                 r'<w:color w:val="FF0000"/></w:rPr>\1'})
    assert codes(bold_red) == []
    highlighted = _edit(data, "word/document.xml", {
        r"<w:r>(<w:t[ >])": r'<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr>\1'})
    assert codes(highlighted) == ["A004"]


def test_build_warns_when_a_city_template_has_no_language(tmp_path: Path, capsys) -> None:
    template = city_template(tmp_path / "city.docx")
    stripped = _edit(template.read_bytes(), "word/styles.xml", {r"<w:lang [^>]*/>": ""})
    template.write_bytes(stripped)
    out = tmp_path / "o.docx"
    pack = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]
    assert main([*pack, "build", "--seed", "ban", "-o", str(out),
                 "--reference-docx", str(template)]) == 0
    err = capsys.readouterr().err
    assert "accessibility warning A002: the document has no language" in err
    assert out.exists() and codes(out.read_bytes()) == ["A002"]
    # the shipped reference gives no warning
    assert main([*pack, "build", "--seed", "ban", "-o", str(out), "--force"]) == 0
    assert "accessibility" not in capsys.readouterr().err


def test_lint_reports_the_word_files_accessibility(tmp_path: Path, capsys) -> None:
    template = city_template(tmp_path / "city.docx")
    template.write_bytes(_edit(template.read_bytes(), "word/styles.xml",
                               {r"<w:lang [^>]*/>": ""}))
    pack = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]
    assert main([*pack, "lint", "--seed", "ban", "--reference-docx", str(template)]) == 0
    out = capsys.readouterr().out
    assert "warning A002: the Word file: the document has no language" in out
    assert main([*pack, "lint", "--seed", "ban"]) == 0
    assert "A00" not in capsys.readouterr().out  # the shipped template passes
