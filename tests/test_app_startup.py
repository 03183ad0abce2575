"""Start-up with a library that loads after the first frame (as ``ordinance`` starts)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import OptionList, Static

from ordinance_tui.core.library import Library
from ordinance_tui.core.problems import InputError, Problem
from ordinance_tui.tui.app import OrdinanceApp, create_app
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.screens.opening import OpeningScreen
from ordinance_tui.tui.screens.welcome import WelcomeScreen
from ordinance_tui.tui.widgets.preview import Preview
from tests.test_app_support import TODAY, fixture_library, seed_file, settle

pytestmark = pytest.mark.asyncio


def lazy_app(folder: Path, loader: Callable[[], Library], draft_path: Path | None = None
             ) -> OrdinanceApp:
    return create_app(library_loader=loader, draft_path=draft_path,
                      recent_path=folder / "recent.json", workdir=folder, today=TODAY)


class SlowLoader:
    """Sleeps until released (or 10 s), then returns the fixture library."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = time.monotonic()
        self.returned_at = 0.0

    def __call__(self) -> Library:
        library = fixture_library()
        while not self.release.is_set() and time.monotonic() - self.started < 10:
            time.sleep(0.01)
        self.returned_at = time.monotonic()
        return library


async def until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_welcome_is_interactive_before_the_library_arrives(tmp_path: Path) -> None:
    loader = SlowLoader()
    app = lazy_app(tmp_path, loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        seeds = app.screen.query_one("#seeds", OptionList)
        assert "Loading the clause library" in str(seeds.get_option_at_index(0).prompt)
        assert not app.library_ready and not loader.returned_at
        # Keys work while the loader sleeps: Tab moves to the path field, and typing
        # a path of a draft that exists queues it until the library is there.
        app.post_message(events.Key("tab", "\t"))
        await until(lambda: app.focused is not None and app.focused.id == "open-path")
        assert not loader.returned_at
        draft = seed_file(tmp_path, "ban")
        app.screen.post_message(WelcomeScreen.OpenPath(draft))
        await pilot.pause()
        assert app.pending_path == draft and not loader.returned_at
        loader.release.set()
        await until(lambda: app.library_ready)
        await settle(app, pilot)
        # The queued draft opened; the welcome screen below lists the seeds.
        assert isinstance(app.screen, InterviewScreen)
        assert app.session is not None and app.session.path == draft.resolve()
        welcome = app.screen_stack[-2]
        assert isinstance(welcome, WelcomeScreen)
        seeds = welcome.query_one("#seeds", OptionList)
        assert seeds.option_count == len(fixture_library().seeds)
        assert not seeds.get_option_at_index(0).disabled


async def test_seed_list_fills_in_and_a_seed_can_be_started(tmp_path: Path) -> None:
    app = lazy_app(tmp_path, fixture_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: app.library_ready)
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        seeds = app.screen.query_one("#seeds", OptionList)
        assert seeds.highlighted == 0
        assert "Approval process" in str(app.screen.query_one("#seed-description",
                                                              Static).render())
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)


async def test_draft_on_the_command_line_opens_when_the_library_arrives(tmp_path: Path
                                                                        ) -> None:
    draft = seed_file(tmp_path, "process")
    loader = SlowLoader()
    app = lazy_app(tmp_path, loader, draft)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # The first screen says what happens next, and is all that is built: the welcome
        # screen would be restyled and laid out under the interview for nothing.
        assert isinstance(app.screen, OpeningScreen)
        text = str(app.screen.query_one("#intro", Static).render())
        assert "Loading the clause library" in text and "draft.yaml opens" in text
        loader.release.set()
        await until(lambda: isinstance(app.screen, InterviewScreen))
        await settle(app, pilot)
        assert app.session is not None and app.session.draft.answers["approach"] == "process"
        assert not any(isinstance(s, WelcomeScreen) for s in app.screen_stack)


async def test_a_draft_opened_first_then_the_welcome_screen_and_another_seed(
        tmp_path: Path) -> None:
    """``ordinance DRAFT`` at 80x24: the preview, then the welcome screen (the palette's
    "Welcome screen", built only now), then a new draft from another seed."""
    draft = seed_file(tmp_path, "process")
    app = lazy_app(tmp_path, fixture_library, draft)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(lambda: isinstance(app.screen, InterviewScreen))
        await settle(app, pilot)
        preview = app.screen.query_one(Preview)
        ordinance = app.screen.ordinance
        assert ordinance is not None and preview.views
        assert {v.clause_id for v in preview.views.values()} <= {
            s.clause_id for s in ordinance.all_sections()}
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Welcome screen")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        seeds = app.screen.query_one("#seeds", OptionList)
        assert seeds.option_count == len(fixture_library().seeds)
        assert not seeds.get_option_at_index(0).disabled
        ban = next(i for i in range(seeds.option_count)
                   if seeds.get_option_at_index(i).id == "ban")
        seeds.highlighted = ban
        seeds.focus()
        await pilot.press("enter")  # the seed, then Create in the new-draft dialog
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.session is not None and app.session.path != draft.resolve()
        assert app.session.draft.answers["approach"] == "ban"
        assert app._interview() is app.screen


@pytest.mark.parametrize("error", [
    InputError([Problem("pack/provisions/bad.yaml", 3, "unknown part 'nowhere'")]),
    FileNotFoundError("the built-in clause library was not found"),
])
async def test_a_library_that_fails_to_load_is_explained_not_fatal(
        tmp_path: Path, error: Exception) -> None:
    def loader() -> Library:
        raise error

    draft = seed_file(tmp_path, "ban")
    app = lazy_app(tmp_path, loader, draft)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: bool(app.library_problems))
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)  # the draft could not open: no crash
        text = str(app.screen.query_one("#seed-description", Static).render())
        assert "What went wrong" in text and "What to do" in text
        assert ("bad.yaml" in text) if isinstance(error, InputError) else (
            "not found" in text)
        seeds = app.screen.query_one("#seeds", OptionList)
        assert "could not be loaded" in str(seeds.get_option_at_index(0).prompt)
        await pilot.press("enter")  # nothing to start; still no crash
        await settle(app, pilot)
        assert app.is_running


async def test_the_app_module_imports_neither_jinja2_nor_yaml() -> None:
    """What makes the first frame fast: the library's imports wait for the worker."""
    import subprocess
    import sys

    code = ("import sys; import ordinance_tui.tui.app; "
            "from ordinance_tui.tui.screens import welcome; "
            "print(sorted(m for m in ('jinja2', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("with_draft", [True, False])
async def test_garbage_collection_resumes_once_the_first_screen_is_drawn(
        tmp_path: Path, with_draft: bool) -> None:
    """``cli.app_for`` pauses the collector for the start; the app resumes it when the
    draft's preview (or, without a draft, the seed list) is drawn, not before."""
    import gc

    draft = seed_file(tmp_path, "process") if with_draft else None
    loader = SlowLoader()
    app = create_app(library_loader=loader, draft_path=draft, recent_path=tmp_path / "r.json",
                     workdir=tmp_path, today=TODAY, gc_paused=True)
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not gc.isenabled()  # the first frame is up; the library is still loading
            loader.release.set()
            if with_draft:
                await until(lambda: isinstance(app.screen, InterviewScreen)
                            and any(p.views for p in app.screen.query(Preview)))
            else:
                await until(lambda: app.library_ready)
            await settle(app, pilot)
            assert gc.isenabled() and not app.gc_paused
            assert gc.get_freeze_count() > 0  # the start's objects are left out of collections
    finally:
        gc.unfreeze()
        gc.enable()


async def test_a_named_drafts_library_loads_on_its_own_thread_at_once() -> None:
    """``cli._loading_now``: the loader runs on a thread as soon as it is called (for
    ``ordinance DRAFT``, while Textual is imported); the app's loader gets its library,
    or what it raised."""
    from ordinance_tui import cli

    ran: list[str] = []
    started = threading.Event()

    def loader() -> Library:
        ran.append(threading.current_thread().name)
        started.set()
        return fixture_library()

    wait = cli._loading_now(loader)
    assert started.wait(5)  # running before anyone asks for it
    assert wait() is fixture_library() and ran == ["library"]

    def failing() -> Library:
        raise InputError([Problem("pack/x.yaml", 1, "broken")])

    with pytest.raises(InputError, match="broken"):
        cli._loading_now(failing)()
