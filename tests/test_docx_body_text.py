"""The Word body is written into word/document.xml as text, never parsed (issue 10).

``Reference.set_body`` keeps the body XML text and ``save`` puts it in place of a
mark, so the text must be exactly what lxml would have written for the parsed body
(the exporter used to parse it and serialize it again). These tests check that by
reading the package back with python-docx, whose parser is the one the body used to
go through, and serializing the part again: the bytes must not change.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.opc.oxml import serialize_part_xml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ordinance_tui.core.document import Ordinance, Paragraph, Subsection, TermDef, Text
from ordinance_tui.core.redline import compare
from ordinance_tui.export.docx import render_docx
from ordinance_tui.export.ooxml.package import parse
from ordinance_tui.export.ooxml.xml import W_NS, attr
from ordinance_tui.export.redline_docx import render_redline_docx

from . import sample_ordinance
from .test_reference_docx import city_template


def written_back(data: bytes) -> tuple[bytes, bytes]:
    """word/document.xml as saved, and as python-docx writes it after reading it."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        saved = archive.read("word/document.xml")
    document = docx.Document(BytesIO(data))
    return saved, serialize_part_xml(document.element)


TREES = {"sample": sample_ordinance.sample, "codified": sample_ordinance.codified,
         "hostile": sample_ordinance.hostile}


@pytest.mark.parametrize("annotated", [False, True])
@pytest.mark.parametrize("name", sorted(TREES))
def test_body_text_is_what_lxml_writes(name: str, annotated: bool) -> None:
    saved, again = written_back(render_docx(TREES[name](), annotated=annotated))
    assert b"ordinance-tui: the body" not in saved
    assert saved.count(b"<w:body>") == 1 and b"<w:sectPr" in saved
    assert saved == again


@pytest.mark.parametrize("tracked", [True, False])
def test_redline_body_text_is_what_lxml_writes(tracked: bool) -> None:
    redline = compare(sample_ordinance.sample(), sample_ordinance.codified())
    saved, again = written_back(render_redline_docx(redline, tracked=tracked,
                                                    author='Ada "A" <Ruiz> & co'))
    assert saved == again


def test_city_template_body_text_is_what_lxml_writes(tmp_path: Path) -> None:
    template = city_template(tmp_path / "city.docx")
    saved, again = written_back(render_docx(sample_ordinance.hostile(), annotated=True,
                                            reference_docx=template))
    assert saved == again


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["&", "<", ">", '"', "'", "]]>", "&amp;", "&#9;", "\r\n", "\t", "  ", "<w:p>", "\u00a0",
     "\U0001f600", "\ufffe", "\x00", "\x85", "\u2028"])


def with_text(text: str) -> Ordinance:
    """The sample with ``text`` as a heading, a paragraph, a subsection and a defined term."""
    base = sample_ordinance.sample()
    replace = sample_ordinance.replace
    section = base.sections[1]
    sub = next(b for b in section.blocks if isinstance(b, Subsection))
    para = Paragraph((Text(text), TermDef(text or "x"), Text(text)))
    section = replace(section, heading=text, blocks=(para, replace(sub, content=para)))
    return replace(base, short_title=text, caption=(text,), sponsors=(text,),
                   sections=(base.sections[0], section, *base.sections[2:]))


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6).map("".join))
def test_any_text_is_written_as_lxml_writes_it(text: str) -> None:
    saved, again = written_back(render_docx(with_text(text)))
    assert saved == again


ATTRIBUTE = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("\t\n\r&<>\"'")), max_size=20)


@settings(max_examples=200, deadline=None)
@given(ATTRIBUTE)
def test_attribute_text_is_what_lxml_writes(value: str) -> None:
    """A style id or a bookmark name with breaks, tabs or markup, e.g. from a city's template."""
    xml = f'<w:pStyle xmlns:w="{W_NS}" w:val="{attr(value)}"/>'
    element = parse(xml)
    assert etree.tostring(element, encoding="unicode") == xml
