"""The amending ordinance as Word: changes as run formatting, never tracked changes.

An amending ordinance is a clean document the clerk edits: a deletion is a struck-through
run (``w:strike``) and an insertion an underlined one (``w:u``); with the brackets-caps
marks a deletion is a run in [brackets] and an insertion a run in capitals (``w:caps``:
the words are stored as written). Page, styles, header and properties are the Word
exporter's (``export/docx.build_document``, the reference document's styles); numbers are
typed text, as in the text of the law it quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ordinance_tui.core.amendment import Amendment, Run, SetOutLine
from ordinance_tui.core.redline import DELETE, INSERT
from ordinance_tui.export.common import clean
from ordinance_tui.export.docx import Plan, build_document
from ordinance_tui.export.ooxml.numbering import sub_indent
from ordinance_tui.export.ooxml.styles import SUB_LEVELS
from ordinance_tui.export.ooxml.xml import NO_NUMBER, TAB_RUN, attr, keep_with_next, paragraph, run

__all__ = ["render_amendment_docx"]

STRIKE = "<w:rPr><w:strike/></w:rPr>"
UNDERLINE = '<w:rPr><w:u w:val="single"/></w:rPr>'
CAPS = "<w:rPr><w:caps/></w:rPr>"
_QUOTE_INDENT = '<w:ind w:left="720"/>'


class _Writer:
    def __init__(self, am: Amendment, style_id: Callable[[str], str]) -> None:
        self.am = am
        self.style_id = style_id
        self.out: list[str] = []

    def para(self, role: str, runs: str, ppr: str = "", keep: bool = False) -> None:
        xml = paragraph(attr(self.style_id(role)), runs, ppr)
        self.out.append(keep_with_next(xml) if keep else xml)

    def runs(self, runs: Sequence[Run]) -> str:
        brackets = self.am.marks == "brackets-caps"
        parts = []
        for r in runs:
            text = clean(r.text)
            if r.op == DELETE:
                parts.append(run(f"[{text}]") if brackets else run(text, STRIKE))
            elif r.op == INSERT:
                parts.append(run(text, CAPS if brackets else UNDERLINE))
            else:
                parts.append(run(text))
        return "".join(parts)

    def line(self, line: SetOutLine, quoted: bool) -> None:
        indent = _QUOTE_INDENT if quoted else ""
        label, body = self.runs(line.label), self.runs(line.runs)
        if line.role == "heading":
            self.para("Heading2", label + (run(" ") if label and body else "") + body,
                      NO_NUMBER + indent, keep=True)
        elif line.role == "subsection":
            level = min(max(line.level, 0) + 1, SUB_LEVELS)
            ppr = NO_NUMBER + (sub_indent(level + 1) if quoted else sub_indent(level))
            self.para(f"OrdLevel{level}", label + TAB_RUN + body, ppr)
        else:
            self.para("BodyText", body, indent)

    def write(self) -> str:
        am, doc = self.am, self.am.document
        for line in doc.caption:
            self.para("Caption1", run(clean(line)))
        self.para("LongTitle", run(clean(doc.long_title)))
        self.para("EnactingClause", run(clean(doc.enacting_clause)))
        if am.legend:
            self.para("AmendedNote", run(clean(am.legend)))
        for section in am.sections:
            heading = f"{section.label} {section.heading}".strip()
            self.para("Heading1", run(clean(heading)), NO_NUMBER, keep=True)
            if section.intro:
                self.para("BodyText", run(clean(section.intro)))
            for instruction in section.instructions:
                self.para("BodyText", run(clean(instruction.sentence)), _QUOTE_INDENT)
            for set_out in section.set_out:
                self.line(set_out, quoted=section.kind != "enacted")
        signature = [line for line in doc.signature if line.strip()]
        if signature:
            self.para("SignatureIntro", "")
            for i, line in enumerate(signature):
                self.para("SignatureLast" if i == len(signature) - 1 else "Signature",
                          run(clean(line)))
        return "".join(self.out)


def render_amendment_docx(am: Amendment, *, reference_docx: Path | str | None = None) -> bytes:
    """The amending ordinance as .docx bytes (``reference_docx``: a city's Word template)."""

    def body(plan: Plan, style_id: Callable[[str], str]) -> str:
        return _Writer(am, style_id).write()

    return build_document(am.document, body_writer=body, header_middle="Amending ordinance",
                          reference_docx=reference_docx).save()
