"""The interview as a document, for teaching: every step, question and option.

``handout(library)`` lists each step with its introduction, and under it each question
with its help (what it does, what it trades away, which enacted laws chose it), how it
is answered, its default, its options with their help, and when it is asked, in words
(``core.conditions``). Given a draft, it also marks that draft's answers and says which
questions the draft's answers leave unasked. The exporters in ``export.handout`` print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .conditions import explain
from .qtypes import qtype

if TYPE_CHECKING:
    from .draft import Draft
    from .library import Library, Question

__all__ = ["Handout", "HandoutOption", "HandoutQuestion", "HandoutStep", "handout"]


@dataclass(frozen=True, slots=True)
class HandoutOption:
    label: str
    help: str
    default: bool  # the library's default
    chosen: bool  # the draft's answer (always False without a draft)


@dataclass(frozen=True, slots=True)
class HandoutQuestion:
    id: str
    prompt: str
    answered_as: str  # how it is answered: "Choose one", "A number of days; at least 1"
    help: str
    asked_when: str  # "" when always asked
    default: str  # the default answer in words ("" for an option question: see options)
    options: tuple[HandoutOption, ...]
    answer: str  # the draft's answer in words ("" without a draft, or for an option question)
    asked: bool  # whether the draft's answers ask it (True without a draft)


@dataclass(frozen=True, slots=True)
class HandoutStep:
    title: str
    intro: str
    questions: tuple[HandoutQuestion, ...]


@dataclass(frozen=True, slots=True)
class Handout:
    title: str
    subtitle: str
    steps: tuple[HandoutStep, ...]
    marked: bool  # a draft's answers are marked


def _text(question: Question, value: Any) -> str:
    """An answer in words: a choice's label, yes or no, the value as typed."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(question, v) for v in value) or "None"
    choice = question.choice(value) if isinstance(value, str) else None
    if choice is not None:
        return choice.label
    shown = qtype(question).show(question, value)
    return shown or "(blank)"


def _selected(value: Any, option: str) -> bool:
    return option in value if isinstance(value, (list, tuple)) else value == option


def handout(library: Library, draft: Draft | None = None, draft_name: str = "") -> Handout:
    """The interview of ``library``; with ``draft``, its answers marked."""
    from .answers import visible_questions
    from .assemble import build_context

    values: dict[str, Any] = {}
    asked: set[str] | None = None
    if draft is not None:
        context, _ = build_context(library, draft)
        values = context
        asked = set(visible_questions(library, context))
    steps = []
    for step in library.ordered_steps():
        questions = []
        for qid in step.questions:
            question = library.questions.get(qid)
            if question is None:
                continue
            kind = qtype(question)
            default = kind.default(question) if question.default is None else question.default
            answer = values.get(qid, default) if draft is not None else None
            hint = kind.hint(question)
            options = tuple(
                HandoutOption(choice.label, choice.help, _selected(default, choice.value),
                              draft is not None and _selected(answer, choice.value))
                for choice in question.choices)
            questions.append(HandoutQuestion(
                id=qid, prompt=question.prompt,
                answered_as=kind.asks + (f"; {hint}" if hint else ""),
                help=" ".join(question.help.split()),
                asked_when=explain(library, question.when),
                default="" if options else _text(question, default) + "".join(
                    f"; in a {k}: {_text(question, v)}" for k, v in question.kind_defaults.items()),
                options=options,
                answer="" if options or draft is None else _text(question, answer),
                asked=asked is None or qid in asked))
        steps.append(HandoutStep(step.title, " ".join(step.intro.split()), tuple(questions)))
    subtitle = (f"With the answers of {draft_name or 'one draft'} marked" if draft is not None
                else "Every step, question and option, with what each does and trades away")
    return Handout("The interview: drafting a local law on surveillance technology",
                   subtitle, tuple(steps), draft is not None)
