"""The bytecode cache of library templates: signed, private, bounded, never written by assembly.

A library's compiled code is one entry, its bundle (a msgpack map of Jinja2 buckets):
the tests below damage, replace, link or give away that file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from jinja2.bccache import Bucket

from ordinance_tui.core import bytecode_cache
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.bytecode_cache import SUFFIX, ClauseBytecodeCache, open_cache
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.jinja_env import (
    CompiledCondition,
    CompiledTemplate,
    cache_file,
    environment,
)
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.core.templating import TemplateSpec
from ordinance_tui.export import FORMATS, available_formats, render

from .conftest import TODAY

NAME = "clause:general.severability:text"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def _seed(lib: Library, seed: str = "ccops") -> str:
    draft = draft_from_data(lib.seeds[seed].data, seed)[0]
    return render(assemble(lib, draft, today=TODAY), "txt").decode()


def _warm() -> str:
    """Build once with a fresh library and save what it compiled; the text it built."""
    lib = load_library()
    text = _seed(lib)
    lib.save_compiled()
    return text


def _entry(lib: Library) -> Path:
    """The cache file of the library's bundle of compiled templates."""
    cache = lib._compiled.bytecode()
    assert cache is not None
    return cache.folder / (cache.bundle + SUFFIX)


def _buckets(path: Path) -> dict[str, bytes]:
    """The buckets of a bundle file, by key (its HMAC not checked)."""
    data = path.read_bytes()[bytecode_cache.MAC_SIZE:]
    return msgspec.msgpack.decode(data, type=dict[str, bytes])


def _marker_payload(lib: Library, marker: Path, name: str = NAME) -> bytes:
    """The bundle, with the bucket for ``name`` replaced by one with the right checksum
    whose code writes ``marker`` when run."""
    cache = lib._compiled.bytecode()
    assert cache is not None
    spec = lib.specs[name]
    bucket = Bucket(environment(), "x", cache.get_source_checksum(spec.source))
    bucket.code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<evil>", "exec")
    key = cache.get_cache_key(spec.what, cache_file(spec))
    buckets = _buckets(_entry(lib))
    assert key in buckets
    buckets[key] = bucket.bytecode_to_string()
    return msgspec.msgpack.encode(buckets)


def _sign(lib: Library, path: Path, payload: bytes) -> bytes:
    cache = lib._compiled.bytecode()
    assert cache is not None
    key = cache._load_key()
    assert isinstance(key, bytes)
    return cache._mac(key, path.name[:-len(SUFFIX)], payload) + payload


def test_a_warm_cache_loads_every_template_and_the_folder_is_private(cache_dir: Path) -> None:
    text = _warm()
    entries = list(cache_dir.glob("*" + SUFFIX))
    assert entries
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in entries)
    key = cache_dir.parent.parent / "data" / bytecode_cache.KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600
    lib = load_library()
    assert _seed(lib) == text
    cache = lib._compiled.cache
    assert cache is not None and cache.pending == {} and cache.bad == set()
    assert cache.new == {} and cache.failed == set()
    assert len(_buckets(_entry(lib))) > 100  # every template of the seed, in one file


def test_a_tampered_entry_is_never_executed(cache_dir: Path, tmp_path: Path) -> None:
    """Bytes changed, HMAC kept from before: the code in it does not run."""
    text = _warm()
    lib = load_library()
    path = _entry(lib)
    old_mac = path.read_bytes()[:bytecode_cache.MAC_SIZE]
    marker = tmp_path / "CACHE-CODE-RAN"
    path.write_bytes(old_mac + _marker_payload(lib, marker))
    assert _seed(lib) == text
    assert not marker.exists()
    lib.save_compiled()  # the failed entry is replaced by the recompiled one
    fresh = load_library()
    assert _seed(fresh) == text and not marker.exists()
    assert fresh._compiled.cache is not None and fresh._compiled.cache.bad == set()
    assert fresh._compiled.cache.new == {}


def test_the_marker_payload_does_run_when_signed_with_the_key(cache_dir: Path,
                                                              tmp_path: Path) -> None:
    """The control for the test above: the same payload, correctly signed, runs."""
    _warm()
    lib = load_library()
    path = _entry(lib)
    marker = tmp_path / "CACHE-CODE-RAN"
    path.write_bytes(_sign(lib, path, _marker_payload(lib, marker)))
    with pytest.raises(Exception):  # noqa: B017,PT011 - the fake code defines no template
        lib.template(NAME)
    assert marker.read_text() == "ran"


def test_a_world_writable_folder_is_not_used(cache_dir: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = _warm()
    lib = load_library()
    path = _entry(lib)
    marker = tmp_path / "CACHE-CODE-RAN"
    path.write_bytes(_sign(lib, path, _marker_payload(lib, marker)))
    cache_dir.chmod(0o777)
    fresh = load_library()
    assert _seed(fresh) == text
    assert not marker.exists()
    err = capsys.readouterr().err
    assert err.count("not using the template cache") == 1 and "lets other users write" in err
    fresh.save_compiled()  # nothing is written into a folder others can write
    assert path.read_bytes()[bytecode_cache.MAC_SIZE:] == _marker_payload(lib, marker)


@pytest.mark.skipif(not ROOT, reason="changing a file's owner needs root")
def test_an_entry_owned_by_another_user_is_not_used(cache_dir: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = _warm()
    lib = load_library()
    path = _entry(lib)
    marker = tmp_path / "CACHE-CODE-RAN"
    path.write_bytes(_sign(lib, path, _marker_payload(lib, marker)))
    os.chown(path, 65534, 65534)
    fresh = load_library()
    assert _seed(fresh) == text
    assert not marker.exists()
    err = capsys.readouterr().err
    assert err.count("not using the template cache") == 1 and "65534" in err
    fresh.save_compiled()  # replaced by the user's own entry
    assert path.stat().st_uid == os.geteuid()
    assert _seed(load_library()) == text and not marker.exists()


@pytest.mark.skipif(not ROOT, reason="changing a folder's owner needs root")
def test_a_folder_owned_by_another_user_is_not_used(cache_dir: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _warm()
    os.chown(cache_dir, 65534, 65534)
    lib = load_library()
    _seed(lib)
    assert lib._compiled.cache is not None and len(lib._compiled.cache.new) > 0
    assert "belongs to user id 65534" in capsys.readouterr().err


def test_a_symlinked_entry_is_not_followed(cache_dir: Path, tmp_path: Path) -> None:
    text = _warm()
    lib = load_library()
    path = _entry(lib)
    target = tmp_path / "elsewhere.jbc"
    target.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(target)
    assert _seed(lib) == text
    cache = lib._compiled.cache
    assert cache is not None and len(cache.new) > 100  # recompiled: the link was not read
    lib.save_compiled()
    assert not path.is_symlink() and target.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "empty", "garbage", "signed garbage"])
def test_a_corrupt_entry_is_a_miss_never_a_traceback(cache_dir: Path, damage: str) -> None:
    text = _warm()
    lib = load_library()
    path = _entry(lib)
    data = path.read_bytes()
    path.write_bytes({"truncated": data[:len(data) // 2], "empty": b"",
                      "garbage": os.urandom(len(data)),
                      "signed garbage": _sign(lib, path, b"j2 not a bucket")}[damage])
    assert _seed(lib) == text
    lib.save_compiled()
    assert path.read_bytes() != data[:len(data) // 2]  # rewritten, and valid again:
    fresh = load_library()
    assert _seed(fresh) == text and fresh._compiled.cache is not None
    assert fresh._compiled.cache.pending == {} and fresh._compiled.cache.new == {}


def test_a_changed_source_never_gets_old_code(cache_dir: Path) -> None:
    """Same clause, file and line; another text: the bucket's checksum tells them apart."""
    first = TemplateSpec("First {{ 1 + 1 }}.", "clause 'x'", "/p/x.yaml", 3)
    second = TemplateSpec("Second {{ 2 + 2 }}.", "clause 'x'", "/p/x.yaml", 3)
    cache = open_cache(environment())
    assert cache is not None
    assert CompiledTemplate(first, cache).render({}) == "First 2."
    cache.flush()
    again = open_cache(environment())
    assert again is not None
    assert CompiledTemplate(first, again).render({}) == "First 2." and again.new == {}
    assert CompiledTemplate(second, again).render({}) == "Second 4."
    when = TemplateSpec("a > 1", "clause 'x' when", "/p/x.yaml", 3)
    assert CompiledCondition(when, again)({"a": 2}) is True
    again.flush()
    last = open_cache(environment())
    assert last is not None
    assert CompiledCondition(when, last)({"a": 1}) is False and last.new == {}
    other = TemplateSpec("a < 1", "clause 'x' when", "/p/x.yaml", 3)
    assert CompiledCondition(other, last)({"a": 0}) is True


def test_the_key_tells_environment_settings_apart(cache_dir: Path) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    ours = ClauseBytecodeCache(cache_dir, cache_dir / "k", environment())
    plain = ClauseBytecodeCache(cache_dir, cache_dir / "k", SandboxedEnvironment())
    trimmed = ClauseBytecodeCache(cache_dir, cache_dir / "k",
                                  SandboxedEnvironment(trim_blocks=True))
    keys = {c.get_cache_key("clause 'x'", "f.yaml:1") for c in (ours, plain, trimmed)}
    assert len(keys) == 3
    assert ours.get_cache_key("clause 'x'", "f.yaml:1") != ours.get_cache_key(
        "condition clause 'x'", "f.yaml:1")


def test_pruning_keeps_the_limits_most_recently_used_first(cache_dir: Path) -> None:
    cache = open_cache(environment())
    assert cache is not None
    cache.max_entries = 5
    for i in range(8):  # a bundle keeps the last max_entries buckets
        CompiledTemplate(TemplateSpec(f"Text {i}.", f"clause 't{i}'", "/p.yaml", i), cache)
        cache.flush()
    newest = {cache.get_cache_key(f"clause 't{i}'", cache_file(TemplateSpec("", "", "/p.yaml", i)))
              for i in range(3, 8)}
    assert set(_buckets(cache_dir / (cache.bundle + SUFFIX))) == newest
    os.utime(cache_dir / (cache.bundle + SUFFIX), ns=(0, 0))  # used before the files below
    for i in range(8):  # the folder keeps the max_entries files used last (bundles, parsed YAML)
        cache.write_entry(f"entry{i}", b"x" * 100)
        cache.flush()
        os.utime(cache_dir / f"entry{i}{SUFFIX}", ns=(i * 10**9, (i + 1) * 10**12))
    entries = list(cache_dir.glob("*" + SUFFIX))
    assert {p.name for p in entries} == {f"entry{i}{SUFFIX}" for i in range(3, 8)}
    size = max(p.stat().st_size for p in entries)
    cache.max_entries, cache.max_bytes = 100, 2 * size
    cache.write_entry("one more", b"y" * 100)
    cache.flush()
    assert sum(p.stat().st_size for p in cache_dir.glob("*" + SUFFIX)) <= 2 * size


def test_an_empty_cache_dir_turns_the_cache_off(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDINANCE_CACHE_DIR", "")
    monkeypatch.setenv("ORDINANCE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert open_cache(environment()) is None
    env = {**os.environ}
    result = subprocess.run([sys.executable, "-m", "ordinance_tui.cli", "build", "--seed",
                             "ccops", "-f", "txt"], capture_output=True, text=True, env=env,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_assembly_reads_the_cache_and_only_the_callers_flush_writes_it(
        cache_dir: Path, tmp_path: Path) -> None:
    lib = load_library()
    _seed(lib)
    assert not (tmp_path / "cache").exists() and not (tmp_path / "data").exists()
    lib.save_compiled()
    assert len(_buckets(_entry(lib))) > 10
    before = {p: p.stat().st_mtime_ns for p in cache_dir.iterdir()}
    fresh = load_library()
    _seed(fresh)
    assert {p: p.stat().st_mtime_ns for p in cache_dir.iterdir()} == before


def test_an_override_text_is_never_stored(cache_dir: Path) -> None:
    lib = load_library()
    marker = "OVERRIDE-TEXT-NEVER-CACHED"
    draft = draft_from_data(lib.seeds["ccops"].data, "ccops")[0].with_override(
        "general.severability", f"{marker} {{{{ instrument }}}}.")
    ordinance = assemble(lib, draft, today=TODAY)
    assert marker in render(ordinance, "txt").decode()
    lib.save_compiled()
    stored = b"".join(p.read_bytes() for p in cache_dir.glob("*" + SUFFIX))
    assert marker.encode() not in stored
    # The library's own texts are stored (the control): a literal run of each clause's.
    texts = [lib.specs[n].source for n in lib._compiled if n.endswith(":text")]
    runs = [max(t.split("{"), key=len).split("}")[-1].strip()[:25] for t in texts]
    assert len(runs) > 10 and all(r.encode() in stored for r in runs if r.isascii())


def test_the_command_line_saves_after_the_command(cache_dir: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ordinance_tui.cli", "build", "--seed",
                             "ccops", "-f", "md"], capture_output=True, text=True,
                            env=dict(os.environ), timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert max(len(p.read_bytes()) for p in cache_dir.glob("*" + SUFFIX)) > 100_000
    again = subprocess.run([sys.executable, "-m", "ordinance_tui.cli", "build", "--seed",
                            "ccops", "-f", "md"], capture_output=True, text=True,
                           env=dict(os.environ), timeout=120, cwd=tmp_path)
    assert again.stdout == result.stdout and again.stderr == result.stderr


def test_a_warm_cache_gives_the_same_bytes_for_every_seed_and_format(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # formats another program converts (pdf: LibreOffice) are not ours to keep byte-identical
    formats = [f for f in available_formats() if not FORMATS[f].needs]
    assert {"docx", "html", "md", "txt", "akn"} <= set(formats)

    def outputs(lib: Library) -> dict[tuple[str, str], bytes]:
        out = {}
        for seed in sorted(lib.seeds):
            ordinance = assemble(lib, draft_from_data(lib.seeds[seed].data, seed)[0],
                                 today=TODAY)
            for fmt in formats:
                out[seed, fmt] = render(ordinance, fmt)
        return out

    cold = load_library()
    expected = outputs(cold)
    cold.save_compiled()
    warm = load_library()
    assert outputs(warm) == expected
    assert warm._compiled.cache is not None and warm._compiled.cache.pending == {}
    assert warm._compiled.cache.new == {}
    monkeypatch.setenv("ORDINANCE_CACHE_DIR", "")
    assert outputs(load_library()) == expected


def test_a_pack_build_uses_the_built_in_bundle(cache_dir: Path, tmp_path: Path) -> None:
    """Each layer has its bundle: a new pack compiles its own templates, not the built-in's."""
    from ordinance_tui.core.library import builtin_source, pack_source

    text = _warm()
    pack = tmp_path / "pack"
    (pack / "provisions").mkdir(parents=True)
    (pack / "provisions" / "severability.yaml").write_text(
        "id: general.severability\ntitle: Severability\npart: general\norder: 90\n"
        "text: |\n  Each part of this {{ instrument }} stands alone.\n", encoding="utf-8")
    lib = load_library([builtin_source(), pack_source(pack)])
    assert "stands alone" in _seed(lib) and _seed(lib) != text
    cache = lib._compiled.cache
    assert cache is not None and 1 <= len(cache.new) <= 2  # the pack's text (and none else)
    lib.save_compiled()
    assert len(list(cache_dir.glob("*" + SUFFIX))) == 4  # two layers: code and parsed YAML
