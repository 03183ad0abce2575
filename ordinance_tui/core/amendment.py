"""The amending ordinance: what a council enacts to turn one version of a law into another.

``amendment(library, old_draft, new_draft)`` assembles both drafts, aligns their
sections and returns an ``Amendment``: caption, a long title that says what is
amended, the enacting clause (the jurisdiction's words, ``core.government``), then
one section per change, in code order, and the new text's uncodified sections
(severability, effective date). Exporters (``export/amendment*.py``) print it;
this module knows nothing of file formats.

What is amended: in codified mode the chapter's code sections ("Section 9.70.040 of
the Bayview Municipal Code"), otherwise the sections of the parts the library
codifies ("Section 4 of Ordinance No. 123", or "of the [short title]" without a
number). Sections pair by clause id first (library clause ids and the drafter's
own section ids are stable), the rest by the redline's similarity alignment
(``core.redline``); inside a section the redline's alignment pairs paragraphs.

Every section number an amending section names is the existing law's: a
section whose number changed is "renumbered as" its new number, so the sections
are amended all at once, never one after another. A section the new text adds
keeps the number the new text prints.

Two forms (the style's ``amendment.form``, or the caller's ``form``):

- set-out: "Section X ... is amended to read as follows:" and the section in full,
  its changes as ``Run``s (equal, insert, delete); accepting the marks gives the
  new text, rejecting them the old;
- instructions: "Section X(b) is amended by striking "A" and inserting "B"." Each
  quote is whole words, enough of them to occur once in the text it names (the
  subsection's own text, the section's flush text). A section whose paragraphs
  were added, removed or relettered is set out in full instead.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from .document import Ordinance, Section, Subsection, Text, inline_text
from .redline import (
    DELETE,
    EQUAL,
    INSERT,
    align,
    diff_inlines,
    section_units,
    similarity,
    tokens,
    unit_score,
)

if TYPE_CHECKING:
    from .draft import Draft
    from .library import Library

__all__ = ["Amendment", "AmendingSection", "Instruction", "Run", "SetOutLine", "amendment",
           "amendment_of",
           "apply_instruction", "LEGENDS", "FORMS", "MARKS"]

MARKS = ("strike-underline", "brackets-caps")
FORMS = ("set-out", "instructions")
LEGENDS = {
    "strike-underline": "Deletions are struck through; insertions are underlined.",
    "brackets-caps": "[Bracketed] text is deleted; CAPITALISED text is added.",
}
# Inserted words that follow others with no space between.
_CLOSING = ",.;:)]\u201d"


@dataclass(frozen=True, slots=True)
class Run:
    """Words unchanged (``equal``), added (``insert``) or removed (``delete``)."""

    op: str
    text: str


def _side(runs: Sequence[Run], side: str) -> str:
    skip = DELETE if side == "new" else INSERT
    return "".join(r.text for r in runs if r.op != skip)


@dataclass(frozen=True, slots=True)
class SetOutLine:
    """One paragraph of a section set out in full: its label or marker and its words.

    ``role`` is heading (the section's number and heading), subsection or paragraph;
    ``level`` the subsection level (0 = first), -1 otherwise.
    """

    role: str
    level: int
    label: tuple[Run, ...]
    runs: tuple[Run, ...]

    def text(self, side: str = "new") -> str:
        """The line as the new text (or, ``side="old"``, the old) prints it; "" if absent."""
        label, body = _side(self.label, side), _side(self.runs, side)
        return f"{label} {body}".strip() if label and body else (label or body)

    @property
    def marked(self) -> bool:
        return any(r.op != EQUAL for r in (*self.label, *self.runs))


@dataclass(frozen=True, slots=True)
class Instruction:
    """One change in instruction form, on ``target`` ("Section 9.70.040(b)").

    ``heading`` set: the heading is amended to read it. Otherwise ``strike`` is
    replaced by ``insert``; with ``after``/``before`` (and no ``strike``), ``insert``
    goes after or before those words.
    """

    target: str
    strike: str = ""
    insert: str = ""
    after: str = ""
    before: str = ""
    heading: str | None = None

    @property
    def sentence(self) -> str:
        if self.heading is not None:
            return f"The heading of {self.target} is amended to read \"{self.heading}\"."
        if self.after:
            return f"{self.target} is amended by inserting \"{self.insert}\" after " \
                   f"\"{self.after}\"."
        if self.before:
            return f"{self.target} is amended by inserting \"{self.insert}\" before " \
                   f"\"{self.before}\"."
        if not self.insert:
            return f"{self.target} is amended by striking \"{self.strike}\"."
        return f"{self.target} is amended by striking \"{self.strike}\" and inserting " \
               f"\"{self.insert}\"."


def apply_instruction(text: str, instruction: Instruction) -> str:
    """``text`` with a word instruction applied (the rules the README states).

    Striking alone also removes the space before the words struck (after them, at the
    start); inserted words are separated from the words they follow or precede by a
    space, unless they begin with closing punctuation. Raises ValueError unless the
    quoted words occur exactly once.
    """
    anchor = instruction.strike or instruction.after or instruction.before
    if _count(text, anchor) != 1:
        raise ValueError(f"{anchor!r} does not occur exactly once in {text!r}")
    at = text.find(anchor)
    end = at + len(anchor)
    if instruction.after:
        sep = "" if instruction.insert[:1] in _CLOSING else " "
        return text[:end] + sep + instruction.insert + text[end:]
    if instruction.before:
        return text[:at] + instruction.insert + " " + text[at:]
    if instruction.insert:
        return text[:at] + instruction.insert + text[end:]
    if at > 0 and text[at - 1] == " ":
        return text[:at - 1] + text[end:]
    return text[:at] + text[end:].removeprefix(" ")


def _count(text: str, words: str) -> int:
    """Occurrences of ``words`` in ``text``, overlapping ones included."""
    if not words:
        return 0
    n, at = 0, text.find(words)
    while at >= 0:
        n += 1
        at = text.find(words, at + 1)
    return n


@dataclass(frozen=True, slots=True)
class AmendingSection:
    """One section of the amending ordinance.

    ``kind``: amended, renumbered (and perhaps amended), added, repealed, or enacted
    (a section of the new text the amending ordinance enacts as its own: severability,
    effective date; ``heading`` is its heading). ``intro`` is the sentence that says
    what is done; ``set_out`` the section set out in full (amended, added, enacted,
    and amended in instruction form when its paragraphs changed), ``instructions``
    the word changes otherwise. ``old``/``new`` are the sections of the two texts.
    ``reworded``: added, or changed in more than its numbers and references' numbers.
    """

    label: str
    kind: str
    intro: str
    heading: str = ""
    set_out: tuple[SetOutLine, ...] = ()
    instructions: tuple[Instruction, ...] = ()
    old: Section | None = None
    new: Section | None = None
    reworded: bool = False  # its words changed, not only numbers (its purpose joins the title)

    @property
    def marked(self) -> bool:
        return any(line.marked for line in self.set_out)


@dataclass(frozen=True)
class Amendment:
    """The amending ordinance from ``old`` to ``new``.

    ``document`` is the new ordinance with the amending ordinance's front matter
    (caption, title, long title, enacting clause) and no sections of its own:
    exporters take page, headers and properties from it.
    """

    old: Ordinance
    new: Ordinance
    document: Ordinance
    marks: str
    form: str
    sections: tuple[AmendingSection, ...]
    amends: str  # what it amends: "Chapter 9.70 of the Bayview Municipal Code"

    @property
    def legend(self) -> str:
        """The line that says how changes are marked ("" when nothing is marked)."""
        return LEGENDS[self.marks] if any(s.marked for s in self.sections) else ""

    @property
    def changed(self) -> bool:
        return any(s.kind != "enacted" for s in self.sections)


# ---------------------------------------------------------------------------
# Building


def amendment(library: Library, old_draft: Draft, new_draft: Draft, *,
              form: str | None = None, marks: str | None = None,
              today: _dt.date | None = None) -> Amendment:
    """The ordinance that amends ``old_draft``'s text into ``new_draft``'s.

    ``form`` and ``marks`` default to the new draft's style (``amendment:``). Raises
    ValueError when one draft is codified and the other is not, or for an unknown
    form or marks.
    """
    from .assemble import assemble

    old = assemble(library, old_draft, today=today)
    # Codes insert rather than renumber: the sections the code has keep their numbers in
    # the new text, and a section the new draft adds takes the next free one ("9.70.045").
    kept = {s.clause_id: s.code_number for top in old.sections for s in top.sections
            if s.code_number}
    new = assemble(library, new_draft, today=today, code_numbers=kept)
    return amendment_of(library, old_draft, new_draft, old, new, form=form, marks=marks)


def amendment_of(library: Library, old_draft: Draft, new_draft: Draft, old: Ordinance,
                 new: Ordinance, *, form: str | None = None, marks: str | None = None
                 ) -> Amendment:
    """``amendment`` of two drafts already assembled (``old`` and ``new``)."""
    from .assemble import style_for

    if old.codified != new.codified:
        raise ValueError("both drafts must be codified, or neither: an amendment to a code "
                         "chapter cannot amend an ordinance that is not in the code")
    style = style_for(library, new_draft)
    form = form or style.amendment.form
    marks = marks or style.amendment.marks
    if form not in FORMS or marks not in MARKS:
        raise ValueError(f"unknown amendment form {form!r} or marks {marks!r}")
    old_jur = old_draft.jurisdiction.on_one_line()
    if new.codified:
        code = old_jur.code_name or f"{old_jur.name} Code"
        of = code if code.lower().startswith("the ") else f"the {code}"
        whole = f"Chapter {old_jur.chapter_number} of {of}"
    else:
        number = old_jur.number.strip()
        of = (f"{old.instrument.title()} No. {number}" if number
              else f"the {old.short_title}")
        whole = of
    bill = style.code_numbering.bill_label if new.codified and style.code_numbering.bill_label \
        else style.section_label

    builder = _Builder(form, of, whole)
    sections: list[AmendingSection] = []
    purposes: list[str] = []
    repealed: list[str] = []
    contexts: list[dict[str, object]] = []  # the new draft's template context, once
    old_units, new_units = _amended(library, old), _amended(library, new)
    for a, b in align(old_units, new_units, lambda s: s.clause_id, _section_score):
        made = builder.section(a, b)
        if made is None:
            continue
        sections.append(made)
        if made.kind == "repealed" and a is not None:
            repealed.append(a.ref_label)
        elif b is not None and made.reworded:
            purpose = _purpose(library, new_draft, b.clause_id, contexts)
            if purpose and purpose not in purposes:
                purposes.append(purpose)
    if repealed:
        purposes.append("repeal " + _and(repealed))
    for section in _enacted(library, new) or _general_provisions(library, new_draft, new):
        sections.append(AmendingSection("", "enacted", "", section.heading,
                                        set_out=tuple(_plain(section)[1:]),
                                        new=section))
    sections = [dataclasses.replace(s, label=bill.format(n=n))
                for n, s in enumerate(sections, 1)]
    document = _document(library, new_draft, new, whole, purposes)
    return Amendment(old, new, document, marks, form, tuple(sections), whole)


def _general_provisions(library: Library, draft: Draft, new: Ordinance) -> list[Section]:
    """For a new text that is only a code chapter (an imported one: ``library: none``), the
    library's own uncodified sections under the draft's answers: an amending ordinance
    needs its severability clause and effective date even when the code has none."""
    if not new.codified or draft.library != "none":
        return []
    from .assemble import assemble

    return _enacted(library, assemble(library, dataclasses.replace(draft, library="all")))


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _amended(library: Library, o: Ordinance) -> list[Section]:
    """The sections an amendment can amend: code sections, or codified parts' sections."""
    if o.codified:
        return [s for s in o.all_sections() if s.codified]
    return [s for s in o.sections if _codified_part(library, s)]


def _enacted(library: Library, o: Ordinance) -> list[Section]:
    """The new text's sections that stay outside what is amended (severability ...)."""
    if o.codified:
        return [s for s in o.sections if not s.sections and not s.codified]
    return [s for s in o.sections if not _codified_part(library, s)]


def _codified_part(library: Library, section: Section) -> bool:
    part = library.parts.get(section.part)
    return part.codified if part is not None else True


def _section_keys(section: Section) -> tuple[object, ...]:
    keys: list[object] = [section.heading]
    for paragraph in section.paragraphs():
        keys.extend(t.key for t in tokens(paragraph.inlines))
    return tuple(keys)


def _section_score(a: Section, b: Section) -> float:
    return similarity(_section_keys(a), _section_keys(b))


def _purpose(library: Library, draft: Draft, clause_id: str,
             contexts: list[dict[str, object]]) -> str:
    """The purpose of section ``clause_id`` as the long title says it (no leading "to")."""
    own = draft.own_section(clause_id)
    if own is not None:
        text = " ".join(own.purpose.split())
    else:
        from .assemble import build_context, clause_purpose

        if not library.clauses.get(clause_id) or not library.clauses[clause_id].purpose:
            return ""
        if not contexts:
            one_line = dataclasses.replace(draft, jurisdiction=draft.jurisdiction.on_one_line())
            contexts.append(build_context(library, one_line)[0])
        text = clause_purpose(library, draft, clause_id, contexts[0])
    text = text.rstrip(" .;")
    return text[3:] if text.startswith("to ") else text


def _document(library: Library, draft: Draft, new: Ordinance, whole: str,
              purposes: Sequence[str]) -> Ordinance:
    from .government import resolve
    from .library import Style

    style: Style | None = library.styles.get(new.style_id)
    gov = resolve(msgspec.structs.replace(draft.jurisdiction.on_one_line(), number=""),
                  style.instrument if style is not None else "")
    caption = tuple(line for line in (gov["caption"], gov["number_line"]) if line)
    instrument = new.instrument
    article = "An" if instrument[:1].lower() in "aeiou" else "A"
    joined = "; to ".join(purposes[:-1]) + "; and to " + purposes[-1] if len(purposes) > 1 \
        else (purposes[0] if purposes else "")
    long_title = f"{article} {instrument} of {new.government or gov['government']} amending " \
                 f"{whole}" + (f" to {joined}" if joined else "") + "."
    enacting = new.enacting_clause
    for prefix in ("NOW, THEREFORE, ", "NOW, THEREFORE "):
        if enacting.startswith(prefix):
            enacting = enacting[len(prefix):]
            enacting = enacting[:1].upper() + enacting[1:]
    title = f"Amendment of {whole}"
    return dataclasses.replace(new, caption=caption, short_title=title, long_title=long_title,
                               recitals=(), recitals_intro="", recitals_outro="",
                               enacting_clause=enacting, sections=(), sponsors=new.sponsors)


class _Builder:
    """Makes the amending sections (the sentences and what they set out)."""

    def __init__(self, form: str, of: str, whole: str) -> None:
        self.form = form
        self.of = of
        self.whole = whole

    def section(self, a: Section | None, b: Section | None) -> AmendingSection | None:
        """The amending section for a pair of aligned sections (None: nothing changed)."""
        label = ""
        of = self.of
        if a is None:
            assert b is not None
            intro = f"{_upper_first(self.whole)} is amended by adding a new {b.ref_label} " \
                    "to read as follows:"
            return AmendingSection(label, "added", intro, set_out=tuple(_plain(b)),
                                   new=b, reworded=True)
        if b is None:
            return AmendingSection(label, "repealed", f"{a.ref_label} of {of} is repealed.",
                                   old=a)
        renumbered = a.ref_label != b.ref_label
        if not renumbered and _texts(_plain(a)) == _texts(_plain(b)):
            return None
        lines, reworded = _set_out(a, b)
        text_changed = any(line.marked for line in lines[1:]) or \
            _side(lines[0].runs, "old") != _side(lines[0].runs, "new")
        if not renumbered and not text_changed:
            return None
        where = f"{a.ref_label} of {of}"
        if renumbered and not text_changed:
            return AmendingSection(label, "renumbered",
                                   f"{where} is renumbered as {b.ref_label}.", old=a, new=b)
        kind = "renumbered" if renumbered else "amended"
        done = f"is renumbered as {b.ref_label} and amended" if renumbered else "is amended"
        if self.form == "instructions":
            instructions = _instructions(a, b, lines)
            if instructions is not None:
                return AmendingSection(label, kind, f"{where} {done} as follows:",
                                       instructions=tuple(instructions), old=a, new=b,
                                       reworded=reworded)
        return AmendingSection(label, kind, f"{where} {done} to read as follows:",
                               set_out=tuple(lines), old=a, new=b, reworded=reworded)


def _texts(lines: Sequence[SetOutLine]) -> list[str]:
    return [line.text() for line in lines]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _runs(old: str, new: str) -> tuple[Run, ...]:
    """Word-level runs turning ``old`` into ``new`` (the redline's diff and folding)."""
    if old == new:
        return (Run(EQUAL, new),) if new else ()
    if not old:
        return (Run(INSERT, new),)
    if not new:
        return (Run(DELETE, old),)
    out: list[Run] = []
    for chunk in diff_inlines((Text(old),), (Text(new),)):
        text = chunk.text
        if out and out[-1].op == chunk.op:
            out[-1] = Run(chunk.op, out[-1].text + text)
        elif text:
            out.append(Run(chunk.op, text))
    return tuple(out)


def _label_runs(old: str, new: str) -> tuple[Run, ...]:
    if old == new:
        return (Run(EQUAL, new),) if new else ()
    return tuple(r for r in (Run(DELETE, old), Run(INSERT, new)) if r.text)


def _node_label(node: object) -> str:
    if isinstance(node, Section):
        return node.label
    if isinstance(node, Subsection):
        return node.marker
    return ""


def _set_out(a: Section, b: Section) -> tuple[list[SetOutLine], bool]:
    """Section ``b`` in full with its changes from ``a`` marked, and whether its words
    changed beyond numbers (the redline compares references by their targets)."""
    out = [SetOutLine("heading", -1, _label_runs(a.label, b.label),
                      _runs(a.heading.strip(), b.heading.strip()))]
    reworded = a.heading.strip() != b.heading.strip()
    for ua, ub in align(section_units(a), section_units(b), lambda u: u.key, unit_score):
        unit = ub if ub is not None else ua
        assert unit is not None
        reworded = reworded or ua is None or ub is None or ua.keys != ub.keys
        old_text = "".join(inline_text(i) for i in ua.inlines) if ua is not None else ""
        new_text = "".join(inline_text(i) for i in ub.inlines) if ub is not None else ""
        level = unit.node.level if isinstance(unit.node, Subsection) else -1
        out.append(SetOutLine(unit.role, level,
                              _label_runs(_node_label(ua.node if ua else None),
                                          _node_label(ub.node if ub else None)),
                              _runs(old_text, new_text)))
    return out, reworded


def _plain(section: Section) -> list[SetOutLine]:
    """Section ``section`` set out with nothing marked."""
    def line(role: str, level: int, label: str, text: str) -> SetOutLine:
        return SetOutLine(role, level, _label_runs(label, label), _runs(text, text))

    out = [line("heading", -1, section.label, section.heading.strip())]

    def sub(s: Subsection) -> None:
        out.append(line("subsection", s.level, s.marker, s.content.plain))
        for child in s.children:
            sub(child)

    for block in section.blocks:
        if isinstance(block, Subsection):
            sub(block)
        else:
            out.append(line("paragraph", -1, "", block.plain))
    return out


# ---------------------------------------------------------------------------
# Instruction form

_SPACE = re.compile(r"\s")


def _instructions(a: Section, b: Section, lines: Sequence[SetOutLine]
                  ) -> list[Instruction] | None:
    """The word changes from ``a`` to ``b``, or None when they need the section set out."""
    out: list[Instruction] = []
    head_old, head_new = _side(lines[0].runs, "old"), _side(lines[0].runs, "new")
    if head_old != head_new:
        out.append(Instruction(a.ref_label, heading=head_new))
    flush_old: list[str] = []
    flush_new: list[str] = []
    for line in lines[1:]:
        old_label, new_label = _side(line.label, "old"), _side(line.label, "new")
        old_text, new_text = _side(line.runs, "old"), _side(line.runs, "new")
        if old_label != new_label or not old_text or not new_text:
            return None  # a paragraph added, removed or relettered
        if line.role == "paragraph":
            flush_old.append(old_text)
            flush_new.append(new_text)
            continue
        changes = _word_changes(old_text, new_text)
        if changes is None:
            return None
        target = a.ref_label + _path(line, lines)
        out.extend(dataclasses.replace(c, target=target) for c in changes)
    # the section's flush text: one text, the quotes unique across all of it
    changes = _word_changes("\n".join(flush_old), "\n".join(flush_new))
    if changes is None:
        return None
    flush = [dataclasses.replace(c, target=a.ref_label) for c in changes]
    return out[:1] + flush + out[1:] if head_old != head_new else flush + out


def _path(line: SetOutLine, lines: Sequence[SetOutLine]) -> str:
    """The subsection's markers from the section down: "(b)(2)"."""
    index = lines.index(line)
    path = [_side(line.label, "old")]
    level = line.level
    for prev in reversed(lines[:index]):
        if prev.role == "subsection" and prev.level < level:
            path.insert(0, _side(prev.label, "old"))
            level = prev.level
            if level == 0:
                break
    return "".join(path)


def _word_changes(old: str, new: str) -> list[Instruction] | None:
    """Instructions (no target yet) that turn ``old`` into ``new``, applied in order."""
    if old == new:
        return []
    regions: list[tuple[int, int, int, int]] = []  # old a:b -> new c:d
    i = j = 0
    for chunk in diff_inlines((Text(old),), (Text(new),)):
        size = len(chunk.text)
        if chunk.op == EQUAL:
            i, j = i + size, j + size
            continue
        a, c = i, j
        if chunk.op == DELETE:
            i += size
        else:
            j += size
        if regions and regions[-1][1] == a and regions[-1][3] == c:
            regions[-1] = (regions[-1][0], i, regions[-1][2], j)
        else:
            regions.append((a, i, c, j))
    out: list[Instruction] = []
    for a, b, c, d in regions:
        work = new[:c] + old[a:]
        after = new[:d] + old[b:]
        made = _phrase(work, after, c, c + (b - a), (d - c) - (b - a))
        if made is None:
            return None
        out.append(made)
    return out


def _phrase(work: str, after: str, start: int, end: int, delta: int) -> Instruction | None:
    """The instruction that turns ``work`` into ``after`` by changing ``work[start:end]``."""
    s, e = start, end
    while s > 0 and not _SPACE.match(work[s - 1]):
        s -= 1
    while e < len(work) and not _SPACE.match(work[e]):
        e += 1
    for _ in range(len(work) + 2):
        strike, insert = work[s:e], after[s:e + delta]
        trimmed = _trim(work, after, s, e, delta)
        if trimmed is not None:
            s, e = trimmed
            strike, insert = work[s:e], after[s:e + delta]
        if strike and not strike[0].isspace() and not strike[-1].isspace() \
                and _count(work, strike) == 1 and "\n" not in strike and "\"" not in strike \
                and "\"" not in insert:
            made = _forms(work, after, strike, insert)
            if made is not None:
                return made
        if s == 0 and e == len(work):
            return None
        # one more word of context on each side
        if s > 0:
            s -= 1
            while s > 0 and _SPACE.match(work[s]):
                s -= 1
            while s > 0 and not _SPACE.match(work[s - 1]):
                s -= 1
        if e < len(work):
            e += 1
            while e < len(work) and _SPACE.match(work[e - 1]):
                e += 1
            while e < len(work) and not _SPACE.match(work[e]):
                e += 1
    return None


def _trim(work: str, after: str, s: int, e: int, delta: int) -> tuple[int, int] | None:
    """Drop blanks at the edges of the quoted words that both texts share."""
    changed = False
    while s < e and work[s].isspace() and after[s:s + 1] == work[s] and s < e + delta:
        s, changed = s + 1, True
    while e > s and work[e - 1].isspace() and e + delta > s and \
            after[e + delta - 1:e + delta] == work[e - 1]:
        e, changed = e - 1, True
    return (s, e) if changed else None


def _forms(work: str, after: str, strike: str, insert: str) -> Instruction | None:
    """The plainest sentence that does it: inserting after/before, striking, or both."""
    candidates: list[Instruction] = []
    # a comma or stop both end with stays out of the quotes ("2.95.120," -> "2.95.120")
    trail = 0
    while trail < min(len(strike), len(insert)) - 1 and strike[-1 - trail] in ",;:." \
            and strike[-1 - trail] == insert[-1 - trail]:
        trail += 1
    short_strike, short_insert = strike[:len(strike) - trail], insert[:len(insert) - trail]
    if trail and short_strike.strip() == short_strike and short_insert.strip() == short_insert:
        candidates.append(Instruction("", strike=short_strike, insert=short_insert))
    if insert.startswith(strike) and len(insert) > len(strike):
        rest = insert[len(strike):]
        words = rest[1:] if rest.startswith(" ") else rest
        if words and not words[0].isspace():
            candidates.append(Instruction("", insert=words, after=strike))
    if insert.endswith(" " + strike) and len(insert) > len(strike) + 1:
        candidates.append(Instruction("", insert=insert[:-len(strike) - 1], before=strike))
    if not insert:
        candidates.append(Instruction("", strike=strike))
    if insert and not insert[0].isspace() and not insert[-1].isspace():
        candidates.append(Instruction("", strike=strike, insert=insert))
    for candidate in candidates:
        try:
            if apply_instruction(work, candidate) == after:
                return candidate
        except ValueError:
            continue
    return None

