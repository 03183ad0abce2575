"""What each library file may say: one msgspec model per file kind.

``parts.yaml`` is a ``PartsFile``, each ``questions/*.yaml`` a ``StepFile``, each
``definitions/*.yaml`` a ``DefinitionsFile``, each ``styles/*.yaml`` a
``StyleFile``, each ``provisions/**.yaml`` a ``ClauseFile`` and each seed draft
a ``SeedFile`` (its draft part is a draft file: ``draft.DraftFile``). Reference
laws are ``laws.LawFile``. These classes are the only declaration of the keys,
their types and their defaults: ``validate.validate`` converts a parsed file
into them, rejecting unknown keys. The README shows an example of each, which
``tests/test_validate.py`` validates.

The library's records (``library.Clause`` and the like) are these models plus
what the loader knows about them (file and line, whether a pack sandboxes them).
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar, get_args

import msgspec

from .document import PageSetup, Source
from .qtypes import QuestionTypeName

PartKind = Literal["recitals", "sections", "definitions"]
LevelFormat = Literal["decimal", "lower-letter", "upper-letter", "lower-roman", "upper-roman"]
Severity = Literal["error", "warning"]
Bound = Literal["agencies", "private", "courts"]  # whom a clause's duties bind
# ``extension``: a prohibition that carries a ban to other persons or conduct (use through
# third parties, private use); it must carry the ban's exceptions that fit it (lint L020).
ClauseRole = Literal["", "ban", "process", "emergency", "exception", "application",
                     "extension"]
PART_KINDS: tuple[str, ...] = get_args(PartKind)
LEVEL_FORMATS: tuple[str, ...] = get_args(LevelFormat)
_R = TypeVar("_R", bound=msgspec.Struct)


class Model(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of the file models: immutable, keyword-built, unknown keys refused."""


class PartEntry(Model, frozen=True, kw_only=True):
    """One part of the ordinance in ``parts.yaml``."""

    id: str
    kind: PartKind = "sections"
    codified: bool = True
    heading: str = ""


class PartsFile(Model, frozen=True, kw_only=True):
    parts: tuple[PartEntry, ...]


class Choice(Model, frozen=True, kw_only=True):
    """One option of a choice question; a bare value is its own label."""

    value: str
    label: str = ""
    help: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            msgspec.structs.force_setattr(self, "label", self.value)


class QuestionEntry(Model, frozen=True, kw_only=True):
    """One interview question in a step file."""

    id: str
    prompt: str
    type: QuestionTypeName  # a name in qtypes.QUESTION_TYPES
    default: Any = None
    # The default in a draft of one kind of jurisdiction (keys: draft.KINDS), where the
    # general one would name the wrong government ("Sheriff's Office" for a county).
    kind_defaults: dict[str, Any] = msgspec.field(default_factory=dict)
    help: str = ""
    choices: tuple[Choice, ...] = ()
    when: str = ""
    min: float | None = None
    max: float | None = None
    bounds: tuple[float, float] | None = None
    max_length: int | None = None
    pattern: str = ""
    placeholder: str = ""


class ConflictEntry(Model, frozen=True, kw_only=True):
    """Answers that do not go together, and what to tell the drafter."""

    id: str
    when: str
    message: str
    questions: tuple[str, ...] = ()
    severity: Severity = "error"


class StepFile(Model, frozen=True, kw_only=True):
    """A step of the interview: its questions and their conflicts."""

    step: str
    title: str = ""
    order: int = 0
    intro: str = ""
    questions: tuple[QuestionEntry, ...] = ()
    conflicts: tuple[ConflictEntry, ...] = ()


class DefinitionEntry(Model, frozen=True, kw_only=True):
    """One variant of a defined term."""

    term: str
    text: str
    when: str = ""
    sources: tuple[Source, ...] = ()
    commentary: str = ""
    # For a term that names a technology a ban may reach (lint L016): its id, as in a
    # ban's ``reaches`` ("face", "biometric", "predictive").
    technology: str = ""


class DefinitionsFile(Model, frozen=True, kw_only=True):
    definitions: tuple[DefinitionEntry, ...]


class Level(Model, frozen=True, kw_only=True):
    """One level of subsection numbering: its counter, the pattern around it, and how a
    reference cites it, ``cited_as`` ("({})": "subsection (a)"; "{}": "subsection A",
    "§ 112-6A(1)")."""

    format: LevelFormat
    pattern: str = "({})"
    cited_as: str = "({})"


class CodeNumbering(Model, frozen=True, kw_only=True):
    """How a codified chapter numbers its sections, and how the bill around it does.

    A code section's number is the chapter, ``separator`` and the section number,
    which counts from ``start`` by ``step`` and is zero-padded to ``width`` digits:
    "2.95.010" (".", 10, 10, 3), "112-1" ("-", 1, 1, 0). ``period`` ends the label
    with "." ("§ 112-1."); references never take it. ``penalties`` reserves a number
    for the penalties section (99: "305.99"), which then comes last in the chapter;
    ``penalty_clauses`` names the clauses that are that section. ``bill_label`` and
    ``bill_ref`` number the bill's own sections (the one adding the chapter, the
    effective date) in codified mode, when they must differ from ``section_label``.
    """

    separator: str = "."
    start: int = 10
    step: int = 10
    width: int = 3
    period: bool = False
    penalties: int | None = None
    penalty_clauses: tuple[str, ...] = ("enforcement.criminal",)
    bill_label: str = ""
    bill_ref: str = ""


AmendmentMarks = Literal["strike-underline", "brackets-caps"]
AmendmentForm = Literal["set-out", "instructions"]


class AmendmentStyle(Model, frozen=True, kw_only=True):
    """How an amending ordinance shows its changes (``core.amendment``).

    ``marks``: deletions struck through and insertions underlined, or deletions in
    [brackets] and insertions in capitals; ``form``: each changed section set out in
    full with its changes marked, or instructions ("by striking ... and inserting ...").
    """

    marks: AmendmentMarks = "strike-underline"
    form: AmendmentForm = "set-out"


class StyleFile(Model, frozen=True, kw_only=True):
    """A jurisdiction style: the instrument's words, numbering and page."""

    id: str
    name: str
    instrument: str = ""  # empty: the kind's word (``government.KINDS``)
    government: str = ""  # a template; empty: the kind's name, "the City of X"
    section_label: str
    section_ref: str
    levels: tuple[Level, ...]
    same_section_ref: str
    caption: tuple[str, ...] = ()
    enacting_clause: str = ""  # empty: the kind's (``gov.enacting``)
    signature: tuple[str, ...] = ()  # empty: the kind's signature block
    code_section_label: str = "{number}"
    code_section_ref: str = "Section {number}"
    code_numbering: CodeNumbering = msgspec.field(default_factory=CodeNumbering)
    codify_intro: str = ""
    recital_prefix: str = "WHEREAS,"
    recitals_intro: str = ""
    recitals_outro: str = "NOW, THEREFORE,"
    long_title: str = "An {{ instrument }} of {{ government }} to {{ purposes }}."
    definition_form: str = "\u201c{term}\u201d means"
    definitions_intro: str = "In this {instrument}, the following terms have these meanings:"
    # Fewest days between the draft's date and a fixed date it sets (effective date,
    # moratorium end): time for two readings, signature and publication (lint L014).
    min_lead_days: int = 30
    page: PageSetup = msgspec.field(default_factory=PageSetup)
    amendment: AmendmentStyle = msgspec.field(default_factory=AmendmentStyle)


class CalendarEntry(Model, frozen=True, kw_only=True):
    """A duty with a deadline or a cadence, for the summary's calendar (templates, like text).

    ``who`` must ``does`` ``by`` a time, ``every`` so often; ``when`` narrows it to the
    answers under which the clause's text imposes it.
    """

    who: str
    does: str
    by: str = ""
    every: str = ""
    when: str = ""


CALENDAR_FIELDS = ("who", "does", "by", "every", "when")


class ClauseFile(Model, frozen=True, kw_only=True):
    """One clause: its place in the ordinance, its condition and its text."""

    id: str
    title: str
    # The printed heading, a template (e.g. the advisory body's name); empty: the title.
    heading: str = ""
    part: str
    order: int = 0
    text: str
    when: str = ""
    purpose: str = ""
    elements: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    commentary: str = ""
    # What lint reads about the clause (L016-L018, L020): whom its duties bind, what part it
    # plays, and, for a ban, the technologies it prohibits.
    binds: tuple[Bound, ...] = ()
    role: ClauseRole = ""
    reaches: tuple[str, ...] = ()
    # For an exception: whose conduct it allows, when only some (``[agencies]``: an
    # Agency's receipt or request, which a private ban need not carry; lint L020).
    allows: tuple[Bound, ...] = ()
    calendar: tuple[CalendarEntry, ...] = ()


class SeedBlock(Model, frozen=True, kw_only=True):
    """The ``seed:`` block of a seed draft (the rest of the file is a draft)."""

    id: str
    name: str = ""
    description: str = ""
    family: str = ""  # reference-law families it follows, comma-separated
    kinds: tuple[str, ...] = ()  # the kinds of jurisdiction it suits; empty: its own kind only


class SeedFile(msgspec.Struct, frozen=True):
    """A seed draft: a draft file with a ``seed:`` block (its other keys are the draft's)."""

    seed: SeedBlock


def record(model: msgspec.Struct, kind: type[_R], **facts: Any) -> _R:
    """``model`` as the record ``kind`` (a subclass of its class) with the loader's ``facts``."""
    return kind(**{name: getattr(model, name) for name in model.__struct_fields__}, **facts)
