"""Pilot tests: what choosing the highlighted option would change, before choosing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import SelectionList

from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.widgets.preview import OptionEffectView
from ordinance_tui.tui.widgets.questions import OptionRadioSet
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


async def test_highlighted_option_shows_what_it_changes_at_80x24(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.go_to_step("approach")
        await settle(app, pilot)
        assert isinstance(app.focused, OptionRadioSet)
        view = screen.query_one(OptionEffectView)
        await pilot.press("down")  # onto "Approval process", not chosen yet
        await settle(app, pilot)
        text = " ".join(view.text().split())
        assert "If you choose “Approval process”" in text
        assert "+ adds Section 3. Approval process" in text
        assert "- removes Section 3. Prohibition" in text
        assert "[-“Face Surveillance”" in text and "{+“Surveillance Technology”" in text
        assert "asks 1 question: “Days of notice before a hearing”" in text
        assert app.session.draft.answers["approach"] == "ban"  # nothing chosen yet
        await pilot.press("space")
        await settle(app, pilot)
        assert app.session.draft.answers["approach"] == "process"
        assert view.text() == ""  # the cursor is on the answer now: nothing would change


async def test_checkbox_list_shows_what_untick_and_tick_do_at_120x40(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.go_to_step("approach", focus="exceptions")
        await settle(app, pilot)
        assert isinstance(app.focused, SelectionList)
        view = screen.query_one(OptionEffectView)
        await pilot.press("down")  # "Unsolicited information", ticked by default
        await settle(app, pilot)
        text = " ".join(view.text().split())
        assert "If you untick “Unsolicited information”" in text
        assert "~ changes Section 4. Exceptions" in text
        assert "[-the receipt of information that an Official did not ask for" in text
        await pilot.press("space")
        await settle(app, pilot)
        assert app.session.draft.answers["exceptions"] == ["unlock"]
        text = " ".join(view.text().split())  # what Space would do now: tick it again
        assert "If you tick “Unsolicited information”" in text and "{+the receipt" in text
        await pilot.press("tab")  # leaving the options clears the box
        await settle(app, pilot)
        assert view.text() == ""


async def test_coverage_names_elements_in_full_and_shows_a_suggestions_effect(
        tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from ordinance_tui.core.laws import ELEMENTS
    from ordinance_tui.tui.screens.coverage import CoverageScreen
    from tests.test_app_support import laws_library

    app = make_app(tmp_path, seed_file(tmp_path, "ban"), laws_library())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CoverageScreen)
        table = screen.query_one(DataTable)
        longest = max(ELEMENTS, key=lambda e: len(ELEMENTS[e]))
        assert str(table.get_cell(longest, "element")) == ELEMENTS[longest]  # not cut
        column = next(c for c in table.columns.values() if c.key == "element")
        assert column.width > 50  # the room the table has, not a fixed 22
        # The cursor starts on E10 (an approval process): what Enter would change, first.
        assert screen.current_element() == "E10"
        text = " ".join(screen.query_one("#suggestion-effect", OptionEffectView).text().split())
        assert "If you add “E10" in text and "(Enter)" in text
        assert "+ adds Section 3. Approval process" in text
        assert app.session.draft.answers["approach"] == "ban"  # nothing applied yet
