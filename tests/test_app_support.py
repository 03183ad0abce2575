"""Helpers shared by the app tests (no tests here): the fixture library, a frozen
date, and an app factory that keeps every file inside the test's folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.worker import WorkerCancelled

from ordinance_tui.core.draft import Draft, draft_from_data, save_draft
from ordinance_tui.core.library import Library, LibrarySource, load_library
from ordinance_tui.core.lint import Diagnostic
from ordinance_tui.tui.app import OrdinanceApp, create_app

FIXTURE_LIBRARY = Path(__file__).parent / "fixtures" / "library"
APP_LAWS = Path(__file__).parent / "fixtures" / "app_laws"  # two made-up reference laws
TODAY = dt.date(2026, 11, 26)
_LIBRARY: Library | None = None
_WITH_LAWS: Library | None = None


def fixture_library() -> Library:
    """The small, stable test library (loaded once per session)."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = load_library([LibrarySource(FIXTURE_LIBRARY, FIXTURE_LIBRARY / "seeds")])
        assert _LIBRARY.problems == ()
    return _LIBRARY


def laws_library() -> Library:
    """The fixture library with two made-up reference laws layered over it."""
    global _WITH_LAWS
    if _WITH_LAWS is None:
        _WITH_LAWS = load_library([LibrarySource(FIXTURE_LIBRARY, FIXTURE_LIBRARY / "seeds"),
                                   LibrarySource(APP_LAWS, APP_LAWS / "seeds")])
        assert _WITH_LAWS.problems == ()
    return _WITH_LAWS


def seed_file(folder: Path, seed_id: str, name: str = "draft.yaml",
              library: Library | None = None) -> Path:
    """Write a draft file from a seed (of the fixture library unless ``library`` is given)
    and return its path."""
    library = library or fixture_library()
    draft, _ = draft_from_data(library.seeds[seed_id].data, seed_id)
    path = folder / name
    save_draft(draft, path)
    return path


def make_app(folder: Path, draft_path: Path | None = None, library: Library | None = None
             ) -> OrdinanceApp:
    return create_app(library=library or fixture_library(), draft_path=draft_path,
                      recent_path=folder / "recent.json", workdir=folder, today=TODAY)


async def workers_done(app: OrdinanceApp) -> None:
    """Wait until the app's workers have finished. A worker in an exclusive group is
    cancelled when a newer one replaces it (the option preview, as the cursor moves): that
    is the app working as designed, so wait for the one that replaced it."""
    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
    raise AssertionError("workers kept being cancelled and replaced")


async def settle(app: OrdinanceApp, pilot: object, flush: bool = True) -> None:
    """Let pending messages, call_later callbacks, workers and (with ``flush``)
    autosaves finish."""
    for _ in range(3):
        await pilot.pause()  # type: ignore[attr-defined]
        await workers_done(app)
    await pilot.pause()  # type: ignore[attr-defined]
    if flush and app.session is not None:
        app.session.flush()


async def checks_shown(folder: Path, draft: Draft, library: Library,
                       size: tuple[int, int] = (80, 24)) -> tuple[list[Diagnostic], list[str]]:
    """Open ``draft`` in the app, press Ctrl+K as a drafter does, and return the Checks
    panel's diagnostics and the lines it prints for them."""
    from ordinance_tui.tui.widgets.checks import ChecksList

    path = folder / "draft.yaml"
    save_draft(draft, path)
    app = make_app(folder, path, library=library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        checks = app.screen.query_one(ChecksList)
        lines = [str(checks.get_option_at_index(i).prompt) for i in range(checks.option_count)]
        return list(checks.diagnostics), lines
