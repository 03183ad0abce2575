"""The export formats: one typed entry per format, its exporter imported only when used.

``FORMATS`` maps a format name ("md") to its ``ExportFormat``: the file suffixes it
writes, whether it is binary (then it needs a file, not standard output), whether it
can append a coverage table, and the exporter function, named by module and
attribute so that ``build -f md`` never imports python-docx. ``for_path`` infers a
format from an output file's suffix.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.coverage import Coverage
    from ..core.document import Ordinance


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
        """Whether the exporter can be imported in this installation."""
        try:
            self.renderer()
        except ValueError:
            return False
        return True

    def render(self, ordinance: Ordinance, *, annotated: bool = False,
               coverage: Coverage | None = None, **options: object) -> bytes:
        """The exported file's bytes (text formats encoded as UTF-8).

        ``options`` go to the exporter as they are (docx: ``reference_docx``).
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
)})


def get_format(name: str) -> ExportFormat:
    """The format called ``name``; raises ValueError naming the known formats."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; expected one of "
                         f"{', '.join(FORMATS)}") from None


def for_path(path: PurePath) -> ExportFormat | None:
    """The format whose suffixes include ``path``'s (case-insensitive), if any."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.suffixes), None)
