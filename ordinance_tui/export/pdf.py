"""Accessible PDF export: the Word file converted by LibreOffice, tagged, PDF/A-2b and PDF/UA-1.

``render_pdf`` builds the .docx (``export.docx``), converts it in a temporary folder with
``soffice --convert-to`` and the ``writer_pdf_Export`` filter options in ``FILTER``
(``UseTaggedPDF``, ``SelectPdfVersion`` 2 for PDF/A-2b, ``PDFUACompliance``; a plain
``--convert-to pdf`` gives an untagged file), and returns the PDF's bytes; the caller
writes them atomically. The Word file supplies what the PDF reader announces: the title
(core property), the language (the styles' ``w:lang``), headings (Heading styles become
H1/H2), lists (numbered levels become L/LI) and links (cross-references).

``docx_to_pdf`` converts Word bytes already built (the command line checks them with
``export.accessibility`` first). ``convert`` turns several .docx files into PDFs in one
soffice call (LibreOffice costs
about a second to start): the tests use it for every seed at once. Without LibreOffice,
``OfficeMissing`` says which package to install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ordinance_tui.export.registry import ExportError

if TYPE_CHECKING:
    from ordinance_tui.core.coverage import Coverage
    from ordinance_tui.core.document import Ordinance

__all__ = ["FILTER", "ConversionFailed", "OfficeMissing", "convert", "docx_to_pdf",
           "find_soffice", "render_pdf"]

# writer_pdf_Export's options, as the JSON that LibreOffice (7.4 and later) takes after the
# filter name on the --convert-to command line.
OPTIONS = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b
    "PDFUACompliance": {"type": "boolean", "value": "true"},
}
FILTER = "pdf:writer_pdf_Export:" + json.dumps(OPTIONS, separators=(",", ":"))
TIMEOUT = 300.0


class OfficeMissing(ExportError):
    """LibreOffice's ``soffice`` is not installed (or not on PATH)."""

    def __init__(self) -> None:
        super().__init__(
            "the pdf format needs LibreOffice, and soffice is not on PATH. Install it "
            "(Debian or Ubuntu: apt-get install libreoffice-writer; macOS with Homebrew: "
            "brew install --cask libreoffice), or export -f docx and convert it yourself")


class ConversionFailed(ExportError):
    """soffice ran but did not write the PDF (its output is in the message)."""


def find_soffice() -> str:
    """The ``soffice`` program to run; raises OfficeMissing when there is none."""
    found = shutil.which("soffice")
    if found is None:
        raise OfficeMissing()
    return found


def convert(docx_files: Sequence[Path], outdir: Path, *, profile: str | None = None,
            timeout: float = TIMEOUT) -> list[Path]:
    """Convert ``docx_files`` to accessible PDFs in ``outdir`` in one soffice call.

    ``profile`` is the LibreOffice user profile as a ``file://`` URI (two soffice processes
    must never share one); None: a fresh one in a temporary folder. Returns the PDFs'
    paths, in the order of ``docx_files``. Raises OfficeMissing or ConversionFailed.
    """
    soffice = find_soffice()
    pdfs = [outdir / (Path(f).stem + ".pdf") for f in docx_files]
    with tempfile.TemporaryDirectory(prefix="ordinance-office-") as scratch:
        uri = profile or (Path(scratch) / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={uri}", "--headless", "--norestore",
                   "--convert-to", FILTER, "--outdir", str(outdir), *map(str, docx_files)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice did not finish converting to PDF within "
                                   f"{timeout:g} seconds") from None
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        said = " ".join((done.stderr or done.stdout or "").split())[-400:]
        raise ConversionFailed(f"LibreOffice did not write {', '.join(p.name for p in missing)} "
                               f"(exit {done.returncode}){': ' + said if said else ''}")
    return pdfs


def docx_to_pdf(docx: bytes, *, office_profile: str | None = None) -> bytes:
    """The accessible PDF of the Word file ``docx``, converted in a temporary folder.

    ``office_profile`` goes to ``convert``. Raises OfficeMissing or ConversionFailed.
    """
    find_soffice()
    with tempfile.TemporaryDirectory(prefix="ordinance-pdf-") as tmp:
        path = Path(tmp) / "ordinance.docx"
        path.write_bytes(docx)
        (pdf,) = convert([path], Path(tmp), profile=office_profile)
        return pdf.read_bytes()


def render_pdf(ordinance: Ordinance, *, annotated: bool = False,
               coverage: Coverage | None = None, reference_docx: Path | None = None,
               office_profile: str | None = None) -> bytes:
    """The ordinance as an accessible PDF (the Word export, converted by LibreOffice).

    ``annotated``, ``coverage`` and ``reference_docx`` go to the Word export;
    ``office_profile`` to ``convert``. Raises OfficeMissing before building anything
    when LibreOffice is absent.
    """
    from ordinance_tui.export.docx import render_docx

    find_soffice()
    data = render_docx(ordinance, annotated=annotated, coverage=coverage,
                       reference_docx=reference_docx)
    return docx_to_pdf(data, office_profile=office_profile)
