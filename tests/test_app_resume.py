"""Pilot tests: reopening a draft returns to the step and question last visited, with undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import SelectionList

from ordinance_tui.core.draft import load_draft
from ordinance_tui.tui.resume import state_file
from ordinance_tui.tui.screens.interview import JURISDICTION, InterviewScreen
from ordinance_tui.tui.widgets.questions import QuestionField
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


async def test_reopening_returns_to_the_question_and_undo_survives(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        app.screen.go_to_step("approach", focus="exceptions")
        await settle(app, pilot)
        await pilot.press("space")  # untick "Device unlocking"
        await settle(app, pilot)
        assert app.session.draft.answers["exceptions"] == ["unsolicited"]
        await pilot.press("ctrl+q")
        await settle(app, pilot)
    assert load_draft(path)[0].answers["exceptions"] == ["unsolicited"]
    # The draft file holds the law only; the place and the history are kept beside it.
    assert "undo" not in path.read_text(encoding="utf-8")

    again = make_app(tmp_path, path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        screen = again.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.step_id == "approach"
        focused = again.focused
        assert isinstance(focused, SelectionList)
        field = next(a for a in focused.ancestors if isinstance(a, QuestionField))
        assert field.question.id == "exceptions"
        await pilot.press("ctrl+z")
        await settle(again, pilot)
        assert "exceptions" not in again.session.draft.answers  # back to the seed's default
    assert "exceptions" not in load_draft(path)[0].answers


async def test_a_corrupt_state_is_ignored_with_a_notice(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    state = state_file(path)
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"format": "ordinance-session/1", "draft": 3', encoding="utf-8")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.step_id == JURISDICTION
        assert any("could not be read" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
    assert json.loads(state.read_text(encoding="utf-8"))["format"] == "ordinance-session/1"
