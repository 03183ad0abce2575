"""Shared fixtures: the fixture library (stable, small) and a frozen date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library, LibrarySource, load_library

FIXTURE_LIBRARY = Path(__file__).parent / "fixtures" / "library"
TODAY = dt.date(2026, 11, 26)


def fixture_library() -> Library:
    return load_library([LibrarySource(FIXTURE_LIBRARY, FIXTURE_LIBRARY / "seeds")])


@pytest.fixture(scope="session")
def lib() -> Library:
    library = fixture_library()
    assert library.problems == ()
    return library


def seed_draft(library: Library, seed_id: str) -> Draft:
    draft, problems = draft_from_data(library.seeds[seed_id].data, seed_id)
    assert problems == []
    return draft


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                   ) -> None:
    """Keep caches and recent-file lists out of the real home folder."""
    home = tmp_path_factory.getbasetemp() / "home"
    monkeypatch.setenv("ORDINANCE_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("ORDINANCE_DATA_DIR", str(home / "data"))
