"""Where opening a draft in the app spends the main thread's time (a profile, not a benchmark).

Run:  python bench/profile_open.py DRAFT.yaml

Opens DRAFT headless at 100x30 as ``ordinance DRAFT`` does, waits until its preview is
drawn, and prints the main thread's CPU time, the screen's node count, and how often and how
long Textual laid out each screen and applied styles. Compare two checkouts by running it
alternately from each (``PYTHONPATH=DIR``): bench/RESULTS.md, "each section measured once".
"""

from __future__ import annotations

import asyncio
import collections
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from ordinance_tui.cli import app_for

COUNTS: collections.defaultdict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])


def counted(cls: type, name: str) -> None:
    """Count the calls of ``cls.name`` and the main-thread CPU they take."""
    original: Callable[..., Any] = getattr(cls, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            entry = COUNTS[f"{cls.__name__}.{name} ({type(self).__name__})"]
            entry[0] += 1
            entry[1] += time.thread_time() - start

    setattr(cls, name, wrapper)


async def ready(pilot: Any) -> None:
    app = pilot.app
    while not (type(app.screen).__name__ == "InterviewScreen" and app.screen.is_mounted
               and app.screen.query("#preview") and app.screen.query_one("#preview").views):
        await asyncio.sleep(0.001)
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    cpu, process = time.thread_time(), time.process_time()
    nodes = len(list(app.screen.walk_children()))
    preview = app.screen.query_one("#preview")
    while getattr(preview, "pending", ()) or not all(
            getattr(form, "complete", True) for form in app.screen.query("#jurisdiction")):
        await asyncio.sleep(0.001)  # every section and field mounted, then drawn
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    print(f"until every section and field is drawn: main thread CPU "
          f"{(time.thread_time() - cpu) * 1000:.0f} ms more")
    print(f"preview drawn: main thread CPU {cpu * 1000:.0f} ms, "
          f"process {process * 1000:.0f} ms, {nodes} nodes (then "
          f"{len(list(app.screen.walk_children()))})")
    for key, (calls, seconds) in sorted(COUNTS.items(), key=lambda kv: -kv[1][1]):
        print(f"  {key:60} {calls:5.0f} calls {seconds * 1000:8.1f} ms")
    app.exit()


def main() -> None:
    counted(Screen, "_refresh_layout")
    counted(Stylesheet, "apply")
    app = app_for([], True, Path(sys.argv[1]))  # as ``ordinance DRAFT`` builds it
    app.run(headless=True, size=(100, 30), auto_pilot=ready)


if __name__ == "__main__":
    main()
