"""What a law's text contains and lacks: the 50 elements found by reading it.

Map of the module::

    passages(ordinance) -> [Passage]             each section's label, heading and text
    text_passages(text, label, heading)          a bare text as one passage
    detect(elements, passages) -> [Finding]      one per element: confidence, sentence
    analyze(library, draft, laws, how) -> Analysis   findings next to laws, and additions
    add_element(library, draft, element) -> (Draft, str)   the draft with it added
    insertion(...) -> Insertion                  a clause's text fitted to an imported law
    format_text, format_markdown, analysis_data  the command line's formats

Detection reads only the text, never clause ids (an imported law has none): each
element's ``evidence`` patterns (``clauses/elements.yaml``, ``core.elements``) are
searched sentence by sentence; an entry counts once, where it first matches, if the
sentence has none of its ``unless`` patterns and the section has all the element's
``requires``; an element's ``unless`` found anywhere rules it out. The confidence is
``1 - (1 - w1)(1 - w2)...`` over the entries that matched: present from 0.5 (low),
medium from 0.65, high from 0.85. The sentence shown is the one whose matching entries
weigh most (a heading only when no sentence matches).

For a missing element the library's clauses that list it are named, with the answer
change that selects one (``core.coverage.suggest``). ``add_element`` makes that change;
in a draft whose sections are all the drafter's own (an imported law), it adds the
clause's text, as the draft would print it, as a new own section after the last one
(``insertion``: made to refer only to the law's sections, by pointing a reference at
the law's section that shows the same element, printing the clause with the phrase
that needs a missing one left out, or bringing the missing sections of the clause's
own part with it; one that still needs another part's section is not offered, and
``Addition.lacks`` says what it needs).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .assemble import DEFINITIONS_ID
from .coverage import Suggestion, _providers, suggest
from .document import Ordinance, Paragraph, Section, Subsection
from .draft import Draft, OwnSection, own_id
from .elements import Element
from .laws import STATUS_CODES, Law
from .library import Library

PRESENT, MEDIUM, HIGH = 0.5, 0.65, 0.85
EXCERPT = 240  # characters of a sentence shown
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'",
                         "\u2019": "'", "\u00a0": " ", "\u2011": "-", "\u2010": "-"})
_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[A-Z0-9\u00a7])")
# Words whose full stop does not end a sentence ("Sec. 9.70.040", "U.S.", "e.g.").
_ABBREVIATIONS = frozenset({"sec", "secs", "no", "nos", "art", "ch", "chap", "para", "subd",
                            "u.s", "e.g", "i.e", "mr", "ms", "mrs", "dr", "st", "inc", "co",
                            "corp", "v", "vs", "ann", "cal", "mass", "wash", "ill", "stat",
                            "code", "et", "al", "approx", "cf", "p", "pp", "jan", "feb",
                            "aug", "sept", "oct", "nov", "dec"})


@dataclass(frozen=True, slots=True)
class Passage:
    """One section of a law: its label ("Section 4." or "9.70.040"), heading and text."""

    label: str
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """What the text says about one element: how surely it has it, and where."""

    element: str
    name: str
    confidence: float  # 0 to 1; present from PRESENT
    section: str = ""  # the label of the section with the sentence
    heading: str = ""
    sentence: str = ""  # the sentence (an excerpt of it) that shows the element best

    @property
    def present(self) -> bool:
        return self.confidence >= PRESENT

    @property
    def level(self) -> str:
        """high, medium or low for a present element; none below PRESENT."""
        c = self.confidence
        return "high" if c >= HIGH else "medium" if c >= MEDIUM else \
            "low" if c >= PRESENT else "none"

    @property
    def where(self) -> str:
        """"Section 4 (Prohibition)": where the sentence is."""
        label = self.section.rstrip(".")
        return f"{label} ({self.heading})" if label and self.heading else label or self.heading


@dataclass(frozen=True, slots=True)
class Addition:
    """How to add a missing element: the clauses that have it and the change that does."""

    element: str
    clauses: tuple[str, ...]  # library clauses that list the element
    suggestion: Suggestion | None  # the answer change that selects one, if any
    own_section: bool  # the draft is all own sections: the clause's text is added as one
    selected: bool = False  # the draft's answers select one already (its text is left out)
    after: str = ""  # own sections: the section it would follow ("Section 14")
    lacks: str = ""  # own sections: why its text cannot be added (``Insertion.lacking``)
    # own sections: the clause's text fitted to the law (what ``add_element`` adds)
    insertion: Insertion | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def insertable(self) -> bool:
        """Whether ``add_element`` adds it as a new section (own sections only)."""
        return self.own_section and bool(self.clauses) and not self.lacks and (
            self.selected or self.suggestion is not None)

    @property
    def text(self) -> str:
        if not self.clauses:
            return "the clause library has no clause for this element"
        where = f"after {self.after}" if self.after else "as the first section"
        if self.own_section and self.lacks:
            return f"no section can be added as it stands: {self.lacks}"
        if self.own_section and self.selected:
            return f"add clause {self.clauses[0]!r} as a new section {where}"
        if self.suggestion is None:
            return (f"no change of one or two answers selects {self.clauses[0]!r}; see "
                    "'ordinance library check'")
        if self.own_section:
            return f"add clause {self.clauses[0]!r} as a new section {where}"
        return f"clause {self.clauses[0]!r}: {self.suggestion.text}"

    @property
    def command(self) -> str:
        """The command line that makes the addition ("" if none does)."""
        if self.insertable or (not self.own_section and self.suggestion is not None):
            return f"ordinance analyze FILE --add {self.element} -o NEW.yaml"
        return ""


@dataclass(frozen=True, slots=True)
class AnalysisRow:
    finding: Finding
    statuses: tuple[str, ...]  # per law, in Analysis.laws order (see Law.status)
    addition: Addition | None = None  # for a missing element

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(STATUS_CODES[s] for s in self.statuses)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A law's text read element by element, next to the chosen reference laws."""

    rows: tuple[AnalysisRow, ...]
    laws: tuple[Law, ...] = ()
    how: str = ""
    own_sections: bool = False  # every section is the drafter's own (an imported law)

    @property
    def present(self) -> list[str]:
        return [r.finding.element for r in self.rows if r.finding.present]

    def row(self, element: str) -> AnalysisRow | None:
        return next((r for r in self.rows if r.finding.element == element), None)


# ---------------------------------------------------------------------------
# Text


def passages(ordinance: Ordinance) -> list[Passage]:
    """Every section with text, in reading order (a chapter's code sections too)."""
    out = []
    for section in ordinance.all_sections():
        text = section_text(section)
        if text or section.heading:
            out.append(Passage(section.label, section.heading, text))
    return out


def section_text(section: Section) -> str:
    """A section's text on one line, each subsection led by its marker ("(a) ...")."""
    parts: list[str] = []

    def sub(node: Subsection) -> None:
        parts.append(f"{node.marker} {node.content.plain}".strip())
        for child in node.children:
            sub(child)

    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.plain)
        else:
            sub(block)
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def text_passages(text: str, label: str = "", heading: str = "") -> list[Passage]:
    """A bare text (a law's description, a pasted paragraph) as one passage."""
    return [Passage(label, heading, " ".join(text.split()))]


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences; "Sec. 9.70.040" and "U.S." do not end one."""
    out: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        before = text[start:match.start()].rstrip("\"')]")
        word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.split() else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        out.append(text[start:match.start()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def normalize(text: str) -> str:
    """Straight quotes and single spaces: what the patterns are matched against."""
    return " ".join(text.translate(_QUOTES).split())


# ---------------------------------------------------------------------------
# Detection


def detect(elements: Mapping[str, Element], texts: Sequence[Passage]) -> list[Finding]:
    """One finding per element, in id order, from the text of ``texts`` alone."""
    prepared = [(p, normalize(p.text) + "\n" + normalize(p.heading),
                 [normalize(s) for s in sentences(p.text)]
                 + [normalize(p.heading)] * bool(p.heading)) for p in texts]
    whole = "\n".join(text for _, text, _ in prepared)
    out = []
    for element in elements.values():
        out.append(_detect_one(element, prepared, whole))
    return out


def _detect_one(element: Element, prepared: list[tuple[Passage, str, list[str]]],
                whole: str) -> Finding:
    """The element's finding; a heading (each passage's last unit) is shown only when no
    sentence of the body matches. An entry is tried on the sentences of a passage only if
    it matches the passage's whole text and heading, as it must to match any sentence of
    it (each is a part of that text)."""
    if any(u.search(whole) for u in element.unless):
        return Finding(element.id, element.name, 0.0)
    matched: dict[int, float] = {}  # evidence index -> weight, counted once
    best: tuple[bool, float, Passage, str, int] | None = None
    for passage, text, units in prepared:
        if not all(r.search(text) for r in element.requires):
            continue
        live = [(i, e) for i, e in enumerate(element.evidence) if e.pattern.search(text)]
        if not live:
            continue
        for n, sentence in enumerate(units):
            body = not passage.heading or n < len(units) - 1
            score, first = 0.0, -1
            for i, evidence in live:
                found = evidence.pattern.search(sentence)
                if found is None or any(u.search(sentence) for u in evidence.unless):
                    continue
                matched.setdefault(i, evidence.weight)
                score += evidence.weight
                first = found.start() if first < 0 else min(first, found.start())
            if score and (best is None or (body, score) > best[:2]):
                best = (body, score, passage, sentence, first)
    if best is None:
        return Finding(element.id, element.name, 0.0)
    missing = 1.0
    for weight in matched.values():
        missing *= 1.0 - weight
    _, _, passage, sentence, at = best
    return Finding(element.id, element.name, round(1.0 - missing, 3), passage.label,
                   passage.heading, excerpt(sentence, at))


def excerpt(sentence: str, at: int = 0, width: int = EXCERPT) -> str:
    """The sentence, or ``width`` characters of it around position ``at``, with ellipses."""
    if len(sentence) <= width:
        return sentence
    start = max(0, min(at - width // 4, len(sentence) - width))
    if start:
        space = sentence.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + width
    if end < len(sentence):
        space = sentence.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    return ("\u2026" if start else "") + sentence[start:end].strip() + \
        ("\u2026" if end < len(sentence) else "")


def library_elements(library: Library) -> Mapping[str, Element]:
    """The library's elements with their detection (the built-in declaration if none)."""
    return library.elements


# ---------------------------------------------------------------------------
# A draft


def own_sections_only(library: Library, ordinance: Ordinance) -> bool:
    """Whether no section of the ordinance comes from a library clause (an imported law)."""
    return not any(s.clause_id in library.clauses and not s.own
                   for s in ordinance.all_sections())


def analyze(library: Library, draft: Draft, laws: Sequence[Law], *, how: str = "",
            ordinance: Ordinance | None = None) -> Analysis:
    """The draft's text read element by element, next to ``laws``, with additions."""
    if ordinance is None:
        from .assemble import assemble

        ordinance = assemble(library, draft)
    findings = detect(library_elements(library), passages(ordinance))
    by_element = {f.element: f for f in findings}
    own = own_sections_only(library, ordinance)
    providers = _providers(library)
    searched = with_library(draft)
    selected = _selected_ids(library, searched) if own else frozenset()
    last = _last_own(ordinance, by_element) if own else None
    after = _called(last) if last is not None else ""
    printings = Printings() if own else None
    rows = []
    for finding in findings:
        statuses = tuple(law.status(finding.element) for law in laws)
        addition = None
        if not finding.present:
            clauses = tuple(c.id for c in providers.get(finding.element, ()))
            now = tuple(c for c in clauses if c in selected)
            found = suggest(library, searched, finding.element) if clauses and not now \
                else None
            if found is not None:
                clauses = _selected_first(library, searched, found, clauses)
            elif now:
                clauses = (*now, *[c for c in clauses if c not in now])
            lacks, made = "", None
            if own and (now or found is not None):
                changed = found.apply(searched) if found is not None else searched
                made = insertion(library, draft, ordinance, finding.element, changed,
                                 clauses, printings, by_element)
                lacks = made.lacking if made is not None else \
                    "the clause that lists it is not in the draft the change makes"
            addition = Addition(finding.element, clauses, found, own, bool(now), after, lacks,
                                made)
        rows.append(AnalysisRow(finding, statuses, addition))
    return Analysis(tuple(rows), tuple(laws), how, own)


def _selected_ids(library: Library, draft: Draft) -> frozenset[str]:
    """The library clauses the draft's answers select."""
    from .assemble import build_context, selected_clauses

    context, _ = build_context(library, draft)
    return frozenset(c.id for c in selected_clauses(library, draft, context))


def _selected_first(library: Library, draft: Draft, suggestion: Suggestion,
                    clauses: tuple[str, ...]) -> tuple[str, ...]:
    """``clauses`` with the one the suggestion selects first."""
    from .answers import condition
    from .assemble import build_context

    context, _ = build_context(library, suggestion.apply(draft))
    for cid in clauses:
        clause = library.clauses[cid]
        if cid in suggestion.include or (
                cid not in draft.exclude and clause.part in library.parts and
                (not clause.when or condition(library, f"clause:{cid}:when", context))):
            return (cid, *[c for c in clauses if c != cid])
    return clauses


def with_library(draft: Draft) -> Draft:
    """The draft as the library would make it (``clauses: library: all``): an imported
    law's answers select none of its text, so what would add an element is searched for
    with the library's clauses in, and only the clause found is taken into the draft."""
    return dataclasses.replace(draft, library="all") if draft.library == "none" else draft


def add_element(library: Library, draft: Draft, element: str,
                ordinance: Ordinance | None = None) -> tuple[Draft, str]:
    """The draft with ``element`` added, and what was done.

    A draft with library clauses gets the answer change that selects a clause listing
    the element. A draft of own sections only (an imported law, whose answers select
    nothing of its text) gets that clause's text, as it would print in the draft, as a
    new own section after its last section, so the rest of the text stays as it is
    (``insertion``: its references point at the law's own sections).
    Raises ValueError when nothing in the library adds the element, or when the clause
    would refer to a section the law lacks.
    """
    from .assemble import assemble

    if ordinance is None:
        ordinance = assemble(library, draft)
    searched = with_library(draft)
    own = own_sections_only(library, ordinance)
    clauses = tuple(c.id for c in _providers(library).get(element, ()))
    # An imported law's answers may select the clause already (its text is left out).
    now = own and bool(set(clauses) & _selected_ids(library, searched))
    found = None if now else suggest(library, searched, element)
    if found is None and not now:
        why = "no library clause lists it" if not clauses else \
            f"no change of one or two answers selects {', '.join(clauses)}"
        raise ValueError(f"cannot add {element}: {why}")
    if not own:
        assert found is not None
        return found.apply(draft), found.text
    changed = found.apply(searched) if found is not None else searched
    made = insertion(library, draft, ordinance, element, changed, clauses)
    if made is None:
        raise ValueError(f"cannot add {element}: the clause that lists it is not in the "
                         "draft the change makes")
    if made.lacks:
        raise ValueError(f"cannot add {element}: {made.lacking}")
    return own_section_added(library, draft, ordinance, made)


@dataclass(frozen=True, slots=True)
class Insertion:
    """A library clause's text made to fit an imported law, ready to add as its section.

    ``sections`` (the clause's, and the library sections of its part it refers to that the
    law lacks, at most ``MAX_COMPANIONS``; in the order the library prints them) and
    ``terms`` (the library definitions of the terms they use that the law lacks) refer
    only to the law's own sections and to each other (``[[\\x00clause.id]]`` marks until
    they have ids). ``left_out`` names the library sections whose phrases were left out
    to get there (answers the clause's text reads were changed for the printing only),
    ``lacks`` those it would still need (then nothing is added).
    """

    element: str
    section: Section  # the clause's, as ``trial`` prints it
    trial: Ordinance
    purpose: str
    sections: tuple[tuple[Section, str], ...]  # each section to add, with its text
    terms: tuple[tuple[str, str], ...]
    left_out: tuple[str, ...] = ()  # headings of library sections no longer referred to
    lacks: tuple[str, ...] = ()  # headings of library sections it still refers to
    lack_ids: tuple[str, ...] = ()  # their clause ids
    # what the law's text shows, by element (where the added sections go)
    findings: Mapping[str, Finding] = dataclasses.field(default_factory=dict, compare=False,
                                                        repr=False)

    @property
    def companions(self) -> tuple[Section, ...]:
        """The library sections added with the clause's, because it refers to them."""
        return tuple(s for s, _ in self.sections if s is not self.section)

    @property
    def lacking(self) -> str:
        """Why it cannot be added, in words ("" if it can)."""
        if not self.lacks:
            return ""
        through = f" (or {_quoted([s.heading for s in self.companions])}, which it refers " \
            "to)" if self.companions else ""
        return (f"clause {self.section.clause_id!r}{through} refers to "
                f"{_quoted(self.lacks)}, which this law has no section for; add "
                + ("it" if len(self.lacks) == 1 else "them") + " first, or draft the section "
                "yourself")


def _quoted(headings: Sequence[str]) -> str:
    quoted = [f"\u201c{h}\u201d" for h in headings]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


class Printings:
    """The library draft printed under trial answers, kept for one analysis: the templates'
    results (``incremental.RenderMemo``) and each ordinance, by the answers."""

    def __init__(self) -> None:
        from .incremental import RenderMemo

        self.memo = RenderMemo()
        self.trials: dict[str, Ordinance] = {}


MAX_ROUNDS = 4  # answer changes tried, one after another, to leave references out
MAX_COMPANIONS = 5  # library sections added with a clause's because it refers to them


def insertion(library: Library, draft: Draft, ordinance: Ordinance, element: str,
              changed: Draft, clauses: Sequence[str], printings: Printings | None = None,
              findings: Mapping[str, Finding] | None = None) -> Insertion | None:
    """The section of a clause in ``clauses`` that shows ``element`` in ``changed`` (the
    draft with the library's clauses in, answered so one is selected), made to fit the
    imported law ``draft`` (``ordinance``); None if ``changed`` selects none of them.

    A reference to a library section the law lacks is pointed at the law's own section of
    the same heading, or else at the one whose text shows an element of the target clause.
    If some reference still has no target, the answers read on the template lines that
    make it (the clause's, or a definition's it needs), other than those its condition
    reads, are changed one at a time for the printing, keeping each change that leaves
    fewer such references, so the phrase that needs one is printed as the template leaves
    it out (an exception list without the exceptions the law lacks). The library sections
    of the clause's part still referred to (the rest of its regime: a moratorium's term)
    are added with it, at most ``MAX_COMPANIONS``; what remains is ``lacks``, and then
    nothing can be added.
    """
    from .assemble import assemble, build_context, clause_purpose

    printings = printings if printings is not None else Printings()
    if findings is None:
        findings = {f.element: f for f in detect(library_elements(library),
                                                 passages(ordinance))}

    def made(answers: Draft, along: tuple[str, ...]) -> Insertion | None:
        key = json.dumps([answers.answers, sorted(answers.exclude)], sort_keys=True,
                         default=str)
        trial = printings.trials.get(key)
        if trial is None:
            trial = printings.trials[key] = assemble(library, answers, memo=printings.memo)
        section = next((s for s in trial.all_sections()
                        if s.clause_id in clauses and element in s.elements), None)
        if section is None:
            return None
        return _fitted(library, draft, ordinance, section, trial, findings, element,
                       clause_purpose(library, answers, section.clause_id), along)

    best = made(changed, ())
    if best is None or not best.lacks:
        return best
    first = best
    along: tuple[str, ...] = ()
    for _ in range(MAX_ROUNDS + MAX_COMPANIONS):
        inserted = [library.clauses[s.clause_id] for s, _ in best.sections
                    if s.clause_id in library.clauses]
        fixed = frozenset().union(*(_names_read(c.when) for c in inserted if c.when))
        sources = [c.text for c in inserted] + [d.text for t, _ in best.terms
                                                for d in library.definitions.get(t, ())]
        context, _ = build_context(library, changed)
        better = None
        # What makes a reference: the target's id, or a term whose definition has it.
        needles = [*best.lack_ids, *(t for t, words in best.terms
                                     if any(f"[[{i}" in words for i in best.lack_ids))]
        for fewer, answers in _leaving_out(library, changed, context,
                                           _lines_near(sources, needles), fixed):
            out = made(answers, along)
            # Fewer choices may refer to as many (a range "Sections 5 to 7" shows its ends).
            if out is not None and (len(out.lacks) < len(best.lacks) or (
                    fewer and len(out.lacks) == len(best.lacks))):
                better = answers, out
                break
        if better is not None:
            changed, best = better
        else:  # what it still refers to in its own part (the rest of a regime) comes too
            more = tuple(t for t in best.lack_ids if (found := best.trial.find(t)) is not None
                         and found.part == best.section.part)
            if not more or len(along) + len(more) > MAX_COMPANIONS:
                break
            along += more
            best = _fitted(library, draft, ordinance, best.section, best.trial, findings,
                           element, best.purpose, along)
        if not best.lacks:
            break
    gone = {s.heading for s in best.companions} | set(best.lacks)
    return dataclasses.replace(best, left_out=tuple(h for h in first.lacks if h not in gone))


def _names_read(expression: str) -> frozenset[str]:
    return _names_in("{{ " + expression + " }}")


def _names_in(source: str) -> frozenset[str]:
    from .jinja_env import undeclared

    try:
        return frozenset(undeclared(source))
    except Exception:  # noqa: BLE001 - a template that does not parse reads nothing here
        return frozenset()


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"(['\"])(.*?)\1")
_GUARD = re.compile(r"\{%-?\s*(el)?if\b")


def _lines_near(sources: Sequence[str], needles: Sequence[str]) -> list[str]:
    """The template lines that name one of ``needles`` (quoted: a clause id, a term), each
    with the ``{% if %}`` line that guards it, if one of the three lines before does."""
    out: list[str] = []
    for source in sources:
        lines = source.splitlines()
        for n, line in enumerate(lines):
            if any(f'"{t}' in line or f"'{t}" in line for t in needles):
                out.append(line)
                out += [g for g in lines[max(0, n - 3):n] if _GUARD.search(g)][-1:]
    return out


def _leaving_out(library: Library, draft: Draft, context: Mapping[str, Any],
                 lines: Sequence[str], fixed: frozenset[str]
                 ) -> Iterable[tuple[bool, Draft]]:
    """Single answer changes that may leave out what ``lines`` print: for a multiple
    choice read there, without the choices those lines name (True: it has fewer); then
    each alternative of a question read there. Not the ``fixed`` ones."""
    from .qtypes import qtype

    quoted = {m.group(2) for line in lines for m in _QUOTED.finditer(line)}
    names = sorted({n for line in lines for n in _NAME.findall(_QUOTED.sub(" ", line))}
                   & set(library.questions) - fixed)
    for qid in names:
        current = context.get(qid)
        if isinstance(current, list) and set(current) & quoted:
            yield True, draft.with_answer(qid, [v for v in current if v not in quoted])
    for qid in names:
        question = library.questions[qid]
        alternatives = qtype(question).alternatives
        for value in alternatives(question, context.get(qid)) if alternatives else ():
            yield False, draft.with_answer(qid, value)


def _fitted(library: Library, draft: Draft, ordinance: Ordinance, section: Section,
            trial: Ordinance, findings: Mapping[str, Finding], element: str,
            purpose: str, along: tuple[str, ...] = ()) -> Insertion:
    """``section`` (and the sections ``along``, from ``trial``) with their references, and
    those of the definitions they need, pointed at the law's own sections and at each
    other, and the library sections they refer to that have none."""
    from .plaintext import section_plain

    lacks: dict[str, str] = {}
    inserted = {section.clause_id, *along}
    retarget = _retargeter(library, ordinance, trial, findings, inserted, lacks)
    chosen = [s for s in trial.all_sections() if s.clause_id in inserted]
    texts = tuple((s, retarget(section_plain(s.blocks))) for s in chosen)
    terms: dict[str, str] = {}
    for s in chosen:
        for term, words in _terms_it_needs(s, draft, trial):
            terms.setdefault(term, retarget(words))
    main = next(s for s, _ in texts if s.clause_id == section.clause_id)
    return Insertion(element, main, trial, purpose, texts, tuple(terms.items()),
                     lacks=tuple(dict.fromkeys(lacks.values())), lack_ids=tuple(lacks),
                     findings=findings)


def own_section_added(library: Library, draft: Draft, ordinance: Ordinance,
                      made: Insertion) -> tuple[Draft, str]:
    """``draft`` with ``made`` (a library clause's section fitted by ``insertion``, and those
    that come with it) as its last own sections (in a code chapter: its last code sections,
    so they take the next free numbers), with its purpose for the long title and the
    definitions they need."""
    last = _last_own(ordinance, made.findings)
    taken = {s.id for s in draft.added} | set(library.clauses)
    ids: dict[str, str] = {}
    for section, _ in made.sections:
        ids[section.clause_id] = own_id(section.heading, taken | set(ids.values()))

    def named(text: str) -> str:
        for cid, sid in ids.items():
            text = text.replace(f"[[{_MARK}{cid}]", f"[[{sid}]").replace(
                f"[[{_MARK}{cid}#", f"[[{sid}#")
        return text

    out = draft
    after = last.clause_id if last else ""
    for section, text in made.sections:
        main = section is made.section
        sid = ids[section.clause_id]
        new = OwnSection(
            id=sid, heading=section.heading, text=named(text), after=after,
            part="" if after else section.part,
            elements=(made.element,) if main else tuple(section.elements),
            purpose=made.purpose if main else "",
            note=f"Added from library clause {section.clause_id} ({made.element})." if main
            else f"Added from library clause {section.clause_id}, which "
                 f"{made.section.clause_id} refers to.")
        out = out.with_section(new)
        after = sid
    where = f"after {_called(last)}" if last else f"in part {made.section.part}"
    for term, words in made.terms:
        out = out.with_definition(term, named(words))
    also = f", with the definition of {', '.join(t for t, _ in made.terms)}" \
        if made.terms else ""
    left = (f"; it leaves out its references to {_quoted(made.left_out)}, which the law has "
            "no section for") if made.left_out else ""
    along = made.companions
    with_ = (f"; it refers to {_quoted([s.heading for s in along])}, added with it as "
             + ("a section" if len(along) == 1 else "sections")) if along else ""
    return out, (f"added clause {made.section.clause_id!r} as the section "
                 f"{made.section.heading!r} {where}{also}{left}{with_}")


def _called(section: Section) -> str:
    """How the text names a section: "Section 14", "Section 9.70.320"."""
    label = section.label.rstrip(".").strip()
    return f"Section {label}" if label[:1].isdigit() else label or repr(section.heading)


CLOSING = ("E47", "E48")  # severability, effective date: an added section goes before them


def _last_own(ordinance: Ordinance, findings: Mapping[str, Finding]) -> Section | None:
    """The section an added one follows: the chapter's last code section (never after the
    effective date, which is outside it), else the last own section before the closing
    ones the text shows (severability, effective date: ``CLOSING``)."""
    own = [s for s in ordinance.all_sections() if s.own]
    code = [s for s in own if s.codified]
    if code:
        return code[-1]
    closing = {f.section for e in CLOSING if (f := findings.get(e)) is not None and f.present}
    while len(own) > 1 and own[-1].label in closing:
        own.pop()
    return own[-1] if own else None


def _terms_it_needs(section: Section, draft: Draft, trial: Ordinance | None
                    ) -> list[tuple[str, str]]:
    """The library's defined terms ``section`` uses that the draft does not define, each with
    its definition as ``trial`` prints it (the words after "means", references as
    ``[[target]]`` marks)."""
    from .document import TermUse
    from .plaintext import paragraph_plain

    if trial is None or draft.library != "none":
        return []  # a library draft defines the terms its clauses use itself
    defined = {d.term for d in draft.defined}
    used = [span.term for p in section.paragraphs() for span in p.inlines
            if isinstance(span, TermUse) and span.term not in defined]
    found: dict[str, str] = {}
    definitions = trial.find(DEFINITIONS_ID)
    for sub in definitions.walk() if definitions is not None else ():
        if sub.label in used and sub.label not in found:
            words = paragraph_plain(sub.content).split(" means ", 1)
            if len(words) == 2:
                found[sub.label] = words[1].strip()
    return [(term, found[term]) for term in dict.fromkeys(used) if term in found]


_REF_MARK = re.compile(r"\[\[([A-Za-z0-9_.\-]+)(#[A-Za-z0-9_.()\-]+)?\]\]")
_MARK = "\x00"  # leads a reference to a section being added, until it has its id


def _retargeter(library: Library, ordinance: Ordinance, trial: Ordinance,
                findings: Mapping[str, Finding], inserted: set[str],
                lacks: dict[str, str]) -> Any:
    """A function pointing the ``[[target]]`` marks of a text at the law's sections (and at
    the sections ``inserted`` with it); the targets it cannot place go into ``lacks``
    (clause id -> heading)."""
    present = {s.clause_id for s in ordinance.all_sections()}
    by_heading = {s.heading.casefold(): s.clause_id for s in ordinance.all_sections() if s.own}
    by_label = {s.label: s.clause_id for s in ordinance.all_sections()}

    def replace(match: re.Match[str]) -> str:
        target = match.group(1)
        if target in inserted:  # a section added with it: its id, once it has one
            return f"[[{_MARK}{target}{match.group(2) or ''}]]"
        if target in present:
            return match.group(0)
        source = trial.find(target)
        if source is not None and source.heading.casefold() in by_heading:
            return f"[[{by_heading[source.heading.casefold()]}]]"
        clause = library.clauses.get(target)
        for element in clause.elements if clause is not None else ():
            found = findings.get(element)
            if found is not None and found.present and found.section in by_label:
                return f"[[{by_label[found.section]}]]"
        lacks[target] = source.heading if source is not None and source.heading else \
            clause.title if clause is not None and clause.title else target
        return match.group(0)

    return lambda text: _REF_MARK.sub(replace, text)


# ---------------------------------------------------------------------------
# Formats


def _law_cells(analysis: Analysis, row: AnalysisRow) -> str:
    return " ".join(f"{law.short} {code}" for law, code in zip(analysis.laws, row.codes,
                                                               strict=True))


def format_text(analysis: Analysis, *, title: str = "the text") -> str:
    """Present and missing elements, each with its sentence or its addition."""
    present = [r for r in analysis.rows if r.finding.present]
    missing = [r for r in analysis.rows if not r.finding.present]
    lines = [f"What {title} contains, read from its text, against "
             f"{analysis.how or 'the chosen reference laws'}:", ""]
    lines += [f"  {law.short:<7} {law.name} \u2014 {law.citation}" for law in analysis.laws]
    lines += ["", f"Present ({len(present)} of 50; confidence: high, medium, low):"]
    for row in present:
        f = row.finding
        lines.append(f"  {f.element} {f.name} [{f.level} {f.confidence:.2f}]")
        lines.append(f"      {f.where}: \u201c{f.sentence}\u201d")
        if analysis.laws:
            lines.append(f"      laws: {_law_cells(analysis, row)}")
    lines += ["", f"Missing ({len(missing)}):"]
    for row in missing:
        f = row.finding
        hint = f" [weak hint {f.confidence:.2f}: {f.where}]" if f.confidence else ""
        lines.append(f"  {f.element} {f.name}{hint}")
        if analysis.laws:
            lines.append(f"      laws: {_law_cells(analysis, row)}")
        if row.addition is not None:
            command = row.addition.command
            lines.append(f"      to add: {row.addition.text}"
                         + (f" ({command})" if command else ""))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def format_markdown(analysis: Analysis, *, title: str = "the text") -> str:
    """The same as a Markdown table: element, found, confidence, where, laws, to add."""
    lines = [f"## What {_md(title)} contains", "",
             f"Read from the text, against {_md(analysis.how or 'the chosen reference laws')}.",
             ""]
    lines.append("| ID | Element | Found | Confidence | Where | "
                 + " | ".join(_md(law.short) for law in analysis.laws)
                 + (" | " if analysis.laws else "") + "To add |")
    lines.append("|---|---|---|---|---|" + "---|" * len(analysis.laws) + "---|")
    for row in analysis.rows:
        f = row.finding
        where = f"{f.where}: \u201c{f.sentence}\u201d" if f.present else ""
        add = row.addition.text if row.addition is not None else ""
        lines.append(f"| {f.element} | {_md(f.name)} | {'yes' if f.present else 'no'} | "
                     f"{f.level} {f.confidence:.2f} | {_md(where)} | "
                     + "".join(f"{c} | " for c in row.codes) + f"{_md(add)} |")
    return "\n".join(lines) + "\n"


def analysis_data(analysis: Analysis) -> dict[str, Any]:
    """Plain data for JSON."""
    def addition(a: Addition | None) -> dict[str, Any] | None:
        if a is None:
            return None
        s = a.suggestion
        return {"text": a.text, "clauses": list(a.clauses), "own_section": a.own_section,
                "insertable": a.insertable, "after": a.after, "lacks": a.lacks,
                "changes": [{"question": c.question, "value": c.value}
                            for c in s.changes] if s else [],
                "include": list(s.include) if s else []}

    return {
        "how": analysis.how, "own_sections": analysis.own_sections,
        "thresholds": {"present": PRESENT, "medium": MEDIUM, "high": HIGH},
        "laws": [{"id": law.id, "short": law.short, "name": law.name} for law in analysis.laws],
        "elements": [{"element": r.finding.element, "name": r.finding.name,
                      "present": r.finding.present, "confidence": r.finding.confidence,
                      "level": r.finding.level, "section": r.finding.section,
                      "heading": r.finding.heading, "sentence": r.finding.sentence,
                      "laws": {law.id: s for law, s in zip(analysis.laws, r.statuses,
                                                           strict=True)},
                      "addition": addition(r.addition)} for r in analysis.rows],
    }
