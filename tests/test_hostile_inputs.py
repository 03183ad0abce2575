"""Every input of the reliability review ends in a clear error or a correct output.

The inputs are kept in ``tests/fixtures/reliability`` (malformed drafts, hostile-text drafts,
hostile packs, a save round trip); symlinked packs are made here. Each command runs in
``hostile_runner.py``, one process for a whole class, with a time and memory budget per
command, so a hang or a runaway allocation is reported as such instead of stopping the
suite. For each input: no traceback, an exit status of 0 or 1, within the budget, and the
input file unchanged. For packs, ``library check`` and ``build`` agree: both fail or both
pass.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
INPUTS = HERE / "fixtures" / "reliability"
ROOT = HERE.parent


def run_batch(commands: list[list[str]], processes: int = 1) -> list[dict[str, Any]]:
    """Run ``ordinance`` commands in bounded runner processes; one result per command.

    With ``processes``, the commands are shared out (in order) between that many runners
    working at once; the results come back in the commands' order.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    size = -(-len(commands) // processes)
    chunks = [commands[i:i + size] for i in range(0, len(commands), size)]
    runners = [subprocess.Popen([sys.executable, str(HERE / "hostile_runner.py")],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env) for _ in chunks]

    def talk(runner: subprocess.Popen[str], chunk: list[list[str]]) -> tuple[str, str]:
        return runner.communicate("\n".join(json.dumps(c) for c in chunk),
                                  timeout=60 + 25 * len(commands))

    with ThreadPoolExecutor(len(runners)) as pool:  # the runners work at the same time
        talks = list(pool.map(talk, runners, chunks))
    results: list[dict[str, Any]] = []
    for (out, err), chunk in zip(talks, chunks, strict=True):
        got = [json.loads(line) for line in out.splitlines() if line.strip()]
        assert len(got) == len(chunk), (
            f"the runner stopped after {len(got)} of {len(chunk)} commands "
            f"(next: {chunk[len(got)]}); it said {err[-1500:]}")
        results += got
    return results


def failures(results: list[dict[str, Any]]) -> list[str]:
    """The results that are not a clear error or a correct output, described."""
    bad = []
    for r in results:
        last = r["stderr"].strip().splitlines()[-1:] or [""]
        if r["status"] not in (0, 1):
            bad.append(f"{' '.join(r['argv'])}: status {r['status']}: {last[0][:200]}")
        elif "Traceback" in r["stderr"]:
            bad.append(f"{' '.join(r['argv'])}: printed a traceback: {last[0][:200]}")
    return bad


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("kind", ["drafts-malformed", "drafts-hostile-text"])
def test_drafts_end_in_a_clear_error_or_an_output(kind: str, tmp_path: Path) -> None:
    folder = INPUTS / kind
    before = _digest(folder)
    commands: list[list[str]] = []
    for draft in sorted(folder.glob("*.yaml")):
        commands += [["build", str(draft), "-f", "txt"], ["lint", str(draft)]]
        if kind == "drafts-hostile-text":
            for fmt in ("html", "md", "docx"):
                commands.append(["build", str(draft), "-f", fmt, "-o",
                                 str(tmp_path / f"{draft.stem}.{fmt}"), "--force"])
    results = run_batch(commands)
    assert failures(results) == []
    assert _digest(folder) == before, "an input file was changed"


PACKS = sorted((INPUTS / "packs").iterdir())
PACK_SHARES = 8  # `library check` takes seconds a pack; shares spread them over xdist workers


@pytest.mark.parametrize("share", range(PACK_SHARES))
def test_hostile_packs_check_and_build_agree(share: int) -> None:
    packs = PACKS[share::PACK_SHARES]
    assert packs, "fewer packs than shares"
    # In a parallel run the other workers keep the cores busy; alone, use both.
    processes = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2
    results = run_batch([c for pack in packs for c in (
        ["library", "check", str(pack)],
        ["--library", str(pack), "build", "--seed", "ccops", "-f", "txt"])], processes=processes)
    assert failures(results) == []
    disagree = [f"{Path(check['argv'][2]).name}: check {check['status']}, "
                f"build {build['status']}"
                for check, build in zip(results[::2], results[1::2], strict=True)
                if check["status"] != build["status"]]
    assert disagree == []


def test_pack_symlinks_outside_the_pack_are_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-CONTENT-1234:20228:0:99999:7:::\n")
    pack = tmp_path / "pack"
    general = pack / "provisions" / "general"
    general.mkdir(parents=True)
    (general / "shadow.yaml").symlink_to(secret)
    (general / "dangling.yaml").symlink_to(general / "nowhere.yaml")  # inside, but missing
    (pack / "provisions" / "loop").symlink_to(pack / "provisions", target_is_directory=True)
    results = run_batch([["library", "check", str(pack)],
                         ["--library", str(pack), "build", "--seed", "ccops", "-f", "txt"]])
    assert failures(results) == []
    for r in results:
        assert r["status"] == 1, r
        assert "SECRET-CONTENT" not in r["stderr"] + r["stdout"]
        said = r["stderr"] + r["stdout"]
        assert "shadow.yaml: error: a link to a file outside the pack" in said, said
        assert "dangling.yaml: error: a link to a file that does not exist" in said, said
