"""The checks panel: lint diagnostics (code, message, fix hint), each one a link to its
question or clause."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.lint import Diagnostic

ICONS = {"error": ("✖", "bold red"), "warning": ("▲", "yellow"), "note": ("•", "dim")}


class ChecksList(OptionList):
    """Diagnostics; choosing one posts ``ChecksList.Follow``."""

    class Follow(Message):
        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.diagnostics: list[Diagnostic] = []
        self._shown = False

    def show(self, diagnostics: list[Diagnostic]) -> None:
        """Replace the list (kept as is when nothing changed, so the cursor stays)."""
        if self._shown and diagnostics == self.diagnostics:
            return
        self._shown = True
        self.diagnostics = list(diagnostics)
        self.clear_options()
        if not diagnostics:
            self.add_option(Option(Text("No problems found.", style="green"), disabled=True))
            return
        for d in diagnostics:
            icon, style = ICONS.get(d.severity, ("•", ""))
            line = Text(f"{icon} ", style=style)
            line.append(f"{d.code} ", style="bold")
            line.append(d.message)
            if d.hint:
                line.append(f"\n  fix: {d.hint}", style="dim")
            where = d.question or d.clause
            if where:
                line.append(f"\n  → {'question' if d.question else 'clause'} {where}",
                            style="dim italic")
            self.add_option(Option(line))
        self.highlighted = 0  # Enter follows the first one straight away

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.diagnostics):
            self.post_message(self.Follow(self.diagnostics[event.option_index]))
