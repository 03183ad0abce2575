"""Coverage: the draft's elements (E01-E50) next to enacted laws', and how to add the rest.

The same view as ``ordinance compare``, from ``core.coverage.coverage_rows``. The
law list on the left chooses the columns (by default the laws of the draft seed's
family, or all laws); the table lists the 50 elements; the pane below it explains
the highlighted one. Enter on an element the draft lacks applies the suggested
answer change through ``OrdinanceApp.edit_draft`` (the same path as answering a
question: autosaved, undoable), and the table is recomputed in a worker.

On a draft whose sections are all the drafter's own (an imported law), the draft's
column is read from its text (``core.analyze``): the pane shows the sentence that
shows each element, and Enter adds the library clause's text as a new last section
(``Addition.insertable``: only a clause whose references the law can take; another says
what it lacks). The cursor row is marked "▶" (the table has the focus) or "▷" (it has
not) in the first column, so it does not show by colour alone.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...core import analyze as an
from ...core.assemble import assemble
from ...core.coverage import Coverage, Row, coverage_rows, pick_laws, suggestion_lines
from ...core.draft import Draft
from ...core.laws import ELEMENTS, Law
from ...core.library import Library
from ...core.problems import InputError
from ..widgets.marks import MarkedSelectionList
from ..widgets.preview import OptionEffectView
from .dialogs import ConfirmDialog
from .session_view import SessionView

if TYPE_CHECKING:
    pass

ELEMENT_WIDTH = 22  # the element column at its narrowest
WRAP_FROM = 40  # a column this wide wraps a longer name; a narrower one cuts it ("…")
CELL_STYLES = {"Y": "green", "y": "green dim", "P": "yellow", "N": "dim", "\u00b7": "dim"}
HINT = ("[green]Y[/] has it  [green dim]y[/] unverified\n[yellow]P[/] partly  "
        "[dim]N[/] left out\n[dim]·[/] not in the reference\n"
        "[b]Space[/b] choose · [b]a[/b] all\n[b]f[/b] the seed's family")


class CoverageScreen(SessionView, Screen[None]):
    """The draft against reference laws, element by element."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("a", "all_laws", "All laws"),
        Binding("f", "family_laws", "Family"),
        Binding("ctrl+z", "app.undo", "Undo"),
        Binding("ctrl+y", "app.redo", "Redo"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.laws: list[Law] = []
        self.how = ""
        self.rows: list[Row] = []
        self.rows_draft: Draft | None = None  # the draft the rows were computed for
        self.advice: dict[str, str] = {}
        self.insertable: frozenset[str] = frozenset()
        self.analysis: an.Analysis | None = None  # the text read, for own sections only
        self._next_how = ""  # how the next change of the law list was made
        self._marked: tuple[str, str] | None = None  # the row marked as the cursor's

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="coverage"):
            with Vertical(id="law-col"):
                yield Static("[b]Compare with[/b]", classes="law-heading")
                yield MarkedSelectionList(id="laws")
                yield Static(HINT, id="law-hint")
            with Vertical(id="coverage-main"):
                yield Static("Computing coverage…", id="coverage-summary")
                yield DataTable(id="coverage-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="coverage-detail")
                yield OptionEffectView(id="suggestion-effect")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Coverage against enacted laws"
        laws = self.query_one("#laws", SelectionList)
        ordered = sorted(self.library.laws.values(), key=lambda law: law.short.lower())
        try:
            chosen, self.how = self._family()
        except InputError as exc:
            self.query_one("#coverage-summary", Static).update(
                escape("; ".join(p.message for p in exc.problems)))
            return
        ids = {law.id for law in chosen}
        # The chosen laws first, so the list shows what the table compares with.
        listed = [law for law in ordered if law.id in ids] + \
            [law for law in ordered if law.id not in ids]
        laws.add_options([Selection(f"{law.short} {law.name}", law.id, law.id in ids)
                          for law in listed])
        self.laws = [law for law in ordered if law.id in ids]
        self.query_one(DataTable).focus()
        self.recompute()

    # -- choosing laws -----------------------------------------------------------------
    @on(SelectionList.SelectedChanged, "#laws")
    def _laws_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        chosen = set(event.selection_list.selected)
        laws = [law for law in sorted(self.library.laws.values(),
                                      key=lambda law: law.short.lower()) if law.id in chosen]
        if [law.id for law in laws] == [law.id for law in self.laws]:
            return
        self.laws = laws
        self.how = (self._next_how or "the chosen reference laws") if laws else ""
        self._next_how = ""
        self.recompute()

    def action_all_laws(self) -> None:
        self._next_how = "all reference laws"
        self.query_one("#laws", SelectionList).select_all()

    def _family(self) -> tuple[list[Law], str]:
        """The laws of the draft's seed family, and how they were chosen, in words (the
        family ids, such as "fr-ban", are the library's, not the drafter's)."""
        chosen, how = pick_laws(self.library, self.draft, "family")
        if how.startswith("the reference laws of family"):
            seed = self.library.seeds.get(self.draft.seed.get("id", ""))
            name = seed.name if seed is not None else self.draft.seed.get("name", "")
            how = (f"the enacted laws of the same kind as the model “{name}” the draft "
                   "started from" if name else "the enacted laws of the draft's kind")
        elif how.startswith("all reference laws ("):
            how = "all reference laws (none is of the same kind as the draft's model)"
        return chosen, how

    def action_family_laws(self) -> None:
        chosen, how = self._family()
        ids = {law.id for law in chosen}
        self._next_how = how
        laws = self.query_one("#laws", SelectionList)
        laws.deselect_all()
        for law_id in ids:
            laws.select(law_id)

    # -- the table ---------------------------------------------------------------------
    def draft_changed(self, *, rebuild: bool = False) -> None:
        """The draft changed (a suggestion, undo, or another screen): recompute."""
        self.recompute()

    @work(exclusive=True, group="coverage")
    async def recompute(self) -> None:
        """Compute the rows off the event loop, then refill the table."""
        draft, laws = self.draft, list(self.laws)
        try:
            rows, analysis = await asyncio.to_thread(self._compute, draft, laws)
        except Exception as exc:  # a broken condition or template must not end the app
            messages = ([p.message for p in exc.problems] if isinstance(exc, InputError)
                        else [repr(exc)])
            self.query_one("#coverage-summary", Static).update(
                "[red]Coverage could not be computed:[/] " + escape("; ".join(messages)))
            return
        self.rows, self.rows_draft, self.analysis = rows, draft, analysis
        self.advice = dict(suggestion_lines(Coverage(tuple(laws), tuple(rows))))
        # An imported law's: the elements whose library clause Enter adds as a section.
        self.insertable = frozenset() if analysis is None else frozenset(
            r.finding.element for r in analysis.rows
            if r.addition is not None and r.addition.insertable)
        if analysis is not None:  # what adds it is the clause's text, or why it cannot be
            self.advice.update({r.finding.element: r.addition.text for r in analysis.rows
                                if r.addition is not None and r.addition.own_section})
        self.fill(laws, rows)

    def _compute(self, draft: Draft, laws: list[Law]) -> tuple[list[Row], an.Analysis | None]:
        """The rows; for a draft of own sections only, with the draft's column read from
        its text (and that reading)."""
        ordinance = assemble(self.library, draft)
        if not an.own_sections_only(self.library, ordinance):
            return coverage_rows(self.library, draft, laws, ordinance), None
        # The rows from the reading alone (the answer search of coverage_rows would look
        # for answers that change no text of an imported law).
        analysis = an.analyze(self.library, draft, laws, ordinance=ordinance)
        providers = {e for c in self.library.clauses.values() for e in c.elements}
        return [Row(r.finding.element, ELEMENTS.get(r.finding.element, r.finding.name),
                    r.finding.present, r.statuses, r.finding.element in providers,
                    r.addition.suggestion if r.addition is not None else None)
                for r in analysis.rows], analysis

    def fill(self, laws: list[Law], rows: list[Row]) -> None:
        table = self.query_one(DataTable)
        current = self.current_element()
        table.clear(columns=True)
        width = self._element_width(laws)
        table.add_column(" ", key="mark", width=1)  # the cursor row's mark: not colour alone
        table.add_column("ID", key="id")
        table.add_column("Element", width=width, key="element")
        table.add_column("Draft", key="draft")
        for law in laws:
            table.add_column(law.short, key=f"law:{law.id}")
        for row in rows:
            label = row.label  # on a wide screen a longer name wraps, read in full
            if width < WRAP_FROM and len(label) > width:  # else the pane below has it
                label = label[:width - 1] + "\u2026"
            dim = "" if row.shown else "dim"
            addable = row.element in self.insertable if self.analysis is not None \
                else row.suggestion is not None
            cells: list[Text] = [
                Text(" "),
                Text(row.element, style="bold yellow" if row.wanted else dim),
                Text(label, style=dim),
                Text("✓ yes", style="green") if row.in_draft else
                Text("+ add", style="bold yellow") if addable else
                Text("– no", style="dim"),
            ]
            cells += [Text(code, style=CELL_STYLES.get(code, "")) for code in row.codes]
            table.add_row(*cells, key=row.element, height=1 if len(label) <= width else None)
        if current is None:  # first fill: start at the first element there is to add
            current = next((r.element for r in rows if (
                r.element in self.insertable if self.analysis is not None
                else r.suggestion is not None)), None)
        self._marked = None
        if current is not None:
            table.move_cursor(row=table.get_row_index(current), animate=False)
        self.mark_cursor()
        have = sum(r.in_draft for r in rows)
        wanted = sum(r.wanted for r in rows)
        how = self.how or "no laws: choose some on the left"
        missing = ("nothing these laws have is missing" if not wanted else
                   f"[b]{wanted}[/b] that these laws have {'is' if wanted == 1 else 'are'} "
                   "missing ([yellow]+ add[/]: Enter)")
        read = " (read from its text: its sections are its own)" if self.analysis else ""
        self.query_one("#coverage-summary", Static).update(
            f"The draft has [b]{have}[/b] of 50 elements{read}; {missing}. "
            f"Compared with {escape(how)}.")
        self.describe()

    def _element_width(self, laws: list[Law]) -> int:
        """The element column's width: what the table has left once the other columns
        have theirs (each with a cell's padding of 2), the full names if they fit,
        at least ``ELEMENT_WIDTH``."""
        table = self.query_one(DataTable)
        others = (1 + 2) + (2 + 2) + (5 + 2) + sum(max(len(law.short), 1) + 2 for law in laws)
        room = table.size.width - others - 2 - 2  # its own padding, the scroll bar
        longest = max((len(label) for label in ELEMENTS.values()), default=ELEMENT_WIDTH)
        return max(ELEMENT_WIDTH, min(room, longest))

    def current_element(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None

    def row(self, element: str | None) -> Row | None:
        return next((r for r in self.rows if r.element == element), None)

    def mark_cursor(self) -> None:
        """Mark the cursor row in the first column: "▶" while the table has the focus,
        "▷" when it has not (the highlight alone is a colour)."""
        table = self.query_one(DataTable)
        current = self.current_element()
        mark = "\u25b6" if self.focused is table else "\u25b7"
        if self._marked is not None and self._marked[0] != current and \
                self._marked[0] in table.rows:
            table.update_cell(self._marked[0], "mark", Text(" "))
        if current is not None:
            table.update_cell(current, "mark", Text(mark, style="bold"))
            self._marked = (current, mark)
        else:
            self._marked = None

    def watch_focused(self, focused: object) -> None:
        """The focus moved: the cursor row's mark says whether the table has it."""
        if self.is_mounted and self.query(DataTable):
            self.mark_cursor()

    @on(DataTable.RowHighlighted, "#coverage-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.mark_cursor()
        self.describe()
        self.preview_suggestion()

    @work(exclusive=True, group="suggestion")
    async def preview_suggestion(self) -> None:
        """What applying the highlighted element's suggestion would change in the law
        (sections, words, questions), worked out on a thread as the interview does."""
        from ...core.whatif import change_effect

        view = self.query_one(OptionEffectView)
        row = self.row(self.current_element())
        if row is None or row.suggestion is None or self.rows_draft is not self.draft \
                or self.analysis is not None:  # an imported law's answers change no text
            view.clear()
            return
        await asyncio.sleep(0.01)  # debounce: the cursor may be moving on
        draft = self.draft
        effect = await asyncio.to_thread(
            change_effect, self.library, draft, row.suggestion.apply(draft),
            memo=self.session.renders, today=self.oapp.today)
        if self.draft is not draft or self.current_element() != row.element:
            return
        prompts = {qid: q.prompt for qid, q in self.library.questions.items()}
        view.show_effect(effect, f"{row.element} {row.label}", prompts, verb="add")
        table = self.query_one(DataTable)  # the box took room from it: keep the row in view
        self.call_after_refresh(table.move_cursor, row=table.cursor_row, animate=False)

    def describe(self) -> None:
        """The highlighted element in full: the laws' cells and notes, how to add it."""
        row = self.row(self.current_element())
        detail = self.query_one("#coverage-detail", Static)
        if row is None:
            detail.update("")
            return
        lines = [f"[b]{row.element}[/b] {escape(row.label)}"]
        cells = ["draft " + ("[green]has it[/]" if row.in_draft else "[dim]lacks it[/]")]
        for law, code in zip(self.laws, row.codes, strict=True):
            note = law.notes.get(row.element)
            cells.append(f"{escape(law.short)} [{CELL_STYLES.get(code, '')}]{escape(code)}[/]"
                         + (f" ({escape(note)})" if note else ""))
        lines.append(" · ".join(cells))
        lines += self._found_lines(row.element)
        advice = self.advice.get(row.element)
        addable = row.element in self.insertable if self.analysis is not None \
            else row.suggestion is not None
        if addable and advice:
            lines.append(f"[b]Enter adds it:[/b] {escape(advice)}. (Ctrl+Z undoes it.)")
        elif advice:
            lines.append(f"[dim]{escape(advice[:1].upper() + advice[1:])}.[/dim]")
        detail.update("\n".join(lines))

    def _found_lines(self, element: str) -> list[str]:
        """Where the text shows the element (own-section drafts only)."""
        found = self.analysis.row(element) if self.analysis is not None else None
        if found is None or not found.finding.confidence:
            return []
        f = found.finding
        what = f"Found ({f.level}, {f.confidence:.2f})" if f.present else \
            f"[dim]A weak hint ({f.confidence:.2f})[/dim]"
        return [f"{what} in {escape(f.where)}: \u201c{escape(f.sentence)}\u201d"]

    @on(DataTable.RowSelected, "#coverage-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.apply(str(event.row_key.value))

    def apply(self, element: str) -> bool:
        """Apply the suggestion for ``element`` to the draft; False if there is none."""
        row = self.row(element)
        if row is None:
            return False
        if row.in_draft:
            self.notify(f"The draft already has {element} {row.label}.", timeout=4)
            return False
        if (row.suggestion is None or self.analysis is not None) and \
                element not in self.insertable:
            self.notify(self.advice.get(element, "Nothing to apply for this element."),
                        title=element, severity="warning")
            return False
        if self.rows_draft is not self.draft:
            self.notify("The table is being updated; try again in a moment.")
            return False
        if self.analysis is not None:  # own sections: add the clause's text as a section
            self._insert(element, self.draft)
            return True
        assert row.suggestion is not None
        suggestion = row.suggestion
        if suggestion.loses or suggestion.removes:  # it takes something out: ask first
            lost = "\n".join([f"• {e} {ELEMENTS.get(e, '')}" for e in suggestion.loses]
                             + [f"• section \u201c{h}\u201d" for h in suggestion.removes])

            def answer(yes: bool | None) -> None:
                if yes:
                    self._apply(row)

            self.app.push_screen(ConfirmDialog(
                f"[b]Add {element} {escape(row.label)}?[/b]\n\n{escape(suggestion.text)}."
                + (f" This {escape(suggestion.sections)}." if suggestion.sections else "") +
                f"\n\nThe draft would then no longer have:\n{escape(lost)}\n\n"
                "(Ctrl+Z undoes it.)", "Change the draft", "Keep it as it is"), answer)
            return True
        self._apply(row)
        return True

    def _apply(self, row: Row) -> None:
        assert row.suggestion is not None
        if self.rows_draft is not self.draft:
            self.notify("The draft changed meanwhile; nothing was applied.")
            return
        self.oapp.edit_draft(row.suggestion.apply(self.draft))
        effect = f" (this {row.suggestion.sections})" if row.suggestion.sections else ""
        self.notify(f"{escape(row.suggestion.text)}{escape(effect)}. Ctrl+Z undoes it.",
                    title=f"Added {row.element} {row.label}", timeout=8)

    @work(exclusive=True, group="coverage-insert")
    async def _insert(self, element: str, draft: Draft) -> None:
        """Add the library clause that has ``element`` as the draft's new last section."""
        try:
            new, done = await asyncio.to_thread(an.add_element, self.library, draft, element)
        except ValueError as exc:
            self.notify(escape(str(exc)), title=element, severity="warning")
            return
        if self.draft is not draft:
            self.notify("The draft changed meanwhile; nothing was added.")
            return
        self.oapp.edit_draft(new)
        self.notify(f"{escape(done[:1].upper() + done[1:])}. Ctrl+Z undoes it.",
                    title=f"Added {element} {ELEMENTS.get(element, '')}", timeout=8)

    def action_close(self) -> None:
        self.dismiss()
