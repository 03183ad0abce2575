"""The command ends with a normal interpreter exit; folders come from platformdirs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_the_command_ends_with_a_normal_exit() -> None:
    """``atexit`` handlers run (``os._exit`` would skip them) and the exit code is kept."""
    code = ("import atexit, sys; atexit.register(lambda: print('atexit ran', file=sys.stderr)); "
            "sys.argv = ['ordinance', 'build', '--seed', 'nope']; "
            "from ordinance_tui.cli import entry; entry()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=os.environ.copy(), timeout=120)
    assert result.returncode == 2
    assert "no seed 'nope'" in result.stderr
    assert "atexit ran" in result.stderr


def test_user_folders_are_platformdirs_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from ordinance_tui.core import paths

    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda app: f"/cache-of/{app}")
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: f"/data-of/{app}")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg-cache")
    monkeypatch.delenv("ORDINANCE_DATA_DIR", raising=False)
    assert paths.user_dir("cache") == Path("/cache-of/ordinance-tui")
    assert paths.data_dir() == Path("/data-of/ordinance-tui")
    with pytest.raises(ValueError, match="unknown kind"):
        paths.user_dir("config")
