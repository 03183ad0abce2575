"""Counsel's second reading of the seeds, the findings that sent a draft back (issue 12):
a local law keeps its own form in every kind, a moratorium's end date means something,
and a company is fined, not imprisoned."""

from __future__ import annotations

import dataclasses

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import Draft
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint

from .conftest import TODAY, seed_draft


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_local_law_has_the_local_law_form_in_every_kind(builtin: Library) -> None:
    """K1: the post-act seed (a local law) built as a village, city, county or city-county
    kept the ordinance's enacting clause and signature block, without the filing with the
    Secretary of State from which its effective date runs."""
    seed = seed_draft(builtin, "post-act")
    for kind in ("town", "village", "city", "county", "city-county"):
        draft = seed.with_jurisdiction(kind=kind, style="")
        tree = assemble(builtin, draft, today=TODAY)
        assert _words(tree.enacting_clause).lower().endswith(" as follows:"), kind
        assert "be it enacted by the" in tree.enacting_clause.lower(), kind
        assert "ordains" not in tree.enacting_clause, kind
        assert tree.signature[-1] == \
            "Filed with the Secretary of State on ____________________.", kind
        assert tree.signature[0].startswith("Adopted by the "), kind
    ordinance = seed.with_jurisdiction(kind="village", style="", instrument="")
    tree = assemble(builtin, ordinance, today=TODAY)
    assert "ordains" in tree.enacting_clause
    assert not any("Secretary of State" in line for line in tree.signature)


def test_a_moratorium_that_ends_on_a_date_but_never_ends_is_a_warning(
        builtin: Library) -> None:
    """M2: a fixed end date with every prohibition kept in force afterwards is a ban with a
    review date; lint says so, and the moratorium seed now ends in an approval process."""
    answers = {"approach_face": "moratorium", "moratorium_end": "date",
               "moratorium_after": "legislation"}
    found = [d for d in lint(builtin, Draft(answers=answers), today=TODAY) if d.code == "L004"]
    assert [d.severity for d in found] == ["warning"]
    assert "ban with a review date" in found[0].message
    framework = Draft(answers={**answers, "moratorium_end": "framework"})
    assert [d for d in lint(builtin, framework, today=TODAY) if d.code == "L004"] == []
    default = Draft(answers={"approach_face": "moratorium"})
    assert [d for d in lint(builtin, default, today=TODAY) if d.code == "L004"] == []
    seed = seed_draft(builtin, "moratorium")
    assert seed.answers["moratorium_after"] == "approval"
    text = _words(" ".join(p.plain for s in assemble(builtin, seed, today=TODAY).all_sections()
                           for p in s.paragraphs()))
    assert "only in accordance with a written policy for that use that the City Council " \
           "has approved by ordinance" in text


def test_only_an_individual_can_be_imprisoned(builtin: Library) -> None:
    """M1: "A Private Entity ... is guilty of a misdemeanor punishable by ... imprisonment"
    would imprison a company; the fine is the entity's, imprisonment an individual's."""
    seed = seed_draft(builtin, "moratorium")
    assert seed.answers["criminal_jail_months"] == 6
    section = assemble(builtin, seed, today=TODAY).find("enforcement.criminal")
    offense, individual = (_words(p.plain) for p in list(section.paragraphs())[:2])
    assert offense.endswith("is guilty of a misdemeanor punishable by a fine of not more than "
                            "$1,000.")
    assert individual == ("In place of or in addition to the fine, an individual convicted "
                          "under subsection (a) of this section may be sentenced to "
                          "imprisonment for not more than six (6) months.")
    # Where the law binds only government, the offender is a person: one sentence.
    government_only = dataclasses.replace(
        seed, answers={**seed.answers, "private_scope": "none"})
    section = assemble(builtin, government_only, today=TODAY).find("enforcement.criminal")
    first = _words(next(iter(section.paragraphs())).plain)
    assert first.startswith("A person who knowingly violates")
    assert first.endswith("imprisonment for not more than six (6) months, or both.")
