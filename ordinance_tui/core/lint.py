"""Lint: diagnostics on an assembled draft, each with a stable code and a fix hint.

The rules are a registry, ``RULES``: one ``Rule`` per code, with its severity, what
it means (the README's lint table is tested against it), a general fix hint and
its check. A check reads a ``LintInput`` (the draft, its context and its assembled
tree) and yields diagnostics; ``lint`` runs every rule, ``lint_errors`` only the
cheap error rules a build reports.

Map of the codes (stable; the app and scripts use them): L000 the draft does not
assemble; L001 broken cross-reference; L002 term used, not defined; L003 library
term as plain text; L004 conflicting answers; L005 missing essential; L006 number
out of range; L007 placeholder left; L008 invalid answer; L009 empty section; L010
clause text the assembler cannot print as written; L011 a government word of
another kind of jurisdiction; L012 answer to a hidden question;
L013 override, exclusion or added section naming a clause the draft does not
contain; L014 stale or too close date; L015 hearing before the advisory review
ends; L016 ban not carried into the approval, existing-technology or emergency
clauses, or an exception for a technology no ban reaches; L017 private entities
bound but not named in Application or the long title; L018 state-only duty in a
local law; L019 a paragraph of an imported law that was not placed.

L016 to L018 read clause metadata (``binds``, ``role``, ``reaches``, a definition's
``technology``) and the references and terms of the assembled tree, not the English
of the text.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

from . import lint_text
from .answers import condition, visible_questions
from .assemble import LayoutProblem, assemble, build_context
from .document import Ordinance, Paragraph, Ref, Section, TermUse, Text
from .draft import Draft
from .government import defaults as kind_defaults
from .government import foreign_sponsor, foreign_title_word, foreign_words
from .legalfmt import long_date, parse_date
from .library import Library
from .problems import InputError
from .templating import TemplateFailure, strip_markup

Severity = Literal["error", "warning", "note"]

_PLACEHOLDER = re.compile(r"\bTODO\b|\bTBD\b|\bXXX\b|\[insert[^\]]*\]|_{4,}|\?\?\?",
                          re.IGNORECASE)
ESSENTIALS = (
    ("E47", "severability clause", "include a severability clause (General provisions)"),
    ("E48", "effective date", "set an effective date (General provisions)"),
)
PROHIBITIONS = {"E13", "E14"}
REMEDIES = {"E39", "E40", "E42", "E43", "E44"}
# Remedies that no reference-matrix element names: public enforcement by an official.
REMEDY_CLAUSES = {"enforcement.civil-penalty", "enforcement.admin-fine"}
_RANK = {"error": 0, "warning": 1, "note": 2}
# L014: the answers that fix the effective date, and those that fix a date on which
# something ends (each must come after the effective date).
EFFECTIVE_DATE = "effective_date"
END_DATES = ("moratorium_end_date", "law_sunset_date")
# L015: the notice before the hearing, the advisory body's review period, and the
# subsection of the review clause a hearing section cites when it waits for the review.
NOTICE_DAYS, REVIEW_DAYS = "notice_days", "advisory_review_days"
REVIEW_PERIOD = "oversight.advisory-review#period"


@dataclasses.dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: str  # error | warning | note
    message: str
    hint: str = ""
    clause: str | None = None
    question: str | None = None

    def format(self, name: str = "draft") -> str:
        where = f" [{self.clause}]" if self.clause else (
            f" [question {self.question}]" if self.question else "")
        hint = f" (fix: {self.hint})" if self.hint else ""
        return f"{name}: {self.severity} {self.code}{where}: {self.message}{hint}"


@dataclasses.dataclass(frozen=True)
class LintInput:
    """What the checks read: the draft, its template context and its assembled tree.

    ``ordinance`` is None when the draft does not assemble; ``failure`` then holds why.
    """

    library: Library
    draft: Draft
    context: Mapping[str, Any]
    answer_issues: tuple[tuple[str, str], ...]  # (question id, message)
    ordinance: Ordinance | None
    failure: InputError | None = None

    @functools.cached_property
    def visible(self) -> tuple[str, ...]:
        """The questions the draft asks (their ``when`` holds), in interview order."""
        return tuple(visible_questions(self.library, dict(self.context)))

    @property
    def tree(self) -> Ordinance:
        """The assembled tree (only rules with ``needs_tree`` run, so it is there)."""
        assert self.ordinance is not None
        return self.ordinance


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    """One lint code: its severity, meaning, general fix hint and check.

    ``check`` yields (message, specific hint or "", clause, question, severity or None
    for the rule's own) through ``Rule.diagnostic``; rules with ``needs_tree`` run only
    on a draft that assembled.
    """

    code: str
    severity: Severity
    meaning: str
    hint: str
    check: Callable[[Rule, LintInput], Iterable[Diagnostic]]
    needs_tree: bool = True

    def diagnostic(self, message: str, hint: str = "", *, clause: str | None = None,
                   question: str | None = None, severity: str | None = None) -> Diagnostic:
        """A diagnostic of this rule; ``hint`` defaults to the rule's own."""
        return Diagnostic(self.code, severity or self.severity, message, hint or self.hint,
                          clause=clause, question=question)


# -- the checks -------------------------------------------------------------------------------


def _assembly_failed(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    if inp.failure is not None:
        for problem in inp.failure.problems:
            yield rule.diagnostic(str(problem.message))


def _broken_references(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    for section in inp.tree.all_sections():
        for para in section.paragraphs():
            for span in para.inlines:
                if isinstance(span, Ref) and not span.resolved:
                    clause_id = span.target.split("#")[0]
                    yield rule.diagnostic(
                        f"{section.label} refers to {span.target!r}, which is not in this "
                        "draft", f"include {clause_id!r} again, or remove or reword the "
                        "reference", clause=section.clause_id)


def _undefined_terms(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    defined = _defined_terms(inp.tree)
    for term in inp.tree.terms_used:
        if term not in defined:
            yield rule.diagnostic(f"the term {term!r} is used but not defined")


def _plain_terms(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    if inp.draft.library == "none":
        return  # the library's terms are not the draft's (an imported law's own words)
    names = _typed_names(inp)
    for section, para in _section_paragraphs(inp.tree):
        for span in para.inlines:
            if not isinstance(span, Text):
                continue
            text = span.text
            for name in names:
                text = text.replace(name, "")
            for term in inp.library.definitions:
                # Multi-word terms (and their plurals) are distinctive enough to flag.
                if " " in term and re.search(rf"\b{re.escape(term)}(s|es)?\b", text):
                    yield rule.diagnostic(
                        f"{term!r} appears as plain text in {section.label}",
                        f"write it as {{{{ term({term!r}) }}}} so it is defined",
                        clause=section.clause_id)


def _unplaced(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    imported = inp.draft.imported
    if imported is None:
        return
    for item in imported.unplaced:
        where = f"{imported.source}:{item.line}" if item.line else imported.source
        text = " ".join(item.text.split())
        more = "..." if len(text) > 100 else ""
        yield rule.diagnostic(f"{where}: not placed: {text[:100]}{more}")


def _conflicts(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    library = inp.library
    for conflict in library.conflicts:
        if condition(library, f"conflict:{conflict.id}:when", dict(inp.context)):
            yield rule.diagnostic(
                conflict.message, severity=conflict.severity,
                question=conflict.questions[0] if conflict.questions else None)


def _essentials(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    ordinance = inp.tree
    elements = set(ordinance.elements) | _read_elements(inp)
    for element, name, hint in ESSENTIALS:
        # E48 is a delayed effective date; a clause giving immediate effect also counts.
        has_clause = element == "E48" and any("effective" in s.clause_id
                                              for s in ordinance.all_sections())
        if element not in elements and not has_clause:
            yield rule.diagnostic(f"the draft has no {name}", hint)
    if elements & PROHIBITIONS and not elements & REMEDIES and not any(
            s.clause_id in REMEDY_CLAUSES for s in ordinance.all_sections()):
        yield rule.diagnostic("the draft prohibits something but gives no enforcement or "
                              "remedy", "choose at least one enforcement option")


def _read_elements(inp: LintInput) -> set[str]:
    """The essentials, prohibitions and remedies the drafter's own sections show in their
    text (``core.analyze``): an imported law's severability section declares no element."""
    own = [s for s in inp.tree.all_sections() if s.own and not s.elements]
    if not own:
        return set()
    from .analyze import Passage, detect, library_elements, section_text

    wanted = {e for e, _, _ in ESSENTIALS} | PROHIBITIONS | REMEDIES
    known = library_elements(inp.library)
    texts = [Passage(s.label, s.heading, section_text(s)) for s in own]
    return {f.element for f in detect({e: known[e] for e in wanted if e in known}, texts)
            if f.present}


def _bounds(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    context = dict(inp.context)
    for qid in inp.visible:
        question = inp.library.questions[qid]
        value = context.get(qid)
        if question.bounds and isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = question.bounds
            if not low <= value <= high:
                yield rule.diagnostic(f"{question.prompt}: {value:g} is outside the usual "
                                      f"range {low:g} to {high:g}", question=qid)


def _placeholders(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    for section, para in _section_paragraphs(inp.tree):
        for span in para.inlines:
            found = _PLACEHOLDER.search(span.text) if isinstance(span, Text) else None
            if found:
                yield rule.diagnostic(f"placeholder {found.group(0)!r} left in "
                                      f"{section.label}", clause=section.clause_id)


def _invalid_answers(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    for qid, message in inp.answer_issues:
        yield rule.diagnostic(message, question=qid)


def _empty_sections(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    for section in inp.tree.all_sections():
        if section.own and section.heading.casefold() == "reserved":
            continue  # a code's "Reserved." section: a number kept, on purpose, with no text
        if not section.sections and not any(p.plain.strip() for p in section.paragraphs()):
            yield rule.diagnostic(f"{section.label} {section.heading} has no text",
                                  clause=section.clause_id)


def _layout(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    for problem in inp.tree.problems:
        if isinstance(problem, LayoutProblem):
            yield rule.diagnostic(str(problem))


# Jurisdiction fields that hold a government word, and what the drafter calls them.
_WORD_FIELDS = (("government", "government name"), ("body", "legislative body"),
                ("chief_executive", "chief executive"), ("clerk", "clerk"),
                ("counsel", "counsel"), ("instrument", "instrument"),
                ("short_title", "short title"),
                ("code_name", "code name"), ("chapter_title", "chapter title"))


def _foreign_words(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    """Government words that belong to another kind, in every printed text of the tree."""
    tree = inp.tree
    kind = str(inp.context["gov"]["kind"])
    seen: set[tuple[str, str | None]] = set()
    for where, clause, text in _printed_texts(tree):
        for found in foreign_words(" ".join(text.split()), kind, tree.instrument):
            if (found.word, clause) in seen:
                continue
            seen.add((found.word, clause))
            if found.kinds:
                what = (f"{found.word!r} is a word of a "
                        f"{' or '.join(k.replace('-', ' ') for k in found.kinds)}, "
                        f"not of a {kind.replace('-', ' ')}")
            else:
                what = f"{found.word!r} is not this draft's instrument ({tree.instrument!r})"
            hint = _word_hint(inp, found.word, clause, kind, text)
            yield rule.diagnostic(f"{what} ({where})", hint, clause=clause)
    if name := foreign_title_word(tree.short_title, tree.instrument):
        yield rule.diagnostic(
            f"the short title {tree.short_title!r} calls the law {name!r}, but this draft's "
            f"instrument is {tree.instrument!r}", "change the jurisdiction's short title")
    jur = inp.draft.jurisdiction
    if kind == "state" and not jur.chambers and (jur.government or jur.body):
        houses = " and the ".join(inp.context["gov"]["chambers"])
        yield rule.diagnostic(
            f"the signature block names the houses a state legislature has by default (the "
            f"{houses}), but this draft names its own government or legislature: check them",
            "set the jurisdiction's chambers, the upper house first (Virginia: Senate; "
            "House of Delegates; Nebraska's one house: Legislature)", severity="note")
    for sponsor in tree.sponsors:
        if title := foreign_sponsor(sponsor, kind):
            body = "a state legislature" if kind != "state" else "a local legislative body"
            yield rule.diagnostic(
                f"the sponsor {sponsor!r} has the title {title!r}, which belongs to {body}",
                "change the sponsor's title in the jurisdiction's sponsors")


def _word_hint(inp: LintInput, word: str, clause: str | None, kind: str, text: str) -> str:
    """Where the word comes from and how to change it: a field, an answer, an override."""
    jur = inp.draft.jurisdiction
    for name, label in _WORD_FIELDS:
        value = getattr(jur, name)
        if value and word in value:
            default = kind_defaults(kind).get(name)
            then = f" to use the {kind.replace('-', ' ')}'s {default!r}" if default else ""
            return f"the jurisdiction's {label} is {value!r}: change it, or clear it{then}"
    for qid, value in inp.draft.answers.items():
        if isinstance(value, str) and value and value in text and (
                word in value or word.split()[-1] in value):
            return f"the answer to {qid!r} is {value!r}: name this jurisdiction's office"
    if clause and clause in inp.draft.override:
        return f"the draft's override of {clause!r} says {word!r}: edit the override"
    if clause:
        return (f"the library's text of {clause!r} prints {word!r}: write it with the "
                "jurisdiction's words ({{ gov.body }}, {{ government }}, {{ instrument }})")
    return ("check the kind and style of the jurisdiction, and the style's caption, enacting "
            "clause and signature lines")


def _printed_texts(tree: Ordinance) -> Iterator[tuple[str, str | None, str]]:
    """(where, clause id or None, text) for every text the ordinance prints."""
    for line in tree.caption:
        yield "caption", None, line
    yield "short title", None, tree.short_title
    yield "long title", None, tree.long_title
    for recital in tree.recitals:
        yield "recitals", recital.clause_id, recital.content.plain
    yield "recitals", None, tree.recitals_intro
    yield "enacting clause", None, f"{tree.recitals_outro} {tree.enacting_clause}"
    yield "chapter", None, tree.chapter_label
    for section in tree.all_sections():
        yield section.label, section.clause_id, section.heading
        for para in section.paragraphs():
            yield section.label, section.clause_id, para.plain
    for line in tree.signature:
        yield "signature", None, line
def _hidden_answers(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    library, context = inp.library, dict(inp.context)
    shown = set(inp.visible)
    invalid = {qid for qid, _ in inp.answer_issues}
    for qid, given in inp.draft.answers.items():
        question = library.questions.get(qid)
        if question is None or qid in shown or qid in invalid or not question.when:
            continue
        if context.get(qid) == question.default_in(inp.draft.jurisdiction.kind):
            continue  # the ignored answer is what the draft uses anyway
        here = _condition_values(question.when, context)
        yield rule.diagnostic(
            f"{qid!r} ({question.prompt}) is answered {_show(context.get(qid, given))} but "
            f"the draft does not ask it, so the answer is ignored: it is asked only when "
            f"{question.when}" + (f" (here {here})" if here else ""),
            "change the answers it depends on so that it applies, or remove the answer",
            question=qid)


def _condition_values(when: str, context: Mapping[str, Any]) -> str:
    """The answers a condition reads, as "name is value" (its undeclared variables)."""
    from .jinja_env import undeclared  # Jinja2's own parser: only when a hint is needed

    try:
        names = sorted(undeclared("{{ " + when + " }}"))
    except Exception:  # noqa: BLE001 - a condition the library check reports itself
        return ""
    return ", ".join(f"{n} is {_show(context[n])}" for n in names if n in context)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return repr(value) if isinstance(value, str) else str(value)


def _dropped_choices(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    library, draft = inp.library, inp.draft
    present = {s.clause_id for s in inp.tree.all_sections()} | {
        r.clause_id for r in inp.tree.recitals}
    for cid in draft.override:
        if cid in present:
            continue
        yield rule.diagnostic(
            f"the draft overrides clause {cid!r}, which {_why_absent(inp, cid)}, so the "
            "custom text is not printed", "include the clause (check its condition and the "
            "exclusions), or delete the override", clause=_known(library, cid))
    own = {s.id for s in draft.added}
    order = {s.clause_id: i for i, s in enumerate(inp.tree.all_sections())}
    for section in draft.added:
        if section.id in library.clauses:
            yield rule.diagnostic(
                f"the draft adds a section with id {section.id!r}, the id of a library clause, "
                "so the added section is not printed", "give the added section another id")
        elif section.after and section.id in order and (
                section.after not in order
                or _part_of(inp, section.after) != _part_of(inp, section.id)
                or order[section.id] <= order[section.after]):
            where = "is in another part" if section.after in order and _part_of(
                inp, section.after) != _part_of(inp, section.id) else (
                "does not come before it (the sections follow each other in a circle)"
                if section.after in order else "the draft also excludes"
                if section.after in draft.exclude else "this draft does not contain")
            yield rule.diagnostic(
                f"the added section {section.heading!r} ({section.id}) follows "
                f"{section.after!r}, which {where}, so it is printed at the end of its part "
                "(its text is kept)", "choose the section it follows again (or include "
                f"{section.after!r}), or clear its 'after'")
    for cid in draft.exclude:
        if cid not in library.clauses and cid not in own:
            yield rule.diagnostic(
                f"the draft excludes clause {cid!r}, which is not in the library (renamed or "
                "removed?), so the exclusion has no effect", "exclude the clause by its "
                "current id, or remove the entry")


def _part_of(inp: LintInput, cid: str) -> str | None:
    """The part of the printed section ``cid`` (None if it is not printed)."""
    section = inp.tree.find(cid)
    return section.part if section is not None else None


def _known(library: Library, cid: str) -> str | None:
    """``cid`` if the library has the clause (the app can show it), else None."""
    return cid if cid in library.clauses else None


def _why_absent(inp: LintInput, cid: str) -> str:
    clause = inp.library.clauses.get(cid)
    if clause is None:
        return "is not in the library (renamed or removed?)"
    if cid in inp.draft.exclude:
        return "the draft also excludes"
    if clause.when:
        return f"this draft does not contain (it applies only when {clause.when})"
    return "this draft does not contain"


def _dates(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    library, context = inp.library, dict(inp.context)
    shown = set(inp.visible)
    try:
        dated = parse_date(inp.tree.date)
    except ValueError:
        return
    style = library.styles.get(inp.tree.style_id)
    lead = style.min_lead_days if style is not None else 30
    fixed = [(qid, parse_date(context[qid])) for qid in (EFFECTIVE_DATE, *END_DATES)
             if qid in shown and isinstance(context.get(qid), str)]
    for qid, when in fixed:
        prompt = library.questions[qid].prompt
        if when <= dated:
            yield rule.diagnostic(
                f"{prompt}: {long_date(when)} is not after the draft's date, "
                f"{long_date(dated)}", "choose a later date, or date the draft", question=qid)
        elif (when - dated).days < lead:
            yield rule.diagnostic(
                f"{prompt}: {long_date(when)} is only {(when - dated).days} days after the "
                f"draft's date ({long_date(dated)}), too soon for two readings, signature "
                f"and publication (the style asks for at least {lead})",
                f"choose a date at least {lead} days after the draft's date", question=qid)
    effective = _earliest_effective(context, dated, shown)
    if effective is None:
        return
    for qid, when in fixed:
        if qid != EFFECTIVE_DATE and dated < when <= effective:
            yield rule.diagnostic(
                f"{library.questions[qid].prompt}: {long_date(when)} is not after the "
                f"earliest effective date, {long_date(effective)}, so it ends before it "
                "begins", "move the end date after the effective date", question=qid)


def _earliest_effective(context: Mapping[str, Any], dated: _dt.date, shown: set[str]
                        ) -> _dt.date | None:
    """The earliest day the law can take effect, if the answers fix it."""
    if EFFECTIVE_DATE in shown and isinstance(context.get(EFFECTIVE_DATE), str):
        return parse_date(context[EFFECTIVE_DATE])
    days = context.get("effective_days")
    if "effective_days" in shown and isinstance(days, int):
        return dated + _dt.timedelta(days=days)  # adoption comes on the draft's date at best
    return None


def _hearing_before_review(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    context = dict(inp.context)
    shown = set(inp.visible)
    if not {NOTICE_DAYS, REVIEW_DAYS} <= shown or inp.draft.library == "none":
        return  # (with ``clauses: library: none`` the answers print nothing)
    notice, review = context[NOTICE_DAYS], context[REVIEW_DAYS]
    if not (isinstance(notice, int) and isinstance(review, int)) or notice >= review:
        return
    period = inp.tree.find(REVIEW_PERIOD.split("#")[0])
    waiting = [s for s in inp.tree.all_sections() if any(
        isinstance(span, Ref) and span.resolved and span.target == REVIEW_PERIOD
        for para in s.paragraphs() for span in para.inlines)
        and s.clause_id != REVIEW_PERIOD.split("#")[0]]
    if period is not None and waiting:
        return  # the hearing section waits for the review period, as the built-in one does
    body = context.get("advisory_body_name") or "the advisory body"
    yield rule.diagnostic(
        f"the hearing may be held {notice} days after the documents are posted, before "
        f"the {review} days the {body} has to review them run out, and no section makes "
        "the hearing wait for its recommendation",
        f"give at least {review} days' notice, shorten the review period, or make the "
        "hearing wait for the recommendation", question=NOTICE_DAYS)


def _bans_not_carried(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    library, tree = inp.library, inp.tree
    sections = list(tree.all_sections())

    def role(section: Section) -> str:
        clause = library.clauses.get(section.clause_id)
        return clause.role if clause is not None else ""

    bans = [s for s in sections if role(s) == "ban"]
    later = [s for s in sections if role(s) == "process"]
    if later:  # an emergency clause dispenses with the process: it must respect bans too
        later += [s for s in sections if role(s) == "emergency"]
    links = {(s.clause_id, span.target.split("#")[0]) for s in sections
             for para in s.paragraphs() for span in para.inlines
             if isinstance(span, Ref) and span.resolved}
    for ban in bans:
        techs = library.clauses[ban.clause_id].reaches
        what = ", ".join(techs) or "technology"
        for other in later:
            if (other.clause_id, ban.clause_id) in links or \
                    (ban.clause_id, other.clause_id) in links:
                continue
            yield rule.diagnostic(
                f"{ban.ref_label} bans {what}, but {other.ref_label} ({other.heading}) does "
                f"not refer to it, so it may allow what {ban.ref_label} bans",
                f"carry the ban into {other.ref_label} (\"other than technology that "
                f"{ban.ref_label} prohibits\"), as the built-in clauses do",
                clause=other.clause_id)
    yield from _exceptions_beyond_bans(rule, inp, sections, role)


def _exceptions_beyond_bans(rule: Rule, inp: LintInput, sections: list[Section],
                            role: Callable[[Section], str]) -> Iterator[Diagnostic]:
    """Exceptions (and emergency use) that name a technology no section of the draft bans.

    A clause's technologies are the defined terms it uses whose definition declares a
    ``technology``; what the draft bans is the ``reaches`` of its clauses. An exception for
    face recognition under a biometric ban leaves fingerprint unlocking banned; one for a
    technology nothing bans reads as permission the law never withheld.
    """
    library = inp.library
    technology = {term: d.technology for term, variants in library.definitions.items()
                  for d in variants if d.technology}

    def named(section: Section) -> set[str]:
        return {technology[span.term] for para in section.paragraphs()
                for span in para.inlines
                if isinstance(span, TermUse) and span.term in technology}

    banned: dict[str, Section] = {}
    for section in sections:
        clause = library.clauses.get(section.clause_id)
        if clause is None or not (clause.reaches or clause.role == "ban"):
            continue
        # A ban reaches what it declares and the technology its text names (a moratorium
        # on face recognition reads "biometric" when the scope is biometric).
        for tech in sorted({*clause.reaches, *named(section)}):
            banned.setdefault(tech, section)
    if not banned:
        return  # no ban: the exceptions are to other rules (a permit law's, an approval's)
    called = {tech: term for term, tech in technology.items()}
    bans = "; ".join(f"{s.ref_label} bans {called.get(t, t)}" for t, s in banned.items())
    for section in sections:
        if role(section) not in ("exception", "emergency"):
            continue
        for tech in sorted(named(section) - set(banned)):
            yield rule.diagnostic(
                f"{section.ref_label} ({section.heading}) makes an exception for "
                f"{called[tech]}, which no section of the draft bans ({bans})",
                f"write the exception in {section.ref_label} for the technology the ban "
                f"reaches (the built-in exceptions follow the technology scope), or ban "
                f"{called[tech]} as well", clause=section.clause_id)


_PRIVATE_TITLE = re.compile(r"\bprivate (?:entit|use|business|person)|\bpersons\b|"
                            r"\bbusinesses\b", re.IGNORECASE)


def _private_scope(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    library, tree, context = inp.library, inp.tree, dict(inp.context)
    sections = list(tree.all_sections())
    yield from _own_private_scope(rule, inp, sections)
    private = [s for s in sections if (c := library.clauses.get(s.clause_id)) is not None
               and "private" in c.binds]
    if not private:
        return
    applications = [s for s in sections if (c := library.clauses.get(s.clause_id)) is not None
                    and c.role == "application"]
    for application in applications:
        cited = {span.target.split("#")[0] for para in application.paragraphs()
                 for span in para.inlines if isinstance(span, Ref) and span.resolved}
        for section in private:
            if section.clause_id not in cited:
                yield rule.diagnostic(
                    f"{section.ref_label} binds private entities, but {application.ref_label} "
                    f"({application.heading}) does not say so or refer to it",
                    f"name private entities in {application.ref_label}, \"to the extent "
                    f"provided in {section.ref_label}\"", clause=application.clause_id)
    title = " ".join(tree.long_title.split()).casefold()
    for section in private:
        purpose = _purpose(inp, section.clause_id, context)
        if not purpose or purpose.casefold() not in title:
            yield rule.diagnostic(
                f"{section.ref_label} binds private entities, but the long title does not "
                "say so", "give the clause a `purpose` that the long title prints (a style's "
                "long_title must print {{ purposes }})", clause=section.clause_id)


def _own_private_scope(rule: Rule, inp: LintInput, sections: list[Section]
                       ) -> Iterator[Diagnostic]:
    """A drafter's own section that forbids something to private persons, while the long
    title neither prints its purpose nor speaks of private entities at all."""
    title = " ".join(inp.tree.long_title.split())
    for section in sections:
        if not section.own or not lint_text.prohibits_private(section):
            continue
        added = inp.draft.own_section(section.clause_id)
        purpose = " ".join((added.purpose if added is not None else "").split()).rstrip(".")
        if purpose and purpose.casefold() in title.casefold() or _PRIVATE_TITLE.search(title):
            continue
        yield rule.diagnostic(
            f"{section.ref_label} ({section.heading}), a section of the draft's own, binds "
            "private persons, but the long title does not say so",
            f"give {section.ref_label} a purpose (\"what it does, for the long title\" in "
            "the section editor) that names private entities", clause=section.clause_id)


def _purpose(inp: LintInput, clause_id: str, context: dict[str, Any]) -> str:
    """A clause's purpose as the long title prints it (empty if it has none)."""
    clause = inp.library.clauses[clause_id]
    if not clause.purpose:
        return ""
    try:
        text = inp.library.template(f"clause:{clause_id}:purpose").render(context)
    except TemplateFailure:
        return ""
    text = " ".join(strip_markup(text).split()).rstrip(" .;")
    return text[3:] if text.startswith("to ") else text


def _state_duties(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    kind = inp.draft.jurisdiction.kind
    if kind == "state":
        return
    for section in inp.tree.all_sections():
        clause = inp.library.clauses.get(section.clause_id)
        if clause is not None and "courts" in clause.binds:
            yield rule.diagnostic(
                f"{section.ref_label} ({section.heading}) imposes a duty on courts or "
                f"judges, which only a state can do; a {kind} cannot",
                "exclude the clause or change the answer that adds it; a local law can "
                "require its own agencies to report the warrants they seek",
                clause=section.clause_id)



def _role(inp: LintInput, section: Section) -> str:
    clause = inp.library.clauses.get(section.clause_id)
    return clause.role if clause is not None else ""


def _targets(section: Section, order: Mapping[str, int]) -> set[str]:
    """The clauses a section refers to (resolved references only), with every section of
    a range ("Sections 9 through 11"; ``order``: each clause's place in the document)."""
    by_place = {i: cid for cid, i in order.items()}
    found: set[str] = set()
    for para in section.paragraphs():
        spans = para.inlines
        for i, span in enumerate(spans):
            if not (isinstance(span, Ref) and span.resolved):
                continue
            found.add(span.target.split("#")[0])
            between = spans[i + 1] if i + 2 < len(spans) else None
            if isinstance(between, Text) and between.text.strip() == "through" and isinstance(
                    end := spans[i + 2], Ref):
                first = order.get(span.target.split("#")[0])
                last = order.get(end.target.split("#")[0])
                if first is not None and last is not None:
                    found.update(by_place[n] for n in range(first, last + 1) if n in by_place)
    return found


def _technologies(inp: LintInput, section: Section) -> set[str]:
    """The technologies a section names (defined terms whose definition declares one),
    and those its clause ``reaches``."""
    technology = {term: d.technology for term, variants in inp.library.definitions.items()
                  for d in variants if d.technology}
    clause = inp.library.clauses.get(section.clause_id)
    return {technology[span.term] for para in section.paragraphs() for span in para.inlines
            if isinstance(span, TermUse) and span.term in technology} | set(
                clause.reaches if clause is not None else ())


def _binds_private(inp: LintInput, section: Section) -> bool:
    clause = inp.library.clauses.get(section.clause_id)
    if clause is not None and clause.binds:
        return "private" in clause.binds
    return lint_text.prohibits_private(section)


def _extensions(inp: LintInput, sections: list[Section], bans: list[Section]
                ) -> Iterator[Section]:
    """Sections that carry a ban to other persons or conduct: ``role: extension``, and,
    where nothing is declared (a drafter's own section, a pack clause without a role), a
    section that forbids the banned technology to third parties or private entities."""
    banned = set().union(*(_technologies(inp, b) for b in bans))
    for section in sections:
        role = _role(inp, section)
        undeclared = role == "" and bool(_technologies(inp, section) & banned)
        if role == "extension" or undeclared and lint_text.prohibits(section) and (
                lint_text.through_third_parties(section)
                or lint_text.prohibits_private(section)):
            yield section


def _exceptions_not_carried(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    """An extension of a ban that lacks the ban's exceptions forbids what the ban allows."""
    library = inp.library
    sections = list(inp.tree.all_sections())
    bans = [s for s in sections if _role(inp, s) == "ban"]
    if not bans:
        return
    order = {s.clause_id: i for i, s in enumerate(sections)}
    for extension in _extensions(inp, sections, bans):
        techs = _technologies(inp, extension)
        carried = _targets(extension, order)
        private = _binds_private(inp, extension)
        for ban in bans:
            if not techs & _technologies(inp, ban):
                continue
            if ban.clause_id in carried and any(
                    "exception" in text.casefold() for text, _ in lint_text.units(extension)):
                continue  # "subject to the exceptions to Section 3"
            missing = []
            for cid in sorted(_targets(ban, order), key=lambda c: order.get(c, 0)):
                clause = library.clauses.get(cid)
                if clause is None or clause.role not in ("exception", "emergency"):
                    continue
                if cid in carried or (private and clause.allows
                                      and "private" not in clause.allows):
                    continue
                if cid in order:
                    missing.append(sections[order[cid]])
            if not missing:
                continue
            names = _and([f"{s.ref_label} ({s.heading})" for s in missing])
            whom = "private entities" if private else "use through others"
            yield rule.diagnostic(
                f"{extension.ref_label} ({extension.heading}) carries the prohibition of "
                f"{ban.ref_label} to {whom}, but not its exceptions in {names}, so it forbids "
                f"what {ban.ref_label} allows",
                f"begin {extension.ref_label} with \"Except as provided in "
                f"{_and([s.ref_label for s in missing])}\", as {ban.ref_label} does",
                clause=extension.clause_id)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _own_government_names(inp: LintInput) -> tuple[str, ...]:
    gov = inp.context.get("gov", {})
    names = {str(inp.context.get("government", "")), inp.draft.jurisdiction.name,
             *(str(gov.get(k, "")) for k in ("itself", "area", "name", "government"))}
    names |= {n[:1].upper() + n[1:] for n in names}
    return tuple(sorted((n for n in names if n and n.strip()), key=len, reverse=True))


def _wrong_defendants(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    """Suits against another government in a local law; writs of mandate against
    businesses."""
    kind = inp.draft.jurisdiction.kind
    local = kind != "state"
    own = _own_government_names(inp)
    for section in inp.tree.all_sections():
        for text, _ in lint_text.units(section):
            if "against" not in text.casefold():
                continue  # no defendant named (most paragraphs)
            for name, sentence in lint_text.suits_against_governments(text, kind, own):
                if local:
                    why = (f"a {kind.replace('-', ' ')} cannot, by its own law, make another "
                           "government suable or order it by writ of mandate; only a state "
                           "act can")
                    hint = ("leave other governments out (\"against any person, other than a "
                            "government or an agency of a government\"), as the built-in civil "
                            "action does")
                else:
                    why = "a state act cannot make the United States or another state suable"
                    hint = ("leave them out (\"other than the United States, another state or "
                            "an agency of either\")")
                yield rule.diagnostic(
                    f"{section.ref_label} ({section.heading}) allows a suit or writ against "
                    f"{name!r}: {why} (\"{_quote(sentence)}\")", hint, clause=section.clause_id)
            for name, sentence in lint_text.writs_against_private(text):
                yield rule.diagnostic(
                    f"{section.ref_label} ({section.heading}) allows a writ of mandate "
                    f"against {name!r}: a writ compels a public duty; a business or person "
                    f"is ordered by injunction (\"{_quote(sentence)}\")",
                    "offer the writ of mandate only against the government and its agencies, "
                    "and injunctive and declaratory relief against others",
                    clause=section.clause_id)


def _quote(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + " ..."


def _vague_deadlines(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    for section in inp.tree.all_sections():
        for word, sentence in lint_text.vague_deadlines(section):
            yield rule.diagnostic(
                f"{section.ref_label} ({section.heading}) sets a duty whose only deadline is "
                f"{word!r}, which no one can enforce (\"{_quote(sentence)}\")",
                f"give a number of days instead of {word!r} (\"within ten (10) days after "
                "...\"; a clause prints an answer as {{ n | days }})",
                clause=section.clause_id)


# L023: the technology words a long title may use, and the term that defines each.
_TITLE_TECHNOLOGY = {"surveillance technology": "Surveillance Technology",
                     "surveillance technologies": "Surveillance Technology"}
_CRIMINAL_ELEMENT = "E44"
_CRIMINAL_TEXT = re.compile(r"\bmisdemeanou?r\b|\bimprison(?:ment|ed)\b|\bcriminal "
                            r"(?:penalt|offen|sanction)|\bpunishable by\b", re.IGNORECASE)
_TITLE_PENALTY = re.compile(r"misdemeanou?r|penalt|criminal|crime|offen[cs]e|punish|imprison",
                            re.IGNORECASE)


def _title_scope(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    tree = inp.tree
    title = " ".join(tree.long_title.split())
    folded = title.casefold()
    defined = _defined_terms(tree) | set(tree.terms_used)
    techs = {term for term, variants in inp.library.definitions.items()
             for d in variants if d.technology}
    # Each technology term, and its name without "Technology" ("face recognition"); the
    # longest first, so that "biometric surveillance technology" is not "surveillance
    # technology".
    phrases = {**_TITLE_TECHNOLOGY, **{term.casefold(): term for term in techs}, **{
        term[: -len(" Technology")].casefold(): term for term in techs
        if term.endswith(" Technology")}}
    for phrase in sorted(phrases, key=len, reverse=True):
        if phrase not in folded:
            continue
        folded = folded.replace(phrase, "")  # "biometric surveillance technology" once
        term = phrases[phrase]
        if term not in defined:
            covers = sorted({t for t in phrases.values() if t in defined})
            what = (f"it regulates {', '.join(covers)}" if covers
                    else "it defines no technology")
            jur = inp.draft.jurisdiction
            typed = next((f"the jurisdiction's {label} {value!r}" for label, value in (
                ("chapter title", jur.chapter_title), ("code name", jur.code_name))
                if phrase in value.casefold()), "")
            hint = (f"change {typed}, which the long title prints, to name the technology "
                    "the law covers" if typed else "change the long title, or the style's "
                    "long_title or an added section's purpose, to name the technology the "
                    "law covers (the built-in titles print the clauses' purposes)")
            yield rule.diagnostic(
                f"the long title speaks of {phrase}, but the law does not regulate "
                f"{term} ({what})", hint)
    criminal = [s for s in tree.all_sections() if _CRIMINAL_ELEMENT in s.elements or (
        s.own and any(_CRIMINAL_TEXT.search(t) for t, _ in lint_text.units(s)))]
    if criminal and not _TITLE_PENALTY.search(title):
        section = criminal[0]
        yield rule.diagnostic(
            f"{section.ref_label} ({section.heading}) makes a violation a crime, but the long "
            "title does not mention a penalty", "give the section a purpose the long title "
            "prints (\"make a knowing violation a misdemeanor\"), or name the penalty in the "
            "long title", clause=section.clause_id)


def _no_personal_use(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    sections = list(inp.tree.all_sections())
    if any(lint_text.has_personal_use(s) for s in sections):
        return
    for section in sections:
        clause = inp.library.clauses.get(section.clause_id)
        declared = clause is not None and "private" in clause.binds and (
            clause.role in ("ban", "extension") or clause.reaches)
        drafted = section.own and bool(_technologies(inp, section)) and (
            lint_text.prohibits_private(section))
        if declared or drafted:
            yield rule.diagnostic(
                f"{section.ref_label} ({section.heading}) forbids private use of the "
                "technology without leaving out personal and household use, so a resident "
                "whose phone groups family photos by face breaks it",
                f"add to {section.ref_label}: \"This section does not apply to an "
                "individual's use ... for personal or household purposes, unless the "
                "individual is acting on behalf of a business\"", clause=section.clause_id)


# L025: words of a typed name that belong to some kinds of jurisdiction only, and the
# sponsor titles a local body of only some kinds uses ("Supervisor": a county's board, or a
# New York town's). The words L011 reads in printed text are left to it.
_LOCAL = ("city", "town", "village", "county", "city-county")
_TYPED_KIND_WORDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bCounty\b"), ("county", "city-county")),
    (re.compile(r"\bCity\b"), ("city", "city-county")),
    (re.compile(r"\bTown\b"), ("town",)),
    (re.compile(r"\bVillage\b"), ("village",)),
    (re.compile(r"\bBorough\b"), ("town", "city", "county")),
    (re.compile(r"\b(?:Revised|Compiled|Consolidated|Annotated) (?:Code|Statutes|Laws)\b|"
                r"\bStatutes\b|\bGeneral Laws\b|\bSession Laws\b"), ("state",)),
    (re.compile(r"\bMunicipal Code\b|\bCode of Ordinances\b|\bCounty Code\b"), _LOCAL),
)
_SPONSOR_KINDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"Supervisor\b"), ("county", "city-county", "town")),
    (re.compile(r"Alder(?:man|men|person|woman|persons)\b"), ("city", "town")),
    (re.compile(r"Trustee\b"), ("village", "town")),
    (re.compile(r"(?:County )?Legislator\b"), ("county",)),
    (re.compile(r"Freeholder\b"), ("county",)),
)
_TYPED_FIELDS = (("short_title", "short title"), ("code_name", "code name"),
                 ("chapter_title", "chapter title"))
# A member's title as each kind of legislative body gives it (a note when a sponsor's title is
# another body's: "Councilmember" for a Board of Supervisors, as a city seed moved to a county
# keeps it). A body none of these name is not checked.
_COUNCIL = re.compile(r"Council(?:member|man|woman|or|lor| ?Member| President| Chair)\b")
_ALDER = re.compile(r"Alder(?:man|men|person|woman|persons)\b")
_MEMBER_TITLES: tuple[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]], ...] = (
    (re.compile(r"\bBoard of Supervisors\b"), (re.compile(r"(?:Chair|Vice Chair|President)?"
                                                       r" ?Supervisor\b"),)),
    (re.compile(r"\bBoard of Trustees\b"), (re.compile(r"(?:President )?Trustee\b"),)),
    (re.compile(r"\bCommission(?:ers)?\b"), (re.compile(r"(?:Chair )?Commissioner\b"),)),
    (re.compile(r"\bBoard of Aldermen\b"), (_ALDER,)),
    (re.compile(r"\bTown Board\b"), (re.compile(r"Supervisor\b"), _COUNCIL)),
    (re.compile(r"\bLegislature\b"), (re.compile(r"(?:County )?Legislator\b"),)),
    (re.compile(r"\bCouncil\b"), (_COUNCIL, _ALDER)),
)
_ANY_TITLE = tuple(p for _, patterns in _MEMBER_TITLES for p in patterns)


def _sponsor_body_mismatch(sponsor: str, body: str) -> str | None:
    """The sponsor's title when it is another kind of body's member title than ``body``'s
    (None when it fits, or when neither the title nor the body is one we know)."""
    for body_pattern, titles in _MEMBER_TITLES:
        if body_pattern.search(body):
            if any(t.match(sponsor) for t in titles):
                return None
            found = next((m for t in _ANY_TITLE if (m := t.match(sponsor))), None)
            return found.group(0) if found else None
    return None


def _typed_kind_names(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    jur = inp.draft.jurisdiction
    kind = jur.kind
    where = kind.replace("-", " ")
    own = _own_government_names(inp)
    for name, label in _TYPED_FIELDS:
        value = str(getattr(jur, name) or "")
        if not value or foreign_words(value, kind, inp.tree.instrument):
            continue  # empty: the kind's own words; a marker word: L011 reports it
        rest = value
        for n in own:
            rest = rest.replace(n, "")
        for pattern, kinds in _TYPED_KIND_WORDS:
            if kind not in kinds and (found := pattern.search(rest)):
                belongs = " or ".join(k.replace("-", " ") for k in kinds)
                yield rule.diagnostic(
                    f"the {label} {value!r} says {found.group(0)!r}, a word of a {belongs}, "
                    f"but this draft is a {where}'s", f"in the jurisdiction step, change the "
                    f"{label} (it was typed for another kind of jurisdiction), or clear it to "
                    f"take the {where}'s default")
                break
    body = str(inp.context["gov"].get("body", ""))
    for sponsor in jur.sponsors:
        if kind == "state" or foreign_sponsor(sponsor, kind):
            continue  # a state's sponsors, and a state title in a local law: L011
        for pattern, kinds in _SPONSOR_KINDS:
            if kind not in kinds and (found := pattern.match(sponsor.strip())):
                belongs = " or ".join(k.replace("-", " ") for k in kinds)
                yield rule.diagnostic(
                    f"the sponsor {sponsor!r} has the title {found.group(0)!r}, which a "
                    f"{belongs} legislative body uses, not a {where}'s",
                    f"in the jurisdiction step, change the sponsor's title to the one "
                    f"{inp.context['gov'].get('body', 'the legislative body')} uses")
                break
        else:
            if title := _sponsor_body_mismatch(sponsor.strip(), body):
                yield rule.diagnostic(
                    f"the sponsor {sponsor!r} has the title {title!r}, which is not what the "
                    f"members of the {body} are called",
                    f"in the jurisdiction step, give the sponsor the title the {body} uses, "
                    f"or name the legislative body as the charter does", severity="note")


RULES: Mapping[str, Rule] = MappingProxyType({r.code: r for r in (
    Rule("L000", "error", "the draft does not assemble (a clause template or override failed)",
         "fix the clause text or override", _assembly_failed, needs_tree=False),
    Rule("L001", "error", "a cross-reference points at a clause or subsection not in the draft",
         "include the clause again, or remove or reword the reference", _broken_references),
    Rule("L002", "error", "a defined term is used but not defined",
         "add a definition for it, or check its condition", _undefined_terms),
    Rule("L003", "warning", "a library term is written as plain text instead of `term()`",
         "write it as {{ term('...') }} so it is defined", _plain_terms),
    Rule("L004", "error", "two answers conflict (declared under `conflicts:` in the questions; "
         "a conflict may declare itself a warning)",
         "change one of the conflicting answers", _conflicts),
    Rule("L005", "warning", "an essential is missing: remedy for a prohibition, severability, "
         "effective date", "add the missing provision", _essentials),
    Rule("L006", "warning", "a number is outside the sensible range (`bounds`) of its question",
         "check the number against enacted laws", _bounds),
    Rule("L007", "warning", "placeholder text (TODO, [insert ...], ____) left in a section",
         "replace it with real text", _placeholders),
    Rule("L008", "warning", "an answer is invalid or unknown; the default is used",
         "answer the question again", _invalid_answers, needs_tree=False),
    Rule("L009", "warning", "a section has no text",
         "exclude the clause or write its text", _empty_sections),
    Rule("L010", "warning", "a clause's list is indented two levels at once, or a definition "
         "has text after its list", "fix the clause text or its override", _layout),
    Rule("L011", "error", "a government word, office or instrument word that does not belong "
         "to the draft's kind of jurisdiction (\"City Council\" in a county ordinance, "
         "\"this ordinance\" in a local law); a note when a state draft with its own "
         "government or legislature keeps the default houses in its signature block",
         "clear the jurisdiction field to take the kind's word, or fix the answer, override "
         "or clause that prints it", _foreign_words),
    Rule("L012", "warning", "an answer is given to a question the draft does not ask (its "
         "`when` is false), so the answer is ignored",
         "change the answers it depends on, or remove the answer", _hidden_answers),
    Rule("L013", "warning", "an override or exclusion names a clause the draft does not "
         "contain, so the custom text is not printed (it stays in the draft) or the exclusion "
         "does nothing; or an added section follows a section that is not in its part, so it "
         "is printed at the end of its part",
         "include the clause, or delete the override or exclusion, or choose where the added "
         "section goes", _dropped_choices),
    Rule("L014", "warning", "a fixed effective, moratorium-end or sunset date is not after "
         "the draft's date, is too close to it for two readings (the style's "
         "`min_lead_days`), or ends before the law takes effect",
         "choose a later date", _dates),
    Rule("L015", "warning", "the notice before the approval hearing is shorter than the "
         "advisory body's review period, and the hearing does not wait for its "
         "recommendation", "lengthen the notice, shorten the review, or make the hearing "
         "wait for the recommendation", _hearing_before_review),
    Rule("L016", "warning", "a ban (`role: ban`) is not carried into an approval, "
         "existing-technology or emergency clause (`role: process` or `emergency`), which "
         "may then allow what the ban prohibits; or an exception (`role: exception` or "
         "`emergency`) names a technology (a term whose definition declares `technology`) "
         "that no ban of the draft reaches (`reaches`)",
         "refer to the ban in that clause, and write exceptions for the technology the ban "
         "reaches, as the built-in clauses do", _bans_not_carried),
    Rule("L017", "warning", "a section binds private entities (`binds: [private]`) while the "
         "Application section (`role: application`) or the long title says nothing of them; "
         "or a drafter's own section forbids something to private persons while the long "
         "title says nothing of them",
         "name private entities in Application and give the clause a `purpose`",
         _private_scope),
    Rule("L018", "error", "a duty only a state can impose (on courts or judges: "
         "`binds: [courts]`) in a local law", "leave the clause out of a local law",
         _state_duties),
    Rule("L019", "warning", "a paragraph of an imported law could not be placed in a section "
         "(it is kept, with its line, in the draft's `imported: unplaced:`)",
         "add it to the section it belongs to (or a new one), then delete it from "
         "`imported: unplaced:`", _unplaced, needs_tree=False),
    Rule("L020", "warning", "a section that carries a ban to third parties or private "
         "entities (`role: extension`, or a drafter's own section that forbids the banned "
         "technology to them) lacks exceptions the ban refers to (`role: exception` or "
         "`emergency`; a private one need not carry an exception that `allows: [agencies]` "
         "only)", "refer to the ban's exceptions in that section, as the ban does",
         _exceptions_not_carried),
    Rule("L021", "error", "a suit or writ of mandate against another government (the State, "
         "another county, a court) in a local law, or against the United States or another "
         "state in a state act; or a writ of mandate against a business or any person",
         "name only the draft's own government and its agencies as defendants of a writ, "
         "and other holders only where they are not governments", _wrong_defendants),
    Rule("L022", "warning", "a duty (\"must\") whose only deadline is \"promptly\", \"as soon "
         "as practicable\", \"without delay\" or the like",
         "give a number of days (\"within ten (10) days after ...\")", _vague_deadlines),
    Rule("L023", "warning", "the long title names a technology the law does not regulate "
         "(\"surveillance technology\" in a face-recognition law), or says nothing of a "
         "criminal penalty the law has (element E44)",
         "make the long title match what the law covers and its penalties", _title_scope),
    Rule("L024", "warning", "a ban on private use (`binds: [private]`, or a drafter's own "
         "section that forbids the technology to persons) with no exception for personal and "
         "household use", "leave out an individual's personal or household use",
         _no_personal_use),
    Rule("L025", "warning", "a name the drafter typed (short title, code name, chapter "
         "title, sponsor's title) belongs to another kind of jurisdiction (\"County Code\" "
         "in a city, \"Revised Code\" in a local law, \"Supervisor\" in a city); L011 "
         "reports the words it reads in printed text. A note when a sponsor's title is not "
         "what the members of the draft's legislative body are called (\"Councilmember\" "
         "beside a Board of Supervisors, as a city seed moved to a county keeps it)",
         "change the name in the jurisdiction step, or clear it to take the kind's default",
         _typed_kind_names),
)})
# The errors a build reports: cheap, and about the tree it just wrote.
BUILD_ERRORS = ("L001", "L002", "L004")


# -- running them -----------------------------------------------------------------------------


def lint(library: Library, draft: Draft, ordinance: Ordinance | None = None, *,
         today: _dt.date | None = None) -> list[Diagnostic]:
    """Every rule's diagnostics: errors first, then warnings, each by code in document order.

    ``today`` dates an undated draft when lint assembles it (L014 compares dates with it).
    """
    context, issues = build_context(library, draft)
    failure = None
    if ordinance is None:
        try:
            ordinance = assemble(library, draft, today=today)
        except InputError as exc:
            failure = exc
    inp = LintInput(library, draft, context, tuple(issues), ordinance, failure)
    return _run(RULES.values(), inp)


def lint_errors(library: Library, draft: Draft, ordinance: Ordinance) -> list[Diagnostic]:
    """Only the errors of ``BUILD_ERRORS`` (L001, L002, L004) of an assembled draft."""
    context, issues = build_context(library, draft)
    inp = LintInput(library, draft, context, tuple(issues), ordinance)
    return [d for d in _run([RULES[c] for c in BUILD_ERRORS], inp) if d.severity == "error"]


def _run(rules: Iterable[Rule], inp: LintInput) -> list[Diagnostic]:
    out = [d for rule in rules if inp.ordinance is not None or not rule.needs_tree
           for d in rule.check(rule, inp)]
    return sorted(out, key=lambda d: _RANK.get(d.severity, 3))


# -- helpers ----------------------------------------------------------------------------------


def _defined_terms(ordinance: Ordinance) -> set[str]:
    section = ordinance.find("definitions")
    if section is None:
        return set()
    return {sub.label for sub in section.walk() if sub.level == 0 and sub.label}


def _section_paragraphs(ordinance: Ordinance) -> Iterator[tuple[Section, Paragraph]]:
    for section in ordinance.all_sections():
        for para in section.paragraphs():
            yield section, para


def _typed_names(inp: LintInput) -> tuple[str, ...]:
    """Names the drafter typed, longest first: they may contain a term without using it.

    Titles, and text answers such as an advisory body's name; so may the default short
    title.
    """
    from .qtypes import qtype

    library, jur = inp.library, inp.draft.jurisdiction
    typed = [inp.context[q.id] for q in library.questions.values()
             if qtype(q).typed_words and isinstance(inp.context.get(q.id), str)]
    return tuple(sorted({n for n in (jur.short_title, inp.draft.title, jur.chapter_title,
                                     jur.code_name, inp.tree.short_title, *typed) if n},
                        key=len, reverse=True))
