"""Answers to interview questions: validation, defaults and visibility.

Each type's rules live in its ``qtypes.QuestionType``; these functions look them up.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .qtypes import QUESTION_TYPES
from .templating import clean_answer

if TYPE_CHECKING:
    from .draft import Draft
    from .incremental import RenderMemo
    from .library import Library, Question


def default_for(question: Question) -> Any:
    """The value an unanswered question takes when its file gives no default."""
    entry = QUESTION_TYPES.get(question.type)
    return entry.default(question) if entry is not None else ""


def validate_answer(question: Question, value: Any) -> tuple[Any, str | None]:
    """Check one answer; return (normalised value, None) or (value, what is wrong)."""
    entry = QUESTION_TYPES.get(question.type)
    if entry is None:
        return value, f"has an unknown question type {question.type!r}"
    return entry.validate(question, value)


def resolve_answers(library: Library, given: dict[str, Any], kind: str = "city"
                    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Every question's value: the given answer if valid, else the default for ``kind``.

    Returns the values and a list of (question id, message) for answers that were
    unknown or invalid (their defaults are used instead).
    """
    values: dict[str, Any] = {}
    issues: list[tuple[str, str]] = []
    for qid, question in library.questions.items():
        default = question.default_in(kind)
        if qid in given:
            value, error = validate_answer(question, given[qid])
            if error:
                issues.append((qid, f"answer to {qid!r} {error}; using the default "
                               f"{default!r}"))
                value = default
        else:
            value = default
        values[qid] = clean_answer(value)
    for qid in given:
        if qid not in library.questions:
            issues.append((qid, f"answer {qid!r} is not a question in this library; "
                           "it is kept in the draft but not used"))
    return values, issues


def condition(library: Library, name: str, context: dict[str, Any],
              memo: RenderMemo | None = None) -> bool:
    """Evaluate the library's ``when`` condition ``name`` against the context.

    A failure raises ``templating.TemplateFailure`` naming the file and line.
    ``memo`` (``core.incremental``) reuses the result while what it reads is unchanged.
    """
    if memo is not None:
        return memo.test(library, name, context)
    return library.condition(name)(context)


def visible_questions(library: Library, context: dict[str, Any],
                      memo: RenderMemo | None = None) -> list[str]:
    """Ids of the questions whose ``when`` holds, in interview order."""
    shown = []
    for step in library.ordered_steps():
        for qid in step.questions:
            question = library.questions.get(qid)
            if question is None:
                continue
            if not question.when or condition(library, f"question:{qid}:when", context, memo):
                shown.append(qid)
    return shown


def own_text_answers(draft: Draft) -> set[str]:
    """The answers the draft's own sections and definitions print (``[[answer:id]]``)."""
    from .plaintext import ANSWER

    marks = re.compile(r"\[\[" + re.escape(ANSWER) + r"\s*([A-Za-z0-9_]+)")
    texts = [s.text for s in draft.added] + [d.text for d in draft.defined]
    return {m.group(1) for text in texts for m in marks.finditer(text)}


def asked_questions(library: Library, draft: Draft, context: dict[str, Any],
                    memo: RenderMemo | None = None) -> list[str]:
    """Ids of the questions the interview asks, in interview order: those whose ``when``
    holds; for a draft of its own sections only (``clauses: library: none``, an imported
    law: no library clause prints, so no answer changes its text), only those whose answer
    its own text prints (``[[answer:id]]`` marks)."""
    shown = visible_questions(library, context, memo)
    if draft.library != "none":
        return shown
    used = own_text_answers(draft)
    return [qid for qid in shown if qid in used]
