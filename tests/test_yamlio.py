"""YAML reading: the C safe loader, line numbers, and no parse cache to go stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from ordinance_tui.core import yamlio
from ordinance_tui.core.yamlio import load_yaml_text


def test_the_c_safe_loader_is_used_when_present() -> None:
    loader = yamlio._loader()
    assert issubclass(loader, yaml.SafeLoader if not yaml.__with_libyaml__ else yaml.CSafeLoader)
    assert not issubclass(loader, yaml.FullLoader)


def test_mappings_keep_their_lines() -> None:
    data, problems = load_yaml_text("a: 1\nb:\n  c: 2\n  d: 3\n", "f.yaml")
    assert problems == []
    assert (data.line, data.line_of("b"), data["b"].line_of("d")) == (1, 2, 4)


def test_python_tags_are_refused_with_a_line() -> None:
    data, problems = load_yaml_text("a: 1\nb: !!python/object/apply:os.system ['true']\n",
                                    "f.yaml")
    assert data is None and problems[0].line == 2


def _pack(root: Path, text: str) -> None:
    path = root / "pack" / "provisions" / "general" / "severability.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(f"id: general.severability\ntitle: Severability\npart: general\n"
                    f"order: 10\ntext: {text}\n", encoding="utf-8")
    os.utime(path, ns=(1_767_225_600_000_000_000,) * 2)  # 2026-01-01 00:00, both files


def test_two_packs_with_the_same_name_size_and_time_each_build_their_own_text(
        tmp_path: Path) -> None:
    """The review's case: ``a/pack`` and ``b/pack``, as ``cp -p`` or unzip leave them."""
    _pack(tmp_path / "a", "PACK-A severability text.")
    _pack(tmp_path / "b", "PACK-B severability text.")
    a = tmp_path / "a/pack/provisions/general/severability.yaml"
    b = tmp_path / "b/pack/provisions/general/severability.yaml"
    assert (a.stat().st_size, a.stat().st_mtime_ns) == (b.stat().st_size, b.stat().st_mtime_ns)
    env = {**os.environ, "ORDINANCE_CACHE_DIR": str(tmp_path / "cache"),
           "ORDINANCE_DATA_DIR": str(tmp_path / "data")}
    seen = []
    # The same relative path, clause id and line in both packs: the bytecode cache
    # (written after each build, read by the next) must still tell them apart.
    for folder in ("a", "b", "a", "b"):
        result = subprocess.run(
            [sys.executable, "-m", "ordinance_tui.cli", "--library", "pack", "build", "--seed",
             "ccops", "-f", "txt"], capture_output=True, text=True, cwd=tmp_path / folder,
            env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        seen.append([w for w in ("PACK-A", "PACK-B") if w in result.stdout])
    assert seen == [["PACK-A"], ["PACK-B"], ["PACK-A"], ["PACK-B"]]
    # The cache was used: one compiled bundle and one parsed-YAML entry for each layer (the
    # built-in library, a/pack and b/pack), so the later builds read cached entries.
    assert len(list((tmp_path / "cache" / "templates").glob("*.jbc"))) == 6
