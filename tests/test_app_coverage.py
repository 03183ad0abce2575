"""Pilot flows for the coverage screen: elements next to reference laws, suggestions applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, SelectionList, Static

from ordinance_tui.core.draft import load_draft
from ordinance_tui.tui.screens.coverage import CoverageScreen
from ordinance_tui.tui.screens.dialogs import ConfirmDialog
from ordinance_tui.tui.screens.interview import InterviewScreen
from tests.test_app_support import laws_library, make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


async def open_coverage(app, pilot) -> CoverageScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("ctrl+l")
    await settle(app, pilot)
    assert isinstance(app.screen, CoverageScreen)
    return app.screen


async def test_apply_a_suggestion_then_undo(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path, laws_library())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_coverage(app, pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 50
        # Both made-up laws are chosen (the fixture seed names no family).
        assert {law.id for law in screen.laws} == {"lakeside-ccops", "riverside-ban"}
        e10 = screen.row("E10")
        assert e10 is not None and not e10.in_draft and e10.suggestion is not None
        # The cursor starts on the first element there is to add; its advice is shown.
        assert screen.current_element() == "E10"
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "Enter adds it" in detail and "Approval process" in detail
        await pilot.press("enter")
        await settle(app, pilot)
        # The change takes the ban out (E08, E13): the app asks first, No by default.
        assert isinstance(app.screen, ConfirmDialog)
        assert "E13" in str(app.screen.query_one(Static).render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and app.session is not None
        assert app.session.draft.answers["approach"] == "ban"  # kept
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("left", "enter")  # the arrow keys move between the buttons
        await settle(app, pilot)
        assert app.screen is screen
        assert app.session.draft.answers["approach"] == "process"
        assert load_draft(path)[0].answers["approach"] == "process"  # autosaved
        row = screen.row("E10")
        assert row is not None and row.in_draft
        assert "yes" in str(table.get_cell("E10", "draft"))
        assert screen.current_element() == "E10"  # the cursor stays on the element
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session.draft.answers["approach"] == "ban"
        row = screen.row("E10")
        assert row is not None and not row.in_draft and row.suggestion is not None
        assert load_draft(path)[0].answers["approach"] == "ban"
        # The interview below saw the change too; Escape goes back to it.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)


async def test_choose_laws_changes_the_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"), laws_library())
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_coverage(app, pilot)
        laws = screen.query_one("#laws", SelectionList)
        laws.deselect("lakeside-ccops")
        await settle(app, pilot)
        assert [law.id for law in screen.laws] == ["riverside-ban"]
        table = screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            " ", "ID", "Element", "Draft", "RIV-FR"]
        # The ban law does not have E10, so nothing is offered for it now.
        row = screen.row("E10")
        assert row is not None and row.suggestion is None
        await pilot.press("a")
        await settle(app, pilot)
        assert len(screen.laws) == 2 and screen.how == "all reference laws"


async def test_coverage_from_the_command_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"), laws_library())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Coverage") for t in titles)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Coverage")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CoverageScreen)


async def test_a_library_without_laws_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_coverage(app, pilot)
        summary = str(screen.query_one("#coverage-summary", Static).render())
        assert "no reference laws" in summary
