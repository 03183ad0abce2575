"""What choosing an option would change, before it is chosen.

Map: ``option_value`` is the answer an option would give (a single choice's value,
or a multiple choice's list with the option ticked or unticked); ``option_effect``
assembles the draft with that answer (through the session's ``RenderMemo``, so only
the templates that read the answer render again) and compares it with the
ordinance of the draft as it is: the sections added, removed and changed, with the
changed words as ``core.redline`` marks them, the front matter's changed lines
(title, long title, recitals), and the questions the answer would open or close.
``change_effect`` does the same for any two drafts (a coverage suggestion changes
several answers at once).

Sections are matched by clause id, as the redline matches them; a section whose
only difference is its number (another was added before it) is not changed.
Nothing here imports Textual; the app runs it on a worker thread.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .answers import validate_answer, visible_questions
from .assemble import assemble, build_context
from .document import Inline, Ordinance, Ref, Section, Text
from .draft import Draft
from .incremental import RenderMemo
from .library import Library, Question
from .qtypes import qtype
from .redline import DELETE, INSERT, Chunk, Line, compare_section, diff_inlines

__all__ = ["SectionChange", "OptionEffect", "change_effect", "front_changes", "option_effect",
           "option_value",
           "section_changes", "visible_after"]


@dataclass(frozen=True, slots=True)
class SectionChange:
    """One section the option adds, removes or changes (``lines``: its changed lines)."""

    change: str  # added | removed | changed
    clause_id: str
    label: str  # the printed number: the new text's, the old one's for a removed section
    heading: str
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True, slots=True)
class OptionEffect:
    """What giving ``value`` to question ``question_id`` would do to the draft."""

    question_id: str
    value: Any
    sections: tuple[SectionChange, ...] = ()
    front: tuple[Line, ...] = ()  # changed lines of the caption, titles and recitals
    opens: tuple[str, ...] = ()  # question ids asked only with the new answer
    closes: tuple[str, ...] = ()  # question ids no longer asked
    same: bool = False  # the value is the current answer
    error: str = ""  # the draft does not assemble with it

    @property
    def nothing(self) -> bool:
        """Whether the law's text and the questions asked stay exactly as they are."""
        return not (self.sections or self.front or self.opens or self.closes or self.error)

    def of(self, change: str) -> list[SectionChange]:
        return [s for s in self.sections if s.change == change]


def option_value(question: Question, current: Any, choice: str) -> Any:
    """The answer choosing ``choice`` gives: the choice itself, or the list with it toggled."""
    if not qtype(question).many:
        return choice
    chosen = list(current or [])
    toggled = [v for v in chosen if v != choice] if choice in chosen else [*chosen, choice]
    value, error = validate_answer(question, toggled)
    return toggled if error else value


def visible_after(library: Library, draft: Draft, memo: RenderMemo | None = None) -> set[str]:
    """The questions asked for ``draft`` (all of them if a condition fails)."""
    try:
        context, _ = build_context(library, draft, memo)
        return set(visible_questions(library, context, memo))
    except Exception:
        return set(library.questions)


def _keyed(ordinance: Ordinance) -> dict[str, Section]:
    seen: dict[str, int] = {}
    out: dict[str, Section] = {}
    for section in ordinance.all_sections():
        n = seen.get(section.clause_id, 0)
        seen[section.clause_id] = n + 1
        out[section.clause_id if n == 0 else f"{section.clause_id}#{n}"] = section
    return out


def _words(inlines: tuple[Inline, ...]) -> tuple[object, ...]:
    """A paragraph as the redline compares it: a cross-reference by its target, not number."""
    return tuple((i.target, i.resolved) if isinstance(i, Ref) else i for i in inlines)


def _wording(section: Section) -> tuple[object, ...]:
    return (section.heading.strip(), tuple(_words(p.inlines) for p in section.paragraphs()))


def front_changes(old: Ordinance, new: Ordinance) -> list[Line]:
    """The changed lines of the front matter: caption, sponsors, titles, recitals, enacting.

    Lines are matched by their role (recitals by clause id); only lines whose words
    differ are compared word by word.
    """
    def plain(o: Ordinance) -> list[tuple[tuple[str, object], tuple[Inline, ...]]]:
        items: list[tuple[tuple[str, object], tuple[Inline, ...]]] = [
            (("caption", i), (Text(line),)) for i, line in enumerate(o.caption)]
        if o.sponsors:
            items.append((("sponsors", 0), (Text("Introduced by: " + ", ".join(o.sponsors)),)))
        for role, text in (("title", o.short_title), ("long_title", o.long_title),
                           ("recitals_intro", o.recitals_intro)):
            if text:
                items.append(((role, 0), (Text(text),)))
        items += [(("recital", r.clause_id), r.content.inlines) for r in o.recitals]
        for role, text in (("recitals_outro", o.recitals_outro),
                           ("enacting", o.enacting_clause)):
            if text:
                items.append(((role, 0), (Text(text),)))
        return items

    before = dict(plain(old))
    after = plain(new)
    out: list[Line] = []
    for key, inlines in after:
        was = before.pop(key, None)
        if was is None:
            out.append(Line(key[0], "inserted", (Chunk(INSERT, inlines),)))
        elif _words(was) != _words(inlines):
            out.append(Line(key[0], "changed", diff_inlines(was, inlines)))
    out += [Line(key[0], "deleted", (Chunk(DELETE, inlines),)) for key, inlines in before.items()]
    return out


def section_changes(old: Ordinance, new: Ordinance) -> list[SectionChange]:
    """Sections added, removed and changed from ``old`` to ``new``, in reading order.

    Only sections whose heading or text differ are compared word by word (a section
    that was merely renumbered compares equal there and is left out).
    """
    before, after = _keyed(old), _keyed(new)
    out: list[SectionChange] = []
    for key, section in after.items():
        was = before.get(key)
        if was is None:
            out.append(SectionChange("added", section.clause_id, section.label,
                                     section.heading.strip()))
        elif _wording(was) != _wording(section):
            lines = tuple(li for li in compare_section(was, section) if li.change != "equal")
            if lines:
                out.append(SectionChange("changed", section.clause_id, section.label,
                                         section.heading.strip(), lines))
    removed = [SectionChange("removed", s.clause_id, s.label, s.heading.strip())
               for key, s in before.items() if key not in after]
    return out + removed


def option_effect(library: Library, draft: Draft, question_id: str, value: Any, *,
                  base: Ordinance | None = None, visible: Iterable[str] | None = None,
                  memo: RenderMemo | None = None,
                  today: _dt.date | None = None) -> OptionEffect:
    """What answering ``question_id`` with ``value`` would change in ``draft``'s law.

    ``base`` is ``draft`` assembled (with the same ``today``) and ``visible`` the
    questions it asks, when the caller has them; otherwise they are computed.
    """
    if draft.answers.get(question_id) == value:
        return OptionEffect(question_id, value, same=True)
    return change_effect(library, draft, draft.with_answer(question_id, value), base=base,
                         visible=visible, memo=memo, today=today, question_id=question_id,
                         value=value)


def change_effect(library: Library, draft: Draft, new_draft: Draft, *,
                  base: Ordinance | None = None, visible: Iterable[str] | None = None,
                  memo: RenderMemo | None = None, today: _dt.date | None = None,
                  question_id: str = "", value: Any = None) -> OptionEffect:
    """What turning ``draft`` into ``new_draft`` would change (a coverage suggestion's
    several answers, or one option's): as ``option_effect``."""
    if new_draft == draft:
        return OptionEffect(question_id, value, same=True)
    try:
        if base is None:
            base = assemble(library, draft, today=today, memo=memo)
        after = assemble(library, new_draft, today=today, memo=memo)
    except Exception as exc:  # a broken clause pack: say so, never crash the caller
        return OptionEffect(question_id, value, error=str(exc) or repr(exc))
    shown = set(visible) if visible is not None else visible_after(library, draft, memo)
    shown_after = visible_after(library, new_draft, memo)
    order = list(library.questions)
    return OptionEffect(
        question_id, value, tuple(section_changes(base, after)), tuple(front_changes(base, after)),
        opens=tuple(q for q in order if q in shown_after and q not in shown),
        closes=tuple(q for q in order if q in shown and q not in shown_after))
