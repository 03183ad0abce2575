"""The assembled ordinance: an immutable document tree that every exporter reads.

Map of the tree::

    Ordinance
      caption, short_title, long_title, enacting_clause   (plain strings)
      recitals: tuple[Recital]            one "WHEREAS ..." paragraph each (+ its Note)
      sections: tuple[Section]            numbered top-level sections (+ commentary,
                                          sources; the definitions section's Notes)
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

Numbers are data too. ``Ordinance.numbering`` holds the style's scheme (one
``LevelFormat`` for sections, one for a codified chapter's sections, one per
subsection level), and every section and subsection its ``Number`` (list level,
ordinal among its siblings, format and pattern) next to its printed label, so
exporters translate the scheme (Word numbering definitions, HTML lists) instead
of reading it back out of labels. A node whose ``num`` is None (a label no
format can print, a tree built by hand) prints its label as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import msgspec

from .numbering import format_number


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
class LevelFormat:
    """How one level prints its numbers: ``format`` (see ``core.numbering.FORMATS``)
    and ``pattern``, the text around the number ("({})", "Section {}.", "2.99.{}0")."""

    format: str
    pattern: str

    def render(self, ordinal: int) -> str:
        return self.pattern.format(format_number(ordinal, self.format))


@dataclass(frozen=True, slots=True)
class Number:
    """A node's number as data.

    ``level`` is the list level (0 for a section, ``Subsection.level + 1`` for a
    subsection); ``ordinal`` its position among its numbered siblings (1-based);
    ``format`` the level format it is printed in: ``text`` equals the label.
    """

    level: int
    ordinal: int
    format: LevelFormat

    @property
    def text(self) -> str:
        return self.format.render(self.ordinal)


@dataclass(frozen=True, slots=True)
class Numbering:
    """The numbering scheme of a document (None where no format prints the labels)."""

    sections: LevelFormat | None = None
    code_sections: LevelFormat | None = None
    levels: tuple[LevelFormat, ...] = ()

    def level(self, depth: int) -> LevelFormat | None:
        """The format of subsection level ``depth`` (0 = first); deeper ones repeat the last."""
        if not self.levels:
            return None
        return self.levels[min(depth, len(self.levels) - 1)]


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
    num: Number | None = None


Block = Paragraph | Subsection


class Source(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A source a clause or definition draws on (also the shape of its YAML entry).

    ``verified`` says whether the citation was checked; ``when`` is a condition on the
    answers (like a clause's): the source is listed only for drafts where it holds,
    e.g. a rule for local laws that a state act does not cite.
    """

    cite: str
    note: str = ""
    verified: bool = True
    when: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """A drafter's note on a recital or a defined term, for the annotated edition.

    ``subject`` names what it is about (the term, or the recital's title);
    ``commentary`` is already rendered for the draft (notes may vary by jurisdiction).
    """

    subject: str
    commentary: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered section, produced by one clause, a drafter's own section, or generated.

    ``number`` is its position among its siblings (1-based; for a penalties section
    at a number the style reserves, the position that number stands for: 99 for
    "305.99"); ``label`` is the printed label ("Section 3." or "2.99.030"), with a
    non-breaking space after a "§" or "Sec."; ``ref_label`` is how other
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
    num: Number | None = None
    notes: tuple[Note, ...] = ()
    own: bool = False  # a section the drafter added (``clauses: add:``), not the library's
    code_number: str = ""  # a code section's number as data ("2.95.060"), without the style's words

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
    """One recital, and its clause's note (commentary and sources) if it has one."""

    clause_id: str
    content: Paragraph
    note: Note | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    """One duty with a deadline or a cadence (a clause's ``calendar:``), as the draft says it.

    ``section`` is the label of the section that imposes it ("Section 7"), as others cite it.
    """

    clause_id: str
    section: str
    who: str
    does: str
    by: str = ""
    every: str = ""


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
    numbering: Numbering = field(default_factory=Numbering)
    government: str = ""  # "the Town of Lakeshore", for running heads
    calendar: tuple[Obligation, ...] = ()  # the duties with deadlines, in reading order
    purposes: tuple[str, ...] = ()  # the long title's phrases ("prohibit ...", "require ...")
    kind: str = "city"  # the jurisdiction's kind (city, town, county, state ...)
    body: str = ""  # the legislative body that enacts it ("City Council")

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
