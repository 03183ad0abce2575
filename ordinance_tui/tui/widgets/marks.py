"""Choice widgets whose state reads without colour.

Textual draws a selected and an unselected toggle with the same character and
tells them apart by colour alone, which a monochrome terminal, a screen reader
or a colour-blind drafter cannot see. These subclasses print the mark only when
the option is chosen, and a switch (on or off by its knob's colour and place) has
its state written beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Checkbox, Label, OptionList, RadioButton, SelectionList, Switch
from textual.widgets._toggle_button import ToggleButton

if TYPE_CHECKING:
    from textual.css.styles import RulesMap  # noqa: F401


class MarkedRadioButton(RadioButton):
    """A radio button showing "●" when pressed and a blank when not; a long label wraps
    where the styles say ``text-wrap: wrap`` (the app's question fields do)."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        # Runs on every change of ``value``, the one in the constructor included.
        self.BUTTON_INNER = "\u25cf" if self.value else " "
        super().watch_value()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the label needs where the styles let it wrap (Textual: one)."""
        if self.styles.text_wrap != "wrap":
            return super().get_content_height(container, viewport, width)
        return max(1, self.render().get_height(cast("RulesMap", self.styles), width))


class MarkedCheckbox(Checkbox):
    """A checkbox showing "X" when ticked and a blank when not."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()


class MarkedSelectionList(SelectionList[str]):
    """A selection list showing "X" on chosen options and a blank on the others.

    Long labels wrap (``text-wrap: wrap`` in the app's styles): Textual's own
    ``SelectionList.render_line`` takes every line for an option of its own (it
    draws a box on each line of a wrapped label, for the wrong option), so this one
    draws the box on an option's first line only and indents the lines after it.
    """

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual measures the labels at the full width, but they wrap beside the box.
        return super().get_content_height(container, viewport,
                                          width - self._get_left_gutter_width())

    def render_line(self, y: int) -> Strip:
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return super().render_line(y)
        line = OptionList.render_line(self, y)
        underlying = next(iter(line)).style or self.rich_style
        gutter = self._get_left_gutter_width()
        if offset:
            return Strip([Segment(" " * gutter, underlying), *line], gutter + line.cell_length)
        option = self.get_option_at_index(index)
        chosen = option.value in self.selected
        component = "selection-list--button" + ("-selected" if chosen else "") + (
            "-highlighted" if self.highlighted == index else "")
        button = self.get_component_rich_style(component) + Style(meta={"option": index})
        side = Style.from_color(button.bgcolor, underlying.bgcolor) + Style(
            meta={"option": index})
        return Strip([Segment(ToggleButton.BUTTON_LEFT, side),
                      Segment("X" if chosen else " ", button),
                      Segment(ToggleButton.BUTTON_RIGHT, side),
                      Segment(" ", underlying), *line], gutter + line.cell_length)


class WordedSwitch(Horizontal):
    """A ``Switch`` with its state in words beside it ("Yes" or "No" unless ``words``
    says otherwise), kept up to date as it toggles.

    The switch inside has the id given; its ``Switch.Changed`` still bubbles up.
    """

    DEFAULT_CSS = """
    WordedSwitch { height: auto; }
    WordedSwitch > .switch-label { width: auto; margin: 1 1; }
    """

    def __init__(self, value: bool, *, id: str, words: tuple[str, str] = ("No", "Yes")
                 ) -> None:
        super().__init__(classes="switch-row")
        self._initial = value
        self._switch_id = id
        self.words = words

    def compose(self) -> ComposeResult:
        yield Switch(self._initial, id=self._switch_id)
        yield Label(self.words[self._initial], classes="switch-label")

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.query_one(".switch-label", Label).update(self.words[event.value])

    def on_descendant_focus(self) -> None:
        # The word says which switch has the focus, too (the app styles ``-focused``).
        self.query_one(".switch-label", Label).add_class("-focused")

    def on_descendant_blur(self) -> None:
        self.query_one(".switch-label", Label).remove_class("-focused")
