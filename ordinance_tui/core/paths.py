"""Per-user folders, from platformdirs, resolved when asked, never at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP = "ordinance-tui"


def user_dir(kind: str) -> Path:
    """The user's ``cache`` or ``data`` folder for the app, as platformdirs gives it."""
    import platformdirs

    if kind == "cache":
        return Path(platformdirs.user_cache_dir(APP))
    if kind == "data":
        return Path(platformdirs.user_data_dir(APP))
    raise ValueError(f"unknown kind of folder {kind!r}; expected cache or data")


def data_dir() -> Path:
    """Folder for the recent-files list and similar; ``ORDINANCE_DATA_DIR`` overrides it."""
    override = os.environ.get("ORDINANCE_DATA_DIR")
    if override:
        return Path(override)
    return user_dir("data")
