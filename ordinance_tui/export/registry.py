"""The export formats: one typed entry per format, its exporter imported only when used.

``FORMATS`` maps a format name ("md") to its ``ExportFormat``: the file suffixes it
writes, whether it is binary (then it needs a file, not standard output), whether it
can append a coverage table, the external program it runs if any (pdf: LibreOffice's
``soffice``), and the exporter function, named by module and attribute so that
``build -f md`` never imports python-docx. ``for_path`` infers a format from an output
file's suffix (the longest that matches: "x.akn.xml" is Akoma Ntoso). An exporter that
cannot produce its file for a reason outside the draft (a converter missing or failing)
raises ``ExportError``.
"""

from __future__ import annotations

import dataclasses
import importlib
import shutil
from collections.abc import Callable, Mapping
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.coverage import Coverage
    from ..core.document import Ordinance


class ExportError(Exception):
    """An exporter could not produce its file: a program it needs is missing or failed."""


@dataclasses.dataclass(frozen=True, slots=True)
class ExportFormat:
    """One output format and where its exporter lives.

    The exporter is ``function`` in ``ordinance_tui.export.<module>``, called as
    ``function(ordinance, annotated=..., [coverage=...])``; it returns ``bytes`` when
    ``binary``, else ``str``.
    """

    name: str
    label: str
    suffixes: tuple[str, ...]  # lower case, with the dot; the first is the default
    binary: bool
    module: str
    function: str
    coverage: bool = False  # the exporter appends a coverage table when given one
    needs: str = ""  # an external program the exporter runs ("soffice"); its output varies

    @property
    def suffix(self) -> str:
        """The suffix a new file of this format gets, e.g. ".docx"."""
        return self.suffixes[0]

    def renderer(self) -> Callable[..., str | bytes]:
        """The exporter function, importing its module now.

        Raises ValueError when the module or function is missing from this installation.
        """
        try:
            module = importlib.import_module(f"{__package__}.{self.module}")
            function: Callable[..., str | bytes] = getattr(module, self.function)
        except (ImportError, AttributeError):
            raise ValueError(f"the {self.name} exporter is not available in this "
                             "installation") from None
        return function

    def available(self) -> bool:
        """Whether the exporter can be imported here (and the program it needs is installed)."""
        if self.needs and shutil.which(self.needs) is None:
            return False
        try:
            self.renderer()
        except ValueError:
            return False
        return True

    def render(self, ordinance: Ordinance, *, annotated: bool = False,
               coverage: Coverage | None = None, **options: object) -> bytes:
        """The exported file's bytes (text formats encoded as UTF-8).

        ``options`` go to the exporter as they are (docx and pdf: ``reference_docx``).
        Raises ExportError when a program the exporter needs is missing or fails.
        """
        if coverage is not None and not self.coverage:
            raise ValueError(f"the {self.name} format has no coverage table")
        extra: dict[str, object] = {} if coverage is None else {"coverage": coverage}
        result = self.renderer()(ordinance, annotated=annotated, **extra, **options)
        if isinstance(result, bytes):
            return result
        return result.encode("utf-8")


FORMATS: Mapping[str, ExportFormat] = MappingProxyType({f.name: f for f in (
    ExportFormat("md", "Markdown (.md)", (".md", ".markdown"), False,
                 "markdown", "render_markdown", coverage=True),
    ExportFormat("txt", "Plain text (.txt)", (".txt",), False, "text", "render_text"),
    ExportFormat("docx", "Word (.docx)", (".docx",), True, "docx", "render_docx",
                 coverage=True),
    ExportFormat("html", "Web page (.html)", (".html", ".htm"), False, "html", "render_html",
                 coverage=True),
    ExportFormat("akn", "Akoma Ntoso 3.0 XML (.akn.xml)", (".akn.xml", ".xml"), False,
                 "akn", "render_akn"),
    ExportFormat("pdf", "Accessible PDF (.pdf, via LibreOffice)", (".pdf",), True, "pdf",
                 "render_pdf", coverage=True, needs="soffice"),
)})


def get_format(name: str) -> ExportFormat:
    """The format called ``name``; raises ValueError naming the known formats."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; expected one of "
                         f"{', '.join(FORMATS)}") from None


def for_path(path: PurePath) -> ExportFormat | None:
    """The format whose suffixes include ``path``'s (case-insensitive), if any.

    The longest suffix wins: "x.akn.xml" and "x.xml" are Akoma Ntoso, "x.v2.docx" Word.
    """
    name = path.name.lower()
    found = [(len(s), f) for f in FORMATS.values() for s in f.suffixes
             if name.endswith(s) and len(name) > len(s)]
    return max(found, key=lambda pair: pair[0])[1] if found else None
