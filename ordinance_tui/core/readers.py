"""Readers of existing laws, one per file format, in a registry keyed by suffix.

Each reader turns a file into a ``ParsedLaw`` (``core.importing``): the text formats (txt,
md, html, docx) through a list of ``SourceBlock`` and the one parser, ``parse_blocks``;
Akoma Ntoso XML by reading its structure directly (sections, num, heading, subsections,
def, ref). python-docx, lxml and markdown-it-py are imported only by the reader that needs
them. A file that cannot be read raises ``InputError`` naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .importing import (
    REF_CLOSE,
    REF_OPEN,
    REF_TEXT,
    ParsedLaw,
    ParsedPara,
    ParsedSection,
    ParsedSub,
    SourceBlock,
    _take_definitions,
    chapter_of,
    parse_blocks,
)
from .numbering import format_number
from .problems import InputError, Problem

if TYPE_CHECKING:
    from lxml.etree import _Element  # type: ignore[import-untyped]


@dataclass(frozen=True)
class LawReader:
    """One input format: its name, the suffixes it reads, and the function that reads it."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path], ParsedLaw]


def _fail(path: Path, why: str) -> InputError:
    return InputError([Problem(str(path), 0, why)])


def _text_of(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise _fail(path, "this is not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(path, "this file is not UTF-8 text; save it as UTF-8 and try again") from None


# -- plain text -------------------------------------------------------------------------------

_STARTS = re.compile(r"^(?:\((?:[A-Za-z]{1,5}|\d{1,3})\)|\[(?:[A-Za-z]{1,5}|\d{1,3})\]|"
                     r"(?:[A-Za-z]{1,2}|\d{1,3})\.\s|SECTION\b|Section\b|SEC\.|Sec\.|§|"
                     r"\d+[A-Z]?[.\-]\d|WHEREAS\b|CHAPTER\b|Chapter\b)")
_FULL_LINE = 55  # a wrapped paragraph's lines are at least this long (but its last)
_UNWRAPPED = 200  # no wrapped text file has lines this long: one paragraph per line


def text_blocks(text: str) -> list[SourceBlock]:
    """Paragraphs of plain text: a blank line, a line after a short one, or a line that starts
    a section or subsection (no deeper indented than the paragraph) begins a block.

    A file with lines longer than any wrapped text has (a word processor's text export,
    LibreOffice's among them) holds one paragraph per line: each line is a block.
    """
    if any(len(line) > _UNWRAPPED for line in text.splitlines()):
        return [SourceBlock(line.strip(), number)
                for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    blocks: list[SourceBlock] = []
    lines: list[str] = []
    first = indent = 0
    previous = ""

    def flush() -> None:
        if lines:
            blocks.append(SourceBlock(" ".join(lines), first))
            lines.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            previous = ""
            continue
        here = len(line) - len(line.lstrip())
        # A wrapped line can start "Section 8." too: only after a line that ends a sentence.
        starts = bool(_STARTS.match(stripped)) and here <= indent and \
            previous.rstrip()[-1:] in (".", ":", ";")
        if lines and (starts or len(previous) < _FULL_LINE):
            flush()
        if not lines:
            first, indent = number, here
        lines.append(stripped)
        previous = line
    flush()
    return blocks


def read_text(path: Path) -> ParsedLaw:
    return parse_blocks(text_blocks(_text_of(path)), path.name)


# -- Markdown ---------------------------------------------------------------------------------

# markdown-it-py's token types, as what they mean to the reader.
_MD_EVENTS = {"bullet_list_open": "list+", "ordered_list_open": "list+",
              "bullet_list_close": "list-", "ordered_list_close": "list-",
              "list_item_open": "item", "heading_open": "heading", "paragraph_open": "para",
              "hr": "rule", "inline": "inline"}
_MD_INLINE = {"text": "text", "code_inline": "text", "html_inline": "text",
              "softbreak": "space", "hardbreak": "break", "strong_open": "bold",
              "strong_close": "bold"}


def read_markdown(path: Path) -> ParsedLaw:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(_text_of(path))
    blocks: list[SourceBlock] = []
    lists = 0
    kind, level, marker = "para", 0, ""
    for token in tokens:
        event = _MD_EVENTS.get(token.type, "")
        if event == "list+":
            lists += 1
        elif event == "list-":
            lists -= 1
        elif event == "item":  # an ordered list's number is not in its text: put it back
            marker = f"{token.info}{token.markup} " if token.info else ""
        elif event == "heading":
            kind, level = ("title" if token.tag == "h1" else "heading"), int(token.tag[1:])
        elif event == "para":
            kind, level = ("list", lists - 1) if lists else ("para", 0)
        elif event == "rule":
            blocks.append(SourceBlock("", (token.map or [0])[0] + 1, "rule"))
        elif event == "inline":
            line = (token.map or [0])[0] + 1
            children = token.children or []
            edges = [_MD_INLINE.get(c.type, "") for c in children[:1] + children[-1:]]
            bold = edges == ["bold", "bold"]
            for k, text in enumerate(_inline_lines(children)):
                blocks.append(SourceBlock(marker + text if k == 0 else text, line + k,
                                          kind, level, bold))
            marker = ""
    return parse_blocks(blocks, path.name)


def _inline_lines(children: list[Any]) -> list[str]:
    """An inline token's text, one item per hard line break."""
    lines = [""]
    for child in children:
        what = _MD_INLINE.get(child.type, "")
        if what == "text":
            lines[-1] += child.content
        elif what == "space":
            lines[-1] += " "
        elif what == "break":
            lines.append("")
    return [line for line in lines if line.strip()]


# -- HTML -------------------------------------------------------------------------------------

_BREAK = "\u2028"
_HTML_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "pre", "blockquote"}


def read_html(path: Path) -> ParsedLaw:
    import lxml.html  # type: ignore[import-untyped]

    try:
        root = lxml.html.fromstring(_text_of(path))
    except Exception as exc:  # lxml's ParserError and XMLSyntaxError
        raise _fail(path, f"this HTML cannot be read: {exc}") from None
    blocks: list[SourceBlock] = []
    pending_term = ""
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in _HTML_BLOCKS or _inside_block(el):
            continue
        for br in el.iter("br"):  # a line break splits the block; the source's newlines do not
            br.tail = _BREAK + (br.tail or "")
        text = _own_text(el)
        line = el.sourceline or 0
        if tag == "dt":
            pending_term = " ".join(text.split())
            continue
        if tag == "dd" and pending_term:
            text = f"\u201c{pending_term}\u201d {text.strip()}"
            pending_term = ""
        if tag[0] == "h":
            kind, level = ("title" if tag == "h1" else "heading"), int(tag[1])
        elif tag == "li":
            kind, level = "list", sum(1 for a in el.iterancestors() if a.tag in ("ul", "ol")) - 1
        else:
            kind, level = "para", 0
        bold = all(child.tag in ("b", "strong", "br") for child in el) and len(el) > 0 and \
            not (el.text or "").strip()
        for k, part in enumerate(p for p in text.split(_BREAK) if p.strip()):
            blocks.append(SourceBlock(part, line + k, kind, level, bold))
    return parse_blocks(blocks, path.name)


def _inside_block(el: Any) -> bool:
    """Whether ``el`` sits in another block element (a <p> in an <li> is read with it; an
    <li> of a nested list is read on its own)."""
    outer = _HTML_BLOCKS - {"li"} if el.tag == "li" else _HTML_BLOCKS
    return any(a.tag in outer for a in el.iterancestors())


def _own_text(el: Any) -> str:
    """The text of ``el`` without the lists nested in it (read as their own items)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag not in ("ul", "ol", "dl"):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


# -- Word -------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD_FORMATS = {"decimal": "decimal", "lowerLetter": "lower-letter",
                 "upperLetter": "upper-letter", "lowerRoman": "lower-roman",
                 "upperRoman": "upper-roman", "decimalZero": "decimal-zero"}


class _WordNumbers:
    """Word's list numbers as Word prints them: each numbered paragraph's label ("9.70.010",
    "(a)") from numbering.xml (levels, starts, start overrides), counted in document order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in numbering.iter(f"{_W}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.iter(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl"))] = (
                    int(_val(lvl, "start") or 1), _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "")
            self.levels[abstract.get(f"{_W}abstractNumId")] = levels
        for num in numbering.iter(f"{_W}num"):
            overrides = {int(o.get(f"{_W}ilvl")): int(_val(o, "startOverride") or 1)
                         for o in num.iter(f"{_W}lvlOverride") if _val(o, "startOverride")}
            self.nums[num.get(f"{_W}numId")] = (_val(num, "abstractNumId") or "", overrides)

    def label(self, paragraph: Any) -> str:
        num_id, ilvl = _num_pr(paragraph)
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counts = self.counts.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counts[level] = start - 1
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        start, fmt, text = levels[ilvl]
        if fmt not in _WORD_FORMATS:
            return ""  # a bullet: no number

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            level_start, level_fmt, _ = levels.get(k, (1, "decimal", ""))
            return format_number(counts.get(k, level_start), _WORD_FORMATS.get(level_fmt,
                                                                               "decimal"))

        return re.sub(r"%([1-9])", value, text)


def _val(el: Any, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}")
    return None if child is None else child.get(f"{_W}val")


def _num_pr(paragraph: Any) -> tuple[str | None, int]:
    """The list (numId) and level of a paragraph: its own, else its style's (and bases')."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    num_id: str | None = None
    ilvl: int | None = None
    for ppr in sources:
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is None:
            continue
        if num_id is None:
            num_id = _val(numpr, "numId")
        if ilvl is None and _val(numpr, "ilvl") is not None:
            ilvl = int(_val(numpr, "ilvl") or 0)
    return (None if num_id in (None, "0") else num_id), ilvl or 0


def read_docx(path: Path) -> ParsedLaw:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:  # not a zip, parts missing, broken XML inside
        raise _fail(path, f"this is not a Word (.docx) file that can be read ({exc})") from None
    numbers = _WordNumbers(document)
    blocks: list[SourceBlock] = []
    for index, paragraph in enumerate(document.paragraphs, 1):
        label = numbers.label(paragraph)
        text = paragraph.text.strip()
        if not text and not label:
            continue
        name = paragraph.style.name if paragraph.style is not None else ""
        kind, level = "para", 0
        if name == "Title":
            kind = "title"
        elif name.startswith("Heading"):
            kind, level = "heading", int(name.split()[-1]) if name.split()[-1].isdigit() else 1
        elif "List" in name or label:
            kind = "list"
        runs = [r for r in paragraph.runs if r.text.strip()]
        bold = bool(runs) and all(r.bold for r in runs)
        joined = label + text if text[:1] in ".):" else f"{label} {text}"
        for part in joined.split("\n"):  # a line break in a paragraph: "CITY OF X" / "NO. __"
            if part.strip():
                blocks.append(SourceBlock(part.strip(), index, kind, level, bold))
    return parse_blocks(blocks, path.name)


# -- Akoma Ntoso ------------------------------------------------------------------------------

_AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_SUB_TAGS = {"subsection", "paragraph", "subparagraph", "clause", "subclause", "level",
             "point", "item", "list"}


def read_akn(path: Path) -> ParsedLaw:
    """An Akoma Ntoso 3.0 document read by its structure: preface, recitals, body sections
    (a codified chapter in a quotedStructure), subsections, defs and refs by eId."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise _fail(path, f"this XML cannot be read: {exc}") from None
    if root.tag != f"{_AKN}akomaNtoso":
        raise _fail(path, "this XML is not Akoma Ntoso 3.0 (its root is not akomaNtoso in the "
                    "OASIS namespace)")
    law = ParsedLaw(source=path.name)
    doc = next((c for c in root if isinstance(c.tag, str)), None)
    if doc is None:
        raise _fail(path, "this Akoma Ntoso document is empty")
    blocks: list[SourceBlock] = []
    for p in doc.iterfind(f"{_AKN}preface/{_AKN}p"):  # caption and titles: the text rules
        cls = p.get("class", "")
        blocks.append(SourceBlock(_akn_text(p), p.sourceline or 0,
                                  "title" if cls == "title" else "para"))
    for p in doc.iterfind(f"{_AKN}preface/{_AKN}longTitle/{_AKN}p"):
        blocks.append(SourceBlock(_akn_text(p), p.sourceline or 0))
    front = parse_blocks(blocks, path.name)
    law.kind, law.name, law.short_title = front.kind, front.name, front.short_title
    law.long_title, law.sponsors = front.long_title, front.sponsors
    law.instrument = front.instrument
    for recital in doc.iterfind(f"{_AKN}preamble/{_AKN}recitals/{_AKN}recital"):
        text = " ".join(_akn_text(p) for p in recital.iterfind(f"{_AKN}p"))
        text = re.sub(r"^WHEREAS,?\s+", "", text, flags=re.IGNORECASE)
        law.recitals.append(ParsedPara(re.sub(r";\s*(and)?\s*$", "", text), recital.sourceline))
    body = doc.find(f"{_AKN}body")
    for section in body if body is not None else ():
        if section.tag != f"{_AKN}section":
            continue
        quoted = section.find(f".//{_AKN}quotedStructure")
        if quoted is not None:
            law.codified = True
            mod = section.find(f".//{_AKN}mod")
            intro = _akn_text(mod, stop=f"{_AKN}quotedStructure") if mod is not None else ""
            found = re.match(r"^(?:The\s+)?(.+?)\s+is amended\b", intro)
            if found:
                law.code_name = found.group(1)
            chapter = quoted.find(f"{_AKN}chapter")
            if chapter is not None:
                num = _akn_text(chapter.find(f"{_AKN}num"))
                law.chapter_number = num.split()[-1] if num else ""
                law.chapter_title = _akn_text(chapter.find(f"{_AKN}heading"))
                for nested in chapter.iterfind(f"{_AKN}section"):
                    law.sections.append(_akn_section(nested, law, code=True))
            continue
        law.sections.append(_akn_section(section, law, code=False))
    for section in law.sections:
        if not section.code and law.codified:
            section.code = bool(law.chapter_number) and section.number.startswith(
                law.chapter_number + ".")
    if not law.chapter_number and any(s.code for s in law.sections):
        law.chapter_number = chapter_of(next(s.number for s in law.sections if s.code))
    _take_definitions(law)
    return law


def _akn_section(el: _Element, law: ParsedLaw, code: bool) -> ParsedSection:
    num = _akn_text(el.find(f"{_AKN}num")).rstrip(".")
    sign = ""
    found = re.match(r"^(§|Sec\.|SEC\.|Section|SECTION)\s*(.+)$", num)
    if found:
        sign = "" if found.group(1) in ("Section", "SECTION") else found.group(1)
        num = found.group(2).rstrip(".")
    section = ParsedSection(number=num, heading=_akn_text(el.find(f"{_AKN}heading")),
                            line=el.sourceline or 0, code=code, sign=sign)
    law.anchors[el.get("eId", "")] = (section, ())
    section.body = _akn_blocks(el, law, section, ())
    return section


def _akn_blocks(el: _Element, law: ParsedLaw, section: ParsedSection,
                path: tuple[str, ...]) -> list[ParsedPara | ParsedSub]:
    out: list[ParsedPara | ParsedSub] = []
    for child in el:
        tag = child.tag.replace(_AKN, "") if isinstance(child.tag, str) else ""
        if tag in ("content", "intro", "wrapUp"):
            out.extend(ParsedPara(_akn_text(p), p.sourceline or 0, _akn_term(p))
                       for p in child.iterfind(f"{_AKN}p") if _akn_text(p))
        elif tag == "hcontainer":
            out.extend(_akn_blocks(child, law, section, path))
        elif tag in _SUB_TAGS:
            marker = _akn_text(child.find(f"{_AKN}num"))
            key = marker.strip("()[].")
            sub_path = (*path, key)
            law.anchors[child.get("eId", "")] = (section, sub_path)
            parts = _akn_blocks(child, law, section, sub_path)
            texts = [p for p in parts if isinstance(p, ParsedPara)]
            sub = ParsedSub(marker, " ".join(p.text for p in texts), child.sourceline or 0,
                            [p for p in parts if isinstance(p, ParsedSub)],
                            term=next((p.term for p in texts if p.term), ""))
            out.append(sub)
    return out


def _akn_term(el: _Element) -> str:
    """The term a paragraph defines (its first <def>), or ""."""
    found = el.find(f".//{_AKN}def")
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def _akn_text(el: _Element | None, stop: str = "") -> str:
    """An element's text; a <ref> as a placed reference (its eId and its text)."""
    if el is None:
        return ""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == stop:
            break
        if child.tag == f"{_AKN}ref":
            parts.append(f"{REF_OPEN}{child.get('href', '').lstrip('#')}{REF_TEXT}"
                         f"{''.join(child.itertext())}{REF_CLOSE}")
        elif child.tag == f"{_AKN}noteRef":
            pass
        else:
            parts.append(_akn_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


# -- the registry -----------------------------------------------------------------------------

READERS: tuple[LawReader, ...] = (
    LawReader("docx", (".docx",), read_docx),
    LawReader("txt", (".txt", ".text"), read_text),
    LawReader("md", (".md", ".markdown"), read_markdown),
    LawReader("html", (".html", ".htm"), read_html),
    LawReader("akn", (".akn.xml", ".xml", ".akn"), read_akn),
)


def reader_for(path: Path) -> LawReader | None:
    """The reader of ``path`` by its suffix (the longest that matches), or None."""
    name = path.name.lower()
    matches = [(len(s), r) for r in READERS for s in r.suffixes if name.endswith(s)]
    return max(matches, key=lambda m: m[0])[1] if matches else None


def read_law(path: Path) -> ParsedLaw:
    """Read an existing law with the reader its suffix names; InputError if it cannot."""
    reader = reader_for(path)
    if reader is None:
        known = ", ".join(s for r in READERS for s in r.suffixes)
        raise _fail(path, f"cannot tell what kind of file this is from its suffix; import "
                    f"reads {known}")
    if not path.is_file():
        raise _fail(path, "no such file" if not path.exists() else "not a regular file")
    try:
        if path.stat().st_size == 0:
            raise _fail(path, "the file is empty; nothing to import")
        return reader.read(path)
    except OSError as exc:
        raise _fail(path, f"cannot read it: {exc.strerror or exc}") from None
