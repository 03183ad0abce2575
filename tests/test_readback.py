"""Every text format read back by an independent reader, for every seed.

- Markdown is parsed with markdown-it-py's CommonMark parser: no code blocks or raw
  HTML, every section heading at its depth, subsections as nested lists of the
  tree's depth, each block's text the tree's.
- HTML is parsed with the standard library's ``html.parser``: each section and
  subsection where the tree puts it, with the tree's text; answers full of markup
  come back as text.
- Plain text is read by line: headings, paragraphs and subsections (indented by
  level, wrapped at 78 columns) in the tree's order.

A "hostile" draft (a jurisdiction and answers holding ``<script>``, ``&``, quotes,
``{{``, Markdown syntax) runs through all three.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance, Paragraph, Section, Subsection, Text
from ordinance_tui.core.draft import Draft, draft_from_data
from ordinance_tui.core.library import Library
from ordinance_tui.export.html import render_html
from ordinance_tui.export.markdown import render_markdown
from ordinance_tui.export.text import WIDTH, render_text

from . import sample_ordinance

TODAY = dt.date(2026, 11, 26)
HOSTILE = ('<script>alert("x")</script> & &amp; &copy; O\'Brien "Q" {{ x }} {% if %} '
           "*em* _u_ `code` [link](http://e.com) <b>b</b> \\ # 1. - + > |t| ~~s~~")
HOSTILE_NAME = "Bay<script>alert(1)</script> & Co. {{ name }} *x*"
ANSWER = 'Board <i>&amp; "Q"</i> & {{ x }} *e* `c` [l](u) \\ 1. # > _u_'  # at most 80


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def builtin(builtin: Library) -> Library:
    """The session's built-in library (see conftest.py), which these tests need error-free."""
    assert not builtin.errors
    return builtin


def seed_tree(library: Library, seed: str) -> Ordinance:
    draft, problems = draft_from_data(library.seeds[seed].data, seed)
    assert problems == []
    return assemble(library, draft, today=TODAY)


def hostile_draft(library: Library) -> Draft:
    draft, _ = draft_from_data(library.seeds["ccops"].data, "ccops")
    draft = draft.with_jurisdiction(name=HOSTILE_NAME, sponsors=[HOSTILE])
    for qid in ("advisory_body_name", "police_agency_name"):
        draft = draft.with_answer(qid, ANSWER)
    return draft


def trees(library: Library) -> dict[str, Ordinance]:
    out = {seed: seed_tree(library, seed) for seed in sorted(library.seeds)}
    out["hostile"] = assemble(library, hostile_draft(library), today=TODAY)
    out["sample"] = sample_ordinance.sample()
    out["codified"] = sample_ordinance.codified()
    return out


@pytest.fixture(scope="module")
def all_trees(builtin: Library) -> dict[str, Ordinance]:
    return trees(builtin)


def test_every_seed_is_read_back(builtin: Library, all_trees: dict[str, Ordinance]) -> None:
    assert set(builtin.seeds) <= set(all_trees) and len(builtin.seeds) >= 7
    hostile = all_trees["hostile"]
    assert any(ANSWER in p.plain for s in hostile.all_sections()
               for p in s.paragraphs())


# -- what the tree says each format must show ------------------------------------------------


@dataclass
class Item:
    """A list item: its text and the items nested in it."""

    text: str
    children: list[Item] = field(default_factory=list)


Block = tuple[str, Any]  # ("heading", (depth, text)) | ("paragraph", text) | ("list", [Item])


def sub_item(sub: Subsection, sep: str = " ") -> Item:
    return Item(words(f"{sub.marker}{sep}{sub.content.plain}"),
                [sub_item(c, sep) for c in sub.children])


def expected_blocks(section: Section, depth: int = 2, sep: str = " ") -> list[Block]:
    """The section's heading, then its paragraphs and lists, then its code sections.

    ``sep`` is what the format prints between a subsection's marker and its text.
    """
    out: list[Block] = [("heading", (depth, words(f"{section.label} {section.heading}")))]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(("paragraph", words(block.plain)))
        elif out[-1][0] == "list":
            out[-1][1].append(sub_item(block, sep))
        else:
            out.append(("list", [sub_item(block, sep)]))
    for nested in section.sections:
        out += expected_blocks(nested, depth + 1, sep)
    return out


def expected_body(ordinance: Ordinance, sep: str = " ") -> list[Block]:
    return [b for s in ordinance.sections for b in expected_blocks(s, sep=sep)]


def depth(items: list[Item]) -> int:
    return max((1 + depth(i.children) for i in items), default=0)


# -- Markdown, through markdown-it ----------------------------------------------------------

MD_BLOCKS = {"root", "paragraph", "heading", "bullet_list", "list_item", "blockquote", "hr"}
MD_INLINES = {"inline", "text", "strong", "em", "softbreak", "hardbreak"}


def md_text(node: SyntaxTreeNode) -> str:
    if node.type == "text":
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(md_text(c) for c in node.children)


def md_item(node: SyntaxTreeNode) -> Item:
    assert node.type == "list_item"
    first, *rest = node.children
    assert first.type == "paragraph", "a list item starts with its text"
    children = []
    for child in rest:
        assert child.type == "bullet_list", child.type
        children += [md_item(c) for c in child.children]
    return Item(words(md_text(first)), children)


def md_blocks(nodes: list[SyntaxTreeNode]) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        if node.type == "heading":
            out.append(("heading", (int(node.tag[1]), words(md_text(node)))))
        elif node.type == "paragraph":
            out.append(("paragraph", words(md_text(node))))
        elif node.type == "bullet_list":
            out.append(("list", [md_item(c) for c in node.children]))
        else:
            raise AssertionError(f"unexpected {node.type} in a section")
    return out


def md_read(text: str) -> SyntaxTreeNode:
    root = SyntaxTreeNode(MarkdownIt("commonmark").parse(text))
    types = {n.type for n in root.walk()}
    assert types <= MD_BLOCKS | MD_INLINES, types - MD_BLOCKS - MD_INLINES  # no code, no HTML
    return root


def md_body(root: SyntaxTreeNode, annotated: bool, instrument: str = "ordinance"
            ) -> list[Block]:
    """The blocks from the first section heading to the rule before the signatures."""
    nodes = root.children
    start = next(i for i, n in enumerate(nodes) if n.type == "heading" and n.tag != "h1")
    end = next(i for i, n in enumerate(nodes) if n.type == "hr")
    body = nodes[start:end]
    notes = [n for n in body if n.type == "blockquote"]
    for note in notes:
        assert md_text(note).startswith((
            f"Drafter's note (not part of the {instrument})",
            f"Drafter's notes on the definitions (not part of the {instrument})"))
    assert bool(notes) == annotated
    return md_blocks([n for n in body if n.type != "blockquote"])


@pytest.mark.parametrize("annotated", [False, True])
def test_markdown_reads_back_as_the_tree(all_trees: dict[str, Ordinance],
                                         annotated: bool) -> None:
    for name, tree in all_trees.items():
        text = render_markdown(tree, annotated=annotated)
        root = md_read(text)
        h1 = [n for n in root.children if n.type == "heading" and n.tag == "h1"]
        assert [words(md_text(n)) for n in h1] == [words(tree.short_title)], name
        body = md_body(root, annotated, tree.instrument)
        assert body == expected_body(tree), name
        # nested lists are as deep as the subsections, and every heading is there
        lists = [b[1] for b in body if b[0] == "list"]
        sub_depth = max((s.level + 1 for sec in tree.all_sections() for s in sec.walk()),
                        default=0)
        assert max((depth(items) for items in lists), default=0) == sub_depth
        headings = [b[1][1] for b in body if b[0] == "heading"]
        assert headings == [words(f"{s.label} {s.heading}") for s in tree.all_sections()]
        strong = [n for n in root.walk() if n.type == "strong"]
        defined = [i for s in tree.all_sections() for p in s.paragraphs() for i in p.inlines
                   if type(i).__name__ == "TermDef"]
        # caption lines and the enacting clause are bold too; nothing else is
        front = len([c for c in tree.caption if c.strip()]) + bool(tree.enacting_clause)
        # an annotated edition adds one bold heading per note, and the notes on the
        # recitals and the defined terms lead each note with its subject in bold
        subjects = sum(len(s.notes) for s in tree.all_sections()) + len(
            [r for r in tree.recitals if r.note is not None])
        assert len(strong) == len(defined) + front + (annotated and len(
            [n for n in root.children if n.type == "blockquote"]) + subjects), name


def test_ccops_has_nested_lists_and_no_code_blocks(all_trees: dict[str, Ordinance]) -> None:
    html = MarkdownIt("commonmark").render(render_markdown(all_trees["ccops"]))
    assert "<pre><code>" not in html and "<code>" not in html
    assert "<ul>\n<li>\n<p>(a) Surveillance Technology includes" in html
    assert "<ul>\n<li>\n<p>(1) cell-site simulators" in html


def test_hostile_answers_are_text_in_markdown(all_trees: dict[str, Ordinance]) -> None:
    tree = all_trees["hostile"]
    root = md_read(render_markdown(tree))
    texts = [md_text(n) for n in root.walk() if n.type == "paragraph"]
    assert any(f"Introduced by: {HOSTILE}" in t for t in texts)
    assert any(ANSWER in t for t in texts)
    assert any(f"City of {HOSTILE_NAME}" in t for t in texts)
    (em,) = [n for n in root.walk() if n.type == "em"]  # the long title, and only it
    assert md_text(em) == tree.long_title and "em" not in {n.type for n in list(em.walk())[1:]}


FRAGMENTS = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=8) | st.sampled_from(
    list("\\`*_[]<>#|~!&;-+=.)( \t") + ["&amp;", "&#35;", "&copy;", "1.", "2)", "- ", "    ",
                                        "```", "---", "***", "<div>", "[a]: /u", "![i](u)"])


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, min_size=1, max_size=12).map("".join).filter(str.strip))
def test_any_text_prints_as_itself_in_markdown(text: str) -> None:
    """Whatever a drafter types is one paragraph, heading or list item with that text."""
    base = sample_ordinance.sample()
    replace = sample_ordinance.replace
    section = base.sections[1]
    sub = next(b for b in section.blocks if isinstance(b, Subsection))
    para = Paragraph((Text(text),))
    section = replace(section, heading=text, blocks=(
        para, replace(sub, marker="1.", content=para, children=(
            replace(sub.children[0], content=para, children=()),) if sub.children else ())))
    tree = replace(base, short_title=text, sections=(section,))
    root = md_read(render_markdown(tree))
    body = md_body(root, annotated=False)
    assert body == expected_body(tree)


# -- HTML, through html.parser --------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def walk(self) -> list[Element]:
        return [self, *(d for c in self.elements() for d in c.walk())]


class TreeBuilder(HTMLParser):
    """A document tree from the standard library's HTML tokenizer."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


HTML_TAGS = {"#root", "html", "head", "meta", "title", "style", "body", "article", "div",
             "span", "header", "h1", "h2", "h3", "h4", "p", "section", "main", "footer", "dfn",
             "a", "aside", "ul", "li"}


def html_read(page: str) -> Element:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "every element is closed"
    root = builder.root
    tags = {e.tag for e in root.walk()}
    assert tags <= HTML_TAGS, tags - HTML_TAGS
    for element in root.walk():
        assert not any(k.startswith("on") for k in element.attrs), element
        assert element.attrs.get("href", "#").startswith("#")
    return root


def html_sub(div: Element) -> Item:
    assert "sub" in div.classes
    first, *rest = div.elements()
    assert first.tag == "p"
    return Item(words(first.text), [html_sub(d) for d in rest])


def html_blocks(section: Element) -> list[Block]:
    out: list[Block] = []
    for element in section.elements():
        if element.tag in ("h2", "h3"):
            out.append(("heading", (int(element.tag[1]), words(element.text))))
        elif element.tag == "p" and element.classes & {"body", "definition"}:
            out.append(("paragraph", words(element.text)))
        elif element.tag == "div" and "sub" in element.classes:
            if out[-1][0] != "list":
                out.append(("list", []))
            out[-1][1].append(html_sub(element))
        elif element.tag == "section":
            out += html_blocks(element)
        else:
            assert element.tag == "aside" or "chapter" in element.classes, element.tag
    return out


@pytest.mark.parametrize("annotated", [False, True])
def test_html_reads_back_as_the_tree(all_trees: dict[str, Ordinance], annotated: bool) -> None:
    for name, tree in all_trees.items():
        root = html_read(render_html(tree, annotated=annotated))
        (main,) = [e for e in root.walk() if e.tag == "main"]
        assert html_blocks(main) == expected_body(tree, sep=""), name  # marker, then text
        by_id = {e.attrs["id"]: e for e in root.walk() if "id" in e.attrs}
        for section in tree.all_sections():
            assert by_id[section.anchor].tag == "section", name
            for sub in section.walk():
                assert by_id[sub.anchor].text.startswith(sub.marker), name
        (h1,) = [e for e in root.walk() if e.tag == "h1"]
        assert words(h1.text) == words(tree.short_title)
        assert bool([e for e in root.walk() if e.tag == "aside"]) == annotated


def test_hostile_answers_are_text_in_html(all_trees: dict[str, Ordinance]) -> None:
    root = html_read(render_html(all_trees["hostile"]))
    texts = [e.text for e in root.walk() if e.tag == "p"]
    assert f"Introduced by: {HOSTILE}" in texts
    assert any(f"City of {HOSTILE_NAME}" in t for t in texts)
    assert any(ANSWER in t for t in texts)
    (title,) = [e for e in root.walk() if e.tag == "title"]
    assert title.text == all_trees["hostile"].short_title
    assert "script" not in {e.tag for e in root.walk()}


# -- plain text, by line ----------------------------------------------------------------------


def text_blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks + ([current] if current else [])


def text_expected(section: Section) -> list[tuple[str, str]]:
    """(first-line indent, joined text) for each block of a section."""
    out = [("", words(f"{section.label} {section.heading}"))]

    def sub(s: Subsection) -> None:
        out.append((" " * 4 * (s.level + 1), words(f"{s.marker} {s.content.plain}")))
        for child in s.children:
            sub(child)

    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(("", words(block.plain)))
        else:
            sub(block)
    for nested in section.sections:
        out += text_expected(nested)
    return out


def test_text_reads_back_by_line(all_trees: dict[str, Ordinance]) -> None:
    for name, tree in all_trees.items():
        text = render_text(tree)
        for line in text.splitlines():
            assert len(line) <= WIDTH or " " not in line.strip(), (name, line)
        blocks = text_blocks(text)
        expected = [e for s in tree.sections for e in text_expected(s)]
        first = words(f"{tree.sections[0].label} {tree.sections[0].heading}")
        start = next(i for i, b in enumerate(blocks) if words(" ".join(b)) == first)
        got = []
        for block in blocks[start:start + len(expected)]:
            indent = block[0][:len(block[0]) - len(block[0].lstrip())]
            hanging = {line[:len(line) - len(line.lstrip())] for line in block[1:]}
            if indent:  # a subsection: continuation lines hang under its text
                marker = block[0].split()[0]
                assert hanging <= {indent + " " * (len(marker) + 1)}, (name, block)
            got.append((indent, words(" ".join(block))))
        assert got == expected, name
        tail = [line for b in blocks[start + len(expected):] for line in b]
        assert words(" ".join(tail)) == words(" ".join(tree.signature)), name


def test_hostile_answers_print_as_typed_in_text(all_trees: dict[str, Ordinance]) -> None:
    text = words(render_text(all_trees["hostile"]))
    assert f"Introduced by: {HOSTILE}" in text and f"City of {HOSTILE_NAME}" in text
    assert words(ANSWER) in text


# -- golden files: the exact Markdown and text of the hand-built samples --------------------

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(("name", "annotated"), [("sample", False), ("codified", True)])
@pytest.mark.parametrize(("suffix", "render"), [(".md", render_markdown), (".txt", render_text)])
def test_golden_markdown_and_text(name: str, annotated: bool, suffix: str,
                                  render: Any) -> None:
    tree = getattr(sample_ordinance, name)()
    got = render(tree, annotated=annotated)
    path = GOLDEN / (name + ("-annotated" if annotated else "")) / f"ordinance{suffix}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8"), f"the {suffix} export differs from {path}"
