"""An answer its question refuses is an error with its file and line, never a silent default
(issue 14): ``ordinance build`` and ``lint`` exit 1 and write nothing."""

from __future__ import annotations

from pathlib import Path

from ordinance_tui.cli import main
from ordinance_tui.core.draft import check_against_library, load_draft
from ordinance_tui.core.library import Library


def _bad_draft(folder: Path) -> Path:
    path = folder / "bad.yaml"
    assert main(["new", "--seed", "moratorium", "-o", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "moratorium_end_date: '2028-12-31'" in text
    path.write_text(text.replace("moratorium_end_date: '2028-12-31'",
                                 "moratorium_end_date: 2029-13-45"), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_an_invalid_answer_is_an_error_with_its_line(tmp_path: Path, builtin: Library) -> None:
    path = _bad_draft(tmp_path)
    draft, problems = load_draft(path)
    assert problems == []
    found = check_against_library(draft, builtin, str(path))
    (error,) = [p for p in found if p.severity == "error"]
    assert error.line == _line_of(path, "moratorium_end_date:")
    assert "'moratorium_end_date'" in error.message and "2029-13-45" in error.message


def test_build_refuses_an_invalid_answer(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _bad_draft(tmp_path)
    out = tmp_path / "x.txt"
    capsys.readouterr()
    assert main(["build", str(path), "-f", "txt", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    line = _line_of(path, "moratorium_end_date:")
    assert f"{path}:{line}: error: answer to 'moratorium_end_date'" in err
    assert not out.exists()
    assert main(["lint", str(path)]) == 1


def test_an_unknown_answer_is_still_only_a_warning(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.yaml"
    assert main(["new", "--seed", "moratorium", "-o", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8").replace(
        "answers:\n", "answers:\n  no_such_question: 1\n", 1), encoding="utf-8")
    out = tmp_path / "x.txt"
    capsys.readouterr()
    assert main(["build", str(path), "-f", "txt", "-o", str(out)]) == 0
    assert "warning: answer 'no_such_question' is not a question" in capsys.readouterr().err
    assert out.is_file()


def test_compare_only_warns_on_an_invalid_answer(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _bad_draft(tmp_path)
    capsys.readouterr()
    assert main(["compare", str(path)]) == 0  # a comparison writes no law
    captured = capsys.readouterr()
    line = _line_of(path, "moratorium_end_date:")
    assert f"{path}:{line}: warning: answer to 'moratorium_end_date'" in captured.err
    assert "E01" in captured.out or "Coverage of" in captured.out
