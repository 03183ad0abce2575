"""The interview: step list, questions with help, and the live preview and checks.

The screen is the controller for one open draft. Question widgets post
``Answered``; the screen asks the app to apply the edit (which saves it and
records it for undo), then ``draft_changed`` refreshes the step list, the
visible questions and, in a worker, the preview and the checks. While the cursor
rests on an option not yet chosen (``Considering``), another worker works out what
choosing it would change (``core.whatif``, through the session's render memo) and
shows it above the preview.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import msgspec
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from ...core.answers import asked_questions, validate_answer
from ...core.assemble import assemble, build_context
from ...core.conditions import explain
from ...core.document import Ordinance
from ...core.library import Library, Question
from ...core.lint import Diagnostic, lint
from ...core.problems import InputError
from ...core.qtypes import qtype
from ...core.whatif import OptionEffect, option_effect
from ..widgets.checks import ChecksList
from ..widgets.jurisdiction import FIRST_FIELDS, TEXT_FIELDS, JurisdictionForm, field_id
from ..widgets.preview import OptionEffectView, Preview
from ..widgets.questions import QuestionField
from .session_view import SessionView

if TYPE_CHECKING:
    pass

JURISDICTION = "jurisdiction"
# An imported law (``clauses: library: none``): no library question changes its text.
OWN_SECTIONS_NOTE = (
    "[b]These sections are your own[/b]: edit them in place (Ctrl+O, then e). The "
    "library's questions do not change them, so only the jurisdiction is asked (and "
    "any answer your text prints).")
LINT_DELAY = 0.15  # seconds between the preview being painted and running the checks
OPTION_DELAY = 0.01  # seconds the cursor rests on an option before its effect is worked out
OPTION_CACHE = 64  # option effects kept for the current draft
# The jurisdiction fields a form shown before the first preview mounts at once.
FIRST_NAMES = ("kind", "style", *(name for name, _, _ in TEXT_FIELDS[:FIRST_FIELDS]))


class QuestionPane(VerticalScroll):
    """The scrolling column of a step's questions.

    It never takes the focus itself (Shift+Tab from the first question goes straight to
    the step list), and it keeps the focused control in view whenever its own size
    changes (the help pane below grows and shrinks with the help of the focused field).
    """

    can_focus = False

    def keep_focus_in_view(self) -> None:
        """Scroll so the focused control, and its question's prompt if it fits, show."""
        focused = self.screen.focused
        if focused is None or self not in focused.ancestors:
            return
        field = next((a for a in focused.ancestors if isinstance(a, QuestionField)), None)
        if field is not None and field.outer_size.height <= self.scrollable_content_region.height:
            self.scroll_to_widget(field, animate=False, immediate=True)
        self.scroll_to_widget(focused, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.keep_focus_in_view)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.keep_focus_in_view)


class InterviewScreen(SessionView, Screen[None]):
    """Answer the questions step by step and watch the ordinance change."""

    BINDINGS = [
        # The footer shows what fits at 80 columns, uncut; F1 lists every key (the others
        # are in the palette too).
        Binding("ctrl+n", "next_step", "Next"),
        Binding("ctrl+up", "previous_step", "Previous step", show=False),
        # Export and Checks take priority over the Input's own ctrl+e / ctrl+k
        # (end of line, delete to end) so that they work from any field.
        Binding("ctrl+e", "app.export", "Export", priority=True),
        Binding("ctrl+k", "checks", "Checks", priority=True),
        Binding("ctrl+z", "app.undo", "Undo"),
        Binding("ctrl+y", "app.redo", "Redo"),
        Binding("f1", "keys", "All keys"),
        Binding("ctrl+o", "app.browse", "Clauses", show=False),
        Binding("ctrl+l", "app.coverage", "Coverage", show=False),
        Binding("ctrl+r", "app.versions", "Versions", show=False),
        Binding("ctrl+t", "toggle_side", "Show or hide the preview", show=False),
        Binding("escape", "leave_checks", "From Checks back to the preview", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.step_id = JURISDICTION
        self.shown_questions: tuple[str, ...] = ()
        self.visible_ids: set[str] = set()
        self.ordinance: Ordinance | None = None
        self.diagnostics: list[Diagnostic] = []
        self._step_labels: list[Text] = []
        self._before_checks: Widget | None = None  # focused when the Checks tab was opened
        self._pane_step = ""  # the step whose fields the question pane holds ("" while filling)
        self._assembled: tuple[object, Ordinance] | None = None  # (draft, its ordinance)
        # The option under the cursor: (question, answer it gives, label, unticks, current,
        # its index).
        self.considering: tuple[Question, Any, str, bool, bool, int] | None = None
        self._effects: dict[tuple[str, object], OptionEffect] = {}
        self._effects_draft: object = None  # the draft the kept effects were worked out for

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield OptionList(id="steps")
                yield Static("[green]✓[/] answered\n○ [yellow]n[/] to answer\n[dim]– not asked[/]",
                             id="legend")
            with Vertical(id="middle"):
                yield QuestionPane(id="questions")
                yield Static("", id="help")
            with TabbedContent(id="side", initial="tab-preview"):
                with TabPane("Preview", id="tab-preview"):
                    yield Static("", id="preview-error", classes="hidden")
                    yield OptionEffectView(id="option-effect")
                    yield Preview(id="preview")
                with TabPane("Checks", id="tab-checks"):
                    yield ChecksList(id="checks")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_steps()
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = 0
        resume = self.oapp.take_resume()
        step, focus = resume if resume else (JURISDICTION, "")
        known = [JURISDICTION] + [s.id for s in self.library.steps]
        if step not in known or step != JURISDICTION and not self.step_questions(step):
            step, focus = JURISDICTION, ""  # a step of another library, or not asked now
        if focus and not focus.startswith("#") and focus not in self.step_questions(step):
            focus = ""
        steps.highlighted = steps.get_option_index(step)
        self.show_step(step, focus=focus or None)
        self.run_assembly(highlight=False)
        steps.focus()

    # -- steps -----------------------------------------------------------------------
    def _answer_context(self) -> dict[str, Any]:
        """Answers with defaults filled in ({} if even that fails, e.g. a broken style)."""
        try:
            context, _ = build_context(self.library, self.session.draft, self.session.renders)
        except Exception:
            return {}
        return context

    def refresh_steps(self) -> None:
        """Recompute visible questions and each step's progress label."""
        try:
            self.visible_ids = set(asked_questions(self.library, self.session.draft,
                                                   self._answer_context(),
                                                   self.session.renders))
        except Exception:  # a broken condition: ask everything rather than crash
            self.visible_ids = set(self.library.questions)
        answers = self.session.draft.answers
        steps = self.query_one("#steps", OptionList)
        first = Text("Jurisdiction")
        options = [Option(first, id=JURISDICTION)]
        labels: list[Text] = [first]
        for step in self.library.ordered_steps():
            shown = [q for q in step.questions if q in self.visible_ids]
            left = sum(q not in answers for q in shown)
            label = Text()
            if not shown:
                label.append("– ", style="dim")
                label.append(step.title, style="dim")
            elif left:
                label.append("○ ")
                label.append(step.title)
                label.append(f" {left}", style="bold yellow")
            else:
                label.append("✓ ", style="green")
                label.append(step.title)
            options.append(Option(label, id=step.id))
            labels.append(label)
        highlighted = steps.highlighted
        if steps.option_count == len(options):
            for i, label in enumerate(labels):
                if label != self._step_labels[i]:
                    steps.replace_option_prompt_at_index(i, label)
        else:
            steps.clear_options()
            steps.add_options(options)
            steps.highlighted = highlighted
        self._step_labels = labels

    def step_questions(self, step_id: str) -> tuple[str, ...]:
        step = next((s for s in self.library.steps if s.id == step_id), None)
        if step is None:
            return ()
        return tuple(q for q in step.questions if q in self.visible_ids
                     and q in self.library.questions)

    def show_step(self, step_id: str, focus: str | None = None) -> None:
        """Fill the question pane with a step's questions (or the jurisdiction form).

        ``focus`` is a question to focus, "" for the first one, None to leave the focus.
        """
        self.commit_typing()
        self.step_id = step_id
        self.call_later(self._fill_step, step_id, focus)

    def commit_typing(self) -> None:
        """Save what the focused number or date box holds, if it is valid and new.

        Such boxes save when left or on Enter; a change of step, a dialog or quitting
        must not lose a value typed just before.
        """
        focused = self.focused
        field = next((a for a in focused.ancestors_with_self if isinstance(a, QuestionField)),
                     None) if focused is not None else None
        if field is not None:
            new, value = field.take_typed()
            if new:
                self._answer(field.question, value)

    def _field_for(self, qid: str, context: dict[str, Any]) -> QuestionField:
        """A question's field, showing the draft's answer (as written if it is invalid)."""
        question = self.library.questions[qid]
        draft = self.session.draft
        if question.kind_defaults:  # the field shows the default of this draft's kind
            question = msgspec.structs.replace(
                question, default=question.default_in(draft.jurisdiction.kind))
        given = draft.answers.get(qid)
        invalid = qid in draft.answers and validate_answer(question, given)[1] is not None
        return QuestionField(question, context.get(qid, question.default), qid in draft.answers,
                             invalid=given if invalid else None)

    async def _fill_step(self, step_id: str, focus: str | None) -> None:
        if step_id != self.step_id:
            return  # a later call replaced this one
        pane = self.query_one("#questions", QuestionPane)
        self._pane_step = ""  # being refilled: _sync_step leaves it alone
        if pane.children:
            await pane.remove_children()
        draft = self.session.draft
        widgets: list[Widget] = []
        if step_id == JURISDICTION:
            self.shown_questions = ()
            styles = {sid: s.name for sid, s in self.library.styles.items()}
            if draft.library == "none":
                widgets.append(Static(OWN_SECTIONS_NOTE, id="own-sections-note",
                                      classes="step-intro"))
            # Before the first preview is drawn, only the form's first fields are mounted;
            # the rest follow it (_complete_form), unless the focus goes to one of them.
            first = {f"#{field_id(name)}" for name in FIRST_NAMES}
            defer = self.ordinance is None and (not focus or focus in first)
            widgets.append(JurisdictionForm(draft.jurisdiction, styles, defer=defer))
            self.query_one("#help", Static).update(
                "[b]Jurisdiction[/b]\nThe government enacting the law, its titles and, "
                "if it amends the code, the new chapter. Move between fields with Tab.")
        else:
            step = next(s for s in self.library.steps if s.id == step_id)
            self.shown_questions = self.step_questions(step_id)
            context = self._answer_context()
            header = f"[b]{_esc(step.title)}[/b]"
            if step.intro:
                header += f"\n{_esc(step.intro.strip())}"
            widgets.append(Static(header, classes="step-intro"))
            widgets += [self._field_for(qid, context) for qid in self.shown_questions]
            widgets.append(self._no_questions())
            self.query_one("#help", Static).update(
                "[dim]Move to a question (Tab, or click it) to see what each option "
                "means, what it trades away and which laws chose it.[/dim]")
        widgets.append(Button("Next step ›", id="next-step", variant="primary"))
        await pane.mount_all(widgets)
        self._pane_step = step_id
        self.oapp.visited(step_id, focus or "")
        pane.scroll_home(animate=False)
        if focus == "":
            self._focus_first()
        elif focus and focus.startswith("#"):
            for widget in pane.query(focus):
                widget.focus()
        elif focus:
            self.focus_question(focus)

    def _no_questions(self) -> Static:
        note = Static("No questions in this step apply to the answers so far.",
                      classes="step-intro no-questions")
        note.display = not self.shown_questions
        return note

    async def _sync_step(self) -> None:
        """Match the pane to the step's visible questions, keeping the fields that stay.

        Fields that stay are not rebuilt, so the focus, a list's highlighted option, a
        box's text being typed and the scroll position remain where the user left them.
        """
        if self.step_id == JURISDICTION or self._pane_step != self.step_id:
            return  # another step is being shown: _fill_step shows the current set
        wanted = self.step_questions(self.step_id)
        pane = self.query_one("#questions", QuestionPane)
        fields = {w.question.id: w for w in pane.children if isinstance(w, QuestionField)}
        intro = next((w for w in pane.children if w.has_class("step-intro")), None)
        if intro is None or wanted == self.shown_questions:
            return
        focused = self.focused
        self.shown_questions = wanted
        gone = [f for qid, f in fields.items() if qid not in wanted]
        if gone:
            await pane.remove_children(gone)
        context = self._answer_context()
        previous: Widget = intro
        for qid in wanted:
            field = fields.get(qid)
            if field is None:
                field = self._field_for(qid, context)
                await pane.mount(field, after=previous)
            previous = field
        pane.query_one(".no-questions").display = not wanted
        if focused is not None and not focused.is_attached:
            self._focus_first()
        pane.call_after_refresh(pane.keep_focus_in_view)

    def focus_question(self, qid: str) -> None:
        for field in self.query(QuestionField):
            if field.question.id == qid:
                field.focus_control()
                pane = self.query_one("#questions", QuestionPane)
                pane.call_after_refresh(pane.keep_focus_in_view)
                return

    @on(OptionList.OptionSelected, "#steps")
    def _step_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.show_step(event.option.id, focus="")

    def _focus_first(self) -> None:
        pane = self.query_one("#questions", VerticalScroll)
        for widget in pane.query("Input, RadioSet, SelectionList, Switch, Select"):
            if widget.focusable:
                widget.focus()
                return

    def action_next_step(self) -> None:
        ids = [JURISDICTION] + [s.id for s in self.library.ordered_steps()]
        i = ids.index(self.step_id) if self.step_id in ids else 0
        for step_id in ids[i + 1:]:
            if step_id == JURISDICTION or self.step_questions(step_id):
                self.go_to_step(step_id)
                return
        self.notify("That was the last step. Review the checks, then export (Ctrl+E).",
                    title="Interview done")

    def action_previous_step(self) -> None:
        ids = [JURISDICTION] + [s.id for s in self.library.ordered_steps()]
        i = ids.index(self.step_id) if self.step_id in ids else 0
        for step_id in reversed(ids[:i]):
            if step_id == JURISDICTION or self.step_questions(step_id):
                self.go_to_step(step_id)
                return
        self.notify("This is the first step.")

    @on(Button.Pressed, "#next-step")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next_step()

    def go_to_step(self, step_id: str, focus: str | None = None) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = steps.get_option_index(step_id)
        self.show_step(step_id, focus="" if focus is None else focus)

    def jump_to_question(self, qid: str) -> None:
        """Show a question's step and focus it (or say why it is hidden)."""
        question = self.library.questions.get(qid)
        if question is None:
            return
        if qid not in self.visible_ids:
            self.notify(f"“{question.prompt}” is not asked with the current answers"
                        f" (it is asked when {explain(self.library, question.when)}).",
                        severity="warning")
            self.go_to_step(question.step)
            return
        self.go_to_step(question.step, focus=qid)

    async def open_question(self, qid: str) -> None:
        """``jump_to_question``, done before the caller returns (the palette's jump).

        The app handles keys only after the callback that runs this has finished, so
        keys typed right after picking the question reach its box, not the field that
        had the focus before the step was refilled.
        """
        question = self.library.questions.get(qid)
        if question is None or qid not in self.visible_ids:
            self.jump_to_question(qid)
            return
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = steps.get_option_index(question.step)
        self.commit_typing()
        self.step_id = question.step
        await self._fill_step(question.step, qid)

    # -- answers ---------------------------------------------------------------------
    def on_question_field_answered(self, event: QuestionField.Answered) -> None:
        event.stop()
        self._answer(event.question, event.value)

    def _answer(self, question: Question, value: Any) -> None:
        """Save an answer (None: back to the default)."""
        draft = self.session.draft
        qid = question.id
        new = draft.without_answer(qid) if value is None else draft.with_answer(qid, value)
        self.oapp.edit_draft(new, key=f"answer:{qid}")

    def on_question_field_focused(self, event: QuestionField.Focused) -> None:
        self.query_one("#help", Static).update(help_text(event.question))
        self.oapp.visited(self.step_id, event.question.id)

    def on_jurisdiction_form_field_focused(self, event: JurisdictionForm.FieldFocused) -> None:
        self.query_one("#help", Static).update(_esc(event.help))
        self.oapp.visited(JURISDICTION, f"#j-{event.name}")

    def on_jurisdiction_form_changed(self, event: JurisdictionForm.Changed) -> None:
        event.stop()
        new = self.session.draft.with_jurisdiction(**{event.name: event.value})
        self.oapp.edit_draft(new, key=f"jurisdiction:{event.name}")

    def draft_changed(self, *, rebuild: bool = False) -> None:
        """The draft changed: refresh steps, the question pane if needed, and the preview.

        An answer only adds or removes the fields whose questions appear or disappear;
        undo and redo (``rebuild``) refill the step, focusing the same question.
        """
        self.refresh_steps()
        if rebuild:
            focused = self.focused
            field = next((a for a in focused.ancestors_with_self
                          if isinstance(a, QuestionField)), None) if focused else None
            again = field.question.id if field else None
            if focused is not None and focused.id and focused.id.startswith("j-"):
                again = f"#{focused.id}"  # a jurisdiction field
            self.call_later(self._fill_step, self.step_id, again)
        elif self.step_questions(self.step_id) != self.shown_questions:
            self.call_later(self._sync_step)
        self.run_assembly(highlight=True)
        if self.considering is not None:
            self.preview_option()  # the option's effect on the draft as it is now

    # -- what choosing an option would change ----------------------------------------
    def on_question_field_considering(self, event: QuestionField.Considering) -> None:
        event.stop()
        if event.value is None:  # the cursor left this question's options
            if self.considering is not None and self.considering[0] is event.question:
                self.considering = None
                self.workers.cancel_group(self, "option")
                self.query_one(OptionEffectView).clear()
            return
        self.considering = (event.question, event.value, event.label, event.unticks,
                            event.current, event.index)
        self.preview_option()

    @work(exclusive=True, group="option")
    async def preview_option(self) -> None:
        """Work out and show what choosing the option under the cursor would change.

        Debounced (a newer cursor move cancels this worker during ``OPTION_DELAY``);
        the assembly runs on a thread with the session's render memo, so only the
        templates that read the answer render again. Effects are kept per draft: going
        back to an option shows it at once. Once shown, the options either side are
        worked out too (the next Up or Down then shows at once), unless the cursor
        moves first.
        """
        if self.considering is None:
            return
        question, value, label, unticks, current, index = self.considering
        draft = self.session.draft
        if self._effects_draft is not draft:
            self._effects, self._effects_draft = {}, draft
        effect = OptionEffect(question.id, value, same=True) if current else \
            self._effects.get(_effect_key(question, value))
        if effect is None:
            await asyncio.sleep(OPTION_DELAY)
            effect = await self._work_out(question, value, draft)
        if self.considering is None or self.considering[0] is not question or \
                self.considering[1] != value or self.session.draft is not draft:
            return  # the cursor moved on, or the draft changed, meanwhile
        view = self.query_one(OptionEffectView)
        if effect.same:
            view.clear()  # the cursor is on the answer as it is: nothing to tell
        else:
            prompts = {qid: q.prompt for qid, q in self.library.questions.items()}
            verb = "untick" if unticks else "tick" if qtype(question).many else "choose"
            view.show_effect(effect, label, prompts, verb=verb)
        field = next((f for f in self.query(QuestionField) if f.question is question), None)
        for near in (index + 1, index - 1):
            answer = field.option_answer(near) if field is not None else None
            if answer is None or answer[3]:
                continue
            if _effect_key(question, answer[0]) not in self._effects:
                await self._work_out(question, answer[0], draft)

    async def _work_out(self, question: Question, value: Any, draft: Any) -> OptionEffect:
        """The effect of answering ``question`` with ``value`` (on a thread), kept."""
        base = self._assembled[1] if self._assembled and self._assembled[0] is draft else None
        effect = await asyncio.to_thread(
            option_effect, self.library, draft, question.id, value, base=base,
            visible=self.visible_ids, memo=self.session.renders, today=self.oapp.today)
        if self._effects_draft is draft:
            if len(self._effects) >= OPTION_CACHE:
                self._effects.pop(next(iter(self._effects)))
            self._effects[_effect_key(question, value)] = effect
        return effect

    # -- preview and checks ----------------------------------------------------------
    @work(exclusive=True, group="assemble")
    async def run_assembly(self, highlight: bool = True) -> None:
        """Assemble off the event loop, then update changed sections and the checks."""
        app = self.oapp
        draft = self.session.draft
        error_box = self.query_one("#preview-error", Static)
        try:
            ordinance = await asyncio.to_thread(assemble, self.library, draft, today=app.today,
                                                memo=self.session.renders)
        except Exception as exc:  # never let a bad template or pack take the app down
            app.started()
            self._complete_form()
            messages = ([p.message for p in exc.problems] if isinstance(exc, InputError)
                        else [f"unexpected error while assembling: {exc!r}"])
            error_box.update(_esc("The draft does not assemble:\n" + "\n".join(messages)))
            error_box.remove_class("hidden")
            self.show_checks([Diagnostic("L000", "error", m, "fix the clause text or override")
                              for m in messages])
            return
        error_box.add_class("hidden")
        self.ordinance = ordinance
        self._assembled = (draft, ordinance)
        self.query_one(Preview).show(ordinance, highlight=highlight)
        # Checks can wait: let the preview paint first (on a loaded machine that takes
        # longer than the delay, and the checks' thread would hold the interpreter
        # against it), and skip them entirely while the user is still typing (a newer
        # change cancels this worker). The jurisdiction form's last fields wait too.
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        self.call_after_refresh(self._complete_form)
        await painted.wait()
        app.started()
        await asyncio.sleep(LINT_DELAY)
        try:
            diagnostics = await asyncio.to_thread(lint, self.library, draft, ordinance)
        except Exception as exc:
            diagnostics = [Diagnostic("L000", "error", f"the checks failed: {exc!r}")]
        self.show_checks(diagnostics)

    def _complete_form(self) -> None:
        """Mount the fields a jurisdiction form shown before the first preview left out."""
        for form in self.query(JurisdictionForm):
            form.mount_rest()

    def show_checks(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        checks = next(iter(self.query(ChecksList)), None)
        if checks is None:  # the screen was closed while the checks ran (a draft reopened)
            return
        checks.show(diagnostics)
        errors = sum(d.severity == "error" for d in diagnostics)
        label = f"Checks ({len(diagnostics)})" if diagnostics else "Checks ✓"
        if errors:
            label = f"Checks ({errors} error{'s' if errors > 1 else ''})"
        self.query_one(TabbedContent).get_tab("tab-checks").label = label

    def action_keys(self) -> None:
        """List every key of the interview, those the footer has no room for included."""
        from .dialogs import KeysDialog

        keys = [(self.app.get_key_display(b), b.description) for b in self._bindings_list()]
        self.app.push_screen(KeysDialog([*keys, ("Ctrl+P", "Palette: every command"),
                                         ("Ctrl+Q", "Quit")]))

    def _bindings_list(self) -> list[Binding]:
        seen: set[str] = set()
        out = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action not in seen and \
                    binding.action != "keys":
                seen.add(binding.action)
                out.append(binding)
        return out

    def action_checks(self) -> None:
        """Show the checks and focus them; pressed again, go back to the preview."""
        tabs = self.query_one(TabbedContent)
        if tabs.active == "tab-checks" and not self.has_class("no-side"):
            self.action_leave_checks()
            return
        checks = self.query_one(ChecksList)
        if self.focused is not checks:
            self._before_checks = self.focused
        tabs.active = "tab-checks"
        self.remove_class("no-side")
        checks.focus()

    def action_leave_checks(self) -> None:
        """Back from the checks to the preview, and to the field the user was in."""
        tabs = self.query_one(TabbedContent)
        if tabs.active != "tab-checks":
            return
        tabs.active = "tab-preview"
        before, self._before_checks = self._before_checks, None
        if before is not None and before.is_attached and before.focusable:
            before.focus()
        else:
            self._focus_first()

    def action_toggle_side(self) -> None:
        self.toggle_class("no-side")

    def on_checks_list_follow(self, event: ChecksList.Follow) -> None:
        d = event.diagnostic
        if d.question:
            self.jump_to_question(d.question)
        elif d.clause:
            self.reveal_clause(d.clause)
        else:
            self.notify(d.hint or d.message)

    def reveal_clause(self, clause_id: str) -> None:
        """Show a clause's section in the preview; open the browser if it is not there."""
        self.remove_class("no-side")
        self.query_one(TabbedContent).active = "tab-preview"
        if not self.query_one(Preview).reveal(clause_id):
            self.oapp.action_browse(clause_id)


def _effect_key(question: Question, value: Any) -> tuple[str, object]:
    """How an option's effect is kept: the question and the answer, frozen."""
    from ...core.incremental import frozen

    try:
        return (question.id, frozen(value))
    except Exception:
        return (question.id, repr(value))


def help_text(question: Question) -> str:
    """The help pane's text for a question: its help, then each choice's."""
    lines = [f"[b]{_esc(question.prompt)}[/b]"]
    if question.help:
        lines.append(_esc(" ".join(question.help.split())))
    for choice in question.choices:
        if choice.help:
            lines.append(f"• [b]{_esc(choice.label)}[/b]: {_esc(' '.join(choice.help.split()))}")
    hint = qtype(question).hint(question)
    if hint:
        lines.append(f"[dim]{_esc(hint)}[/dim]")
    return "\n".join(lines)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
