"""The coverage screen on an imported draft (own sections only): read from its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import load_draft, save_draft
from ordinance_tui.tui.screens.coverage import CoverageScreen

from .conftest import seed_draft
from .test_analyze import own_text_draft
from .test_app_support import laws_library, make_app, settle

pytestmark = pytest.mark.asyncio


async def test_imported_draft_shows_sentences_and_enter_adds_a_section(tmp_path: Path) -> None:
    library = laws_library()
    path = tmp_path / "imported.yaml"
    save_draft(own_text_draft(library, seed_draft(library, "ban")), path)
    before = [s for s in assemble(library, load_draft(path)[0]).all_sections() if s.own]
    app = make_app(tmp_path, path, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CoverageScreen) and screen.analysis is not None
        summary = str(screen.query_one("#coverage-summary", Static).render())
        assert "read from its text" in summary
        # The ban is found in the text (no clause of the library is in the draft).
        assert screen.row("E13") is not None and screen.row("E13").in_draft  # type: ignore
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("E13"), animate=False)
        await settle(app, pilot)
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "Found (" in detail and "Section 3 (Prohibition)" in detail
        # The approval process (E10) is missing: Enter adds the clause as a new section.
        table.move_cursor(row=table.get_row_index("E10"), animate=False)
        await settle(app, pilot)
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "Enter adds it" in detail and "as a new section" in detail
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        draft = load_draft(path)[0]  # autosaved
        after = [s for s in assemble(library, draft).all_sections() if s.own]
        assert len(after) == len(before) + 1
        assert after[-1].number == before[-1].number + 1
        assert draft.added[-1].elements == ("E10",)
        row = screen.row("E10")
        assert row is not None and row.in_draft  # read again from the new text
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert len(load_draft(path)[0].added) == len(before)
