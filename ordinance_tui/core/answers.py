"""Answers to interview questions: validation, defaults and visibility."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from .legalfmt import parse_date
from .problems import excerpt
from .templating import clean_answer, inline_text

if TYPE_CHECKING:
    from .incremental import RenderMemo
    from .library import Library, Question


def default_for(question: Question) -> Any:
    """The value an unanswered question takes when its file gives no default."""
    if question.type == "choice":
        return question.choices[0].value if question.choices else ""
    if question.type == "multi":
        return []
    if question.type == "bool":
        return False
    if question.type in ("days", "dollars", "number"):
        return int(question.min) if question.min is not None else 0
    return ""


def validate_answer(question: Question, value: Any) -> tuple[Any, str | None]:
    """Check one answer; return (normalised value, None) or (value, what is wrong)."""
    qtype = question.type
    if qtype == "choice":
        if not isinstance(value, str) or question.choice(value) is None:
            return value, f"must be one of {', '.join(c.value for c in question.choices)}, " \
                          f"not {excerpt(value)}"
        return value, None
    if qtype == "multi":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return value, "must be a list of choices"
        unknown = [v for v in value if not isinstance(v, str) or question.choice(v) is None]
        if unknown:
            shown = ", ".join(excerpt(v, 30) for v in unknown[:5])
            if len(unknown) > 5:
                shown += f" and {len(unknown) - 5} more"
            return value, f"has unknown choices {shown}; expected " \
                          f"some of {', '.join(c.value for c in question.choices)}"
        # Keep the library's order so the same set always renders the same way.
        order = [c.value for c in question.choices]
        return sorted(set(value), key=order.index), None
    if qtype == "bool":
        if not isinstance(value, bool):
            return value, f"must be true or false, not {excerpt(value)}"
        return value, None
    if qtype in ("days", "dollars", "number"):
        if isinstance(value, str):
            text = value.strip().replace(",", "").lstrip("$")
            try:
                value = float(text) if "." in text else int(text)
            except ValueError:
                return value, f"must be a number, not {excerpt(value)}"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value, f"must be a number, not {excerpt(value)}"
        if isinstance(value, float) and not math.isfinite(value):
            return value, f"must be a finite number, not {value}"
        if qtype == "days" and value != int(value):
            return value, "must be a whole number of days"
        if isinstance(value, float) and value == int(value):
            value = int(value)
        if question.min is not None and value < question.min:
            return value, f"must be at least {_num(question.min)}, not {_num(value)}"
        if question.max is not None and value > question.max:
            return value, f"must be at most {_num(question.max)}, not {_num(value)}"
        return value, None
    if qtype == "date":
        try:
            return parse_date(value).isoformat(), None
        except ValueError as exc:
            return value, str(exc)
    if qtype == "text":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return value, f"must be text, not {type(value).__name__}"
        value = inline_text(value)
        if question.max_length and len(value) > question.max_length:
            return value, f"must be at most {question.max_length} characters"
        if question.pattern and value and not re.fullmatch(question.pattern, value):
            return value, f"does not match the expected form ({question.pattern})"
        return value, None
    return value, f"has an unknown question type {qtype!r}"


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def resolve_answers(library: Library, given: dict[str, Any]) -> tuple[dict[str, Any],
                                                                      list[tuple[str, str]]]:
    """Every question's value: the given answer if valid, else the default.

    Returns the values and a list of (question id, message) for answers that were
    unknown or invalid (their defaults are used instead).
    """
    values: dict[str, Any] = {}
    issues: list[tuple[str, str]] = []
    for qid, question in library.questions.items():
        if qid in given:
            value, error = validate_answer(question, given[qid])
            if error:
                issues.append((qid, f"answer to {qid!r} {error}; using the default "
                               f"{question.default!r}"))
                value = question.default
        else:
            value = question.default
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
