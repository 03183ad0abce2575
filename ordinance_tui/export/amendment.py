"""The amending ordinance (``core.amendment.Amendment``) as Markdown, HTML and Akoma Ntoso.

``AMENDMENT_FORMATS`` lists the four formats (``amendment_docx`` writes Word) by name,
each a ``CompanionFormat`` whose ``render`` takes the ``Amendment``.

How changes are marked:

- Markdown: ``<del>deleted</del>`` and ``<ins>inserted</ins>`` inline HTML, which
  CommonMark (markdown-it, pandoc, GitHub) reads back exactly and shows struck and
  underlined, whatever the style's marks (Markdown has no underline or capitals of its
  own; ``~~`` would fail next to punctuation, as in "4~~(b)~~");
- HTML: ``<del>`` and ``<ins>``; with the brackets-caps marks, CSS prints the
  brackets around a deletion and an insertion in capitals (the words stay as written);
- Akoma Ntoso: each amending section's text is a ``mod``; a section set out is a
  ``quotedStructure``, its changes ``del`` and ``ins``; an instruction's words are
  ``quotedText``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from ordinance_tui.core.amendment import (
    LEGENDS,
    AmendingSection,
    Amendment,
    Instruction,
    Run,
    SetOutLine,
)
from ordinance_tui.core.redline import DELETE, INSERT
from ordinance_tui.export.common import NOTICE, CompanionFormat

if TYPE_CHECKING:
    from lxml.etree import _Element  # type: ignore[import-untyped]

__all__ = ["AMENDMENT_FORMATS", "render_amendment_akn", "render_amendment_html",
           "render_amendment_md"]


# ---------------------------------------------------------------------------
# Markdown


def _md_runs(runs: Sequence[Run]) -> str:
    from ordinance_tui.export.markdown import escape_inline

    out = []
    for r in runs:
        text = escape_inline(r.text)
        if r.op == DELETE:
            out.append(f"<del>{text}</del>")
        elif r.op == INSERT:
            out.append(f"<ins>{text}</ins>")
        else:
            out.append(text)
    return "".join(out)


def _md_line(line: SetOutLine) -> str:
    from ordinance_tui.export.markdown import safe_block

    label, body = _md_runs(line.label), _md_runs(line.runs)
    return safe_block(f"{label} {body}" if label and body else label or body)


def render_amendment_md(am: Amendment) -> str:
    """The amending ordinance as CommonMark (set-out sections in block quotes)."""
    from ordinance_tui.export.markdown import escape_inline, safe_block

    doc = am.document
    out: list[str] = []
    for i, line in enumerate(doc.caption):
        out += [("# " if i == 0 else "") + escape_inline(line), ""]
    out += [safe_block(escape_inline(doc.long_title)), ""]
    out += [safe_block(escape_inline(doc.enacting_clause)), ""]
    if am.legend:
        out += [f"*{escape_inline(LEGENDS['strike-underline'])}*", ""]
    for section in am.sections:
        heading = f"{section.label} {section.heading}".strip()
        out += [f"## {escape_inline(heading)}", ""]
        if section.intro:
            out += [safe_block(escape_inline(section.intro)), ""]
        for instruction in section.instructions:
            out += [safe_block(escape_inline(instruction.sentence)), ""]
        quote = section.kind != "enacted"
        for set_out in section.set_out:
            text = _md_line(set_out)
            out += [f"> {text}" if quote else text, ">" if quote else ""]
        if quote and section.set_out:
            out[-1] = ""
    signature = [line for line in doc.signature if line.strip()]
    if signature:
        out += ["---", ""]
        for line in signature:
            out += [safe_block(escape_inline(line)), ""]
    out += [f"<!-- {NOTICE} -->", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------
# HTML

_CSS = """
body { font-family: %(font)s; font-size: %(size)spt; max-width: 7in; margin: 1in auto;
       line-height: 1.5; }
.caption { text-align: center; font-weight: bold; margin: 0; }
.long-title { margin: 1.5em 0 1em; text-align: justify; }
.enacting { margin: 1em 0; }
.legend { font-style: italic; margin: 1em 0 1.5em; }
h2 { font-size: 1em; margin: 1.5em 0 .5em; }
.set-out { margin: .5em 0 .5em 2em; }
.set-out .heading { font-weight: bold; }
.set-out .sub { padding-left: 2em; }
%(levels)s
ins { text-decoration: underline; }
del { text-decoration: line-through; }
.brackets-caps ins { text-decoration: none; text-transform: uppercase; }
.brackets-caps del { text-decoration: none; }
.brackets-caps del::before { content: "["; }
.brackets-caps del::after { content: "]"; }
.signature { margin-top: 2em; }
"""
_LEVELS = "\n".join(f".set-out .level-{n} {{ padding-left: {2 + 2 * n}em; }}" for n in range(1, 9))


def _h(text: str) -> str:
    from html import escape

    from ordinance_tui.export.common import clean

    return escape(clean(text), quote=True)


def _html_runs(runs: Sequence[Run]) -> str:
    out = []
    for r in runs:
        if r.op == DELETE:
            out.append(f"<del>{_h(r.text)}</del>")
        elif r.op == INSERT:
            out.append(f"<ins>{_h(r.text)}</ins>")
        else:
            out.append(_h(r.text))
    return "".join(out)


def _html_line(line: SetOutLine) -> str:
    label, body = _html_runs(line.label), _html_runs(line.runs)
    text = f"{label} {body}" if label and body else label or body
    if line.role == "heading":
        return f'<p class="heading">{text}</p>\n'
    if line.role == "subsection":
        return f'<p class="sub level-{max(line.level, 0)}">{text}</p>\n'
    return f"<p>{text}</p>\n"


def render_amendment_html(am: Amendment) -> str:
    """The amending ordinance as one self-contained HTML page."""
    doc = am.document
    from ordinance_tui.export.html import css_font

    css = _CSS % {"font": css_font(doc.page.font),
                  "size": max(8, min(int(doc.page.font_size or 12), 28)), "levels": _LEVELS}
    w: list[str] = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
                    f"<title>{_h(doc.short_title)}</title>\n",
                    f'<meta name="description" content="{_h(NOTICE)}">\n',
                    '<meta name="generator" content="ordinance-tui">\n',
                    f"<style>{css}</style>\n</head>\n<body>\n",
                    f'<article class="amendment {am.marks}">\n']
    for line in doc.caption:
        w.append(f'<p class="caption">{_h(line)}</p>\n')
    w.append(f'<p class="long-title">{_h(doc.long_title)}</p>\n')
    w.append(f'<p class="enacting">{_h(doc.enacting_clause)}</p>\n')
    if am.legend:
        w.append(f'<p class="legend">{_h(am.legend)}</p>\n')
    for section in am.sections:
        w.append(f'<section class="{section.kind}">\n')
        heading = f"{section.label} {section.heading}".strip()
        w.append(f"<h2>{_h(heading)}</h2>\n")
        if section.intro:
            w.append(f'<p class="intro">{_h(section.intro)}</p>\n')
        for instruction in section.instructions:
            w.append(f'<p class="instruction">{_h(instruction.sentence)}</p>\n')
        if section.set_out:
            quote = section.kind != "enacted"
            if quote:
                w.append('<blockquote class="set-out">\n')
            w.extend(_html_line(line) for line in section.set_out)
            if quote:
                w.append("</blockquote>\n")
        w.append("</section>\n")
    signature = [line for line in doc.signature if line.strip()]
    if signature:
        w.append('<footer class="signature">\n')
        w.extend(f"<p>{_h(line)}</p>\n" for line in signature)
        w.append("</footer>\n")
    w.append("</article>\n</body>\n</html>\n")
    return "".join(w)


# ---------------------------------------------------------------------------
# Akoma Ntoso


def render_amendment_akn(am: Amendment) -> str:
    """The amending ordinance as an Akoma Ntoso 3.0 ``act`` (``bill`` for a state)."""
    from lxml import etree  # type: ignore[import-untyped]

    from ordinance_tui.export.akn import _A, NS, _Writer, duplicate_eids

    writer = _Writer(am.document, annotated=False)
    root = etree.Element(_A + "akomaNtoso", nsmap={None: NS})
    doc = writer.e(root, "bill" if am.document.kind == "state" else "act",
                   name="amendment", contains="originalVersion")
    meta = writer.e(doc, "meta")
    writer.preface(doc)
    writer.preamble(doc)
    body = writer.e(doc, "body")
    for n, section in enumerate(am.sections, 1):
        _akn_section(writer, body, f"sec_{n}", section)
    signature = [line for line in am.document.signature if line.strip()]
    if signature:
        conclusions = writer.e(doc, "conclusions")
        for line in signature:
            writer.e(conclusions, "p", line)
    writer.meta(meta)
    dupes = duplicate_eids(root)
    if dupes:
        raise ValueError(f"Akoma Ntoso export: eId used more than once: {', '.join(dupes)}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True).decode("utf-8")


def _akn_section(writer: object, body: _Element, eid: str, section: AmendingSection) -> None:
    from ordinance_tui.export.akn import _Writer

    assert isinstance(writer, _Writer)
    el = writer.e(body, "section", eId=eid)
    writer.e(el, "num", section.label.strip())
    if section.heading:
        writer.e(el, "heading", section.heading)
    content = writer.e(el, "content")
    if section.kind == "enacted":
        for line in section.set_out:
            _akn_runs(writer, writer.e(content, "p"), line)
        if not len(content):
            writer.e(content, "p")
        return
    p = writer.e(content, "p")
    mod = writer.e(p, "mod", eId=f"{eid}__mod_1")
    mod.text = _clean(section.intro)
    if section.set_out:
        quoted = writer.e(mod, "quotedStructure", eId=f"{eid}__qstr_1",
                          startQuote="\u201c", endQuote="\u201d")
        head, rest = section.set_out[0], section.set_out[1:]
        quoted_section = writer.e(quoted, "section", eId=f"{eid}__qstr_1__sec_1")
        _akn_runs(writer, writer.e(quoted_section, "num"), head, label_only=True)
        _akn_runs(writer, writer.e(quoted_section, "heading"), head, body_only=True)
        inner = writer.e(quoted_section, "content")
        for line in rest:
            cls = f"level-{line.level}" if line.role == "subsection" else "text"
            _akn_runs(writer, writer.e(inner, "p", class_=cls), line)
        if not len(inner):
            writer.e(inner, "p")
    for k, instruction in enumerate(section.instructions, 1):
        _akn_instruction(writer, writer.e(content, "p"), f"{eid}__mod_{k + 1}", instruction)


def _clean(text: str) -> str:
    from ordinance_tui.export.common import clean

    return clean(text)


def _akn_runs(writer: object, parent: _Element, line: SetOutLine, *, label_only: bool = False,
              body_only: bool = False) -> None:
    """``line``'s label and words into ``parent``: changes as ``del`` and ``ins``."""
    from ordinance_tui.export.akn import _Writer

    assert isinstance(writer, _Writer)
    runs: list[Run] = []
    if not body_only:
        runs += line.label
    if not label_only:
        if runs and line.runs:
            runs.append(Run("equal", " "))
        runs += line.runs
    last: _Element | None = None
    for r in runs:
        if r.op in (DELETE, INSERT):
            last = writer.e(parent, "del" if r.op == DELETE else "ins", r.text)
        elif last is None:
            parent.text = (parent.text or "") + _clean(r.text)
        else:
            last.tail = (last.tail or "") + _clean(r.text)


def _akn_instruction(writer: object, p: _Element, eid: str, instruction: Instruction) -> None:
    """One instruction as a ``mod``: its words, the quoted words as ``quotedText``."""
    from ordinance_tui.export.akn import _Writer

    assert isinstance(writer, _Writer)
    mod = writer.e(p, "mod", eId=eid)
    sentence = instruction.sentence
    # the sentence's quoted words, in the order they appear in it
    spans: list[tuple[int, int]] = []
    at = 0
    for part in sentence.split('"')[1::2]:
        start = sentence.index(f'"{part}"', at) + 1
        spans.append((start, start + len(part)))
        at = start + len(part) + 1
    last: _Element | None = None
    prev = 0
    for k, (start, end) in enumerate(spans, 1):
        text = _clean(sentence[prev:start - 1])
        if last is None:
            mod.text = text
        else:
            last.tail = text
        last = writer.e(mod, "quotedText", sentence[start:end], eId=f"{eid}__qtext_{k}",
                        startQuote='"', endQuote='"')
        prev = end + 1
    tail = _clean(sentence[prev:])
    if last is None:
        mod.text = tail
    else:
        last.tail = tail


# ---------------------------------------------------------------------------
# The formats


def _md(am: Amendment) -> bytes:
    return render_amendment_md(am).encode("utf-8")


def _html(am: Amendment) -> bytes:
    return render_amendment_html(am).encode("utf-8")


def _akn(am: Amendment) -> bytes:
    return render_amendment_akn(am).encode("utf-8")


def _docx(am: Amendment) -> bytes:
    from ordinance_tui.export.amendment_docx import render_amendment_docx

    return render_amendment_docx(am)


AMENDMENT_FORMATS: Mapping[str, CompanionFormat[Amendment]] = MappingProxyType({f.name: f for f in (
    CompanionFormat("docx", ".docx", "Word (.docx)", True, _docx),
    CompanionFormat("md", ".md", "Markdown (.md)", False, _md),
    CompanionFormat("html", ".html", "Web page (.html)", False, _html),
    CompanionFormat("akn", ".akn.xml", "Akoma Ntoso 3.0 XML (.akn.xml)", False, _akn),
)})
