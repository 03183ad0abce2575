"""HTML export: one self-contained file (inline CSS, no scripts, no external assets).

The page mirrors the Word export: caption, title, long title, recitals, enacting
clause, sections with their stored labels and subsection markers (never
renumbered), nested code sections in codified mode, and the signature block.
Every section and subsection carries its anchor as ``id``; a cross-reference is
a link to it. The annotated edition adds a "Drafter's Note" aside after each
section, one with the notes on the defined terms after the definitions, and one
with the notes on the recitals after the enacting clause. All text is cleaned (as
for Word) and escaped; the CSS prints on the jurisdiction's page size and font.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ordinance_tui.core.document import (
    Inline,
    Note,
    Ordinance,
    Ref,
    Section,
    Source,
    Subsection,
    TermDef,
    TermUse,
    Text,
)
from ordinance_tui.export.common import NOTICE, clean, source_line

if TYPE_CHECKING:
    from ordinance_tui.core.coverage import Coverage

__all__ = ["render_html"]


def esc(text: str) -> str:
    return escape(clean(text), quote=True)


def long_date(iso: str) -> str:
    try:
        day = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day:%B} {day.day}, {day.year}"


CSS = """
:root { --ink: #111; --muted: #555; --note: #eef2f8; --rule: #8eaadb; }
html { background: #f4f4f1; }
body { margin: 0; color: var(--ink); font-family: %(font)s; font-size: %(size)spt;
  line-height: 1.35; }
.page { max-width: %(width)s; margin: 2rem auto; background: #fff; padding: %(margin)s;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.running { display: flex; justify-content: space-between; font-size: 0.8em;
  color: var(--muted); border-bottom: 1px solid #ccc; padding-bottom: .3em; margin-bottom: 2em; }
.caption { text-align: center; font-weight: bold; margin: 0; }
.sponsors { text-align: center; font-style: italic; margin: 0; }
h1 { text-align: center; font-size: 1.2em; text-transform: uppercase; margin: 1em 0; }
.long-title { font-weight: bold; text-align: justify; margin: 0 3em 1.5em; }
.recital, .enacting, .body, .definition { text-align: justify; text-indent: 3em;
  margin: 0 0 1em; }
.enacting { font-weight: bold; }
h2, h3 { font-size: 1em; font-weight: bold; margin: 1.2em 0 .6em; break-after: avoid; }
.chapter { text-align: center; font-weight: bold; text-transform: uppercase; margin: 1.2em 0; }
.sub { margin: 0; }
.sub > p { margin: 0 0 1em; padding-left: 3em; text-indent: -3em; text-align: justify; }
.sub > p > .marker { display: inline-block; width: 3em; text-indent: 0; }
.sub .sub { margin-left: 3em; }
dfn { font-style: normal; font-weight: bold; }
a.ref { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--muted); }
.missing { background: #ff0; }
.signature { margin-top: 2em; break-inside: avoid; }
.signature p { margin: 0 0 1.5em; }
aside.note { font-family: Arial, Helvetica, sans-serif; font-size: .85em; background: var(--note);
  border-left: 4px solid var(--rule); padding: .5em 1em; margin: .5em 1.5em 1em;
  break-inside: avoid; }
aside.note h4 { margin: 0 0 .4em; color: #1f3864; font-size: 1em; }
aside.note p { margin: 0 0 .4em; }
aside.note .subject { font-weight: bold; }
aside.note ul { margin: 0; padding-left: 1.2em; font-style: italic; }
.edition { font-family: Arial, Helvetica, sans-serif; }
table.coverage { border-collapse: collapse; font-size: .85em; margin: .5em 0; }
table.coverage th, table.coverage td { border: 1px solid var(--rule); padding: .1em .35em;
  text-align: center; }
table.coverage td.element { text-align: left; }
@page { size: %(page)s; margin: %(margin)s; }
@media print {
  html { background: none; }
  .page { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  a.ref { border-bottom: none; }
}
"""

PAGE_SIZES = {"a4": ("A4", "8.27in"), "letter": ("letter", "8.5in")}


class HtmlWriter:
    def __init__(self, ordinance: Ordinance, annotated: bool) -> None:
        self.o = ordinance
        self.annotated = annotated
        self.out: list[str] = []
        self.ids: set[str] = set()
        self.targets = _anchors(ordinance)

    def id_attr(self, anchor: str) -> str:
        anchor = _html_id(anchor)
        if not anchor or anchor in self.ids:
            return ""
        self.ids.add(anchor)
        return f' id="{escape(anchor, quote=True)}"'

    def inlines(self, inlines: Iterable[Inline]) -> str:
        parts = []
        for inline in inlines:
            if isinstance(inline, Text | TermUse):
                parts.append(esc(inline.text))
            elif isinstance(inline, TermDef):
                parts.append(f"<dfn>{esc(inline.term)}</dfn>")
            elif isinstance(inline, Ref):
                parts.append(self.ref(inline))
        return "".join(parts)

    def ref(self, ref: Ref) -> str:
        anchor = _html_id(ref.anchor)
        if not ref.resolved or not anchor or anchor not in self.targets:
            cls = "ref missing" if not ref.resolved or ref.anchor else "ref"
            return f'<span class="{cls}">{esc(ref.text)}</span>'
        return f'<a class="ref" href="#{escape(anchor, quote=True)}">{esc(ref.text)}</a>'

    def render(self) -> str:
        o = self.o
        page = PAGE_SIZES.get(o.page.size.lower(), PAGE_SIZES["letter"])
        margin = f"{max(0.25, min(o.page.margins_in, 3.0)):g}in"
        css = CSS % {
            "font": css_font(o.page.font),
            "size": max(8, min(int(o.page.font_size or 12), 28)),
            "width": page[1],
            "margin": margin,
            "page": page[0],
        }
        title = o.short_title or f"{o.jurisdiction_name} {o.instrument}"
        date = long_date(o.date) if o.date else ""
        right = " \u2014 ".join(x for x in (clean(o.draft_label or "Draft"), date) if x)
        w = self.out.append
        w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
        w(f"<title>{esc(title)}</title>\n")
        w(f'<meta name="description" content="{esc(NOTICE)}">\n')
        w('<meta name="generator" content="ordinance-tui">\n')
        w(f'<style>{css}</style>\n</head>\n<body>\n<article class="page">\n')
        middle = "Annotated edition" if self.annotated else ""
        w(
            f'<div class="running"><span>{esc(o.jurisdiction_name)}</span>'
            f"<span>{esc(middle)}</span><span>{esc(right)}</span></div>\n"
        )
        if self.annotated:
            w(
                '<aside class="note edition"><h4>Annotated edition \u2014 for discussion, not '
                "for introduction</h4><p>The shaded Drafter\u2019s Notes explain each section "
                f"and cite the enacted laws behind it; they are not part of the "
                f"{esc(o.instrument)}. {esc(NOTICE)}</p>"
            )
            if o.problems:
                w("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in o.problems) + "</ul>")
            w("</aside>\n")
        w("<header>\n")
        for line in o.caption:
            w(f'<p class="caption">{esc(line)}</p>\n')
        if o.sponsors:
            w(f'<p class="sponsors">Introduced by: {esc(", ".join(o.sponsors))}</p>\n')
        w(f"<h1>{esc(o.short_title)}</h1>\n")
        if o.long_title:
            w(f'<p class="long-title">{esc(o.long_title)}</p>\n')
        w("</header>\n")
        if o.recitals or o.recitals_intro:
            w('<section class="recitals">\n')
            if o.recitals_intro:
                w(f'<p class="recital">{esc(o.recitals_intro)}</p>\n')
            for recital in o.recitals:
                w(f'<p class="recital">{self.inlines(recital.content.inlines)}</p>\n')
            w("</section>\n")
        if o.recitals_outro:
            w(f'<p class="enacting">{esc(o.recitals_outro)}</p>\n')
        if o.enacting_clause:
            w(f'<p class="enacting">{esc(o.enacting_clause)}</p>\n')
        if self.annotated:
            self.notes("recitals", [r.note for r in o.recitals if r.note is not None])
        w("<main>\n")
        for section in o.sections:
            self.section(section, 2)
        w("</main>\n")
        if o.signature:
            w('<footer class="signature">\n')
            for line in o.signature:
                w(f"<p>{esc(line) or '&nbsp;'}</p>\n")
            w("</footer>\n")
        w("</article>\n</body>\n</html>\n")
        return "".join(self.out)

    def section(self, section: Section, depth: int) -> None:
        w = self.out.append
        cls = "section code" if depth > 2 else "section"
        w(f'<section class="{cls}"{self.id_attr(section.anchor)}>\n')
        w(
            f'<h{depth}><span class="label">{esc(section.label)}</span> '
            f"{esc(section.heading)}</h{depth}>\n"
        )
        for block in section.blocks:
            if isinstance(block, Subsection):
                self.subsection(block)
            else:
                defines = any(isinstance(i, TermDef) for i in block.inlines[:3])
                cls = "definition" if defines else "body"
                w(f'<p class="{cls}">{self.inlines(block.inlines)}</p>\n')
        if self.annotated:
            self.note(section)
            self.notes("definitions", section.notes)
        if section.sections:
            if self.o.chapter_label:
                w(f'<p class="chapter">{esc(self.o.chapter_label)}</p>\n')
            for nested in section.sections:
                self.section(nested, depth + 1)
        w("</section>\n")

    def subsection(self, sub: Subsection) -> None:
        w = self.out.append
        w(f'<div class="sub level-{sub.level}"{self.id_attr(sub.anchor)}>')
        w(f'<p><span class="marker">{esc(sub.marker)}</span>'
          f"{self.inlines(sub.content.inlines)}</p>")
        for child in sub.children:
            self.subsection(child)
        w("</div>\n")

    def note(self, section: Section) -> None:
        commentary = [p for p in re.split(r"\n\s*\n", section.commentary or "") if p.strip()]
        if not commentary and not section.sources and not section.overridden:
            return
        w = self.out.append
        label = section.ref_label or section.label
        w(
            f'<aside class="note"><h4>Drafter\u2019s Note on {esc(label)} \u2014 not part of '
            f"the {esc(self.o.instrument or 'ordinance')}</h4>"
        )
        if section.overridden:
            w("<p>The drafter replaced this section\u2019s standard text.</p>")
        for text in commentary:
            w(f"<p>{esc(' '.join(text.split()))}</p>")
        self.sources(section.sources)
        w("</aside>\n")

    def sources(self, sources: Sequence[Source]) -> None:
        if not sources:
            return
        w = self.out.append
        w("<p>Sources:</p><ul>")
        for source in sources:
            w(f"<li>{esc(source_line(source))}</li>")
        w("</ul>")

    def notes(self, what: str, notes: Sequence[Note]) -> None:
        """One aside with the notes on the recitals or on the defined terms, each by subject."""
        if not notes:
            return
        w = self.out.append
        w(f'<aside class="note notes-{what}"><h4>Drafter\u2019s Notes on the {what} \u2014 '
          f"not part of the {esc(self.o.instrument or 'ordinance')}</h4>")
        for note in notes:
            paras = [p for p in re.split(r"\n\s*\n", note.commentary) if p.strip()] or [""]
            subject = esc(note.subject.rstrip("."))
            w(f'<p><span class="subject">{subject}.</span> '
              f"{esc(' '.join(paras[0].split()))}</p>")
            for text in paras[1:]:
                w(f"<p>{esc(' '.join(text.split()))}</p>")
            self.sources(note.sources)
        w("</aside>\n")


def _html_id(anchor: str) -> str:
    return re.sub(r"\s+", "-", clean(anchor)).strip("-")


def _anchors(ordinance: Ordinance) -> set[str]:
    found = set()
    for section in ordinance.all_sections():
        found.add(_html_id(section.anchor))
        for sub in section.walk():
            found.add(_html_id(sub.anchor))
    found.discard("")
    return found


def css_font(name: str) -> str:
    name = re.sub(r"[^A-Za-z0-9 \-]", "", clean(name or "")).strip() or "Times New Roman"
    fallback = "Georgia, serif" if "sans" not in name.lower() else "Arial, sans-serif"
    return f'"{name}", {fallback}'


def render_html(ordinance: Ordinance, *, annotated: bool = False,
                coverage: Coverage | None = None) -> str:
    """The ordinance as one self-contained HTML page; ``annotated`` adds Drafter's Notes.

    ``coverage`` appends a coverage table after the signature block.
    """
    page = HtmlWriter(ordinance, annotated).render()
    if coverage is None:
        return page
    head, end, tail = page.rpartition("</article>")
    return head + _coverage_html(coverage, ordinance.instrument or "ordinance") + end + tail


def _coverage_html(cov: Coverage, instrument: str) -> str:
    """The coverage table as an aside: legend, table, summaries, suggestions, numbers."""
    from ordinance_tui.core.coverage import (
        LEGEND,
        number_lines,
        suggestion_lines,
        summary_lines,
    )
    from ordinance_tui.core.laws import ELEMENTS

    out = ['<aside class="note edition coverage"><h4>Coverage against enacted laws \u2014 '
           f"not part of the {esc(instrument)}</h4>",
           f"<p>This draft compared with {esc(cov.how or 'the chosen reference laws')}. "
           f"Cells: {esc(LEGEND)}.</p>", '<table class="coverage"><thead><tr><th>ID</th>'
           "<th>Element</th><th>Draft</th>"]
    out += [f'<th title="{esc(law.name)}; {esc(law.citation)}">{esc(law.short)}</th>'
            for law in cov.laws]
    out.append("</tr></thead><tbody>")
    for row in cov.rows:
        if row.shown:
            cells = "".join(f"<td>{esc(code)}</td>" for code in row.codes)
            out.append(f'<tr><td>{row.element}</td><td class="element">{esc(row.label)}</td>'
                       f"<td>{'yes' if row.in_draft else 'no'}</td>{cells}</tr>")
    out.append("</tbody></table><p>Summary:</p><ul>")
    out += [f"<li>{esc(line)}</li>" for line in summary_lines(cov)]
    out.append("</ul>")
    suggestions = suggestion_lines(cov)
    if suggestions:
        out.append("<p>To add what the draft lacks:</p><ul>")
        out += [f"<li>{e} {esc(ELEMENTS[e])}: {esc(text)}</li>" for e, text in suggestions]
        out.append("</ul>")
    numbers = number_lines(cov)
    if numbers:
        out.append("<p>Key numbers:</p><ul>")
        out += [f"<li>{esc(line)}</li>" for line in numbers]
        out.append("</ul>")
    out.append("</aside>\n")
    return "".join(out)
