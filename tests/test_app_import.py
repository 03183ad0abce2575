"""The welcome screen's "Start from an existing law": typed path, errors, confirm, interview."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ordinance_tui.core.draft import load_draft
from ordinance_tui.core.library import Library
from ordinance_tui.tui.screens.dialogs import ConfirmDialog
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.screens.welcome import WelcomeScreen

from .test_app_support import make_app, settle

FIXTURES = Path(__file__).parent / "fixtures" / "import"

pytestmark = pytest.mark.asyncio


async def test_import_an_existing_law_from_the_welcome_screen(tmp_path: Path,
                                                              builtin: Library) -> None:
    source = tmp_path / "oakvale.txt"
    shutil.copy(FIXTURES / "oakvale-municode.txt", source)
    target = tmp_path / "oakvale.yaml"
    target.write_text("an older file the user keeps\n", encoding="utf-8")
    app = make_app(tmp_path, library=builtin)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#import-path", Input)
        box.focus()
        await pilot.press(*"oakvale.docx", "enter")  # a file that is not there
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        error = str(app.screen.query_one("#import-error", Static).render())
        assert "There is no file" in error and "oakvale.docx" in error
        assert box.has_class("-invalid")
        await pilot.press("ctrl+u", *"oakvale.txt", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)  # the draft's name is taken: ask
        await pilot.press("left", "enter")  # "Replace it"
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.session is not None and app.session.path == target.resolve()
        draft, problems = load_draft(target)
        assert problems == []
        assert [s.number for s in draft.added] == ["2-101", "2-103", "2-104", "2-105"]
        assert draft.imported is not None and draft.imported.source == "oakvale.txt"
        shown = app.screen.ordinance  # what the preview shows: only the chapter's sections
        assert shown is not None
        assert [(s.label.replace("\u00a0", " "), s.heading) for s in shown.all_sections()] == [
            ("Section 1.", "Addition of Chapter 2, Administration"),
            ("Sec. 2-101.", "Purpose"), ("Sec. 2-102.", "Definitions"),
            ("Sec. 2-103.", "Approval"), ("Sec. 2-104.", "Yearly report"),
            ("Sec. 2-105.", "Reserved")]
