"""Draft files: the user's jurisdiction, answers and clause choices.

A ``Draft`` is immutable; edits return a new one (``with_answer`` and friends),
which makes undo a list of drafts. ``load_draft`` reports problems that make a
file unusable as ``InputError`` and everything else (newer format, unknown
answers or clauses) as warnings; ``save_draft`` writes atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fileio import atomic_write
from .problems import InputError, Problem
from .schema import Reader
from .templating import clean_answer, clean_text
from .yamlio import dump_yaml, load_yaml_file, load_yaml_text

FORMAT = "ordinance-draft/1"
FORMAT_NAME, _, _FORMAT_VERSION = FORMAT.rpartition("/")
FORMAT_VERSION = int(_FORMAT_VERSION)
KINDS = ("city", "town", "county", "state")


@dataclass(frozen=True)
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

    def as_context(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["sponsors"] = list(self.sponsors)
        return data


_JURISDICTION_FIELDS = {f.name: f for f in dataclasses.fields(Jurisdiction)}


@dataclass(frozen=True)
class Draft:
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    answers: dict[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    override: dict[str, str] = field(default_factory=dict)
    title: str = ""
    seed: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept

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
            self, jurisdiction=dataclasses.replace(self.jurisdiction, **cleaned))

    def with_excluded(self, clause_id: str, excluded: bool) -> Draft:
        rest = tuple(c for c in self.exclude if c != clause_id)
        return dataclasses.replace(self, exclude=rest + ((clause_id,) if excluded else ()))

    def with_override(self, clause_id: str, text: str | None) -> Draft:
        override = {k: v for k, v in self.override.items() if k != clause_id}
        if text is not None:
            override[clause_id] = clean_text(text)
        return dataclasses.replace(self, override=override)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT}
        if self.title:
            data["title"] = self.title
        if self.seed:
            data["seed"] = dict(self.seed)
        jur = self.jurisdiction.as_context()
        defaults = Jurisdiction().as_context()
        data["jurisdiction"] = {k: v for k, v in jur.items()
                                if v != defaults[k] or k in ("name", "kind", "style")}
        data["answers"] = dict(self.answers)
        clauses: dict[str, Any] = {}
        if self.exclude:
            clauses["exclude"] = list(self.exclude)
        if self.override:
            clauses["override"] = dict(self.override)
        if clauses:
            data["clauses"] = clauses
        data.update(self.extra)
        return data


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
    jr = Reader(r.mapping("jurisdiction"), file, "jurisdiction", problems,
                line=r.line_of("jurisdiction"))
    jkw: dict[str, Any] = {}
    for key in jr.data:
        if key not in _JURISDICTION_FIELDS:
            problems.append(Problem(file, jr.line_of(key),
                                    f"jurisdiction: unknown field {key!r} is ignored", "warning"))
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
                                f"jurisdiction kind must be one of {', '.join(KINDS)}; "
                                "using city", "warning"))
        jkw["kind"] = "city"
    if jkw.get("date"):
        try:
            _dt.date.fromisoformat(jkw["date"])
        except ValueError:
            problems.append(Problem(file, jr.line_of("date"),
                                    f"jurisdiction date {jkw['date']!r} is not a date like "
                                    "2027-01-31; ignoring it", "warning"))
            jkw["date"] = ""
    answers = r.mapping("answers")
    cr = Reader(r.mapping("clauses"), file, "clauses", problems, line=r.line_of("clauses"),
                allowed={"exclude", "override"})
    override: dict[str, str] = {}
    for key, value in cr.mapping("override").items():
        if isinstance(value, str):
            override[str(key)] = clean_text(value)
        else:
            problems.append(Problem(file, cr.line_of("override"),
                                    f"override of {key!r} must be text; ignored", "warning"))
    known = {"format", "jurisdiction", "answers", "clauses", "title", "seed"}
    extra = {k: v for k, v in data.items() if k not in known}
    seed = {str(k): str(v) for k, v in r.mapping("seed").items()}
    draft = Draft(Jurisdiction(**jkw), {str(k): clean_answer(_plain(v))
                                        for k, v in answers.items()},
                  cr.str_list("exclude"), override, clean_text(r.str("title")), seed, extra)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        # Type errors in a draft are not fatal: the field falls back to its default.
        problems = [dataclasses.replace(p, severity="warning",
                                        message=p.message + "; using the default")
                    if p.severity == "error" else p for p in problems]
    return draft, problems


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


def parse_draft(text: str, file: str = "<draft>") -> tuple[Draft, list[Problem]]:
    data, problems = load_yaml_text(text, file)
    if data is None:
        raise InputError(problems or [Problem(file, 1, "the draft is empty")])
    return draft_from_data(data, file)


def draft_text(draft: Draft) -> str:
    return dump_yaml(draft.to_data())


def save_draft(draft: Draft, path: str | Path) -> None:
    """Write the draft atomically (a crash leaves the old file whole)."""
    atomic_write(path, draft_text(draft))


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
