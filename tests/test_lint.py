"""Lint codes on drafts built from the fixture library."""

from __future__ import annotations

from ordinance_tui.core.lint import lint

from .conftest import seed_draft


def codes(diagnostics):
    return sorted({d.code for d in diagnostics})


def test_seeds_are_clean(lib):
    for seed in lib.seeds:
        assert [d.format() for d in lint(lib, seed_draft(lib, seed))] == []


def test_excluded_reference_target_is_l001_naming_the_clause(lib):
    draft = seed_draft(lib, "ban").with_excluded("main.exceptions", True)
    found = [d for d in lint(lib, draft) if d.code == "L001"]
    assert found and found[0].clause == "main.ban" and found[0].severity == "error"
    assert "main.exceptions" in found[0].hint


def test_declared_conflict_is_l004_with_question(lib):
    draft = seed_draft(lib, "ban").with_answer("approach", "process").with_answer("notice_days", 0)
    found = [d for d in lint(lib, draft) if d.code == "L004"]
    assert found and found[0].question == "notice_days"


def test_number_outside_bounds_is_l006(lib):
    draft = seed_draft(lib, "process").with_answer("notice_days", 200)
    found = [d for d in lint(lib, draft) if d.code == "L006"]
    assert found and "200" in found[0].message and found[0].question == "notice_days"


def test_hidden_question_is_not_checked_for_bounds(lib):
    draft = seed_draft(lib, "ban").with_answer("notice_days", 200)  # hidden when banning
    assert "L006" not in codes(lint(lib, draft))


def test_missing_essentials_are_l005(lib):
    draft = (seed_draft(lib, "ban").with_excluded("general.severability", True)
             .with_excluded("general.effective", True).with_answer("private_action", False))
    messages = [d.message for d in lint(lib, draft) if d.code == "L005"]
    assert any("severability" in m for m in messages)
    assert any("effective date" in m for m in messages)
    assert any("no enforcement or remedy" in m for m in messages)


def test_placeholder_and_plain_term_and_undefined_term(lib):
    draft = seed_draft(lib, "ban").with_override(
        "general.severability",
        "TODO: [insert text]. Face Surveillance is bad. A {{ term('Gadget') }} too.")
    found = {d.code: d for d in lint(lib, draft)}
    assert found["L007"].clause == "general.severability"
    assert "Face Surveillance" in found["L003"].message
    assert "Gadget" in found["L002"].message


def test_bad_answer_is_l008_and_failed_template_is_l000(lib):
    draft = seed_draft(lib, "ban").with_answer("damages", "a lot")
    assert "L008" in codes(lint(lib, draft))
    broken = seed_draft(lib, "ban").with_override("general.effective", "{{ nonsense }}")
    found = lint(lib, broken)
    assert found[0].code == "L000" and "nonsense" in found[0].message


def test_empty_section_is_l009(lib):
    draft = seed_draft(lib, "ban").with_override("general.severability", "{# nothing #}")
    assert "L009" in codes(lint(lib, draft))


def test_layout_problems_are_l010(lib):
    draft = seed_draft(lib, "ban").with_override("general.severability",
                                                 "Intro:\n- one\n    - too deep")
    found = [d for d in lint(lib, draft) if d.code == "L010"]
    assert found and "indented more than one level" in found[0].message
