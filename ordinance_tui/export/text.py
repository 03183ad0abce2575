"""Plain-text export: wrapped at 78 columns, subsections indented by level.

The annotated edition adds each section's note, the notes on the defined terms after
the definitions and the notes on the recitals after the enacting clause.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..core.document import Note, Ordinance, Paragraph, Section, Source, Subsection

WIDTH = 78


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent,
                         subsequent_indent=hanging if hanging is not None else indent,
                         break_long_words=False, break_on_hyphens=False) or [""]


def _centre(text: str) -> list[str]:
    return [line.center(WIDTH).rstrip() for line in _wrap(text)]


def _subsection(sub: Subsection, lines: list[str]) -> None:
    indent = "    " * (sub.level + 1)
    hanging = indent + " " * (len(sub.marker) + 1)
    lines += _wrap(f"{sub.marker} {sub.content.plain}", indent, hanging)
    lines.append("")
    for child in sub.children:
        _subsection(child, lines)


def _note_lines(commentary: str, sources: tuple[Source, ...], subject: str = "") -> list[str]:
    lines: list[str] = []
    lead = f"{subject.rstrip('.')}. " if subject else ""
    for para in commentary.strip().split("\n\n"):
        if para.strip():
            lines += _wrap(lead + " ".join(para.split()), "  | ") + ["  |"]
            lead = ""
    if lead:
        lines += _wrap(lead.strip(), "  | ") + ["  |"]
    for source in sources:
        flag = "" if source.verified else " (unverified)"
        note = f": {source.note}" if source.note else ""
        lines += _wrap(f"Source: {source.cite}{flag}{note}", "  | ", "  |   ")
    return lines


def _notes_lines(what: str, notes: Sequence[Note], instrument: str) -> list[str]:
    """The notes on the recitals or the defined terms, each led by its subject."""
    if not notes:
        return []
    lines = [f"  [Drafter's notes on the {what}; not part of the {instrument}]"]
    for note in notes:
        if lines[-1] != "  |":
            lines.append("  |")
        lines += _note_lines(note.commentary, note.sources, note.subject)
    return [*lines, ""]


def section_text(section: Section, *, annotated: bool = False,
                 instrument: str = "ordinance") -> list[str]:
    lines = [*_wrap(f"{section.label} {section.heading}".strip()), ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines += _wrap(block.plain) + [""]
        else:
            _subsection(block, lines)
    if annotated and (section.commentary or section.sources):
        lines += [f"  [Drafter's note; not part of the {instrument}]"]
        lines += _note_lines(section.commentary, section.sources)
        lines.append("")
    if annotated and section.notes:
        lines += _notes_lines("definitions", section.notes, instrument)
    for nested in section.sections:
        lines += section_text(nested, annotated=annotated, instrument=instrument)
    return lines


def render_text(ordinance: Ordinance, *, annotated: bool = False) -> str:
    instrument = ordinance.instrument or "ordinance"
    lines = [centred for line in ordinance.caption for centred in _centre(line)]
    if ordinance.sponsors:
        lines += _centre(f"Introduced by: {', '.join(ordinance.sponsors)}")
    lines += ["", *_centre(ordinance.short_title.upper()), ""]
    lines += _wrap(ordinance.long_title) + [""]
    if ordinance.recitals_intro:
        lines += _wrap(ordinance.recitals_intro) + [""]
    for recital in ordinance.recitals:
        lines += _wrap(recital.content.plain) + [""]
    if ordinance.recitals_outro:
        lines += _wrap(ordinance.recitals_outro) + [""]
    lines += _wrap(ordinance.enacting_clause) + [""]
    if annotated:
        lines += _notes_lines("recitals", [r.note for r in ordinance.recitals if r.note],
                              instrument)
    for section in ordinance.sections:
        lines += section_text(section, annotated=annotated, instrument=instrument)
    lines.append("")
    for line in ordinance.signature:
        lines += _wrap(line) if line.strip() else [""]
    return "\n".join(lines).rstrip() + "\n"
