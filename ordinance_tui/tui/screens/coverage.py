"""Coverage: the draft's elements (E01-E50) next to enacted laws', and how to add the rest.

The same view as ``ordinance compare``, from ``core.coverage.coverage_rows``. The
law list on the left chooses the columns (by default the laws of the draft seed's
family, or all laws); the table lists the 50 elements; the pane below it explains
the highlighted one. Enter on an element the draft lacks applies the suggested
answer change through ``OrdinanceApp.edit_draft`` (the same path as answering a
question: autosaved, undoable), and the table is recomputed in a worker.
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

from ...core.coverage import Coverage, Row, coverage_rows, pick_laws, suggestion_lines
from ...core.draft import Draft
from ...core.laws import ELEMENTS, Law
from ...core.library import Library
from ...core.problems import InputError
from ..widgets.marks import MarkedSelectionList
from .dialogs import ConfirmDialog
from .session_view import SessionView

if TYPE_CHECKING:
    pass

ELEMENT_WIDTH = 22  # the element column; the full label is in the pane below
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
        self._next_how = ""  # how the next change of the law list was made

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
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Coverage against enacted laws"
        laws = self.query_one("#laws", SelectionList)
        ordered = sorted(self.library.laws.values(), key=lambda law: law.short.lower())
        try:
            chosen, self.how = pick_laws(self.library, self.draft, "family")
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

    def action_family_laws(self) -> None:
        chosen, how = pick_laws(self.library, self.draft, "family")
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
            rows = await asyncio.to_thread(coverage_rows, self.library, draft, laws)
        except Exception as exc:  # a broken condition or template must not end the app
            messages = ([p.message for p in exc.problems] if isinstance(exc, InputError)
                        else [repr(exc)])
            self.query_one("#coverage-summary", Static).update(
                "[red]Coverage could not be computed:[/] " + escape("; ".join(messages)))
            return
        self.rows, self.rows_draft = rows, draft
        self.advice = dict(suggestion_lines(Coverage(tuple(laws), tuple(rows))))
        self.fill(laws, rows)

    def fill(self, laws: list[Law], rows: list[Row]) -> None:
        table = self.query_one(DataTable)
        current = self.current_element()
        table.clear(columns=True)
        table.add_column("ID", key="id")
        table.add_column("Element", width=ELEMENT_WIDTH, key="element")
        table.add_column("Draft", key="draft")
        for law in laws:
            table.add_column(law.short, key=f"law:{law.id}")
        for row in rows:
            label = row.label if len(row.label) <= ELEMENT_WIDTH else \
                row.label[:ELEMENT_WIDTH - 1] + "\u2026"
            dim = "" if row.shown else "dim"
            cells: list[Text] = [
                Text(row.element, style="bold yellow" if row.wanted else dim),
                Text(label, style=dim),
                Text("✓ yes", style="green") if row.in_draft else
                Text("+ add", style="bold yellow") if row.suggestion else
                Text("– no", style="dim"),
            ]
            cells += [Text(code, style=CELL_STYLES.get(code, "")) for code in row.codes]
            table.add_row(*cells, key=row.element)
        if current is None:  # first fill: start at the first element there is to add
            current = next((r.element for r in rows if r.suggestion), None)
        if current is not None:
            table.move_cursor(row=table.get_row_index(current), animate=False)
        have = sum(r.in_draft for r in rows)
        wanted = sum(r.wanted for r in rows)
        how = self.how or "no laws: choose some on the left"
        missing = ("nothing these laws have is missing" if not wanted else
                   f"[b]{wanted}[/b] that these laws have {'is' if wanted == 1 else 'are'} "
                   "missing ([yellow]+ add[/]: Enter)")
        self.query_one("#coverage-summary", Static).update(
            f"The draft has [b]{have}[/b] of 50 elements; {missing}. "
            f"Compared with {escape(how)}.")
        self.describe()

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

    @on(DataTable.RowHighlighted, "#coverage-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.describe()

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
        advice = self.advice.get(row.element)
        if row.suggestion is not None and advice:
            lines.append(f"[b]Enter adds it:[/b] {escape(advice)}. (Ctrl+Z undoes it.)")
        elif advice:
            lines.append(f"[dim]{escape(advice[:1].upper() + advice[1:])}.[/dim]")
        detail.update("\n".join(lines))

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
        if row.suggestion is None:
            self.notify(self.advice.get(element, "Nothing to apply for this element."),
                        title=element, severity="warning")
            return False
        if self.rows_draft is not self.draft:
            self.notify("The table is being updated; try again in a moment.")
            return False
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

    def action_close(self) -> None:
        self.dismiss()
