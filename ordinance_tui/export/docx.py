"""Word (.docx) export: an ordinance a clerk can keep editing in Word or LibreOffice.

Map of the module::

    render_docx(ordinance, annotated=False, coverage=None, reference_docx=None) -> bytes
      Plan          one pass over the tree: the Word lists translated from
                    ``Ordinance.numbering``, for every numbered paragraph whether
                    Word's numbering prints its number (native) or its label is
                    typed, and every cross-reference as literal text plus REF fields
      DocxWriter    writes the body (paragraphs, runs, fields, and in the annotated
                    edition the notes on sections, recitals and terms) as XML text, in the
                    reference document's own style ids (resolved once)
      build_document(...) -> ooxml.package.Reference
                    opens the reference .docx with python-docx, applies the page
                    setup, installs the numbering, hands it the body text (put
                    into word/document.xml on saving, never parsed), fills
                    header, footer and properties; the redline
                    (export/redline_docx.py) passes its own writer

The tree carries its numbers (``Section.num``, ``Subsection.num``); nothing here
reads numbers out of labels. A paragraph is numbered by Word when its level has a
Word format, its number is the next one Word's counter gives (ordinals run 1, 2,
3 under each parent) and its parent is numbered by Word too; otherwise its label
is typed and the paragraph is taken out of the list (``numId`` 0), so the printed
numbers are always the tree's. See ``ooxml.numbering`` for the level texts.

Cross-references. A ``Ref`` with an anchor becomes a REF field to a hidden
bookmark named ``_Ref_<anchor slug>`` around the target's paragraph, its cached
result already the resolved text. "Section 4(b)(2)" is one ``REF \\w \\h`` field;
"Section 2.99.030" is "Section " plus a ``\\w`` field; "subsection (b)(2) of
this section" is literal text around one ``REF \\n`` field per level ("(b)",
"(2)"), because ``\\w`` would add the section. A reference whose text no field
can reproduce becomes an internal hyperlink to the bookmark with the literal
text; an unresolved one is highlighted. So does a reference to a "§" section:
LibreOffice recomputes a REF field's text from the numbering when it opens the file
and loses the no-break space after "§", which then ends a line alone (seen in
PDFs of county and town chapters); a hyperlink keeps the text as written, at the
cost of not renumbering itself if the clerk renumbers in Word. "Section", "Sections",
"subsection" and "subsections" are bound to the number after them by a no-break space
(``export.common.bind_section_words``), in the text and in the level text ("Section %1")
that a recomputed REF field's result comes from, so that no line ends in the word alone.

Text is cleaned once (``export.common.clean``). Output is deterministic: no wall
clock (dates come from ``ordinance.date``), fixed zip timestamps.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ordinance_tui.core.document import (
    Inline,
    LevelFormat,
    Note,
    Number,
    Ordinance,
    Paragraph,
    Ref,
    Section,
    Source,
    Subsection,
    TermDef,
    TermUse,
    Text,
    inline_text,
)
from ordinance_tui.export.common import (
    NOTICE,
    bind_section_words,
    clean,
    running_name,
    source_line,
)
from ordinance_tui.export.ooxml.fields import (
    bookmark_names,
    find_token,
    page_number_runs,
    ref_field,
)
from ordinance_tui.export.ooxml.numbering import MAX_LEVELS, ListDef, list_defs
from ordinance_tui.export.ooxml.styles import SUB_LEVELS, level_role
from ordinance_tui.export.ooxml.xml import (
    NO_NUMBER,
    TAB_RUN,
    attr,
    bookmarked,
    hyperlink,
    keep_with_next,
    paragraph,
    run,
)

if TYPE_CHECKING:
    from ordinance_tui.core.coverage import Coverage
    from ordinance_tui.export.ooxml.package import Geometry, Reference

__all__ = ["render_docx", "build_document", "clean", "NOTICE", "Plan", "Numbered", "Field",
           "Link", "Piece", "DocxWriter"]


# ---------------------------------------------------------------------------
# Planning: numbering, bookmarks, cross-references


@dataclasses.dataclass(slots=True)
class Numbered:
    """How one numbered paragraph (section heading or subsection) is written.

    ``native``: Word's numbering prints it, else ``label`` is typed; ``level`` the
    list level; ``tail`` (headings) the literal text after a native number (". ");
    ``chain`` what Word prints for each level down to this one; ``owner`` the id()
    of the section (top or code) holding it; ``bookmark`` set when referenced.
    """

    native: bool
    level: int
    label: str
    tail: str = ""
    chain: tuple[str, ...] = ()
    owner: int = 0
    bookmark: str = ""
    bookmark_id: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    bookmark: str
    switch: str
    result: str


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    bookmark: str
    text: str


Piece = str | Field | Link


class Plan:
    """One pass over the tree: numbering from its data, anchors, reference plans.

    ``main`` and ``code`` are the Word lists (``code`` only with a code chapter);
    ``numbered`` maps id(node) to its ``Numbered``; ``plans`` id(Ref) to pieces.
    """

    def __init__(self, ordinance: Ordinance) -> None:
        self.ordinance = ordinance
        has_code = any(section.sections for section in ordinance.sections)
        self.main, self.code = list_defs(ordinance.numbering, has_code)
        self.numbered: dict[int, Numbered] = {}
        self.by_anchor: dict[str, Numbered] = {}
        self._formats = ordinance.numbering
        # what each subsection depth expects, and the numbers' texts, looked up once
        self._expected = [ordinance.numbering.level(depth) for depth in range(MAX_LEVELS)]
        self._texts: dict[tuple[int, int], str] = {}  # (id(format), ordinal) -> its text
        self._refs: list[tuple[Ref, int]] = []  # every reference and its section, in order
        counters: dict[int, list[int]] = {}
        for section in ordinance.sections:
            self._section(section, self.main, counters.setdefault(id(self.main), [0] * 9),
                          ordinance.numbering.sections)
            for code_section in section.sections:
                assert self.code is not None
                self._section(code_section, self.code,
                              counters.setdefault(id(self.code), [0] * 9),
                              ordinance.numbering.code_sections)
        self.bookmarks: set[str] = set()
        self.plans: dict[int, list[Piece]] = {}
        self.sections_by_id = {id(s): s for s in ordinance.all_sections()}
        self._plan_refs()

    def lists(self) -> list[ListDef]:
        return [self.main] + ([self.code] if self.code is not None else [])

    # -- numbering ---------------------------------------------------------
    def _next(self, num: Number | None, level: int, expected: LevelFormat | None, label: str,
              counters: list[int]) -> bool:
        """Whether Word's counter at ``level`` prints this number next (then count it)."""
        if num is None or expected is None or num.level != level:
            return False
        fmt = num.format
        if fmt is not expected and fmt != expected:
            return False
        ordinal = num.ordinal
        if ordinal != counters[level] + 1:
            return False
        key = (id(fmt), ordinal)  # the formats live as long as the tree, so their ids hold
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = num.text
        if text != label:
            return False
        counters[level] = ordinal
        for deeper in range(level + 1, MAX_LEVELS):
            counters[deeper] = 0
        return True

    def _section(self, section: Section, lst: ListDef, counters: list[int],
                 expected: LevelFormat | None) -> None:
        owner = id(section)
        label = clean(section.label)
        heading = lst.heading
        num = Numbered(False, 0, label, owner=owner)
        if heading is not None and self._next(section.num, 0, expected, section.label, counters):
            # the label less its tail, bound as the level text binds it ("Section\u00a03")
            printed = bind_section_words(label[: len(label) - len(heading.tail)])
            num = Numbered(True, 0, label, heading.tail, (printed,), owner)
        self._register(section, section.anchor, num)
        parent = num.chain if num.native else None
        refs = self._refs
        for block in section.blocks:
            if isinstance(block, Subsection):
                self._subsection(block, lst, parent, owner, counters)
            else:
                for inline in block.inlines:
                    if isinstance(inline, Ref):
                        refs.append((inline, owner))

    def _subsection(self, sub: Subsection, lst: ListDef, parent_chain: tuple[str, ...] | None,
                    owner: int, counters: list[int]) -> None:
        # runs once a subsection: ``_next`` and ``_register`` are written out here
        level = sub.level + 1
        marker = clean(sub.marker)
        chain: tuple[str, ...] | None = None
        n = sub.num
        if (n is not None and parent_chain is not None and level < MAX_LEVELS
                and len(parent_chain) == level and n.level == level
                and lst.level(level) is not None):
            expected = self._expected[level - 1]
            fmt = n.format
            ordinal = n.ordinal
            if (expected is not None and (fmt is expected or fmt == expected)
                    and ordinal == counters[level] + 1):
                key = (id(fmt), ordinal)  # the formats live as long as the tree: ids hold
                text = self._texts.get(key)
                if text is None:
                    text = self._texts[key] = n.text
                if text == sub.marker:
                    counters[level] = ordinal
                    for deeper in range(level + 1, MAX_LEVELS):
                        counters[deeper] = 0
                    chain = (*parent_chain, marker)  # what Word prints: the marker itself
        num = Numbered(chain is not None, level, marker, "", chain or (), owner)
        self.numbered[id(sub)] = num
        anchor = sub.anchor
        if anchor and anchor not in self.by_anchor:
            self.by_anchor[anchor] = num
        refs = self._refs
        for inline in sub.content.inlines:
            if isinstance(inline, Ref):
                refs.append((inline, owner))
        for child in sub.children:
            self._subsection(child, lst, chain, owner, counters)

    def _register(self, node: object, anchor: str, num: Numbered) -> None:
        self.numbered[id(node)] = num
        if anchor and anchor not in self.by_anchor:
            self.by_anchor[anchor] = num

    # -- references ----------------------------------------------------------
    def _plan_refs(self) -> None:
        """Plan every cross-reference; bookmark exactly the paragraphs they need."""
        plans = self.plans
        for ref, owner in self._refs:  # the sections' references, in reading order
            if id(ref) not in plans:
                plans[id(ref)] = self._plan(ref, owner)
        for recital in self.ordinance.recitals:
            for inline in recital.content.inlines:
                if isinstance(inline, Ref) and id(inline) not in plans:
                    plans[id(inline)] = self._plan(inline, 0)
        names = bookmark_names(self.bookmarks)
        for anchor, num in self.by_anchor.items():
            if anchor in names:
                num.bookmark = names[anchor]
        next_id = 0  # bookmark ids in document order
        for num in self.numbered.values():
            if num.bookmark:
                num.bookmark_id = next_id
                next_id += 1
        for key, pieces in plans.items():
            if len(pieces) == 1 and isinstance(pieces[0], str):
                continue  # literal text: nothing to name
            plans[key] = [
                Field(names[p.bookmark], p.switch, p.result) if isinstance(p, Field)
                else Link(names[p.bookmark], p.text) if isinstance(p, Link)
                else p
                for p in pieces
            ]  # fmt: skip

    def _plan(self, ref: Ref, owner: int) -> list[Piece]:
        text = bind_section_words(clean(ref.text))  # as the level text binds it
        target = self.by_anchor.get(ref.anchor) if ref.anchor and ref.resolved else None
        if target is None or (target.level == 0 and target.owner == owner):
            return [text]  # unresolved, or "this section"
        if target.native and target.chain:
            full = "".join(target.chain)
            at = find_token(text, full)
            if at >= 0 and "§" not in full:
                self.bookmarks.add(ref.anchor)
                return _split(text, at, full, [Field(ref.anchor, "\\w", full)])
            if target.level > 0 and target.owner == owner:
                relative = "".join(target.chain[1:])
                at = find_token(text, relative)
                anchors = self._ancestor_anchors(ref.anchor, target)
                if at >= 0 and anchors:
                    fields: list[Piece] = []
                    for anchor, number in zip(anchors, target.chain[1:], strict=True):
                        self.bookmarks.add(anchor)
                        fields.append(Field(anchor, "\\n", number))
                    return _split(text, at, relative, fields)
        self.bookmarks.add(ref.anchor)
        return [Link(ref.anchor, text)]

    def _ancestor_anchors(self, anchor: str, target: Numbered) -> list[str] | None:
        """Anchors of the subsections from level 1 down to the target, or None."""
        section = self.sections_by_id.get(target.owner)
        if section is None:
            return None
        path: list[Subsection] = []

        def walk(blocks: Iterable[Paragraph | Subsection]) -> bool:
            for block in blocks:
                if isinstance(block, Subsection):
                    path.append(block)
                    if block.anchor == anchor or walk(block.children):
                        return True
                    path.pop()
            return False

        if not walk(section.blocks):
            return None
        anchors = []
        for sub in path:
            num = self.numbered.get(id(sub))
            if not sub.anchor or num is None or not num.native:
                return None
            if self.by_anchor.get(sub.anchor) is not num:
                return None
            anchors.append(sub.anchor)
        return anchors


def _split(text: str, at: int, token: str, middle: list[Piece]) -> list[Piece]:
    pieces: list[Piece] = []
    if at:
        pieces.append(text[:at])
    pieces.extend(middle)
    if at + len(token) < len(text):
        pieces.append(text[at + len(token) :])
    return pieces


# ---------------------------------------------------------------------------
# The body

_PLAIN = (Text, TermUse)  # inlines written as plain text
_RPR_MISSING = '<w:rPr><w:highlight w:val="yellow"/></w:rPr>'
_RPR_BOLD = "<w:rPr><w:b/></w:rPr>"


def long_date(iso: str) -> str:
    """"2026-11-26" -> "November 26, 2026" (the text as it is when not a date)."""
    try:
        day = _dt.date.fromisoformat(iso)
    except ValueError:
        return clean(iso)
    return f"{day:%B} {day.day}, {day.year}"


class DocxWriter:
    """Writes the body of word/document.xml as XML text.

    ``style_id`` maps a style role (``ooxml.styles.STYLE_NAMES``) to the reference
    document's own id; ``para`` and ``style`` take roles.
    """

    def __init__(self, ordinance: Ordinance, plan: Plan, annotated: bool,
                 style_id: Callable[[str], str] = str) -> None:
        self.o = ordinance
        self.plan = plan
        self.annotated = annotated
        self.style = style_id
        self.out: list[str] = []
        self.term_rpr = f'<w:rPr><w:rStyle w:val="{attr(style_id("DefinedTerm"))}"/></w:rPr>'
        self._ids: dict[str, str] = {}  # role -> the id, escaped for an attribute
        self._roles: dict[tuple[str, int], str] = {}  # (list prefix, level) -> role

    # -- paragraphs ------------------------------------------------------------
    def para(self, role: str, runs: str, ppr_extra: str = "") -> None:
        sid = self._ids.get(role)
        if sid is None:
            sid = self._ids[role] = attr(self.style(role))
        # xml.paragraph, written out: this runs once a paragraph
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{sid}"/>{ppr_extra}</w:pPr>{runs}</w:p>')

    def inlines(self, inlines: Iterable[Inline]) -> str:
        """Runs: adjacent text (and uses of terms) as one run, a defined term in its
        character style, references as ``ref`` writes them."""
        parts: list[str] = []
        buffer: list[str] = []
        for inline in inlines:
            if isinstance(inline, _PLAIN):
                buffer.append(inline.text)
                continue
            if buffer:
                parts.append(run(bind_section_words(clean("".join(buffer)), before_ref=True)))
                buffer = []
            if isinstance(inline, TermDef):
                parts.append(run(clean(inline_text(inline)), self.term_rpr))
            else:
                parts.append(self.ref(inline))
        if buffer:  # a run that ends in "Section " ends where a reference begins
            parts.append(run(bind_section_words(clean("".join(buffer)), before_ref=True)))
        return "".join(parts)

    def ref(self, ref: Ref) -> str:
        pieces = self.plan.plans.get(id(ref))
        if pieces is None or (len(pieces) == 1 and isinstance(pieces[0], str)):
            text = bind_section_words(clean(ref.text))
            return run(text, "" if ref.resolved and ref.anchor else _RPR_MISSING)
        parts = []
        for k, piece in enumerate(pieces):
            if isinstance(piece, str):
                parts.append(run(bind_section_words(piece, k + 1 < len(pieces))))
            elif isinstance(piece, Field):
                parts.append(ref_field(piece.bookmark, piece.switch, piece.result))
            else:
                parts.append(hyperlink(piece.bookmark, run(piece.text)))
        return "".join(parts)

    # -- the document ------------------------------------------------------------
    def write(self) -> str:
        o = self.o
        if self.annotated:
            self.edition_note()
        for line in o.caption:
            self.para("Caption1", run(clean(line)))
        if o.sponsors:
            self.para("Sponsors", run("Introduced by: " + clean(", ".join(o.sponsors))))
        if o.short_title:
            self.para("Title", run(clean(o.short_title)))
        if o.long_title:
            self.para("LongTitle", run(clean(o.long_title)))
        if o.recitals_intro:
            self.para("Recital", run(clean(o.recitals_intro)))
        for recital in o.recitals:
            self.para("Recital", self.inlines(recital.content.inlines))
        if o.recitals_outro:
            self.para("EnactingClause", run(clean(o.recitals_outro)))
        if o.enacting_clause:
            self.para("EnactingClause", run(clean(o.enacting_clause)))
        if self.annotated:
            self.notes("recitals", [r.note for r in o.recitals if r.note is not None])
        for section in o.sections:
            self.section(section, self.plan.main)
            if section.sections:
                if o.chapter_label:
                    self.para("ChapterHeading", run(clean(o.chapter_label)))
                for code in section.sections:
                    assert self.plan.code is not None
                    self.section(code, self.plan.code)
        if o.signature:
            if self.out:  # the signatures never start a page alone
                self.out[-1] = keep_with_next(self.out[-1])
            self.para("SignatureIntro", "")
            last = len(o.signature) - 1
            for i, line in enumerate(o.signature):
                self.para("Signature" if i < last else "SignatureLast", run(clean(line)))
        return "".join(self.out)

    def bookmarked(self, num: Numbered, runs: str) -> str:
        return bookmarked(num.bookmark, num.bookmark_id, runs)

    def section(self, section: Section, lst: ListDef) -> None:
        num = self.plan.numbered[id(section)]
        heading = clean(section.heading).strip()
        if num.native:
            text = f"{num.tail} {heading}" if num.tail else f" {heading}"
            runs, extra = run(text if heading else num.tail), ""
        else:
            runs = run(f"{num.label} {heading}".strip())
            extra = NO_NUMBER
        self.para(lst.heading_role, self.bookmarked(num, runs), extra)
        self.blocks(section.blocks, lst)
        if self.annotated:
            self.note(section)
            self.notes("definitions", section.notes)

    def blocks(self, blocks: Iterable[Paragraph | Subsection], lst: ListDef) -> None:
        for block in blocks:
            if isinstance(block, Subsection):
                self.subsection(block, lst)
            else:
                defines = False
                for inline in block.inlines[:3]:
                    if isinstance(inline, TermDef):
                        defines = True
                        break
                self.para("Definition" if defines else "BodyText", self.inlines(block.inlines))

    def subsection(self, sub: Subsection, lst: ListDef) -> None:
        num = self.plan.numbered[id(sub)]
        key = (lst.level_prefix, num.level)
        role = self._roles.get(key)
        if role is None:
            role = self._roles[key] = level_role(lst.level_prefix, min(num.level, SUB_LEVELS))
        runs = self.inlines(sub.content.inlines)
        if not num.native:
            runs = run(num.label) + TAB_RUN + runs
        if num.bookmark:
            runs = bookmarked(num.bookmark, num.bookmark_id, runs)
        self.para(role, runs, "" if num.native else NO_NUMBER)
        for child in sub.children:
            self.subsection(child, lst)

    # -- annotations -------------------------------------------------------------
    def note(self, section: Section) -> None:
        commentary = [p for p in re.split(r"\n\s*\n", section.commentary or "") if p.strip()]
        if not commentary and not section.sources and not section.overridden:
            return
        label = clean(section.ref_label or section.label).strip()
        self.para(
            "DraftersNoteHeading",
            run(f"Drafter\u2019s Note on {label} \u2014 not part of the {self.instrument}"),
        )
        if section.overridden:
            self.para(
                "DraftersNote", run("The drafter replaced this section\u2019s standard text.")
            )
        for text in commentary:
            self.para("DraftersNote", run(" ".join(clean(text).split())))
        self.sources(section.sources)

    def sources(self, sources: Sequence[Source]) -> None:
        if not sources:
            return
        self.para("DraftersNote", run("Sources:"))
        for source in sources:
            self.para("DraftersNoteSource", run(clean(source_line(source))))

    def notes(self, what: str, notes: Sequence[Note]) -> None:
        """The notes on the recitals or on the defined terms, each led by its subject in bold."""
        if not notes:
            return
        self.para(
            "DraftersNoteHeading",
            run(f"Drafter\u2019s Notes on the {what} \u2014 not part of the {self.instrument}"),
        )
        for note in notes:
            paras = [p for p in re.split(r"\n\s*\n", note.commentary) if p.strip()] or [""]
            subject = run(clean(note.subject).rstrip(".") + ".", _RPR_BOLD)
            first = " ".join(clean(paras[0]).split())
            self.para("DraftersNote", subject + run(f" {first}" if first else ""))
            for text in paras[1:]:
                self.para("DraftersNote", run(" ".join(clean(text).split())))
            self.sources(note.sources)

    @property
    def instrument(self) -> str:
        return clean(self.o.instrument or "ordinance")

    def edition_note(self) -> None:
        self.para(
            "DraftersNoteHeading",
            run("Annotated edition \u2014 for discussion, not for introduction"),
        )
        self.para(
            "DraftersNote",
            run(
                "The shaded Drafter\u2019s Notes explain each section and cite the enacted "
                f"laws behind it; they are not part of the {self.instrument}. {NOTICE}"
            ),
        )
        for problem in self.o.problems:
            self.para("DraftersNoteSource", run(clean(problem)))
        self.para("DraftersNoteEnd", "")


# ---------------------------------------------------------------------------
# Header, footer, properties


def _header(ordinance: Ordinance, annotated: bool, middle: str | None,
            style_id: Callable[[str], str]) -> str:
    left = clean(running_name(ordinance))
    right = clean(ordinance.draft_label or "Draft")
    if ordinance.date:
        right += f" of {long_date(ordinance.date)}"
    if middle is None:
        middle = "Annotated edition" if annotated else ""
    runs = run(left) + TAB_RUN + run(clean(middle)) + TAB_RUN + run(right)
    return paragraph(attr(style_id("Header")), runs)


def _prop(text: str, limit: int = 255) -> str:
    text = " ".join(clean(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def _properties(ordinance: Ordinance) -> dict[str, str]:
    title = ordinance.short_title or f"{ordinance.jurisdiction_name} {ordinance.instrument}"
    author = "; ".join(ordinance.sponsors) or ordinance.jurisdiction_name
    keywords = "; ".join(
        k for k in (ordinance.instrument, ordinance.jurisdiction_name,
                    "surveillance technology", "face recognition", *sorted(ordinance.elements))
        if k)  # fmt: skip
    label = ordinance.draft_label or "Draft"
    return {"title": _prop(title), "subject": _prop(ordinance.long_title),
            "author": _prop(author), "keywords": _prop(keywords), "comments": _prop(NOTICE),
            "category": _prop(label), "status": _prop(label), "date": ordinance.date}


# ---------------------------------------------------------------------------
# The package


def build_document(
    ordinance: Ordinance,
    *,
    annotated: bool = False,
    body_writer: Callable[[Plan, Callable[[str], str]], str] | None = None,
    header_middle: str | None = None,
    coverage: Coverage | None = None,
    reference_docx: Path | str | None = None,
) -> Reference:
    """The document, filled in and ready to save (``Reference.save()``).

    ``body_writer(plan, style_id)`` (the redline's hook) writes the body instead
    of ``DocxWriter``; numbering is installed after it, from the plan's lists.
    ``coverage`` appends a coverage table. ``reference_docx`` is a city's own
    template (default: the shipped reference); ``ReferenceDocumentError`` names
    the styles it lacks.
    """
    from ordinance_tui.export.ooxml.package import Reference

    ref = Reference.open(reference_docx)
    ref.apply_page(ordinance.page)
    plan = Plan(ordinance)
    style_id = ref.styles.id
    if body_writer is not None:
        body = body_writer(plan, style_id)
    else:
        body = DocxWriter(ordinance, plan, annotated, style_id).write()
    if coverage is not None:
        body += _coverage_xml(coverage, clean(ordinance.instrument or "ordinance"),
                              ref.geometry(), style_id)
    ref.install_numbering(plan.lists())
    ref.set_body(body)
    ref.set_header(_header(ordinance, annotated, header_middle, style_id))
    ref.set_footer(paragraph(attr(style_id("Footer")), page_number_runs()))
    ref.set_properties(**_properties(ordinance))
    return ref


def render_docx(ordinance: Ordinance, *, annotated: bool = False,
                coverage: Coverage | None = None,
                reference_docx: Path | str | None = None) -> bytes:
    """The ordinance as .docx bytes; ``annotated`` adds a Drafter's Note after each section.

    ``coverage`` (from ``core.coverage``) appends a table of the reference-matrix
    elements the draft and the chosen laws have, after the signature block.
    ``reference_docx`` uses a city's own Word template for fonts, margins and
    letterhead (see the README for the style names it must define).
    """
    return build_document(ordinance, annotated=annotated, coverage=coverage,
                          reference_docx=reference_docx).save()


# ---------------------------------------------------------------------------
# Coverage table (annotated edition)

_CELL_RPR = ('<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>{b}'
             '<w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>')
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="8EAADB"'


def _cell(text: str, width: int, *, bold: bool = False, left: bool = False,
          vertical: bool = False, fill: str = "") -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    turn = '<w:textDirection w:val="btLr"/>' if vertical else ""
    jc = "" if left else '<w:jc w:val="center"/>'
    rpr = _CELL_RPR.format(b="<w:b/><w:bCs/>" if bold else "")
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}{turn}'
            f'<w:vAlign w:val="{"bottom" if vertical else "center"}"/></w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{jc}</w:pPr>'
            f"{run(clean(text), rpr)}</w:p></w:tc>")


def _coverage_xml(cov: Coverage, instrument: str, geo: Geometry,
                  style_id: Callable[[str], str]) -> str:
    """A new page with the coverage table, its legend, summaries and suggestions."""
    from ordinance_tui.core.coverage import (
        LEGEND,
        number_lines,
        suggestion_lines,
        summary_lines,
    )
    from ordinance_tui.core.laws import ELEMENTS

    def note(role: str, text: str) -> str:
        return paragraph(attr(style_id(role)), run(clean(text)))

    n = len(cov.laws)
    vertical = n > 6  # many laws: narrow columns with their short names turned
    law_w = 800 if not vertical else max(300, min(560, (geo.text_width - 3400) // n))
    id_w = draft_w = 560
    element_w = max(1300, geo.text_width - id_w - draft_w - n * law_w)
    widths = [id_w, element_w, draft_w] + [law_w] * n
    borders = "".join(f"<w:{side} {_BORDER}/>" for side in
                      ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = ['<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
           note("DraftersNoteHeading",
                f"Coverage against enacted laws \u2014 not part of the {instrument}"),
           note("DraftersNote", f"This draft compared with "
                f"{cov.how or 'the chosen reference laws'}. Cells: {LEGEND}.")]
    out += [note("DraftersNoteSource", f"{law.short}: {law.name} ({law.citation})")
            for law in cov.laws]
    out.append(f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
               f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
               "</w:tblCellMar></w:tblPr><w:tblGrid>"
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>")
    height = '<w:trHeight w:val="700" w:hRule="atLeast"/>' if vertical else ""
    head = [_cell("ID", id_w, bold=True, fill="EEF2F8"),
            _cell("Element", element_w, bold=True, left=True, fill="EEF2F8"),
            _cell("Draft", draft_w, bold=True, fill="EEF2F8")]
    head += [_cell(law.short, law_w, bold=True, vertical=vertical, fill="EEF2F8")
             for law in cov.laws]
    out.append(f"<w:tr><w:trPr><w:cantSplit/>{height}<w:tblHeader/></w:trPr>"
               + "".join(head) + "</w:tr>")
    for row in cov.rows:
        if row.shown:
            cells = [_cell(row.element, id_w), _cell(row.label, element_w, left=True),
                     _cell("yes" if row.in_draft else "no", draft_w, bold=row.in_draft)]
            cells += [_cell(code, law_w) for code in row.codes]
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
    out.append("</w:tbl>")
    notes = [("Summary:", summary_lines(cov))]
    suggestions = suggestion_lines(cov)
    if suggestions:
        notes.append(("To add what the draft lacks:",
                      [f"{e} {ELEMENTS[e]}: {text}" for e, text in suggestions]))
    if cov.numbers:
        notes.append(("Key numbers:", number_lines(cov)))
    for title, lines in notes:
        out.append(note("DraftersNote", title))
        out += [note("DraftersNoteSource", line) for line in lines]
    out.append(paragraph(attr(style_id("DraftersNoteEnd")), ""))
    return "".join(out)
