"""The tree carries its numbering; the Word exporter translates it, never reads labels.

- the assembler stores the style's scheme (``Ordinance.numbering``) and each
  section's and subsection's ``Number``, whose text is the printed label;
- ``core.numbering.label_format`` turns a style's label template into a format and
  pattern (or None when none prints it);
- numbering.xml is made from that data: change the scheme and the Word levels
  follow; a number Word's counter would not print (a gap) is typed instead.
"""

from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import LevelFormat, Number, Numbering, Subsection
from ordinance_tui.core.numbering import format_number, label_format
from ordinance_tui.export.docx import render_docx

from . import sample_ordinance
from .conftest import TODAY, seed_draft
from .docx_text import W, parts, read


def _numbers_match_labels(ordinance) -> int:
    checked = 0
    for section in ordinance.all_sections():
        assert section.num is not None and section.num.text == section.label
        assert section.num.level == 0 and section.num.ordinal == section.number
        for sub in section.walk():
            assert sub.num is not None and sub.num.text == sub.marker
            assert sub.num.level == sub.level + 1
            assert sub.num.format == ordinance.numbering.level(sub.level)
            checked += 1
    return checked


def test_assembled_tree_carries_its_numbers(lib) -> None:
    ordinance = assemble(lib, seed_draft(lib, "ban"), today=TODAY)
    assert ordinance.numbering.sections == LevelFormat("decimal", "Section {}.")
    assert ordinance.numbering.code_sections is None  # not codified
    assert [f.format for f in ordinance.numbering.levels][:2] == ["lower-letter", "decimal"]
    assert _numbers_match_labels(ordinance) >= 5
    exceptions = ordinance.find("main.exceptions")
    ordinals = [(s.num.level, s.num.ordinal) for s in exceptions.walk()]
    assert ordinals == [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3)]


def test_codified_and_state_schemes(lib) -> None:
    codified = assemble(lib, seed_draft(lib, "process"), today=TODAY)
    assert codified.numbering.code_sections == LevelFormat("decimal-zero", "2.99.{}0")
    assert _numbers_match_labels(codified) >= 1
    assert [s.num.ordinal for s in codified.sections[0].sections][:3] == [1, 2, 3]
    draft = seed_draft(lib, "ban").with_jurisdiction(style="state", name="Columbia")
    state = assemble(lib, draft, today=TODAY)
    assert state.numbering.sections == LevelFormat("decimal", "\u00a7\u00a0{}.")  # NBSP
    assert state.numbering.levels[0] == LevelFormat("decimal", "{}.")
    assert _numbers_match_labels(state) >= 5


@pytest.mark.parametrize(("template", "step", "expected"), [
    ("Section {n}.", 1, ("decimal", "Section {}.")),
    ("\u00a7 {n}.", 1, ("decimal", "\u00a7 {}.")),
    ("{chapter}.{n:03d}", 10, ("decimal-zero", "2.99.{}0")),
    ("\u00a7 {chapter}-{n}", 10, ("decimal", "\u00a7 2.99-{}0")),
    ("Art. {n:02d}", 1, ("decimal-zero", "Art. {}")),
    ("{n:04d}", 1, None),        # no Word format pads to four digits
    ("{n} and {n}", 1, None),    # the number twice
    ("{title} {n}", 1, None),    # an unknown field
    ("{n}", 7, None),            # a step Word cannot count by
])  # fmt: skip
def test_label_format(template: str, step: int, expected: tuple[str, str] | None) -> None:
    found = label_format(template, step=step, chapter="2.99")
    assert found == expected
    if found is not None:
        for k in (1, 2, 9, 10, 11, 99, 100, 1000):
            printed = found[1].format(format_number(k, found[0]))
            assert printed == template.format(n=k * step, chapter="2.99")


def _lvl(data: bytes, abstract: int, level: int) -> tuple[str, str]:
    numbering = etree.fromstring(parts(data)["word/numbering.xml"])
    lvl = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract}']/"
                         f"{W}lvl[@{W}ilvl='{level}']")
    return lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val")


def _renumber(tree, sections: LevelFormat, first: LevelFormat):
    """The sample tree in another scheme: labels and numbers from the same data."""

    def sub(s: Subsection) -> Subsection:
        kids = tuple(sub(c) for c in s.children)
        if s.level != 0:
            return dataclasses.replace(s, children=kids)
        assert s.num is not None
        num = Number(1, s.num.ordinal, first)
        return dataclasses.replace(s, marker=num.text, children=kids, num=num)

    out = []
    for section in tree.sections:
        num = Number(0, section.number, sections)
        blocks = tuple(sub(b) if isinstance(b, Subsection) else b for b in section.blocks)
        out.append(dataclasses.replace(section, label=num.text, num=num, blocks=blocks))
    numbering = Numbering(sections, None, (first, *tree.numbering.levels[1:]))
    return dataclasses.replace(tree, sections=tuple(out), numbering=numbering)


def test_word_levels_come_from_the_tree_not_from_labels() -> None:
    tree = sample_ordinance.sample()
    data = render_docx(tree)
    assert _lvl(data, 0, 0) == ("decimal", "Section\u00a0%1")  # no line break after "Section"
    assert _lvl(data, 0, 1) == ("lowerLetter", "(%2)")
    assert _lvl(data, 0, 5) == ("lowerRoman", "(%6)")  # deeper levels repeat the last
    other = _renumber(tree, LevelFormat("upper-roman", "Article {}."),
                      LevelFormat("upper-letter", "{}."))
    data = render_docx(other)
    assert _lvl(data, 0, 0) == ("upperRoman", "Article %1")
    assert _lvl(data, 0, 1) == ("upperLetter", "%2.")
    document = parts(data)["word/document.xml"].decode()
    assert 'w:numId w:val="0"' not in document  # all of it native
    lines = [p.line for p in read(data)]
    assert "Article III. Council approval required" in lines
    assert any(line.startswith("A. Each department shall obtain approval") for line in lines)


def test_a_number_word_would_not_print_is_typed() -> None:
    tree = sample_ordinance.sample()
    section = tree.sections[2]
    first = section.blocks[0]
    assert isinstance(first, Subsection) and first.num is not None
    # the data says (c) where Word's counter gives (a): a gap
    gap = dataclasses.replace(first, marker="(c)", num=Number(1, 3, first.num.format))
    sections = (*tree.sections[:2], dataclasses.replace(section, blocks=(gap, *section.blocks[1:])),
                *tree.sections[3:])
    data = render_docx(dataclasses.replace(tree, sections=sections))
    paras = read(data)
    typed = next(p for p in paras if p.text.startswith("(c)\tEach department"))
    assert typed.number == ""  # out of the list, label typed
    # its children lost their numbered parent: typed too, with the tree's markers
    assert any(p.text.startswith("(1)\tseeking funds") and p.number == "" for p in paras)
    # Word's counter did not count (c), so it would print (a) for the next sibling:
    # that one keeps the tree's (b), typed; the next section is native again
    assert any(p.text.startswith("(b)\tThe notice") and p.number == "" for p in paras)
    assert any(p.number.strip() == "(a)" and p.text.startswith("a description") for p in paras)
