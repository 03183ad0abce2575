"""Engine benchmarks: library load, one-shot build, seed assembly, a 1,000-clause library.

Run:  python bench/bench_engine.py [--write] [--baseline DIR]   (--write updates RESULTS.md)
      python bench/bench_engine.py --cache [--write]   (only the bytecode-cache rows)

Each figure is a median of several runs, in CPU time (the machine this runs on
is shared), reported beside a baseline measured in the same run, so the ratio
means something on any machine:

- fresh processes (user + system time) that load and validate the built-in
  library, compile every template, and build the largest seed to .docx,
  against ``python -c pass`` and against a process that only imports the same
  dependencies (jinja2 with its sandbox, yaml); with ``--baseline DIR`` (another checkout, e.g. a
  ``git worktree`` of an older commit) the same build in that tree, interleaved,
  its caches cold and warm;
- in-process assembly of every seed, against rendering the same clause templates
  with Jinja2 alone (the floor for an assembler that renders with Jinja2), and
  the sandbox's cost: the same templates in a plain ``jinja2.Environment``;
- what a compiled-code cache would save: compiling the templates a seed uses,
  against loading them from Jinja2's ``FileSystemBytecodeCache``;
- assembly of a generated library of 1,000 clauses (every clause selected);
- ``--cache``: the bytecode cache (``core/bytecode_cache.py``): a one-shot build of
  the largest seed to .docx with no cache, a cold cache (emptied before each run:
  it compiles, then writes) and a warm one, against a process that only imports the
  build's dependencies (the floor), paired and interleaved, CPU medians; and the
  app's first preview of that seed (``bench_app``'s script) warm against cold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
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
LARGEST = "sf-combo"


def process_ms(argv: list[str], runs: int, env: dict[str, str] | None = None,
               cwd: Path = ROOT) -> float:
    return statistics.median(process_times(argv, runs, env, cwd))


def process_times(argv: list[str], runs: int, env: dict[str, str] | None = None,
                  cwd: Path = ROOT, cpu: bool = False) -> list[float]:
    """Wall-clock milliseconds of fresh processes, or with ``cpu`` their CPU time
    (user + system), which other work on the machine disturbs much less."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, *argv], check=True, env=env, cwd=cwd,
                       stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if cpu:
            times.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                         * 1000)
        else:
            times.append((time.perf_counter() - start) * 1000)
    return times


def interleaved(commands: dict[str, tuple[list[str], dict[str, str], Path]], runs: int
                ) -> dict[str, float]:
    """CPU-time medians of fresh processes, run in turn so load affects all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, env, cwd) in commands.items():
            times[name] += process_times(argv, 1, env, cwd, cpu=True)
    return {name: statistics.median(t) for name, t in times.items()}


def median_ms(fn, runs: int) -> float:
    """Median CPU milliseconds of ``fn`` in this process, after one warm-up call."""
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def paired_ms(first, second, runs: int) -> tuple[float, float]:
    """Median CPU milliseconds of two functions called alternately (so load hits both)."""
    first(), second()
    a, b = [], []
    for _ in range(runs):
        start = time.process_time()
        first()
        a.append(time.process_time() - start)
        start = time.process_time()
        second()
        b.append(time.process_time() - start)
    return statistics.median(a) * 1000, statistics.median(b) * 1000


LOAD = ("from ordinance_tui.core.library import load_library; "
        "lib = load_library(); assert not lib.errors, lib.errors")
COMPILE = LOAD + ("; [lib.condition(n) if n.endswith(':when') else lib.template(n) "
                  "for n in lib.specs]")
DEPS = "import jinja2, jinja2.sandbox, yaml"
DOCX_DEPS = "import jinja2, jinja2.sandbox, yaml, msgspec, docx"  # what a docx build imports


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
    parser.add_argument("--baseline", type=Path, help="another checkout to compare builds with")
    parser.add_argument("--cache", action="store_true", help="only the bytecode-cache rows")
    args = parser.parse_args()
    runs = args.runs
    lines = []
    if args.cache:
        text = _cache_rows(runs, args.baseline)
        print(text)
        if args.write:
            write_section(ROOT / "bench" / "RESULTS.md", "## Engine: bytecode cache", text)
        return

    # Installed packages have .pyc files; measure as a user runs it.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    clean["ORDINANCE_CACHE_DIR"] = ""  # these rows compile everything (see --cache)
    out = Path(tempfile.mkdtemp())
    build = ["-m", "ordinance_tui.cli", "build", "--seed", LARGEST, "-f", "docx", "-o"]
    commands = {
        "pass": (["-c", "pass"], clean, ROOT),
        "deps": (["-c", DEPS], clean, ROOT),
        "load": (["-c", LOAD], clean, ROOT),
        "compile": (["-c", COMPILE], clean, ROOT),
        "build": ([*build, str(out / "new.docx"), "--force"], clean, ROOT),
    }
    if args.baseline:
        cache = Path(tempfile.mkdtemp())
        old_argv = [*build, str(out / "old.docx"), "--force"]
        cold = {**clean, "ORDINANCE_CACHE_DIR": ""}
        warm = {**clean, "ORDINANCE_CACHE_DIR": str(cache)}
        process_times(old_argv, 1, warm, args.baseline)  # fill the baseline's caches
        commands["old cold"] = (old_argv, cold, args.baseline)
        commands["old warm"] = (old_argv, warm, args.baseline)
    ms = interleaved(commands, runs)
    base, deps = ms["pass"], ms["deps"]
    lib = load_library()
    rows = [("load + validate (templates compile lazily)", ms["load"]),
            ("load + validate + compile every template", ms["compile"]),
            (f"`ordinance build --seed {LARGEST} -f docx`", ms["build"])]
    if args.baseline:
        commit = subprocess.run(["git", "-C", str(args.baseline), "rev-parse", "--short",
                                 "HEAD"], capture_output=True, text=True).stdout.strip()
        rows += [(f"the same build at {commit}, its caches off", ms["old cold"]),
                 (f"the same build at {commit}, its caches warm", ms["old warm"])]
    lines += [
        f"Built-in library: {len(lib.clauses)} clauses, {len(lib.questions)} questions, "
        f"{sum(map(len, lib.definitions.values()))} definitions, {len(lib.seeds)} seeds, "
        f"{len(lib.specs)} templates and conditions. The bytecode cache is off here "
        "(`ORDINANCE_CACHE_DIR=`): every process parses the YAML and compiles the templates "
        "it uses; \"Engine: bytecode cache\" below has the build with it.",
        "",
        "| fresh process | median CPU ms | × `python -c pass` | × importing jinja2+yaml |",
        "|---|---|---|---|",
        f"| `python -c pass` (baseline) | {base:.0f} | 1.00 | |",
        f"| `{DEPS}` (baseline) | {deps:.0f} | {deps / base:.2f} | 1.00 |",
        *(f"| {name} | {t:.0f} | {t / base:.2f} | {t / deps:.2f} |" for name, t in rows),
        "",
    ]
    if args.baseline:
        lines += [f"This build against the baseline's in the same run: "
                  f"{ms['build'] / ms['old cold']:.2f}× its cold build, "
                  f"{ms['build'] / ms['old warm']:.2f}× its warm-cache build.", ""]
    in_process = median_ms(lambda: load_library(), runs)
    lines += [f"In-process load + validate of the built-in library (warm imports): "
              f"{in_process:.1f} ms median.", ""]

    import jinja2

    from ordinance_tui.core.jinja_env import environment

    sandbox = environment()
    plain = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined,
                               finalize=sandbox.finalize, trim_blocks=True, lstrip_blocks=True)
    plain.filters.update(sandbox.filters)
    plain.globals.update(sandbox.globals)
    lines += ["| seed | sections | assemble median ms | Jinja2-only render ms | ratio "
              "| same templates, no sandbox ms | sandbox cost |",
              "|---|---|---|---|---|---|---|"]
    for seed in sorted(lib.seeds.values(), key=lambda s: s.id):
        draft = draft_from_data(seed.data, seed.id)[0]
        ordinance = assemble(lib, draft, today=TODAY)
        ctx, _ = build_context(lib, draft)
        ctx = {**ctx, "this": ctx["instrument"]}  # as the assembler adds per part
        chosen = selected_clauses(lib, draft, ctx)
        sources = [lib.specs[f"clause:{c.id}:text"].source for c in chosen]
        ours = [lib.template(f"clause:{c.id}:text") for c in chosen]
        bare = [plain.from_string(src) for src in sources]
        floor, unsandboxed = paired_ms(lambda t=ours, c=ctx: [x.render(c) for x in t],
                                       lambda t=bare, c=ctx: [x.render(c) for x in t], runs * 20)
        took = median_ms(lambda d=draft: assemble(lib, d, today=TODAY), runs * 5)
        count = sum(1 for _ in ordinance.all_sections())
        lines.append(f"| {seed.id} | {count} | {took:.2f} | {floor:.2f} | {took / floor:.1f} "
                     f"| {unsandboxed:.2f} | {floor / unsandboxed:.2f}× |")
    lines += ["", "Target: assembly of the largest seed ≤ 10 ms median. \"Jinja2-only\" "
              "renders the seed's clause templates alone, in the sandbox; the last column "
              "is what the sandbox adds to that.", ""]
    lines += _compile_costs(runs), ""

    folder = Path(tempfile.mkdtemp()) / "big"
    generate_library(folder, 1000)
    start = time.process_time()
    big = load_library([LibrarySource(folder)])
    big_load = (time.process_time() - start) * 1000
    assert not big.errors, big.errors[:3]
    from ordinance_tui.core.draft import Draft

    first = (time.process_time(), assemble(big, Draft(), today=TODAY))
    first_ms = (time.process_time() - first[0]) * 1000
    big_ms = median_ms(lambda: assemble(big, Draft(), today=TODAY), max(3, runs // 2))
    sections = len(first[1].sections)
    lines += [
        f"Generated library of 1,000 clauses ({sections} sections, 50 terms): load + validate "
        f"{big_load:.0f} ms; first assembly (compiles 1,000 templates and conditions) "
        f"{first_ms:.0f} ms; assembly median {big_ms:.0f} ms (target ≤ 200 ms).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", "## Engine", text)


def _compile_costs(runs: int) -> str:
    """What compiling a seed's templates costs, against Jinja2's bytecode cache, warm."""
    import jinja2

    from ordinance_tui.core.jinja_env import environment

    lib = load_library()
    draft = draft_from_data(lib.seeds[LARGEST].data, LARGEST)[0]
    fresh = load_library()
    start = time.process_time()
    assemble(fresh, draft, today=TODAY)
    first = (time.process_time() - start) * 1000
    used = {name: fresh.specs[name].source for name in fresh._compiled
            if not name.endswith(":when")}
    conditions = len(fresh._compiled) - len(used)
    later = median_ms(lambda: assemble(fresh, draft, today=TODAY), runs * 5)
    sandbox = environment()

    def compile_all() -> None:
        for source in used.values():
            sandbox.template_class.from_code(sandbox, sandbox.compile(source),
                                             sandbox.make_globals(None))

    folder = Path(tempfile.mkdtemp())

    def cached_env() -> jinja2.Environment:
        env = sandbox.overlay(loader=jinja2.DictLoader(used),
                              bytecode_cache=jinja2.FileSystemBytecodeCache(str(folder)))
        env.cache = None  # every load goes to the bytecode cache, as in a fresh process
        return env

    for name in used:
        cached_env().get_template(name)  # fill the bytecode cache
    compiled = median_ms(compile_all, runs)
    from_cache = median_ms(lambda: [cached_env().get_template(n) for n in used], runs)
    return (f"Compiling: the first assembly of {LARGEST} in a fresh library takes {first:.1f} ms "
            f"against {later:.1f} ms once compiled; it compiles {len(used)} templates and "
            f"{conditions} conditions. Compiling those {len(used)} templates takes "
            f"{compiled:.1f} ms; loading them from a warm Jinja2 `FileSystemBytecodeCache` "
            f"takes {from_cache:.1f} ms, so a compiled-code cache saves up to "
            f"{compiled - from_cache:.1f} ms a build plus the conditions' share (measured "
            "end to end in \"Engine: bytecode cache\").")


def _cache_rows(runs: int, baseline: Path | None = None) -> str:
    """One-shot docx build: no cache, cold cache, warm cache, the import floor; the app.

    With ``baseline`` (another checkout), its warm build too, in the same rounds.
    """
    import bench_app

    work = Path(tempfile.mkdtemp())
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    clean["ORDINANCE_DATA_DIR"] = str(work / "data")
    cold_dir, warm_dir = work / "cold", work / "warm"
    build = ["-m", "ordinance_tui.cli", "build", "--seed", LARGEST, "-f", "docx", "-o",
             str(work / "out.docx"), "--force"]
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "floor": (["-c", DOCX_DEPS], clean),
        "none": (build, {**clean, "ORDINANCE_CACHE_DIR": ""}),
        "cold": (build, {**clean, "ORDINANCE_CACHE_DIR": str(cold_dir)}),
        "warm": (build, {**clean, "ORDINANCE_CACHE_DIR": str(warm_dir)}),
    }
    cwd = {name: ROOT for name in commands}
    if baseline is not None:
        commands["base"] = (build, {**clean, "ORDINANCE_CACHE_DIR": str(work / "base"),
                                    "ORDINANCE_DATA_DIR": str(work / "base-data")})
        cwd["base"] = baseline
        process_times(build, 1, commands["base"][1], baseline)  # its warm cache, its .pyc
    process_times(build, 1, commands["warm"][1])  # fill the warm cache (and write .pyc)
    entries = len(list((warm_dir / "templates").glob("*.jbc")))
    size = sum(p.stat().st_size for p in (warm_dir / "templates").glob("*.jbc"))
    times: dict[str, list[float]] = {name: [] for name in commands}
    load_before = os.getloadavg()
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            if name == "cold":
                shutil.rmtree(cold_dir, ignore_errors=True)  # outside the timed process
            times[name] += process_times(argv, 1, env, cwd[name], cpu=True)
    ms = {name: statistics.median(t) for name, t in times.items()}
    ratios = {name: statistics.median([t / f for t, f in zip(times[name], times["floor"],
                                                             strict=True)])
              for name in commands}

    # The app: from launch until the largest seed's preview is assembled and drawn.
    draft_path = work / f"{LARGEST}.yaml"
    from ordinance_tui.core.draft import save_draft

    lib = load_library()
    save_draft(draft_from_data(lib.seeds[LARGEST].data, LARGEST)[0], draft_path)
    app_env = {"cold": {**clean, "ORDINANCE_CACHE_DIR": str(work / "app-cold")},
               "warm": {**clean, "ORDINANCE_CACHE_DIR": str(work / "app-warm")}}
    bench_app.lines_ms(bench_app.OURS, [str(draft_path)], app_env["warm"])  # fill it
    preview: dict[str, list[float]] = {"cold": [], "warm": []}
    app_cpu: dict[str, list[float]] = {"cold": [], "warm": []}
    for _ in range(runs):
        for name, env in app_env.items():
            if name == "cold":
                shutil.rmtree(work / "app-cold", ignore_errors=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            preview[name].append(bench_app.lines_ms(bench_app.OURS, [str(draft_path)],
                                                    env)["PREVIEW"][0])
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            app_cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime
                                  - before.ru_stime) * 1000)
    pv = {name: statistics.median(t) for name, t in preview.items()}
    pc = {name: statistics.median(t) for name, t in app_cpu.items()}
    load_after = os.getloadavg()
    shutil.rmtree(work, ignore_errors=True)
    rows = [("floor", f"`python -c \"{DOCX_DEPS}\"` (the floor)"),
            ("none", "build, cache off (`ORDINANCE_CACHE_DIR=`)"),
            ("cold", "build, cold cache (empty: compiles everything, then writes it)"),
            ("warm", "build, warm cache")]
    if baseline is not None:
        commit = subprocess.run(["git", "-C", str(baseline), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or str(baseline)
        rows.append(("base", f"the same build at {commit}, its cache warm"))
    return "\n".join([
        f"`build --seed {LARGEST} -f docx -o FILE` in fresh processes, {runs} rounds, the "
        "four commands interleaved in each round; CPU time (user + system) of each process, "
        "medians; the ratio is the median of each round's ratio to that round's floor. "
        f"Load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (1 min; the "
        f"machine has {os.cpu_count()} cores and is shared). The warm cache holds {entries} "
        f"entries, {size / 1024:.0f} KB.",
        "",
        "| one-shot process | median CPU ms | × the floor |",
        "|---|---:|---:|",
        *(f"| {label} | {ms[name]:.0f} | {ratios[name]:.2f} |" for name, label in rows),
        "",
        f"Target: a one-shot build ≤ 1.3× the floor. The warm cache saves "
        f"{ms['none'] - ms['warm']:.0f} ms of CPU a build; a cold run costs "
        f"{ms['cold'] - ms['none']:.0f} ms more than no cache (writing {entries} signed "
        "files, each synced).",
        "",
        f"App (`bench_app`'s script, as `ordinance {LARGEST}.yaml` runs it): from launch until "
        f"the draft's preview is assembled and drawn, wall-clock median, cold cache "
        f"{pv['cold']:.0f} ms, warm {pv['warm']:.0f} ms ({pv['warm'] / pv['cold']:.2f}×); the "
        f"whole process's CPU (it saves the cache at exit when cold) {pc['cold']:.0f} ms cold, "
        f"{pc['warm']:.0f} ms warm.",
    ]) + "\n"


def write_section(path: Path, heading: str, body: str) -> None:
    """Replace (or add) one ``## heading`` section of RESULTS.md, leaving others alone."""
    existing = path.read_text() if path.exists() else "# Benchmark results\n"
    stamp = f"Measured {dt.date.today().isoformat()} with `python bench/{Path(__file__).name}`."
    block = f"{heading}\n\n{stamp}\n\n{body.rstrip()}\n"
    parts = existing.split("\n## ")
    # the section whose heading line is ``heading`` ("## Engine" is not "## Engine: ...")
    kept = [parts[0].rstrip() + "\n"] + ["## " + p.rstrip() + "\n" for p in parts[1:]
                                         if ("## " + p).split("\n", 1)[0].rstrip() != heading]
    path.write_text("\n".join(kept + [block]))


if __name__ == "__main__":
    main()
