"""The reference document: a .docx opened with python-docx that the export fills in.

The shipped reference (``reference.docx`` beside this module, made by
``scripts/make_reference_docx.py``) holds every style, the numbering definitions,
the page setup, the header and the footer. A city's own template (``--reference-
docx``) gives its fonts, margins and letterhead instead: our style names are looked
up in it (``styles.REQUIRED`` must be there, the others are copied from the shipped
reference), its page setup is kept, and its header and footer keep their content,
with the draft line and the page numbers added.

``Reference.open`` -> set the page setup, install numbering, write the body,
header, footer and properties -> ``save`` (deterministic bytes: fixed zip times).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.shared import Pt, Twips
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

from ordinance_tui.core.document import PageSetup
from ordinance_tui.core.problems import InputError, Problem
from ordinance_tui.export.common import clean

from .numbering import ListDef, install
from .styles import REQUIRED, STYLE_NAMES, StyleMap
from .xml import R_NS, W_NS

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.packuri import PackURI
    from docx.opc.phys_pkg import PhysPkgWriter
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.section import _Footer, _Header
    from docx.shared import Length

__all__ = ["DEFAULT_REFERENCE", "ReferenceDocumentError", "Geometry", "Reference",
           "PAGE_SIZES", "note_sizes", "parse", "set_core_properties"]

DEFAULT_REFERENCE = Path(__file__).with_name("reference.docx")
PAGE_SIZES = {"letter": (12240, 15840), "a4": (11906, 16838), "legal": (12240, 20160)}
TWIPS_PER_INCH = 1440
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BODY_MARK = " ordinance-tui: the body "
_BODY_MARK_BYTES = f"<!--{_BODY_MARK}-->".encode()
_SECT_AFTER_LNNUM = ("pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
                     "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
                     "sectPrChange")


class ReferenceDocumentError(InputError):
    """A reference document that cannot be used (unreadable, or lacking styles)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Geometry:
    """Page width, height and the left and right margins, in twips."""

    width: int
    height: int
    left: int
    right: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


def parse(xml: str) -> BaseOxmlElement:
    """XML text (with its namespace declarations) as a python-docx oxml element."""
    return parse_xml(xml)


def note_sizes(font_size: int) -> dict[str, int]:
    """Font sizes (half-points) of the styles that follow the body's size."""
    size = max(8, min(int(font_size or 12), 28)) * 2
    small = max(size - 4, 16)
    return {"Normal": size, "Title": size + 4, "DraftersNoteHeading": small,
            "DraftersNote": small, "Header": small, "Footer": small}


@lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> bytes:
    del mtime  # part of the cache key: a changed file is read again
    return Path(path).read_bytes()


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


class Reference:
    """One document being written, opened from a reference .docx."""

    def __init__(self, document: Document, path: Path | None) -> None:
        self.document = document
        self.path = path
        self.is_default = path is None
        self.styles = StyleMap(document.styles.element)
        self._body_xml: str | None = None

    @classmethod
    def open(cls, path: Path | str | None = None) -> Reference:
        """Open the shipped reference (``None``) or a city's; check its styles.

        Raises ``ReferenceDocumentError`` naming the file and every missing style.
        """
        source = DEFAULT_REFERENCE if path is None else Path(path)
        where = str(source)
        try:
            data = _read(str(source), source.stat().st_mtime)
            document = docx.Document(io.BytesIO(data))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ReferenceDocumentError([Problem(
                where, 0, f"cannot be read as a Word document: {exc}")]) from None
        ref = cls(document, None if path is None else source)
        if path is not None:
            missing = ref.styles.missing(REQUIRED)
            if missing:
                names = ", ".join(f"\u201c{name}\u201d" for name in missing)
                raise ReferenceDocumentError([Problem(
                    where, 0, f"the reference document lacks the style(s) {names}; define "
                    "them in Word (Styles pane, New Style, with exactly these names) or "
                    "LibreOffice (Styles, New Style), then save it again as .docx")])
            default = cls.open(None)
            ref.styles.adopt(default.styles, STYLE_NAMES)
        return ref

    # -- page ----------------------------------------------------------------------
    def apply_page(self, page: PageSetup) -> None:
        """The jurisdiction style's page and type (the shipped reference only; a city's
        template keeps its own), and line numbers (always: a legal requirement)."""
        section = self.document.sections[0]
        if self.is_default:
            width, height = PAGE_SIZES.get(page.size.lower(), PAGE_SIZES["letter"])
            margin = round(max(0.25, min(page.margins_in, 3.0)) * TWIPS_PER_INCH)
            section.page_width, section.page_height = Twips(width), Twips(height)
            for side in ("top", "bottom", "left", "right"):
                setattr(section, f"{side}_margin", Twips(margin))
            styles = self.document.styles
            font = clean(page.font) or "Times New Roman"
            normal = styles["Normal"]
            normal.font.name = font
            rfonts = normal.element.rPr.rFonts
            rfonts.set(_w("eastAsia"), font)
            rfonts.set(_w("cs"), font)
            for role, size in note_sizes(page.font_size).items():
                style = self.styles.element_for(role)
                if style is not None:
                    rpr = style.get_or_add_rPr()
                    rpr.get_or_add_sz().val = Pt(size / 2)
                    szcs = rpr.find(_w("szCs"))
                    if szcs is None:
                        szcs = parse(f'<w:szCs xmlns:w="{W_NS}" w:val="{size}"/>')
                        rpr.get_or_add_sz().addnext(szcs)
                    szcs.set(_w("val"), str(size))
        text_width = self.geometry().text_width
        for role in ("Header", "Footer"):  # centre and right tabs where this page has them
            style = self.styles.element_for(role)
            tabs = style.get_or_add_pPr().find(_w("tabs")) if style is not None else None
            stops = tabs.findall(_w("tab")) if tabs is not None else []
            if [stop.get(_w("val")) for stop in stops] == ["center", "right"]:
                stops[0].set(_w("pos"), str(text_width // 2))
                stops[1].set(_w("pos"), str(text_width))
        sect = self.document.element.body.sectPr
        old = sect.find(_w("lnNumType"))
        if old is not None:
            sect.remove(old)
        if page.line_numbers:
            lnnum = parse(f'<w:lnNumType xmlns:w="{W_NS}" w:countBy="1" w:distance="360" '
                          'w:restart="newPage"/>')
            after = next((child for child in sect if child.tag in
                          {_w(t) for t in _SECT_AFTER_LNNUM}), None)
            if after is not None:
                after.addprevious(lnnum)
            else:
                sect.append(lnnum)

    def geometry(self) -> Geometry:
        section = self.document.sections[0]

        def twips(value: Length | None, fallback: int) -> int:
            return int(value.twips) if value is not None else fallback

        return Geometry(twips(section.page_width, 12240), twips(section.page_height, 15840),
                        twips(section.left_margin, 1440), twips(section.right_margin, 1440))

    # -- content ---------------------------------------------------------------------
    def install_numbering(self, lists: list[ListDef]) -> None:
        part = self.document.part
        try:
            numbering = part.numbering_part.element
        except NotImplementedError:  # a template without numbering: give it one
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            from docx.opc.packuri import PackURI
            from docx.parts.numbering import NumberingPart

            blob = f'<w:numbering xmlns:w="{W_NS}"/>'.encode()
            new = NumberingPart.load(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, blob,
                                     part.package)
            part.relate_to(new, RT.NUMBERING)
            numbering = new.element
        install(numbering, lists, self.styles, parse)

    def set_body(self, body_xml: str) -> None:
        """Replace the reference's body (not its section properties) with ``body_xml``.

        The body is kept as text: ``save`` writes it into ``word/document.xml`` in
        place of a mark left at the start of the body, so the largest part is
        neither parsed nor serialized again. Text made by ``xml.run``/``paragraph``
        is already what lxml writes for it (``tests/test_docx_body_text.py``
        checks that python-docx writes the part back byte for byte). A document
        whose ``w`` or ``r`` prefix means something else, or an empty body, is
        parsed and inserted as elements instead.
        """
        root = self.document.element
        old = root.body
        nsmap = root.nsmap
        if body_xml and old is not None and nsmap.get("w") == W_NS and nsmap.get("r") == R_NS:
            for child in list(old):
                if child is not old.sectPr:
                    old.remove(child)
            old.attrib.clear()
            old.insert(0, etree.Comment(_BODY_MARK))
            self._body_xml = body_xml
            return
        self._body_xml = None
        body = parse(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body_xml}</w:body>')
        if old is not None:
            if old.sectPr is not None:
                body.append(old.sectPr)
            root.replace(old, body)
        else:
            root.append(body)

    def set_header(self, paragraph_xml: str) -> None:
        """The shipped reference's header paragraph replaced; a city's kept, ours added."""
        self._fill(self.document.sections[0].header, paragraph_xml, replace=self.is_default)

    def set_footer(self, paragraph_xml: str) -> None:
        """Page numbers: the shipped reference's footer has them; a city's footer gets
        ours unless it has a PAGE field of its own."""
        footer = self.document.sections[0].footer
        if self.is_default:
            return
        if footer.is_linked_to_previous:
            footer.is_linked_to_previous = False
        element = footer.part.element
        instructions = " ".join(t.text or "" for t in element.iter(_w("instrText")))
        simple = " ".join(f.get(_w("instr"), "") for f in element.iter(_w("fldSimple")))
        if "PAGE" not in instructions + simple:
            self._fill(footer, paragraph_xml, replace=False)

    def _fill(self, container: _Header | _Footer, paragraph_xml: str, *, replace: bool) -> None:
        if container.is_linked_to_previous:
            container.is_linked_to_previous = False
            replace = True
        element = container.part.element
        new = parse(f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph_xml}</w:hdr>')
        if replace:
            for child in list(element):
                element.remove(child)
        element.extend(list(new))

    def set_properties(self, **values: str) -> None:
        """Core document properties (see ``set_core_properties``)."""
        set_core_properties(self.document, **values)

    def save(self) -> bytes:
        """The package as bytes, the same bytes for the same content (fixed zip times).

        python-docx's ``PackageWriter`` writes the parts, through a zip writer of
        ours that stamps every member with the same time (and puts the body text
        into ``word/document.xml``, see ``set_body``): one compression per part.
        """
        package = self.document.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        out = io.BytesIO()
        zipped = _FixedTimeZip(out, self.document.part.partname,
                               self._body_xml.encode("utf-8") if self._body_xml else None)
        writer = cast("PhysPkgWriter", zipped)  # what PackageWriter calls: write(uri, blob)
        # PackageWriter.write itself, less the zip writer it would make
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
        zipped.close()
        return out.getvalue()


class _FixedTimeZip:
    """A python-docx physical package writer: zip members with fixed times.

    ``body`` (UTF-8) replaces the body mark in the part named ``document``.
    """

    def __init__(self, file: io.BytesIO, document: str, body: bytes | None) -> None:
        self._zip = zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED)
        self._document = document
        self._body = body

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        if self._body is not None and pack_uri == self._document:
            before, mark, after = blob.partition(_BODY_MARK_BYTES)
            if not mark:
                raise AssertionError("the body mark is missing from word/document.xml")
            blob = b"".join((before, self._body, after))
        fixed = zipfile.ZipInfo(pack_uri.membername, _ZIP_TIME)
        fixed.compress_type = zipfile.ZIP_DEFLATED
        fixed.external_attr = 0o100644 << 16
        self._zip.writestr(fixed, blob)

    def close(self) -> None:
        self._zip.close()


def set_core_properties(document: Document, *, title: str, subject: str, author: str,
                        keywords: str, comments: str, category: str, status: str,
                        date: str) -> None:
    """Core properties of a python-docx document; created and modified from ``date``
    (ISO), absent without one (never the template's or the wall clock's)."""
    props = document.core_properties
    props.title, props.subject, props.author = title, subject, author
    props.keywords, props.comments = keywords, comments
    props.category, props.content_status = category, status
    props.last_modified_by = "ordinance-tui"
    props.revision = 1
    try:
        day = _dt.date.fromisoformat(date) if date else None
    except ValueError:
        day = None
    if day is not None:
        stamp = _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC)
        props.created = props.modified = stamp
    core = next(part for part in document.part.package.iter_parts()
                if part.content_type == CT.OPC_CORE_PROPERTIES)
    drop: tuple[str, ...] = ("lastPrinted", "identifier", "version")  # the template's
    if day is None:
        drop += ("created", "modified")
    for child in list(core.element):
        if child.tag.rsplit("}", 1)[-1] in drop:
            core.element.remove(child)
