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

# Every child prints its own CPU time (user + system, all threads) as the last word
# of each line it reports: the machine is shared, and CPU time is disturbed less.
CPU = textwrap.dedent("""
    import resource

    def cpu_ms():
        r = resource.getrusage(resource.RUSAGE_SELF)
        return f"{(r.ru_utime + r.ru_stime) * 1000:.0f}"
""")

# "First interactive frame": the app's first screen is mounted, laid out and
# painted, and the app is processing input. Both apps use the same hook.
FIRST_FRAME = CPU + textwrap.dedent("""
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
        print("READY", cpu_ms(), flush=True)
        pilot.app.exit()

    Minimal().run(headless=True, size=(100, 30), auto_pilot=ready)
""")

OURS = FIRST_FRAME + textwrap.dedent("""
    import sys
    import time
    from pathlib import Path
    from ordinance_tui import cli

    mode = sys.argv[1]  # welcome | key | a draft file
    draft = Path(mode) if mode not in ("welcome", "key") else None

    async def painted(app):
        done = asyncio.Event()
        app.screen.call_after_refresh(done.set)
        await done.wait()

    async def ready(pilot):
        app = pilot.app
        await first_frame(app)
        print("FRAME", int(app.library_ready), cpu_ms(), flush=True)
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
            print("SEEDS", cpu_ms(), flush=True)
        else:  # until the draft's preview shows the assembled ordinance
            while not (type(app.screen).__name__ == "InterviewScreen"
                       and app.screen.is_mounted and app.screen.query("#preview")
                       and app.screen.query_one("#preview").views):
                await asyncio.sleep(0.001)
            await painted(app)
            print("PREVIEW", cpu_ms(), flush=True)
            # Until every section and every jurisdiction field is mounted and drawn (a
            # checkout that mounts them all at once is complete at once).
            while not complete(app):
                await asyncio.sleep(0.001)
            await painted(app)
            print("COMPLETE", cpu_ms(), flush=True)
        app.exit()

    def complete(app):
        preview = app.screen.query_one("#preview")
        forms = app.screen.query("#jurisdiction")
        return (not getattr(preview, "pending", ())
                and all(getattr(form, "complete", True) for form in forms))

    # As cli._run_app builds it (a checkout from before cli.app_for: as it built it).
    if hasattr(cli, "app_for"):
        app = cli.app_for([], True, draft)
    else:
        from ordinance_tui.tui.app import create_app
        app = create_app(library_loader=lambda: cli.load([]), draft_path=draft)
    from textual import events
    app.run(headless=True, size=(100, 30), auto_pilot=ready)
""")


LOAD_ONLY = CPU + textwrap.dedent("""
    from ordinance_tui.cli import load
    load([])
    print("READY", cpu_ms(), flush=True)
""")
PASS = CPU + 'print("READY", cpu_ms(), flush=True)'
POLL = 0.0005  # seconds between checks while waiting for the preview


def start_ms(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from launching a process until it prints READY, and its CPU ms by then."""
    ms, rest = lines_ms(code, args, env)["READY"]
    return ms, float(rest[-1])


def lines_ms(code: str, args: list[str], env: dict[str, str], cwd: Path = ROOT
             ) -> dict[str, tuple[float, list[str]]]:
    """For each line the process prints: its first word -> (ms since launch, the rest).

    The rest ends with the process's CPU ms at that moment. ``cwd`` is the tree whose
    ``ordinance_tui`` is run (another checkout for ``--baseline``).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
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


async def workers_done(app: object) -> None:
    """Wait for the app's workers. A worker replaced by a newer one of its exclusive group
    (the option preview as the cursor moves) ends cancelled: wait for its replacement."""
    from textual.worker import WorkerCancelled

    for _ in range(100):
        try:
            await app.workers.wait_for_complete()  # type: ignore[attr-defined]
            return
        except WorkerCancelled:
            continue
    raise AssertionError("workers kept being cancelled and replaced")


async def preview_updates(library: object, draft_path: Path, runs: int
                          ) -> tuple[list[float], list[float], list[int], str, int]:
    """Times (ms) from an answer change to the preview laid out, CPU ms, sections touched.

    The wait polls in short sleeps (``POLL``), so the event loop idles as it does
    when a user types: a busy wait would hold the interpreter lock against the
    assembly worker and time the benchmark's own loop.
    """
    from ordinance_tui.core.answers import visible_questions
    from ordinance_tui.core.assemble import build_context
    from ordinance_tui.core.qtypes import qtype
    from ordinance_tui.tui.app import create_app
    from ordinance_tui.tui.widgets.preview import Preview

    app = create_app(library=library, draft_path=draft_path,  # type: ignore[arg-type]
                     recent_path=draft_path.parent / "recent.json",
                     today=dt.date(2026, 11, 26))
    times: list[float] = []
    cpu: list[float] = []
    touched: list[int] = []
    async with app.run_test(size=(140, 40)) as pilot:
        await workers_done(app)
        await pilot.pause()
        preview = app.screen.query_one(Preview)
        assert app.session is not None
        context, _ = build_context(library, app.session.draft)  # type: ignore[arg-type]
        # Numbers of days or dollars, found through the question-type registry.
        candidates = [q for q in visible_questions(library, context)  # type: ignore[arg-type]
                      if qtype(library.questions[q]).unit in ("days", "dollars")]  # type: ignore
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
                    await asyncio.sleep(POLL)
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
            c0 = time.process_time()
            t0 = time.perf_counter()
            app.edit_draft(app.session.draft.with_answer(chosen, value))
            while preview.updated_at < t0:
                await asyncio.sleep(POLL)
            cpu.append((time.process_time() - c0) * 1000)
            times.append((preview.updated_at - t0) * 1000)
            touched.append(len(preview.last_changed))
            await workers_done(app)  # let the checks finish too
            await pilot.pause()
        sections = len(preview.views)
    return times, cpu, touched, chosen, sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="another checkout whose app opens the draft too, interleaved")
    args = parser.parse_args()

    from ordinance_tui.core.draft import save_draft
    from ordinance_tui.core.library import load_library

    library = load_library()
    seed_id, draft = largest_seed(library)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        draft_path = folder / f"{seed_id}.yaml"
        save_draft(draft, draft_path)  # type: ignore[arg-type]
        # As an installed package runs: with its bytecode (the warm-up run writes it).
        clean = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {**clean, "ORDINANCE_DATA_DIR": str(folder / "data"),
               "ORDINANCE_CACHE_DIR": str(folder / "cache")}
        base_env = {**clean, "ORDINANCE_DATA_DIR": str(folder / "base-data"),
                    "ORDINANCE_CACHE_DIR": str(folder / "base-cache")}
        # Warm the template caches (the draft's templates too) and the OS file cache.
        lines_ms(OURS, [str(draft_path)], env)
        if args.baseline:
            lines_ms(OURS, [str(draft_path)], base_env, cwd=args.baseline)
        start_ms(MINIMAL, [], env)
        rows: dict[str, list[tuple[float, float]]] = {}

        def add(row: str, ms: float, rest: list[str]) -> None:
            rows.setdefault(row, []).append((ms, float(rest[-1])))

        populated_at_frame = key_while_loading = 0
        keys: list[float] = []
        for _ in range(args.runs):
            for row, code in (("pass", PASS), ("load", LOAD_ONLY), ("minimal", MINIMAL)):
                add(row, *lines_ms(code, [], env)["READY"])
            run = lines_ms(OURS, ["welcome"], env)
            add("frame", *run["FRAME"])
            populated_at_frame += run["FRAME"][1][0] == "1"
            add("seeds", *run["SEEDS"])
            run = lines_ms(OURS, ["key"], env)
            keys.append(float(run["KEY"][1][0]))
            key_while_loading += run["KEY"][1][1] == "0"
            run = lines_ms(OURS, [str(draft_path)], env)
            add("opened_frame", *run["FRAME"])
            add("opened", *run["PREVIEW"])
            add("opened_complete", *run["COMPLETE"])
            if args.baseline:
                run = lines_ms(OURS, [str(draft_path)], base_env, cwd=args.baseline)
                add("base_opened", *run["PREVIEW"])
                add("base_complete", *run["COMPLETE"])
        times, cpu, touched, qid, sections = asyncio.run(
            preview_updates(library, draft_path, max(args.runs * 3, 21)))

    def med(row: str, i: int = 0) -> float:
        return statistics.median(x[i] for x in rows[row])

    def ratio(row: str, i: int = 0) -> float:
        """The median of each round's ratio to that round's minimal app."""
        return statistics.median(a[i] / b[i] for a, b in zip(rows[row], rows["minimal"],
                                                              strict=True))

    def line(label: str, row: str) -> str:
        return (f"| {label} | {med(row):.0f} | {ratio(row):.2f} | {med(row, 1):.0f} | "
                f"{ratio(row, 1):.2f} |")

    p = statistics.median(times)
    n = args.runs
    command = f"python bench/bench_app.py --runs {args.runs}" + (
        f" --baseline {args.baseline}" if args.baseline else "")
    lines = [
        f"`{command}` on {dt.date.today().isoformat()} "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]}). Medians; start-up runs "
        "are fresh processes, interleaved, headless, from launch; `ordinance` is built as "
        "`cli._run_app` builds it (`cli.app_for`: the library loads on a worker thread "
        "after the first frame, or from the start when a draft is named). CPU is the "
        "process's own (user + system, all threads) at that moment; each ratio is the "
        "median of the rounds' ratios to that round's minimal app.",
        "",
        "| start-up | wall ms | × minimal | CPU ms | CPU × minimal |",
        "|---|---:|---:|---:|---:|",
        line("minimal Textual app (one Static): first frame", "minimal"),
        line("`ordinance`: first interactive frame (welcome screen, seed list loading)",
             "frame"),
        line("`ordinance`: seed list populated (library loaded, seeds drawn)", "seeds"),
        line(f"`ordinance {seed_id}.yaml`: first frame (library loading)",
             "opened_frame"),
        line(f"`ordinance {seed_id}.yaml`: preview assembled and drawn", "opened"),
        line(f"`ordinance {seed_id}.yaml`: every section and jurisdiction field drawn",
             "opened_complete"),
    ]
    if args.baseline:
        lines.append(line(f"preview drawn, in `{args.baseline}` (baseline)", "base_opened"))
        lines.append(line(f"every section and field drawn, in `{args.baseline}` (baseline)",
                          "base_complete"))

    def paired(row: str, base: str, i: int) -> float:
        """The median of each round's ratio of ``row`` to ``base`` (same round)."""
        return statistics.median(a[i] / b[i] for a, b in zip(rows[row], rows[base],
                                                              strict=True))
    if args.baseline:
        lines += ["", "This checkout against the baseline, paired by round (wall, CPU): "
                  f"preview drawn {paired('opened', 'base_opened', 0):.2f}, "
                  f"{paired('opened', 'base_opened', 1):.2f}; everything drawn "
                  f"{paired('opened_complete', 'base_complete', 0):.2f}, "
                  f"{paired('opened_complete', 'base_complete', 1):.2f}."]
    lines += [
        "",
        "\"Interactive\" means the first screen is mounted, laid out and painted and the "
        "event loop is processing input. At that moment the seed list was populated in "
        f"{populated_at_frame} of {n} runs (it shows \"Loading the clause library…\" "
        "until the library arrives, so a draft can be started only from the \"seed list "
        f"populated\" row on). A Tab sent at the first frame moved the focus after "
        f"{statistics.median(keys):.0f} ms (median; the library was still loading in "
        f"{key_while_loading} of {n} runs).",
        "",
        f"For scale: `python -c pass` takes {med('pass'):.0f} ms ({med('pass', 1):.0f} ms "
        "CPU); loading the built-in library without Textual (`ordinance_tui.cli.load`) "
        f"takes {med('load') - med('pass'):.0f} ms over that "
        f"({med('load', 1) - med('pass', 1):.0f} ms CPU): what the first frame no longer "
        "waits for.",
        "",
        f"Preview update after an answer change on the largest seed ({seed_id}, {sections} "
        f"sections; answer `{qid}` toggled, {len(times)} runs): median {p:.1f} ms, "
        f"min {min(times):.1f}, max {max(times):.1f} (CPU, all threads: median "
        f"{statistics.median(cpu):.1f} ms); sections re-rendered per change: "
        f"{statistics.median(touched):g} (the rest untouched).",
        "",
        "Targets (issue 10): first interactive frame at most 1.5x the minimal app; opening "
        "a draft from the command line at most 2.5x; preview update median at most 50 ms.",
        "",
        f"Load average (1 min) when run: {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (other work on the machine inflates every "
        "figure, the minimal app's too).",
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
