"""Named versions of the draft, and a redline from a version to the current draft.

``VersionsDialog`` lists the draft's versions and saves a new one (through
``OrdinanceApp.save_version``: autosaved and undoable like any edit).
``RedlineDialog`` is the export dialog (same path field, overwrite question and
report) with the redline formats: Word tracked changes, Word with struck-out
and underlined text, or a web page. ``AmendDialog`` is the export dialog for the
amending ordinance from a version to the current draft (``core.amendment``): Word,
Markdown, a web page or Akoma Ntoso, its sections set out or as instructions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...core.draft import Draft
from ...core.library import Library
from .export import ExportDialog
from .session_view import SessionView

if TYPE_CHECKING:
    pass

AMEND_FORMS = [
    ("As the style says", ""),
    ("Each changed section set out in full, changes marked", "set-out"),
    ("Instructions (by striking … and inserting …)", "instructions"),
]
REDLINE_FORMATS = [
    ("Word, tracked changes to accept or reject (.docx)", "tracked"),
    ("Word, deletions struck out, additions underlined (.docx)", "formatted"),
    ("Web page (.html)", "html"),
]


def next_version_name(draft: Draft) -> str:
    """'as introduced' for the first version, then 'amendment 1', 'amendment 2' ..."""
    if draft.find_version("as introduced") is None:
        return "as introduced"
    n = 1
    while draft.find_version(f"amendment {n}") is not None:
        n += 1
    return f"amendment {n}"


class VersionsDialog(SessionView, ModalScreen[None]):
    """List the draft's versions, save a new one, or start a redline from one."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("ctrl+z", "app.undo", "Undo")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="versions-dialog"):
            yield Label("[b]Versions of this draft[/b]")
            yield Static("A version keeps the draft as it is now (e.g. as introduced), so "
                         "that later you can show what an amendment changed in a redline.",
                         classes="intro")
            yield OptionList(id="versions")
            yield Static("[dim]No versions yet.[/dim]", id="no-versions")
            yield Static("[dim]Redline… (or Enter on a version above): the current draft "
                         "with what changed since that version marked. Amending "
                         "ordinance…: the ordinance that makes that version into the "
                         "current draft.[/dim]",
                         id="versions-hint")
            yield Label("Name of a new version")
            yield Input(next_version_name(self.draft), id="version-name")
            yield Static("", classes="error", id="version-error")
            with Horizontal(classes="buttons"):
                yield Button("Save version", id="save-version", variant="primary")
                yield Button("Redline…", id="redline",
                             tooltip="The current draft with its changes since the "
                                     "highlighted version marked")
                yield Button("Amending ordinance…", id="amend",
                             tooltip="The ordinance that amends the highlighted version "
                                     "into the current draft")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.fill()
        # With versions, the list first (Enter there starts a redline, which changes
        # nothing); without, the name field, ready to save "as introduced".
        if self.draft.versions:
            self.query_one("#versions", OptionList).focus()
        else:
            self.query_one("#version-name", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Up from the name field goes to the list (people expect it to)."""
        if event.key == "up" and self.focused is self.query_one("#version-name", Input) \
                and self.draft.versions:
            event.stop()
            self.query_one("#versions", OptionList).focus()

    def fill(self, highlight: str | None = None) -> None:
        """Show the draft's versions, newest last, highlighting ``highlight`` (or the last)."""
        versions = self.draft.versions
        listing = self.query_one("#versions", OptionList)
        listing.clear_options()
        for v in versions:
            label = Text(v.name, style="bold")
            label.append(f"  {v.date or 'no date'}", style="dim")
            listing.add_option(Option(label, id=v.name))
        listing.display = bool(versions)
        self.query_one("#no-versions").display = not versions
        self.query_one("#versions-hint").display = bool(versions)
        self.query_one("#redline", Button).disabled = not versions
        self.query_one("#amend", Button).disabled = not versions
        if versions:
            names = [v.name for v in versions]
            listing.highlighted = names.index(highlight) if highlight in names else \
                len(names) - 1

    def draft_changed(self, *, rebuild: bool = False) -> None:
        """A save or an undo changed the versions: list them again."""
        self.fill(self.chosen())

    def chosen(self) -> str | None:
        listing = self.query_one("#versions", OptionList)
        if listing.highlighted is None or not self.draft.versions:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @on(Input.Submitted, "#version-name")
    @on(Button.Pressed, "#save-version")
    def _save(self) -> None:
        name = self.query_one("#version-name", Input).value
        error = self.oapp.save_version(name)
        self.query_one("#version-error", Static).update(escape(error))
        if error:
            return
        saved = self.draft.versions[-1].name
        self.fill(saved)
        self.query_one("#version-name", Input).value = next_version_name(self.draft)
        self.notify(f"Saved version “{escape(saved)}”. Later, choose it here and press "
                    "Redline… to show what changed since.", title="Version saved")

    @on(OptionList.OptionSelected, "#versions")
    @on(Button.Pressed, "#redline")
    def _redline(self) -> None:
        name = self.chosen()
        if name is not None:
            self.oapp.action_redline(name)

    @on(Button.Pressed, "#amend")
    def _amend(self) -> None:
        """The amending ordinance's export dialog, in place of this one."""
        name = self.chosen()
        session = self.oapp.session
        if name is None or session is None:
            return
        path = session.path or (self.oapp.workdir or Path.cwd()) / "ordinance.yaml"
        app = self.oapp
        self.dismiss()
        app.push_screen(AmendDialog(app.library, session.draft, name,
                                    path.with_name(f"{path.stem}-amendment"), app.today))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss()


class RedlineDialog(ExportDialog):
    """The export dialog for a redline from version ``version`` to the current draft."""

    HEADING = "Redline: what changed since a version"
    BUTTON = "Export redline"

    def __init__(self, library: Library, draft: Draft, version: str, base: Path,
                 today: dt.date | None = None, new_name: str = "current draft") -> None:
        super().__init__(library, draft, base, ["docx", "html"], today)
        self.version = draft.version(version)
        self.new_name = new_name

    def choices(self) -> list[tuple[str, str]]:
        return list(REDLINE_FORMATS)

    def suffix(self, value: str) -> str:
        return "html" if value == "html" else "docx"

    def compose_options(self) -> ComposeResult:
        v = self.version
        yield Static(f"From version [b]{escape(v.name)}[/b] ({escape(v.date or 'no date')}) "
                     f"to the {escape(self.new_name)}, marked word by word, with an "
                     "“AS AMENDED” caption.", id="redline-what")

    def options(self) -> dict[str, Any]:
        return {}

    def produce(self, value: str, options: dict[str, Any]) -> tuple[bytes, str]:
        from ...core.redline import compare_drafts

        today = self.today
        redline = compare_drafts(self.library, self.draft.at_version(self.version.name),
                                 self.draft, today=today)
        if value == "html":
            from ...export.redline_html import render_redline_html

            data = render_redline_html(redline, old_name=self.version.name,
                                       new_name=self.new_name).encode()
        else:
            from ...export.redline_docx import render_redline_docx

            data = render_redline_docx(
                redline, tracked=value == "tracked", author="ordinance-tui",
                date=today.isoformat() if today else redline.new.date,
                old_name=self.version.name, new_name=self.new_name)
        ins, dels = len(redline.insertions()), len(redline.deletions())
        note = (f"{ins} insertion{'s' * (ins != 1)}, {dels} deletion{'s' * (dels != 1)}"
                if redline.changed else "no differences: the draft is as it was then")
        return data, note


class AmendDialog(ExportDialog):
    """The export dialog for the amending ordinance from version ``version`` to the draft."""

    HEADING = "Amending ordinance: from a version to the current draft"
    BUTTON = "Export amending ordinance"

    def __init__(self, library: Library, draft: Draft, version: str, base: Path,
                 today: dt.date | None = None) -> None:
        super().__init__(library, draft, base, ["docx", "md", "html", "akn"], today)
        self.version = draft.version(version)

    def choices(self) -> list[tuple[str, str]]:
        from ...export.amendment import AMENDMENT_FORMATS

        return [(f.label, f.name) for f in AMENDMENT_FORMATS.values()]

    def suffix(self, value: str) -> str:
        from ...export.amendment import AMENDMENT_FORMATS

        return AMENDMENT_FORMATS[value].suffix.lstrip(".")

    def compose_options(self) -> ComposeResult:
        v = self.version
        yield Static(f"The ordinance that amends version [b]{escape(v.name)}[/b] "
                     f"({escape(v.date or 'no date')}) into the current draft: one section "
                     "per section changed, added or repealed.", id="amend-what")
        yield Label("Changed sections")
        yield Select(AMEND_FORMS, value="", allow_blank=False, id="amend-form")

    def options(self) -> dict[str, Any]:
        return {"form": self.query_one("#amend-form", Select).value or None}

    def produce(self, value: str, options: dict[str, Any]) -> tuple[bytes, str]:
        from ...core.amendment import amendment
        from ...export.amendment import AMENDMENT_FORMATS

        made = amendment(self.library, self.draft.at_version(self.version.name), self.draft,
                         form=options["form"], today=self.today)
        changes = sum(1 for s in made.sections if s.kind != "enacted")
        note = (f"{changes} section{'s' * (changes != 1)} amended, added or repealed"
                if made.changed else "no differences: the draft is as it was then")
        return AMENDMENT_FORMATS[value].render(made), note
