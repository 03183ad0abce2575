"""Pilot tests of input that never lies (issue 14), on the built-in library at 80x24.

Rebuilding a step keeps the keyboard where the user left it; number and date boxes
save only a valid complete value, when the box is left or Enter is pressed; fast
typing after Ctrl+U or a palette jump loses nothing; the focused field is on screen;
Shift+Tab, Escape and the Checks tab lead where a keyboard user expects.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList, SelectionList, Static, TabbedContent

from ordinance_tui.core.draft import draft_from_data, load_draft, save_draft
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.widgets.checks import ChecksList
from ordinance_tui.tui.widgets.questions import QuestionField
from tests.test_app_support import make_app, settle

pytestmark = pytest.mark.asyncio
SMALL = (80, 24)
_BUILTIN: list[Library] = []


def builtin_library() -> Library:
    if not _BUILTIN:
        _BUILTIN.append(load_library())
    return _BUILTIN[0]


def builtin_draft(folder: Path, seed: str = "moratorium", **answers: object) -> Path:
    library = builtin_library()
    draft, _ = draft_from_data(library.seeds[seed].data, seed)
    for qid, value in answers.items():
        draft = draft.with_answer(qid, value)
    path = folder / f"{seed}.yaml"
    save_draft(draft, path)
    return path


def burst(app: object, *keys: str) -> None:
    """Deliver keys all at once, as a terminal does when they arrive in one read (fast
    typing, or keys queued while the app was busy); ``Pilot.press`` waits between keys."""
    from textual import events

    names = {"-": "minus", " ": "space"}
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(names.get(key, key), char))  # type: ignore[attr-defined]


def interview(app: object) -> InterviewScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, InterviewScreen)
    return screen


async def test_checkbox_cursor_survives_a_step_rebuild(tmp_path: Path) -> None:
    """Down, Space on "Damages" reveals questions; the next Down, Space ticks fees."""
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).go_to_step("enforcement")
        await settle(app, pilot)
        remedies = app.screen.query_one("#q-remedies", SelectionList)
        assert app.focused is remedies and remedies.highlighted == 0
        assert not app.screen.query("#q-damages_amount")
        await pilot.press("down", "space")
        await settle(app, pilot)
        assert app.screen.query("#q-damages_amount")  # the step gained questions
        await pilot.press("down", "space")
        await settle(app, pilot)
        assert app.session.draft.answers["remedies"] == [
            "injunctive", "damages", "fees", "discipline", "criminal"]
        remedies = app.screen.query_one("#q-remedies", SelectionList)
        assert app.focused is remedies and remedies.highlighted == 2
    assert load_draft(app.session.path)[0].answers["remedies"] == [
        "injunctive", "damages", "fees", "discipline", "criminal"]


async def test_scroll_position_survives_a_step_rebuild(tmp_path: Path) -> None:
    """Unticking the last remedy hides questions above it; the list stays in view."""
    app = make_app(tmp_path, builtin_draft(tmp_path, remedies=["damages", "criminal"]),
                   library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).jump_to_question("criminal_fine")
        await settle(app, pilot)
        pane = app.screen.query_one("#questions", VerticalScroll)
        assert pane.scroll_y > 0
        app.screen.query_one("#q-remedies", SelectionList).focus()
        await settle(app, pilot)
        remedies = app.screen.query_one("#q-remedies", SelectionList)
        remedies.highlighted = 1
        await pilot.press("space")  # untick damages: its two questions go
        await settle(app, pilot)
        assert app.session.draft.answers["remedies"] == ["criminal"]
        assert app.focused is remedies and remedies.highlighted == 1
        assert app.screen.query_one("#q-remedies") is remedies  # the same widget, kept
        # The highlighted option's row is on screen (the list may be taller than the pane).
        row = remedies.content_region.y + 1 - remedies.scroll_offset.y
        assert pane.content_region.y <= row < pane.content_region.bottom, (
            row, pane.content_region)


async def test_number_saves_only_a_complete_valid_value(tmp_path: Path) -> None:
    """Typing 500 into a 10-365 box never saves 50; Enter saves a valid value."""
    app = make_app(tmp_path, builtin_draft(tmp_path, approach_face="ban",
                                           ban_assessment=True),
                   library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).jump_to_question("ban_assessment_days")
        await settle(app, pilot)
        box = app.screen.query_one("#q-ban_assessment_days", Input)
        assert app.focused is box
        field = box.parent
        assert isinstance(field, QuestionField)
        before = app.session.draft.answers["ban_assessment_days"]
        assert before == 90  # the seed's
        await pilot.press("ctrl+u", *"500")
        await settle(app, pilot)
        error = field.query_one(".error", Static)
        message = str(error.render())
        assert "must be at most 365, not 500" in message
        assert field.has_class("invalid") and message.startswith("Invalid, not saved")
        assert app.session.draft.answers["ban_assessment_days"] == before  # not 5, nor 50
        await pilot.press("tab")  # leaving the box does not save an invalid value
        await settle(app, pilot)
        assert app.session.draft.answers["ban_assessment_days"] == before
        assert load_draft(app.session.path)[0].answers["ban_assessment_days"] == before
        assert field.has_class("invalid")
        box.focus()
        await pilot.press("end", "backspace", "enter")  # "50", complete, Enter
        await settle(app, pilot)
        assert app.session.draft.answers["ban_assessment_days"] == 50
        assert not field.has_class("invalid")
        await pilot.press("ctrl+u", *"120", "tab")  # leaving the box saves it
        await settle(app, pilot)
        assert app.session.draft.answers["ban_assessment_days"] == 120
    assert load_draft(app.session.path)[0].answers["ban_assessment_days"] == 120


async def test_fast_typing_after_a_palette_jump_is_all_kept(tmp_path: Path) -> None:
    """Ctrl+P, pick the date, Ctrl+U and type at once: every character arrives."""
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"moratorium ends")
        await settle(app, pilot)
        await pilot.press("enter")
        burst(app, "ctrl+u", *"2029-06-30", "enter")
        await settle(app, pilot)
        assert app.session.draft.answers["moratorium_end_date"] == "2029-06-30"
        box = app.screen.query_one("#q-moratorium_end_date", Input)
        assert box.value == "2029-06-30" and app.focused is box
        pane = app.screen.query_one("#questions", VerticalScroll)
        assert pane.content_region.contains_region(box.region), (box.region,
                                                                 pane.content_region)


async def test_fast_typing_after_clearing_a_jurisdiction_field(tmp_path: Path) -> None:
    """Change the style, then Ctrl+U and type the name at once: the name is saved."""
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        from textual.widgets import Select

        app.screen.query_one("#j-style", Select).value = "town"
        app.screen.query_one("#j-name", Input).focus()
        burst(app, "end", "ctrl+u", *"Lakeshore", "tab")
        await settle(app, pilot)
        assert app.session.draft.jurisdiction.name == "Lakeshore"
        assert app.session.draft.jurisdiction.style == "town"
    assert load_draft(app.session.path)[0].jurisdiction.name == "Lakeshore"


async def test_editing_keys_typed_fast_apply_in_order(tmp_path: Path) -> None:
    """Ctrl+U, digits, Home, a digit, End, Backspace in one burst: applied in that order."""
    app = make_app(tmp_path, builtin_draft(tmp_path, remedies=["damages"]),
                   library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).jump_to_question("damages_amount")
        await settle(app, pilot)
        burst(app, "ctrl+u", *"5000", "home", "1", "end", "backspace", "enter")
        await settle(app, pilot)
        assert app.session.draft.answers["damages_amount"] == 1500
        assert app.screen.query_one("#q-damages_amount", Input).value == "1500"


async def test_focused_field_is_scrolled_into_view(tmp_path: Path) -> None:
    """At 80x24 with the preview open, the last question of the longest step is visible."""
    library = builtin_library()
    app = make_app(tmp_path, builtin_draft(tmp_path, "ccops"), library=library)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        screen = interview(app)
        longest = max((s for s in library.ordered_steps()), key=lambda s: len(
            screen.step_questions(s.id)))
        last = screen.step_questions(longest.id)[-1]
        screen.jump_to_question(last)
        await settle(app, pilot)
        assert not screen.has_class("no-side")
        field = next(f for f in screen.query(QuestionField) if f.question.id == last)
        control = field.query_one(f"#q-{last}")
        assert app.focused is control
        pane = screen.query_one("#questions", VerticalScroll)
        visible = pane.content_region
        assert control.region.height > 0
        assert visible.contains_region(control.region), (control.region, visible)
        # Tabbing back through the step keeps each focused control in view too.
        for _ in range(3):
            await pilot.press("shift+tab")
            await settle(app, pilot)
            focused = app.focused
            assert focused is not None
            if pane in focused.ancestors:
                assert visible.contains_region(focused.region), (focused, focused.region)


async def test_invalid_answer_in_the_file_is_shown_as_invalid(tmp_path: Path) -> None:
    path = builtin_draft(tmp_path)
    text = path.read_text()
    assert "moratorium_end_date: '2028-12-31'" in text
    path.write_text(text.replace("moratorium_end_date: '2028-12-31'",
                                 "moratorium_end_date: 2029-13-45"))
    app = make_app(tmp_path, path, library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).jump_to_question("moratorium_end_date")
        await settle(app, pilot)
        box = app.screen.query_one("#q-moratorium_end_date", Input)
        field = box.parent
        assert isinstance(field, QuestionField)
        assert box.value == "2029-13-45"
        assert field.has_class("invalid")
        message = " ".join(str(field.query_one(".error", Static).render()).split())
        assert message.startswith("Invalid in the draft file: this answer expected a date")
        assert "'2029-13-45'" in message and "the law uses 2028-12-31" in message
        assert any(n.severity == "error" and "moratorium_end_date" in n.message
                   for n in app._notifications)


async def test_shift_tab_from_the_first_question_reaches_the_steps(tmp_path: Path) -> None:
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).go_to_step("enforcement")
        await settle(app, pilot)
        assert app.focused is app.screen.query_one("#q-remedies")
        await pilot.press("shift+tab")
        await settle(app, pilot)
        assert app.focused is app.screen.query_one("#steps", OptionList)


async def test_escape_from_a_dialog_returns_focus(tmp_path: Path) -> None:
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).jump_to_question("remedies")
        await settle(app, pilot)
        remedies = app.screen.query_one("#q-remedies")
        assert app.focused is remedies
        for key in ("ctrl+e", "ctrl+r", "ctrl+l", "ctrl+o"):
            await pilot.press(key)
            await settle(app, pilot)
            assert not isinstance(app.screen, InterviewScreen), key
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, InterviewScreen), key
            assert app.focused is remedies, key


async def test_redline_escape_returns_to_the_interview(tmp_path: Path) -> None:
    path = builtin_draft(tmp_path)
    app = make_app(tmp_path, path, library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        assert app.save_version("as introduced") == ""
        interview(app).jump_to_question("remedies")
        await settle(app, pilot)
        remedies = app.screen.query_one("#q-remedies")
        app.action_versions()
        await settle(app, pilot)
        app.action_redline("as introduced")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.focused is remedies


async def test_from_checks_back_to_preview(tmp_path: Path) -> None:
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).jump_to_question("remedies")
        await settle(app, pilot)
        tabs = app.screen.query_one("#side", TabbedContent)
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        assert tabs.active == "tab-checks" and app.focused is app.screen.query_one(ChecksList)
        await pilot.press("ctrl+k")  # the same key goes back
        await settle(app, pilot)
        assert tabs.active == "tab-preview"
        assert app.focused is app.screen.query_one("#q-remedies")
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        await pilot.press("escape")  # and so does Escape
        await settle(app, pilot)
        assert tabs.active == "tab-preview"
        assert app.focused is app.screen.query_one("#q-remedies")


async def test_fast_typing_after_choosing_a_style_by_keyboard(tmp_path: Path) -> None:
    """Choose a style in its list, Tab to the name, Ctrl+U and type, without pauses."""
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        from textual.widgets import Select

        style = app.screen.query_one("#j-style", Select)
        style.focus()
        await settle(app, pilot)
        town = next(i for i, (_, value) in enumerate(style._options) if value == "town")
        current = next(i for i, (_, value) in enumerate(style._options) if value == style.value)
        moves = ["down"] * (town - current) if town > current else ["up"] * (current - town)
        await pilot.press("enter", *moves, "enter", "tab")
        burst(app, "ctrl+u", *"Lakeshore")
        await settle(app, pilot)
        assert app.session.draft.jurisdiction.style == "town"
        assert app.screen.query_one("#j-name", Input).value == "Lakeshore"
        assert app.session.draft.jurisdiction.name == "Lakeshore"


async def test_tabbing_through_the_jurisdiction_keeps_the_field_in_view(tmp_path: Path
                                                                        ) -> None:
    """Tab from the name down the form at 80x24: each focused box stays on screen."""
    app = make_app(tmp_path, builtin_draft(tmp_path), library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one("#questions", VerticalScroll)
        app.screen.query_one("#j-name", Input).focus()
        await settle(app, pilot)
        seen = []
        for _ in range(6):
            await pilot.press("tab")
            await settle(app, pilot)
            focused = app.focused
            assert focused is not None and pane in focused.ancestors
            seen.append(focused.id)
            assert pane.content_region.contains_region(focused.region), (
                focused.id, focused.region, pane.content_region)
        assert "j-short_title" in seen


async def test_a_typed_number_is_saved_before_a_dialog_or_another_step(tmp_path: Path
                                                                       ) -> None:
    """A valid number still in its box is saved when Ctrl+E or Ctrl+N is pressed."""
    app = make_app(tmp_path, builtin_draft(tmp_path, remedies=["damages"]),
                   library=builtin_library())
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        interview(app).jump_to_question("damages_amount")
        await settle(app, pilot)
        await pilot.press("ctrl+u", *"2500", "ctrl+e")
        await settle(app, pilot)
        assert app.session.draft.answers["damages_amount"] == 2500
        from ordinance_tui.tui.screens.export import ExportDialog

        assert isinstance(app.screen, ExportDialog) and \
            app.screen.draft.answers["damages_amount"] == 2500
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("ctrl+u", *"3000", "ctrl+n")
        await settle(app, pilot)
        assert app.session.draft.answers["damages_amount"] == 3000
        assert interview(app).step_id != "enforcement"
