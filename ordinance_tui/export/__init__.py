"""Exporters: one module per output format, each a function from an Ordinance.

The formats are a typed registry (``registry.FORMATS``, re-exported here); a
format's module is imported only when it is used, so building Markdown never
imports python-docx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .registry import FORMATS, ExportFormat, for_path, get_format

if TYPE_CHECKING:
    from ..core.coverage import Coverage
    from ..core.document import Ordinance

__all__ = ["FORMATS", "ExportFormat", "available_formats", "for_path", "get_format", "render"]


def available_formats() -> list[str]:
    """Formats whose exporter module is present in this installation."""
    return [name for name, fmt in FORMATS.items() if fmt.available()]


def render(ordinance: Ordinance, fmt: str, *, annotated: bool = False,
           coverage: Coverage | None = None, **options: object) -> bytes:
    """The exported file's bytes. Raises ValueError for an unknown or missing format.

    ``coverage`` (a ``core.coverage.Coverage``) appends a coverage table; the
    formats whose entry says ``coverage`` (docx, html, md) take it. ``options`` go
    to the format's exporter as they are (docx: ``reference_docx``).
    """
    return get_format(fmt).render(ordinance, annotated=annotated, coverage=coverage,
                                  **options)
