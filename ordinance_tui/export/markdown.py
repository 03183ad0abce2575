"""Markdown export: the ordinance as readable Markdown, one block per section.

``section_markdown`` renders one section alone, so a live preview can update
only the sections that changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.document import (
    Inline,
    Ordinance,
    Paragraph,
    Ref,
    Section,
    Subsection,
    TermDef,
    TermUse,
    Text,
)

if TYPE_CHECKING:
    from ..core.coverage import Coverage

_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPE)


def inline_md(inline: Inline) -> str:
    if isinstance(inline, Text):
        return _escape(inline.text)
    if isinstance(inline, TermUse):
        return _escape(inline.text)
    if isinstance(inline, TermDef):
        return f"**{_escape(inline.term)}**"
    if isinstance(inline, Ref):
        return _escape(inline.text)
    return ""


def para_md(paragraph: Paragraph) -> str:
    return "".join(inline_md(i) for i in paragraph.inlines)


def _subsection_md(sub: Subsection, lines: list[str]) -> None:
    indent = "    " * sub.level
    lines.append(f"{indent}{_escape(sub.marker)} {para_md(sub.content)}")
    lines.append("")
    for child in sub.children:
        _subsection_md(child, lines)


def section_markdown(section: Section, *, annotated: bool = False, level: int = 2) -> str:
    """One section (with its nested code sections) as Markdown."""
    lines = [f"{'#' * level} {_escape(section.label)} {_escape(section.heading)}", ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines += [para_md(block), ""]
        else:
            _subsection_md(block, lines)
    if annotated and (section.commentary or section.sources):
        lines += _note_md(section)
    text = "\n".join(lines)
    for nested in section.sections:
        text += "\n" + section_markdown(nested, annotated=annotated, level=level + 1)
    return text


def _note_md(section: Section) -> list[str]:
    lines = ["> **Drafter's note** (not part of the ordinance)", ">"]
    for para in section.commentary.strip().split("\n\n"):
        if para.strip():
            lines += [f"> {_escape(' '.join(para.split()))}", ">"]
    if section.sources:
        lines.append("> Sources:")
        for source in section.sources:
            flag = "" if source.verified else " (unverified)"
            note = f": {_escape(source.note)}" if source.note else ""
            lines.append(f"> - {_escape(source.cite)}{flag}{note}")
    return [*lines, ""]


def front_markdown(ordinance: Ordinance) -> str:
    """Caption, titles, recitals and enacting clause."""
    lines = [f"**{_escape(line)}**  " for line in ordinance.caption]
    if ordinance.sponsors:
        lines.append(f"Introduced by: {_escape(', '.join(ordinance.sponsors))}  ")
    lines += ["", f"# {_escape(ordinance.short_title)}", "", f"*{_escape(ordinance.long_title)}*",
              ""]
    if ordinance.recitals_intro:
        lines += [_escape(ordinance.recitals_intro), ""]
    for recital in ordinance.recitals:
        lines += [para_md(recital.content), ""]
    if ordinance.recitals_outro:
        lines += [_escape(ordinance.recitals_outro), ""]
    lines += [f"**{_escape(ordinance.enacting_clause)}**", ""]
    return "\n".join(lines)


def back_markdown(ordinance: Ordinance) -> str:
    lines = ["---", ""]
    for line in ordinance.signature:
        lines += [_escape(line) if line.strip() else "", ""]
    return "\n".join(lines)


def render_markdown(ordinance: Ordinance, *, annotated: bool = False,
                    coverage: Coverage | None = None) -> str:
    """The whole ordinance; ``coverage`` appends a coverage table after the signatures."""
    parts = [front_markdown(ordinance)]
    parts += [section_markdown(s, annotated=annotated) for s in ordinance.sections]
    parts.append(back_markdown(ordinance))
    if coverage is not None:
        from ..core.coverage import format_markdown

        heading = ("## Coverage against enacted laws (not part of the "
                   f"{ordinance.instrument or 'ordinance'})")
        parts += ["---", "", format_markdown(coverage, title="this draft", heading=heading)]
    return "\n".join(parts).rstrip() + "\n"
