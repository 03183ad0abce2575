"""A question type registered from outside the package works end to end: question files
using it validate (and a bad value is reported with its file and line), its answers
are validated and reach the ordinance, and the app builds its own control at 80x24."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from ordinance_tui.core.answers import resolve_answers
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.check import check_library
from ordinance_tui.core.draft import draft_from_data, load_draft
from ordinance_tui.core.library import Library, LibrarySource, Question, load_library
from ordinance_tui.core.qtypes import QUESTION_TYPES, QuestionType, register, unregister
from ordinance_tui.export.text import render_text
from ordinance_tui.tui.screens.interview import InterviewScreen, help_text
from ordinance_tui.tui.widgets.preview import Preview
from ordinance_tui.tui.widgets.questions import (
    QUESTION_WIDGETS,
    QuestionField,
    QuestionWidget,
    control_id,
    register_widget,
    unregister_widget,
)
from tests.test_app_support import FIXTURE_LIBRARY, make_app, seed_file, settle

STEP = (
    "step: retention\ntitle: Retention\norder: 20\nquestions:\n"
    "  - id: share_kept\n"
    "    prompt: Share of recordings kept\n"
    "    type: percent\n"              # 7
    "    default: 10\n"
)
CLAUSE = ("id: main.retention\ntitle: Retention\npart: main\norder: 45\n"
          "text: No more than {{ share_kept }} percent of recordings may be kept.\n")


def _percent(question: Question, value: Any) -> tuple[Any, str | None]:
    """A share from 0 to 100; "25%" and " 25 " are 25."""
    text = value.strip().rstrip("%").strip() if isinstance(value, str) else value
    try:
        number = float(text)
    except (TypeError, ValueError):
        return value, f"must be a percentage, not {value!r}"
    if not 0 <= number <= 100:
        return value, f"must be between 0 and 100 percent, not {number:g}"
    return (int(number) if number == int(number) else number), None


def _percent_box(field: QuestionField) -> ComposeResult:
    with Horizontal(classes="percent-row"):
        yield Input(str(field.value), id=control_id(field.question.id), restrict=r"[0-9.%]*",
                    classes="percent", placeholder=QUESTION_TYPES["percent"].placeholder)
        yield Label("%", classes="percent-sign")


@pytest.fixture
def percent() -> Iterator[QuestionType]:
    """The type and its control, registered for one test only."""
    qtype = register(QuestionType(
        "percent", _percent, lambda question: 0, hint=lambda question: "from 0 to 100",
        placeholder="a share, e.g. 25", blank_is_default=True, unit="percent"))
    register_widget("percent", QuestionWidget(_percent_box))
    try:
        yield qtype
    finally:
        unregister_widget("percent")
        unregister("percent")


def library_with(folder: Path, step: str = STEP) -> Library:
    root = folder / "lib"
    shutil.copytree(FIXTURE_LIBRARY, root)
    (root / "questions" / "20-retention.yaml").write_text(step, encoding="utf-8")
    (root / "provisions" / "main" / "retention.yaml").write_text(CLAUSE, encoding="utf-8")
    return load_library([LibrarySource(root, root / "seeds")])


def test_a_registered_type_validates_files_and_answers(percent: QuestionType, tmp_path: Path
                                                       ) -> None:
    library = library_with(tmp_path)
    assert library.problems == () and check_library(library) == []
    question = library.questions["share_kept"]
    assert question.type == "percent" and question.default == 10
    values, issues = resolve_answers(library, {"share_kept": "25%"})
    assert values["share_kept"] == 25 and issues == []
    values, issues = resolve_answers(library, {"share_kept": 150})
    assert values["share_kept"] == 10
    assert issues == [("share_kept", "answer to 'share_kept' must be between 0 and 100 percent, "
                       "not 150; using the default 10")]
    draft, _ = draft_from_data(library.seeds["ban"].data | {"answers": {"share_kept": 35}}, "d")
    tree = assemble(library, draft)
    assert "No more than 35 percent of recordings" in " ".join(render_text(tree).split())
    assert "from 0 to 100" in help_text(question)

    bad = library_with(tmp_path / "bad", STEP.replace("default: 10", "default: lots"))
    (problem,) = bad.problems
    assert (problem.line, problem.message) == (
        8, "question 'share_kept': default must be a percentage, not 'lots'")


def test_an_unregistered_type_is_refused_with_its_line(tmp_path: Path) -> None:
    assert "percent" not in QUESTION_TYPES and "percent" not in QUESTION_WIDGETS
    library = library_with(tmp_path)
    (problem,) = [p for p in library.problems if "type" in p.message]
    assert problem.file.endswith("20-retention.yaml") and problem.line == 7
    assert problem.message == ("step 'retention': question 'share_kept': type must be one of "
                               "choice, multi, bool, text, days, dollars, number, date, "
                               "found 'percent'")
    with pytest.raises(ValueError, match="not a registered question type"):
        register_widget("percent", QuestionWidget(_percent_box))


@pytest.mark.asyncio
async def test_the_app_builds_the_registered_control(percent: QuestionType, tmp_path: Path
                                                     ) -> None:
    library = library_with(tmp_path)
    path = seed_file(tmp_path, "ban", library=library)
    app = make_app(tmp_path, path, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.jump_to_question("share_kept")
        await settle(app, pilot)
        field = screen.query_one(QuestionField)
        assert field.question.id == "share_kept" and field.has_class("q-percent")
        box = field.query_one(f"#{control_id('share_kept')}", Input)
        assert box.has_class("percent") and app.focused is box
        assert box.value == "10" and box.placeholder == "a share, e.g. 25"
        sign = field.query_one(".percent-sign", Label).region  # on screen at 80x24
        assert sign.width > 0 and sign.right <= 80
        error = field.query_one(".error", Static)
        await pilot.press("home", "shift+end", "backspace")  # blank is the default (the type)
        await settle(app, pilot)
        assert error.display and "the default (10) is used" in str(error.render())
        await pilot.press(*"150")
        await settle(app, pilot)
        assert error.display and "between 0 and 100 percent, not 150" in str(error.render())
        assert field.has_class("invalid")
        # Neither the blank box nor "15", a valid prefix of "150", was saved.
        assert "share_kept" not in app.session.draft.answers
        await pilot.press("home", "shift+end", "backspace", *"40%", "enter")
        await settle(app, pilot)
        assert not error.display
        assert app.session.draft.answers["share_kept"] == 40
        assert "No more than 40 percent" in screen.query_one(Preview).text_of("main.retention")
    assert load_draft(path)[0].answers["share_kept"] == 40
