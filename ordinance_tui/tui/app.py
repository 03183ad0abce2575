"""The drafting app: ``create_app`` builds it; the CLI and the tests both call it.

The app owns the open draft (a ``DraftSession``: autosave, undo, redo). Screens
ask it to apply edits through ``edit_draft``; it saves the draft and tells the
screens on the stack that the draft changed.

Start-up: given a ``library_loader`` instead of a ``library`` (as ``ordinance``
does), the welcome screen is drawn first and the library is loaded in a worker
thread once that frame is on screen (the ``Ready`` event); the welcome screen
shows a placeholder until it arrives, or the problems if it cannot be loaded. A
draft named on the command line opens as soon as the library is there: its first
screen is a one-line ``OpeningScreen`` that the interview replaces, and the welcome
screen is built only when the drafter goes to it (the palette's "Welcome screen"), or
when the draft cannot be opened. This module imports no part of the core that needs
Jinja2 or YAML, so that importing it stays cheap; those load with the library.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..core.problems import InputError, Problem
from .commands import JumpProvider
from .recent import add_recent, default_recent_path, read_recent

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from ..core.draft import Draft
    from ..core.importing import ImportResult
    from ..core.library import Library
    from .screens.interview import InterviewScreen
    from .screens.welcome import WelcomeScreen
    from .session import DraftSession


SAVE_RETRY_SECONDS = 5.0
START_GC_SECONDS = 10.0  # the latest garbage collection resumes after a paused start
SAVE_COMPILED_SECONDS = 5.0  # after the library loads: the first preview has compiled by then


class OrdinanceApp(App[None]):
    """Ordinance drafting assistant."""

    CSS_PATH = "app.tcss"
    TITLE = "Ordinance drafting assistant"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True),
                Binding("ctrl+g", "add_section", "Add section", show=False)]

    def __init__(self, library: Library | None, draft_path: Path | None = None, *,
                 library_loader: Callable[[], Library] | None = None,
                 recent_path: Path | None = None, workdir: Path | None = None,
                 today: dt.date | None = None, state_dir: Path | None = None,
                 gc_paused: bool = False) -> None:
        super().__init__()
        # ``cli.app_for`` turns the cyclic garbage collector off while the app starts
        # (almost nothing allocated then is garbage, and its collections cost about a
        # sixth of the opening: bench/RESULTS.md); ``started`` turns it back on.
        self.gc_paused = gc_paused
        if library is None and library_loader is None:
            raise ValueError("give the app a library or a library_loader")
        self._library = library
        self.library_loader = library_loader
        self.library_problems: list[str] = []  # why loading failed, if it did
        self.draft_path = Path(draft_path) if draft_path is not None else None
        self.pending_path: Path | None = None  # opened once the library is loaded
        self.recent_path = recent_path
        self.workdir = workdir
        self.today = today
        self.session: DraftSession | None = None
        self.state_dir = state_dir  # where the step and undo history are kept (resume.py)
        self.position = ("", "")  # the step and question last visited in the open draft
        self._resume: tuple[str, str] | None = None  # for the next interview screen

    @property
    def library(self) -> Library:
        """The clause library (screens that use it exist only once it is loaded)."""
        assert self._library is not None, "the library is not loaded yet"
        return self._library

    @property
    def library_ready(self) -> bool:
        return self._library is not None

    def get_default_screen(self) -> Screen[None]:
        """The first screen: the draft named on the command line, else the welcome.

        Building it here (rather than pushing it after mount) lets Textual style the
        whole first frame in one pass, which keeps start-up fast. While the library
        is still to be loaded, the welcome screen comes first in any case.
        """
        if self._library is None:
            self.pending_path = self.draft_path
            if self.draft_path is not None:
                from .screens.opening import OpeningScreen

                return OpeningScreen(self.draft_path)
            return self._welcome_screen()
        if self.draft_path is not None and self.open_draft(self.draft_path, push=False):
            return self._interview_screen()
        return self._welcome_screen()

    # -- loading the library -----------------------------------------------------------
    def on_ready(self) -> None:
        """The first frame is on screen: now load the library, if it is still to come."""
        if self._library is None and self.library_loader is not None:
            self.load_library()
        if self.gc_paused:
            self.set_timer(START_GC_SECONDS, self.started)

    def started(self) -> None:
        """What the drafter waits for at start is drawn (a draft's first preview, the seed
        list, or why the library could not be loaded): collect garbage again, if paused.

        What exists now is frozen first (``gc.freeze``): the library, Textual and the
        screen live as long as the app, and the first collection would otherwise have to
        go through all of them at once (a full collection: about 220 ms of CPU on the
        loaded benchmark machine), with the drafter waiting. The start's own garbage,
        about 11,000 objects when sf-combo opens (of 173,000), stays with them.
        """
        if self.gc_paused:
            import gc

            self.gc_paused = False
            gc.freeze()
            gc.enable()

    @work(exclusive=True, group="library")
    async def load_library(self) -> None:
        """Run the loader on a thread; hand the result (or its problems) to the screens."""
        assert self.library_loader is not None
        try:
            library = await asyncio.to_thread(self.library_loader)
        except InputError as exc:
            self.library_failed([str(p) for p in exc.problems])
            return
        except Exception as exc:  # a missing folder, an unreadable file: say so, never crash
            self.library_failed([f"{type(exc).__name__}: {exc}"])
            return
        self.library_loaded(library)

    def library_loaded(self, library: Library) -> None:
        from .screens.welcome import WelcomeScreen

        self._library = library
        # The templates the first preview compiles are saved on a worker once it is
        # done (assembly itself writes nothing); what compiles later, at exit.
        self.set_timer(SAVE_COMPILED_SECONDS, self.save_compiled)
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                screen.library_loaded(library)
        path, self.pending_path = self.pending_path, None
        if path is None or not self.open_draft(path):
            self.call_after_refresh(self.started)  # the seeds are drawn (else: the preview)

    def library_failed(self, problems: list[str]) -> None:
        from .screens.welcome import WelcomeScreen

        self.library_problems = problems
        self.pending_path = None
        self.call_after_refresh(self.started)
        if not self._leave_opening():  # else the welcome screen shows them as it mounts
            for screen in self.screen_stack:
                if isinstance(screen, WelcomeScreen):
                    screen.library_failed(problems)
        self.notify("See the welcome screen for what went wrong and what to do.",
                    title="The clause library could not be loaded", severity="error",
                    timeout=15)

    # -- opening ---------------------------------------------------------------------
    def _recent_file(self) -> Path:
        return self.recent_path or default_recent_path()

    def _welcome_screen(self) -> Screen[None]:
        from .screens.welcome import WelcomeScreen

        return WelcomeScreen(self._library, read_recent(self._recent_file()), self.workdir,
                             self.pending_path if self._library is None else None)

    def _leave_opening(self) -> bool:
        """Show the welcome screen over the opening screen, if that is shown."""
        from .screens.opening import OpeningScreen

        stack = self.screen_stack  # empty while the first screen is being chosen
        if not stack or not isinstance(stack[-1], OpeningScreen):
            return False
        self.push_screen(self._welcome_screen())
        return True

    def action_welcome(self) -> None:
        """Back to the welcome screen (built now if the draft was opened without it).

        The opening screen of ``ordinance DRAFT`` stays at the bottom of the stack (the
        first screen cannot be replaced); the welcome screen goes over it.
        """
        from .screens.welcome import WelcomeScreen

        if not self._welcome_reachable():
            return
        self.commit_typing()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WelcomeScreen):
            self.pop_screen()
        self._leave_opening()

    def _welcome_reachable(self) -> bool:
        """Whether the welcome screen is on the stack, or can go over the opening screen
        (not when a draft's interview is the first screen: an app given its library)."""
        from .screens.opening import OpeningScreen
        from .screens.welcome import WelcomeScreen

        stack = self.screen_stack
        return bool(stack) and (isinstance(stack[0], OpeningScreen)
                                or any(isinstance(s, WelcomeScreen) for s in stack))

    def _interview_screen(self) -> Screen[None]:
        from .screens.interview import InterviewScreen

        return InterviewScreen(self.library)

    def open_draft(self, path: Path, push: bool = True) -> bool:
        """Open a draft file; warnings are shown, errors too, and nothing crashes."""
        from ..core.draft import check_against_library, load_draft
        from .session import DraftSession

        if self._library is None:
            if self.library_problems:
                self.notify("The clause library could not be loaded, so no draft can be "
                            "opened; see the welcome screen.", severity="error")
                return False
            self.pending_path = path
            self.notify(f"{path.name} opens as soon as the clause library is loaded.",
                        title="Loading")
            return False
        if not path.exists():
            self._leave_opening()
            self.notify(f"{path} does not exist. Check the path, or start a new draft "
                        "from a model on this screen.", title="No such draft",
                        severity="error", timeout=12)
            return False
        try:
            draft, problems = load_draft(path)
        except InputError as exc:
            self._leave_opening()
            self.notify_problems(exc.problems, f"Could not open {path}", "error")
            return False
        except OSError as exc:
            self._leave_opening()
            self.notify(f"Could not read {path}: {exc.strerror or exc}", severity="error")
            return False
        problems += check_against_library(draft, self.library, str(path))
        self.start(DraftSession(draft, path.resolve()), push=push, resume=True)
        if any(p.severity == "error" for p in problems):
            self.notify_problems(problems, f"Opened {path.name}: fix the answers marked invalid",
                                 "error")
        elif problems:
            self.notify_problems(problems, f"Opened {path.name} with warnings", "warning")
        return True

    def new_from_seed(self, seed_id: str, path: Path) -> None:
        from ..core.draft import draft_from_data, save_draft
        from .session import DraftSession

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

    def start(self, session: DraftSession, push: bool = True, resume: bool = False) -> None:
        """Make ``session`` the open draft and show the interview.

        With ``resume``, the interview returns to the step and question last visited in
        this draft, and its undo history comes back (read on a thread).
        """
        if self.session is not None:
            self.session.flush()
            self.save_position()
        self.session = session
        self.position = ("", "")
        self._resume = None
        if resume and session.path is not None:
            self._resume_from_state(session)
        session.background = True
        session.on_error = self._save_failed
        if session.path is not None:
            self.sub_title = str(session.path.name)
            add_recent(self._recent_file(), session.path)
        if push:
            self.push_screen(self._interview_screen())

    # -- where the drafter left off (resume.py) -------------------------------------------
    def _state_file(self, draft_path: Path) -> Path:
        from .resume import state_file

        return state_file(draft_path, self.state_dir)

    def _resume_from_state(self, session: DraftSession) -> None:
        """Return to the step last visited; restore the undo history on a thread."""
        from .resume import read_position

        assert session.path is not None
        data, notice = read_position(self._state_file(session.path), session.path)
        if notice:
            self.notify(notice, title="Where you left off", severity="warning", timeout=10)
        if data is None:
            return
        self._resume = (str(data.get("step", "")), str(data.get("question", "")))
        self.position = self._resume
        self._restore_history(session, data)

    @work(thread=True, group="resume")
    def _restore_history(self, session: DraftSession, data: dict[str, Any]) -> None:
        from .resume import read_history

        undo, redo, notice = read_history(data, session.draft)
        self.call_from_thread(self._history_read, session, undo, redo, notice)

    def _history_read(self, session: DraftSession, undo: list[Draft], redo: list[Draft],
                      notice: str) -> None:
        if notice:
            self.notify(notice, title="Undo history", severity="warning", timeout=10)
        if session is not self.session:
            return  # another draft was opened meanwhile
        changed = bool(session.undo_stack)  # edits made while the history was read
        session.undo_stack[:0] = undo
        if not changed and not session.redo_stack:
            session.redo_stack[:] = redo

    def visited(self, step: str, question: str = "") -> None:
        """The interview shows ``step`` with ``question`` focused (kept for reopening)."""
        self.position = (step, question)

    def take_resume(self) -> tuple[str, str] | None:
        """The step and question to return to, once (None: start at the beginning)."""
        resume, self._resume = self._resume, None
        return resume

    def save_position(self) -> None:
        """Keep the open draft's step, question and undo history for the next time."""
        from .resume import ResumeState, write_state

        session = self.session
        if session is None or session.path is None:
            return
        state = ResumeState(self.position[0], self.position[1], list(session.undo_stack),
                            list(session.redo_stack))
        try:
            write_state(self._state_file(session.path), session.path, session.draft, state)
        except (OSError, InputError) as exc:
            self.log.warning(f"could not keep where the draft was left: {exc}")

    def _save_failed(self, message: str) -> None:
        """Called on the writer thread when an autosave fails: say so, and retry soon."""
        self.call_from_thread(self._schedule_retry, message)

    def _schedule_retry(self, message: str) -> None:
        self.notify(f"{message}. The change stays on screen and is saved again in "
                    f"{SAVE_RETRY_SECONDS:.0f} seconds.", title="Not saved", severity="error",
                    timeout=15)
        session = self.session
        if session is not None:
            # One retry a few seconds on; it fails again (and says so) or saves everything.
            self.set_timer(SAVE_RETRY_SECONDS,
                           lambda: session.save() if session.unsaved else None)

    async def action_quit(self) -> None:
        """Quit, but never silently lose a change that could not be saved."""
        session = self.session
        if session is None:
            self.exit()
            return
        self.commit_typing()
        await asyncio.to_thread(session.flush)
        if session.unsaved:
            await asyncio.to_thread(session.write_now)  # one last try
        if not session.unsaved:
            self.exit()
            return
        from .screens.dialogs import ConfirmDialog

        def answered(lose: bool | None) -> None:
            if lose:
                self.exit()

        self.push_screen(ConfirmDialog(
            f"The latest changes are not saved: {session.save_error}\n\nQuit and lose them?",
            yes="Quit and lose them", no="Keep editing"), answered)

    @work(thread=True, group="compiled")
    def save_compiled(self) -> None:
        """Write the templates compiled so far to the user's bytecode cache."""
        if self._library is not None:
            self._library.save_compiled()

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.flush()
            self.save_position()
        if self._library is not None:
            self._library.save_compiled()

    def notify_problems(self, problems: list[Problem], title: str, severity: SeverityLevel
                        ) -> None:
        shown = [p.message for p in problems[:6]]
        if len(problems) > 6:
            shown.append(f"… and {len(problems) - 6} more")
        self.notify("\n".join(shown), title=title, severity=severity, timeout=12)

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

    def on_welcome_screen_import_path(self, message: WelcomeScreen.ImportPath) -> None:
        if self._library is None:
            self.notify("The clause library is still loading; import again in a moment.",
                        title="Loading", severity="warning")
            return
        self.import_existing(message.path)

    @work(thread=True, exclusive=True, group="import")
    def import_existing(self, source: Path) -> None:
        """Import an existing law (off the event loop), then save its draft next to it."""
        from ..core.importing import import_law

        try:
            result = import_law(source)
        except InputError as exc:
            self.call_from_thread(self._import_failed, source, exc.problems)
            return
        except (ValueError, RecursionError, MemoryError) as exc:  # a file no reader foresaw
            self.call_from_thread(self._import_failed, source, [Problem(
                str(source), 0, f"this file could not be read as a law ({exc})")])
            return
        self.call_from_thread(self._imported, result)

    def _import_failed(self, source: Path, problems: list[Problem]) -> None:
        from .screens.welcome import WelcomeScreen

        message = "; ".join(p.message for p in problems[:3])
        if isinstance(self.screen, WelcomeScreen):
            self.screen.import_failed(f"{source.name}: {message}")
        self.notify_problems(problems, f"Could not import {source.name}", "error")

    def _imported(self, result: ImportResult) -> None:
        """Save the imported draft beside its source (asking before replacing a file)."""
        from ..core.fileio import atomic_write

        source = result.source
        stem = source.name[:-len(".akn.xml")] if source.name.lower().endswith(".akn.xml") \
            else source.stem
        target = source.with_name(f"{stem}.yaml")

        def save(replace: bool | None = True) -> None:
            if not replace:
                self.notify(f"{target.name} was kept; nothing was imported.", title="Import")
                return
            try:
                atomic_write(target, result.draft_text, private=True)
            except OSError as exc:
                self.notify(f"Could not write {target}: {exc.strerror or exc}",
                            severity="error")
                return
            if self.open_draft(target):
                law = result.law
                placed = (f"; {len(result.unplaced)} paragraphs could not be placed: the "
                          "checks (Ctrl+K) list them" if result.unplaced else "")
                self.notify(f"{len(law.sections)} sections and {len(law.definitions)} "
                            f"definitions from {source.name}, saved as {target.name}{placed}",
                            title="Imported", severity="warning" if placed else "information")

        if target.exists():
            from .screens.dialogs import ConfirmDialog

            self.push_screen(ConfirmDialog(
                f"{target.name} already exists next to {source.name}.\n\nReplace it with the "
                "draft imported from the existing law?", yes="Replace it", no="Keep it"), save)
        else:
            save()

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
        from .session import describe_change

        if self.session is None:
            return
        self.commit_typing()
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
    def commit_typing(self) -> None:
        """Save a valid value typed in the interview's focused number or date box."""
        interview = self._interview()
        if interview is not None:
            interview.commit_typing()

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

    async def open_question(self, qid: str) -> None:
        """Jump to a question and have its box focused before the next key is handled."""
        interview = self._interview()
        if interview is None:
            return
        while self.screen is not interview and len(self.screen_stack) > 1:
            self.pop_screen()
        await interview.open_question(qid)

    def open_step(self, step_id: str) -> None:
        """Go to a step of the interview (its first question focused)."""
        interview = self._interview()
        if interview is None:
            return
        while self.screen is not interview and len(self.screen_stack) > 1:
            self.pop_screen()
        interview.go_to_step(step_id, focus="")

    def preview_text(self, clause_id: str, width: int = 70) -> str:
        """What a clause reads as in the last assembled preview ('' if not in it), its
        paragraphs wrapped at ``width`` (a wide one leaves the wrapping to the caller)."""
        from .render import inline_text, plain_text, section_renderable

        interview = self._interview()
        ordinance = interview.ordinance if interview is not None else None
        if ordinance is None:
            return ""
        section = ordinance.find(clause_id)
        text = ""
        if section is not None:
            text = plain_text(section_renderable(section), width=width)
        for recital in ordinance.recitals:
            if not text and recital.clause_id == clause_id:
                text = plain_text(inline_text(recital.content), width=width)
        return "\n".join(line.rstrip() for line in text.rstrip().splitlines())

    def show_clause(self, clause_id: str) -> None:
        interview = self._interview()
        if interview is None:
            return
        self.action_browse(clause_id)

    def action_browse(self, clause_id: str | None = None) -> None:
        from .screens.browser import ClauseBrowser

        self.commit_typing()
        if self.session is None:
            return
        if isinstance(self.screen, ClauseBrowser):
            if clause_id:
                self.screen.select(clause_id)
            return
        self.push_screen(ClauseBrowser(self.library, clause_id))

    def action_add_section(self, after: str | None = None) -> None:
        """The editor of a new section of the drafter's own, placed after ``after``."""
        from .screens.own_section import OwnSectionScreen

        if self.session is None or isinstance(self.screen, OwnSectionScreen):
            return
        self.push_screen(OwnSectionScreen(self.library, after=after))

    def action_edit_section(self, section_id: str) -> None:
        """The editor of the drafter's section ``section_id``."""
        from .screens.own_section import OwnSectionScreen

        if self.session is None or isinstance(self.screen, OwnSectionScreen) or \
                self.session.draft.own_section(section_id) is None:
            return
        self.push_screen(OwnSectionScreen(self.library, section_id))

    def action_define_term(self) -> None:
        """The dialog that defines a term of the drafter's own."""
        from .screens.own_section import DefinitionDialog

        if self.session is None or isinstance(self.screen, DefinitionDialog):
            return
        self.push_screen(DefinitionDialog(self.library))

    def action_coverage(self) -> None:
        """The draft's elements next to enacted laws' (issue 6's compare, as a screen)."""
        from .screens.coverage import CoverageScreen

        self.commit_typing()
        if self.session is None or isinstance(self.screen, CoverageScreen):
            return
        self.push_screen(CoverageScreen(self.library))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's own entries, plus the draft's screens while a draft is open."""
        yield from super().get_system_commands(screen)
        if self.session is None:
            return
        from .screens.welcome import WelcomeScreen

        if not isinstance(screen, WelcomeScreen) and self._welcome_reachable():
            yield SystemCommand("Welcome screen: start or open another draft",
                                "Models to start from, recent drafts, a draft file, an "
                                "existing law to import", self.action_welcome)
        yield SystemCommand("Add section: a section of your own, in plain words",
                            "Numbered, cross-referenced and checked like the library's "
                            "(Ctrl+G; in the clause list, a adds it after the one shown)",
                            self.action_add_section)
        yield SystemCommand("Define a term: a definition of your own",
                            "Printed in the definitions section once a section uses the term",
                            self.action_define_term)
        yield SystemCommand("Coverage: compare the draft with enacted laws",
                            "The 50 elements, the laws' cells, and answers that add "
                            "what the draft lacks (Ctrl+L)", self.action_coverage)
        yield SystemCommand("Versions: save a named version of the draft",
                            "e.g. “as introduced”, to compare amendments with (Ctrl+R)",
                            self.action_versions)
        yield SystemCommand("Redline: what changed since a version",
                            "Word tracked changes, struck-out and underlined text, or a web "
                            "page (Ctrl+R, then Redline…)", self.action_versions)
        yield SystemCommand("Packet: the council packet for the clerk",
                            "Word, accessible PDF, redline against the last version, summary "
                            "and calendar, coverage and open items, in one folder",
                            self.action_packet)
        yield SystemCommand("Handout: the whole interview as a document for teaching",
                            "Every step, question and option with its help and when it is "
                            "asked; Word, web page or Markdown", self.action_handout)

    def action_versions(self) -> None:
        from .screens.versions import VersionsDialog

        self.commit_typing()
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
        from .screens.versions import RedlineDialog, VersionsDialog

        if self.session is None:
            return
        if isinstance(self.screen, VersionsDialog):
            # The redline replaces the versions dialog: Escape goes back to the interview.
            self.pop_screen()
        path = self.session.path or (self.workdir or Path.cwd()) / "ordinance.yaml"
        base = path.with_name(f"{path.stem}-redline")
        self.push_screen(RedlineDialog(self.library, self.session.draft, version, base,
                                       self.today))

    def action_packet(self) -> None:
        from .screens.export import PacketDialog

        if self.session is None:
            return
        path = self.session.path or (self.workdir or Path.cwd()) / "ordinance.yaml"
        self.push_screen(PacketDialog(self.library, self.session.draft,
                                      path.with_name(f"{path.stem}-packet"), [], self.today))

    def action_handout(self) -> None:
        from .screens.export import HandoutDialog

        if self.session is None:
            return
        path = self.session.path or (self.workdir or Path.cwd()) / "ordinance.yaml"
        self.push_screen(HandoutDialog(self.library, self.session.draft,
                                       path.with_name(f"{path.stem}-handout"), [], self.today))

    def action_export(self) -> None:
        from ..export import available_formats
        from .screens.export import ExportDialog

        self.commit_typing()
        if self.session is None:
            return
        base = self.session.path or (self.workdir or Path.cwd()) / "ordinance"
        self.push_screen(ExportDialog(self.library, self.session.draft, base,
                                      available_formats(), self.today))


def create_app(library: Library | None = None, draft_path: Path | None = None, *,
               library_loader: Callable[[], Library] | None = None,
               recent_path: Path | None = None, workdir: Path | None = None,
               today: dt.date | None = None, state_dir: Path | None = None,
               gc_paused: bool = False) -> OrdinanceApp:
    """Build the app on ``library``, opening ``draft_path`` if given.

    Instead of ``library``, ``library_loader`` may load it: it runs on a worker
    thread after the first frame (the welcome screen) is drawn; an ``InputError``
    or any other exception it raises is shown on that screen.
    ``recent_path`` is the recent-drafts list (default: in the user data folder),
    ``workdir`` where new drafts are suggested (default: the current folder),
    ``today`` the date drafts are assembled for (default: the real date), ``state_dir``
    where each draft's last step and undo history are kept (default: ``resume.state_dir``).
    ``gc_paused``: the caller turned the garbage collector off for the start; the app
    turns it on once its first screen with content is drawn (at the latest after
    ``START_GC_SECONDS``).
    """
    return OrdinanceApp(library, draft_path, library_loader=library_loader,
                        recent_path=recent_path, workdir=workdir, today=today,
                        state_dir=state_dir, gc_paused=gc_paused)
