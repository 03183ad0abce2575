"""Clause templates run in Jinja2's sandbox: hostile packs are refused, with file and line.

The packs under fixtures/packs-hostile come from the reliability review: each
replaces the built-in ``general.severability`` with a template that tries to
escape the sandbox or exhaust memory. ``build`` and ``library check`` must both
refuse them, naming the clause, its file and the line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from ordinance_tui.cli import main
from ordinance_tui.core.jinja_env import ClauseSandbox, CompiledTemplate, environment
from ordinance_tui.core.library import builtin_source, load_library, pack_source
from ordinance_tui.core.templating import TemplateFailure, TemplateSpec

HOSTILE = Path(__file__).parent / "fixtures" / "packs-hostile"
REFUSED = "clause 'general.severability': the sandbox refused it: "
# pack -> what the refusal says
PACKS = {
    "mro": "attribute '__class__'",
    "cycler": "attribute '__init__'",
    "range_big": "Range too big",
    "strmul_big": "repeating a str 10000000000 times",
    "bigint_out": "10 ** 5000 is a number too large",
    "include_passwd": "cannot include, import or extend",
    "str_format": "a format field reads a private attribute",
    "map_attr": "filter 'map' reads a private attribute",
    "attr_filter": "filter 'attr' reads a private attribute",
}


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_build_refuses_a_hostile_pack_naming_clause_file_and_line(
        pack: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = HOSTILE / pack
    out = tmp_path / "out.txt"
    code, text = _cli(capsys, "--library", str(folder), "build", "--seed", "ccops", "-f", "txt",
                      "-o", str(out))
    assert code == 1
    where = f"{folder / 'provisions/general/severability.yaml'}:4: error: "
    assert f"{where}{REFUSED}" in text, text
    assert PACKS[pack] in text
    assert not out.exists()


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_library_check_refuses_a_hostile_pack_naming_clause_file_and_line(
        pack: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = HOSTILE / pack
    code, text = _cli(capsys, "--library", str(folder), "library", "check")
    assert code != 0
    where = f"{folder / 'provisions/general/severability.yaml'}:4: error: "
    assert f"{where}{REFUSED}" in text, text


def test_a_value_computed_at_run_time_is_refused_when_it_runs(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``{% set n = 10**10 %}{{ 'a' * n }}``: not constant, so the sandbox stops it live."""
    folder = HOSTILE / "strmul_var"
    code, text = _cli(capsys, "--library", str(folder), "build", "--seed", "ccops", "-f", "txt")
    assert code == 1
    assert f"severability.yaml:4: error: {REFUSED}repeating a str 10000000000 times" in text


def test_a_when_cannot_inject_template_code(capsys: pytest.CaptureFixture[str]) -> None:
    """Conditions are compiled as expressions: ``x %}...{% if x`` is a syntax error."""
    folder = HOSTILE / "when_inject"
    code, text = _cli(capsys, "--library", str(folder), "library", "check")
    assert code != 0
    assert "clause 'general.severability': condition 'true %}INJECTED{% if true' does not " \
           "compile" in text
    code, text = _cli(capsys, "--library", str(folder), "build", "--seed", "ccops", "-f", "txt")
    assert code == 1 and "INJECTED" not in text.replace("INJECTED{% if", "")
    # build runs the same static checks on a pack as `library check`, so it says the same
    assert "clause 'general.severability': condition 'true %}INJECTED{% if true' does not " \
           "compile" in text


def render(source: str, **context: object) -> str:
    return CompiledTemplate(TemplateSpec(source, "clause 't'", "t.yaml", 3)).render(context)


@pytest.mark.parametrize(("source", "context", "fragment"), [
    ("{{ 'a' * n }}", {"n": 10**10}, "repeating a str"),
    ("{{ n * 'a' }}", {"n": 10**10}, "repeating a str"),
    ("{{ [1] * n }}", {"n": 10**7}, "repeating a list"),
    ("{{ 10 ** n }}", {"n": 5000}, "too large to print"),
    ("{{ a * a }}", {"a": 2**4000}, "a product too large"),
    ("{% for i in range(n) %}{% endfor %}", {"n": 10**9}, "Range too big"),
    ("{{ s.ljust(n) }}", {"s": "a", "n": 10**10}, "padding a string"),
    ("{{ s | center(n) }}", {"s": "a", "n": 10**10}, "padding a string"),
    ("{{ s + s }}", {"s": "a" * 600_000}, "joining makes more than"),
    ("{{ x[k] }}", {"x": "", "k": "__class__"}, "access to attribute '__class__'"),
    ("{{ f.format(x) }}", {"f": "{0.__class__}", "x": ""}, "'__class__'"),
])
def test_the_sandbox_caps_what_depends_on_answers(source: str, context: dict[str, object],
                                                  fragment: str) -> None:
    with pytest.raises(TemplateFailure) as caught:
        render(source, **context)
    assert caught.value.message.startswith("the sandbox refused it: ")
    assert fragment in caught.value.message
    assert (caught.value.file, caught.value.line) == ("t.yaml", 3)


def test_ordinary_arithmetic_and_text_still_work() -> None:
    assert render("{{ n * 2 }} {{ '-' * 3 }} {{ 2 ** 10 }} {{ s + 'b' }}", n=21, s="a") \
        == "42 --- 1024 ab"


def test_every_template_is_jinja2_in_the_sandbox(tmp_path: Path) -> None:
    """Built-in and pack templates alike render through Jinja2's SandboxedEnvironment."""
    pack = tmp_path / "pack"
    (pack / "provisions/general").mkdir(parents=True)
    (pack / "provisions/general/severability.yaml").write_text(
        "id: general.severability\ntitle: S\npart: general\ntext: Pack text.\n")
    lib = load_library([builtin_source(), pack_source(pack)])
    for name in ("clause:general.severability:text", "clause:approval.impact-report:text"):
        template = lib.template(name).template
        assert isinstance(template, jinja2.Template)
        assert isinstance(template.environment, ClauseSandbox)
    assert isinstance(environment(), jinja2.sandbox.SandboxedEnvironment)
    assert environment().undefined is jinja2.StrictUndefined
    assert environment().autoescape is False


def test_a_typo_in_a_pack_names_file_line_and_variable(tmp_path: Path) -> None:
    """Not "a count needs a whole number, got Undefined", and the clause named once."""
    clause = tmp_path / "pack/provisions/general/severability.yaml"
    clause.parent.mkdir(parents=True)
    clause.write_text(
        "id: general.severability\ntitle: Severability\npart: general\norder: 10\n"
        "commentary: >-\n  A pack's own severability clause.\nsources:\n"
        "  - cite: Boston, Mass., City Code \u00a7 16-63.7\n    note: severability clause\n"
        "text: |\n  If any provision is held invalid, the rest stands.\n"
        "  Notice is given {{ notice_days_typo | days }} before the hearing.\n",
        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ordinance_tui.cli", "--library", "pack", "build", "--seed",
         "ccops", "-f", "txt"], capture_output=True, text=True, cwd=tmp_path,
        env=os.environ.copy(), timeout=120)
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[0]
    # build runs `library check`'s static checks on a pack: the same file, line and variable
    assert line.startswith("pack/provisions/general/severability.yaml:12: error: clause "
                           "'general.severability': uses 'notice_days_typo', which no "
                           "question defines"), result.stderr
    assert "whole number" not in result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "ordinance_tui.cli", "--library", "pack", "library", "check"],
        capture_output=True, text=True, cwd=tmp_path, env=os.environ.copy(), timeout=120)
    assert "pack/provisions/general/severability.yaml:12: error: clause " \
           "'general.severability': uses 'notice_days_typo'" in check.stdout + check.stderr


def test_a_runtime_error_names_the_template_line() -> None:
    source = "Line one.\nLine two.\n{{ 3 | days }} and {{ missing | days }}\n"
    with pytest.raises(TemplateFailure) as caught:
        render(source)
    assert caught.value.message == "'missing' is undefined"
    assert caught.value.line == 3 + 3  # the field's line, then the third template line
    assert str(caught.value) == "clause 't': 'missing' is undefined"
