"""Shared fixtures: the fixture library (stable, small), a frozen date, and isolation.

The suite runs in parallel (``python -m pytest -q -n auto``, pytest-xdist) and serially
(``python -m pytest -q``); every test must pass both ways. What keeps tests apart:

- **Cache and data folders.** An autouse fixture points ``ORDINANCE_CACHE_DIR``,
  ``ORDINANCE_DATA_DIR`` and ``ORDINANCE_STATE_DIR`` at ``home/`` under pytest's base
  temporary folder, which pytest-xdist makes per worker, so no two workers share a Jinja2
  bytecode cache, a recent-files list or a draft's saved place.
  Subprocesses inherit them through ``os.environ``. A test that needs its own empty folders
  sets them again with ``monkeypatch.setenv`` to folders under ``tmp_path`` (which is per
  test), as ``tests/test_bytecode_cache.py`` does.
- **LibreOffice.** Two soffice processes must never share a user profile. Use the
  ``office_profile`` fixture (a ``file://`` URI, one profile per worker, reused by the
  worker's soffice calls one after another, so its first-start set-up is paid once) as
  ``-env:UserInstallation={office_profile}``; never a fixed path.
- **Ports.** Use :func:`free_port` (``from .conftest import free_port``) for a server's
  port: it hands out ports from a range of its own to each worker, checked free, so two
  workers never pick the same one.
- **Library.** ``lib`` (the fixture library) and ``builtin`` (the built-in library) are
  session-scoped: a :class:`Library` is immutable, so tests share one per worker. Load a
  fresh one only where the test is about loading or caching.
- **Timers.** On a loaded machine (a parallel run, other jobs) a Pilot step can take longer
  than the app's timers, so an autouse fixture stops them for the test: notifications keep
  their clock still (they stay until the test ends) and the preview's "changed" highlight
  stays. Tests that assert a notification or a highlight then pass at any machine speed.
- **Groups.** Tests that must not run at the same time as each other get
  ``@pytest.mark.xdist_group("name")``; the suite runs with ``--dist loadgroup`` (set in
  ``pyproject.toml``), which keeps a group on one worker.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import socket
import sys
import time
from pathlib import Path

import pytest

from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library, LibrarySource, load_library

FIXTURE_LIBRARY = Path(__file__).parent / "fixtures" / "library"
TODAY = dt.date(2026, 11, 26)

_PORTS_PER_WORKER = 400
_FIRST_PORT = 20000  # below Linux's ephemeral range (32768-60999), which the kernel hands out
_next_port = itertools.count()


def fixture_library() -> Library:
    return load_library([LibrarySource(FIXTURE_LIBRARY, FIXTURE_LIBRARY / "seeds")])


@pytest.fixture(scope="session")
def lib() -> Library:
    library = fixture_library()
    assert library.problems == ()
    return library


@pytest.fixture(scope="session")
def builtin() -> Library:
    """The built-in library, loaded once per worker (it is immutable)."""
    return load_library()


def seed_draft(library: Library, seed_id: str) -> Draft:
    draft, problems = draft_from_data(library.seeds[seed_id].data, seed_id)
    assert problems == []
    return draft


def worker_index() -> int:
    """This pytest-xdist worker's number (``gw3`` is 3), 0 when the run is not parallel."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker[2:].isdigit() else 0


def free_port() -> int:
    """A loopback TCP port that is free now and that no other worker of this run hands out."""
    base = _FIRST_PORT + (worker_index() % 30) * _PORTS_PER_WORKER
    for _ in range(_PORTS_PER_WORKER):
        port = base + next(_next_port) % _PORTS_PER_WORKER
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken by another program; try the next one
        return port
    raise RuntimeError(f"no free port in {base}-{base + _PORTS_PER_WORKER - 1}")


@pytest.fixture(scope="session")
def office_profile(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A LibreOffice user profile for this worker, as the URI ``-env:UserInstallation`` takes."""
    return (tmp_path_factory.getbasetemp() / "office-profile").as_uri()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                   ) -> None:
    """Keep caches and recent-file lists out of the real home folder (one per worker)."""
    home = tmp_path_factory.getbasetemp() / "home"
    monkeypatch.setenv("ORDINANCE_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("ORDINANCE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("ORDINANCE_STATE_DIR", str(home / "state"))


@pytest.fixture(autouse=True)
def _app_timers_stand_still(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notifications and the preview highlight outlast the test, however slow the machine.

    Textual's notifications count their time left from ``textual.notifications.time``; a
    clock stopped a day back gives every one a day more (the toast's own timer included).
    Only patched where the test run has imported the app, so core tests never import Textual.
    """
    if "textual.notifications" in sys.modules:
        stopped = time.time() - 86400
        monkeypatch.setattr(sys.modules["textual.notifications"], "time", lambda: stopped)
    if "ordinance_tui.tui.widgets.preview" in sys.modules:
        monkeypatch.setattr(sys.modules["ordinance_tui.tui.widgets.preview"],
                            "HIGHLIGHT_SECONDS", 86400.0)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh compiled-code cache and data folder for this test (the bytecode and
    parsed-YAML cache tests); returns the entries' folder."""
    from ordinance_tui.core import bytecode_cache

    monkeypatch.setenv("ORDINANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ORDINANCE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(bytecode_cache, "_WARNED", set())
    return tmp_path / "cache" / "templates"
