"""The question-type registry: every built-in type round-trips, and no module switches on
a type's name outside the registries."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ordinance_tui.core.answers import default_for, validate_answer
from ordinance_tui.core.library import Question
from ordinance_tui.core.models import Choice, StepFile
from ordinance_tui.core.qtypes import QUESTION_TYPES, QuestionType, QuestionTypeName, register

PACKAGE = Path(__file__).resolve().parents[1] / "ordinance_tui"
REGISTRIES = {PACKAGE / "core" / "qtypes.py", PACKAGE / "tui" / "widgets" / "questions.py"}
CHOICES = (Choice(value="a", label="Alpha"), Choice(value="b", label="Beta"),
           Choice(value="c", label="Gamma"))

# Per built-in type: the question, answers as a file or a control gives them with their
# normalised value, and wrong answers with a fragment of the message.
SAMPLES: dict[str, tuple[dict[str, Any], list[tuple[Any, Any]], list[tuple[Any, str]]]] = {
    "choice": ({"choices": CHOICES}, [("b", "b"), ("a", "a")],
               [("z", "must be one of a, b, c"), (3, "must be one of")]),
    "multi": ({"choices": CHOICES}, [(["c", "a", "c"], ["a", "c"]), ("b", ["b"]), ([], [])],
              [(["a", "zz"], "unknown choices 'zz'"), (5, "must be a list of choices")]),
    "bool": ({}, [(True, True), (False, False)], [("yes", "must be true or false")]),
    "text": ({"max_length": 20, "pattern": "[A-Z][a-z ]*"},
             [("Oversight  board", "Oversight  board"), ("Line\nbreak", "Line break")],
             [("lower", "does not match"), ("A" + "b" * 20, "at most 20 characters"),
              (["x"], "must be text")]),
    "days": ({"min": 1, "max": 365}, [("30", 30), (45, 45), ("1,00", 100), (60.0, 60)],
             [("2.5", "whole number of days"), ("0", "at least 1, not 0"),
              ("soon", "must be a number"), (True, "must be a number")]),
    "dollars": ({"min": 0}, [("$1,000", 1000), ("2.5", 2.5), (250, 250)],
                [("-1", "at least 0"), ("nan", "must be a number"),
                 (float("inf"), "finite number")]),
    "number": ({"max": 9}, [("3", 3), ("4.25", 4.25)], [("10", "at most 9, not 10")]),
    "date": ({}, [("2027-01-31", "2027-01-31"), (dt.date(2027, 1, 5), "2027-01-05")],
             [("31/01/2027", "expected a date like 2027-01-31"), ("2027-1-5", "a date like")]),
}
TYPED = ("text", "days", "dollars", "number", "date")  # answered in a text box


def question(kind: str, **facts: Any) -> Question:
    return Question(id=f"q_{kind}", prompt=kind, type=QuestionTypeName(kind), **facts)


def test_every_built_in_type_has_samples_here() -> None:
    assert tuple(QUESTION_TYPES)[:len(SAMPLES)] == tuple(SAMPLES)
    assert QuestionTypeName.names() == tuple(QUESTION_TYPES)
    for name, entry in QUESTION_TYPES.items():
        assert isinstance(entry, QuestionType) and entry.name == name


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_each_type_parses_validates_and_shows_its_answers(kind: str) -> None:
    facts, good, bad = SAMPLES[kind]
    q = question(kind, **facts)
    entry = QUESTION_TYPES[kind]
    for given, expected in good:
        value, error = validate_answer(q, given)
        assert (value, error) == (expected, None), given
        assert type(value) is type(expected)
        assert entry.validate(q, value) == (value, None)  # normalised answers stay as they are
        shown = entry.show(q, value)
        assert isinstance(shown, str)
        if kind in TYPED:  # what the box shows reads back as the same answer
            assert validate_answer(q, shown) == (value, None), shown
    for given, fragment in bad:
        _, error = validate_answer(q, given)
        assert error is not None and fragment in error, (given, error)
    default = default_for(q)
    if kind != "date":  # a date question has no natural default: its file must give one
        assert validate_answer(q, default) == (default, None)


def test_type_facts_the_engine_reads() -> None:
    assert [n for n, t in QUESTION_TYPES.items() if t.needs_choices] == ["choice", "multi"]
    assert [n for n, t in QUESTION_TYPES.items() if t.alternatives] == ["choice", "multi", "bool"]
    assert [n for n, t in QUESTION_TYPES.items() if t.blank_is_default] == [
        "days", "dollars", "number", "date"]
    assert [n for n, t in QUESTION_TYPES.items() if t.typed_words] == ["text"]
    assert {n: t.unit for n, t in QUESTION_TYPES.items() if t.unit} == {
        "days": "days", "dollars": "dollars", "number": "count"}
    days = question("days", min=5, max=90, bounds=(7.0, 60.0))
    assert QUESTION_TYPES["days"].hint(days) == "at least 5; at most 90; usually 7 to 60"
    assert QUESTION_TYPES["text"].hint(question("text")) == ""
    assert QUESTION_TYPES["dollars"].show(question("dollars"), 2.5) == "2.5"
    multi = question("multi", choices=CHOICES)
    assert QUESTION_TYPES["multi"].alternatives is not None
    assert QUESTION_TYPES["multi"].alternatives(multi, ["b"]) == [["a", "b"], ["b", "c"], []]
    assert QUESTION_TYPES["multi"].change(multi, ["b"], ["a", "b"], "it") == \
        "add \u201cAlpha\u201d to it"
    assert QUESTION_TYPES["choice"].change(question("choice", choices=CHOICES), "a", "c",
                                           "it") == "set it to \u201cGamma\u201d"


def test_a_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register(QuestionType("bool", QUESTION_TYPES["bool"].validate, lambda q: False))
    with pytest.raises(ValueError, match="needs a name"):
        register(QuestionType("", QUESTION_TYPES["bool"].validate, lambda q: False))


# ---------------------------------------------------------------------------
# No string switches on a question's type outside the registries


def type_switches(source: str) -> list[int]:
    """Lines comparing some ``x.type`` with text (``==``, ``!=``, ``in``) or matching it.

    A name given ``x.type`` counts as the type, and a name given text (or a tuple of
    texts) counts as text, wherever they are assigned in the module.
    """
    tree = ast.parse(source)
    aliases: set[str] = set()
    constants: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if isinstance(node.value, ast.Attribute) and node.value.attr == "type":
                aliases |= names
            elif _literal_text(node.value):
                constants |= names

    def is_type(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "type") or (
            isinstance(node, ast.Name) and node.id in aliases)

    def is_text(node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in constants
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return any(is_text(e) or isinstance(e, ast.Starred) for e in node.elts)
        return _literal_text(node)

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(is_type(a) for a in operands) and any(is_text(a) for a in operands):
                lines.append(node.lineno)
        elif isinstance(node, ast.Match) and is_type(node.subject):
            lines.append(node.lineno)
    return sorted(lines)


def _literal_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_literal_text(e) for e in node.elts)
    return False


def test_the_switch_finder_finds_switches() -> None:
    assert type_switches(
        "if q.type == 'choice': pass\n"
        "if self.question.type in ('days', 'dollars'): pass\n"
        "x = row.type if row.type != 'number' else 'count'\n"
        "if entry.type not in [*NUMBERS, 'date']: pass\n"
        "match question.type:\n    case 'bool': pass\n"
        "if q.type == other.type or q.kind == 'x': pass\n"
        "SEARCHABLE = ('choice', 'multi')\n"
        "if q.type in SEARCHABLE: pass\n"  # 9
        "kind = question.type\n"
        "if kind == 'text': pass\n") == [1, 2, 3, 4, 5, 9, 11]


def test_no_module_outside_the_registries_switches_on_a_type_name() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in REGISTRIES:
            continue
        found += [f"{path.relative_to(PACKAGE)}:{line}"
                  for line in type_switches(path.read_text(encoding="utf-8"))]
    assert found == [], "look the type up in core.qtypes.QUESTION_TYPES instead"
    assert all(path.is_file() for path in REGISTRIES)


def test_the_readme_example_registers_a_working_type() -> None:
    """The README's "Questions" example, run: its type validates files and answers."""
    import re

    from ordinance_tui.core.qtypes import unregister
    from ordinance_tui.core.validate import validate
    from ordinance_tui.core.yamlio import load_yaml_text
    from ordinance_tui.tui.widgets.questions import QUESTION_WIDGETS, unregister_widget

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Questions"):]
    section = section[:section.index("\n### ")]
    (example,) = re.findall(r"```python\n(.*?)```", section, re.S)
    assert "percent" not in QUESTION_TYPES
    try:
        exec(compile(example, "README.md", "exec"), {})  # the README is ours
        assert "percent" in QUESTION_WIDGETS
        q = question("percent")
        assert validate_answer(q, "25%") == (25, None)
        assert validate_answer(q, "101")[1] == "must be between 0 and 100 percent, not 101"
        step = "step: s\nquestions:\n  - {id: share, prompt: Share, type: percent}\n"
        data, problems = load_yaml_text(step, "f.yaml")
        checked = validate(data, StepFile, "f.yaml", "step 's'")
        assert problems == [] and checked.problems == []
        assert checked.value is not None and checked.value.questions[0].type == "percent"
    finally:
        if "percent" in QUESTION_WIDGETS:
            unregister_widget("percent")
        if "percent" in QUESTION_TYPES:
            unregister("percent")
    checked = validate(data, StepFile, "f.yaml", "step 's'")
    assert [(p.line, p.message) for p in checked.problems] == [
        (3, "step 's': question 'share': type must be one of choice, multi, bool, text, days, "
            "dollars, number, date, found 'percent'")]
