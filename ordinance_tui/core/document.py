"""The assembled ordinance: an immutable document tree that every exporter reads.

Map of the tree::

    Ordinance
      caption, short_title, long_title, enacting_clause   (plain strings)
      recitals: tuple[Paragraph]          one "WHEREAS ..." paragraph each
      sections: tuple[Section]            numbered top-level sections
        Section.blocks: tuple[Block]      Paragraph (flush text) or Subsection
          Subsection.children             nested subsections, any depth
        Section.sections                  only in codified mode: the chapter's
                                          code sections inside "Section 1"
      signature: tuple[str]               signature and attestation lines

Text is a tuple of inline spans: ``Text``, ``TermUse`` (a use of a defined term),
``TermDef`` (the term being defined, in the definitions section) and ``Ref`` (a
cross-reference whose ``text`` is already resolved, e.g. "Section 4(b)(2)", and
whose ``anchor`` names the target's bookmark). Exporters never re-number: the
numbers and markers stored here are the ones to print.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import msgspec


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class TermUse:
    """A use of a defined term; ``text`` is what is printed (e.g. a plural)."""

    term: str
    text: str


@dataclass(frozen=True, slots=True)
class TermDef:
    """The defined term itself, at the head of its definition."""

    term: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A resolved cross-reference.

    ``target`` is what the template asked for ("clause.id" or "clause.id#label");
    ``anchor`` is the target's stable anchor (a bookmark name in Word, an id in
    HTML), empty when the target is missing; ``text`` is what to print.
    """

    target: str
    anchor: str
    text: str
    resolved: bool = True


Inline = Text | TermUse | TermDef | Ref


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]

    @property
    def plain(self) -> str:
        return "".join(inline_text(i) for i in self.inlines)


@dataclass(frozen=True, slots=True)
class Subsection:
    """A numbered subsection at ``level`` (0 = first level under the section).

    ``marker`` is the printed marker, e.g. "(b)"; ``path`` the markers from the
    section down, e.g. ("(b)", "(2)"); ``anchor`` is unique in the document.
    """

    level: int
    marker: str
    path: tuple[str, ...]
    anchor: str
    content: Paragraph
    children: tuple[Subsection, ...] = ()
    label: str | None = None


Block = Paragraph | Subsection


class Source(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A source a clause or definition draws on (also the shape of its YAML entry)."""

    cite: str
    note: str = ""
    verified: bool = True


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered section, produced by one clause (or generated).

    ``number`` is its position among its siblings (1-based); ``label`` is the
    printed label ("Section 3." or "2.99.030"); ``ref_label`` is how other
    sections cite it ("Section 3"). ``codified`` is False for sections that stay
    outside the code (severability, effective date) in codified mode.
    """

    clause_id: str
    part: str
    number: int
    label: str
    ref_label: str
    anchor: str
    heading: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...] = ()
    codified: bool = False
    elements: tuple[str, ...] = ()
    commentary: str = ""
    sources: tuple[Source, ...] = ()
    overridden: bool = False

    def walk(self) -> Iterator[Subsection]:
        """Every subsection of this section (not of nested code sections), in order."""
        stack = [b for b in reversed(self.blocks) if isinstance(b, Subsection)]
        while stack:
            sub = stack.pop()
            yield sub
            stack.extend(reversed(sub.children))

    def paragraphs(self) -> Iterator[Paragraph]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
            else:
                yield from _subsection_paragraphs(block)


def _subsection_paragraphs(sub: Subsection) -> Iterator[Paragraph]:
    yield sub.content
    for child in sub.children:
        yield from _subsection_paragraphs(child)


class PageSetup(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Page and type from the jurisdiction style (exporters that paginate use it)."""

    size: str = "letter"  # letter | a4
    font: str = "Times New Roman"
    font_size: int = 12
    margins_in: float = 1.0
    line_numbers: bool = False


@dataclass(frozen=True, slots=True)
class Recital:
    clause_id: str
    content: Paragraph


@dataclass(frozen=True, slots=True)
class Ordinance:
    jurisdiction_name: str
    style_id: str
    instrument: str
    caption: tuple[str, ...]
    short_title: str
    long_title: str
    recitals: tuple[Recital, ...]
    recitals_intro: str
    recitals_outro: str
    enacting_clause: str
    sections: tuple[Section, ...]
    signature: tuple[str, ...]
    codified: bool = False
    chapter_label: str = ""
    draft_label: str = "Draft"
    date: str = ""  # ISO date the draft is dated (for headers and properties)
    page: PageSetup = field(default_factory=PageSetup)
    sponsors: tuple[str, ...] = ()
    elements: frozenset[str] = field(default_factory=frozenset)
    terms_used: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    def all_sections(self) -> Iterator[Section]:
        """Every section in reading order, code sections inside their parent."""
        for section in self.sections:
            yield section
            yield from section.sections

    def find(self, clause_id: str) -> Section | None:
        for section in self.all_sections():
            if section.clause_id == clause_id:
                return section
        return None


def inline_text(inline: Inline) -> str:
    if isinstance(inline, Text):
        return inline.text
    if isinstance(inline, TermUse):
        return inline.text
    if isinstance(inline, TermDef):
        return inline.term  # the style's definition form supplies the quotation marks
    return inline.text
