"""Pilot tests: a section of the drafter's own, added, seen, moved, excluded around and
undone; an override's heading edited in plain words; old template overrides still work."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TextArea

from ordinance_tui.core.draft import OwnSection, Revision, load_draft
from ordinance_tui.tui.screens.browser import ClauseBrowser
from ordinance_tui.tui.screens.interview import InterviewScreen
from ordinance_tui.tui.screens.own_section import OwnSectionScreen
from ordinance_tui.tui.widgets.preview import Preview
from tests.test_app_support import make_app, seed_file, settle

pytestmark = pytest.mark.asyncio
OWN = "own.report-of-violations"


def preview(app):  # type: ignore[no-untyped-def]
    interview = next(s for s in app.screen_stack if isinstance(s, InterviewScreen))
    return interview.query_one(Preview)


async def add_section(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+G, then fill the form: after Section 5, a list item, a term and a reference."""
    await pilot.press("ctrl+g")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, OwnSectionScreen)
    screen.query_one("#own-heading", Input).value = "Report of violations"
    after = screen.query_one("#own-after", Select)
    assert ("Section 5. Enforcement", "main.enforcement") in [
        (str(label), value) for label, value in after._options]  # type: ignore[attr-defined]
    after.value = "main.enforcement"
    area = screen.query_one("#own-text", TextArea)
    area.load_text("Each Official who learns of a violation of ")
    area.move_cursor(area.document.end)
    screen.query_one("#own-ref", Select).value = "main.ban"  # inserts [[main.ban]]
    await settle(app, pilot)
    area.move_cursor(area.document.end)
    area.insert(" must report it:\n- in writing, {{ never a template }}; and\n- at once.")
    assert "[[main.ban]]" in area.text
    await pilot.click("#save-own")
    await settle(app, pilot)


async def test_add_a_section_after_section_5_see_it_in_the_preview_and_undo(tmp_path: Path
                                                                            ) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await add_section(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        (section,) = app.session.draft.added
        assert section.id == OWN and section.after == "main.enforcement"
        assert load_draft(app.session.path)[0].added == (section,)
        shown = preview(app)
        assert OWN in shown.views
        text = " ".join(shown.text_of(OWN).split())
        assert text.startswith("Section 6. Report of violations [your section]")
        assert "of Section 3 must report it" in text and "{{ never a template }}" in text
        assert "(a) in writing" in text and "(b) at once." in text
        assert "Section 7. Severability" in " ".join(
            shown.text_of("general.severability").split())
        assert "Official" in " ".join(shown.text_of("definitions").split())
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session.draft.added == ()
        assert OWN not in preview(app).views
        assert load_draft(app.session.path)[0].added == ()


async def test_move_it_exclude_what_it_refers_to_then_undo(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await add_section(app, pilot)
        app.show_clause(OWN)
        await settle(app, pilot)
        browser = app.screen
        assert isinstance(browser, ClauseBrowser)
        detail = str(browser.query_one("#clause-detail", Static).render())
        assert "Report of violations" in detail and "Your own section" in detail
        await pilot.press("e")  # the section's own editor
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, OwnSectionScreen)
        editor.query_one("#own-after", Select).value = "main.ban"
        await pilot.click("#save-own")
        await settle(app, pilot)
        assert app.screen is browser
        assert app.session.draft.own_section(OWN).after == "main.ban"
        assert " ".join(preview(app).text_of(OWN).split()).startswith(
            "Section 4. Report of violations")
        browser.select("main.ban")
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen)
        codes = {(d.code, d.clause) for d in interview.diagnostics}
        assert ("L001", OWN) in codes  # its reference to the excluded ban
        assert any(d.code == "L013" and OWN in d.message for d in interview.diagnostics)
        assert OWN in preview(app).views  # kept, at the end of its part
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert "main.ban" not in app.session.draft.exclude
        assert not any(d.code in ("L001", "L013") for d in interview.diagnostics)


async def test_edit_an_overrides_heading_in_plain_words(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.show_clause("main.enforcement")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        browser = app.screen
        heading = browser.query_one("#override-heading", Input)
        area = browser.query_one("#override-text", TextArea)
        assert heading.value == "Enforcement"
        assert "{{" not in area.text and area.text.startswith(
            "- A person injured by a violation of [[main.ban]] may sue.")
        heading.value = "Remedies"
        await pilot.click("#save-override")
        await settle(app, pilot)
        assert app.session.draft.override == {"main.enforcement": Revision(heading="Remedies")}
        assert " ".join(preview(app).text_of("main.enforcement").split()).startswith(
            "Section 5. Remedies [edited text] (a) A person injured by a violation of "
            "Section 3 may sue.")
        await pilot.press("e")
        await settle(app, pilot)
        area.load_text("Anyone harmed by [[main.ban]] may sue {{ as typed }}.")
        await pilot.click("#save-override")
        await settle(app, pilot)
        assert app.session.draft.override["main.enforcement"] == Revision(
            heading="Remedies", text="Anyone harmed by [[main.ban]] may sue {{ as typed }}.")
        assert "Anyone harmed by Section 3 may sue {{ as typed }}." in " ".join(
            preview(app).text_of("main.enforcement").split())


async def test_an_older_template_override_is_edited_as_a_template(tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    path.write_text(path.read_text(encoding="utf-8") + "clauses:\n  override:\n"
                    "    general.severability: \"Each {{ term('Official') }} stays.\"\n",
                    encoding="utf-8")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Each Official stays." in " ".join(
            preview(app).text_of("general.severability").split())
        app.show_clause("general.severability")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        browser = app.screen
        assert not browser.query_one("#override-heading", Input).display
        area = browser.query_one("#override-text", TextArea)
        assert area.text == "Each {{ term('Official') }} stays."
        area.load_text("Each {{ term('Official') }} remains.")
        await pilot.click("#save-override")
        await settle(app, pilot)
        assert app.session.draft.override == {
            "general.severability": "Each {{ term('Official') }} remains."}


async def test_a_section_needs_a_heading_and_good_marks(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.action_add_section("main.ban")
        await settle(app, pilot)
        screen = app.screen
        await pilot.click("#save-own")
        await settle(app, pilot)
        assert "heading" in str(screen.query_one("#own-error", Static).render())
        screen.query_one("#own-heading", Input).value = "Marks"
        screen.query_one("#own-text", TextArea).load_text("Uses [[answer:nosuch_answer]].")
        await pilot.click("#save-own")
        await settle(app, pilot)
        error = str(screen.query_one("#own-error", Static).render())
        assert "Not saved" in error and "nosuch_answer" in error
        assert app.session.draft.added == ()
        screen.query_one("#own-answer", Select).value = "damages"
        await settle(app, pilot)
        area = screen.query_one("#own-text", TextArea)
        assert "[[answer:damages]]" in area.text
        area.load_text("Damages of [[answer:damages|dollars]].")
        await pilot.click("#save-own")
        await settle(app, pilot)
        assert app.session.draft.added == (OwnSection(
            id="own.marks", heading="Marks", text="Damages of [[answer:damages|dollars]].",
            after="main.ban"),)



async def test_define_a_term_from_the_palette_and_use_it_in_a_section(tmp_path: Path) -> None:
    from ordinance_tui.tui.screens.own_section import DefinitionDialog

    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Define a term")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, DefinitionDialog)
        dialog.query_one("#def-term", Input).value = "Cell-Site Simulator"
        dialog.query_one("#def-text", Input).value = "a device that mimics a cell tower"
        await pilot.click("#save-def")
        await settle(app, pilot)
        assert [d.term for d in app.session.draft.defined] == ["Cell-Site Simulator"]
        assert "Cell-Site Simulator" not in preview(app).text_of("definitions")  # unused
        app.action_add_section("main.ban")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#own-heading", Input).value = "Cell-site simulators"
        screen.query_one("#own-text", TextArea).load_text(
            "No Official may use a Cell-Site Simulator.")
        await pilot.click("#save-own")
        await settle(app, pilot)
        definitions = " ".join(preview(app).text_of("definitions").split())
        assert "Cell-Site Simulator”” means a device that mimics a cell tower." in definitions
        assert load_draft(app.session.path)[0].defined == app.session.draft.defined


async def test_an_override_of_a_clause_not_in_the_draft_is_shown_with_what_to_do(
        tmp_path: Path) -> None:
    path = seed_file(tmp_path, "ban")
    path.write_text(path.read_text(encoding="utf-8") + "clauses:\n  override:\n"
                    "    main.process: {heading: Our process, text: Our own words.}\n",
                    encoding="utf-8")
    app = make_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        interview = app.screen
        assert any(d.code == "L013" and "main.process" in d.message
                   for d in interview.diagnostics)
        app.show_clause("main.process")
        await settle(app, pilot)
        detail = " ".join(str(app.screen.query_one("#clause-detail", Static).render()).split())
        assert "Your text is kept in the draft but not printed" in detail
        assert "Our own words." in detail and "Heading: Our process" in detail
