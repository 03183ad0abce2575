"""The first screen of ``ordinance DRAFT.yaml`` while the clause library loads.

It says what happens next and nothing else: the draft's interview replaces it as soon
as the library is there, and the welcome screen is built only if the draft cannot be
opened (or the library cannot be loaded) or when the drafter goes to it later. Two
Statics keep the first frame as cheap as a minimal app's.
"""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

TITLE = "Ordinance drafting assistant"
LOADING = "Loading the clause library…"


class OpeningScreen(Screen[None]):
    """“Loading the clause library… then DRAFT opens.”"""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{TITLE}[/b]\n{LOADING} then {escape(self.path.name)} opens.",
                     id="intro")
        yield Static("[b]Ctrl+Q[/b] quit", id="hint")
