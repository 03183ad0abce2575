"""atomic_write: replaces only regular files, writes through symlinks, keeps the umask."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ordinance_tui.core.fileio import NotARegularFile, atomic_write


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_symlinked_file_is_written_through(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(Path("shared") / "real.yaml")
    atomic_write(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert not list(tmp_path.glob(".*.tmp")) and not list(shared.glob(".*.tmp"))


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "target.md")
    atomic_write(link, "text")
    assert link.is_symlink() and (tmp_path / "target.md").read_text() == "text"


def _special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    files = {"a pipe": fifo, "a folder": folder, "a socket": sock_path}
    if os.geteuid() == 0:  # root may make a device node (what /dev/null is) in a scratch folder
        device = tmp_path / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        files["a device"] = device
    return files


def test_special_files_are_refused_and_left_alone(tmp_path: Path) -> None:
    for kind, path in _special_files(tmp_path).items():
        before = os.lstat(path)
        with pytest.raises(NotARegularFile) as caught:
            atomic_write(path, "x")
        assert kind in str(caught.value) and caught.value.filename == str(path)
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), kind
    # A link to one of them is refused too (the link's target is what would be replaced).
    link = tmp_path / "to-fifo"
    link.symlink_to(tmp_path / "fifo")
    with pytest.raises(NotARegularFile):
        atomic_write(link, "x")
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)
    assert not list(tmp_path.glob(".*.tmp"))


def test_new_files_follow_the_umask(tmp_path: Path, umask: None) -> None:
    os.umask(0o077)
    atomic_write(tmp_path / "a.md", "x")
    assert stat.S_IMODE(os.stat(tmp_path / "a.md").st_mode) == 0o600
    os.umask(0o022)
    atomic_write(tmp_path / "b.md", "x")
    assert stat.S_IMODE(os.stat(tmp_path / "b.md").st_mode) == 0o644
    atomic_write(tmp_path / "c.yaml", "x", private=True)
    assert stat.S_IMODE(os.stat(tmp_path / "c.yaml").st_mode) == 0o600


def test_existing_file_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("old")
    path.chmod(0o640)
    atomic_write(path, "new", private=True)
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_leftovers_of_dead_writers_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / ".x.md.999999999.abcd.tmp"  # no such process
    alive = tmp_path / f".x.md.{os.getpid()}.efgh.tmp"  # a write in progress (ours)
    other = tmp_path / ".y.md.999999999.abcd.tmp"  # another file's
    for leftover in (dead, alive, other):
        leftover.write_bytes(b"partial")
    atomic_write(tmp_path / "x.md", "whole")
    assert not dead.exists() and alive.exists() and other.exists()
    assert (tmp_path / "x.md").read_text() == "whole"


def test_errors_name_the_requested_file(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "out.docx"
    with pytest.raises(OSError) as caught:
        atomic_write(missing, b"x")
    assert caught.value.filename == str(missing)
    assert "folder does not exist" in str(caught.value)
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(OSError) as caught:
            atomic_write(locked / "out.md", "x")
        assert caught.value.filename == str(locked / "out.md")


# ---------------------------------------------------------------------------
# Through the command line


def test_cli_refuses_special_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ordinance_tui.cli import main

    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    assert main(["build", "--seed", "ccops", "-f", "md", "-o", str(fifo), "--force"]) == 2
    assert f"will not write {fifo}: it is a pipe (FIFO)" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_cli_saves_a_symlinked_draft_through_the_link(tmp_path: Path) -> None:
    from ordinance_tui.cli import main

    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "real.yaml"
    assert main(["new", "--seed", "ccops", "-o", str(real)]) == 0
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # a draft is private to its user
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert main(["version", "add", str(link), "v1"]) == 0
    assert link.is_symlink() and "v1" in real.read_text()


def test_cli_broken_pipe_is_quiet(tmp_path: Path) -> None:
    import subprocess
    import sys

    # The reader has gone before the first write, as `| head` has after its lines.
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    reader.wait(30)
    assert reader.stdin is not None
    build = subprocess.run(
        [sys.executable, "-m", "ordinance_tui.cli", "build", "--seed", "ccops", "-f", "txt"],
        stdout=reader.stdin, stderr=subprocess.PIPE, timeout=120)
    reader.stdin.close()
    assert build.stderr.decode().strip() == "", build.stderr.decode()
    assert build.returncode == 1


def test_cli_dash_is_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from ordinance_tui.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["build", "--seed", "ccops", "-f", "txt", "-o", "-"]) == 0
    assert "CITY OF BAYVIEW" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []  # no file called "-"
