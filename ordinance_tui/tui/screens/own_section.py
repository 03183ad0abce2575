"""The editor of a drafter's own section (its heading, where it goes, its text and
purpose), and the dialog that defines a term of their own.

The text is plain (``core.plaintext``), never a template: ``- `` items make subsections,
a defined term typed as defined is a use of it, and references and answers are chosen
from the lists under the text, which insert ``[[clause.id]]`` and ``[[answer:id]]`` at
the cursor. The section is checked by assembling the draft with it before it is saved;
the app records the change, so Ctrl+Z undoes it.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static, TextArea

from ...core.assemble import assemble, build_context
from ...core.document import Ordinance
from ...core.draft import Draft, OwnSection, own_id
from ...core.library import Library
from ...core.plaintext import compile_plain
from ...core.problems import InputError
from .session_view import SessionView

INTRO = ("Write plain text; it is printed as typed. A line starting with \"- \" is a "
         "subsection (two more spaces of indent for a deeper level). A defined term typed "
         "as it is defined (\"Surveillance Technology\") is a use of it. Insert a reference "
         "or an answer from the lists below: it keeps the right number after renumbering.")
SKIP = ("codify", "definitions")  # generated sections: nothing is placed after them


class OwnSectionScreen(SessionView, Screen[None]):
    """Add a section of the drafter's own, or edit one."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, library: Library, section_id: str | None = None,
                 after: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.section_id = section_id
        self.after = after

    def _ordinance(self) -> Ordinance | None:
        try:
            return assemble(self.library, self.draft, today=self.oapp.today)
        except InputError:
            return None

    def compose(self) -> ComposeResult:
        existing = self.draft.own_section(self.section_id) if self.section_id else None
        ordinance = self._ordinance()
        sections = [s for s in ordinance.all_sections() if s.clause_id not in SKIP] \
            if ordinance is not None else []
        places = [(f"{s.label} {s.heading}", s.clause_id) for s in sections
                  if s.clause_id != self.section_id]
        after = existing.after if existing is not None else self.after
        if after and after not in [cid for _, cid in places]:  # gone: keep it, say so
            places.append((f"(not in this draft) {after}", after))
        targets: list[tuple[str, str]] = []
        for s in sections:
            targets.append((f"{s.ref_label} {s.heading}", s.clause_id))
            for sub in s.walk():
                key = sub.label or "".join(sub.path)
                targets.append((f"{s.ref_label}{''.join(sub.path)}", f"{s.clause_id}#{key}"))
        answers = [(f"{q.prompt} ({q.id})", q.id) for q in self.library.questions.values()]
        yield Header()
        with VerticalScroll(id="own-form"):
            yield Static(INTRO, classes="intro")
            yield Label("Heading")
            yield Input(existing.heading if existing else "", id="own-heading",
                        placeholder="Prohibition of cell-site simulators")
            yield Label("It follows the section")
            yield Select(places, id="own-after", prompt="At the end of its part",
                         value=after if after else Select.NULL)
            yield Label("Text")
            yield TextArea(existing.text if existing else "", id="own-text")
            with Horizontal(classes="buttons"):
                yield Select(targets, id="own-ref", prompt="Insert a reference…")
                yield Select(answers, id="own-answer", prompt="Insert an answer…")
            yield Label("What it does, for the long title (optional)")
            yield Input(existing.purpose if existing else "", id="own-purpose",
                        placeholder="prohibit the use of cell-site simulators")
            yield Static("", id="own-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Check and save", id="save-own", variant="primary")
                yield Button("Cancel", id="cancel-own")
                yield Button("Define a term…", id="define-own")
                if existing is not None:
                    yield Button("Remove section", id="remove-own", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Edit your section" if self.section_id else "Add a section"
        self.query_one("#own-heading", Input).focus()

    @on(Select.Changed, "#own-ref")
    @on(Select.Changed, "#own-answer")
    def _insert(self, event: Select.Changed) -> None:
        """Insert the chosen reference or answer at the cursor, then clear the list."""
        if event.value is Select.NULL:
            return
        mark = f"[[answer:{event.value}]]" if event.select.id == "own-answer" \
            else f"[[{event.value}]]"
        area = self.query_one("#own-text", TextArea)
        area.insert(mark)
        event.select.clear()
        area.focus()

    def candidate(self) -> tuple[Draft | None, str]:
        """The draft with the section as the form says, or None and why not."""
        heading = " ".join(self.query_one("#own-heading", Input).value.split())
        if not heading:
            return None, "Give the section a heading."
        text = self.query_one("#own-text", TextArea).text
        value = self.query_one("#own-after", Select).value
        after = value if isinstance(value, str) else ""
        draft = self.draft
        existing = draft.own_section(self.section_id) if self.section_id else None
        taken = set(self.library.clauses) | {s.id for s in draft.added}
        section = OwnSection(
            id=existing.id if existing else own_id(heading, taken), heading=heading, text=text,
            number=existing.number if existing else "",  # a kept code number stays
            part=existing.part if existing and existing.after == after else "", after=after,
            purpose=self.query_one("#own-purpose", Input).value,
            elements=existing.elements if existing else (),
            note=existing.note if existing else "")
        context, _ = build_context(self.library, draft)
        terms = {*self.library.definitions, *(d.term for d in draft.defined)}
        _, problems = compile_plain(text, terms, context, "the text")
        if problems:
            return None, "\n".join(problems)
        candidate = draft.with_section(section)
        from .browser import check_draft

        error = check_draft(self.library, candidate)
        return (None, error) if error else (candidate, "")

    @on(Button.Pressed, "#save-own")
    def action_save(self) -> None:
        draft, error = self.candidate()
        if draft is None:
            self.query_one("#own-error", Static).update("Not saved. " + escape(error))
            return
        added = self.section_id is None
        heading = " ".join(self.query_one("#own-heading", Input).value.split())
        self.oapp.edit_draft(draft)
        self.notify(f"{'Added' if added else 'Saved'} your section “{heading}”.")
        self.dismiss()

    @on(Button.Pressed, "#define-own")
    def _define(self) -> None:
        self.app.push_screen(DefinitionDialog(self.library))

    @on(Button.Pressed, "#remove-own")
    def _remove(self) -> None:
        if self.section_id:
            self.oapp.edit_draft(self.draft.without_section(self.section_id))
            self.notify("Removed your section (Ctrl+Z brings it back).")
        self.dismiss()

    @on(Button.Pressed, "#cancel-own")
    def action_close(self) -> None:
        self.dismiss()


class DefinitionDialog(SessionView, ModalScreen[None]):
    """Define a term of the drafter's own (or change or remove one); printed when used."""

    BINDINGS = [Binding("escape", "close", "Cancel")]

    def __init__(self, library: Library, term: str = "") -> None:
        super().__init__()
        self.library = library
        self.term = term

    def compose(self) -> ComposeResult:
        existing = next((d for d in self.draft.defined if d.term == self.term), None)
        with Vertical(classes="dialog"):
            yield Label("[b]Define a term[/b]")
            yield Static("Type the term with the capitals it has in the text; a section that "
                         "types it so uses it, and the definitions section then defines it. "
                         "A term the library defines takes your definition instead.",
                         classes="intro")
            yield Label("Term")
            yield Input(self.term, id="def-term", placeholder="Cell-Site Simulator")
            yield Label("means")
            yield Input(existing.text if existing else "", id="def-text",
                        placeholder="a device that mimics a cell tower")
            yield Static("", id="def-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save-def", variant="primary")
                yield Button("Cancel", id="cancel-def")
                if existing is not None:
                    yield Button("Remove", id="remove-def", variant="error")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save-def")
    def _save(self) -> None:
        term = " ".join(self.query_one("#def-term", Input).value.split())
        text = self.query_one("#def-text", Input).value.strip()
        if not term or not text:
            self.query_one("#def-error", Static).update("Type the term and what it means.")
            return
        draft = self.draft
        if self.term and self.term != term:
            draft = draft.with_definition(self.term, None)
        context, _ = build_context(self.library, draft)
        terms = {*self.library.definitions, *(d.term for d in draft.defined), term}
        _, problems = compile_plain(text, terms, context, "the definition")
        candidate = draft.with_definition(term, text)
        from .browser import check_draft

        error = "\n".join(problems) or check_draft(self.library, candidate)
        if error:
            self.query_one("#def-error", Static).update("Not saved. " + escape(error))
            return
        self.oapp.edit_draft(candidate)
        self.notify(f"Defined “{term}”; it is printed once a section uses it.")
        self.dismiss()

    @on(Button.Pressed, "#remove-def")
    def _remove(self) -> None:
        self.oapp.edit_draft(self.draft.with_definition(self.term, None))
        self.dismiss()

    @on(Button.Pressed, "#cancel-def")
    def action_close(self) -> None:
        self.dismiss()
