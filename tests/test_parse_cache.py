"""The parsed-YAML cache: same library from the cache, and edits are seen."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ordinance_tui.core.library import LibrarySource, load_library

from .conftest import FIXTURE_LIBRARY


def test_cache_gives_the_same_library_and_sees_edits(tmp_path: Path):
    root = tmp_path / "lib"
    shutil.copytree(FIXTURE_LIBRARY, root)
    cache = tmp_path / "cache"
    cache.mkdir()
    sources = [LibrarySource(root, root / "seeds")]
    first = load_library(sources, cache_dir=cache)
    assert (cache / "parsed-yaml.marshal").is_file()
    second = load_library(sources, cache_dir=cache)
    assert second.clauses == first.clauses and second.questions == first.questions
    assert second.problems == [] and second.seeds.keys() == first.seeds.keys()
    ban = root / "provisions" / "main" / "ban.yaml"
    ban.write_text(ban.read_text().replace("title: Prohibition", "title: Ban on use"))
    third = load_library(sources, cache_dir=cache)
    assert third.clauses["main.ban"].title == "Ban on use"
    # Line numbers survive the cache (errors still name the line).
    bad = root / "provisions" / "main" / "bad.yaml"
    bad.write_text("id: main.bad\ntitle: T\npart: main\ntext: Hi.\ncolour: blue\n")
    load_library(sources, cache_dir=cache)
    again = load_library(sources, cache_dir=cache)
    assert [(p.line, "colour" in p.message) for p in again.problems] == [(5, True)]


def test_cached_load_does_not_import_the_yaml_parser(tmp_path: Path):
    code = ("import sys; from pathlib import Path; "
            "from ordinance_tui.core.library import load_library; "
            f"load_library(cache_dir=Path({str(tmp_path)!r})); "
            "print('yaml' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            for _ in range(2)]
    assert [r.stdout.strip() for r in runs] == ["True", "False"], [r.stderr for r in runs]
