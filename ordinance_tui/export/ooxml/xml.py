"""Runs and paragraphs as WordprocessingML text, escaped once.

Exporters assemble a body as XML text from these pieces; ``package`` writes it
into word/document.xml as it is, so it must be what lxml would write for the
same elements: no blank text between elements, ``esc`` and ``attr`` escaping as
lxml does (tests/test_docx_body_text.py). Every string that reaches a ``w:t``
goes through ``esc`` (attributes through ``attr``); callers clean user text first
(``export.common.clean``).
"""

from __future__ import annotations

__all__ = ["W_NS", "R_NS", "esc", "attr", "run", "paragraph", "bookmarked", "hyperlink",
           "TAB_RUN", "NO_NUMBER"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

TAB_RUN = "<w:r><w:tab/></w:r>"
NO_NUMBER = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
"""Direct numbering that switches a style's list off (the label is typed instead)."""


def esc(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def attr(text: str) -> str:
    """Text for an attribute value, as a parser reads it back: a line break or tab in
    an attribute is read as a space (XML 1.0, 2.11 and 3.3.3), so it is written as one."""
    text = esc(text).replace('"', "&quot;")
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\r\n", " ").translate(_ATTR_SPACES)
    return text


_ATTR_SPACES = str.maketrans("\t\n\r", "   ")


def run(text: str, rpr: str = "") -> str:
    """One run of text (nothing for empty text); ``rpr`` is a whole ``w:rPr`` element."""
    if not text:
        return ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def paragraph(style_id: str, runs: str, ppr_extra: str = "") -> str:
    """A paragraph in a style (by id), with more paragraph properties after the style."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{ppr_extra}</w:pPr>{runs}</w:p>'


def keep_with_next(paragraph_xml: str) -> str:
    """A paragraph made by :func:`paragraph`, kept on the page of the one after it.

    ``keepNext`` follows ``pStyle`` in the schema's order of paragraph properties.
    """
    style, end, rest = paragraph_xml.partition('"/>')
    if not end or "<w:pStyle " not in style or rest.startswith("<w:keepNext/>"):
        return paragraph_xml
    return f"{style}{end}<w:keepNext/>{rest}"


def bookmarked(name: str, bookmark_id: int, runs: str) -> str:
    """``runs`` inside a bookmark (no bookmark for an empty name)."""
    if not name:
        return runs
    return (f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{attr(name)}"/>'
            f'{runs}<w:bookmarkEnd w:id="{bookmark_id}"/>')


def hyperlink(anchor: str, runs: str) -> str:
    """An internal hyperlink to a bookmark."""
    return f'<w:hyperlink w:anchor="{attr(anchor)}" w:history="1">{runs}</w:hyperlink>'
