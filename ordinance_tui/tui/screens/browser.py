"""The clause browser: the library by part, with each clause's text, commentary,
sources and status, and the drafter's own sections among them; include or exclude a
clause; edit its heading and text (an override); add or edit a section of one's own.

A new override is plain text (``core.plaintext``), never a template: the editor opens
with the section as it reads in the draft (``section_plain``). An override in the older
form (a Jinja2 template) is edited as that template. Either is checked by assembling the
draft with it before it is accepted; if that fails, the error is shown and the draft is
left as it was.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static, TextArea, Tree

from ...core.assemble import assemble, build_context, clause_applies, render_commentary
from ...core.conditions import explain
from ...core.draft import Draft, OwnSection, Revision
from ...core.library import Clause, Library
from ...core.plaintext import compile_plain, section_plain
from ...core.problems import InputError
from .session_view import SessionView

PLAIN_INTRO = ("Edit the heading and the text in plain words, printed as typed: \"- \" "
               "starts a subsection, [[clause.id]] is a reference, [[answer:id]] an answer. "
               "It is checked before it is saved.")
TEMPLATE_INTRO = ("This text is in the older template form (the markup of the clause "
                  "files); it is kept in that form. It is checked before it is saved.")


UNWRAPPED = 10_000  # "As it reads": paragraphs a line each, wrapped by the pane alone


class ClauseBrowser(SessionView, Screen[None]):
    """Browse and adjust the clauses the draft uses."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("x", "toggle_include", "Include/exclude"),
        Binding("e", "edit", "Edit text"),
        Binding("a", "add_section", "Add section", show=False),
    ]

    def __init__(self, library: Library, clause_id: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.clause_id = clause_id
        self.editing = False
        self.loaded = ""  # the text the override editor opened with
        self._own_ids: set[str] = set()

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
                    yield Static(PLAIN_INTRO, id="override-intro", classes="intro")
                    yield Input("", id="override-heading", placeholder="Heading")
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

    def _own_label(self, section: OwnSection) -> Text:
        excluded = section.id in self.draft.exclude
        label = Text("✗ " if excluded else "+ ", style="red" if excluded else "cyan")
        label.append(section.heading)
        label.append(" (yours)", style="cyan")
        return label

    def _leaf_label(self, item: str, context: dict[str, object]) -> Text:
        clause = self.library.clauses.get(item)
        if clause is not None:
            return self._label(clause, context)
        own = self.draft.own_section(item)
        return self._own_label(own) if own is not None else Text(item, style="dim")

    def _own_part(self, section: OwnSection) -> str:
        """The part the tree lists a drafter's section under (as the assembly places it)."""
        if section.part in self.library.parts:
            return section.part
        follows = self.library.clauses.get(section.after)
        if follows is not None:
            return follows.part
        own = self.draft.own_section(section.after)
        if own is not None and own is not section and own.after != section.id:
            return self._own_part(own)
        parts = [p.id for p in sorted(self.library.parts.values(), key=lambda p: p.index)
                 if p.kind == "sections"]
        return parts[-1] if parts else ""

    def build_tree(self) -> None:
        tree: Tree[str] = self.query_one(Tree)
        tree.clear()
        tree.root.expand()
        tree.show_root = False
        context = self._answers()
        by_part: dict[str, list[str]] = {}
        for clause in self.library.ordered_clauses():
            by_part.setdefault(clause.part, []).append(clause.id)
        for own in self.draft.added:  # after the section it follows, else at the part's end
            items = by_part.setdefault(self._own_part(own), [])
            at = items.index(own.after) + 1 if own.after in items else len(items)
            while at < len(items) and self.draft.own_section(items[at]) is not None:
                at += 1
            items.insert(at, own.id)
        self._own_ids = {s.id for s in self.draft.added}
        parts = sorted(self.library.parts.values(), key=lambda p: p.index)
        for part in parts:
            items = by_part.get(part.id, [])
            if not items:
                continue
            node = tree.root.add(part.heading or part.id.replace("-", " ").title(), expand=True)
            for item in items:
                node.add_leaf(self._leaf_label(item, context), data=item)

    def refresh_labels(self) -> None:
        context = self._answers()
        tree: Tree[str] = self.query_one(Tree)
        for part in tree.root.children:
            for leaf in part.children:
                if leaf.data is not None:
                    leaf.set_label(self._leaf_label(leaf.data, context))

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

    def show_own(self, section: OwnSection) -> None:
        """Show a drafter's section in the right pane."""
        excluded = section.id in self.draft.exclude
        width = UNWRAPPED  # one paragraph a line: the pane wraps it, once
        shown = self.oapp.preview_text(section.id, width)
        if excluded:
            status = "[red]Excluded from this draft[/red] (press x to include it again)"
        elif section.after and self.oapp.preview_text(section.after, width) == "":
            status = (f"[yellow]The section it follows ({escape(section.after)}) is not in "
                      "this draft[/yellow]: it is printed at the end of its part. Press e "
                      "to choose where it goes.")
        else:
            status = "[green]Your own section[/green] (press e to edit it, x to exclude it)"
        lines = [f"[b]{escape(section.heading)}[/b]  [dim]{escape(section.id)}[/dim]", status,
                 ""]
        if shown:
            lines += ["[b]As it reads in this draft[/b]", escape(shown), ""]
        lines += ["[b]Your text[/b]", escape(section.text.rstrip()), ""]
        if section.purpose:
            lines += ["[b]In the long title[/b]", escape(section.purpose), ""]
        if section.note:
            lines += ["[b]Note[/b]", escape(section.note.rstrip())]
        self.query_one("#clause-detail", Static).update("\n".join(lines))
        self.query_one("#toggle-include", Button).label = "Include" if excluded else "Exclude"
        self.query_one("#remove-override", Button).disabled = True

    def show(self, clause_id: str) -> None:
        """Show a clause's details in the right pane."""
        self.clause_id = clause_id
        own = self.draft.own_section(clause_id) if clause_id not in self.library.clauses \
            else None
        if own is not None:
            self.show_own(own)
            return
        if clause_id not in self.library.clauses:
            return
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
        width = UNWRAPPED  # one paragraph a line: the pane wraps it, once
        shown = self.oapp.preview_text(clause_id, width)
        if shown:
            lines += ["[b]As it reads in this draft[/b]", escape(shown), ""]
        override = draft.override.get(clause_id)
        if override is not None and (excluded or not applies):
            lines += ["[yellow]Your text is kept in the draft but not printed, because this "
                      "clause is not in it.[/yellow] Include the clause again (x, or change "
                      "the answers it depends on), or press Restore to delete your text.", ""]
        if isinstance(override, Revision):
            lines.append("[b]Your text[/b] [yellow](edited)[/yellow]")
            if override.heading:
                lines.append(f"Heading: {escape(override.heading)}")
            lines += [escape(override.text.rstrip() or "(the library's text)"), ""]
        elif override is not None:
            lines += ["[b]Your text[/b] [yellow](edited, in the template form)[/yellow]",
                      escape(override), ""]
        else:
            lines += ["[dim]Press e to edit the heading and text in plain words.[/dim]", ""]
        text = override
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
        clause = self.library.clauses.get(self.clause_id)
        own = self.draft.own_section(self.clause_id)
        title = clause.title if clause is not None else own.heading if own else self.clause_id
        self.oapp.edit_draft(
            self.draft.with_excluded(self.clause_id, excluded))
        self.notify(f"{'Excluded' if excluded else 'Included'} “{title}”.")

    def draft_changed(self, *, rebuild: bool = False) -> None:
        """The draft changed (here or by undo): refresh labels and details."""
        if {s.id for s in self.draft.added} != self._own_ids:
            self.build_tree()  # a section of the drafter's own came or went
            if self.clause_id and self.draft.own_section(self.clause_id) is None and \
                    self.clause_id not in self.library.clauses:
                self.clause_id = None
        else:
            self.refresh_labels()
        if self.clause_id:
            self.show(self.clause_id)

    def action_add_section(self) -> None:
        """Add a section of the drafter's own after the highlighted one."""
        if not self.editing:
            self.oapp.action_add_section(self.clause_id)

    @on(Button.Pressed, "#edit")
    def action_edit(self) -> None:
        if self.clause_id is None or self.editing:
            return
        if self.draft.own_section(self.clause_id) is not None:
            self.oapp.action_edit_section(self.clause_id)
            return
        clause = self.library.clauses[self.clause_id]
        override = self.draft.override.get(clause.id)
        heading = self.query_one("#override-heading", Input)
        if isinstance(override, str):  # the older form: a template, edited as one
            text, heading.value = override, clause.title
        else:
            heading.value = override.heading if override and override.heading \
                else clause.title
            text = override.text if override and override.text else self.plain_text(clause)
        self.loaded = text
        self.query_one("#override-intro", Static).update(
            TEMPLATE_INTRO if isinstance(override, str) else PLAIN_INTRO)
        heading.display = not isinstance(override, str)
        area = self.query_one("#override-text", TextArea)
        area.load_text(text)
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

    def plain_text(self, clause: Clause) -> str:
        """The clause as it reads in this draft, as plain text ('' if it is not in it)."""
        try:
            ordinance = assemble(self.library, self.draft, today=self.oapp.today)
        except InputError:
            return ""
        section = ordinance.find(clause.id)
        return section_plain(section.blocks) if section is not None else ""

    @on(Button.Pressed, "#save-override")
    def _save_override(self) -> None:
        assert self.clause_id is not None
        text = self.query_one("#override-text", TextArea).text
        clause = self.library.clauses[self.clause_id]
        override = self.draft.override.get(clause.id)
        change: str | Revision | None
        if isinstance(override, str):
            change = None if text.rstrip() == clause.text.rstrip() else text
        else:
            heading = " ".join(self.query_one("#override-heading", Input).value.split())
            revision = Revision(heading="" if heading == clause.title else heading,
                                text="" if text.rstrip() == self.loaded.rstrip() and not (
                                    override and override.text) else text)
            change = revision if revision.heading or revision.text.strip() else None
            if change is not None and change.text:
                context, _ = build_context(self.library, self.draft)
                terms = {*self.library.definitions, *(d.term for d in self.draft.defined)}
                _, problems = compile_plain(change.text, terms, context, "the text")
                if problems:
                    self.query_one("#override-error", Static).update(
                        "Not saved. " + escape("\n".join(problems)))
                    return
        candidate = self.draft.with_override(self.clause_id, change)
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
