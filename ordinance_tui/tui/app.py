"""The drafting app: ``create_app`` builds it; the CLI and the tests both call it.

The app owns the open draft (a ``DraftSession``: autosave, undo, redo). Screens
ask it to apply edits through ``edit_draft``; it saves the draft and tells the
screens on the stack that the draft changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..core.draft import Draft, check_against_library, draft_from_data, load_draft, save_draft
from ..core.library import Library
from ..core.problems import InputError, Problem
from .commands import JumpProvider
from .recent import add_recent, default_recent_path, read_recent
from .session import DraftSession, describe_change

if TYPE_CHECKING:
    from .screens.interview import InterviewScreen
    from .screens.welcome import WelcomeScreen


class OrdinanceApp(App[None]):
    """Ordinance drafting assistant."""

    CSS_PATH = "app.tcss"
    TITLE = "Ordinance drafting assistant"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, library: Library, draft_path: Path | None = None, *,
                 recent_path: Path | None = None, workdir: Path | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__()
        self.library = library
        self.draft_path = Path(draft_path) if draft_path is not None else None
        self.recent_path = recent_path
        self.workdir = workdir
        self.today = today
        self.session: DraftSession | None = None

    def get_default_screen(self) -> Screen[None]:
        """The first screen: the draft named on the command line, else the welcome.

        Building it here (rather than pushing it after mount) lets Textual style the
        whole first frame in one pass, which keeps start-up fast.
        """
        if self.draft_path is not None and self.open_draft(self.draft_path, push=False):
            return self._interview_screen()
        return self._welcome_screen()

    # -- opening ---------------------------------------------------------------------
    def _recent_file(self) -> Path:
        return self.recent_path or default_recent_path()

    def _welcome_screen(self) -> Screen[None]:
        from .screens.welcome import WelcomeScreen

        return WelcomeScreen(self.library, read_recent(self._recent_file()), self.workdir)

    def _interview_screen(self) -> Screen[None]:
        from .screens.interview import InterviewScreen

        return InterviewScreen(self.library)

    def open_draft(self, path: Path, push: bool = True) -> bool:
        """Open a draft file; warnings are shown, errors too, and nothing crashes."""
        if not path.exists():
            self.notify(f"{path} does not exist. Check the path, or start a new draft "
                        "from a model on this screen.", title="No such draft",
                        severity="error", timeout=12)
            return False
        try:
            draft, problems = load_draft(path)
        except InputError as exc:
            self.notify_problems(exc.problems, f"Could not open {path}", "error")
            return False
        except OSError as exc:
            self.notify(f"Could not read {path}: {exc.strerror or exc}", severity="error")
            return False
        problems += check_against_library(draft, self.library, str(path))
        self.start(DraftSession(draft, path.resolve()), push=push)
        if problems:
            self.notify_problems(problems, f"Opened {path.name} with warnings", "warning")
        return True

    def new_from_seed(self, seed_id: str, path: Path) -> None:
        seed = self.library.seeds[seed_id]
        draft, problems = draft_from_data(seed.data, seed.where.file)
        try:
            save_draft(draft, path)
        except OSError as exc:
            self.notify(f"Could not create {path}: {exc.strerror or exc}", severity="error")
            return
        self.start(DraftSession(draft, path.resolve()))
        self.notify(f"Saving every change to {path}", title="New draft")
        if problems:
            self.notify_problems(problems, "The seed has problems", "warning")

    def start(self, session: DraftSession, push: bool = True) -> None:
        """Make ``session`` the open draft and show the interview."""
        if self.session is not None:
            self.session.flush()
        self.session = session
        session.background = True
        session.on_error = self._save_failed
        if session.path is not None:
            self.sub_title = str(session.path.name)
            add_recent(self._recent_file(), session.path)
        if push:
            self.push_screen(self._interview_screen())

    def _save_failed(self, message: str) -> None:
        """Called on the writer thread when an autosave fails."""
        self.call_from_thread(self.notify, message, title="Not saved", severity="error",
                              timeout=15)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.flush()

    def notify_problems(self, problems: list[Problem], title: str, severity: str) -> None:
        shown = [p.message for p in problems[:6]]
        if len(problems) > 6:
            shown.append(f"… and {len(problems) - 6} more")
        self.notify("\n".join(shown), title=title, severity=severity,  # type: ignore[arg-type]
                    timeout=12)

    def on_welcome_screen_new_from_seed(self, message: WelcomeScreen.NewFromSeed) -> None:
        from .screens.dialogs import NewDraftDialog, unique_path

        seed_id = message.seed_id
        seed = self.library.seeds[seed_id]
        folder = self.workdir or Path.cwd()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.new_from_seed(seed_id, path)

        self.push_screen(NewDraftDialog(seed.name, unique_path(folder, f"{seed_id}-draft")),
                         chosen)

    def on_welcome_screen_open_path(self, message: WelcomeScreen.OpenPath) -> None:
        self.open_draft(message.path)

    # -- editing ---------------------------------------------------------------------
    def edit_draft(self, draft: Draft, key: str | None = None) -> None:
        """Apply an edit: save it, record it for undo, refresh the screens."""
        if self.session is None or not self.session.change(draft, key):
            return
        self._after_change(rebuild=False)

    def _after_change(self, rebuild: bool) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "draft_changed", None)
            if refresh is not None:
                refresh(rebuild=rebuild)

    def action_undo(self) -> None:
        self._step_history(undo=True)

    def action_redo(self) -> None:
        self._step_history(undo=False)

    def _step_history(self, undo: bool) -> None:
        """Undo or redo one change and say what it touched."""
        if self.session is None:
            return
        before = self.session.draft
        if not (self.session.undo() if undo else self.session.redo()):
            self.notify(f"Nothing to {'undo' if undo else 'redo'}.")
            return
        self._after_change(rebuild=True)
        what = describe_change(before, self.session.draft)
        self.notify(", ".join(self._readable(w) for w in what[:3]) or "no visible change",
                    title="Undone" if undo else "Redone", timeout=4)

    def _readable(self, phrase: str) -> str:
        """'answer damages' → 'Damages' (the question's prompt) for the notification."""
        if phrase.startswith("answer "):
            question = self.library.questions.get(phrase[7:])
            return f"“{question.prompt}”" if question else phrase
        return phrase

    # -- navigation ------------------------------------------------------------------
    def _interview(self) -> InterviewScreen | None:
        from .screens.interview import InterviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, InterviewScreen):
                return screen
        return None

    def jump_to_question(self, qid: str) -> None:
        interview = self._interview()
        if interview is None:
            return
        while self.screen is not interview:
            self.pop_screen()
        interview.jump_to_question(qid)

    def preview_text(self, clause_id: str, width: int = 70) -> str:
        """What a clause reads as in the last assembled preview ('' if not in it)."""
        from .render import inline_text, plain_text, section_renderable

        interview = self._interview()
        ordinance = interview.ordinance if interview is not None else None
        if ordinance is None:
            return ""
        section = ordinance.find(clause_id)
        if section is not None:
            return plain_text(section_renderable(section), width=width).rstrip()
        for recital in ordinance.recitals:
            if recital.clause_id == clause_id:
                return plain_text(inline_text(recital.content), width=width).rstrip()
        return ""

    def show_clause(self, clause_id: str) -> None:
        interview = self._interview()
        if interview is None:
            return
        self.action_browse(clause_id)

    def action_browse(self, clause_id: str | None = None) -> None:
        from .screens.browser import ClauseBrowser

        if self.session is None:
            return
        if isinstance(self.screen, ClauseBrowser):
            if clause_id:
                self.screen.select(clause_id)
            return
        self.push_screen(ClauseBrowser(self.library, clause_id))

    def action_coverage(self) -> None:
        """The draft's elements next to enacted laws' (issue 6's compare, as a screen)."""
        from .screens.coverage import CoverageScreen

        if self.session is None or isinstance(self.screen, CoverageScreen):
            return
        self.push_screen(CoverageScreen(self.library))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's own entries, plus the draft's screens while a draft is open."""
        yield from super().get_system_commands(screen)
        if self.session is None:
            return
        yield SystemCommand("Coverage: compare the draft with enacted laws",
                            "The 50 elements, the laws' cells, and answers that add "
                            "what the draft lacks (Ctrl+L)", self.action_coverage)
        yield SystemCommand("Versions: save a named version of the draft",
                            "e.g. “as introduced”, to compare amendments with (Ctrl+R)",
                            self.action_versions)
        yield SystemCommand("Redline: what changed since a version",
                            "Word tracked changes, struck-out and underlined text, or a web "
                            "page (Ctrl+R, then Redline…)", self.action_versions)

    def action_versions(self) -> None:
        from .screens.versions import VersionsDialog

        if self.session is None or isinstance(self.screen, VersionsDialog):
            return
        self.push_screen(VersionsDialog())

    def save_version(self, name: str) -> str:
        """Save the draft's current state as version ``name``; '' or what went wrong."""
        if self.session is None:
            return "no draft is open"
        try:
            draft = self.session.draft.with_version(name, self.today or dt.date.today())
        except ValueError as exc:
            return str(exc)[:1].upper() + str(exc)[1:] + "."
        self.edit_draft(draft)
        return ""

    def action_redline(self, version: str) -> None:
        """The export dialog for a redline from ``version`` to the current draft."""
        from .screens.versions import RedlineDialog

        if self.session is None:
            return
        path = self.session.path or (self.workdir or Path.cwd()) / "ordinance.yaml"
        base = path.with_name(f"{path.stem}-redline")
        self.push_screen(RedlineDialog(self.library, self.session.draft, version, base,
                                       self.today))

    def action_export(self) -> None:
        from ..export import available_formats
        from .screens.export import ExportDialog

        if self.session is None:
            return
        base = self.session.path or (self.workdir or Path.cwd()) / "ordinance"
        self.push_screen(ExportDialog(self.library, self.session.draft, base,
                                      available_formats(), self.today))


def create_app(library: Library, draft_path: Path | None = None, *,
               recent_path: Path | None = None, workdir: Path | None = None,
               today: dt.date | None = None) -> OrdinanceApp:
    """Build the app on ``library``, opening ``draft_path`` if given.

    ``recent_path`` is the recent-drafts list (default: in the user data folder),
    ``workdir`` where new drafts are suggested (default: the current folder),
    ``today`` the date drafts are assembled for (default: the real date).
    """
    return OrdinanceApp(library, draft_path, recent_path=recent_path, workdir=workdir,
                        today=today)
