"""Choice widgets whose state reads without colour.

Textual draws a selected and an unselected toggle with the same character and
tells them apart by colour alone, which a monochrome terminal, a screen reader
or a colour-blind drafter cannot see. These subclasses print the mark only when
the option is chosen.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList


class MarkedRadioButton(RadioButton):
    """A radio button showing "●" when pressed and a blank when not."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        # Runs on every change of ``value``, the one in the constructor included.
        self.BUTTON_INNER = "\u25cf" if self.value else " "
        super().watch_value()


class MarkedSelectionList(SelectionList[str]):
    """A selection list showing "X" on chosen options and a blank on the others."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2:
            return strip
        inner = segments[1]
        meta = inner.style.meta if inner.style is not None else {}
        index = meta.get("option") if meta else None
        if index is None or inner.text not in ("X", " "):
            return strip
        chosen = self.get_option_at_index(index).value in self.selected
        segments[1] = Segment("X" if chosen else " ", inner.style, inner.control)
        return Strip(segments, strip.cell_length)
