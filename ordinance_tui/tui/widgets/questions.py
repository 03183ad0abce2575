"""One widget per interview question; its control comes from a registry keyed by type.

A ``QuestionField`` owns one answer. It shows the prompt, the control and a
validation message, and posts ``QuestionField.Answered`` when the user gives a
new valid answer (``value`` is None to go back to the default): at once for a
choice or free text, and for a number or date (a type whose ``saves_as_typed`` is
false) only when its box is left or Enter is pressed, so that a prefix is never
saved. It never touches the draft itself. While the keyboard cursor rests on an
option not yet chosen (a radio set's or a checkbox list's), it posts
``QuestionField.Considering`` with the answer choosing it would give, so the screen
can show what that would change; Space or Enter chooses it.

``QUESTION_WIDGETS`` maps a question type's name (``core.qtypes``) to the
``QuestionWidget`` that builds its control; ``register_widget`` adds one. A type
without an entry gets a text box, checked by the type's own ``validate``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, RadioSet, SelectionList, Static, Switch
from textual.widgets.selection_list import Selection

from ...core.answers import validate_answer
from ...core.library import Question
from ...core.qtypes import QUESTION_TYPES, qtype
from ...core.whatif import option_value
from .inputs import InOrderInput
from .marks import MarkedRadioButton, MarkedSelectionList, WordedSwitch


def control_id(qid: str) -> str:
    return f"q-{qid}"


def show_value(question: Question, value: Any) -> str:
    """An answer as the user would type it."""
    if value is None:
        return ""
    return qtype(question).show(question, value)


@dataclass(frozen=True, slots=True)
class QuestionWidget:
    """How the app asks one question type.

    ``compose(field)`` yields the control, whose id is ``control_id(question.id)``,
    and anything shown beside it; the control posts Textual's usual messages
    (``Input.Changed``, ``RadioSet.Changed``, ``SelectionList.SelectedChanged``,
    ``Switch.Changed``), which the field turns into answers, or calls
    ``field.offer(value)``. ``mounted(field)``, if given, runs once it is on screen.
    """

    compose: Callable[[QuestionField], ComposeResult]
    mounted: Callable[[QuestionField], None] | None = None


_WIDGETS: dict[str, QuestionWidget] = {}
QUESTION_WIDGETS: Mapping[str, QuestionWidget] = MappingProxyType(_WIDGETS)


def register_widget(name: str, widget: QuestionWidget, *, replace: bool = False) -> QuestionWidget:
    """Use ``widget`` for questions of the registered type ``name``; returns it."""
    if name not in QUESTION_TYPES:
        raise ValueError(f"{name!r} is not a registered question type (core.qtypes.register)")
    if name in _WIDGETS and not replace:
        raise ValueError(f"question type {name!r} already has a widget")
    _WIDGETS[name] = widget
    return widget


def unregister_widget(name: str) -> None:
    """Forget the widget of ``name`` (its questions get a text box again)."""
    del _WIDGETS[name]


class OptionRadioSet(RadioSet):
    """A radio set that says which button the keyboard cursor is on (``Highlighted``)."""

    class Highlighted(Message):
        """The cursor moved to button ``index`` (not pressed yet)."""

        def __init__(self, radio_set: OptionRadioSet, index: int) -> None:
            super().__init__()
            self.radio_set = radio_set
            self.index = index

    def watch__selected(self) -> None:
        super().watch__selected()
        if self._selected is not None:
            self.post_message(self.Highlighted(self, self._selected))


class QuestionField(Vertical):
    """The prompt, control and validation message of one question."""

    class Answered(Message):
        """The user gave a valid new answer (None: use the default)."""

        def __init__(self, question: Question, value: Any) -> None:
            super().__init__()
            self.question = question
            self.value = value

    class Focused(Message):
        """The user moved into this question (the help pane follows)."""

        def __init__(self, question: Question) -> None:
            super().__init__()
            self.question = question

    class Considering(Message):
        """The cursor rests on an option: ``value`` is the answer choosing it gives.

        ``label`` is the option's label, ``unticks`` whether choosing it removes a ticked
        option, ``current`` whether it is the answer already (a radio set's pressed
        button); ``value`` is None when the cursor has left the question's options.
        """

        def __init__(self, question: Question, value: Any, label: str = "",
                     unticks: bool = False, current: bool = False, index: int = -1) -> None:
            super().__init__()
            self.index = index  # the option's position in the question's choices
            self.question = question
            self.value = value
            self.label = label
            self.unticks = unticks
            self.current = current

    def __init__(self, question: Question, value: Any, answered: bool, *,
                 invalid: Any = None) -> None:
        super().__init__(classes=f"question q-{question.type}")
        self.question = question
        self.value = value
        self.answered = answered
        # The draft's answer when its question refuses it (a text box shows it as written,
        # marked invalid, until the user fixes it); None when the answer is valid.
        self.invalid = invalid

    def _prompt(self) -> str:
        """The prompt, marked "(default)" until the drafter answers."""
        mark = "" if self.answered else "  [dim](default)[/dim]"
        return f"[b]{_escape(self.question.prompt)}[/b]{mark}"

    def _now_answered(self) -> None:
        if not self.answered:
            self.answered = True
            self.query_one(".prompt", Label).update(self._prompt())

    def compose(self) -> ComposeResult:
        q = self.question
        yield Label(self._prompt(), classes="prompt")
        widget = _WIDGETS.get(q.type, _TEXT_BOX)
        yield from widget.compose(self)
        error = Static("", classes="error")
        error.display = False
        yield error

    def on_mount(self) -> None:
        mounted = _WIDGETS.get(self.question.type, _TEXT_BOX).mounted
        if mounted is not None:
            self.call_after_refresh(mounted, self)
        if self.invalid is not None:
            _, error = validate_answer(self.question, self.invalid)
            self._error(self._invalid_in_file(error))
            self.set_class(True, "invalid")

    def _invalid_in_file(self, error: str | None) -> str:
        default = show_value(self.question, self.value) or "none"
        return (f"Invalid in the draft file: this answer {error}. Until it is fixed, the "
                f"law uses {default}.")

    def _choice_help(self, value: Any) -> str:
        """The chosen option in full (labels can be cut off) and what it means."""
        choice = self.question.choice(value) if isinstance(value, str) else None
        if choice is None:
            return ""
        text = f"[b]{_escape(choice.label)}[/b]"
        if choice.help:
            text += f": {_escape(' '.join(choice.help.split()))}"
        return text

    def offer(self, value: Any) -> None:
        """A control's answer: posts ``Answered`` if it is new."""
        if value != self.value:
            self.value = value
            self._now_answered()
            self.post_message(self.Answered(self.question, value))

    def on_descendant_focus(self) -> None:
        self.add_class("focused")
        self.post_message(self.Focused(self.question))
        self._consider_highlighted()

    def on_descendant_blur(self) -> None:
        self.remove_class("focused")
        if self.question.choices:
            self.post_message(self.Considering(self.question, None))

    def _consider_highlighted(self) -> None:
        """Post ``Considering`` for the option under the keyboard cursor, if any."""
        index: int | None = None
        for radio in self.query(OptionRadioSet):
            index = radio._selected
        for options in self.query(SelectionList):
            index = options.highlighted
        if index is not None:
            self.consider(index)

    def consider(self, index: int) -> None:
        """The cursor is on option ``index``: post what choosing it would answer."""
        answer = self.option_answer(index)
        if answer is not None:
            self.post_message(self.Considering(self.question, *answer, index=index))

    def option_answer(self, index: int) -> tuple[Any, str, bool, bool] | None:
        """(answer, label, unticks, current) for choosing option ``index`` now; None if
        there is no such option."""
        choices = self.question.choices
        if not 0 <= index < len(choices):
            return None
        choice = choices[index]
        multi = self.question.type == "multi"
        unticks = multi and choice.value in (self.value or [])
        return (option_value(self.question, self.value, choice.value), choice.label, unticks,
                not multi and choice.value == self.value)

    def on_option_radio_set_highlighted(self, event: OptionRadioSet.Highlighted) -> None:
        event.stop()
        if event.radio_set.has_focus:
            self.consider(event.index)

    def on_selection_list_selection_highlighted(
            self, event: SelectionList.SelectionHighlighted[str]) -> None:
        event.stop()
        if event.selection_list.has_focus:
            self.consider(event.selection_index)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        choice = self.question.choices[event.index]
        help_box = self.query_one(".choice-help", Static)
        help_box.update(self._choice_help(choice.value))
        help_box.display = bool(self._choice_help(choice.value))
        self.offer(choice.value)
        if event.radio_set.has_focus:
            self.consider(event.index)  # now chosen: "this is the current answer"

    def on_selection_list_selected_changed(
            self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        value, _ = validate_answer(self.question, list(event.selection_list.selected))
        self.offer(value)
        highlighted = event.selection_list.highlighted
        if event.selection_list.has_focus and highlighted is not None:
            self.consider(highlighted)  # what pressing Space again would do

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.offer(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Check the text as it is typed; save it now only if the type saves as typed.

        Other types (numbers, dates) save a complete valid value when the box is left
        or Enter is pressed (``commit``): a prefix such as 50 of 500 is never saved.
        """
        event.stop()
        live = qtype(self.question).saves_as_typed
        value, error = self._check(event.value, live)
        if live and error is None:
            self.offer(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.commit()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self.commit()

    def commit(self) -> None:
        """Post the box's text as the answer if it is a valid new one."""
        new, value = self.take_typed()
        if new:
            self.post_message(self.Answered(self.question, value))

    def take_typed(self) -> tuple[bool, Any]:
        """``(True, value)`` if the box holds a valid new answer (now recorded as given).

        ``(False, None)`` otherwise, and for controls other than a box. The caller saves
        the value (``commit`` posts it; the screen applies it at once before a dialog).
        """
        boxes = self.query(Input)
        if not boxes or qtype(self.question).saves_as_typed:
            return False, None
        value, error = self._check(boxes.first().value, live=True)
        if error is not None or value == self.value and self.invalid is None:
            return False, None
        self.invalid = None
        self.value = value
        self._now_answered()
        return True, value

    def _check(self, text: str, live: bool) -> tuple[Any, str | None]:
        """Validate a box's text and say what will happen to it; (value, error or None).

        Returns None as the value for a blank box whose type uses the default then.
        """
        pending = not live and (text != show_value(self.question, self.value)
                                or self.invalid is not None)
        if qtype(self.question).blank_is_default and not text.strip():
            default = show_value(self.question, self.question.default) or "none"
            when = " once you leave the box or press Enter" if pending else ""
            self._error(f"Empty: the default ({default}) is used{when}.", hint=True)
            self.set_class(False, "invalid")
            return None, None
        value, error = validate_answer(self.question, text)
        if error:
            as_in_file = self.invalid is not None and text == str(self.invalid)
            self._error(self._invalid_in_file(error) if as_in_file
                        else f"Invalid, not saved: this answer {error}.")
            self.set_class(True, "invalid")
            return value, error
        self.set_class(False, "invalid")
        self._error("Not saved yet: press Enter or leave the box to save it." if pending
                    and value != self.value else "", hint=True)
        return value, None

    def _error(self, message: str, hint: bool = False) -> None:
        box = self.query_one(".error", Static)
        box.update(_escape(message))
        box.display = bool(message)
        box.set_class(hint, "hint")

    def focus_control(self) -> None:
        """Put the keyboard focus on the control."""
        self.query_one(f"#{control_id(self.question.id)}").focus()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# ---------------------------------------------------------------------------
# The built-in controls


def _radio_buttons(field: QuestionField) -> ComposeResult:
    with OptionRadioSet(id=control_id(field.question.id)):
        for choice in field.question.choices:
            yield MarkedRadioButton(choice.label, value=choice.value == field.value)
    help_box = Static(field._choice_help(field.value), classes="choice-help")
    help_box.display = bool(field._choice_help(field.value))
    yield help_box


def _cursor_on_pressed(field: QuestionField) -> None:
    """Start the keyboard cursor on the chosen button, not on the first one."""
    radio = field.query_one(OptionRadioSet)
    if radio.pressed_index >= 0:
        radio._selected = radio.pressed_index


def _selection_list(field: QuestionField) -> ComposeResult:
    chosen = set(field.value or [])
    yield MarkedSelectionList(
        *(Selection(c.label, c.value, c.value in chosen) for c in field.question.choices),
        id=control_id(field.question.id))


def _switch(field: QuestionField) -> ComposeResult:
    yield WordedSwitch(bool(field.value), id=control_id(field.question.id))


def _text_box(field: QuestionField) -> ComposeResult:
    """A text box; its placeholder is the question's, else its type's."""
    q = field.question
    entry = QUESTION_TYPES.get(q.type)
    placeholder = q.placeholder or (entry.placeholder if entry is not None else "")
    text = show_value(q, field.value) if field.invalid is None else str(field.invalid)
    yield InOrderInput(text, placeholder=placeholder, id=control_id(q.id),
                       max_length=q.max_length or 0)


_TEXT_BOX = QuestionWidget(_text_box)
register_widget("choice", QuestionWidget(_radio_buttons, mounted=_cursor_on_pressed))
register_widget("multi", QuestionWidget(_selection_list))
register_widget("bool", QuestionWidget(_switch))

