"""Rich renderables for the live preview, one per section of the ordinance.

Built straight from the document tree (no Markdown parsing), so updating one
section costs well under a millisecond of rendering work.
"""

from __future__ import annotations

import os

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from ..core.document import (
    Inline,
    Ordinance,
    Paragraph,
    Ref,
    Section,
    Subsection,
    TermDef,
    TermUse,
)
from ..core.document import Text as TextSpan


def inline_text(paragraph: Paragraph) -> Text:
    """One paragraph as styled text: defined terms bold, cross-references underlined."""
    out = Text()
    for inline in paragraph.inlines:
        _append(out, inline)
    return out


def _append(out: Text, inline: Inline) -> None:
    if isinstance(inline, TextSpan):
        out.append(inline.text)
    elif isinstance(inline, TermUse):
        out.append(inline.text, style="italic")
    elif isinstance(inline, TermDef):
        out.append(f"\u201c{inline.term}\u201d", style="bold")
    elif isinstance(inline, Ref):
        out.append(inline.text, style="underline" if inline.resolved else "bold red")


def _subsection(sub: Subsection, out: list[RenderableType]) -> None:
    line = Text(f"{sub.marker} ", style="bold")
    line.append_text(inline_text(sub.content))
    out.append(Padding(line, (0, 0, 0, 2 + 3 * sub.level)))
    for child in sub.children:
        _subsection(child, out)


def section_key(section: Section) -> tuple[object, ...]:
    """What the preview shows of a section (nested code sections are shown separately)."""
    return (section.label, section.heading, section.blocks, section.overridden)


def section_renderable(section: Section) -> RenderableType:
    """A section's label, heading and text, without its nested code sections."""
    title = Text(f"{section.label} {section.heading}".strip(), style="bold")
    if section.overridden:
        title.append("  [edited text]", style="italic dim")
    elif section.own:
        title.append("  [your section]", style="italic dim")
    out: list[RenderableType] = [title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(inline_text(block))
        else:
            _subsection(block, out)
    return Group(*out)


def front_renderable(ordinance: Ordinance) -> RenderableType:
    """Caption, short and long titles, recitals and the enacting clause."""
    out: list[RenderableType] = [Text(line, style="bold", justify="center")
                                 for line in ordinance.caption]
    if ordinance.sponsors:
        out.append(Text(f"Introduced by: {', '.join(ordinance.sponsors)}", justify="center"))
    out.append(Text(""))
    out.append(Text(ordinance.short_title, style="bold", justify="center"))
    out.append(Text(ordinance.long_title, style="italic"))
    if ordinance.recitals_intro:
        out.append(Text(ordinance.recitals_intro))
    for recital in ordinance.recitals:
        out.append(inline_text(recital.content))
    if ordinance.recitals_outro:
        out.append(Text(ordinance.recitals_outro))
    out.append(Text(ordinance.enacting_clause, style="bold"))
    return Group(*out)


def back_renderable(ordinance: Ordinance) -> RenderableType:
    """The signature and attestation lines."""
    return Group(*(Text(line) for line in ordinance.signature))


def front_key(ordinance: Ordinance) -> tuple[object, ...]:
    return (ordinance.caption, ordinance.sponsors, ordinance.short_title, ordinance.long_title,
            ordinance.recitals_intro, ordinance.recitals, ordinance.recitals_outro,
            ordinance.enacting_clause)


def plain_text(renderable: RenderableType, width: int = 200) -> str:
    """A renderable as plain text (for tests and the benchmark)."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()
