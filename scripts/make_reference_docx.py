"""Make the shipped Word reference document (ordinance_tui/export/ooxml/reference.docx).

    python scripts/make_reference_docx.py [OUTPUT]     # default: the shipped file

It starts from python-docx's own default template, keeps its settings, fonts and
theme, drops the parts a clerk's document does not need (styles with effects,
custom XML, the thumbnail), and replaces the styles, numbering, page setup,
header, footer and properties with ours. Every style is built with python-docx's
style API; what that API lacks (borders, shading, outline levels, line-number
suppression, character spacing) is added as oxml elements. tests/test_export_docx.py
checks that the shipped file's XML parts are what this script makes.

A city's own template for ``ordinance build -f docx --reference-docx FILE`` needs
only the style names in ``ordinance_tui.export.ooxml.styles.REQUIRED``; see the README.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Pt, RGBColor, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ordinance_tui.core.document import LevelFormat, Numbering  # noqa: E402
from ordinance_tui.export.ooxml.fields import page_number_runs  # noqa: E402
from ordinance_tui.export.ooxml.numbering import INDENT, install, list_defs  # noqa: E402
from ordinance_tui.export.ooxml.package import (  # noqa: E402
    DEFAULT_REFERENCE,
    note_sizes,
    parse,
    set_core_properties,
)
from ordinance_tui.export.ooxml.styles import STYLE_NAMES, SUB_LEVELS, StyleMap  # noqa: E402
from ordinance_tui.export.ooxml.xml import W_NS  # noqa: E402

W = f"{{{W_NS}}}"
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
              "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
              "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
              "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
              "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
              "em", "lang", "eastAsianLayout", "specVanish", "oMath")
_SETTINGS = (
    f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    "</w:settings>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>ordinance-tui</Application><DocSecurity>0</DocSecurity></Properties>"
)
BUILT_IN = frozenset({"Normal", "DefaultParagraphFont", "Title", "Heading1", "Heading2",
                      "BodyText", "Header", "Footer"})
NOTE_BORDER = "8EAADB"
NOTE_FILL = "EEF2F8"


def _insert(parent: Any, child: Any, order: tuple[str, ...]) -> Any:
    """Insert ``child`` where the schema puts it among ``parent``'s children."""
    rank = order.index(child.tag[len(W):])
    for existing in parent:
        tag = existing.tag[len(W):] if existing.tag.startswith(W) else ""
        if tag in order and order.index(tag) > rank:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _ns(xml: str) -> str:
    """Declare the w namespace on the first element of an XML fragment."""
    return re.sub(r"^<(w:\w+)", rf'<\1 xmlns:w="{W_NS}"', xml, count=1)


class Styles:
    """Our styles, added through python-docx's style API."""

    def __init__(self, document: Any) -> None:
        self.styles = document.styles
        element = self.styles.element
        for child in list(element):
            if child.tag in (f"{W}style", f"{W}latentStyles", f"{W}docDefaults"):
                element.remove(child)
        element.insert(0, parse(
            f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>'
            '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
            'w:eastAsia="Times New Roman" w:cs="Times New Roman"/>'
            '<w:sz w:val="24"/><w:szCs w:val="24"/>'
            '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'))
        element.insert(1, parse(
            f'<w:latentStyles xmlns:w="{W_NS}" w:defLockedState="0" w:defUIPriority="99" '
            'w:defSemiHidden="0" w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>'))

    def add(self, role: str, *, kind: Any = WD_STYLE_TYPE.PARAGRAPH,
            based: str | None = "Normal", next_role: str | None = None,
            before: int = 0, after: int = 0, align: Any = None, left: int = 0,
            right: int = 0, first: int = 0, keep_next: bool = False,
            keep_lines: bool = False, bold: bool = False, italic: bool = False,
            caps: bool = False, font: str = "", size: int = 0, color: str = "",
            quick: bool = True, priority: int | None = None, default: bool = False) -> Any:
        style = self.styles.add_style(STYLE_NAMES[role], kind)
        style.style_id = role
        if based is not None:
            style.base_style = self.styles[STYLE_NAMES[based]]
        if next_role is not None and kind == WD_STYLE_TYPE.PARAGRAPH:
            style.next_paragraph_style = self.styles[STYLE_NAMES[next_role]] \
                if next_role != role else style
        style.quick_style = quick
        if role in BUILT_IN:  # Word's own styles: not custom, so Word maps them to its own
            style.element.attrib.pop(f"{W}customStyle", None)
        if priority is not None:
            style.priority = priority
        if default:
            style.element.set(f"{W}default", "1")
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after = Twips(before), Twips(after)
            fmt.line_spacing = 1.0
            if align is not None:
                fmt.alignment = align
            if left:
                fmt.left_indent = Twips(left)
            if right:
                fmt.right_indent = Twips(right)
            if first:
                fmt.first_line_indent = Twips(first)
            if keep_next:
                fmt.keep_with_next = True
            if keep_lines:
                fmt.keep_together = True
        text = style.font
        if font:
            text.name = font
            rfonts = style.element.rPr.rFonts
            rfonts.set(f"{W}eastAsia", font)
            rfonts.set(f"{W}cs", font)
        if bold:
            text.bold = text.cs_bold = True
        if italic:
            text.italic = text.cs_italic = True
        if caps:
            text.all_caps = True
        if color:
            text.color.rgb = RGBColor.from_string(color)
        if size:
            text.size = Pt(size / 2)
            _insert(style.element.get_or_add_rPr(),
                    parse(f'<w:szCs xmlns:w="{W_NS}" w:val="{size}"/>'), _RPR_ORDER)
        return style

    @staticmethod
    def ppr(style: Any, *xml: str) -> None:
        for fragment in xml:
            _insert(style.element.get_or_add_pPr(), parse(_ns(fragment)), _PPR_ORDER)

    @staticmethod
    def rpr(style: Any, *xml: str) -> None:
        for fragment in xml:
            _insert(style.element.get_or_add_rPr(), parse(_ns(fragment)), _RPR_ORDER)


def _note_box(styles: Styles, style: Any) -> None:
    styles.ppr(style, "<w:suppressLineNumbers/>",
               f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" '
               f'w:color="{NOTE_BORDER}"/></w:pBdr>',
               f'<w:shd w:val="clear" w:color="auto" w:fill="{NOTE_FILL}"/>')


def add_styles(document: Any, text_width: int) -> None:
    """Every style the exporters use, for 12-point type (``apply_page`` rescales)."""
    s = Styles(document)
    size = note_sizes(12)
    center, both = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    char = WD_STYLE_TYPE.CHARACTER
    s.add("Normal", based=None, after=240, default=True)
    s.add("DefaultParagraphFont", kind=char, based=None, default=True, quick=False, priority=1)
    s.add("BodyText", next_role="BodyText", after=240, first=INDENT, align=both)
    s.add("Definition", next_role="Definition", after=240, first=INDENT, align=both)
    s.add("Recital", next_role="Recital", after=240, first=INDENT, align=both)
    s.add("LongTitle", next_role="Recital", after=360, left=INDENT, right=INDENT, align=both,
          bold=True)
    s.add("Title", next_role="LongTitle", before=240, after=240, align=center, keep_next=True,
          keep_lines=True, bold=True, caps=True, size=size["Title"], priority=10)
    s.add("Caption1", next_role="Title", align=center, keep_next=True, bold=True)
    s.add("Sponsors", next_role="Title", align=center, keep_next=True, italic=True)
    for role, outline in (("Heading1", 0), ("Heading2", 1)):
        heading = s.add(role, next_role="BodyText", before=240, after=120, keep_next=True,
                        keep_lines=True, bold=True, priority=9)
        s.ppr(heading, f'<w:outlineLvl w:val="{outline}"/>')
    s.add("EnactingClause", next_role="Heading1", after=240, first=INDENT, align=both,
          keep_next=True, keep_lines=True, bold=True)
    s.add("ChapterHeading", next_role="Heading2", before=240, after=240, align=center,
          keep_next=True, keep_lines=True, bold=True, caps=True)
    s.add("SignatureIntro", before=240, keep_next=True, keep_lines=True)
    s.add("Signature", next_role="Signature", after=360, keep_next=True, keep_lines=True)
    s.add("SignatureLast", based="Signature", after=240, keep_lines=True)
    s.add("DraftersNote", next_role="DraftersNote", after=80, left=INDENT // 2,
          right=INDENT // 2, font="Arial", color="262626", size=size["DraftersNote"])
    s.add("DraftersNoteHeading", next_role="DraftersNote", before=120, left=INDENT // 2,
          right=INDENT // 2, keep_next=True, keep_lines=True, font="Arial", bold=True,
          color="1F3864", size=size["DraftersNoteHeading"])
    s.add("DraftersNoteSource", based="DraftersNote", next_role="DraftersNoteSource", after=80,
          left=INDENT, right=INDENT // 2, first=-(INDENT // 2), italic=True)
    for role in ("DraftersNote", "DraftersNoteHeading", "DraftersNoteSource"):
        _note_box(s, s.styles[STYLE_NAMES[role]])
    end = s.add("DraftersNoteEnd", next_role="Normal", after=240, size=8)
    s.ppr(end, "<w:suppressLineNumbers/>")
    for role in ("Header", "Footer"):
        style = s.add(role, align=center if role == "Footer" else None, size=size[role],
                      quick=False, priority=99)
        stops = style.paragraph_format.tab_stops
        stops.add_tab_stop(Twips(text_width // 2), WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(Twips(text_width), WD_TAB_ALIGNMENT.RIGHT)
    s.add("DefinedTerm", kind=char, based="DefaultParagraphFont", bold=True)
    amended = s.add("AmendedCaption", next_role=None, after=60, align=center, keep_next=True,
                    bold=True, caps=True)
    s.rpr(amended, '<w:spacing w:val="40"/>')
    s.add("AmendedNote", next_role="Caption1", after=240, align=center, keep_next=True,
          italic=True)
    amended.next_paragraph_style = s.styles[STYLE_NAMES["AmendedNote"]]
    for prefix in ("OrdLevel", "CodeLevel"):
        for level in range(1, SUB_LEVELS + 1):
            role = f"{prefix}{level}"
            s.add(role, next_role=role, after=240, left=level * INDENT, first=-INDENT,
                  align=both)


def build() -> Any:
    """The reference document, built on python-docx's default template."""
    document = docx.Document()
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, RT.WEB_SETTINGS,
                           "http://schemas.microsoft.com/office/2007/relationships/"
                           "stylesWithEffects"):
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rid]
    package.relate_to(Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES,
                           _APP.encode("utf-8"), package), RT.EXTENDED_PROPERTIES)
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    settings.extend(list(parse(_SETTINGS)))

    section = document.sections[0]
    section.page_width, section.page_height = Twips(12240), Twips(15840)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Twips(1440))
    section.header_distance = section.footer_distance = Twips(720)
    add_styles(document, 12240 - 2 * 1440)

    numbering = part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    default = Numbering(
        sections=LevelFormat("decimal", "Section {}."),
        code_sections=LevelFormat("decimal-zero", "{}0"),
        levels=(LevelFormat("lower-letter", "({})"), LevelFormat("decimal", "({})"),
                LevelFormat("upper-letter", "({})"), LevelFormat("lower-roman", "({})")))
    main, code = list_defs(default, codified=True)
    assert code is not None
    install(numbering, [main, code], StyleMap(document.styles.element), parse)

    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
    for name in list(body.sectPr.attrib):  # the template's revision-session ids
        if name.startswith(f"{W}rsid"):
            del body.sectPr.attrib[name]
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    for container, role, runs in ((section.header, "Header", ""),
                                  (section.footer, "Footer", page_number_runs())):
        element = container.part.element
        for child in list(element):
            element.remove(child)
        element.append(parse(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{role}"/>'
                             f"</w:pPr>{runs}</w:p>"))
    set_core_properties(document, title="", subject="", author="", keywords="",
                        comments="", category="", status="", date="")
    return document


def make() -> bytes:
    out = io.BytesIO()
    build().save(out)
    return out.getvalue()


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE
    target.write_bytes(make())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
