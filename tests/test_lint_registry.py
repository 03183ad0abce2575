"""Lint rules are a registry: one entry per code, documented in the README from it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ordinance_tui.core.assemble import LayoutProblem, assemble
from ordinance_tui.core.draft import Imported, Unplaced
from ordinance_tui.core.lint import BUILD_ERRORS, RULES, lint, lint_errors

from .conftest import TODAY, seed_draft
from .test_lint_counsel import COUNSEL
from .test_lint_counsel2 import NEW

README = Path(__file__).parent.parent / "README.md"
ROW = re.compile(r"^\| (L\d{3}) \| (\w+) \| (.*) \|$")


def readme_lint_table() -> dict[str, tuple[str, str]]:
    rows = [ROW.match(line) for line in README.read_text(encoding="utf-8").splitlines()]
    return {m.group(1): (m.group(2), m.group(3)) for m in rows if m}


def test_the_readme_lint_table_is_the_registry() -> None:
    table = readme_lint_table()
    assert list(table) == list(RULES)  # every code documented, none extra, in order
    for code, rule in RULES.items():
        assert table[code] == (rule.severity, rule.meaning), code
        assert rule.code == code and rule.hint


def examples(lib):
    """A draft that triggers each rule, from the fixture library."""
    ban = seed_draft(lib, "ban")
    return {
        "L000": ban.with_override("general.effective", "{{ nonsense }}"),
        "L001": ban.with_excluded("main.exceptions", True),
        "L002": ban.with_override("general.severability", "A {{ term('Gadget') }}."),
        "L003": ban.with_override("general.severability", "Face Surveillance is bad."),
        "L004": seed_draft(lib, "ban").with_answer("approach", "process")
        .with_answer("notice_days", 0),
        "L005": ban.with_excluded("general.severability", True),
        "L006": seed_draft(lib, "process").with_answer("notice_days", 200),
        "L007": ban.with_override("general.severability", "TODO."),
        "L008": ban.with_answer("damages", "a lot"),
        "L009": ban.with_override("general.severability", "{# nothing #}"),
        "L010": ban.with_override("general.severability", "Intro:\n- one\n    - too deep"),
        "L011": ban.with_jurisdiction(kind="county", body="City Council"),
        "L019": dataclasses.replace(ban, imported=Imported(
            source="old.txt", unplaced=(Unplaced(line=3, text="A loose paragraph."),))),
    }


def test_every_rule_fires_on_its_example_with_its_severity(lib) -> None:
    drafts = examples(lib)
    # The counsel codes read the built-in library's questions and clause metadata: their
    # examples, each with a neighbour that does not trigger, are in test_lint_counsel
    # (L012-L018) and test_lint_counsel2 (L020-L025).
    assert set(drafts) | set(COUNSEL) | set(NEW) == set(RULES)
    assert not set(drafts) & (set(COUNSEL) | set(NEW)) and not set(COUNSEL) & set(NEW)
    for code, draft in drafts.items():
        found = [d for d in lint(lib, draft) if d.code == code]
        assert found, code
        assert {d.severity for d in found} == {RULES[code].severity}, code
    for code in BUILD_ERRORS:
        draft = drafts[code]
        errors = lint_errors(lib, draft, assemble(lib, draft, today=TODAY))
        assert code in {d.code for d in errors} and {d.severity for d in errors} == {"error"}
    assert lint(lib, seed_draft(lib, "ban")) == []


def test_layout_problems_reach_lint_typed_not_by_a_prefix(lib) -> None:
    draft = examples(lib)["L010"]
    ordinance = assemble(lib, draft, today=TODAY)
    layout = [p for p in ordinance.problems if isinstance(p, LayoutProblem)]
    assert len(layout) == 1 and layout[0].startswith("general.severability: a list item")
    (found,) = [d for d in lint(lib, draft, ordinance) if d.code == "L010"]
    assert found.message == str(layout[0])
    assert found.hint == RULES["L010"].hint
    # assembly's other problems (here a missing reference) are not layout problems
    other = examples(lib)["L001"]
    problems = assemble(lib, other, today=TODAY).problems
    assert problems and not any(isinstance(p, LayoutProblem) for p in problems)
    assert "L010" not in {d.code for d in lint(lib, other)}
