"""The live preview: one Static per section, keyed by clause id.

``show(ordinance)`` compares the new ordinance with the one on screen and
touches only what changed: changed sections are updated in place, new ones are
mounted where they belong, dropped ones removed. Changed sections are
highlighted briefly and the first of them is scrolled into view.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

from ...core.document import Ordinance, Section
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

    def compose(self) -> ComposeResult:
        self.front = Static("Assembling…", classes="front")
        self.back = Static("", classes="back")
        yield self.front
        yield self.back

    def show(self, ordinance: Ordinance, *, highlight: bool = True) -> list[str]:
        """Bring the preview up to date; return the clause ids whose text changed."""
        assert self.front is not None and self.back is not None
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
            self.mount_all(batch, after=self.front)
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
        self._highlight([clause_id])
        return True
