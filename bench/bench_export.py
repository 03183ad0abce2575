"""Word export benchmark: ``ordinance build SEED -f docx`` against pandoc, as ratios.

Run (pandoc comes from pypandoc-binary, a benchmark-only dependency):

    pip install -e '.[test]' pypandoc-binary
    python bench/bench_export.py [--runs 7] [--write]     # --write updates bench/RESULTS.md
    git archive OLD ordinance_tui clauses seeds | tar -x -C /tmp/old
    python bench/bench_export.py --baseline /tmp/old      # before and after in one run

For every seed, and for a generated ordinance of 200 sections, the same run
measures (median of ``--runs`` fresh processes each, interleaved):

- ours: a whole process ``ordinance build --seed ID -f docx`` (load the library,
  assemble, export, atomic write), caches warm; run as the installed console
  script runs it (``python -c`` importing ``ordinance_tui.cli.entry``), so that
  the throwaway copies below are the package imported;
- pandoc: ``pandoc SEED.md -o SEED.docx`` on that seed's Markdown export;
- for scale, the same ``ordinance build`` with ``-f md`` (no Word exporter).

Subprocesses run without PYTHONDONTWRITEBYTECODE (an installed package has its
bytecode; the warm-up run writes it), with their own template cache, warm.

It reports ours/pandoc (below 1 means ours is faster) and the in-process
``render_docx`` time of the largest seed. With ``--baseline DIR`` (a folder holding
an older ``ordinance_tui``, ``clauses`` and ``seeds``) the older code is measured
in the same interleaved runs, whole process and in-process, for before/after rows.
The generated ordinance lives in a throwaway copy of the package with its own
``clauses/`` and ``seeds/``, so it does not depend on the state of the built-in
library; the same is done with the test fixture library when the built-in one
has no seeds or has errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ordinance_tui.core.assemble import assemble  # noqa: E402
from ordinance_tui.core.draft import draft_from_data  # noqa: E402
from ordinance_tui.core.library import LibrarySource, load_library  # noqa: E402
from ordinance_tui.export.docx import render_docx  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "library"
DATE = "2026-11-26"
HEADING = "## Word export"


def pandoc_path() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if found:
            return found
    sys.exit("pandoc not found: pip install pypandoc-binary (benchmark only)")


def sandbox(base: Path, clauses: Path, seeds: Path, package: Path = ROOT) -> Path:
    """A copy of ``package`` whose built-in library is ``clauses`` and ``seeds``."""
    home = base / (clauses.name + ("" if package == ROOT else "-baseline"))
    shutil.copytree(package / "ordinance_tui", home / "ordinance_tui",
                    ignore=shutil.ignore_patterns("__pycache__", "clauses", "seeds"))  # fmt: skip
    shutil.copytree(clauses, home / "clauses", ignore=shutil.ignore_patterns("seeds"))
    shutil.copytree(seeds, home / "seeds")
    return home


def generate(folder: Path, sections: int) -> Path:
    """A library of ``sections`` clauses (subsections, terms, references) and one seed."""
    lib = folder / f"gen{sections}"
    (lib / "provisions" / "main").mkdir(parents=True)
    (lib / "provisions" / "general").mkdir(parents=True)
    for sub in ("styles", "definitions", "questions"):
        shutil.copytree(FIXTURE / sub, lib / sub)
    (lib / "parts.yaml").write_text(
        "parts:\n"
        "  - {id: findings, kind: recitals}\n"
        "  - {id: definitions, kind: definitions, heading: Definitions}\n"
        "  - {id: main, kind: sections}\n"
        "  - {id: general, kind: sections, codified: false}\n",
        encoding="utf-8",
    )
    shutil.copytree(FIXTURE / "provisions" / "findings", lib / "provisions" / "findings")
    for name in ("severability.yaml", "effective.yaml"):
        shutil.copy(FIXTURE / "provisions" / "general" / name, lib / "provisions" / "general")
    for i in range(1, sections + 1):
        previous = f'{{{{ ref("gen.c{i - 1:03d}#duty") }}}}' if i > 1 else "this section"
        (lib / "provisions" / "main" / f"c{i:03d}.yaml").write_text(
            f"id: gen.c{i:03d}\n"
            f"title: Provision {i} on the use of surveillance technology\n"
            "part: main\n"
            f"order: {i}\n"
            "commentary: Generated for the benchmark.\n"
            "text: |\n"
            f'  Each {{{{ term("Official") }}}} shall, in applying {previous}:\n'
            '  - {{ label("duty") }}keep a written record of each use of any '
            "technology covered by this {{ instrument }}, including:\n"
            "    - the date and purpose of the use; and\n"
            "    - the name of the person who authorised it;\n"
            "  - publish the record within thirty (30) days; and\n"
            f'  - report to {{{{ body }}}} as required by {{{{ ref("gen.c{i:03d}#duty") }}}}.\n',
            encoding="utf-8",
        )
    seeds = folder / f"gen{sections}-seeds"
    (seeds / "drafts").mkdir(parents=True)
    (seeds / "drafts" / f"gen{sections}.yaml").write_text(
        "format: ordinance-draft/1\n"
        f"seed: {{id: gen{sections}, name: Generated, description: {sections} sections.}}\n"
        "jurisdiction: {name: Riverton, kind: city, style: city, body: City Council}\n"
        "answers: {}\n",
        encoding="utf-8",
    )
    return lib


# What the ``ordinance`` console script does, with the working folder's package first.
ORDINANCE = [sys.executable, "-c", "import sys; from ordinance_tui.cli import entry; "
             "sys.exit(entry())"]  # fmt: skip


def cli(home: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run([*ORDINANCE, *args], cwd=home, env=env, check=True, capture_output=True)


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


# In-process render of a seed or generated library, timed inside a process that
# imports the package at ``home`` (the baseline's own code).
RENDER = """
import datetime as dt, statistics, sys, time
from pathlib import Path
home, seed, date = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
sys.path.insert(0, str(home))
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.library import LibrarySource, load_library
from ordinance_tui.export.docx import render_docx
lib = load_library([LibrarySource(home / "clauses", home / "seeds")])
draft, _ = draft_from_data(lib.seeds[seed].data, seed)
tree = assemble(lib, draft, today=dt.date.fromisoformat(date))
render_docx(tree)
wall, cpu = [], []
for _ in range(30):
    start, start_cpu = time.perf_counter(), time.process_time()
    render_docx(tree)
    wall.append((time.perf_counter() - start) * 1000)
    cpu.append((time.process_time() - start_cpu) * 1000)
print(statistics.median(wall), statistics.median(cpu))
"""


def render_ms(home: Path, seed: str, env: dict[str, str]) -> tuple[float, float]:
    """Median in-process ``render_docx`` of a seed (wall, CPU ms), with the code at ``home``."""
    out = subprocess.run([sys.executable, "-c", RENDER, str(home), seed, DATE], cwd=home,
                         env=env, check=True, capture_output=True, text=True).stdout
    wall, cpu = out.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def paired_render(new_home: Path, old_home: Path, seed: str, env: dict[str, str],
                  rounds: int = 3) -> tuple[tuple[float, float], tuple[float, float]]:
    """(after, before) in-process medians, measured alternately so both see the same load."""
    after, before = [], []
    for _ in range(rounds):
        after.append(render_ms(new_home, seed, env))
        before.append(render_ms(old_home, seed, env))

    def mid(pairs: list[tuple[float, float]]) -> tuple[float, float]:
        return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs))

    return mid(after), mid(before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--baseline-note", default="the older code", metavar="TEXT",
                        help="what the baseline is, for the before/after table's heading")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="an older checkout (ordinance_tui, clauses, seeds) to measure "
                             "in the same run")
    args = parser.parse_args()
    baseline: Path | None = args.baseline.resolve() if args.baseline else None
    pandoc = pandoc_path()
    load = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    env = dict(os.environ, ORDINANCE_CACHE_DIR=str(work / "cache"),
               ORDINANCE_DATA_DIR=str(work / "data"))  # fmt: skip
    # An installed package has its bytecode; let the warm-up run write it here too.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    builtin = load_library()
    homes: list[tuple[Path, str, str]] = []  # (package home, seed id, library label)
    old_homes: dict[str, Path] = {}  # the baseline's home for each row
    if not builtin.errors and builtin.seeds:
        homes += [(ROOT, seed, "built-in") for seed in sorted(builtin.seeds)]
        library_note = "the built-in library's seeds"
        if baseline is not None:
            old_homes.update({f"{seed} (built-in)": baseline for seed in builtin.seeds})
    else:
        fixture_home = sandbox(work, FIXTURE, FIXTURE / "seeds")
        fixture = load_library([LibrarySource(FIXTURE, FIXTURE / "seeds")])
        homes += [(fixture_home, seed, "fixture") for seed in sorted(fixture.seeds)]
        if baseline is not None:
            old_fixture = sandbox(work, FIXTURE, FIXTURE / "seeds", baseline)
            old_homes.update({f"{seed} (fixture)": old_fixture for seed in fixture.seeds})
        library_note = (
            "the test fixture library's seeds (the built-in library "
            + ("has errors" if builtin.errors else "has no seeds")
            + " at the time of this run)"
        )
    gen_lib = generate(work, args.sections)
    gen_home = sandbox(work, gen_lib, work / f"gen{args.sections}-seeds")
    homes.append((gen_home, f"gen{args.sections}", "generated"))
    if baseline is not None:
        old_homes[f"gen{args.sections} (generated)"] = sandbox(
            work, gen_lib, work / f"gen{args.sections}-seeds", baseline)

    rows = []
    before_rows: list[tuple[str, float, float, float]] = []  # (row, before, after, pandoc)
    failed: list[str] = []
    largest: tuple[int, object] | None = None
    for home, seed, label in homes:
        out = work / f"{label}-{seed}"
        md, ours_docx, theirs = out.with_suffix(".md"), out.with_suffix(".docx"), work / "p.docx"
        common = ["--seed", seed, "--date", DATE, "--force"]
        try:
            cli(home, env, "build", *common, "-f", "md", "-o", str(md))
            cli(home, env, "build", *common, "-f", "docx", "-o", str(ours_docx))  # warm cache
        except subprocess.CalledProcessError as exc:
            why = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[:1]
            print(f"{seed}: build failed, skipped: {why}")
            failed.append(seed)
            continue
        ours_cmd = [*ORDINANCE, "build", *common, "-f", "docx", "-o", str(ours_docx)]
        md_cmd = [*ORDINANCE, "build", *common, "-f", "md", "-o", str(md)]
        theirs_cmd = [pandoc, str(md), "-f", "markdown", "-t", "docx", "-o", str(theirs)]
        timed(theirs_cmd, home, env)
        old_home = old_homes.get(f"{seed} ({label})")
        if old_home is not None:
            cli(old_home, env, "build", *common, "-f", "docx", "-o", str(work / "old.docx"))
        ours, pandoc_ms, md_ms, old_ms = [], [], [], []
        for _ in range(args.runs):
            ours.append(timed(ours_cmd, home, env))
            pandoc_ms.append(timed(theirs_cmd, home, env))
            md_ms.append(timed(md_cmd, home, env))
            if old_home is not None:
                old_cmd = [*ORDINANCE, "build", *common, "-f", "docx", "-o",
                           str(work / "old.docx")]
                old_ms.append(timed(old_cmd, old_home, env))
        if old_ms:
            before_rows.append((f"{seed} ({label})", statistics.median(old_ms),
                                statistics.median(ours), statistics.median(pandoc_ms)))
        lib = load_library([LibrarySource(home / "clauses", home / "seeds")])
        draft, _ = draft_from_data(lib.seeds[seed].data, seed)
        tree = assemble(lib, draft, today=dt.date.fromisoformat(DATE))
        count = sum(1 for _ in tree.all_sections())
        if largest is None or count > largest[0]:
            largest = (count, tree)
        rows.append((f"{seed} ({label})", count, statistics.median(ours),
                     statistics.median(pandoc_ms), statistics.median(md_ms)))  # fmt: skip
        print(
            f"{seed:>16}: {count:4d} sections  ours {rows[-1][2]:7.1f} ms  "
            f"pandoc {rows[-1][3]:7.1f} ms  ratio {rows[-1][2] / rows[-1][3]:.2f}  "
            f"(ours -f md {rows[-1][4]:.1f} ms)"
        )

    # The first build after installing or changing the library compiles the templates
    # its seed uses and writes them to the bytecode cache (core/bytecode_cache.py);
    # measured on the smallest seed, that cache emptied before each run.
    small_home, small_seed, small_label = min(
        homes[:-1] or homes, key=lambda h: next(r[1] for r in rows if r[0] == f"{h[1]} ({h[2]})"))
    cold_cmd = [*ORDINANCE, "build", "--seed", small_seed, "--date", DATE, "--force",
                "-f", "docx", "-o", str(work / "cold.docx")]
    compiled = work / "cache" / "templates"  # bytecode_cache.cache_folder() for this env
    cold_ms = []
    for _ in range(args.runs):
        shutil.rmtree(compiled, ignore_errors=True)
        cold_ms.append(timed(cold_cmd, small_home, env))
    timed(cold_cmd, small_home, env)  # the cache warm again for what follows
    small_row = next(r for r in rows if r[0] == f"{small_seed} ({small_label})")

    assert largest is not None
    count, tree = largest
    in_process = []
    render_docx(tree)  # type: ignore[arg-type]
    for _ in range(30):
        start = time.perf_counter()
        render_docx(tree)  # type: ignore[arg-type]
        in_process.append((time.perf_counter() - start) * 1000)
    real_seeds = [r for r in rows if "generated" not in r[0]]
    biggest_seed = max(real_seeds, key=lambda r: r[1]) if real_seeds else rows[0]
    seed_tree = None
    for home, seed, label in homes:
        if f"{seed} ({label})" == biggest_seed[0]:
            lib = load_library([LibrarySource(home / "clauses", home / "seeds")])
            draft, _ = draft_from_data(lib.seeds[seed].data, seed)
            seed_tree = assemble(lib, draft, today=dt.date.fromisoformat(DATE))
    seed_ms = []
    for _ in range(30):
        start = time.perf_counter()
        render_docx(seed_tree)  # type: ignore[arg-type]
        seed_ms.append((time.perf_counter() - start) * 1000)
    print(f"in-process render_docx: largest seed {biggest_seed[0]} "
          f"{statistics.median(seed_ms):.1f} ms; generated ({count} sections) "
          f"{statistics.median(in_process):.1f} ms")  # fmt: skip
    gen_row = f"gen{args.sections} (generated)"
    paired: list[tuple[str, tuple[float, float], tuple[float, float]]] = []
    if gen_row in old_homes:
        new_homes = {f"{seed} ({label})": home for home, seed, label in homes}
        for row in (biggest_seed[0], gen_row):
            if row in old_homes:
                after, before = paired_render(new_homes[row], old_homes[row],
                                              row.split(" ")[0], env)
                paired.append((row, before, after))
                print(f"in-process {row}: before {before[0]:.1f} ms (CPU {before[1]:.1f}), "
                      f"after {after[0]:.1f} ms (CPU {after[1]:.1f})")

    lines = [
        HEADING,
        "",
        f"`python bench/bench_export.py --runs {args.runs}"
        + (f" --baseline {baseline}" if baseline else "")
        + f"` on {dt.date.today().isoformat()} "
        f"({os.cpu_count()} cores, Python {sys.version.split()[0]}, pandoc from "
        f"pypandoc-binary; load average {load:.1f} at the start: other work shared the "
        "machine). Medians of fresh processes, interleaved in one run; "
        f"seeds: {library_note}.",
        "",
        "| ordinance | sections | `ordinance build -f docx` (ms) | pandoc md→docx (ms) "
        "| ours / pandoc | `ordinance build -f md` (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, n, ours_ms, theirs_ms, md_ms_ in rows:
        lines.append(f"| {name} | {n} | {ours_ms:.0f} | {theirs_ms:.0f} | "
                     f"{ours_ms / theirs_ms:.2f} | {md_ms_:.0f} |")  # fmt: skip
    if failed:
        lines.append(f"| {', '.join(failed)} | build failed at the time of this run | | | | |")
    lines += [
        "",
        f"In-process `render_docx` (median of 30): largest seed, {biggest_seed[0]} "
        f"({biggest_seed[1]} sections): {statistics.median(seed_ms):.1f} ms; generated "
        f"ordinance ({count} sections): {statistics.median(in_process):.1f} ms.",
        f"First build after installing or changing the library ({small_row[0]}, Jinja2 "
        f"bytecode cache emptied before each run: it compiles the seed's templates, then "
        f"writes them): {statistics.median(cold_ms):.0f} ms, "
        f"{statistics.median(cold_ms) / small_row[3]:.2f} × pandoc; every later build "
        "loads the compiled templates from the cache.",
        "The `-f md` column is the same process without the Word exporter: the difference "
        "is what the .docx costs; the rest is starting Python, loading the library and "
        "assembling.",
        "Targets (issue 4): ratio ≤ 1 on every input, ≤ 0.5 on the 200-section ordinance; "
        "in-process export of the largest seed under 100 ms. Issue 10 (python-docx and a "
        f"reference document): the {args.sections}-section ordinance renders in-process in "
        "≤ 50 ms and builds in a whole process in ≤ 1.0 × pandoc.",
        "",
    ]
    if before_rows:
        lines += [
            f"Before and after, in the same interleaved runs (before: the code in "
            f"`{baseline}`, {args.baseline_note}; after: this tree):",
            "",
            "| ordinance | before (ms) | after (ms) | after / before | before / pandoc "
            "| after / pandoc |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, before, after, theirs_ms in before_rows:
            lines.append(f"| {name} | {before:.0f} | {after:.0f} | {after / before:.2f} | "
                         f"{before / theirs_ms:.2f} | {after / theirs_ms:.2f} |")
        if paired:
            lines += ["", "In-process `render_docx`, before and after measured alternately "
                      "(3 processes each, medians of 30 renders; wall clock, and CPU time "
                      "which other work on the machine disturbs less):", "",
                      "| ordinance | before ms (CPU) | after ms (CPU) | after / before (CPU) |",
                      "|---|---:|---:|---:|"]
            for row, before, after in paired:
                lines.append(f"| {row} | {before[0]:.1f} ({before[1]:.1f}) | {after[0]:.1f} "
                             f"({after[1]:.1f}) | {after[0] / before[0]:.2f} "
                             f"({after[1] / before[1]:.2f}) |")
        lines.append("")
    section = "\n".join(lines)
    print(section)
    if args.write:
        path = ROOT / "bench" / "RESULTS.md"
        text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
        pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.M | re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _: section + "\n", text, count=1)
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
