"""The reference matrix's elements E01-E50 and what recognises each in a law's text.

``clauses/elements.yaml`` is their one declaration: each element's id and name, and
its ``evidence`` (regular expressions with weights), ``requires`` and ``unless``
patterns, which ``core.analyze`` reads. ``read_elements`` validates one such file
(the built-in one, or a pack's, which may only add evidence to known elements);
``read_layers`` reads a library's layers (``Library.elements``, on first use: compiling
the patterns costs about 0.1 s, which no build pays); ``builtin_elements`` is the
built-in declaration, read once, behind ``core.laws.ELEMENTS``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .models import Model
from .problems import InputError, Problem
from .validate import validate
from .yamlio import load_yaml_file

_ID = re.compile(r"^E\d\d$")
MAX_PATTERN = 600  # characters: a pattern is a phrase, not a program


class EvidenceEntry(Model, frozen=True, kw_only=True):
    """A phrase that shows the element: ``pattern`` found in one sentence counts ``weight``,
    unless one of ``unless`` is found in the same sentence."""

    pattern: str
    weight: float
    unless: tuple[str, ...] = ()


class ElementEntry(Model, frozen=True, kw_only=True):
    """One element in ``elements.yaml`` (a pack's entry names no ``name``: it adds)."""

    id: str
    name: str = ""
    evidence: tuple[EvidenceEntry, ...] = ()
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()


class ElementsFile(Model, frozen=True, kw_only=True):
    elements: tuple[ElementEntry, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    pattern: re.Pattern[str]
    weight: float
    unless: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True, slots=True)
class Element:
    """An element of the reference matrix and its detection, compiled."""

    id: str
    name: str
    evidence: tuple[Evidence, ...] = ()
    requires: tuple[re.Pattern[str], ...] = ()  # each must occur in the sentence's section
    unless: tuple[re.Pattern[str], ...] = ()  # any, anywhere in the text: not there

    def extended(self, other: Element) -> Element:
        """This element with ``other``'s evidence, requires and unless added."""
        return Element(self.id, self.name, self.evidence + other.evidence,
                       self.requires + other.requires, self.unless + other.unless)


def read_elements(path: Path, problems: list[Problem], known: dict[str, Element] | None = None
                  ) -> dict[str, Element]:
    """Validate an elements file; its problems go to ``problems``.

    With ``known`` (the elements so far), entries add to known elements and may not
    name new ones; without, every entry needs a name (the built-in declaration).
    """
    data, found = load_yaml_file(path)
    problems.extend(found)
    if data is None:
        return {}
    file = str(path)
    checked = validate(data, ElementsFile, file, "elements file")
    problems.extend(checked.problems)
    if checked.value is None:
        return {}
    out: dict[str, Element] = {}
    for i, entry in enumerate(checked.value.elements):
        line = checked.line("elements", i)

        def error(message: str, line: int = line, eid: str = entry.id) -> None:
            problems.append(Problem(file, line, f"element {eid!r}: {message}"))

        if not _ID.match(entry.id):
            error("ids are E01 to E50 (the reference matrix's)")
            continue
        if known is None and not entry.name:
            error("the declaration gives every element a name")
            continue
        if known is not None and entry.id not in known:
            error("a pack may add evidence to the 50 elements but not declare new ones")
            continue
        if entry.id in out:
            error("listed twice in one file; merge the entries")
            continue
        start = len(problems)
        evidence = []
        for j, ev in enumerate(entry.evidence):
            where = checked.line("elements", i, "evidence", j)
            if not 0 < ev.weight <= 1:
                problems.append(Problem(file, where, f"element {entry.id!r}: evidence "
                                        f"weight {ev.weight} must be more than 0 and at most 1"))
            pattern = _compile(ev.pattern, file, where, entry.id, problems)
            unless = tuple(_compile(p, file, where, entry.id, problems) for p in ev.unless)
            if pattern is not None and None not in unless:
                evidence.append(Evidence(pattern, ev.weight,
                                         tuple(u for u in unless if u is not None)))
        requires = tuple(_compile(p, file, line, entry.id, problems) for p in entry.requires)
        unless = tuple(_compile(p, file, line, entry.id, problems) for p in entry.unless)
        if problems[start:]:
            continue
        name = entry.name or (known[entry.id].name if known else "")
        out[entry.id] = Element(entry.id, name, tuple(evidence),
                                tuple(r for r in requires if r is not None),
                                tuple(u for u in unless if u is not None))
    return out


def _compile(pattern: str, file: str, line: int, eid: str, problems: list[Problem]
             ) -> re.Pattern[str] | None:
    if len(pattern) > MAX_PATTERN:
        problems.append(Problem(file, line, f"element {eid!r}: a pattern of {len(pattern)} "
                                f"characters is more than {MAX_PATTERN}; split it"))
        return None
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        problems.append(Problem(file, line, f"element {eid!r}: the pattern {pattern!r} is not "
                                f"a regular expression ({exc})"))
        return None


def read_layers(files: tuple[tuple[str, bool], ...]) -> tuple[dict[str, Element], list[Problem]]:
    """The elements the library's layers declare: ``files`` are (path, whether a pack's).

    The first file that is not a pack's declares them; each later one (a pack's) adds
    to them; with no declaration, packs add to the built-in one.
    """
    problems: list[Problem] = []
    elements: dict[str, Element] = {}
    for file, pack in files:
        path = Path(file)
        if pack or elements:
            known = dict(elements or builtin_elements())
            for eid, more in read_elements(path, problems, known).items():
                known[eid] = known[eid].extended(more)
            elements = known
        else:
            elements = read_elements(path, problems)
    return elements or dict(builtin_elements()), problems


@functools.cache
def builtin_names() -> dict[str, str]:
    """The built-in elements' ids and names, without compiling their patterns."""
    from .library import builtin_source

    path = builtin_source().clauses / "elements.yaml"
    data, problems = load_yaml_file(path)
    checked = validate(data, ElementsFile, str(path), "elements file")
    if problems or checked.problems or checked.value is None:
        raise InputError(problems + checked.problems)
    return {e.id: e.name for e in checked.value.elements}


@functools.cache
def builtin_elements() -> dict[str, Element]:
    """The built-in declaration (``clauses/elements.yaml``), read on first use."""
    from .library import builtin_source

    problems: list[Problem] = []
    elements = read_elements(builtin_source().clauses / "elements.yaml", problems)
    if problems:
        raise InputError(problems)
    return elements
