"""A test-side reader of amending ordinances, independent of ``core.amendment``.

``read_md`` parses the Markdown export with markdown-it (CommonMark) into amending
sections: the heading, the sentences, and each set-out line as accepted and rejected
(``<ins>``/``<del>``). ``apply`` carries out those sentences on the old text, as the
README states them, and returns the new text; ``law_text`` is the text of an assembled
ordinance in the same shape (label -> lines), read from the tree, not from the exporter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from ordinance_tui.core.document import Ordinance, Paragraph, Section, Subsection, inline_text
from ordinance_tui.core.library import Library

# A line of a section: (level, marker, text); level -2 is the heading (marker: the label),
# -1 flush text, 0.. a subsection.
LineT = tuple[int, str, str]


@dataclass
class Read:
    heading: str
    sentences: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    quoted: bool = False


def _inline(token: object, side: str) -> str:
    out: list[str] = []
    skip = 0
    for child in getattr(token, "children", None) or ():
        if child.type == "html_inline":
            tag = child.content.strip().lower()
            hidden = "<ins>" if side == "old" else "<del>"
            if tag == hidden:
                skip += 1
            elif tag == hidden.replace("<", "</"):
                skip -= 1
            continue
        if skip:
            continue
        if child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type.endswith("_open") or child.type.endswith("_close"):
            continue
        else:
            out.append(child.content)
    return "".join(out).strip()


def read_md(text: str) -> tuple[list[str], list[Read]]:
    """(the paragraphs before the first section, the amending sections)."""
    tokens = MarkdownIt("commonmark").parse(text)
    front: list[str] = []
    sections: list[Read] = []
    depth = 0
    in_heading = False
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open":
            depth += 1
        elif tok.type == "blockquote_close":
            depth -= 1
        elif tok.type == "heading_open":
            in_heading = True
        elif tok.type == "inline" and in_heading:
            if tokens[i - 1].tag == "h2":
                sections.append(Read(_inline(tok, "new")))
            else:
                front.append(_inline(tok, "new"))
            in_heading = False
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            if not sections:
                front.append(_inline(tok, "new"))
            elif depth:
                sections[-1].quoted = True
                for side, into in (("new", sections[-1].accepted),
                                   ("old", sections[-1].rejected)):
                    line = _inline(tok, side)
                    if line:  # a paragraph only the other side has
                        into.append(line)
            else:
                sections[-1].sentences.append(_inline(tok, "new"))
        elif tok.type == "hr":
            break
    return front, sections


def md_text(text: str) -> str:
    """The Markdown's text as read (the new side of every mark), a paragraph a line."""
    front, sections = read_md(text)
    lines = list(front)
    for section in sections:
        lines += [section.heading, *section.sentences, *section.accepted]
    return "\n".join(lines)


def section_lines(section: Section) -> list[LineT]:
    """A section's lines as the tree has them."""
    out: list[LineT] = [(-2, section.label, section.heading.strip())]

    def sub(s: Subsection) -> None:
        out.append((s.level, s.marker, "".join(inline_text(i) for i in s.content.inlines)))
        for child in s.children:
            sub(child)

    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append((-1, "", block.plain))
        else:
            sub(block)
    return out


def printed(line: LineT) -> str:
    return f"{line[1]} {line[2]}".strip()


def law_text(library: Library, o: Ordinance) -> dict[str, list[LineT]]:
    """What an amendment amends, by reference label: code sections, or codified parts'."""
    if o.codified:
        units = [s for s in o.all_sections() if s.codified]
    else:
        units = [s for s in o.sections if library.parts[s.part].codified]
    return {s.ref_label: section_lines(s) for s in units}


def tail_text(library: Library, o: Ordinance) -> list[tuple[str, list[str]]]:
    """The sections the amending ordinance enacts itself: (heading, paragraphs)."""
    if o.codified:
        units = [s for s in o.sections if not s.sections and not s.codified]
    else:
        units = [s for s in o.sections if not library.parts[s.part].codified]
    return [(s.heading, [printed(line) for line in section_lines(s)[1:]]) for s in units]


# -- the sentences -------------------------------------------------------------------------

_REPEAL = re.compile(r"^(?P<t>.+?) of .+ is repealed\.$")
_RENUMBER = re.compile(r"^(?P<t>.+?) of .+ is renumbered as (?P<n>.+?)\.$")
_READ = re.compile(r"^(?P<t>.+?) of .+? is (?:renumbered as (?P<n>.+?) and )?amended to read "
                   r"as follows:$")
_AS_FOLLOWS = re.compile(r"^(?P<t>.+?) of .+? is (?:renumbered as (?P<n>.+?) and )?amended as "
                         r"follows:$")
_ADD = re.compile(r"^.+ is amended by adding a new (?P<n>.+?) to read as follows:$")
_HEADING = re.compile(r'^The heading of (?P<t>.+) is amended to read "(?P<h>.*)"\.$')
_AFTER = re.compile(r'^(?P<t>.+?) is amended by inserting "(?P<i>.*)" after "(?P<a>.*)"\.$')
_BEFORE = re.compile(r'^(?P<t>.+?) is amended by inserting "(?P<i>.*)" before "(?P<b>.*)"\.$')
_BOTH = re.compile(r'^(?P<t>.+?) is amended by striking "(?P<s>.*)" and inserting "(?P<i>.*)"\.$')
_STRIKE = re.compile(r'^(?P<t>.+?) is amended by striking "(?P<s>.*)"\.$')
_TARGET = re.compile(r"^(?P<ref>.*?)(?P<path>(?:\([^()]*\))*)$")
_CLOSING = ",.;:)]\u201d"
BARE = re.compile(r"^\S+\s*\d+\.$")  # an amending section's heading: its number alone


def _once(text: str, words: str) -> int:
    hits = [m.start() for m in re.finditer(f"(?={re.escape(words)})", text)]
    assert len(hits) == 1, f"{words!r} occurs {len(hits)} times in {text!r}"
    return hits[0]


def apply_words(text: str, sentence: str) -> str:
    """One word instruction ("by striking ... and inserting ...") carried out on ``text``."""
    if m := _AFTER.match(sentence):
        at = _once(text, m["a"]) + len(m["a"])
        sep = "" if m["i"][:1] in _CLOSING else " "
        return text[:at] + sep + m["i"] + text[at:]
    if m := _BEFORE.match(sentence):
        at = _once(text, m["b"])
        return text[:at] + m["i"] + " " + text[at:]
    if m := _BOTH.match(sentence):
        at = _once(text, m["s"])
        return text[:at] + m["i"] + text[at + len(m["s"]):]
    if m := _STRIKE.match(sentence):
        at = _once(text, m["s"])
        end = at + len(m["s"])
        if at > 0 and text[at - 1] == " ":
            return text[:at - 1] + text[end:]
        return text[:at] + text[end:].removeprefix(" ")
    raise AssertionError(f"not an instruction: {sentence!r}")


def _path_of(lines: list[LineT], index: int) -> str:
    level, marker, _ = lines[index]
    path = [marker]
    for prev in reversed(lines[:index]):
        if prev[0] >= 0 and prev[0] < level:
            path.insert(0, prev[1])
            level = prev[0]
    return "".join(path)


def _target(sentence: str) -> str:
    for pattern in (_HEADING, _AFTER, _BEFORE, _BOTH, _STRIKE):
        if m := pattern.match(sentence):
            return m["t"]
    raise AssertionError(f"not an instruction: {sentence!r}")


def carry_out(lines: list[LineT], sentences: list[str], ref: str) -> list[LineT]:
    """The instructions on one section (``ref``, its reference label) carried out in order."""
    lines = list(lines)
    for sentence in sentences:
        if m := _HEADING.match(sentence):
            assert m["t"] == ref, sentence
            lines[0] = (-2, lines[0][1], m["h"])
            continue
        target = _TARGET.match(_target(sentence))
        assert target is not None and target["ref"] == ref, (sentence, ref)
        if not target["path"]:
            flush = [i for i, line in enumerate(lines) if line[0] == -1]
            joined = apply_words("\n".join(lines[i][2] for i in flush), sentence)
            parts = joined.split("\n")
            assert len(parts) == len(flush), sentence
            for i, part in zip(flush, parts, strict=True):
                lines[i] = (-1, "", part)
            continue
        found = [i for i, line in enumerate(lines) if line[0] >= 0
                 and _path_of(lines, i) == target["path"]]
        assert len(found) == 1, (sentence, found)
        level, marker, text = lines[found[0]]
        lines[found[0]] = (level, marker, apply_words(text, sentence))
    return lines


def _number(ref: str) -> str:
    return ref.split()[-1]


def apply(old: dict[str, list[LineT]], sections: list[Read]) -> dict[str, list[str]]:
    """The new text (label -> printed lines) that the amending sections make of ``old``.

    Every number a sentence names is the old text's: all sentences act at once.
    """
    out: dict[str, list[str]] = {}
    touched: set[str] = set()
    for section in sections:
        if not BARE.match(section.heading):
            continue  # a section the amending ordinance enacts itself (it has a heading)
        intro, rest = section.sentences[0], section.sentences[1:]
        if m := _ADD.match(intro):
            assert m["n"] not in out
            out[m["n"]] = section.accepted
            continue
        if m := _REPEAL.match(intro):
            assert m["t"] in old
            touched.add(m["t"])
            continue
        if m := _READ.match(intro):
            t, n = m["t"], m["n"] or m["t"]
            touched.add(t)
            # rejecting the marks gives the old text back
            assert section.rejected == [printed(line) for line in old[t]], t
            out[n] = section.accepted
            continue
        if m := _AS_FOLLOWS.match(intro):
            t, n = m["t"], m["n"] or m["t"]
            touched.add(t)
            lines = carry_out(old[t], rest, t)
            if n != t:
                label = lines[0][1].replace(_number(t), _number(n), 1)
                lines[0] = (-2, label, lines[0][2])
            out[n] = [printed(line) for line in lines]
            continue
        if m := _RENUMBER.match(intro):
            t, n = m["t"], m["n"]
            touched.add(t)
            lines = list(old[t])
            lines[0] = (-2, lines[0][1].replace(_number(t), _number(n), 1), lines[0][2])
            out[n] = [printed(line) for line in lines]
            continue
        raise AssertionError(f"not an amending sentence: {intro!r}")
    for ref, lines in old.items():
        if ref not in touched:
            assert ref not in out, f"{ref} is both kept and made"
            out[ref] = [printed(line) for line in lines]
    return out
