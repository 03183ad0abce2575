"""Property tests over random answers and every kind of jurisdiction: what counsel checks.

For any answers, in a city, town, village, county, consolidated city-county or state:
every exception reaches only technology the draft bans; every section that binds private
entities is named in the Application section and the long title; and no government word
of another kind (nor another instrument's "this ordinance") is printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance, Ref, Section, TermUse
from ordinance_tui.core.draft import Draft
from ordinance_tui.core.government import KINDS, foreign_words
from ordinance_tui.core.library import load_library

from .conftest import TODAY
from .test_properties import answer_strategy

BUILTIN = load_library()
# Free text is not what these properties are about: a typed name may say anything.
QUESTIONS = {qid: q for qid, q in BUILTIN.questions.items() if q.type != "text"}
TECHNOLOGY = {term: d.technology for term, variants in BUILTIN.definitions.items()
              for d in variants if d.technology}


def drafts() -> st.SearchStrategy[Draft]:
    answers = st.fixed_dictionaries({}, optional={
        qid: answer_strategy(q) for qid, q in QUESTIONS.items()})
    return st.builds(lambda a, kind, codified: Draft(answers=a).with_jurisdiction(
        name="Elm Grove", kind=kind, style="", codified=codified and kind != "state",
        chapter_number="2.99", chapter_title="Surveillance"),
        answers, st.sampled_from(sorted(KINDS)), st.booleans())


def technologies(section: Section) -> set[str]:
    return {TECHNOLOGY[span.term] for para in section.paragraphs() for span in para.inlines
            if isinstance(span, TermUse) and span.term in TECHNOLOGY}


def printed(tree: Ordinance) -> Iterator[str]:
    yield from tree.caption
    yield tree.short_title
    yield tree.long_title
    yield from (r.content.plain for r in tree.recitals)
    yield f"{tree.recitals_intro} {tree.recitals_outro} {tree.enacting_clause}"
    yield tree.chapter_label
    for section in tree.all_sections():
        yield section.heading
        yield from (p.plain for p in section.paragraphs())
    yield from tree.signature


def check(draft: Draft) -> None:
    tree = assemble(BUILTIN, draft, today=TODAY)
    sections = list(tree.all_sections())
    clauses = {s.clause_id: BUILTIN.clauses.get(s.clause_id) for s in sections}

    # 1. Every exception reaches only technology that the draft bans.
    banned: set[str] = set()
    for s in sections:
        clause = clauses[s.clause_id]
        if clause is not None and (clause.reaches or clause.role == "ban"):
            banned |= set(clause.reaches) | technologies(s)
    if banned:
        for s in sections:
            clause = clauses[s.clause_id]
            if clause is not None and clause.role in ("exception", "emergency"):
                assert technologies(s) <= banned, (s.clause_id, technologies(s), banned)

    # 2. Every private entity a section binds is named in Application and the long title.
    private = [s for s in sections if (c := clauses[s.clause_id]) and "private" in c.binds]
    if private:
        title = " ".join(tree.long_title.split()).casefold()
        # "private entities", "private use of face recognition", "private businesses"
        assert re.search(r"\bprivate (entit|use|business)", title), tree.long_title
        for application in (s for s in sections if (c := clauses[s.clause_id])
                            and c.role == "application"):
            cited = {span.target.split("#")[0] for p in application.paragraphs()
                     for span in p.inlines if isinstance(span, Ref)}
            assert {s.clause_id for s in private} <= cited, application.clause_id

    # 3. No government word of another kind, and one instrument word.
    kind = draft.jurisdiction.kind
    for text in printed(tree):
        found = foreign_words(" ".join(text.split()), kind, tree.instrument)
        assert not found, (kind, [f.word for f in found], text[:200])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_any_answers_in_any_kind_read_as_counsel_asks(draft: Draft) -> None:
    check(draft)
