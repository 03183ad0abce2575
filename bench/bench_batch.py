"""Batch benchmark: 100 drafts to .docx in one process, against 100 processes and pandoc.

Run:

    python bench/bench_batch.py [--drafts 100] [--runs 3] [--write]   # --write: RESULTS.md

It writes ``--drafts`` draft files (the built-in seeds in turn, each with its own
jurisdiction name) and their Markdown exports, then measures, interleaved, the
median wall time of ``--runs`` repetitions of:

- batch: one process, ``ordinance build D001.yaml ... D100.yaml -f docx -o OUT/``;
- separate: ``ordinance build Dnnn.yaml -f docx -o Dnnn.docx``, one process per draft,
  one after the other;
- pandoc: ``pandoc Dnnn.md -o Dnnn.docx``, one process per draft (pandoc from apt, or
  pypandoc-binary; skipped, and said so, when there is none).

Caches are warm (one untimed batch first); processes run as the ``ordinance``
console script does. Issue 10's target: batch ≤ 0.1 × the pandoc processes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_app import write_section  # noqa: E402

from ordinance_tui.core.assemble import assemble  # noqa: E402
from ordinance_tui.core.draft import draft_from_data, save_draft  # noqa: E402
from ordinance_tui.core.library import load_library  # noqa: E402
from ordinance_tui.export.markdown import render_markdown  # noqa: E402

DATE = "2026-11-26"
HEADING = "## Batch build"
# What the ``ordinance`` console script does, with the working folder's package first.
ORDINANCE = [sys.executable, "-c", "import sys; from ordinance_tui.cli import entry; "
             "sys.exit(entry())"]  # fmt: skip


def pandoc_path() -> str | None:
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def make_drafts(folder: Path, count: int) -> list[Path]:
    """``count`` draft files cycling through the built-in seeds, and their .md exports."""
    library = load_library()
    if library.errors or not library.seeds:
        sys.exit("the built-in library has errors or no seeds: nothing to batch")
    seeds = sorted(library.seeds)
    paths = []
    for i in range(count):
        seed = library.seeds[seeds[i % len(seeds)]]
        draft, _ = draft_from_data(seed.data, seed.where.file)
        draft = draft.with_jurisdiction(name=f"Riverton {i + 1:03d}")
        path = folder / f"d{i + 1:03d}.yaml"
        save_draft(draft, path)
        markdown = render_markdown(assemble(library, draft))
        path.with_suffix(".md").write_text(markdown, encoding="utf-8")
        paths.append(path)
    return paths


def timed(commands: list[list[str]], env: dict[str, str]) -> float:
    """Seconds to run ``commands`` one after the other."""
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    env = dict(os.environ, ORDINANCE_CACHE_DIR=str(work / "cache"),
               ORDINANCE_DATA_DIR=str(work / "data"))  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    drafts = make_drafts(work, args.drafts)
    out = work / "out"
    batch = [[*ORDINANCE, "build", *map(str, drafts), "-f", "docx", "-o", f"{out}/",
              "--date", DATE, "--force"]]
    separate = [[*ORDINANCE, "build", str(d), "-o", str(work / "one" / f"{d.stem}.docx"),
                 "--date", DATE, "--force"] for d in drafts]
    (work / "one").mkdir()
    pandoc = pandoc_path()
    (work / "pandoc").mkdir()
    pandoc_runs = [[pandoc, str(d.with_suffix(".md")), "-o",
                    str(work / "pandoc" / f"{d.stem}.docx")] for d in drafts] if pandoc else []
    load_before = os.getloadavg()[0]
    timed(batch, env)  # warm the caches and write bytecode
    timed(separate[:2], env)
    times: dict[str, list[float]] = {"batch": [], "separate": [], "pandoc": []}
    for _ in range(args.runs):
        times["batch"].append(timed(batch, env))
        times["separate"].append(timed(separate, env))
        if pandoc_runs:
            times["pandoc"].append(timed(pandoc_runs, env))
    built = sorted(p.name for p in out.iterdir())
    assert built == [f"{d.stem}.docx" for d in drafts], "the batch did not build every draft"
    assert (out / "d001.docx").read_bytes() == (work / "one" / "d001.docx").read_bytes()
    median = {k: statistics.median(v) for k, v in times.items() if v}
    version = ""
    if pandoc:
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True
                                 ).stdout.split("\n")[0]
    n = args.drafts
    lines = [
        f"`python bench/bench_batch.py --drafts {n} --runs {args.runs}` "
        f"({os.cpu_count()} cores shared with other work, Python {platform.python_version()}, "
        f"{version or 'no pandoc'}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after). {n} draft files cycling through the built-in "
        "seeds, to docx; medians of the wall time, the three kinds interleaved.",
        "",
        "| how | total (s) | per draft (ms) | × batch |",
        "|---|---:|---:|---:|",
    ]
    labels = {"batch": f"one process: `ordinance build D1 … D{n} -f docx -o OUT/`",
              "separate": f"{n} processes: `ordinance build Dn -o Dn.docx`",
              "pandoc": f"{n} processes: `pandoc Dn.md -o Dn.docx`"}
    for key, seconds in median.items():
        lines.append(f"| {labels[key]} | {seconds:.2f} | {seconds / n * 1000:.1f} | "
                     f"{seconds / median['batch']:.1f} |")
    lines.append("")
    if "pandoc" in median:
        ratio = median["batch"] / median["pandoc"]
        lines.append(f"Batch / pandoc processes: {ratio:.3f} (target ≤ 0.1: "
                     f"{'met' if ratio <= 0.1 else 'not met'}). Batch / separate ordinance "
                     f"processes: {median['batch'] / median['separate']:.3f}.")
    else:
        lines.append("pandoc is not installed (neither from apt nor pypandoc-binary): the "
                     "pandoc column is missing.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", HEADING, text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
