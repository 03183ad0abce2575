"""Draft files: the user's jurisdiction, answers and clause choices.

A ``Draft`` is immutable; edits return a new one (``with_answer`` and friends),
which makes undo a list of drafts. ``load_draft`` reports problems that make a
file unusable as ``InputError`` and everything else (newer format, unknown
answers or clauses) as warnings; ``save_draft`` writes atomically.

Saving loses nothing the program did not change. A loaded draft keeps its
``DraftSource``: the file's text, what it parsed to, and what the typed draft
said when loaded. A save writes into that text only the keys whose value the
program changed (``yamlio.patch_yaml``), so comments, quoting, flow lists, keys
this version does not know (at every level), a newer ``format:`` and values it
could not use (kept and warned about; the typed draft uses the default) stay as
the file had them. The patched text is read back and must give the same draft;
if it does not, the file's data with the changes merged in is written instead.

A draft also keeps named ``Version`` snapshots ("as introduced", "committee
amendment 1"): ``with_version`` freezes the current jurisdiction, answers and
clause choices under a name and date, ``at_version`` gives the draft as it was.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import msgspec

from .fileio import atomic_write
from .models import Model
from .problems import InputError, Problem
from .templating import clean_answer, clean_text, inline_text
from .validate import Validated, validate
from .yamlio import LineDict, dump_yaml, load_yaml_text, merged, patch_yaml, read_yaml_text
from .yamlio import same as same_data

if TYPE_CHECKING:
    from .library import Library  # types only: reading a draft does not load the library

FORMAT = "ordinance-draft/1"
FORMAT_NAME, _, _FORMAT_VERSION = FORMAT.rpartition("/")
FORMAT_VERSION = int(_FORMAT_VERSION)
Kind = Literal["city", "town", "village", "county", "city-county", "state"]
KINDS: tuple[str, ...] = get_args(Kind)


class Jurisdiction(Model, frozen=True, kw_only=True):
    """Who enacts the law and how it is printed (the draft's ``jurisdiction:`` block)."""

    # Every government word left empty takes the kind's default (``government.KINDS``).
    name: str = "Riverton"
    kind: Kind = "city"
    style: str = ""  # empty: the kind's style
    government: str = ""  # the government's full name; empty: the kind's ("the City of X")
    state: str = ""  # the state a local government is in; empty: "this State"
    body: str = ""
    instrument: str = ""  # empty: the style's word, else the kind's (ordinance, local law, act)
    short_title: str = ""
    sponsors: tuple[str, ...] = ()
    # A state legislature's houses, the upper first (Senate; House of Delegates); one for a
    # unicameral legislature; empty: the kind's (a state: Senate, House of Representatives).
    chambers: tuple[str, ...] = ()
    chief_executive: str = ""
    clerk: str = ""
    counsel: str = ""  # who approves it as to form: City Attorney, County Counsel, ...
    recitals: Literal["", "include", "omit"] = ""  # WHEREAS recitals; empty: the kind's usage
    unincorporated_only: bool = True  # a county's rules on private conduct: outside cities
    codified: bool = False
    code_name: str = ""
    chapter_number: str = ""
    chapter_title: str = ""
    date: str = ""  # the draft's date, ISO; empty: today when built
    number: str = ""  # the ordinance (bill, local law) number the clerk gives; empty: a blank
    introduced: str = ""  # the date it is introduced, ISO; printed in the caption when set
    draft_label: str = "Draft"
    page_size: str = ""  # letter | a4; empty: the style's
    line_numbers: bool = False  # number the lines (many councils require it)

    def on_one_line(self) -> Jurisdiction:
        """The same jurisdiction with each text on one line, as the ordinance prints it."""
        return msgspec.structs.replace(self, **_texts(self, inline_text))

    def as_context(self) -> dict[str, Any]:
        data = msgspec.structs.asdict(self)
        data["sponsors"] = list(self.sponsors)
        data["chambers"] = list(self.chambers)
        return data


def _texts(jurisdiction: Jurisdiction, change: Callable[[str], str]) -> dict[str, Any]:
    """``change`` applied to every text of ``jurisdiction`` (and to each sponsor)."""
    return {name: change(value) if isinstance(value, str) else tuple(change(v) for v in value)
            for name in jurisdiction.__struct_fields__
            if isinstance(value := getattr(jurisdiction, name), (str, tuple))}


class Revision(Model, frozen=True, kw_only=True):
    """An override in the new form: a heading and/or text replacing a library clause's.

    Both are the drafter's plain text (``core.plaintext``), never a template; an empty
    one keeps the library's. (An override given as one string is the older form: a
    Jinja2 template, still rendered as before.)
    """

    heading: str = ""
    text: str = ""


class OwnSection(Model, frozen=True, kw_only=True):
    """A section the drafter adds (``clauses: add:``), in plain text (``core.plaintext``).

    It goes into ``part`` (empty: the part of the clause it follows) right after the
    clause ``after`` (empty: at the end of the part). ``purpose`` joins the long title,
    ``elements`` count for coverage, ``note`` is its commentary in the annotated edition.
    ``number`` is a code section's number kept as the code prints it ("9.70.040"; an imported
    chapter keeps every one): printed as it is, and a code section without one between kept
    numbers takes the next free number between its neighbours (``numbering.insert_number``).
    """

    id: str = ""  # empty: ``own.`` and the heading's words
    heading: str
    number: str = ""  # a kept code number ("9.70.040"); empty: numbered by the style
    text: str = ""
    part: str = ""
    after: str = ""
    purpose: str = ""
    elements: tuple[str, ...] = ()
    note: str = ""


class OwnDefinition(Model, frozen=True, kw_only=True):
    """A term the drafter defines (``definitions: add:``); printed only when used."""

    term: str
    text: str


Override = str | Revision  # a Jinja2 template (the older form), or a Revision


class ClauseChoices(Model, frozen=True, kw_only=True):
    """A draft's ``clauses:`` block: clauses left out, texts that replace a clause's, and
    the drafter's own sections."""

    exclude: tuple[str, ...] = ()
    override: dict[str, Override] = msgspec.field(default_factory=dict)
    add: tuple[OwnSection, ...] = ()
    # "none": the library's clauses and definitions are left out (an imported law is its own
    # sections only); "all": every clause whose condition holds, as usual.
    library: Literal["all", "none"] = "all"


class Unplaced(Model, frozen=True, kw_only=True):
    """A paragraph of an imported law that the importer could not place, with its line."""

    line: int = 0
    text: str


class Imported(Model, frozen=True, kw_only=True):
    """A draft's ``imported:`` block: the file it was imported from and what was not placed."""

    source: str = ""
    unplaced: tuple[Unplaced, ...] = ()


class DefinitionChoices(Model, frozen=True, kw_only=True):
    """A draft's ``definitions:`` block: the drafter's own defined terms."""

    add: tuple[OwnDefinition, ...] = ()


class VersionEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of ``versions:`` (keys it does not know are kept, for newer versions)."""

    name: str = ""
    date: str = ""
    title: str = ""
    jurisdiction: Jurisdiction = msgspec.field(default_factory=Jurisdiction)
    answers: dict[str, Any] = msgspec.field(default_factory=dict)
    clauses: ClauseChoices = msgspec.field(default_factory=ClauseChoices)
    definitions: DefinitionChoices = msgspec.field(default_factory=DefinitionChoices)


class DraftFile(msgspec.Struct, frozen=True, kw_only=True):
    """A draft file (keys it does not know are kept on save, for newer versions)."""

    format: str = FORMAT
    title: str = ""
    seed: dict[str, Any] = msgspec.field(default_factory=dict)  # the seed it started from
    jurisdiction: Jurisdiction = msgspec.field(default_factory=Jurisdiction)
    answers: dict[str, Any] = msgspec.field(default_factory=dict)
    clauses: ClauseChoices = msgspec.field(default_factory=ClauseChoices)
    definitions: DefinitionChoices = msgspec.field(default_factory=DefinitionChoices)
    versions: tuple[VersionEntry, ...] = ()
    imported: Imported | None = None


MAX_VERSION_NAME = 120


@dataclass(frozen=True)
class Version:
    """A named snapshot: the jurisdiction, answers and clause choices on ``date`` (ISO)."""

    name: str
    date: str
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    answers: dict[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    override: dict[str, Override] = field(default_factory=dict)
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept
    added: tuple[OwnSection, ...] = ()
    defined: tuple[OwnDefinition, ...] = ()

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "date": self.date}
        if self.title:
            data["title"] = self.title
        data.update(_state_data(self.jurisdiction, self.answers, self.exclude, self.override,
                                self.added, self.defined))
        data.update(self.extra)
        return data


@dataclass(frozen=True)
class DraftSource:
    """The file a draft was read from: its text, what it parsed to (numbers YAML read as
    floats in text fields given as written), and the draft's data as read
    (``Draft.to_data()`` then), against which a save finds what changed."""

    text: str
    raw: Any
    baseline: dict[str, Any]


@dataclass(frozen=True)
class Draft:
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    answers: dict[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    # Per clause id: a Jinja2 template (the older form) or a plain-text Revision.
    override: dict[str, Override] = field(default_factory=dict)
    title: str = ""
    seed: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept
    versions: tuple[Version, ...] = ()  # named snapshots, oldest first
    added: tuple[OwnSection, ...] = ()  # the drafter's own sections, in file order
    defined: tuple[OwnDefinition, ...] = ()  # the drafter's own definitions
    library: str = "all"  # ``clauses: library:``; "none" leaves the library's clauses out
    imported: Imported | None = None  # where an imported draft came from, what was unplaced
    # The file it was read from (None for a new draft); edits keep it, saves patch it.
    source: DraftSource | None = field(default=None, compare=False, repr=False)

    def with_answer(self, qid: str, value: Any) -> Draft:
        return dataclasses.replace(self, answers={**self.answers, qid: clean_answer(value)})

    def without_answer(self, qid: str) -> Draft:
        return dataclasses.replace(
            self, answers={k: v for k, v in self.answers.items() if k != qid})

    def with_jurisdiction(self, **changes: Any) -> Draft:
        cleaned = {k: clean_answer(v) for k, v in changes.items()}
        for name in ("sponsors", "chambers"):
            if name in cleaned:
                cleaned[name] = tuple(cleaned[name])
        return dataclasses.replace(
            self, jurisdiction=msgspec.structs.replace(self.jurisdiction, **cleaned))

    def with_excluded(self, clause_id: str, excluded: bool) -> Draft:
        rest = tuple(c for c in self.exclude if c != clause_id)
        return dataclasses.replace(self, exclude=rest + ((clause_id,) if excluded else ()))

    def with_override(self, clause_id: str, text: str | Revision | None) -> Draft:
        """The draft with ``clause_id``'s override set (a string: a Jinja2 template, the
        older form; a Revision: plain text and/or heading) or removed (None)."""
        override = {k: v for k, v in self.override.items() if k != clause_id}
        if isinstance(text, Revision):
            override[clause_id] = _clean_revision(text)
        elif text is not None:
            override[clause_id] = clean_text(text)
        return dataclasses.replace(self, override=override)

    def own_section(self, section_id: str) -> OwnSection | None:
        """The drafter's section ``section_id``, if the draft adds one."""
        return next((s for s in self.added if s.id == section_id), None)

    def with_section(self, section: OwnSection) -> Draft:
        """The draft with ``section`` added, or replacing the added section of its id."""
        section = _clean_section(section)
        if self.own_section(section.id) is None:
            return dataclasses.replace(self, added=(*self.added, section))
        return dataclasses.replace(self, added=tuple(
            section if s.id == section.id else s for s in self.added))

    def without_section(self, section_id: str) -> Draft:
        """The draft without its added section ``section_id``."""
        return dataclasses.replace(
            self, added=tuple(s for s in self.added if s.id != section_id))

    def with_definition(self, term: str, text: str | None) -> Draft:
        """The draft with the drafter's definition of ``term`` set, or removed (None)."""
        term = inline_text(term).strip()
        rest = tuple(d for d in self.defined if d.term != term)
        if text is None:
            return dataclasses.replace(self, defined=rest)
        entry = OwnDefinition(term=term, text=clean_text(text))
        kept = tuple(entry if d.term == term else d for d in self.defined)
        return dataclasses.replace(
            self, defined=kept if len(rest) < len(self.defined) else (*self.defined, entry))

    # -- versions ------------------------------------------------------------------
    def with_version(self, name: str, date: _dt.date | str) -> Draft:
        """Add a snapshot of the current state named ``name``, dated ``date``.

        Raises ValueError when the name is empty, too long, or already used, or the
        date is not an ISO date.
        """
        name = _version_name(name)
        existing = self.find_version(name)
        if existing is not None:
            raise ValueError(f"this draft already has a version named {existing.name!r}; "
                             "choose another name or remove that one first")
        version = Version(name, _iso_date(date), self.jurisdiction, dict(self.answers),
                          self.exclude, dict(self.override), self.title, added=self.added,
                          defined=self.defined)
        return dataclasses.replace(self, versions=(*self.versions, version))

    def without_version(self, name: str) -> Draft:
        """The draft without the version named ``name`` (ValueError if there is none)."""
        found = self.version(name)
        return dataclasses.replace(
            self, versions=tuple(v for v in self.versions if v is not found))

    def find_version(self, name: str) -> Version | None:
        """The version named ``name``: an exact match, else the only one equal ignoring case."""
        for version in self.versions:
            if version.name == name:
                return version
        folded = [v for v in self.versions if v.name.casefold() == name.strip().casefold()]
        return folded[0] if len(folded) == 1 else None

    def version(self, name: str) -> Version:
        """The version named ``name``; ValueError naming the versions there are if none."""
        found = self.find_version(name)
        if found is None:
            have = ", ".join(repr(v.name) for v in self.versions) or "none yet"
            raise ValueError(f"no version named {name!r}; this draft's versions: {have}. "
                             "Add one with 'ordinance version add DRAFT NAME'")
        return found

    def at_version(self, name: str) -> Draft:
        """The draft as it was at version ``name`` (its versions and seed kept)."""
        v = self.version(name)
        return dataclasses.replace(self, jurisdiction=v.jurisdiction, answers=dict(v.answers),
                               exclude=v.exclude, override=dict(v.override), title=v.title,
                               added=v.added, defined=v.defined)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT}
        if self.title:
            data["title"] = self.title
        if self.seed:
            data["seed"] = dict(self.seed)
        data.update(_state_data(self.jurisdiction, self.answers, self.exclude, self.override,
                                self.added, self.defined))
        if self.library != "all":
            data.setdefault("clauses", {})["library"] = self.library
        if self.versions:
            data["versions"] = [v.to_data() for v in self.versions]
        if self.imported is not None:
            data["imported"] = msgspec.to_builtins(self.imported)
        data.update(self.extra)
        return data


def _state_data(jurisdiction: Jurisdiction, answers: dict[str, Any], exclude: tuple[str, ...],
                override: dict[str, Override], added: tuple[OwnSection, ...] = (),
                defined: tuple[OwnDefinition, ...] = ()) -> dict[str, Any]:
    """The jurisdiction, answers, clauses and definitions keys of a draft or version."""
    jur = jurisdiction.as_context()
    defaults = Jurisdiction().as_context()
    data: dict[str, Any] = {
        "jurisdiction": {k: v for k, v in jur.items()
                         if v != defaults[k] or k in ("name", "kind")},
        "answers": dict(answers),
    }
    clauses: dict[str, Any] = {}
    if exclude:
        clauses["exclude"] = list(exclude)
    if override:
        clauses["override"] = {k: v if isinstance(v, str) else _struct_data(v)
                               for k, v in override.items()}
    if added:
        clauses["add"] = [_struct_data(s) for s in added]
    if clauses:
        data["clauses"] = clauses
    if defined:
        data["definitions"] = {"add": [_struct_data(d) for d in defined]}
    return data


def _struct_data(value: msgspec.Struct) -> dict[str, Any]:
    """A struct as file data: its fields that differ from their defaults, in field order."""
    data = msgspec.to_builtins(value)
    keep = {f.name for f in msgspec.structs.fields(value)
            if f.required or getattr(value, f.name) != (
                f.default if f.default is not msgspec.NODEFAULT else f.default_factory())}
    return {k: v for k, v in data.items() if k in keep}


_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")  # what a reference ([[id]]) can name


def own_id(heading: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """An id for a drafter's section: ``own.`` and its heading's words, not in ``taken``."""
    words = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")[:40].strip("-") or "section"
    candidate, n = f"own.{words}", 2
    while candidate in taken:
        candidate, n = f"own.{words}-{n}", n + 1
    return candidate


def _clean_revision(revision: Revision) -> Revision:
    return Revision(heading=inline_text(revision.heading).strip(), text=clean_text(revision.text))


def _clean_section(section: OwnSection) -> OwnSection:
    """A drafter's section with its texts cleaned (headings and ids on one line)."""
    return msgspec.structs.replace(
        section, id=inline_text(section.id).strip(), heading=inline_text(section.heading).strip(),
        text=clean_text(section.text), part=inline_text(section.part).strip(),
        after=inline_text(section.after).strip(), purpose=inline_text(section.purpose).strip(),
        number=inline_text(section.number).strip(),
        elements=tuple(inline_text(e).strip() for e in section.elements),
        note=clean_text(section.note))


def _version_name(name: str) -> str:
    cleaned = " ".join(clean_text(str(name)).split())
    if not cleaned:
        raise ValueError("a version needs a name, e.g. 'as introduced'")
    if len(cleaned) > MAX_VERSION_NAME:
        raise ValueError(f"a version name has at most {MAX_VERSION_NAME} characters; "
                         f"this one has {len(cleaned)}")
    return cleaned


def _iso_date(date: _dt.date | str) -> str:
    if isinstance(date, _dt.date):
        return date.isoformat()
    try:
        return _dt.date.fromisoformat(str(date).strip()).isoformat()
    except ValueError:
        raise ValueError(f"version date {date!r} is not a date like 2027-01-31") from None


def draft_from_data(data: Any, file: str) -> tuple[Draft, list[Problem]]:
    """Build a draft from parsed YAML; raise InputError if it is unusable.

    A wrong key or value is not fatal: it is reported as a warning and the field
    keeps its default, so that an old or hand-edited draft still opens.
    """
    draft, problems, _ = _read(data, file)
    return draft, problems


def _read(data: Any, file: str) -> tuple[Draft, list[Problem], Any]:
    """``draft_from_data``, and the data with numbers given as written (``_numbers_as_written``)."""
    if not isinstance(data, dict):
        raise InputError([Problem(file, getattr(data, "line", 1) or 1,
                                  "a draft must be a mapping with format, jurisdiction and "
                                  "answers; this file is not a draft")])
    problems: list[Problem] = []
    data = _numbers_as_written(data, file, problems)
    checked = validate(data, DraftFile, file, lenient=True)
    problems.extend(checked.problems)
    spec = checked.value or DraftFile()
    name, _, version = spec.format.rpartition("/")
    if name != FORMAT_NAME or not version.isdigit():
        problems.append(Problem(file, checked.line("format"),
                                f"format {spec.format!r} is not {FORMAT!r}; reading it anyway",
                                "warning"))
    elif int(version) > FORMAT_VERSION:
        problems.append(Problem(
            file, checked.line("format"),
            f"this draft was saved by a newer version ({spec.format}); fields this version does "
            "not know are kept but ignored. Update the program to use them", "warning"))
    jurisdiction = _jurisdiction(spec.jurisdiction, checked, file, (), problems, "")
    extra = {k: v for k, v in data.items() if k not in DraftFile.__struct_fields__}
    draft = Draft(jurisdiction, _answers(spec.answers), spec.clauses.exclude,
                  _override(spec.clauses), clean_text(spec.title), dict(spec.seed), extra,
                  _versions(spec, checked, file, problems),
                  _added(spec.clauses, checked, file, (), problems),
                  _defined(spec.definitions, checked, file, (), problems),
                  spec.clauses.library, _imported(spec.imported))
    return draft, problems, data


def _imported(imported: Imported | None) -> Imported | None:
    """The ``imported:`` block with its texts cleaned."""
    if imported is None:
        return None
    return Imported(source=inline_text(imported.source).strip(), unplaced=tuple(
        Unplaced(line=u.line, text=clean_text(u.text)) for u in imported.unplaced))


_TEXT_FIELDS = tuple(info.encode_name for info in msgspec.structs.fields(Jurisdiction)
                     if info.type is str)


def _numbers_as_written(data: dict[str, Any], file: str, problems: list[Problem]) -> Any:
    """``data`` with each text field YAML read as a float given as the file wrote it.

    ``chapter_number: 2.10`` is the number 2.1 to YAML; the draft takes the text
    ``2.10`` from the file and warns, with the line, that it should be quoted.
    """
    def as_written(mapping: Any, keys: Any, what: str) -> Any:
        if not isinstance(mapping, LineDict) or not mapping.float_texts:
            return mapping
        mapping = copy.copy(mapping)
        for key in list(keys) if keys is not None else list(mapping):
            text = mapping.written_as(key)
            if text is None or not isinstance(mapping.get(key), float):
                continue
            if text != str(mapping[key]):
                problems.append(Problem(
                    file, mapping.line_of(key),
                    f"{what}{key}: YAML reads {text} as the number {mapping[key]}; "
                    f"write '{text}' in quotes", "warning"))
            mapping[key] = text
        return mapping

    def state(mapping: Any, what: str) -> Any:
        mapping = as_written(mapping, ("title",), what)
        if not isinstance(mapping, dict):
            return mapping
        changed = {}
        jurisdiction = as_written(mapping.get("jurisdiction"), _TEXT_FIELDS, "jurisdiction: ")
        if jurisdiction is not mapping.get("jurisdiction"):
            changed["jurisdiction"] = jurisdiction
        clauses = mapping.get("clauses")
        if isinstance(clauses, dict):
            override = as_written(clauses.get("override"), None, "clauses: override: ")
            if override is not clauses.get("override"):
                changed["clauses"] = copy.copy(clauses)
                changed["clauses"]["override"] = override
        if not changed:
            return mapping
        mapping = copy.copy(mapping)
        mapping.update(changed)
        return mapping

    data = state(data, "")
    versions = data.get("versions")
    if isinstance(versions, list):
        items = [state(item, "") for item in versions]
        if any(a is not b for a, b in zip(items, versions, strict=True)):
            data = copy.copy(data)
            data["versions"] = items
    return data


def _jurisdiction(jurisdiction: Jurisdiction, checked: Validated[DraftFile], file: str,
                  at: tuple[str | int, ...], problems: list[Problem], what: str) -> Jurisdiction:
    """The jurisdiction with its texts cleaned and a bad page size or date left out."""
    jurisdiction = msgspec.structs.replace(jurisdiction, **_texts(jurisdiction, clean_text))
    if jurisdiction.page_size not in ("", "letter", "a4"):
        problems.append(Problem(file, checked.line(*at, "jurisdiction", "page_size"),
                                f"{what}jurisdiction page_size {jurisdiction.page_size!r} is not "
                                "letter or a4; using the style's", "warning"))
        jurisdiction = msgspec.structs.replace(jurisdiction, page_size="")
    for name in ("date", "introduced"):
        value = getattr(jurisdiction, name)
        if not value:
            continue
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            problems.append(Problem(file, checked.line(*at, "jurisdiction", name),
                                    f"{what}jurisdiction {name} {value!r} is not a date "
                                    "like 2027-01-31; ignoring it", "warning"))
            jurisdiction = msgspec.structs.replace(jurisdiction, **{name: ""})
    return jurisdiction


def _answers(answers: dict[str, Any]) -> dict[str, Any]:
    return {str(k): clean_answer(_plain(v)) for k, v in answers.items()}


def _override(clauses: ClauseChoices) -> dict[str, Override]:
    return {k: clean_text(v) if isinstance(v, str) else _clean_revision(v)
            for k, v in clauses.override.items()}


def _added(clauses: ClauseChoices, checked: Validated[DraftFile], file: str,
           at: tuple[str | int, ...], problems: list[Problem]) -> tuple[OwnSection, ...]:
    """The drafter's sections; one without a heading, or repeating an id, is skipped with a
    warning. One without an id takes ``own.`` and its heading's words (``own_id``)."""
    out: list[OwnSection] = []
    for index, raw in enumerate(clauses.add):
        section = _clean_section(raw)
        line = checked.line(*at, "clauses", "add", index)
        if section.heading and not section.id:
            section = msgspec.structs.replace(
                section, id=own_id(section.heading, {s.id for s in out}))
        if not section.heading:
            problems.append(Problem(file, line, "clauses: add: a section needs a heading; "
                                    "this one is ignored", "warning"))
        elif any(s.id == section.id for s in out):
            problems.append(Problem(file, line, f"clauses: add: a second section with id "
                                    f"{section.id!r} is ignored; give it another id", "warning"))
        else:
            if not _ID.match(section.id):
                problems.append(Problem(
                    file, line, f"clauses: add: a reference cannot name the id {section.id!r}; "
                    "use letters, digits, '.', '-' and '_' (own.cell-site)", "warning"))
            out.append(section)
    return tuple(out)


def _defined(definitions: DefinitionChoices, checked: Validated[DraftFile], file: str,
             at: tuple[str | int, ...], problems: list[Problem]) -> tuple[OwnDefinition, ...]:
    """The drafter's definitions; an empty or repeated term is skipped with a warning."""
    out: list[OwnDefinition] = []
    for index, raw in enumerate(definitions.add):
        term = inline_text(raw.term).strip()
        line = checked.line(*at, "definitions", "add", index)
        if not term or any(d.term == term for d in out):
            problems.append(Problem(file, line, "definitions: add: " + (
                f"a second definition of {term!r} is ignored" if term else
                "a definition needs a term; this one is ignored"), "warning"))
            continue
        out.append(OwnDefinition(term=term, text=clean_text(raw.text)))
    return tuple(out)


def _versions(spec: DraftFile, checked: Validated[DraftFile], file: str,
              problems: list[Problem]) -> tuple[Version, ...]:
    """The ``versions:`` entries; a broken entry is skipped with a warning naming its line."""
    items = checked.data.get("versions") if isinstance(checked.data, dict) else None
    versions: list[Version] = []
    for index, entry in enumerate(spec.versions):
        line = checked.line("versions", index)
        number = checked.position(items, index) + 1 if isinstance(items, list) else index + 1
        try:
            name = _version_name(entry.name)
        except ValueError as exc:
            problems.append(Problem(file, line, f"versions: entry {number}: {exc}; skipped",
                                    "warning"))
            continue
        if any(v.name == name for v in versions):
            problems.append(Problem(file, line, f"versions: a second version named {name!r} "
                                    "is ignored; rename one of them", "warning"))
            continue
        what = f"version {name!r}: "
        try:
            date = _iso_date(entry.date)
        except ValueError:
            problems.append(Problem(file, checked.line("versions", index, "date") if entry.date
                                    else line,
                                    f"{what}date {entry.date!r} is not a date like 2027-01-31"
                                    if entry.date else f"{what}has no date (date: 2027-01-31)",
                                    "warning"))
            date = ""
        item = items[index] if isinstance(items, list) else {}
        extra = {str(k): v for k, v in item.items() if k not in VersionEntry.__struct_fields__}
        versions.append(Version(
            name, date, _jurisdiction(entry.jurisdiction, checked, file, ("versions", index),
                                      problems, what),
            _answers(entry.answers), entry.clauses.exclude, _override(entry.clauses),
            clean_text(entry.title), extra,
            _added(entry.clauses, checked, file, ("versions", index), problems),
            _defined(entry.definitions, checked, file, ("versions", index), problems)))
    return tuple(versions)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_draft(path: str | Path) -> tuple[Draft, list[Problem]]:
    """Read a draft file. Raises InputError when it cannot be read or parsed at all."""
    path = Path(path)
    if not path.exists():
        raise InputError([Problem(str(path), 0, "no such draft file; create one with "
                                  "'ordinance new --seed NAME -o FILE'")])
    text, problems = read_yaml_text(path)
    if text is None:
        raise InputError(problems)
    return parse_draft(text, str(path))


def split_version_spec(spec: str) -> tuple[Path, str | None]:
    """``FILE`` or ``FILE@version name`` as (file, version name or None).

    An existing file wins: ``a@b.yaml`` is a file if there is one by that name;
    otherwise the split is at the first ``@`` whose left side is an existing file.
    """
    if "@" not in spec or Path(spec).is_file():
        return Path(spec), None
    at = spec.find("@")
    while at >= 0:
        if Path(spec[:at]).is_file():
            return Path(spec[:at]), spec[at + 1:]
        at = spec.find("@", at + 1)
    head, _, name = spec.partition("@")
    return Path(head), name


def load_draft_spec(spec: str) -> tuple[Draft, list[Problem], Version | None]:
    """Read ``FILE`` or ``FILE@version name``: the draft (as of that version), its
    warnings, and the version (None for the file's current state).

    Raises InputError for a missing file or an unknown version, naming both.
    """
    path, name = split_version_spec(spec)
    draft, problems = load_draft(path)
    if name is None:
        return draft, problems, None
    try:
        version = draft.version(name)
    except ValueError as exc:
        raise InputError([Problem(str(path), 0, str(exc))]) from None
    return draft.at_version(version.name), problems, version


def parse_draft(text: str, file: str = "<draft>") -> tuple[Draft, list[Problem]]:
    """Read a draft from its text; the draft keeps the text, so a save patches it."""
    data, problems = load_yaml_text(text, file)
    if data is None:
        raise InputError(problems or [Problem(file, 1, "the draft file is empty")])
    draft, problems, as_written = _read(data, file)
    return dataclasses.replace(draft, source=DraftSource(text, as_written, draft.to_data())), \
        problems


def draft_text(draft: Draft) -> str:
    """The text a save writes: the source file with only what changed rewritten."""
    source = draft.source
    data = draft.to_data()
    if source is None:
        return dump_yaml(data)
    if same_data(source.baseline, data):
        return source.text
    text = patch_yaml(source.text, source.raw, source.baseline, data, dump_yaml)
    if text is not None and _reads_as(text, draft):
        return text
    return dump_yaml(merged(source.raw, source.baseline, data))


def _reads_as(text: str, draft: Draft) -> bool:
    """Whether ``text`` reads back as ``draft`` (a check on the patched text)."""
    try:
        again, _ = parse_draft(text)
    except InputError:
        return False
    return again == draft


def save_draft(draft: Draft, path: str | Path, keep_jurisdiction: tuple[str, ...] = ()) -> None:
    """Write the draft atomically (a crash leaves the old file whole).

    ``keep_jurisdiction`` names jurisdiction fields written even when they hold the
    default (``ordinance new`` keeps every field the seed sets).
    """
    text = draft_text(draft)
    if keep_jurisdiction and draft.source is None:
        data = draft.to_data()
        jur = draft.jurisdiction.as_context()
        written = data["jurisdiction"]
        data["jurisdiction"] = {**{k: jur[k] for k in keep_jurisdiction if k in jur}, **written}
        text = dump_yaml(data)
    atomic_write(path, text, private=True)  # a new draft is the user's alone


def check_against_library(draft: Draft, library: Library, file: str = "draft"
                          ) -> list[Problem]:
    """Problems of a draft against the library: an answer its question refuses is an
    error (with the answer's line), since the default would silently change the law;
    names the library does not have are warnings."""
    from .answers import validate_answer

    problems = []
    answers = draft.source.raw.get("answers") if draft.source is not None and isinstance(
        draft.source.raw, dict) else None
    for qid, value in draft.answers.items():
        question = library.questions.get(qid)
        line = answers.line_of(qid) if isinstance(answers, LineDict) and qid in answers else 0
        if question is None:
            problems.append(Problem(file, line, f"answer {qid!r} is not a question in this "
                                    "library; it is kept in the draft but not used", "warning"))
            continue
        _, error = validate_answer(question, value)
        if error:
            problems.append(Problem(file, line, f"answer to {qid!r} {error}"))
    own = {s.id for s in draft.added}
    for section in draft.added:
        if section.id in library.clauses:
            problems.append(Problem(file, 0, f"added section {section.id!r} has the id of a "
                                    "library clause; give it another id (it is ignored)",
                                    "warning"))
    for cid in list(draft.exclude) + list(draft.override):
        if cid not in library.clauses and (cid not in own or cid in draft.override):
            problems.append(Problem(file, 0, f"clause {cid!r} is not in the library (it may "
                                    "have been renamed or removed); the entry is ignored",
                                    "warning"))
    from .government import style_id

    if style_id(draft.jurisdiction) not in library.styles:
        problems.append(Problem(file, 0, f"style {style_id(draft.jurisdiction)!r} is not in the "
                                f"library; expected one of {', '.join(library.styles)}",
                                "warning"))
    return problems
