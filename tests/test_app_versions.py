"""Pilot flows for versions and redlines: save a version, then export a redline from it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from textual.widgets import Input, OptionList, Select, Static

from ordinance_tui.core.draft import load_draft
from ordinance_tui.tui.screens.dialogs import ConfirmDialog
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.screens.versions import RedlineDialog, VersionsDialog
from tests.redline_reader import resolve
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


async def test_save_a_version_and_export_a_tracked_redline(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert isinstance(app.screen, VersionsDialog)
        name = app.screen.query_one("#version-name", Input)
        assert name.value == "as introduced" and app.focused is name
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session is not None
        assert [v.name for v in app.session.draft.versions] == ["as introduced"]
        assert [v.name for v in load_draft(path)[0].versions] == ["as introduced"]
        listing = app.screen.query_one("#versions", OptionList)
        assert listing.option_count == 1 and "as introduced" in str(
            listing.get_option_at_index(0).prompt)
        assert name.value == "amendment 1"  # the next name is ready
        # The same name again is refused with a message, not a crash.
        name.value = "As Introduced"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "already has a version" in str(app.screen.query_one("#version-error",
                                                                    Static).render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        # Amend the draft: higher damages.
        app.edit_draft(app.session.draft.with_answer("damages", 2500))
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        # With versions, the list has the focus: Enter starts a redline from the version.
        assert app.focused is app.screen.query_one("#versions", OptionList)
        await pilot.press("enter")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, RedlineDialog)
        assert dialog.query_one("#format", Select).value == "tracked"
        out = tmp_path / "draft-redline.docx"
        assert Path(dialog.query_one("#export-path", Input).value) == out
        out.write_bytes(b"old")  # the same overwrite question as the export dialog
        await pilot.click("#do-export")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(app, pilot)
        assert app.screen is dialog
        status = str(dialog.query_one("#export-status", Static).render())
        assert f"Saved to {out}" in status and "insertion" in status
    document = docx.Document(str(out))  # python-docx reopens it
    assert any("AS AMENDED" in p.text.upper() for p in document.paragraphs)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    # Accepting every change gives the new amount, rejecting every change the old one.
    accepted = docx.Document(io.BytesIO(resolve(out.read_bytes(), accept=True)))
    rejected = docx.Document(io.BytesIO(resolve(out.read_bytes(), accept=False)))
    assert any("$2,500" in p.text for p in accepted.paragraphs)
    assert any("$1,000" in p.text for p in rejected.paragraphs)


async def test_redline_as_html(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.save_version("as introduced") == ""
        app.edit_draft(app.session.draft.with_answer("damages", 2500))  # type: ignore[union-attr]
        await settle(app, pilot)
        app.action_redline("as introduced")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, RedlineDialog)
        dialog.query_one("#format", Select).value = "html"
        await settle(app, pilot)
        path_input = dialog.query_one("#export-path", Input)
        assert path_input.value.endswith("draft-redline.html")
        path_input.focus()
        await pilot.press("enter")
        await settle(app, pilot)
    html = (tmp_path / "draft-redline.html").read_text(encoding="utf-8")
    assert "<ins" in html and "<del" in html and "2,500" in html


async def test_undo_removes_a_saved_version(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.save_version("as introduced") == ""
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session is not None and app.session.draft.versions == ()
        # In the dialog too: the list follows.
        await pilot.press("ctrl+r", "enter")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, VersionsDialog) and len(app.session.draft.versions) == 1
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session.draft.versions == ()
        assert not dialog.query_one("#versions", OptionList).display
