"""The coverage screen on an imported draft (own sections only): read from its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import load_draft, save_draft
from ordinance_tui.core.library import Library
from ordinance_tui.tui.screens.coverage import CoverageScreen

from .conftest import seed_draft
from .test_analyze import own_text_draft
from .test_app_support import laws_library, make_app, settle

pytestmark = pytest.mark.asyncio


async def test_imported_draft_shows_sentences_and_enter_adds_a_section(tmp_path: Path) -> None:
    library = laws_library()
    path = tmp_path / "imported.yaml"
    save_draft(own_text_draft(library, seed_draft(library, "ban")), path)
    before = [s for s in assemble(library, load_draft(path)[0]).all_sections() if s.own]
    app = make_app(tmp_path, path, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CoverageScreen) and screen.analysis is not None
        summary = str(screen.query_one("#coverage-summary", Static).render())
        assert "read from its text" in summary
        # The ban is found in the text (no clause of the library is in the draft).
        assert screen.row("E13") is not None and screen.row("E13").in_draft  # type: ignore
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("E13"), animate=False)
        await settle(app, pilot)
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "Found (" in detail and "Section 3 (Prohibition)" in detail
        # The approval process (E10) is missing: Enter adds the clause as a new section.
        table.move_cursor(row=table.get_row_index("E10"), animate=False)
        await settle(app, pilot)
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "Enter adds it" in detail and "as a new section" in detail
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        draft = load_draft(path)[0]  # autosaved
        after = [s for s in assemble(library, draft).all_sections() if s.own]
        assert len(after) == len(before) + 1
        assert after[-1].number == before[-1].number + 1
        assert draft.added[-1].elements == ("E10",)
        row = screen.row("E10")
        assert row is not None and row.in_draft  # read again from the new text
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert len(load_draft(path)[0].added) == len(before)


async def test_an_imported_law_asks_no_library_question_and_adds_only_what_fits(
        tmp_path: Path, builtin: Library) -> None:
    """The POST Act exported to text and imported, opened at 80×24: the interview offers
    only the jurisdiction step, with the line saying the sections are the drafter's own;
    on the coverage screen the cursor row is marked "▶" ("▷" without the focus), Enter on
    an emergency exception (which needs an approval process the law lacks) adds nothing
    and says why, and Enter on damages adds them with the civil action they refer to,
    which brings no question into the interview."""
    from ordinance_tui.core.draft import parse_draft
    from ordinance_tui.core.importing import import_law
    from ordinance_tui.export.text import render_text
    from ordinance_tui.tui.screens.interview import InterviewScreen

    from .conftest import TODAY

    law = tmp_path / "post-act.txt"
    law.write_text(render_text(assemble(builtin, seed_draft(builtin, "post-act"),
                                        today=TODAY)), encoding="utf-8")
    path = tmp_path / "imported.yaml"
    path.write_text(import_law(law).draft_text, encoding="utf-8")
    before = parse_draft(path.read_text(encoding="utf-8"), str(path))[0]
    app = make_app(tmp_path, path, builtin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen) and interview.visible_ids == set()
        labels = [str(label) for label in interview._step_labels]
        assert labels[0] == "Jurisdiction" and all(lab.startswith("– ") for lab in labels[1:])
        note = str(interview.query_one("#own-sections-note", Static).render())
        assert "sections are your own" in note and "edit them in place" in note
        assert "only the jurisdiction is asked" in note
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CoverageScreen) and screen.analysis is not None
        table = screen.query_one(DataTable)

        def mark(element: str) -> str:
            return str(table.get_cell(element, "mark"))

        first = screen.current_element()  # the cursor starts at the first it can add
        assert first in screen.insertable and mark(str(first)) == "\u25b6"
        assert all(r.element not in screen.insertable for r in screen.rows
                   if r.element < str(first))

        table.move_cursor(row=table.get_row_index("E29"), animate=False)
        await settle(app, pilot)
        assert mark("E29") == "\u25b6" and mark("E40") == " "
        assert str(table.get_cell("E29", "draft")) == "\u2013 no"
        detail = str(screen.query_one("#coverage-detail", Static).render())
        assert "Enter adds it" not in detail and "no section for" in detail
        await pilot.press("enter")
        await settle(app, pilot)
        assert load_draft(path)[0].added == before.added  # nothing added
        table.move_cursor(row=table.get_row_index("E40"), animate=False)
        await settle(app, pilot)
        assert mark("E40") == "\u25b6" and mark("E29") == " "
        assert str(table.get_cell("E40", "draft")) == "+ add"
        await pilot.press("enter")
        await settle(app, pilot)
        added = load_draft(path)[0].added[len(before.added):]
        assert [s.heading for s in added] == ["Civil action", "Damages"]
        screen.query_one("#laws").focus()
        await settle(app, pilot)
        assert mark("E40") == "\u25b7"  # the table has lost the focus: a hollow mark
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is interview and interview.visible_ids == set()
