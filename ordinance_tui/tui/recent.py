"""The recent-drafts list, kept as JSON in the user's data folder."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.fileio import atomic_write

LIMIT = 10


def default_recent_path() -> Path:
    """Where the list lives (``ORDINANCE_DATA_DIR`` overrides the folder)."""
    from ..core.paths import data_dir

    return data_dir() / "recent.json"


def read_recent(path: Path) -> list[Path]:
    """Recent draft paths, newest first, that still exist; [] if the list is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [Path(p) for p in data if isinstance(p, str) and Path(p).is_file()]


def add_recent(path: Path, draft_path: Path) -> None:
    """Put ``draft_path`` at the top of the list; never raises on a write failure."""
    draft_path = draft_path.resolve()
    items = [draft_path] + [p for p in read_recent(path) if p.resolve() != draft_path]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps([str(p) for p in items[:LIMIT]], indent=1), private=True)
    except OSError:
        pass
