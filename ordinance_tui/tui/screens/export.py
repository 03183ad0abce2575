"""The export dialog: format, clean or annotated, path; asks before overwriting."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...core.assemble import assemble
from ...core.draft import Draft
from ...core.fileio import atomic_write
from ...core.library import Library
from ...core.problems import InputError
from ...export import FORMATS, render
from ..widgets.marks import MarkedCheckbox
from .dialogs import ConfirmDialog


class ExportDialog(ModalScreen[Path | None]):
    """Export the current draft; dismisses with the written path (None if cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Close")]
    HEADING = "Export the ordinance"
    BUTTON = "Export"

    def __init__(self, library: Library, draft: Draft, base: Path, formats: list[str],
                 today: dt.date | None = None) -> None:
        super().__init__()
        self.library = library
        self.draft = draft
        self.base = base
        self.formats = formats
        self.today = today
        self.written: Path | None = None

    # -- what is exported (a subclass changes these; see RedlineDialog) ------------------
    def choices(self) -> list[tuple[str, str]]:
        """(label, value) for the format list."""
        return [(FORMATS[f].label, f) for f in self.formats]

    def suffix(self, value: str) -> str:
        """The file suffix (without the dot) for a format value."""
        return FORMATS[value].suffix.lstrip(".")

    def compose_options(self) -> ComposeResult:
        yield MarkedCheckbox("Annotated: add commentary and sources after each section",
                       id="annotated")

    def options(self) -> dict[str, Any]:
        """The dialog's settings, read on the event loop before the worker starts."""
        return {"annotated": self.query_one("#annotated", Checkbox).value}

    def produce(self, value: str, options: dict[str, Any]) -> tuple[bytes, str]:
        """The file's bytes and a note for the report (runs in a worker thread)."""
        ordinance = assemble(self.library, self.draft, today=self.today)
        return render(ordinance, value, annotated=options["annotated"]), ""

    def save(self, path: Path, value: str, options: dict[str, Any]) -> str:
        """Produce and write the export atomically (in a worker thread); the report's note."""
        data, note = self.produce(value, options)
        atomic_write(path, data)
        return note

    def path_for(self, path: Path, value: str) -> Path:
        """``path`` with the suffix of format ``value`` (none for a folder)."""
        suffix = self.suffix(value)
        return path.with_suffix(f".{suffix}") if suffix else path

    # -- the dialog ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        choices = self.choices()
        values = [v for _, v in choices]
        first = "docx" if "docx" in values else (values or ["md"])[0]
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(f"[b]{escape(self.HEADING)}[/b]")
            yield Label("Format")
            yield Select(choices, value=first, allow_blank=False, id="format")
            yield from self.compose_options()
            yield Label("Save as")
            yield Input(str(self.path_for(self.base, first)), id="export-path")
            yield Static("", id="export-status")
            with Horizontal(classes="buttons"):
                yield Button(self.BUTTON, id="do-export", variant="primary")
                yield Button("Close", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#format", Select).focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        # the longest known suffix the name ends with ("x.akn.xml": "akn.xml"), if any
        suffixes = sorted({self.suffix(v) for _, v in self.choices()}, key=len, reverse=True)
        known = next((s for s in suffixes if path.name.lower().endswith(f".{s}")), None)
        if known is not None or not path.suffix:
            stem = path.name[:-len(known) - 1] if known else path.name
            suffix = self.suffix(str(event.value))
            path_input.value = str(path.with_name(f"{stem}.{suffix}" if suffix else stem))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#do-export")
    def _export(self) -> None:
        path = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        if not path.name:
            self._status("Type a file name.", error=True)
            return
        if not path.parent.is_dir():
            self._status(f"The folder {path.parent} does not exist.", error=True)
            return
        if path.exists():
            def answer(yes: bool | None) -> None:
                if yes:
                    self.write(path)
            self.app.push_screen(ConfirmDialog(
                f"{escape(str(path))} already exists. Replace it?", "Replace", "Keep it"),
                answer)
            return
        self.write(path)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(escape(text))
        status.set_class(error, "error")

    @work(exclusive=True, group="export")
    async def write(self, path: Path) -> None:
        """Assemble, render and write the file atomically, off the event loop."""
        fmt = str(self.query_one("#format", Select).value)
        options = self.options()
        self._status("Exporting…")

        def job() -> str:
            return self.save(path, fmt, options)

        try:
            note = await asyncio.to_thread(job)
        except InputError as exc:
            self._status("The draft does not assemble: " + "; ".join(
                p.message for p in exc.problems), error=True)
            return
        except OSError as exc:
            self._status(f"Could not write {path}: {exc.strerror or exc}", error=True)
            return
        except Exception as exc:  # an exporter bug must not take the app down
            self._status(f"Could not export: {exc}", error=True)
            return
        self.written = path.resolve()
        report = f"Saved to {self.written}" + (f" ({note})" if note else "")
        self._status(report)
        self.app.notify(escape(report), title="Exported")
        self.query_one("#cancel", Button).label = "Done"

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(self.written)


class HandoutDialog(ExportDialog):
    """The interview as a teaching handout (``ordinance handout``), this draft's answers
    marked or not."""

    HEADING = "Write the teaching handout"
    BUTTON = "Write"

    def choices(self) -> list[tuple[str, str]]:
        from ...export.handout import HANDOUT_FORMATS

        return [(f.label, f.name) for f in HANDOUT_FORMATS.values()]

    def suffix(self, value: str) -> str:
        from ...export.handout import HANDOUT_FORMATS

        return HANDOUT_FORMATS[value].suffix.lstrip(".")

    def compose_options(self) -> ComposeResult:
        yield MarkedCheckbox("Mark this draft's answers", value=True, id="marked")

    def options(self) -> dict[str, Any]:
        return {"marked": self.query_one("#marked", Checkbox).value}

    def produce(self, value: str, options: dict[str, Any]) -> tuple[bytes, str]:
        from ...core.handout import handout
        from ...export.handout import HANDOUT_FORMATS

        draft = self.draft if options["marked"] else None
        doc = handout(self.library, draft, self.base.stem.removesuffix("-handout"))
        return HANDOUT_FORMATS[value].render(doc), ""


class PacketDialog(ExportDialog):
    """The council packet (``ordinance packet``): a folder of the documents for the clerk."""

    HEADING = "Write the council packet (a folder)"
    BUTTON = "Write"

    def choices(self) -> list[tuple[str, str]]:
        return [("Word, accessible PDF, redline, summary, coverage, open items", "packet")]

    def suffix(self, value: str) -> str:
        return ""

    def compose_options(self) -> ComposeResult:
        yield Static("The folder is written all at once: a failure leaves no half packet. "
                     "The PDF needs LibreOffice.", classes="help")

    def options(self) -> dict[str, Any]:
        return {}

    def save(self, path: Path, value: str, options: dict[str, Any]) -> str:
        from ...export.packet import packet_files, write_packet

        files = packet_files(self.library, self.draft, today=self.today)
        write_packet(files, path, force=True)  # the dialog asked before replacing it
        return f"{len(files)} files"
