"""Phrase checks for the lint rules that can only read printed text (L020-L025).

Where a clause's metadata says what it does (``role``, ``binds``, ``allows``), lint reads
that. A drafter's own section, an override that rewrites a clause, or a pack clause that
declares nothing leaves only its English: these helpers read it conservatively, sentence
by sentence, and each names what it found so the diagnostic can quote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .document import Paragraph, Section, Subsection, TermUse

# A duty's only time limit, when it is one of these, cannot be enforced (counsel's C3).
VAGUE_TIME = re.compile(
    r"\b(promptly|as soon as (?:reasonably )?(?:practicable|possible|feasible)"
    r"|without (?:unreasonable |undue )?delay|forthwith|in a timely (?:manner|fashion))\b",
    re.IGNORECASE)
# What counts as a measured time limit next to it.
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
           "|December")
MEASURED_TIME = re.compile(
    r"\b(?:days?|hours?|weeks?|months?|years?)\b|\b(?:no|not) later than\b"
    r"|\bby (?:the )?(?:" + _MONTHS + r"|end|first|last|date|deadline)\b|\beach year\b"
    r"|\bannually\b|\bquarterly\b|\bat least\b|\bbefore\b|\bafter the (?:end|close)\b",
    re.IGNORECASE)
_DUTY = re.compile(r"\b(must|shall|is required to|are required to)\b")
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


def sentences(text: str) -> list[str]:
    """``text`` split into sentences (and the clauses of a list item joined by ';')."""
    return [s for s in _SENTENCE.split(" ".join(text.split())) if s]


def units(section: Section) -> Iterator[tuple[str, str]]:
    """(text, the text that introduces it) for each paragraph of ``section``: a list
    item's introduction is its parent's text ("The Agency must:")."""

    def walk(sub: Subsection, intro: str) -> Iterator[tuple[str, str]]:
        text = sub.content.plain
        yield text, intro
        for child in sub.children:
            yield from walk(child, text if text.rstrip().endswith(":") else intro)

    last = ""
    for block in section.blocks:
        if isinstance(block, Paragraph):
            last = block.plain
            yield last, ""
        else:
            yield from walk(block, last if last.rstrip().endswith(":") else "")


def vague_deadlines(section: Section) -> Iterator[tuple[str, str]]:
    """(the vague word, the sentence) for each duty whose only time limit is vague."""
    for text, intro in units(section):
        if not VAGUE_TIME.search(text):
            continue  # (most paragraphs)
        duty_intro = bool(_DUTY.search(intro))
        for sentence in sentences(text):
            found = VAGUE_TIME.search(sentence)
            if not found or not (duty_intro or _DUTY.search(sentence)):
                continue
            if MEASURED_TIME.search(sentence):
                continue
            yield found.group(1), sentence


# -- suits and writs ------------------------------------------------------------------------

_SUIT = re.compile(r"\b(civil action|action|actions|suit|sue|sued|proceeding|writs? of "
                   r"mandate|writs? of mandamus|mandamus|relief)\b", re.IGNORECASE)
_WRIT = re.compile(r"\bwrits? of (?:mandate|mandamus)\b|\bmandamus\b", re.IGNORECASE)
_AGAINST = re.compile(r"\bagainst\s+(.*?)(?=[.;:]\s|[.;:]?$|,\s+(?:the court|in a court)\b)",
                      re.IGNORECASE)
# "any person, other than a government or an agency of a government, that holds data":
# the exclusion names governments to leave them out.
_OTHER_THAN = re.compile(r",?\s*\b(?:other than|except|excluding|but not)\b.*?"
                         r"(?:,(?=\s+(?:that|who|which|in|for)\b)|$)", re.IGNORECASE)
_PRIVATE = re.compile(r"\b(Private Entit(?:y|ies)|business(?:es)?|compan(?:y|ies)|"
                      r"corporations?|vendors?|contractors?|Third Part(?:y|ies)|"
                      r"(?:any|a|each|every) (?:other )?(?:person|holder)s?)\b", re.IGNORECASE)
# Governments a local law cannot order or make suable; and those a state act cannot.
_OTHER_GOVERNMENT_LOCAL = re.compile(
    r"\b(the State(?! Bar)\b|State of [A-Z]\w+|the Commonwealth|state agenc(?:y|ies)|"
    r"(?:the|a|any) state\b|the United States|(?:the )?federal government|federal agenc(?:y|ies)|"
    r"(?:another|any other|other) (?:city|cities|town|village|county|counties|state|"
    r"government|municipality|political subdivision|public entity)s?|"
    r"(?:any|a) (?:government|public entity|political subdivision|municipality)\b|"
    r"(?i:(?:a |any |the )?courts?\b|(?:a |any |the )?judges?\b|"
    r"(?:the |any |a )?(?:county )?sheriff|(?:the |any |a )?district attorney)|"
    r"[A-Z]\w+ County\b)")
# A county's sheriff and district attorney are officers of the county itself.
_COUNTY_OFFICERS = re.compile(r"sheriff|district attorney", re.IGNORECASE)
_OTHER_GOVERNMENT_STATE = re.compile(
    r"\b(the United States|(?:the )?federal government|federal agenc(?:y|ies)|"
    r"(?:another|any other) state|(?:a|any) foreign state)\b")


_FORUM = re.compile(r"\s+(?:in|before) (?:a|any|the|its own)\b[^,]*?\bcourts?\b.*$",
                    re.IGNORECASE)


def defendants(sentence: str) -> list[str]:
    """The "against ..." phrases of a sentence, without their "other than ..." parts and
    the court they are brought in ("in a court of competent jurisdiction")."""
    return [_FORUM.sub("", _OTHER_THAN.sub("", m.group(1)))
            for m in _AGAINST.finditer(sentence)]


def suits_against_governments(text: str, kind: str, own: tuple[str, ...]
                              ) -> Iterator[tuple[str, str]]:
    """(the government named, the sentence) for each suit or writ against another
    government: any other government in a local law, the United States or another state
    in a state act. ``own`` are the draft's own names ("the County of Elm Grove")."""
    pattern = _OTHER_GOVERNMENT_STATE if kind == "state" else _OTHER_GOVERNMENT_LOCAL
    for sentence in sentences(text):
        if not _SUIT.search(sentence):
            continue
        for phrase in defendants(sentence):
            for name in own:
                phrase = phrase.replace(name, "")
            for found in pattern.finditer(phrase):
                if kind in ("county", "city-county") and _COUNTY_OFFICERS.search(found.group(1)):
                    continue
                yield found.group(1), sentence
                break
            else:
                continue
            break


def writs_against_private(text: str) -> Iterator[tuple[str, str]]:
    """(the private defendant, the sentence) for each writ of mandate against a business
    or any person: a writ compels a public duty, a business is ordered by injunction."""
    for sentence in sentences(text):
        if not _WRIT.search(sentence):
            continue
        for phrase in defendants(sentence):
            if found := _PRIVATE.search(phrase):
                yield found.group(1), sentence
                break


# -- prohibitions -----------------------------------------------------------------------------

_PROHIBITION = re.compile(r"\b(?:no|neither)\b[^.;:]*?\bmay\b|\bmay not\b|\bmust not\b|"
                          r"\bis (?:prohibited|unlawful)\b|\bshall not\b", re.IGNORECASE)
_PERSONS = (r"(?:(?:other|private)\s+)?(?:Private Entit(?:y|ies)|persons?|individuals?|"
            r"businesses|business|compan(?:y|ies)|entity|entities)")
# "No Private Entity may", "no person ... may", "A person may not", "It is unlawful for any
# person to": a prohibition whose subject is a private person.
_PRIVATE_SUBJECT = re.compile(
    r"\bno\s+" + _PERSONS + r"\b[^.;:]*?\bmay\b|"
    r"\b(?:a|any|every)\s+" + _PERSONS + r"\s+(?:may not|must not|shall not)\b|"
    r"\bunlawful for (?:a|any)\s+" + _PERSONS + r"\b", re.IGNORECASE)
_THIRD_PARTY = re.compile(r"\b(Third Part(?:y|ies)|contractors?|vendors?|on (?:its|their) "
                          r"behalf|on behalf of)\b", re.IGNORECASE)
PERSONAL_USE = re.compile(r"\bpersonal(?:,| or| and)(?: family(?:,| or| and))?\s+household\b|"
                          r"\bhousehold (?:or|and) personal\b|\bpersonal use\b", re.IGNORECASE)


def prohibits(section: Section) -> bool:
    return any(_PROHIBITION.search(text) for text, _ in units(section))


def prohibits_private(section: Section) -> bool:
    """Whether a sentence of ``section`` forbids something to private entities or persons."""
    return any(_PRIVATE_SUBJECT.search(s) for text, _ in units(section)
               for s in sentences(text))


def through_third_parties(section: Section) -> bool:
    return any(_THIRD_PARTY.search(text) for text, _ in units(section)) or any(
        isinstance(span, TermUse) and span.term == "Third Party"
        for para in section.paragraphs() for span in para.inlines)


def has_personal_use(section: Section) -> bool:
    return any(PERSONAL_USE.search(text) for text, _ in units(section))
