"""The welcome screen: start from a seed, open a draft file, reopen a recent one, or start
from an existing law (an ordinance or code chapter to import)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .opening import LOADING, TITLE

if TYPE_CHECKING:
    from ...core.library import Library, Seed

HINT = ("[b]↑↓[/b] choose · [b]Enter[/b] start/open · [b]Tab[/b] next · "
        "[b]Ctrl+P[/b] commands · [b]Ctrl+Q[/b] quit")
IMPORT_HINT = "An ordinance or code chapter: .docx, .txt, .md, .html or .xml"
INTRO = ("Draft a local law on surveillance technology and face recognition. "
         "Pick a model to start from; every answer is saved as you go. "
         "[i]A drafting aid, not legal advice.[/i]")


class WelcomeScreen(Screen[None]):
    """Choose what to work on."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit")]

    class NewFromSeed(Message):
        def __init__(self, seed_id: str) -> None:
            super().__init__()
            self.seed_id = seed_id

    class OpenPath(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class ImportPath(Message):
        """Import the existing law at ``path`` (a file with a suffix a reader reads)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, library: Library | None, recent: list[Path],
                 workdir: Path | None = None, opening: Path | None = None) -> None:
        """``library`` None: it is still loading; the app calls ``library_loaded`` (or
        ``library_failed``) when it knows. ``opening``: the draft that opens then."""
        super().__init__()
        self.opening = opening
        self.library = library
        self.workdir = workdir
        self.recent = recent
        self.seeds = self._sorted_seeds(library)

    @staticmethod
    def _sorted_seeds(library: Library | None) -> list[Seed]:
        if library is None:
            return []
        return sorted(library.seeds.values(), key=lambda s: s.name.lower())

    def compose(self) -> ComposeResult:
        # No Header, Footer or Button here: each widget class costs start-up time
        # (its CSS is parsed on first use), and this is the first frame.
        yield Static(f"[b]{TITLE}[/b]\n{INTRO}", id="intro")
        with Horizontal(id="welcome"):
            with Vertical(id="seed-col"):
                yield Static("[b]Start a new draft from a model[/b]", classes="heading")
                if self.library is None:
                    loading = LOADING if self.opening is None else \
                        f"{LOADING} then {self.opening.name} opens."
                    yield OptionList(Option(loading, disabled=True), id="seeds")
                else:
                    yield OptionList(*(Option(s.name, id=s.id) for s in self.seeds),
                                     id="seeds")
                with VerticalScroll(id="seed-scroll", can_focus=False):
                    yield Static("", id="seed-description")
            with Vertical(id="open-col"):
                yield Static("[b]Recent drafts[/b]", classes="heading")
                if self.recent:
                    yield OptionList(*(Option(_recent_label(p), id=str(p))
                                       for p in self.recent), id="recent")
                else:
                    yield Static("[dim]None yet.[/dim]", id="no-recent")
                yield Static("[b]Open a draft file[/b]", classes="heading")
                yield Input(placeholder="path/to/draft.yaml, then Enter", id="open-path",
                            suggester=PathSuggester(self.workdir))
                yield Static("[b]Start from an existing law[/b]", classes="heading")
                yield Input(placeholder="path/to/law.docx, then Enter", id="import-path",
                            suggester=PathSuggester(self.workdir, import_suffixes()))
                yield Static(IMPORT_HINT, id="import-error", classes="error hint")
        yield Static(HINT, id="hint")

    def on_mount(self) -> None:
        if self.recent:
            self.query_one("#recent", OptionList).highlighted = 0
        seeds = self.query_one("#seeds", OptionList)
        if self.library is not None:
            self._show_seeds()
        elif getattr(self.app, "library_problems", None):  # built after the load failed
            self.library_failed(self.app.library_problems)  # type: ignore[attr-defined]
        seeds.focus()

    def _show_seeds(self) -> None:
        seeds = self.query_one("#seeds", OptionList)
        if self.seeds:
            seeds.highlighted = 0
            self._describe(0)
        else:
            self.query_one("#seed-description", Static).update(
                "The library has no starting drafts.")

    def library_loaded(self, library: Library) -> None:
        """The library arrived: replace the placeholder with the seeds."""
        self.library = library
        self.seeds = self._sorted_seeds(library)
        seeds = self.query_one("#seeds", OptionList)
        seeds.clear_options()
        seeds.add_options([Option(s.name, id=s.id) for s in self.seeds])
        self._show_seeds()

    def library_failed(self, problems: list[str]) -> None:
        """The library could not be loaded: say what is wrong and what to do."""
        seeds = self.query_one("#seeds", OptionList)
        seeds.clear_options()
        seeds.add_option(Option(Text("The clause library could not be loaded.",
                                     style="bold red"), disabled=True))
        shown = problems[:8] + ([f"… and {len(problems) - 8} more"] if len(problems) > 8
                                else [])
        self.query_one("#seed-description", Static).update(
            "[b]What to do[/b]\nFix the files named below (the command "
            "[b]ordinance library check[/b] lists every problem with its line), or start "
            "[b]ordinance[/b] without the [b]--library[/b] pack that has them. Quit with "
            "Ctrl+Q.\n\n[b]What went wrong[/b]\n"
            + "\n".join(f"• {escape(p)}" for p in shown))

    @on(OptionList.OptionHighlighted, "#seeds")
    def _seed_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.seeds):
            self._describe(event.option_index)

    def _describe(self, index: int) -> None:
        seed = self.seeds[index]
        text = " ".join(seed.description.split())
        self.query_one("#seed-description", Static).update(
            f"[b]{escape(seed.name)}[/b]\n{escape(text)}\n[dim]Press Enter to start.[/dim]")

    @on(OptionList.OptionSelected, "#seeds")
    def _seed_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.NewFromSeed(event.option.id))

    @on(OptionList.OptionSelected, "#recent")
    def _recent_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.OpenPath(Path(event.option.id)))

    @on(Input.Submitted, "#open-path")
    def _open(self, event: Message) -> None:
        event.stop()
        text = self.query_one("#open-path", Input).value.strip()
        if not text:
            self.notify("Type the path of a draft file first.", severity="warning")
            return
        path = Path(text).expanduser()
        if not path.is_absolute() and self.workdir is not None:
            path = self.workdir / path
        self.post_message(self.OpenPath(path))

    @on(Input.Submitted, "#import-path")
    def _import(self, event: Message) -> None:
        """Check the path (it exists, is a file, has a suffix a reader reads), then import."""
        event.stop()
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.import_failed("Type the path of the existing ordinance or code chapter first.")
            return
        path = Path(text).expanduser()
        if not path.is_absolute() and self.workdir is not None:
            path = self.workdir / path
        from ...core.readers import reader_for

        if not path.exists():
            self.import_failed(f"There is no file {path}. Check the path.")
        elif not path.is_file():
            self.import_failed(f"{path} is a folder; type the path of the file in it.")
        elif reader_for(path) is None:
            self.import_failed(f"{path.name}: the import reads Word (.docx), text (.txt), "
                               "Markdown (.md), web pages (.html) and Akoma Ntoso (.xml).")
        else:
            self.import_failed("")
            self.post_message(self.ImportPath(path))

    def import_failed(self, message: str) -> None:
        """Show why an import could not start or failed (empty: the hint again)."""
        shown = self.query_one("#import-error", Static)
        shown.update(escape(message) if message else IMPORT_HINT)
        shown.set_class(not message, "hint")
        self.query_one("#import-path", Input).set_class(bool(message), "-invalid")


def import_suffixes() -> tuple[str, ...]:
    """The suffixes the import's readers read (``core.readers.READERS``)."""
    from ...core.readers import READERS

    return tuple(suffix for reader in READERS for suffix in reader.suffixes)


class PathSuggester(Suggester):
    """Completes file and folder names as the user types a path (→ accepts); files are
    those with one of ``suffixes`` (drafts: .yaml and .yml)."""

    def __init__(self, base: Path | None, suffixes: tuple[str, ...] = (".yaml", ".yml")
                 ) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        if not typed.is_absolute():
            typed = (self.base or Path.cwd()) / typed
        folder, stem = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and not p.name.startswith(".")
                           and (p.is_dir() or p.name.lower().endswith(self.suffixes)))
        except OSError:
            return None
        if not names:
            return None
        return value + names[0][len(stem):]


def _recent_label(path: Path) -> Text:
    label = Text(path.name, style="bold")
    label.append(f"  {path.parent}", style="dim")
    return label
