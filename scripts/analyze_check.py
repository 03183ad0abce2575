"""Print analyze's precision and recall on the seeds and its findings on the reference laws.

Each seed is built and its text read as if imported (labels, headings and text only, no
clause ids): recall is the share of the elements its clauses declare that the text
shows, precision the share of the elements found that its clauses declare. Each
reference law's name, description and notes are read the same way: "wrong" lists what
was found that the law has neither in full nor in part. Markdown, for bench/RESULTS.md:

    python scripts/analyze_check.py
"""

from __future__ import annotations

from ordinance_tui.core.analyze import detect, library_elements, passages, text_passages
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.laws import Law
from ordinance_tui.core.library import Library, load_library


def seed_rows(library: Library) -> list[tuple[str, set[str], set[str]]]:
    """(seed id, elements its clauses declare, elements its text shows) for every seed."""
    out = []
    elements = library_elements(library)
    for seed_id, seed in sorted(library.seeds.items()):
        draft, _ = draft_from_data(seed.data, seed.where.file)
        ordinance = assemble(library, draft)
        found = {f.element for f in detect(elements, passages(ordinance)) if f.present}
        out.append((seed_id, set(ordinance.elements), found))
    return out


def law_passages(law: Law) -> list:  # type: ignore[type-arg]
    """A reference law's own words: its name, description and notes."""
    return (text_passages(law.name, "name") + text_passages(law.description, "description")
            + [p for note in law.notes.values() for p in text_passages(note, "note")])


def law_rows(library: Library) -> list[tuple[Law, set[str]]]:
    elements = library_elements(library)
    return [(law, {f.element for f in detect(elements, law_passages(law)) if f.present})
            for law in sorted(library.laws.values(), key=lambda law: law.id)]


def main() -> None:
    library = load_library()
    print("| Seed | Declared | Found | Both | Recall | Precision | Found, not declared |")
    print("|---|---|---|---|---|---|---|")
    total = [0, 0, 0]
    for seed_id, declared, found in seed_rows(library):
        both = declared & found
        total = [total[0] + len(declared), total[1] + len(found), total[2] + len(both)]
        print(f"| {seed_id} | {len(declared)} | {len(found)} | {len(both)} | "
              f"{len(both) / len(declared):.2f} | {len(both) / len(found):.2f} | "
              f"{', '.join(sorted(found - declared)) or '-'} |")
    print(f"| all | {total[0]} | {total[1]} | {total[2]} | {total[2] / total[0]:.2f} | "
          f"{total[2] / total[1]:.2f} | |")
    print()
    print("| Reference law | Has | Found | Wrong |")
    print("|---|---|---|---|")
    for law, found in law_rows(library):
        has = law.present | law.partial
        print(f"| {law.id} | {len(has)} | {len(found)} | "
              f"{', '.join(sorted(found - has)) or '-'} |")


if __name__ == "__main__":
    main()
