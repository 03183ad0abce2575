"""Exploring the built-in clause library's answer space (used by test_clause_library).

A ``Variant`` is a starting draft (a seed, or the library defaults) plus answers
changed on top of it, in order. ``Explorer.build`` assembles it once (results are
cached), renders it to Markdown and records what the tests need: the template
context, the visible questions, the conflict errors, lint and the elements.

Everything here is deterministic: bases, questions and candidate values are
visited in library order, and no randomness is used.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ordinance_tui.core.answers import condition, visible_questions
from ordinance_tui.core.assemble import LayoutProblem, assemble, build_context
from ordinance_tui.core.document import Ordinance, Paragraph, Ref, Section, Subsection, Text
from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.legalfmt import dollars, long_date, number_words
from ordinance_tui.core.library import Library, Question
from ordinance_tui.core.lint import Diagnostic, lint
from ordinance_tui.export.markdown import render_markdown

TODAY = dt.date(2026, 11, 26)
DEFAULTS = "(defaults)"  # the base that answers nothing: every question at its default

# Alternative values for text questions (each must satisfy the question's pattern).
ALT_TEXT = {
    "police_agency_name": "Sheriff's Office",
    "named_agencies": "the Police Department and the Public Schools",
    "advisory_body_name": "Surveillance Technology Advisory Board",
    "report_due": "June 30",
    "auditor": "Inspector General",
}


def freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def thaw(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Variant:
    base: str  # a seed id, or DEFAULTS
    flips: tuple[tuple[str, Any], ...] = ()

    def plus(self, qid: str, value: Any) -> Variant:
        return Variant(self.base, (*self.flips, (qid, freeze(value))))

    def describe(self) -> str:
        if not self.flips:
            return self.base
        changes = ", ".join(f"{q}={_show(v)}" for q, v in self.flips)
        return f"{self.base} + {changes}"


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ",".join(map(str, value)) + "]"
    return repr(value) if isinstance(value, str) else str(value)


@dataclass
class Built:
    variant: Variant
    draft: Draft
    ordinance: Ordinance
    markdown: str
    context: dict[str, Any]
    visible: tuple[str, ...]
    conflict_errors: tuple[str, ...]
    library: Library = field(repr=False)

    @property
    def valid(self) -> bool:
        return not self.conflict_errors

    @cached_property
    def lint(self) -> list[Diagnostic]:
        return lint(self.library, self.draft, self.ordinance)

    @property
    def elements(self) -> frozenset[str]:
        return self.ordinance.elements


class Explorer:
    """Builds variants of the seeds, with a cache, and searches the answer space."""

    def __init__(self, library: Library) -> None:
        self.lib = library
        self.cache: dict[Variant, Built] = {}
        self.bases: dict[str, Draft] = {DEFAULTS: Draft()}
        for seed_id in sorted(library.seeds):
            draft, problems = draft_from_data(library.seeds[seed_id].data, seed_id)
            assert not problems, problems
            self.bases[seed_id] = draft
        self.primary = list(self.bases)
        # The same drafts written the other way: as a code chapter, or standalone.
        for name in self.primary:
            jur = self.bases[name].jurisdiction
            self.bases[f"{name}, {'standalone' if jur.codified else 'codified'}"] = \
                self.bases[name].with_jurisdiction(
                    codified=not jur.codified, chapter_number=jur.chapter_number or "12.40",
                    chapter_title=jur.chapter_title or "Surveillance Technology")

    # -- building -----------------------------------------------------------------
    def draft(self, variant: Variant) -> Draft:
        draft = self.bases[variant.base]
        for qid, value in variant.flips:
            draft = draft.with_answer(qid, thaw(value))
        return draft

    def build(self, variant: Variant) -> Built:
        built = self.cache.get(variant)
        if built is None:
            draft = self.draft(variant)
            context, _ = build_context(self.lib, draft)
            ordinance = assemble(self.lib, draft, today=TODAY)
            conflicts = tuple(
                c.id for c in self.lib.conflicts if c.severity == "error"
                and condition(self.lib, f"conflict:{c.id}:when", context))
            built = Built(variant, draft, ordinance, render_markdown(ordinance), context,
                          tuple(visible_questions(self.lib, context)), conflicts, self.lib)
            self.cache[variant] = built
        return built

    def seed_variants(self) -> list[Variant]:
        """The seeds and the library defaults, as drafted."""
        return [Variant(b) for b in self.primary]

    def other_form_variants(self) -> list[Variant]:
        """The same drafts, codified if they were standalone and standalone if codified."""
        return [Variant(b) for b in self.bases if b not in self.primary]

    # -- candidate answers -----------------------------------------------------------
    def candidates(self, question: Question, current: Any) -> list[Any]:
        """Values worth trying for a question, current value first removed."""
        values: list[Any] = []
        q = question
        if q.type == "choice":
            values = [c.value for c in q.choices]
        elif q.type == "bool":
            values = [True, False]
        elif q.type == "multi":
            # All, none, each alone, and two-item lists (the punctuation cases).
            every = [c.value for c in q.choices]
            values = [every, [], *([v] for v in every), every[:2], every[-2:]]
        elif q.type in ("days", "dollars", "number"):
            values = [v for v in (q.min, q.max) if v is not None]
            values = [int(v) if v == int(v) else v for v in values]
        elif q.type == "text":
            values = [ALT_TEXT.get(q.id, f"{current} Office"), q.default]
        elif q.type == "date":
            values = [shift_year(current, 1), q.default]
        out: list[Any] = []
        for v in values:
            if freeze(v) != freeze(current) and freeze(v) not in [freeze(o) for o in out]:
                out.append(v)
        return out

    def single_flips(self, base: Variant, kinds: tuple[str, ...] | None = None
                     ) -> Iterator[Variant]:
        """Variants of ``base`` that change one visible question."""
        built = self.build(base)
        for qid in built.visible:
            question = self.lib.questions[qid]
            if kinds is not None and question.type not in kinds:
                continue
            for value in self.candidates(question, built.context[qid]):
                yield base.plus(qid, value)

    # -- searches ------------------------------------------------------------------
    def reach_elements(self, elements: list[str], max_pairs: int = 20_000
                       ) -> dict[str, Variant]:
        """A valid variant (no conflict error, no lint error) whose ordinance has each element.

        Seeds first, then every single change of a visible answer to a seed, then
        pairs of changes (choices, yes/no and multi-choice answers only).
        """
        found: dict[str, Variant] = {}

        def consider(variant: Variant) -> None:
            built = self.build(variant)
            new = [e for e in built.elements if e in missing and e not in found]
            if new and built.valid and not any(d.severity == "error" for d in built.lint):
                for e in new:
                    found[e] = variant

        missing = set(elements)
        for base in self.seed_variants():
            consider(base)
        for base in self.seed_variants():
            if missing <= found.keys():
                break
            for variant in self.single_flips(base):
                consider(variant)
        tried = 0
        if not missing <= found.keys():
            for base in self.seed_variants():
                for first in self.single_flips(base, ("choice", "bool", "multi")):
                    if not self.build(first).valid:
                        continue
                    for variant in self.single_flips(first, ("choice", "bool", "multi")):
                        consider(variant)
                        tried += 1
                        if missing <= found.keys() or tried >= max_pairs:
                            return found
        return found

    def stale_variants(self) -> Iterator[Variant]:
        """Drafts full of answers to questions that are no longer asked.

        A drafter who answers every question and then changes the approach, the
        scope or who is bound leaves answers behind that the interview now hides
        (an answer is kept when its question is hidden). Every yes/no answer is
        set one way and every multiple choice to all or nothing, then each
        combination of the questions that decide what is asked is tried.
        """
        gates = ("approach_face", "tech_scope", "approach_other", "private_scope")
        qs = self.lib.questions
        for on in (True, False):
            base = Variant(DEFAULTS)
            for q in qs.values():
                if q.type == "bool":
                    base = base.plus(q.id, on)
                elif q.type == "multi":
                    base = base.plus(q.id, [c.value for c in q.choices] if on else [])
            for values in itertools.product(*([c.value for c in qs[g].choices] for g in gates),
                                            (True, False)):
                variant = base
                for qid, value in zip((*gates, "bind_government"), values, strict=True):
                    variant = variant.plus(qid, value)
                yield variant

    def bases_showing(self, qid: str) -> Iterator[Built]:
        """Valid seeds, then valid single-change variants of seeds, in which ``qid`` is asked."""
        for base in self.seed_variants():
            built = self.build(base)
            if qid in built.visible and built.valid:
                yield built
        for base in self.seed_variants():
            for variant in self.single_flips(base, ("choice", "bool", "multi")):
                if variant.flips[-1][0] == qid:
                    continue
                built = self.build(variant)
                if qid in built.visible and built.valid:
                    yield built

    def text_effect_pairs(self, question: Question, base: Built) -> list[tuple[Any, Any]]:
        """Pairs of answers to compare in ``base``: every choice must read differently."""
        q = question
        current = base.context[q.id]
        if q.type == "choice":
            values = [c.value for c in q.choices]
            return [(a, b) for i, a in enumerate(values) for b in values[i + 1:]]
        if q.type == "bool":
            return [(True, False)]
        if q.type == "multi":
            every = [c.value for c in q.choices]
            cur = set(current or [])
            return [(sorted(cur | {c}, key=every.index), sorted(cur - {c}, key=every.index))
                    for c in every]
        if q.type in ("days", "dollars", "number"):
            other = current + 1 if q.max is None or current + 1 <= q.max else current - 1
            return [(current, other)]
        if q.type == "text":
            return [(current, ALT_TEXT.get(q.id, f"{current} Office"))]
        if q.type == "date":
            return [(current, shift_year(current, 1))]
        raise AssertionError(f"unknown question type {q.type!r}")

    def pair_key(self, question: Question, pair: tuple[Any, Any]) -> Any:
        """What a pair stands for, independent of the base (for multi: the option)."""
        if question.type == "multi":
            return (set(pair[0]) ^ set(pair[1])).pop() if set(pair[0]) ^ set(pair[1]) else None
        if question.type in ("choice", "bool"):
            return frozenset(map(freeze, pair))
        return "change"


def build(explorer: Explorer, base: str, **answers: object) -> Built:
    """The seed ``base`` built with ``answers`` changed (one Variant, built once)."""
    variant = Variant(base)
    for qid, value in answers.items():
        variant = variant.plus(qid, value)
    return explorer.build(variant)


def built_text(built: Built, clause_id: str) -> str:
    """A clause's section in ``built``, on one line (it must be in the ordinance)."""
    section = built.ordinance.find(clause_id)
    assert section is not None, f"{clause_id} is not in the ordinance"
    return " ".join(section_text(section).split())


def shift_year(value: str, years: int) -> str:
    day = dt.date.fromisoformat(value)
    return day.replace(year=day.year + years).isoformat()


# -- reading the tree ------------------------------------------------------------------
def section_text(section: Section) -> str:
    """A section's body as plain text, one line per paragraph or subsection."""
    lines = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.plain)
        else:
            lines.extend(f"{'  ' * s.level}{s.marker} {s.content.plain}" for s in _walk(block))
    return "\n".join(lines)


def _walk(sub: Subsection) -> Iterator[Subsection]:
    yield sub
    for child in sub.children:
        yield from _walk(child)


def operative_sections(ordinance: Ordinance) -> Iterator[Section]:
    for section in ordinance.all_sections():
        if section.clause_id not in ("definitions", "codify"):
            yield section


def defined_terms(ordinance: Ordinance) -> list[str]:
    section = ordinance.find("definitions")
    if section is None:
        return []
    return [s.label for s in section.walk() if s.level == 0 and s.label]


def refs_in(section: Section) -> list[Ref]:
    return [i for p in section.paragraphs() for i in p.inlines if isinstance(i, Ref)]


# -- what the numbers in the text must come from ----------------------------------------
COUNTED = re.compile(r"([a-z-]+) \((\d[\d,]*)\)")  # "twenty-four (24)": the last word
_NUMBER_WORDS = {number_words(n) for n in (*range(20), *range(20, 100, 10))} | {"hundred",
                                                                               "thousand"}
DOLLARS = re.compile(r"\$\d{1,3}(?:,\d{3})*(?:\.\d\d)?")
LONG_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|"
                       r"October|November|December) \d{1,2}, \d{4}\b")


def answer_numbers(built: Built) -> tuple[set[int], set[str], set[str]]:
    """Numbers, dollar amounts and long dates that the visible answers put in the text."""
    numbers: set[int] = set()
    amounts: set[str] = set()
    dates: set[str] = set()
    for qid in built.visible:
        q = built.library.questions[qid]
        value = built.context[qid]
        if q.type in ("days", "number"):
            numbers.add(int(value))
        elif q.type == "dollars":
            amounts.add(dollars(value))
        elif q.type == "date":
            dates.add(long_date(value))
    return numbers, amounts, dates


def stray_numbers(built: Built) -> list[str]:
    """Counted numbers, amounts and dates in the text that no visible answer supplied."""
    numbers, amounts, dates = answer_numbers(built)
    text = built.markdown
    out = []
    for words, figure in COUNTED.findall(text):
        if not set(words.split("-")) <= _NUMBER_WORDS:
            continue  # "subsection (1)", "Section 4(a)": not a counted number
        n = int(figure.replace(",", ""))
        if n not in numbers:
            out.append(f"'{words} ({figure})': no answer gave {n}")
        elif not number_words(n).endswith(words):
            out.append(f"'{words} ({figure})': the words and the figures differ")
    out += [f"{a}: no answer gave it" for a in DOLLARS.findall(text) if a not in amounts]
    out += [f"{d}: no answer gave it" for d in LONG_DATE.findall(text) if d not in dates]
    return out


def quick_lint(built: Built) -> list[str]:
    """Lint's library-bug codes (L001, L002, L003, L010), cheaply, for many drafts.

    ``lint`` itself costs about 10 ms a draft; this finds the same problems from the
    assembled tree: unresolved references, terms used but not defined, multi-word
    library terms written as plain text, and layout problems.
    """
    ordinance = built.ordinance
    out = [f"L010 {p}" for p in ordinance.problems if isinstance(p, LayoutProblem)]
    defined = set(defined_terms(ordinance))
    out += [f"L002 {t!r} is used but not defined" for t in ordinance.terms_used
            if t not in defined]
    names = [built.context[q.id] for q in built.library.questions.values()
             if q.type == "text" and isinstance(built.context.get(q.id), str)]
    jur = built.draft.jurisdiction
    names += [n for n in (jur.short_title, jur.chapter_title, jur.code_name,
                          ordinance.short_title) if n]
    names.sort(key=len, reverse=True)
    terms = [t for t in built.library.definitions if " " in t]
    plain_term = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")(?:s|es)?\b")
    for section in ordinance.all_sections():
        for para in section.paragraphs():
            for span in para.inlines:
                if isinstance(span, Ref) and not span.resolved:
                    out.append(f"L001 {section.label} refers to {span.target!r}")
                elif isinstance(span, Text):
                    text = span.text
                    for name in names:
                        text = text.replace(name, "")
                    out += [f"L003 {m!r} as plain text in {section.label}"
                            for m in plain_term.findall(text)]
    return out


# -- how the text reads ------------------------------------------------------------------
_SPACING = re.compile(r"  |\s[,.;:)]|\(\s|,,|;;|\.\.(?!\.)|[;,]\.|\.;|\bNone\b|\{\{|\}\}|\{%")
_A_VOWEL = re.compile(r"\ba ([AEIOaeio][\w-]*)")
_AN_CONSONANT = re.compile(r"\ban ([b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z][\w-]*)")
_A_OK = {"one", "once", "unit", "use", "user", "union", "uniform", "unique", "European"}
_AN_OK = {"hour", "hours", "honest", "MOU", "SIR", "NDA"}
_ONE_PLURAL = re.compile(r"\bone \(1\) (?:\w+ )*?(days|months|years|hours|members|meetings)\b")


def _item_end(sub: Subsection) -> str:
    """The punctuation that ends a subsection together with everything under it."""
    return _item_end(sub.children[-1]) if sub.children else sub.content.plain.rstrip()


def list_problems(blocks: tuple[Any, ...], where: str, top: bool = True) -> list[str]:
    """Punctuation of one group of sibling subsections (and, recursively, their children).

    A group is either a list of sentences (every item ends with a full stop) or
    one sentence broken into items: each item ends with ";", the last but one
    with "; and" or "; or", and the last one with a full stop (or, inside a
    larger list, with whatever the enclosing item needs).
    """
    out: list[str] = []
    items = [b for b in blocks if isinstance(b, Subsection)]
    for sub in items:
        own = sub.content.plain.rstrip()
        if sub.children and not own.endswith(":"):
            out.append(f"{where} {sub.marker}: introduces a list but does not end with ':'")
        if own.endswith(":") and not sub.children:
            out.append(f"{where} {sub.marker}: ends with ':' but has no list")
        if sub.children:
            out += list_problems(sub.children, f"{where} {sub.marker}", top=False)
    if len(items) < 2:
        if top and items and not _item_end(items[-1]).endswith("."):
            out.append(f"{where} {items[-1].marker}: the last item does not end with '.'")
        return out
    ends = [_item_end(s) for s in items]
    if all(e.endswith(".") for e in ends):
        return out
    for sub, end in zip(items[:-2], ends[:-2], strict=True):
        if not end.endswith(";") or end.endswith(("; and", "; or")):
            out.append(f"{where} {sub.marker}: a list item must end with ';' ({end[-30:]!r})")
    if not ends[-2].endswith(("; and", "; or")):
        out.append(f"{where} {items[-2].marker}: the last but one item must end with "
                   f"'; and' or '; or' ({ends[-2][-30:]!r})")
    if top and not ends[-1].endswith("."):
        out.append(f"{where} {items[-1].marker}: the last item must end with '.' "
                   f"({ends[-1][-30:]!r})")
    if not top and not ends[-1].endswith((".", ";", "; and", "; or")):
        out.append(f"{where} {items[-1].marker}: the last item does not end a clause")
    return out


def reading_problems(built: Built) -> list[str]:
    """Things a careful reader would mark in the operative text, whatever the answers."""
    ordinance = built.ordinance
    out: list[str] = []
    multiword = [t.lower() for t in defined_terms(ordinance) if " " in t]
    lower_terms = re.compile(r"\b(?:" + "|".join(map(re.escape, multiword)) + r")s?\b") \
        if multiword else None
    this_instrument = re.compile(rf"\bthis {re.escape(ordinance.instrument)}\b")
    for section in ordinance.all_sections():
        if section.clause_id == "codify":
            continue
        where = f"{section.label} ({section.clause_id})"
        blocks = section.blocks
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                text = block.plain.rstrip()
                if text and not text.endswith((".", ":")):
                    out.append(f"{where}: paragraph does not end with '.' or ':' "
                               f"({text[-30:]!r})")
                if text[:1].islower():
                    out.append(f"{where}: paragraph starts in lower case ({text[:30]!r})")
                if text.endswith(":") and not (i + 1 < len(blocks)
                                               and isinstance(blocks[i + 1], Subsection)):
                    out.append(f"{where}: an introduction ending in ':' has no list after it")
        if section.clause_id != "definitions":
            out += list_problems(blocks, where)
            if len(blocks) == 1 and isinstance(blocks[0], Subsection):
                out.append(f"{where}: the whole section is a list of one item")
        whole = []
        for para in section.paragraphs():
            whole.append(para.plain)
            inlines = para.inlines
            if lower_terms is not None and section.clause_id != "definitions":
                plain = "".join(i.text for i in inlines if isinstance(i, Text))
                out += [f"{where}: the defined term {m!r} is written in lower case"
                        for m in lower_terms.findall(plain)]
            for k, span in enumerate(inlines):
                if isinstance(span, Text) and span.text.lower().rstrip().endswith(
                        "except as provided in") and not (
                        k + 1 < len(inlines) and isinstance(inlines[k + 1], Ref)):
                    out.append(f"{where}: 'except as provided in' is not followed by a "
                               "reference")
        text = "\n".join(whole)
        out += [f"{where}: spacing or punctuation {m.group(0)!r} in "
                f"{text[max(0, m.start() - 40):m.end() + 20]!r}" for m in _SPACING.finditer(text)]
        out += [f"{where}: 'a {w}'" for w in _A_VOWEL.findall(text)
                if w not in _A_OK and not w.startswith(("one", "Use", "use", "uni"))]
        out += [f"{where}: 'an {w}'" for w in _AN_CONSONANT.findall(text)
                if w not in _AN_OK and not w.startswith("hour")]
        out += [f"{where}: 'one (1) ... {w}'" for w in _ONE_PLURAL.findall(text)]
        if " shall " in text:
            out.append(f"{where}: 'shall' (the library writes 'must' and 'may')")
        if ordinance.codified and section.codified and this_instrument.search(text):
            out.append(f"{where}: a section of the chapter says 'this {ordinance.instrument}'")
        if not section.codified and "this chapter" in text:
            out.append(f"{where}: a section outside a chapter says 'this chapter'")
    return out


def exception_refs(built: Built) -> list[str]:
    """References after 'except as provided in' must lead to an exception."""
    out = []
    parts = {c.id: c.part for c in built.library.clauses.values()}
    for section in operative_sections(built.ordinance):
        for para in section.paragraphs():
            inlines = para.inlines
            for k, span in enumerate(inlines):
                if not (isinstance(span, Text)
                        and span.text.lower().rstrip().endswith("except as provided in")):
                    continue
                j = k + 1
                while j < len(inlines):
                    ref = inlines[j]
                    if isinstance(ref, Ref):
                        target = ref.target.split("#")[0]
                        if parts.get(target) != "exceptions":
                            out.append(f"{section.label}: 'except as provided in' "
                                       f"{ref.text} ({target}), which is not an exception")
                    elif not (isinstance(ref, Text) and ref.text.strip() in (",", "and", "or",
                                                                             ", and", ", or")):
                        break
                    j += 1
    return out
