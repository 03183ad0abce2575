"""The parsed-YAML cache of library layers: data only, by resolved path and content hash."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ordinance_tui.core import bytecode_cache, parsecache
from ordinance_tui.core.library import Library, builtin_source, load_library, pack_source
from ordinance_tui.core.parsecache import ParsedLayer, decode_tree, encode_tree
from ordinance_tui.core.yamlio import LineDict, load_yaml_file

CLAUSE = """id: general.severability
title: Severability
part: general
order: 90
text: |
  {word} If any part of this {{{{ instrument }}}} is held invalid, the rest stays in force.
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the YAML parser is run on (the others came from the cache)."""
    seen: list[str] = []
    original = parsecache.load_yaml_text

    def counted(text: str, file: str) -> Any:
        seen.append(file)
        return original(text, file)

    monkeypatch.setattr(parsecache, "load_yaml_text", counted)
    return seen


def _pack(root: Path, word: str) -> Path:
    """A pack named ``pack`` under ``root`` whose severability clause starts with ``word``."""
    folder = root / "pack"
    (folder / "provisions").mkdir(parents=True)
    path = folder / "provisions" / "severability.yaml"
    path.write_text(CLAUSE.format(word=word), encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))  # the same time for every pack's file
    return folder


def _text(pack: Path) -> str:
    lib = load_library([builtin_source(), pack_source(pack)], laws=False)
    assert not lib.errors, lib.errors
    lib.save_compiled()
    return lib.clauses["general.severability"].text


def _same_lines(a: Any, b: Any) -> bool:
    """Equal, with the same lines and float texts in every mapping."""
    if isinstance(a, LineDict):
        return (isinstance(b, LineDict) and a.line == b.line and a.key_lines == b.key_lines
                and (a.float_texts or {}) == (b.float_texts or {}) and a.keys() == b.keys()
                and all(_same_lines(a[k], b[k]) for k in a))
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same_lines, a, b))
    return type(a) is type(b) and a == b


def test_two_packs_of_the_same_name_size_and_time_keep_their_own_text(
        cache_dir: Path, tmp_path: Path, parses: list[str]) -> None:
    first, second = _pack(tmp_path / "a", "Alpha."), _pack(tmp_path / "b", "Bravo.")
    files = [p / "provisions" / "severability.yaml" for p in (first, second)]
    assert files[0].stat().st_size == files[1].stat().st_size
    assert files[0].stat().st_mtime_ns == files[1].stat().st_mtime_ns
    assert _text(first).startswith("Alpha.") and _text(second).startswith("Bravo.")
    parses.clear()
    for _ in range(2):  # warm: each from the cache, neither parsed again
        assert _text(first).startswith("Alpha.")
        assert _text(second).startswith("Bravo.")
    assert parses == []
    # The same file rewritten with text of the same size and time: parsed again, not served.
    files[0].write_text(CLAUSE.format(word="Delta."), encoding="utf-8")
    os.utime(files[0], ns=(10**18, 10**18))
    assert _text(first).startswith("Delta.")
    assert parses == [str(files[0])]


def test_a_warm_library_is_the_library_parsed(cache_dir: Path, parses: list[str]) -> None:
    cold = load_library()
    cold.save_compiled()
    assert len(parses) > 100
    parses.clear()
    warm = load_library()
    assert parses == []
    assert warm.clauses == cold.clauses and warm.questions == cold.questions
    assert warm.definitions == cold.definitions and warm.styles == cold.styles
    assert warm.seeds == cold.seeds and warm.problems == cold.problems


def test_every_built_in_file_keeps_its_lines_through_the_encoding() -> None:
    files = sorted(builtin_source().clauses.rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        data, problems = load_yaml_file(path)
        assert not problems
        assert _same_lines(data, decode_tree(encode_tree(data))), path


def test_a_tampered_entry_is_parsed_again(cache_dir: Path, tmp_path: Path,
                                          parses: list[str]) -> None:
    pack = _pack(tmp_path / "a", "Alpha.")
    assert _text(pack).startswith("Alpha.")
    lib = load_library([builtin_source(), pack_source(pack)], laws=False)
    store = lib._compiled.bytecode()
    assert store is not None
    name = ParsedLayer(store, pack).name
    entry = cache_dir / (name + bytecode_cache.SUFFIX)
    data = entry.read_bytes()
    assert b"Alpha." in data
    entry.write_bytes(data.replace(b"Alpha.", b"Omega."))  # its HMAC no longer matches
    parses.clear()
    assert _text(pack).startswith("Alpha.")
    assert str(pack / "provisions" / "severability.yaml") in parses


def test_errors_still_name_the_file_and_line_when_warm(cache_dir: Path, tmp_path: Path) -> None:
    pack = _pack(tmp_path / "a", "Alpha.")
    (pack / "provisions" / "bad.yaml").write_text("id: x.bad\ntitle: [unclosed\n")
    (pack / "provisions" / "dup.yaml").write_text("id: x.dup\nid: again\n")

    def problems(lib: Library) -> list[str]:
        return sorted(f"{Path(p.file).name}:{p.line}" for p in lib.errors)

    cold = load_library([builtin_source(), pack_source(pack)], laws=False)
    cold.save_compiled()
    warm = load_library([builtin_source(), pack_source(pack)], laws=False)
    assert problems(warm) == problems(cold)
    assert {"bad.yaml:3", "dup.yaml:2"} <= set(problems(warm))


def test_a_warm_build_to_docx_does_not_import_yaml(cache_dir: Path, tmp_path: Path) -> None:
    """Import hygiene: with the library's parsed YAML cached, a build never loads PyYAML
    (nor ``secrets``, which only makes the cache's key); the first, cold build does."""
    import subprocess
    import sys

    code = ("import sys; from ordinance_tui import cli; "
            "rc = cli.main(['build', '--seed', 'ccops', '-f', 'docx', '-o', sys.argv[1], "
            "'--force']); print(sorted({'yaml', 'secrets'} & set(sys.modules))); "
            "sys.exit(rc)")
    found = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out.docx")],
                                capture_output=True, text=True, env=dict(os.environ),
                                timeout=120, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        found.append(result.stdout.strip())
    assert found == ["['secrets', 'yaml']", "[]"]
