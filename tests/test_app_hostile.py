"""The app opens every malformed and hostile draft of the reliability review without crashing.

One app on the built-in library opens each draft in turn from the welcome screen (the
path ``ordinance DRAFT.yaml`` and the welcome screen's "Open" both take): a draft it
can use opens in the interview, whose preview and checks then run; one it cannot use
is refused with a message and the welcome screen stays. The file is never changed by
opening it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ordinance_tui.core.library import Library
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.screens.welcome import WelcomeScreen
from tests.test_app_support import make_app, settle

pytestmark = pytest.mark.asyncio
INPUTS = Path(__file__).parent / "fixtures" / "reliability"


@pytest.mark.parametrize("kind", ["drafts-malformed", "drafts-hostile-text"])
async def test_app_opens_or_refuses_every_input(kind: str, tmp_path: Path,
                                                builtin: Library) -> None:
    drafts = sorted((INPUTS / kind).glob("*.yaml"))
    app = make_app(tmp_path, library=builtin)
    outcomes: dict[str, str] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for original in drafts:
            path = tmp_path / original.name
            shutil.copyfile(original, path)
            before = path.read_bytes()
            app.clear_notifications()
            opened = app.open_draft(path)
            await settle(app, pilot)
            assert app.is_running, original.name
            if opened:
                assert isinstance(app.screen, InterviewScreen), original.name
                outcomes[original.name] = "opened"
                app.pop_screen()
                await settle(app, pilot)
            else:
                assert isinstance(app.screen, WelcomeScreen), original.name
                assert any(n.severity == "error" for n in app._notifications), original.name
                outcomes[original.name] = "refused"
            assert path.read_bytes() == before, f"opening {original.name} changed it"
    assert len(outcomes) == len(drafts)
    if kind == "drafts-hostile-text":
        # Hostile text is text and opens; a lone surrogate (\ud800) is not text at all, and
        # is refused with the line, as `build` refuses it.
        refused = {name for name, how in outcomes.items() if how != "opened"}
        assert refused == {"surrogate.yaml", "surrogate-police.yaml"}
