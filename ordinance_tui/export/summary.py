"""The plain-language summary (``core.summary``) as Markdown, HTML or Word.

One entry per format in :data:`SUMMARY_FORMATS`; the calendar is a real table in
each (a pipe table in Markdown, ``<table>`` with header cells in HTML, a Word table).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping

from ordinance_tui.core.summary import Summary
from ordinance_tui.export.common import NOTICE, CompanionFormat, clean, companion_formats
from ordinance_tui.export.markdown import escape_inline, safe_block

__all__ = ["SUMMARY_FORMATS", "calendar_rows", "sections"]

HEADER = ("Who", "What", "By when", "How often", "Section")
WIDTHS_IN = (1.25, 2.15, 1.35, 0.95, 0.8)  # the page's 6.5 inches: the duty gets the most



def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def sections(doc: Summary) -> list[tuple[str, list[str]]]:
    """The summary's headed lists, in order (empty ones left out)."""
    out = [(f"What this {doc.instrument} would do",
            [_upper_first(p) + "." for p in doc.does]),
           ("Whom it binds", [_upper_first(p.removeprefix("bind ")) + "." for p in doc.binds]),
           ("Exceptions", list(doc.exceptions)),
           ("Enforcement", list(doc.enforcement))]
    return [(heading, items) for heading, items in out if items]


def calendar_rows(doc: Summary) -> list[tuple[str, str, str, str, str]]:
    return [(o.who, o.does, o.by or "\u2014", o.every or "\u2014", _number(o.section))
            for o in doc.calendar]


def _number(ref_label: str) -> str:
    """ "Section 9.70.090" as the Section column prints it: "9.70.090" ("§ 11" stays)."""
    for word in ("Section ", "section ", "Sec. ", "SEC. "):
        if ref_label.startswith(word):
            return ref_label[len(word):]
    return ref_label


CALENDAR = "The calendar: who must do what, and when"
NO_CALENDAR = "The draft sets no deadline or recurring duty."
COUNSEL = "Left to counsel"


def render_markdown(doc: Summary) -> bytes:
    e = escape_inline
    out = [f"# {e(doc.title)}", "", safe_block(e(doc.subtitle)), "", safe_block(e(NOTICE)), ""]
    for heading, items in sections(doc):
        out += [f"## {e(heading)}", ""] + [f"- {e(i)}" for i in items] + [""]
    out += [f"## {e(CALENDAR)}", ""]
    rows = calendar_rows(doc)
    if rows:
        out.append("| " + " | ".join(HEADER) + " |")
        out.append("|" + "---|" * len(HEADER))
        out += ["| " + " | ".join(e(cell) for cell in row) + " |" for row in rows]
    else:
        out.append(safe_block(e(NO_CALENDAR)))
    out += ["", f"## {e(COUNSEL)}", ""] + [f"- {e(c)}" for c in doc.counsel]
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


_CSS = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #111; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #777;
       padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
.notice { font-style: italic; }
"""


def render_html(doc: Summary) -> bytes:
    e: Callable[[str], str] = lambda text: html.escape(clean(text), quote=True)  # noqa: E731
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
           f"<title>{e(doc.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{e(doc.title)}</h1>", f"<p>{e(doc.subtitle)}</p>",
           f'<p class="notice">{e(NOTICE)}</p>']
    for heading, items in sections(doc):
        out.append(f"<h2>{e(heading)}</h2><ul>" + "".join(f"<li>{e(i)}</li>" for i in items)
                   + "</ul>")
    out.append(f"<h2>{e(CALENDAR)}</h2>")
    rows = calendar_rows(doc)
    if rows:
        out.append("<table><thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>'
                                                   for h in HEADER) + "</tr></thead><tbody>")
        out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{e(NO_CALENDAR)}</p>")
    out.append(f"<h2>{e(COUNSEL)}</h2><ul>" + "".join(f"<li>{e(c)}</li>" for c in doc.counsel)
               + "</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def render_docx(doc: Summary) -> bytes:
    """A Word file on python-docx's own default template, the calendar as a table."""
    import docx
    from docx.oxml import OxmlElement
    from docx.shared import Inches, Pt

    document = docx.Document()
    for section in document.sections:  # a memo's margins: the calendar gets the width
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(0.8)
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = clean(doc.title)
    document.core_properties.comments = clean(NOTICE)
    document.add_heading(clean(doc.title), level=1)
    document.add_paragraph(clean(doc.subtitle))
    document.add_paragraph(clean(NOTICE)).runs[0].italic = True
    for heading, items in sections(doc):
        document.add_heading(clean(heading), level=2)
        for item in items:
            document.add_paragraph(clean(item), style="List Bullet")
    document.add_heading(CALENDAR, level=2)
    rows = calendar_rows(doc)
    if rows:
        table = document.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        # The header row repeats on each page, and tells a screen reader what each column is.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = clean(text)
        for column, width in zip(table.columns, WIDTHS_IN, strict=True):
            for cell in column.cells:  # Word reads each cell's width, LibreOffice the grid
                cell.width = Inches(width)
                for run in (r for para in cell.paragraphs for r in para.runs):
                    run.font.size = Pt(9)  # a table's type, a size below the text's
            column.width = Inches(width)
    else:
        document.add_paragraph(NO_CALENDAR)
    document.add_heading(COUNSEL, level=2)
    for item in doc.counsel:
        document.add_paragraph(clean(item), style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SUMMARY_FORMATS: Mapping[str, CompanionFormat[Summary]] = companion_formats(
    render_markdown, render_html, render_docx)
