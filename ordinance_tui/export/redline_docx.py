"""Word redline: the new text with its changes marked, from a ``core.redline.Redline``.

``render_redline_docx(redline, tracked=True)`` writes real tracked changes
(``w:ins``/``w:del`` with author and date; a whole inserted or deleted paragraph
marks its paragraph mark too) that Word and LibreOffice accept or reject;
``tracked=False`` writes them as formatting instead (deletions struck through,
additions underlined). Both open with an "AS AMENDED" caption.

Everything else is the Word exporter's (``export/docx.py``): its planner,
styles, numbering and cross-reference fields, planned on the new ordinance, and
its writer, which this module extends with the lines only the old text had.
Numbers stay native Word numbering wherever the plain export has it:

- tracked: a deleted numbered paragraph keeps its list style, so it counts when
  the deletion is rejected and vanishes when accepted; accepting every change
  prints the new numbers, rejecting every change the old ones, with nothing
  marked for renumbering. Cross-references are REF fields (new numbers cached;
  LibreOffice, or Word after F9, recomputes them);
- formatted: a deleted paragraph prints its old number as struck-through text
  and is left out of the numbering, so the new text numbers exactly as enacted.

A number that the plain export writes as text (a style Word numbering cannot
reproduce) is marked as a change where it differs, in tracked mode, so that
accepting and rejecting stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ordinance_tui.core.document import Inline, Ref, Section, Subsection, TermDef
from ordinance_tui.core.redline import DELETE, INSERT, Chunk, Line, Redline
from ordinance_tui.export.docx import (
    SUB_LEVELS,
    ChangeMarks,
    _Field,
    _ListDef,
    _Numbered,
    _Planner,
    _run,
    _spacing,
    _style,
    _sub_ind,
    _Writer,
    _zip,
    clean,
    render_parts,
)

__all__ = ["render_redline_docx", "caption_lines"]

_FRONT_STYLES = {
    "caption": "Caption1", "sponsors": "Sponsors", "title": "Title", "long_title": "LongTitle",
    "recitals_intro": "Recital", "recital": "Recital", "recitals_outro": "EnactingClause",
    "enacting": "EnactingClause", "chapter": "ChapterHeading",
}  # fmt: skip
_NO_NUMBER = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
_TAB = "<w:r><w:tab/></w:r>"
_KIND = {"inserted": "ins", "deleted": "del"}

_CAPTION_STYLES = (
    _style("AmendedCaption", "Amended Caption",
           "<w:keepNext/>" + _spacing(0, 60) + '<w:jc w:val="center"/>',
           "<w:b/><w:bCs/><w:caps/><w:spacing w:val=\"40\"/>", next_id="AmendedNote")
    + _style("AmendedNote", "Amended Caption Note",
             "<w:keepNext/>" + _spacing(0, 240) + '<w:jc w:val="center"/>',
             "<w:i/><w:iCs/>", next_id="Caption1")
)  # fmt: skip


def caption_lines(tracked: bool, old_name: str = "", new_name: str = "") -> tuple[str, ...]:
    """The "AS AMENDED" caption and the line saying what was compared and how it is marked."""
    compared = ""
    if old_name and new_name:
        compared = f"Changes from \u201c{old_name}\u201d to \u201c{new_name}\u201d"
    elif old_name:
        compared = f"Changes from \u201c{old_name}\u201d"
    how = ("shown as tracked changes, to accept or reject in Word or LibreOffice"
           if tracked else "additions underlined, deletions struck through")
    note = f"{compared}: {how}." if compared else how[:1].upper() + how[1:] + "."
    return ("AS AMENDED", note)


class _RedlineWriter(_Writer):
    """The docx writer, walking the redline's lines instead of the new ordinance."""

    def __init__(self, redline: Redline, plan: _Planner, marks: ChangeMarks,
                 caption: Sequence[str]) -> None:
        super().__init__(redline.new, plan, annotated=False)
        self.redline = redline
        self.marks = marks
        self.caption = caption
        self.old_plan = _Planner(redline.old)
        # styles for the old text's deeper levels too
        plan.max_sub_depth = max(plan.max_sub_depth, self.old_plan.max_sub_depth)

    # -- the document ------------------------------------------------------------
    def write(self) -> str:
        for i, text in enumerate(self.caption):
            self.para("AmendedCaption" if i == 0 else "AmendedNote", _run(clean(text)))
        lines = self.redline.lines
        last_signature = max((i for i, line in enumerate(lines) if line.role == "signature"),
                             default=-1)
        for index, line in enumerate(lines):
            if line.role == "signature" and lines[index - 1].role != "signature":
                self.para("SignatureIntro", "")
            self.line(line, last=index == last_signature)
        return "".join(self.out)

    def line(self, line: Line, last: bool = False) -> None:
        kind = _KIND.get(line.change, "")
        mark = self.marks.paragraph(kind) if kind else ""
        runs = self.chunks(line.chunks)
        if line.role in _FRONT_STYLES:
            self.para(_FRONT_STYLES[line.role], runs, mark)
        elif line.role == "signature":
            self.para("SignatureLast" if last else "Signature", runs, mark)
        elif line.role == "heading":
            self.heading(line, runs, kind, mark)
        elif line.role == "subsection":
            self.numbered_sub(line, runs, kind, mark)
        else:
            node = line.new if line.new is not None else line.old
            inlines = getattr(node, "inlines", ())
            defines = any(isinstance(i, TermDef) for i in inlines[:3])
            self.para("Definition" if defines else "BodyText", runs, mark)

    # -- runs ----------------------------------------------------------------------
    def chunks(self, chunks: Sequence[Chunk]) -> str:
        parts = []
        for chunk in chunks:
            if chunk.op == INSERT:
                parts.append(self.marks.runs(self.inlines(chunk.inlines), "ins"))
            elif chunk.op == DELETE:
                parts.append(self.marks.runs(self.inlines(chunk.inlines), "del"))
            else:
                parts.append(self.equal(chunk))
        return "".join(parts)

    def equal(self, chunk: Chunk) -> str:
        """Unchanged words; a cross-reference whose printed number changed stays unmarked
        when a field prints it (tracked mode marks a literal one, to stay exact)."""
        old_refs = [i for i in chunk.old if isinstance(i, Ref)]
        if not old_refs:
            return self.inlines(chunk.inlines)
        parts: list[str] = []
        pending: list[Inline] = []
        refs = iter(old_refs)
        for span in chunk.inlines:
            if not isinstance(span, Ref):
                pending.append(span)
                continue
            parts.append(self.inlines(pending))
            pending = []
            old = next(refs)
            if not self.marks.tracked or clean(old.text) == clean(span.text) \
                    or self.field_explains(span, old.text):
                parts.append(self.ref(span))
            else:
                parts.append(self.marks.runs(_run(clean(old.text)), "del"))
                parts.append(self.marks.runs(self.ref(span), "ins"))
        parts.append(self.inlines(pending))
        return "".join(parts)

    def field_explains(self, ref: Ref, old_text: str) -> bool:
        """Whether the reference's fields, recomputed, can print ``old_text``."""
        pieces = self.plan.plans.get(id(ref)) or []
        if not any(isinstance(p, _Field) for p in pieces):
            return False
        pattern = "".join(r".+?" if isinstance(p, _Field) else re.escape(p) if isinstance(p, str)
                          else re.escape(p.text) for p in pieces)
        return re.fullmatch(pattern, clean(old_text)) is not None

    def label_runs(self, line: Line, label: str, kind: str) -> str:
        """A number written as text: marked with its line, or as a change of number."""
        if kind:
            return self.marks.runs(_run(label), kind)
        old = clean(line.old_label)
        if self.marks.tracked and line.old is not None and old != label:
            return self.marks.runs(_run(old), "del") + self.marks.runs(_run(label), "ins")
        return _run(label)

    # -- numbered paragraphs ------------------------------------------------------------
    def list_for(self, section: Section | None, plan: _Planner) -> _ListDef | None:
        if section is not None and section.codified:
            return plan.code
        return plan.main

    def native_old(self, line: Line) -> tuple[_Numbered, _ListDef] | None:
        """For a deleted line: its old number and the new list that reproduces it, if any."""
        if not self.marks.tracked:
            return None  # formatted: deleted paragraphs stay out of the numbering
        num = self.old_plan.numbered.get(id(line.old))
        old_list = self.list_for(line.old_section, self.old_plan)
        new_list = self.list_for(line.old_section, self.plan)
        if num is None or not num.num_id or old_list is None or new_list is None:
            return None
        if (old_list.heading, old_list.heading_tail, old_list.sublevels) != \
                (new_list.heading, new_list.heading_tail, new_list.sublevels):
            return None
        return num, new_list

    def heading(self, line: Line, runs: str, kind: str, mark: str) -> None:
        text_empty = not line.text("new" if line.new is not None else "old").strip()
        if line.new is not None:
            num = self.plan.numbered[id(line.new)]
            lst = self.list_for(line.new, self.plan) or self.plan.main
            if num.num_id:
                tail = num.tail if text_empty else (f"{num.tail} " if num.tail else " ")
                body = self.marked_text(tail, kind) + runs
                self.para(lst.heading_style, self.bookmarked(num, body), mark)
            else:
                body = self.label_runs(line, clean(num.label), kind)
                body += self.marked_text(" ", kind) + runs
                self.para(lst.heading_style, self.bookmarked(num, body), _NO_NUMBER + mark)
            return
        old = self.native_old(line)
        section = line.old
        assert isinstance(section, Section)
        if old is not None:
            num, lst = old
            tail = num.tail if text_empty else (f"{num.tail} " if num.tail else " ")
            self.para(lst.heading_style, self.marked_text(tail, "del") + runs, mark)
        else:
            lst = self.list_for(section, self.plan) or self.plan.main
            label = self.marked_text(f"{clean(section.label)} ", "del")
            self.para(lst.heading_style, label + runs, _NO_NUMBER + mark)

    def numbered_sub(self, line: Line, runs: str, kind: str, mark: str) -> None:
        if line.new is not None:
            num = self.plan.numbered[id(line.new)]
            lst = self.list_for(line.new_section, self.plan) or self.plan.main
            level = min(num.level, SUB_LEVELS)
            style = f"{lst.level_style}{level}"
            if num.num_id:
                self.para(style, self.bookmarked(num, runs), mark)
            else:
                label = self.label_runs(line, clean(num.label), kind) + self.marked_text("\t", kind)
                self.para(style, self.bookmarked(num, label + runs),
                          _NO_NUMBER + _sub_ind(level) + mark)
            return
        sub = line.old
        assert isinstance(sub, Subsection)
        old = self.native_old(line)
        if old is not None:
            num, lst = old
            self.para(f"{lst.level_style}{min(num.level, SUB_LEVELS)}", runs, mark)
        else:
            lst = self.list_for(line.old_section, self.plan) or self.plan.main
            level = min(sub.level + 1, SUB_LEVELS)
            label = self.marked_text(clean(sub.marker), "del") + self.marked_text("\t", "del")
            # without a number the list level's indent is gone too: state it
            self.para(f"{lst.level_style}{level}", label + runs,
                      _NO_NUMBER + _sub_ind(level) + mark)

    def marked_text(self, text: str, kind: str) -> str:
        """Literal text (a tab for "\\t") marked like its line: ``ins``, ``del`` or nothing.

        Formatting leaves blanks alone (an underlined space before a heading is noise);
        a tracked change marks them, so that rejecting it leaves nothing behind.
        """
        runs = _TAB if text == "\t" else _run(text)
        if not kind or not runs or (not self.marks.tracked and not text.strip()):
            return runs
        return self.marks.runs(runs, kind)


def render_redline_docx(
    redline: Redline,
    *,
    tracked: bool = True,
    author: str = "ordinance-tui",
    date: str = "",
    old_name: str = "",
    new_name: str = "",
) -> bytes:
    """The redline as .docx bytes: tracked changes, or (``tracked=False``) formatting.

    ``date`` (ISO; default: the new text's date) and ``author`` go on every tracked
    change; ``old_name``/``new_name`` (e.g. version names) go in the caption.
    """
    stamp = (date or redline.new.date or "1980-01-01")[:10] + "T00:00:00Z"
    caption = caption_lines(tracked, old_name, new_name)

    def body(plan: _Planner) -> str:
        first = 1 + sum(1 for num in plan.numbered.values() if num.bookmark)
        marks = ChangeMarks(tracked, author, stamp, first_id=first)
        return _RedlineWriter(redline, plan, marks, caption).write()

    def parts() -> list[tuple[str, str]]:
        out = []
        for name, text in render_parts(redline.new, body_writer=body,
                                       header_middle="As amended"):
            if name == "word/styles.xml":
                text = text.replace("</w:styles>", _CAPTION_STYLES + "</w:styles>")
            out.append((name, text))
        return out

    return _zip(parts())

