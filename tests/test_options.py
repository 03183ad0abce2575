"""The options enacted laws use (issue 13, second part): each answer changes the text as its
help says, and coverage names the sections a suggestion adds or removes.

Every draft here is a seed with a few answers changed; each is built once (the explorer
caches) and linted where the option could trip a rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.coverage import suggest
from ordinance_tui.core.draft import load_draft
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint

from .clause_library_tools import Built, Explorer, build, reading_problems
from .clause_library_tools import built_text as text

ALL_BAN_EXCEPTIONS = ["device_unlock", "redaction", "unsolicited", "outside_evidence",
                      "missing_children", "warrant", "database_search"]


@pytest.fixture(scope="module")
def explorer(builtin: Library) -> Explorer:
    return Explorer(builtin)


def clean(built: Built) -> None:
    """No conflict, no lint error or warning, and the text reads as law."""
    assert built.valid, built.conflict_errors
    found = [f"{d.code} {d.message}" for d in built.lint if d.severity in ("error", "warning")]
    assert found == []
    assert reading_problems(built) == []


# -- 1. warrant and database-search exceptions under a ban or moratorium -------------------
def test_warrant_and_database_exceptions_open_the_ban_only_as_far_as_they_say(
        explorer: Explorer) -> None:
    built = build(explorer, "face-ban", exceptions=ALL_BAN_EXCEPTIONS,
                  database_agency="the Department of State Police")
    clean(built)
    warrant = text(built, "exceptions.warrant")
    assert "if a judge of a court of competent jurisdiction has issued a warrant or court " \
        "order, on a finding of probable cause, that authorizes that use" in warrant
    assert "report each use in writing to the City Council" in warrant
    search = text(built, "exceptions.database-search")
    assert "may ask the Department of State Police to use Face Recognition Technology to " \
        "search the photographs kept by the Department of State Police" in search
    assert "nothing in this section allows an Agency or Official to obtain, possess, access or " \
        "operate Face Recognition Technology, or to ask any other Third Party to use it" in search
    # The ban and the third-party rule both point to each new route.
    for answer, clause_id in (("warrant", "exceptions.warrant"),
                              ("database_search", "exceptions.database-search")):
        one = build(explorer, "face-ban", exceptions=["device_unlock", answer])
        for cid in ("prohibitions.face-ban", "prohibitions.third-party"):
            assert text(one, cid).startswith("Except as provided in"), cid
            assert clause_id in {r.target for r in _refs(one, cid)}, (cid, clause_id)
    # Without a named agency the route is any state or federal agency with such a database.
    generic = build(explorer, "face-ban", exceptions=["database_search"])
    assert "a state or federal law-enforcement agency that keeps a database of photographs " \
        "under state or federal law" in text(generic, "exceptions.database-search")
    # Without the answers, neither section exists.
    plain = build(explorer, "face-ban")
    assert plain.ordinance.find("exceptions.warrant") is None
    assert plain.ordinance.find("exceptions.database-search") is None


def test_moratorium_carries_the_warrant_exception_into_its_rules(explorer: Explorer) -> None:
    built = build(explorer, "moratorium", exceptions=["device_unlock", "warrant"])
    clean(built)
    targets = {r.target for r in _refs(built, "moratorium.face")}
    assert "exceptions.warrant" in targets
    assert "During the Moratorium Period" in text(built, "moratorium.face")


def _refs(built: Built, clause_id: str) -> list:  # type: ignore[type-arg]
    from .clause_library_tools import refs_in

    section = built.ordinance.find(clause_id)
    assert section is not None
    return refs_in(section)


# -- 2. missing children: the condition is the drafter's -----------------------------------
@pytest.mark.parametrize(("condition", "statute", "says", "not_says"), [
    ("court_order", "", "if a court of competent jurisdiction has ordered that use",
     "in accordance with"),
    ("statute", "the Missing Children Act", "if the use is made in accordance with the Missing "
     "Children Act", "court of competent jurisdiction"),
    ("statute", "", "in accordance with [insert the citation of the state statute that governs "
     "searches for missing children]", "court of competent jurisdiction"),
    ("none", "", "or a deceased person. (b) The Agency must limit the use to that purpose",
     "in accordance with"),
])
def test_missing_children_condition(explorer: Explorer, condition: str, statute: str,
                                    says: str, not_says: str) -> None:
    built = build(explorer, "face-ban", exceptions=["missing_children"],
                  missing_children_condition=condition, missing_children_statute=statute)
    body = text(built, "exceptions.missing-children")
    assert says in body
    assert not_says not in body
    if condition == "statute":
        assert "missing_children_statute" in built.visible
    if condition == "statute" and not statute:  # the blank is reported until counsel fills it
        assert [d.code for d in built.lint if d.severity != "note"] == ["L007"]
        return
    clean(built)


# -- 3. periodic reporting under a ban, and a report of each violation ---------------------
def test_a_ban_can_require_a_periodic_compliance_report(explorer: Explorer) -> None:
    base = build(explorer, "face-ban")
    assert "ban_report" in base.visible and "annual_report" not in base.visible
    assert "E19" not in base.elements
    built = build(explorer, "face-ban", ban_report=True, report_cadence="biennial",
                  exceptions=["unsolicited", "warrant"], report_due="June 30")
    clean(built)
    report = text(built, "reporting.ban-report")
    # the first report comes a full period after the law takes effect (counsel, finding 15)
    assert report.startswith("(a) By June 30 of each second year, beginning with the first "
                             "June 30 that is at least twenty-four months after the effective "
                             "date of this chapter, each Agency must submit to the City "
                             "Council, and publish, a report on its compliance")
    assert "how many times the Agency relied on it" in report
    assert "each violation of this chapter" in report
    assert {"exceptions.unsolicited", "exceptions.warrant"} <= {
        r.target for r in _refs(built, "reporting.ban-report")}
    assert "E19" in built.elements
    assert "biennial public reports on compliance with the prohibition" in \
        built.ordinance.long_title
    # Where the law covers all technology, the surveillance report is asked instead.
    combo = build(explorer, "sf-combo")
    assert "ban_report" not in combo.visible and "annual_report" in combo.visible


def test_a_one_time_report_before_sunset_is_not_periodic_reporting(explorer: Explorer) -> None:
    built = build(explorer, "moratorium")
    assert built.ordinance.find("moratorium.sunset-report") is not None
    assert "E19" not in built.elements
    assert "E19" in build(explorer, "moratorium", ban_report=True).elements


def test_each_violation_is_reported_within_the_days_chosen(explorer: Explorer) -> None:
    for seed in ("ccops", "face-ban"):
        assert "violation_report" in build(explorer, seed).visible
        built = build(explorer, seed, violation_report=True, violation_report_days=10)
        clean(built)
        body = text(built, "reporting.violations")
        assert "must, within ten (10) days after learning of it, report the possible " \
            "violation in writing to the City Council and publish a summary" in body
        assert "identify any person" in body


# -- 4. damages by culpability, civil penalties and administrative fines --------------------
def test_damages_tiered_by_culpability(explorer: Explorer) -> None:
    built = build(explorer, "ccops", damages_tiers=True, damages_negligent=1000,
                  damages_knowing=3000, damages_intentional=7500)
    clean(built)
    body = text(built, "enforcement.damages")
    # the highest tier that applies governs (counsel, finding 7)
    assert "the highest of the following amounts that applies" in body
    assert "$1,000, if the violator acted negligently" in body
    assert "$3,000, if the violator acted knowingly, that is, knew that the conduct violated " \
        "this chapter" in body
    assert "$7,500, if the violator acted intentionally" in body
    assert "damages_amount" not in built.visible and "damages_daily" not in built.visible
    # Amounts that fall as culpability rises are flagged.
    upside_down = build(explorer, "ccops", damages_tiers=True, damages_negligent=9000)
    assert any(d.code == "L004" and "rise with culpability" in d.message
               for d in upside_down.lint)


@pytest.mark.parametrize(("base", "kind", "official", "fine_by"), [
    ("private-ban", "city", "The City Attorney may bring", "The Mayor, or an officer whom "
     "the Mayor designates"),
    ("sf-combo", "county", "The County Counsel may bring", "The County Executive, or an "
     "officer"),
    ("state-permit", "state", "The Attorney General may bring", "The Attorney General, or an "
     "officer"),
])
def test_public_enforcement_names_the_kinds_own_officials(
        explorer: Explorer, base: str, kind: str, official: str, fine_by: str) -> None:
    remedies = ["injunctive", "civil_penalty", "admin_fine"]
    built = build(explorer, base, remedies=remedies, civil_penalty_amount=2500,
                  admin_fine_amount=250)
    assert built.draft.jurisdiction.kind == kind
    penalty = text(built, "enforcement.civil-penalty")
    assert penalty.startswith(f"(a) {official} a civil action") or \
        penalty.startswith(f"1. {official} a civil action"), penalty
    assert "not more than $2,500 for each violation" in penalty
    fine = text(built, "enforcement.admin-fine")
    assert fine_by in fine and "not more than $250 for each violation" in fine
    assert "hearing officer who took no part in investigating" in fine
    assert [d for d in built.lint if d.severity == "error"] == []


def test_a_named_official_sues_and_public_enforcement_alone_is_a_remedy(
        explorer: Explorer) -> None:
    built = build(explorer, "private-ban", remedies=["civil_penalty"],
                  civil_penalty_official="the District Attorney")
    assert text(built, "enforcement.civil-penalty").startswith(
        "(a) The District Attorney may bring a civil action")
    assert "allow the District Attorney to sue for civil penalties" in built.ordinance.long_title
    # A civil penalty enforces a private ban: no "no way to enforce" conflict, no L005.
    assert built.valid
    assert [d for d in built.lint if d.code == "L005"] == []


# -- coverage names the sections a suggestion adds or removes --------------------------------
def test_a_suggestion_names_every_section_it_adds_or_removes(builtin: Library) -> None:
    from .conftest import seed_draft

    draft = seed_draft(builtin, "face-ban")
    report = suggest(builtin, draft, "E19")
    assert report is not None
    assert [(c.question, c.value) for c in report.changes] == [("ban_report", True)]
    assert report.adds == ("Report on compliance",) and report.removes == ()
    assert report.sections == "adds 1 section: \u201cReport on compliance\u201d"
    # The broad-definition element needs the all-technology scope: every section it brings
    # is named, not only the elements.
    broad = suggest(builtin, draft, "E06")
    assert broad is not None and len(broad.adds) > 10
    assert "Approval required before funding, acquisition or use" in broad.adds
    assert f"adds {len(broad.adds)} sections: " in broad.sections
    # Switching the approach from a ban to a moratorium removes the ban's section.
    moratorium = suggest(builtin, draft, "E14")
    assert moratorium is not None
    assert "Prohibition of face recognition technology" in moratorium.removes
    assert "removes" in moratorium.sections


# -- 5. bans of more technologies, alone or beside an approval process -----------------------
def test_more_technologies_can_be_banned_with_a_face_ban_alone(explorer: Explorer) -> None:
    base = build(explorer, "face-ban")  # face recognition and derived information only
    assert {"ban_predictive", "ban_cell_site", "ban_attribute_tracking"} <= set(base.visible)
    built = build(explorer, "face-ban", ban_predictive=True, ban_cell_site=True,
                  ban_attribute_tracking=True)
    clean(built)
    assert "No Agency or Official may obtain, retain, access or use a Cell-Site Simulator" in \
        text(built, "prohibitions.cell-site")
    assert "Characteristic Tracking Technology" in text(built, "prohibitions.attribute-tracking")
    assert "Predictive Policing Technology" in text(built, "prohibitions.predictive")
    title = " ".join(built.ordinance.long_title.split())
    assert "from obtaining or using cell-site simulators" in title
    assert "from tracking people by their clothing, gait, vehicles or other characteristics" \
        in title
    definitions = text(built, "definitions")
    assert "\u201cCell-Site Simulator\u201d means" in definitions
    assert "but not a system that only reads the license plate" in definitions


def test_the_new_bans_are_carved_out_of_the_approval_process(explorer: Explorer) -> None:
    built = build(explorer, "sf-combo", ban_cell_site=True, ban_attribute_tracking=True,
                  exigent_use=True)
    clean(built)
    for clause_id in ("approval.required", "existing.compliance-deadline", "exceptions.exigent"):
        targets = {r.target for r in _refs(built, clause_id)}
        assert {"prohibitions.cell-site", "prohibitions.attribute-tracking"} <= targets, \
            clause_id


def test_the_transition_of_a_biometric_ban_cites_that_ban(explorer: Explorer) -> None:
    """Without the report on existing use, a ban of biometric surveillance beside approval
    ends existing use under the biometric ban (it cited the face ban, which such a draft
    does not contain: L001; found by the property test)."""
    built = build(explorer, "sf-combo", approach_face="ban", ban_biometric=True,
                  ban_assessment=False)
    # the seed's answer ban_assessment_days is now one the draft does not ask (L012)
    assert [d.code for d in built.lint if d.severity in ("error", "warning")] == ["L012"]
    assert reading_problems(built) == []
    assert built.ordinance.find("prohibitions.face-ban") is None
    assert "prohibitions.biometric-ban" in {
        r.target for r in _refs(built, "existing.ban-transition")}
    assert "use of Biometric Surveillance Technology that" in text(built,
                                                                   "existing.ban-transition")


def test_a_biometric_ban_beside_approval_for_everything_else(explorer: Explorer) -> None:
    """ban_biometric: the ban and every clause that names it reach biometric surveillance, as
    under tech_scope biometric, and the rest of the technology still goes through approval."""
    assert "ban_biometric" not in build(explorer, "face-ban").visible  # face scope: no question
    assert "ban_biometric" in build(explorer, "sf-combo").visible
    built = build(explorer, "sf-combo", ban_biometric=True, exigent_use=True,
                  exigent_covers_face=True, exceptions=["device_unlock", "warrant"],
                  ban_assessment=True)
    clean(built)
    assert built.ordinance.find("prohibitions.face-ban") is None
    ban = text(built, "prohibitions.biometric-ban")
    assert "obtain, acquire, retain, possess, access or use any Biometric Surveillance " \
        "Technology" in ban
    definitions = text(built, "definitions")
    assert "\u201cBiometric Surveillance Technology\u201d means any Face Recognition " \
        "Technology, and any other" in definitions
    assert "by the use of Biometric Surveillance Technology" in definitions  # Derived Info.
    assert "means any electronic device" in definitions  # the broad term for the rest
    assert built.ordinance.find("scope.biometric") is not None
    assert "Biometric Surveillance Technology, including Face Recognition Technology, whose " \
        "use" in text(built, "scope.covered-technology")
    for clause_id in ("exceptions.device-unlock", "exceptions.warrant", "exceptions.exigent",
                      "existing.ban-assessment"):
        assert "Biometric Surveillance Technology" in text(built, clause_id), clause_id
    for clause_id in ("approval.required", "existing.compliance-deadline"):
        assert "prohibitions.biometric-ban" in {r.target for r in _refs(built, clause_id)}, \
            clause_id
    assert ban.startswith("Except as provided in §§ ")  # its three exceptions, as a range
    assert "exceptions.exigent" in {r.target for r in _refs(built, "prohibitions.biometric-ban")}
    assert "biometric surveillance technology" in " ".join(built.ordinance.long_title.split())
    # A moratorium reaches it the same way; without the answer the ban stays on faces.
    moratorium = build(explorer, "sf-combo", approach_face="moratorium", ban_biometric=True)
    assert "Biometric Surveillance Technology" in text(moratorium, "moratorium.face")
    assert build(explorer, "sf-combo").ordinance.find("prohibitions.biometric-ban") is None
    # A stale answer does nothing once face recognition is not banned.
    approval = build(explorer, "sf-combo", ban_biometric=True, approach_face="approval")
    assert "Biometric Surveillance Technology" not in approval.markdown


# -- 6. an agency may ask the legislative body for an exception, in public -------------------
def test_an_exception_request_is_published_heard_and_recorded(explorer: Explorer) -> None:
    built = build(explorer, "face-ban", exception_requests=True, exception_request_days=45,
                  ban_predictive=True)
    clean(built)
    body = text(built, "exceptions.legislative-exception")
    assert body.startswith("(a) Notwithstanding Sections ")
    assert "if the City Council has approved that use under this section by ordinance" in body
    assert "why the purpose cannot reasonably be achieved without it" in body
    assert "at least forty-five (45) days after the request was published" in body
    assert "The City Clerk must keep, and publish, a record of each request" in body
    assert {"prohibitions.face-ban", "prohibitions.predictive"} <= {
        r.target for r in _refs(built, "exceptions.legislative-exception")}
    assert "exceptions.legislative-exception" in {
        r.target for r in _refs(built, "prohibitions.face-ban")}
    state = build(explorer, "state-permit", approach_face="ban", exception_requests=True)
    body = text(state, "exceptions.legislative-exception")
    # a state act: only a later act of the Legislature makes an exception (counsel, finding 4)
    assert "only if an act of the Legislature adopted after the effective date of this act " \
        "expressly authorizes that use" in body
    assert "Legislative Authority" not in body
    assert "Each Agency must keep, and publish, a record of each request that it makes" in body


# -- 7. privately held footage only with the owner's consent or a warrant --------------------
def test_private_footage_needs_consent_or_a_warrant(explorer: Explorer) -> None:
    assert "private_footage" in build(explorer, "ccops").visible
    built = build(explorer, "face-ban", private_footage=True)
    clean(built)
    body = text(built, "data.private-footage")
    assert "only: (1) with the written consent of the owner, given for that access; or (2) " \
        "under a warrant or other order of a court" in body
    assert "An owner may withdraw consent to continuing access at any time" in body
    assert "does not allow an Agency to use Face Recognition Technology" in body
    assert "owner's consent or a warrant" in built.ordinance.long_title
    assert build(explorer, "face-ban").ordinance.find("data.private-footage") is None


# -- 8. who is bound: a county names its own elected offices --------------------------------
@pytest.mark.parametrize(("offices", "says"), [
    ("the Sheriff and the Prosecuting Attorney", "including the offices of its elected "
     "officers such as the Sheriff and the Prosecuting Attorney. The term does not include the"),
    ("", "including the offices of its elected officers. The term does not include the"),
])
def test_a_county_names_its_own_elected_offices(explorer: Explorer, offices: str,
                                                says: str) -> None:
    built = build(explorer, "sf-combo", county_offices=offices)
    definitions = text(built, "definitions")
    assert says in definitions
    assert ("District Attorney" in definitions) is False
    assert "county_offices" not in build(explorer, "ccops").visible  # a city


# -- 9. an approval process narrowed to a place or a counterparty, and a pilot period -------
def test_approval_narrowed_and_piloted(explorer: Explorer) -> None:
    built = build(explorer, "ccops", approval_where="right_of_way", agreement_parties="private",
                  pilot_period=True, pilot_days=60)
    clean(built)
    required = text(built, "approval.required")
    assert "This section, including its application to the agreements and data feeds " \
        "described in Section " in required
    assert "applies only to Surveillance Technology that is installed in, on or over the " \
        "Public Right-of-Way" in required
    assert "approval.data-agreements" in {r.target for r in _refs(built, "approval.required")}
    assert "approval.required#place" in {r.target for r in _refs(built,
                                                                 "existing.compliance-deadline")}
    agreements = text(built, "approval.data-agreements")  # no garden path (counsel, 23)
    assert "an agreement with a Private Entity, and any renewal" in agreements
    assert "from Surveillance Technology that a Private Entity owns or operates" in agreements
    assert "\u201cPrivate Entity\u201d means" in text(built, "definitions")
    pilot = text(built, "approval.pilot")
    # announced ahead, reported on, and once for the whole government (counsel, finding 18)
    assert "for a pilot of not more than sixty (60) days, if, at least fifteen (15) days before " \
        "the pilot begins" in pilot
    assert "unless the City Council has approved the technology under" in pilot
    assert "Within thirty (30) days after the pilot ends, the Agency must submit to the City " \
        "Council, and publish, a report" in pilot
    assert "or a later version of it, may be piloted under this section only once by any " \
        "Agency" in pilot
    plain = build(explorer, "ccops")
    assert plain.ordinance.find("approval.pilot") is None
    assert "right-of-way" not in text(plain, "approval.required")
    # A pilot can never reach a banned technology.
    combo = build(explorer, "sf-combo", pilot_period=True)
    clean(combo)
    assert "prohibitions.face-ban" in {r.target for r in _refs(combo, "approval.pilot")}


def test_the_impact_report_can_be_switched_off(explorer: Explorer) -> None:
    built = build(explorer, "ccops", impact_report=False, community_meetings=True)
    clean(built)
    assert built.ordinance.find("approval.impact-report") is None
    assert "sir_contents" not in built.visible
    assert "a proposed Use Policy for the technology" in text(built, "approval.submission")
    assert "must consider the proposed Use Policy, the public comments received" in \
        text(built, "approval.standard")
    assert "Surveillance Impact Report" not in built.markdown
    assert "E17" not in built.elements and "E17" in build(explorer, "ccops").elements


def test_existing_technology_review_can_be_switched_off(explorer: Explorer) -> None:
    """existing_review false: no deadline or cease rule for existing technology, and the
    approval section says that what agencies already have stays in use as it was."""
    built = build(explorer, "ccops", existing_review=False)
    clean(built)
    for clause_id in ("existing.compliance-deadline", "existing.cease"):
        assert built.ordinance.find(clause_id) is None, clause_id
    for qid in ("existing_policy_days", "existing_extension_days", "existing_rule",
                "existing_cease_days"):
        assert qid not in built.visible, qid
    assert "This section does not require approval for Surveillance Technology that an " \
        "Agency possessed or used on the effective date of this chapter, while the Agency " \
        "uses it in the manner, for the purposes and at the places for which it used it on " \
        "that date" in text(built, "approval.required")
    assert built.ordinance.find("existing.inventory") is not None  # the list is still made
    default = build(explorer, "ccops")
    assert default.ordinance.find("existing.compliance-deadline") is not None
    assert "possessed or used on the effective date" not in text(default, "approval.required")


def test_the_use_policy_can_be_switched_off(explorer: Explorer) -> None:
    """use_policy false: the body approves on the impact report, the approval states the uses
    and conditions, and every rule that measured use against the policy reads the approval."""
    built = build(explorer, "ccops", use_policy=False, existing_rule="continue",
                  data_sharing_limits=True, retention_limit=True, independent_audit=True,
                  annual_report=True)
    clean(built)
    assert built.ordinance.find("approval.use-policy") is None
    assert "policy_contents" not in built.visible
    assert "Use Policy" not in built.markdown
    assert "E18" not in built.elements and "E18" in build(explorer, "ccops").elements
    assert "a Surveillance Impact Report for the technology." in text(built, "approval.submission")
    assert "must state those uses and any conditions on them. An Agency must use approved " \
        "technology only for those uses and in accordance with those conditions" in \
        text(built, "approval.required")
    assert "the uses and conditions of the approval will adequately safeguard" in \
        text(built, "approval.standard")
    assert built.ordinance.find("approval.publication").heading == "Publication of approvals"
    assert "must post the approval, with the uses and conditions it states" in \
        text(built, "approval.publication")
    assert "only as the conditions of its approval permit" in text(built, "data.sharing")
    assert "or any shorter period that the approval of the technology states" in \
        text(built, "data.retention")
    assert "whether the use complied with the uses and conditions of its approval" in \
        text(built, "reporting.audit")
    assert "in accordance with the proposed uses described in its Surveillance Impact Report" \
        in text(built, "existing.compliance-deadline")
    # Without the impact report the question is not asked, and the use policy stays, so that
    # the body always has a document to decide on.
    neither = build(explorer, "ccops", use_policy=False, impact_report=False)
    assert "use_policy" not in neither.visible
    assert neither.ordinance.find("approval.use-policy") is not None
    assert "a proposed Use Policy for the technology" in text(neither, "approval.submission")
    assert build(explorer, "ccops").ordinance.find("approval.use-policy") is not None


# -- test drafts: three enacted laws written with answers and added sections ---------------
DRAFTS = Path(__file__).parent / "drafts"


@pytest.mark.parametrize("name", ["virginia-15.2-1723.2", "pittsburgh-2020", "jackson-2020"])
def test_enacted_law_drafts_build_and_lint_clean(builtin: Library, name: str) -> None:
    path = DRAFTS / f"{name}.yaml"
    draft, problems = load_draft(path)
    assert problems == []
    assert not draft.override and not draft.exclude  # answers and added sections only
    assert path.read_text(encoding="utf-8").startswith("# Test draft:")
    assert "What still cannot be expressed" in path.read_text(encoding="utf-8")
    ordinance = assemble(builtin, draft)
    found = [f"{d.code} {d.message}" for d in lint(builtin, draft, ordinance)
             if d.severity in ("error", "warning")]
    assert found == []
    headings = {s.heading for s in ordinance.all_sections()}
    for section in draft.added:
        assert section.heading in headings
