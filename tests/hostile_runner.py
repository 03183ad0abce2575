"""Runs ``ordinance`` commands on many inputs in one process, each bounded in time and memory.

Used by ``test_hostile_inputs.py`` (not a test module). The time budget counts CPU time,
with a longer wall-clock one behind it, so that a parallel run or a busy machine does not
turn a slow command into a "hang". Each line of standard input is a JSON
list of command-line arguments; each line of standard output is a JSON object with the
arguments, the exit status (an int, or ``"hang"`` when the time budget ran out, or
``"crash"`` for an exception that escaped ``main``), the end of standard error and
output, and the seconds taken.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import signal
import sys
import time
import traceback
from typing import Any

SECONDS = 20  # of CPU time: a busy loop is a hang however loaded the machine is
WALL_SECONDS = 120  # of wall-clock time: a command blocked waiting is a hang too
MEMORY = 3 << 30  # a runaway allocation is a MemoryError here, not a machine out of memory


class Hang(Exception):
    """The time budget (CPU or wall clock) of one command ran out."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def run(argv: list[str]) -> dict[str, Any]:
    from ordinance_tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    status: int | str
    signal.setitimer(signal.ITIMER_PROF, SECONDS)
    signal.alarm(WALL_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    except Hang:
        status = "hang"
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # what the test looks for: nothing may escape main
        status = "crash"
        err.write(traceback.format_exc())
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.alarm(0)
    return {"argv": argv, "status": status, "stderr": err.getvalue()[-3000:],
            "stdout": out.getvalue()[-3000:], "stdout_chars": len(out.getvalue()),
            "seconds": round(time.monotonic() - start, 2)}


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
