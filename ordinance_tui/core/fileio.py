"""Atomic file writes that replace only what they should.

A crash never leaves half a file behind: the data goes to a temporary file in the
target's folder, is synced, then renamed over the target. Around that:

- a symlink is written through: the temporary file goes next to the link's final
  target and replaces that, so a shared file stays shared;
- only a regular file (or a new path) is replaced: a device (``/dev/null``), a FIFO, a
  socket or a folder is refused with :class:`NotARegularFile`, never swapped for a file;
- a new file gets the user's umask (``private=True``: readable by the user alone, for
  drafts and caches); an existing file keeps its mode;
- temporary files left by a killed write (``.NAME.PID.*.tmp`` whose process is gone) are
  removed the next time the same file is written;
- every error names the file the user asked for, never the temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


class NotARegularFile(OSError):
    """The output path exists and is not a regular file (a device, FIFO, socket, folder)."""


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: the classic read-and-restore
    os.umask(mask)
    return mask


def write_target(path: str | Path) -> Path:
    """The file a write to ``path`` replaces: its final target when it is a symlink.

    Raises :class:`NotARegularFile` when that exists and is not a regular file.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    for test, kind in _KINDS:
        if test(mode):
            raise NotARegularFile(errno.EEXIST, f"it is {kind}, not a regular file; "
                                  "choose a file name", str(path))
    return target


def _clean_leftovers(folder: Path, name: str) -> None:
    """Remove temporary files of ``name`` left by writes whose process has ended."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{name}.*.tmp"):
            pid = leftover.name[len(name) + 2:].split(".", 1)[0]
            if not pid.isdigit():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                with contextlib.suppress(OSError):
                    leftover.unlink()
            except OSError:
                pass  # alive under another user: not ours to remove


def atomic_write(path: str | Path, data: bytes | str, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (see the module's notes).

    ``private`` makes a new file readable and writable by the user alone. Raises
    ``OSError`` with ``filename`` set to ``path`` when the file cannot be written.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = write_target(path)
    folder = target.parent
    try:
        existing: int | None = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        existing = None
    _clean_leftovers(folder, target.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=folder)
    except OSError as exc:
        reason = ("its folder does not exist" if isinstance(exc, FileNotFoundError)
                  else exc.strerror or str(exc))
        raise OSError(exc.errno, reason, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        new_mode = (0o600 if private else 0o666) & ~_umask()
        os.chmod(tmp, existing if existing is not None else new_mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, NotARegularFile):
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
