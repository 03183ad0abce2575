"""Each kind of library problem is reported with its file, line and expectation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ordinance_tui.core.check import check_library
from ordinance_tui.core.library import LibrarySource, load_library

from .conftest import FIXTURE_LIBRARY


@pytest.fixture
def libdir(tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    shutil.copytree(FIXTURE_LIBRARY, target)
    return target


def problems_for(root: Path) -> list:
    library = load_library([LibrarySource(root, root / "seeds")])
    return check_library(library)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only(problems: list, fragment: str):
    found = [p for p in problems if fragment in p.message]
    assert found, f"no problem mentions {fragment!r}: {[str(p) for p in problems]}"
    return found[0]


def test_fixture_library_is_clean(libdir: Path):
    assert problems_for(libdir) == []


def test_yaml_syntax_error_names_file_and_line(libdir: Path):
    path = write(libdir / "provisions/main/bad.yaml", "id: x\ntitle: [unclosed\npart: main\n")
    problem = only(problems_for(libdir), "YAML syntax")
    assert problem.file == str(path)
    assert problem.line == 3


def test_unknown_key_is_rejected_with_line(libdir: Path):
    write(libdir / "provisions/main/extra.yaml",
          "id: main.extra\ntitle: Extra\npart: main\ntext: Hello.\ncolour: blue\n")
    problem = only(problems_for(libdir), "unknown key 'colour'")
    assert problem.line == 5
    assert "expected one of" in problem.message


def test_missing_required_key(libdir: Path):
    write(libdir / "provisions/main/notext.yaml", "id: main.notext\ntitle: T\npart: main\n")
    only(problems_for(libdir), "missing required key 'text'")


def test_wrong_type_names_expectation(libdir: Path):
    write(libdir / "provisions/main/order.yaml",
          "id: main.order\ntitle: T\npart: main\norder: first\ntext: Hi.\n")
    problem = only(problems_for(libdir), "'order' must be a whole number")
    assert problem.line == 4


def test_duplicate_clause_id_names_both_places(libdir: Path):
    path = write(libdir / "provisions/main/dup.yaml",
                 "id: main.ban\ntitle: Again\npart: main\ntext: Hi.\n")
    problem = only(problems_for(libdir), "duplicate clause id 'main.ban'")
    assert problem.file == str(path)
    assert "ban.yaml:1" in problem.message


def test_unknown_part(libdir: Path):
    write(libdir / "provisions/main/part.yaml", "id: main.p\ntitle: T\npart: nowhere\ntext: Hi.\n")
    problem = only(problems_for(libdir), "unknown part 'nowhere'")
    assert "expected one of" in problem.message


def test_when_that_does_not_compile(libdir: Path):
    write(libdir / "provisions/main/when.yaml",
          "id: main.w\ntitle: T\npart: main\nwhen: \"approach ==\"\ntext: Hi.\n")
    only(problems_for(libdir), "does not compile")


def test_template_syntax_error_line_inside_block(libdir: Path):
    path = write(libdir / "provisions/main/syntax.yaml",
                 "id: main.s\ntitle: T\npart: main\ntext: |\n  Line one.\n  {% if approach %}\n")
    problem = only(problems_for(libdir), "template syntax")
    assert problem.file == str(path)
    assert problem.line >= 5


def test_unknown_variable_names_clause_and_variable(libdir: Path):
    write(libdir / "provisions/main/var.yaml",
          "id: main.v\ntitle: T\npart: main\ntext: \"Within {{ notice_dayz }} days.\"\n")
    problem = only(problems_for(libdir), "'notice_dayz'")
    assert "clause 'main.v'" in problem.message
    assert "no question defines" in problem.message


def test_condition_variable_unknown(libdir: Path):
    write(libdir / "provisions/main/cond.yaml",
          "id: main.c\ntitle: T\npart: main\nwhen: \"aproach == 'ban'\"\ntext: Hi.\n")
    only(problems_for(libdir), "'aproach'")


def test_term_without_definition(libdir: Path):
    write(libdir / "provisions/main/term.yaml",
          "id: main.t\ntitle: T\npart: main\ntext: \"A {{ term('Drone') }} may fly.\"\n")
    only(problems_for(libdir), "term('Drone') has no definition")


def test_ref_to_unknown_clause_and_label(libdir: Path):
    write(libdir / "provisions/main/ref.yaml",
          "id: main.r\ntitle: T\npart: main\n"
          "text: \"See {{ ref('main.nothing') }} and {{ ref('main.ban#nolabel') }}.\"\n")
    problems = problems_for(libdir)
    only(problems, "ref('main.nothing') names no clause")
    only(problems, "has no label('nolabel')")


def test_definition_cycle(libdir: Path):
    write(libdir / "definitions/cycle.yaml",
          "definitions:\n  - term: Alpha\n    text: \"a kind of {{ term('Beta') }}\"\n"
          "  - term: Beta\n    text: \"a kind of {{ term('Alpha') }}\"\n")
    problem = only(problems_for(libdir), "cycle")
    assert "Alpha" in problem.message and "Beta" in problem.message


def test_seed_with_invalid_answers(libdir: Path):
    write(libdir / "seeds/drafts/bad.yaml",
          "format: ordinance-draft/1\nseed: {id: bad, name: Bad}\n"
          "jurisdiction: {name: X}\nanswers: {approach: maybe, notice_days: -3}\n")
    problems = problems_for(libdir)
    only(problems, "'approach' must be one of ban, process")
    only(problems, "at least 0")


def test_bad_question_default_and_type(libdir: Path):
    write(libdir / "questions/20-more.yaml",
          "step: more\nquestions:\n  - id: q1\n    prompt: P\n    type: slider\n"
          "  - id: q2\n    prompt: P\n    type: days\n    default: soon\n")
    problems = problems_for(libdir)
    only(problems, "type must be one of")
    only(problems, "default must be a number")


def test_every_problem_reported_in_one_run(libdir: Path):
    write(libdir / "provisions/main/a.yaml", "id: main.a\ntitle: T\npart: nowhere\ntext: Hi.\n")
    write(libdir / "provisions/main/b.yaml", "id: [\n")
    write(libdir / "provisions/main/c.yaml", "id: main.c\ntitle: T\npart: main\ntext: '{{ x }}'\n")
    problems = problems_for(libdir)
    assert len({p.file for p in problems}) >= 3


def test_pack_layers_over_and_is_sandboxed(libdir: Path, tmp_path: Path):
    pack = tmp_path / "pack"
    write(pack / "provisions/x/ban.yaml",
          "id: main.ban\ntitle: Our ban\npart: main\norder: 10\n"
          "text: \"{{ ''.__class__.__mro__ }}\"\n")
    base = LibrarySource(libdir, libdir / "seeds")
    library = load_library([base, LibrarySource(pack, pack / "seeds", sandboxed=True)])
    assert library.clauses["main.ban"].title == "Our ban"
    assert library.clauses["main.ban"].sandboxed
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.draft import Draft
    from ordinance_tui.core.problems import InputError

    with pytest.raises(InputError, match="main.ban"):
        assemble(library, Draft(answers={"approach": "ban"}))
