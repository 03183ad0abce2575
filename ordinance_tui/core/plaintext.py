"""A drafter's own text: plain text with three small marks, never a template.

Library clauses are Jinja2 templates; what a drafter writes (a section of their own,
a definition of their own, an override in the new form) is plain text, printed as
typed: ``{{`` in it is two braces. ``compile_plain`` turns it into the same marked-up
text a rendered template gives (``core.templating``'s sentinels), so the assembler
numbers, cross-references and defines it like any clause:

- a line starting ``- `` is a subsection; two more spaces of indent, one level deeper;
- a defined term typed as it is defined (its capitals; or its plural in ``s``, ``es`` or
  ``ies``) is a use of the term: it is defined in the definitions section;
- ``[[clause.id]]`` or ``[[clause.id#(b)(2)]]`` is a reference by id, printed as the
  target's current number ("Section 7(b)(2)");
- ``[[label:period]]`` names the subsection it is in, so ``[[clause.id#period]]`` finds
  it wherever it moves (the library's clauses name theirs with ``label()``);
- ``[[answer:notice_days]]`` prints an answer, ``[[answer:notice_days|days]]`` through
  one of the legal formatting filters (``legalfmt.FILTERS``): "thirty (30) days".

Anything else in double brackets is printed as typed, and reported. ``section_plain``
goes the other way: an assembled section as plain text, for the app's editor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .document import Block, Inline, Paragraph, Ref, Subsection, inline_text
from .legalfmt import FILTERS, comma_and
from .templating import _label, _ref, _term, clean_text

_MARK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_REF_ID = re.compile(r"^[A-Za-z0-9_.\-]+(#[A-Za-z0-9_.()\-]+)?$")
ANSWER = "answer:"
LABEL = "label:"


def compile_plain(text: str, terms: Iterable[str], answers: Mapping[str, Any],
                  owner: str = "text") -> tuple[str, list[str]]:
    """``text`` as marked-up clause text, and the problems met (``owner`` names it).

    ``terms`` are the defined terms a typed name can use; ``answers`` the resolved
    answers (the template context) an ``[[answer:...]]`` mark reads.
    """
    text = clean_text(text)
    problems: list[str] = []
    pattern = _terms_pattern(tuple(sorted(set(terms))))
    out: list[str] = []
    pos = 0
    for match in _MARK.finditer(text):
        out.append(_with_terms(text[pos:match.start()], pattern))
        out.append(_mark(match.group(1).strip(), match.group(0), answers, owner, problems))
        pos = match.end()
    out.append(_with_terms(text[pos:], pattern))
    return "".join(out), problems


def _mark(inner: str, typed: str, answers: Mapping[str, Any], owner: str,
          problems: list[str]) -> str:
    if inner.startswith(ANSWER):
        name, _, filter_name = inner[len(ANSWER):].partition("|")
        name, filter_name = name.strip(), filter_name.strip()
        if name not in answers:
            problems.append(f"{owner}: {typed} names no answer of this draft")
            return typed
        try:
            return answer_text(answers[name], filter_name)
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{owner}: {typed} cannot be printed: {exc}")
            return typed
    if inner.startswith(LABEL) and _REF_ID.match(inner[len(LABEL):].strip()):
        return _label(inner[len(LABEL):].strip())
    if _REF_ID.match(inner):
        return _ref(inner)
    problems.append(f"{owner}: {typed} is neither a reference ([[clause.id]]) nor an answer "
                    "([[answer:question_id]]); printed as typed")
    return typed


def answer_text(value: Any, filter_name: str = "") -> str:
    """An answer as a drafter's text prints it, through ``filter_name`` when given."""
    if filter_name:
        if filter_name not in FILTERS:
            raise KeyError(f"no filter {filter_name!r}; there are {', '.join(sorted(FILTERS))}")
        return clean_text(str(FILTERS[filter_name](value)))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return clean_text(comma_and(str(v) for v in value))
    if isinstance(value, dict):
        raise TypeError("it is a group of answers, not one value")
    return clean_text(str(value))


_Terms = tuple[re.Pattern[str], dict[str, str]]


@functools.lru_cache(maxsize=64)
def _terms_pattern(terms: tuple[str, ...]) -> _Terms | None:
    """One pattern for every term and its plurals (``s``, ``es``, ``y`` -> ``ies``), longest
    first, so "Surveillance Technology" wins over "Technology"; matched as whole words.
    With it, each form's term."""
    forms: dict[str, str] = {}
    for term in (t for t in terms if t.strip()):
        for form in (term, term + "s", term + "es") + (
                (term[:-1] + "ies",) if term.endswith("y") else ()):
            forms.setdefault(form, term)
    if not forms:
        return None
    names = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{names})(?![\w])"), forms


def _with_terms(text: str, terms: _Terms | None) -> str:
    if terms is None or not text:
        return text
    pattern, forms = terms
    return pattern.sub(lambda m: _term(forms[m.group(0)], m.group(0)), text)


def terms_typed(text: str, terms: Iterable[str]) -> set[str]:
    """The defined terms a drafter's ``text`` uses (as ``compile_plain`` recognises them)."""
    found = _terms_pattern(tuple(sorted(set(terms))))
    if found is None:
        return set()
    pattern, forms = found
    return {forms[m.group(0)] for m in pattern.finditer(_MARK.sub(" ", clean_text(text)))}


def references(text: str) -> list[str]:
    """The reference targets (``clause.id`` or ``clause.id#sub``) in a drafter's text."""
    return [m.group(1).strip() for m in _MARK.finditer(text)
            if _REF_ID.match(m.group(1).strip()) and not m.group(1).strip().startswith(ANSWER)]


_PREFIX_BEFORE_BARE = re.compile("(?:Sections|Section|§§|§|Secs\\.|Sec\\.)[ \u00a0]$")


def section_plain(blocks: Sequence[Block]) -> str:
    """An assembled section's text as a drafter's plain text: what ``compile_plain``
    reads back as the same section (answers as the values they print).

    Paragraphs are separated by blank lines, subsections are ``- `` items indented two
    spaces a level, terms print as typed and references become ``[[target]]``.
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if out:
                out.append("")
            out.append(_inline_plain(block.inlines))
        else:
            out.extend(_sub_plain(block))
    return "\n".join(out)


def paragraph_plain(paragraph: Paragraph) -> str:
    """One paragraph as plain text on one line, references as ``[[target]]`` marks."""
    return _inline_plain(paragraph.inlines)


def _sub_plain(sub: Subsection) -> list[str]:
    label = f"[[{LABEL}{sub.label}]] " if sub.label else ""
    lines = ["  " * sub.level + "- " + label + _inline_plain(sub.content.inlines)]
    for child in sub.children:
        lines.extend(_sub_plain(child))
    return lines


def _inline_plain(inlines: Sequence[Inline]) -> str:
    text = ""
    for span in inlines:
        if isinstance(span, Ref) and span.target:
            if span.text[:1].isdigit():  # one number of a list: "Sections 4 and 7"
                text = _PREFIX_BEFORE_BARE.sub("", text)
            text += f"[[{span.target}]]"
        else:
            text += inline_text(span)
    return " ".join(text.split())
