"""Lint: diagnostics on an assembled draft, each with a stable code and a fix hint.

Codes (stable; the app and tests use them):

========  ========  =========================================================
code      severity  meaning
========  ========  =========================================================
L000      error     the draft does not assemble (a template failed)
L001      error     a cross-reference points at a clause or subsection that is
                    not in this draft
L002      error     a defined term is used but not defined
L003      warning   a library term is written as plain text, not marked
L004      error     two answers conflict (declared in the questions files)
L005      warning   an essential provision is missing (remedy, severability,
                    effective date)
L006      warning   a number is outside the sensible range for its question
L007      warning   placeholder text is left in the operative sections
L008      warning   an answer is invalid or unknown (its default is used)
L009      warning   a section has no text
L010      warning   a clause's text has a shape the assembler cannot print as
                    written (a list indented two levels at once, text after a
                    definition's list)
========  ========  =========================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .answers import condition, visible_questions
from .assemble import LAYOUT, assemble, build_context
from .document import Ordinance, Paragraph, Ref, Section, Text
from .draft import Draft
from .library import Library
from .problems import InputError

_PLACEHOLDER = re.compile(r"\bTODO\b|\bTBD\b|\bXXX\b|\[insert[^\]]*\]|_{4,}|\?\?\?",
                          re.IGNORECASE)
ESSENTIALS = (
    ("E47", "severability clause", "include a severability clause (General provisions)"),
    ("E48", "effective date", "set an effective date (General provisions)"),
)
PROHIBITIONS = {"E13", "E14"}
REMEDIES = {"E39", "E40", "E42", "E43", "E44"}


@dataclass(frozen=True, slots=True)
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


def lint(library: Library, draft: Draft, ordinance: Ordinance | None = None) -> list[Diagnostic]:
    """Diagnostics for a draft, errors first, then in document order."""
    out: list[Diagnostic] = []
    context, issues = build_context(library, draft)
    for qid, message in issues:
        out.append(Diagnostic("L008", "warning", message, "answer the question again",
                              question=qid))
    if ordinance is None:
        try:
            ordinance = assemble(library, draft)
        except InputError as exc:
            return out + [Diagnostic("L000", "error", str(p.message),
                                     "fix the clause text or override") for p in exc.problems]
    defined = _defined_terms(ordinance)
    jur = draft.jurisdiction
    # Names the drafter typed (titles, and text answers such as an advisory body's name)
    # may contain a library term without being a use of it; so may the default short title.
    typed = [context[q.id] for q in library.questions.values()
             if q.type == "text" and isinstance(context.get(q.id), str)]
    names = tuple(sorted({n for n in (jur.short_title, draft.title, jur.chapter_title,
                                      jur.code_name, ordinance.short_title, *typed) if n},
                         key=len, reverse=True))
    for section in ordinance.all_sections():
        out.extend(_section_diagnostics(section, library, names))
    out.extend(_errors(library, ordinance, context, defined, errors_only=False))
    for problem in ordinance.problems:
        if problem.startswith(LAYOUT):
            out.append(Diagnostic("L010", "warning", problem[len(LAYOUT):],
                                  "fix the clause text or its override"))
    out.extend(_essentials(ordinance))
    out.extend(_bounds(library, context))
    rank = {"error": 0, "warning": 1, "note": 2}
    return sorted(out, key=lambda d: rank.get(d.severity, 3))


def lint_errors(library: Library, draft: Draft, ordinance: Ordinance) -> list[Diagnostic]:
    """Only the errors (L001, L002, L004) of an assembled draft: the cheap check for builds."""
    context, _ = build_context(library, draft)
    return _errors(library, ordinance, context, _defined_terms(ordinance), errors_only=True)


def _errors(library: Library, ordinance: Ordinance, context: dict[str, object],
            defined: set[str], errors_only: bool) -> list[Diagnostic]:
    """Broken references, undefined terms and declared conflicts."""
    out = []
    for section in ordinance.all_sections():
        for para in section.paragraphs():
            for span in para.inlines:
                if isinstance(span, Ref) and not span.resolved:
                    clause_id = span.target.split("#")[0]
                    out.append(Diagnostic(
                        "L001", "error", f"{section.label} refers to {span.target!r}, which is "
                        "not in this draft", f"include {clause_id!r} again, or remove or reword "
                        "the reference", clause=section.clause_id))
    for term in ordinance.terms_used:
        if term not in defined:
            out.append(Diagnostic("L002", "error", f"the term {term!r} is used but not defined",
                                  "add a definition for it, or check its condition"))
    for conflict in library.conflicts:
        if errors_only and conflict.severity != "error":
            continue
        if condition(library, f"conflict:{conflict.id}:when", context):
            out.append(Diagnostic("L004", conflict.severity, conflict.message,
                                  "change one of the conflicting answers",
                                  question=conflict.questions[0] if conflict.questions else None))
    return out


def _defined_terms(ordinance: Ordinance) -> set[str]:
    section = ordinance.find("definitions")
    if section is None:
        return set()
    return {sub.label for sub in section.walk() if sub.level == 0 and sub.label}


def _section_diagnostics(section: Section, library: Library, names: tuple[str, ...]
                         ) -> list[Diagnostic]:
    out = []
    paragraphs = list(section.paragraphs())
    if not section.sections and not any(p.plain.strip() for p in paragraphs):
        out.append(Diagnostic("L009", "warning", f"{section.label} {section.heading} has no text",
                              "exclude the clause or write its text", clause=section.clause_id))
    for para in paragraphs:
        out.extend(_paragraph_diagnostics(para, section, library, names))
    return out


def _paragraph_diagnostics(para: Paragraph, section: Section, library: Library,
                           names: tuple[str, ...]) -> list[Diagnostic]:
    """L003 and L007 for one paragraph; ``names`` (titles) may contain terms."""
    out = []
    for span in para.inlines:
        if isinstance(span, Text):
            text = span.text
            for name in names:
                text = text.replace(name, "")
            for term in library.definitions:
                # Multi-word terms (and their plurals) are distinctive enough to flag.
                if " " in term and re.search(rf"\b{re.escape(term)}(s|es)?\b", text):
                    out.append(Diagnostic(
                        "L003", "warning", f"{term!r} appears as plain text in {section.label}",
                        f"write it as {{{{ term({term!r}) }}}} so it is defined",
                        clause=section.clause_id))
            found = _PLACEHOLDER.search(span.text)
            if found:
                out.append(Diagnostic("L007", "warning", f"placeholder {found.group(0)!r} left "
                                      f"in {section.label}", "replace it with real text",
                                      clause=section.clause_id))
    return out


def _essentials(ordinance: Ordinance) -> list[Diagnostic]:
    out = []
    for element, name, hint in ESSENTIALS:
        # E48 is a delayed effective date; a clause giving immediate effect also counts.
        has_clause = element == "E48" and any("effective" in s.clause_id
                                              for s in ordinance.all_sections())
        if element not in ordinance.elements and not has_clause:
            out.append(Diagnostic("L005", "warning", f"the draft has no {name}", hint))
    if ordinance.elements & PROHIBITIONS and not ordinance.elements & REMEDIES:
        out.append(Diagnostic("L005", "warning", "the draft prohibits something but gives no "
                              "enforcement or remedy", "choose at least one enforcement option"))
    return out


def _bounds(library: Library, context: dict[str, object]) -> list[Diagnostic]:
    out = []
    for qid in visible_questions(library, context):
        question = library.questions[qid]
        value = context.get(qid)
        if question.bounds and isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = question.bounds
            if not low <= value <= high:
                out.append(Diagnostic(
                    "L006", "warning", f"{question.prompt}: {value:g} is outside the usual "
                    f"range {low:g} to {high:g}", "check the number against enacted laws",
                    question=qid))
    return out
