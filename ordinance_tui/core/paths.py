"""Per-user folders (cache, data), resolved when asked, never at import time."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """Folder for the template bytecode cache; None when it cannot be created.

    ``ORDINANCE_CACHE_DIR`` overrides it; an empty value disables the cache.
    """
    override = os.environ.get("ORDINANCE_CACHE_DIR")
    if override is not None:
        folder = Path(override) if override else None
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("ordinance-tui")) / "templates"
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
    from platformdirs import user_data_dir

    return Path(user_data_dir("ordinance-tui"))
