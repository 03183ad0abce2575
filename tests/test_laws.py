"""Reference laws as data: the built-in files, and errors that name file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ordinance_tui.cli import main
from ordinance_tui.core.check import check_library
from ordinance_tui.core.laws import ELEMENTS
from ordinance_tui.core.library import Library, builtin_source, load_library, pack_source

# One file per column of the reference matrix (ordinances.md §6A and §6B).
MATRIX_COLUMNS = {
    "ccops": "CCOPS", "sf-19b": "SF", "oakland": "OAK", "berkeley": "BRK", "seattle": "SEA",
    "santa-clara": "SCC", "cambridge": "CAM", "somerville": "SOM", "boston-16-63": "BOS",
    "nyc-post-act": "NYC", "sebastopol": "SEB", "sf-fr-ban": "SF-FR",
    "oakland-fr-ban": "OAK-FR", "berkeley-fr-ban": "BRK-FR", "somerville-fr-ban": "SOM-FR",
    "cambridge-fr-ban": "CAM-FR", "boston-16-62": "BOS-FR", "portland-bureaus": "PDX-C",
    "portland-private": "PDX-P", "washington-sb-6280": "WA", "georgetown-model": "GTN",
    "illinois-bipa": "BIPA", "eu-ai-act": "EU",
}


def test_builtin_laws_load_cleanly(builtin: Library) -> None:
    assert builtin.problems == ()
    assert {law.id: law.short for law in builtin.laws.values()} == MATRIX_COLUMNS
    root = builtin_source().seeds
    assert root is not None
    for law in builtin.laws.values():
        assert Path(law.file).parent == root / "laws"  # shipped beside the seed drafts
        assert law.citation and law.description and law.family
        assert law.present and law.unverified <= law.present
        assert not (law.present & law.partial or law.present & law.absent)


def test_builtin_laws_record_the_matrix(builtin: Library) -> None:
    boston = builtin.laws["boston-16-62"]
    assert boston.family == "ma-ban"
    assert {"E01", "E03", "E04", "E08", "E13", "E30", "E31", "E32", "E39", "E41"} <= \
        boston.present
    assert boston.status("E42") == "unverified"  # matrix "y"
    assert boston.status("E05") == "partial"  # City-permitted private use
    assert boston.status("E44") == "absent"
    assert boston.status("E22") == "unknown"
    oakland = builtin.laws["oakland"]
    damages = {n.question: n.value for n in oakland.numbers}
    assert damages["damages_amount"] == 1000 and damages["damages_daily"] == 100
    assert damages["notice_days"] == 15
    assert builtin.laws["washington-sb-6280"].family == "permit"
    assert builtin.seeds["face-ban"].family == ("ma-ban",)
    assert builtin.seeds["sf-combo"].family == ("ccops", "fr-ban")


def _pack(tmp_path: Path, files: dict[str, str]) -> Path:
    laws = tmp_path / "pack" / "seeds" / "laws"
    laws.mkdir(parents=True)
    for name, text in files.items():
        (laws / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return tmp_path / "pack"


GOOD = """
    id: riverton-ban
    name: Riverton ban
    citation: Riverton Code 9.1
    description: A ban.
    family: ma-ban
    elements:
      present: [E08, E13]
"""


def _messages(library: Library) -> list[tuple[str, int, str]]:
    return [(Path(p.file).name, p.line, p.message) for p in library.problems]


def test_law_errors_name_file_and_line(tmp_path: Path) -> None:
    pack = _pack(tmp_path, {"bad.yaml": """
        id: Bad Id
        name: Bad
        citation: Nowhere
        description: Broken on purpose.
        family: ma-ban
        kind: treaty
        colour: red
        elements:
          present: [E08, E51, E08]
          unverified: [E13]
          partial: [E08]
          absent: [X1]
        notes:
          E99: nothing
        numbers:
          - what: damages
            value: lots
            unit: dollars
          - what: start
            value: 2021-13-01
            unit: date
          - what: days
            value: 3
            unit: fortnights
            evidence: Q
    """})
    found = _messages(load_library([pack_source(pack)]))

    def at(line: int, *words: str) -> None:
        assert any(f == "bad.yaml" and n == line and all(w in m for w in words)
                   for f, n, m in found), (line, words, found)

    at(1, "ids use lower-case")
    at(6, "kind must be one of", "treaty")
    at(7, "unknown key 'colour'")
    at(9, "'E51' is not an element id", "E01 to E50")
    at(9, "elements.present lists E08 twice")
    at(10, "unverified lists E13", "which present does not")
    at(11, "E08 listed as both present and partial")
    at(12, "'X1' is not an element id")
    at(14, "notes key 'E99'")
    at(17, "value must be a number of dollars", "lots")
    at(20, "ISO date", "2021-13-01")
    at(24, "unit must be one of", "fortnights")
    at(25, "evidence must be one of V, P, B, D", "found 'Q'")


def test_law_missing_keys_and_duplicates(tmp_path: Path) -> None:
    pack = _pack(tmp_path, {
        "a.yaml": GOOD,
        "b.yaml": GOOD,
        "c.yaml": "id: empty-law\nname: Empty\n",
        "d.yaml": "- not a mapping\n",
        "e.yaml": "id: [unclosed\n",
    })
    library = load_library([pack_source(pack)])
    found = _messages(library)
    assert ("b.yaml", 1, "duplicate law id 'riverton-ban', first defined at "
            f"{pack / 'seeds' / 'laws' / 'a.yaml'}:1; give one of them another id") in found
    missing = [m for f, _, m in found if f == "c.yaml"]
    assert any("missing required key 'citation'" in m for m in missing)
    assert any("missing required key 'elements'" in m for m in missing)
    assert any(f == "d.yaml" and line == 1 and "expected a mapping" in m
               for f, line, m in found)
    assert any(f == "e.yaml" and line in (1, 2) and "YAML syntax" in m for f, line, m in found)
    assert ("c.yaml", 1, "law 'empty-law': missing required key 'citation'") in found
    assert set(library.laws) == {"riverton-ban"}


def test_pack_law_replaces_builtin(tmp_path: Path) -> None:
    pack = _pack(tmp_path, {"oakland.yaml": GOOD.replace("riverton-ban", "oakland")})
    library = load_library([builtin_source(), pack_source(pack)])
    assert library.problems == ()
    assert library.laws["oakland"].name == "Riverton ban"
    assert len(library.laws) == len(MATRIX_COLUMNS)


def test_check_reports_unknown_questions_and_families(tmp_path: Path, builtin: Library) -> None:
    pack = _pack(tmp_path, {"x.yaml": GOOD + """
    numbers:
      - what: notice
        value: 30
        unit: days
        question: notice_dayz
    """})
    seeds = pack / "seeds" / "drafts"
    seeds.mkdir()
    seed = builtin.seeds["face-ban"]
    text = Path(seed.where.file).read_text(encoding="utf-8")
    (seeds / "mine.yaml").write_text(text.replace("id: face-ban", "id: mine").replace(
        "family: ma-ban", "family: ma-ban, no-such-family"), encoding="utf-8")
    problems = check_library(load_library([builtin_source(), pack_source(pack)]))
    mine = [(Path(p.file).name, p.line, p.severity, p.message) for p in problems]
    assert any(f == "x.yaml" and line == 10 and sev == "error" and "notice_dayz" in m
               for f, line, sev, m in mine), mine
    assert any(f == "mine.yaml" and sev == "warning" and "'no-such-family'" in m
               for f, _, sev, m in mine), mine


def test_library_check_command_includes_laws(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    pack = _pack(tmp_path, {"bad.yaml": GOOD.replace("[E08, E13]", "[E08, E77]")})
    assert main(["library", "check", str(pack)]) == 1
    out = capsys.readouterr().out
    assert f"{pack / 'seeds' / 'laws' / 'bad.yaml'}:7: error: law 'riverton-ban': " \
           "elements.present: 'E77' is not an element id" in out
    assert main(["library", "check"]) == 0
    assert f"{len(MATRIX_COLUMNS)} reference laws: 0 error(s)" in capsys.readouterr().out


def test_elements_are_the_reference_fifty() -> None:
    assert list(ELEMENTS) == [f"E{i:02d}" for i in range(1, 51)]
