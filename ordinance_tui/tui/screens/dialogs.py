"""Small modal dialogs: choose where a new draft goes, confirm an overwrite."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class NewDraftDialog(ModalScreen[Path | None]):
    """Ask where to save a new draft; dismiss with the path, or None to cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, seed_name: str, suggested: Path) -> None:
        super().__init__()
        self.seed_name = seed_name
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]New draft from “{escape(self.seed_name)}”[/b]")
            yield Static("Where should the draft be saved? It is saved after every change.")
            yield Input(str(self.suggested), id="new-path")
            yield Static("", classes="error", id="new-error")
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        text = self.query_one("#new-path", Input).value.strip()
        if not text:
            self.query_one("#new-error", Static).update("Type a file name.")
            return
        path = Path(text).expanduser()
        if path.suffix not in (".yaml", ".yml"):
            path = path.with_name(path.name + ".yaml")
        if path.exists():
            self.query_one("#new-error", Static).update(
                f"{escape(str(path))} already exists; choose another name, or open it "
                "from the welcome screen.")
            return
        if not path.parent.is_dir():
            self.query_one("#new-error", Static).update(
                f"The folder {escape(str(path.parent))} does not exist.")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; dismisses with True for yes."""

    BINDINGS = [
        Binding("escape", "no", "No"),
        # The buttons sit side by side: the arrow keys move between them too.
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


def unique_path(folder: Path, stem: str, suffix: str = ".yaml") -> Path:
    """``folder/stem.yaml``, or ``stem-2.yaml`` and so on if that exists."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


class KeysDialog(ModalScreen[None]):
    """Every key of the screen it was opened from, with what it does (the footer's "more")."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("f1", "close", "Close",
                                                              show=False)]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=0)
        lines = [f"[b]{escape(key.ljust(width))}[/b]  {escape(text)}" for key, text in self.keys]
        with Vertical(classes="dialog", id="keys-dialog"):
            yield Label("[b]Keys[/b]")
            yield Static("\n".join(lines), id="keys-list")
            yield Static("Escape closes this list.",
                         classes="help")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
