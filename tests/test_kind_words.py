"""Words that follow the kind of jurisdiction beyond the government's own (issue 12).

A question's default can depend on the kind (``kind_defaults``): counsel's reading found
"the Police Department of the County of Elm Grove" in a county draft that never named its
agency. And a seed moved to another kind keeps its code name, short title and sponsors as
typed: lint names each local word in a state bill.
"""

from __future__ import annotations

from pathlib import Path

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import Draft
from ordinance_tui.core.handout import handout
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint

from .conftest import TODAY, seed_draft
from .test_library_errors import libdir, only, problems_for, write  # noqa: F401

POLICE_ONLY = {"approach_face": "ban", "gov_scope": "police"}


def text_of(library: Library, draft: Draft) -> str:
    tree = assemble(library, draft, today=TODAY)
    return " ".join(p.plain for s in tree.all_sections() for p in s.paragraphs())


def test_a_county_names_its_sheriff_and_a_state_its_state_police(builtin: Library) -> None:
    for kind, agency in (("city", "Police Department"), ("county", "Sheriff's Office"),
                         ("state", "Department of State Police")):
        draft = Draft(answers=POLICE_ONLY).with_jurisdiction(name="Elm Grove", kind=kind)
        text = text_of(builtin, draft)
        assert f"the {agency} of" in text, kind
        if kind != "city":
            assert "Police Department" not in text, kind


def test_an_answer_still_wins_over_the_kinds_default(builtin: Library) -> None:
    draft = Draft(answers={**POLICE_ONLY, "police_agency_name": "County Police"}
                  ).with_jurisdiction(name="Elm Grove", kind="county")
    text = text_of(builtin, draft)
    assert "the County Police of" in text and "Sheriff" not in text


def test_the_handout_shows_each_kinds_default(builtin: Library) -> None:
    questions = {q.id: q for step in handout(builtin).steps for q in step.questions}
    assert questions["police_agency_name"].default == (
        "Police Department; in a county: Sheriff's Office; in a state: Department of State Police")


def test_a_kind_default_naming_no_kind_or_an_invalid_value_is_an_error(libdir: Path) -> None:  # noqa: F811
    path = libdir / "questions/10-approach.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    default: 30\n", "    default: 30\n    kind_defaults: {borough: 10, county: 900}\n", 1)
    write(path, text)
    problems = problems_for(libdir)
    assert only(problems, "kind_defaults names 'borough'").file == str(path)
    assert "the default for a county" in only(problems, "the default for a county").message


def test_a_seed_moved_to_a_state_is_told_of_every_local_word_it_keeps(builtin: Library) -> None:
    """The ccops seed made a state bill keeps the city's code name, short title and sponsor:
    lint names each (L011, an error), and each comes back clean once the field is fixed."""
    draft = seed_draft(builtin, "ccops")
    state = draft.with_jurisdiction(kind="state", style="")
    messages = [d.message for d in lint(builtin, state) if d.code == "L011"]
    assert any("'Municipal Code'" in m for m in messages), messages
    assert any("short title" in m and "'Ordinance'" in m for m in messages), messages
    assert any("'Councilmember'" in m for m in messages), messages
    fixed = state.with_jurisdiction(code_name="Revised Code of Bayview", sponsors=(
        "Senator Nia Okafor",), short_title="Bayview Surveillance and Community Safety Act")
    assert [d.message for d in lint(builtin, fixed) if d.code == "L011"] == []


def test_a_local_law_named_an_act_is_left_alone_but_a_state_sponsor_is_not(
        builtin: Library) -> None:
    draft = seed_draft(builtin, "post-act")  # a town's local law named the "POST Act"
    assert [d for d in lint(builtin, draft) if d.code == "L011"] == []
    moved = draft.with_jurisdiction(sponsors=("Senator Dana Whitfield",))
    assert [d.message for d in lint(builtin, moved) if d.code == "L011"] == [
        "the sponsor 'Senator Dana Whitfield' has the title 'Senator', which belongs to a "
        "state legislature"]
