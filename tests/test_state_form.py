"""A state act's form (issue 12): who approves, whom the act binds, courts, immunity.

A state act that binds local agencies sends each one's request to its own governing
body (or to a state body the drafter names), says so in its definitions and
Application section, lets the drafter choose how far down the Agency definition
reaches, and waives (or expressly keeps) sovereign immunity where the State can be
sued. Local drafts say none of this.
"""

from __future__ import annotations

import re

import pytest

from ordinance_tui.core.library import Library

from .clause_library_tools import Built, Explorer, build, refs_in
from .clause_library_tools import built_text as text

LOCAL_SEEDS = ["ccops", "face-ban", "moratorium", "post-act", "private-ban", "sf-combo"]


@pytest.fixture(scope="module")
def explorer(builtin: Library) -> Explorer:
    ex = Explorer(builtin)
    # The ccops seed (a city's approval process) re-enacted as a state act.
    ex.bases["ccops-state"] = ex.bases["ccops"].with_jurisdiction(
        kind="state", style="state", name="Columbia", codified=False, code_name="",
        chapter_number="", chapter_title="", short_title="Columbia Surveillance Act",
        sponsors=("Senator Ruth Adeyemi",))
    return ex


def definition(built: Built, term: str) -> str:
    """The text of one definition, from its term to the next definition's number."""
    definitions = text(built, "definitions")
    start = definitions.index(f"\u201c{term}\u201d means")
    return re.split(r" \d+\. (?=\u201c)", definitions[start:])[0]


APPROVAL_SECTIONS = ("approval.required", "approval.submission", "approval.standard",
                     "approval.impact-report", "approval.use-policy",
                     "approval.publication", "existing.compliance-deadline",
                     "existing.cease", "oversight.advisory-review", "reporting.review")


# -- 1. who approves --------------------------------------------------------------------------

def test_state_approval_goes_to_each_local_agencys_own_body(explorer: Explorer) -> None:
    built = build(explorer, "ccops-state")
    assert built.context["state_approval"] == "own_authority"  # the default
    approving = definition(built, "Approving Authority")
    assert ("for an Agency of a county, city, town, district or other political subdivision "
            "of the State, the Legislative Authority of that local government") in approving
    assert "for an Agency of the State, the Legislature" in approving
    required = text(built, "approval.required")
    assert "must obtain the approval of its Approving Authority, given after a public " \
           "hearing" in required
    # No approval section sends a local agency's request to the Legislature, or asks for
    # approval "by act" or "by resolution" of it.
    for clause_id in APPROVAL_SECTIONS:
        section = text(built, clause_id)
        assert "the Legislature" not in section, clause_id
        assert "by act" not in section and "by resolution" not in section, clause_id
    application = text(built, "scope.all-agencies")
    assert ("An Agency of a local government seeks each approval that this act requires "
            "from the Legislative Authority of that government") in application
    assert "approval of the legislative authority of each local agency and of the " \
           "Legislature for each state agency" in " ".join(built.ordinance.long_title.split())
    assert "the Legislature for approval by act" not in " ".join(d.message for d in built.lint)


@pytest.mark.parametrize(("choice", "local", "state"), [
    ("own_and_state_body", "the Legislative Authority of that local government",
     "for an Agency of the State, the Privacy and Technology Board"),
    ("state_body", None, "the Privacy and Technology Board, for every Agency"),
])
def test_state_approval_can_go_to_a_named_state_body(explorer: Explorer, choice: str,
                                                     local: str | None, state: str) -> None:
    built = build(explorer, "ccops-state", state_approval=choice,
                  state_approval_body="Privacy and Technology Board")
    approving = definition(built, "Approving Authority")
    assert state in approving
    assert (local in approving) if local else ("Legislative Authority" not in approving)
    title = " ".join(built.ordinance.long_title.split())
    assert "Privacy and Technology Board" in title
    if choice == "state_body":
        assert "approval of the Privacy and Technology Board, after public notice" in title
        assert "seeks each approval" not in text(built, "scope.all-agencies")


def test_the_named_state_body_is_asked_only_when_it_approves(explorer: Explorer) -> None:
    assert "state_approval_body" not in build(explorer, "ccops-state").visible
    assert "state_approval_body" in build(explorer, "ccops-state",
                                          state_approval="state_body").visible
    # A city never sees the state's questions.
    city = build(explorer, "ccops")
    assert not {"state_approval", "state_approval_body", "state_agencies",
                "waive_immunity"} & set(city.visible)


def test_a_state_advisory_body_has_no_district_seats(explorer: Explorer) -> None:
    built = build(explorer, "ccops-state")
    assert built.context["advisory_appointment"] == "district"
    body = text(built, "oversight.advisory-body")
    assert "elected from a district" not in body
    assert "nominated by the Governor and confirmed by the Legislature" in body
    review = text(built, "oversight.advisory-review")
    assert "recommend that the Agency's Approving Authority approve the request" in review


# -- 1. whom the act binds ------------------------------------------------------------------

def test_state_agency_definition_reaches_local_agencies_by_choice(explorer: Explorer) -> None:
    default = build(explorer, "ccops-state")
    assert default.context["state_agencies"] == "state_and_local"
    assert "and any county, city, town, district or other political subdivision of the " \
           "State or unit of one" in definition(default, "Agency")
    assert "bind state and local agencies" in default.ordinance.long_title

    police = build(explorer, "ccops-state", state_agencies="law_enforcement")
    agency = definition(police, "Agency")
    assert "whose functions include the prevention, detection or investigation of crime" \
           in agency and "sheriff's office" in agency
    assert "bind state and local law-enforcement agencies" in " ".join(
        police.ordinance.long_title.split())
    assert "law-enforcement agencies of the State and of local governments alike" in text(
        police, "scope.all-agencies")

    state = build(explorer, "ccops-state", state_agencies="state")
    agency = definition(state, "Agency")
    assert agency.rstrip(". ").endswith(
        "The term does not include a county, city, town, district or other political "
        "subdivision of the State, or a unit of one")
    assert "other than the Privacy Advisory Commission." in agency  # before the exclusion
    assert "and not to counties, cities, towns, districts" in text(state, "scope.all-agencies")
    # With no local agencies, approval goes to the named state body.
    assert "state_approval" not in state.visible and "state_approval_body" in state.visible
    assert "the Surveillance Technology Review Board, for every Agency" in definition(
        state, "Approving Authority")


def test_state_agency_question_has_help_on_the_trade_off(builtin: Library) -> None:
    help_text = " ".join(builtin.questions["state_agencies"].help.split())
    assert "fiscal note" in help_text and "main users" in help_text
    assert builtin.questions["state_agencies"].default == "state_and_local"


# -- 3. sovereign immunity ---------------------------------------------------------------------

def test_state_waiver_reaches_every_remedy_against_the_state(explorer: Explorer) -> None:
    built = build(explorer, "ccops-state")
    assert {"damages", "fees", "whistleblower"} <= set(built.context["remedies"])
    action = text(built, "enforcement.civil-action")
    assert ("waives its sovereign immunity, and that of its agencies, and consents to be sued "
            "in its own courts, for the relief that this section and sections") in action
    assert "and for no other relief" in action
    section = built.ordinance.find("enforcement.civil-action")
    assert section is not None
    assert {"enforcement.damages", "enforcement.fees", "enforcement.whistleblower"} <= {
        r.target for r in refs_in(section)}


def test_state_may_choose_not_to_waive_immunity(explorer: Explorer) -> None:
    built = build(explorer, "ccops-state", waive_immunity=False)
    action = text(built, "enforcement.civil-action")
    assert "waives its sovereign immunity" not in action
    assert "Nothing in this act waives the sovereign immunity of the State of Columbia or " \
           "of its agencies" in action
    assert "may be brought only to the extent that other law permits it" in action
    kept = built.ordinance.find("enforcement.civil-action")
    assert kept is not None and "does not waive immunity" in kept.commentary
    waived = build(explorer, "ccops-state").ordinance.find("enforcement.civil-action")
    assert waived is not None and "waives immunity expressly" in waived.commentary


@pytest.mark.parametrize("seed_id", LOCAL_SEEDS)
def test_local_drafts_never_mention_sovereign_immunity(explorer: Explorer,
                                                       seed_id: str) -> None:
    built = build(explorer, seed_id)
    assert "immunity" not in built.markdown.casefold()
    for section in built.ordinance.all_sections():
        assert "sovereign immunity" not in section.commentary.casefold(), section.clause_id
        for note in section.notes:
            assert "sovereign immunity" not in note.commentary.casefold(), note.subject


# -- 4. headings ---------------------------------------------------------------------------

PLACEHOLDER_WORDS = ("advisory body", "legislative body", "the body")


@pytest.mark.parametrize("seed_id", [*LOCAL_SEEDS, "state-permit", "ccops-state"])
def test_no_heading_is_a_placeholder(explorer: Explorer, seed_id: str) -> None:
    built = build(explorer, seed_id, advisory_body=True)
    headings = {s.clause_id: s.heading for s in built.ordinance.all_sections()}
    for clause_id, heading in headings.items():
        assert not any(w in heading.casefold() for w in PLACEHOLDER_WORDS), (clause_id, heading)
    name = built.context["advisory_body_name"]
    if "oversight.advisory-body" in headings:
        assert headings["oversight.advisory-body"] == name
    if "oversight.advisory-review" in headings:
        assert headings["oversight.advisory-review"] == f"Review by the {name}"


def test_a_heading_prints_the_name_as_typed(explorer: Explorer) -> None:
    built = build(explorer, "ccops", advisory_body_name="Surveillance {{ Board }}")
    section = built.ordinance.find("oversight.advisory-body")
    assert section is not None and section.heading == "Surveillance {{ Board }}"


# -- 2. courts ---------------------------------------------------------------------------------

def test_state_court_duties_are_phrased_for_the_states_own_courts(explorer: Explorer) -> None:
    built = build(explorer, "state-permit", remedies=["injunctive", "suppression"])
    reports = text(built, "permit.judicial-reports")
    # A state binds its own judges, not federal ones, and its court administrator sets the form.
    assert reports.startswith("1. Every judge of a court of the State of Columbia who")
    assert "administrator of the courts of the State of Columbia" in reports
    assert "in the form that the administrator prescribes" in reports
    assert "send it to the Legislature" in reports
    suppression = text(built, "enforcement.suppression")
    assert "may not be received in evidence against any person in any civil, criminal or " \
           "administrative proceeding in a court of the State of Columbia" in suppression
    assert "to the extent permitted by federal law" in suppression
    assert "so far as state and federal law allow" not in suppression
    assert not [d for d in built.lint if d.code == "L018"]


def test_local_law_keeps_court_duties_out(explorer: Explorer) -> None:
    built = build(explorer, "face-ban", approach_face="permit", permit_judicial_reports=True,
                  remedies=["injunctive", "suppression"])
    assert "judge" not in text(built, "permit.judicial-reports")
    suppression = text(built, "enforcement.suppression")
    assert "in a court of" not in suppression
    assert "proceeding that the City of Riverton or an Agency conducts" in suppression
