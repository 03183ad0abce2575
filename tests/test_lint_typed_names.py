"""L003 ignores library terms inside names the drafter typed or the engine composed.

A default short title ("Riverton Surveillance Technology Ordinance") and a text
answer such as an advisory body's name ("Surveillance Technology Advisory
Board") are names, not uses of the defined term; flagging them asked the drafter
to mark up text that no template lets them mark up.
"""

from __future__ import annotations

from ordinance_tui.core.draft import Draft
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint


def l003(library: Library, draft: Draft) -> list[str]:
    return [d.message for d in lint(library, draft) if d.code == "L003"]


def test_default_short_title_is_not_a_plain_term(builtin: Library) -> None:
    draft = Draft()  # no short title: the engine composes one from the name
    assert not draft.jurisdiction.short_title
    assert l003(builtin, draft) == []


def test_typed_answer_is_not_a_plain_term(builtin: Library) -> None:
    draft = Draft().with_answer("advisory_body_name", "Surveillance Technology Advisory Board")
    assert l003(builtin, draft) == []


def test_plain_term_in_clause_text_is_still_flagged(builtin: Library) -> None:
    draft = Draft().with_override("general.severability",
                                  "Surveillance Technology is defined elsewhere.")
    assert any("'Surveillance Technology'" in m for m in l003(builtin, draft))
