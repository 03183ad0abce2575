"""Readability of each seed's plain-language summary (Flesch–Kincaid grade level).

    python bench/bench_summary.py [--write]   # --write: the section in RESULTS.md

The summary is read by council members before the vote; the aim is grade 10 or
below. The grade is 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59,
with syllables counted as groups of vowels (a silent final "e" dropped), the usual
approximation. Table cells and list items count as sentences; the fixed notice,
headings and the table's header row are left out. The calendar rows are short
fragments ("within sixty (60) days after the effective date"), so the figure is
given for the prose (what the law does, whom it binds, counsel's questions) and for
the whole page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_app import write_section  # noqa: E402

from ordinance_tui.core.assemble import assemble  # noqa: E402
from ordinance_tui.core.draft import draft_from_data  # noqa: E402
from ordinance_tui.core.library import load_library  # noqa: E402
from ordinance_tui.core.summary import Summary, summarize  # noqa: E402
from ordinance_tui.export.summary import calendar_rows, sections  # noqa: E402

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def syllables(word: str) -> int:
    word = word.lower().strip("'’-")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def grade(units: list[str]) -> tuple[float, int]:
    """Flesch–Kincaid grade of ``units`` (each a sentence or list item), and the word count."""
    sentences = 0
    words: list[str] = []
    for unit in units:
        parts = [p for p in re.split(r"(?<=[.;:?!])\s+", unit) if WORD.search(p)]
        sentences += max(len(parts), 1)
        words += WORD.findall(unit)
    if not words:
        return 0.0, 0
    total = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59, len(words)


def prose(doc: Summary) -> list[str]:
    return [item for _, items in sections(doc) for item in items] + list(doc.counsel)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    library = load_library()
    rows = []
    for seed in sorted(library.seeds):
        draft, _ = draft_from_data(library.seeds[seed].data, seed)
        doc = summarize(library, draft, assemble(library, draft, today=dt.date(2026, 12, 1)))
        text_grade, text_words = grade(prose(doc))
        table = [" ".join(row[:4]) + "." for row in calendar_rows(doc)]
        all_grade, all_words = grade(prose(doc) + table)
        rows.append(f"| {seed} | {text_words} | {text_grade:.1f} | {len(table)} | "
                    f"{all_words} | {all_grade:.1f} |")
    table = ("| seed | prose words | prose grade | calendar rows | all words | all grade |\n"
             "|---|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n")
    print(table)
    if args.write:
        body = (f"`python bench/bench_summary.py --write` on {dt.date.today().isoformat()}: "
                "Flesch–Kincaid grade of `ordinance summary` for each built-in seed (aim: 10 "
                "or below; method in the script's docstring).\n\n" + table)
        write_section(ROOT / "bench" / "RESULTS.md", "## Summary readability", body)


if __name__ == "__main__":
    main()
