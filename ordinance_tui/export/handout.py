"""The teaching handout (``core.handout``) as Markdown, HTML or Word.

One entry per format in :data:`HANDOUT_FORMATS`, the registry ``ordinance handout``
and the app read. A chosen option is marked in words ("chosen in this draft"), never
by colour or a symbol alone.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping

from ordinance_tui.core.handout import Handout, HandoutOption, HandoutQuestion
from ordinance_tui.export.common import NOTICE, CompanionFormat, clean, companion_formats
from ordinance_tui.export.markdown import escape_inline, safe_block

__all__ = ["HANDOUT_FORMATS"]

CHOSEN = "chosen in this draft"
DEFAULT = "the default"
NOT_ASKED = "Not asked in this draft: its condition does not hold for the draft's answers."



def _marks(option: HandoutOption, marked: bool) -> list[str]:
    marks = [DEFAULT] if option.default else []
    if marked and option.chosen:
        marks.append(CHOSEN)
    return marks


def _facts(question: HandoutQuestion, marked: bool) -> list[tuple[str, str]]:
    """The labelled lines under a question's prompt."""
    facts = [("Answered as", question.answered_as)]
    facts.append(("Asked", f"when {question.asked_when}" if question.asked_when else "always"))
    if question.default:
        facts.append(("Default", question.default))
    if marked and question.answer:
        facts.append(("This draft's answer", question.answer))
    return facts


# ---------------------------------------------------------------------------
# Markdown

def render_markdown(doc: Handout) -> bytes:
    out = [f"# {escape_inline(doc.title)}", "", safe_block(escape_inline(doc.subtitle)), "",
           safe_block(escape_inline(NOTICE)), ""]
    for number, step in enumerate(doc.steps, start=1):
        out += [f"## {number}. {escape_inline(step.title)}", ""]
        if step.intro:
            out += [safe_block(escape_inline(step.intro)), ""]
        for question in step.questions:
            out += [f"### {escape_inline(question.prompt)}", ""]
            if doc.marked and not question.asked:
                out += [f"*{escape_inline(NOT_ASKED)}*", ""]
            for label, value in _facts(question, doc.marked):
                out.append(safe_block(f"**{escape_inline(label)}:** {escape_inline(value)}")
                           + "  ")
            out.append("")
            if question.help:
                out += [safe_block(escape_inline(question.help)), ""]
            for option in question.options:
                marks = _marks(option, doc.marked)
                line = f"- **{escape_inline(option.label)}**"
                if marks:
                    line += f" ({escape_inline(', '.join(marks))})"
                if option.help:
                    line += f": {escape_inline(' '.join(option.help.split()))}"
                out.append(line)
            if question.options:
                out.append("")
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# HTML

_CSS = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #111; }
h2 { margin-top: 2em; border-bottom: 1px solid #999; }
h3 { margin-bottom: 0.3em; }
dl { margin: 0.3em 0; } dt { font-weight: bold; float: left; margin-right: 0.4em; }
dd { margin: 0 0 0.2em 0; }
.mark { font-style: italic; }
.notice, .not-asked { font-style: italic; }
"""


def render_html(doc: Handout) -> bytes:
    e: Callable[[str], str] = lambda text: html.escape(clean(text), quote=True)  # noqa: E731
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
           f"<title>{e(doc.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{e(doc.title)}</h1>", f"<p>{e(doc.subtitle)}</p>",
           f'<p class="notice">{e(NOTICE)}</p>']
    for number, step in enumerate(doc.steps, start=1):
        out.append(f"<section>\n<h2>{number}. {e(step.title)}</h2>")
        if step.intro:
            out.append(f"<p>{e(step.intro)}</p>")
        for question in step.questions:
            out.append(f"<h3>{e(question.prompt)}</h3>")
            if doc.marked and not question.asked:
                out.append(f'<p class="not-asked">{e(NOT_ASKED)}</p>')
            out.append("<dl>" + "".join(f"<dt>{e(label)}:</dt><dd>{e(value)}</dd>"
                                        for label, value in _facts(question, doc.marked))
                       + "</dl>")
            if question.help:
                out.append(f"<p>{e(question.help)}</p>")
            if question.options:
                items = []
                for option in question.options:
                    marks = _marks(option, doc.marked)
                    item = f"<strong>{e(option.label)}</strong>"
                    if marks:
                        item += f' <span class="mark">({e(", ".join(marks))})</span>'
                    if option.help:
                        item += f": {e(' '.join(option.help.split()))}"
                    items.append(f"<li>{item}</li>")
                out.append("<ul>" + "".join(items) + "</ul>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


# ---------------------------------------------------------------------------
# Word

def render_docx(doc: Handout) -> bytes:
    """A Word file on python-docx's own default template (headings, lists, bold)."""
    import docx

    document = docx.Document()
    document.core_properties.title = clean(doc.title)
    document.core_properties.subject = clean(doc.subtitle)
    document.core_properties.comments = clean(NOTICE)
    document.add_heading(clean(doc.title), level=0)
    document.add_paragraph(clean(doc.subtitle))
    document.add_paragraph(clean(NOTICE)).runs[0].italic = True
    for number, step in enumerate(doc.steps, start=1):
        document.add_heading(f"{number}. {clean(step.title)}", level=1)
        if step.intro:
            document.add_paragraph(clean(step.intro))
        for question in step.questions:
            document.add_heading(clean(question.prompt), level=2)
            if doc.marked and not question.asked:
                document.add_paragraph(NOT_ASKED).runs[0].italic = True
            for label, value in _facts(question, doc.marked):
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(clean(value))
            if question.help:
                document.add_paragraph(clean(question.help))
            for option in question.options:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(clean(option.label)).bold = True
                marks = _marks(option, doc.marked)
                if marks:
                    paragraph.add_run(f" ({', '.join(marks)})").italic = True
                if option.help:
                    paragraph.add_run(": " + clean(" ".join(option.help.split())))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HANDOUT_FORMATS: Mapping[str, CompanionFormat[Handout]] = companion_formats(
    render_markdown, render_html, render_docx)
