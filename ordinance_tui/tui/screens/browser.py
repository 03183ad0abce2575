"""The clause browser: the library by part, with each clause's text, commentary,
sources and status; include or exclude a clause; edit its text override.

An override is checked by assembling the draft with it before it is accepted;
if assembly fails, the error is shown and the draft is left as it was.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static, TextArea, Tree

from ...core.assemble import assemble, build_context, clause_applies, render_commentary
from ...core.conditions import explain
from ...core.draft import Draft
from ...core.library import Clause, Library
from ...core.problems import InputError
from .session_view import SessionView


class ClauseBrowser(SessionView, Screen[None]):
    """Browse and adjust the clauses the draft uses."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("x", "toggle_include", "Include/exclude"),
        Binding("e", "edit", "Edit text"),
    ]

    def __init__(self, library: Library, clause_id: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.clause_id = clause_id
        self.editing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="browser"):
            with Vertical(id="tree-col"):
                yield Tree("Clauses", id="clause-tree")
                yield Static("[green]✓[/] in the draft  [red]✗[/] excluded\n"
                             "[dim]·[/] not applicable  [yellow]✎[/] edited", id="tree-legend")
            with Vertical(id="clause-side"):
                yield VerticalScroll(Static("", id="clause-detail"), id="clause-scroll")
                with Vertical(id="override-box", classes="hidden"):
                    yield Static("Edit the text (same markup as the clause files). "
                                 "It is checked before it is saved.", classes="intro")
                    yield TextArea("", id="override-text")
                    yield Static("", id="override-error", classes="error")
                    with Horizontal(classes="buttons"):
                        yield Button("Check and save", id="save-override", variant="primary")
                        yield Button("Cancel", id="cancel-override")
                with Horizontal(classes="buttons", id="clause-buttons"):
                    yield Button("Exclude", id="toggle-include")
                    yield Button("Edit text", id="edit")
                    yield Button("Restore", id="remove-override",
                                 tooltip="Go back to the library's text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Clause library"
        self.build_tree()
        tree = self.query_one(Tree)
        tree.focus()
        target = self.clause_id or next(iter(c.id for c in self.library.ordered_clauses()), None)
        if target:
            self.select(target)

    def _answers(self) -> dict[str, object]:
        try:
            return build_context(self.library, self.draft)[0]
        except Exception:  # shown as "not applicable"; the preview reports the error
            return {}

    def _applies(self, clause: Clause, context: dict[str, object]) -> bool:
        try:
            return clause_applies(self.library, clause, context)
        except Exception:
            return False

    def _commentary(self, clause: Clause, context: dict[str, object]) -> str:
        """The clause's commentary as this draft's annotated edition prints it."""
        try:
            return render_commentary(self.library, f"clause:{clause.id}:commentary",
                                     clause.commentary, {"this": "ordinance", **context}).strip()
        except Exception:  # the preview reports the error; show the note as written
            return clause.commentary.strip()

    def _label(self, clause: Clause, context: dict[str, object]) -> Text:
        if clause.id in self.draft.exclude:
            mark, style = "✗ ", "red"
        elif self._applies(clause, context):
            mark, style = "✓ ", "green"
        else:
            mark, style = "· ", "dim"
        label = Text(mark, style=style)
        label.append(clause.title, style="" if mark != "· " else "dim")
        if clause.id in self.draft.override:
            label.append(" ✎", style="yellow")
        return label

    def build_tree(self) -> None:
        tree: Tree[str] = self.query_one(Tree)
        tree.clear()
        tree.root.expand()
        tree.show_root = False
        context = self._answers()
        by_part: dict[str, list[Clause]] = {}
        for clause in self.library.ordered_clauses():
            by_part.setdefault(clause.part, []).append(clause)
        parts = sorted(self.library.parts.values(), key=lambda p: p.index)
        for part in parts:
            clauses = by_part.get(part.id, [])
            if not clauses:
                continue
            node = tree.root.add(part.heading or part.id.replace("-", " ").title(), expand=True)
            for clause in clauses:
                node.add_leaf(self._label(clause, context), data=clause.id)

    def refresh_labels(self) -> None:
        context = self._answers()
        tree: Tree[str] = self.query_one(Tree)
        for part in tree.root.children:
            for leaf in part.children:
                if leaf.data is not None and leaf.data in self.library.clauses:
                    leaf.set_label(self._label(self.library.clauses[leaf.data], context))

    def select(self, clause_id: str) -> None:
        tree: Tree[str] = self.query_one(Tree)
        for part in tree.root.children:
            for leaf in part.children:
                if leaf.data == clause_id:
                    tree.move_cursor(leaf)
                    tree.scroll_to_node(leaf, animate=False)
        self.show(clause_id)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data:
            self.show(event.node.data)

    def show(self, clause_id: str) -> None:
        """Show a clause's details in the right pane."""
        self.clause_id = clause_id
        clause = self.library.clauses[clause_id]
        draft = self.draft
        context = self._answers()
        excluded = clause_id in draft.exclude
        applies = self._applies(clause, context)
        if excluded:
            status = "[red]Excluded from this draft[/red] (press x to include it again)"
        elif applies:
            status = "[green]Included[/green] (its condition holds for your answers)"
        else:
            status = (f"[dim]Not included: it applies when "
                      f"{escape(explain(self.library, clause.when))}[/dim]")
        lines = [f"[b]{escape(clause.title)}[/b]  [dim]{escape(clause.id)}[/dim]", status, ""]
        width = self.query_one("#clause-detail", Static).content_region.width or 70
        shown = self.oapp.preview_text(clause_id, width)
        if shown:
            lines += ["[b]As it reads in this draft[/b]", escape(shown), ""]
        text = draft.override.get(clause_id)
        lines.append("[b]Template[/b] [yellow](your edited text)[/yellow]" if text is not None
                     else "[b]Template[/b] [dim](the markup you can edit with e)[/dim]")
        lines += [escape(text if text is not None else clause.text.rstrip()), ""]
        commentary = self._commentary(clause, context)
        if commentary:
            lines += ["[b]Commentary[/b]", escape(commentary), ""]
        if clause.sources:
            lines.append("[b]Sources[/b]")
            for source in clause.sources:
                flag = "" if source.verified else " [dim](unverified)[/dim]"
                note = f": {escape(source.note)}" if source.note else ""
                lines.append(f"• {escape(source.cite)}{flag}{note}")
        self.query_one("#clause-detail", Static).update("\n".join(lines))
        self.query_one("#toggle-include", Button).label = "Include" if excluded else "Exclude"
        self.query_one("#remove-override", Button).disabled = text is None

    def action_close(self) -> None:
        if self.editing:
            self._stop_editing()
            return
        self.dismiss()

    @on(Button.Pressed, "#toggle-include")
    def action_toggle_include(self) -> None:
        if self.clause_id is None or self.editing:
            return
        excluded = self.clause_id not in self.draft.exclude
        self.oapp.edit_draft(
            self.draft.with_excluded(self.clause_id, excluded))
        self.notify(f"{'Excluded' if excluded else 'Included'} "
                    f"“{self.library.clauses[self.clause_id].title}”.")

    def draft_changed(self, *, rebuild: bool = False) -> None:
        """The draft changed (here or by undo): refresh labels and details."""
        self.refresh_labels()
        if self.clause_id:
            self.show(self.clause_id)

    @on(Button.Pressed, "#edit")
    def action_edit(self) -> None:
        if self.clause_id is None or self.editing:
            return
        clause = self.library.clauses[self.clause_id]
        area = self.query_one("#override-text", TextArea)
        area.load_text(self.draft.override.get(clause.id, clause.text.rstrip()))
        self.query_one("#override-error", Static).update("")
        self.query_one("#override-box").remove_class("hidden")
        self.query_one("#clause-buttons").add_class("hidden")
        self.query_one("#clause-scroll").add_class("hidden")
        self.editing = True
        area.focus()

    def _stop_editing(self) -> None:
        self.editing = False
        self.query_one("#override-box").add_class("hidden")
        self.query_one("#clause-buttons").remove_class("hidden")
        self.query_one("#clause-scroll").remove_class("hidden")
        self.query_one(Tree).focus()

    @on(Button.Pressed, "#cancel-override")
    def _cancel_override(self) -> None:
        self._stop_editing()

    @on(Button.Pressed, "#save-override")
    def _save_override(self) -> None:
        assert self.clause_id is not None
        text = self.query_one("#override-text", TextArea).text
        clause = self.library.clauses[self.clause_id]
        candidate = self.draft.with_override(
            self.clause_id, None if text.rstrip() == clause.text.rstrip() else text)
        error = check_draft(self.library, candidate)
        if error:
            self.query_one("#override-error", Static).update(
                "Not saved. The text does not assemble:\n" + escape(error))
            return
        self._stop_editing()
        self.oapp.edit_draft(candidate)
        self.notify(f"Saved your text for “{clause.title}”.")

    @on(Button.Pressed, "#remove-override")
    def _remove_override(self) -> None:
        if self.clause_id and self.clause_id in self.draft.override:
            self.oapp.edit_draft(
                self.draft.with_override(self.clause_id, None))
            self.notify("Restored the library text.")


def check_draft(library: Library, draft: Draft) -> str:
    """'' if the draft assembles, else the problems, one a line."""
    try:
        assemble(library, draft)
    except InputError as exc:
        return "\n".join(p.message for p in exc.problems)
    except Exception as exc:  # e.g. a sandbox violation not wrapped by the engine
        return f"{type(exc).__name__}: {exc}"
    return ""
