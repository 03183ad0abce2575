"""Property tests over the question space: any valid answers assemble cleanly."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ref
from ordinance_tui.core.draft import Draft
from ordinance_tui.core.library import Library, Question, load_library
from ordinance_tui.export.markdown import render_markdown

from .conftest import TODAY, fixture_library

FIXTURE = fixture_library()
BUILTIN = load_library()


def answer_strategy(question: Question) -> st.SearchStrategy:
    if question.type == "choice":
        return st.sampled_from([c.value for c in question.choices])
    if question.type == "multi":
        return st.lists(st.sampled_from([c.value for c in question.choices]), unique=True)
    if question.type == "bool":
        return st.booleans()
    if question.type in ("days", "dollars", "number"):
        low = int(question.min) if question.min is not None else 0
        high = int(question.max) if question.max is not None else low + 100_000
        return st.integers(min_value=low, max_value=high)
    if question.type == "date":
        return st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31)).map(dt.date.isoformat)
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                   max_size=question.max_length or 40)
    return text.filter(lambda s: not question.pattern or not s) if question.pattern else text


def drafts(library: Library) -> st.SearchStrategy[Draft]:
    answers = st.fixed_dictionaries({}, optional={
        qid: answer_strategy(q) for qid, q in library.questions.items()})
    styles = st.sampled_from(sorted(library.styles))
    return st.builds(lambda a, s, c: Draft(answers=a).with_jurisdiction(
        style=s, codified=c, chapter_number="2.99", chapter_title="Surveillance"),
        answers, styles, st.booleans())


def check_invariants(library: Library, draft: Draft) -> None:
    first = assemble(library, draft, today=TODAY)
    assert first == assemble(library, draft, today=TODAY)
    for section in first.all_sections():
        for para in section.paragraphs():
            for span in para.inlines:
                if isinstance(span, Ref):
                    assert span.resolved, (section.clause_id, span.target)
    definitions = first.find("definitions")
    defined = {s.label for s in definitions.walk() if s.level == 0} if definitions else set()
    assert set(first.terms_used) == defined
    labels = [s.label for s in definitions.walk() if s.level == 0] if definitions else []
    assert labels == sorted(labels, key=lambda t: (t.casefold(), t))
    assert first.problems == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(FIXTURE))
def test_fixture_library_any_answers(draft: Draft) -> None:
    check_invariants(FIXTURE, draft)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(BUILTIN))
def test_builtin_library_any_answers(draft: Draft) -> None:
    check_invariants(BUILTIN, draft)


def test_line_breaks_in_answers_read_as_spaces_and_keep_the_layout() -> None:
    """Found by the test above: "\\r0" as the advisory body's name broke its list."""
    draft = Draft(answers={"advisory_body_name": "\r0", "police_agency_name": "Police\n  Dept "}
                  ).with_jurisdiction(name="River\r\nton", codified=False)
    check_invariants(BUILTIN, draft)
    text = render_markdown(assemble(BUILTIN, draft, today=TODAY))
    assert "City of River ton" in text and "River\n" not in text
    assert "the 0" in text
