"""Saves that lose nothing, and YAML that cannot exhaust the machine (reliability R2, R3).

A draft read from a file keeps the file's text; a save rewrites only the keys the
program changed. Alias bombs and integers too long for Python are problems with the
file and line, at load, for drafts and packs alike.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordinance_tui.core.draft import (
    Draft,
    draft_text,
    load_draft,
    parse_draft,
    save_draft,
)
from ordinance_tui.core.limits import YAML_ITEMS
from ordinance_tui.core.yamlio import dump_yaml, load_yaml_text

from .conftest import FIXTURE_LIBRARY

RELIABILITY = Path(__file__).parent / "fixtures" / "reliability"
ORIGINAL = RELIABILITY / "drafts-save" / "rt.orig.yaml"  # the draft as written by hand
MALFORMED = RELIABILITY / "drafts-malformed"
PACK = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines taken out of ``before`` and the lines added in ``after``."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return ([line[2:] for line in diff if line.startswith("- ")],
            [line[2:] for line in diff if line.startswith("+ ")])


@pytest.fixture
def rt(tmp_path: Path) -> Path:
    path = tmp_path / "rt.yaml"
    shutil.copyfile(ORIGINAL, path)
    return path


# -- the round trip -------------------------------------------------------------------

def test_version_add_only_adds_the_versions_block(rt: Path) -> None:
    before = rt.read_text()
    result = run("version", "add", str(rt), "v1")
    assert result.returncode == 0, result.stderr
    after = rt.read_text()
    assert after.startswith(before)  # every byte the file had, in place
    added = after[len(before):]
    assert added.startswith("versions:\n- name: v1\n")
    assert yaml.safe_load(after)["versions"][0]["jurisdiction"]["chapter_number"] == "2.10"
    assert set(yaml.safe_load(after)) == set(yaml.safe_load(before)) | {"versions"}
    # A second version leaves the first one as it was, and is added after it.
    first = rt.read_text()
    assert run("version", "add", str(rt), "v2").returncode == 0
    assert rt.read_text().startswith(first)


def test_what_the_program_did_not_change_stays_as_written(rt: Path) -> None:
    text = rt.read_text()
    draft, problems = load_draft(rt)
    # The typed draft has usable values ...
    assert draft.jurisdiction.codified is False and draft.jurisdiction.sponsors == (
        "Councilmember Ada Ruiz",)
    # ... the wrong ones flagged with their line ...
    assert any(p.line == 8 and "'codified' must be true or false" in p.message
               for p in problems)
    assert any(p.line == 1 and "newer version" in p.message for p in problems)
    # ... and a save with no change writes the file as it was.
    save_draft(draft, rt)
    assert rt.read_text() == text


@pytest.mark.parametrize(("change", "removed", "added"), [
    (lambda d: d.with_answer("notice_days", 30), ["  notice_days: fifteen"],
     ["  notice_days: 30"]),
    (lambda d: d.with_answer("retention_days", 90), [], ["  retention_days: 90"]),
    (lambda d: d.without_answer("future_question"), ["  future_question: 42"], []),
    (lambda d: d.with_jurisdiction(codified=True), ['  codified: "yes"'], ["  codified: true"]),
    (lambda d: d.with_override("general.severability", "New text."),
     ["    general.severability: 12"], ["    general.severability: New text."]),
])
def test_a_change_rewrites_only_its_own_key(rt: Path, change: Any, removed: list[str],
                                            added: list[str]) -> None:
    text = rt.read_text()
    draft, _ = load_draft(rt)
    new = change(draft)
    save_draft(new, rt)
    assert changed_lines(text, rt.read_text()) == (removed, added)
    assert load_draft(rt)[0] == new


def test_toggling_an_exclusion_keeps_the_rest_of_the_file(rt: Path) -> None:
    text = rt.read_text()
    draft, _ = load_draft(rt)
    save_draft(draft.with_excluded("findings.data-breaches", False), rt)
    removed, added = changed_lines(text, rt.read_text())
    assert removed == ["  exclude: [findings.data-breaches, 7]"]
    assert added == ["  exclude:", "  - '7'"]
    assert "insert_after: {general.severability: my.clause}" in rt.read_text()


def test_newer_format_is_kept_not_downgraded(rt: Path) -> None:
    draft, _ = load_draft(rt)
    save_draft(draft.with_answer("notice_days", 20), rt)
    assert rt.read_text().startswith("format: ordinance-draft/2\n")


def test_a_new_draft_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    save_draft(Draft().with_answer("notice_days", 20), path)
    assert path.read_text().startswith("format: ordinance-draft/1\n")
    assert load_draft(path)[0].answers == {"notice_days": 20}


def test_comments_and_anchors_survive_a_change() -> None:
    text = ("format: ordinance-draft/1  # keep\n"
            "# the jurisdiction\n"
            "jurisdiction: &j {name: X, kind: city, style: city}\n"
            "answers:\n"
            "  a: 1   # first\n"
            "  b: [1, 2]\n"
            "future: *j\n")
    draft, _ = parse_draft(text)
    out = draft_text(draft.with_answer("a", 2))
    assert out == text.replace("  a: 1   # first", "  a: 2   # first")


def test_a_change_inside_a_flow_mapping_rewrites_that_mapping_only() -> None:
    text = ("format: ordinance-draft/1\n"
            "jurisdiction: {name: X, kind: city, style: city, new_field: keep}\n"
            "answers: {a: 1}\n")
    draft, _ = parse_draft(text)
    new = draft.with_answer("a", 2).with_jurisdiction(name="Y")
    out = draft_text(new)
    assert parse_draft(out)[0] == new
    assert yaml.safe_load(out)["jurisdiction"]["new_field"] == "keep"
    assert out.startswith("format: ordinance-draft/1\n")


# -- numbers YAML reads as floats where text was meant ---------------------------------

def test_unquoted_chapter_number_keeps_its_text_and_is_flagged(rt: Path) -> None:
    draft, problems = load_draft(rt)
    assert draft.jurisdiction.chapter_number == "2.10"
    assert [(p.line, p.severity) for p in problems if "2.10" in p.message] == [(9, "warning")]
    message = next(p.message for p in problems if "2.10" in p.message)
    assert "YAML reads 2.10 as the number 2.1; write '2.10' in quotes" in message
    save_draft(draft.with_answer("notice_days", 9), rt)
    assert "  chapter_number: 2.10\n" in rt.read_text()  # the file keeps what it said


def test_a_float_that_reads_back_as_written_is_not_flagged() -> None:
    draft, problems = parse_draft("format: ordinance-draft/1\n"
                                  "jurisdiction: {name: X, chapter_number: 9.5}\n")
    assert draft.jurisdiction.chapter_number == "9.5"
    assert not [p for p in problems if "YAML reads" in p.message]


def test_unquoted_numbers_in_a_version_are_read_as_written() -> None:
    draft, problems = parse_draft(
        "format: ordinance-draft/1\njurisdiction: {name: X}\n"
        "versions:\n- name: v\n  date: '2027-01-01'\n  jurisdiction: {chapter_number: 3.20}\n")
    assert draft.versions[0].jurisdiction.chapter_number == "3.20"
    assert any(p.line == 6 and "3.20" in p.message for p in problems)


# -- a null item in exclude -------------------------------------------------------------

def test_a_null_in_exclude_is_flagged_and_the_other_items_kept(tmp_path: Path) -> None:
    text = ("format: ordinance-draft/1\njurisdiction: {name: X}\nanswers: {a: 1}\n"
            "clauses:\n  exclude:\n  - findings.one\n  -\n  - findings.two\n")
    path = tmp_path / "d.yaml"
    path.write_text(text)
    draft, problems = load_draft(path)
    assert draft.exclude == ("findings.one", "findings.two")
    # The line of the list (an item that is nothing has no line of its own in the data).
    assert [(p.line, p.severity) for p in problems] == [(5, "warning")]
    assert "entry 2" in problems[0].message
    save_draft(draft.with_answer("a", 2), path)
    assert changed_lines(text, path.read_text()) == (["answers: {a: 1}"], ["answers:", "  a: 2"])
    assert load_draft(path)[0].exclude == ("findings.one", "findings.two")


# -- unknown keys at every level, at random -----------------------------------------------

_names = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).map(lambda s: "x_" + s)
_scalars = st.one_of(st.integers(-10**6, 10**6), st.booleans(), st.none(),
                     st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")),
                             max_size=12),
                     st.floats(allow_nan=False, allow_infinity=False, width=32))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_names, inner, max_size=3)), max_leaves=6)
_unknown = st.dictionaries(_names, _values, max_size=3)
_answers = st.dictionaries(st.sampled_from(["notice_days", "approach_face", "q1", "q2"]),
                           st.one_of(st.integers(0, 400), st.booleans(),
                                     st.sampled_from(["ban", "approval", "x"])), max_size=3)


@st.composite
def _drafts(draw: st.DrawFn) -> dict[str, Any]:
    def state() -> dict[str, Any]:
        return {"jurisdiction": {"name": draw(st.sampled_from(["A", "B"])), **draw(_unknown)},
                "answers": draw(_answers),
                "clauses": {"exclude": draw(st.lists(st.sampled_from(["c.one", "c.two"]),
                                                     max_size=2, unique=True)),
                            **draw(_unknown)}}
    data: dict[str, Any] = {"format": "ordinance-draft/1", **state()}
    if draw(st.booleans()):
        data["versions"] = [{"name": "first", "date": "2027-01-02", **state(), **draw(_unknown)}]
    data.update(draw(_unknown))
    return data


def _unknown_paths(data: Any, known: dict[str, Any], at: tuple[str, ...] = ()
                   ) -> dict[tuple[str, ...], Any]:
    """Every key not in ``known`` (a tree of known keys), with its value."""
    found: dict[tuple[str, ...], Any] = {}
    for key, value in data.items():
        if key.startswith("x_"):
            found[(*at, key)] = value
        elif isinstance(value, dict) and isinstance(known.get(key), dict):
            found.update(_unknown_paths(value, known[key], (*at, key)))
        elif isinstance(value, list) and key == "versions":
            for i, item in enumerate(value):
                found.update(_unknown_paths(item, known["versions"], (*at, key, str(i))))
    return found


_STATE = {"jurisdiction": {}, "clauses": {}}
_KNOWN = {**_STATE, "versions": _STATE}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_drafts(), st.integers(0, 500), st.booleans())
def test_load_then_save_keeps_every_unknown_key(data: dict[str, Any], days: int,
                                                flow: bool) -> None:
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=None if flow else False,
                          allow_unicode=True)
    draft, _ = parse_draft(text)
    new = draft.with_answer("notice_days", days).with_excluded("c.one", days % 2 == 0)
    new = new.with_version(f"v{days}", "2027-02-03")
    saved = draft_text(new)
    again = yaml.safe_load(saved)
    expected = _unknown_paths(data, _KNOWN)
    assert _unknown_paths(again, _KNOWN) == expected
    assert parse_draft(saved)[0] == new


# -- alias bombs and huge integers -------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ordinance_tui.cli", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=60)


BAD = [("laughs.yaml", 6, "expand to more than"), ("laughs6.yaml", 6, "expand to more than"),
       ("laughs_small.yaml", 8, "expand to more than"),
       ("recursive_alias.yaml", 2, "an alias refers to itself"),
       ("huge_int.yaml", 50, "a number with more than 4300 digits"),
       ("huge_int_unknown.yaml", 28, "a number with more than 4300 digits")]


@pytest.mark.parametrize(("name", "line", "message"), BAD)
def test_alias_bombs_and_huge_integers_are_refused_at_load(name: str, line: int,
                                                           message: str) -> None:
    text = (MALFORMED / name).read_text()
    data, problems = load_yaml_text(text, name)
    assert data is None
    assert [(p.file, p.line, p.severity) for p in problems] == [(name, line, "error")]
    assert message in problems[0].message


@pytest.mark.parametrize("command", [["build", "{}", "-f", "txt"], ["lint", "{}"],
                                     ["version", "add", "{}", "v1"]])
@pytest.mark.parametrize(("name", "line", "message"), BAD)
def test_commands_report_bad_yaml_with_file_and_line(tmp_path: Path, command: list[str],
                                                     name: str, line: int, message: str) -> None:
    path = tmp_path / name
    shutil.copyfile(MALFORMED / name, path)
    before = path.read_bytes()
    result = run(*PACK, *(str(path) if arg == "{}" else arg for arg in command))
    assert result.returncode == 1, result.stderr
    assert f"{path}:{line}: error: YAML: " in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written


def test_an_alias_bomb_in_a_pack_is_refused_by_build_and_check(tmp_path: Path) -> None:
    pack = RELIABILITY / "packs" / "y_laughs"
    bomb = pack / "provisions" / "general" / "severability.yaml"
    draft = tmp_path / "d.yaml"
    shutil.copyfile(ORIGINAL, draft)
    for args in (["--library", str(pack), "library", "check"],
                 ["--library", str(pack), "build", str(draft), "-f", "txt"]):
        result = run(*args)
        assert result.returncode == 1, result.stderr
        assert f"{bomb}:6: error: YAML: " in result.stderr + result.stdout
        assert f"more than {YAML_ITEMS:,} items" in result.stderr + result.stdout
        assert "Traceback" not in result.stderr


def test_a_few_aliases_are_still_read() -> None:
    data, problems = load_yaml_text("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert problems == [] and data == {"a": [1, 2], "b": [1, 2]}
    assert dump_yaml(data) == "a:\n- 1\n- 2\nb:\n- 1\n- 2\n"


def test_a_change_after_text_in_many_scripts_lands_in_the_right_place() -> None:
    # The patch uses the C loader's marks as character offsets into the text.
    text = ("format: ordinance-draft/1\ntitle: \"Ordonnance é€ 😀 条例\"  # ünïcode\n"
            "jurisdiction: {name: Zürich}\nanswers:\n  a: \"ß😀\"\n  b: 1\n")
    draft, _ = parse_draft(text)
    assert draft_text(draft.with_answer("b", 2)) == text.replace("  b: 1", "  b: 2")
    crlf = text.replace("\n", "\r\n")
    draft, _ = parse_draft(crlf)
    assert draft_text(draft.with_answer("c", 3)) == crlf + "  c: 3\r\n"
