"""Coverage of drafts against reference laws, the suggestions, and their outputs."""

from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest

from ordinance_tui.cli import main
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.coverage import (
    Coverage,
    coverage,
    coverage_rows,
    pick_laws,
    suggest,
)
from ordinance_tui.core.draft import Draft
from ordinance_tui.core.library import Library
from ordinance_tui.core.lint import lint
from ordinance_tui.core.problems import InputError
from ordinance_tui.export import render

from .conftest import seed_draft


@pytest.fixture(scope="module")
def builtin(builtin: Library) -> Library:
    """The session's built-in library (see conftest.py), which these tests need error-free."""
    assert builtin.errors == []
    return builtin


def rows_for(library: Library, seed_id: str, law_id: str) -> dict[str, object]:
    rows = coverage_rows(library, seed_draft(library, seed_id), [library.laws[law_id]])
    return {row.element: row for row in rows}


def expressible_present(library: Library, law_id: str, verified_only: bool = False) -> set[str]:
    law = library.laws[law_id]
    wanted = law.present - law.unverified if verified_only else law.present
    return {e for e in wanted if any(e in c.elements for c in library.clauses.values())}


def draft_elements(library: Library, draft: Draft) -> frozenset[str]:
    return assemble(library, draft).elements


def test_face_ban_covers_boston_ban(builtin: Library) -> None:
    need = expressible_present(builtin, "boston-16-62")
    assert {"E01", "E03", "E04", "E08", "E13", "E30", "E31", "E32", "E39", "E41"} <= need
    assert need <= draft_elements(builtin, seed_draft(builtin, "face-ban"))
    rows = rows_for(builtin, "face-ban", "boston-16-62")
    assert all(rows[e].in_draft for e in need)
    # E05 is only partial in 16-62 (City-permitted private use): offered, not claimed.
    assert not rows["E05"].in_draft and rows["E05"].wanted
    assert rows["E05"].suggestion is not None


def test_ccops_covers_oakland(builtin: Library) -> None:
    need = expressible_present(builtin, "oakland")
    assert len(need) > 20
    assert need <= draft_elements(builtin, seed_draft(builtin, "ccops"))
    laws, how = pick_laws(builtin, seed_draft(builtin, "ccops"))
    assert "oakland" in {law.id for law in laws} and "family ccops" in how
    cov = coverage(builtin, seed_draft(builtin, "ccops"), laws, how=how)
    has, covered, _ = cov.law_summary(builtin.laws["oakland"])
    assert covered == has  # Oakland's partial approval standard is in the draft in full


def test_state_permit_covers_washington(builtin: Library) -> None:
    need = expressible_present(builtin, "washington-sb-6280", verified_only=True)
    assert {"E15", "E49", "E50", "E29", "E34"} <= need
    draft = seed_draft(builtin, "state-permit")
    assert need <= draft_elements(builtin, draft)
    rows = rows_for(builtin, "state-permit", "washington-sb-6280")
    # Device unlocking (matrix "y" for WA) is the one the permit draft lacks.
    assert [e for e, r in rows.items() if r.wanted] == ["E32"]
    assert rows["E32"].codes == ("y",)


def _conflict_errors(library: Library, draft: Draft, ordinance: object = None) -> set[str]:
    return {d.message for d in lint(library, draft, ordinance)  # type: ignore[arg-type]
            if d.code == "L004" and d.severity == "error"}


def _assert_adds(library: Library, draft: Draft, elements: list[str],
                 base: tuple[frozenset[str], set[str]] | None = None) -> None:
    """Applying the (shared) suggestion for ``elements`` adds them, with no new L004.

    ``base`` is the draft's own (elements, L004 errors), when already known.
    """
    if base is None:
        ordinance = assemble(library, draft)
        base = ordinance.elements, _conflict_errors(library, draft, ordinance)
    suggestion = suggest(library, draft, elements[0])
    assert suggestion is not None, elements
    changed = suggestion.apply(draft)
    ordinance = assemble(library, changed)
    assert set(elements) <= ordinance.elements, (elements, suggestion.text)
    after = _conflict_errors(library, changed, ordinance)
    assert after <= base[1], (elements, suggestion.text, after)
    assert set(suggestion.loses) == set(base[0] - ordinance.elements)
    assert set(suggestion.gains) == set(ordinance.elements - base[0])


def test_every_suggestion_really_adds_its_element(builtin: Library) -> None:
    laws = list(builtin.laws.values())
    checked = 0
    for seed_id in builtin.seeds:
        draft = seed_draft(builtin, seed_id)
        same: dict[tuple[object, ...], list[str]] = {}  # one check per distinct change
        for row in coverage_rows(builtin, draft, laws):
            if row.suggestion is not None:
                key = (repr(row.suggestion.changes), row.suggestion.include)
                same.setdefault(key, []).append(row.element)
                checked += 1
        ordinance = assemble(builtin, draft)
        base = ordinance.elements, _conflict_errors(builtin, draft, ordinance)
        for elements in same.values():
            _assert_adds(builtin, draft, elements, base)
    assert checked > 50


def test_pairs_and_excluded_clauses(builtin: Library) -> None:
    # Covering all technology in a private-only law conflicts (L004) unless the law
    # also binds the government: a pair of changes.
    draft = seed_draft(builtin, "private-ban")
    pair = suggest(builtin, draft, "E06")
    assert pair is not None
    assert {c.question for c in pair.changes} == {"tech_scope", "bind_government"}
    _assert_adds(builtin, draft, ["E06"])
    # A clause the draft excludes is offered back rather than an answer change.
    trimmed = seed_draft(builtin, "face-ban").with_excluded("general.severability", True)
    back = suggest(builtin, trimmed, "E47")
    assert back is not None and back.changes == ()
    assert back.include == ("general.severability",)
    assert back.text == "Include the section \u201cSeverability\u201d again"
    _assert_adds(builtin, trimmed, ["E47"])


def test_suggestions_prefer_the_smallest_change(builtin: Library) -> None:
    # The POST Act draft gets an annual report by answering yes, not by a moratorium.
    found = suggest(builtin, seed_draft(builtin, "post-act"), "E19")
    assert found is not None
    assert [(c.question, c.value) for c in found.changes] == [("annual_report", True)]
    assert found.loses == () and found.gains == ("E19",)
    assert "Require a periodic public surveillance report?" in found.text
    # The question and its step as the interview shows them, never their ids.
    step = builtin.questions["annual_report"].step
    title = next(s.title for s in builtin.steps if s.id == step)
    assert f"(step \u201c{title}\u201d)" in found.text
    assert "annual_report" not in found.text and f"step {step}," not in found.text


def test_suggestions_are_cached_per_draft(builtin: Library) -> None:
    draft = seed_draft(builtin, "state-permit")
    first = suggest(builtin, draft, "E32")
    assert suggest(builtin, seed_draft(builtin, "state-permit"), "E32") is first
    assert suggest(builtin, draft.with_answer("retention_limit", True), "E32") is not first


def test_pick_laws(builtin: Library) -> None:
    face = seed_draft(builtin, "face-ban")
    laws, how = pick_laws(builtin, face)
    assert {law.id for law in laws} == {"boston-16-62", "cambridge-fr-ban", "somerville-fr-ban"}
    assert [law.id for law in pick_laws(builtin, face, "oakland, boston-16-62")[0]] == \
        ["oakland", "boston-16-62"]
    assert len(pick_laws(builtin, face, "all")[0]) == len(builtin.laws)
    plain = Draft()  # no seed: all laws
    laws, how = pick_laws(builtin, plain)
    assert len(laws) == len(builtin.laws) and "no seed family" in how
    with pytest.raises(InputError) as err:
        pick_laws(builtin, face, "oakland,nowhere")
    assert "unknown reference law nowhere" in str(err.value)
    assert "boston-16-62" in str(err.value)


def test_rows_without_laws_or_elements(builtin: Library) -> None:
    rows = coverage_rows(builtin, seed_draft(builtin, "face-ban"), [])
    assert [r.element for r in rows] == [f"E{i:02d}" for i in range(1, 51)]
    assert not any(r.wanted or r.suggestion for r in rows)
    assert all(r.codes == () for r in rows)


# ---------------------------------------------------------------------------
# The command and the exports


def test_compare_command_formats(builtin: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--seed", "face-ban", "--with", "boston-16-62,oakland"]) == 0
    out = capsys.readouterr().out
    assert "Coverage of seed face-ban against the chosen reference laws" in out
    assert "BOS-FR" in out and "OAK" in out and "Cells: Y present" in out
    assert "To add what the draft lacks:" in out and "[1] E" in out
    assert "Key numbers:" in out and "damages_amount" in out
    assert main(["compare", "--seed", "ccops", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["rows"]) == 50 and "oakland" in {law["id"] for law in data["laws"]}
    oak = next(r for r in data["rows"] if r["element"] == "E24")
    assert oak["in_draft"] and oak["laws"]["oakland"] == "present"
    assert oak["notes"]["oakland"] == "15 d"
    assert main(["compare", "--seed", "ccops", "-f", "md", "--all"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("## Coverage against enacted laws")
    assert md.count("\n| E") == 50
    assert main(["compare", "--seed", "ccops", "--with", "nowhere"]) == 2
    assert "unknown reference law nowhere" in capsys.readouterr().err


def _cov(library: Library, seed_id: str, spec: str) -> tuple[Coverage, object]:
    draft = seed_draft(library, seed_id)
    ordinance = assemble(library, draft)
    laws, how = pick_laws(library, draft, spec)
    return coverage(library, draft, laws, how=how, ordinance=ordinance), ordinance


def test_docx_coverage_table(builtin: Library) -> None:
    cov, ordinance = _cov(builtin, "face-ban", "family")
    data = render(ordinance, "docx", annotated=True, coverage=cov)
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 1
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["ID", "Element", "Draft", "BOS-FR", "CAM-FR", "SOM-FR"]
    shown = [r for r in cov.rows if r.shown]
    assert len(table.rows) == len(shown) + 1
    e05 = next(r for r in table.rows if r.cells[0].text == "E05")
    assert [c.text for c in e05.cells[2:]] == ["no", "P", "N", "N"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Coverage against enacted laws \u2014 not part of the ordinance" in text
    assert "E05 Covers private entities or all persons: Set" in text
    # Without coverage the document has no table at all (the golden files hold).
    plain = render(ordinance, "docx", annotated=True)
    with zipfile.ZipFile(io.BytesIO(plain)) as package:
        assert "<w:tbl>" not in package.read("word/document.xml").decode()


def test_many_laws_turn_the_headers(builtin: Library) -> None:
    cov, ordinance = _cov(builtin, "ccops", "all")
    data = render(ordinance, "docx", annotated=True, coverage=cov)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    assert xml.count('<w:textDirection w:val="btLr"/>') == len(builtin.laws)
    assert "<w:tblHeader/>" in xml


def test_html_and_markdown_coverage(builtin: Library) -> None:
    cov, ordinance = _cov(builtin, "face-ban", "boston-16-62")
    html = render(ordinance, "html", annotated=True, coverage=cov).decode()
    assert '<table class="coverage">' in html
    assert html.index('class="signature"') < html.index('<table class="coverage">') \
        < html.index("</article>")
    assert "<th title=\"Boston ban on face surveillance; Boston, Mass., City Code" in html
    md = render(ordinance, "md", annotated=True, coverage=cov).decode()
    assert "## Coverage against enacted laws (not part of the ordinance)" in md
    assert "| E13 | Outright ban | yes | Y |" in md


def test_build_coverage_flag(builtin: Library, tmp_path, capsys: pytest.CaptureFixture[str]
                             ) -> None:
    out = tmp_path / "notes.docx"
    assert main(["build", "--seed", "face-ban", "-f", "docx", "--annotated", "--coverage",
                 "boston-16-62", "-o", str(out)]) == 0
    assert len(docx.Document(str(out)).tables) == 1
    assert main(["build", "--seed", "face-ban", "-f", "docx", "--coverage", "all", "-o",
                 str(tmp_path / "x.docx")]) == 2
    assert "use it with --annotated" in capsys.readouterr().err
    assert main(["build", "--seed", "face-ban", "-f", "txt", "--annotated", "--coverage",
                 "all"]) == 2
    assert main(["build", "--seed", "face-ban", "-f", "md", "--annotated", "--coverage",
                 "nowhere"]) == 2
    assert "unknown reference law nowhere" in capsys.readouterr().err
