"""Our style names, the ones a reference document must define, and name -> id maps.

Exporters name styles by role (the style id in the shipped reference document,
e.g. ``Heading1``); a reference document is matched by style *name* ("heading 1"),
case-insensitively, as pandoc's ``--reference-doc`` does, and each role is resolved
to that document's own style id once.

``REQUIRED`` are the names a city's reference document must define: the styles
that carry its look (body text, headings, title, the subsection levels) and that
our numbering links to. The others (caption, recitals, signature block, drafter's
notes, the deeper levels, code-chapter styles) are copied from the shipped reference
when it lacks them, based on its own "Normal".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.oxml.styles import CT_Style, CT_Styles

__all__ = ["SUB_LEVELS", "STYLE_NAMES", "CHARACTER_STYLES", "REQUIRED", "level_role",
           "StyleMap"]

SUB_LEVELS = 8  # Word's nine list levels less the section heading's

STYLE_NAMES: dict[str, str] = {
    "Normal": "Normal",
    "Title": "Title",
    "Caption1": "Ordinance Caption",
    "Sponsors": "Sponsors",
    "LongTitle": "Long Title",
    "Recital": "Recital",
    "EnactingClause": "Enacting Clause",
    "Heading1": "heading 1",
    "Heading2": "heading 2",
    "BodyText": "Body Text",
    "Definition": "Definition",
    "ChapterHeading": "Chapter Heading",
    "SignatureIntro": "Signature Block Spacer",
    "Signature": "Signature Block",
    "SignatureLast": "Signature Block Last Line",
    "DraftersNoteHeading": "Drafter's Note Heading",
    "DraftersNote": "Drafter's Note",
    "DraftersNoteEnd": "Drafter's Note End",
    "DraftersNoteSource": "Drafter's Note Source",
    "AmendedCaption": "Amended Caption",
    "AmendedNote": "Amended Caption Note",
    "Header": "header",
    "Footer": "footer",
    "DefaultParagraphFont": "Default Paragraph Font",
    "DefinedTerm": "Defined Term",
    **{f"OrdLevel{n}": f"Subsection Level {n}" for n in range(1, SUB_LEVELS + 1)},
    **{f"CodeLevel{n}": f"Code Subsection Level {n}" for n in range(1, SUB_LEVELS + 1)},
}
"""Role (the style id in the shipped reference) -> style name."""

CHARACTER_STYLES = frozenset({"DefaultParagraphFont", "DefinedTerm"})

REQUIRED: tuple[str, ...] = ("Normal", "Title", "heading 1", "Body Text",
                             "Subsection Level 1", "Subsection Level 2",
                             "Subsection Level 3", "Subsection Level 4")
"""Style names a reference document must define (``--reference-docx``)."""


def level_role(prefix: str, level: int) -> str:
    """The role of subsection level ``level`` (1-based) of a list: OrdLevel1, CodeLevel3 ..."""
    return f"{prefix}{min(level, SUB_LEVELS)}"


def _styles(styles_element: CT_Styles) -> Iterator[CT_Style]:
    w = styles_element.nsmap.get("w", "")
    yield from styles_element.iterchildren(f"{{{w}}}style")


class StyleMap:
    """Style name -> style element of one styles part; roles resolved to ids once."""

    def __init__(self, styles_element: CT_Styles) -> None:
        self.element = styles_element
        self._w = "{" + styles_element.nsmap["w"] + "}"
        self.by_name: dict[str, CT_Style] = {}
        for style in _styles(styles_element):
            name = style.find(f"{self._w}name")
            key = (name.get(f"{self._w}val") if name is not None else "") or ""
            self.by_name.setdefault(key.casefold(), style)
        self._ids: dict[str, str] = {}

    def has(self, name: str) -> bool:
        return name.casefold() in self.by_name

    def missing(self, names: Iterable[str]) -> list[str]:
        return [name for name in names if not self.has(name)]

    def element_for(self, role: str) -> CT_Style | None:
        """The style element of a role, or None when the document has no such style."""
        return self.by_name.get(STYLE_NAMES.get(role, role).casefold())

    def id(self, role: str) -> str:
        """The document's style id for a role (the role itself when it has no such style)."""
        found = self._ids.get(role)
        if found is None:
            style = self.element_for(role)
            found = style.get(f"{self._w}styleId") if style is not None else role
            self._ids[role] = found
        return found

    def adopt(self, source: StyleMap, roles: Iterable[str]) -> list[str]:
        """Copy the roles this document lacks from ``source``; returns the names copied.

        References in copied styles (based on, next, link) are renamed to this
        document's ids of the same names.
        """
        import copy

        copied: list[CT_Style] = []
        names = []
        for role in roles:
            if self.element_for(role) is not None:
                continue
            style = source.element_for(role)
            if style is None:
                continue
            clone = copy.deepcopy(style)
            self.element.append(clone)
            name = STYLE_NAMES.get(role, role)
            self.by_name[name.casefold()] = clone
            copied.append(clone)
            names.append(name)
        source_names = {style.get(f"{self._w}styleId"): key
                        for key, style in source.by_name.items()}
        for clone in copied:
            for tag in ("basedOn", "next", "link"):
                ref = clone.find(f"{self._w}{tag}")
                if ref is None:
                    continue
                key = source_names.get(ref.get(f"{self._w}val"))
                target = self.by_name.get(key) if key else None
                if target is not None:
                    ref.set(f"{self._w}val", target.get(f"{self._w}styleId"))
        self._ids.clear()
        return names
