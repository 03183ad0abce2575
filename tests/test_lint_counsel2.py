"""Lint that catches the classes of defect counsel's second reading found (L020-L025).

Each code has a realistic trigger (a drafter's override, an added section, a seed moved to
another kind, a pack clause) and a near neighbour that does not trigger it; the built-in
seeds and test drafts lint clean (test_lint_counsel), and the Checks panel shows a new
code with its hint. Finding codes (F2, C1, C3, T1, B1, K3) are those of counsel's second
reading (see test_counsel_seeds).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import msgspec
import pytest

from ordinance_tui.core.draft import Draft, OwnSection
from ordinance_tui.core.library import Library, LibrarySource, builtin_source, load_library
from ordinance_tui.core.lint import RULES, Diagnostic, lint

from .conftest import TODAY
from .test_app_support import checks_shown
from .test_lint_counsel import found, seed

NEW = ("L020", "L021", "L022", "L023", "L024", "L025")


def in_kind(draft: Draft, kind: str) -> Draft:
    """The draft as a drafter moves it to ``kind``: typed names kept, the kind's style."""
    return dataclasses.replace(draft, jurisdiction=msgspec.structs.replace(
        draft.jurisdiction, kind=kind, style=""))


def without_lines(library: Library, clause_id: str, marker: str) -> str:
    text = library.clauses[clause_id].text
    kept = [line for line in text.splitlines() if marker not in line]
    assert len(kept) < len(text.splitlines()), marker
    return "\n".join(kept) + "\n"


def own(draft: Draft, heading: str, text: str, *, part: str = "prohibitions",
        after: str = "", purpose: str = "") -> Draft:
    return draft.with_section(OwnSection(id="own." + heading.lower().replace(" ", "-"),
                                         heading=heading, part=part, after=after, text=text,
                                         purpose=purpose))


# A pack's third-party clause that declares itself an extension of the ban but was written
# before the draft's exceptions were chosen: it names none of them.
PACK_THIRD_PARTY = """\
id: prohibitions.vendor-searches
title: Searches by vendors
part: prohibitions
order: 25
role: extension
when: "approach_face == 'ban' and bar_third_party"
text: |
  No {{ term("Agency") }} may ask a {{ term("Third Party") }} to use
  {{ term("Face Recognition Technology") }} on its behalf.
"""


def examples(library: Library) -> dict[str, tuple[Draft, Draft]]:
    """For each code, (a draft that triggers it, a near neighbour that does not)."""
    face_ban = seed(library, "face-ban")
    private = face_ban.with_answer("private_scope", "public_accommodation")
    civil = library.clauses["enforcement.civil-action"].text
    writ_for_all = civil.replace(
        "In an action against a {{ term(\"Private Entity\") }}, the court may grant "
        "injunctive and declaratory relief.",
        "In an action against a {{ term(\"Private Entity\") }}, the court may grant "
        "injunctive relief, declaratory relief or a writ of mandate.")
    assert writ_for_all != civil
    contractors = library.clauses["scope.contractors"].text
    assert "within {{ contractor_cure_days | days }} after it learns of the failure" in contractors
    return {
        # F2: a drafter's own vendor ban, without the ban's four exceptions.
        "L020": (own(face_ban, "Vendors", "No Agency may contract with a Third Party to use "
                     "Face Recognition Technology on behalf of the City.\n",
                     after="prohibitions.face-ban"),
                 own(face_ban, "Vendors", "Except as provided in [[exceptions.device-unlock]] "
                     "through [[exceptions.outside-evidence]], no Agency may contract with a "
                     "Third Party to use Face Recognition Technology on behalf of the City.\n",
                     after="prohibitions.face-ban")),
        # C1: the writ of mandate offered against a business as well.
        "L021": (private.with_override("enforcement.civil-action", writ_for_all), private),
        # C3: the library's contractor duty as it read before ("must promptly require").
        "L022": (face_ban.with_override("scope.contractors", contractors.replace(
            "must, within {{ contractor_cure_days | days }} after it learns of the failure, "
            "require",
            "must promptly require")), face_ban),
        # T1: an added section whose purpose speaks of surveillance technology in a
        # face-recognition law.
        "L023": (own(face_ban, "Inventory", "Each Agency must publish a list of the Face "
                     "Recognition Technology it holds.\n", part="existing",
                     purpose="regulate surveillance technology"),
                 own(face_ban, "Inventory", "Each Agency must publish a list of the Face "
                     "Recognition Technology it holds.\n", part="existing",
                     purpose="require a public list of face recognition technology")),
        # B1: the private ban without its last subsection.
        "L024": (private.with_override("prohibitions.private", without_lines(
            library, "prohibitions.private", "personal or household")), private),
        # K3: a county seed moved to a city keeps its Supervisors.
        "L025": (in_kind(seed(library, "sf-combo"), "city"),
                 in_kind(seed(library, "sf-combo"), "city-county")),
    }


def test_every_new_rule_fires_on_its_example_and_not_on_its_neighbour(
        builtin: Library) -> None:
    pairs = examples(builtin)
    assert tuple(pairs) == NEW and set(NEW) <= set(RULES)
    for code, (bad, good) in pairs.items():
        hits = found(builtin, bad, code)
        assert hits, code
        assert {d.severity for d in hits} == {RULES[code].severity}, code
        assert all(d.hint for d in hits), code
        assert found(builtin, good, code) == [], code


@pytest.fixture(scope="module")
def vendor_pack(tmp_path_factory: pytest.TempPathFactory) -> Library:
    pack = tmp_path_factory.mktemp("vendors")
    (pack / "provisions" / "prohibitions").mkdir(parents=True)
    (pack / "provisions" / "prohibitions" / "vendor-searches.yaml").write_text(
        PACK_THIRD_PARTY, encoding="utf-8")
    library = load_library([builtin_source(), LibrarySource(pack)], laws=False)
    assert library.problems == ()
    return library


def test_extension_without_the_bans_exceptions(builtin: Library, vendor_pack: Library) -> None:
    face_ban = seed(builtin, "face-ban")  # device unlock, redaction, unsolicited, evidence
    (hit,) = found(builtin, examples(builtin)["L020"][0], "L020")
    assert hit.clause == "own.vendors"
    for heading in ("Device and account authentication", "Redaction and face detection",
                    "Unsolicited information", "Evidence provided by others"):
        assert heading in hit.message  # a range "Sections 2.95.100 through 2.95.130" counts
    # The library's third-party section carries them (F2).
    assert found(builtin, face_ban, "L020") == []
    # An override of it that drops them is caught by its metadata (role: extension).
    plain = ("No {{ term('Agency') }} may ask a {{ term('Third Party') }} to use "
             "{{ term('Face Recognition Technology') }} on behalf of {{ government }}.\n")
    (hit,) = found(builtin, face_ban.with_override("prohibitions.third-party", plain), "L020")
    assert hit.clause == "prohibitions.third-party" and "use through others" in hit.message
    # A pack clause that declares itself an extension is held to the same.
    (hit,) = found(vendor_pack, seed(vendor_pack, "face-ban"), "L020")
    assert hit.clause == "prohibitions.vendor-searches"


def test_private_ban_need_not_carry_an_agency_only_exception(builtin: Library) -> None:
    # unsolicited and outside_evidence allow only an Agency's conduct (allows: [agencies]):
    # the library's private ban rightly leaves them out.
    private = seed(builtin, "face-ban").with_answer("private_scope", "public_accommodation")
    assert {"exceptions.unsolicited", "exceptions.outside-evidence"} <= {
        c for c, cl in builtin.clauses.items() if cl.allows == ("agencies",)}
    assert found(builtin, private, "L020") == []
    # But it must carry device unlocking, which anyone may do.
    dropped = builtin.clauses["prohibitions.private"].text.replace(
        "([ref(\"exceptions.device-unlock\")] if 'device_unlock' in exceptions else []) +", "")
    assert dropped != builtin.clauses["prohibitions.private"].text
    (hit,) = found(builtin, private.with_override("prohibitions.private", dropped), "L020")
    assert "to private entities" in hit.message
    assert "Device and account authentication" in hit.message
    assert "Unsolicited information" not in hit.message


def test_suits_against_another_government_in_a_local_law(builtin: Library) -> None:
    face_ban = seed(builtin, "face-ban")
    sue_state = ("Any person may bring a civil action against the State, or against any "
                 "county that holds data obtained in violation of this {{ instrument }}, for "
                 "injunctive relief or a writ of mandate.\n")
    for kind in ("city", "county", "village"):
        draft = in_kind(face_ban, kind).with_override("enforcement.civil-action", sue_state)
        hits = found(builtin, draft, "L021")
        assert [h.clause for h in hits] == ["enforcement.civil-action"], kind
        assert "'the State'" in hits[0].message and f"a {kind} cannot" in hits[0].message
    # A drafter's own section ordering the sheriff is caught too.
    mandate = own(face_ban, "Sheriff", "A court may issue a writ of mandate against the "
                  "Sheriff to stop any use of Face Recognition Technology.\n",
                  part="enforcement")
    (hit,) = found(builtin, mandate, "L021")
    assert hit.clause == "own.sheriff" and hit.severity == "error"
    # The library's action names the draft's own government only, in every kind; a state
    # act may sue its own agencies, but not the United States.
    for kind in ("city", "county", "city-county", "town"):
        assert found(builtin, in_kind(face_ban, kind), "L021") == [], kind
    state = seed(builtin, "state-permit")
    assert found(builtin, state, "L021") == []
    federal = ("Any person may bring a civil action against the United States or any "
               "Agency that violates this act.\n")
    (hit,) = found(builtin, state.with_override("enforcement.civil-action", federal), "L021")
    assert "'the United States'" in hit.message


def test_promptly_as_the_only_deadline(builtin: Library) -> None:
    face_ban = seed(builtin, "face-ban")
    (hit,) = found(builtin, examples(builtin)["L022"][0], "L022")
    assert hit.clause == "scope.contractors" and "'promptly'" in hit.message
    assert "within ten (10) days" in hit.hint
    # A list item under "must:" is a duty too; a measured deadline beside it is enough.
    item = own(face_ban, "Logs", "Each Agency must:\n- keep a log of each request; and\n"
               "- report the log to the City Council as soon as practicable.\n",
               part="existing")
    (hit,) = found(builtin, item, "L022")
    assert hit.clause == "own.logs" and "'as soon as practicable'" in hit.message
    measured = own(face_ban, "Logs", "Each Agency must promptly, and in any case within "
                   "five (5) days, report the log to the City Council.\n", part="existing")
    assert found(builtin, measured, "L022") == []
    permission = own(face_ban, "Logs", "An Agency may promptly publish its log.\n",
                     part="existing")
    assert found(builtin, permission, "L022") == []


def test_long_title_scope_and_penalties(builtin: Library, tmp_path: Path) -> None:
    face_ban = seed(builtin, "face-ban")
    (hit,) = found(builtin, examples(builtin)["L023"][0], "L023")
    assert "speaks of surveillance technology" in hit.message
    assert "Face Recognition Technology" in hit.message
    # A law that regulates surveillance technology may say so (ccops).
    assert found(builtin, seed(builtin, "ccops"), "L023") == []
    # A penalty of the drafter's own, with no purpose: the title is silent on it.
    penalty = own(face_ban, "Penalty", "A knowing violation of this ordinance is a "
                  "misdemeanor.\n", part="enforcement")
    (hit,) = found(builtin, penalty, "L023")
    assert hit.clause == "own.penalty" and "does not mention a penalty" in hit.message
    named = own(face_ban, "Penalty", "A knowing violation of this ordinance is a "
                "misdemeanor.\n", part="enforcement",
                purpose="make a knowing violation a misdemeanor")
    assert found(builtin, named, "L023") == []
    # The library's criminal penalty under a style whose long title prints no purposes.
    city = (builtin_source().clauses / "styles" / "city.yaml").read_text(encoding="utf-8")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "fixed.yaml").write_text(city.replace("id: city", "id: fixed").replace(
        "to {{ purposes }}.", "on face recognition technology."), encoding="utf-8")
    library = load_library([builtin_source(), LibrarySource(tmp_path)], laws=False)
    criminal = face_ban.with_answer("remedies", ["injunctive", "criminal"])
    assert found(library, criminal, "L023") == []
    (hit,) = found(library, criminal.with_jurisdiction(style="fixed"), "L023")
    assert hit.clause == "enforcement.criminal"


def test_private_ban_without_personal_use(builtin: Library) -> None:
    (hit,) = found(builtin, examples(builtin)["L024"][0], "L024")
    assert hit.clause == "prohibitions.private"
    moratorium = seed(builtin, "moratorium").with_answer("private_scope", "all_persons")
    assert found(builtin, moratorium, "L024") == []
    bad = moratorium.with_override("moratorium.private", without_lines(
        builtin, "moratorium.private", "personal or household"))
    assert [d.clause for d in found(builtin, bad, "L024")] == ["moratorium.private"]
    # A drafter's own private ban.
    shops = own(seed(builtin, "face-ban"), "Shops", "No person may use Face Recognition "
                "Technology in a store.\n")
    (hit,) = found(builtin, shops, "L024")
    assert hit.clause == "own.shops"
    shops = own(seed(builtin, "face-ban"), "Shops", "No person may use Face Recognition "
                "Technology in a store. This section does not apply to an individual's "
                "personal or household use.\n")
    assert found(builtin, shops, "L024") == []


def test_typed_names_of_another_kind(builtin: Library) -> None:
    hits = found(builtin, examples(builtin)["L025"][0], "L025")
    assert [h.message.split("'")[1] for h in hits] == ["Supervisor Grace Lin",
                                                     "Supervisor Marcus Hale"]
    assert all("jurisdiction step" in h.hint for h in hits)
    ccops = seed(builtin, "ccops")
    (hit,) = found(builtin, ccops.with_jurisdiction(code_name="Bayview County Code"), "L025")
    assert "code name 'Bayview County Code'" in hit.message
    (hit,) = found(builtin, ccops.with_jurisdiction(code_name="Bayview Revised Statutes"),
                   "L025")
    assert "a word of a state" in hit.message
    # A county's name in its own county's code is not another kind's word.
    assert [d for d in found(builtin, in_kind(ccops, "county").with_jurisdiction(
        code_name="Bayview County Code"), "L025") if not _sponsor_note(d)] == []
    # What L011 reads in printed text stays L011's (a city seed moved to a state: the short
    # title's "Ordinance", the "Councilmember" sponsor), not reported twice.
    state = in_kind(ccops, "state").with_jurisdiction(instrument="act", codified=False)
    codes = {d.code for d in lint(builtin, state, today=TODAY)}
    assert "L011" in codes and "L025" not in codes


def test_every_seed_in_every_kind_it_suits_has_none_of_the_new_codes(
        builtin: Library) -> None:
    for seed_id, entry in sorted(builtin.seeds.items()):
        for kind in entry.kinds:
            draft = seed(builtin, seed_id)
            if kind != draft.jurisdiction.kind:
                draft = in_kind(draft, kind)
            hits = [d.format(f"{seed_id} as {kind}") for d in lint(builtin, draft, today=TODAY)
                    if d.code in NEW and not _sponsor_note(d)]
            assert hits == []


def _sponsor_note(d: Diagnostic) -> bool:
    """L025's note on a typed sponsor whose title is another body's (a moved seed keeps its
    sponsors: tested below)."""
    return d.code == "L025" and d.severity == "note" and "members of the" in d.message


def test_a_sponsor_titled_for_another_body_gets_a_note(builtin: Library) -> None:
    """The ccops seed moved to a county keeps "Councilmember Nia Okafor" beside the Board of
    Supervisors (counsel's third reading, L19)."""
    county = in_kind(seed(builtin, "ccops"), "county")
    (hit,) = [d for d in found(builtin, county, "L025") if _sponsor_note(d)]
    assert "'Councilmember Nia Okafor'" in hit.message and "Board of Supervisors" in hit.message
    assert "jurisdiction step" in hit.hint
    retitled = county.with_jurisdiction(sponsors=("Supervisor Nia Okafor",))
    assert [d for d in found(builtin, retitled, "L025") if _sponsor_note(d)] == []
    council = county.with_jurisdiction(body="County Council")
    assert [d for d in found(builtin, council, "L025") if _sponsor_note(d)] == []
    # A town board's members are its supervisor and its council members (New York).
    town = in_kind(seed(builtin, "ccops"), "town").with_jurisdiction(
        body="Town Board", sponsors=("Supervisor Ann Lee", "Council Member Raj Patel"))
    assert [d for d in found(builtin, town, "L025") if _sponsor_note(d)] == []


@pytest.mark.asyncio
async def test_checks_panel_shows_a_new_code_with_its_hint(builtin: Library,
                                                           tmp_path: Path) -> None:
    diagnostics, lines = await checks_shown(tmp_path, examples(builtin)["L025"][0], builtin)
    shown = [d for d in diagnostics if d.code == "L025"]
    assert shown
    for diagnostic in shown:
        (line,) = [text for text in lines if diagnostic.message in text]
        assert line.split(" ", 2)[1] == "L025"
        assert f"fix: {diagnostic.hint}" in line


def test_own_private_ban_not_in_the_long_title(builtin: Library) -> None:
    # L017 extended to a drafter's own section (T1): the long title names agencies only.
    face_ban = seed(builtin, "face-ban")
    text = ("No person may use Face Recognition Technology in a store. This section does "
            "not apply to an individual's personal or household use.\n")
    (hit,) = found(builtin, own(face_ban, "Shops", text), "L017")
    assert hit.clause == "own.shops" and "long title" in hit.message
    named = own(face_ban, "Shops", text,
                purpose="prohibit private businesses from using face recognition in stores")
    assert found(builtin, named, "L017") == []
    # An added section that binds only agencies is not about private entities.
    agencies = own(face_ban, "Training", "No Agency may use Face Recognition Technology "
                   "for training.\n")
    assert found(builtin, agencies, "L017") == []
