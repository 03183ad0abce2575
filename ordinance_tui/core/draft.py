"""Draft files: the user's jurisdiction, answers and clause choices.

A ``Draft`` is immutable; edits return a new one (``with_answer`` and friends),
which makes undo a list of drafts. ``load_draft`` reports problems that make a
file unusable as ``InputError`` and everything else (newer format, unknown
answers or clauses) as warnings; ``save_draft`` writes atomically.

A draft also keeps named ``Version`` snapshots ("as introduced", "committee
amendment 1"): ``with_version`` freezes the current jurisdiction, answers and
clause choices under a name and date, ``at_version`` gives the draft as it was.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from . import records
from .fileio import atomic_write
from .problems import InputError, Problem
from .records import field, record
from .schema import Reader, item_line
from .templating import clean_answer, clean_text, inline_text
from .yamlio import dump_yaml, load_yaml_file, load_yaml_text

FORMAT = "ordinance-draft/1"
FORMAT_NAME, _, _FORMAT_VERSION = FORMAT.rpartition("/")
FORMAT_VERSION = int(_FORMAT_VERSION)
KINDS = ("city", "town", "county", "state")


@record(frozen=True)
class Jurisdiction:
    name: str = "Riverton"
    kind: str = "city"
    style: str = "city"
    body: str = "City Council"
    instrument: str = ""  # empty: the style's word (ordinance, local law, act)
    short_title: str = ""
    sponsors: tuple[str, ...] = ()
    chief_executive: str = "Mayor"
    clerk: str = "City Clerk"
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
        changes = {f.name: inline_text(value) if isinstance(value, str)
                   else tuple(inline_text(v) for v in value)
                   for f in records.fields(self)
                   if isinstance(value := getattr(self, f.name), (str, tuple))}
        return records.replace(self, **changes)

    def as_context(self) -> dict[str, Any]:
        data = records.asdict(self)
        data["sponsors"] = list(self.sponsors)
        return data


_JURISDICTION_FIELDS = {f.name: f for f in records.fields(Jurisdiction)}
MAX_VERSION_NAME = 120


@record(frozen=True)
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


@record(frozen=True)
class Draft:
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    answers: dict[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    override: dict[str, str] = field(default_factory=dict)
    title: str = ""
    seed: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept
    versions: tuple[Version, ...] = ()  # named snapshots, oldest first

    def with_answer(self, qid: str, value: Any) -> Draft:
        return records.replace(self, answers={**self.answers, qid: clean_answer(value)})

    def without_answer(self, qid: str) -> Draft:
        return records.replace(
            self, answers={k: v for k, v in self.answers.items() if k != qid})

    def with_jurisdiction(self, **changes: Any) -> Draft:
        cleaned = {k: clean_answer(v) for k, v in changes.items()}
        if "sponsors" in cleaned:
            cleaned["sponsors"] = tuple(cleaned["sponsors"])
        return records.replace(
            self, jurisdiction=records.replace(self.jurisdiction, **cleaned))

    def with_excluded(self, clause_id: str, excluded: bool) -> Draft:
        rest = tuple(c for c in self.exclude if c != clause_id)
        return records.replace(self, exclude=rest + ((clause_id,) if excluded else ()))

    def with_override(self, clause_id: str, text: str | None) -> Draft:
        override = {k: v for k, v in self.override.items() if k != clause_id}
        if text is not None:
            override[clause_id] = clean_text(text)
        return records.replace(self, override=override)

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
        return records.replace(self, versions=(*self.versions, version))

    def without_version(self, name: str) -> Draft:
        """The draft without the version named ``name`` (ValueError if there is none)."""
        found = self.version(name)
        return records.replace(
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
        return records.replace(self, jurisdiction=v.jurisdiction, answers=dict(v.answers),
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
                         if v != defaults[k] or k in ("name", "kind", "style")},
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
    """Build a draft from parsed YAML; raise InputError if it is unusable."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InputError([Problem(file, getattr(data, "line", 1) or 1,
                                  "a draft must be a mapping with format, jurisdiction and "
                                  "answers; this file is not a draft")])
    r = Reader(data, file, "draft", problems)
    fmt = r.str("format", FORMAT)
    name, _, version = fmt.rpartition("/")
    if name != FORMAT_NAME or not version.isdigit():
        problems.append(Problem(file, r.line_of("format"),
                                f"format {fmt!r} is not {FORMAT!r}; reading it anyway",
                                "warning"))
    elif int(version) > FORMAT_VERSION:
        problems.append(Problem(
            file, r.line_of("format"),
            f"this draft was saved by a newer version ({fmt}); fields this version does not "
            "know are kept but ignored. Update the program to use them", "warning"))
    jurisdiction, answers, exclude, override = _read_state(r, file, problems, "")
    known = {"format", "jurisdiction", "answers", "clauses", "title", "seed", "versions"}
    extra = {k: v for k, v in data.items() if k not in known}
    seed = {str(k): str(v) for k, v in r.mapping("seed").items()}
    versions = _read_versions(r, file, problems)
    draft = Draft(jurisdiction, answers, exclude, override, clean_text(r.str("title")), seed,
                  extra, versions)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        # Type errors in a draft are not fatal: the field falls back to its default.
        problems = [records.replace(p, severity="warning",
                                    message=p.message + "; using the default")
                    if p.severity == "error" else p for p in problems]
    return draft, problems


def _read_state(r: Reader, file: str, problems: list[Problem], what: str
                ) -> tuple[Jurisdiction, dict[str, Any], tuple[str, ...], dict[str, str]]:
    """Jurisdiction, answers, exclusions and overrides of a draft or of one version."""
    jr = Reader(r.mapping("jurisdiction"), file, f"{what}jurisdiction", problems,
                line=r.line_of("jurisdiction"))
    jkw: dict[str, Any] = {}
    for key in jr.data:
        if key not in _JURISDICTION_FIELDS:
            problems.append(Problem(file, jr.line_of(key),
                                    f"{what}jurisdiction: unknown field {key!r} is ignored",
                                    "warning"))
            continue
        default = _JURISDICTION_FIELDS[key].default
        if key == "sponsors":
            jkw[key] = tuple(clean_text(s) for s in jr.str_list(key))
        elif isinstance(default, bool):
            jkw[key] = jr.bool(key, default)
        else:
            jkw[key] = clean_text(jr.str(key, default))
    if jkw.get("kind", "city") not in KINDS:
        problems.append(Problem(file, jr.line_of("kind"),
                                f"{what}jurisdiction kind must be one of {', '.join(KINDS)}; "
                                "using city", "warning"))
        jkw["kind"] = "city"
    if jkw.get("page_size", "") not in ("", "letter", "a4"):
        problems.append(Problem(file, jr.line_of("page_size"),
                                f"jurisdiction page_size {jkw['page_size']!r} is not letter or "
                                "a4; using the style's", "warning"))
        jkw["page_size"] = ""
    if jkw.get("date"):
        try:
            _dt.date.fromisoformat(jkw["date"])
        except ValueError:
            problems.append(Problem(file, jr.line_of("date"),
                                    f"{what}jurisdiction date {jkw['date']!r} is not a date "
                                    "like 2027-01-31; ignoring it", "warning"))
            jkw["date"] = ""
    answers = r.mapping("answers")
    cr = Reader(r.mapping("clauses"), file, f"{what}clauses", problems,
                line=r.line_of("clauses"), allowed={"exclude", "override"})
    override: dict[str, str] = {}
    for key, value in cr.mapping("override").items():
        if isinstance(value, str):
            override[str(key)] = clean_text(value)
        else:
            problems.append(Problem(file, cr.line_of("override"),
                                    f"{what}override of {key!r} must be text; ignored",
                                    "warning"))
    return (Jurisdiction(**jkw), {str(k): clean_answer(_plain(v)) for k, v in answers.items()},
            cr.str_list("exclude"), override)


def _read_versions(r: Reader, file: str, problems: list[Problem]) -> tuple[Version, ...]:
    """The ``versions:`` list; a broken entry is skipped with a warning naming its line."""
    items = r.list("versions")
    versions: list[Version] = []
    for index, item in enumerate(items):
        line = item_line(items, index, r.line_of("versions"))
        if not isinstance(item, dict):
            problems.append(Problem(file, line, f"versions: entry {index + 1} must be a mapping "
                                    "with name, date, jurisdiction, answers; skipped", "warning"))
            continue
        vr = Reader(item, file, f"version {index + 1}", problems, line=line)
        try:
            name = _version_name(vr.str("name"))
        except ValueError as exc:
            problems.append(Problem(file, line, f"versions: entry {index + 1}: {exc}; skipped",
                                    "warning"))
            continue
        if any(v.name == name for v in versions):
            problems.append(Problem(file, line, f"versions: a second version named {name!r} "
                                    "is ignored; rename one of them", "warning"))
            continue
        what = f"version {name!r}: "
        raw_date = vr.str("date")
        try:
            date = _iso_date(raw_date)
        except ValueError:
            problems.append(Problem(file, vr.line_of("date") if raw_date else line,
                                    f"{what}date {raw_date!r} is not a date like 2027-01-31"
                                    if raw_date else f"{what}has no date (date: 2027-01-31)",
                                    "warning"))
            date = ""
        jurisdiction, answers, exclude, override = _read_state(vr, file, problems, what)
        known = {"name", "date", "title", "jurisdiction", "answers", "clauses"}
        extra = {str(k): v for k, v in item.items() if k not in known}
        versions.append(Version(name, date, jurisdiction, answers, exclude, override,
                                clean_text(vr.str("title")), extra))
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
    data, problems = load_yaml_file(path)
    if data is None:
        if not problems:
            problems = [Problem(str(path), 1, "the draft file is empty")]
        raise InputError(problems)
    return draft_from_data(data, str(path))


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
    data, problems = load_yaml_text(text, file)
    if data is None:
        raise InputError(problems or [Problem(file, 1, "the draft is empty")])
    return draft_from_data(data, file)


def draft_text(draft: Draft) -> str:
    return dump_yaml(draft.to_data())


def save_draft(draft: Draft, path: str | Path) -> None:
    """Write the draft atomically (a crash leaves the old file whole)."""
    atomic_write(path, draft_text(draft), private=True)  # a new draft is the user's alone


def check_against_library(draft: Draft, library: Any, file: str = "draft") -> list[Problem]:
    """Warnings for a draft that names things the library does not have."""
    from .answers import resolve_answers

    problems = []
    _, issues = resolve_answers(library, draft.answers)
    for _qid, message in issues:
        problems.append(Problem(file, 0, message, "warning"))
    for cid in list(draft.exclude) + list(draft.override):
        if cid not in library.clauses:
            problems.append(Problem(file, 0, f"clause {cid!r} is not in the library (it may "
                                    "have been renamed or removed); the entry is ignored",
                                    "warning"))
    if draft.jurisdiction.style not in library.styles:
        problems.append(Problem(file, 0, f"style {draft.jurisdiction.style!r} is not in the "
                                f"library; expected one of {', '.join(library.styles)}",
                                "warning"))
    return problems
