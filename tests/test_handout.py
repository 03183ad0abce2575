"""Conditions said in words, and the interview as a teaching handout (md, html, docx)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt

from ordinance_tui.cli import main
from ordinance_tui.core.conditions import explain, unexplained
from ordinance_tui.core.handout import Handout, HandoutOption, HandoutQuestion, HandoutStep
from ordinance_tui.core.handout import handout as make_handout
from ordinance_tui.core.library import Library
from ordinance_tui.export.handout import CHOSEN, HANDOUT_FORMATS, NOT_ASKED

from .conftest import seed_draft

TEMPLATE_CODE = re.compile(r"==|!=|\[|\]|\bnot in\b|'|_[a-z]|\band \(|\bor \(")


def test_every_condition_of_the_library_is_said_in_words(builtin: Library) -> None:
    assert unexplained(builtin) == []
    conditions = {q.when for q in builtin.questions.values()} | {
        c.when for c in builtin.clauses.values()}
    for when in sorted(c for c in conditions if c):
        words = explain(builtin, when)
        assert not words.startswith("a condition of"), when
        outside_quotes = re.sub("\u201c[^\u201d]*\u201d", "", words)
        assert not TEMPLATE_CODE.search(outside_quotes), (when, words)


@pytest.mark.parametrize(("when", "words"), [
    ("tech_scope == 'all'", "\u201cWhich technology does the law cover?\u201d is \u201cAll "
                            "surveillance technology\u201d"),
    ("'damages' in remedies", "\u201cWhich enforcement tools should the law include?\u201d "
                              "includes \u201cDamages for people harmed\u201d"),
    ("not remedies", "\u201cWhich enforcement tools should the law include?\u201d has no "
                     "option chosen"),
    ("purpose_section", "\u201cInclude a statement of purpose section?\u201d is yes"),
    ("jurisdiction.kind != 'state'", "the jurisdiction is not a state"),
    ("approach_face in ['ban', 'moratorium']", "is \u201cBan\u201d or \u201cMoratorium"),
    ("approach_face not in ['ban', 'moratorium']", "is not \u201cBan\u201d or"),
    ("30 < notice_days", "is more than 30"),
    ("law_sunset_date < moratorium_end_date", "\u201d is before \u201c"),
])
def test_conditions_read_as_the_drafter_saw_the_question(builtin: Library, when: str,
                                                         words: str) -> None:
    assert words in explain(builtin, when)


def test_an_or_inside_an_and_is_grouped_in_words(builtin: Library) -> None:
    words = explain(builtin, "advisory_body and (approach_face == 'approval' or "
                             "tech_scope == 'all')")
    assert words.startswith("\u201cCreate") or " is yes" in words.split(";")[0]
    assert "; and either " in words and ", or " in words


def test_a_form_without_words_is_named_not_shown_as_code(builtin: Library) -> None:
    words = explain(builtin, "notice_days * 2 > advisory_review_days")
    assert words.startswith("a condition of the clause library on ")
    assert "*" not in words and "notice_days" not in words


# ---------------------------------------------------------------------------
# The handout

def _md_tokens(text: str) -> list[object]:
    return MarkdownIt("commonmark").parse(text)


def test_markdown_lists_every_step_question_and_option(builtin: Library) -> None:
    doc = make_handout(builtin)
    text = HANDOUT_FORMATS["md"].render(doc).decode("utf-8")
    tokens = _md_tokens(text)
    kinds = [t.type for t in tokens]  # type: ignore[attr-defined]
    assert "code_block" not in kinds and "fence" not in kinds
    headings = [(t.tag, tokens[i + 1].content)  # type: ignore[attr-defined]
                for i, t in enumerate(tokens) if t.type == "heading_open"]  # type: ignore
    questions = [q for s in builtin.ordered_steps() for q in s.questions
                 if q in builtin.questions]
    assert sum(tag == "h2" for tag, _ in headings) == len(builtin.steps)
    assert [c for tag, c in headings if tag == "h3"] == [
        builtin.questions[q].prompt for q in questions]
    options = sum(len(builtin.questions[q].choices) for q in questions)
    assert kinds.count("list_item_open") == options
    assert "Asked:** when " in text and "==" not in text
    assert CHOSEN not in text  # nothing is marked without a draft


def test_a_drafts_answers_are_marked_in_words(builtin: Library) -> None:
    draft = seed_draft(builtin, "face-ban")
    doc = make_handout(builtin, draft, "face-ban")
    questions = {q.id: q for s in doc.steps for q in s.questions}
    scope = questions["tech_scope"]
    chosen = [o.label for o in scope.options if o.chosen]
    value = draft.answers.get("tech_scope", builtin.questions["tech_scope"].default)
    assert chosen == [builtin.questions["tech_scope"].choice(value).label]  # type: ignore
    text = HANDOUT_FORMATS["md"].render(doc).decode("utf-8")
    assert f"**{chosen[0]}**" in text and CHOSEN in text
    unasked = [q for q in questions.values() if not q.asked]
    assert unasked, "a ban leaves the approval questions unasked"
    assert text.count(NOT_ASKED) == len(unasked)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_text_and_keeps_its_structure() -> None:
    hostile = "<script>alert(1)</script> & \"quoted\""
    doc = Handout(hostile, hostile, (HandoutStep(hostile, hostile, (HandoutQuestion(
        "q", hostile, "Choose one", hostile, hostile, "", (HandoutOption(
            hostile, hostile, True, True),), "", False),)),), True)
    page = HANDOUT_FORMATS["html"].render(doc).decode("utf-8")
    parser = _Text()
    parser.feed(page)
    assert "script" not in parser.tags and "<script>" not in page
    assert hostile in "".join(parser.text)
    assert parser.tags.count("h3") == 1 and parser.tags.count("li") == 1
    assert NOT_ASKED in "".join(parser.text)


def test_word_handout_reads_back_with_its_headings(builtin: Library) -> None:
    doc = make_handout(builtin, seed_draft(builtin, "ccops"), "ccops")
    document = docx.Document(io.BytesIO(HANDOUT_FORMATS["docx"].render(doc)))
    level2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert level2 == [q.prompt for s in doc.steps for q in s.questions]
    body = "\n".join(p.text for p in document.paragraphs)
    assert CHOSEN in body and "Asked: when " in body
    assert document.core_properties.title == doc.title


def test_the_handout_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "handout.docx"
    assert main(["handout", "--seed", "moratorium", "-o", str(out)]) == 0
    assert docx.Document(str(out)).paragraphs
    assert main(["handout", "--seed", "moratorium", "-o", str(out)]) == 2  # exists
    assert main(["handout", "-f", "docx"]) == 2  # Word needs a file
    assert main(["handout", "-f", "md", "-o", str(tmp_path / "x.html")]) == 2
    capsys.readouterr()
    assert main(["handout", "-f", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


@pytest.mark.asyncio
async def test_the_handout_from_the_apps_palette(tmp_path: Path) -> None:
    """Ctrl+P, "Handout", Enter; Tab to the box, untick it; Enter on the path: an unmarked file."""
    from textual.widgets import Checkbox, Input

    from ordinance_tui.tui.screens.export import HandoutDialog

    from .test_app_support import make_app, seed_file, settle

    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Handout")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HandoutDialog)
        path = Path(app.screen.query_one("#export-path", Input).value)
        assert path.name.endswith("-handout.docx") and path.parent == tmp_path
        await pilot.press("tab")  # from the format list to the box
        assert isinstance(app.focused, Checkbox) and app.focused.value is True
        await pilot.press("space", "tab")
        assert isinstance(app.focused, Input)
        await pilot.press("enter")
        await settle(app, pilot)
        await settle(app, pilot)
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Asked: " in body and CHOSEN not in body
