"""Word list definitions translated from the tree's ``Numbering``.

One multi-level list numbers the ordinance: level 0 is the section heading,
levels 1-8 the subsection levels; a second list numbers a codified chapter's
sections the same way. A section level "Section {}." becomes the level text
"Section %1" with no suffix, and the heading paragraph starts with the rest
(". Prohibition ..."), so that a REF field with ``\\w`` reads "Section 3(b)" in
Word and LibreOffice, never "Section 3.(b)". Subsection levels restart under
each section by themselves.

``install`` writes the lists into a numbering part (every ``w:abstractNum``
before every ``w:num``, the children of ``w:lvl`` in schema order), replacing
earlier copies of ours by name, and links each level to its paragraph style.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ordinance_tui.core.document import LevelFormat, Numbering
from ordinance_tui.core.numbering import format_number
from ordinance_tui.export.common import bind_section_words

from .styles import SUB_LEVELS, level_role
from .xml import W_NS, attr

if TYPE_CHECKING:
    from docx.oxml.numbering import CT_Numbering
    from docx.oxml.styles import CT_Style
    from docx.oxml.xmlchemy import BaseOxmlElement

    from .styles import StyleMap

__all__ = ["WORD_FORMATS", "MAX_LEVELS", "INDENT", "WordLevel", "ListDef", "word_level",
           "list_defs", "install", "sub_indent"]

MAX_LEVELS = SUB_LEVELS + 1
INDENT = 720  # twips per subsection level

WORD_FORMATS = {"decimal": "decimal", "lower-letter": "lowerLetter",
                "upper-letter": "upperLetter", "lower-roman": "lowerRoman",
                "upper-roman": "upperRoman", "decimal-zero": "decimalZero"}
"""Our number formats -> Word's ``w:numFmt`` values."""

_NAMES = ("Ordinance sections", "Ordinance code sections")


@dataclasses.dataclass(frozen=True, slots=True)
class WordLevel:
    """One list level as Word prints it: the level text around ``%N``, and for a
    heading the literal ``tail`` that starts the paragraph after the number."""

    source: LevelFormat
    prefix: str
    suffix: str
    tail: str = ""

    @property
    def fmt(self) -> str:
        return WORD_FORMATS[self.source.format]

    def render(self, n: int) -> str:
        """What Word prints for number ``n`` (and what a ``\\w`` reference shows)."""
        return f"{self.prefix}{format_number(n, self.source.format)}{self.suffix}"

    def lvl_text(self, level: int) -> str:
        return f"{self.prefix}%{level + 1}{self.suffix}"


def word_level(fmt: LevelFormat | None, *, heading: bool = False) -> WordLevel | None:
    """The Word level for a level format, None when Word cannot print it.

    For a heading, what follows the number up to its first blank or punctuation
    stays in the level text ("2.99.%10"); the rest becomes the paragraph's tail.
    """
    if fmt is None or fmt.format not in WORD_FORMATS or fmt.pattern.count("{}") != 1:
        return None
    try:
        prefix, suffix = fmt.pattern.format("\0").split("\0")
    except (IndexError, ValueError, KeyError):
        return None
    if "%" in prefix + suffix:
        return None
    prefix = bind_section_words(prefix, before_ref=True)  # "Section" never ends a line alone
    tail = ""
    if heading:
        keep = len(suffix) - len(suffix.lstrip("0123456789"))
        suffix, tail = suffix[:keep], suffix[keep:]
    return WordLevel(fmt, prefix, suffix, tail)


@dataclasses.dataclass(slots=True)
class ListDef:
    """One Word list: its name, styles (by role), level definitions and Word ids.

    ``num_id`` is 0 until ``install`` gives the list its place in a numbering part.
    """

    name: str
    heading_role: str
    level_prefix: str  # "OrdLevel" -> OrdLevel1, OrdLevel2 ...
    heading: WordLevel | None
    sublevels: tuple[WordLevel | None, ...]
    num_id: int = 0

    def level(self, level: int) -> WordLevel | None:
        return self.heading if level == 0 else self.sublevels[level - 1]

    def defs(self) -> tuple[object, ...]:
        """What decides the numbers the list prints."""
        return (self.heading, self.sublevels)


def list_defs(numbering: Numbering, codified: bool) -> tuple[ListDef, ListDef | None]:
    """The ordinance's list and (when it has a code chapter) the code sections' list."""
    subs = tuple(word_level(numbering.level(i)) for i in range(SUB_LEVELS))
    main = ListDef(_NAMES[0], "Heading1", "OrdLevel",
                   word_level(numbering.sections, heading=True), subs)
    code = None
    if codified:
        code = ListDef(_NAMES[1], "Heading2", "CodeLevel",
                       word_level(numbering.code_sections, heading=True), subs)
    return main, code


def sub_indent(level: int) -> str:
    return f'<w:ind w:left="{level * INDENT}" w:hanging="{INDENT}"/>'


def _abstract_xml(lst: ListDef, abstract_id: int, style_id: Callable[[str], str]) -> str:
    levels = []
    heading = lst.heading or word_level(LevelFormat("decimal", "{}"), heading=True)
    assert heading is not None
    levels.append(
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{heading.fmt}"/>'
        f'<w:pStyle w:val="{attr(style_id(lst.heading_role))}"/><w:suff w:val="nothing"/>'
        f'<w:lvlText w:val="{attr(heading.lvl_text(0))}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>'
        "</w:lvl>")
    for level in range(1, MAX_LEVELS):
        definition = lst.level(level) or word_level(LevelFormat("decimal", "({})"))
        assert definition is not None
        role = level_role(lst.level_prefix, level)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{definition.fmt}"/><w:pStyle w:val="{attr(style_id(role))}"/>'
            f'<w:suff w:val="tab"/><w:lvlText w:val="{attr(definition.lvl_text(level))}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr>{sub_indent(level)}</w:pPr></w:lvl>')
    return (f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{attr(lst.name)}"/>'
            f'{"".join(levels)}</w:abstractNum>')


def install(numbering_element: CT_Numbering, lists: Sequence[ListDef], styles: StyleMap,
            parse: Callable[[str], BaseOxmlElement]) -> None:
    """Write ``lists`` into a numbering part and link their levels to their styles.

    ``numbering_element`` is the part's ``w:numbering``; ``styles`` a
    ``styles.StyleMap``; ``parse`` turns XML text into an element (python-docx's
    ``parse_xml``). Lists of ours already there (by name) are replaced.
    """
    w = "{" + W_NS + "}"
    ours = {lst.name for lst in lists} | set(_NAMES)
    dropped: set[str] = set()
    for abstract in numbering_element.findall(f"{w}abstractNum"):
        name = abstract.find(f"{w}name")
        if name is not None and name.get(f"{w}val") in ours:
            dropped.add(abstract.get(f"{w}abstractNumId"))
            numbering_element.remove(abstract)
    for num in numbering_element.findall(f"{w}num"):
        ref = num.find(f"{w}abstractNumId")
        if ref is not None and ref.get(f"{w}val") in dropped:
            numbering_element.remove(num)
    abstract_ids = [int(a.get(f"{w}abstractNumId"))
                    for a in numbering_element.findall(f"{w}abstractNum")]
    num_ids = [int(n.get(f"{w}numId")) for n in numbering_element.findall(f"{w}num")]
    next_abstract = max(abstract_ids, default=-1) + 1
    next_num = max(num_ids, default=0) + 1
    for lst in lists:
        abstract = parse(_abstract_xml(lst, next_abstract, styles.id))
        first_num = numbering_element.find(f"{w}num")
        if first_num is not None:
            first_num.addprevious(abstract)  # every abstractNum before every num
        else:
            numbering_element.append(abstract)
        numbering_element.append(parse(
            f'<w:num xmlns:w="{W_NS}" w:numId="{next_num}">'
            f'<w:abstractNumId w:val="{next_abstract}"/></w:num>'))
        lst.num_id = next_num
        _link(styles.element_for(lst.heading_role), 0,
              next_num if lst.heading is not None else None)
        for level in range(1, MAX_LEVELS):
            _link(styles.element_for(level_role(lst.level_prefix, level)), level, next_num)
        next_abstract += 1
        next_num += 1


def _link(style: CT_Style | None, level: int, num_id: int | None) -> None:
    """Point a paragraph style at a list level (or at no list, for ``None``)."""
    if style is None:
        return
    ppr = style.get_or_add_pPr()
    if num_id is None:
        if ppr.numPr is not None:
            ppr.remove(ppr.numPr)
        return
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id
