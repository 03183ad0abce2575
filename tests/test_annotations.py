"""The annotated edition: notes on recitals and terms, notes that fit the jurisdiction, sources.

Each format is read back by an independent reader (markdown-it-py, the standard
library's ``html.parser``, python-docx), and each test finds a definition's note and a
recital's note where the edition puts them: the notes on the defined terms after the
definitions section, the notes on the recitals after the enacting clause. Notes are
compared with the commentary in the library's YAML, so the test does not depend on
the wording of any one note. The last tests hold the sources to what a student needs:
every clause cited, every Washington pin cite naming its act and saying whether it
was checked, every enacted law's number given or said to be unverified.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from io import BytesIO
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.check import check_library
from ordinance_tui.core.document import Note, Ordinance, Source
from ordinance_tui.core.draft import draft_from_data
from ordinance_tui.core.library import Library, builtin_source, load_library, pack_source
from ordinance_tui.export.docx import render_docx
from ordinance_tui.export.html import render_html
from ordinance_tui.export.markdown import render_markdown
from ordinance_tui.export.text import render_text

from .test_readback import Element, html_read

TODAY = dt.date(2026, 11, 26)
SEEDS = ["ccops", "face-ban", "moratorium", "post-act", "private-ban", "sf-combo", "state-permit"]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def build(library: Library, seed: str, kind: str | None = None) -> Ordinance:
    """A seed, or the seed with its jurisdiction's kind and style changed to ``kind``."""
    data = copy.deepcopy(dict(library.seeds[seed].data))
    if kind is not None:
        data["jurisdiction"] = {**data["jurisdiction"], "kind": kind, "style": kind}
    draft, problems = draft_from_data(data, seed)
    assert not problems
    return assemble(library, draft, today=TODAY)


@pytest.fixture(scope="module")
def face_ban(library: Library) -> Ordinance:
    return build(library, "face-ban")


def yaml_commentary(library: Library, ordinance: Ordinance) -> tuple[Note, Note, str, str]:
    """A definition note and a recital note of ``ordinance``, with the YAML they come from."""
    definitions = ordinance.find("definitions")
    assert definitions is not None
    term_note = definitions.notes[0]
    (variant,) = [d for d in library.definitions[term_note.subject]
                  if words(d.commentary) == words(term_note.commentary)]
    recital = next(r for r in ordinance.recitals if r.note is not None)
    assert recital.note is not None
    clause = library.clauses[recital.clause_id]
    return term_note, recital.note, words(variant.commentary), words(clause.commentary)


# -- the tree ---------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_every_defined_term_and_recital_carries_its_note(library: Library, seed: str) -> None:
    ordinance = build(library, seed)
    definitions = ordinance.find("definitions")
    assert definitions is not None
    terms = [sub.label for sub in definitions.walk() if sub.level == 0]
    # every definition in the library has commentary and sources, so every term has a note
    assert [n.subject for n in definitions.notes] == terms
    for note in definitions.notes:
        assert note.commentary and note.sources, note.subject
    for recital in ordinance.recitals:
        clause = library.clauses[recital.clause_id]
        assert recital.note is not None, recital.clause_id
        assert recital.note.subject == clause.title
        assert recital.note.sources == clause.sources


def test_the_library_holds_the_notes_the_edition_now_prints(library: Library) -> None:
    definitions = [d for variants in library.definitions.values() for d in variants]
    recitals = [c for c in library.clauses.values() if library.parts[c.part].kind == "recitals"]
    assert len([d for d in definitions if d.commentary]) >= 27
    assert len([c for c in recitals if c.commentary]) >= 10


# -- each format, read back ----------------------------------------------------------------

def md_text(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(md_text(c) for c in node.children)


def test_markdown_prints_definition_and_recital_notes(library: Library,
                                                      face_ban: Ordinance) -> None:
    term, recital, term_yaml, recital_yaml = yaml_commentary(library, face_ban)
    root = SyntaxTreeNode(MarkdownIt("commonmark").parse(render_markdown(face_ban,
                                                                         annotated=True)))
    nodes = root.children
    headings = [i for i, n in enumerate(nodes) if n.type == "heading" and n.tag != "h1"]
    definitions = next(i for i in headings if md_text(nodes[i]).endswith("Definitions"))
    after = next(i for i in headings if i > definitions)
    quotes = {i: words(md_text(n)) for i, n in enumerate(nodes) if n.type == "blockquote"}
    on_terms = [i for i, t in quotes.items() if t.startswith("Drafter's notes on the definitions")]
    assert len(on_terms) == 1 and definitions < on_terms[0] < after
    assert f"{term.subject}. {term_yaml}" in quotes[on_terms[0]]
    # the subject of each note is bold
    strong = [words(md_text(n)) for n in nodes[on_terms[0]].walk() if n.type == "strong"]
    assert f"{term.subject}." in strong
    on_recitals = [i for i, t in quotes.items() if t.startswith("Drafter's notes on the recitals")]
    enacting = next(i for i, n in enumerate(nodes) if n.type == "paragraph"
                    and words(md_text(n)) == words(face_ban.enacting_clause))
    assert len(on_recitals) == 1 and enacting < on_recitals[0] < headings[0]
    assert f"{recital.subject}. {recital_yaml}" in quotes[on_recitals[0]]
    assert recital.sources[0].cite in quotes[on_recitals[0]]
    plain = words(render_markdown(face_ban))
    assert term_yaml[:60] not in plain and recital_yaml[:60] not in plain


def html_asides(root: Element) -> list[Element]:
    return [e for e in root.walk() if e.tag == "aside"]


def test_html_prints_definition_and_recital_notes(library: Library,
                                                  face_ban: Ordinance) -> None:
    term, recital, term_yaml, recital_yaml = yaml_commentary(library, face_ban)
    root = html_read(render_html(face_ban, annotated=True))
    (section,) = [e for e in root.walk() if e.tag == "section"
                  and e.attrs.get("id") == "definitions"]
    (on_terms,) = [a for a in html_asides(section) if "notes-definitions" in a.classes]
    assert words(on_terms.elements()[0].text).startswith("Drafter\u2019s Notes on the "
                                                         "definitions")
    paragraphs = [words(p.text) for p in on_terms.elements() if p.tag == "p"]
    assert f"{term.subject}. {term_yaml}" in paragraphs
    subjects = [words(e.text) for e in on_terms.walk() if "subject" in e.classes]
    assert f"{term.subject}." in subjects
    (article,) = [e for e in root.walk() if e.tag == "article"]
    order = [e for e in article.elements()]
    (on_recitals,) = [a for a in order if a.tag == "aside" and "notes-recitals" in a.classes]
    assert order.index(on_recitals) < order.index(next(e for e in order if e.tag == "main"))
    enacting = next(e for e in order if "enacting" in e.classes
                    and words(e.text) == words(face_ban.enacting_clause))
    assert order.index(enacting) < order.index(on_recitals)
    paragraphs = [words(p.text) for p in on_recitals.elements() if p.tag == "p"]
    assert f"{recital.subject}. {recital_yaml}" in paragraphs
    sources = [words(li.text) for li in on_recitals.walk() if li.tag == "li"]
    assert any(s.startswith(recital.sources[0].cite) for s in sources)
    plain = render_html(face_ban)
    assert "notes-definitions" not in plain and "notes-recitals" not in plain


def test_docx_prints_definition_and_recital_notes(library: Library,
                                                  face_ban: Ordinance) -> None:
    term, recital, term_yaml, recital_yaml = yaml_commentary(library, face_ban)
    document = docx.Document(BytesIO(render_docx(face_ban, annotated=True)))
    paras = [(p.style.name if p.style is not None else "", words(p.text), p)
             for p in document.paragraphs]
    texts = [t for _, t, _ in paras]
    heading = next(i for i, (_, t, _) in enumerate(paras) if t.endswith("Definitions"))
    on_terms = texts.index(f"Drafter\u2019s Notes on the definitions \u2014 not part of the "
                           f"{face_ban.instrument}")
    assert paras[on_terms][0] == "Drafter's Note Heading"
    assert heading < on_terms
    note = texts.index(f"{term.subject}. {term_yaml}")
    assert on_terms < note and paras[note][0] == "Drafter's Note"
    # the subject is a bold run of its own
    first = paras[note][2].runs[0]
    assert first.text == f"{term.subject}." and first.bold
    on_recitals = texts.index(f"Drafter\u2019s Notes on the recitals \u2014 not part of the "
                              f"{face_ban.instrument}")
    assert texts.index(words(face_ban.enacting_clause)) < on_recitals < heading
    assert texts.index(f"{recital.subject}. {recital_yaml}") > on_recitals
    source = recital.sources[0]
    assert any(t.startswith(f"{source.cite} \u2014 {source.note}") for t in texts)
    plain = [words(p.text) for p in docx.Document(BytesIO(render_docx(face_ban))).paragraphs]
    assert f"{term.subject}. {term_yaml}" not in plain
    assert f"{recital.subject}. {recital_yaml}" not in plain


def test_text_prints_definition_and_recital_notes(library: Library,
                                                  face_ban: Ordinance) -> None:
    term, recital, term_yaml, recital_yaml = yaml_commentary(library, face_ban)
    text = render_text(face_ban, annotated=True)
    flat = words(text.replace("  | ", " "))
    assert f"{term.subject}. {term_yaml}" in flat
    assert f"{recital.subject}. {recital_yaml}" in flat
    assert flat.index("Drafter's notes on the recitals") > flat.index(
        words(face_ban.enacting_clause))
    assert term_yaml[:60] not in words(render_text(face_ban))


# -- notes that fit the jurisdiction ---------------------------------------------------------

LOCAL_ADVICE = ("home-rule", "charter", "A local law", "a city or county usually cannot",
                "Municipal Home Rule Law")


@pytest.mark.parametrize("seed", ["face-ban", "private-ban", "state-permit"])
def test_a_state_act_gets_no_home_rule_note_and_a_city_does(library: Library, seed: str) -> None:
    state = render_markdown(build(library, seed, "state"), annotated=True)
    city = render_markdown(build(library, seed, "city"), annotated=True)
    for phrase in LOCAL_ADVICE:
        assert phrase.casefold() not in state.casefold(), (seed, phrase)
    assert "check home-rule authority" in words(city)
    # a source can be conditional too: the New York local-law rule is not cited in a state act
    assert "N.Y. Mun. Home Rule Law" in city
    assert "{%" not in state and "{%" not in city  # the conditions were rendered, not printed


def test_the_state_seed_itself_has_state_notes(library: Library) -> None:
    ordinance = build(library, "state-permit")
    notes = {s.clause_id: words(s.commentary) for s in ordinance.all_sections()}
    assert "A state act operates within federal law" in notes["construction.state-federal"]
    assert "home-rule" not in notes["construction.state-federal"]
    assert "can impose this duty on its own judges" in notes["permit.judicial-reports"]
    city = build(library, "state-permit", "city")
    judges = words(next(s.commentary for s in city.all_sections()
                        if s.clause_id == "permit.judicial-reports"))
    assert "in a local law the clause instead has each Agency report" in judges


def test_a_note_without_jinja_is_printed_as_written(library: Library) -> None:
    clause = library.clauses["general.severability"]
    assert "{" not in clause.commentary
    assert "clause:general.severability:commentary" not in library.specs
    section = build(library, "face-ban").find("general.severability")
    assert section is not None and section.commentary == clause.commentary


def write_pack_clause(pack: Path, commentary: str, source_when: str = "true") -> Path:
    clause = pack / "provisions/general/severability.yaml"
    clause.parent.mkdir(parents=True, exist_ok=True)
    clause.write_text(
        "id: general.severability\ntitle: Severability\npart: general\norder: 10\n"
        f"commentary: >-\n  {commentary}\nsources:\n"
        "  - cite: Boston, Mass., City Code \u00a7 16-63.7 (Ord. 2021 c. 14)\n"
        "    note: severability clause\n"
        f"    when: {source_when!r}\n"
        "text: |\n  If any provision is held invalid, the rest stands.\n", encoding="utf-8")
    return clause


def test_a_packs_note_is_checked_and_rendered_in_the_sandbox(tmp_path: Path,
                                                               library: Library) -> None:
    pack = tmp_path / "pack"
    write_pack_clause(pack, "{{ ''.__class__ }} and {{ no_such_answer }} and "
                      "{{ ref('general.severability') }}", source_when="no_such_flag")
    lib = load_library([builtin_source(), pack_source(pack)])
    messages = [p.message for p in check_library(lib, packs_only=True)]
    assert any("commentary" in m and "no_such_answer" in m for m in messages), messages
    assert any("commentary" in m and "sandbox" in m for m in messages), messages
    assert any("commentary: ref() prints nothing in a note" in m for m in messages), messages
    assert any("source 1" in m and "no_such_flag" in m for m in messages), messages
    write_pack_clause(pack, "{% if jurisdiction.kind == 'state' %}For a state.{% else %}"
                      "For {{ government }}.{% endif %}")
    lib = load_library([builtin_source(), pack_source(pack)])
    assert check_library(lib, packs_only=True) == []
    section = build(lib, "face-ban").find("general.severability")
    assert section is not None and section.commentary == "For the City of Riverton."
    section = build(lib, "face-ban", "state").find("general.severability")
    assert section is not None and section.commentary == "For a state."
    assert [s.cite for s in section.sources] == [
        "Boston, Mass., City Code \u00a7 16-63.7 (Ord. 2021 c. 14)"]
    write_pack_clause(pack, "No source for a state.", "jurisdiction.kind != 'state'")
    lib = load_library([builtin_source(), pack_source(pack)])
    section = build(lib, "face-ban", "state").find("general.severability")
    assert section is not None and section.sources == ()
    section = build(lib, "face-ban").find("general.severability")
    assert section is not None and len(section.sources) == 1


# -- sources a student can check --------------------------------------------------------------

def all_sources(library: Library) -> list[tuple[str, Source]]:
    found = [(c.id, s) for c in library.clauses.values() for s in c.sources]
    found += [(f"definition {d.term}", s) for variants in library.definitions.values()
              for d in variants for s in d.sources]
    return found


def test_every_clause_has_a_source(library: Library) -> None:
    assert [c.id for c in library.clauses.values() if not c.sources] == []


def test_every_washington_cite_names_its_act_and_says_whether_it_was_checked(
        library: Library) -> None:
    rcw = [(owner, s) for owner, s in all_sources(library) if s.cite.startswith("Wash. Rev.")]
    assert len(rcw) > 20
    for owner, source in rcw:
        assert "(Wash. Laws 2020, ch. 257; SB 6280" in source.cite, (owner, source.cite)
        # a checked section says who checked it; any other prints "(citation not verified)"
        assert source.verified == ("legal review of December 2026" in source.note), (owner,
                                                                                   source)


@pytest.mark.parametrize(("clause_id", "pin", "checked"), [
    ("permit.human-review", "§ 43.386.030", True),
    ("permit.testing", "§§ 43.386.040, 43.386.050", True),
    ("permit.judicial-reports", "§ 43.386.070(3)", True),
    ("permit.use-limits", "§ 43.386.080(2), (3), (5)", True),
    ("permit.warrant", "§ 43.386.080(1)", True),
    ("exceptions.missing-children", "§ 43.386.080(1)", True),
    ("exceptions.legal-compliance", "§ 43.386.090", True),
    ("permit.licensing-photos", "§ 43.386.100", True),
    ("permit.training", "§ 43.386.060", False),
    ("permit.defendant-disclosure", "§ 43.386.070", False),
])
def test_the_reviewed_pin_cites_are_marked_verified(library: Library, clause_id: str, pin: str,
                                                     checked: bool) -> None:
    (source,) = [s for s in library.clauses[clause_id].sources
                 if s.cite.startswith(f"Wash. Rev. Code {pin} (")]
    assert source.verified is checked


ENACTED_NUMBER = re.compile(r"Ord\. \d|Local Law \d+|SB \d+|Bill \d+|Regulation \(EU\) \d+"
                            r"|Proposition [A-Z] \(|number not verified")
NOT_ENACTED = ("ACLU, ", "Georgetown Law ",  # a model bill and a report
               "U.S. Department of Justice, ",  # an agency's policy
               "Black's Law Dictionary ")  # a reference work
GENERAL_STATUTES = ("Mass. Gen. Laws ", "N.Y. Mun. Home Rule Law ",  # cited by code section
                    "Cal. Gov. Code § ", "Cal. Civ. Code § ", "Tex. Bus. & Com. Code § ")
DECISION = re.compile(r"^[A-Z][\w.]* v\. .+, \d+ U\.S\. \d+ \(\d{4}\)$")  # a court's, by reporter


def test_every_enacted_law_cited_gives_its_number_or_says_it_is_unverified(
        library: Library) -> None:
    missing = {s.cite for _, s in all_sources(library)
               if not ENACTED_NUMBER.search(s.cite)
               and not s.cite.startswith(NOT_ENACTED + GENERAL_STATUTES)
               and not DECISION.match(s.cite)}
    assert missing == set()
    baltimore = {s.cite for _, s in all_sources(library) if s.cite.startswith("Baltimore")}
    assert baltimore == {"Baltimore, Md., face recognition moratorium ordinance (2021; Council "
                         "Bill 21-0001 as the legal review recalls it; number not verified)"}


def test_san_franciscos_proposition_e_is_in_the_notes_a_student_reads(library: Library) -> None:
    text = words(render_text(build(library, "sf-combo"), annotated=True).replace("  | ", " "))
    assert "Proposition E (March 2024) lets its Police Department use new technology" in text
    assert "San Francisco Proposition E (March 2024 election)" in text
    required = library.clauses["approval.required"]
    (sf,) = [s for s in required.sources if s.cite.startswith("San Francisco Admin. Code")]
    assert "Proposition E" in sf.note


def test_claims_in_notes_have_a_source(library: Library) -> None:
    fees = library.clauses["enforcement.fees"]
    assert "2025 proposal" in fees.commentary
    assert any("2025 proposal" in s.cite and not s.verified for s in fees.sources)
    # the reviewer could not confirm Oakland's evidence carve-out, so it is not shown as verified
    (oakland,) = [s for s in library.clauses["exceptions.outside-evidence"].sources
                  if "9.64.030" in s.cite]
    assert not oakland.verified and "could not confirm" in oakland.note


def test_notes_name_the_draft_s_own_instrument(library: Library) -> None:
    ordinance = build(library, "post-act")
    assert ordinance.instrument == "local law"
    for text in (render_markdown(ordinance, annotated=True),
                 render_text(ordinance, annotated=True),
                 render_html(ordinance, annotated=True)):
        assert "not part of the local law" in text
        assert "not part of the ordinance" not in text
