"""Counsel's second review of the seeds and test drafts: the severity-2 findings.

Each test builds the seed or test draft the finding names (in-process, one build per
variant, shared through a module-scoped explorer) and asserts the corrected text; where a
fix lives in a clause, another kind or answer set is built too, since the clause must hold
for every draft, not only the seed named. Finding codes (C1, F2, ...) are those of
/work/wt/counsel2-findings.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ordinance_tui.core.draft import load_draft
from ordinance_tui.core.library import Library

from .clause_library_tools import Built, Explorer, build, built_text, refs_in, section_text

DRAFTS = Path(__file__).parent / "drafts"
TEST_DRAFTS = ("jackson-2020", "virginia-15.2-1723.2")


@pytest.fixture(scope="module")
def explorer(builtin: Library) -> Explorer:
    explorer = Explorer(builtin)
    for name in TEST_DRAFTS:
        draft, problems = load_draft(DRAFTS / f"{name}.yaml")
        assert problems == []
        explorer.bases[name] = draft
    return explorer


def kind(explorer: Explorer, base: str, new_kind: str, style: str) -> Built:
    """``base`` rebuilt as another kind of jurisdiction (registered once as a base)."""
    name = f"{base} as {new_kind}"
    if name not in explorer.bases:
        explorer.bases[name] = explorer.bases[base].with_jurisdiction(kind=new_kind, style=style)
    return build(explorer, name)


def label(built: Built, clause_id: str) -> str:
    """How the text cites a clause's section ("Section 9.70.290", "§ 32")."""
    section = built.ordinance.find(clause_id)
    assert section is not None, clause_id
    return section.ref_label.replace("\xa0", " ")  # built_text joins on plain spaces


def targets(built: Built, clause_id: str) -> set[str]:
    section = built.ordinance.find(clause_id)
    assert section is not None, clause_id
    return {ref.target.split("#")[0] for ref in refs_in(section)}


def opening(text: str) -> str:
    """A section's opening words, up to the colon that introduces its list."""
    return text.split(":")[0]


def clean(built: Built) -> None:
    assert built.valid, built.conflict_errors
    assert [f"{d.code} {d.message}" for d in built.lint] == []


# -- C1: a local law gives no action, and no writ of mandate, against another government ---
@pytest.mark.parametrize("seed_id", ["ccops", "face-ban", "moratorium", "sf-combo"])
def test_local_civil_action_reaches_no_other_government(explorer: Explorer,
                                                        seed_id: str) -> None:
    built = build(explorer, seed_id)
    action = built_text(built, "enforcement.civil-action")
    assert "against any person, other than a government or an agency of a government, that " \
           "holds data obtained in violation of it." in action
    assert "another government" not in action and "other government" not in action
    government = built.context["government"]
    assert f"In an action against {government} or an Agency, the court may grant injunctive " \
           "relief, declaratory relief or a writ of mandate." in action


def test_a_county_draft_and_a_state_act_keep_their_own_reach(explorer: Explorer) -> None:
    county = built_text(kind(explorer, "ccops", "county", "county"), "enforcement.civil-action")
    assert "other than a government or an agency of a government" in county
    state = built_text(build(explorer, "state-permit"), "enforcement.civil-action")
    assert "other than the United States, another state or an agency of either" in state


# -- C2: damages say from whom ----------------------------------------------------------
def test_damages_name_who_pays(explorer: Explorer) -> None:
    ccops = build(explorer, "ccops")
    assert "may recover from the City of Bayview, in an action under " \
           f"{label(ccops, 'enforcement.civil-action')}, the greatest of:" in \
           built_text(ccops, "enforcement.damages")
    private = build(explorer, "private-ban", remedies=["injunctive", "damages", "fees"])
    assert "may recover from the Private Entity that committed the violation, in an action" \
        in built_text(private, "enforcement.damages")
    state = build(explorer, "state-permit", remedies=["injunctive", "damages"])
    clean(state)
    assert "may recover from the State of Columbia or, for a violation by an Agency of a local " \
           "government, from that local government, in an action under" in \
           built_text(state, "enforcement.damages")


# -- C4: the whistleblower action names its defendant and takes the fee award --------------
def test_whistleblower_action_names_defendant_and_fees(explorer: Explorer) -> None:
    ccops = build(explorer, "ccops")
    assert "A person injured by a violation of this section may bring a civil action for " \
           "damages and injunctive relief. The action lies against the City of Bayview where " \
           "an Agency, or an employee of the City of Bayview, took or threatened the adverse " \
           "action, and otherwise against the person who took or threatened it, other than a " \
           "government or an agency of a government. " \
           f"{label(ccops, 'enforcement.fees')} applies to that action." in \
           built_text(ccops, "enforcement.whistleblower")
    no_fees = build(explorer, "ccops", remedies=["injunctive", "damages", "discipline",
                                                 "whistleblower"])
    clean(no_fees)
    assert built_text(no_fees, "enforcement.whistleblower").endswith(
        "and otherwise against the person who took or threatened it, other than a government "
        "or an agency of a government.")


# -- S5: notice and cure bars only an injunction --------------------------------------
def test_cure_does_not_bar_suit_for_a_completed_violation(explorer: Explorer) -> None:
    combo = build(explorer, "sf-combo")
    cure = built_text(combo, "enforcement.cure")
    destroy = combo.ordinance.find("enforcement.civil-action")
    assert destroy is not None
    assert "No action for injunctive relief may be brought against a recipient of the notice " \
           "who, within thirty (30) days" in cure
    assert "This subsection does not bar an action for declaratory relief or for an order " \
           f"under {label(combo, 'enforcement.civil-action')}(c), or an action concerning " \
           "data that the recipient has disclosed to any other person." in cure
    assert built_text(combo, "enforcement.civil-action").count("(c) The court may order") == 1
    damages = build(explorer, "sf-combo",
                    remedies=[*explorer.bases["sf-combo"].answers["remedies"], "damages"])
    assert "does not bar an action for declaratory relief, for damages or for an order" in \
        built_text(damages, "enforcement.cure")


# -- F2: the third-party section carries the ban's exceptions ---------------------------
@pytest.mark.parametrize(("base", "ban"), [("face-ban", "prohibitions.face-ban"),
                                           ("moratorium", "moratorium.face"),
                                           ("sf-combo", "prohibitions.face-ban"),
                                           ("jackson-2020", "prohibitions.face-ban")])
def test_third_party_section_has_the_bans_exceptions(explorer: Explorer, base: str,
                                                     ban: str) -> None:
    built = build(explorer, base)
    clean(built)
    third = built_text(built, "prohibitions.third-party")
    assert opening(third) == opening(built_text(built, ban))
    assert "exceptions.device-unlock" in targets(built, "prohibitions.third-party")


def test_third_party_wording_of_the_seeds(explorer: Explorer) -> None:
    assert built_text(build(explorer, "face-ban"), "prohibitions.third-party").startswith(
        "Except as provided in Sections 2.95.090 through 2.95.120, no Agency or Official may:")
    assert built_text(build(explorer, "moratorium"), "prohibitions.third-party").startswith(
        "During the Moratorium Period, and except as provided in Sections 14 through 16, no "
        "Agency or Official may:")
    bare = build(explorer, "moratorium", exceptions=[], exigent_use=False)
    assert built_text(bare, "prohibitions.third-party").startswith(
        "During the Moratorium Period, no Agency or Official may:")


# -- F3 and J1: existing technology must be stopped, disabled and destroyed by deadlines ----
def test_ban_report_carries_the_duty_to_stop_disable_and_destroy(explorer: Explorer) -> None:
    face = build(explorer, "face-ban")
    report = built_text(face, "existing.ban-assessment")
    ban = label(face, "prohibitions.face-ban")
    assert "Each Agency must stop, on the effective date of this chapter, any use of Face " \
           f"Recognition Technology that {ban} prohibits; must disable, within ninety (90) days " \
           "after that date, any feature of a device, system or software that it owns or " \
           f"licenses whose use {ban} prohibits; and must destroy, within one hundred eighty " \
           "(180) days after that date, the data that its report describes" in report
    assert "except data that it must preserve as evidence or as a court orders" in report
    combo = built_text(build(explorer, "sf-combo"), "existing.ban-assessment")
    assert "must disable, within sixty (60) days after that date" in combo
    late = built_text(build(explorer, "face-ban", ban_disable_days=45, ban_destroy_days=120),
                      "existing.ban-assessment")
    assert "must disable, within forty-five (45) days" in late
    assert "must destroy, within one hundred twenty (120) days" in late


@pytest.mark.parametrize("base", ["jackson-2020", "face-ban", "moratorium"])
def test_a_ban_without_the_report_still_has_its_transition(explorer: Explorer,
                                                           base: str) -> None:
    built = build(explorer, base) if base == "jackson-2020" else \
        build(explorer, base, ban_assessment=False)
    clean(built)
    assert built.ordinance.find("existing.ban-assessment") is None
    transition = built_text(built, "existing.ban-transition")
    ban = label(built, "moratorium.face" if base == "moratorium" else "prohibitions.face-ban")
    assert "Each Agency must stop, on the effective date of this" in transition
    destroy = "ninety (90)" if base == "jackson-2020" else "one hundred eighty (180)"
    assert "Within ninety (90) days after that date, it must disable any feature of a device, " \
           f"system or software that it owns or licenses whose use {ban} prohibits, and within " \
           f"{destroy} days after that date it must destroy any images, templates or other " \
           "data" in transition
    assert "Until it destroys that data, the Agency must secure it so that no one may access or " \
           "use it except to preserve it as evidence or as a court orders." in transition
    assert f"is not a violation of {ban}." in transition
    # The report, where chosen, carries the duty itself: never both sections.
    assert build(explorer, "face-ban").ordinance.find("existing.ban-transition") is None


def test_jackson_transition_reaches_derived_information(explorer: Explorer) -> None:
    jackson = build(explorer, "jackson-2020")
    assert "and any Derived Information, that it holds" in \
        built_text(jackson, "existing.ban-transition")
    assert "existing.ban-transition" not in {s.id for s in jackson.draft.added}


# -- B1: personal and household use ------------------------------------------------------
def test_private_ban_leaves_out_personal_use(explorer: Explorer) -> None:
    private = build(explorer, "private-ban")
    clean(private)
    assert "(b) This section does not apply to an individual's use of Face Recognition " \
           "Technology for personal or household purposes, such as sorting the individual's " \
           "own photographs or unlocking the individual's own device, unless the individual is " \
           "acting on behalf of a business." in \
           built_text(private, "prohibitions.private").replace("\n", " ")
    moratorium = build(explorer, "moratorium", private_scope="public_accommodation")
    assert "unless the individual is acting on behalf of a business" in \
        built_text(moratorium, "moratorium.private")


# -- T1 and V2: the long title matches the technology and names the waiver ----------------
def test_state_long_title_matches_scope_and_waiver(explorer: Explorer) -> None:
    title = build(explorer, "state-permit").ordinance.long_title
    assert "to require annual public reports on the use of face recognition technology; to " \
           "require risk-based independent audits of the use of face recognition technology;" \
        in title
    assert "use of surveillance technology" not in title
    assert title.endswith("and to allow any person to sue to enforce this act, and to waive "
                          "the State's sovereign immunity for injunctive relief, declaratory "
                          "relief and writs of mandate.")
    kept = build(explorer, "state-permit", waive_immunity=False).ordinance.long_title
    assert "immunity" not in kept
    paid = build(explorer, "state-permit", remedies=["injunctive", "damages", "fees"])
    assert "immunity for injunctive relief, declaratory relief, writs of mandate, damages and " \
           "awards of attorney fees and costs; to allow the recovery of damages" in \
        paid.ordinance.long_title
    # A law on all surveillance technology keeps the broad words.
    assert "use of surveillance technology" in build(explorer, "ccops").ordinance.long_title


def test_virginia_title_uses_the_defined_term(explorer: Explorer) -> None:
    virginia = build(explorer, "virginia-15.2-1723.2").ordinance
    assert "facial" not in virginia.long_title.lower()
    assert "to require annual public reports on the use of face recognition technology" in \
        virginia.long_title
    assert virginia.short_title == "Face Recognition Technology Act"


# -- T10: the prosecutor's duty to the defendant ------------------------------------------
def test_prosecutor_must_disclose_to_the_defendant(explorer: Explorer) -> None:
    state = built_text(build(explorer, "state-permit"), "permit.defendant-disclosure")
    assert state.endswith("The prosecuting authority must disclose the use and its results to "
                          "the defendant a reasonable time before trial, and not later than the "
                          "time set for other discovery.")
    city = build(explorer, "ccops", approach_face="permit")
    assert "If the prosecuting authority is an Agency, it must disclose the use and its results " \
           "to the defendant" in built_text(city, "permit.defendant-disclosure")


# -- C3: the data is secured on every stop, with a measured deadline ------------------------
def test_every_stop_secures_the_data(explorer: Explorer) -> None:
    ccops = build(explorer, "ccops")
    cease = built_text(ccops, "existing.cease")
    assert cease.startswith(
        f"An Agency that must stop using a technology, whether under "
        f"{label(ccops, 'existing.compliance-deadline')}(d), because the City Council has "
        "denied its request for approval of the technology, or because the City Council has "
        f"directed it to stop under {label(ccops, 'reporting.review')}, must, within ten (10) "
        "days after it must stop, report to the City Council")
    assert "promptly" not in cease
    assert "within five (5) days after it must stop" in \
        built_text(build(explorer, "ccops", stop_report_days=5), "existing.cease")
    # "Continue until the body decides" (sf-combo): the rejection and the review secure it.
    combo = build(explorer, "sf-combo")
    assert combo.ordinance.find("existing.cease") is None
    assert "Within ten (10) days after it must stop, the Agency must report to the Board of " \
           "Supervisors the steps it has taken to stop, and must secure, and not access, the " \
           "Surveillance Data" in built_text(combo, "existing.compliance-deadline")
    assert "An Agency directed to stop using a technology must, within ten (10) days after the " \
           "direction, report" in built_text(combo, "reporting.review")
    assert "An Agency directed to stop" not in built_text(ccops, "reporting.review")


# -- P1: audit period, due date, publication and independence ----------------------------
def test_audit_has_a_period_a_due_date_and_an_independent_fallback(explorer: Explorer) -> None:
    post = build(explorer, "post-act")
    audit = built_text(post, "reporting.audit")
    assert "A. By March 31 of each year, the Town Comptroller or, if the Town of Millbrook has " \
           "no such office, an independent certified public accountant engaged by the Town " \
           "Board, must audit the use of Surveillance Technology by each Agency during the " \
           "preceding calendar year" in audit
    assert "publish each audit, with any recommendations, and submit it to the Town Board, " \
           "within thirty (30) days after completing it." in audit
    named = built_text(build(explorer, "post-act", auditor="Inspector General"),
                       "reporting.audit")
    assert "By March 31 of each year, the Inspector General must audit" in named
    assert "no such office" not in named
    assert "within sixty (60) days after completing it" in \
        built_text(build(explorer, "post-act", audit_publish_days=60), "reporting.audit")
    assert "annual audits" in post.ordinance.long_title


# -- S1: a county's elected officers -------------------------------------------------------
def test_county_law_reaches_elected_officers_as_state_law_permits(explorer: Explorer) -> None:
    combo = built_text(build(explorer, "sf-combo"), "construction.state-federal")
    assert "(d) This ordinance applies to the Sheriff and the District Attorney to the extent " \
           "that state law permits the Board of Supervisors to regulate them, and does not " \
           "obstruct the investigative or prosecutorial functions of their offices." in combo
    assert "to the extent that state law permits" not in \
        built_text(build(explorer, "ccops"), "construction.state-federal")


# -- V1 and V6: the virginia test draft --------------------------------------------------
def test_virginia_model_policy_and_probable_cause(explorer: Explorer) -> None:
    virginia = build(explorer, "virginia-15.2-1723.2")
    clean(virginia)
    sections = {s.heading: s for s in virginia.ordinance.all_sections()}
    text = " ".join(section_text(sections["Model policy and records"]).split())
    assert "must, within ninety (90) days after the Department of State Police publishes the " \
           "model policy" in text
    assert "The Department of State Police must publish a model policy for the use of Face " \
           "Recognition Technology by Agencies not later than January 1, 2023, and must review " \
           "it each year." in text
    cause = " ".join(section_text(sections["Matches and probable cause"]).split())
    assert "A result of Face Recognition Technology may not be the sole basis for probable " \
           "cause for a search or an arrest. An affidavit that relies in part on such a result " \
           "must disclose it." in cause
    assert "may rely on" not in cause
