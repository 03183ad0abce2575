"""What a law's text contains: detection declared in clauses/elements.yaml, read from text only.

The check of issue 16: each seed's text (built, then read as if imported: labels,
headings and text, never clause ids) shows every element its clauses declare, and no
reference law's own words (name, description, notes) show an element the law lacks.
``scripts/analyze_check.py`` prints the same figures as a table.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ordinance_tui.cli import main
from ordinance_tui.core import analyze as an
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.check import check_library
from ordinance_tui.core.draft import Draft, OwnSection, load_draft, own_id
from ordinance_tui.core.elements import ElementsFile, builtin_elements
from ordinance_tui.core.laws import ELEMENTS
from ordinance_tui.core.library import Library, LibrarySource, builtin_source, load_library
from ordinance_tui.core.plaintext import section_plain
from ordinance_tui.core.validate import validate
from ordinance_tui.core.yamlio import load_yaml_text

from .conftest import seed_draft


def own_text_draft(library: Library, draft: Draft) -> Draft:
    """The draft's sections as the drafter's own (as an imported law has them): every
    library clause excluded, each section's text kept, in order."""
    ordinance = assemble(library, draft)
    added: list[OwnSection] = []
    for section in ordinance.all_sections():
        if section.clause_id not in library.clauses:
            continue
        sid = own_id(section.heading, {s.id for s in added} | set(library.clauses))
        added.append(OwnSection(id=sid, heading=section.heading,
                                text=section_plain(section.blocks), part=section.part,
                                after=added[-1].id if added else ""))
    return dataclasses.replace(draft, exclude=frozenset(library.clauses), added=tuple(added))


def found(library: Library, texts: list[an.Passage]) -> set[str]:
    return {f.element for f in an.detect(an.library_elements(library), texts) if f.present}


def test_every_seed_text_shows_the_elements_its_clauses_declare(builtin: Library) -> None:
    declared_total = found_total = both_total = 0
    for seed_id in sorted(builtin.seeds):
        ordinance = assemble(builtin, seed_draft(builtin, seed_id))
        declared = set(ordinance.elements)
        shown = found(builtin, an.passages(ordinance))
        assert declared - shown == set(), seed_id  # recall 1.0 on declared elements
        declared_total += len(declared)
        found_total += len(shown)
        both_total += len(declared & shown)
    assert both_total / found_total >= 0.9  # precision: 0.94 when written (bench/RESULTS.md)


def test_no_reference_law_shows_an_element_it_lacks(builtin: Library) -> None:
    for law in builtin.laws.values():
        texts = (an.text_passages(law.name) + an.text_passages(law.description)
                 + [p for note in law.notes.values() for p in an.text_passages(note)])
        assert found(builtin, texts) - (law.present | law.partial) == set(), law.id
    # The descriptions do say something: most laws show at least three elements.
    assert sum(len(found(builtin, an.text_passages(law.description))) >= 2
               for law in builtin.laws.values()) >= 15


def test_text_worded_differently_is_recognised(builtin: Library) -> None:
    """Our own sentences, in none of the library's words, each show their element."""
    cases = {
        "E01": "Sec. 2-3. This article shall apply to all county departments and boards.",
        "E08": "“Facial recognition” means an automated comparison of images of faces.",
        "E10": "A department may not purchase any drone unless the Board of Commissioners "
               "has authorized the purchase at a regular meeting.",
        "E13": "It shall be unlawful for the county to use any facial surveillance system.",
        "E15": "Police may search the database only pursuant to a search warrant.",
        "E19": "The sheriff shall file an annual report with the clerk.",
        "E34": "Nothing herein forbids efforts to locate a missing child.",
        "E39": "An aggrieved individual may file a lawsuit in superior court.",
        "E41": "The prevailing plaintiff shall recover attorney's fees.",
        "E44": "A violation of this article is a misdemeanor.",
        "E46": "No employee shall be subject to retaliation for reporting a violation.",
        "E47": "Should any section of this article be declared unconstitutional, the "
               "remaining provisions shall continue in full force.",
        "E48": "This article shall take effect ninety days following its adoption.",
    }
    for element, sentence in cases.items():
        finding = next(f for f in an.detect(an.library_elements(builtin),
                                            an.text_passages(sentence, "Sec. 9"))
                       if f.element == element)
        assert finding.present, (element, sentence)
        assert finding.section == "Sec. 9" and finding.sentence
    # ... and wording that only looks like an element does not.
    negatives = {
        "E13": "During the moratorium, no agency may use face recognition technology.",
        "E39": "This chapter does not create a private right of action.",
        "E01": "“Agency” means the Police Department. This law applies to each Agency.",
        "E48": "This ordinance takes effect immediately upon its passage.",
        "E44": "The search requires probable cause that the person committed a misdemeanor.",
    }
    for element, text in negatives.items():
        assert element not in found(builtin, an.text_passages(text)), (element, text)


def test_sentences_keep_abbreviations_and_section_numbers() -> None:
    text = ("Sec. 9.70.040 applies. See U.S. law, e.g. the Act. The Agency must act. "
            "(b) A second item.")
    assert an.sentences(text) == ["Sec. 9.70.040 applies.", "See U.S. law, e.g. the Act.",
                                  "The Agency must act.", "(b) A second item."]


def test_elements_are_declared_once_in_yaml() -> None:
    declared = builtin_elements()
    assert list(declared) == list(ELEMENTS) == [f"E{i:02d}" for i in range(1, 51)]
    assert all(ELEMENTS[e] == declared[e].name and declared[e].evidence for e in declared)
    # The README's example is a valid elements file.
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    body = readme.split("### The elements (`clauses/elements.yaml`)", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", body, re.S)
    assert block is not None
    data, problems = load_yaml_text(block.group(1), "README")
    assert problems == []
    checked = validate(data, ElementsFile, "README")
    assert checked.problems == [] and checked.value is not None
    assert checked.value.elements[0].evidence[1].unless


def test_a_pack_adds_evidence_and_bad_entries_are_reported(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "elements.yaml").write_text(
        "elements:\n"
        "  - id: E37\n"
        "    evidence:\n"
        "      - {pattern: '\\bpurged? after\\b', weight: 0.7}\n")
    library = load_library([builtin_source(), LibrarySource(pack, sandboxed=True)])
    assert library.errors == []
    text = an.text_passages("Images are purged after thirty days.")
    assert "E37" in found(library, text)
    assert "E37" not in found(load_library(), text)
    assert library.elements["E37"].name == ELEMENTS["E37"]
    (pack / "elements.yaml").write_text(
        "elements:\n"
        "  - id: E51\n"
        "    evidence: [{pattern: 'x', weight: 0.5}]\n"
        "  - id: E02\n"
        "    evidence:\n"
        "      - {pattern: '(unclosed', weight: 0.5}\n"
        "      - {pattern: 'fine', weight: 1.5}\n")
    layered = load_library([builtin_source(), LibrarySource(pack, sandboxed=True)])
    assert layered.errors == []  # read when first needed, and reported by library check
    problems = [p for p in check_library(layered, packs_only=True) if p.severity == "error"]
    messages = [(p.line, p.message) for p in problems]
    assert any(line == 2 and "may add evidence" in m for line, m in messages), messages
    assert any(line == 6 and "not a regular expression" in m for line, m in messages)
    assert any(line == 7 and "weight 1.5" in m for line, m in messages)


def test_analyze_command_reports_sentences_and_what_adds_the_rest(
        builtin: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--seed", "face-ban", "--laws", "all", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["element"]: r for r in data["elements"]}
    assert len(rows) == 50 and len(data["laws"]) == len(builtin.laws)
    ban = rows["E13"]
    assert ban["present"] and ban["level"] == "high" and ban["section"] == "2.95.060"
    assert "Face Recognition Technology" in ban["sentence"]
    assert ban["laws"]["boston-16-62"] == "present"
    damages = rows["E40"]
    assert not damages["present"] and damages["addition"]["clauses"][0] == "enforcement.damages"
    assert damages["addition"]["changes"] and not damages["addition"]["own_section"]


def test_an_existing_law_in_word_is_imported_and_read_like_its_draft(
        builtin: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``analyze chapter.docx`` imports the law on the way (issue 16): the elements found in
    the Word file are those found in the draft it was exported from."""
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.export.docx import render_docx

    from .conftest import TODAY, seed_draft

    law = tmp_path / "chapter.docx"
    law.write_bytes(render_docx(assemble(builtin, seed_draft(builtin, "face-ban"), today=TODAY)))
    assert main(["analyze", str(law), "--laws", "all", "-f", "json"]) == 0
    from_word = json.loads(capsys.readouterr().out)
    assert main(["analyze", "--seed", "face-ban", "--laws", "all", "-f", "json"]) == 0
    from_seed = json.loads(capsys.readouterr().out)

    def found(data: dict) -> set[str]:
        return {r["element"] for r in data["elements"] if r["present"]}

    assert found(from_word) == found(from_seed) and "E13" in found(from_word)
    assert main(["analyze", str(tmp_path / "chapter.pdf")]) == 2
    assert "analyze reads a draft (.yaml) or" in capsys.readouterr().err


def test_add_to_a_library_draft_is_the_answer_change(
        builtin: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new.yaml"
    assert main(["analyze", "--seed", "face-ban", "--add", "E40", "-o", str(out)]) == 0
    draft, problems = load_draft(out)
    before = seed_draft(builtin, "face-ban")
    assert problems == [] and draft.added == () and draft.answers != before.answers
    assert "E40" in assemble(builtin, draft).elements
    assert main(["analyze", "--seed", "face-ban", "--add", "E40", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err


def test_add_to_an_imported_draft_is_a_new_last_section(
        builtin: Library, tmp_path: Path) -> None:
    own = own_text_draft(builtin, seed_draft(builtin, "face-ban"))
    ordinance = assemble(builtin, own)
    assert an.own_sections_only(builtin, ordinance)
    analysis = an.analyze(builtin, own, [], ordinance=ordinance)
    # The same text as the seed's, so the same findings, from own sections.
    assert set(analysis.present) >= set(assemble(builtin, seed_draft(builtin,
                                                                    "face-ban")).elements)
    row = analysis.row("E40")
    assert row is not None and row.addition is not None and row.addition.own_section
    text = an.format_text(analysis, title="the imported law")
    assert "Present (" in text and "E47 Severability clause [high" in text
    assert "to add: add clause 'enforcement.damages' as a new section" in text
    # the chapter's last section: never after the effective date, which is outside it
    last = [s for s in ordinance.all_sections() if s.own and s.codified][-1]
    new, done = an.add_element(builtin, own, "E40", ordinance)
    assert "enforcement.damages" in done and new.exclude == own.exclude
    assert new.answers == own.answers  # nothing else changes
    added = new.added[-1]
    assert added.after == last.clause_id and added.elements == ("E40",)
    # Its reference to the library's civil-action clause now names the draft's own.
    civil = next(s for s in ordinance.all_sections() if s.heading == "Civil action")
    assert f"[[{civil.clause_id}]]" in added.text and "enforcement.civil-action" not in added.text
    after = assemble(builtin, new)
    sections = [s for s in after.all_sections() if s.own and s.codified]
    assert sections[-1].heading == "Damages"
    assert sections[-1].number == last.number + 1  # the next free section
    assert "E40" in an.analyze(builtin, new, [], ordinance=after).present


def test_add_to_a_really_imported_chapter_takes_the_clause_its_answers_already_select(
        builtin: Library, tmp_path: Path) -> None:
    """An imported law says ``clauses: library: none``: its default answers already select
    the face ban (no answer change can add what is selected), so --add takes the clause's
    text as it prints under those answers, as the chapter's next section."""
    from ordinance_tui.core.draft import parse_draft
    from ordinance_tui.core.importing import import_law
    from ordinance_tui.export.docx import render_docx

    from .conftest import TODAY

    law = tmp_path / "chapter.docx"
    law.write_bytes(render_docx(assemble(builtin, seed_draft(builtin, "ccops"), today=TODAY)))
    draft, problems = parse_draft(import_law(law).draft_text, str(law))
    assert problems == [] and draft.library == "none"
    ordinance = assemble(builtin, draft, today=TODAY)
    row = an.analyze(builtin, draft, [], ordinance=ordinance).row("E13")
    assert row is not None and row.addition is not None
    assert row.addition.text == ("add clause 'prohibitions.face-ban' as a new section after "
                                 "Section 9.70.320")
    assert row.addition.command == "ordinance analyze FILE --add E13 -o NEW.yaml"
    new, done = an.add_element(builtin, draft, "E13", ordinance)
    assert "prohibitions.face-ban" in done and new.answers == draft.answers
    after = assemble(builtin, new, today=TODAY)
    code = [s for top in after.sections for s in top.sections]
    assert code[-1].heading == "Prohibition of face recognition technology"
    assert code[-1].code_number == "9.70.330"  # after 9.70.320, the chapter's last
    # The term it uses that the chapter lacks comes with it, so it reads as defined.
    assert "Derived Information" in {d.term for d in new.defined} and "Derived Information" \
        in done
    assert "Derived Information" in after.terms_used


@pytest.fixture(scope="module")
def imported_seeds(builtin: Library, tmp_path_factory: pytest.TempPathFactory
                   ) -> dict[str, tuple[Draft, Any, an.Analysis]]:
    """Each seed exported to text and imported, with its assembly and analysis."""
    from ordinance_tui.core.draft import parse_draft
    from ordinance_tui.core.importing import import_law
    from ordinance_tui.export.text import render_text

    from .conftest import TODAY

    folder = tmp_path_factory.mktemp("imported")
    out = {}
    for seed_id in builtin.seeds:
        path = folder / f"{seed_id}.txt"
        path.write_text(render_text(assemble(builtin, seed_draft(builtin, seed_id),
                                             today=TODAY)), encoding="utf-8")
        draft, problems = parse_draft(import_law(path).draft_text, str(path))
        assert [p for p in problems if p.severity == "error"] == []
        ordinance = assemble(builtin, draft, today=TODAY)
        out[seed_id] = draft, ordinance, an.analyze(builtin, draft, [], ordinance=ordinance)
    return out


def test_every_insertion_analyze_offers_refers_only_to_the_law(
        builtin: Library, imported_seeds: dict[str, tuple[Draft, Any, an.Analysis]]) -> None:
    """Every seed, exported to text and imported: each clause analyze offers to insert
    refers only to the law's own sections and to the sections added with it (all added
    at once, one build and one lint: no L001, no "[missing reference"), and the rest say
    what they lack; nothing it lists as insertable fails to add."""
    from ordinance_tui.core.lint import lint_errors
    from ordinance_tui.export.text import render_text

    from .conftest import TODAY

    offered = refused = 0
    for seed_id, (draft, ordinance, analysis) in imported_seeds.items():
        new = draft
        for row in analysis.rows:
            addition = row.addition
            if addition is None or not addition.own_section:
                continue
            text = an.format_text(analysis)
            if addition.insertable:
                offered += 1
                assert addition.insertion is not None and not addition.lacks
                assert f"--add {addition.element} -o NEW.yaml" in text
                assert "after the last" not in addition.text
                new, _ = an.own_section_added(builtin, new, ordinance, addition.insertion)
            elif addition.lacks:
                refused += 1
                assert "which this law has no section for" in addition.text
                assert f"--add {addition.element} " not in text
        after = assemble(builtin, new, today=TODAY)
        printed = render_text(after)
        assert "[missing reference" not in printed, seed_id
        assert [d.message for d in lint_errors(builtin, new, after) if d.code == "L001"] == [], \
            seed_id
        # The terms the inserted sections use are defined, each once.
        terms = [d.term for d in new.defined]
        assert len(terms) == len(set(terms)), seed_id
    assert offered > 100 and refused > 0


def test_insertion_leaves_out_or_brings_what_the_law_lacks(
        builtin: Library, imported_seeds: dict[str, tuple[Draft, Any, an.Analysis]]) -> None:
    """The POST Act, imported: the face moratorium leaves out the exceptions the law lacks
    and brings its term section; damages bring the civil action they refer to; an emergency
    exception needs an approval process the law lacks, so it is not added but says why."""
    draft, ordinance, analysis = imported_seeds["post-act"]
    new, done = an.add_element(builtin, draft, "E14", ordinance)
    assert "leaves out its references to \u201cDevice and account authentication\u201d" in done
    assert "\u201cDuration of the moratorium\u201d, added with it as a section" in done
    added = new.added[len(draft.added):]
    assert [s.heading for s in added] == ["Moratorium", "Duration of the moratorium"]
    assert added[0].elements == ("E14",) and added[1].after == added[0].id
    assert f"[[{added[1].id}]]" in " ".join(d.text for d in new.defined)  # Moratorium Period
    assert "exceptions." not in added[0].text
    damages, done = an.add_element(builtin, draft, "E40", ordinance)
    assert [s.heading for s in damages.added[len(draft.added):]] == ["Civil action", "Damages"]
    row = analysis.row("E29")
    assert row is not None and row.addition is not None and not row.addition.insertable
    assert "\u201cApproval required before funding, acquisition or use\u201d" in row.addition.text
    with pytest.raises(ValueError, match="which this law has no section for"):
        an.add_element(builtin, draft, "E29", ordinance)
