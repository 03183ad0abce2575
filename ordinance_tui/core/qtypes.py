"""Question types: one registry entry per type, the only place a type's behaviour lives.

Map: ``QuestionType`` holds what one type does (parse and validate an answer, its
default, the answer as the user types it, a help line, what the loader and
coverage need to know); ``QUESTION_TYPES`` maps each name to its entry, in the
order messages list them; ``register`` adds a type. A question file's ``type``
is a ``QuestionTypeName``: validation accepts only a registered name, with the
file and line of the ``type`` key. The app's control for each type is a
separate registry in ``tui.widgets.questions`` (the core never imports
Textual); a type without one gets a text box.

Callers look a question's type up (``qtype(question)``) instead of comparing its
name: a test fails on any ``question.type == "..."`` outside this module.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .legalfmt import parse_date
from .problems import excerpt
from .templating import inline_text

if TYPE_CHECKING:
    from .library import Question
    from .models import QuestionEntry

Validator = Callable[["Question", Any], "tuple[Any, str | None]"]


class QuestionTypeName(str):
    """The ``type`` of a question file: a ``str`` that must name a registered type.

    ``validate`` checks it against ``names()`` while converting a file (an open
    enumeration: registering a type widens it).
    """

    __slots__ = ()

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(_REGISTRY)


def _show(question: Question, value: Any) -> str:
    return "" if value is None else str(value)


def _no_hint(question: Question) -> str:
    return ""


def _set_to(question: Question, old: Any, new: Any, where: str) -> str:
    return f"set {where} to \u201c{_label(question, new)}\u201d"


@dataclass(frozen=True, slots=True)
class QuestionType:
    """Everything the engine and the app need to know about one question type.

    ``validate(question, value)`` parses what a file or the user gave (text from a
    box, a YAML value) and returns ``(normalised value, None)`` or ``(value, what is
    wrong)``, the message completing "The answer ...". ``default(question)`` is the
    value when the file gives none; ``show(question, value)`` the answer as the
    user would type it; ``hint(question)`` a line for the help pane ("" for none).
    ``alternatives(question, current)`` lists the other answers coverage may try
    when it looks for the smallest change (None: coverage never changes such an
    answer), and ``change(question, old, new, where)`` says that change in words.
    """

    name: str
    validate: Validator
    default: Callable[[Question], Any]
    show: Callable[[Question, Any], str] = _show
    hint: Callable[[Question], str] = _no_hint
    placeholder: str = ""
    needs_choices: bool = False  # the loader refuses a question of this type without choices
    blank_is_default: bool = False  # an empty box means "use the default", not ""
    many: bool = False  # the answer is a list of its choices (ticked, not chosen)
    # Typed answers save at each keystroke (free text); otherwise only a complete valid
    # value saves, when the box is left or Enter is pressed (a prefix of 500 is 50).
    saves_as_typed: bool = False
    typed_words: bool = False  # answers are words the drafter typed (lint reads them)
    unit: str = ""  # the unit of a number it holds, for coverage ("": not a number)
    alternatives: Callable[[Question, Any], list[Any]] | None = None
    change: Callable[[Question, Any, Any, str], str] = _set_to
    truthy: str = "is answered"  # how a condition's bare name reads: "“Create …?” is yes"
    falsy: str = "is not answered"
    asks: str = "An answer"  # how it is answered, for the handout: "Choose one"
    # How a condition compares two answers (<, <=, >, >=): "is less than", "is before".
    order_words: tuple[str, str, str, str] = ("is less than", "is at most", "is more than",
                                              "is at least")


_REGISTRY: dict[str, QuestionType] = {}
QUESTION_TYPES: Mapping[str, QuestionType] = MappingProxyType(_REGISTRY)


def register(qtype: QuestionType, *, replace: bool = False) -> QuestionType:
    """Add ``qtype`` to the registry (``replace`` to redefine a name); returns it.

    Register before loading a library that uses the type. Its name is then a valid
    ``type:`` in question files; give the app a control for it with
    ``tui.widgets.questions.register_widget`` (else it gets a text box).
    """
    if not qtype.name or qtype.name in _REGISTRY and not replace:
        raise ValueError(f"question type {qtype.name!r} is already registered"
                         if qtype.name else "a question type needs a name")
    _REGISTRY[qtype.name] = qtype
    return qtype


def unregister(name: str) -> None:
    """Remove the type ``name`` (a test's or a plugin's own; built-ins are needed)."""
    del _REGISTRY[name]


def qtype(question: QuestionEntry) -> QuestionType:
    """The registry entry of ``question``'s type (its name was checked when loaded)."""
    return _REGISTRY[question.type]


# ---------------------------------------------------------------------------
# The built-in types


def _label(question: Question, value: Any) -> str:
    choice = question.choice(value) if isinstance(value, str) else None
    return choice.label if choice is not None else str(value)


def _first_choice(question: Question) -> Any:
    return question.choices[0].value if question.choices else ""


def _validate_choice(question: Question, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or question.choice(value) is None:
        return value, f"must be one of {', '.join(c.value for c in question.choices)}, " \
                      f"not {excerpt(value)}"
    return value, None


def _other_choices(question: Question, current: Any) -> list[Any]:
    return [c.value for c in question.choices if c.value != current]


def _validate_multi(question: Question, value: Any) -> tuple[Any, str | None]:
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


def _one_more_or_less(question: Question, current: Any) -> list[Any]:
    chosen = list(current or [])
    order = [c.value for c in question.choices]
    adds = [sorted([*chosen, c], key=order.index) for c in order if c not in chosen]
    removes = [[v for v in chosen if v != c] for c in chosen]
    return adds + removes


def _add_or_remove(question: Question, old: Any, new: Any, where: str) -> str:
    before = set(old or [])
    added = [v for v in new if v not in before]
    if added:
        return f"add \u201c{_label(question, added[0])}\u201d to {where}"
    removed = [v for v in before if v not in new]
    return f"remove \u201c{_label(question, removed[0])}\u201d from {where}"


def _validate_bool(question: Question, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return value, f"must be true or false, not {excerpt(value)}"
    return value, None


def _answer_yes_or_no(question: Question, old: Any, new: Any, where: str) -> str:
    return f"answer {where} {'yes' if new else 'no'}"


def _number_validator(whole: bool) -> Validator:
    """Numbers: text may have commas and a dollar sign; ``whole`` refuses fractions."""

    def check(question: Question, value: Any) -> tuple[Any, str | None]:
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
        if whole and value != int(value):
            return value, "must be a whole number of days"
        if isinstance(value, float) and value == int(value):
            value = int(value)
        if question.min is not None and value < question.min:
            return value, f"must be at least {_num(question.min)}, not {_num(value)}"
        if question.max is not None and value > question.max:
            return value, f"must be at most {_num(question.max)}, not {_num(value)}"
        return value, None

    return check


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _minimum(question: Question) -> Any:
    return int(question.min) if question.min is not None else 0


def _range(question: Question) -> str:
    """The hard and the usual range of a number question, for the help pane."""
    rng = []
    if question.min is not None:
        rng.append(f"at least {question.min:g}")
    if question.max is not None:
        rng.append(f"at most {question.max:g}")
    if question.bounds:
        rng.append(f"usually {question.bounds[0]:g} to {question.bounds[1]:g}")
    return "; ".join(rng)


def _show_dollars(question: Question, value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return _show(question, value)


def _validate_date(question: Question, value: Any) -> tuple[Any, str | None]:
    try:
        return parse_date(value).isoformat(), None
    except ValueError as exc:
        return value, str(exc)


def _validate_text(question: Question, value: Any) -> tuple[Any, str | None]:
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


def _empty(question: Question) -> Any:
    return ""


for _builtin in (
    QuestionType("choice", _validate_choice, _first_choice, needs_choices=True,
                 alternatives=_other_choices, asks="Choose one"),
    QuestionType("multi", _validate_multi, lambda question: [], needs_choices=True, many=True,
                 alternatives=_one_more_or_less, change=_add_or_remove,
                 truthy="has at least one option chosen", falsy="has no option chosen",
                 asks="Choose any number, or none"),
    QuestionType("bool", _validate_bool, lambda question: False,
                 alternatives=lambda question, current: [not current],
                 change=_answer_yes_or_no, truthy="is yes", falsy="is no", asks="Yes or no"),
    QuestionType("text", _validate_text, _empty, typed_words=True, saves_as_typed=True,
                 truthy="is filled in", falsy="is left empty", asks="Words you type"),
    QuestionType("days", _number_validator(whole=True), _minimum, hint=_range,
                 placeholder="number of days", blank_is_default=True, unit="days",
                 asks="A number of days"),
    QuestionType("dollars", _number_validator(whole=False), _minimum, show=_show_dollars,
                 hint=_range, placeholder="amount in dollars, e.g. 1000",
                 blank_is_default=True, unit="dollars", asks="An amount in dollars"),
    QuestionType("number", _number_validator(whole=False), _minimum, hint=_range,
                 placeholder="a number", blank_is_default=True, unit="count", asks="A number"),
    QuestionType("date", _validate_date, _empty, placeholder="a date like 2027-01-31",
                 blank_is_default=True, asks="A date",
                 order_words=("is before", "is on or before", "is after", "is on or after")),
):
    register(_builtin)
del _builtin
