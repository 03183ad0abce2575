"""Lint L016 on the exceptions: an exception must reach only technology the draft bans.

The check reads metadata, not English: a clause with ``role: exception`` (or
``emergency``) names technologies through defined terms whose definitions declare
``technology``; what the draft bans is the ``reaches`` of its bans and the technology
terms their text uses.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.core.lint import Diagnostic, lint

TODAY = dt.date(2026, 11, 26)
SCOPED = ('term("Biometric Surveillance Technology") if (tech_scope == \'biometric\' or '
          '(tech_scope == \'all\' and ban_biometric and approach_face in [\'ban\', '
          '\'moratorium\'])) else ')


@pytest.fixture(scope="module")
def builtin() -> Library:
    return load_library(laws=False)


def seed(library: Library, seed_id: str) -> Draft:
    draft, problems = draft_from_data(library.seeds[seed_id].data, seed_id)
    assert problems == []
    return draft


def l016(library: Library, draft: Draft) -> list[Diagnostic]:
    return [d for d in lint(library, draft, today=TODAY) if d.code == "L016"]


def face_only(library: Library, clause_id: str) -> str:
    """The clause's text with its technology fixed to face recognition, whatever the scope."""
    text = library.clauses[clause_id].text
    assert SCOPED in text, clause_id
    return text.replace(SCOPED, "")


def test_exception_for_a_technology_the_ban_does_not_reach(builtin: Library) -> None:
    # A biometric ban whose device exception was written for face recognition only:
    # fingerprint unlocking stays banned, and the exception excepts nothing the law bans.
    biometric = seed(builtin, "face-ban").with_answer("tech_scope", "biometric")
    bad = biometric.with_override("exceptions.device-unlock",
                                  face_only(builtin, "exceptions.device-unlock"))
    (hit,) = l016(builtin, bad)
    assert hit.clause == "exceptions.device-unlock" and hit.severity == "warning"
    assert "makes an exception for Face Recognition Technology" in hit.message
    assert "bans Biometric Surveillance Technology" in hit.message
    assert "write the exception" in hit.hint
    # The library's own text follows the scope: clean.
    assert l016(builtin, biometric) == []


def test_every_ordinary_exception_is_checked(builtin: Library) -> None:
    biometric = (seed(builtin, "face-ban").with_answer("tech_scope", "biometric")
                 .with_answer("exceptions", ["device_unlock", "missing_children",
                                             "legal_compliance", "outside_evidence"]))
    assert l016(builtin, biometric) == []
    for clause_id in ("exceptions.missing-children", "exceptions.legal-compliance",
                      "exceptions.outside-evidence"):
        bad = biometric.with_override(clause_id, face_only(builtin, clause_id))
        assert {d.clause for d in l016(builtin, bad)} == {clause_id}, clause_id


def test_emergency_use_under_a_ban_without_a_process_is_checked(builtin: Library) -> None:
    # No approval process: the emergency clause is still an exception to the ban.
    biometric = (seed(builtin, "face-ban").with_answer("tech_scope", "biometric")
                 .with_answer("exigent_use", True))
    assert l016(builtin, biometric) == []
    bad = biometric.with_override("exceptions.exigent", face_only(builtin, "exceptions.exigent"))
    assert {d.clause for d in l016(builtin, bad)} == {"exceptions.exigent"}


def test_exceptions_to_a_permit_law_are_not_exceptions_to_a_ban(builtin: Library) -> None:
    # state-permit bans nothing: its legal-compliance exception is to the permit rules.
    draft = seed(builtin, "state-permit").with_answer(
        "exceptions", ["legal_compliance"])
    assert l016(builtin, draft) == []


def test_a_moratorium_reaches_the_technology_its_text_names(builtin: Library) -> None:
    draft = seed(builtin, "moratorium").with_answer("tech_scope", "biometric").with_answer(
        "exceptions", ["device_unlock", "legal_compliance"])
    assert l016(builtin, draft) == []
