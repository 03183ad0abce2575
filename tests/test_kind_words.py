"""Words that follow the kind of jurisdiction beyond the government's own (issue 12).

A question's default can depend on the kind (``kind_defaults``): counsel's reading found
"the Police Department of the County of Elm Grove" in a county draft that never named its
agency. And a seed moved to another kind keeps its code name, short title and sponsors as
typed: lint names each local word in a state bill.
"""

from __future__ import annotations

from pathlib import Path

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import Draft
from ordinance_tui.core.handout import handout
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint

from .conftest import TODAY, seed_draft
from .test_library_errors import libdir, only, problems_for, write  # noqa: F401

POLICE_ONLY = {"approach_face": "ban", "gov_scope": "police"}


def text_of(library: Library, draft: Draft) -> str:
    tree = assemble(library, draft, today=TODAY)
    return " ".join(p.plain for s in tree.all_sections() for p in s.paragraphs())


def test_a_county_names_its_sheriff_and_a_state_its_state_police(builtin: Library) -> None:
    for kind, agency in (("city", "Police Department"), ("county", "Sheriff's Office"),
                         ("state", "Department of State Police")):
        draft = Draft(answers=POLICE_ONLY).with_jurisdiction(name="Elm Grove", kind=kind)
        text = text_of(builtin, draft)
        assert f"the {agency} of" in text, kind
        if kind != "city":
            assert "Police Department" not in text, kind


def test_an_answer_still_wins_over_the_kinds_default(builtin: Library) -> None:
    draft = Draft(answers={**POLICE_ONLY, "police_agency_name": "County Police"}
                  ).with_jurisdiction(name="Elm Grove", kind="county")
    text = text_of(builtin, draft)
    assert "the County Police of" in text and "Sheriff" not in text


def test_the_handout_shows_each_kinds_default(builtin: Library) -> None:
    questions = {q.id: q for step in handout(builtin).steps for q in step.questions}
    assert questions["police_agency_name"].default == (
        "Police Department; in a county: Sheriff's Office; in a state: Department of State Police")


def test_a_kind_default_naming_no_kind_or_an_invalid_value_is_an_error(libdir: Path) -> None:  # noqa: F811
    path = libdir / "questions/10-approach.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    default: 30\n", "    default: 30\n    kind_defaults: {borough: 10, county: 900}\n", 1)
    write(path, text)
    problems = problems_for(libdir)
    assert only(problems, "kind_defaults names 'borough'").file == str(path)
    assert "the default for a county" in only(problems, "the default for a county").message


def test_a_seed_moved_to_a_state_is_told_of_every_local_word_it_keeps(builtin: Library) -> None:
    """The ccops seed made a state bill keeps the city's code name, short title and sponsor:
    lint names each (L011, an error), and each comes back clean once the field is fixed."""
    draft = seed_draft(builtin, "ccops")
    state = draft.with_jurisdiction(kind="state", style="")
    messages = [d.message for d in lint(builtin, state) if d.code == "L011"]
    assert any("'Municipal Code'" in m for m in messages), messages
    assert any("short title" in m and "'Ordinance'" in m for m in messages), messages
    assert any("'Councilmember'" in m for m in messages), messages
    fixed = state.with_jurisdiction(code_name="Revised Code of Bayview", sponsors=(
        "Senator Nia Okafor",), short_title="Bayview Surveillance and Community Safety Act")
    assert [d.message for d in lint(builtin, fixed) if d.code == "L011"] == []


def test_a_local_law_named_an_act_is_left_alone_but_a_state_sponsor_is_not(
        builtin: Library) -> None:
    draft = seed_draft(builtin, "post-act")  # a town's local law named the "POST Act"
    assert [d for d in lint(builtin, draft) if d.code == "L011"] == []
    moved = draft.with_jurisdiction(sponsors=("Senator Dana Whitfield",))
    assert [d.message for d in lint(builtin, moved) if d.code == "L011"] == [
        "the sponsor 'Senator Dana Whitfield' has the title 'Senator', which belongs to a "
        "state legislature"]


STATE_BAN = {"approach_face": "ban", "gov_scope": "all", "state_agencies": "all",
             "remedies": ["injunctive"]}


def _signature(library: Library, draft: Draft) -> tuple[str, ...]:
    return assemble(library, draft, today=TODAY).signature


def test_a_state_bill_is_signed_for_each_house_of_its_legislature(builtin: Library) -> None:
    """Counsel's finding 21: Virginia's houses are the Senate and the House of Delegates,
    and its filing officer the Secretary of the Commonwealth; a unicameral legislature has
    one house. The default stays the Senate and the House of Representatives."""
    state = Draft(answers=STATE_BAN).with_jurisdiction(name="Elm Grove", kind="state")
    default = _signature(builtin, state)
    assert default[:4] == (
        "Passed by the Senate ____________________.",
        "Passed by the House of Representatives ____________________.",
        "____________________________________, President of the Senate",
        "____________________________________, Speaker of the House of Representatives")
    assert default[-1] == "Filed in the Office of the Secretary of State ____________________."
    virginia = state.with_jurisdiction(
        name="Virginia", government="the Commonwealth of Virginia", body="General Assembly",
        chambers=("Senate", "House of Delegates"), clerk="Secretary of the Commonwealth")
    signed = "\n".join(_signature(builtin, virginia))
    assert "Passed by the House of Delegates" in signed
    assert "Speaker of the House of Delegates" in signed
    assert "House of Representatives" not in signed
    assert "Filed in the Office of the Secretary of the Commonwealth" in signed
    nebraska = state.with_jurisdiction(name="Nebraska", chambers=("Legislature",))
    assert _signature(builtin, nebraska)[:2] == (
        "Passed by the Legislature ____________________.",
        "____________________________________, Speaker of the Legislature")


def test_a_commonwealth_calls_itself_one_and_reports_reach_the_presiding_officers(
        builtin: Library) -> None:
    """"Political subdivision of the Commonwealth", and a state agency's report to the
    legislature is filed with the presiding officer of each house (finding 21: a whole
    legislature, often out of session, cannot receive a report)."""
    answers = {**STATE_BAN, "ban_report": True}
    virginia = Draft(answers=answers).with_jurisdiction(
        name="Virginia", kind="state", government="the Commonwealth of Virginia",
        body="General Assembly", chambers=("Senate", "House of Delegates"))
    text = " ".join(text_of(builtin, virginia).split())
    assert "political subdivision of the Commonwealth" in text
    assert "subdivision of the state" not in text and "of the State" not in text
    assert ("An Agency of the Commonwealth submits a notice, request or report to the General "
            "Assembly under this act by filing it with the President of the Senate and the "
            "Speaker of the House of Delegates.") in text
    plain = Draft(answers=answers).with_jurisdiction(name="Elm Grove", kind="state")
    text = " ".join(text_of(builtin, plain).split())
    assert "political subdivision of the State" in text
    assert "filing it with the President of the Senate and the Speaker of the House of " \
           "Representatives" in text


def test_lint_notes_a_named_legislature_left_with_the_default_houses(builtin: Library) -> None:
    state = Draft(answers=STATE_BAN).with_jurisdiction(
        name="Virginia", kind="state", body="General Assembly")
    notes = [d for d in lint(builtin, state) if d.code == "L011"]
    assert [d.severity for d in notes] == ["note"]
    assert "Senate and the House of Representatives" in notes[0].message
    named = state.with_jurisdiction(chambers=("Senate", "House of Delegates"))
    assert [d for d in lint(builtin, named) if d.code == "L011"] == []
    unnamed = Draft(answers=STATE_BAN).with_jurisdiction(name="Elm Grove", kind="state")
    assert [d for d in lint(builtin, unnamed) if d.code == "L011"] == []
