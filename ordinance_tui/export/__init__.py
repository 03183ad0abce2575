"""Exporters: one module per output format, each a function from an Ordinance.

``FORMATS`` maps a format name to (module, function, binary); modules are
imported only when used, so building Markdown never imports python-docx.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..core.document import Ordinance

FORMATS: dict[str, tuple[str, str, bool]] = {
    "md": ("markdown", "render_markdown", False),
    "txt": ("text", "render_text", False),
    "docx": ("docx", "render_docx", True),
    "html": ("html", "render_html", False),
}


def available_formats() -> list[str]:
    """Formats whose exporter module is present in this installation."""
    found = []
    for name, (module, function, _binary) in FORMATS.items():
        try:
            mod = importlib.import_module(f"{__name__}.{module}")
        except ImportError:
            continue
        if hasattr(mod, function):
            found.append(name)
    return found


def render(ordinance: Ordinance, fmt: str, *, annotated: bool = False,
           coverage: Any = None, **options: Any) -> bytes:
    """The exported file's bytes. Raises ValueError for an unknown format.

    ``coverage`` (a ``core.coverage.Coverage``) appends a coverage table; the
    docx, html and md exporters take it, txt does not. ``options`` go to the
    format's exporter as they are (docx: ``reference_docx``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module, function, binary = FORMATS[fmt]
    try:
        render_fn: Any = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    except (ImportError, AttributeError):
        raise ValueError(f"the {fmt} exporter is not available in this installation") from None
    extra = {} if coverage is None else {"coverage": coverage}
    result = render_fn(ordinance, annotated=annotated, **extra, **options)
    return result if binary else result.encode("utf-8")
