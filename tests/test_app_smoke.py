"""Smoke test on the built-in library: every seed opens, previews, checks and exports.

The built-in clause library is still growing, so this test skips (rather than
fails) if the library itself reports errors; the fixture-library tests cover the
app's behaviour in detail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ordinance_tui.core.draft import draft_from_data, save_draft
from ordinance_tui.core.library import Library
from ordinance_tui.tui.app import create_app
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.widgets.preview import Preview
from tests.test_app_support import TODAY, settle

pytestmark = pytest.mark.asyncio


async def test_every_builtin_seed_opens_and_previews(tmp_path: Path, builtin: Library) -> None:
    library = builtin
    if library.errors:
        pytest.skip(f"the built-in library has errors: {library.errors[0]}")
    assert library.seeds
    for n, seed in enumerate(sorted(library.seeds.values(), key=lambda s: s.id)):
        draft, _ = draft_from_data(seed.data, seed.id)
        path = tmp_path / f"{seed.id}.yaml"
        save_draft(draft, path)
        app = create_app(library=library, draft_path=path,
                         recent_path=tmp_path / "recent.json", today=TODAY)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, InterviewScreen), seed.id
            assert screen.ordinance is not None, seed.id
            views = screen.query_one(Preview).views
            assert len(views) == len(list(screen.ordinance.all_sections())), seed.id
            if n == 0:  # every step renders its questions (once: it is slow)
                for step in library.ordered_steps():
                    screen.go_to_step(step.id)
                    await settle(app, pilot)
            await pilot.press("ctrl+z")  # nothing to undo: a message, no crash
            await settle(app, pilot)
        assert not app.return_code, seed.id
