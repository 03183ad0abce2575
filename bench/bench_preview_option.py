"""The option preview ("what changes if I pick this") against the preview update, in one run.

Run:  python bench/bench_preview_option.py [--runs N] [--write]   (--write updates the
"## Option preview" section of bench/RESULTS.md and leaves the others alone)

In one process, on the largest seed (sf-combo), headless at 140x40:

- Option preview: the time from the keyboard cursor moving to an option of a radio
  set (after a Down key, delivered as the terminal driver delivers it) until the
  "what changes" box shows that option's effect. The effects the screen keeps for
  the draft are dropped before every move, so each one is worked out afresh (a
  revisited option shows at once, which would flatter the median). It includes the
  debounce (``interview.OPTION_DELAY``). Target: median at most 50 ms.
- The same as a reader moves: Down through a question's options, resting on each;
  the screen works out the options either side while the reader reads, so most
  moves find their effect ready.
- Preview update after an answer (``bench_app.preview_updates``, the figure in
  "## App"), measured in the same run, for the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

POLL = 0.0005  # seconds between checks (the event loop idles, as while a user reads)
READ = 0.3  # seconds a reader rests on an option before the next key (the "as used" row)


async def option_previews(library: object, draft_path: Path, runs: int, *, fresh: bool = True
                          ) -> tuple[list[float], list[float], list[str], list[float]]:
    """Times (ms) from a radio set's cursor moving to its effect shown; CPU ms; questions;
    times from the key's delivery (Textual routing the key and repainting included).

    The cursor moves down through the options (the answer as it is skipped: the box
    closes there). ``fresh``: drop the kept effects before each move; otherwise pause
    ``READ`` seconds on each option, as a reader does (the screen works out the
    neighbours meanwhile).
    """
    from textual import events

    from ordinance_tui.tui.app import create_app
    from ordinance_tui.tui.screens.interview import InterviewScreen
    from ordinance_tui.tui.widgets.preview import OptionEffectView
    from ordinance_tui.tui.widgets.questions import OptionRadioSet, QuestionField

    app = create_app(library=library, draft_path=draft_path,  # type: ignore[arg-type]
                     recent_path=draft_path.parent / "recent.json",
                     today=dt.date(2026, 11, 26))
    times: list[float] = []
    cpu: list[float] = []
    used: list[str] = []
    moved: list[float] = []  # perf_counter when the radio set's cursor moved
    watch = OptionRadioSet.watch__selected

    def timed(self: OptionRadioSet) -> None:
        moved.append(time.perf_counter())
        watch(self)

    OptionRadioSet.watch__selected = timed  # type: ignore[method-assign]
    keys: list[float] = []
    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        view = screen.query_one(OptionEffectView)
        # Every visible single-choice question with at least three options, in step order.
        questions = [qid for step in library.ordered_steps()  # type: ignore[attr-defined]
                     for qid in screen.step_questions(step.id)
                     if library.questions[qid].type == "choice"  # type: ignore[attr-defined]
                     and len(library.questions[qid].choices) >= 3]  # type: ignore[attr-defined]
        assert questions, "the largest seed asks no choice question with three options"
        per = max(2, -(-runs // len(questions)))
        for qid in questions:
            if len(times) >= runs:
                break
            question = library.questions[qid]  # type: ignore[attr-defined]
            screen.go_to_step(question.step, focus=qid)
            await app.workers.wait_for_complete()
            await pilot.pause()
            field = next(f for f in screen.query(QuestionField) if f.question.id == qid)
            radio = field.query_one(OptionRadioSet)
            if not radio.has_focus:
                continue
            used.append(qid)
            n = len(question.choices)
            for _ in range(per):
                if fresh:
                    screen._effects.clear()  # work each effect out afresh
                else:
                    await asyncio.sleep(READ)
                assert radio._selected is not None
                if (radio._selected + 1) % n == radio.pressed_index:
                    # Onto the answer as it is: the box just closes; not measured.
                    await pilot.press("down")
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                c0 = time.process_time()
                t0 = time.perf_counter()
                app.post_message(events.Key("down", None))
                while view.updated_at < t0:
                    await asyncio.sleep(POLL)
                after = [m for m in moved if m >= t0]
                if not after:  # the key did not move this cursor: not a sample
                    continue
                times.append((view.updated_at - after[0]) * 1000)
                keys.append((view.updated_at - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                await app.workers.wait_for_complete()
                await pilot.pause()
    OptionRadioSet.watch__selected = watch  # type: ignore[method-assign]
    return times, cpu, used, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()

    from bench_app import largest_seed, preview_updates, write_section

    from ordinance_tui.core.draft import save_draft
    from ordinance_tui.core.library import load_library

    library = load_library()
    seed_id, draft = largest_seed(library)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{seed_id}.yaml"
        save_draft(draft, path)  # type: ignore[arg-type]
        os.environ["ORDINANCE_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["ORDINANCE_CACHE_DIR"] = str(Path(tmp) / "cache")
        # Warm up once (templates compiled, caches filled), then measure both, one after
        # the other in this process.
        asyncio.run(option_previews(library, path, 4))
        opt, opt_cpu, used, opt_keys = asyncio.run(option_previews(library, path, args.runs))
        read, read_cpu, _, read_keys = asyncio.run(option_previews(library, path, args.runs,
                                                        fresh=False))
        upd, upd_cpu, _, qid, sections = asyncio.run(
            preview_updates(library, path, args.runs))
    o, u = statistics.median(opt), statistics.median(upd)
    text = "\n".join([
        f"`python bench/bench_preview_option.py --runs {args.runs}` on "
        f"{dt.date.today().isoformat()} ({os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}), in one process, headless at 140x40, on the largest "
        f"seed ({seed_id}, {sections} sections).",
        "",
        "| | runs | wall median ms | min | max | CPU median ms | from the key, median ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| option preview: cursor moved on a radio set → its \"what changes\" shown "
        f"(each worked out afresh) | {len(opt)} | {o:.1f} | {min(opt):.1f} | "
        f"{max(opt):.1f} | {statistics.median(opt_cpu):.1f} | "
        f"{statistics.median(opt_keys):.1f} |",
        f"| the same as a reader moves: Down through the options, {READ * 1000:.0f} ms on "
        f"each (the neighbours worked out meanwhile) | {len(read)} | "
        f"{statistics.median(read):.1f} | {min(read):.1f} | {max(read):.1f} | "
        f"{statistics.median(read_cpu):.1f} | {statistics.median(read_keys):.1f} |",
        f"| preview update after an answer (`{qid}` toggled), as in \"## App\" | "
        f"{len(upd)} | {u:.1f} | {min(upd):.1f} | {max(upd):.1f} | "
        f"{statistics.median(upd_cpu):.1f} | |",
        "",
        "Wall times run from the moment the radio set's cursor moved (its highlight "
        "changed) to the effect being on screen; the last column from the key's "
        "delivery, which adds Textual's routing of the key and a repaint of the screen "
        "before the highlight changes (the preview update is timed from the answer "
        "being applied, so the first column is the one to compare with it).",
        "",
        f"Ratio of the medians, option preview to preview update: {o / u:.2f}. "
        f"Questions whose options were visited: {', '.join(f'`{q}`' for q in used)}. "
        "Target (issue 14): option preview median at most 50 ms.",
        "",
        f"Load average (1 min) when run: {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after.",
    ]) + "\n"
    print(text)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", "## Option preview", text)


if __name__ == "__main__":
    main()
