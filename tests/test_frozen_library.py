"""The library is frozen and assembly is pure: no writes to the library, the disk or a global."""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.core.lint import lint
from ordinance_tui.core.problems import InputError

from .conftest import TODAY

OVERRIDE = ("If any part of this {{ instrument }} is held invalid, the rest of it stands "
            "({{ 30 | days }}).")


def snapshot(lib: Library) -> dict[str, Any]:
    """A deep copy of everything the library says (not its compiled-template memo)."""
    out = {}
    for f in dataclasses.fields(lib):
        if f.name == "_compiled":
            continue
        value = getattr(lib, f.name)
        out[f.name] = copy.deepcopy(dict(value) if isinstance(value, Mapping) else value)
    return out


def drafts(lib: Library) -> list[Draft]:
    seeds = [draft_from_data(s.data, s.id)[0] for s in sorted(lib.seeds.values(),
                                                                key=lambda s: s.id)]
    first = seeds[0]
    return [*seeds, first.with_override("general.severability", OVERRIDE),
            first.with_override("general.severability", OVERRIDE + " Again.")]


@pytest.fixture(scope="module")
def builtin() -> Library:
    return load_library()


def test_the_library_cannot_be_changed(builtin: Library) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        builtin.clauses = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        builtin.clauses["x"] = builtin.clauses["general.severability"]  # type: ignore[index]
    with pytest.raises(TypeError):
        builtin.specs["x"] = builtin.specs["clause:general.severability:text"]  # type: ignore
    assert isinstance(builtin.steps, tuple) and isinstance(builtin.problems, tuple)
    assert all(isinstance(v, tuple) for v in builtin.definitions.values())
    assert not hasattr(builtin, "register")


def test_assembly_leaves_the_library_unchanged(builtin: Library) -> None:
    before = snapshot(builtin)
    names = set(builtin.specs)
    for draft in drafts(builtin):
        ordinance = assemble(builtin, draft, today=TODAY)
        lint(builtin, draft, ordinance)
    assert snapshot(builtin) == before
    assert set(builtin.specs) == names
    # The memo holds only the library's own templates: overrides are not kept in it.
    assert set(builtin._compiled) <= names


def test_an_override_renders_its_own_text_every_time(builtin: Library) -> None:
    first, second = drafts(builtin)[-2:]
    text = assemble(builtin, first, today=TODAY)
    again = assemble(builtin, second, today=TODAY)
    plain = assemble(builtin, drafts(builtin)[0], today=TODAY)

    def severability(o: Any) -> str:
        section = next(s for s in o.all_sections() if s.clause_id == "general.severability")
        return "".join(getattr(i, "text", "") for b in section.blocks for i in b.inlines)

    assert severability(text).endswith("(thirty (30) days).")
    assert severability(again).endswith("(thirty (30) days). Again.")
    assert "held invalid, the invalidity does not affect" in severability(plain)


def test_a_broken_override_names_the_override(builtin: Library) -> None:
    draft = drafts(builtin)[0].with_override("general.severability", "{{ nope }}")
    with pytest.raises(InputError, match="override of clause 'general.severability': "
                                         "'nope' is undefined"):
        assemble(builtin, draft, today=TODAY)


def test_concurrent_assembly_without_a_lock_gives_identical_results() -> None:
    """Several threads assemble every seed and the overrides on one fresh library at once."""
    lib = load_library()  # fresh: templates compile while the threads race
    work = drafts(lib) * 2
    threads = 4
    barrier = threading.Barrier(threads)

    def run(_: int) -> list[Any]:
        barrier.wait()
        return [assemble(lib, d, today=TODAY) for d in work]

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(run, range(threads)))
    expected = [assemble(load_library(), d, today=TODAY) for d in work]
    for result in results:
        assert result == expected


def test_assembly_writes_nothing_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    """Assembly reads the bytecode cache at most: home, cache and data folders stay empty.

    Only the caller's ``save_compiled`` writes the cache (tests/test_bytecode_cache.py).
    """
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "ORDINANCE_CACHE_DIR",
                 "ORDINANCE_DATA_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name))
    lib = load_library()
    for draft in drafts(lib):
        assemble(lib, draft, today=TODAY)
    assert lib._compiled.cache is not None and lib._compiled.cache.new
    assert lib._compiled.cache.pending  # the parsed YAML, waiting too
    assert list(tmp_path.iterdir()) == []
    lib.save_compiled()
    assert (tmp_path / "ORDINANCE_CACHE_DIR" / "templates").is_dir()


def test_only_the_signed_bytecode_cache_loads_code_from_disk() -> None:
    """Nothing is unmarshalled or unpickled by our code; compiled code on disk goes only
    through ``core/bytecode_cache.py`` (Jinja2's bucket API, after an HMAC check), whose
    tests show a tampered or foreign entry is never executed."""
    package = Path(__file__).parent.parent / "ordinance_tui"
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("import marshal", "import pickle", "marshal.load", "pickle.load"):
            assert name not in text, f"{path}: {name}"
        if path.name not in ("bytecode_cache.py", "library.py", "jinja_env.py"):
            for name in ("BytecodeCache", "ORDINANCE_CACHE_DIR", "get_bucket"):
                assert name not in text, f"{path}: {name}"
