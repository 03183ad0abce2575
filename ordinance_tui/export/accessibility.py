"""Accessibility checks on a Word file, before it is handed over or converted to PDF.

``check_docx`` reads the package with zipfile and lxml and reports what a screen reader,
or a tagged PDF made from the file, would lack: a title (readers announce the file name
instead), a document language (text is read with the wrong voice), headings in order
(a heading level skipped, or a first heading below level 1, breaks navigation by
headings), and words set apart from their paragraph by colour alone (a run coloured,
highlighted or shaded, directly or by a character style, with no bold, italic,
underline or strike-through; a whole paragraph in a shaded style, like a Drafter's Note
under its own heading, is not flagged). The shipped reference document passes; a
city's own template (``--reference-docx``) may not, and the command line says so.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

__all__ = ["Finding", "check_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
_EMPHASIS = ("b", "i", "u", "strike", "dstrike", "caps", "smallCaps")


@dataclass(frozen=True, slots=True)
class Finding:
    """One accessibility problem: a stable code and what is wrong."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(W + "val")


def _first(el: etree._Element | None, tag: str) -> etree._Element | None:
    """``el``'s first child if it is a ``tag`` (where the schema puts pPr, rPr, pStyle, rStyle).

    Checked by position, not with ``find``, which parses a path on every call.
    """
    if el is None or not len(el) or el[0].tag != W + tag:
        return None
    return el[0]


Settings = dict[str, etree._Element]  # run properties by local name ("color", "b" ...)


def _settings(rpr: etree._Element | None) -> Settings:
    if rpr is None:
        return {}
    return {child.tag[len(W):]: child for child in rpr if isinstance(child.tag, str)}


def _on(setting: etree._Element | None) -> bool:
    """Whether a toggle or setting (``w:b``, ``w:highlight`` ...) is present and not off."""
    return setting is not None and setting.get(W + "val") not in ("0", "false", "none", "off")


def _set_apart(settings: Settings) -> bool:
    """Whether the run is coloured, highlighted or shaded."""
    colour = _val(settings.get("color"))
    shade = settings.get("shd")
    fill = "auto" if shade is None else shade.get(W + "fill", "auto").lower()
    return colour not in (None, "auto", "000000") or _on(settings.get("highlight")) or (
        fill not in ("auto", "ffffff"))


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.levels: dict[str | None, int | None] = {}  # style id -> heading level, as found
        self.props: dict[str | None, Settings] = {}  # character style id -> its settings
        self.default_lang: str | None = None
        if root is None:
            return
        for style in root.iter(W + "style"):
            self.by_id[style.get(W + "styleId", "")] = style
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        self.default_lang = _val(defaults)

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first."""
        out: list[etree._Element] = []
        while style_id and style_id in self.by_id and len(out) < 20:
            style = self.by_id[style_id]
            out.append(style)
            style_id = _val(style.find(W + "basedOn"))
        return out

    def heading_level(self, style_id: str | None) -> int | None:
        """1 for a level-1 heading style ... (outline level, else a "heading N" name)."""
        if style_id not in self.levels:
            self.levels[style_id] = self._heading_level(style_id)
        return self.levels[style_id]

    def _heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            outline = _val(style.find(f"{W}pPr/{W}outlineLvl"))
            if outline is not None and outline.isdigit():
                level = int(outline) + 1
                return level if level <= 9 else None
            name = (_val(style.find(W + "name")) or "").strip().lower()
            found = re.fullmatch(r"heading\s*([1-9])", name)
            if found:
                return int(found.group(1))
        return None

    def language(self) -> str | None:
        """The document's language: the defaults', else the Normal style's."""
        if self.default_lang:
            return self.default_lang
        normal = next((s for s in self.by_id.values() if s.get(W + "default") == "1"
                       and s.get(W + "type") == "paragraph"), None)
        return _val(None if normal is None else normal.find(f"{W}rPr/{W}lang"))

    def run_settings(self, style_id: str | None) -> Settings:
        """The run properties of character style ``style_id`` (its own over its bases')."""
        if style_id not in self.props:
            merged: Settings = {}
            for style in reversed(self.chain(style_id)):
                merged.update(_settings(style.find(W + "rPr")))
            self.props[style_id] = merged
        return self.props[style_id]


def check_docx(data: bytes) -> list[Finding]:
    """The accessibility findings for the .docx ``data`` (empty when there are none)."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        names = set(package.namelist())

        def part(name: str) -> etree._Element | None:
            return etree.fromstring(package.read(name)) if name in names else None

        document = part("word/document.xml")
        styles = _Styles(part("word/styles.xml"))
        core = part("docProps/core.xml")
    findings: list[Finding] = []
    title = core.findtext(DC + "title") if core is not None else None
    if not (title or "").strip():
        findings.append(Finding("A001", "the document has no title (File > Properties > "
                                "Title): readers announce the file name instead"))
    if not styles.language():
        findings.append(Finding("A002", "the document has no language (the styles' "
                                "default language): screen readers may read it in the "
                                "wrong voice"))
    if document is None:
        return findings
    previous = 0
    coloured = 0
    first_coloured = ""
    for paragraph in document.iter(W + "p"):
        style = _val(_first(_first(paragraph, "pPr"), "pStyle"))
        level = styles.heading_level(style)
        if level is not None:
            text = " ".join("".join(t.text or "" for t in paragraph.iter(W + "t")).split())
            if level > previous + 1:
                where = f"after a level-{previous} heading" if previous else "as the first"
                findings.append(Finding("A003", f"heading level {level} {where}: "
                                        f"\u201c{text[:60]}\u201d skips a level"))
            previous = level
        for run in paragraph.iter(W + "r"):
            text = "".join(t.text or "" for t in run.iter(W + "t"))
            if not text.strip():
                continue
            direct = _first(run, "rPr")
            if direct is None:
                continue  # plain text of its paragraph's style
            settings = {**styles.run_settings(_val(_first(direct, "rStyle"))),
                        **_settings(direct)}  # direct formatting over the character style's
            if _set_apart(settings) and not any(_on(settings.get(t)) for t in _EMPHASIS):
                coloured += 1
                first_coloured = first_coloured or " ".join(text.split())[:60]
    if coloured:
        findings.append(Finding("A004", f"{coloured} run(s) set apart by colour alone, e.g. "
                                f"\u201c{first_coloured}\u201d: add bold, italics or "
                                "underlining"))
    return findings
