"""Engine benchmarks: library load, seed assembly, a generated 1,000-clause library.

Run:  python bench/bench_engine.py [--write]   (--write updates bench/RESULTS.md)

Each figure is a median of several runs, reported beside a baseline measured in
the same run, so the ratio means something on any machine:

- a fresh process that loads, validates and (for the seeds' clauses) compiles
  the built-in library, against ``python -c pass`` and against a process that only
  imports jinja2 and yaml; with the caches (parsed YAML, translated templates)
  cold and warm;
- in-process assembly of every seed, against rendering the same clause templates
  with Jinja2 alone (the floor an assembler that renders with Jinja2 pays) and
  as translated to Python (what the assembler renders with);
- assembly of a generated library of 1,000 clauses (every clause selected).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ordinance_tui.core.assemble import assemble, build_context, selected_clauses  # noqa: E402
from ordinance_tui.core.draft import draft_from_data  # noqa: E402
from ordinance_tui.core.library import LibrarySource, load_library  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def process_ms(code: str, runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def median_ms(fn, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


LOAD = ("from ordinance_tui.core.library import load_library; "
        "from ordinance_tui.core.paths import cache_dir; "
        "lib = load_library(cache_dir=cache_dir()); assert not lib.errors, lib.errors")
COMPILE = LOAD + "; [lib.template(n, False) for n in list(lib.template_sources[False])]"


def generate_library(folder: Path, clauses: int) -> None:
    """A library of ``clauses`` clauses of realistic size, all selected by default."""
    (folder / "provisions" / "body").mkdir(parents=True)
    (folder / "questions").mkdir()
    (folder / "definitions").mkdir()
    (folder / "styles").mkdir()
    shutil.copy(ROOT / "tests/fixtures/library/styles/city.yaml", folder / "styles/city.yaml")
    (folder / "parts.yaml").write_text(
        "parts:\n  - {id: definitions, kind: definitions}\n  - {id: body, kind: sections}\n")
    (folder / "questions/q.yaml").write_text(
        "step: s\nquestions:\n  - {id: days_n, prompt: Days, type: days, default: 30}\n"
        "  - {id: enabled, prompt: Enabled, type: bool, default: true}\n")
    defs = "definitions:\n" + "".join(
        f"  - term: Term {i}\n    text: \"a thing numbered {i} that any Official may hold\"\n"
        for i in range(50))
    (folder / "definitions/d.yaml").write_text(defs)
    for i in range(clauses):
        target = f"body.c{(i + 7) % clauses:04d}"
        text = (
            f"id: body.c{i:04d}\ntitle: Provision {i}\npart: body\norder: {i}\nwhen: enabled\n"
            "text: |\n"
            f"  Each department must comply with this section within {{{{ days_n | days }}}}.\n"
            f"  - {{{{ label('first') }}}}A {{{{ term('Term {i % 50}') }}}} must be reported to"
            " the council in writing, with the reasons for its use and the people it affects;\n"
            f"  - the report must follow {{{{ ref('{target}#first') }}}}; and\n"
            "    - it must be posted online; and\n"
            "    - it must be kept for three years.\n")
        (folder / "provisions" / "body" / f"c{i:04d}.yaml").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    runs = args.runs
    lines = []

    cache = Path(tempfile.mkdtemp())
    # Installed packages have .pyc files; measure as a user runs it.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**clean, "ORDINANCE_CACHE_DIR": str(cache)}
    nocache = {**clean, "ORDINANCE_CACHE_DIR": ""}
    base = process_ms("pass", runs, clean)
    deps = process_ms("import jinja2, yaml, jinja2.sandbox", runs, clean)
    load = process_ms(LOAD, runs, nocache)
    cold = process_ms(COMPILE, runs, nocache)
    process_ms(COMPILE, 1, env)  # fill the parse and bytecode caches
    load_warm = process_ms(LOAD, runs, env)
    warm = process_ms(COMPILE, runs, env)
    lib = load_library()
    rows = [("load + validate (templates compile lazily), no caches", load),
            ("load + validate, warm parse cache (what every run after the first does)",
             load_warm),
            ("load + validate + compile every template, no caches", cold),
            ("load + validate + compile every template, warm caches", warm)]
    lines += [
        f"Built-in library: {len(lib.clauses)} clauses, {len(lib.questions)} questions, "
        f"{sum(map(len, lib.definitions.values()))} definitions, {len(lib.seeds)} seeds.",
        "",
        "| fresh process | median ms | × `python -c pass` | × importing jinja2+yaml |",
        "|---|---|---|---|",
        f"| `python -c pass` (baseline) | {base:.0f} | 1.00 | |",
        f"| import jinja2, yaml (baseline) | {deps:.0f} | {deps / base:.2f} | 1.00 |",
        *(f"| {name} | {ms:.0f} | {ms / base:.2f} | {ms / deps:.2f} |" for name, ms in rows),
        "",
        "Target (issue 2): full library load in a fresh process ≤ 150 ms.",
        "",
    ]
    in_process = median_ms(lambda: load_library(), runs)
    lines += [f"In-process load + validate of the built-in library (warm imports, no parse "
              f"cache): {in_process:.1f} ms median.", ""]

    lines += ["| seed | sections | assemble median ms | Jinja2-only render ms | ratio "
              "| translated render ms |",
              "|---|---|---|---|---|---|"]
    for seed in sorted(lib.seeds.values(), key=lambda s: s.id):
        draft = draft_from_data(seed.data, seed.id)[0]
        ordinance = assemble(lib, draft, today=TODAY)
        ctx, _ = build_context(lib, draft)
        ctx = {**ctx, "this": ctx["instrument"]}  # as the assembler adds per part
        chosen = selected_clauses(lib, draft, ctx)
        names = [(f"clause:{c.id}:text", c.sandboxed) for c in chosen]
        jinja = [lib.environment(sb).get_template(n) for n, sb in names]
        ours = [lib.template(n, sb) for n, sb in names]
        floor = median_ms(lambda t=jinja, c=ctx: [x.render(c) for x in t], runs * 5)
        translated = median_ms(lambda t=ours, c=ctx: [x.render(c) for x in t], runs * 5)
        took = median_ms(lambda d=draft: assemble(lib, d, today=TODAY), runs * 5)
        count = sum(1 for _ in ordinance.all_sections())
        lines.append(f"| {seed.id} | {count} | {took:.2f} | {floor:.2f} | {took / floor:.1f} "
                     f"| {translated:.2f} |")
    lines += ["", "Target: assembly of the largest seed ≤ 10 ms median.", ""]

    folder = Path(tempfile.mkdtemp()) / "big"
    generate_library(folder, 1000)
    start = time.perf_counter()
    big = load_library([LibrarySource(folder)])
    big_load = (time.perf_counter() - start) * 1000
    assert not big.errors, big.errors[:3]
    from ordinance_tui.core.draft import Draft

    first = (time.perf_counter(), assemble(big, Draft(), today=TODAY))
    first_ms = (time.perf_counter() - first[0]) * 1000
    big_ms = median_ms(lambda: assemble(big, Draft(), today=TODAY), max(3, runs // 2))
    sections = len(first[1].sections)
    lines += [
        f"Generated library of 1,000 clauses ({sections} sections, 50 terms): load + validate "
        f"{big_load:.0f} ms; first assembly (translates 1,000 templates) {first_ms:.0f} ms; "
        f"assembly median {big_ms:.0f} ms (target ≤ 200 ms).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", "## Engine", text)


def write_section(path: Path, heading: str, body: str) -> None:
    """Replace (or add) one ``## heading`` section of RESULTS.md, leaving others alone."""
    existing = path.read_text() if path.exists() else "# Benchmark results\n"
    stamp = f"Measured {dt.date.today().isoformat()} with `python bench/{Path(__file__).name}`."
    block = f"{heading}\n\n{stamp}\n\n{body.rstrip()}\n"
    parts = existing.split("\n## ")
    kept = [parts[0].rstrip() + "\n"] + ["## " + p.rstrip() + "\n" for p in parts[1:]
                                         if not ("## " + p).startswith(heading)]
    path.write_text("\n".join(kept + [block]))


if __name__ == "__main__":
    main()
