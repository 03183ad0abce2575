"""Pilot flow: the amending ordinance from the versions dialog, written by the export flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Select, Static

from ordinance_tui.tui.screens.versions import AmendDialog, VersionsDialog
from tests.amendment_reader import md_text
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


async def test_pick_a_version_and_export_its_amending_ordinance(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(app, pilot)
        assert app.save_version("as introduced") == ""
        assert app.session is not None
        app.edit_draft(app.session.draft.with_answer("damages", 2500))
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        versions = app.screen
        assert isinstance(versions, VersionsDialog)
        assert versions.query_one("#versions", OptionList).highlighted == 0
        assert not versions.query_one("#amend", Button).disabled
        versions.query_one("#amend", Button).press()
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, AmendDialog)
        dialog.query_one("#format", Select).value = "md"
        await settle(app, pilot)
        out = tmp_path / "draft-amendment.md"
        assert Path(dialog.query_one("#export-path", Input).value) == out
        dialog.query_one("#do-export", Button).press()
        await settle(app, pilot)
        status = str(dialog.query_one("#export-status", Static).render())
        assert f"Saved to {out}" in status and "1 section amended" in status
    text = md_text(out.read_text(encoding="utf-8"))
    assert "is amended to read as follows:" in text
    assert "$2,500" in text
