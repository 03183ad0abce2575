"""Plain-text export: wrapped at 78 columns, subsections indented by level."""

from __future__ import annotations

import textwrap

from ..core.document import Ordinance, Paragraph, Section, Subsection

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


def section_text(section: Section, *, annotated: bool = False) -> list[str]:
    lines = [*_wrap(f"{section.label} {section.heading}".strip()), ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines += _wrap(block.plain) + [""]
        else:
            _subsection(block, lines)
    if annotated and (section.commentary or section.sources):
        lines += ["  [Drafter's note; not part of the ordinance]"]
        for para in section.commentary.strip().split("\n\n"):
            if para.strip():
                lines += _wrap(" ".join(para.split()), "  | ") + ["  |"]
        for source in section.sources:
            flag = "" if source.verified else " (unverified)"
            note = f": {source.note}" if source.note else ""
            lines += _wrap(f"Source: {source.cite}{flag}{note}", "  | ", "  |   ")
        lines.append("")
    for nested in section.sections:
        lines += section_text(nested, annotated=annotated)
    return lines


def render_text(ordinance: Ordinance, *, annotated: bool = False) -> str:
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
    for section in ordinance.sections:
        lines += section_text(section, annotated=annotated)
    lines.append("")
    for line in ordinance.signature:
        lines += _wrap(line) if line.strip() else [""]
    return "\n".join(lines).rstrip() + "\n"
