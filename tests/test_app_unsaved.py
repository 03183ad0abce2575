"""Quitting never loses a change that could not be saved (reliability review R5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from ordinance_tui.core.draft import load_draft
from ordinance_tui.tui.screens.dialogs import ConfirmDialog
from tests.test_app_flows import open_step
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


def _break(path: Path) -> None:
    """Make saving ``path`` fail: a folder now stands where the draft was."""
    path.unlink()
    path.mkdir()


def _mend(path: Path) -> None:
    shutil.rmtree(path)


async def _type_damages(app, pilot, value: str) -> None:  # type: ignore[no-untyped-def]
    await open_step(app, pilot, "approach")
    damages = app.screen.query_one("#q-damages", Input)
    damages.focus()
    damages.value = value
    await pilot.press("enter")  # a number saves on Enter or when the box is left
    await settle(app, pilot)


async def test_quit_after_failed_save_asks_and_keep_editing_keeps_the_change(
        tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        _break(path)
        await _type_damages(app, pilot, "2500")
        assert app.session is not None and app.session.unsaved
        assert str(path) in app.session.save_error
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)  # asked, not gone
        assert "not saved" in app.screen.question and str(path) in app.screen.question
        await pilot.press("enter")  # the default button: Keep editing
        await settle(app, pilot)
        assert app.is_running and not isinstance(app.screen, ConfirmDialog)
        _mend(path)
        await pilot.press("ctrl+q")  # the last try on quit now succeeds
        await settle(app, pilot)
        assert not app.is_running
    assert load_draft(path)[0].answers["damages"] == 2500


async def test_failed_save_is_retried(tmp_path: Path) -> None:
    import ordinance_tui.tui.app as app_module

    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    old = app_module.SAVE_RETRY_SECONDS
    app_module.SAVE_RETRY_SECONDS = 0.2
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            _break(path)
            await _type_damages(app, pilot, "3000")
            assert app.session is not None and app.session.unsaved
            _mend(path)
            await pilot.pause(0.5)
            await settle(app, pilot)
            assert not app.session.unsaved and app.session.save_error == ""
            assert load_draft(path)[0].answers["damages"] == 3000
    finally:
        app_module.SAVE_RETRY_SECONDS = old


async def test_quit_and_lose_it_when_the_user_says_so(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        _break(path)
        await _type_damages(app, pilot, "2500")
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "enter")  # to "Quit and lose them"
        await settle(app, pilot)
        assert not app.is_running
