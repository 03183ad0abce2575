"""Redlines: the comparison, the Word files (tracked and formatted), HTML and the CLI.

The tracked-changes file is read back independently (tests/redline_reader.py):
accepting every change must give exactly the new draft's Word text and
rejecting every change exactly the old one's, numbers and cross-references
included. Where LibreOffice and a Python with its ``uno`` module are installed,
LibreOffice itself accepts and rejects them too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance, Ref, TermUse, Text
from ordinance_tui.core.draft import Draft, save_draft
from ordinance_tui.core.library import Library
from ordinance_tui.core.redline import (
    DELETE,
    EQUAL,
    INSERT,
    compare,
    compare_drafts,
    diff_inlines,
)
from ordinance_tui.export.docx import render_docx
from ordinance_tui.export.redline_docx import render_redline_docx
from ordinance_tui.export.redline_html import render_redline_html

from . import docx_text
from . import redline_reader as reader
from .conftest import TODAY, seed_draft
from .test_cli import PACK, run
from .test_properties import BUILTIN, FIXTURE, drafts

SEVERABILITY = ("If any part of this ordinance is held invalid by a court, the rest remains "
                "in effect.")


def _old(lib: Library) -> Draft:
    return (seed_draft(lib, "ban").with_answer("exceptions", ["unsolicited"])
            .with_answer("private_action", False))


def _new(lib: Library) -> Draft:
    return (_old(lib).with_answer("exceptions", ["unlock", "unsolicited"])
            .with_answer("private_action", True).with_answer("effective_days", 60)
            .with_excluded("findings.bias", True)
            .with_override("general.severability", SEVERABILITY))


def _trees(lib: Library) -> tuple[Ordinance, Ordinance]:
    return assemble(lib, _old(lib), today=TODAY), assemble(lib, _new(lib), today=TODAY)


@pytest.fixture(scope="module")
def builtin(builtin: Library) -> Library:
    """The session's built-in library (see conftest.py); these tests skip if it has errors."""
    if builtin.errors:
        pytest.skip("the built-in library has errors")
    return builtin


def _builtin_pair(builtin: Library) -> tuple[Ordinance, Ordinance]:
    """The codified face-ban seed before and after a committee's amendments."""
    from ordinance_tui.core.draft import draft_from_data

    old, _ = draft_from_data(builtin.seeds["face-ban"].data, "face-ban")
    exceptions = [e for e in old.answers.get("exceptions", []) if e != "redaction"]
    remedies = [*old.answers.get("remedies", []), "damages", "whistleblower"]
    new = (old.with_answer("exceptions", exceptions).with_answer("remedies", remedies)
           .with_answer("ban_assessment_days", 120))
    return assemble(builtin, old, today=TODAY), assemble(builtin, new, today=TODAY)


def _lines(data: bytes) -> list[tuple[str, str]]:
    """(style, printed line) of a plain export, as the independent reader prints it."""
    return [(p.style, p.line) for p in docx_text.read(data)]


def _body(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [line for line in lines if not line[0].startswith("Amended")]


# ---------------------------------------------------------------------------
# The comparison


def test_known_pair_gives_the_expected_insertions_and_deletions(lib):
    redline = compare(*_trees(lib))
    # Without recitals the enacting clause loses its "NOW, THEREFORE," (one paragraph).
    assert redline.insertions() == [
        "The",
        "the use of a device's own face unlocking;",
        "Enforcement",
        "A person injured by a violation of Section 3 may sue.",
        "A court may award damages of $1,000 for each violation.",
        "by a court",
        "sixty (60",
    ]
    assert redline.deletions() == [
        "WHEREAS, face recognition misidentifies some groups of people more often than others;",
        "NOW, THEREFORE, the",
        "thirty (30",
    ]
    changes = {(line.role, line.change) for line in redline.lines if line.change != "equal"}
    assert changes == {("recital", "deleted"), ("enacting", "changed"),
                       ("subsection", "inserted"), ("heading", "inserted"),
                       ("paragraph", "changed")}


def test_an_inserted_section_does_not_mark_later_numbers(lib):
    old, new = _trees(lib)
    redline = compare(old, new)
    headings = {line.text(): line for line in redline.lines if line.role == "heading"}
    assert headings["Enforcement"].change == "inserted"
    for heading, (was, now) in {"Severability": ("Section 5.", "Section 6."),
                                "Effective date": ("Section 6.", "Section 7.")}.items():
        line = headings[heading]
        assert (line.change, line.old_label, line.label) == ("equal", was, now)
    # Subsections renumbered by the inserted (a) are unchanged, and so is the
    # reference to one of them ("Section 4(a)" became "Section 4(b)").
    by_text = {line.text(): line for line in redline.lines if line.role == "subsection"}
    court = by_text["compliance with a court order."]
    assert (court.change, court.old_label, court.label) == ("equal", "(b)", "(c)")
    ref_line = next(line for line in redline.lines if "except as provided in" in line.text())
    assert ref_line.change == "equal"
    assert ref_line.text("old").endswith("Section 4(a).")
    assert ref_line.text("new").endswith("Section 4(b).")
    marked = " ".join(redline.insertions() + redline.deletions())
    assert not re.search(r"Section [4-7]\b|\((b|c)\)", marked)


def test_both_sides_of_every_line_rebuild_both_texts(lib):
    old, new = _trees(lib)
    redline = compare(old, new)
    for side, tree in (("old", old), ("new", new)):
        texts = [line.text(side) for line in redline.lines
                 if line.change != ("inserted" if side == "old" else "deleted")]
        assert texts == _texts(tree)


def _texts(o: Ordinance) -> list[str]:
    """Every paragraph's text (numbers aside) in reading order, from the tree."""
    out = list(o.caption)
    if o.sponsors:
        out.append("Introduced by: " + ", ".join(o.sponsors))
    out += [t for t in (o.short_title, o.long_title, o.recitals_intro) if t]
    out += [r.content.plain for r in o.recitals]
    out += [t for t in (o.recitals_outro, o.enacting_clause) if t]
    for section in o.sections:
        for inner in (section, *section.sections):
            out.append(inner.heading)
            out += [p.plain for p in inner.paragraphs()]
            if inner is section and section.sections and o.chapter_label:
                out.append(o.chapter_label)
    return out + list(o.signature)


def test_words_fold_and_references_compare_by_target():
    old = (Text("takes effect thirty (30) days after "), Ref("x", "x", "Section 4(a)"),
           Text(" by the "), TermUse("Official", "Officials"), Text("."))
    new = (Text("takes effect sixty (60) days after "), Ref("x", "x", "Section 5(a)"),
           Text(" by the "), TermUse("Official", "Officials"), Text("."))
    chunks = diff_inlines(old, new)
    assert [(c.op, c.text) for c in chunks] == [
        (EQUAL, "takes effect "), (DELETE, "thirty (30"), (INSERT, "sixty (60"),
        (EQUAL, ") days after Section 5(a) by the Officials."),
    ]
    assert [type(i).__name__ for i in chunks[-1].inlines] == ["Text", "Ref", "Text", "TermUse",
                                                             "Text"]
    assert "Section 4(a)" in "".join(getattr(i, "text", "") for i in chunks[-1].old)
    moved = diff_inlines(old, (*new[:1], Ref("y", "y", "Section 4(a)"), *new[2:]))
    assert (DELETE, "Section 4(a)") in [(c.op, c.text) for c in moved]  # another target


def test_the_app_compares_a_draft_with_one_of_its_versions(lib):
    introduced = _old(lib).with_version("as introduced", "2027-01-15")
    amended = dataclasses.replace(_new(lib), versions=introduced.versions)
    redline = compare_drafts(lib, amended.at_version("as introduced"), amended, today=TODAY)
    assert redline.insertions() == compare(*_trees(lib)).insertions()
    assert redline.deletions() == compare(*_trees(lib)).deletions()


def test_identical_drafts_give_an_unchanged_redline(lib):
    tree = assemble(lib, _new(lib), today=TODAY)
    redline = compare(tree, assemble(lib, _new(lib), today=TODAY))
    assert not redline.changed and redline.insertions() == redline.deletions() == []
    assert reader.revisions(render_redline_docx(redline)) == []


# ---------------------------------------------------------------------------
# Word: tracked changes


@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_accepting_gives_the_new_text_and_rejecting_the_old(lib, direction):
    old, new = _trees(lib)
    if direction == "backward":  # deletions of a section, a subsection and a recital
        old, new = new, old
    data = render_redline_docx(compare(old, new), author="Committee", date="2027-02-03")
    accepted = reader.resolve(data, accept=True)
    rejected = reader.resolve(data, accept=False)
    assert _body(reader.lines(accepted)) == _lines(render_docx(new))
    assert _body(reader.lines(accepted, update_fields=False)) == _lines(render_docx(new))
    assert _body(reader.lines(rejected)) == _lines(render_docx(old))


def test_builtin_codified_seed_accepts_and_rejects_exactly(builtin):
    old, new = _builtin_pair(builtin)
    redline = compare(old, new)
    assert redline.insertions() and redline.deletions()
    data = render_redline_docx(redline)
    assert _body(reader.lines(reader.resolve(data, True))) == _lines(render_docx(new))
    assert _body(reader.lines(reader.resolve(data, False))) == _lines(render_docx(old))
    # Code sections after the inserted and deleted ones are renumbered, not marked.
    kept = [line for line in redline.lines
            if line.role == "heading" and line.old is not None and line.new is not None]
    assert all(line.change == "equal" for line in kept)
    assert sum(line.old_label != line.label for line in kept) >= 3
    for _, _, _, text in reader.revisions(data):
        assert not re.fullmatch(r"\s*(Section )?\d+(\.\d+)*\.?\s*|\s*\(\w+\)\s*", text), text


def test_tracked_changes_are_attributed_and_deterministic(lib):
    redline = compare(*_trees(lib))
    data = render_redline_docx(redline, author="Committee <1>", date="2027-02-03")
    assert data == render_redline_docx(redline, author="Committee <1>", date="2027-02-03")
    found = reader.revisions(data)
    assert {(kind, author, date) for kind, author, date, _ in found} == {
        ("ins", "Committee <1>", "2027-02-03T00:00:00Z"),
        ("del", "Committee <1>", "2027-02-03T00:00:00Z")}
    document = docx_text.parts(data)["word/document.xml"].decode()
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', document)
    bookmark_ids = re.findall(r'<w:bookmarkStart w:id="(\d+)"', document)
    assert len(set(ids)) == len(ids) and not set(ids) & set(bookmark_ids)
    # a whole inserted or deleted paragraph marks its paragraph mark too
    assert document.count("<w:pPr><w:pStyle") > 0
    marks = re.findall(r"<w:rPr><w:(ins|del) w:id=\"\d+\"[^>]*/></w:rPr></w:pPr>", document)
    # (a), Section 5 + (a)(b); the recital ("NOW, THEREFORE," is in the enacting paragraph)
    assert marks.count("ins") == 4 and marks.count("del") == 1
    paras = reader.lines(data)
    assert paras[0] == ("AmendedCaption", "AS AMENDED")
    assert "shown as tracked changes" in paras[1][1].lower()


# ---------------------------------------------------------------------------
# Word: formatting


def test_formatted_redline_strikes_and_underlines_and_numbers_as_enacted(lib):
    old, new = _trees(lib)
    data = render_redline_docx(compare(old, new), tracked=False)
    document = docx_text.parts(data)["word/document.xml"].decode()
    assert "<w:ins " not in document and "<w:del " not in document
    assert document.count("<w:strike/>") and document.count('<w:u w:val="single"/>')
    lines = dict((text, style) for style, text in _lines(data))
    # deleted text keeps its place, struck, out of the numbering; numbers are the new ones
    assert "Section 6. Severability" in lines and "Section 7. Effective date" in lines
    assert "Section 5. Enforcement" in lines
    assert "(c) compliance with a court order." in lines
    new_lines = [text for _, text in _lines(render_docx(new))]
    printed = [text for _, text in _lines(data)]
    assert [t for t in printed if t in new_lines] == [t for t in new_lines if t in printed]
    headings = re.findall(r'<w:p><w:pPr><w:pStyle w:val="Heading1"/>(.*?)</w:p>', document)
    severability = next(h for h in headings if "Severability" in h)
    assert "<w:strike/>" not in severability and "<w:u " not in severability
    assert "additions underlined, deletions struck through" in printed[1].lower()


# ---------------------------------------------------------------------------
# HTML


def test_html_redline_marks_words_not_numbers(lib):
    html = render_redline_html(compare(*_trees(lib)), old_name="as introduced",
                               new_name="committee amendment 1")
    assert '<p class="amended">AS AMENDED</p>' in html
    assert "\u201cas introduced\u201d to \u201ccommittee amendment 1\u201d" in html
    assert "<del>thirty (30</del><ins>sixty (60</ins>) days" in html
    assert "invalid<ins> by a court</ins>, the rest" in html
    assert re.search(r'<h2 class="section inserted" id="main-enforcement">'
                     r'<span class="label"><ins>Section 5\.</ins></span> <ins>Enforcement</ins>',
                     html)
    assert '<span class="label">Section 6.</span> Severability' in html
    assert '<a class="ref" href="#main-exceptions--unsolicited">Section 4(b)</a>' in html
    for line in html.splitlines():  # one paragraph a line
        if " inserted" in line or " deleted" in line:
            continue  # a whole new or removed paragraph marks its number with it
        for marked in re.findall(r"<(?:ins|del)>(.*?)</(?:ins|del)>", line):
            assert not re.fullmatch(r"\(?[a-z0-9]+\)?\.?|Section \d+\.?", marked), marked
    assert html.count("<ins>") == html.count("</ins>")
    assert html.count("<del>") == html.count("</del>")


# ---------------------------------------------------------------------------
# Real clients: LibreOffice


def _uno_python() -> str | None:
    for candidate in (os.environ.get("ORDINANCE_UNO_PYTHON"), "/usr/bin/python3",
                      shutil.which("python3")):
        if candidate and Path(candidate).exists():
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True)
            if probe.returncode == 0:
                return candidate
    return None


needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext not on PATH: "
    "apt-get install libreoffice-writer-nogui poppler-utils")


@needs_office
def test_libreoffice_converts_both_redlines_to_pdf(lib, tmp_path: Path, office_profile: str):
    redline = compare(*_trees(lib))
    (tmp_path / "tracked.docx").write_bytes(render_redline_docx(redline))
    (tmp_path / "formatted.docx").write_bytes(render_redline_docx(redline, tracked=False))
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={office_profile}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "tracked.docx"),
         str(tmp_path / "formatted.docx")], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    for name in ("tracked", "formatted"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "AS AMENDED" in text
        assert re.search(r"Section 6\. Severability", text)
        assert re.search(r"except as provided in Section 4\(b\)", text)


@needs_office
@pytest.mark.skipif(_uno_python() is None, reason="no Python with LibreOffice's uno module "
                    "(Debian: python3-uno); set ORDINANCE_UNO_PYTHON to one")
def test_libreoffice_accepts_and_rejects_every_change(lib, builtin, tmp_path: Path,
                                                       office_profile: str):
    """LibreOffice's own Accept All / Reject All give the plain exports' text."""
    jobs: list[str] = []
    expected: dict[str, str] = {}
    forward = _trees(lib)
    pairs = {"fixture": forward, "backward": forward[::-1], "builtin": _builtin_pair(builtin)}
    for name, (old, new) in pairs.items():
        tracked = tmp_path / f"{name}-redline.docx"
        tracked.write_bytes(render_redline_docx(compare(old, new)))
        for side, tree in (("old", old), ("new", new)):
            (tmp_path / f"{name}-{side}.docx").write_bytes(render_docx(tree))
            jobs += [str(tmp_path / f"{name}-{side}.docx"), "none",
                     str(tmp_path / f"{name}-{side}.txt")]
        for mode, side in (("accept", "new"), ("reject", "old")):
            out = tmp_path / f"{name}-{mode}.txt"
            jobs += [str(tracked), mode, str(out)]
            expected[str(out)] = str(tmp_path / f"{name}-{side}.txt")
    script = Path(__file__).with_name("lo_tracked.py")
    result = subprocess.run([_uno_python(), str(script), "--profile", office_profile, *jobs],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for got, want in expected.items():
        got_lines = Path(got).read_text(encoding="utf-8-sig").splitlines()
        assert got_lines[:2] == ["AS AMENDED", got_lines[1]] and "tracked" in got_lines[1]
        assert got_lines[2:] == Path(want).read_text(encoding="utf-8-sig").splitlines(), got


# ---------------------------------------------------------------------------
# Command line


def test_cli_versions_and_redline(lib, tmp_path: Path):
    draft = tmp_path / "riverton.yaml"
    save_draft(_old(lib), draft)
    assert run("version", "add", str(draft), "as introduced", "--date", "2027-01-15"
               ).returncode == 0
    amended = _new(lib)
    from ordinance_tui.core.draft import load_draft

    current, _ = load_draft(draft)
    save_draft(dataclasses.replace(amended, versions=current.versions), draft)
    assert run("version", "add", str(draft), "committee amendment 1", "--date", "2027-02-03"
               ).returncode == 0
    listed = run("version", "list", str(draft))
    assert listed.stdout.splitlines() == ["2027-01-15  as introduced",
                                          "2027-02-03  committee amendment 1"]
    out = tmp_path / "amended.docx"
    result = run(*PACK, "redline", f"{draft}@as introduced", f"{draft}@committee amendment 1",
                 "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "7 insertion(s), 3 deletion(s)" in result.stderr  # "The" replaces "NOW, THEREFORE, the"
    data = out.read_bytes()
    assert {(a, d) for _, a, d, _ in reader.revisions(data)} == {
        ("committee amendment 1", "2027-02-03T00:00:00Z")}
    assert _body(reader.lines(reader.resolve(data, True))) == _lines(render_docx(
        assemble(lib, amended, today=dt.date(2027, 2, 3))))
    html = run(*PACK, "redline", f"{draft}@as introduced", str(draft), "-f", "html")
    assert html.returncode == 0 and "<ins>sixty (60</ins>" in html.stdout
    assert "\u201cas introduced\u201d to \u201criverton.yaml\u201d" in html.stdout
    formatted = run(*PACK, "redline", f"{draft}@as introduced", str(draft), "-o",
                    str(tmp_path / "f.docx"), "--mode", "formatted")
    assert formatted.returncode == 0
    assert "<w:strike/>" in docx_text.parts((tmp_path / "f.docx").read_bytes())[
        "word/document.xml"].decode()


def test_cli_redline_errors_say_what_and_what_to_do(lib, tmp_path: Path):
    draft = tmp_path / "d.yaml"
    save_draft(_old(lib).with_version("as introduced", "2027-01-15"), draft)
    unknown = run(*PACK, "redline", f"{draft}@final", str(draft), "-o", str(tmp_path / "x.docx"))
    assert unknown.returncode == 1
    assert "no version named 'final'" in unknown.stderr and "'as introduced'" in unknown.stderr
    missing = run(*PACK, "redline", str(tmp_path / "nope.yaml"), str(draft), "-o",
                  str(tmp_path / "x.docx"))
    assert missing.returncode == 1 and "no such draft file" in missing.stderr
    no_output = run(*PACK, "redline", str(draft), str(draft))
    assert no_output.returncode == 2 and "add -o FILE.docx" in no_output.stderr
    (tmp_path / "x.docx").write_bytes(b"keep")
    exists = run(*PACK, "redline", str(draft), str(draft), "-o", str(tmp_path / "x.docx"))
    assert exists.returncode == 2 and "--force" in exists.stderr
    assert (tmp_path / "x.docx").read_bytes() == b"keep"
    bad_date = run(*PACK, "redline", str(draft), str(draft), "-o", str(tmp_path / "y.docx"),
                   "--date", "soon")
    assert bad_date.returncode == 2 and "not a date like 2027-01-31" in bad_date.stderr
    same = run("version", "add", str(draft), "As Introduced")
    assert same.returncode == 1 and "already has a version named 'as introduced'" in same.stderr
    assert run("version", "remove", str(draft), "as introduced").returncode == 0
    assert "has no versions yet" in run("version", "list", str(draft)).stderr



# ---------------------------------------------------------------------------
# Any two drafts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(FIXTURE), drafts(FIXTURE))
def test_any_two_fixture_drafts_accept_and_reject_exactly(old: Draft, new: Draft) -> None:
    _check_any_pair(FIXTURE, old, new)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(BUILTIN), drafts(BUILTIN))
def test_any_two_builtin_drafts_accept_and_reject_exactly(old: Draft, new: Draft) -> None:
    _check_any_pair(BUILTIN, old, new)


def _check_any_pair(library: Library, a: Draft, b: Draft) -> None:
    """Styles, codification and answers all vary: still exact both ways, never a crash."""
    old, new = assemble(library, a, today=TODAY), assemble(library, b, today=TODAY)
    redline = compare(old, new)
    data = render_redline_docx(redline)
    assert _body(reader.lines(reader.resolve(data, True))) == _lines(render_docx(new))
    assert _body(reader.lines(reader.resolve(data, False))) == _lines(render_docx(old))
    render_redline_docx(redline, tracked=False)
    render_redline_html(redline)
