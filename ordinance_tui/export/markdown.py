"""Markdown export: the ordinance as CommonMark, one block per section.

Subsections are nested bullet lists whose items begin with the printed marker
("- (a) ...", and "  - (1) ..." under it): CommonMark has no "(a)" list marker,
and a child list must be indented by the width of its parent's marker, never
four spaces (which would make it a code block). Every piece of text the draft
supplies is escaped, so no answer can become Markdown structure: inline
punctuation is backslash-escaped, an ``&`` that would start an entity becomes
``&amp;``, a block never begins with a list marker or indentation, and line
breaks print as spaces.

The annotated edition quotes a drafter's note after each section, the notes on
the defined terms after the definitions, and the notes on the recitals after
the enacting clause. ``section_markdown`` renders one section alone, so a live preview can update
only the sections that changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.document import (
    Inline,
    Note,
    Ordinance,
    Paragraph,
    Ref,
    Section,
    Source,
    Subsection,
    TermDef,
    TermUse,
    Text,
)

if TYPE_CHECKING:
    from ..core.coverage import Coverage

BULLET = "- "  # a child list is indented by this marker's width
_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~"})
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # "&amp;" typed would print as "&"
_BREAK = re.compile(r"[\r\n\f\v\x85\u2028\u2029]+")
# What would open a block construct at the start of a line (besides the characters
# _ESCAPE covers, and indentation, which is stripped): a bullet or a thematic break
# (-, +), or an ordered-list marker (1. or 1)).
_BULLET_START = re.compile(r"^([-+])")
_NUMBER_START = re.compile(r"^(\d{1,9})([.)])")


def escape_inline(text: str) -> str:
    """Inline text as Markdown that prints exactly ``text`` (line breaks as spaces)."""
    return _ENTITY.sub("&amp;", _BREAK.sub(" ", text).translate(_ESCAPE))


def safe_block(markdown: str) -> str:
    """Escaped inline Markdown made safe to start a block (a paragraph or list item)."""
    markdown = _BULLET_START.sub(r"\\\1", markdown.strip())
    return _NUMBER_START.sub(r"\1\\\2", markdown)


def inline_md(inline: Inline) -> str:
    if isinstance(inline, Text):
        return escape_inline(inline.text)
    if isinstance(inline, TermUse):
        return escape_inline(inline.text)
    if isinstance(inline, TermDef):
        return _strong(inline.term)
    if isinstance(inline, Ref):
        return escape_inline(inline.text)
    return ""


def _strong(text: str) -> str:
    escaped = escape_inline(text).strip()
    return f"**{escaped}**" if escaped else ""


def _inlines_md(paragraph: Paragraph) -> str:
    return "".join(inline_md(i) for i in paragraph.inlines)


def para_md(paragraph: Paragraph) -> str:
    """One paragraph's inline Markdown, safe to start a block."""
    return safe_block(_inlines_md(paragraph))


def _subsection_md(sub: Subsection, lines: list[str], indent: str = "") -> None:
    item = safe_block(f"{escape_inline(sub.marker)} {_inlines_md(sub.content).strip()}")
    lines.append(f"{indent}{BULLET}{item}".rstrip())
    lines.append("")
    for child in sub.children:
        _subsection_md(child, lines, indent + " " * len(BULLET))


def section_markdown(section: Section, *, annotated: bool = False, level: int = 2,
                     instrument: str = "ordinance") -> str:
    """One section (with its nested code sections) as Markdown; notes name the ``instrument``."""
    heading = escape_inline(f"{section.label} {section.heading}".strip())
    lines = [f"{'#' * level} {heading}", ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines += [para_md(block), ""]
        else:
            _subsection_md(block, lines)
    if annotated and (section.commentary or section.sources):
        lines += _note_md(section, instrument)
    if annotated and section.notes:
        lines += _notes_md("Drafter's notes on the definitions", section.notes, instrument)
    text = "\n".join(lines)
    for nested in section.sections:
        text += "\n" + section_markdown(nested, annotated=annotated, level=level + 1,
                                         instrument=instrument)
    return text


def _note_md(section: Section, instrument: str) -> list[str]:
    lines = [f"> **Drafter's note** (not part of the {escape_inline(instrument)})", ">"]
    lines += _note_body(section.commentary, section.sources)
    return [*lines, ""]


def _note_body(commentary: str, sources: tuple[Source, ...], subject: str = "") -> list[str]:
    """The quoted lines of one note: its paragraphs (the first led by ``subject``), sources."""
    lines: list[str] = []
    lead = f"{_strong(subject.rstrip('.') + '.')} " if subject else ""
    for para in commentary.strip().split("\n\n"):
        if para.strip():
            lines += [f"> {lead}{safe_block(escape_inline(' '.join(para.split())))}", ">"]
            lead = ""
    if lead:
        lines += [f"> {lead.strip()}", ">"]
    if sources:
        lines.append("> Sources:")
        for source in sources:
            flag = "" if source.verified else " (unverified)"
            note = f": {escape_inline(source.note)}" if source.note else ""
            lines.append(f"> {BULLET}{safe_block(escape_inline(source.cite) + flag + note)}")
    return lines


def _notes_md(heading: str, notes: Sequence[Note], instrument: str) -> list[str]:
    """The notes on the recitals or the definitions, in one quoted block."""
    lines = [f"> **{escape_inline(heading)}** (not part of the {escape_inline(instrument)})", ">"]
    for note in notes:
        lines += _note_body(note.commentary, note.sources, note.subject)
        if lines[-1] != ">":
            lines.append(">")  # ends a list of sources before the next note
    while lines and lines[-1] == ">":
        lines.pop()
    return [*lines, ""]


def front_markdown(ordinance: Ordinance, *, annotated: bool = False) -> str:
    """Caption, titles, recitals and enacting clause (``annotated``: then the recitals' notes)."""
    lines = [f"{_strong(line)}  " for line in ordinance.caption if _strong(line)]
    if ordinance.sponsors:
        lines.append(f"Introduced by: {escape_inline(', '.join(ordinance.sponsors))}  ")
    lines += ["", f"# {escape_inline(ordinance.short_title)}", ""]
    long_title = escape_inline(ordinance.long_title).strip()
    if long_title:
        lines += [f"*{long_title}*", ""]
    if ordinance.recitals_intro:
        lines += [safe_block(escape_inline(ordinance.recitals_intro)), ""]
    for recital in ordinance.recitals:
        lines += [para_md(recital.content), ""]
    if ordinance.recitals_outro:
        lines += [safe_block(escape_inline(ordinance.recitals_outro)), ""]
    if _strong(ordinance.enacting_clause):
        lines += [_strong(ordinance.enacting_clause), ""]
    if annotated:
        notes = [r.note for r in ordinance.recitals if r.note is not None]
        if notes:
            lines += _notes_md("Drafter's notes on the recitals", notes,
                               ordinance.instrument or "ordinance")
    return "\n".join(lines)


def back_markdown(ordinance: Ordinance) -> str:
    lines = ["---", ""]
    for line in ordinance.signature:
        lines += [safe_block(escape_inline(line)), ""]
    return "\n".join(lines)


def render_markdown(ordinance: Ordinance, *, annotated: bool = False,
                    coverage: Coverage | None = None) -> str:
    """The whole ordinance; ``coverage`` appends a coverage table after the signatures."""
    parts = [front_markdown(ordinance, annotated=annotated)]
    parts += [section_markdown(s, annotated=annotated,
                               instrument=ordinance.instrument or "ordinance")
              for s in ordinance.sections]
    parts.append(back_markdown(ordinance))
    if coverage is not None:
        from ..core.coverage import format_markdown

        heading = ("## Coverage against enacted laws (not part of the "
                   f"{ordinance.instrument or 'ordinance'})")
        parts += ["---", "", format_markdown(coverage, title="this draft", heading=heading)]
    return "\n".join(parts).rstrip() + "\n"
