"""The command line's answers to a person who mistypes, asks for help or scripts it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ordinance_tui.cli import main

from .conftest import FIXTURE_LIBRARY

PACK = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]


@pytest.mark.parametrize(("typed", "meant"), [("biuld", "build"), ("lnit", "lint"),
                                              ("sedes", "seeds"), ("redlin", "redline")])
def test_a_mistyped_command_suggests_the_right_one(typed: str, meant: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main([typed, "draft.yaml"]) == 2
    err = capsys.readouterr().err
    assert f"unknown command {typed!r}; did you mean {meant!r}?" in err


def test_an_unknown_word_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["xyzzy"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'xyzzy'" in err and "build, lint" in err and ".yaml" in err


def test_a_draft_named_like_a_command_is_still_a_draft(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An existing file called ``build`` is opened, not taken for a typo."""
    (tmp_path / "biuld").write_text("seed: ban\n")
    monkeypatch.chdir(tmp_path)
    opened: list[list[str]] = []
    monkeypatch.setattr("ordinance_tui.cli._run_app", lambda args: opened.append(args) or 0)
    assert main(["biuld"]) == 0 and opened == [["biuld"]]
    assert main(["new-draft.yaml"]) == 0 and opened[-1] == ["new-draft.yaml"]


def test_help_shows_how_to_open_a_draft_and_the_exit_codes(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "ordinance [--library DIR] [--no-builtin] [DRAFT.yaml | COMMAND ...]" in out
    assert "'ordinance DRAFT.yaml' opens that draft" in out
    assert "Exit status: 0 done, 1 the input has errors" in out and "2 a usage error" in out


def test_without_a_terminal_the_app_refuses_instead_of_waiting() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    result = subprocess.run([sys.executable, "-m", "ordinance_tui.cli", *PACK],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 2
    assert "the app needs a terminal" in result.stderr and "ordinance build" in result.stderr
    assert "\x1b[" not in result.stdout  # nothing was drawn into the pipe


def _exit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*PACK, *args])
    return code, capsys.readouterr().err


def test_the_same_error_has_the_same_exit_status_in_every_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown seed or date: 2 (usage); a missing draft file: 1 (input); no draft named: 2."""
    draft = tmp_path / "d.yaml"
    assert main([*PACK, "new", "--seed", "ban", "-o", str(draft)]) == 0
    for command in (["build", "-f", "md"], ["lint"], ["compare"], ["new", "-o",
                                                                   str(tmp_path / "n.yaml")]):
        code, err = _exit(capsys, *command, "--seed", "nope")
        assert (code, "no seed 'nope'" in err) == (2, True), command
    missing = str(tmp_path / "missing.yaml")
    for command in (["build", missing, "-f", "md"], ["lint", missing], ["compare", missing],
                    ["version", "list", missing], ["redline", missing, str(draft), "-f",
                                                   "html"]):
        code, err = _exit(capsys, *command)
        assert (code, "no such draft file" in err) == (1, True), command
    for command in (["build", str(draft), "-f", "md"], ["version", "add", str(draft), "v1"],
                    ["redline", str(draft), str(draft), "-f", "html"]):
        code, err = _exit(capsys, *command, "--date", "2027-13-01")
        assert (code, "is not a date like 2027-01-31" in err) == (2, True), command
    for command in (["build"], ["lint"], ["compare"]):
        code, err = _exit(capsys, *command)
        assert (code, "name a draft file or use --seed" in err) == (2, True), command
    existing = tmp_path / "out.html"
    existing.write_text("keep")
    for command in (["build", str(draft), "-o", str(existing)],
                    ["new", "--seed", "ban", "-o", str(draft)]):
        code, err = _exit(capsys, *command)
        assert (code, "add --force to replace it" in err) == (2, True), command
    assert existing.read_text() == "keep"
