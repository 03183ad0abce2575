"""CPU time of each lint rule on the built-in seeds, the new counsel rules against the rest.

    python bench/bench_lint_rules.py [--write]   # --write: the section in RESULTS.md

Every seed is assembled once; each rule's check then runs on every seed, REPEAT times.
The figure that matters is the ratio of the rules L020-L025 to the rules before them in
the same run (the assembly, which lint also does, is not counted: it is the same for
both).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_app import write_section  # noqa: E402

from ordinance_tui.core.assemble import assemble, build_context  # noqa: E402
from ordinance_tui.core.draft import draft_from_data  # noqa: E402
from ordinance_tui.core.library import load_library  # noqa: E402
from ordinance_tui.core.lint import RULES, LintInput  # noqa: E402

REPEAT = 5
NEW = ("L020", "L021", "L022", "L023", "L024", "L025")
TODAY = dt.date(2026, 11, 26)


def measure() -> dict[str, float]:
    """Milliseconds of CPU per draft for each rule."""
    library = load_library(laws=False)
    inputs = []
    for seed_id, entry in sorted(library.seeds.items()):
        draft, _ = draft_from_data(entry.data, seed_id)
        context, issues = build_context(library, draft)
        inputs.append(LintInput(library, draft, context, tuple(issues),
                                assemble(library, draft, today=TODAY)))
    spent = dict.fromkeys(RULES, 0.0)
    for _ in range(REPEAT):
        for code, rule in RULES.items():
            start = time.process_time()
            for inp in inputs:
                list(rule.check(rule, inp))
            spent[code] += time.process_time() - start
    return {code: 1000 * t / REPEAT / len(inputs) for code, t in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    per_rule = measure()
    old = sum(t for c, t in per_rule.items() if c not in NEW)
    new = sum(t for c, t in per_rule.items() if c in NEW)
    lines = [f"Rules before L020: {old:.1f} ms CPU a seed; L020-L025: {new:.1f} ms "
             f"(ratio {new / old:.2f}).", "", "| rule | ms a seed |", "|---|---|"]
    lines += [f"| {c} | {per_rule[c]:.2f} |" for c in NEW]
    body = "\n".join(lines) + "\n"
    print(body)
    if args.write:
        write_section(ROOT / "bench" / "RESULTS.md", "## Lint rules L020-L025", body)


if __name__ == "__main__":
    main()
