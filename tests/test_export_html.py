"""HTML export: self-contained, escaped, same numbers and links as the tree."""

from __future__ import annotations

import re

import lxml.html
import pytest

from ordinance_tui.core.document import Ordinance, Ref, Subsection
from ordinance_tui.export.docx import clean
from ordinance_tui.export.html import render_html

from . import sample_ordinance

ALL = {
    "sample": sample_ordinance.sample,
    "codified": sample_ordinance.codified,
    "hostile": sample_ordinance.hostile,
}


@pytest.fixture(params=sorted(ALL))
def tree(request: pytest.FixtureRequest) -> Ordinance:
    return ALL[request.param]()


def _text(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


@pytest.mark.parametrize("annotated", [False, True])
def test_self_contained_and_linked(tree: Ordinance, annotated: bool) -> None:
    page = render_html(tree, annotated=annotated)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|<iframe|src=|url\(|https?:", page, re.I)
    root = lxml.html.fromstring(page)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    links = [a.get("href") for a in root.iter("a")]
    assert links and all(h.startswith("#") and h[1:] in ids for h in links)
    notes = root.find_class("note")
    assert bool(notes) == annotated


@pytest.mark.parametrize("name", ["sample", "codified"])
def test_labels_markers_and_references_are_the_tree_s(name: str) -> None:
    tree = ALL[name]()
    root = lxml.html.fromstring(render_html(tree))
    for section in tree.all_sections():
        node = root.get_element_by_id(section.anchor)
        heading = node.find("h2") if node.find("h2") is not None else node.find("h3")
        assert _text(heading) == f"{section.label} {section.heading}"
        for sub in section.walk():
            div = root.get_element_by_id(sub.anchor)
            assert _text(div.find("p")).startswith(sub.marker)
    refs = [
        i
        for s in tree.all_sections()
        for p in s.paragraphs()
        for i in p.inlines
        if isinstance(i, Ref) and i.anchor
    ]
    anchors = {a.get("href")[1:]: _text(a) for a in root.iter("a")}
    assert refs
    for ref in refs:
        assert anchors[ref.anchor] in {r.text for r in refs if r.anchor == ref.anchor}


def test_codified_sections_nest_inside_section_one() -> None:
    tree = sample_ordinance.codified()
    root = lxml.html.fromstring(render_html(tree))
    first = root.get_element_by_id(tree.sections[0].anchor)
    nested = [s.get("id") for s in first.iter("section")][1:]
    assert nested == [s.anchor for s in tree.sections[0].sections]
    assert "Chapter 2.99" in _text(first.find_class("chapter")[0])
    assert "size: A4" in render_html(tree)


def test_hostile_text_is_escaped_and_cleaned() -> None:
    page = render_html(sample_ordinance.hostile(), annotated=True)
    assert "<w:p>" not in page and "&lt;w:p&gt; &amp; {{ x }}" in page
    assert "<City>" not in page and "&lt;City&gt;" in page
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", page)
    page.encode("utf-8")  # no lone surrogates left
    assert "\U0001f600" in page


def test_annotated_notes_follow_their_sections() -> None:
    tree = sample_ordinance.sample()
    root = lxml.html.fromstring(render_html(tree, annotated=True))
    for section in tree.sections:
        node = root.get_element_by_id(section.anchor)
        notes = [n for n in node.findall("aside")]
        assert bool(notes) == bool(section.commentary or section.sources)
        for note in notes:
            assert "not part of the ordinance" in _text(note)
    assert "(citation not verified)" in render_html(tree, annotated=True)


def test_deterministic_and_unresolved_refs_marked() -> None:
    tree = sample_ordinance.sample()
    assert render_html(tree) == render_html(tree)
    section = tree.sections[1]
    sub = section.blocks[0]
    assert isinstance(sub, Subsection)
    from dataclasses import replace

    from ordinance_tui.core.document import Paragraph

    broken = Paragraph((Ref("x.y", "", "[missing reference: x.y]", False),))
    tree = replace(tree, sections=(replace(section, blocks=(*section.blocks, broken)),))
    page = render_html(tree)
    assert '<span class="ref missing">[missing reference: x.y]</span>' in page
    assert clean("a\x00b") == "ab"
