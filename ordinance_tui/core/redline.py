"""Redlines: what changed between two assembled ordinances, word by word.

``compare(old, new)`` returns a ``Redline``: every paragraph of the new text in
reading order, with the paragraphs only the old text had interleaved where they
stood, each a sequence of ``Chunk``s marked equal, insert or delete. Exporters
(``export/redline_docx.py``, ``export/redline_html.py``) print it; this module
knows nothing of file formats.

How the two texts are aligned (never by position alone):

- front matter by role (caption, sponsors, title, long title, enacting clause),
  recitals by clause id;
- sections by clause id, in order (a section that moved is a deletion plus an
  insertion);
- inside a section, subsections that carry a label (``label("x")``, and every
  definition, labelled by its term) by that label, the rest by a diff of their
  text; paragraphs left over in a changed stretch are paired when they are of
  the same kind and level and share at least half their words, otherwise they
  are whole insertions and deletions. Unlabelled subsection anchors are not
  used: they encode the position ("clause--b"), which an insertion shifts;
- numbers are not compared at all: section labels and subsection markers are the
  new text's (exporters use native numbering), so an insertion does not mark
  every later number as changed;
- a cross-reference compares by its target, so "Section 4(b)" that became
  "Section 5(b)" through renumbering is unchanged (the chunk keeps the old span
  in ``Chunk.old``; a Word field shows the right number either way).

Words, spaces and punctuation are separate tokens (any run of spaces equals any
other); short unchanged stretches caught between two changes are folded into
them, so a redline reads "~~thirty (30~~ __sixty (60__) days" rather than a
confetti of one-word marks.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, TypeVar

from .document import (
    Inline,
    Ordinance,
    Paragraph,
    Recital,
    Ref,
    Section,
    Subsection,
    TermDef,
    TermUse,
    Text,
    inline_text,
)

if TYPE_CHECKING:
    from .draft import Draft
    from .library import Library

__all__ = ["EQUAL", "INSERT", "DELETE", "Chunk", "Line", "Redline", "compare", "compare_drafts",
           "compare_section", "diff_inlines"]

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
PAIR_THRESHOLD = 0.5  # share of words two paragraphs need in common to be one changed paragraph
_MAX_PAIRING_CELLS = 40_000  # larger changed stretches are not paired (whole insert/delete)

Node = Section | Subsection | Paragraph | Recital


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of spans: unchanged (``equal``), added (``insert``) or removed (``delete``).

    ``inlines`` are the new text's spans for equal and insert, the old text's for
    delete. For equal, ``old`` holds the old text's spans: the same words, but a
    cross-reference may print another number.
    """

    op: str
    inlines: tuple[Inline, ...]
    old: tuple[Inline, ...] = ()

    @property
    def text(self) -> str:
        return "".join(inline_text(i) for i in self.inlines)

    @property
    def old_text(self) -> str:
        return "".join(inline_text(i) for i in (self.old if self.op == EQUAL else self.inlines))


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the redline.

    ``role`` is caption, sponsors, title, long_title, recitals_intro, recital,
    recitals_outro, enacting, heading, chapter, paragraph, subsection or
    signature. ``change`` is equal, changed, inserted (only the new text has it)
    or deleted (only the old text had it). ``new``/``old`` are the tree nodes
    (Section for a heading, Subsection, Paragraph, Recital; None for plain
    strings); ``new_section``/``old_section`` the section holding them.
    """

    role: str
    change: str
    chunks: tuple[Chunk, ...]
    new: Node | None = None
    old: Node | None = None
    new_section: Section | None = None
    old_section: Section | None = None

    def text(self, side: str = "new") -> str:
        """The paragraph's text as the new (or old) version prints it, without its number."""
        if side == "new":
            return "".join(c.text for c in self.chunks if c.op != DELETE)
        return "".join(c.old_text for c in self.chunks if c.op != INSERT)

    @property
    def label(self) -> str:
        """The printed number: the new text's, or the old text's for a deleted line."""
        return _label(self.new if self.new is not None else self.old)

    @property
    def old_label(self) -> str:
        return _label(self.old)

    @property
    def level(self) -> int:
        """Subsection level (0 = first level), -1 for anything else."""
        node = self.new if self.new is not None else self.old
        return node.level if isinstance(node, Subsection) else -1


def _label(node: Node | None) -> str:
    if isinstance(node, Section):
        return node.label
    if isinstance(node, Subsection):
        return node.marker
    return ""


@dataclass(frozen=True)
class Redline:
    """The comparison of ``old`` with ``new``: ``lines`` in the new text's reading order."""

    old: Ordinance
    new: Ordinance
    lines: tuple[Line, ...]

    @property
    def changed(self) -> bool:
        return any(line.change != "equal" for line in self.lines)

    def insertions(self) -> list[str]:
        """The text of every inserted run, in order (whitespace collapsed)."""
        return self._runs(INSERT)

    def deletions(self) -> list[str]:
        """The text of every deleted run, in order (whitespace collapsed)."""
        return self._runs(DELETE)

    def _runs(self, op: str) -> list[str]:
        out = []
        for line in self.lines:
            for chunk in line.chunks:
                if chunk.op == op:
                    text = " ".join(chunk.text.split())
                    if text:
                        out.append(text)
        return out


# ---------------------------------------------------------------------------
# Words


@dataclass(frozen=True, slots=True)
class Token:
    key: Hashable
    text: str
    source: int  # index of the span it came from (tokens of one span merge back)
    span: Inline


_WORD = re.compile(r"[$\u20ac\u00a3]?\d+(?:[.,]\d+)*%?|\w+(?:['\u2019]\w+)*|\s+|[^\w\s]")


def tokens(inlines: Iterable[Inline]) -> list[Token]:
    out: list[Token] = []
    for index, span in enumerate(inlines):
        if isinstance(span, Ref):
            out.append(Token(("ref", span.target, span.resolved), span.text, index, span))
        elif isinstance(span, TermDef):
            out.append(Token(("def", span.term), span.term, index, span))
        else:
            for match in _WORD.finditer(span.text):
                word = match.group()
                out.append(Token(" " if word.isspace() else word, word, index, span))
    return out


def _spans(toks: Sequence[Token]) -> tuple[Inline, ...]:
    """Tokens back into spans: neighbours from one span join (a term stays a term)."""
    out: list[Inline] = []
    group: list[Token] = []

    def flush() -> None:
        if not group:
            return
        span = group[0].span
        text = "".join(t.text for t in group)
        if isinstance(span, TermUse):
            out.append(TermUse(span.term, text))
        elif isinstance(span, Text):
            out.append(Text(text))
        else:
            out.append(span)
        group.clear()

    for tok in toks:
        if group and (tok.source != group[-1].source or isinstance(tok.span, Ref | TermDef)):
            flush()
        group.append(tok)
    flush()
    return tuple(out)


def _length(toks: Sequence[Token]) -> int:
    return sum(len(t.text.strip()) or 1 for t in toks)


def diff_inlines(old: Sequence[Inline], new: Sequence[Inline]) -> tuple[Chunk, ...]:
    """Word-level chunks that turn ``old`` into ``new`` (cross-references by target)."""
    a, b = tokens(old), tokens(new)
    # segments: (is_equal, old tokens, new tokens)
    segments: list[tuple[bool, list[Token], list[Token]]] = []
    for tag, i1, i2, j1, j2 in _opcodes([t.key for t in a], [t.key for t in b]):
        segments.append((tag == "equal", a[i1:i2], b[j1:j2]))
    segments = _fold_short_equalities(segments)
    chunks: list[Chunk] = []
    for equal, olds, news in segments:
        if equal:
            chunks.append(Chunk(EQUAL, _spans(news), _spans(olds)))
            continue
        if olds:
            chunks.append(Chunk(DELETE, _spans(olds)))
        if news:
            chunks.append(Chunk(INSERT, _spans(news)))
    return tuple(chunks)


def _opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher.get_opcodes`` for ``a`` and ``b``, the common start and end set
    aside first (as diff-match-patch does): a long paragraph with a few words changed
    is matched over the changed stretch only, not word against word throughout."""
    n = min(len(a), len(b))
    start = 0
    while start < n and a[start] == b[start]:
        start += 1
    end = 0
    while end < n - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle = SequenceMatcher(None, a[start:len(a) - end], b[start:len(b) - end],
                             autojunk=False).get_opcodes()
    out: list[tuple[str, int, int, int, int]] = []

    def add(tag: str, i1: int, i2: int, j1: int, j2: int) -> None:
        if i1 == i2 and j1 == j2:
            return
        if tag == "equal" and out and out[-1][0] == "equal":  # one stretch, as difflib gives
            i1, j1 = out.pop()[1::2]
        out.append((tag, i1, i2, j1, j2))

    add("equal", 0, start, 0, start)
    for tag, i1, i2, j1, j2 in middle:
        add(tag, i1 + start, i2 + start, j1 + start, j2 + start)
    add("equal", len(a) - end, len(a), len(b) - end, len(b))
    return out


def _fold_short_equalities(
    segments: list[tuple[bool, list[Token], list[Token]]],
) -> list[tuple[bool, list[Token], list[Token]]]:
    """Fold an unchanged stretch no longer than the changes on both sides into them.

    (The rule of diff-match-patch's semantic clean-up.) Cross-references are never
    folded: a reference that kept its target stays unmarked.
    """
    changed = True
    while changed:
        changed = False
        for i in range(1, len(segments) - 1):
            equal, olds, news = segments[i]
            before, after = segments[i - 1], segments[i + 1]
            if not equal or before[0] or after[0]:
                continue
            if any(isinstance(t.span, Ref) for t in news):
                continue
            size = _length(news)
            if size <= max(_length(before[1]), _length(before[2])) and \
                    size <= max(_length(after[1]), _length(after[2])):
                merged = (False, before[1] + olds + after[1], before[2] + news + after[2])
                segments[i - 1 : i + 2] = [merged]
                changed = True
                break
    # neighbouring changes (left by the fold) join
    out: list[tuple[bool, list[Token], list[Token]]] = []
    for seg in segments:
        if out and not seg[0] and not out[-1][0]:
            out[-1] = (False, out[-1][1] + seg[1], out[-1][2] + seg[2])
        else:
            out.append(seg)
    return out


def similarity(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_THRESHOLD or matcher.quick_ratio() < PAIR_THRESHOLD:
        return 0.0
    return matcher.ratio()


# ---------------------------------------------------------------------------
# Alignment

T = TypeVar("T")


def align(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], Hashable],
    score: Callable[[T, T], float],
) -> list[tuple[T | None, T | None]]:
    """Pairs (old, new) in order; (x, None) is a deletion, (None, y) an insertion.

    Items with equal keys pair first (a longest-matching-blocks diff); in each
    stretch between them, items pair where ``score`` reaches the threshold, as
    many and as similar as possible without crossing.
    """
    matcher = SequenceMatcher(None, [key(o) for o in old], [key(n) for n in new],
                              autojunk=False)
    out: list[tuple[T | None, T | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            paired = _pair_stretch(old[i1:i2], new[j1:j2], score)
            out.extend(paired)
    return out


def _pair_stretch(
    old: Sequence[T], new: Sequence[T], score: Callable[[T, T], float]
) -> list[tuple[T | None, T | None]]:
    n, m = len(old), len(new)
    pairs: list[tuple[int, int]] = []
    if n and m and n * m <= _MAX_PAIRING_CELLS:
        sim = [[score(o, w) for w in new] for o in old]
        # best[i][j]: best total similarity pairing old[i:] with new[j:]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            for j in range(m - 1, -1, -1):
                take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= PAIR_THRESHOLD else -1.0
                best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
        i = j = 0
        while i < n and j < m:
            if sim[i][j] >= PAIR_THRESHOLD and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
                pairs.append((i, j))
                i, j = i + 1, j + 1
            elif best[i][j] == best[i + 1][j]:
                i += 1
            else:
                j += 1
    out: list[tuple[T | None, T | None]] = []
    i = j = 0
    for pi, pj in [*pairs, (n, m)]:
        out.extend((o, None) for o in old[i:pi])  # deletions first, then insertions
        out.extend((None, w) for w in new[j:pj])
        if pi < n:
            out.append((old[pi], new[pj]))
        i, j = pi + 1, pj + 1
    return out


@dataclass
class Unit:
    """A paragraph to align: its role, level, identity, spans and tree node."""

    role: str
    ident: Hashable  # what must match for two units to pair (role, level, label ...)
    inlines: tuple[Inline, ...]
    node: Node | None = None
    section: Section | None = None
    label: str | None = None  # a hard key: units with the same label always pair
    _keys: tuple[Hashable, ...] | None = None

    @property
    def keys(self) -> tuple[Hashable, ...]:
        if self._keys is None:
            self._keys = tuple(t.key for t in tokens(self.inlines))
        return self._keys

    @property
    def key(self) -> Hashable:
        if self.label is not None:
            return ("label", self.ident, self.label)
        return ("text", self.ident, self.keys)


def unit_score(a: Unit, b: Unit) -> float:
    if a.ident != b.ident or (a.label is not None and b.label is not None):
        return 0.0  # different kinds, or two different labels
    return similarity(a.keys, b.keys)


def _line(old: Unit | None, new: Unit | None) -> Line:
    unit = new if new is not None else old
    assert unit is not None
    chunks: tuple[Chunk, ...]
    if old is None:
        change, chunks = "inserted", (Chunk(INSERT, unit.inlines),) if unit.inlines else ()
    elif new is None:
        change, chunks = "deleted", (Chunk(DELETE, unit.inlines),) if unit.inlines else ()
    elif old.inlines == new.inlines and old.inlines and all(
            isinstance(i, Ref | TermDef) or i.text for i in old.inlines):
        # The same spans, none empty: what diff_inlines would return, without the diff.
        change, chunks = "equal", (Chunk(EQUAL, new.inlines, old.inlines),)
    else:
        chunks = diff_inlines(old.inlines, new.inlines)
        change = "equal" if all(c.op == EQUAL for c in chunks) else "changed"
    return Line(unit.role, change, chunks,
                new.node if new else None, old.node if old else None,
                new.section if new else None, old.section if old else None)


def _text_unit(role: str, text: str, ident: Hashable = "") -> list[Unit]:
    return [Unit(role, (role, ident), (Text(text),))] if text else []


def _front(o: Ordinance) -> list[Unit]:
    units: list[Unit] = []
    for line in o.caption:
        units += _text_unit("caption", line)
    if o.sponsors:
        units += _text_unit("sponsors", "Introduced by: " + ", ".join(o.sponsors))
    units += _text_unit("title", o.short_title)
    units += _text_unit("long_title", o.long_title)
    units += _text_unit("recitals_intro", o.recitals_intro)
    for recital in o.recitals:
        units.append(Unit("recital", ("recital", recital.clause_id), recital.content.inlines,
                           recital))
    units += _text_unit("recitals_outro", o.recitals_outro)
    units += _text_unit("enacting", o.enacting_clause)
    return units


def section_units(section: Section) -> list[Unit]:
    units: list[Unit] = []

    def sub(s: Subsection) -> None:
        units.append(Unit("subsection", ("subsection", s.level), s.content.inlines, s, section,
                           s.label))
        for child in s.children:
            sub(child)

    for block in section.blocks:
        if isinstance(block, Subsection):
            sub(block)
        else:
            units.append(Unit("paragraph", ("paragraph",), block.inlines, block, section))
    return units


_CHAPTER = "\x00chapter"


def _sections(o: Ordinance) -> list[tuple[str, Section | None]]:
    """(key, section) in reading order; the chapter heading is (_CHAPTER, None)."""
    out: list[tuple[str, Section | None]] = []
    for section in o.sections:
        out.append((section.clause_id, section))
        if section.sections and o.chapter_label:
            out.append((_CHAPTER, None))
        out.extend((code.clause_id, code) for code in section.sections)
    return out


def compare_drafts(library: Library, old: Draft, new: Draft, *,
                   today: _dt.date | None = None) -> Redline:
    """Assemble two drafts (e.g. ``draft.at_version(name)`` and ``draft``) and compare them."""
    from .assemble import assemble

    return compare(assemble(library, old, today=today), assemble(library, new, today=today))


def compare(old: Ordinance, new: Ordinance) -> Redline:
    """The redline from ``old`` to ``new``: the new text with old-only paragraphs interleaved."""
    lines: list[Line] = []
    for a, b in align(_front(old), _front(new), lambda u: u.key, unit_score):
        lines.append(_line(a, b))
    for sa, sb in align(_sections(old), _sections(new), lambda s: s[0], _never):
        if (sa or sb or ("", None))[0] == _CHAPTER:
            chapter_a = _text_unit("chapter", old.chapter_label) if sa else []
            chapter_b = _text_unit("chapter", new.chapter_label) if sb else []
            if chapter_a or chapter_b:
                lines.append(_line(chapter_a[0] if chapter_a else None,
                                   chapter_b[0] if chapter_b else None))
            continue
        lines.extend(_section_lines(sa[1] if sa else None, sb[1] if sb else None))
    sig_old = [Unit("signature", ("signature",), (Text(line),)) for line in old.signature]
    sig_new = [Unit("signature", ("signature",), (Text(line),)) for line in new.signature]
    for a, b in align(sig_old, sig_new, lambda u: u.key, unit_score):
        lines.append(_line(a, b))
    return Redline(old, new, tuple(lines))


def compare_section(old: Section | None, new: Section | None) -> list[Line]:
    """One section's lines (heading first), as ``compare`` aligns them; None: absent."""
    return _section_lines(old, new)


def _never(_a: object, _b: object) -> float:
    return 0.0


def _section_lines(sa: Section | None, sb: Section | None) -> list[Line]:
    head_a = Unit("heading", ("heading",), (Text(sa.heading.strip()),), sa, sa) if sa else None
    head_b = Unit("heading", ("heading",), (Text(sb.heading.strip()),), sb, sb) if sb else None
    lines = [_line(head_a, head_b)]
    units_a = section_units(sa) if sa else []
    units_b = section_units(sb) if sb else []
    for a, b in align(units_a, units_b, lambda u: u.key, unit_score):
        lines.append(_line(a, b))
    return lines
