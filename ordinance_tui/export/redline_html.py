"""HTML redline: the new text with deletions in ``<del>`` and additions in ``<ins>``.

One self-contained page in the HTML exporter's look (its CSS, escaping and
cross-reference links), opening with an "AS AMENDED" caption. Paragraphs are
flat (a subsection's level is a class), since a deleted subsection may sit
between two kept ones. Numbers are the new text's; a deleted paragraph shows its
old number inside the ``<del>``; a number changed only by renumbering, in a
label or a cross-reference, is not marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ordinance_tui.core.document import Inline, Ref, Section, Subsection, TermDef, inline_text
from ordinance_tui.core.redline import DELETE, INSERT, Chunk, Line, Redline
from ordinance_tui.export.common import NOTICE, caption_lines
from ordinance_tui.export.html import CSS, PAGE_SIZES, HtmlWriter, css_font, esc, long_date

__all__ = ["render_redline_html"]

_REDLINE_CSS = """
.amended { text-align: center; font-weight: bold; letter-spacing: .2em; margin: 0 0 .2em; }
.amended-note { text-align: center; font-style: italic; margin: 0 0 1.5em; }
ins { text-decoration: underline; color: #0b3d91; background: #eaf1fb; }
del { text-decoration: line-through; color: #9c1c1c; background: #fbeaea; }
.sub { margin: 0 0 1em; padding-left: 3em; text-indent: -3em; text-align: justify; }
.sub .marker { display: inline-block; width: 3em; text-indent: 0; }
%(levels)s
@media print { ins, del { background: none; color: inherit; } }
"""
_LEVEL_CSS = "\n".join(f".sub.level-{n} {{ margin-left: {3 * n}em; }}" for n in range(1, 9))
_FRONT = {
    "caption": ("p", "caption"), "sponsors": ("p", "sponsors"), "title": ("h1", ""),
    "long_title": ("p", "long-title"), "recitals_intro": ("p", "recital"),
    "recital": ("p", "recital"), "recitals_outro": ("p", "enacting"),
    "enacting": ("p", "enacting"), "chapter": ("p", "chapter"),
}  # fmt: skip
_TAGS = {INSERT: "ins", DELETE: "del", "inserted": "ins", "deleted": "del"}


class _RedlineHtml(HtmlWriter):
    def __init__(self, redline: Redline, caption: Sequence[str]) -> None:
        super().__init__(redline.new, annotated=False)
        self.redline = redline
        self.caption = caption

    def chunks(self, chunks: Iterable[Chunk]) -> str:
        parts = []
        for chunk in chunks:
            if chunk.op == INSERT:
                parts.append(f"<ins>{self.inlines(chunk.inlines)}</ins>")
            elif chunk.op == DELETE:
                parts.append(f"<del>{_old_inlines(chunk.inlines)}</del>")
            else:
                parts.append(self.inlines(chunk.inlines))
        return "".join(parts)

    def render(self) -> str:
        o = self.o
        page = PAGE_SIZES.get(o.page.size.lower(), PAGE_SIZES["letter"])
        css = CSS % {
            "font": css_font(o.page.font),
            "size": max(8, min(int(o.page.font_size or 12), 28)),
            "width": page[1],
            "margin": f"{max(0.25, min(o.page.margins_in, 3.0)):g}in",
            "page": page[0],
        } + _REDLINE_CSS % {"levels": _LEVEL_CSS}
        title = o.short_title or f"{o.jurisdiction_name} {o.instrument}"
        date = long_date(o.date) if o.date else ""
        right = " \u2014 ".join(x for x in (o.draft_label or "Draft", date) if x)
        w = self.out.append
        w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
        w(f"<title>{esc(title)} (as amended)</title>\n")
        w(f'<meta name="description" content="{esc(NOTICE)}">\n')
        w('<meta name="generator" content="ordinance-tui">\n')
        w(f'<style>{css}</style>\n</head>\n<body>\n<article class="page redline">\n')
        w(f'<div class="running"><span>{esc(o.jurisdiction_name)}</span>'
          f"<span>As amended</span><span>{esc(right)}</span></div>\n")
        w(f'<p class="amended">{esc(self.caption[0])}</p>\n')
        for note in self.caption[1:]:
            w(f'<p class="amended-note">{esc(note)}</p>\n')
        in_signature = False
        for line in self.redline.lines:
            if line.role == "signature" and not in_signature:
                w('<footer class="signature">\n')
                in_signature = True
            w(self.line(line))
        if in_signature:
            w("</footer>\n")
        w("</article>\n</body>\n</html>\n")
        return "".join(self.out)

    def line(self, line: Line) -> str:
        body = self.chunks(line.chunks)
        whole = _TAGS.get(line.change)
        cls = f" {line.change}" if whole else ""
        node = line.new if line.new is not None else line.old
        anchor = self.id_attr(node.anchor) if isinstance(line.new, Section | Subsection) and \
            isinstance(node, Section | Subsection) else ""
        if line.role in _FRONT:
            tag, base = _FRONT[line.role]
            classes = f"{base}{cls}".strip()
            attr = f' class="{classes}"' if classes else ""
            return f"<{tag}{attr}>{body}</{tag}>\n"
        if line.role == "signature":
            return f'<p class="signature-line{cls}">{body or "&nbsp;"}</p>\n'
        label = esc(line.label)
        if whole and label:
            label = f"<{whole}>{label}</{whole}>"
        if line.role == "heading":
            section = node
            depth = 3 if isinstance(section, Section) and section.codified else 2
            return (f'<h{depth} class="section{cls}"{anchor}><span class="label">{label}</span> '
                    f"{body}</h{depth}>\n")
        if line.role == "subsection":
            return (f'<div class="sub level-{line.level}{cls}"{anchor}>'
                    f'<span class="marker">{label}</span>{body}</div>\n')
        inlines = getattr(node, "inlines", ())
        kind = "definition" if any(isinstance(i, TermDef) for i in inlines[:3]) else "body"
        return f'<p class="{kind}{cls}">{body}</p>\n'


def _old_inlines(inlines: Iterable[Inline]) -> str:
    """Deleted spans: their text (an old reference has no target in the new page)."""
    out = []
    for span in inlines:
        text = esc(inline_text(span))
        if isinstance(span, TermDef):
            out.append(f"<dfn>{text}</dfn>")
        elif isinstance(span, Ref):
            out.append(f'<span class="ref">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def render_redline_html(redline: Redline, *, old_name: str = "", new_name: str = "") -> str:
    """The redline as one self-contained HTML page."""
    return _RedlineHtml(redline, caption_lines(False, old_name, new_name)).render()

