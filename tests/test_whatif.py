"""What choosing an option would change (core.whatif), on the fixture library."""

from __future__ import annotations

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.incremental import RenderMemo
from ordinance_tui.core.library import Library
from ordinance_tui.core.redline import DELETE, INSERT
from ordinance_tui.core.whatif import option_effect, option_value, section_changes

from .conftest import TODAY, seed_draft


def test_choosing_an_approach_names_sections_words_and_questions(lib: Library) -> None:
    draft = seed_draft(lib, "ban")
    memo = RenderMemo()
    effect = option_effect(lib, draft, "approach", "process", memo=memo, today=TODAY)
    assert [s.clause_id for s in effect.of("added")] == ["main.process"]
    assert [s.clause_id for s in effect.of("removed")] == ["main.ban"]
    added = effect.of("added")[0]
    assert added.heading == "Approval process" and added.label.startswith("Section")
    # The definitions change word by word: the removed term struck, the new one inserted.
    changed = {s.clause_id: s for s in effect.of("changed")}
    words = [c for line in changed["definitions"].lines for c in line.chunks]
    assert any(c.op == DELETE and "Face Surveillance" in c.text for c in words)
    assert any(c.op == INSERT and "Surveillance Technology" in c.text for c in words)
    assert effect.opens == ("notice_days",) and effect.closes == ()
    assert any(line.role == "long_title" for line in effect.front)
    # The draft itself is untouched; the memo made the second assembly cheaper.
    assert draft.answers == {"approach": "ban"} and memo.hits > 0


def test_the_current_answer_and_a_renumbered_section_are_not_changes(lib: Library) -> None:
    draft = seed_draft(lib, "ban")
    assert option_effect(lib, draft, "approach", "ban").same
    base = assemble(lib, draft, today=TODAY)
    # The same text under other numbers (a section moved up) is not a change.
    other = assemble(lib, draft.with_answer("private_action", False), today=TODAY)
    changes = section_changes(base, other)
    assert [s.change for s in changes] == ["removed"]
    assert changes[0].clause_id == "main.enforcement"


def test_option_value_ticks_and_unticks(lib: Library) -> None:
    question = lib.questions["exceptions"]
    assert option_value(question, ["unlock", "unsolicited"], "unlock") == ["unsolicited"]
    assert option_value(question, ["unlock"], "unsolicited") == ["unlock", "unsolicited"]
    assert option_value(lib.questions["approach"], "ban", "process") == "process"
