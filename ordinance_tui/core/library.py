"""The clause library: parts, questions, clauses, definitions, styles, seeds, laws.

``load_library(sources)`` reads one or more library folders (the built-in one
first, then users' packs, whose items replace built-in items with the same id),
validates every file into its model (``models``; ``validate`` maps each error
to its line) and returns a ``Library`` of the records below, which are those
models plus what the loader knows (file, line, sandboxing). Its ``problems``
list everything wrong, each with file and line. The library is immutable; its
templates (Jinja2, in the sandbox of ``jinja_env``) are compiled on first use;
``check.py`` does the deep checks (compiling everything, unknown variables,
sandbox refusals, cycles).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from .document import Source
from .models import (
    CALENDAR_FIELDS,
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
from .parsecache import ParsedLayer
from .problems import Problem, excerpt
from .qtypes import qtype
from .templating import TemplateSpec, is_template
from .validate import Validated, validate
from .yamlio import load_yaml_file

if TYPE_CHECKING:
    from .bytecode_cache import ClauseBytecodeCache
    from .elements import Element
    from .jinja_env import CompiledCondition, CompiledTemplate
    from .laws import Law

_M = TypeVar("_M")
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

    def default_in(self, kind: str) -> Any:
        """The value this question takes unanswered in a draft of ``kind``."""
        return self.kind_defaults.get(kind, self.default)


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
    commentary_line: int = 0


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
    kinds: tuple[str, ...] = ()  # kinds of jurisdiction it suits, its own first


@dataclass
class _Contents:
    """What the loaders fill in, layer by layer; ``load_library`` freezes it."""

    parts: dict[str, Part] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    clauses: dict[str, Clause] = field(default_factory=dict)
    definitions: dict[str, list[Definition]] = field(default_factory=dict)
    styles: dict[str, Style] = field(default_factory=dict)
    seeds: dict[str, Seed] = field(default_factory=dict)
    laws: dict[str, Law] = field(default_factory=dict)
    element_files: list[tuple[str, bool]] = field(default_factory=list)  # (path, a pack's)
    problems: list[Problem] = field(default_factory=list)


class _Compiled(dict[str, Any]):
    """The library's compiled templates and conditions by name, and where their code is kept.

    ``cache`` is the user's ``ClauseBytecodeCache`` (``core/bytecode_cache``), opened by
    ``load_library`` (which reads the layers' parsed YAML from it, ``parsecache``); it is
    read while loading and compiling and written only by ``flush``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cache: ClauseBytecodeCache | None = None
        self.opened = False

    def bytecode(self, layers: tuple[str, ...] = ()) -> ClauseBytecodeCache | None:
        """The cache, opened on first use; ``layers`` (the library's folders) name its bundle."""
        if not self.opened:
            from .bytecode_cache import open_cache
            from .jinja_env import environment

            self.cache, self.opened = open_cache(environment(), layers), True
        return self.cache


@dataclasses.dataclass(frozen=True, eq=False)
class Library:
    """Everything loaded, plus the problems found while loading. Immutable.

    Templates and conditions are found by name (``"clause:<id>:text"``,
    ``"question:<id>:when"``, ``"clause:<id>:commentary"`` for a note that uses
    Jinja2, ...) and compiled on first use, once per process
    per library, their code read from the user's bytecode cache when it is
    there; that memo (with the elements' detection, ``elements``, read on first
    use too) is the only thing that changes after loading, and it changes nothing
    the library says. ``save_compiled`` writes what was
    compiled to that cache: the caller does it after a command, never ``assemble``.
    """

    parts: Mapping[str, Part]
    steps: tuple[Step, ...]
    questions: Mapping[str, Question]
    conflicts: tuple[Conflict, ...]
    clauses: Mapping[str, Clause]
    definitions: Mapping[str, tuple[Definition, ...]]
    styles: Mapping[str, Style]
    seeds: Mapping[str, Seed]
    laws: Mapping[str, Law]
    problems: tuple[Problem, ...]
    sources: tuple[Path, ...] = ()
    # The layers' ``elements.yaml`` files (path, whether a pack's), read on first use.
    element_files: tuple[tuple[str, bool], ...] = ()
    # Template sources by name, and which names are conditions (``when``).
    specs: Mapping[str, TemplateSpec] = dataclasses.field(default_factory=dict, repr=False)
    _compiled: _Compiled = dataclasses.field(default_factory=_Compiled, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def template(self, name: str) -> CompiledTemplate:
        """The template ``name`` compiled (on first use); ``render`` raises ``TemplateFailure``.

        A syntax error raises ``TemplateFailure`` here, naming the file and line.
        """
        found = self._compiled.get(name)
        if found is None:
            from .jinja_env import CompiledTemplate

            found = self._compiled[name] = CompiledTemplate(self.specs[name],
                                                            self._compiled.bytecode())
        return found

    def condition(self, name: str) -> CompiledCondition:
        """The ``when`` condition ``name`` compiled (on first use); call it with a context."""
        found = self._compiled.get(name)
        if found is None:
            from .jinja_env import CompiledCondition

            found = self._compiled[name] = CompiledCondition(self.specs[name],
                                                             self._compiled.bytecode())
        return found

    @property
    def elements(self) -> Mapping[str, Element]:
        """The elements E01-E50 with what recognises them in a text (``core.elements``):
        the layers' ``elements.yaml`` read and compiled on first use (the built-in
        declaration when no layer has one). Their problems: ``element_problems``."""
        return self._element_detection()[0]

    @property
    def element_problems(self) -> tuple[Problem, ...]:
        return self._element_detection()[1]

    def _element_detection(self) -> tuple[Mapping[str, Element], tuple[Problem, ...]]:
        found = self._compiled.get("elements:")
        if found is None:
            from .elements import read_layers

            elements, problems = read_layers(self.element_files)
            found = self._compiled["elements:"] = (MappingProxyType(elements), tuple(problems))
        return found

    def save_compiled(self) -> None:
        """Write the code compiled since loading to the user's cache (a warning if it cannot)."""
        if self._compiled.cache is not None:
            self._compiled.cache.flush()

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


def load_library(sources: list[LibrarySource] | None = None, laws: bool = True) -> Library:
    """Load and validate the given library folders, later ones layered over earlier ones.

    ``laws=False`` skips the reference laws, which only comparison, coverage and
    the library check read. The result is immutable. Each layer's files are parsed,
    or their parsed data is read from the user's cache (``parsecache``: the same
    resolved path and the same text only); the cache is written by ``save_compiled``.
    """
    if sources is None:
        sources = [builtin_source()]
    contents = _Contents()
    compiled = _Compiled()
    store = compiled.bytecode(tuple(str(s.clauses.absolute()) for s in sources))
    for source in sources:
        parsed = ParsedLayer(store, source.clauses) if store is not None else None
        _Loader(contents, source, laws, parsed).load()
        if parsed is not None:
            parsed.save()
    _finish(contents)
    return _freeze(contents, tuple(s.clauses for s in sources), compiled)


def _freeze(c: _Contents, sources: tuple[Path, ...], compiled: _Compiled) -> Library:
    return Library(
        parts=MappingProxyType(dict(c.parts)), steps=tuple(c.steps),
        questions=MappingProxyType(dict(c.questions)), conflicts=tuple(c.conflicts),
        clauses=MappingProxyType(dict(c.clauses)),
        definitions=MappingProxyType({t: tuple(v) for t, v in c.definitions.items()}),
        styles=MappingProxyType(dict(c.styles)), seeds=MappingProxyType(dict(c.seeds)),
        laws=MappingProxyType(dict(c.laws)), problems=tuple(c.problems), sources=sources,
        element_files=tuple(c.element_files), specs=MappingProxyType(_template_specs(c)),
        _compiled=compiled)


def _template_specs(c: _Contents) -> dict[str, TemplateSpec]:
    """Every template and condition of the library, by name, with its file and line."""
    specs: dict[str, TemplateSpec] = {}
    for q in c.questions.values():
        if q.when:
            specs[f"question:{q.id}:when"] = TemplateSpec(
                q.when, f"question {q.id!r} when", q.where.file, q.where.line)
    for x in c.conflicts:
        specs[f"conflict:{x.id}:when"] = TemplateSpec(
            x.when, f"conflict {x.id!r} when", x.where.file, x.where.line)
    for cl in c.clauses.values():
        what, file = f"clause {cl.id!r}", cl.where.file
        specs[f"clause:{cl.id}:text"] = TemplateSpec(cl.text, what, file,
                                                     cl.text_line or cl.where.line)
        if cl.when:
            specs[f"clause:{cl.id}:when"] = TemplateSpec(cl.when, f"{what} when", file,
                                                         cl.where.line)
        if cl.heading:
            specs[f"clause:{cl.id}:heading"] = TemplateSpec(cl.heading, f"{what} heading",
                                                            file, cl.where.line)
        if cl.purpose:
            specs[f"clause:{cl.id}:purpose"] = TemplateSpec(cl.purpose, f"{what} purpose",
                                                            file, cl.where.line)
        for i, entry in enumerate(cl.calendar):
            for name in CALENDAR_FIELDS:
                if getattr(entry, name):
                    specs[f"clause:{cl.id}:calendar.{i}.{name}"] = TemplateSpec(
                        getattr(entry, name), f"{what} calendar {i + 1} {name}", file,
                        cl.where.line)
        if is_template(cl.commentary):
            specs[f"clause:{cl.id}:commentary"] = TemplateSpec(
                cl.commentary, f"{what} commentary", file, cl.commentary_line or cl.where.line)
        _source_specs(specs, f"clause:{cl.id}", what, cl.sources, file, cl.where.line)
    for variants in c.definitions.values():
        for d in variants:
            what = f"definition {d.term!r}"
            specs[f"definition:{d.key}:text"] = TemplateSpec(d.text, what, d.where.file,
                                                             d.where.line)
            if d.when:
                specs[f"definition:{d.key}:when"] = TemplateSpec(
                    d.when, f"{what} when", d.where.file, d.where.line)
            if is_template(d.commentary):
                specs[f"definition:{d.key}:commentary"] = TemplateSpec(
                    d.commentary, f"{what} commentary", d.where.file, d.where.line)
            _source_specs(specs, f"definition:{d.key}", what, d.sources, d.where.file,
                          d.where.line)
    for st in c.styles.values():
        what, file, line = f"style {st.id!r}", st.where.file, st.where.line
        for name in ("enacting_clause", "codify_intro", "recitals_intro", "recitals_outro",
                     "government", "long_title"):
            specs[f"style:{st.id}:{name}"] = TemplateSpec(getattr(st, name), f"{what} {name}",
                                                          file, line)
        for prefix, texts in (("caption", st.caption), ("signature", st.signature)):
            for i, text in enumerate(texts):
                specs[f"style:{st.id}:{prefix}.{i}"] = TemplateSpec(
                    text, f"{what} {prefix} line {i + 1}", file, line)
    return specs


def _source_specs(specs: dict[str, TemplateSpec], prefix: str, what: str,
                  sources: tuple[Source, ...], file: str, line: int) -> None:
    """The ``when`` conditions of a clause's or definition's sources (``<prefix>:source.<i>``)."""
    for i, source in enumerate(sources):
        if source.when:
            specs[f"{prefix}:source.{i}:when"] = TemplateSpec(
                source.when, f"{what} source {i + 1} when", file, line)


# The str.format patterns of a style and the fields each may use.
_STYLE_PATTERNS: dict[str, tuple[str, ...]] = {
    "section_label": ("n",), "section_ref": ("n",),
    "code_section_label": ("n", "chapter", "number"),
    "code_section_ref": ("n", "chapter", "number"),
    "same_section_ref": ("path",), "definition_form": ("term",),
    "definitions_intro": ("instrument",),
}
_SPEC = re.compile(r"^(?:.?[<>=^])?[+\- ]?#?0?(\d*)(?:[,_])?(?:\.(\d+))?[bcdeEfFgGnosxX%]?$")
MAX_PATTERN_WIDTH = 20  # "{n:03d}" pads to 3; nothing in a law needs more than a few


def pattern_problem(pattern: str, fields: tuple[str, ...], positional: bool = False
                    ) -> str | None:
    """What is wrong with a style's ``str.format`` pattern, or None if it is usable.

    A pattern may name only ``fields`` (or, with ``positional``, hold exactly one ``{}``),
    with a short format spec: no attribute or index access (``{n.__class__}``), no
    nested fields, no width that would build a huge string (``{n:500000000}``).
    """
    import string

    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return f"it does not format ({exc}); write a literal brace as {{{{ or }}}}"
    named = [(name, spec, conv) for _, name, spec, conv in parsed if name is not None]
    allowed = ", ".join("{" + f + "}" for f in fields)
    if positional and (len(named) != 1 or named[0][0] != ""):
        return "it must contain exactly one {}"
    for name, spec, conv in named:
        if not (positional and name == "") and name not in fields:
            return (f"{{{name}}} is not a field it may use" +
                    (f" (it may use {allowed})" if fields else ""))
        if conv is not None:
            return f"conversions such as !{conv} are not allowed"
        found = _SPEC.match(spec or "")
        if found is None or "{" in (spec or ""):
            return f"the format {spec!r} is not a simple width or number format"
        widths = [int(g) for g in found.groups() if g]
        if any(w > MAX_PATTERN_WIDTH for w in widths):
            return f"a width of {max(widths)} is more than {MAX_PATTERN_WIDTH}"
    return None


class _Loader:
    def __init__(self, lib: _Contents, source: LibrarySource, laws: bool = True,
                 parsed: ParsedLayer | None = None) -> None:
        self.lib = lib
        self.parsed = parsed
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
        for path in self._files(root, "parts.yaml"):
            self._parts(path)
        for path in self._files(root / "questions", "*.yaml"):
            self._questions(path)
        for path in self._files(root / "definitions", "*.yaml"):
            self._definitions(path)
        for path in self._files(root / "styles", "*.yaml"):
            self._style(path)
        for path in self._files(root / "provisions", "**/*.yaml"):
            self._clause(path)
        if self.source.seeds is not None:
            for path in self._files(self.source.seeds / "drafts", "*.yaml"):
                self._seed(path)
        if self.laws:
            self._elements(root)
        if self.source.seeds is not None and self.laws:
            from .laws import load_laws

            load_laws(self._files(self.source.seeds / "laws", "*.yaml"), self.lib.laws,
                      self.problems, self._unique)

    def _elements(self, root: Path) -> None:
        """``elements.yaml``: noted here, read when first needed (``Library.elements``)."""
        for path in self._files(root, "elements.yaml"):
            self.lib.element_files.append((str(path), self.sandboxed))

    def _files(self, folder: Path, pattern: str) -> list[Path]:
        """The files matching ``pattern`` in ``folder``, sorted; a pack's confined to it.

        A pack is someone else's folder: a file (or a link) that resolves outside it,
        such as a link to /etc/shadow, is reported by its own path and never read, so
        neither its contents nor its target's name can appear in a message.
        """
        if not folder.is_dir():
            return []
        boundary = self.source.clauses.resolve() if self.sandboxed else None
        found = []
        for path in sorted(folder.glob(pattern)):
            if boundary is not None and not path.resolve().is_relative_to(boundary):
                self.problems.append(Problem(str(path), 0, "a link to a file outside the "
                                             "pack; it was not read (copy the file into the "
                                             "pack instead)"))
            elif path.is_symlink() and not path.exists():
                self.problems.append(Problem(str(path), 0, "a link to a file that does not "
                                             "exist; remove it or restore its target"))
            elif path.is_file():
                found.append(path)
        return found

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
        data, problems = self._load_yaml(path)
        self.problems.extend(problems)
        if data is None:
            return None
        ident = data.get(key) if key and isinstance(data, dict) else None
        what = f"{kind} {ident!r}" if isinstance(ident, str) and ident else kind
        checked = validate(data, model, str(path), what)
        self.problems.extend(checked.problems)
        return checked if checked.value is not None else None

    def _load_yaml(self, path: Path) -> tuple[Any, list[Problem]]:
        """The file parsed (``yamlio``), or its parsed data from the user's cache."""
        return self.parsed.load(path) if self.parsed is not None else load_yaml_file(path)

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

    def _question(self, entry: QuestionEntry, checked: Validated[StepFile], file: str,
                  step: str, i: int) -> Question | None:
        qid = entry.id
        what = f"question {qid!r}"

        def line(*key: str) -> int:
            return checked.line("questions", i, *key)

        if qid and not _QID.match(qid):
            self._error(file, line("id"), f"{what}: ids are lower_snake_case (letters, digits, _)")
        if qtype(entry).needs_choices and not entry.choices:
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
        from .government import KINDS

        kind_defaults = {}
        for kind, value in entry.kind_defaults.items():
            if kind not in KINDS:
                self._error(file, line("kind_defaults"), f"{what}: kind_defaults names "
                            f"{kind!r}, not a kind of jurisdiction ({', '.join(KINDS)})")
                continue
            kind_defaults[kind], error = validate_answer(question, value)
            if error:
                self._error(file, line("kind_defaults", kind), f"{what}: the default for a "
                            f"{kind} {error}")
        question = msgspec.structs.replace(question, default=default, kind_defaults=kind_defaults,
                                           max_length=entry.max_length or None)
        if not qid or not self._unique("question", qid, question.where):
            return None
        self.lib.questions[qid] = question
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

    def _style(self, path: Path) -> None:
        checked = self._read(path, StyleFile, "style")
        if checked is None or checked.value is None:
            return
        file = str(path)
        style = record(checked.value, Style, sandboxed=self.sandboxed,
                       where=Where(file, checked.line()))
        sid = style.id
        bad = False
        for i, level in enumerate(style.levels):
            for key in ("pattern", "cited_as"):
                wrong = pattern_problem(getattr(level, key), (), positional=True)
                if wrong:
                    bad = True
                    self._error(file, checked.line("levels", i, key),
                                f"style {sid!r}: level {key} {excerpt(getattr(level, key))}: "
                                f"{wrong}; write it with one {{}} where the number goes, "
                                "e.g. \"({})\"")
        if style.page.size not in ("letter", "a4"):
            self._error(file, checked.line("page", "size"),
                        f"style {sid!r}: page size must be letter or a4")
        for name, fields in _STYLE_PATTERNS.items():
            wrong = pattern_problem(getattr(style, name), fields)
            if wrong:
                bad = True
                self._error(file, checked.line(name),
                            f"style {sid!r}: {name} {excerpt(getattr(style, name))}: {wrong}")
        numbering = style.code_numbering
        for name, fields in (("bill_label", ("n",)), ("bill_ref", ("n",))):
            wrong = pattern_problem(getattr(numbering, name), fields)
            if wrong:
                bad = True
                self._error(file, checked.line("code_numbering", name),
                            f"style {sid!r}: code_numbering {name} "
                            f"{excerpt(getattr(numbering, name))}: {wrong}")
        for name, low, high in (("start", 0, 10**6), ("step", 1, 1000),
                                ("width", 0, MAX_PATTERN_WIDTH), ("penalties", 1, 10**6)):
            value = getattr(numbering, name)
            if value is not None and not low <= value <= high:
                bad = True
                self._error(file, checked.line("code_numbering", name),
                            f"style {sid!r}: code_numbering {name} must be from {low} to {high}")
        if "{" in numbering.separator or "}" in numbering.separator or len(
                numbering.separator) > 3:
            bad = True
            self._error(file, checked.line("code_numbering", "separator"),
                        f"style {sid!r}: code_numbering separator {excerpt(numbering.separator)}"
                        ": use up to three characters and no braces, e.g. \".\" or \"-\"")
        if not style.levels or bad:
            return
        if sid and self._unique("style", sid, style.where):
            self.lib.styles[sid] = style

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
                        part_line=checked.line("part"),
                        commentary_line=checked.line("commentary"))
        for element in clause.elements:
            if not re.fullmatch(r"E\d\d", element):
                self._error(file, checked.line("elements"), f"clause {cid!r}: element "
                            f"{element!r} is not an id like E08 from the reference matrix")
        if not cid or not self._unique("clause", cid, clause.where):
            return
        self.lib.clauses[cid] = clause

    def _seed(self, path: Path) -> None:
        data, problems = self._load_yaml(path)
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
        jurisdiction = data.get("jurisdiction")
        own = jurisdiction.get("kind") if isinstance(jurisdiction, dict) else None
        kinds = tuple(dict.fromkeys((str(own or "city"), *block.kinds)))
        from .government import KINDS

        for kind in kinds:
            if kind not in KINDS:
                self._error(file, checked.line("seed", "kinds"), f"seed kind {kind!r} is not "
                            f"one of {', '.join(KINDS)}")
        seed = Seed(block.id, block.name or block.id, block.description, dict(data),
                    Where(file, checked.line()),
                    tuple(f.strip() for f in block.family.split(",") if f.strip()), kinds)
        if seed.id and self._unique("seed", seed.id, seed.where):
            self.lib.seeds[seed.id] = seed


def _finish(lib: _Contents) -> None:
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
