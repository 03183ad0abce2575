"""Lint that reads like counsel (L012-L018), on the built-in library.

Each code has a draft that triggers it and a near neighbour that does not; most come
from the combination drafts of the legal review (../shared/reviews/legal.md). Every
built-in seed lints clean, and the app's Checks panel shows the codes with their hints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance
from ordinance_tui.core.draft import Draft, draft_from_data, save_draft
from ordinance_tui.core.library import Library, LibrarySource, builtin_source, load_library
from ordinance_tui.core.lint import RULES, Diagnostic, lint
from ordinance_tui.tui.widgets.checks import ChecksList

from .test_app_support import checks_shown, make_app, settle

TODAY = dt.date(2026, 11, 26)
COUNSEL = ("L012", "L013", "L014", "L015", "L016", "L017", "L018")


@pytest.fixture(scope="module")
def builtin() -> Library:
    return load_library(laws=False)


# A pack clause that orders judges to report, whatever the kind: the built-in library has
# none (its warrant reports fall to the agencies in a local law), so L018 guards packs.
COURT_REPORTS = """\
id: permit.court-reports
title: Court reports on warrants
part: permit
order: 71
binds: [courts]
when: "approach_face == 'permit' and permit_warrant and permit_judicial_reports"
sources:
  - cite: Wash. Rev. Code § 43.386.070(3)
    note: judges report face recognition warrants
text: |
  - Every judge who granted or refused a warrant under {{ ref("permit.warrant") }} must
    report it to the administrator of the courts each January.
"""


@pytest.fixture(scope="module")
def courts(tmp_path_factory: pytest.TempPathFactory) -> Library:
    pack = tmp_path_factory.mktemp("courts")
    (pack / "provisions" / "permit").mkdir(parents=True)
    (pack / "provisions" / "permit" / "court-reports.yaml").write_text(COURT_REPORTS,
                                                                      encoding="utf-8")
    library = load_library([builtin_source(), LibrarySource(pack)], laws=False)
    assert library.problems == ()
    return library


def seed(library: Library, seed_id: str) -> Draft:
    draft, problems = draft_from_data(library.seeds[seed_id].data, seed_id)
    assert problems == []
    return draft


def found(library: Library, draft: Draft, code: str) -> list[Diagnostic]:
    return [d for d in lint(library, draft, today=TODAY) if d.code == code]


def without_lines(library: Library, clause_id: str, marker: str) -> str:
    """A clause's library text with the lines containing ``marker`` taken out."""
    text = library.clauses[clause_id].text
    kept = [line for line in text.splitlines() if marker not in line]
    assert len(kept) < len(text.splitlines()), marker
    return "\n".join(kept) + "\n"


def counsel_examples(library: Library) -> dict[str, tuple[Draft, Draft]]:
    """For each code, (a draft that triggers it, a near neighbour that does not)."""
    post_act, face_ban, ccops = (seed(library, s) for s in ("post-act", "face-ban", "ccops"))
    private_ban = seed(library, "private-ban")
    sf_combo = seed(library, "sf-combo").with_answer("ban_predictive", True)
    no_wait = without_lines(library, "approval.submission", "may not hold the public hearing")
    no_carve = without_lines(library, "approval.required", "does not authorize")
    private = face_ban.with_answer("private_scope", "public_accommodation")
    agencies_only = ("This {{ this }} applies to every {{ term('Agency') }} and to every "
                     "{{ term('Official') }}.\n")
    return {
        # c3a: a predictive ban answered under a disclosure law vanishes silently.
        "L012": (post_act.with_answer("ban_predictive", True),
                 seed(library, "sf-combo").with_answer("ban_predictive", True)),
        "L013": (face_ban.with_override("permit.warrant", "A warrant is required."),
                 face_ban.with_override("general.severability", "Each part stands alone.")),
        # private-ban's 1 July 2027, seen from a draft dated 20 June 2027.
        "L014": (private_ban.with_jurisdiction(date="2027-06-20"), private_ban),
        "L015": (ccops.with_override("approval.submission", no_wait),
                 ccops.with_override("approval.submission", no_wait)
                 .with_answer("notice_days", 60)),
        # c1: predictive policing banned, yet open to approval.
        "L016": (sf_combo.with_override("approval.required", no_carve), sf_combo),
        # the moratorium finding: Application names only agencies.
        "L017": (private.with_override("scope.all-agencies", agencies_only), private),
    }


def test_every_counsel_rule_fires_on_its_example_and_not_on_its_neighbour(
        builtin: Library, courts: Library) -> None:
    examples = {code: (builtin, pair) for code, pair in counsel_examples(builtin).items()}
    # c10: a city ordering judges to report (a pack's clause: see COURT_REPORTS).
    state = seed(courts, "state-permit")
    examples["L018"] = (courts, (state.with_jurisdiction(kind="city", style="city"), state))
    assert tuple(examples) == COUNSEL and set(COUNSEL) <= set(RULES)
    for code, (library, (bad, good)) in examples.items():
        hits = found(library, bad, code)
        assert hits, code
        assert {d.severity for d in hits} == {RULES[code].severity}, code
        assert all(d.hint for d in hits), code
        assert found(library, good, code) == [], code


def test_every_builtin_seed_lints_clean(builtin: Library) -> None:
    for seed_id in sorted(builtin.seeds):
        draft = seed(builtin, seed_id)
        assert [d.format(seed_id) for d in lint(builtin, draft, today=TODAY)] == []


def test_hidden_answer_names_the_question_and_why_it_is_hidden(builtin: Library) -> None:
    draft = seed(builtin, "post-act").with_answer("ban_predictive", True)
    (hit,) = found(builtin, draft, "L012")
    assert hit.question == "ban_predictive"
    assert "is answered yes" in hit.message and "the answer is ignored" in hit.message
    assert builtin.questions["ban_predictive"].when in hit.message
    assert "approach_face is 'disclosure'" in hit.message
    # The predictive ban really is absent: the answer did nothing.
    assert "prohibitions.predictive" not in {
        s.clause_id for s in _tree(builtin, draft).all_sections()}


def test_hidden_answer_equal_to_its_default_changes_nothing_and_is_not_flagged(
        builtin: Library) -> None:
    draft = seed(builtin, "post-act").with_answer("ban_predictive", False)
    assert found(builtin, draft, "L012") == []


def test_dropped_override_and_stale_exclusion(builtin: Library) -> None:
    face_ban = seed(builtin, "face-ban")
    (hit,) = found(builtin, face_ban.with_override("permit.warrant", "A warrant."), "L013")
    assert hit.clause == "permit.warrant"
    assert "custom text is not printed" in hit.message
    assert builtin.clauses["permit.warrant"].when in hit.message
    excluded = face_ban.with_excluded("general.severability", True).with_override(
        "general.severability", "Each part stands alone.")
    (hit,) = found(builtin, excluded, "L013")
    assert "also excludes" in hit.message
    (hit,) = found(builtin, face_ban.with_excluded("findings.no-such-finding", True), "L013")
    # An id the library lacks is named in the message, not as a clause the app could open.
    assert hit.clause is None and "'findings.no-such-finding'" in hit.message
    assert "not in the library" in hit.message
    (hit,) = found(builtin, face_ban.with_override("findings.gone", "Text."), "L013")
    assert hit.clause is None and "'findings.gone'" in hit.message
    assert found(builtin, face_ban.with_excluded("general.severability", True), "L013") == []


def test_dates_in_the_past_too_close_or_ending_before_the_start(builtin: Library) -> None:
    private_ban = seed(builtin, "private-ban")  # takes effect on 1 July 2027
    (past,) = found(builtin, private_ban.with_jurisdiction(date="2027-08-01"), "L014")
    assert past.question == "effective_date" and "not after the draft's date" in past.message
    (close,) = found(builtin, private_ban.with_jurisdiction(date="2027-06-20"), "L014")
    assert "only 11 days after" in close.message and "at least 30" in close.message
    moratorium = seed(builtin, "moratorium").with_answer("effective_mode", "date").with_answer(
        "effective_date", "2028-01-01").with_answer("moratorium_end_date", "2027-12-31")
    (ends,) = found(builtin, moratorium, "L014")
    assert ends.question == "moratorium_end_date" and "ends before it begins" in ends.message
    # A delay in days counts from the draft's date at the earliest.
    soon = seed(builtin, "moratorium").with_answer("effective_mode", "days").with_answer(
        "effective_days", 365).with_answer("moratorium_end_date", "2027-06-30")
    assert [d.question for d in found(builtin, soon, "L014")] == ["moratorium_end_date"]
    assert found(builtin, seed(builtin, "moratorium"), "L014") == []
    # An undated draft is dated the day it is linted.
    assert found(builtin, private_ban, "L014") == []
    late = [d for d in lint(builtin, private_ban, today=dt.date(2027, 8, 1)) if d.code == "L014"]
    assert [d.question for d in late] == ["effective_date"]


def test_the_lead_time_is_the_styles_setting(tmp_path: Path) -> None:
    city = (builtin_source().clauses / "styles" / "city.yaml").read_text(encoding="utf-8")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "slow.yaml").write_text(
        city.replace("id: city", "id: slow") + "min_lead_days: 60\n", encoding="utf-8")
    library = load_library([builtin_source(), LibrarySource(tmp_path)], laws=False)
    assert library.problems == ()
    # 1 July 2027 is 47 days after 15 May 2027: enough for a city, not for this style.
    draft = seed(library, "private-ban").with_jurisdiction(date="2027-05-15")
    assert found(library, draft, "L014") == []
    (hit,) = found(library, draft.with_jurisdiction(style="slow"), "L014")
    assert "only 47 days" in hit.message and "at least 60" in hit.message


def test_hearing_before_the_advisory_review_ends(builtin: Library) -> None:
    ccops = seed(builtin, "ccops")  # 15 days' notice, 60 days of review
    no_wait = without_lines(builtin, "approval.submission", "may not hold the public hearing")
    (hit,) = found(builtin, ccops.with_override("approval.submission", no_wait), "L015")
    assert hit.question == "notice_days"
    assert "15 days" in hit.message and "60 days" in hit.message
    assert "Privacy Advisory Commission" in hit.message
    # The built-in hearing clause waits for the recommendation: no warning.
    assert found(builtin, ccops, "L015") == []
    # Without an advisory body there is no review to wait for.
    assert found(builtin, ccops.with_override("approval.submission", no_wait)
                 .with_answer("advisory_body", False), "L015") == []


def test_ban_not_carried_into_approval_existing_or_emergency(builtin: Library) -> None:
    sf_combo = seed(builtin, "sf-combo").with_answer("ban_predictive", True)
    no_carve = without_lines(builtin, "approval.required", "does not authorize")
    hits = found(builtin, sf_combo.with_override("approval.required", no_carve), "L016")
    assert {d.clause for d in hits} == {"approval.required"}
    messages = " ".join(d.message for d in hits)
    assert "bans predictive" in messages and "bans face" in messages
    carve = ("{% if banned_refs %}, other than technology that {{ banned_refs | comma_or }} "
             "{{ 'prohibits' if banned_refs | length == 1 else 'prohibit' }},{% endif %}")
    text = builtin.clauses["existing.compliance-deadline"].text
    assert carve in text
    no_carve = text.replace(carve, "")
    (hit,) = found(builtin, sf_combo.with_override("existing.compliance-deadline", no_carve)
                   .with_answer("ban_predictive", False), "L016")
    assert hit.clause == "existing.compliance-deadline" and "bans face" in hit.message
    emergency = sf_combo.with_answer("exigent_use", True).with_answer(
        "exigent_covers_face", False)
    assert found(builtin, emergency, "L016") == []
    no_carve = without_lines(builtin, "exceptions.exigent", "does not permit any use")
    hits = found(builtin, emergency.with_override("exceptions.exigent", no_carve), "L016")
    assert {d.clause for d in hits} == {"exceptions.exigent"} and len(hits) == 2


def test_private_entities_bound_but_not_named(builtin: Library, tmp_path: Path) -> None:
    private = seed(builtin, "face-ban").with_answer("private_scope", "public_accommodation")
    agencies_only = ("This {{ this }} applies to every {{ term('Agency') }} and to every "
                     "{{ term('Official') }}.\n")
    (hit,) = found(builtin, private.with_override("scope.all-agencies", agencies_only), "L017")
    assert hit.clause == "scope.all-agencies" and "binds private entities" in hit.message
    # A long title that does not print the purposes cannot say private entities are bound.
    city = (builtin_source().clauses / "styles" / "city.yaml").read_text(encoding="utf-8")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "fixed.yaml").write_text(city.replace("id: city", "id: fixed").replace(
        "to {{ purposes }}.", "on face recognition by public agencies."), encoding="utf-8")
    library = load_library([builtin_source(), LibrarySource(tmp_path)], laws=False)
    fixed = private.with_jurisdiction(style="fixed")
    (hit,) = found(library, fixed, "L017")
    assert hit.clause == "prohibitions.private" and "long title" in hit.message
    assert found(library, seed(library, "face-ban").with_jurisdiction(style="fixed"),
                 "L017") == []


def test_state_only_duty_in_a_local_law(builtin: Library, courts: Library) -> None:
    state = seed(courts, "state-permit")
    for kind in ("city", "town", "county"):
        (hit,) = found(courts, state.with_jurisdiction(kind=kind, style=kind), "L018")
        assert hit.clause == "permit.court-reports" and f"a {kind} cannot" in hit.message
    city = state.with_jurisdiction(kind="city", style="city")
    assert found(courts, city.with_answer("permit_judicial_reports", False), "L018") == []
    # The built-in warrant reports fall to the agencies in a local law: nothing to flag.
    assert found(builtin, seed(builtin, "state-permit").with_jurisdiction(
        kind="city", style="city"), "L018") == []


def _tree(library: Library, draft: Draft) -> Ordinance:
    return assemble(library, draft, today=TODAY)


@pytest.mark.asyncio
async def test_checks_panel_shows_the_counsel_codes_with_their_hints(
        courts: Library, tmp_path: Path) -> None:
    draft = seed(courts, "state-permit").with_jurisdiction(kind="city", style="city")
    draft = draft.with_answer("ban_predictive", True)
    diagnostics, lines = await checks_shown(tmp_path, draft, courts, size=(120, 40))
    shown = {d.code: d for d in diagnostics}
    assert {"L012", "L018"} <= set(shown)
    for code in ("L012", "L018"):
        (line,) = [text for text in lines if text.split(" ", 2)[1] == code]
        assert shown[code].message in line
        assert f"fix: {shown[code].hint}" in line


@pytest.mark.asyncio
async def test_following_a_dropped_override_of_an_unknown_clause_tells_the_hint(
        builtin: Library, tmp_path: Path) -> None:
    draft = seed(builtin, "face-ban").with_override("findings.gone", "Text.")
    path = tmp_path / "draft.yaml"
    save_draft(draft, path)
    app = make_app(tmp_path, path, library=builtin)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        checks = app.screen.query_one(ChecksList)
        checks.highlighted = next(i for i, d in enumerate(checks.diagnostics)
                                  if d.code == "L013")
        await pilot.press("enter")
        await settle(app, pilot)
        hint = checks.diagnostics[checks.highlighted].hint
        assert hint in [n.message for n in app._notifications]
