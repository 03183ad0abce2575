"""Named versions in a draft: snapshots, round trip, look-up, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ordinance_tui.core.draft import (
    Version,
    load_draft,
    load_draft_spec,
    parse_draft,
    save_draft,
    split_version_spec,
)
from ordinance_tui.core.problems import InputError

from .conftest import seed_draft


def test_with_version_freezes_the_current_state(lib):
    first = seed_draft(lib, "ban").with_version("as introduced", dt.date(2027, 1, 15))
    later = (first.with_answer("damages", 5000).with_excluded("findings.bias", True)
             .with_override("general.severability", "Parts stand alone.")
             .with_jurisdiction(sponsors=["Councilmember Ada Ruiz"]))
    version = later.version("as introduced")
    assert version == Version("as introduced", "2027-01-15", first.jurisdiction,
                              first.answers, (), {}, first.title)
    old = later.at_version("as introduced")
    assert (old.answers, old.exclude, old.override, old.jurisdiction) == (
        first.answers, first.exclude, first.override, first.jurisdiction)
    assert old.versions == later.versions  # the history stays with it


def test_versions_round_trip_through_a_file(lib, tmp_path: Path):
    draft = (seed_draft(lib, "process").with_version("as introduced", "2027-01-15")
             .with_answer("notice_days", 45).with_excluded("findings.bias", True)
             .with_override("general.effective", "This takes effect at once.")
             .with_version("committee amendment 1", "2027-02-03")
             .with_answer("damages", 2500))
    path = tmp_path / "d.yaml"
    save_draft(draft, path)
    loaded, problems = load_draft(path)
    assert problems == []
    assert loaded == draft
    assert [v.name for v in loaded.versions] == ["as introduced", "committee amendment 1"]
    text = path.read_text()
    assert text.index("versions:") > text.index("answers:")
    assert "name: committee amendment 1" in text


def test_version_names_dates_and_lookup(lib):
    draft = seed_draft(lib, "ban").with_version("  As   Introduced ", "2027-01-15")
    assert draft.versions[0].name == "As Introduced"
    assert draft.version("as introduced").name == "As Introduced"  # case-insensitive
    with pytest.raises(ValueError, match="already has a version named 'As Introduced'"):
        draft.with_version("As Introduced", "2027-01-16")
    with pytest.raises(ValueError, match="needs a name"):
        draft.with_version(" ", "2027-01-16")
    with pytest.raises(ValueError, match="not a date like 2027-01-31"):
        draft.with_version("later", "Jan 16")
    with pytest.raises(ValueError, match="no version named 'final'.*'As Introduced'"):
        draft.at_version("final")
    assert draft.without_version("as introduced").versions == ()


def test_broken_version_entries_warn_and_keep_the_rest():
    draft, problems = parse_draft(
        "format: ordinance-draft/1\njurisdiction: {name: X}\nanswers: {approach: ban}\n"
        "versions:\n"
        "  - just text\n"
        "  - {name: one, date: 2027-01-15, answers: {approach: process}, colour: blue}\n"
        "  - {name: one, date: 2027-01-16}\n"
        "  - {date: 2027-01-17}\n"
        "  - {name: two, date: soon, jurisdiction: {name: Y, planet: Mars}}\n")
    assert [v.name for v in draft.versions] == ["one", "two"]
    assert draft.versions[0].answers == {"approach": "process"}
    assert draft.versions[0].extra == {"colour": "blue"}  # kept for a newer version
    assert draft.versions[1].date == ""
    assert all(p.severity == "warning" for p in problems)
    messages = " | ".join(f"{p.line}:{p.message}" for p in problems)
    assert "4:versions: entry 1 must be a mapping" in messages  # a text item has no line
    assert "7:versions: a second version named 'one'" in messages
    assert "8:versions: entry 4: a version needs a name" in messages
    assert "version 'two': date 'soon' is not a date" in messages
    assert "version 'two': jurisdiction: unknown field 'planet'" in messages


def test_draft_at_version_spec(lib, tmp_path: Path):
    path = tmp_path / "riverton@2027.yaml"
    save_draft(seed_draft(lib, "ban").with_version("as introduced", "2027-01-15")
               .with_answer("damages", 9), path)
    assert split_version_spec(str(path)) == (path, None)
    assert split_version_spec(f"{path}@as introduced") == (path, "as introduced")
    draft, problems, version = load_draft_spec(f"{path}@As introduced")
    assert (problems, version.name, version.date) == ([], "as introduced", "2027-01-15")
    assert "damages" not in draft.answers
    draft, _, version = load_draft_spec(str(path))
    assert (draft.answers["damages"], version) == (9, None)
    with pytest.raises(InputError, match="no version named 'final'"):
        load_draft_spec(f"{path}@final")
    with pytest.raises(InputError, match="no such draft file"):
        load_draft_spec(str(tmp_path / "missing.yaml@as introduced"))
