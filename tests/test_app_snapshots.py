"""Snapshot tests of each screen at 80x24 and at a wide size (pytest-textual-snapshot).

Time, home folder, file paths and cursor blink are fixed so the pictures are
stable. Update them with ``pytest tests/test_app_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.test_app_support import fixture_library, laws_library, make_app, seed_file, settle

SIZES = {"small": (80, 24), "wide": (140, 40)}
SHOWN_FOLDER = "/home/drafter"  # what the test's folder is shown as in the pictures


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own folder, also its home folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def steady(then: Callable[[Pilot[Any]], Awaitable[None]] | None = None
           ) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before that settles the app, runs ``then``, stops cursors blinking and
    shows the temporary folder under a fixed name."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        if then is not None:
            await then(pilot)
            await settle(pilot.app, pilot)  # type: ignore[arg-type]
        folder = str(pilot.app.workdir)  # type: ignore[attr-defined]
        for screen in pilot.app.screen_stack:
            for widget in screen.query("Input, TextArea"):
                assert isinstance(widget, Input | TextArea)
                widget.cursor_blink = False
                if isinstance(widget, Input) and widget.value.startswith(folder):
                    widget.value = SHOWN_FOLDER + widget.value[len(folder):]
                    widget.cursor_position = len(widget.value)
        pilot.app.clear_notifications()
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare: Any, folder: Path, size: str) -> None:
    assert snap_compare(make_app(folder), terminal_size=SIZES[size], run_before=steady())


@pytest.mark.parametrize("size", SIZES)
def test_new_draft_dialog(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")

    assert snap_compare(make_app(folder), terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_interview_jurisdiction(snap_compare: Any, folder: Path, size: str) -> None:
    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady())


@pytest.mark.parametrize("size", SIZES)
def test_interview_questions(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        pilot.app.screen.go_to_step("approach")  # type: ignore[attr-defined]

    app = make_app(folder, seed_file(folder, "process"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_interview_checks(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+k")

    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_clause_browser(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        pilot.app.show_clause("main.ban")  # type: ignore[attr-defined]

    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_clause_override_editor(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        pilot.app.show_clause("general.severability")  # type: ignore[attr-defined]
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        await pilot.press("e")
        # The editor takes the focus once it is drawn; on a loaded machine that can be
        # after the settle, and the picture would have no cursor.
        for _ in range(500):
            if isinstance(pilot.app.focused, TextArea):
                break
            await pilot.pause(0.01)

    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+e")

    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_export_asks_before_overwriting(snap_compare: Any, folder: Path, size: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)  # a relative path, so the picture does not show tmp_path

    async def then(pilot: Pilot[Any]) -> None:
        (folder / "draft.docx").write_bytes(b"old")
        await pilot.press("ctrl+e")
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        pilot.app.screen.query_one("#export-path", Input).value = "draft.docx"
        await pilot.click("#do-export")

    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_coverage(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+l")

    app = make_app(folder, seed_file(folder, "ban"), laws_library())
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_versions_dialog(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        assert pilot.app.save_version("as introduced") == ""  # type: ignore[attr-defined]
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        await pilot.press("ctrl+r")

    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


@pytest.mark.parametrize("size", SIZES)
def test_redline_dialog(snap_compare: Any, folder: Path, size: str) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        assert pilot.app.save_version("as introduced") == ""  # type: ignore[attr-defined]
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        pilot.app.action_redline("as introduced")  # type: ignore[attr-defined]

    app = make_app(folder, seed_file(folder, "ban"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(then))


def _lazy_app(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app as ``ordinance`` builds it, with the library load never started."""
    from ordinance_tui.tui.app import OrdinanceApp, create_app
    from tests.test_app_support import TODAY

    monkeypatch.setattr(OrdinanceApp, "on_ready", lambda self: None)
    return create_app(library_loader=fixture_library, recent_path=folder / "recent.json",
                      workdir=folder, today=TODAY)


@pytest.mark.parametrize("size", SIZES)
def test_welcome_loading(snap_compare: Any, folder: Path, size: str,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(_lazy_app(folder, monkeypatch), terminal_size=SIZES[size],
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_welcome_library_failed(snap_compare: Any, folder: Path, size: str,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        pilot.app.library_failed([  # type: ignore[attr-defined]
            "my-pack/provisions/main/bad.yaml:3: error: clause 'main.bad': unknown part "
            "'nowhere'; expected one of findings, main, general",
            "library: error: the library has errors; run 'ordinance library check' for "
            "the list"])
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(_lazy_app(folder, monkeypatch), terminal_size=SIZES[size],
                        run_before=run_before)
