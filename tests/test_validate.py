"""Validation into the file models: every problem of a file, each at its line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import msgspec
import pytest

from ordinance_tui.core.library import LibrarySource, load_library
from ordinance_tui.core.models import ClauseFile, QuestionEntry, StepFile
from ordinance_tui.core.validate import line_at, validate
from ordinance_tui.core.yamlio import load_yaml_text

from .conftest import FIXTURE_LIBRARY


def parse(text: str):
    data, problems = load_yaml_text(text, "f.yaml")
    assert problems == []
    return data


def found(checked) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in checked.problems]


def test_every_problem_in_one_file_is_reported_at_its_line():
    checked = validate(parse(
        "id: main.x\n"
        "title: T\n"
        "part: main\n"
        "order: first\n"              # 4: wrong type, has a default
        "text: Hi.\n"
        "sources:\n"
        "  - {cite: A, colour: red}\n"  # 7: unknown key in an item
        "  - {note: no cite}\n"       # 8: an item without its required key
        "  - {cite: B, verified: maybe}\n"  # 9
        "elements: [E01, {x: 1}]\n"   # 10: a mapping in a list of texts
        "commentary: [a]\n"), ClauseFile, "f.yaml", "clause 'main.x'")
    assert found(checked) == [
        (4, "clause 'main.x': 'order' must be a whole number, found text"),
        (7, "clause 'main.x': source #1: unknown key 'colour'; expected one of cite, note, "
            "verified, when"),
        (8, "clause 'main.x': source #2: missing required key 'cite'"),
        (9, "clause 'main.x': source #3: 'verified' must be true or false, found text"),
        (10, "clause 'main.x': elements: entry 2 must be text, found a mapping"),
        (11, "clause 'main.x': 'commentary' must be text, found a list"),
    ]
    clause = checked.value  # what was wrong is left out; the rest is kept
    assert clause is not None
    assert (clause.order, clause.elements, clause.commentary) == (0, ("E01",), "")
    assert [(s.cite, s.verified) for s in clause.sources] == [("A", True), ("B", True)]


def test_an_item_missing_required_keys_names_each_and_the_others_still_load():
    checked = validate(parse(
        "step: s\n"
        "questions:\n"
        "  - {id: a, prompt: P, type: text}\n"
        "  - {id: b}\n"                      # 4
        "  - {id: c, prompt: P, type: slider}\n"  # 5
        "  - just text\n"
        "  - {id: d, prompt: P, type: bool}\n"), StepFile, "f.yaml", "step 's'")
    assert found(checked) == [
        (4, "step 's': question 'b': missing required key 'prompt'"),
        (4, "step 's': question 'b': missing required key 'type'"),
        (5, "step 's': question 'c': type must be one of choice, multi, bool, text, days, "
            "dollars, number, date, found 'slider'"),
        (2, "step 's': questions: entry 4 must be a mapping, found text"),
    ]
    assert checked.value is not None
    assert [q.id for q in checked.value.questions] == ["a", "d"]
    items = checked.data["questions"]
    assert [checked.position(items, i) for i in range(2)] == [0, 4]  # as numbered in the file
    assert checked.line("questions", 1) == 7


def test_shorthands_and_empty_values():
    checked = validate(parse(
        "id: q\nprompt: 2027\ntype: choice\nhelp:\nchoices: [30, {value: b, label: Bee}]\n"),
        QuestionEntry, "f.yaml", "question 'q'")
    assert checked.problems == []
    question = checked.value
    assert question is not None
    assert question.prompt == "2027" and question.help == ""
    assert [(c.value, c.label) for c in question.choices] == [("30", "30"), ("b", "Bee")]
    one = validate(parse("id: c\ntitle: T\npart: p\ntext: x\nelements: E08\n"), ClauseFile,
                   "f.yaml")
    assert one.problems == [] and one.value is not None and one.value.elements == ("E08",)


def test_a_file_that_is_not_a_mapping():
    checked = validate(parse("- a\n- b\n"), ClauseFile, "f.yaml", "clause")
    assert checked.value is None
    assert found(checked) == [(1, "clause: expected a mapping, found a list")]


def test_a_bad_value_in_a_mapping_of_texts_names_its_key():
    data = parse("notes:\n  E01: fine\n  E02: [not, text]\n")

    class Notes(msgspec.Struct, forbid_unknown_fields=True):
        notes: dict[str, str] = {}

    checked = validate(data, Notes, "f.yaml", "law 'x'")
    assert found(checked) == [(3, "law 'x': notes: 'E02' must be text, found a list")]
    assert checked.value == Notes({"E01": "fine"})
    assert line_at(data, ("notes", "E02")) == 3


def test_lenient_validation_warns_and_says_what_it_did():
    data = parse("format: ordinance-draft/1\njurisdiction: {name: X, codified: maybe, moon: 1}\n"
                 "clauses: {exclude: [a, [b]]}\n")
    from ordinance_tui.core.draft import DraftFile

    checked = validate(data, DraftFile, "d.yaml", lenient=True)
    assert [(p.line, p.severity, p.message) for p in checked.problems] == [
        (2, "warning", "jurisdiction: 'codified' must be true or false, found text; using "
                       "the default"),
        (2, "warning", "jurisdiction: unknown field 'moon' is ignored"),
        (3, "warning", "clauses: exclude: entry 2 must be text, found a list; skipped"),
    ]
    assert checked.value is not None and checked.value.clauses.exclude == ("a",)


@pytest.fixture
def libdir(tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    shutil.copytree(FIXTURE_LIBRARY, target)
    return target


def test_a_pack_cannot_declare_itself_unsandboxed(libdir: Path, tmp_path: Path):
    pack = tmp_path / "pack"
    (pack / "provisions/x").mkdir(parents=True)
    (pack / "provisions/x/ban.yaml").write_text(
        "id: main.ban\ntitle: Ours\npart: main\ntext: Hi.\nsandboxed: false\n"
        "where: {file: x, line: 1}\n", encoding="utf-8")
    library = load_library([LibrarySource(libdir, libdir / "seeds"),
                            LibrarySource(pack, pack / "seeds", sandboxed=True)])
    messages = [(Path(p.file).name, p.line, p.message) for p in library.problems]
    assert ("ban.yaml", 5, "clause 'main.ban': unknown key 'sandboxed'; expected one of "
            "allows, binds, calendar, commentary, elements, heading, id, order, part, purpose, "
            "reaches, role, sources, text, title, when") \
        in messages
    assert ("ban.yaml", 6, "clause 'main.ban': unknown key 'where'; expected one of "
            "allows, binds, calendar, commentary, elements, heading, id, order, part, purpose, "
            "reaches, role, sources, text, title, when") \
        in messages
    clause = library.clauses["main.ban"]
    assert clause.sandboxed and clause.title == "Ours"
    assert clause.where.file == str(pack / "provisions/x/ban.yaml")


def test_records_are_the_models_with_the_loaders_facts(libdir: Path):
    library = load_library([LibrarySource(libdir, libdir / "seeds")])
    clause = library.clauses["main.ban"]
    assert isinstance(clause, ClauseFile)
    assert {f for f in clause.__struct_fields__} - set(ClauseFile.__struct_fields__) == {
        "sandboxed", "where", "text_line", "part_line", "commentary_line"}
    question = next(iter(library.questions.values()))
    assert isinstance(question, QuestionEntry)
    with pytest.raises(AttributeError):
        clause.title = "changed"  # type: ignore[misc]


README_MODELS = {"Parts": "PartsFile", "A clause": "ClauseFile", "A definition": "DefinitionsFile",
                 "Questions": "StepFile", "A jurisdiction style": "StyleFile",
                 "A reference law": "LawFile", "A draft": "DraftFile"}


def test_the_readme_examples_are_valid_files():
    """The README shows each file kind; every key it shows is one its model accepts."""
    from ordinance_tui.core import draft, laws, models

    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^### (.*?)\n(.*?)(?=^### |^## |\Z)", text, re.S | re.M)
    checked = set()
    for heading, body in sections:
        kind = next((k for k in README_MODELS if heading.startswith(k)), None)
        if kind is None:
            continue
        model = next(getattr(m, README_MODELS[kind]) for m in (models, laws, draft)
                     if hasattr(m, README_MODELS[kind]))
        for block in re.findall(r"```yaml\n(.*?)```", body, re.S):
            result = validate(parse(block), model, heading, lenient=model is draft.DraftFile)
            assert [str(p) for p in result.problems] == [], heading
            checked.add(kind)
    assert checked == set(README_MODELS)
