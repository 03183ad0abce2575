"""Coverage: a draft's elements (E01-E50) next to reference laws', and how to add the rest.

Map of the module::

    coverage(library, draft, laws) -> Coverage     everything the compare views show
    coverage_rows(library, draft, laws) -> [Row]   one row per element (for the app)
    pick_laws(library, draft, spec) -> ([Law], how)  --with parsing and the default
    suggest(library, draft, element) -> Suggestion | None
    format_text, format_markdown, coverage_data    the command line's formats
    summary_lines, suggestion_lines, number_lines  pieces the exporters reuse

An element is in the draft when a clause the draft selects lists it (the same
rule that fills ``Ordinance.elements``). For an element the draft lacks, the
suggestion is computed, not written down: the search tries every single change
of a choice, multi-choice or yes/no answer that the implementing clauses'
``when`` conditions read; only if none works, pairs of changes, the second of
which may also touch an answer that a conflict or the first question's own
``when`` reads. A change is accepted when it selects an implementing clause,
leaves every changed question visible in the interview, and raises no L004
conflict of error severity the draft does not already have. Among accepted
changes the search prefers one change to two, then the fewest elements lost,
the fewest sections removed, the fewest elements gained and the fewest sections
added (the smallest change to the document); a suggestion names every library
section it would add or remove (``Suggestion.sections``). An implementing
clause the draft excludes is offered back. Results are cached per library and
draft.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .answers import condition
from .assemble import build_context, clause_applies, selected_clauses
from .document import Ordinance
from .draft import Draft
from .laws import ELEMENTS, STATUS_CODES, KeyNumber, Law
from .library import Clause, Library
from .problems import InputError, Problem, UsageError
from .qtypes import QUESTION_TYPES, qtype
from .templating import TemplateFailure

MAX_PAIRS = 4000  # pair evaluations per element, a bound on the worst case
_CACHE_SIZE = 16
# A condition that fails to render for some answers rejects those answers.
_RENDER_ERRORS = (InputError, TemplateFailure)


@dataclass(frozen=True, slots=True)
class Change:
    """One answer to change: ``question`` gets ``value`` (the whole new answer)."""

    question: str
    value: Any
    text: str  # what to do, in the interview's words


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Answer changes (and clauses to include again) that add ``element`` to the draft."""

    element: str
    changes: tuple[Change, ...]
    include: tuple[str, ...] = ()  # excluded clause ids to include again
    loses: tuple[str, ...] = ()  # elements the draft would no longer have
    gains: tuple[str, ...] = ()  # every element the draft would gain
    adds: tuple[str, ...] = ()  # headings of the library sections the draft would gain
    removes: tuple[str, ...] = ()  # headings of the library sections it would lose
    restores: tuple[str, ...] = ()  # the headings of ``include``'s clauses, in its order

    @property
    def text(self) -> str:
        steps = [c.text for c in self.changes]
        titles = self.restores if len(self.restores) == len(self.include) else self.include
        steps += [f"include the section \u201c{title}\u201d again" for title in titles]
        text = "; and ".join(steps)
        return text[:1].upper() + text[1:] if text else text

    @property
    def sections(self) -> str:
        """Every section the change adds and removes, in words ("" if none)."""
        parts = []
        if self.adds:
            parts.append(_counted(len(self.adds), "adds") + ": " + _quoted(self.adds))
        if self.removes:
            parts.append(_counted(len(self.removes), "removes") + ": " + _quoted(self.removes))
        return "; ".join(parts)

    def apply(self, draft: Draft) -> Draft:
        """The draft with these changes made."""
        for change in self.changes:
            draft = draft.with_answer(change.question, change.value)
        for cid in self.include:
            draft = draft.with_excluded(cid, False)
        return draft


def _counted(n: int, verb: str) -> str:
    return f"{verb} {n} section" + ("" if n == 1 else "s")


def _quoted(headings: Iterable[str]) -> str:
    return ", ".join(f"\u201c{h}\u201d" for h in headings)


@dataclass(frozen=True, slots=True)
class Row:
    """One element: whether the draft has it, each law's status, how to add it."""

    element: str
    label: str
    in_draft: bool
    statuses: tuple[str, ...]  # per law, in Coverage.laws order: see Law.status
    expressible: bool  # some library clause implements it
    suggestion: Suggestion | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The reference matrix's cell codes: Y, y, P, N or a middle dot."""
        return tuple(STATUS_CODES[s] for s in self.statuses)

    @property
    def wanted(self) -> bool:
        """The draft lacks it and at least one chosen law has it (fully or in part)."""
        return not self.in_draft and any(s in ("present", "unverified", "partial")
                                         for s in self.statuses)

    @property
    def shown(self) -> bool:
        """Worth a line in the compact table: the draft or some law has it."""
        return self.in_draft or any(s != "absent" and s != "unknown" for s in self.statuses)


@dataclass(frozen=True, slots=True)
class NumberRow:
    """A number the draft sets through ``question`` next to the laws' numbers for it."""

    question: str
    prompt: str
    type: str
    draft_value: Any
    asked: bool  # the question is visible for this draft's answers
    laws: tuple[tuple[Law, KeyNumber], ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """A draft against chosen laws: every element's row and the key numbers."""

    laws: tuple[Law, ...]
    rows: tuple[Row, ...]
    numbers: tuple[NumberRow, ...] = ()
    how: str = ""  # how the laws were chosen, for the heading

    def law_summary(self, law: Law) -> tuple[int, int, int]:
        """(elements the law has, of those the draft has, of the rest the library lacks)."""
        has = [r for r in self.rows if law.has(r.element)]
        covered = sum(r.in_draft for r in has)
        inexpressible = sum(not r.in_draft and not r.expressible for r in has)
        return len(has), covered, inexpressible


# ---------------------------------------------------------------------------
# Choosing laws


def draft_families(library: Library, draft: Draft) -> tuple[str, ...]:
    """The reference-law families of the seed the draft started from, if known."""
    seed = library.seeds.get(draft.seed.get("id", ""))
    if seed is not None:
        return seed.family
    return tuple(f.strip() for f in draft.seed.get("family", "").split(",") if f.strip())


def pick_laws(library: Library, draft: Draft, spec: str | None = None
              ) -> tuple[list[Law], str]:
    """The laws named by ``spec`` ("oakland,boston-16-62", "all", "family" or None).

    None and "family" mean the laws of the draft's seed family, or all laws when
    that is empty. Returns the laws and a short phrase saying how they were chosen.
    Raises UsageError naming the unknown ids and the known ones.
    """
    laws = sorted(library.laws.values(), key=lambda law: law.id)
    if not laws:
        raise InputError([Problem("laws", 0, "the library has no reference laws "
                                  "(seeds/laws/*.yaml); reinstall or add a pack with laws")])
    spec = (spec or "family").strip()
    if spec == "all":
        return laws, "all reference laws"
    if spec == "family":
        families = draft_families(library, draft)
        chosen = [law for law in laws if law.family in families]
        if chosen:
            return chosen, f"the reference laws of family {', '.join(families)}"
        why = f"no reference law of family {', '.join(families)}" if families else \
            "the draft names no seed family"
        return laws, f"all reference laws ({why})"
    ids = [part.strip() for part in spec.split(",") if part.strip()]
    unknown = [i for i in ids if i not in library.laws]
    if unknown or not ids:
        raise UsageError([Problem("--with", 0, f"unknown reference law {', '.join(unknown)!s}"
                                  f"; expected ids among {', '.join(law.id for law in laws)}, "
                                  "or 'all', or 'family'" if unknown else
                                  "name at least one reference law, or 'all'")])
    return [library.laws[i] for i in dict.fromkeys(ids)], "the chosen reference laws"


# ---------------------------------------------------------------------------
# Coverage


def coverage_rows(library: Library, draft: Draft, laws: Sequence[Law],
                  ordinance: Ordinance | None = None) -> list[Row]:
    """One row per element E01-E50: in the draft?, each law's status, a suggestion.

    A suggestion is computed only for elements the draft lacks and some law in
    ``laws`` has (``Row.wanted``); ``ordinance``, if already assembled from
    ``draft``, saves recomputing the draft's elements. Core only: no Textual.
    """
    search = _search_for(library, draft)
    elements = ordinance.elements if ordinance is not None else search.base
    providers = _providers(library)
    rows = []
    for eid, label in ELEMENTS.items():
        statuses = tuple(law.status(eid) for law in laws)
        row = Row(eid, label, eid in elements, statuses, eid in providers)
        if row.wanted and row.expressible:
            row = dataclasses.replace(row, suggestion=search.suggest(eid))
        rows.append(row)
    return rows


def coverage(library: Library, draft: Draft, laws: Sequence[Law], *, how: str = "",
             ordinance: Ordinance | None = None) -> Coverage:
    """Rows for every element, plus the laws' key numbers next to the draft's."""
    return Coverage(tuple(laws), tuple(coverage_rows(library, draft, laws, ordinance)),
                    tuple(number_rows(library, draft, laws)), how)


def suggest(library: Library, draft: Draft, element: str) -> Suggestion | None:
    """The smallest answer change that adds ``element`` to the draft, or None."""
    return _search_for(library, draft).suggest(element)


def number_rows(library: Library, draft: Draft, laws: Sequence[Law]) -> list[NumberRow]:
    """Key numbers of ``laws`` that a library question sets, in interview order."""
    by_question: dict[str, list[tuple[Law, KeyNumber]]] = {}
    for law in laws:
        for number in law.numbers:
            if number.question in library.questions:
                by_question.setdefault(number.question, []).append((law, number))
    if not by_question:
        return []
    search = _search_for(library, draft)
    order = _question_order(library)
    out = []
    for qid in sorted(by_question, key=lambda q: order.get(q, len(order))):
        question = library.questions[qid]
        out.append(NumberRow(qid, question.prompt, question.type, search.context.get(qid),
                             search.visible(qid, search.context), tuple(by_question[qid])))
    return out


# ---------------------------------------------------------------------------
# The search


# Per library (by id, dropped when the library is collected): draft key -> search.
# The lock lets the app compute coverage in a worker thread.
_caches: dict[int, OrderedDict[str, _Search]] = {}
_lock = threading.Lock()


def _search_for(library: Library, draft: Draft) -> _Search:
    # ``library`` too: an imported law's search ("none") is not its library draft's.
    key = json.dumps([draft.library, draft.answers, sorted(draft.exclude),
                      draft.jurisdiction.as_context(),
                      [(s.id, s.elements) for s in draft.added]], sort_keys=True, default=str)
    with _lock:
        cache = _caches.get(id(library))
        if cache is None:
            cache = _caches[id(library)] = OrderedDict()
            weakref.finalize(library, _caches.pop, id(library), None)
        search = cache.get(key)
        if search is None:
            search = cache[key] = _Search(library, draft)
            while len(cache) > _CACHE_SIZE:
                cache.popitem(last=False)
        cache.move_to_end(key)
        return search


def _providers(library: Library) -> dict[str, list[Clause]]:
    out: dict[str, list[Clause]] = {}
    for clause in library.ordered_clauses():
        for eid in clause.elements:
            out.setdefault(eid, []).append(clause)
    return out


def _question_order(library: Library) -> dict[str, int]:
    ids = [qid for step in library.ordered_steps() for qid in step.questions]
    return {qid: i for i, qid in enumerate(ids)}


class _Search:
    """Evaluates answer changes against one draft; caches every evaluation."""

    def __init__(self, library: Library, draft: Draft) -> None:
        self.lib = library
        self.draft = draft
        self.context, _ = build_context(library, draft)
        self.base = self._elements(self.context, draft)
        self.base_sections = self._sections(self.context, draft)
        self.base_conflicts = self._conflicts(self.context)
        self.providers = _providers(library)
        self.order = _question_order(library)
        self.steps = {s.id: s.title for s in library.steps}
        self.results: dict[str, Suggestion | None] = {}
        self.contexts: dict[str, dict[str, Any]] = {}
        self.acceptable: dict[str, bool] = {}
        self.selections: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}
        self.section_sets: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    # -- evaluation ------------------------------------------------------------
    def _elements(self, context: dict[str, Any], draft: Draft) -> frozenset[str]:
        """The elements of the clauses selected in ``context`` and of the drafter's own
        sections (which no answer removes; an excluded one counts for nothing)."""
        return self._elements_of(selected_clauses(self.lib, draft, context), draft)

    def _elements_of(self, selected: Iterable[Clause], draft: Draft) -> frozenset[str]:
        return frozenset(e for c in selected for e in c.elements) | frozenset(
            e for s in draft.added if s.id not in draft.exclude
            and s.id not in self.lib.clauses for e in s.elements)

    def _sections(self, context: dict[str, Any], draft: Draft) -> tuple[str, ...]:
        """The ids of the library clauses selected in ``context``, in document order."""
        return tuple(c.id for c in selected_clauses(self.lib, draft, context))

    def _conflicts(self, context: dict[str, Any]) -> frozenset[str]:
        return frozenset(c.id for c in self.lib.conflicts if c.severity == "error" and
                         condition(self.lib, f"conflict:{c.id}:when", context))

    def visible(self, qid: str, context: dict[str, Any]) -> bool:
        question = self.lib.questions[qid]
        return not question.when or condition(self.lib, f"question:{qid}:when", context)

    def context_after(self, changes: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
        """The template context after the changes (cached)."""
        key = json.dumps(changes)
        if key not in self.contexts:
            self.contexts[key] = {**self.context, **dict(changes)}
        return self.contexts[key]

    def allowed(self, changes: tuple[tuple[str, Any], ...]) -> bool:
        """Whether the changed questions stay visible and no new error conflict arises."""
        key = json.dumps(changes)
        if key not in self.acceptable:
            context = self.context_after(changes)
            try:
                self.acceptable[key] = all(self.visible(q, context) for q, _ in changes) and \
                    self._conflicts(context) <= self.base_conflicts
            except _RENDER_ERRORS:
                self.acceptable[key] = False
        return self.acceptable[key]

    def provides(self, element: str, context: dict[str, Any]) -> tuple[str, ...] | None:
        """None if no clause implementing ``element`` applies in ``context``; else the
        excluded clause to include again (empty when one applies and is not excluded)."""
        again: tuple[str, ...] | None = None
        for clause in self.providers.get(element, ()):
            try:
                applies = clause.part in self.lib.parts and \
                    clause_applies(self.lib, clause, context)
            except _RENDER_ERRORS:
                applies = False
            if applies and clause.id not in self.draft.exclude:
                return ()
            if applies and again is None:
                again = (clause.id,)
        return again

    def elements_after(self, changes: tuple[tuple[str, Any], ...], include: tuple[str, ...],
                       context: dict[str, Any]) -> frozenset[str]:
        """Every element the draft would have after the changes (cached)."""
        key = (json.dumps(changes), include)
        if key not in self.selections:
            draft = self.draft
            for cid in include:
                draft = draft.with_excluded(cid, False)
            selected = list(selected_clauses(self.lib, draft, context))
            self.selections[key] = self._elements_of(selected, draft)
            self.section_sets[key] = tuple(c.id for c in selected)
        return self.selections[key]

    def sections_after(self, changes: tuple[tuple[str, Any], ...], include: tuple[str, ...],
                       context: dict[str, Any]) -> tuple[str, ...]:
        """The library sections the draft would have after the changes (cached)."""
        self.elements_after(changes, include, context)
        return self.section_sets[(json.dumps(changes), include)]

    # -- candidates --------------------------------------------------------------
    def names(self, expression: str) -> frozenset[str]:
        """The answers a ``when`` expression reads."""
        return _names(expression)

    def reads(self, element: str) -> set[str]:
        """The answers the conditions of the clauses implementing ``element`` read."""
        names: set[str] = set()
        for clause in self.providers.get(element, ()):
            if clause.when:
                names |= self.names(clause.when)
        return names

    def candidates(self, names: set[str]) -> list[tuple[str, Any]]:
        """Single answer changes to the questions in ``names``, in interview order."""
        out: list[tuple[str, Any]] = []
        for qid in sorted(names & set(self.lib.questions),
                          key=lambda q: (self.order.get(q, len(self.order)), q)):
            question = self.lib.questions[qid]
            alternatives = qtype(question).alternatives
            if alternatives is not None:
                out.extend((qid, value) for value in alternatives(question,
                                                                  self.context.get(qid)))
        return out

    def suggest(self, element: str) -> Suggestion | None:
        if element not in self.results:
            self.results[element] = self._suggest(element)
        return self.results[element]

    def _suggest(self, element: str) -> Suggestion | None:
        providers = self.providers.get(element, [])
        if not providers or element in self.base:
            return None
        reads = self.reads(element)
        singles = self.candidates(reads)
        tries: Iterable[tuple[tuple[str, Any], ...]] = [()] + [(c,) for c in singles]
        best = self._best(element, tries)
        if best is None:
            # The second change may also be one that clears a conflict or shows a question.
            wider = set(reads)
            for conflict in self.lib.conflicts:
                if conflict.severity == "error":
                    wider |= self.names(conflict.when)
            for qid in reads & set(self.lib.questions):
                question = self.lib.questions[qid]
                if question.when:
                    wider |= self.names(question.when)
            seconds = self.candidates(wider)
            pairs = ((a, b) for a in singles for b in seconds
                     if a[0] != b[0] and (b[0] not in reads or a < b))
            best = self._best(element, _bounded(pairs, MAX_PAIRS))
        return best

    def _best(self, element: str, tries: Iterable[tuple[tuple[str, Any], ...]]
              ) -> Suggestion | None:
        found: list[tuple[int, int, int, int, int, Suggestion]] = []
        for n, changes in enumerate(tries):
            context = self.context_after(changes)
            include = self.provides(element, context)  # cheap: the element's own clauses
            if include is None or not self.allowed(changes):
                continue
            try:
                elements = self.elements_after(changes, include, context)
            except InputError:
                continue
            if element not in elements:
                continue
            loses = tuple(sorted(self.base - elements))
            gains = tuple(sorted(elements - self.base))
            after = self.sections_after(changes, include, context)
            adds = tuple(self._heading(c) for c in after if c not in self.base_sections)
            removes = tuple(self._heading(c) for c in self.base_sections if c not in after)
            found.append((len(loses), len(removes), len(gains), len(adds), n, Suggestion(
                element, tuple(self._change(q, v) for q, v in changes), include, loses, gains,
                adds, removes, tuple(self._heading(c) for c in include))))
        # The smallest change to the document: fewest elements lost, then fewest sections
        # removed, then fewest elements gained, then fewest sections added.
        return min(found, key=lambda f: f[:5])[5] if found else None

    def _heading(self, clause_id: str) -> str:
        return self.lib.clauses[clause_id].title

    def _change(self, qid: str, value: Any) -> Change:
        question = self.lib.questions[qid]
        # As the interview shows them: the question's prompt and its step's title.
        step = self.steps.get(question.step, question.step)
        where = f"\u201c{question.prompt}\u201d (step \u201c{step}\u201d)"
        return Change(qid, value, qtype(question).change(question, self.context.get(qid), value,
                                                         where))


@functools.lru_cache(maxsize=2048)
def _names(expression: str) -> frozenset[str]:
    from .jinja_env import undeclared

    return frozenset(undeclared("{{ " + expression + " }}"))


def _bounded(items: Iterable[Any], limit: int) -> Iterable[Any]:
    for n, item in enumerate(items):
        if n >= limit:
            return
        yield item


# ---------------------------------------------------------------------------
# Formats


def format_number(value: Any, unit: str) -> str:
    """A value with its unit as a reader writes it: "30 days", "$1,000", "2021-07-01"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:,}" if isinstance(value, int) or value != int(value) else f"{int(value):,}"
    if unit == "dollars":
        return f"${text}"
    if unit == "euros":
        return f"\u20ac{text}"
    if unit == "percent":
        return f"{text}%"
    if unit in ("number", "count"):
        return text
    if unit in ("days", "hours", "months", "years") and value == 1:
        return f"{text} {unit[:-1]}"
    return f"{text} {unit}"


LEGEND = ("Y present, y present (not verified), P partial, N absent by design, "
          "\u00b7 not found in the reference")


def number_lines(cov: Coverage) -> list[str]:
    """One line per question: the draft's number, then each law's."""
    lines = []
    for row in cov.numbers:
        draft = format_number(row.draft_value, QUESTION_TYPES[row.type].unit or row.type)
        if not row.asked:
            draft += " (not asked for these answers)"
        laws = "; ".join(f"{law.short} {format_number(n.value, n.unit)}"
                         + (f" ({n.note})" if n.note else "")
                         + ("" if n.evidence == "V" else f" [{n.evidence}]")
                         for law, n in row.laws)
        lines.append(f"{row.prompt} ({row.question}): draft {draft}; {laws}")
    return lines


def summary_lines(cov: Coverage) -> list[str]:
    """One line per law: how many of its elements the draft has."""
    lines = []
    for law in cov.laws:
        has, covered, no_clause = cov.law_summary(law)
        extra = f"; {no_clause} of the rest have no clause in the library" if no_clause else ""
        lines.append(f"{law.short}: the draft has {covered} of the {has} elements it has "
                     f"(in full or in part){extra}")
    return lines


def suggestion_lines(cov: Coverage) -> list[tuple[str, str]]:
    """(element, what to do) for every element the draft lacks that a law has."""
    out = []
    for row in cov.rows:
        if not row.wanted:
            continue
        if not row.expressible:
            text = "the clause library has no clause for this element; write one or override"
        elif row.suggestion is None:
            text = ("no change of one or two answers adds it without a conflict; see the "
                    "clauses that list it in 'ordinance library check'")
        else:
            text = row.suggestion.text
            if row.suggestion.loses:
                text += f" (the draft would lose {', '.join(row.suggestion.loses)})"
            if row.suggestion.sections:
                text += f"; this {row.suggestion.sections}"
        out.append((row.element, text))
    return out


def format_text(cov: Coverage, *, title: str = "the draft", all_rows: bool = False) -> str:
    """A plain-text table with a legend, per-law summaries and the suggestions."""
    lines = [f"Coverage of {title} against {cov.how or 'the chosen reference laws'}:", ""]
    for law in cov.laws:
        lines.append(f"  {law.short:<7} {law.name} \u2014 {law.citation}")
    lines += ["", f"Cells: {LEGEND}.", ""]
    cols = [max(5, len(law.short)) for law in cov.laws]
    # About 100 columns in all; the element names take what the laws leave.
    width = max(24, min(56, 100 - 22 - sum(w + 1 for w in cols)))
    head = f"{'ID':<4} {'Element':<{width}} {'Draft':<5} " + " ".join(
        f"{law.short:<{w}}" for law, w in zip(cov.laws, cols, strict=True)) + "  Add"
    lines += [head.rstrip(), "-" * len(head.rstrip())]
    suggestions = suggestion_lines(cov)
    numbered = {e: i + 1 for i, (e, _) in enumerate(suggestions)}
    for row in cov.rows:
        if not (all_rows or row.shown):
            continue
        label = row.label if len(row.label) <= width else row.label[:width - 1] + "\u2026"
        cells = " ".join(f"{c:<{w}}" for c, w in zip(row.codes, cols, strict=True))
        mark = f"[{numbered[row.element]}]" if row.element in numbered else ""
        lines.append(f"{row.element:<4} {label:<{width}} {'yes' if row.in_draft else 'no':<5} "
                     f"{cells}  {mark}".rstrip())
    lines += ["", "Summary:"] + [f"  {line}" for line in summary_lines(cov)]
    if suggestions:
        lines += ["", "To add what the draft lacks:"]
        lines += [f"  [{i}] {e} {ELEMENTS[e]}: {t}" for i, (e, t) in enumerate(suggestions, 1)]
    numbers = number_lines(cov)
    if numbers:
        lines += ["", "Key numbers:"] + [f"  {line}" for line in numbers]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def format_markdown(cov: Coverage, *, title: str = "the draft", all_rows: bool = False,
                    heading: str = "## Coverage against enacted laws") -> str:
    """The same content as Markdown: a table, then summaries, suggestions and numbers."""
    how = cov.how or "the chosen reference laws"
    lines = [heading, "",
             f"{_md(title[:1].upper() + title[1:])} compared with {_md(how)}:", ""]
    lines += [f"- **{_md(law.short)}**: {_md(law.name)} ({_md(law.citation)})"
              for law in cov.laws]
    lines += ["", f"Cells: {LEGEND}.", ""]
    lines.append("| ID | Element | Draft | " + " | ".join(_md(law.short) for law in cov.laws)
                 + " |")
    lines.append("|---|---|---|" + "---|" * len(cov.laws))
    for row in cov.rows:
        if all_rows or row.shown:
            lines.append(f"| {row.element} | {_md(row.label)} | "
                         f"{'yes' if row.in_draft else 'no'} | " + " | ".join(row.codes) + " |")
    lines += ["", "Summary:", ""] + [f"- {_md(line)}" for line in summary_lines(cov)]
    suggestions = suggestion_lines(cov)
    if suggestions:
        lines += ["", "To add what the draft lacks:", ""]
        lines += [f"- **{e}** {_md(ELEMENTS[e])}: {_md(t)}" for e, t in suggestions]
    numbers = number_lines(cov)
    if numbers:
        lines += ["", "Key numbers:", ""] + [f"- {_md(line)}" for line in numbers]
    return "\n".join(lines) + "\n"


def coverage_data(cov: Coverage) -> dict[str, Any]:
    """Plain data for JSON: laws, every row, suggestions with their answer changes."""
    def suggestion(s: Suggestion | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {"text": s.text, "changes": [{"question": c.question, "value": c.value}
                                            for c in s.changes],
                "include": list(s.include), "loses": list(s.loses), "gains": list(s.gains),
                "adds": list(s.adds), "removes": list(s.removes)}

    return {
        "how": cov.how,
        "legend": LEGEND,
        "laws": [{"id": law.id, "short": law.short, "name": law.name, "citation": law.citation,
                  "description": law.description, "family": law.family, "kind": law.kind,
                  "summary": dict(zip(("has", "covered", "no_clause"), cov.law_summary(law),
                                      strict=True))}
                 for law in cov.laws],
        "rows": [{"element": r.element, "label": r.label, "in_draft": r.in_draft,
                  "expressible": r.expressible,
                  "laws": {law.id: status for law, status in zip(cov.laws, r.statuses,
                                                                 strict=True)},
                  "notes": {law.id: law.notes[r.element] for law in cov.laws
                            if r.element in law.notes},
                  "suggestion": suggestion(r.suggestion)} for r in cov.rows],
        "numbers": [{"question": n.question, "prompt": n.prompt, "draft": n.draft_value,
                     "asked": n.asked,
                     "laws": [{"law": law.id, "value": k.value, "unit": k.unit,
                               "evidence": k.evidence, "note": k.note} for law, k in n.laws]}
                    for n in cov.numbers],
    }
