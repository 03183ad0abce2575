"""App benchmarks: start-up to the first interactive frame, and the live preview.

Run:  python bench/bench_app.py [--runs N] [--write]   (--write updates the "## App"
section of bench/RESULTS.md and leaves the others alone)

- Start-up: a fresh process from launch until the app's first frame is up and it
  accepts input (Textual's ``auto_pilot`` hook, headless), for the real app on
  the built-in library, built the way ``ordinance`` builds it (``cli._run_app``:
  the library is loaded by a worker thread after the first frame), against a
  minimal Textual app (one Static) measured in the same run, interleaved.
  Target: at most 1.5x the minimal app.

  "Interactive" means: the first screen is mounted, laid out and painted, and the
  app's event loop is processing input (the auto-pilot coroutine runs on it). For
  ``ordinance`` that first frame is the welcome screen with "Loading the clause
  library…" in place of the seed list: keys work (separate runs send Tab at that
  moment, as the terminal driver would, and time it until the focus has moved),
  but no draft can be started until the seed list is populated, which is
  reported as its own row. Opening a draft is timed until its preview is
  assembled and drawn.
- Preview update: in one process, on the largest seed, the time from applying an
  answer change to the changed sections being updated and laid out (assembly
  runs in a worker thread). Target: median at most 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# "First interactive frame": the app's first screen is mounted, laid out and
# painted, and the app is processing input. Both apps use the same hook.
FIRST_FRAME = textwrap.dedent("""
    import asyncio

    async def first_frame(app):
        while not app.screen.is_mounted:
            await asyncio.sleep(0)
        painted = asyncio.Event()
        app.screen.call_after_refresh(painted.set)
        await painted.wait()
""")

MINIMAL = FIRST_FRAME + textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("hello")

    async def ready(pilot):
        await first_frame(pilot.app)
        print("READY", flush=True)
        pilot.app.exit()

    Minimal().run(headless=True, size=(100, 30), auto_pilot=ready)
""")

OURS = FIRST_FRAME + textwrap.dedent("""
    import sys
    import time
    from pathlib import Path
    from textual import events
    from ordinance_tui.cli import load
    from ordinance_tui.tui.app import create_app

    mode = sys.argv[1]  # welcome | key | a draft file
    draft = Path(mode) if mode not in ("welcome", "key") else None

    async def painted(app):
        done = asyncio.Event()
        app.screen.call_after_refresh(done.set)
        await done.wait()

    async def ready(pilot):
        app = pilot.app
        await first_frame(app)
        print("FRAME", int(app.library_ready), flush=True)
        if mode == "key":  # is the first frame really taking keys?
            before = app.focused
            t0 = time.perf_counter()
            # As the terminal driver delivers a key (Pilot.press also waits for idle
            # and animations, which would time those, not the key).
            app.post_message(events.Key("tab", None))
            while app.focused is before:
                await asyncio.sleep(0.001)
            ms = (time.perf_counter() - t0) * 1000
            print(f"KEY {ms:.1f} {int(app.library_ready)}", flush=True)
        elif draft is None:  # until the seed list is populated and drawn
            seeds = app.screen.query_one("#seeds")
            while not app.library_ready or seeds.get_option_at_index(0).disabled:
                await asyncio.sleep(0.001)
            await painted(app)
            print("SEEDS", flush=True)
        else:  # until the draft's preview shows the assembled ordinance
            while not (type(app.screen).__name__ == "InterviewScreen"
                       and app.screen.is_mounted and app.screen.query("#preview")
                       and app.screen.query_one("#preview").views):
                await asyncio.sleep(0.001)
            await painted(app)
            print("PREVIEW", flush=True)
        app.exit()

    # As cli._run_app builds it.
    app = create_app(library_loader=lambda: load([]), draft_path=draft)
    app.run(headless=True, size=(100, 30), auto_pilot=ready)
""")


LOAD_ONLY = textwrap.dedent("""
    from ordinance_tui.cli import load
    load([])
    print("READY", flush=True)
""")
PASS = 'print("READY", flush=True)'


def start_ms(code: str, args: list[str], env: dict[str, str]) -> float:
    """Milliseconds from launching a process until it prints READY."""
    return lines_ms(code, args, env)["READY"][0]


def lines_ms(code: str, args: list[str], env: dict[str, str]
             ) -> dict[str, tuple[float, list[str]]]:
    """For each line the process prints: its first word -> (ms since launch, the rest)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    out: dict[str, tuple[float, list[str]]] = {}
    for line in proc.stdout:
        words = line.split()
        if words:
            out[words[0]] = ((time.perf_counter() - t0) * 1000, words[1:])
    _, err = proc.communicate(timeout=30)
    if not out or proc.returncode:
        raise RuntimeError(f"benchmark child failed: {err[-2000:]}")
    return out


def largest_seed(library: object) -> tuple[str, object]:
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.draft import draft_from_data

    best = None
    for seed in library.seeds.values():  # type: ignore[attr-defined]
        draft, _ = draft_from_data(seed.data, seed.id)
        n = len(list(assemble(library, draft).all_sections()))  # type: ignore[arg-type]
        if best is None or n > best[0]:
            best = (n, seed.id, draft)
    assert best is not None
    return best[1], best[2]


async def preview_updates(library: object, draft_path: Path, runs: int
                          ) -> tuple[list[float], list[int], str, int]:
    """Times (ms) from an answer change to the preview laid out, and sections touched."""
    from ordinance_tui.core.answers import visible_questions
    from ordinance_tui.core.assemble import build_context
    from ordinance_tui.tui.app import create_app
    from ordinance_tui.tui.widgets.preview import Preview

    app = create_app(library=library, draft_path=draft_path,  # type: ignore[arg-type]
                     recent_path=draft_path.parent / "recent.json",
                     today=dt.date(2026, 11, 26))
    times: list[float] = []
    touched: list[int] = []
    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = app.screen.query_one(Preview)
        assert app.session is not None
        context, _ = build_context(library, app.session.draft)  # type: ignore[arg-type]
        candidates = [q for q in visible_questions(library, context)  # type: ignore[arg-type]
                      if library.questions[q].type in ("days", "dollars")]  # type: ignore
        chosen = ""
        for qid in candidates:
            question = library.questions[qid]  # type: ignore[attr-defined]
            base = context[qid]
            values = [base + 1, base]
            if question.max is not None and base + 1 > question.max:
                values = [base - 1, base]
            ok = True
            for value in values:
                t0 = time.perf_counter()
                app.edit_draft(app.session.draft.with_answer(qid, value))
                while preview.updated_at < t0:
                    await asyncio.sleep(0)
                if not preview.last_changed:
                    ok = False
            if ok:
                chosen = qid
                break
        assert chosen, "no numeric answer changes the text of the largest seed"
        question = library.questions[chosen]  # type: ignore[attr-defined]
        base = context[chosen]
        other = base + 1 if question.max is None or base + 1 <= question.max else base - 1
        for i in range(runs):
            value = other if i % 2 == 0 else base
            t0 = time.perf_counter()
            app.edit_draft(app.session.draft.with_answer(chosen, value))
            while preview.updated_at < t0:
                await asyncio.sleep(0)
            times.append((preview.updated_at - t0) * 1000)
            touched.append(len(preview.last_changed))
            await app.workers.wait_for_complete()  # let the checks finish too
            await pilot.pause()
        sections = len(preview.views)
    return times, touched, chosen, sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()

    from ordinance_tui.core.draft import save_draft
    from ordinance_tui.core.library import load_library

    library = load_library()
    seed_id, draft = largest_seed(library)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        draft_path = folder / f"{seed_id}.yaml"
        save_draft(draft, draft_path)  # type: ignore[arg-type]
        env = {**os.environ, "ORDINANCE_DATA_DIR": str(folder / "data"),
               "ORDINANCE_CACHE_DIR": str(folder / "cache")}
        lines_ms(OURS, ["welcome"], env)  # warm the template cache and the OS file cache
        start_ms(MINIMAL, [], env)
        minimal, loads, bare = [], [], []
        frame, seeds, keys, opened_frame, opened = [], [], [], [], []
        populated_at_frame = key_while_loading = 0
        for _ in range(args.runs):
            bare.append(start_ms(PASS, [], env))
            loads.append(start_ms(LOAD_ONLY, [], env))
            minimal.append(start_ms(MINIMAL, [], env))
            run = lines_ms(OURS, ["welcome"], env)
            frame.append(run["FRAME"][0])
            populated_at_frame += run["FRAME"][1] == ["1"]
            seeds.append(run["SEEDS"][0])
            run = lines_ms(OURS, ["key"], env)
            keys.append(float(run["KEY"][1][0]))
            key_while_loading += run["KEY"][1][1] == "0"
            run = lines_ms(OURS, [str(draft_path)], env)
            opened_frame.append(run["FRAME"][0])
            opened.append(run["PREVIEW"][0])
        times, touched, qid, sections = asyncio.run(
            preview_updates(library, draft_path, max(args.runs * 3, 21)))

    m, f, sd, of, o, lo, b, k = (statistics.median(x) for x in (
        minimal, frame, seeds, opened_frame, opened, loads, bare, keys))
    p = statistics.median(times)
    n = args.runs
    lines = [
        f"`python bench/bench_app.py --runs {args.runs}` on {dt.date.today().isoformat()} "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]}). Medians; start-up runs "
        "are fresh processes, interleaved, headless, from launch; `ordinance` is built as "
        "`cli._run_app` builds it (the library loads on a worker thread after the first "
        "frame).",
        "",
        "| start-up | ms | ratio to minimal Textual app |",
        "|---|---:|---:|",
        f"| minimal Textual app (one Static): first frame | {m:.0f} | 1.00 |",
        f"| `ordinance`: first interactive frame (welcome screen, seed list loading) | "
        f"{f:.0f} | {f / m:.2f} |",
        f"| `ordinance`: seed list populated (library loaded, seeds drawn) | {sd:.0f} | "
        f"{sd / m:.2f} |",
        f"| `ordinance {seed_id}.yaml`: first frame (welcome screen, loading) | {of:.0f} | "
        f"{of / m:.2f} |",
        f"| `ordinance {seed_id}.yaml`: preview assembled and drawn | {o:.0f} | "
        f"{o / m:.2f} |",
        "",
        "\"Interactive\" means the first screen is mounted, laid out and painted and the "
        "event loop is processing input. At that moment the seed list was populated in "
        f"{populated_at_frame} of {n} runs (it shows \"Loading the clause library…\" "
        "until the library arrives, so a draft can be started only from the \"seed list "
        f"populated\" row on). A Tab sent at the first frame moved the focus after "
        f"{k:.0f} ms (median; the library was still loading in {key_while_loading} of {n} "
        "runs).",
        "",
        f"For scale: `python -c pass` takes {b:.0f} ms; loading the built-in library "
        f"without Textual (`ordinance_tui.cli.load`) takes {lo - b:.0f} ms over that: what "
        "the first frame no longer waits for.",
        "",
        f"Preview update after an answer change on the largest seed ({seed_id}, {sections} "
        f"sections; answer `{qid}` toggled, {len(times)} runs): median {p:.1f} ms, "
        f"min {min(times):.1f}, max {max(times):.1f}; sections re-rendered per change: "
        f"{statistics.median(touched):g} (the rest untouched).",
        "",
        "Targets (issue 5): start-up at most 1.5x the minimal app; preview update median "
        "at most 50 ms.",
        "",
        f"Load average when run: {os.getloadavg()[0]:.1f} (other work on the machine "
        "inflates every figure, the minimal app's too).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", "## App", text)


def write_section(path: Path, heading: str, body: str) -> None:
    """Replace (or add) one ``## heading`` section of RESULTS.md, leaving others alone."""
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    parts = existing.split("\n## ")
    kept = [parts[0].rstrip() + "\n"] + ["## " + part.rstrip() + "\n" for part in parts[1:]
                                         if not ("## " + part).startswith(heading + "\n")]
    kept.append(f"{heading}\n\n{body}")
    path.write_text("\n".join(kept), encoding="utf-8")


if __name__ == "__main__":
    main()
