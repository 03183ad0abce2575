"""The plain-language summary and the law's calendar (``ordinance summary``)."""

from __future__ import annotations

import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

from ordinance_tui.cli import main
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance
from ordinance_tui.core.draft import Draft
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.core.summary import summarize
from ordinance_tui.export.summary import SUMMARY_FORMATS

from .conftest import TODAY, seed_draft
from .test_government import kinds_and_answers

GOLDEN = Path(__file__).parent / "golden" / "summary"
LIB = load_library()
# A duty with a deadline, as the clauses write it: "within thirty (30) days", "at least
# ninety (90) days", "By March 1".
DEADLINE = re.compile(
    r"\b(within|not later than|no later than|at least)\b[^.;]*?\(\d+\) (days|months|years|hours)"
    r"|\bby (January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d", re.I)
AMOUNT = re.compile(r"\(\d+\) (?:days?|hours?|months?|years?)|\$[\d,]+(?:\.\d\d)?")


def _text(ordinance: Ordinance) -> str:
    return " ".join(" ".join(p.plain for p in s.paragraphs())
                    for s in ordinance.all_sections())


def check_calendar(library: Library, draft: Draft) -> None:
    """Every number in the calendar is the text's; every deadline in the text is listed."""
    ordinance = assemble(library, draft, today=TODAY)
    text = " ".join(_text(ordinance).split())
    for entry in ordinance.calendar:
        for field in (entry.by, entry.does, entry.every):
            for amount in AMOUNT.findall(field):
                assert amount in text, (entry, amount)
        assert ordinance.find(entry.clause_id) is not None, entry
    listed = {entry.clause_id for entry in ordinance.calendar}
    for section in ordinance.all_sections():
        body = " ".join(p.plain for p in section.paragraphs())
        if DEADLINE.search(body) and section.clause_id not in draft.override:
            assert section.clause_id in listed, (section.clause_id, DEADLINE.search(body))


@pytest.mark.parametrize("seed", sorted(LIB.seeds))
def test_every_seeds_calendar_matches_its_text(seed: str) -> None:
    draft = seed_draft(LIB, seed)
    check_calendar(LIB, draft)
    if seed != "private-ban":  # a ban on private businesses sets no deadline
        assert assemble(LIB, draft, today=TODAY).calendar


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds_and_answers(LIB))
def test_random_drafts_calendar_matches_their_text(draft: Draft) -> None:
    check_calendar(LIB, draft)


def test_an_overridden_clause_lists_no_deadline_of_its_own() -> None:
    draft = seed_draft(LIB, "ccops")
    before = {e.clause_id for e in assemble(LIB, draft, today=TODAY).calendar}
    assert "existing.inventory" in before
    changed = draft.with_override("existing.inventory", "Each agency must list its tools.")
    after = {e.clause_id for e in assemble(LIB, changed, today=TODAY).calendar}
    assert after == before - {"existing.inventory"}


@pytest.mark.parametrize("seed", ["ccops", "moratorium"])
def test_golden_summaries(seed: str) -> None:
    draft = seed_draft(LIB, seed)
    got = SUMMARY_FORMATS["md"].render(
        summarize(LIB, draft, assemble(LIB, draft, today=TODAY))).decode("utf-8")
    path = GOLDEN / f"{seed}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"differs from {path}"


def test_markdown_is_commonmark_with_a_real_table() -> None:
    draft = seed_draft(LIB, "sf-combo")
    doc = summarize(LIB, draft, assemble(LIB, draft, today=TODAY))
    tokens = MarkdownIt("commonmark").enable("table").parse(
        SUMMARY_FORMATS["md"].render(doc).decode("utf-8"))
    kinds = [t.type for t in tokens]
    assert "code_block" not in kinds
    assert kinds.count("tr_open") == len(doc.calendar) + 1


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_html_and_word_carry_the_calendar_as_a_table() -> None:
    draft = seed_draft(LIB, "ccops")
    doc = summarize(LIB, draft, assemble(LIB, draft, today=TODAY))
    parser = _Cells()
    parser.feed(SUMMARY_FORMATS["html"].render(doc).decode("utf-8"))
    assert parser.tags.count("th") == 5 and parser.tags.count("tr") == len(doc.calendar) + 1
    document = docx.Document(io.BytesIO(SUMMARY_FORMATS["docx"].render(doc)))
    table = document.tables[0]
    assert len(table.rows) == len(doc.calendar) + 1
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    assert [c.text for c in table.rows[1].cells][:2] == [doc.calendar[0].who,
                                                         doc.calendar[0].does]


def test_counsel_questions_follow_the_kind() -> None:
    local = seed_draft(LIB, "ccops")
    state = local.with_jurisdiction(kind="state", style="")
    local_doc = summarize(LIB, local, assemble(LIB, local, today=TODAY))
    state_doc = summarize(LIB, state, assemble(LIB, state, today=TODAY))
    assert any("authority under state law and its charter" in c for c in local_doc.counsel)
    assert not any("charter" in c for c in state_doc.counsel)
    assert any("local agencies" in c for c in state_doc.counsel)


def test_the_summary_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.docx"
    assert main(["summary", "--seed", "ccops", "-o", str(out)]) == 0
    assert docx.Document(str(out)).tables
    assert main(["summary", "--seed", "ccops", "-o", str(out)]) == 2  # exists
    assert main(["summary", "-f", "md"]) == 2  # no draft named
    capsys.readouterr()
    assert main(["summary", "--seed", "moratorium", "--date", "2026-11-26"]) == 0
    assert "| Who | What | By when | How often | Section |" in capsys.readouterr().out
