"""The live preview: one Static per section, keyed by clause id.

``show(ordinance)`` compares the new ordinance with the one on screen and
touches only what changed: changed sections are updated in place, new ones are
mounted where they belong, dropped ones removed. Changed sections are
highlighted briefly and the first of them is scrolled into view. The first fill
mounts a screenful of sections at once and the rest once that is drawn.

``OptionEffectView`` sits above it: while the cursor rests on an option not yet
chosen, what choosing it would change (``core.whatif``), the changed words marked
as in a redline.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Group
from rich.padding import Padding
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

from ...core.document import Ordinance, Section
from ...core.redline import DELETE, EQUAL, INSERT, Chunk, Line
from ...core.whatif import OptionEffect
from ..render import (
    back_renderable,
    front_key,
    front_renderable,
    plain_text,
    section_key,
    section_renderable,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

HIGHLIGHT_SECONDS = 1.5
# Sections mounted with the first fill; the rest follow once they are drawn. The front
# matter and these fill a tall terminal's first screen (bench/RESULTS.md, "## App").
FIRST_SECTIONS = 6


class SectionView(Static):
    """One section of the ordinance."""

    def __init__(self, section: Section, key: str) -> None:
        super().__init__(section_renderable(section), classes="section")
        self.key_id = key
        self.clause_id = section.clause_id
        self.shown = section_key(section)
        self.section = section
        self._height: tuple[object, int] = (None, 0)  # ((width, shown), height)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The text's height at ``width``, measured once per text and width.

        Textual clears its own cache on every repaint, and a first layout repaints each
        section after measuring it: the preview of a 36-section draft was measured twice
        before it was first drawn (bench/RESULTS.md, "Opening a draft in the app").
        """
        key = (width, self.shown)
        if self._height[0] != key:
            self._height = (key, super().get_content_height(container, viewport, width))
        return self._height[1]

    def show(self, section: Section) -> bool:
        """Show ``section``; return True if its text changed."""
        key = section_key(section)
        if key == self.shown:
            return False
        self.shown = key
        self.section = section
        renderable = section_renderable(section)
        # A full layout of the preview costs tens of milliseconds; skip it when the
        # section keeps its height (the common case: a number or a word changed).
        width = self.content_region.width
        same_height = width > 0 and self._lines(renderable, width) == self.content_region.height
        self.update(renderable, layout=not same_height)
        return True

    def _lines(self, renderable: RenderableType, width: int) -> int:
        console = self.app.console
        options = console.options.update_width(width)
        return len(console.render_lines(renderable, options, pad=False))


def unique_keys(ordinance: Ordinance) -> list[tuple[str, Section]]:
    """Every section with a unique key: its clause id (plus ``#n`` for a repeat)."""
    seen: dict[str, int] = {}
    out = []
    for section in ordinance.all_sections():
        n = seen.get(section.clause_id, 0)
        seen[section.clause_id] = n + 1
        out.append((section.clause_id if n == 0 else f"{section.clause_id}#{n}", section))
    return out


class Preview(VerticalScroll):
    """The whole ordinance, updated section by section."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.views: dict[str, SectionView] = {}
        self.front: Static | None = None
        self.back: Static | None = None
        self._front_key: tuple[object, ...] | None = None
        self._back_key: tuple[str, ...] | None = None
        self.updated_at = 0.0  # perf_counter when the last update was laid out
        self.last_changed: list[str] = []
        self._ordinance: Ordinance | None = None
        self.pending: list[SectionView] = []  # the first fill's sections still to mount

    def compose(self) -> ComposeResult:
        self.front = Static("Assembling…", classes="front")
        self.back = Static("", classes="back")
        yield self.front
        yield self.back

    def show(self, ordinance: Ordinance, *, highlight: bool = True) -> list[str]:
        """Bring the preview up to date; return the clause ids whose text changed."""
        assert self.front is not None and self.back is not None
        self.mount_pending()
        changed: list[str] = []
        fkey = front_key(ordinance)
        if fkey != self._front_key:
            if self._front_key is not None:
                changed.append("")
            self._front_key = fkey
            self.front.update(front_renderable(ordinance))
        sections = unique_keys(ordinance)
        wanted = {key for key, _ in sections}
        for cid in [c for c in self.views if c not in wanted]:
            self.views.pop(cid).remove()
        previous: SectionView | Static = self.front
        fresh = not self.views
        batch: list[SectionView] = []  # first fill: one mount (one layout) for all
        for key, section in sections:
            view = self.views.get(key)
            if view is None:
                view = SectionView(section, key)
                self.views[key] = view
                if fresh:
                    batch.append(view)
                else:
                    self.mount(view, after=previous)
                    changed.append(key)
            elif view.show(section):
                changed.append(key)
            previous = view
        if batch:
            self.mount_all(batch[:FIRST_SECTIONS], after=self.front)
            self.pending = batch[FIRST_SECTIONS:]
            if self.pending:
                self.call_after_refresh(self.mount_pending)
        if ordinance.signature != self._back_key:
            self._back_key = ordinance.signature
            self.back.update(back_renderable(ordinance))
        self.last_changed = changed
        self._ordinance = ordinance
        if highlight and changed:
            self._highlight(changed)
        self.call_after_refresh(self._laid_out)
        return changed

    def _laid_out(self) -> None:
        self.updated_at = time.perf_counter()

    def mount_pending(self) -> None:
        """Mount the first fill's sections not mounted yet (one mount, one layout)."""
        pending, self.pending = self.pending, []
        if pending:
            self.mount_all(pending, before=self.back)

    def _highlight(self, changed: list[str]) -> None:
        widgets: list[Static] = []
        for c in changed:  # "" is the front matter
            widget = self.views.get(c) if c else self.front
            if widget is not None:
                widgets.append(widget)
        for widget in widgets:
            widget.add_class("changed")
        self.set_timer(HIGHLIGHT_SECONDS, lambda: [w.remove_class("changed") for w in widgets])
        first = widgets[0]
        self.call_after_refresh(self.scroll_to_widget, first, animate=False, top=True)

    def text_of(self, key: str) -> str:
        """The plain text shown for a section ('' for the front matter)."""
        if not key:
            return plain_text(front_renderable(self._ordinance)) if self._ordinance else ""
        return plain_text(section_renderable(self.views[key].section))

    def reveal(self, clause_id: str) -> bool:
        """Scroll to a clause's section and flash it; False if it is not in the draft."""
        view = self.views.get(clause_id)
        if view is None:
            return False
        self.mount_pending()
        self._highlight([clause_id])
        return True


# ---------------------------------------------------------------------------
# What choosing a highlighted option would change

CONTEXT_WORDS = 5  # unchanged words shown either side of a change
MAX_EXCERPTS = 3  # changed paragraphs quoted per section
MAX_MARKED_WORDS = 16  # words quoted of one added or removed run
MAX_QUESTIONS = 4  # questions named before "and n more"


def _excerpt(line: Line) -> RichText:
    """A changed paragraph, cut to its changes and a few words around each.

    Removed words read ``[-like this-]`` (struck through), added ones ``{+like this+}``
    (underlined): the marks read without colour, and in a copy of the screen.
    """
    out = RichText()
    chunks = _renumbered(line.chunks)
    for i, chunk in enumerate(chunks):
        text = " ".join(chunk.text.split()) if chunk.op != EQUAL else chunk.text
        if chunk.op != EQUAL:
            words = text.split()
            if len(words) > MAX_MARKED_WORDS:  # a whole new paragraph: its start will do
                text = " ".join(words[:MAX_MARKED_WORDS]) + " …"
            before = " " if chunk.text[:1].isspace() and i else ""
            after = " " if chunk.text[-1:].isspace() and i < len(chunks) - 1 else ""
            mark = f"[-{text}-]" if chunk.op == DELETE else f"{{+{text}+}}"
            out.append(before)
            out.append(mark, style="strike red" if chunk.op == DELETE
                       else "underline bold green")
            out.append(after)
        else:
            words = text.split()
            first, last = i == 0, i == len(chunks) - 1
            lead = " " if text[:1].isspace() else ""
            tail = " " if text[-1:].isspace() else ""
            if len(words) > 2 * CONTEXT_WORDS and not (first or last):
                kept = " ".join(words[:CONTEXT_WORDS]) + " … " + " ".join(
                    words[-CONTEXT_WORDS:])
            elif len(words) > CONTEXT_WORDS and first:
                kept = "… " + " ".join(words[-CONTEXT_WORDS:])
            elif len(words) > CONTEXT_WORDS and last:
                kept = " ".join(words[:CONTEXT_WORDS]) + " …"
            else:
                kept = " ".join(words)
            out.append(f"{'' if first else lead}{kept}{'' if last else tail}", style="dim")
    return out


def _renumbered(chunks: tuple[Chunk, ...]) -> list[Chunk]:
    """A deletion and an insertion that print the same words (a reference that now
    points elsewhere under the same number) shown as unchanged."""
    out: list[Chunk] = []
    for chunk in chunks:
        last = out[-1] if out else None
        if last is not None and last.op == DELETE and chunk.op == INSERT and \
                " ".join(last.text.split()) == " ".join(chunk.text.split()):
            out[-1] = Chunk(EQUAL, chunk.inlines, last.inlines)
        else:
            out.append(chunk)
    return out


_FRONT_ROLES = {"caption": "the caption", "sponsors": "the sponsors", "title": "the short title",
                "long_title": "the long title", "recitals_intro": "the recitals",
                "recital": "a recital", "recitals_outro": "the recitals",
                "enacting": "the enacting clause"}


def effect_renderable(effect: OptionEffect, label: str, prompts: dict[str, str], *,
                      verb: str = "choose") -> RenderableType:
    """The "what changes" box: sections added, removed and changed, and questions opened.

    ``verb`` is what the key does: choose, tick, untick, or add (a coverage suggestion).
    """
    head = RichText()
    head.append(f"If you {verb} “{label}”", style="bold")
    if effect.same:
        head.append(": this is the answer now.", style="bold")
        return head
    head.append(" (Enter):" if verb == "add" else " (Space or Enter):", style="bold")
    out: list[RenderableType] = [head]
    if effect.error:
        out.append(RichText(f"! the draft would not assemble: {effect.error}", style="red"))
        return Group(*out)
    if effect.nothing:
        out.append(RichText("  nothing in the law's text or the questions changes."))
        return Group(*out)
    for change in effect.sections:
        name = f"{change.label} {change.heading}".strip()
        if change.change == "added":
            out.append(RichText(f"+ adds {name}", style="green"))
        elif change.change == "removed":
            out.append(RichText(f"- removes {name}", style="red"))
        else:
            lines = [li for li in change.lines
                     if any(c.op != EQUAL for c in _renumbered(li.chunks))]
            if not lines:
                continue  # only a reference that points elsewhere under the same number
            out.append(RichText(f"~ changes {name}"))
            for line in lines[:MAX_EXCERPTS]:
                out.append(Padding(_excerpt(line), (0, 0, 0, 4)))
            if len(lines) > MAX_EXCERPTS:
                out.append(Padding(RichText(f"… {len(lines) - MAX_EXCERPTS} more "
                                            "changed paragraphs", style="dim"), (0, 0, 0, 4)))
    seen: set[str] = set()
    for line in effect.front:
        where = _FRONT_ROLES.get(line.role, line.role)
        if where in seen and len(effect.front) > MAX_EXCERPTS:
            continue
        seen.add(where)
        out.append(RichText(f"~ changes {where}"))
        out.append(Padding(_excerpt(line), (0, 0, 0, 4)))
    for ids, what in ((effect.opens, "asks"), (effect.closes, "stops asking")):
        if ids:
            names = [f"“{prompts.get(q, q)}”" for q in ids[:MAX_QUESTIONS]]
            more = f" and {len(ids) - MAX_QUESTIONS} more" if len(ids) > MAX_QUESTIONS else ""
            noun = "question" if len(ids) == 1 else "questions"
            out.append(RichText(f"? {what} {len(ids)} {noun}: " + "; ".join(names) + more))
    return Group(*out)


class OptionEffectView(Static):
    """Above the preview: what choosing the highlighted option would change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.display = False
        self.effect: OptionEffect | None = None
        self.shown: RenderableType = ""
        self.updated_at = 0.0  # perf_counter when the last effect was shown

    def show_effect(self, effect: OptionEffect, label: str, prompts: dict[str, str], *,
                    verb: str = "choose") -> None:
        """Show the ``effect`` of doing ``verb`` (choose, tick, untick, add) to ``label``."""
        self.effect = effect
        self.shown = effect_renderable(effect, label, prompts, verb=verb)
        self.update(self.shown)
        self.display = True
        self.scroll_home(animate=False)
        self.updated_at = time.perf_counter()

    def clear(self) -> None:
        self.effect = None
        self.display = False

    def text(self) -> str:
        """What the box shows, as plain text (tests, the benchmark)."""
        return plain_text(self.shown, width=max(self.content_region.width, 20)) \
            if self.display else ""
