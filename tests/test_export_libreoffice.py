"""A real client: LibreOffice converts each export to PDF; pdftotext reads it back.

LibreOffice recomputes numbering and REF fields itself (it ignores the cached
results), so this shows what a clerk sees: section and subsection numbers, the
cross-reference texts, and "Page X of Y". All files convert in one soffice call
(about a second fixed cost). Needs ``soffice`` (Debian: libreoffice-writer-nogui)
and ``pdftotext`` (poppler-utils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

import pytest

from ordinance_tui.core.document import Ordinance, Ref
from ordinance_tui.export.common import running_name
from ordinance_tui.export.docx import clean, render_docx

from . import sample_ordinance
from .conftest import TODAY
from .test_export_docx import _fixture_seed_trees

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext not on PATH: "
    "apt-get install libreoffice-writer-nogui poppler-utils",
)


def _trees() -> dict[str, tuple[Ordinance, bool]]:

    trees: dict[str, tuple[Ordinance, bool]] = {
        "sample": (sample_ordinance.sample(), False),
        "sample-annotated": (sample_ordinance.sample(), True),
        "codified": (sample_ordinance.codified(), False),
        "hostile": (sample_ordinance.hostile(), False),
    }
    for name, tree in sorted(_fixture_seed_trees().items()):
        trees[name] = (tree, False)
    trees.update(_builtin_seed_trees())
    return trees


def _builtin_seed_trees() -> dict[str, tuple[Ordinance, bool]]:
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.draft import draft_from_data
    from ordinance_tui.core.library import builtin_source, load_library

    lib = load_library([builtin_source()])
    if lib.errors:
        return {}
    out = {}
    for seed in sorted(lib.seeds):
        draft, _ = draft_from_data(lib.seeds[seed].data, seed)
        out[f"seed-{seed}"] = (assemble(lib, draft, today=TODAY), False)
    # The largest seed as a town code chapter: "§ 9.70-14" references in justified lines
    # (where LibreOffice once broke the line after a "§" it recomputed in a REF field).
    draft, _ = draft_from_data(lib.seeds["sf-combo"].data, "sf-combo")
    town = draft.with_jurisdiction(style="town", codified=True, chapter_number="9.70",
                                   chapter_title="Surveillance Technology")
    out["seed-sf-combo-town-code"] = (assemble(lib, town, today=TODAY), False)
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, office_profile: str
              ) -> dict[str, tuple[Ordinance, str]]:
    folder = tmp_path_factory.mktemp("lo")
    trees = _trees()
    files = []
    for name, (tree, annotated) in trees.items():
        path = folder / f"{name}.docx"
        path.write_bytes(render_docx(tree, annotated=annotated))
        files.append(str(path))
    subprocess.run(
        ["soffice", f"-env:UserInstallation={office_profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *files],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    out = {}
    for name, (tree, _) in trees.items():
        pdf = folder / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {name}"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        out[name] = (tree, text)
    return out


def _flat(tree: Ordinance, text: str) -> str:
    """Page text without running heads, footers and line numbers, whitespace collapsed."""
    lines = []
    for line in text.splitlines():
        line = line.replace("\f", "")
        if re.search(r"Page \d+ of \d+\s*$", line) or re.search(
                r"\s(Draft|[^\s]+) of \w+ \d+, \d{4}\s*$", line):
            continue  # the footer, and the running head (name ... "Draft of November 26, 2026")
        if tree.page.line_numbers:
            line = re.sub(r"^\s*\d+(?=\s{2,}|\s*$)", "", line)
        lines.append(line)
    return " ".join(" ".join(lines).split())


def _norm(text: str) -> str:
    return " ".join(clean(text).split())


def _cases(converted: dict[str, tuple[Ordinance, str]]) -> list[tuple[str, Ordinance, str]]:
    return [(name, tree, text) for name, (tree, text) in converted.items()]


def test_every_seed_was_converted(converted: dict[str, tuple[Ordinance, str]]) -> None:
    assert {"sample", "codified", "fixture-ban", "fixture-process", "fixture-ban-state"} <= set(
        converted
    )


def test_section_labels_and_subsection_markers_print(
    converted: dict[str, tuple[Ordinance, str]],
) -> None:
    for name, tree, text in _cases(converted):
        flat = _flat(tree, text)
        for section in tree.all_sections():
            heading = _norm(f"{section.label} {section.heading}")
            assert heading in flat, f"{name}: heading {heading!r} not printed"
            for sub in section.walk():
                words = " ".join(_norm(sub.content.plain).split()[:3])
                assert f"{_norm(sub.marker)} {words}" in flat, f"{name}: {sub.marker} {words}"


def test_cross_references_print_their_text(converted: dict[str, tuple[Ordinance, str]]) -> None:
    for name, tree, text in _cases(converted):
        flat = _flat(tree, text)
        refs = [
            inline
            for section in tree.all_sections()
            for paragraph in section.paragraphs()
            for inline in paragraph.inlines
            if isinstance(inline, Ref)
        ]
        for ref in refs:
            assert _norm(ref.text) in flat, f"{name}: reference {ref.text!r} not printed"
        assert "Reference source not found" not in flat
        assert not re.search(r"Section \d+\.\(", flat), f"{name}: the 'Section 2.(b)' trap"


def test_no_line_ends_with_a_section_sign(converted: dict[str, tuple[Ordinance, str]]) -> None:
    """"§" and its number stay on one line (the legal review's finding: "§⏎ 28")."""
    assert any("§" in text for _name, _tree, text in _cases(converted))
    for name, _tree, text in _cases(converted):
        alone = [line for line in text.splitlines() if line.rstrip().endswith("§")]
        assert alone == [], name


def test_page_x_of_y_and_running_head(converted: dict[str, tuple[Ordinance, str]]) -> None:
    for name, _tree, text in _cases(converted):
        pages = [p for p in text.split("\f") if p.strip()]
        total = len(pages)
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} of {total}" in page, f"{name}: page {number}"
            head = f"{running_name(_tree)}"
            assert re.search(rf"{re.escape(clean(head))}\s+.*of November 26, 2026", page), (
                f"{name}: running head on page {number}")


def test_markdown_headings_print(converted: dict[str, tuple[Ordinance, str]]) -> None:
    from ordinance_tui.export.markdown import render_markdown

    check: Callable[[str], str] = lambda s: _norm(re.sub(r"\\(.)", r"\1", s))  # noqa: E731
    for name, tree, text in _cases(converted):
        if name == "hostile":
            continue
        flat = _flat(tree, text)
        for line in render_markdown(tree).splitlines():
            if line.startswith("##"):
                assert check(line.lstrip("#")) in flat, f"{name}: {line}"


def test_annotated_edition_prints_notes_and_line_numbers_skip_them(
    converted: dict[str, tuple[Ordinance, str]],
) -> None:
    _, annotated = converted["sample-annotated"]
    _, clean_text = converted["sample"]
    assert "Drafter\u2019s Note on Section 2" in annotated
    assert "Drafter\u2019s Note" not in clean_text
    tree, codified = converted["codified"]
    assert tree.page.line_numbers
    assert re.search(r"^\s*1\s{2,}\S", codified, re.M)  # line numbers printed
