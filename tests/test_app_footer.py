"""The interview's footer at 80 columns: every binding it shows is whole; F1 lists the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from ordinance_tui.tui.screens.dialogs import KeysDialog
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


async def test_the_footer_fits_80_columns_and_f1_lists_every_key(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        shown = [key.description for key in keys]
        assert {"Next", "Export", "Checks", "Undo", "Redo", "All keys"} <= set(shown), shown
        for key in keys:  # nothing cut at the right edge
            assert key.region.right <= 80 and key.region.width >= len(key.description), (
                key.description, key.region)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, KeysDialog)
        listed = str(app.screen.query_one("#keys-list", Static).render())
        for hidden in ("Clauses", "Coverage", "Versions", "preview", "Redo"):
            assert hidden in listed, hidden
        assert "ctrl+o" in listed.lower() or "^o" in listed
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, KeysDialog)
