"""Print analyze's precision and recall on the seeds and its findings on the reference laws.

Each seed is built and its text read as if imported (labels, headings and text only, no
clause ids): recall is the share of the elements its clauses declare that the text
shows, precision the share of the elements found that its clauses declare. Each
reference law's name, description and notes are read the same way: "wrong" lists what
was found that the law has neither in full nor in part. ``--variants`` also builds every
seed with each single answer change the interview offers (a few minutes) and counts, for
every distinct (element, clause) pair those drafts contain, whether the text shows the
element: how the phrases fare on the library's other clauses. Markdown, for
bench/RESULTS.md:

    python scripts/analyze_check.py [--variants]
"""

from __future__ import annotations

import sys

from ordinance_tui.core.analyze import detect, library_elements, passages, text_passages
from ordinance_tui.core.assemble import assemble, build_context
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


def variant_recall(library: Library) -> tuple[int, int, list[tuple[str, str, str, str]]]:
    """(drafts built, distinct (element, clause) pairs, the pairs whose element the text of
    the first draft holding them does not show, with seed and question)."""
    from ordinance_tui.core.qtypes import qtype

    elements = library_elements(library)
    seen: set[tuple[str, str]] = set()
    missed = []
    built = 0
    for seed_id, seed in sorted(library.seeds.items()):
        draft, _ = draft_from_data(seed.data, seed.where.file)
        context, _ = build_context(library, draft)
        for qid, question in library.questions.items():
            alternatives = qtype(question).alternatives
            for value in alternatives(question, context.get(qid)) if alternatives else ():
                try:
                    ordinance = assemble(library, draft.with_answer(qid, value))
                except Exception:  # an answer set the interview would refuse
                    continue
                built += 1
                shown = None
                for section in ordinance.all_sections():
                    for eid in section.elements:
                        if (eid, section.clause_id) in seen:
                            continue
                        seen.add((eid, section.clause_id))
                        if shown is None:
                            shown = {f.element for f in detect(elements, passages(ordinance))
                                     if f.present}
                        if eid not in shown:
                            missed.append((eid, section.clause_id, seed_id, qid))
    return built, len(seen), missed


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
    if "--variants" in sys.argv[1:]:
        built, pairs, missed = variant_recall(library)
        print()
        print(f"Single-answer variants: {built} drafts, {pairs} distinct (element, clause) "
              f"pairs, {pairs - len(missed)} shown by the text (recall "
              f"{(pairs - len(missed)) / pairs:.2f}).")
        for eid, clause_id, seed_id, qid in missed:
            print(f"- missed {eid} of {clause_id} ({seed_id}, changing {qid})")


if __name__ == "__main__":
    main()
