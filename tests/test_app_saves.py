"""The app's autosave patches the draft's own file: one answer changed, one line changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.test_app_flows import open_step
from tests.test_app_support import make_app, settle
from tests.test_saves import ORIGINAL, changed_lines

pytestmark = pytest.mark.asyncio


async def test_changing_one_answer_changes_only_that_answer_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rt.yaml"
    shutil.copyfile(ORIGINAL, path)
    before = path.read_text()
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert path.read_text() == before  # opening it writes nothing new
        await open_step(app, pilot, "approach")
        damages = app.screen.query_one("#q-damages", Input)
        damages.focus()
        damages.value = "2500"
        await pilot.press("enter")  # a number saves on Enter or when the box is left
        await settle(app, pilot)
        assert app.session is not None and not app.session.unsaved
    assert changed_lines(before, path.read_text()) == ([], ["  damages: 2500"])
