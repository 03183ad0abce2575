"""The command line, run as a user runs it (in subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURE_LIBRARY

PACK = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ordinance_tui.cli", *args],
                          capture_output=True, text=True, cwd=cwd, env=os.environ.copy(),
                          timeout=120)


def test_build_never_imports_textual(tmp_path: Path):
    argv = [*PACK, "build", "--seed", "ban", "-f", "txt", "-o", str(tmp_path / "o.txt")]
    code = ("import sys; from ordinance_tui.cli import main; "
            f"rc = main({argv!r}); "
            "assert 'textual' not in sys.modules, 'textual was imported'; "
            "import ordinance_tui.core.lint, ordinance_tui.core.check; "
            "assert 'textual' not in sys.modules; sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Section 3. Prohibition" in (tmp_path / "o.txt").read_text()


def test_core_modules_never_import_textual():
    core = Path(__file__).parent.parent / "ordinance_tui" / "core"
    for path in core.glob("*.py"):
        text = path.read_text()
        assert "import textual" not in text and "from textual" not in text, path


def test_build_markdown_to_stdout_and_refuses_overwrite(tmp_path: Path):
    result = run(*PACK, "build", "--seed", "ban", "-f", "md")
    assert result.returncode == 0, result.stderr
    assert "## Section 3. Prohibition" in result.stdout
    target = tmp_path / "out.md"
    target.write_text("keep me")
    refused = run(*PACK, "build", "--seed", "ban", "-f", "md", "-o", str(target))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert target.read_text() == "keep me"
    forced = run(*PACK, "build", "--seed", "ban", "-f", "md", "-o", str(target), "--force")
    assert forced.returncode == 0 and target.read_text().startswith("**RIVERTON")


def test_new_then_lint_then_build_from_file(tmp_path: Path):
    draft = tmp_path / "riverton.yaml"
    assert run(*PACK, "new", "--seed", "process", "-o", str(draft)).returncode == 0
    lint = run(*PACK, "lint", str(draft))
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "0 error(s)" in lint.stderr
    text = draft.read_text().replace("notice_days: 15", "notice_days: 0")
    draft.write_text(text)
    bad = run(*PACK, "lint", str(draft))
    assert bad.returncode == 1
    assert "L004" in bad.stdout and "question notice_days" in bad.stdout


def test_bad_inputs_give_clear_errors(tmp_path: Path):
    missing = run(*PACK, "build", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and "no such draft file" in missing.stderr
    seed = run(*PACK, "build", "--seed", "nonexistent")
    assert seed.returncode == 2 and "no seed 'nonexistent'" in seed.stderr
    fmt = run(*PACK, "build", "--seed", "ban", "-f", "rtf")
    assert fmt.returncode == 2 and "unknown format" in fmt.stderr
    unwritable = run(*PACK, "build", "--seed", "ban", "-o", str(tmp_path / "no" / "x.md"))
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr


def test_library_check_exit_status(tmp_path: Path):
    pack = tmp_path / "pack"
    (pack / "provisions").mkdir(parents=True)
    ok = run(*PACK, "library", "check")
    assert ok.returncode == 0, ok.stdout
    (pack / "provisions" / "x.yaml").write_text("id: x\ntitle: X\npart: nowhere\ntext: '{{'\n")
    bad = run(*PACK, "library", "check", str(pack))
    assert bad.returncode == 1
    assert "x.yaml:3" in bad.stdout and "unknown part 'nowhere'" in bad.stdout


def test_seeds_lists_descriptions():
    result = run(*PACK, "seeds")
    assert result.returncode == 0
    assert "ban: Face surveillance ban" in result.stdout


def test_installed_package_finds_its_library_from_another_folder(tmp_path: Path):
    code = ("from ordinance_tui.core.library import builtin_source; s = builtin_source(); "
            "print(s.clauses); assert (s.clauses / 'parts.yaml').is_file(); "
            "assert s.seeds.is_dir()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_build_warns_about_lint_errors_but_still_builds(tmp_path: Path):
    draft = tmp_path / "d.yaml"
    assert run(*PACK, "new", "--seed", "ban", "-o", str(draft)).returncode == 0
    text = draft.read_text().replace("answers:", "clauses:\n  exclude: [main.exceptions]\nanswers:")
    draft.write_text(text)
    result = run(*PACK, "build", str(draft), "-f", "txt")
    assert result.returncode == 0
    assert "1 lint error(s)" in result.stderr and "L001" in result.stderr
    assert "[missing reference: main.exceptions#unsolicited]" in result.stdout


def test_page_size_and_line_numbers_reach_the_word_file(tmp_path: Path):
    import zipfile

    draft = tmp_path / "d.yaml"
    assert run(*PACK, "new", "--seed", "ban", "-o", str(draft)).returncode == 0
    draft.write_text(draft.read_text().replace(
        "jurisdiction:\n", "jurisdiction:\n  page_size: a4\n  line_numbers: true\n"))
    out = tmp_path / "d.docx"
    assert run(*PACK, "build", str(draft), "-f", "docx", "-o", str(out)).returncode == 0
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert 'w:pgSz w:w="11906" w:h="16838"' in xml  # A4 in twentieths of a point
    assert "<w:lnNumType" in xml


def test_a_parser_built_for_one_command_parses_it_as_the_full_parser_does():
    from ordinance_tui.cli import _COMMANDS, _parser

    samples = [
        ["build", "--seed", "ccops", "-f", "docx", "-o", "x.docx", "--force", "--annotated"],
        ["build", "draft.yaml", "--date", "2027-01-31", "--coverage", "family"],
        ["lint", "draft.yaml"], ["library", "check", "pack"], ["seeds"],
        ["new", "--seed", "ccops", "-o", "d.yaml"], ["compare", "--seed", "x", "--all"],
        ["serve", "--port", "8001"], ["version", "add", "d.yaml", "as introduced"],
        ["redline", "a.yaml", "b.yaml@v1", "-f", "html"],
        ["handout", "d.yaml", "-f", "docx", "-o", "h.docx", "--force"],
        ["summary", "--seed", "ccops", "-f", "md", "--date", "2027-01-31"],
        ["packet", "d.yaml", "-o", "out", "--force"],
        ["amend", "a.yaml@v1", "b.yaml", "-f", "md", "--form", "instructions"],
        ["analyze", "d.yaml", "--laws", "all", "--add", "E47", "-o", "n.yaml"],
        ["import", "chapter.docx", "-o", "d.yaml", "--force"],
    ]
    assert {s[0] for s in samples} == set(_COMMANDS)
    for argv in samples:
        assert _parser(argv[0]).parse_args(argv) == _parser().parse_args(argv), argv


def test_user_folders_follow_platformdirs(monkeypatch):
    import platformdirs

    from ordinance_tui.core.paths import user_dir

    for value in (None, "", "  ", "/tmp/xdg-here"):
        for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME"):
            if value is None:
                monkeypatch.delenv(variable, raising=False)
            else:
                monkeypatch.setenv(variable, value)
        assert user_dir("cache") == Path(platformdirs.user_cache_dir("ordinance-tui"))
        assert user_dir("data") == Path(platformdirs.user_data_dir("ordinance-tui"))


def test_one_shot_commands_flush_all_output_before_they_exit(tmp_path: Path):
    """The command ends without interpreter teardown; nothing it printed is lost."""
    result = run("build", "--seed", "sf-combo")
    assert result.returncode == 0, result.stderr
    run("build", "--seed", "sf-combo", "-o", str(tmp_path / "o.md"))
    assert result.stdout == (tmp_path / "o.md").read_text(encoding="utf-8")
    assert len(result.stdout) > 20_000  # more than the 8 KB buffer of a piped stdout
    bad = run("build", "--seed", "nope")
    assert bad.returncode == 2 and "no seed 'nope'" in bad.stderr
