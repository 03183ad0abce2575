"""Word redline: the new text with its changes marked, from a ``core.redline.Redline``.

``render_redline_docx(redline, tracked=True)`` writes real tracked changes
(``w:ins``/``w:del`` with author and date; a whole inserted or deleted paragraph
marks its paragraph mark too) that Word and LibreOffice accept or reject;
``tracked=False`` writes them as formatting instead (deletions struck through,
additions underlined). Both open with an "AS AMENDED" caption.

Everything else is the Word exporter's (``export/docx.py`` and ``export/ooxml``):
its plan (numbering from the tree's data, cross-reference fields) made on the new
ordinance, the reference document's styles (the "Amended Caption" styles too),
and its writer, which this module extends with the lines only the old text had.
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

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from ordinance_tui.core.document import Inline, Paragraph, Ref, Section, Subsection, TermDef
from ordinance_tui.core.redline import DELETE, INSERT, Chunk, Line, Redline
from ordinance_tui.export.common import bind_section_words, caption_lines, clean
from ordinance_tui.export.docx import DocxWriter, Field, Numbered, Piece, Plan, build_document
from ordinance_tui.export.ooxml.numbering import ListDef, sub_indent
from ordinance_tui.export.ooxml.revisions import ChangeMarks
from ordinance_tui.export.ooxml.styles import SUB_LEVELS, level_role
from ordinance_tui.export.ooxml.xml import NO_NUMBER, TAB_RUN, attr, run

__all__ = ["render_redline_docx", "caption_lines"]

_FRONT_STYLES = {
    "caption": "Caption1", "sponsors": "Sponsors", "title": "Title", "long_title": "LongTitle",
    "recitals_intro": "Recital", "recital": "Recital", "recitals_outro": "EnactingClause",
    "enacting": "EnactingClause", "chapter": "ChapterHeading",
}  # fmt: skip
_KIND = {"inserted": "ins", "deleted": "del"}


class _Form(NamedTuple):
    """How a numbered or body paragraph is written: style, numbering and indent
    properties after the style, literal text before its words, its planned number."""

    style: str  # a style role (ooxml.styles.STYLE_NAMES)
    ppr: str
    prefix: str
    num: Numbered | None


class _RedlineWriter(DocxWriter):
    """The docx writer, walking the redline's lines instead of the new ordinance."""

    def __init__(self, redline: Redline, plan: Plan, marks: ChangeMarks,
                 caption: Sequence[str], style_id: Callable[[str], str]) -> None:
        super().__init__(redline.new, plan, annotated=False, style_id=style_id)
        self.redline = redline
        self.marks = marks
        self.caption = caption
        self.old_plan = Plan(redline.old)  # to tell a renumbered reference from a rewritten one
        # the list for what only the old text had: a code chapter
        old_code = self.old_plan.code
        if plan.code is None and old_code is not None:
            plan.code = ListDef(old_code.name, old_code.heading_role, old_code.level_prefix,
                                old_code.heading, old_code.sublevels)
        # fields print the old numbers after a rejection only if the lists number alike
        self.same_lists = all(
            there is None or (here is not None and here.defs() == there.defs())
            for here, there in ((plan.main, self.old_plan.main), (plan.code, old_code)))

    # -- the document ------------------------------------------------------------
    def write(self) -> str:
        for i, text in enumerate(self.caption):
            self.para("AmendedCaption" if i == 0 else "AmendedNote", run(clean(text)))
        lines = self.redline.lines
        signature = [i for i, line in enumerate(lines) if line.role == "signature"]
        # the last line of each side's signature block has its own style
        self.last_new = max((i for i in signature if lines[i].change != "deleted"), default=-1)
        self.last_old = max((i for i in signature if lines[i].change != "inserted"), default=-1)
        for index, line in enumerate(lines):
            if line.role == "signature" and lines[index - 1].role != "signature":
                self.para("SignatureIntro", "")
            self.line(line, index)
        return "".join(self.out)

    def line(self, line: Line, index: int = -1) -> None:
        kind = _KIND.get(line.change, "")
        mark = self.marks.paragraph(kind) if kind else ""
        runs = self.chunks(line.chunks)
        if line.role in _FRONT_STYLES:
            self.para(_FRONT_STYLES[line.role], runs, mark)
        elif line.role == "signature":
            new = "SignatureLast" if index == self.last_new else "Signature"
            old = "SignatureLast" if index == self.last_old else "Signature"
            if kind:
                self.para(old if kind == "del" else new, runs, mark)
            else:
                change = self.marks.properties(
                    f'<w:pStyle w:val="{attr(self.style(old))}"/>') if old != new else ""
                self.para(new, runs, change)
        else:
            self.body_line(line, runs, kind, mark)

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
        """Unchanged words. A cross-reference whose number changed stays unmarked when
        the same fields print it in both texts; otherwise tracked mode marks the
        change, so that accepting and rejecting stay exact."""
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
                    or self.same_fields(old, span):
                parts.append(self.ref(span))
            else:
                parts.append(self.marks.runs(run(bind_section_words(clean(old.text))), "del"))
                parts.append(self.marks.runs(self.ref(span), "ins"))
        parts.append(self.inlines(pending))
        return "".join(parts)

    def same_fields(self, old: Ref, new: Ref) -> bool:
        """Whether both texts print the reference with the same fields and literal text."""
        def shape(pieces: list[Piece] | None) -> list[tuple[str, str]]:
            return [("field", p.switch) if isinstance(p, Field) else
                    ("text", p if isinstance(p, str) else p.text) for p in pieces or []]

        new_shape = shape(self.plan.plans.get(id(new)))
        return self.same_lists and any(kind == "field" for kind, _ in new_shape) and \
            new_shape == shape(self.old_plan.plans.get(id(old)))

    # -- numbered paragraphs ------------------------------------------------------------
    def list_for(self, section: Section | None, plan: Plan) -> ListDef | None:
        if section is not None and section.codified:
            return plan.code
        return plan.main

    def form(self, line: Line, side: str, native: bool = True) -> _Form | None:
        """How the plain export of one side writes this paragraph, in this document.

        None when this document lacks the list the old side used (a redline from a
        codified text to one that is not). ``native=False`` writes the number as text.
        """
        node = line.new if side == "new" else line.old
        section = line.new_section if side == "new" else line.old_section
        plan = self.plan if side == "new" else self.old_plan
        if isinstance(node, Paragraph):
            defines = any(isinstance(i, TermDef) for i in node.inlines[:3])
            return _Form("Definition" if defines else "BodyText", "", "", None)
        here = self.list_for(section, self.plan)
        num = plan.numbered.get(id(node))
        if here is None or num is None:
            return None
        if side == "old":
            there = self.list_for(section, plan)
            native = native and there is not None and there.defs() == here.defs()
        native = native and num.native
        if isinstance(node, Section):
            empty = not clean(node.heading).strip()
            if native:
                return _Form(here.heading_role, "",
                             num.tail if empty else (f"{num.tail} " if num.tail else " "), num)
            return _Form(here.heading_role, NO_NUMBER, f"{clean(node.label)} ", num)
        level = min(num.level, SUB_LEVELS)
        style = level_role(here.level_prefix, level)
        if native:
            return _Form(style, "", "", num)
        # without a number the list level's indent is gone too: state it
        return _Form(style, NO_NUMBER + sub_indent(level), f"{clean(num.label)}\t", num)

    def body_line(self, line: Line, runs: str, kind: str, mark: str) -> None:
        """A heading, subsection or paragraph of a section, numbered as each side needs."""
        tracked = self.marks.tracked
        if line.new is None:  # deleted: out of the numbering unless tracked
            gone = self.form(line, "old", native=tracked) or self.fallback(line)
            self.para(gone.style, self.literal(gone.prefix, "del") + runs, gone.ppr + mark)
            return
        form = self.form(line, "new")
        assert form is not None
        old = self.form(line, "old") if line.old is not None and tracked else None
        if old is not None and old.prefix != form.prefix:
            prefix = self.literal(old.prefix, "del") + self.literal(form.prefix, "ins")
        else:
            prefix = self.literal(form.prefix, kind)
        change = ""
        if old is not None and (old.style, old.ppr) != (form.style, form.ppr):
            change = self.marks.properties(
                f'<w:pStyle w:val="{attr(self.style(old.style))}"/>{old.ppr}')
        runs = prefix + runs
        if form.num is not None:
            runs = self.bookmarked(form.num, runs)
        self.para(form.style, runs, form.ppr + mark + change)

    def fallback(self, line: Line) -> _Form:
        """A deleted paragraph whose list this document lacks: its number as text."""
        node = line.old
        if isinstance(node, Section):
            return _Form(self.plan.main.heading_role, NO_NUMBER, f"{clean(node.label)} ", None)
        assert isinstance(node, Subsection)
        level = min(node.level + 1, SUB_LEVELS)
        return _Form(level_role(self.plan.main.level_prefix, level),
                     NO_NUMBER + sub_indent(level), f"{clean(node.marker)}\t", None)

    def literal(self, text: str, kind: str) -> str:
        """Literal text with tabs (a number written as text), marked ``kind`` if any."""
        parts = text.split("\t")
        out = "".join(self.marked_text(part, kind) + (self.marked_text("\t", kind)
                                                       if i < len(parts) - 1 else "")
                      for i, part in enumerate(parts))
        return out

    def marked_text(self, text: str, kind: str) -> str:
        """Literal text (a tab for "\\t") marked like its line: ``ins``, ``del`` or nothing.

        Formatting leaves blanks alone (an underlined space before a heading is noise);
        a tracked change marks them, so that rejecting it leaves nothing behind.
        """
        runs = TAB_RUN if text == "\t" else run(text)
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
    reference_docx: Path | str | None = None,
) -> bytes:
    """The redline as .docx bytes: tracked changes, or (``tracked=False``) formatting.

    ``date`` (ISO; default: the new text's date) and ``author`` go on every tracked
    change; ``old_name``/``new_name`` (e.g. version names) go in the caption;
    ``reference_docx`` is a city's Word template, as for ``render_docx``.
    """
    stamp = (date or redline.new.date or "1980-01-01")[:10] + "T00:00:00Z"
    caption = caption_lines(tracked, old_name, new_name)

    def body(plan: Plan, style_id: Callable[[str], str]) -> str:
        first = 1 + sum(1 for num in plan.numbered.values() if num.bookmark)
        marks = ChangeMarks(tracked, author, stamp, first_id=first)
        return _RedlineWriter(redline, plan, marks, caption, style_id).write()

    return build_document(redline.new, body_writer=body, header_middle="As amended",
                          reference_docx=reference_docx).save()
