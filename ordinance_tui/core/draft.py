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
    draft_label: str = "Draft"
    page_size: str = ""  # letter | a4; empty: the style's
    line_numbers: bool = False  # number the lines (many councils require it)

    def on_one_line(self) -> Jurisdiction:
        """The same jurisdiction with each text on one line, as the ordinance prints it."""
        return msgspec.structs.replace(self, **_texts(self, inline_text))

    def as_context(self) -> dict[str, Any]:
        data = msgspec.structs.asdict(self)
        data["sponsors"] = list(self.sponsors)
        return data


def _texts(jurisdiction: Jurisdiction, change: Callable[[str], str]) -> dict[str, Any]:
    """``change`` applied to every text of ``jurisdiction`` (and to each sponsor)."""
    return {name: change(value) if isinstance(value, str) else tuple(change(v) for v in value)
            for name in jurisdiction.__struct_fields__
            if isinstance(value := getattr(jurisdiction, name), (str, tuple))}


class ClauseChoices(Model, frozen=True, kw_only=True):
    """A draft's ``clauses:`` block: clauses left out, and texts that replace a clause's."""

    exclude: tuple[str, ...] = ()
    override: dict[str, str] = msgspec.field(default_factory=dict)


class VersionEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of ``versions:`` (keys it does not know are kept, for newer versions)."""

    name: str = ""
    date: str = ""
    title: str = ""
    jurisdiction: Jurisdiction = msgspec.field(default_factory=Jurisdiction)
    answers: dict[str, Any] = msgspec.field(default_factory=dict)
    clauses: ClauseChoices = msgspec.field(default_factory=ClauseChoices)


class DraftFile(msgspec.Struct, frozen=True, kw_only=True):
    """A draft file (keys it does not know are kept on save, for newer versions)."""

    format: str = FORMAT
    title: str = ""
    seed: dict[str, Any] = msgspec.field(default_factory=dict)  # the seed it started from
    jurisdiction: Jurisdiction = msgspec.field(default_factory=Jurisdiction)
    answers: dict[str, Any] = msgspec.field(default_factory=dict)
    clauses: ClauseChoices = msgspec.field(default_factory=ClauseChoices)
    versions: tuple[VersionEntry, ...] = ()


MAX_VERSION_NAME = 120


@dataclass(frozen=True)
class Version:
    """A named snapshot: the jurisdiction, answers and clause choices on ``date`` (ISO)."""

    name: str
    date: str
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    answers: dict[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    override: dict[str, str] = field(default_factory=dict)
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "date": self.date}
        if self.title:
            data["title"] = self.title
        data.update(_state_data(self.jurisdiction, self.answers, self.exclude, self.override))
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
    override: dict[str, str] = field(default_factory=dict)
    title: str = ""
    seed: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept
    versions: tuple[Version, ...] = ()  # named snapshots, oldest first
    # The file it was read from (None for a new draft); edits keep it, saves patch it.
    source: DraftSource | None = field(default=None, compare=False, repr=False)

    def with_answer(self, qid: str, value: Any) -> Draft:
        return dataclasses.replace(self, answers={**self.answers, qid: clean_answer(value)})

    def without_answer(self, qid: str) -> Draft:
        return dataclasses.replace(
            self, answers={k: v for k, v in self.answers.items() if k != qid})

    def with_jurisdiction(self, **changes: Any) -> Draft:
        cleaned = {k: clean_answer(v) for k, v in changes.items()}
        if "sponsors" in cleaned:
            cleaned["sponsors"] = tuple(cleaned["sponsors"])
        return dataclasses.replace(
            self, jurisdiction=msgspec.structs.replace(self.jurisdiction, **cleaned))

    def with_excluded(self, clause_id: str, excluded: bool) -> Draft:
        rest = tuple(c for c in self.exclude if c != clause_id)
        return dataclasses.replace(self, exclude=rest + ((clause_id,) if excluded else ()))

    def with_override(self, clause_id: str, text: str | None) -> Draft:
        override = {k: v for k, v in self.override.items() if k != clause_id}
        if text is not None:
            override[clause_id] = clean_text(text)
        return dataclasses.replace(self, override=override)

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
                          self.exclude, dict(self.override), self.title)
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
                               exclude=v.exclude, override=dict(v.override), title=v.title)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT}
        if self.title:
            data["title"] = self.title
        if self.seed:
            data["seed"] = dict(self.seed)
        data.update(_state_data(self.jurisdiction, self.answers, self.exclude, self.override))
        if self.versions:
            data["versions"] = [v.to_data() for v in self.versions]
        data.update(self.extra)
        return data


def _state_data(jurisdiction: Jurisdiction, answers: dict[str, Any], exclude: tuple[str, ...],
                override: dict[str, str]) -> dict[str, Any]:
    """The jurisdiction, answers and clauses keys of a draft or version."""
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
        clauses["override"] = dict(override)
    if clauses:
        data["clauses"] = clauses
    return data


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
                  _versions(spec, checked, file, problems))
    return draft, problems, data


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
    if jurisdiction.date:
        try:
            _dt.date.fromisoformat(jurisdiction.date)
        except ValueError:
            problems.append(Problem(file, checked.line(*at, "jurisdiction", "date"),
                                    f"{what}jurisdiction date {jurisdiction.date!r} is not a date "
                                    "like 2027-01-31; ignoring it", "warning"))
            jurisdiction = msgspec.structs.replace(jurisdiction, date="")
    return jurisdiction


def _answers(answers: dict[str, Any]) -> dict[str, Any]:
    return {str(k): clean_answer(_plain(v)) for k, v in answers.items()}


def _override(clauses: ClauseChoices) -> dict[str, str]:
    return {k: clean_text(v) for k, v in clauses.override.items()}


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
            clean_text(entry.title), extra))
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
    for cid in list(draft.exclude) + list(draft.override):
        if cid not in library.clauses:
            problems.append(Problem(file, 0, f"clause {cid!r} is not in the library (it may "
                                    "have been renamed or removed); the entry is ignored",
                                    "warning"))
    from .government import style_id

    if style_id(draft.jurisdiction) not in library.styles:
        problems.append(Problem(file, 0, f"style {style_id(draft.jurisdiction)!r} is not in the "
                                f"library; expected one of {', '.join(library.styles)}",
                                "warning"))
    return problems
