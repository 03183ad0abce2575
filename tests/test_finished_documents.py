"""Documents that look finished: running head, caption number and date, signatures kept."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library
from ordinance_tui.export.docx import render_docx

from .conftest import TODAY, seed_draft

SIGNATURE_STYLES = {"SignatureIntro", "Signature", "SignatureLast"}


def _kind(library: Library, seed: str, kind: str, **fields: str) -> Draft:
    return seed_draft(library, seed).with_jurisdiction(kind=kind, style="", **fields)


@pytest.mark.parametrize(("kind", "head"), [
    ("town", "Town of Lakeshore"), ("county", "County of Lakeshore"),
    ("village", "Village of Lakeshore"), ("city", "City of Lakeshore")])
def test_the_running_head_names_the_government_and_the_draft_date(
        builtin: Library, kind: str, head: str) -> None:
    draft = _kind(builtin, "moratorium", kind, name="Lakeshore", date="2026-12-01")
    document = docx.Document(io.BytesIO(render_docx(assemble(builtin, draft, today=TODAY))))
    text = document.sections[0].header.paragraphs[0].text
    assert text.startswith(f"{head}\t") and text.endswith("\tDraft of December 1, 2026")


def test_a_government_named_in_full_heads_every_page(builtin: Library) -> None:
    draft = _kind(builtin, "sf-combo", "city-county",
                  government="the City and County of San Francisco")
    document = docx.Document(io.BytesIO(render_docx(assemble(builtin, draft, today=TODAY))))
    assert document.sections[0].header.paragraphs[0].text.startswith(
        "City and County of San Francisco\t")


@pytest.mark.parametrize(("kind", "number", "line"), [
    ("city", "2027-14", "ORDINANCE NO. 2027-14"),
    ("town", "3", "LOCAL LAW NO. 3 OF THE YEAR 2027"),
    ("state", "1234", "BILL NO. 1234")])
def test_the_caption_carries_the_number_and_the_date_introduced(
        builtin: Library, kind: str, number: str, line: str) -> None:
    style = "town" if kind == "town" else ""  # New York's local-law style
    draft = seed_draft(builtin, "face-ban").with_jurisdiction(
        kind=kind, style=style, number=number, introduced="2027-01-12")
    caption = assemble(builtin, draft, today=TODAY).caption
    assert line in caption and "Introduced January 12, 2027" in caption
    plain = assemble(builtin, seed_draft(builtin, "face-ban").with_jurisdiction(
        kind=kind, style=style), today=TODAY).caption
    assert not any(c.startswith("Introduced") for c in plain)  # left out until it is set
    assert any(" NO. ____" in c for c in plain)  # a blank for the clerk


def test_a_date_introduced_that_is_no_date_is_reported_with_its_line(builtin: Library) -> None:
    data = {**builtin.seeds["face-ban"].data}
    data["jurisdiction"] = {**data.get("jurisdiction", {}), "introduced": "2027-13-45"}
    draft, problems = draft_from_data(data, "d.yaml")
    assert draft.jurisdiction.introduced == ""
    assert any("jurisdiction introduced '2027-13-45' is not a date" in p.message
               for p in problems)


def _before_signatures(document: docx.document.Document) -> docx.text.paragraph.Paragraph:
    paragraphs = document.paragraphs
    first = next(i for i, p in enumerate(paragraphs) if p.style.style_id in SIGNATURE_STYLES)
    return paragraphs[first - 1]


def test_the_last_section_is_kept_with_the_signatures_in_every_seed(builtin: Library) -> None:
    for seed in sorted(builtin.seeds):
        tree = assemble(builtin, seed_draft(builtin, seed), today=TODAY)
        document = docx.Document(io.BytesIO(render_docx(tree)))
        assert _before_signatures(document).paragraph_format.keep_with_next is True, seed
        intro = next(s for s in document.styles if s.style_id == "SignatureIntro").paragraph_format
        assert intro.keep_with_next is True, seed


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext not on PATH: apt-get install "
                           "libreoffice-writer-nogui poppler-utils")
def test_no_page_holds_only_signatures(builtin: Library, tmp_path: Path,
                                       office_profile: str) -> None:
    """private-ban and sf-combo ended on a page of signatures alone before the fix."""
    seeds = ("private-ban", "sf-combo")
    trees = {s: assemble(builtin, seed_draft(builtin, s), today=TODAY) for s in seeds}
    for seed, tree in trees.items():
        (tmp_path / f"{seed}.docx").write_bytes(render_docx(tree))
    subprocess.run(["soffice", f"-env:UserInstallation={office_profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *(str(tmp_path / f"{s}.docx") for s in seeds)],
                   check=True, capture_output=True, timeout=300)
    for seed, tree in trees.items():
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{seed}.pdf"), "-"],
                              check=True, capture_output=True, text=True).stdout
        last_page = [p for p in text.split("\f") if p.strip()][-1]
        last = list(tree.all_sections())[-1]
        assert " ".join(f"{last.label} {last.heading}".split()) in " ".join(last_page.split()), (
            seed, last_page[:300])
