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
another kind of jurisdiction.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

from .answers import condition, visible_questions
from .assemble import LayoutProblem, assemble, build_context
from .document import Ordinance, Paragraph, Ref, Section, Text
from .draft import Draft
from .government import defaults as kind_defaults
from .government import foreign_words
from .library import Library
from .problems import InputError

Severity = Literal["error", "warning", "note"]

_PLACEHOLDER = re.compile(r"\bTODO\b|\bTBD\b|\bXXX\b|\[insert[^\]]*\]|_{4,}|\?\?\?",
                          re.IGNORECASE)
ESSENTIALS = (
    ("E47", "severability clause", "include a severability clause (General provisions)"),
    ("E48", "effective date", "set an effective date (General provisions)"),
)
PROHIBITIONS = {"E13", "E14"}
REMEDIES = {"E39", "E40", "E42", "E43", "E44"}
_RANK = {"error": 0, "warning": 1, "note": 2}


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


@dataclasses.dataclass(frozen=True, slots=True)
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


def _conflicts(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    library = inp.library
    for conflict in library.conflicts:
        if condition(library, f"conflict:{conflict.id}:when", dict(inp.context)):
            yield rule.diagnostic(
                conflict.message, severity=conflict.severity,
                question=conflict.questions[0] if conflict.questions else None)


def _essentials(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    ordinance = inp.tree
    for element, name, hint in ESSENTIALS:
        # E48 is a delayed effective date; a clause giving immediate effect also counts.
        has_clause = element == "E48" and any("effective" in s.clause_id
                                              for s in ordinance.all_sections())
        if element not in ordinance.elements and not has_clause:
            yield rule.diagnostic(f"the draft has no {name}", hint)
    if ordinance.elements & PROHIBITIONS and not ordinance.elements & REMEDIES:
        yield rule.diagnostic("the draft prohibits something but gives no enforcement or "
                              "remedy", "choose at least one enforcement option")


def _bounds(rule: Rule, inp: LintInput) -> Iterator[Diagnostic]:
    context = dict(inp.context)
    for qid in visible_questions(inp.library, context):
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
         "\"this ordinance\" in a local law)",
         "clear the jurisdiction field to take the kind's word, or fix the answer, override "
         "or clause that prints it", _foreign_words),
)})
# The errors a build reports: cheap, and about the tree it just wrote.
BUILD_ERRORS = ("L001", "L002", "L004")


# -- running them -----------------------------------------------------------------------------


def lint(library: Library, draft: Draft, ordinance: Ordinance | None = None) -> list[Diagnostic]:
    """Every rule's diagnostics: errors first, then warnings, each by code in document order."""
    context, issues = build_context(library, draft)
    failure = None
    if ordinance is None:
        try:
            ordinance = assemble(library, draft)
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
