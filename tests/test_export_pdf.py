"""Accessible PDF: every seed converted by LibreOffice, then read with pikepdf and pdftotext.

All seeds convert in one soffice call (module fixture, the worker's ``office_profile``);
each test reads the results. Checked: XMP ``pdfaid:part`` 2 and ``pdfuaid:part`` 1, a
structure tree with one heading per section, a list item per subsection and links,
``/Lang``, ``/Title`` (shown as the window title), and pdftotext's text equal to the
Word file's (read by ``tests/docx_text.py``), page by page under the running head and
above "Page X of Y". Without LibreOffice: a clear message and exit 1. Needs ``soffice``
(Debian: libreoffice-writer) and ``pdftotext`` (poppler-utils).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from ordinance_tui.cli import main
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance, Ref
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.library import Library
from ordinance_tui.export import FORMATS, pdf
from ordinance_tui.export.common import clean, running_name
from ordinance_tui.export.docx import render_docx

from . import docx_text
from .conftest import FIXTURE_LIBRARY, TODAY

HAVE_TOOLS = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_office = pytest.mark.skipif(
    not HAVE_TOOLS, reason="LibreOffice (soffice) or pdftotext not on PATH: "
    "apt-get install libreoffice-writer poppler-utils")
PACK = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]
XMP = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
       "dc": "http://purl.org/dc/elements/1.1/"}


class Converted:
    """One seed: its tree, Word file, PDF (opened with pikepdf) and pdftotext's pages."""

    def __init__(self, tree: Ordinance, docx: bytes, path: Path) -> None:
        self.tree = tree
        self.docx = docx
        self.path = path
        self.pdf = pikepdf.open(path)
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                              check=True,
                              capture_output=True, text=True).stdout
        pages = text.split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        self.pages = [self._flat(page) for page in pages]

    def _flat(self, page: str) -> str:
        """A page's text on one line, without the line numbers a style may print."""
        lines = page.splitlines()
        if self.tree.page.line_numbers:  # a number at the start, then a wide gap or nothing
            lines = [re.sub(r"^\s*\d+(?=\s{2,}|\s*$)", "", line) for line in lines]
        return " ".join(" ".join(lines).split())

    def xmp(self, path: str) -> list[str]:
        root = etree.fromstring(self.pdf.Root.Metadata.read_bytes())
        return [str(x) for x in root.xpath(path, namespaces=XMP)]

    def heading_levels(self) -> list[int]:
        """The level of each heading (H1 = 1 ...) in reading order."""
        tree = self.pdf.Root.StructTreeRoot
        roles = {str(k): str(v) for k, v in tree.get("/RoleMap", pikepdf.Dictionary()).items()}
        levels: list[int] = []
        stack = [tree.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(reversed(list(node)))
            elif isinstance(node, pikepdf.Dictionary):
                kind = roles.get(str(node.get("/S", "")), str(node.get("/S", "")))
                if re.fullmatch(r"/H[1-6]", kind):
                    levels.append(int(kind[2]))
                if "/K" in node:
                    stack.append(node.K)
        return levels

    def structure(self) -> Counter[str]:
        """How many structure elements of each standard type (custom roles mapped) there are."""
        tree = self.pdf.Root.StructTreeRoot
        roles = {str(k): str(v) for k, v in tree.get("/RoleMap", pikepdf.Dictionary()).items()}
        counts: Counter[str] = Counter()
        stack = [tree.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    kind = str(node.S)
                    counts[roles.get(kind, kind)] += 1
                if "/K" in node:
                    stack.append(node.K)
        return counts


@pytest.fixture(scope="module")
def converted(builtin: Library, tmp_path_factory: pytest.TempPathFactory, office_profile: str
              ) -> dict[str, Converted]:
    if not HAVE_TOOLS:
        pytest.skip("LibreOffice (soffice) or pdftotext not on PATH")
    folder = tmp_path_factory.mktemp("pdf")
    trees, files = {}, []
    for seed in sorted(builtin.seeds):
        draft, problems = draft_from_data(builtin.seeds[seed].data, seed)
        assert problems == []
        trees[seed] = assemble(builtin, draft, today=TODAY)
        path = folder / f"{seed}.docx"
        path.write_bytes(render_docx(trees[seed]))
        files.append(path)
    pdfs = pdf.convert(files, folder, profile=office_profile)  # one soffice call for all
    return {seed: Converted(trees[seed], path.read_bytes(), out)
            for (seed, path), out in zip(zip(trees, files, strict=True), pdfs, strict=True)}


@needs_office
def test_pdf_a_2b_and_pdf_ua_1_are_declared(converted: dict[str, Converted]) -> None:
    assert len(converted) == 7
    for seed, c in converted.items():
        assert c.xmp("//pdfaid:part/text() | //@pdfaid:part") == ["2"], seed
        assert c.xmp("//pdfaid:conformance/text() | //@pdfaid:conformance") == ["B"], seed
        assert c.xmp("//pdfuaid:part/text() | //@pdfuaid:part") == ["1"], seed


@needs_office
def test_title_and_language_are_set_and_shown(converted: dict[str, Converted]) -> None:
    for seed, c in converted.items():
        title = clean(c.tree.short_title)
        assert str(c.pdf.docinfo["/Title"]) == title, seed
        assert c.xmp("//dc:title//rdf:li/text()") == [title]
        assert str(c.pdf.Root.Lang) == "en-US"
        assert bool(c.pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert bool(c.pdf.Root.MarkInfo.Marked) is True


@needs_office
def test_structure_tree_has_headings_lists_and_links(converted: dict[str, Converted]) -> None:
    for seed, c in converted.items():
        tree, counts = c.tree, c.structure()
        headings = sum(n for kind, n in counts.items() if re.fullmatch(r"/H[1-6]?|/Hn", kind))
        assert headings == len(list(tree.all_sections())), (seed, counts)
        subsections = sum(1 for s in tree.all_sections() for _ in s.walk())
        assert counts["/LI"] == subsections and counts["/L"] >= 1, (seed, counts)
        refs = sum(isinstance(i, Ref) and i.resolved for s in tree.all_sections()
                   for p in s.paragraphs() for i in p.inlines)
        assert refs and counts["/Link"] >= 1, (seed, refs, counts)
        assert counts["/Document"] == 1
        # headings never skip a level: Section 1 and the chapter's sections under it
        levels = c.heading_levels()
        assert levels[0] == 1, seed
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), seed
        assert (2 in levels) == tree.codified, seed


def _header(docx: bytes) -> str:
    """The running head's text, as pdftotext prints it (whitespace collapsed)."""
    package = docx_text.parts(docx)
    (name,) = [n for n in package if re.fullmatch(r"word/header\d*\.xml", n)]
    root = etree.fromstring(package[name])
    w = docx_text.W
    return " ".join("".join(t.text or "" if t.tag == w + "t" else " "
                            for t in root.iter(w + "t", w + "tab")).split())


@needs_office
def test_pdf_text_equals_the_word_text(converted: dict[str, Converted]) -> None:
    for seed, c in converted.items():
        head = _header(c.docx)
        assert head.startswith(clean(running_name(c.tree)))
        body = []
        for number, page in enumerate(c.pages, start=1):
            foot = f"Page {number} of {len(c.pages)}"
            assert page.startswith(head) and page.endswith(foot), (seed, number, page[:80])
            body.append(page[len(head):len(page) - len(foot)].strip())
        word = " ".join(" ".join(p.line for p in docx_text.read(c.docx)).split())
        # styles print some headings in capitals: compare ignoring case
        assert " ".join(body).casefold() == word.casefold(), seed


# -- the command line ---------------------------------------------------------------------


@needs_office
def test_build_writes_the_pdf_atomically(tmp_path: Path, office_profile: str,
                                         monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    original = pdf.convert
    monkeypatch.setattr(pdf, "convert", lambda files, outdir, **_: original(
        files, outdir, profile=office_profile))  # the worker's profile, already set up
    out = tmp_path / "ban.pdf"
    assert FORMATS["pdf"].available()
    assert main([*PACK, "build", "--seed", "ban", "--date", "2026-11-26", "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    with pikepdf.open(out) as document:
        assert "/StructTreeRoot" in document.Root
    assert [p.name for p in tmp_path.iterdir()] == ["ban.pdf"]  # no temporary file left


def test_without_soffice_the_error_names_the_packages(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "x.pdf"
    assert not FORMATS["pdf"].available()
    assert main([*PACK, "build", "--seed", "ban", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "needs LibreOffice" in err and "apt-get install libreoffice-writer" in err
    assert "brew install --cask libreoffice" in err
    assert not out.exists()
    with pytest.raises(pdf.OfficeMissing):
        pdf.render_pdf(assemble_ban())


def assemble_ban() -> Ordinance:
    from .conftest import fixture_library, seed_draft

    lib = fixture_library()
    return assemble(lib, seed_draft(lib, "ban"), today=TODAY)


def test_a_failed_conversion_exits_1_and_leaves_no_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()
    assert main([*PACK, "build", "--seed", "ban", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "LibreOffice did not write ordinance.pdf (exit 1)" in err
    assert "source file could not be loaded" in err
    assert list(out.parent.iterdir()) == []
