"""One widget per interview question, chosen by the question's type.

A ``QuestionField`` owns one answer. It shows the prompt, the control and a
validation message, and posts ``QuestionField.Answered`` when the user gives a
new valid answer (``value`` is None to go back to the default). It never
touches the draft itself.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, RadioSet, SelectionList, Static, Switch
from textual.widgets.selection_list import Selection

from ...core.answers import validate_answer
from ...core.library import NUMBER_TYPES, Question
from .marks import MarkedRadioButton, MarkedSelectionList

PLACEHOLDERS = {"days": "number of days", "dollars": "amount in dollars, e.g. 1000",
                "number": "a number", "date": "a date like 2027-01-31", "text": ""}


def control_id(qid: str) -> str:
    return f"q-{qid}"


def show_value(question: Question, value: Any) -> str:
    """An answer as the user would type it."""
    if value is None:
        return ""
    if question.type == "dollars" and isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


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

    def __init__(self, question: Question, value: Any, answered: bool) -> None:
        super().__init__(classes=f"question q-{question.type}")
        self.question = question
        self.value = value
        self.answered = answered

    def compose(self) -> ComposeResult:
        q = self.question
        mark = "" if self.answered else "  [dim](default)[/dim]"
        yield Label(f"[b]{_escape(q.prompt)}[/b]{mark}", classes="prompt")
        cid = control_id(q.id)
        if q.type == "choice":
            with RadioSet(id=cid):
                for choice in q.choices:
                    yield MarkedRadioButton(choice.label, value=choice.value == self.value)
            help_box = Static(self._choice_help(self.value), classes="choice-help")
            help_box.display = bool(self._choice_help(self.value))
            yield help_box
        elif q.type == "multi":
            chosen = set(self.value or [])
            yield MarkedSelectionList(
                *(Selection(c.label, c.value, c.value in chosen) for c in q.choices), id=cid)
        elif q.type == "bool":
            with Vertical(classes="switch-row"):
                yield Switch(bool(self.value), id=cid)
                yield Label("Yes" if self.value else "No", classes="switch-label")
        else:
            placeholder = q.placeholder or PLACEHOLDERS.get(q.type, "")
            yield Input(show_value(q, self.value), placeholder=placeholder, id=cid,
                        max_length=q.max_length or 0)
        error = Static("", classes="error")
        error.display = False
        yield error

    def on_mount(self) -> None:
        if self.question.type == "choice":
            self.call_after_refresh(self._cursor_on_pressed)

    def _cursor_on_pressed(self) -> None:
        """Start the keyboard cursor on the chosen button, not on the first one."""
        radio = self.query_one(RadioSet)
        if radio.pressed_index >= 0:
            radio._selected = radio.pressed_index

    def _choice_help(self, value: Any) -> str:
        """The chosen option in full (labels can be cut off) and what it means."""
        choice = self.question.choice(value) if isinstance(value, str) else None
        if choice is None:
            return ""
        text = f"[b]{_escape(choice.label)}[/b]"
        if choice.help:
            text += f": {_escape(' '.join(choice.help.split()))}"
        return text

    def _offer(self, value: Any) -> None:
        if value != self.value:
            self.value = value
            self.answered = True
            self.post_message(self.Answered(self.question, value))

    def on_descendant_focus(self) -> None:
        self.add_class("focused")
        self.post_message(self.Focused(self.question))

    def on_descendant_blur(self) -> None:
        self.remove_class("focused")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        choice = self.question.choices[event.index]
        help_box = self.query_one(".choice-help", Static)
        help_box.update(self._choice_help(choice.value))
        help_box.display = bool(self._choice_help(choice.value))
        self._offer(choice.value)

    def on_selection_list_selected_changed(
            self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        value, _ = validate_answer(self.question, list(event.selection_list.selected))
        self._offer(value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one(".switch-label", Label).update("Yes" if event.value else "No")
        self._offer(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value
        if self.question.type in (*NUMBER_TYPES, "date") and not text.strip():
            default = show_value(self.question, self.question.default) or "none"
            self._error(f"Empty: the default ({default}) is used.")
            self.set_class(False, "invalid")
            self._offer(None)
            return
        value, error = validate_answer(self.question, text)
        if error:
            self._error(f"This answer {error}.")
            self.set_class(True, "invalid")
            return
        self._error("")
        self.set_class(False, "invalid")
        self._offer(value)

    def _error(self, message: str) -> None:
        box = self.query_one(".error", Static)
        box.update(message)
        box.display = bool(message)

    def focus_control(self) -> None:
        """Put the keyboard focus on the control."""
        self.query_one(f"#{control_id(self.question.id)}").focus()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
