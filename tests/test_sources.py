"""The audit of the clause library's sources: what `verified: true` rests on.

Every source of a clause or definition says ``verified:`` explicitly (the model's
default is true, so a source left silent would claim a check nobody made). A source is
``verified: true`` only where its pin cite and its note match a fact of the project's
reference file (``shared/reference/ordinances.md``, tagged [V] or [D] there): ``FACTS``
quotes that fact for each pin cite. A few pin cites the reference file does not give
were confirmed against the enacted text by the legal review of December 2026
(``shared/reviews/legal.md``): ``HAND_CHECKED`` lists them, each with why.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

CLAUSES = Path(__file__).resolve().parent.parent / "ordinance_tui" / "clauses"
if not CLAUSES.is_dir():
    CLAUSES = Path(__file__).resolve().parent.parent / "clauses"
REFERENCE = Path(os.environ.get("ORDINANCE_REFERENCE",
                                "/work/shared/reference/ordinances.md"))

# pin cite (the cite without its closing parenthetical) -> the reference's fact, quoted.
FACTS = {
    "740 Ill. Comp. Stat. 14/15(a)": "§15(a) public written retention/destruction policy; "
    "destroy when purpose is met or within **3 years** of last interaction, whichever first",
    "740 Ill. Comp. Stat. 14/15(e)": "§15(e) reasonable industry standard of care",
    "740 Ill. Comp. Stat. 14/20": "§20 private right of action (state court or supplemental "
    "federal claim): per violation **$1,000** liquidated or actual (negligent), **$5,000** or "
    "actual (intentional/reckless)",
    "Boston, Mass., City Code § 16-62": "Unlawful to obtain/retain/possess/access/use a system "
    "or derived information; to contract with a third party to do so for the City",
    "Boston, Mass., City Code § 16-63": "Public Schools, Public Health Commission, Parks "
    "Rangers, Housing Authority, Municipal Protection Services, Emergency Management",
    "Boston, Mass., City Code § 16-63.7": "16-63.7 severability",
    "Cambridge, Mass., Mun. Code ch. 2.128": "City may not obtain FRT or its information, "
    "except accidental/unintentional receipt",
    "Colo. Rev. Stat. § 24-18-301": "WA-style accountability-report law; FR-service "
    "definition excludes device unlocking, personal photo management, and automated "
    "redaction of recordings for release",
    "Georgetown Law Center on Privacy & Technology, The Perpetual Line-Up": "driver's-licence/"
    "ID photo searches only if the legislature votes to allow them",
    "Mass. Gen. Laws ch. 149, § 185": "whistleblowers protected via the state whistleblower "
    "statute (M.G.L. c.149 §185)",
    "New York City Admin. Code § 14-188": "NYPD Inspector General audits compliance annually; "
    "no council approval, no ban, no private right of action (disclosure-only)",
    "Oakland, Cal., Mun. Code ch. 9.64": "Jan 2021 amendment bans predictive-policing and "
    "biometric-surveillance technology (e.g., gait)",
    "Oakland, Cal., Mun. Code ch. 9.72": "separate Ch. 9.72 requires PAC public review of any "
    "police MOU with FBI/JTTF or other federal task forces and an annual public report by "
    "**31 Jan**",
    "Oakland, Cal., Mun. Code § 9.64.010": "9.64.010 Annual Surveillance Report: use incl. "
    "type/quantity of data; sharing detail",
    "Oakland, Cal., Mun. Code § 9.64.020": "9.64.020 PAC gate: staff notify PAC chair *before* "
    "seeking funds or soliciting proposals",
    "Oakland, Cal., Mun. Code § 9.64.030": "9.64.030 council approval needed before: accepting "
    "state/federal funds or donations",
    "Oakland, Cal., Mun. Code § 9.64.050": "a person surveilled or whose data was mishandled "
    "may recover actual damages but **not less than $1,000 or $100 per day**",
    "Oakland, Cal., Mun. Code § 9.64.070": "9.64.070 Whistleblower: no adverse personnel "
    "action for good-faith lawful disclosure about funding",
    "Palo Alto, Cal., Mun. Code ch. 2.30": "annual surveillance report as an informational "
    "council item; council may direct that use be modified or ended",
    "Portland, Or., City Code ch. 34.10": "private entities may not use face-recognition "
    "technologies in places of public accommodation",
    "Portland, Or., City bureaus face recognition ordinance": "effective immediately; bureaus "
    "must complete an assessment of their FR use within **90 days**",
    "Portland, Or., Ord. 190114": "(Ord. 190114, City Code Title 34 \"Digital Justice\", "
    "Ch. 34.10), effective **1 Jan 2021**",
    "Regulation (EU) 2024/1689, art. 5": "no adverse legal decision based solely on system "
    "output",
    "Regulation (EU) 2024/1689, art. 5(1)(h)(i)": "(i) targeted search for victims of "
    "abduction, trafficking, sexual exploitation, and missing persons",
    "San Francisco Admin. Code ch. 19B": "San Francisco Administrative Code Ch. 19B (\"Stop "
    "Secret Surveillance\", 2019)",
    "San Francisco Admin. Code § 19B.1": "Annual Surveillance Report (defined in 19B.1)",
    "San Francisco Admin. Code § 19B.2(d)": "**Face recognition ban** (19B.2(d)): departments "
    "may not obtain, retain, access or use FRT or information obtained from it",
    "San Francisco Admin. Code § 19B.3(b)": "submitted and posted **≥30 days** before the "
    "Board meeting (19B.3(b))",
    "San Francisco Admin. Code § 19B.5": "Existing technology (original 19B.5): inventory to "
    "COIT within **60 days**; proposed policy within **180 days**",
    "San Francisco Ord. 107-19": "File 190110 (and clean-up File 190568, Ord. 107-19)",
    "San Francisco Ord. 116-21": "a code appendix lists all approved policies (Ord. 116-21, "
    "eff. 4 Sept 2021)",
    "Santa Clara County Ord. Code div. A40": "Does not restrict sharing evidence in criminal "
    "investigations with agencies outside its scope",
    "Santa Clara County Ord. Code § A40-5": "annually find that benefits outweigh costs and "
    "that safeguards address privacy/civil-liberties concerns",
    "Seattle Mun. Code ch. 14.18": "2017 Ord. 125376 (effective **1 Sept 2017**) → 2018 Ord. "
    "125679 (effective **4 Nov 2018**)",
    "Seattle Mun. Code § 14.18.080": "**Community Surveillance Working Group (14.18.080)**: 7 "
    "members, at least 5 from equity-focused",
    "Sebastopol, Cal., Mun. Code ch. 8.80": "Sebastopol 8.80 copies the whistleblower and "
    "enforcement text almost verbatim",
    "Sebastopol, Cal., Mun. Code § 8.80.030": "Sebastopol CA 8.80.030 (2022)",
    "Sebastopol, Cal., Mun. Code § 8.80.060": "no discriminatory or viewpoint-based deployment "
    "and no disparate impact. [D] Sebastopol 8.80.060",
    "Sebastopol, Cal., Mun. Code § 8.80.060(B)-(D)": "Yellow Springs 607.05; Sebastopol "
    "8.80.060(B)–(D)",
    "Somerville, Mass., Face Surveillance Full Ban Ordinance": "definition of \"Somerville "
    "official\" covers those acting on the City's behalf",
    "Somerville, Mass., surveillance technology oversight ordinance": "exigent use by "
    "Police/Fire chief requires an impact report within **90 days**",
    "Wash. Laws 2020, ch. 257": "Washington State SB 6280 (2020 c 257; RCW 43.386; effective "
    "1 July 2021)",
    "Yellow Springs, Ohio, Codified Ord. § 607.05": "must stop until approved. [D] Yellow "
    "Springs 607.05",
    "Wash. Laws 2020, ch. 257 (SB 6280), RCW ch. 43.386": "Washington State SB 6280 (2020 c "
    "257; RCW 43.386; effective 1 July 2021)",
    "Portland, Or., City Code ch. 34.10 (Ord. 190114, 2020) and City bureaus ordinance":
    "Both bans last until the City adopts a comprehensive data-protection framework "
    "addressing FR",
}

# Pin cites the reference file does not give, checked by hand against the legal review of
# December 2026 (shared/reviews/legal.md), which read the enacted text.
HAND_CHECKED = {
    "Boston, Mass., City Code § 16-63.6(B)": "the review (section 4) found the 16-63.6(B) "
    "suppression rule as cited; the reference gives 16-63.6 and the rule",
    "Wash. Rev. Code § 43.386.020": "the review (section 3) names RCW 43.386.020(2) as the "
    "accountability report; the reference (section 2.18) gives its contents",
    "Wash. Rev. Code § 43.386.030": "the review (section 4.2): .030 is meaningful human review",
    "Wash. Rev. Code §§ 43.386.040, 43.386.050": "the review (section 4.2): testing is in "
    ".040/.050 (the note says which duty is where is not verified)",
    "Wash. Rev. Code § 43.386.070(3)": "the review (section 4.2): judges' warrant reports are "
    "in .070(3)",
    "Wash. Rev. Code § 43.386.080(1)": "the review (section 3) compares permit.warrant with "
    ".080(1), the warrant rule and its exceptions",
    "Wash. Rev. Code § 43.386.080(2), (3), (5)": "the review (section 4.2): the use limits "
    "are in .080(2), (3) and (5)",
    "Wash. Rev. Code § 43.386.080(4)": "the review (state-permit 6): .080(4) only "
    "cross-references public-records rules, as the note says",
    "Wash. Rev. Code § 43.386.090": "the review (section 4.2): the federal-mandate exemption "
    "is .090",
    "Wash. Rev. Code § 43.386.100": "the review (section 4.2 and state-permit 5): .100 is the "
    "Department of Licensing provision",
}


def sources(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if isinstance(node.get("cite"), str):
            yield where, node
        for value in node.values():
            yield from sources(value, where)
    elif isinstance(node, list):
        for value in node:
            yield from sources(value, where)


def library_sources() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(CLAUSES.rglob("*.yaml")):
        found += list(sources(yaml.safe_load(path.read_text(encoding="utf-8")),
                              str(path.relative_to(CLAUSES))))
    return found


def pin(cite: str) -> str:
    """The cite without its closing parenthetical (the session law, the year, a caveat)."""
    return re.sub(r" \((?:[^()]|\([^()]*\))*\)$", "", cite)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_every_source_says_whether_it_was_verified() -> None:
    found = library_sources()
    assert len(found) > 150  # clauses and definitions alike
    silent = [(where, s["cite"]) for where, s in found if not isinstance(s.get("verified"),
                                                                         bool)]
    assert silent == []


def test_every_verified_source_rests_on_a_reference_fact_or_a_hand_check() -> None:
    unsupported = sorted({(where, s["cite"]) for where, s in library_sources()
                          if s["verified"] and pin(s["cite"]) not in FACTS
                          and pin(s["cite"]) not in HAND_CHECKED})
    assert unsupported == []
    assert not set(FACTS) & set(HAND_CHECKED)
    # Nothing listed that no source cites (a stale entry would vouch for nothing).
    cited = {pin(s["cite"]) for _, s in library_sources() if s["verified"]}
    assert set(FACTS) | set(HAND_CHECKED) <= cited


def test_unverified_sources_include_the_ones_the_reference_leaves_open() -> None:
    by_note = {s.get("note", ""): s["verified"] for _, s in library_sources()}
    # Facts the reference gives without this pin, or not at all: audited to false.
    for note in ("defines City Department to cover all City departments",
                 "approved policies posted on the department's website within ten days",
                 "urgent use may begin without authorization, which must be requested within "
                 "24 hours; if refused, use stops and data is deleted",
                 "findings supporting the ban on private use in places of public "
                 "accommodation"):
        assert by_note[note] is False, note


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"the reference file {REFERENCE} is not "
                    "on this machine (set ORDINANCE_REFERENCE)")
def test_each_quoted_fact_is_in_the_reference_file() -> None:
    reference = squeeze(REFERENCE.read_text(encoding="utf-8"))
    missing = {cite: fact for cite, fact in FACTS.items() if squeeze(fact) not in reference}
    assert missing == {}
