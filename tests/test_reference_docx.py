"""The Word reference document: the shipped one, a city's own (``--reference-docx``).

- the shipped reference is what ``scripts/make_reference_docx.py`` makes (XML parts
  compared after normalising, never zip bytes);
- a city's template gives its fonts, page size, margins and letterhead: LibreOffice
  converts the export to PDF and pdffonts, pdfinfo and pdftotext read them back;
- a template lacking a style the export needs is refused with the style named
  (``ordinance build`` exits 1), and ``--reference-docx`` needs ``-f docx``;
- building Markdown or HTML never imports python-docx or the Word exporter.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Mm, Pt

from ordinance_tui.export.docx import render_docx
from ordinance_tui.export.ooxml.package import DEFAULT_REFERENCE, ReferenceDocumentError
from ordinance_tui.export.ooxml.styles import REQUIRED

from . import sample_ordinance
from .docx_text import normalised, parts, read
from .test_cli import PACK, run

ROOT = Path(__file__).resolve().parent.parent
LETTERHEAD = "OFFICE OF THE CITY CLERK, 1 CIVIC PLAZA"
needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdffonts") is None,
    reason="LibreOffice (soffice) or poppler (pdffonts) not on PATH: "
    "apt-get install libreoffice-writer-nogui poppler-utils")


def city_template(path: Path, *, font: str = "DejaVu Serif", leave_out: str = "") -> Path:
    """A city's Word template as a clerk would make one: python-docx's default
    document, its own font and A4 pages with 2-inch side margins, a letterhead
    in the header, and our subsection styles added (less ``leave_out``)."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(11)
    for name in ("Body Text", "Title", "Heading 1"):
        document.styles[name].font.name = font
    for n in range(1, 5):
        name = f"Subsection Level {n}"
        if name != leave_out:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Inches(2)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = LETTERHEAD
    document.save(path)
    return path


def test_shipped_reference_is_what_the_script_makes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_reference_docx", ROOT / "scripts" / "make_reference_docx.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = parts(script.make())
    shipped = parts(DEFAULT_REFERENCE.read_bytes())
    assert sorted(made) == sorted(shipped)
    for name in shipped:
        if name.endswith((".xml", ".rels")):
            assert normalised(made[name]) == normalised(shipped[name]), (
                f"{name} differs: run python scripts/make_reference_docx.py")
        else:
            assert made[name] == shipped[name], name
    # what the reference holds: every style the exporters use, both lists, page setup
    document = docx.Document(DEFAULT_REFERENCE)
    names = {style.name.casefold() for style in document.styles}
    assert {name.casefold() for name in REQUIRED} <= names
    assert {"drafter's note", "amended caption", "code subsection level 8"} <= names
    numbering = shipped["word/numbering.xml"].decode()
    assert numbering.count("<w:abstractNum ") == 2 and "Ordinance code sections" in numbering
    assert document.sections[0].left_margin == Inches(1)
    footer = shipped["word/footer1.xml"].decode()
    assert "PAGE \\* Arabic" in footer and "NUMPAGES" in footer
    props = document.core_properties
    assert props.author == "" and props.created is None and "python-docx" not in (
        props.comments or "")


def test_package_is_deterministic_and_python_docx_made() -> None:
    tree = sample_ordinance.sample()
    data = render_docx(tree)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = archive.namelist()
    assert "word/theme/theme1.xml" in names and "word/stylesWithEffects.xml" not in names


def test_city_template_keeps_its_styles_and_gets_ours(tmp_path: Path) -> None:
    template = city_template(tmp_path / "city.docx")
    tree = sample_ordinance.sample()
    data = render_docx(tree, reference_docx=template)
    document = docx.Document(BytesIO(data))
    assert document.styles["Normal"].font.name == "DejaVu Serif"
    section = document.sections[0]
    assert section.left_margin == Inches(2) and round(section.page_width.mm) == 210
    header = " ".join(p.text for p in section.header.paragraphs)
    assert LETTERHEAD in header and "Riverton" in header and "November 26, 2026" in header
    footer = parts(data)["word/footer1.xml"].decode() if "word/footer1.xml" in parts(data) \
        else "".join(p.decode() for n, p in parts(data).items() if n.startswith("word/footer"))
    assert "PAGE \\* Arabic" in footer
    # our styles that the template lacked were copied, numbering is native as with ours
    names = {style.name for style in document.styles}
    assert {"Recital", "Drafter's Note", "Subsection Level 8"} <= names
    lines = [(p.style, p.line) for p in read(data)]
    default = [(p.style, p.line) for p in read(render_docx(tree))]
    ids = {s.style_id: s.name for s in document.styles}
    ours = {s.style_id: s.name for s in docx.Document(BytesIO(render_docx(tree))).styles}
    assert [(ids.get(s, s), line) for s, line in lines] == \
        [(ours.get(s, s), line) for s, line in default]
    assert 'w:numId w:val="0"' not in parts(data)["word/document.xml"].decode()


def test_template_lacking_a_style_is_refused_with_its_name(tmp_path: Path) -> None:
    template = city_template(tmp_path / "city.docx", leave_out="Subsection Level 3")
    with pytest.raises(ReferenceDocumentError) as caught:
        render_docx(sample_ordinance.sample(), reference_docx=template)
    assert "\u201cSubsection Level 3\u201d" in str(caught.value)
    assert "Subsection Level 2" not in str(caught.value)
    out = tmp_path / "o.docx"
    result = run(*PACK, "build", "--seed", "ban", "-f", "docx", "-o", str(out),
                 "--reference-docx", str(template))
    assert result.returncode == 1, result.stderr
    assert "city.docx" in result.stderr and "\u201cSubsection Level 3\u201d" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    (tmp_path / "junk.docx").write_bytes(b"not a zip")
    junk = run(*PACK, "build", "--seed", "ban", "-f", "docx", "-o", str(out),
               "--reference-docx", str(tmp_path / "junk.docx"))
    assert junk.returncode == 1 and "cannot be read as a Word document" in junk.stderr
    wrong = run(*PACK, "build", "--seed", "ban", "-f", "md", "--reference-docx", str(template))
    assert wrong.returncode == 2 and "-f docx" in wrong.stderr


def test_markdown_and_html_never_import_the_word_exporter(tmp_path: Path) -> None:
    md = [*PACK, "build", "--seed", "ban", "-f", "md", "-o", str(tmp_path / "a.md")]
    html = [*PACK, "build", "--seed", "ban", "-f", "html", "-o", str(tmp_path / "a.html")]
    code = ("import sys; from ordinance_tui.cli import main; "
            f"main({md}); main({html}); "
            "bad = [m for m in ('docx', 'ordinance_tui.export.docx', 'lxml') if m in sys.modules]; "
            "assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_office
def test_libreoffice_prints_the_city_font_page_and_margins(tmp_path: Path,
                                                           office_profile: str) -> None:
    template = city_template(tmp_path / "city.docx")
    out = tmp_path / "city-build.docx"
    result = run(*PACK, "build", "--seed", "ban", "-f", "docx", "-o", str(out),
                 "--date", "2026-11-26", "--reference-docx", str(template))
    assert result.returncode == 0, result.stderr
    plain = tmp_path / "plain-build.docx"
    assert run(*PACK, "build", "--seed", "ban", "-f", "docx", "-o", str(plain),
               "--date", "2026-11-26").returncode == 0
    subprocess.run(["soffice", f"-env:UserInstallation={office_profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out), str(plain)],
                   check=True, capture_output=True, timeout=300)

    def tool(*args: str) -> str:
        return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout

    city_pdf, plain_pdf = tmp_path / "city-build.pdf", tmp_path / "plain-build.pdf"
    assert "DejaVuSerif" in tool("pdffonts", str(city_pdf))
    assert "DejaVuSerif" not in tool("pdffonts", str(plain_pdf))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", tool("pdfinfo", str(city_pdf)))
    assert size and abs(float(size.group(1)) - 595.3) < 1 and abs(float(size.group(2)) - 841.9) < 1
    plain_size = re.search(r"Page size:\s+([\d.]+) x", tool("pdfinfo", str(plain_pdf)))
    assert plain_size and abs(float(plain_size.group(1)) - 612) < 1  # letter

    def left_edge(pdf: Path) -> float:
        """The leftmost text position on page 1, in points."""
        xml = tool("pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-")
        return min(float(x) for x in re.findall(r'xMin="([\d.]+)"', xml))

    assert abs(left_edge(city_pdf) - 144) < 6  # 2 inches
    assert abs(left_edge(plain_pdf) - 72) < 6  # the shipped reference: 1 inch
    text = tool("pdftotext", "-layout", str(city_pdf), "-")
    assert LETTERHEAD in text and "Page 1 of" in text
    assert re.search(r"Section 2\. ", text)  # numbering is still Word's own


def test_redline_on_a_city_template(tmp_path: Path) -> None:
    from ordinance_tui.core.redline import compare
    from ordinance_tui.export.redline_docx import render_redline_docx

    template = city_template(tmp_path / "city.docx")
    old, new = sample_ordinance.sample(), sample_ordinance.codified()
    data = render_redline_docx(compare(old, new), reference_docx=template)
    document = docx.Document(BytesIO(data))
    assert document.sections[0].left_margin == Inches(2)
    names = {style.name for style in document.styles}
    assert {"Amended Caption", "Code Subsection Level 1"} <= names
    body = parts(data)["word/document.xml"].decode()
    assert "<w:ins " in body and "<w:del " in body
    assert read(data)[0].text == "AS AMENDED"


def test_template_without_a_numbering_part_gets_one(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    template = city_template(tmp_path / "city.docx")
    document = docx.Document(template)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RT.NUMBERING:
            document.part.drop_rel(rid)
    document.save(template)
    assert "word/numbering.xml" not in parts(template.read_bytes())
    tree = sample_ordinance.sample()
    data = render_docx(tree, reference_docx=template)
    assert "word/numbering.xml" in parts(data)
    lines = [p.line for p in read(data)]
    assert "Section 2. Prohibition on face surveillance" in lines
    assert any(line.startswith("(e) \u201cThird Party\u201d means") for line in lines)
