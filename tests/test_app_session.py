"""The open-draft session (autosave, undo, redo), the recent list, and a SIGKILL test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from ordinance_tui.core.draft import Draft, load_draft
from ordinance_tui.tui.recent import add_recent, read_recent
from ordinance_tui.tui.session import DraftSession

ROOT = Path(__file__).resolve().parent.parent


def test_change_saves_and_undo_redo_walk_the_history(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    session = DraftSession(Draft(), path)
    assert session.change(Draft().with_answer("a", 1))
    assert load_draft(path)[0].answers == {"a": 1}
    assert not session.change(session.draft)  # no-op edits make no history
    session.change(session.draft.with_answer("b", 2))
    assert session.undo() and session.draft.answers == {"a": 1}
    assert load_draft(path)[0].answers == {"a": 1}
    assert session.undo() and session.draft.answers == {}
    assert not session.undo()
    assert session.redo() and session.redo() and session.draft.answers == {"a": 1, "b": 2}
    assert not session.redo()
    session.undo()
    session.change(session.draft.with_answer("c", 3))
    assert not session.redo()  # a new edit drops the redo history


def test_keystrokes_in_one_field_make_one_undo_step(tmp_path: Path) -> None:
    session = DraftSession(Draft(), tmp_path / "d.yaml")
    for text in ("R", "Ri", "Riv"):
        session.change(session.draft.with_jurisdiction(name=text), key="name")
    session.change(session.draft.with_answer("x", True), key="x")
    session.undo()
    assert session.draft.jurisdiction.name == "Riv"
    session.undo()
    assert session.draft.jurisdiction.name == Draft().jurisdiction.name


def test_save_failure_is_reported_not_raised(tmp_path: Path) -> None:
    session = DraftSession(Draft(), tmp_path / "missing-folder" / "d.yaml")
    session.change(Draft().with_answer("a", 1))
    assert "could not save" in session.save_error
    assert session.draft.answers == {"a": 1}


def test_recent_list_newest_first_existing_only(tmp_path: Path) -> None:
    recent = tmp_path / "data" / "recent.json"
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x")
    b.write_text("x")
    add_recent(recent, a)
    add_recent(recent, b)
    add_recent(recent, a)
    assert read_recent(recent) == [a.resolve(), b.resolve()]
    b.unlink()
    assert read_recent(recent) == [a.resolve()]
    recent.write_text("{not json")
    assert read_recent(recent) == []


def test_answers_survive_sigkill(tmp_path: Path) -> None:
    """Answer questions in a running app, kill it with SIGKILL, reopen the draft."""
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import asyncio, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from tests.test_app_support import make_app, seed_file, settle

        async def main():
            folder = Path({str(tmp_path)!r})
            app = make_app(folder, seed_file(folder, "ban"))
            async with app.run_test(size=(100, 30)) as pilot:
                await settle(app, pilot, flush=False)
                app.screen.query_one("#j-name").value = "Lakeview"
                await settle(app, pilot, flush=False)
                app.screen.go_to_step("approach")
                await settle(app, pilot, flush=False)
                app.screen.query_one("#q-damages").value = "7500"
                await app.screen.query_one("#q-damages").action_submit()  # Enter saves it
                app.screen.query_one("#q-private_action").value = False
                await settle(app, pilot, flush=False)
                app.screen.query_one("#q-private_action").value = True
                await settle(app, pilot, flush=False)
                app.screen.query_one("#q-effective_days").value = "60"
                await app.screen.query_one("#q-effective_days").action_submit()
                await settle(app, pilot, flush=False)
                await asyncio.sleep(0.3)  # autosave runs on a writer thread; no flush here
                print("READY", flush=True)
                await asyncio.sleep(120)

        asyncio.run(main())
    """))
    env = {**os.environ, "ORDINANCE_DATA_DIR": str(tmp_path / "data"),
           "ORDINANCE_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "READY", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    draft, problems = load_draft(tmp_path / "draft.yaml")
    assert problems == []
    assert draft.jurisdiction.name == "Lakeview"
    assert draft.answers["damages"] == 7500
    assert draft.answers["private_action"] is True
    assert draft.answers["effective_days"] == 60
    assert not list(tmp_path.glob("*.tmp*"))  # no half-written files left behind


def test_core_does_not_import_textual() -> None:
    code = ("import sys; import ordinance_tui.core.assemble, ordinance_tui.core.lint, "
            "ordinance_tui.tui.session, ordinance_tui.tui.recent; "
            "assert 'textual' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_describe_change_names_what_differs() -> None:
    from ordinance_tui.tui.session import describe_change

    old = Draft()
    new = (old.with_answer("a", 1).with_jurisdiction(name="Lakeview")
           .with_excluded("x.y", True).with_override("p.q", "text"))
    assert describe_change(old, new) == ["answer a", "jurisdiction details",
                                         "exclusion of x.y", "edited text of p.q"]
    assert describe_change(new, old)[2] == "inclusion of x.y"
    assert describe_change(old, old) == []
