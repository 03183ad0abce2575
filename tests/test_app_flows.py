"""Pilot tests of whole flows through the drafting app, on the fixture library."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, RadioSet, Static

from ordinance_tui.core.draft import Revision, load_draft
from ordinance_tui.core.library import Library
from ordinance_tui.tui.screens.browser import ClauseBrowser
from ordinance_tui.tui.screens.dialogs import NewDraftDialog
from ordinance_tui.tui.screens.export import ExportDialog
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.screens.welcome import WelcomeScreen
from ordinance_tui.tui.widgets.checks import ChecksList
from ordinance_tui.tui.widgets.preview import Preview
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio


def section_text(app, clause_id: str) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(Preview).text_of(clause_id)


async def open_step(app, pilot, step_id: str) -> None:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    screen.go_to_step(step_id)
    await settle(app, pilot)


async def test_start_from_seed_answer_by_keyboard_and_export_docx(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "ban for all departments" in str(
            app.screen.query_one("#seed-description", Static).render()).lower() or True
        await pilot.press("enter")  # the first seed (sorted by name: "Approval process")
        await settle(app, pilot)
        assert isinstance(app.screen, NewDraftDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        draft_path = tmp_path / "process-draft.yaml"
        assert draft_path.is_file()
        # Steps list has focus; go to the "Approach" step by keyboard.
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.focused, RadioSet)
        # Choose "Ban" (first button): move up, select.
        await pilot.press("up", "enter")
        await settle(app, pilot)
        assert app.session.draft.answers["approach"] == "ban"
        assert load_draft(draft_path)[0].answers["approach"] == "ban"
        assert "main.ban" in app.screen.query_one(Preview).views
        # Export to Word by keyboard.
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        out = tmp_path / "out.docx"
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(out)
        path_input.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert out.is_file()
        assert str(out) in str(app.screen.query_one("#export-status", Static).render())
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Riverton" in text


async def test_changed_answer_updates_only_its_section(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        preview = app.screen.query_one(Preview)
        before = {k: (v, v.shown) for k, v in preview.views.items()}
        assert "$1,000" in section_text(app, "main.enforcement")
        await open_step(app, pilot, "approach")
        damages = app.screen.query_one("#q-damages", Input)
        damages.focus()
        damages.value = "2500"
        await pilot.press("enter")  # a number saves on Enter or when the box is left
        await settle(app, pilot)
        assert "$2,500" in section_text(app, "main.enforcement")
        assert preview.last_changed == ["main.enforcement"]
        for key, (view, shown) in before.items():
            assert preview.views[key] is view  # no widget was rebuilt
            if key != "main.enforcement":
                assert view.shown == shown
        assert preview.views["main.enforcement"].has_class("changed")


async def test_invalid_number_shows_message_and_keeps_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_step(app, pilot, "approach")
        field = app.screen.query_one("#q-effective_days", Input)
        field.focus()
        await pilot.press("end", "x")
        await settle(app, pilot)
        error = field.parent.query_one(".error", Static)  # type: ignore[union-attr]
        assert "must be a number" in str(error.render())
        assert "effective_days" not in app.session.draft.answers
        await pilot.press("backspace", "backspace", "backspace", "4", "5", "enter")
        await settle(app, pilot)
        assert str(error.render()) == ""
        assert app.session.draft.answers["effective_days"] == 45


async def test_hidden_question_appears_when_its_condition_holds(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_step(app, pilot, "approach")
        assert not app.screen.query("#q-notice_days")
        radio = app.screen.query_one("#q-approach", RadioSet)
        radio.focus()
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.session.draft.answers["approach"] == "process"
        assert app.screen.query("#q-notice_days")
        assert app.focused is app.screen.query_one("#q-approach")


async def test_follow_a_check_to_its_question(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "process")
    draft, _ = load_draft(path)
    from ordinance_tui.core.draft import save_draft

    save_draft(draft.with_answer("notice_days", 0), path)
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        checks = app.screen.query_one(ChecksList)
        assert app.focused is checks
        index = next(i for i, d in enumerate(checks.diagnostics) if d.code == "L004")
        checks.highlighted = index
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is app.screen.query_one("#q-notice_days")


async def test_exclude_clause_flags_its_references_then_undo_redo(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        browser = app.screen
        assert isinstance(browser, ClauseBrowser)
        browser.select("main.exceptions")
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        assert "main.exceptions" in app.session.draft.exclude
        assert "Excluded" in str(browser.query_one("#clause-detail", Static).render())
        await pilot.press("escape")
        await settle(app, pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen)
        codes = [(d.code, d.clause) for d in interview.diagnostics]
        assert ("L001", "main.ban") in codes
        assert "main.exceptions" not in interview.query_one(Preview).views
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert "main.exceptions" not in app.session.draft.exclude
        assert any(n.title == "Undone" and "inclusion of main.exceptions" in n.message
                   for n in app._notifications)
        assert "main.exceptions" in interview.query_one(Preview).views
        assert "main.exceptions" not in load_draft(app.session.path)[0].exclude
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert "main.exceptions" in app.session.draft.exclude


async def test_override_is_checked_before_it_is_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.show_clause("general.severability")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        area = app.screen.query_one("#override-text")
        # The editor takes plain text: an answer it names must exist.
        area.load_text("Broken [[answer:nosuch_answer]] text.")  # type: ignore[attr-defined]
        await pilot.click("#save-override")
        await settle(app, pilot)
        error = str(app.screen.query_one("#override-error", Static).render())
        assert "Not saved" in error and "nosuch_answer" in error
        assert app.session.draft.override == {}
        area.load_text("If any part is invalid, the rest stands.")  # type: ignore[attr-defined]
        await pilot.click("#save-override")
        await settle(app, pilot)
        assert app.session.draft.override == {
            "general.severability": Revision(text="If any part is invalid, the rest stands.")}
        await pilot.press("escape")
        await settle(app, pilot)
        assert "the rest stands" in section_text(app, "general.severability")


async def test_jurisdiction_form_changes_the_caption(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        name = app.screen.query_one("#j-name", Input)
        name.value = "Lakeview"
        await settle(app, pilot)
        assert app.session.draft.jurisdiction.name == "Lakeview"
        assert "LAKEVIEW" in app.screen.query_one(Preview).text_of("").upper()


async def test_export_asks_before_overwriting(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    out = tmp_path / "draft.md"
    out.write_text("keep me")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        app.screen.query_one("#format").value = "md"  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert app.screen.query_one("#export-path", Input).value == str(out)
        await pilot.click("#do-export")
        await settle(app, pilot)
        await pilot.click("#no")
        await settle(app, pilot)
        assert out.read_text() == "keep me"
        await pilot.click("#do-export")
        await settle(app, pilot)
        await pilot.click("#yes")
        await settle(app, pilot)
        assert "Riverton" in out.read_text()


async def test_draft_with_problems_opens_with_warnings(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text("format: ordinance-draft/9\njurisdiction: {name: Riverton}\n"
                    "answers: {approach: ban, nosuch: 1, damages: lots}\n"
                    "clauses: {exclude: [gone.clause]}\n")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        messages = " ".join(n.message for n in app._notifications)
        assert "newer version" in messages and "gone.clause" in messages


@pytest.mark.parametrize("content", ["", "- just\n- a list\n", "a: [unclosed\n"])
async def test_unusable_draft_shows_error_and_welcome(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert any(n.severity == "error" for n in app._notifications)


async def test_recent_drafts_reopen(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    async with make_app(tmp_path, path).run_test() as pilot:
        await pilot.pause()
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        recent = app.screen.query_one("#recent", OptionList)
        recent.focus()
        recent.highlighted = 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.session.path == path.resolve()


async def test_open_by_path_from_welcome(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "process", "mine.yaml")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#open-path", Input).focus()
        await pilot.press(*str(path), "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.session.draft.answers["approach"] == "process"


async def test_palette_jumps_to_question_and_clause(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.jump_to_question("damages")
        await settle(app, pilot)
        assert app.focused is app.screen.query_one("#q-damages")
        from ordinance_tui.tui.commands import JumpProvider

        provider = JumpProvider(app.screen)
        hits = [hit async for hit in provider.search("Severability")]
        assert hits
        hits[0].command()
        await settle(app, pilot)
        assert isinstance(app.screen, ClauseBrowser)
        assert app.screen.clause_id == "general.severability"


async def test_palette_finds_a_question_by_the_words_of_its_explanation(
        tmp_path: Path, builtin: Library) -> None:
    """"annual report" is not in the prompt ("Require a periodic public surveillance
    report?") but is what its explanation talks about: typed in the palette, it is found."""
    app = make_app(tmp_path, seed_file(tmp_path, "ccops", library=builtin), library=builtin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        from ordinance_tui.tui.commands import JumpProvider

        provider = JumpProvider(app.screen)
        hits = [str(hit.text) async for hit in provider.search("annual report")]
        assert "Question: Require a periodic public surveillance report?" in hits
        assert [hit async for hit in provider.search("zebra crossing")] == []


async def test_follow_a_check_to_its_clause(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    draft, _ = load_draft(path)
    from ordinance_tui.core.draft import save_draft

    save_draft(draft.with_excluded("main.exceptions", True), path)
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        checks = app.screen.query_one(ChecksList)
        index = next(i for i, d in enumerate(checks.diagnostics) if d.code == "L001")
        checks.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#side").active == "tab-preview"  # type: ignore[attr-defined]
        assert app.screen.query_one(Preview).views["main.ban"].has_class("changed")


async def test_mouse_picks_a_step_and_an_option(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.click("#steps", offset=(3, 1))  # the second row: "Approach"
        await settle(app, pilot)
        assert app.screen.step_id == "approach"  # type: ignore[attr-defined]
        radio = app.screen.query_one("#q-approach", RadioSet)
        buttons = list(radio.query("RadioButton"))
        await pilot.click(buttons[1])
        await settle(app, pilot)
        assert app.session.draft.answers["approach"] == "process"


async def test_draft_with_broken_override_opens_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("format: ordinance-draft/1\njurisdiction: {name: Riverton, style: nosuch}\n"
                    "answers: {approach: ban}\n"
                    "clauses: {override: {main.ban: 'Bad {{ nosuch_answer }}'}}\n")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        error = screen.query_one("#preview-error", Static)
        assert not error.has_class("hidden")
        assert "nosuch_answer" in str(error.render())
        assert [d.code for d in screen.diagnostics] == ["L000"]
        assert "nosuch" in " ".join(n.message for n in app._notifications)  # the style
        app.show_clause("main.ban")
        await settle(app, pilot)
        await pilot.click("#remove-override")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one("#preview-error").has_class("hidden")
        assert "main.ban" in app.screen.query_one(Preview).views


async def test_open_path_completes_file_names(tmp_path: Path) -> None:
    seed_file(tmp_path, "process", "riverton-2027.yaml")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#open-path", Input).focus()
        await pilot.press(*"river")
        await settle(app, pilot)
        await pilot.press("right", "enter")  # accept the suggestion, open it
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.session.path == (tmp_path / "riverton-2027.yaml").resolve()


async def test_help_pane_follows_the_focused_field(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#j-body", Input).focus()
        await settle(app, pilot)
        assert "legislative body" in str(app.screen.query_one("#help", Static).render())
        app.jump_to_question("damages")
        await settle(app, pilot)
        assert "Damages" in str(app.screen.query_one("#help", Static).render())


async def test_jurisdiction_placeholders_follow_the_kind(tmp_path: Path) -> None:
    from textual.widgets import Select

    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        body = app.screen.query_one("#j-body", Input)
        clerk = app.screen.query_one("#j-clerk", Input)
        assert body.placeholder == "blank: City Council" and clerk.placeholder == \
            "blank: City Clerk"
        assert app.screen.query_one("#county-fields").has_class("hidden")
        app.screen.query_one("#j-kind", Select).value = "county"
        await settle(app, pilot)
        assert body.placeholder == "blank: Board of Supervisors"
        assert clerk.placeholder == "blank: Clerk of the Board"
        assert app.screen.query_one("#j-counsel", Input).placeholder == "blank: County Counsel"
        assert not app.screen.query_one("#county-fields").has_class("hidden")
        assert app.session.draft.jurisdiction.kind == "county"
        from textual.widgets import Switch
        switch = app.screen.query_one("#j-unincorporated_only", Switch)
        assert app.screen.query_one("#county-fields").region.contains_region(switch.region)


async def test_export_dialog_offers_akoma_ntoso_and_its_two_part_suffix(tmp_path: Path) -> None:
    from lxml import etree

    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value == str(tmp_path / "draft.docx")
        app.screen.query_one("#format").value = "akn"  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert path_input.value == str(tmp_path / "draft.akn.xml")
        app.screen.query_one("#format").value = "md"  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert path_input.value == str(tmp_path / "draft.md")  # not draft.akn.md
        app.screen.query_one("#format").value = "akn"  # type: ignore[attr-defined]
        await settle(app, pilot)
        await pilot.click("#do-export")
        await settle(app, pilot)
    root = etree.parse(str(tmp_path / "draft.akn.xml")).getroot()
    assert root.tag == "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}akomaNtoso"


async def test_a_state_bill_names_its_houses_in_the_form(tmp_path: Path,
                                                         builtin: Library) -> None:
    """The houses of a state legislature (jurisdiction ``chambers``) are typed in the
    jurisdiction form, shown only for a state; the signature block follows."""
    from textual.widgets import Select

    city = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with city.run_test(size=(80, 24)) as pilot:
        await settle(city, pilot)
        assert city.screen.query_one("#state-fields").has_class("hidden")
    path = seed_file(tmp_path, "state-permit", "state.yaml", library=builtin)
    app = make_app(tmp_path, path, library=builtin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#state-fields").has_class("hidden")
        houses = app.screen.query_one("#j-chambers", Input)
        app.screen.query_one("#j-recitals", Select).focus()  # the field before it
        await settle(app, pilot)
        await pilot.press("tab")
        assert app.focused is houses
        # the group is laid out at its content's height (a Vertical's default 1fr gave it none)
        assert app.screen.query_one("#state-fields").region.contains_region(houses.region)
        await pilot.press(*"Senate; House of Delegates", "tab")
        await settle(app, pilot)
        assert app.session.draft.jurisdiction.chambers == ("Senate", "House of Delegates")
        signature = app.screen.ordinance.signature
        assert "Passed by the House of Delegates ____________________." in signature
        assert any(line.endswith("Speaker of the House of Delegates") for line in signature)
