"""Draft files: round trip, atomic save, warnings for newer or stale drafts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ordinance_tui.core import fileio
from ordinance_tui.core.draft import (
    Draft,
    check_against_library,
    load_draft,
    parse_draft,
    save_draft,
)
from ordinance_tui.core.problems import InputError

from .conftest import seed_draft


def test_round_trip_keeps_everything(lib, tmp_path: Path):
    draft = (seed_draft(lib, "process").with_answer("damages", 2500)
             .with_excluded("findings.bias", True)
             .with_override("general.severability", "Parts stand alone.")
             .with_jurisdiction(sponsors=["Councilmember Ada Ruiz"], date="2027-02-01"))
    path = tmp_path / "d.yaml"
    save_draft(draft, path)
    loaded, problems = load_draft(path)
    assert problems == []
    assert loaded == draft


def test_atomic_save_leaves_old_file_after_a_crash(lib, tmp_path: Path, monkeypatch):
    path = tmp_path / "d.yaml"
    save_draft(seed_draft(lib, "ban"), path)
    before = path.read_bytes()

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(fileio.os, "replace", crash)
    with pytest.raises(OSError):
        save_draft(seed_draft(lib, "process"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["d.yaml"]  # no temporary file left


def test_unwritable_folder_raises_oserror_with_path(tmp_path: Path):
    missing = tmp_path / "no" / "such" / "d.yaml"
    with pytest.raises(OSError):
        save_draft(Draft(), missing)


def test_newer_format_opens_with_warning():
    draft, problems = parse_draft("format: ordinance-draft/9\njurisdiction: {name: X}\n"
                                  "answers: {approach: ban}\nfuture_field: 1\n")
    assert draft.answers == {"approach": "ban"}
    assert any("newer version" in p.message and p.severity == "warning" for p in problems)
    assert draft.to_data()["future_field"] == 1  # kept on save


def test_unknown_answers_and_clauses_warn(lib):
    draft, _ = parse_draft("format: ordinance-draft/1\njurisdiction: {name: X}\n"
                           "answers: {approach: ban, colour: blue, damages: lots}\n"
                           "clauses: {exclude: [gone.clause]}\n")
    messages = [p.message for p in check_against_library(draft, lib)]
    assert any("'colour' is not a question" in m for m in messages)
    assert any("'damages' must be a number" in m for m in messages)
    assert any("'gone.clause' is not in the library" in m for m in messages)


def test_malformed_draft_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("format: ordinance-draft/1\nanswers: [unclosed\n")
    with pytest.raises(InputError) as info:
        load_draft(path)
    assert info.value.problems[0].file == str(path)
    assert info.value.problems[0].line in (2, 3)
    assert "line 2" in info.value.problems[0].message or info.value.problems[0].line == 2
    path.write_text("- just\n- a list\n")
    with pytest.raises(InputError, match="not a draft"):
        load_draft(path)
    with pytest.raises(InputError, match="no such draft"):
        load_draft(tmp_path / "missing.yaml")


def test_wrong_jurisdiction_types_fall_back_with_warning():
    draft, problems = parse_draft("jurisdiction: {name: X, codified: maybe, kind: galaxy}\n")
    assert draft.jurisdiction.codified is False
    assert draft.jurisdiction.kind == "city"
    assert len(problems) == 2 and all(p.severity == "warning" for p in problems)


def test_save_is_readable_yaml_with_format_first(lib, tmp_path: Path):
    path = tmp_path / "d.yaml"
    save_draft(seed_draft(lib, "ban"), path)
    assert path.read_text().startswith("format: ordinance-draft/1\n")
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"  # a new draft is private to its user
