"""Per-user folders (cache, data), resolved when asked, never at import time."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "ordinance-tui"
# On Linux the XDG rule platformdirs applies, written out: it spares every command the import.
_XDG = {"cache": ("XDG_CACHE_HOME", "~/.cache"), "data": ("XDG_DATA_HOME", "~/.local/share")}


def user_dir(kind: str) -> Path:
    """The user's ``cache`` or ``data`` folder for the app, as platformdirs gives it."""
    if sys.platform.startswith("linux"):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "")
        return Path(base if base.strip() else os.path.expanduser(default)) / APP
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP) if kind == "cache"
                else platformdirs.user_data_dir(APP))


def cache_dir() -> Path | None:
    """Folder for the template and parse caches; None when it cannot be created.

    ``ORDINANCE_CACHE_DIR`` overrides it; an empty value disables the cache.
    """
    override = os.environ.get("ORDINANCE_CACHE_DIR")
    if override is not None:
        folder = Path(override) if override else None
    else:
        folder = user_dir("cache") / "templates"
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def data_dir() -> Path:
    """Folder for the recent-files list and similar; ``ORDINANCE_DATA_DIR`` overrides it."""
    override = os.environ.get("ORDINANCE_DATA_DIR")
    if override:
        return Path(override)
    return user_dir("data")
