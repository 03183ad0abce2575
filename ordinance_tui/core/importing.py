"""Import an existing law: an ordinance or code chapter as a draft of the drafter's own sections.

Map::

    readers (core/readers.py, one per suffix)  file -> list[SourceBlock]
    parse_blocks(blocks)                        the one text parser -> ParsedLaw
      (Akoma Ntoso input: readers build the ParsedLaw from the XML's structure)
    law_data(parsed)                            ParsedLaw -> draft data (ordinance-draft/1)
    import_law(path)                            all of it -> ImportResult (draft text, unplaced)

The parser recognises, in order: the caption ("CITY OF X", "ORDINANCE NO.", "Introduced by:"),
the short and long titles, recitals ("WHEREAS ..."), the enacting clause; then numbered
sections ("Sec. 9.70.040. Heading.", "§ 2-123. Heading.", "Section 4. Heading",
"SEC. 19B.2. HEADING.", "305.06 Heading", or the heading on its own line after the number),
a "Chapter 9.70 Title" line or a "Section 1. Addition of Chapter ..." wrapper (a code
chapter), nested subsections at (a)/(1)/(A)/(i) or 1./(a)/(i) levels ("(i)" is a letter after
"(h)", else a roman numeral), the definitions section (its terms become the drafter's
definitions), cross-references ("Section 9.70.030(b)", "Sections 4 and 7", "subsection (a)
of this section", "this section") to sections of the same law, which become references by
id, and the signature block. A reference to another chapter stays text. What it cannot place
is kept, with its line, in ``ParsedLaw.unplaced``.

Nothing here reads a file format: the readers do, lazily importing python-docx or lxml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .numbering import NBSP
from .problems import InputError, Problem

__all__ = ["ImportResult", "ParsedLaw", "SourceBlock", "import_law", "law_data", "parse_blocks"]


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """One paragraph or line of the input: its text, its line (or paragraph) number, and what
    its markup says: ``kind`` is ``para``, ``heading``, ``title`` or ``list`` (``level``: the
    heading or list level), ``bold`` when the whole block is bold."""

    text: str
    line: int
    kind: str = "para"
    level: int = 0
    bold: bool = False


@dataclass
class ParsedSub:
    """A subsection as read: its marker in the input, its text, its children."""

    marker: str
    text: str
    line: int
    children: list[ParsedSub] = field(default_factory=list)
    label: str = ""  # set when a reference names it: printed as [[label:...]]
    term: str = ""  # the term it defines, when the input marks it (Akoma Ntoso <def>)


@dataclass
class ParsedPara:
    text: str
    line: int
    term: str = ""  # the term it defines, when the input marks it (Akoma Ntoso <def>)


Body = ParsedPara | ParsedSub


@dataclass
class ParsedSection:
    """A numbered section as read. ``number`` is its number as printed ("9.70.040", "4"),
    ``code`` whether it is a section of the code chapter (not of the enacting ordinance)."""

    number: str
    heading: str
    line: int
    body: list[Body] = field(default_factory=list)
    code: bool = False
    id: str = ""
    definitions: bool = False
    sign: str = ""  # what is printed before the number: "§", "Sec.", "SEC." or nothing

    def find(self, path: Sequence[str]) -> ParsedSub | None:
        """The subsection at the input marker ``path`` ("b", "2"), if there is one."""
        items: Sequence[Body] = self.body
        found: ParsedSub | None = None
        for key in path:
            found = next((s for s in items if isinstance(s, ParsedSub)
                          and _bare(s.marker) == key), None)
            if found is None:
                return None
            items = found.children
        return found


@dataclass
class ParsedDefinition:
    """A defined term, its text (the words after "means") and any subsections of it."""

    term: str
    text: str
    line: int
    children: list[ParsedSub] = field(default_factory=list)


@dataclass
class ParsedLaw:
    """An existing law as read: what the draft is built from (``law_data``)."""

    source: str = ""
    kind: str = ""
    name: str = ""
    style: str = ""
    short_title: str = ""
    long_title: str = ""
    instrument: str = ""  # "local law" when the caption says so; empty: the kind's word
    sponsors: list[str] = field(default_factory=list)
    recitals: list[ParsedPara] = field(default_factory=list)
    codified: bool = False
    code_name: str = ""
    chapter_number: str = ""
    chapter_title: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    definitions: list[ParsedDefinition] = field(default_factory=list)
    definitions_at: int | None = None  # where the definitions section stood among sections
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    # Akoma Ntoso input: each eId a <ref> can point at -> (its section, its subsection path).
    anchors: dict[str, tuple[ParsedSection, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    """What ``import_law`` gives: the draft's YAML text and data, and what was not placed."""

    source: Path
    draft_text: str
    data: dict[str, Any]
    unplaced: tuple[tuple[int, str], ...]
    law: ParsedLaw


# -- patterns ----------------------------------------------------------------------------------

_NUM = r"\d+[A-Z]?(?:[.\-]\d+[A-Z]?)*"
_PREFIX = r"SECTION|Section|SEC\.|Sec\.|§"
_SECTION = re.compile(rf"^(?P<prefix>{_PREFIX})\s*(?P<num>{_NUM})(?P<dot>\.)?(?=\s|$)\s*"
                      r"(?P<rest>.*)$")
_BARE_CODE = re.compile(r"^(?P<num>\d+[A-Z]?(?:[.\-]\d+[A-Z]?)+)(?P<dot>\.)?\s+(?P<rest>\S.*)$")
_BARE_NUMBER = re.compile(rf"^(?P<num>{_NUM})(?P<dot>\.)?(?:\s+(?P<rest>.*))?$")
_CHAPTER = re.compile(rf"^CHAPTER\s+(?P<num>{_NUM})\b[.:]?\s*[-\u2013\u2014]?\s*(?P<title>.*)$",
                      re.IGNORECASE)
_CODIFY = re.compile(r"^(?:The\s+)?(?P<code>.+?\b(?:Code|Laws|Statutes)(?: of [A-Z][\w ]+)?)\s+"
                     r"(?:is|are) (?:hereby )?amended by adding\b.*?Chapter\s+(?P<num>" + _NUM
                     + r")", re.IGNORECASE)
_GOV = re.compile(r"^(?P<kind>CITY AND COUNTY|CITY|COUNTY|TOWN|VILLAGE|STATE) OF (?P<name>.+)$",
                  re.IGNORECASE)
_LEGISLATURE = re.compile(r"Legislature of (?:the )?State of (?P<name>[A-Z][\w ]*?)[:.,]",
                          re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^(?P<word>ORDINANCE|LOCAL LAW|BILL|RESOLUTION|ACT)\b.*\bNO\.",
                          re.IGNORECASE)
_CODE_NAME = re.compile(r"^(?P<name>[A-Z][\w .'-]*?)\s+(?:(?:Municipal|Administrative|City|Town|"
                        r"County|Village|Revised|General)\s+)?Code(?: of Ordinances)?$",
                        re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:ARTICLE|Article|PART|Part|DIVISION|Division)\s+[IVXLC\d]+\b")
_INTRODUCED = re.compile(r"^Introduced by:?\s*(?P<who>.+)$", re.IGNORECASE)
_LONG_TITLE = re.compile(r"^An? (?:ordinance|local law|act|bill|law)\b", re.IGNORECASE)
_WHEREAS = re.compile(r"^WHEREAS,?\s+(?P<text>.+?)(?:;\s*(?:and|now,? therefore,?)?)?\s*$",
                      re.IGNORECASE | re.DOTALL)
_ENACTING = re.compile(r"(ordains?|enacts?|be it (?:ordained|enacted)|do(?:es)? ordain)\b.*"
                       r"(as follows)?[:.]?\s*$", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(?:_{4,}|(?:Introduced and read|Passed and adopted|(?:Passed|Adopted|"
                        r"Approved|Signed) (?:by|on|this)|Approved as to form|ATTEST|AYES)\b)",
                        re.IGNORECASE)
_SIGNATURE_LINE = re.compile(r"_{4,}|^\W*[A-Z][\w ,.'-]{0,60}$")  # "____, Mayor"; "City Clerk"
_MARKER = re.compile(r"^(?:\((?P<paren>[A-Za-z]{1,5}|\d{1,3})\)|\[(?P<bracket>[A-Za-z]{1,5}|"
                     r"\d{1,3})\]|(?P<dot>[A-Za-z]{1,2}|\d{1,3})\.)\s+(?P<rest>\S.*)$")
_ROMAN = re.compile(r"^(?=[ivx])(x{0,3})(ix|iv|v?i{0,3})$")
_DEFINES = re.compile(r"^[\"“‘']?(?P<term>[^\"“”‘’']{1,80}?)[\"”’']?\s+(?:means|shall mean)\s+"
                      r"(?P<text>.+)$", re.DOTALL)
_DEFINITIONS_HEADING = re.compile(r"definition|meaning of|terms defined|words and phrases",
                                  re.IGNORECASE)
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _clean(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def _bare(marker: str) -> str:
    """A marker without its brackets or period: "(b)" -> "b", "1." -> "1"."""
    return marker.strip().strip("()[].")


def _titled(text: str) -> str:
    """An all-capitals line in title case ("ALDER BAY" -> "Alder Bay"); other text as it is."""
    if not text.isupper():
        return text
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _heading_text(text: str) -> str:
    return _clean(text).rstrip(".").strip()


# -- subsection markers ------------------------------------------------------------------------

def _candidates(marker: str) -> list[tuple[str, int]]:
    """Each (kind, value) a marker can be: "(i)" is a letter (9) or a roman numeral (1)."""
    match = re.match(r"^([(\[]?)(.+?)([)\].])$", marker)
    assert match is not None
    shape = {"(": "paren", "[": "bracket", "": "dot"}[match.group(1)]
    body = match.group(2)
    out: list[tuple[str, int]] = []
    if body.isdigit():
        return [(f"{shape}-decimal", int(body))]
    lower = body.lower()
    case = "lower" if body.islower() else "upper"
    if _ROMAN.match(lower):
        out.append((f"{shape}-{case}-roman", _roman_value(lower)))
    if len(set(lower)) == 1:  # a, ..., z, aa, bb: the legal convention
        out.append((f"{shape}-{case}-letter", (ord(lower[0]) - 96) + 26 * (len(lower) - 1)))
    return out


def _roman_value(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


@dataclass
class _Level:
    kind: str  # "paren-lower-letter", "dot-decimal" ...
    last: int  # the value of its last marker


class _Levels:
    """The open subsection levels of a section, deciding each marker's level from context."""

    def __init__(self) -> None:
        self.stack: list[_Level] = []

    def place(self, marker: str) -> int:
        """The level (0 = first) of a subsection with ``marker``; the stack is cut to it."""
        candidates = _candidates(marker)
        for depth in range(len(self.stack) - 1, -1, -1):  # the next item of an open level
            level = self.stack[depth]
            if any(kind == level.kind and value == level.last + 1 for kind, value in candidates):
                del self.stack[depth + 1:]
                level.last += 1
                return depth
        open_kinds = {level.kind for level in self.stack}
        for kind, value in candidates:  # the first item of a new level
            if value == 1 and kind not in open_kinds:
                return self._push(kind, value)
        for depth in range(len(self.stack) - 1, -1, -1):  # a skipped number: its level anyway
            level = self.stack[depth]
            for kind, value in candidates:
                if kind == level.kind:
                    del self.stack[depth + 1:]
                    level.last = value
                    return depth
        kind, value = candidates[0]
        return self._push(kind, value)

    def _push(self, kind: str, value: int) -> int:
        self.stack.append(_Level(kind, value))
        return len(self.stack) - 1

    def clear(self) -> None:
        self.stack.clear()


# -- the parser --------------------------------------------------------------------------------

class _Parser:
    def __init__(self, blocks: Sequence[SourceBlock], source: str) -> None:
        self.blocks = blocks
        self.law = ParsedLaw(source=source)
        self.section: ParsedSection | None = None
        self.wrapper: ParsedSection | None = None  # "Section 1. Addition of Chapter ..."
        self.levels = _Levels()
        self.open: list[ParsedSub] = []  # the subsection open at each level
        self.need_heading = False
        self.back = False  # in the signature block

    def run(self) -> ParsedLaw:
        for block in self.blocks:
            text = _clean(block.text)
            if text or block.kind == "rule":
                self.block(text, block)
        self.finish()
        return self.law

    # one block
    def block(self, text: str, block: SourceBlock) -> None:
        if block.kind == "rule":  # a thematic break after the sections: the signature block
            self.back = self.section is not None
            return
        header = self.header(text, block)
        if header is not None:
            number, heading = header
            self.start(number, heading, block.line)
            prefix = _SECTION.match(text)
            if prefix and prefix.group("prefix") not in ("Section", "SECTION"):
                assert self.section is not None
                self.section.sign = prefix.group("prefix")
            return
        chapter = _CHAPTER.match(text)
        if chapter and len(text) < 160:
            self.law.codified = True
            self.law.chapter_number = chapter.group("num")
            title = _heading_text(chapter.group("title"))
            if title:
                self.law.chapter_title = _titled(title)
            return
        if self.section is None:
            self.front(text, block)
            return
        if self.back or (_SIGNATURE.match(text) and not self.need_heading):
            self.back = True  # the signature block: the style prints its own
            if not (_SIGNATURE.match(text) or _SIGNATURE_LINE.search(text)):
                self.law.unplaced.append((block.line, text))  # not a signature line: kept
            return
        if self.need_heading:
            self.need_heading = False
            if self.looks_like_heading(text, block):
                self.section.heading = _heading_text(text)
                return
        self.body(text, block)

    def header(self, text: str, block: SourceBlock) -> tuple[str, str | None] | None:
        """(number, heading or None when it is on the next line) if ``text`` starts a section."""
        marked = block.kind in ("heading", "title") or block.bold
        match = _SECTION.match(text) or _BARE_CODE.match(text)
        if match is None and marked:
            match = _BARE_NUMBER.match(text)
        if match is None:
            return None
        number = match.group("num")
        rest = (match.group("rest") or "").strip()
        if not rest:
            return number, None
        if not marked:
            # "Section 9.70.070 does not apply ...": a sentence, not a heading.
            if not (rest[:1].isupper() or rest[:1] in "\"“(") or len(rest) > 120:
                return None
            if "prefix" not in match.groupdict() and not match.group("dot") and len(rest) > 80:
                return None
        if self.section is None and not marked and "prefix" not in match.groupdict() \
                and _MARKER.match(text):
            return None
        return number, _heading_text(rest)

    def looks_like_heading(self, text: str, block: SourceBlock) -> bool:
        if block.kind in ("heading", "title") or block.bold:
            return True
        if _MARKER.match(text) or len(text) > 100:
            return False
        return len(text.split()) <= 14 and (not text.endswith(".") or text.count(".") == 1)

    def start(self, number: str, heading: str | None, line: int) -> None:
        self.close_section()
        self.back = False
        section = ParsedSection(number=number, heading=heading or "", line=line)
        self.section = section
        self.need_heading = heading is None
        self.levels.clear()
        self.open = []

    def close_section(self) -> None:
        section = self.section
        if section is None:
            return
        if _ADDITION.search(section.heading) and (
                self.wrapper is None and not any(s.code for s in self.law.sections)):
            self.wrapper = section
        else:
            self.law.sections.append(section)
        self.section = None

    def body(self, text: str, block: SourceBlock) -> None:
        section = self.section
        assert section is not None
        if section is self.wrapper or (_ADDITION.search(section.heading) and not section.body):
            codify = _CODIFY.match(text)
            if codify:
                self.law.codified = True
                self.law.code_name = _clean(codify.group("code"))
                self.law.chapter_number = codify.group("num")
                quoted = re.search(r"[“\"]([^”\"]+?)[,.]?[”\"]", text)
                if quoted and not self.law.chapter_title:
                    self.law.chapter_title = quoted.group(1)
                return
        marker = _MARKER.match(text)
        if marker is not None:
            token = text.split(None, 1)[0]
            level = self.levels.place(token)
            sub = ParsedSub(token, marker.group("rest"), block.line)
            del self.open[level:]
            if level > len(self.open):  # a level skipped: attach where it can
                level = len(self.open)
            if self.open:
                self.open[-1].children.append(sub)
            else:
                section.body.append(sub)
            self.open.append(sub)
            return
        if block.kind == "list" and self.open:  # a bullet without a marker: a subsection
            sub = ParsedSub("", text, block.line)
            depth = min(block.level, len(self.open))
            del self.open[depth:]
            (self.open[-1].children if self.open else section.body).append(sub)
            self.open.append(sub)
            return
        self.levels.clear()
        self.open = []
        section.body.append(ParsedPara(text, block.line))

    def front(self, text: str, block: SourceBlock) -> None:
        law = self.law
        gov = _GOV.match(text)
        if gov and len(text) < 80 and not law.name:
            law.kind = gov.group("kind").lower().replace(" and ", "-").replace(" ", "-")
            law.name = _titled(_clean(gov.group("name")))
            return
        number_line = _NUMBER_LINE.match(text)
        if number_line:
            word = number_line.group("word").lower()
            if word not in ("ordinance", "bill"):  # the kinds' words; "local law" is a choice
                law.instrument = word
            return
        if text.upper() == "LEGISLATURE":
            return
        if _ARTICLE.match(text):  # a part of a chapter: drafts have none; listed
            law.unplaced.append((block.line, text))
            return
        code = _CODE_NAME.match(text)
        if code and not law.code_name:
            law.code_name = _titled(text)
            law.name = law.name or _titled(code.group("name"))
            return
        introduced = _INTRODUCED.match(text)
        if introduced:
            law.sponsors = [s.strip() for s in re.split(r",\s*|\s+and\s+", introduced.group("who"))
                            if s.strip()]
            return
        if _LONG_TITLE.match(text) and not law.long_title:
            law.long_title = text
            return
        whereas = _WHEREAS.match(text)
        if whereas:
            law.recitals.append(ParsedPara(whereas.group("text").strip(), block.line))
            return
        legislature = _LEGISLATURE.search(text)
        if legislature:
            law.kind = "state"
            law.name = law.name or legislature.group("name").strip()
            return
        if _ENACTING.search(text) and len(text) < 300:
            return
        if not law.short_title and (block.kind in ("title", "heading") or block.bold
                                    or (text.isupper() and len(text) < 160)):
            law.short_title = _titled(text)
            return
        law.unplaced.append((block.line, text))

    def finish(self) -> None:
        self.close_section()
        law = self.law
        if self.wrapper is not None:
            law.codified = True
            if not law.chapter_title:
                found = re.search(r"Chapter\s+" + _NUM + r",?\s*(.+)$", self.wrapper.heading)
                if found:
                    law.chapter_title = found.group(1).strip()
            for item in self.wrapper.body:
                if isinstance(item, ParsedPara):
                    law.unplaced.append((item.line, item.text))
        chapter = law.chapter_number
        for section in law.sections:
            section.code = _is_code_number(section.number, chapter)
        if law.sections and not chapter:
            first_code = next((s.number for s in law.sections if s.code), "")
            if first_code:
                law.codified = True
                law.chapter_number = chapter_of(first_code)
        _take_definitions(law)


_ADDITION = re.compile(r"\b(?:Addition|Adding|Amendment)\b.*\bChapter\b", re.IGNORECASE)


def _is_code_number(number: str, chapter: str) -> bool:
    """Whether a section number is a code section's: "9.70.040", "2-123" (not "4")."""
    if chapter:
        return number.startswith(chapter) and len(number) > len(chapter) + 1 \
            and number[len(chapter)] in ".-"
    return bool(re.search(r"[.\-]", number))


def chapter_of(number: str) -> str:
    """The chapter of a code section number: "9.70.040" -> "9.70", "2-123" -> "2"."""
    at = max(number.rfind("."), number.rfind("-"))
    return number[:at] if at > 0 else ""


def _take_definitions(law: ParsedLaw) -> None:
    """Turn the definitions section's terms into the law's definitions."""
    for index, section in enumerate(law.sections):
        if not _DEFINITIONS_HEADING.search(section.heading):
            continue
        found: list[ParsedDefinition] = []
        rest: list[tuple[int, str]] = []
        for item in section.body:
            text = item.text
            match = _DEFINES.match(text)
            if item.term and (match is None or match.group("term").strip() != item.term):
                # a marked term defined in other words ("Agency: any department ...")
                at = text.find(item.term)
                words = text[at + len(item.term):] if at >= 0 else text
                words = re.sub(r"^[\"”’']?\s*(?:means\b|shall mean\b|[:\-\u2013\u2014])?\s*",
                               "", words)
                children = item.children if isinstance(item, ParsedSub) else []
                found.append(ParsedDefinition(item.term, words, item.line, children))
                continue
            if match is None or not match.group("term").strip():
                if isinstance(item, ParsedPara) and not found and (
                        text.endswith(":") or re.search(r"definition|mean", text, re.I)):
                    continue  # the introduction: the style prints its own
                rest.append((item.line, text))
                continue
            children = item.children if isinstance(item, ParsedSub) else []
            found.append(ParsedDefinition(match.group("term").strip(),
                                          match.group("text").strip(), item.line, children))
        if not found:
            continue
        section.definitions = True
        law.definitions = found
        law.definitions_at = index
        law.unplaced.extend(rest)
        return


DEFINITIONS_ID = "definitions"  # the definitions section's id (``assemble.DEFINITIONS_ID``)

# -- references --------------------------------------------------------------------------------

_REF_PREFIX = r"(?:Sections|Section|sections|section|SECS\.|SEC\.|Secs\.|Sec\.|secs\.|sec\.|§§|§)"
_PATH = r"(?:\((?:[A-Za-z]{1,5}|\d{1,3})\))*"
_ONE = rf"(?P<num>{_NUM})(?P<path>{_PATH})"
_REF = re.compile(rf"(?<![\w.]){_REF_PREFIX}[ \u00a0](?P<list>{_NUM}{_PATH}"
                  rf"(?:(?:, and |, or |, | and | or | through ){_NUM}{_PATH})*)"
                  r"(?P<outside> of this (?:ordinance|local law|act|bill|law|resolution))?")
_ITEM_RE = re.compile(rf"(?P<sep>, and |, or |, | and | or | through )?{_ONE}")
# "subsection (a)", or as General Code styles cite a lettered subsection, "subsection A(1)".
_SELF = re.compile(rf"\bsubsection (?P<path>(?:[A-Z]{{1,3}}(?![\w]))?{_PATH}) of this section\b")
_BARE_FIRST = re.compile(r"^([A-Za-z]{1,3}|\d{1,3})(?=\(|$)")
_LETTERED = re.compile(r"^(.*\d)([A-Z]{1,3})$")  # "9.70-16D": section 9.70-16, subsection D


def _path_keys(path: str) -> list[str]:
    """The markers of a subsection path: "(b)(2)" -> b, 2; "A(1)" -> A, 1."""
    bare = _BARE_FIRST.match(path)
    return ([bare.group(1)] if bare else []) + re.findall(r"\(([^()]+)\)", path)


# A reference an Akoma Ntoso reader found: REF_OPEN eId REF_TEXT printed text REF_CLOSE.
REF_OPEN, REF_TEXT, REF_CLOSE = "\ue000", "\ue001", "\ue002"
_PLACED_REF = re.compile(f"{REF_OPEN}([^{REF_TEXT}]*){REF_TEXT}([^{REF_CLOSE}]*){REF_CLOSE}")
_BARE_PREFIX = re.compile(r"(?:Sections|sections|SECS\.|Secs\.|secs\.|§§|Section|section|"
                          r"SEC\.|Sec\.|sec\.|§)[ \u00a0]$")


class _Refs:
    """Rewrites a law's cross-references to its own sections as ``[[id#label]]`` marks."""

    def __init__(self, law: ParsedLaw) -> None:
        self.by_number = {s.number: s for s in law.sections}
        self.anchors = law.anchors

    def placed(self, text: str, here: ParsedSection | None) -> str:
        """``text`` with the references a reader placed (by eId) as marks, others as text."""
        out: list[str] = []
        pos = 0
        for match in _PLACED_REF.finditer(text):
            before = text[pos:match.start()]
            target = self.anchors.get(match.group(1))
            mark = None
            if target is not None:
                section, path = target
                mark = self.mark(section, "".join(f"({p})" for p in path))
            if mark is None:
                out.append(before + match.group(2))
            else:
                if match.group(2)[:1].isdigit():  # one number of "Sections 4 and 7"
                    before = _BARE_PREFIX.sub("", before)
                out.append(before + mark)
            pos = match.end()
        out.append(text[pos:])
        return "".join(out)

    def target(self, number: str, path: str) -> str | None:
        section = self.by_number.get(number.rstrip("."))
        lettered = _LETTERED.match(number.rstrip("."))
        if section is None and lettered and lettered.group(1) in self.by_number:
            section, path = self.by_number[lettered.group(1)], lettered.group(2) + path
        if section is None or section.definitions and path:
            return None
        return self.mark(section, path)

    def mark(self, section: ParsedSection, path: str) -> str | None:
        keys = _path_keys(path)
        if section.definitions:  # the definitions section the assembler builds
            return None if keys else f"[[{DEFINITIONS_ID}]]"
        if not keys:
            return f"[[{section.id}]]"
        sub = section.find(keys)
        if sub is None:
            return None
        if not sub.label:
            sub.label = "sub-" + "-".join(k.lower() for k in keys)
        return f"[[{section.id}#{sub.label}]]"

    def rewrite(self, text: str, here: ParsedSection | None) -> str:
        if REF_OPEN in text:
            return self.placed(text, here)

        def one(match: re.Match[str]) -> str:
            items = list(_ITEM_RE.finditer(match.group("list")))
            marks = []
            for item in items:
                found = self.target(item.group("num"), item.group("path"))
                if found is None:
                    return match.group(0)  # another chapter's section, or unknown: text
                marks.append((item.group("sep") or "", found))
            if len(marks) == 1:
                return marks[0][1]
            return "".join(sep + mark for sep, mark in marks)

        text = _REF.sub(one, text)
        if here is None:
            return text

        def own(match: re.Match[str]) -> str:
            found = self.mark(here, match.group("path"))
            return found if found is not None else match.group(0)

        return _SELF.sub(own, text)


# -- the draft ---------------------------------------------------------------------------------

# The library's parts an imported law's sections go into (tests/test_import.py checks that the
# built-in library has them): before the definitions, after them, outside the code chapter.
PART_BEFORE, PART_AFTER, PART_OUTSIDE, PART_RECITALS = "title", "scope", "general", "findings"
# Section labels as the built-in styles print code sections: (sign, separator) -> style id.
# ("", ".") with two digits ("305.06") is american-legal (``_guess_style``).
_CODE_STYLES = {("", "."): "city", ("§", "."): "county", ("§", "-"): "general-code",
                ("Sec.", "-"): "municode", ("SEC.", "."): "san-francisco"}
_KIND_STYLE_SIGN = {"city": ("", "."), "county": ("§", "."), "city-county": ("§", "."),
                    "town": ("§", "-"), "village": ("§", "-"), "state": ("", ".")}


def law_data(law: ParsedLaw, own_id: Callable[[str, set[str]], str] | None = None
             ) -> dict[str, Any]:
    """The draft (``ordinance-draft/1`` data) for an imported law: its sections as the
    drafter's own (``clauses: add:``, each code section's number kept), its terms as the
    drafter's definitions, ``clauses: library: none``, and an ``imported:`` block."""
    from .draft import own_id as default_own_id

    make_id = own_id or default_own_id
    taken: set[str] = set()
    for section in law.sections:
        section.id = make_id(section.heading or f"section {section.number}", taken)
        taken.add(section.id)
    refs = _Refs(law)
    for section in law.sections:  # first every reference, so that labels are known
        _rewrite_refs(section.body, refs, section)
    for definition in law.definitions:
        definition.text = refs.rewrite(definition.text, None)
        _rewrite_refs(definition.children, refs, None)
    jurisdiction: dict[str, Any] = {"name": law.name or "Riverton", "kind": law.kind or "city"}
    if law.instrument:
        jurisdiction["instrument"] = law.instrument
    if law.short_title:
        jurisdiction["short_title"] = law.short_title
    if law.sponsors:
        jurisdiction["sponsors"] = list(law.sponsors)
    if law.codified:
        jurisdiction["codified"] = True
        if law.code_name:
            jurisdiction["code_name"] = law.code_name
        jurisdiction["chapter_number"] = law.chapter_number
        if law.chapter_title:
            jurisdiction["chapter_title"] = law.chapter_title
        style = _guess_style(law)
        if style:
            jurisdiction["style"] = style
    added: list[dict[str, Any]] = []
    for i, recital in enumerate(law.recitals, 1):
        added.append({"id": make_id(f"recital {i}", taken), "heading": f"Recital {i}",
                      "part": PART_RECITALS, "text": recital.text})
        taken.add(added[-1]["id"])
    purpose = _purpose(law.long_title)
    for index, section in enumerate(law.sections):
        if section.definitions:
            continue
        if law.codified and not section.code:
            part = PART_OUTSIDE
        elif law.definitions_at is not None and index < law.definitions_at:
            part = PART_BEFORE
        else:
            part = PART_AFTER
        entry: dict[str, Any] = {"id": section.id, "heading": section.heading or "Reserved"}
        if law.codified and section.code:
            entry["number"] = section.number
        entry["part"] = part
        if purpose:
            entry["purpose"] = purpose
            purpose = ""
        entry["text"] = _section_text(section)
        added.append(entry)
    data: dict[str, Any] = {"format": "ordinance-draft/1", "jurisdiction": jurisdiction,
                            "answers": {}, "clauses": {"library": "none", "add": added}}
    if law.definitions:
        data["definitions"] = {"add": [
            {"term": d.term, "text": "\n".join([d.text, *_sub_lines(d.children, 0)])}
            for d in law.definitions]}
    data["imported"] = {"source": law.source,
                        "unplaced": [{"line": line, "text": text}
                                     for line, text in sorted(law.unplaced)]}
    return data


def _purpose(long_title: str) -> str:
    """What the long title says the law does ("to add Chapter ...; to bind ..."), without its
    opening ("An ordinance of the City of X"): the style prints its own opening."""
    found = re.search(r"\bto (.+)$", long_title)
    return found.group(1).rstrip(" .") if found else ""


def _guess_style(law: ParsedLaw) -> str:
    """The built-in style whose code labels look like the law's, when the kind's does not."""
    code = next((s for s in law.sections if s.code), None)
    if code is None:
        return ""
    sign = code.sign
    separator = "-" if "-" in code.number else "."
    if (sign, separator) == ("", ".") and re.search(r"\.\d\d$", code.number):
        return "american-legal"  # "305.06": two digits, the penalty at .99
    want = (sign, separator)
    if _KIND_STYLE_SIGN.get(law.kind or "city") == want:
        return ""
    return _CODE_STYLES.get(want, "")


def _rewrite_refs(body: Sequence[Body], refs: _Refs, here: ParsedSection | None) -> None:
    for item in body:
        item.text = refs.rewrite(item.text, here)
        if isinstance(item, ParsedSub):
            _rewrite_refs(item.children, refs, here)


def _section_text(section: ParsedSection) -> str:
    """A section's body as the drafter's plain text (``core.plaintext``)."""
    out: list[str] = []
    for item in section.body:
        if isinstance(item, ParsedPara):
            if out:
                out.append("")
            out.append(item.text)
        else:
            out.extend(_sub_lines([item], 0))
    return "\n".join(out)


def _sub_lines(subs: Sequence[ParsedSub], level: int) -> list[str]:
    """Subsections as ``- `` items, two spaces of indent a level, a named one with its label."""
    lines: list[str] = []
    for sub in subs:
        label = f"[[label:{sub.label}]] " if sub.label else ""
        lines.append("  " * level + "- " + label + sub.text)
        lines.extend(_sub_lines(sub.children, level + 1))
    return lines


def parse_blocks(blocks: Sequence[SourceBlock], source: str = "") -> ParsedLaw:
    """The one parser: an existing law's blocks as a ``ParsedLaw``."""
    return _Parser(blocks, source).run()


def import_law(path: Path) -> ImportResult:
    """Read an existing law (docx, txt, md, html, xml) and build its draft.

    Raises InputError (with the file) for a file that is missing, unreadable, of an unknown
    format, or holds no numbered section.
    """
    from .readers import read_law

    path = Path(path)
    law = read_law(path)
    if not law.sections:
        raise InputError([Problem(str(path), 0, "no numbered sections found (such as "
                                  "'Section 1. Title' or '9.70.010 Title'); nothing to import")])
    data = law_data(law)
    return ImportResult(path, dump_draft(data), data, tuple(sorted(law.unplaced)), law)


def dump_draft(data: dict[str, Any]) -> str:
    """Draft data as YAML, each text of several lines as a literal block (``|``), as a
    drafter would type it."""
    import yaml

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):
        pass

    def text(dumper: Any, value: str) -> Any:
        style = "|" if "\n" in value and not any(
            line != line.rstrip() for line in value.split("\n")) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)

