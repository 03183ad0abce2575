"""The clause library: parts, questions, clauses, definitions, styles, seeds, laws.

``load_library(sources)`` reads one or more library folders (the built-in one
first, then users' packs, whose items replace built-in items with the same id),
validates every file into its model (``models``; ``validate`` maps each error
to its line) and returns a ``Library`` of the records below, which are those
models plus what the loader knows (file, line, sandboxing). Its ``problems``
list everything wrong, each with file and line. Templates
are compiled lazily, on first use: to plain Python through the translation
cache (``pytemplates``), or by Jinja2 for what the translation does not cover;
``check.py`` does the deep checks (compiling everything, unknown variables,
cycles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import msgspec

from .models import (
    Choice,
    ClauseFile,
    ConflictEntry,
    DefinitionEntry,
    DefinitionsFile,
    PartEntry,
    PartsFile,
    QuestionEntry,
    SeedFile,
    StepFile,
    StyleFile,
    record,
)
from .problems import Problem
from .pytemplates import CompiledTemplates
from .validate import Validated, validate
from .yamlio import cached_parsing, load_yaml_file

if TYPE_CHECKING:
    import jinja2

    from .laws import Law

_M = TypeVar("_M")
NUMBER_TYPES = ("days", "dollars", "number")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_QID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    line: int


NOWHERE = Where("", 0)


class Part(PartEntry, frozen=True, kw_only=True):
    index: int = 0


class Question(QuestionEntry, frozen=True, kw_only=True):
    step: str = ""
    sandboxed: bool = False
    where: Where = NOWHERE

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    order: int
    intro: str
    questions: tuple[str, ...]
    where: Where = NOWHERE


class Conflict(ConflictEntry, frozen=True, kw_only=True):
    sandboxed: bool = False
    where: Where = NOWHERE


class Clause(ClauseFile, frozen=True, kw_only=True):
    sandboxed: bool = False
    where: Where = NOWHERE
    text_line: int = 0
    part_line: int = 0


class Definition(DefinitionEntry, frozen=True, kw_only=True):
    index: int = 0
    sandboxed: bool = False
    where: Where = NOWHERE

    @property
    def key(self) -> str:
        return f"{self.term}#{self.index}"


class Style(StyleFile, frozen=True, kw_only=True):
    sandboxed: bool = False
    where: Where = NOWHERE


@dataclass(frozen=True, slots=True)
class Seed:
    id: str
    name: str
    description: str
    data: dict[str, Any]
    where: Where = NOWHERE
    family: tuple[str, ...] = ()  # reference-law families it follows ("ccops, fr-ban")


class Template(Protocol):
    def render(self, context: dict[str, Any]) -> str: ...


class _Template:
    """A registered template: its translation to Python if there is one, else Jinja2.

    Jinja2's template is made only when needed: for a template that was not
    translated, or when the translation meets a case it does not model (it raises),
    so Jinja2 renders again and has the last word.
    """

    __slots__ = ("function", "jinja", "_fallback")

    def __init__(self, function: Any, jinja: Any) -> None:
        self.function = function
        self.jinja = jinja
        self._fallback: Template | None = None

    def render(self, context: dict[str, Any]) -> str:
        if self.function is not None:
            try:
                return self.function(context)
            except Exception:  # noqa: BLE001, S110 - Jinja2 renders it below
                pass
        if self._fallback is None:
            self._fallback = self.jinja()
        return self._fallback.render(context)


@dataclass
class Library:
    """Everything loaded, plus the problems found while loading."""

    parts: dict[str, Part] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    clauses: dict[str, Clause] = field(default_factory=dict)
    definitions: dict[str, list[Definition]] = field(default_factory=dict)
    styles: dict[str, Style] = field(default_factory=dict)
    seeds: dict[str, Seed] = field(default_factory=dict)
    laws: dict[str, Law] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: tuple[Path, ...] = ()
    cache_dir: Path | None = None
    # Template texts by sandbox flag, then name; the Jinja2 loaders read these dicts.
    template_sources: dict[bool, dict[str, str]] = field(
        default_factory=lambda: {False: {}, True: {}})
    _environments: dict[bool, jinja2.Environment] = field(default_factory=dict, repr=False)
    _templates: dict[tuple[bool, str], Template] = field(default_factory=dict, repr=False)
    _compiled: CompiledTemplates | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def environment(self, sandboxed: bool) -> jinja2.Environment:
        """The Jinja2 environment (created, and Jinja2 imported, on first use)."""
        env = self._environments.get(sandboxed)
        if env is None:
            from .jinja_env import make_environment

            env = self._environments[sandboxed] = make_environment(
                self.template_sources[sandboxed], sandboxed=sandboxed, cache_dir=self.cache_dir)
        return env

    def template(self, name: str, sandboxed: bool) -> Template:
        """The template registered under ``name``, ready to render (compiled on first use).

        Its ``render(context)`` returns the text or raises ``templating.TemplateFailure``.
        """
        key = (sandboxed, name)
        found = self._templates.get(key)
        if found is None:
            found = self._templates[key] = self._make_template(name, sandboxed)
        return found

    def _make_template(self, name: str, sandboxed: bool) -> Template:
        source = self.template_sources[sandboxed].get(name)
        function = None
        if source is not None:
            if self._compiled is None:
                self._compiled = CompiledTemplates(self.cache_dir)
            function = self._compiled.get(
                source, lambda: [text for texts in self.template_sources.values()
                                 for text in texts.values()],
                lambda text: self.environment(False).parse(text))
        return _Template(function, partial(self._jinja_template, name, sandboxed))

    def _jinja_template(self, name: str, sandboxed: bool) -> Template:
        from .jinja_env import JinjaTemplate

        return JinjaTemplate(self.environment(sandboxed), name)

    def register(self, name: str, source: str, sandboxed: bool) -> None:
        self.template_sources[sandboxed][name] = source
        self._templates.pop((sandboxed, name), None)

    def ordered_clauses(self) -> list[Clause]:
        """Clauses in document order: by part, then order, then id."""
        return sorted(self.clauses.values(),
                      key=lambda c: (self.parts[c.part].index if c.part in self.parts else 10**6,
                                     c.order, c.id))

    def ordered_steps(self) -> list[Step]:
        return sorted(self.steps, key=lambda s: (s.order, s.id))


@dataclass(frozen=True, slots=True)
class LibrarySource:
    """A folder of library files, plus an optional folder of seed drafts."""

    clauses: Path
    seeds: Path | None = None
    sandboxed: bool = False


def builtin_source() -> LibrarySource:
    """The library that ships with the package (or sits beside it in a checkout)."""
    package = Path(__file__).resolve().parent.parent
    for root in (package, package.parent):
        if (root / "clauses" / "parts.yaml").is_file():
            return LibrarySource(root / "clauses", root / "seeds")
    raise FileNotFoundError(
        f"the built-in clause library was not found next to {package}; reinstall the package")


def pack_source(folder: Path) -> LibrarySource:
    """A user's pack: the library layout, with seeds in its ``seeds`` folder."""
    return LibrarySource(folder, folder / "seeds", sandboxed=True)


def load_library(sources: list[LibrarySource] | None = None,
                 cache_dir: Path | None = None, laws: bool = True) -> Library:
    """Load and validate the given library folders, later ones layered over earlier ones.

    ``laws=False`` skips the reference laws, which only comparison, coverage and
    the library check read.
    """
    if sources is None:
        sources = [builtin_source()]
    lib = Library(sources=tuple(s.clauses for s in sources), cache_dir=cache_dir)
    with cached_parsing(cache_dir):
        for source in sources:
            _Loader(lib, source, laws).load()
    _finish(lib)
    return lib


class _Loader:
    def __init__(self, lib: Library, source: LibrarySource, laws: bool = True) -> None:
        self.lib = lib
        self.source = source
        self.laws = laws
        self.sandboxed = source.sandboxed
        self.problems = lib.problems
        # ids defined by this layer, to report duplicates within one layer
        self.seen: dict[str, Where] = {}

    def load(self) -> None:
        root = self.source.clauses
        if not root.is_dir():
            self.problems.append(Problem(str(root), 0, "library folder not found"))
            return
        parts = root / "parts.yaml"
        if parts.is_file():
            self._parts(parts)
        for path in _yaml_files(root / "questions"):
            self._questions(path)
        for path in _yaml_files(root / "definitions"):
            self._definitions(path)
        for path in _yaml_files(root / "styles"):
            self._style(path)
        for path in _yaml_files(root / "provisions", recursive=True):
            self._clause(path)
        if self.source.seeds is not None:
            for path in _yaml_files(self.source.seeds / "drafts"):
                self._seed(path)
        if self.source.seeds is not None and self.laws:
            from .laws import load_laws

            load_laws(self.source.seeds / "laws", self.lib.laws, self.problems, self._unique)

    def _unique(self, kind: str, ident: str, where: Where) -> bool:
        key = f"{kind}:{ident}"
        if key in self.seen:
            first = self.seen[key]
            self.problems.append(Problem(
                where.file, where.line,
                f"duplicate {kind} id {ident!r}, first defined at {first.file}:{first.line}; "
                "give one of them another id"))
            return False
        self.seen[key] = where
        return True

    def _read(self, path: Path, model: type[_M], kind: str, key: str | None = "id"
              ) -> Validated[_M] | None:
        """The file validated into ``model``, its problems reported; None if unusable.

        ``kind`` and the file's ``key`` (its id) name it in messages: "clause 'x'".
        """
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return None
        ident = data.get(key) if key and isinstance(data, dict) else None
        what = f"{kind} {ident!r}" if isinstance(ident, str) and ident else kind
        checked = validate(data, model, str(path), what)
        self.problems.extend(checked.problems)
        return checked if checked.value is not None else None

    def _error(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def _parts(self, path: Path) -> None:
        checked = self._read(path, PartsFile, "parts file", key=None)
        if checked is None or checked.value is None:
            return
        if checked.value.parts:
            self.lib.parts.clear()
        for i, entry in enumerate(checked.value.parts):
            if entry.id and self._unique("part", entry.id,
                                         Where(str(path), checked.line("parts", i))):
                self.lib.parts[entry.id] = record(entry, Part, index=i)

    def _questions(self, path: Path) -> None:
        checked = self._read(path, StepFile, "step", key="step")
        if checked is None or checked.value is None:
            return
        file, step = str(path), checked.value
        qids = []
        for i, entry in enumerate(step.questions):
            question = self._question(entry, checked, file, step.step, i)
            if question is not None:
                qids.append(question.id)
        where = Where(file, checked.line())
        if step.step and self._unique("step", step.step, where):
            self.lib.steps = [s for s in self.lib.steps if s.id != step.step]
            self.lib.steps.append(Step(step.step, step.title or step.step, step.order,
                                       step.intro, tuple(qids), where))
        for i, spec in enumerate(step.conflicts):
            conflict = record(spec, Conflict, sandboxed=self.sandboxed,
                              where=Where(file, checked.line("conflicts", i)))
            if conflict.id and self._unique("conflict", conflict.id, conflict.where):
                self.lib.conflicts = [x for x in self.lib.conflicts if x.id != conflict.id]
                self.lib.conflicts.append(conflict)
                self.lib.register(f"conflict:{conflict.id}:when", _condition(conflict.when),
                                  self.sandboxed)

    def _question(self, entry: QuestionEntry, checked: Validated[StepFile], file: str,
                  step: str, i: int) -> Question | None:
        qid = entry.id
        what = f"question {qid!r}"

        def line(*key: str) -> int:
            return checked.line("questions", i, *key)

        if qid and not _QID.match(qid):
            self._error(file, line("id"), f"{what}: ids are lower_snake_case (letters, digits, _)")
        if entry.type in ("choice", "multi") and not entry.choices:
            self._error(file, line(), f"{what}: a {entry.type} question needs a list of choices")
        values = [c.value for c in entry.choices]
        if len(set(values)) != len(values):
            self._error(file, line("choices"), f"{what}: two choices have the same value")
        if entry.pattern:
            try:
                re.compile(entry.pattern)
            except re.error as exc:
                self._error(file, line("pattern"), f"{what}: pattern is not a valid regular "
                            f"expression ({exc})")
        question = record(entry, Question, step=step, sandboxed=self.sandboxed,
                          where=Where(file, line()))
        from .answers import default_for, validate_answer

        if entry.default is None:
            default = default_for(question)
        else:
            default, error = validate_answer(question, entry.default)
            if error:
                self._error(file, line("default"), f"{what}: default {error}")
        question = msgspec.structs.replace(question, default=default,
                                           max_length=entry.max_length or None)
        if not qid or not self._unique("question", qid, question.where):
            return None
        self.lib.questions[qid] = question
        if question.when:
            self.lib.register(f"question:{qid}:when", _condition(question.when), self.sandboxed)
        return question

    def _definitions(self, path: Path) -> None:
        checked = self._read(path, DefinitionsFile, "definitions file", key=None)
        if checked is None or checked.value is None:
            return
        replaced: set[str] = set()
        for i, entry in enumerate(checked.value.definitions):
            if not entry.term:
                continue
            if self.sandboxed and entry.term not in replaced:
                # A pack's definitions of a term replace the built-in ones as a group.
                self.lib.definitions.pop(entry.term, None)
                replaced.add(entry.term)
            variants = self.lib.definitions.setdefault(entry.term, [])
            definition = record(entry, Definition, index=len(variants), sandboxed=self.sandboxed,
                                where=Where(str(path), checked.line("definitions", i)))
            variants.append(definition)
            self.lib.register(f"definition:{definition.key}:text", definition.text,
                              self.sandboxed)
            if definition.when:
                self.lib.register(f"definition:{definition.key}:when",
                                  _condition(definition.when), self.sandboxed)

    def _style(self, path: Path) -> None:
        checked = self._read(path, StyleFile, "style")
        if checked is None or checked.value is None:
            return
        file = str(path)
        style = record(checked.value, Style, sandboxed=self.sandboxed,
                       where=Where(file, checked.line()))
        sid = style.id
        for i, level in enumerate(style.levels):
            if "{}" not in level.pattern:
                self._error(file, checked.line("levels", i, "pattern"),
                            f"style {sid!r}: a level pattern must contain {{}} where the number "
                            "goes, e.g. \"({})\"")
        if style.page.size not in ("letter", "a4"):
            self._error(file, checked.line("page", "size"),
                        f"style {sid!r}: page size must be letter or a4")

        def formats(name: str, **values: Any) -> None:
            pattern = getattr(style, name)
            try:
                pattern.format(**values)
            except (KeyError, IndexError, ValueError) as exc:
                self._error(file, checked.line(name),
                            f"style {sid!r}: {name} {pattern!r} does not format ({exc}); it may "
                            f"use only {', '.join('{' + k + '}' for k in values)}")

        for name in ("section_label", "section_ref"):
            formats(name, n=1)
        for name in ("code_section_label", "code_section_ref"):
            formats(name, n=10, chapter="2.99")
        formats("same_section_ref", path="subsection (b)")
        formats("definition_form", term="Term")
        if not style.levels:
            return
        if sid and self._unique("style", sid, style.where):
            self.lib.styles[sid] = style
            for name in ("enacting_clause", "codify_intro", "recitals_intro", "recitals_outro",
                         "government", "long_title"):
                self.lib.register(f"style:{sid}:{name}", getattr(style, name), self.sandboxed)
            for i, line in enumerate(style.caption):
                self.lib.register(f"style:{sid}:caption.{i}", line, self.sandboxed)
            for i, line in enumerate(style.signature):
                self.lib.register(f"style:{sid}:signature.{i}", line, self.sandboxed)

    def _clause(self, path: Path) -> None:
        checked = self._read(path, ClauseFile, "clause")
        if checked is None or checked.value is None:
            return
        file, cid = str(path), checked.value.id
        if cid and not _ID.match(cid):
            self._error(file, checked.line("id"), f"clause id {cid!r}: use lower-case letters, "
                        "digits, '.', '-' and '_'")
        clause = record(checked.value, Clause, sandboxed=self.sandboxed,
                        where=Where(file, checked.line()), text_line=checked.line("text"),
                        part_line=checked.line("part"))
        for element in clause.elements:
            if not re.fullmatch(r"E\d\d", element):
                self._error(file, checked.line("elements"), f"clause {cid!r}: element "
                            f"{element!r} is not an id like E08 from the reference matrix")
        if not cid or not self._unique("clause", cid, clause.where):
            return
        self.lib.clauses[cid] = clause
        self.lib.register(f"clause:{cid}:text", clause.text, self.sandboxed)
        if clause.when:
            self.lib.register(f"clause:{cid}:when", _condition(clause.when), self.sandboxed)
        if clause.purpose:
            self.lib.register(f"clause:{cid}:purpose", clause.purpose, self.sandboxed)

    def _seed(self, path: Path) -> None:
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return
        file = str(path)
        if isinstance(data, dict) and "seed" not in data:
            self._error(file, getattr(data, "line", 1) or 1,
                        "a seed needs a 'seed: {id, name, description}' block")
            return
        checked = validate(data, SeedFile, file, "seed")
        self.problems.extend(checked.problems)
        if checked.value is None:
            return
        block = checked.value.seed
        seed = Seed(block.id, block.name or block.id, block.description, dict(data),
                    Where(file, checked.line()),
                    tuple(f.strip() for f in block.family.split(",") if f.strip()))
        if seed.id and self._unique("seed", seed.id, seed.where):
            self.lib.seeds[seed.id] = seed


def _finish(lib: Library) -> None:
    """Cross-file checks that are cheap enough to run at every load."""
    for clause in lib.clauses.values():
        if clause.part not in lib.parts:
            lib.problems.append(Problem(
                clause.where.file, clause.part_line or clause.where.line,
                f"clause {clause.id!r}: unknown part {clause.part!r}; expected one of "
                f"{', '.join(lib.parts) or '(no parts.yaml loaded)'}"))
    step_ids = {s.id for s in lib.steps}
    for question in lib.questions.values():
        if question.step not in step_ids:
            lib.problems.append(Problem(question.where.file, question.where.line,
                                        f"question {question.id!r}: its step was not loaded"))


def _condition(expression: str) -> str:
    return "{% if " + expression + " %}1{% endif %}"


def _yaml_files(folder: Path, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    pattern = "**/*.yaml" if recursive else "*.yaml"
    return sorted(p for p in folder.glob(pattern) if p.is_file())
