"""State and the cursor never by colour alone (issue 14), in the app at 80x24.

A switch has its state in words beside it, kept up to date as it toggles; the cursor of
every list (the step list, a Select's options, a radio set) is bold and underlined while
it has the focus, and the step list's current step stays underlined when it has not; a
focused Select and switch are told by their text, not only their border's colour. An
answered question's prompt drops "(default)" at once. Ctrl+Up and the palette's steps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.widget import Widget
from textual.widgets import Label, OptionList, RadioButton, Select, Switch
from textual.widgets._select import SelectOverlay

from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.widgets.marks import WordedSwitch
from ordinance_tui.tui.widgets.questions import QuestionField
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


def styles_of(widget: Widget, words: str) -> list[Style]:
    """The styles of the segments holding ``words``' first word, on the line showing it."""
    first = words.split()[0]
    for y in range(widget.size.height):
        strip = widget.render_line(y)
        if words in strip.text:
            return [s.style or Style() for s in strip if first in s.text]
    raise AssertionError(f"{words!r} is not shown: "
                         f"{[widget.render_line(y).text for y in range(widget.size.height)]}")


def shown(widget: Widget) -> str:
    """All the lines ``widget`` shows, joined."""
    return " ".join(widget.render_line(y).text.strip() for y in range(widget.size.height))


def word_beside(switch: Switch) -> str:
    row = switch.parent
    assert isinstance(row, WordedSwitch)
    return row.query_one(".switch-label", Label).render_line(0).text.strip()


async def test_switches_say_their_state_and_cursors_are_not_colour_alone(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and app.session is not None

        # A jurisdiction switch: its word follows the switch, and the draft follows too.
        codified = screen.query_one("#j-codified", Switch)
        was = codified.value
        assert word_beside(codified) == ("Yes" if was else "No")
        codified.focus()
        await pilot.press("space")
        await settle(app, pilot)
        assert codified.value is not was
        assert word_beside(codified) == ("No" if was else "Yes")
        assert app.session.draft.jurisdiction.codified is not was
        # The focused switch's word is bold and underlined (its border differs by colour).
        word = codified.parent.query_one(".switch-label", Label)  # type: ignore[union-attr]
        assert all(s.bold and s.underline for s in styles_of(word, word_beside(codified)))

        # The step list: the current step is underlined without the focus, bold too with it.
        steps = screen.query_one("#steps", OptionList)
        current = str(steps.get_option_at_index(steps.highlighted or 0).prompt)
        blurred = styles_of(steps, current)
        assert blurred and all(s.underline for s in blurred)
        steps.focus()
        await pilot.pause()
        focused = styles_of(steps, current)
        assert focused and all(s.underline and s.bold for s in focused)

        # A Select's options: the one under the cursor is marked by more than colour.
        kind = screen.query_one("#j-kind", Select)
        current_kind = kind.query_one("#label")
        value = shown(current_kind)
        assert not any(s.underline for s in styles_of(current_kind, value))
        kind.focus()
        await pilot.pause()
        assert all(s.bold and s.underline for s in styles_of(current_kind, value))
        assert not any(s.underline for s in styles_of(word, word_beside(codified)))
        await pilot.press("enter", "down")
        await pilot.pause()
        overlay = kind.query_one(SelectOverlay)
        assert overlay.has_focus and overlay.highlighted is not None
        label = str(overlay.get_option_at_index(overlay.highlighted).prompt)
        under = styles_of(overlay, label)
        assert under and all(s.underline and s.bold for s in under)
        others = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)
                  if i != overlay.highlighted]
        assert not any(s.underline for s in styles_of(overlay, others[0]))
        await pilot.press("escape")
        await settle(app, pilot)

        # A radio set's cursor, and a yes/no question's switch with its word.
        screen.go_to_step("approach", focus="approach")
        await settle(app, pilot)
        field = next(f for f in screen.query(QuestionField) if f.question.id == "approach")
        assert app.focused is not None and field in app.focused.ancestors_with_self
        button = next(b for b in field.query(RadioButton) if b.has_class("-selected"))
        cursor = styles_of(button, str(button.label))
        assert cursor and all(s.underline and s.bold for s in cursor)
        switch = screen.query_one("#q-private_action", Switch)
        was = switch.value
        field = next(f for f in screen.query(QuestionField) if f.question.id == "private_action")
        assert "(default)" in shown(field.query_one(".prompt", Label))  # not answered yet
        assert word_beside(switch) == ("Yes" if was else "No")
        switch.focus()
        await pilot.press("space")
        await settle(app, pilot)
        assert word_beside(switch) == ("No" if was else "Yes")
        assert app.session.draft.answers["private_action"] is not was
        # Answered now: its prompt no longer says the value is the default.
        prompt = field.query_one(".prompt", Label)
        assert "Private right of action" in shown(prompt)
        assert "(default)" not in shown(prompt)


async def test_previous_step_key_and_steps_in_the_palette(tmp_path: Path) -> None:
    from ordinance_tui.tui.commands import JumpProvider

    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        entries = {name: run for name, _, run in JumpProvider(screen)._entries()}
        assert "Step: Jurisdiction" in entries and "Step: Approach" in entries
        entries["Step: Approach"]()
        await settle(app, pilot)
        assert screen.step_id == "approach"
        assert app.focused is not None and any(
            isinstance(a, QuestionField) for a in app.focused.ancestors_with_self)
        await pilot.press("ctrl+up")
        await settle(app, pilot)
        assert screen.step_id == "jurisdiction"
        await pilot.press("ctrl+up")  # the first step: it stays
        await settle(app, pilot)
        assert screen.step_id == "jurisdiction"
