"""A session's RenderMemo: the fresh assembly's ordinance, re-rendering only what changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ordinance_tui.core.answers import visible_questions
from ordinance_tui.core.assemble import assemble, build_context
from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.incremental import RenderMemo, frozen
from ordinance_tui.core.jinja_env import reading, undeclared
from ordinance_tui.core.library import Library, Question, load_library
from ordinance_tui.core.problems import InputError

from .conftest import TODAY


@pytest.fixture(scope="module")
def builtin() -> Library:
    return load_library()


def seed(library: Library, seed_id: str) -> Draft:
    return draft_from_data(library.seeds[seed_id].data, seed_id)[0]


def other_value(question: Question, current: Any) -> Any:
    """A valid answer to ``question`` that differs from ``current``."""
    if question.type == "bool":
        return not current
    if question.type == "choice":
        values = [c.value for c in question.choices]
        return values[(values.index(current) + 1) % len(values)] if current in values \
            else values[0]
    if question.type == "multi":
        values = [c.value for c in question.choices]
        return values[:1] if list(current) != values[:1] else values[1:2]
    if question.type in ("days", "dollars", "number"):
        value = current + 1
        return value if question.max is None or value <= question.max else current - 1
    if question.type == "date":
        return (dt.date.fromisoformat(current) + dt.timedelta(days=1)).isoformat() \
            if current else "2027-01-15"
    return f"{current} changed" if current else "Changed"


def walk(library: Library, draft: Draft) -> tuple[RenderMemo, int]:
    """Change every answer in turn; with one memo the ordinance and questions never differ."""
    memo = RenderMemo()
    first = assemble(library, draft, today=TODAY, memo=memo)
    assert first == assemble(library, draft, today=TODAY)
    checked = 0
    for qid, question in library.questions.items():
        context, _ = build_context(library, draft)
        draft = draft.with_answer(qid, other_value(question, context[qid]))
        try:
            fresh = assemble(library, draft, today=TODAY)
        except InputError:
            continue  # an answer the seed's clauses cannot take (the memo is not at fault)
        assert assemble(library, draft, today=TODAY, memo=memo) == fresh, qid
        memo_context, _ = build_context(library, draft, memo)
        context, _ = build_context(library, draft)
        assert memo_context == context
        assert visible_questions(library, context, memo) == visible_questions(library, context)
        checked += 1
    return memo, checked


def test_every_answer_change_gives_the_fresh_assembly(builtin: Library):
    memo, checked = walk(builtin, seed(builtin, "sf-combo"))  # the largest seed
    assert checked > len(builtin.questions) // 2
    # Most templates read none of the one answer that changed: they were reused.
    assert memo.hits > 3 * memo.misses


def test_fixture_library_walk(lib: Library):
    for seed_id in lib.seeds:
        walk(lib, seed(lib, seed_id))


def test_only_templates_reading_the_answer_are_rendered_again(builtin: Library):
    draft = seed(builtin, "sf-combo")
    memo = RenderMemo()
    assemble(builtin, draft, today=TODAY, memo=memo)
    context, _ = build_context(builtin, draft)
    before = memo.misses
    assemble(builtin, draft, today=TODAY, memo=memo)
    assert memo.misses == before  # nothing changed: nothing rendered
    draft = draft.with_answer("exigent_notice_days", context["exigent_notice_days"] + 1)
    assemble(builtin, draft, today=TODAY, memo=memo)
    rendered = memo.misses - before
    assert 1 <= rendered <= 5


def test_types_are_told_apart():
    assert frozen(1) != frozen(True)
    assert frozen(1) != frozen(1.0)
    assert frozen([1, 2]) != frozen((1, 2))
    assert frozen({"a": 1, "b": 2}) != frozen({"b": 2, "a": 1})  # iteration order shows
    assert frozen({"a": [1]}) == frozen({"a": [1]})


def test_reading_notes_the_names_a_template_looks_up(builtin: Library):
    name = "clause:general.severability:text"
    context, _ = build_context(builtin, seed(builtin, "sf-combo"))
    with reading() as reads:
        builtin.template(name).render(context)
    names = undeclared(builtin.specs[name].source)
    assert names and reads == names
    with reading() as outside:
        pass
    assert outside == set()


def test_override_texts_compile_once_and_follow_their_answers(builtin: Library):
    draft = seed(builtin, "sf-combo")
    clause = next(c for c in builtin.ordered_clauses() if c.id == "general.severability")
    text = "The {{ instrument }} stands ({{ exigent_notice_days | days }})."
    draft = draft.with_override(clause.id, text)
    memo = RenderMemo()
    first = assemble(builtin, draft, today=TODAY, memo=memo)
    assert first == assemble(builtin, draft, today=TODAY)
    compiled = dict(memo._overrides)
    context, _ = build_context(builtin, draft)
    draft = draft.with_answer("exigent_notice_days", context["exigent_notice_days"] + 2)
    second = assemble(builtin, draft, today=TODAY, memo=memo)
    assert second == assemble(builtin, draft, today=TODAY)
    assert second.find(clause.id) != first.find(clause.id)
    assert memo._overrides == compiled  # the same text is not compiled again


def test_failures_are_not_kept(builtin: Library):
    draft = seed(builtin, "sf-combo")
    memo = RenderMemo()
    bad = draft.with_override("general.severability", "{{ no_such_answer }}")
    for _ in range(2):
        with pytest.raises(InputError, match="no_such_answer"):
            assemble(builtin, bad, today=TODAY, memo=memo)
    assert assemble(builtin, draft, today=TODAY, memo=memo) == assemble(
        builtin, draft, today=TODAY)


def test_another_library_starts_afresh(builtin: Library, lib: Library):
    memo = RenderMemo()
    draft = seed(builtin, "sf-combo")
    assemble(builtin, draft, today=TODAY, memo=memo)
    small = seed(lib, next(iter(lib.seeds)))
    assert assemble(lib, small, today=TODAY, memo=memo) == assemble(lib, small, today=TODAY)
    assert assemble(builtin, draft, today=TODAY, memo=memo) == assemble(
        builtin, draft, today=TODAY)


def test_one_memo_on_several_threads(builtin: Library):
    from concurrent.futures import ThreadPoolExecutor

    base = seed(builtin, "sf-combo")
    days = build_context(builtin, base)[0]["exigent_notice_days"]
    drafts = [base.with_answer("exigent_notice_days", days + i % 3) for i in range(12)]
    expected = [assemble(builtin, d, today=TODAY) for d in drafts[:3]]
    memo = RenderMemo()
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda d: assemble(builtin, d, today=TODAY, memo=memo), drafts))
    assert got == [expected[i % 3] for i in range(12)]


@pytest.mark.asyncio
async def test_the_app_assembles_through_its_session_memo(tmp_path: Path):
    from ordinance_tui.tui.screens.interview import InterviewScreen
    from ordinance_tui.tui.widgets.preview import Preview

    from .test_app_support import make_app, seed_file, settle

    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.session is not None
        memo = app.session.renders
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        misses = memo.misses
        app.edit_draft(app.session.draft.with_answer("damages", 2500))
        await settle(app, pilot)
        assert memo.hits > 0 and memo.misses > misses  # reused most, rendered what changed
        draft = app.session.draft
        assert screen.ordinance == assemble(app.library, draft, today=TODAY)
        context, _ = build_context(app.library, draft)
        assert screen.visible_ids == set(visible_questions(app.library, context))
        assert "$2,500" in app.screen.query_one(Preview).text_of("main.enforcement")
