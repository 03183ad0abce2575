"""`ordinance build`: the format registry, the format from -o's suffix, and batch builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ordinance_tui.cli import main
from ordinance_tui.export import FORMATS, available_formats, for_path, get_format, render

from .conftest import FIXTURE_LIBRARY, TODAY, seed_draft

PACK = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]


def build(*args: str) -> int:
    return main([*PACK, "build", *args])


def is_docx(path: Path) -> bool:
    return zipfile.is_zipfile(path) and "word/document.xml" in zipfile.ZipFile(path).namelist()


# -- the registry --------------------------------------------------------------------------


def test_every_format_has_one_entry_that_renders_what_it_says(lib) -> None:
    from ordinance_tui.core.assemble import assemble

    ordinance = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    assert set(FORMATS) == {"md", "txt", "docx", "html", "akn", "pdf"}
    assert available_formats() == [f for f in FORMATS
                                   if not FORMATS[f].needs or shutil.which(FORMATS[f].needs)]
    suffixes = [s for f in FORMATS.values() for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))  # a suffix names one format only
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.suffix.startswith(".") and fmt.label
        assert for_path(Path(f"x{fmt.suffix.upper()}")) is fmt
        if fmt.needs:
            continue  # converted by another program: tests/test_export_pdf.py
        data = render(ordinance, name)
        if fmt.binary:
            assert data.startswith(b"PK")
        else:
            assert "Prohibition" in data.decode("utf-8")
    assert for_path(Path("x.rtf")) is None and for_path(Path("x")) is None
    assert for_path(Path("x.akn.xml")) is FORMATS["akn"] is for_path(Path("x.xml"))
    assert for_path(Path("x.v2.docx")) is FORMATS["docx"]
    with pytest.raises(ValueError, match="unknown format 'rtf'; expected one of md"):
        get_format("rtf")
    with pytest.raises(ValueError, match="no coverage table"):
        FORMATS["txt"].render(ordinance, coverage=object())  # type: ignore[arg-type]


def test_building_markdown_or_text_never_imports_the_word_exporter(tmp_path: Path) -> None:
    for fmt in ("md", "txt"):
        argv = [*PACK, "build", "--seed", "ban", "-o", str(tmp_path / f"o.{fmt}")]
        code = ("import sys; from ordinance_tui.cli import main; "
                f"rc = main({argv!r}); "
                "loaded = {'docx', 'ordinance_tui.export.docx'} & set(sys.modules); "
                "assert not loaded, loaded; sys.exit(rc)")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / f"o.{fmt}").read_text().strip()


# -- one output file: -f and the suffix -------------------------------------------------------


@pytest.mark.parametrize("name", ["x.docx", "X.DOCX", "x.html", "x.htm", "x.txt", "x.md",
                                  "x.markdown", "x.akn.xml", "x.XML"])
def test_the_format_comes_from_the_suffix_when_f_is_absent(tmp_path: Path, name: str,
                                                           capsys) -> None:
    out = tmp_path / name
    assert build("--seed", "ban", "-o", str(out)) == 0, capsys.readouterr().err
    fmt = for_path(out)
    assert fmt is not None
    if fmt.name == "docx":
        assert is_docx(out)
    else:
        text = out.read_text(encoding="utf-8")
        assert not zipfile.is_zipfile(out)
        assert ("<!DOCTYPE html>" in text[:200]) == (fmt.name == "html")
        assert text.startswith("**RIVERTON") == (fmt.name == "md")
        assert ("\nSection 3. Prohibition" in text) == (fmt.name == "txt")
        assert text.startswith("<?xml") == (fmt.name == "akn")


def test_a_format_that_contradicts_the_suffix_is_refused(tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.docx"
    assert build("--seed", "ban", "-f", "md", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "-f md does not match" in err and "Word (.docx)" in err and "x.md" in err
    assert not out.exists()
    assert build("--seed", "ban", "-f", "docx", "-o", str(tmp_path / "x.html")) == 2
    assert not (tmp_path / "x.html").exists()
    # an agreeing -f, and an unknown suffix with -f, are fine
    assert build("--seed", "ban", "-f", "docx", "-o", str(out)) == 0 and is_docx(out)
    assert build("--seed", "ban", "-f", "txt", "-o", str(tmp_path / "x.out")) == 0
    assert "Section 3. Prohibition" in (tmp_path / "x.out").read_text()


def test_an_unknown_suffix_without_f_is_refused(tmp_path: Path, capsys) -> None:
    assert build("--seed", "ban", "-o", str(tmp_path / "x.rtf")) == 2
    assert "cannot tell the format of" in capsys.readouterr().err
    assert not (tmp_path / "x.rtf").exists()
    assert build("--seed", "ban", "-f", "docx") == 2  # binary needs a file
    assert "add -o FILE.docx" in capsys.readouterr().err


def test_standard_output_is_markdown_by_default(capsys) -> None:
    assert build("--seed", "ban") == 0
    assert capsys.readouterr().out.startswith("**RIVERTON")


# -- batch --------------------------------------------------------------------------------------


def _drafts(folder: Path, seeds: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, seed in enumerate(seeds):
        path = folder / f"{seed}-{i}.yaml"
        assert main([*PACK, "new", "--seed", seed, "-o", str(path)]) == 0
        paths.append(path)
    return paths


def test_batch_builds_each_draft_into_the_folder_named_after_it(tmp_path: Path, capsys) -> None:
    drafts = _drafts(tmp_path / "drafts", ["ban", "process", "ban"])
    out = tmp_path / "out"
    assert build(*map(str, drafts), "-f", "docx", "-o", f"{out}/") == 0
    built = sorted(p.name for p in out.iterdir())
    assert built == sorted(f"{d.stem}.docx" for d in drafts)
    for draft in drafts:
        assert is_docx(out / f"{draft.stem}.docx")
    assert "built 3 of 3 draft(s)" in capsys.readouterr().err
    # a lint error names its draft, and the draft is still built
    broken = drafts[0].read_text().replace("answers:", "clauses:\n  exclude: [main.exceptions]\n"
                                           "answers:")
    drafts[0].write_text(broken)
    assert build(*map(str, drafts), "-f", "docx", "-o", str(out), "--force") == 0
    assert f"ordinance: {drafts[0]}: built, but the draft has 1 lint error(s)" in (
        capsys.readouterr().err)
    # the same bytes as building each alone
    alone = tmp_path / "alone.docx"
    assert build(str(drafts[1]), "--date", TODAY.isoformat(), "-o", str(alone)) == 0
    assert build(str(drafts[1]), "--date", TODAY.isoformat(), "-f", "docx", "-o", str(out),
                 "--force") == 0  # an existing folder, without the slash
    assert (out / f"{drafts[1].stem}.docx").read_bytes() == alone.read_bytes()


def test_batch_refuses_to_overwrite_without_force(tmp_path: Path, capsys) -> None:
    drafts = _drafts(tmp_path / "drafts", ["ban", "process"])
    out = tmp_path / "out"
    out.mkdir()
    keep = out / f"{drafts[1].stem}.md"
    keep.write_text("keep me")
    assert build(*map(str, drafts), "-f", "md", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert f"1 output file(s) exist: {keep}; add --force" in err
    assert keep.read_text() == "keep me" and sorted(out.iterdir()) == [keep]  # nothing written
    assert build(*map(str, drafts), "-f", "md", "-o", str(out), "--force") == 0
    assert keep.read_text().startswith("**RIVERTON")


def test_batch_reports_each_failure_and_goes_on(tmp_path: Path, capsys) -> None:
    good = _drafts(tmp_path / "drafts", ["ban", "process"])
    broken = tmp_path / "drafts" / "broken.yaml"
    broken.write_text("format: [\n")
    missing = tmp_path / "drafts" / "missing.yaml"
    out = tmp_path / "out"
    argv = [str(good[0]), str(broken), str(missing), str(good[1])]
    assert build(*argv, "-f", "html", "-o", f"{out}/") == 1
    err = capsys.readouterr().err
    assert f"{broken}: not built" in err and f"{missing}: not built" in err
    assert "broken.yaml:" in err and "no such draft file" in err
    assert "built 2 of 4 draft(s)" in err and "2 failed" in err
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{d.stem}.html" for d in good)


def test_batch_usage_errors(tmp_path: Path, capsys) -> None:
    drafts = _drafts(tmp_path / "drafts", ["ban", "process"])
    args = list(map(str, drafts))
    assert build(*args, "-f", "md") == 2  # no folder
    assert "-o FOLDER/" in capsys.readouterr().err
    assert build(*args, "-o", str(tmp_path / "out") + "/") == 2  # no format
    assert "needs the format" in capsys.readouterr().err
    twin = tmp_path / "other" / drafts[0].name
    twin.parent.mkdir()
    twin.write_bytes(drafts[0].read_bytes())
    assert build(*args, str(twin), "-f", "md", "-o", str(tmp_path / "out") + "/") == 2
    assert "would both write" in capsys.readouterr().err
    assert build(*args, "--seed", "ban", "-f", "md", "-o", str(tmp_path / "out")) == 2
    assert "not both" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_batch_reports_a_file_it_cannot_write_and_goes_on(tmp_path: Path, capsys) -> None:
    drafts = _drafts(tmp_path / "drafts", ["ban", "process", "ban"])
    out = tmp_path / "out"
    (out / f"{drafts[1].stem}.docx").mkdir(parents=True)  # a folder where the file would go
    assert build(*map(str, drafts), "-f", "docx", "-o", str(out), "--force") == 1
    err = capsys.readouterr().err
    assert f"{drafts[1]}: not built: cannot write {out / drafts[1].stem}.docx" in err
    assert "built 2 of 3 draft(s)" in err
    assert is_docx(out / f"{drafts[0].stem}.docx") and is_docx(out / f"{drafts[2].stem}.docx")
    assert err.index(f"wrote {out / drafts[0].stem}.docx") < err.index("not built")
