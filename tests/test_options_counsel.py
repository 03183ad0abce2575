"""Counsel's findings on the new options (issue 13, second part): each test builds the
reproduction draft of a finding (the minimal draft in /work/wt/counsel-findings.md) and
asserts the corrected text. Each draft is built once; the built-in library is shared.
"""

from __future__ import annotations

from typing import Any

import pytest

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint

from .clause_library_tools import section_text


def build(lib: Library, kind: str, **answers: Any) -> tuple[Ordinance, list[str]]:
    """The ordinance for a draft of ``kind``, and its lint errors and warnings."""
    data = {"format": "ordinance-draft/1",
            "jurisdiction": {"name": "Elm Grove", "kind": kind}, "answers": answers}
    draft, problems = draft_from_data(data, "counsel.yaml")
    assert problems == []
    ordinance = assemble(lib, draft)
    found = [f"{d.code} {d.message}" for d in lint(lib, draft, ordinance)
             if d.severity in ("error", "warning")]
    return ordinance, found


def text(ordinance: Ordinance, clause_id: str) -> str:
    section = ordinance.find(clause_id)
    assert section is not None, f"{clause_id} is not in the ordinance"
    return " ".join(section_text(section).split())


def number(ordinance: Ordinance, clause_id: str) -> str:
    section = ordinance.find(clause_id)
    assert section is not None, clause_id
    return section.number


# -- finding 1: an approved exception is also an exception to "use through third parties" ----
def test_an_approved_exception_may_be_carried_out_through_a_vendor(builtin: Library) -> None:
    law, found = build(builtin, "city", tech_scope="face", approach_face="ban",
                       bar_third_party=True, exceptions=[], exception_requests=True,
                       remedies=["injunctive"])
    assert found == []
    legislative = number(law, "exceptions.legislative-exception")
    third = number(law, "prohibitions.third-party")
    assert text(law, "prohibitions.third-party").startswith(
        f"Except as provided in Section {legislative}, no Agency or Official may")
    body = text(law, "exceptions.legislative-exception")
    assert f"Notwithstanding Sections {number(law, 'prohibitions.face-ban')} and {third}," in body
    # finding 21 and 23: the heading names the body; the purpose comes before the object
    assert law.find("exceptions.legislative-exception").heading == \
        "Exceptions approved by the City Council"
    assert "an Agency may, for a particular purpose, obtain and use a technology that" in body


# -- finding 2: a vendor that runs a search an Agency may ask for does not break the private ban
def test_a_private_ban_spares_a_search_an_agency_lawfully_requests(builtin: Library) -> None:
    law, found = build(builtin, "city-county", tech_scope="face", approach_face="ban",
                       private_scope="all_persons", bind_government=True, bar_third_party=True,
                       exceptions=["warrant", "missing_children"],
                       missing_children_condition="court_order",
                       remedies=["injunctive", "criminal"])
    assert found == []
    children = number(law, "exceptions.missing-children")
    warrant = number(law, "exceptions.warrant")
    assert text(law, "prohibitions.private").startswith(
        f"(a) Except for a use that an Agency has requested under Sections {children} or "
        f"{warrant} and that the Private Entity performs only for that Agency, no Private "
        "Entity may")


# -- finding 3: the agency named for a database search may perform it when it is an Agency ---
def test_the_database_agency_may_perform_the_search_it_is_asked_for(builtin: Library) -> None:
    law, found = build(builtin, "state", tech_scope="face", approach_face="ban", gov_scope="all",
                       state_agencies="state_and_local", exceptions=["database_search"],
                       database_agency="the Elm Grove State Police", report_due="February 1",
                       remedies=["injunctive"])
    assert found == []
    body = text(law, "exceptions.database-search")
    assert "the photographs kept by the Elm Grove State Police under state or federal law" in body
    assert "2. If the agency asked to search is itself an Agency, it may perform a search " \
        "requested under this section" in body
    assert "3. Except as subsection (2) of this section allows the agency that performs the " \
        "search, nothing in this section allows an Agency" in body
    assert "the Elm Grove State Police keeps" not in body


# -- finding 4: in a state act only a later act makes an exception ----------------------------
def test_a_state_act_allows_an_exception_only_by_a_later_act(builtin: Library) -> None:
    law, found = build(builtin, "state", tech_scope="face", approach_face="ban", gov_scope="all",
                       state_agencies="state_and_local", exceptions=[], exception_requests=True,
                       remedies=["injunctive"])
    assert found == []
    body = text(law, "exceptions.legislative-exception")
    assert "only if an act of the Legislature adopted after the effective date of this act " \
        "expressly authorizes that use, and only as that act allows" in body
    assert "submit to the presiding officer of each house of the Legislature" in body
    assert "Legislative Authority" not in body
    assert "public hearing" not in body
    assert "to allow an exception only by a later act" in law.long_title
    assert law.find("exceptions.legislative-exception").heading == \
        "Exceptions only by a later act"


# -- finding 8: where there is an approval process, an exception request goes through it -----
def test_an_exception_request_goes_through_the_approval_process(builtin: Library) -> None:
    law, found = build(builtin, "city", tech_scope="all", approach_face="ban",
                       approach_other="approval", exceptions=[], exception_requests=True,
                       ban_cell_site=True, remedies=["injunctive"])
    assert found == []
    body = text(law, "exceptions.legislative-exception")
    assert f"must follow Section {number(law, 'approval.submission')} as if it sought approval " \
        f"under Section {number(law, 'approval.required')}" in body
    assert f"only on the standard in Section {number(law, 'approval.standard')}, and only if it " \
        "also finds that the purpose cannot reasonably be achieved without the technology" in body
    assert "must adopt a Use Policy for the use" in body
    assert "The Agency must include each use under this section in its next Surveillance " \
           "Report" in body
    assert "public hearing held at least" not in body
    assert f"except as Section {number(law, 'exceptions.legislative-exception')} provides" in \
        text(law, "approval.required")


# -- finding 9: after a moratorium that ends in approval, the exceptions keep working ---------
def test_the_exceptions_survive_a_moratorium_that_ends_in_approval(builtin: Library) -> None:
    law, found = build(builtin, "town", tech_scope="face", approach_face="moratorium",
                       moratorium_end="date", moratorium_after="approval",
                       exceptions=["warrant", "missing_children"], exigent_use=True,
                       remedies=["injunctive"])
    assert found == []
    first = number(law, "exceptions.missing-children")
    last = number(law, "exceptions.exigent")
    assert text(law, "moratorium.after").startswith(
        f"After the Moratorium Period ends, and except as provided in Sections {first} through "
        f"{last}, an Agency or Official may do anything")


@pytest.mark.parametrize("kind", ["city", "state"])
def test_no_pilot_of_the_technology_a_moratorium_barred(builtin: Library, kind: str) -> None:
    law, found = build(builtin, kind, tech_scope="all", approach_face="moratorium",
                       approach_other="approval", moratorium_end="date",
                       moratorium_after="approval", pilot_period=True, pilot_days=90,
                       exceptions=[], remedies=["injunctive"])
    assert found == []
    assert "does not permit a pilot of any technology that " in text(law, "approval.pilot")
    assert "prohibits during the Moratorium Period, whether or not that period has ended" in \
        text(law, "approval.pilot")


# -- findings 5, 13, 17: public penalties name whom they reach, and no double penalty ---------
def test_public_penalties_reach_contractors_not_the_governments_own_staff(
        builtin: Library) -> None:
    law, found = build(builtin, "city", tech_scope="face", approach_face="ban", exceptions=[],
                       remedies=["injunctive", "discipline", "civil_penalty", "admin_fine"])
    assert found == []
    reach = ("a contractor, vendor or other person acting on behalf of an Agency, other than an "
             "officer, employee or volunteer of an Agency, who knowingly violates this ordinance")
    penalty = text(law, "enforcement.civil-penalty")
    fine = text(law, "enforcement.admin-fine")
    assert f"The City Attorney may bring a civil action in a court of competent jurisdiction " \
        f"against {reach}, for a civil penalty" in penalty
    assert f"may impose on {reach} an administrative fine" in fine
    assert fine.startswith("(a) The Mayor, or an officer whom the Mayor designates,")
    assert "any person" not in penalty + fine
    assert "Before a fine is imposed, the Mayor must give the person written notice" in fine
    assert f"may not be imposed for a violation for which a civil penalty has been sought under " \
        f"Section {number(law, 'enforcement.civil-penalty')}" in fine
    assert f"may not be sought for a violation for which an administrative fine has been " \
        f"imposed under Section {number(law, 'enforcement.admin-fine')}" in penalty
    # a law that does not bind contractors: the penalty would reach no one, and lint says so
    _, found = build(builtin, "city", tech_scope="face", approach_face="ban", exceptions=[],
                     include_contractors=False, remedies=["injunctive", "civil_penalty"])
    assert [f for f in found if "reaches only contractors" in f]
    # a private ban: the penalty reaches the Private Entity that breaks it
    law, found = build(builtin, "county", tech_scope="face", approach_face="ban",
                       private_scope="public_accommodation", bind_government=False,
                       exceptions=[], remedies=["civil_penalty"],
                       civil_penalty_official="District Attorney")
    assert found == []
    assert text(law, "enforcement.civil-penalty").startswith(
        "(a) The District Attorney may bring a civil action in a court of competent jurisdiction "
        f"against a Private Entity that violates § {number(law, 'prohibitions.private')}, for")


# -- finding 6: "each day a separate violation" is confined to the civil penalty -------------
def test_each_day_is_a_separate_violation_only_for_the_civil_penalty(builtin: Library) -> None:
    law, found = build(builtin, "county", tech_scope="face", approach_face="approval",
                       remedies=["injunctive", "damages", "civil_penalty"], damages_tiers=False,
                       damages_amount=1000, damages_daily=100)
    assert found == []
    assert "(b) For the purposes of this section, each day on which a violation continues is " \
        "a separate violation." in text(law, "enforcement.civil-penalty")


# -- finding 7: the tiers are exclusive, the highest applies, and $0 tiers are left out -------
def test_damages_tiers_are_exclusive_and_zero_tiers_are_left_out(builtin: Library) -> None:
    law, found = build(builtin, "city", tech_scope="face", approach_face="ban", exceptions=[],
                       remedies=["injunctive", "damages"], damages_tiers=True)
    assert found == []
    body = text(law, "enforcement.damages")
    assert "for each violation, the highest of the following amounts that applies: " \
        "(1) $5,000, if the violator acted intentionally, that is, engaged in the conduct on " \
        "purpose knowing that this ordinance forbids it; (2) $2,500, if the violator acted " \
        "knowingly, that is, knew that the conduct violated this ordinance or acted in reckless " \
        "disregard of whether it did; or (3) $1,000, if the violator acted negligently" in body
    law, found = build(builtin, "village", tech_scope="face", approach_face="ban", exceptions=[],
                       remedies=["injunctive", "damages"], damages_tiers=True,
                       damages_negligent=0, damages_knowing=0, damages_intentional=0)
    body = text(law, "enforcement.damages")
    assert "$0" not in body
    assert "may recover from the Village of Elm Grove, in an action under Section " in body
    assert body.count("the person's actual damages.") == 1
    assert [f for f in found if "Every tier of minimum damages is $0" in f]


# -- findings 12, 14, 19, 20: evidence is kept, blanks are visible, consent and suits ---------
def test_evidence_blanks_volunteered_footage_and_suits_against_other_sovereigns(
        builtin: Library) -> None:
    law, found = build(builtin, "state", tech_scope="face", approach_face="ban", gov_scope="all",
                       state_agencies="state_and_local",
                       exceptions=["warrant", "missing_children", "database_search"],
                       missing_children_condition="statute", missing_children_statute="",
                       database_agency="the Federal Bureau of Investigation",
                       private_footage=True, remedies=["injunctive"])
    keep = ("except data that a court orders preserved, that must be kept as evidence or "
            "disclosed to a defendant, or that other law requires to be kept")
    warrant = text(law, "exceptions.warrant")
    assert keep in warrant and "unless a court orders the data preserved" not in warrant
    assert "limit the use to the images, the crime and the period" in warrant
    assert keep in text(law, "exceptions.missing-children")
    assert "[insert the citation of the state statute" in text(law, "exceptions.missing-children")
    assert [f for f in found if f.startswith("L007")]
    footage = text(law, "data.private-footage")
    assert "does not apply to an image or recording that a person who lawfully holds it gives " \
        "to an Agency on the person's own initiative, without any request by an Agency" in footage
    assert "has consented under this section" not in footage
    assert "against any other agency or person, other than the United States, another state or " \
        "an agency of either, that holds data obtained in violation of it" in \
        text(law, "enforcement.civil-action")


# -- finding 15: the compliance report asks about every ban and counts approved exceptions ----
def test_the_compliance_report_covers_every_ban_and_approved_exception(
        builtin: Library) -> None:
    law, found = build(builtin, "city", tech_scope="face", approach_face="ban",
                       ban_cell_site=True, exceptions=["warrant"], exception_requests=True,
                       ban_report=True, report_due="March 1", remedies=["injunctive"])
    assert found == []
    report = text(law, "reporting.ban-report")
    assert f"used any technology that Sections {number(law, 'prohibitions.face-ban')} or " \
        f"{number(law, 'prohibitions.cell-site')} prohibit, and, if so" in report
    assert "beginning with the first March 1 that is at least twelve months after the " \
        "effective date of this ordinance" in report
    assert f"for each of Sections {number(law, 'exceptions.warrant')} and " \
        f"{number(law, 'exceptions.legislative-exception')}, how many times" in report
    assert "The Agency must include each use under this section in its next report required " \
        "by Section " \
        f"{number(law, 'reporting.ban-report')}" in text(law, "exceptions.legislative-exception")


# -- finding 15 (e): with a compliance report, the exceptions' summaries go into it ----------
def test_the_log_summaries_go_into_the_compliance_report(builtin: Library) -> None:
    answers: dict[str, Any] = dict(tech_scope="face_derived", approach_face="ban",
                                   exceptions=["unsolicited", "database_search"],
                                   report_due="March 1", remedies=["injunctive"])
    law, found = build(builtin, "city", ban_report=True, report_cadence="biennial", **answers)
    assert found == []
    report = f"in the report required by Section {number(law, 'reporting.ban-report')} for the"
    unsolicited = text(law, "exceptions.unsolicited")
    assert "must include a summary of the entries in its log, with any information that " \
        "would identify a person removed, " + report + " period in which it received the " \
        "information" in unsolicited
    search = text(law, "exceptions.database-search")
    assert report + " period in which it made the requests" in search
    for body in (unsolicited, search):
        assert "By March 1 of each year" not in body
    # Without the compliance report each summary is still filed on its own, every year.
    alone, found = build(builtin, "city", **answers)
    assert found == []
    for clause_id in ("exceptions.unsolicited", "exceptions.database-search"):
        assert "By March 1 of each year, each Agency that " in text(alone, clause_id), clause_id


# -- finding 16: the other bans get the face ban's transition --------------------------------
def test_the_other_bans_get_a_report_and_time_to_dispose_of_devices(builtin: Library) -> None:
    law, found = build(builtin, "city", tech_scope="face", approach_face="ban",
                       ban_cell_site=True, ban_predictive=True, exceptions=[],
                       ban_assessment=True, remedies=["injunctive"])
    assert found == []
    face, cell = number(law, "prohibitions.face-ban"), number(law, "prohibitions.cell-site")
    predictive = number(law, "prohibitions.predictive")
    body = text(law, "existing.ban-assessment")
    assert "identifies any technology that it possesses, has access to or has used at any time " \
        "before that date and that Sections " in body
    assert f"Keeping data so secured is not a violation of Sections {face}, " in body
    assert f"An Agency must dispose of any device, and end any license, that Sections " \
        f"{min(cell, predictive, key=int)} or {max(cell, predictive, key=int)} prohibit within " \
        "ninety (90) days after the effective date of this ordinance" in body


# -- finding 11: under a biometric ban, characteristic tracking does not swallow its exceptions
def test_characteristic_tracking_leaves_biometrics_to_the_biometric_ban(
        builtin: Library) -> None:
    law, found = build(builtin, "county", tech_scope="biometric", approach_face="ban",
                       ban_attribute_tracking=True, exceptions=["warrant"], exigent_use=True,
                       remedies=["injunctive"])
    assert found == []
    definitions = text(law, "definitions")
    assert "uses an algorithm to identify, follow or search for a particular person or vehicle " \
        "in images or video" in definitions
    assert "reads the license plate of a vehicle, and not Biometric Surveillance Technology" in \
        definitions
    assert "software that detects people or vehicles only to count them, or to blur or redact " \
        "them in a record before it is released" in text(law, "prohibitions.attribute-tracking")


# -- finding 10: a right-of-way limit reaches analysis, and lint warns in a face-only law ----
def test_a_right_of_way_limit_reaches_analysis_and_is_flagged_for_software(
        builtin: Library) -> None:
    law, found = build(builtin, "county", tech_scope="face", approach_face="approval",
                       approval_where="right_of_way", data_sharing_limits=True,
                       remedies=["injunctive"])
    assert "or that gathers or analyzes images or other data of people or vehicles while they " \
        "are in it" in text(law, "approval.required")
    assert [f for f in found if f.startswith("L004") and "right-of-way" in f]
    law, found = build(builtin, "city", tech_scope="all", approach_face="ban",
                       approach_other="approval", approval_where="right_of_way", exceptions=[],
                       data_sharing_limits=True, remedies=["injunctive"])
    assert found == []
    # (c) the place is defined; (d) the data-feed agreements are subject to the limit
    assert "\u201cPublic Right-of-Way\u201d means any street, highway, sidewalk, alley, bridge, " \
        "park or other public way or public place, and the space above it, that the City of " \
        "Elm Grove owns or controls" in text(law, "definitions")
    assert "This section, including its application to the agreements and data feeds " \
        f"described in Section {number(law, 'approval.data-agreements')}, applies only to" \
        in text(law, "approval.required")
    # (b) data from technology outside the limit may still be shared, under published rules
    sharing = text(law, "data.sharing")
    assert "may share Surveillance Data from technology that requires approval under Section " \
        f"{number(law, 'approval.required')} with a Third Party only as its Use Policy " \
        "permits" in sharing
    assert "It may share other Surveillance Data with a Third Party only as written rules " \
        "that it has adopted and published permit" in sharing
    anywhere, _ = build(builtin, "city", tech_scope="all", approach_face="ban",
                        approach_other="approval", exceptions=[], data_sharing_limits=True,
                        remedies=["injunctive"])
    assert "Public Right-of-Way" not in text(anywhere, "definitions")
    assert "written rules" not in text(anywhere, "data.sharing")


# -- finding 21 (part): a city-county names its elected offices as a county does -------------
def test_a_city_county_names_its_elected_offices(builtin: Library) -> None:
    law, found = build(builtin, "city-county", tech_scope="face", approach_face="ban",
                       exceptions=[], county_offices="the Sheriff and the District Attorney",
                       remedies=["injunctive"])
    assert found == []
    assert "unit of the City and County of Elm Grove, including the offices of its elected " \
        "officers such as the Sheriff and the District Attorney" in text(law, "definitions")


# -- finding 17: the official who sues for the penalty also imposes the fine ----------------
def test_one_named_official_both_sues_and_fines(builtin: Library) -> None:
    law, found = build(builtin, "state", tech_scope="face", approach_face="ban", gov_scope="all",
                       state_agencies="state_and_local", exceptions=[],
                       remedies=["injunctive", "civil_penalty", "admin_fine"],
                       civil_penalty_official="State Privacy Commissioner")
    assert found == []
    fine = text(law, "enforcement.admin-fine")
    assert fine.startswith("1. The State Privacy Commissioner, or an officer whom the State "
                           "Privacy Commissioner designates, may impose")
    assert "conducted under the state law that governs administrative hearings" in fine
    assert "Attorney General" not in fine
