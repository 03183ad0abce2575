"""Akoma Ntoso 3.0 export: the ordinance as an OASIS LegalDocML ``<act>`` (``<bill>`` for a state).

Map of the output (our tree on the left)::

    Ordinance                      akomaNtoso/act (kind "state": bill), name = instrument
      jurisdiction, date, kind     meta/identification: FRBRWork, FRBRExpression,
                                   FRBRManifestation (URIs under /akn/us-<place>/...)
      body, terms_used             meta/references: TLCOrganization, TLCTerm per term
      caption, short_title,        preface: p (caption lines), p/docTitle, p/docProponent,
      sponsors, long_title           longTitle/p
      recitals_intro, recitals     preamble/recitals: intro/p, recital/p
      enacting_clause              preamble/formula[@name="enactingFormula"]/p
      sections                     body/section: num, heading, then content/p (text
                                   only) or intro/p, subsections, hcontainer (text
                                   between them), wrapUp/p
        Subsection level 0..4      subsection, paragraph, subparagraph, clause, subclause
                                   (deeper: level); num, then content/p or intro/p + children
        Section.sections           (codified) content/p/mod with the intro text and a
                                   quotedStructure holding chapter/section...
      TermDef / TermUse / Ref      def / term [@refersTo="#term-..."] / ref [@href="#eId"]
                                   (an unresolved reference: inline[@name="unresolvedRef"])
      signature                    conclusions/p
      (annotated) commentary,      meta/notes/note, pointed at by a noteRef: in a section's
      notes on recitals, terms       heading, at the end of a recital or of a definition

eIds come from clause ids, not from numbers: a section is ``sec_<clause id>``, a
subsection adds ``__subsec_<label or marker>`` (``paragraph``: ``__para_``, ...), a
definition uses its term's slug. A section whose clause did not change keeps its eIds
across versions of a draft even when it is renumbered. ``duplicate_eids`` finds
eIds used twice; ``render_akn`` refuses to write such a document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

from ordinance_tui.core.document import (
    Inline,
    Note,
    Ordinance,
    Paragraph,
    Ref,
    Section,
    Source,
    Subsection,
    TermDef,
    TermUse,
    Text,
)
from ordinance_tui.export.common import NOTICE, clean, source_line

if TYPE_CHECKING:
    from lxml.etree import _Element  # type: ignore[import-untyped]

__all__ = ["NS", "duplicate_eids", "render_akn", "to_tree", "work_uri"]

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = f"{{{NS}}}"
TOOL = "ordinance-tui"
# Subsection levels as Akoma Ntoso names them (and the eId prefix of each); deeper: level.
LEVELS = (("subsection", "subsec"), ("paragraph", "para"), ("subparagraph", "subpara"),
          ("clause", "clause"), ("subclause", "subclause"))
DEEPER = ("level", "lvl")


def _slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens ("Third Party" → "third-party")."""
    return re.sub(r"[^a-z0-9]+", "-", clean(text).lower()).strip("-")


def _id_part(text: str) -> str:
    """Text made safe for one component of an eId: letters, digits, "." and "-" only."""
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", clean(text)).strip("-") or "x"


def work_uri(ordinance: Ordinance) -> str:
    """The FRBR Work URI: /akn/us-<place>/act|bill/<instrument>/<date>/<short title>."""
    place = _slug(ordinance.jurisdiction_name) or "unknown"
    doc = "bill" if ordinance.kind == "state" else "act"
    subtype = "" if doc == "bill" else f"/{_slug(ordinance.instrument) or 'ordinance'}"
    name = _slug(ordinance.short_title) or "draft"
    return f"/akn/us-{place}/{doc}{subtype}/{ordinance.date or '1970-01-01'}/{name}"


class _Writer:
    """Builds the element tree; ``eids`` maps the tree's anchors to the eIds they became."""

    def __init__(self, ordinance: Ordinance, annotated: bool) -> None:
        self.o = ordinance
        self.annotated = annotated
        self.eids: dict[str, str] = {}
        self.notes: list[tuple[str, str, Sequence[Source]]] = []  # eId, commentary, sources
        self.term_notes: dict[str, Note] = {}  # the definitions section's notes, by term
        self.terms: dict[str, str] = {}  # term -> TLCTerm eId
        self.used: set[str] = set()
        self.order: list[str] = []  # every section's and subsection's eId, in document order
        for section in ordinance.sections:
            self._name_section(section)
        self.next_eid = iter(self.order).__next__

    def _unique(self, eid: str, anchor: str) -> str:
        """``eid``, or ``eid-2``, ``eid-3`` ... if taken: the next element's eId.

        A reference to ``anchor`` points at it (at the first element with that anchor).
        """
        found, n = eid, 1
        while found in self.used:
            n += 1
            found = f"{eid}-{n}"
        self.used.add(found)
        self.order.append(found)
        self.eids.setdefault(anchor, found)
        return found

    def _name_section(self, section: Section) -> None:
        """The eIds of ``section`` and what it holds, in the order ``section`` writes them."""
        base = self._unique(f"sec_{_id_part(section.clause_id)}", section.anchor)
        if section.sections:
            for nested in section.sections:
                self._name_section(nested)
        else:
            self._name_subsections(base, section.blocks)

    def _name_subsections(self, base: str, blocks: Sequence[Paragraph | Subsection]) -> None:
        """Each subsection's eId: its parent's, then its level's prefix and label or marker."""
        for block in blocks:
            if isinstance(block, Subsection):
                prefix = (LEVELS[block.level] if block.level < len(LEVELS) else DEEPER)[1]
                name = block.label or block.marker.strip().strip("().")
                eid = self._unique(f"{base}__{prefix}_{_slug(name) or _id_part(name)}",
                                   block.anchor)
                self._name_subsections(eid, block.children)

    def e(self, parent: _Element, tag: str, text: str = "", **attrs: str) -> _Element:
        el = etree.SubElement(parent, _A + tag, {k.rstrip("_"): v for k, v in attrs.items()})
        if text:
            el.text = clean(text)
        return el

    def term_id(self, term: str) -> str:
        """The eId of ``term``'s TLCTerm: "term-<slug>" (made unique if two terms share it)."""
        if term not in self.terms:
            base = f"term-{_slug(term) or 'x'}"
            taken = set(self.terms.values())
            found, n = base, 1
            while found in taken:
                n += 1
                found = f"{base}-{n}"
            self.terms[term] = found
        return self.terms[term]

    def inlines(self, parent: _Element, inlines: Iterable[Inline]) -> None:
        """Append ``inlines`` to ``parent``'s mixed content."""
        last: _Element | None = None

        def text(value: str) -> None:
            value = clean(value)
            if last is None:
                parent.text = (parent.text or "") + value
            else:
                last.tail = (last.tail or "") + value

        for inline in inlines:
            if isinstance(inline, Text):
                text(inline.text)
                continue
            if isinstance(inline, TermUse):
                last = self.e(parent, "term", inline.text, refersTo=f"#{self.term_id(inline.term)}")
            elif isinstance(inline, TermDef):
                last = self.e(parent, "def", inline.term, refersTo=f"#{self.term_id(inline.term)}")
            elif isinstance(inline, Ref):
                eid = self.eids.get(inline.anchor) if inline.resolved else None
                if eid is None:
                    last = self.e(parent, "inline", inline.text, name="unresolvedRef")
                else:
                    last = self.e(parent, "ref", inline.text, href=f"#{eid}")

    def p(self, parent: _Element, paragraph: Paragraph) -> _Element:
        el = self.e(parent, "p")
        self.inlines(el, paragraph.inlines)
        return el

    # -- the document ------------------------------------------------------------------------
    def build(self) -> _Element:
        o = self.o
        root = etree.Element(_A + "akomaNtoso", nsmap={None: NS})
        doc = self.e(root, "bill" if o.kind == "state" else "act",
                     name=_slug(o.instrument) or "ordinance", contains="originalVersion")
        meta = self.e(doc, "meta")
        self.preface(doc)
        self.preamble(doc)
        body = self.e(doc, "body")
        for section in o.sections:
            self.section(body, section)
        if any(line.strip() for line in o.signature):
            conclusions = self.e(doc, "conclusions")
            for line in o.signature:
                if line.strip():
                    self.e(conclusions, "p", line)
        self.meta(meta)  # last: the terms and notes are known now
        return root

    def meta(self, meta: _Element) -> None:
        o = self.o
        date = o.date or "1970-01-01"
        work = work_uri(o)
        expression = f"{work}/eng@{date}"
        ident = self.e(meta, "identification", source=f"#{TOOL}")
        w = self.e(ident, "FRBRWork")
        self.e(w, "FRBRthis", value=f"{work}/!main")
        self.e(w, "FRBRuri", value=work)
        self.e(w, "FRBRdate", date=date, name=_slug(o.draft_label) or "draft")
        self.e(w, "FRBRauthor", href="#body")
        self.e(w, "FRBRcountry", value="us")
        if o.kind != "state":
            self.e(w, "FRBRsubtype", value=_slug(o.instrument) or "ordinance")
        self.e(w, "FRBRnumber", value=_slug(o.short_title) or "draft")
        self.e(w, "FRBRname", value=clean(o.short_title) or "draft")
        self.e(w, "FRBRprescriptive", value="true")
        x = self.e(ident, "FRBRExpression")
        self.e(x, "FRBRthis", value=f"{expression}/!main")
        self.e(x, "FRBRuri", value=expression)
        self.e(x, "FRBRdate", date=date, name=_slug(o.draft_label) or "draft")
        self.e(x, "FRBRauthor", href="#body")
        self.e(x, "FRBRlanguage", language="eng")
        m = self.e(ident, "FRBRManifestation")
        self.e(m, "FRBRthis", value=f"{expression}/!main.xml")
        self.e(m, "FRBRuri", value=f"{expression}.akn")
        self.e(m, "FRBRdate", date=date, name="generation")
        self.e(m, "FRBRauthor", href=f"#{TOOL}")
        refs = self.e(meta, "references", source=f"#{TOOL}")
        place = _slug(o.jurisdiction_name) or "unknown"
        body = o.body or "legislative body"
        self.e(refs, "TLCOrganization", eId="body",
               href=f"/ontology/organization/us-{place}/{_slug(body) or 'body'}",
               showAs=clean(f"{o.jurisdiction_name} {body}".strip()))
        self.e(refs, "TLCOrganization", eId=TOOL, href=f"/ontology/organization/{TOOL}",
               showAs=f"{TOOL} ({NOTICE})")
        for term, eid in sorted(self.terms.items(), key=lambda kv: kv[1]):
            self.e(refs, "TLCTerm", eId=eid, href=f"/ontology/term/us-{place}/{eid[5:]}",
                   showAs=clean(term))
        if self.notes:
            notes = self.e(meta, "notes", source=f"#{TOOL}")
            for eid, commentary, sources in self.notes:
                note = self.e(notes, "note", eId=eid, class_="drafters-note")
                for text in _paragraphs(commentary):
                    self.e(note, "p", text)
                for source in sources:
                    self.e(note, "p", source_line(source), class_="source")
                if not len(note):
                    self.e(note, "p")

    def preface(self, doc: _Element) -> None:
        o = self.o
        preface = self.e(doc, "preface")
        for line in o.caption:
            if line.strip():
                self.e(preface, "p", line, class_="caption")
        if o.short_title:
            self.e(self.e(preface, "p", class_="title"), "docTitle", o.short_title)
        if o.sponsors:
            p = self.e(preface, "p", "Introduced by: ", class_="sponsors")
            self.e(p, "docProponent", ", ".join(o.sponsors))
        if o.long_title:
            self.e(self.e(preface, "longTitle"), "p", o.long_title)

    def preamble(self, doc: _Element) -> None:
        o = self.o
        if not (o.recitals or o.recitals_intro or o.recitals_outro or o.enacting_clause):
            return
        preamble = self.e(doc, "preamble")
        if o.recitals:
            recitals = self.e(preamble, "recitals", eId="recs")
            if o.recitals_intro:
                self.e(self.e(recitals, "intro"), "p", o.recitals_intro)
            seen: Counter[str] = Counter()
            for recital in o.recitals:
                base = f"recs__rec_{_id_part(recital.clause_id)}"
                seen[base] += 1
                eid = base if seen[base] == 1 else f"{base}-{seen[base]}"
                p = self.p(self.e(recitals, "recital", eId=eid), recital.content)
                if recital.note is not None:
                    self.note_ref(p, eid, recital.note.commentary, recital.note.sources)
        elif o.recitals_intro:
            self.e(preamble, "p", o.recitals_intro)
        if o.recitals_outro:
            self.e(preamble, "p", o.recitals_outro)
        if o.enacting_clause:
            self.e(self.e(preamble, "formula", name="enactingFormula"), "p", o.enacting_clause)

    def section(self, parent: _Element, section: Section) -> None:
        eid = self.next_eid()
        el = self.e(parent, "section", eId=eid)
        self.e(el, "num", section.label.strip())
        heading = self.e(el, "heading", section.heading)
        self.note_ref(heading, eid, section.commentary, section.sources)
        self.term_notes = {note.subject: note for note in section.notes}
        if section.sections:
            self.codified(el, section)
        else:
            self.blocks(el, section.blocks)

        for subject, note in self.term_notes.items():  # a note on no subsection here
            self.note_ref(heading, f"{eid}__{_slug(subject) or 'note'}", note.commentary,
                          note.sources)
        self.term_notes = {}

    def note_ref(self, parent: _Element, eid: str, commentary: str,
                 sources: Sequence[Source]) -> None:
        """In the annotated edition, a note on the element ``eid`` and a noteRef in ``parent``."""
        if not self.annotated or not (commentary.strip() or sources):
            return
        note = f"dnote_{eid}"
        self.notes.append((note, commentary, sources))
        self.e(parent, "noteRef", href=f"#{note}", marker="*", placement="bottom")

    def codified(self, el: _Element, section: Section) -> None:
        """Section 1 of a codified draft: the intro, then the chapter as quoted structure."""
        content = self.e(el, "content")
        paragraphs = [b for b in section.blocks if isinstance(b, Paragraph)]
        for extra in paragraphs[:-1]:
            self.p(content, extra)
        p = self.e(content, "p")
        eid = el.get("eId", "sec")
        mod = self.e(p, "mod", eId=f"{eid}__mod_1")
        if paragraphs:
            self.inlines(mod, paragraphs[-1].inlines)
        quoted = self.e(mod, "quotedStructure", eId=f"{eid}__qstr_1",
                        startQuote="\u201c", endQuote="\u201d")
        # chapter_label is "Chapter 2.99 Surveillance": the number, then the title
        word, _, rest = self.o.chapter_label.partition(" ")
        number, _, title = rest.partition(" ")
        chapter = self.e(quoted, "chapter", eId=f"chp_{_id_part(number or '1')}")
        self.e(chapter, "num", f"{word} {number}".strip() or "Chapter")
        if title:
            self.e(chapter, "heading", title)
        for nested in section.sections:
            self.section(chapter, nested)

    def blocks(self, el: _Element, blocks: Sequence[Paragraph | Subsection]) -> None:
        """A section's or subsection's blocks: content when all text, else the hierarchy."""
        if not any(isinstance(b, Subsection) for b in blocks):
            content = self.e(el, "content")
            for block in blocks:
                if isinstance(block, Paragraph):
                    self.p(content, block)
            if not len(content):
                self.e(content, "p")
            return
        first = next(i for i, b in enumerate(blocks) if isinstance(b, Subsection))
        last = max(i for i, b in enumerate(blocks) if isinstance(b, Subsection))
        if first:
            intro = self.e(el, "intro")
            for block in blocks[:first]:
                assert isinstance(block, Paragraph)
                self.p(intro, block)
        run: list[Paragraph] = []
        for block in blocks[first:last + 1]:
            if isinstance(block, Paragraph):
                run.append(block)
                continue
            if run:  # text between two subsections
                content = self.e(self.e(el, "hcontainer", name="text"), "content")
                for paragraph in run:
                    self.p(content, paragraph)
                run = []
            self.subsection(el, block)
        if last < len(blocks) - 1:
            wrap = self.e(el, "wrapUp")
            for block in blocks[last + 1:]:
                assert isinstance(block, Paragraph)
                self.p(wrap, block)

    def subsection(self, parent: _Element, sub: Subsection) -> None:
        tag = (LEVELS[sub.level] if sub.level < len(LEVELS) else DEEPER)[0]
        eid = self.next_eid()
        el = self.e(parent, tag, eId=eid)
        self.e(el, "num", sub.marker.strip())
        if not sub.children or sub.content.inlines:
            p = self.p(self.e(el, "intro" if sub.children else "content"), sub.content)
            note = self.term_notes.pop(sub.label, None) if sub.label else None
            if note is not None:  # a definition's note
                self.note_ref(p, eid, note.commentary, note.sources)
        for child in sub.children:
            self.subsection(el, child)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def duplicate_eids(root: _Element) -> list[str]:
    """The eIds that more than one element of ``root`` carries, in document order."""
    counts = Counter(el.get("eId") for el in root.iter() if el.get("eId") is not None)
    return [eid for eid, n in counts.items() if n > 1 and eid is not None]


def to_tree(ordinance: Ordinance, *, annotated: bool = False) -> _Element:
    """The ``akomaNtoso`` root element for ``ordinance`` (not checked: see ``render_akn``)."""
    return _Writer(ordinance, annotated).build()


def render_akn(ordinance: Ordinance, *, annotated: bool = False) -> str:
    """The ordinance as an Akoma Ntoso 3.0 XML document.

    ``annotated`` adds the commentary and sources of each section, recital and defined term
    as notes in ``meta/notes``, each pointed at by a ``noteRef`` where it belongs.
    Raises ValueError when two elements would carry the same eId (a library whose clause
    ids collide once made safe for an eId).
    """
    root = to_tree(ordinance, annotated=annotated)
    dupes = duplicate_eids(root)
    if dupes:
        raise ValueError(f"Akoma Ntoso export: eId used more than once: {', '.join(dupes)}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True).decode("utf-8")
