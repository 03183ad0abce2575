"""Government words come from the jurisdiction: every seed in every kind it suits,
the review's minimal county and state drafts, L011, and random answers in every kind."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordinance_tui.cli import main
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance
from ordinance_tui.core.draft import Draft, Jurisdiction, draft_from_data, load_draft
from ordinance_tui.core.government import INSTRUMENTS, KINDS, NUMBER_LINES, foreign_words
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.core.lint import RULES, lint
from ordinance_tui.export.text import render_text

from .conftest import TODAY
from .test_properties import answer_strategy

LIB = load_library(laws=False)


def seed(seed_id: str) -> Draft:
    draft, problems = draft_from_data(LIB.seeds[seed_id].data, seed_id)
    assert not problems
    return draft


def in_kind(draft: Draft, kind: str) -> Draft:
    """The draft as a drafter moves it to ``kind``: the kind's own style unless it is the
    seed's kind."""
    style = draft.jurisdiction.style if kind == draft.jurisdiction.kind else ""
    return dataclasses.replace(draft, jurisdiction=msgspec.structs.replace(
        draft.jurisdiction, kind=kind, style=style))


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_right_for_kind(library: Library, draft: Draft) -> Ordinance:
    """No word of another kind; one instrument word in caption, body and signature; no L011."""
    kind = draft.jurisdiction.kind
    ordinance = assemble(library, draft, today=TODAY)
    text = flat(render_text(ordinance))
    assert foreign_words(text, kind, ordinance.instrument) == [], (kind, ordinance.instrument)
    others = [w for w in INSTRUMENTS if w != ordinance.instrument]
    caption = " ".join(ordinance.caption)
    prefix = NUMBER_LINES.get(ordinance.instrument, ordinance.instrument.upper()).split(" NO.")[0]
    number_word = next(line for line in ordinance.caption if line.startswith(f"{prefix} NO. "))
    body = flat(" ".join(p.plain for s in ordinance.all_sections() for p in s.paragraphs()))
    signature = " ".join(ordinance.signature)
    for part in (caption.lower(), body, signature, ordinance.long_title):
        for word in others:
            assert not re.search(rf"\b[Tt]his {word}\b", part), (word, part[:200])
        assert not re.search(r"\b(ORDINANCE|LOCAL LAW|BILL) NO\.", part.replace(
            number_word, "")), part[:200]
    assert not [d for d in lint(library, draft, ordinance) if d.code == "L011"]
    return ordinance


SEED_KINDS = [(sid, kind) for sid in sorted(LIB.seeds) for kind in LIB.seeds[sid].kinds]


def test_every_seed_declares_the_kinds_it_suits() -> None:
    assert {s.kinds[0] for s in LIB.seeds.values()} <= set(KINDS)
    assert len(SEED_KINDS) > len(LIB.seeds)  # most seeds suit more than their own kind
    assert LIB.seeds["state-permit"].kinds == ("state",)


@pytest.mark.parametrize(("seed_id", "kind"), SEED_KINDS)
def test_every_seed_in_every_kind_it_suits(seed_id: str, kind: str) -> None:
    assert_right_for_kind(LIB, in_kind(seed(seed_id), kind))


def minimal(kind: str) -> Draft:
    data = {"format": "ordinance-draft/1",
            "jurisdiction": {"name": "Elm Grove", "kind": kind, "style": kind}, "answers": {}}
    draft, problems = draft_from_data(data, f"c6-{kind}")
    assert not problems
    return draft


def test_review_c6a_minimal_county() -> None:
    ordinance = assert_right_for_kind(LIB, minimal("county"))
    text = flat(render_text(ordinance))
    assert ordinance.caption[0] == "COUNTY OF ELM GROVE"
    assert ordinance.enacting_clause == ("NOW, THEREFORE, the Board of Supervisors of the "
                                         "County of Elm Grove ordains as follows:")
    assert "County Executive" in text and "Clerk of the Board" in text
    assert "County Counsel" in text
    assert not re.search(r"\bCity\b|\bMayor\b", text)


def test_review_c6b_minimal_state() -> None:
    ordinance = assert_right_for_kind(LIB, minimal("state"))
    text = flat(render_text(ordinance))
    assert ordinance.caption[:2] == ("STATE OF ELM GROVE", "LEGISLATURE")
    assert ordinance.caption[2].startswith("BILL NO.")
    assert ordinance.recitals == () and "WHEREAS" not in text  # a bill has no recitals
    assert ordinance.enacting_clause == (
        "Be it enacted by the Legislature of the State of Elm Grove:")
    assert "Approved by the Governor" in text and "Secretary of State" in text
    assert not re.search(r"\bCity\b|\bMayor\b|\bCouncil\b|\bordinance\b", text)


def test_empty_fields_take_their_own_kinds_words_and_explicit_ones_stay() -> None:
    assert Jurisdiction().body == Jurisdiction().clerk == Jurisdiction().chief_executive == ""
    for kind, words in KINDS.items():
        ordinance = assemble(LIB, minimal(kind).with_jurisdiction(style=""), today=TODAY)
        assert ordinance.style_id == words.style
        text = flat(render_text(ordinance))
        assert words.body in ordinance.enacting_clause, kind
        # A town's block has no approval line (its supervisor presides and has no veto).
        signs = any("{executive}" in line or "{approval}" in line for line in words.signature)
        for word in ((words.executive,) if signs else ()) + (
                words.clerk, *([words.counsel] if words.local else [])):
            assert word in text, (kind, word)
        if not signs:
            assert words.executive not in text and "Approved by" not in text, kind
    kept = minimal("county").with_jurisdiction(body="County Legislature",
                                               clerk="Clerk of the Legislature")
    ordinance = assemble(LIB, kept, today=TODAY)
    assert "the County Legislature of the County of Elm Grove ordains" in ordinance.enacting_clause
    assert any("Clerk of the Legislature" in line for line in ordinance.signature)


def test_the_government_name_can_be_given_in_full() -> None:
    draft = minimal("city-county").with_jurisdiction(
        name="San Francisco", government="the City and County of San Francisco",
        body="Board of Supervisors")
    ordinance = assert_right_for_kind(LIB, draft)
    assert ordinance.caption[0] == "CITY AND COUNTY OF SAN FRANCISCO"
    assert "the Board of Supervisors of the City and County of San Francisco ordains" in (
        ordinance.enacting_clause)


def test_now_therefore_joins_the_enacting_clause() -> None:
    for sid in LIB.seeds:
        ordinance = assemble(LIB, seed(sid), today=TODAY)
        assert ordinance.recitals_outro == ""
        if ordinance.recitals:
            assert ordinance.enacting_clause.startswith("NOW, THEREFORE, "), sid
            assert ordinance.enacting_clause[len("NOW, THEREFORE, "):][0].islower(), sid
        lines = render_text(ordinance).splitlines()
        assert "NOW, THEREFORE," not in [line.strip() for line in lines], sid


def test_a_state_bill_has_recitals_only_when_chosen() -> None:
    bill = seed("state-permit")
    assert assemble(LIB, bill, today=TODAY).recitals == ()
    chosen = assemble(LIB, bill.with_jurisdiction(recitals="include"), today=TODAY)
    assert chosen.recitals and chosen.enacting_clause.startswith(
        "NOW, THEREFORE, be it enacted by the Legislature of the State of Columbia")
    omitted = assemble(LIB, seed("face-ban").with_jurisdiction(recitals="omit"), today=TODAY)
    assert omitted.recitals == () and not omitted.enacting_clause.startswith("NOW")


def recital_text(ordinance: Ordinance) -> str:
    return flat(" ".join(r.content.plain for r in ordinance.recitals))


def test_recitals_name_the_state_a_local_government_is_in() -> None:
    draft = seed("face-ban")
    unnamed = recital_text(assemble(LIB, draft, today=TODAY))
    assert "by the Constitution of this State" in unnamed
    named = recital_text(assemble(LIB, draft.with_jurisdiction(state="Oregon"), today=TODAY))
    assert "by the Constitution of the State of Oregon" in named
    act = assemble(LIB, seed("state-permit").with_jurisdiction(recitals="include"),
                   today=TODAY)
    assert "by the Constitution of the State of Columbia" in recital_text(act)  # its own


def test_a_county_rule_on_private_conduct_reaches_the_unincorporated_area() -> None:
    county = in_kind(seed("private-ban"), "county")
    text = flat(render_text(assemble(LIB, county, today=TODAY)))
    assert "within the unincorporated area of the County of Fernhill" in text
    whole = county.with_jurisdiction(unincorporated_only=False)
    text = flat(render_text(assemble(LIB, whole, today=TODAY)))
    assert "unincorporated" not in text and "within the County of Fernhill" in text
    city = flat(render_text(assemble(LIB, seed("private-ban"), today=TODAY)))
    assert "unincorporated" not in city  # the setting is a county's only


def test_a_town_that_passes_ordinances_has_its_own_style() -> None:
    town = in_kind(seed("face-ban"), "town")
    ordinance = assert_right_for_kind(LIB, town)
    assert ordinance.style_id == "town-ordinance" and ordinance.instrument == "ordinance"
    assert ordinance.caption == ("TOWN OF RIVERTON", "ORDINANCE NO. ________")
    local_law = assert_right_for_kind(LIB, seed("post-act"))
    assert local_law.style_id == "town" and local_law.instrument == "local law"


def test_l011_flags_another_kinds_word_with_where_it_comes_from() -> None:
    moved = seed("face-ban").with_jurisdiction(kind="county", body="City Council")
    found = [d for d in lint(LIB, moved) if d.code == "L011"]
    assert found and found[0].severity == RULES["L011"].severity == "error"
    assert "'City Council' is a word of a city" in found[0].message
    assert "legislative body is 'City Council'" in found[0].hint
    assert "'Board of Supervisors'" in found[0].hint
    # The review's c7: only the kind and style changed; nothing of a city is left.
    c7 = seed("face-ban").with_jurisdiction(kind="county", style="county")
    assert not [d for d in lint(LIB, c7) if d.code == "L011"]


def test_l011_reads_overrides_and_answers_too() -> None:
    law = seed("post-act")
    override = law.with_override("general.severability",
                                 "If any part of this ordinance is held invalid, the rest stands.")
    (found,) = [d for d in lint(LIB, override) if d.code == "L011"]
    assert "'this ordinance' is not this draft's instrument ('local law')" in found.message
    assert found.clause == "general.severability" and "override" in found.hint
    answer = law.with_answer("independent_audit", True).with_answer("auditor", "City Auditor")
    found = [d for d in lint(LIB, answer) if d.code == "L011"]
    assert found and "answer to 'auditor'" in found[0].hint
    assert not [d for d in lint(LIB, law) if d.code == "L011"]


def test_new_keeps_every_jurisdiction_field_of_the_seed(tmp_path: Path) -> None:
    for sid, item in LIB.seeds.items():
        out = tmp_path / f"{sid}.yaml"
        assert main(["new", "--seed", sid, "-o", str(out)]) == 0
        given_fields = item.data["jurisdiction"]
        import yaml

        written = yaml.safe_load(out.read_text(encoding="utf-8"))["jurisdiction"]
        for key, value in given_fields.items():
            expected = list(value) if isinstance(value, (list, tuple)) else value
            assert written[key] == expected, (sid, key)
        draft, _ = load_draft(out)
        assert draft.jurisdiction == seed(sid).jurisdiction


def kinds_and_answers(library: Library) -> st.SearchStrategy[Draft]:
    answers = st.fixed_dictionaries({}, optional={
        qid: answer_strategy(q) for qid, q in library.questions.items()
        if q.type != "text"})  # typed names are the drafter's words, not the library's
    return st.builds(lambda a, k, s: Draft(answers=a).with_jurisdiction(
        kind=k, style=s, name="Elm Grove"), answers, st.sampled_from(sorted(KINDS)),
        st.sampled_from(["", *sorted(library.styles)]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds_and_answers(LIB))
def test_random_answers_in_every_kind_print_only_that_kinds_words(draft: Draft) -> None:
    assert_right_for_kind(LIB, draft)
