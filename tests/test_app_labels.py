"""Option labels read in full (they wrap), and chosen state is a mark, not a colour alone."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import RadioSet
from textual.widgets.selection_list import Selection

from ordinance_tui.tui.widgets.marks import (
    MarkedCheckbox,
    MarkedRadioButton,
    MarkedSelectionList,
)

pytestmark = pytest.mark.asyncio

LONG = "Court-ordered search for missing or exploited children"
CSS = """
MarkedSelectionList { width: 34; height: auto; text-wrap: wrap; text-overflow: fold;
                      scrollbar-gutter: stable; }
RadioSet { width: 24; }
MarkedRadioButton { width: 100%; height: auto; text-wrap: wrap; text-overflow: fold; }
"""


class Labels(App[None]):
    CSS = CSS

    def compose(self) -> ComposeResult:
        yield MarkedSelectionList(Selection(LONG, "a", True), Selection("Device unlocking", "b"))
        with RadioSet():
            yield MarkedRadioButton(LONG, value=True)
            yield MarkedRadioButton("Ban")
        yield MarkedCheckbox("Annotated", value=False, id="off")
        yield MarkedCheckbox("Marked", value=True, id="on")


def _text(widget: Any) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_long_labels_wrap_and_marks_show_only_when_chosen() -> None:
    app = Labels()
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        options = app.query_one(MarkedSelectionList)
        lines = [line.rstrip() for line in _text(options) if line.strip()]
        words = " ".join(" ".join(line.split()) for line in lines)
        for word in LONG.split():
            assert word in words  # nothing cut off
        assert len(lines) >= 4  # the long label took several lines
        assert lines[0].lstrip().startswith("\u2590X\u258c Court-ordered")
        assert all("X" not in line for line in lines[1:-1])  # its other lines: no box
        assert lines[-1].lstrip().startswith("\u2590 \u258c Device unlocking")
        long_button = app.query(MarkedRadioButton).first()
        assert long_button.size.height > 1  # wraps instead of "Court-ordered sea…"
        assert "\u25cf" in long_button.render_line(0).text
        assert "exploited" in " ".join(long_button.render_line(y).text
                                       for y in range(long_button.size.height))
        off, on = app.query_one("#off", MarkedCheckbox), app.query_one("#on", MarkedCheckbox)
        assert "X" not in off.render_line(0).text.replace("Annotated", "")
        assert "\u2590X\u258c" in on.render_line(0).text
        off.toggle()
        await pilot.pause()
        assert "\u2590X\u258c" in off.render_line(0).text
