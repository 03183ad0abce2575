"""In-process Word export of the 200-section ordinance: thread CPU, and same output.

Run (``DIR`` an older tree, e.g. ``git archive 54457ed ordinance_tui clauses seeds |
tar -x -C /tmp/base``):

    python bench/bench_docx_render.py --baseline DIR [--renders 40] [--rounds 3]
    python bench/bench_docx_render.py --baseline DIR --check     # same bytes?
    python bench/bench_docx_render.py --baseline DIR --callgrind # instructions

Timing: ``render_docx`` of the generated ordinance (``bench_export.generate``,
assembled once per process), ``time.thread_time`` around each of ``--renders``
renders after three warm-up renders; the two trees alternate, ``--rounds`` fresh
processes each, so both see the same load. Thread CPU is disturbed less by other
work on the machine than the wall clock, not undisturbed: on a loaded machine two
processes on one core's two hardware threads each run slower.

``--callgrind`` counts instructions with valgrind instead (independent of load):
a process with one render and one with six, the difference over five.

``--check`` writes, with each tree, the .docx of every built-in seed (plain,
annotated, with a city's template, annotated with coverage), the redline
between each two consecutive seeds (tracked and formatted) and the generated
ordinance (plain, annotated, city template), and compares them byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside a process whose ordinance_tui is the tree measured (sys.argv[1]).
WORKER = r"""
import datetime as dt, pickle, statistics, sys, time, zipfile
from io import BytesIO
from pathlib import Path
tree_dir, mode, work = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
sys.path.insert(0, str(tree_dir))
import ordinance_tui
assert Path(ordinance_tui.__file__).resolve().parent.parent == tree_dir.resolve(), "wrong tree"
from ordinance_tui.export.docx import render_docx
gen = pickle.loads((work / "gen.pickle").read_bytes())
if mode == "time":
    for _ in range(3):
        render_docx(gen)
    cpu = []
    for _ in range(int(sys.argv[4])):
        start = time.thread_time()
        render_docx(gen)
        cpu.append((time.thread_time() - start) * 1000)
    print(statistics.median(cpu), min(cpu))
elif mode == "renders":
    for _ in range(int(sys.argv[4])):
        render_docx(gen)
else:
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.coverage import coverage, pick_laws
    from ordinance_tui.core.draft import draft_from_data
    from ordinance_tui.core.library import load_library
    from ordinance_tui.core.redline import compare
    from ordinance_tui.export.redline_docx import render_redline_docx
    city, out = work / "city.docx", Path(sys.argv[4])
    out.mkdir(parents=True, exist_ok=True)
    lib = load_library()
    day = dt.date(2026, 11, 26)
    trees, results = {}, {}
    for seed in sorted(lib.seeds):
        draft, _ = draft_from_data(lib.seeds[seed].data, seed)
        tree = trees[seed] = assemble(lib, draft, today=day)
        results[seed] = render_docx(tree)
        results[seed + "-annotated"] = render_docx(tree, annotated=True)
        results[seed + "-city"] = render_docx(tree, reference_docx=city)
        laws, how = pick_laws(lib, draft, None)
        results[seed + "-coverage"] = render_docx(
            tree, annotated=True, coverage=coverage(lib, draft, laws, how=how, ordinance=tree))
    seeds = sorted(trees)
    for a, b in zip(seeds, seeds[1:] + seeds[:1]):
        results[f"redline-{a}-{b}"] = render_redline_docx(compare(trees[a], trees[b]))
        results[f"redline-{a}-{b}-formatted"] = render_redline_docx(
            compare(trees[a], trees[b]), tracked=False)
    results["gen"] = render_docx(gen)
    results["gen-annotated"] = render_docx(gen, annotated=True)
    results["gen-city"] = render_docx(gen, reference_docx=city)
    for name, data in results.items():
        (out / f"{name}.docx").write_bytes(data)
"""

SETUP = r"""
import datetime as dt, pickle, sys
from pathlib import Path
work, sections = Path(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, sys.argv[3])
import bench_export
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.library import LibrarySource, load_library
lib_dir = bench_export.generate(work, sections)
lib = load_library([LibrarySource(lib_dir, work / f"gen{sections}-seeds")])
draft, _ = draft_from_data(lib.seeds[f"gen{sections}"].data, f"gen{sections}")
tree = assemble(lib, draft, today=dt.date(2026, 11, 26))
(work / "gen.pickle").write_bytes(pickle.dumps(tree))
import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Mm, Pt
document = docx.Document()  # a city's template, as tests/test_reference_docx.py makes one
document.styles["Normal"].font.name = "DejaVu Serif"
document.styles["Normal"].font.size = Pt(11)
for n in range(1, 5):
    style = document.styles.add_style(f"Subsection Level {n}", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
section = document.sections[0]
section.page_width, section.page_height = Mm(210), Mm(297)
section.left_margin = section.right_margin = Inches(2)
section.header.is_linked_to_previous = False
section.header.paragraphs[0].text = "City of Riverton"
document.save(work / "city.docx")
"""


def worker(tree: Path, work: Path, *args: str) -> str:
    return subprocess.run([sys.executable, "-c", WORKER, str(tree), *args[:1], str(work),
                           *args[1:]], check=True, capture_output=True, text=True,
                          cwd=work).stdout  # fmt: skip


def callgrind(tree: Path, work: Path, renders: int) -> int:
    out = work / "callgrind.out"
    run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                          sys.executable, "-c", WORKER, str(tree), "renders", str(work),
                          str(renders)], check=True, capture_output=True, text=True, cwd=work)
    out.unlink(missing_ok=True)
    line = next(x for x in run.stderr.splitlines() if "Collected" in x)
    return int(line.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, metavar="DIR")
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare the outputs instead")
    parser.add_argument("--callgrind", action="store_true", help="count instructions instead")
    args = parser.parse_args()
    trees = {"before": args.baseline.resolve(), "after": ROOT}
    work = Path(tempfile.mkdtemp(prefix="bench-docx-"))
    env_note = f"load average {os.getloadavg()[0]:.1f}"
    try:
        subprocess.run([sys.executable, "-c", SETUP, str(work), str(args.sections),
                        str(ROOT / "bench")], check=True, cwd=ROOT)  # fmt: skip
        if args.check:
            hashes = {}
            for name, tree in trees.items():
                worker(tree, work, "dump", str(work / name))
                hashes[name] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                                for p in sorted((work / name).glob("*.docx"))}
            differ = [n for n in hashes["after"] if hashes["before"].get(n) != hashes["after"][n]]
            print(f"{len(hashes['after'])} packages, {len(differ)} differ: {differ or ''}")
            sys.exit(1 if differ or hashes["before"].keys() != hashes["after"].keys() else 0)
        if args.callgrind:
            per = {}
            for name, tree in trees.items():
                per[name] = (callgrind(tree, work, 6) - callgrind(tree, work, 1)) / 5
                print(f"{name}: {per[name] / 1e6:.1f} M instructions a render")
            print(f"after / before: {per['after'] / per['before']:.2f}")
            return
        medians: dict[str, list[float]] = {"before": [], "after": []}
        minima: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                median, low = map(float, worker(tree, work, "time", str(args.renders)).split())
                medians[name].append(median)
                minima[name].append(low)
        for name in trees:
            print(f"{name}: thread CPU ms a render, median of {args.renders} in each of "
                  f"{args.rounds} processes: {', '.join(f'{m:.1f}' for m in medians[name])}; "
                  f"minimum {min(minima[name]):.1f}")
        ratio = statistics.median(medians["after"]) / statistics.median(medians["before"])
        print(f"after / before (median of medians): {ratio:.2f}; {env_note} at the start, "
              f"{os.getloadavg()[0]:.1f} at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
