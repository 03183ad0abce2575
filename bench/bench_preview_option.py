"""The option preview ("what changes if I pick this") against the preview update, in one run.

Run:  python bench/bench_preview_option.py [--runs N] [--rounds R] [--write]   (--write
updates the "## Option preview" section of bench/RESULTS.md and leaves the others alone)

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
- The computation's own processor time (``time.thread_time`` on the worker thread),
  and ``core.whatif.option_effect`` alone without Textual (``core_effects``): a loaded
  machine inflates these far less than wall time.

The rows run in turn, round after round (``--rounds``), each round with the load
average as it began, so a change in the machine's load shows instead of skewing one row.
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
                          ) -> tuple[list[float], list[float], list[str], list[float],
                                     list[float]]:
    """Times (ms) from a radio set's cursor moving to its effect shown; CPU ms; questions;
    times from the key's delivery (Textual routing the key and repainting included); the
    thread CPU ms of working the effect out (``option_effect`` on its worker thread; none
    for a move whose effect was ready).

    The cursor moves down through the options (the answer as it is skipped: the box
    closes there). ``fresh``: drop the kept effects before each move; otherwise pause
    ``READ`` seconds on each option, as a reader does (the screen works out the
    neighbours meanwhile).
    """
    from bench_app import workers_done
    from textual import events

    from ordinance_tui.tui.app import create_app
    from ordinance_tui.tui.screens import interview
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
    worked: list[tuple[float, float]] = []  # (perf_counter at its start, thread CPU ms)
    effect_of = interview.option_effect

    def timed_effect(*args: object, **kwargs: object) -> object:
        t, c = time.perf_counter(), time.thread_time()
        try:
            return effect_of(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            worked.append((t, (time.thread_time() - c) * 1000))

    interview.option_effect = timed_effect  # type: ignore[assignment]
    work_cpu: list[float] = []
    keys: list[float] = []
    async with app.run_test(size=(140, 40)) as pilot:
        await workers_done(app)
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
            await workers_done(app)
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
                    await workers_done(app)
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
                work_cpu += [ms for t, ms in worked if t >= t0][:1]
                await workers_done(app)
                await pilot.pause()
    OptionRadioSet.watch__selected = watch  # type: ignore[method-assign]
    interview.option_effect = effect_of
    return times, cpu, used, keys, work_cpu


def core_effects(library: object, draft: object, rounds: int = 1
                 ) -> tuple[list[float], list[float]]:
    """Wall and thread CPU ms of ``core.whatif.option_effect`` alone (no Textual), for
    every option not chosen of the questions ``option_previews`` visits, as the screen
    calls it: with the session's render memo, the draft's assembly and visible questions."""
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.incremental import RenderMemo
    from ordinance_tui.core.whatif import option_effect, visible_after

    today = dt.date(2026, 11, 26)
    memo = RenderMemo()
    base = assemble(library, draft, today=today, memo=memo)  # type: ignore[arg-type]
    visible = visible_after(library, draft, memo)  # type: ignore[arg-type]
    questions = library.questions  # type: ignore[attr-defined]
    options = [(qid, c.value) for step in library.ordered_steps()  # type: ignore[attr-defined]
               for qid in step.questions if qid in visible
               and questions[qid].type == "choice" and len(questions[qid].choices) >= 3
               for c in questions[qid].choices
               if draft.answers.get(qid) != c.value]  # type: ignore[attr-defined]
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for qid, value in options:
            c0, t0 = time.thread_time(), time.perf_counter()
            option_effect(library, draft, qid, value, base=base,  # type: ignore[arg-type]
                          visible=visible, memo=memo, today=today)
            cpu.append((time.thread_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
    return wall, cpu


def _row(label: str, wall: list[float], cpu: list[float], extra: str = "") -> str:
    med = statistics.median
    return (f"| {label} | {len(wall)} | {med(wall):.1f} | {min(wall):.1f} | {max(wall):.1f} | "
            f"{med(cpu):.1f} | {extra} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="samples per row and round")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds of the rows (the load changes meanwhile)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()

    from bench_app import largest_seed, preview_updates, write_section

    from ordinance_tui.core.draft import save_draft
    from ordinance_tui.core.library import load_library

    library = load_library()
    seed_id, draft = largest_seed(library)
    med = statistics.median
    rows: dict[str, list[list[float]]] = {k: [[], [], [], []] for k in
                                          ("opt", "core", "upd", "read")}
    rounds: list[str] = []
    used: list[str] = []
    qid, sections = "", 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{seed_id}.yaml"
        save_draft(draft, path)  # type: ignore[arg-type]
        os.environ["ORDINANCE_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["ORDINANCE_CACHE_DIR"] = str(Path(tmp) / "cache")
        # Warm up once (templates compiled, caches filled), then the rows in turn, round
        # after round, in this process.
        asyncio.run(option_previews(library, path, 4))
        core_effects(library, draft)
        for n in range(args.rounds):
            load = os.getloadavg()[0]
            opt, opt_cpu, used, opt_keys, opt_work = asyncio.run(
                option_previews(library, path, args.runs))
            core, core_cpu = core_effects(library, draft)
            upd, upd_cpu, _, qid, sections = asyncio.run(
                preview_updates(library, path, args.runs))
            for key, values in (("opt", (opt, opt_cpu, opt_keys, opt_work)),
                                ("core", (core, core_cpu, [], [])),
                                ("upd", (upd, upd_cpu, [], []))):
                for kept, new in zip(rows[key], values, strict=True):
                    kept += new
            rounds.append(
                f"| {n + 1} | {load:.1f} | {med(opt):.1f} | {med(opt_work):.1f} | "
                f"{med(core):.1f} | {med(core_cpu):.1f} | {med(upd):.1f} | "
                f"{med(opt) / med(upd):.2f} |")
        read, read_cpu, _, read_keys, _ = asyncio.run(
            option_previews(library, path, args.runs, fresh=False))
        rows["read"] = [read, read_cpu, read_keys, []]
    (opt, opt_cpu, opt_keys, opt_work), (core, core_cpu, _, _) = rows["opt"], rows["core"]
    upd, upd_cpu = rows["upd"][:2]
    o, u = med(opt), med(upd)
    text = "\n".join([
        f"`python bench/bench_preview_option.py --runs {args.runs} --rounds {args.rounds}` on "
        f"{dt.date.today().isoformat()} ({os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}), in one process, headless at 140x40, on the largest "
        f"seed ({seed_id}, {sections} sections); the rows ran in turn, round after round.",
        "",
        "| | samples | wall median ms | min | max | CPU median ms | |",
        "|---|---:|---:|---:|---:|---:|---|",
        _row("option preview: cursor moved on a radio set → its \"what changes\" shown "
             "(each worked out afresh); CPU: the process's", opt, opt_cpu,
             f"from the key: {med(opt_keys):.1f} ms median"),
        _row("… of which working the effect out (`option_effect` on the worker thread); "
             "CPU: that thread's", [ms for ms in opt_work], opt_work,
             "wall column: thread CPU too"),
        _row("`core.whatif.option_effect` alone, no Textual: every option not chosen of "
             "those questions, with the session's memo; CPU: thread", core, core_cpu),
        _row(f"preview update after an answer (`{qid}` toggled), as in \"## App\"; CPU: "
             "the process's", upd, upd_cpu),
        _row(f"as a reader moves: Down through the options, {READ * 1000:.0f} ms on each "
             "(the neighbours worked out meanwhile)", read, read_cpu,
             f"from the key: {med(read_keys):.1f} ms median"),
        "",
        "Per round (medians, ms; load: the 1-minute load average as the round began):",
        "",
        "| round | load | option preview, wall | its thread CPU | core alone, wall | "
        "core alone, thread CPU | preview update, wall | ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rounds,
        "",
        "Wall times run from the moment the radio set's cursor moved (its highlight "
        "changed) to the effect being on screen; \"from the key\" adds Textual's routing "
        "of the key and a repaint of the screen before the highlight changes (the preview "
        "update is timed from the answer being applied, so the first column is the one to "
        "compare with it). Thread CPU (`time.thread_time`) counts only the computation's "
        "own thread, which the other sessions' load inflates far less than wall time.",
        "",
        f"Ratio of the medians, option preview to preview update: {o / u:.2f}. "
        f"Questions whose options were visited: {', '.join(f'`{q}`' for q in used)}. "
        "Target (issue 14): option preview median at most 50 ms.",
        "",
        f"Load average (1 min) after the run: {os.getloadavg()[0]:.1f}.",
    ]) + "\n"
    print(text)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", "## Option preview", text)


if __name__ == "__main__":
    main()
