"""The clause library: parts, questions, clauses, definitions, styles, seeds, laws.

``load_library(sources)`` reads one or more library folders (the built-in one
first, then users' packs, whose items replace built-in items with the same id),
validates every file into the typed records below and returns a ``Library``
whose ``problems`` lists everything wrong, each with file and line. The
library is immutable; its templates (Jinja2, in the sandbox of ``jinja_env``)
are compiled on first use; ``check.py`` does the deep checks (compiling
everything, unknown variables, sandbox refusals, cycles).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import records
from .document import PageSetup, Source
from .problems import Problem
from .records import field, record
from .schema import Reader, item_line
from .templating import TemplateSpec
from .yamlio import load_yaml_file

if TYPE_CHECKING:
    from .jinja_env import CompiledCondition, CompiledTemplate
    from .laws import Law

QUESTION_TYPES = ("choice", "multi", "bool", "text", "days", "dollars", "number", "date")
NUMBER_TYPES = ("days", "dollars", "number")
PART_KINDS = ("recitals", "sections", "definitions")
LEVEL_FORMATS = ("decimal", "lower-letter", "upper-letter", "lower-roman", "upper-roman")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_QID = re.compile(r"^[a-z][a-z0-9_]*$")


@record(frozen=True, slots=True)
class Where:
    file: str
    line: int


@record(frozen=True, slots=True)
class Part:
    id: str
    kind: str
    codified: bool
    index: int
    heading: str = ""


@record(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    help: str = ""


@record(frozen=True, slots=True)
class Question:
    id: str
    step: str
    prompt: str
    type: str
    default: Any
    help: str = ""
    choices: tuple[Choice, ...] = ()
    when: str = ""
    min: float | None = None
    max: float | None = None
    bounds: tuple[float, float] | None = None
    max_length: int | None = None
    pattern: str = ""
    placeholder: str = ""
    sandboxed: bool = False
    where: Where = Where("", 0)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@record(frozen=True, slots=True)
class Step:
    id: str
    title: str
    order: int
    intro: str
    questions: tuple[str, ...]
    where: Where = Where("", 0)


@record(frozen=True, slots=True)
class Conflict:
    id: str
    when: str
    message: str
    questions: tuple[str, ...]
    sandboxed: bool = False
    where: Where = Where("", 0)
    severity: str = "error"


@record(frozen=True, slots=True)
class Clause:
    id: str
    title: str
    part: str
    order: int
    text: str
    when: str = ""
    purpose: str = ""
    elements: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    commentary: str = ""
    sandboxed: bool = False
    where: Where = Where("", 0)
    text_line: int = 0
    part_line: int = 0


@record(frozen=True, slots=True)
class Definition:
    term: str
    text: str
    index: int
    when: str = ""
    sources: tuple[Source, ...] = ()
    commentary: str = ""
    sandboxed: bool = False
    where: Where = Where("", 0)

    @property
    def key(self) -> str:
        return f"{self.term}#{self.index}"


@record(frozen=True, slots=True)
class Level:
    format: str
    pattern: str


@record(frozen=True, slots=True)
class Style:
    id: str
    name: str
    instrument: str
    government: str
    section_label: str
    section_ref: str
    levels: tuple[Level, ...]
    same_section_ref: str
    caption: tuple[str, ...]
    enacting_clause: str
    signature: tuple[str, ...]
    code_section_label: str = "{chapter}.{n:03d}"
    code_section_ref: str = "Section {chapter}.{n:03d}"
    codify_intro: str = ""
    recital_prefix: str = "WHEREAS,"
    recitals_intro: str = ""
    recitals_outro: str = "NOW, THEREFORE,"
    long_title: str = "An {{ instrument }} of {{ government }} to {{ purposes }}."
    definition_form: str = "\u201c{term}\u201d means"
    definitions_intro: str = "In this {instrument}, the following terms have these meanings:"
    page: PageSetup = PageSetup()
    sandboxed: bool = False
    where: Where = Where("", 0)


@record(frozen=True, slots=True)
class Seed:
    id: str
    name: str
    description: str
    data: dict[str, Any]
    where: Where = Where("", 0)
    family: tuple[str, ...] = ()  # reference-law families it follows ("ccops, fr-ban")


@record
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
    problems: list[Problem] = field(default_factory=list)


@dataclasses.dataclass(frozen=True, eq=False)
class Library:
    """Everything loaded, plus the problems found while loading. Immutable.

    Templates and conditions are found by name (``"clause:<id>:text"``,
    ``"question:<id>:when"``, ...) and compiled on first use, once per process
    per library; that memo is the only thing that changes after loading, and
    it changes nothing the library says.
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
    # Template sources by name, and which names are conditions (``when``).
    specs: Mapping[str, TemplateSpec] = dataclasses.field(default_factory=dict, repr=False)
    _compiled: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)

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

            found = self._compiled[name] = CompiledTemplate(self.specs[name])
        return found

    def condition(self, name: str) -> CompiledCondition:
        """The ``when`` condition ``name`` compiled (on first use); call it with a context."""
        found = self._compiled.get(name)
        if found is None:
            from .jinja_env import CompiledCondition

            found = self._compiled[name] = CompiledCondition(self.specs[name])
        return found

    def ordered_clauses(self) -> list[Clause]:
        """Clauses in document order: by part, then order, then id."""
        return sorted(self.clauses.values(),
                      key=lambda c: (self.parts[c.part].index if c.part in self.parts else 10**6,
                                     c.order, c.id))

    def ordered_steps(self) -> list[Step]:
        return sorted(self.steps, key=lambda s: (s.order, s.id))


@record(frozen=True, slots=True)
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
    the library check read. The result is immutable.
    """
    if sources is None:
        sources = [builtin_source()]
    contents = _Contents()
    for source in sources:
        _Loader(contents, source, laws).load()
    _finish(contents)
    return _freeze(contents, tuple(s.clauses for s in sources))


def _freeze(c: _Contents, sources: tuple[Path, ...]) -> Library:
    return Library(
        parts=MappingProxyType(dict(c.parts)), steps=tuple(c.steps),
        questions=MappingProxyType(dict(c.questions)), conflicts=tuple(c.conflicts),
        clauses=MappingProxyType(dict(c.clauses)),
        definitions=MappingProxyType({t: tuple(v) for t, v in c.definitions.items()}),
        styles=MappingProxyType(dict(c.styles)), seeds=MappingProxyType(dict(c.seeds)),
        laws=MappingProxyType(dict(c.laws)), problems=tuple(c.problems), sources=sources,
        specs=MappingProxyType(_template_specs(c)))


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
        if cl.purpose:
            specs[f"clause:{cl.id}:purpose"] = TemplateSpec(cl.purpose, f"{what} purpose",
                                                            file, cl.where.line)
    for variants in c.definitions.values():
        for d in variants:
            what = f"definition {d.term!r}"
            specs[f"definition:{d.key}:text"] = TemplateSpec(d.text, what, d.where.file,
                                                             d.where.line)
            if d.when:
                specs[f"definition:{d.key}:when"] = TemplateSpec(
                    d.when, f"{what} when", d.where.file, d.where.line)
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


class _Loader:
    def __init__(self, lib: _Contents, source: LibrarySource, laws: bool = True) -> None:
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

    def _parts(self, path: Path) -> None:
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return
        top = Reader(data, str(path), "parts file", self.problems, allowed={"parts"})
        items = top.list("parts", required=True)
        if items:
            self.lib.parts.clear()
        for i, item in enumerate(items):
            r = Reader(item, str(path), f"part #{i + 1}", self.problems,
                       line=item_line(items, i, top.line),
                       allowed={"id", "kind", "codified", "heading"})
            pid = r.str("id", required=True)
            kind = r.str("kind", "sections")
            if kind not in PART_KINDS:
                r.error(r.line_of("kind"), f"part {pid!r}: kind must be one of "
                        f"{', '.join(PART_KINDS)}, found {kind!r}")
            if pid and self._unique("part", pid, Where(str(path), r.line)):
                self.lib.parts[pid] = Part(pid, kind, r.bool("codified", True), i,
                                           r.str("heading"))

    def _sources(self, r: Reader, what: str) -> tuple[Source, ...]:
        out = []
        items = r.list("sources")
        for i, item in enumerate(items):
            s = Reader(item, r.file, f"{what}, source #{i + 1}", self.problems,
                       line=item_line(items, i, r.line), allowed={"cite", "note", "verified"})
            out.append(Source(s.str("cite", required=True), s.str("note"),
                              s.bool("verified", True)))
        return tuple(out)

    def _questions(self, path: Path) -> None:
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return
        file = str(path)
        top = Reader(data, file, "step", self.problems,
                     allowed={"step", "title", "order", "intro", "questions", "conflicts"})
        step_id = top.str("step", required=True)
        qids = []
        items = top.list("questions")
        for i, item in enumerate(items):
            q = self._question(item, file, step_id, item_line(items, i, top.line), i)
            if q is not None:
                qids.append(q.id)
        if step_id and self._unique("step", step_id, Where(file, top.line)):
            self.lib.steps = [s for s in self.lib.steps if s.id != step_id]
            self.lib.steps.append(Step(step_id, top.str("title", step_id), top.int("order", 0),
                                       top.str("intro"), tuple(qids), Where(file, top.line)))
        conflicts = top.list("conflicts")
        for i, item in enumerate(conflicts):
            c = Reader(item, file, f"conflict #{i + 1}", self.problems,
                       line=item_line(conflicts, i, top.line),
                       allowed={"id", "when", "message", "questions", "severity"})
            cid = c.str("id", required=True)
            conflict = Conflict(cid, c.str("when", required=True), c.str("message", required=True),
                                c.str_list("questions"), self.sandboxed, Where(file, c.line),
                                c.str("severity", "error"))
            if conflict.severity not in ("error", "warning"):
                c.error(c.line_of("severity"), f"conflict {cid!r}: severity must be error or "
                        "warning")
            if cid and self._unique("conflict", cid, conflict.where):
                self.lib.conflicts = [x for x in self.lib.conflicts if x.id != cid]
                self.lib.conflicts.append(conflict)

    def _question(self, item: Any, file: str, step: str, line: int, i: int) -> Question | None:
        r = Reader(item, file, f"question #{i + 1}", self.problems, line=line,
                   allowed={"id", "prompt", "help", "type", "default", "choices", "when", "min",
                            "max", "bounds", "max_length", "pattern", "placeholder"})
        qid = r.str("id", required=True)
        what = f"question {qid!r}"
        if qid and not _QID.match(qid):
            r.error(r.line_of("id"), f"{what}: ids are lower_snake_case (letters, digits, _)")
        qtype = r.str("type", required=True)
        if qtype and qtype not in QUESTION_TYPES:
            r.error(r.line_of("type"), f"{what}: type must be one of "
                    f"{', '.join(QUESTION_TYPES)}, found {qtype!r}")
        choices = []
        citems = r.list("choices")
        for j, citem in enumerate(citems):
            if isinstance(citem, (str, int)) and not isinstance(citem, bool):
                choices.append(Choice(str(citem), str(citem)))
                continue
            c = Reader(citem, file, f"{what}, choice #{j + 1}", self.problems,
                       line=item_line(citems, j, r.line), allowed={"value", "label", "help"})
            value = c.str("value", required=True)
            choices.append(Choice(value, c.str("label", value), c.str("help")))
        if qtype in ("choice", "multi") and not choices:
            r.error(r.line, f"{what}: a {qtype} question needs a list of choices")
        values = [c.value for c in choices]
        if len(set(values)) != len(values):
            r.error(r.line_of("choices"), f"{what}: two choices have the same value")
        bounds = None
        braw = r.raw("bounds")
        if braw is not None:
            if (isinstance(braw, list) and len(braw) == 2
                    and all(isinstance(b, (int, float)) and not isinstance(b, bool)
                            for b in braw)):
                bounds = (float(braw[0]), float(braw[1]))
            else:
                r.error(r.line_of("bounds"), f"{what}: bounds must be [low, high] numbers")
        pattern = r.str("pattern")
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                r.error(r.line_of("pattern"), f"{what}: pattern is not a valid regular "
                        f"expression ({exc})")
        raw_default = r.raw("default")
        question = Question(
            id=qid, step=step, prompt=r.str("prompt", required=True), type=qtype,
            default=raw_default, help=r.str("help"), choices=tuple(choices),
            when=r.str("when"), min=r.number("min"), max=r.number("max"), bounds=bounds,
            max_length=r.int("max_length") or None, pattern=pattern,
            placeholder=r.str("placeholder"), sandboxed=self.sandboxed, where=Where(file, r.line))
        if qtype in QUESTION_TYPES:
            from .answers import default_for, validate_answer

            if raw_default is None:
                question = records.replace(question, default=default_for(question))
            else:
                value, error = validate_answer(question, raw_default)
                if error:
                    r.error(r.line_of("default"), f"{what}: default {error}")
                question = records.replace(question, default=value)
        if not qid or not self._unique("question", qid, question.where):
            return None
        self.lib.questions[qid] = question
        return question

    def _definitions(self, path: Path) -> None:
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return
        file = str(path)
        top = Reader(data, file, "definitions file", self.problems, allowed={"definitions"})
        items = top.list("definitions", required=True)
        replaced: set[str] = set()
        for i, item in enumerate(items):
            r = Reader(item, file, f"definition #{i + 1}", self.problems,
                       line=item_line(items, i, top.line),
                       allowed={"term", "text", "when", "sources", "commentary"})
            term = r.str("term", required=True)
            if not term:
                continue
            if self.sandboxed and term not in replaced:
                # A pack's definitions of a term replace the built-in ones as a group.
                self.lib.definitions.pop(term, None)
                replaced.add(term)
            variants = self.lib.definitions.setdefault(term, [])
            definition = Definition(term, r.str("text", required=True), len(variants),
                                    r.str("when"), self._sources(r, f"definition {term!r}"),
                                    r.str("commentary"), self.sandboxed, Where(file, r.line))
            variants.append(definition)

    def _style(self, path: Path) -> None:
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return
        file = str(path)
        fields = {f.name for f in records.fields(Style)} - {"sandboxed", "where"}
        r = Reader(data, file, "style", self.problems, allowed=fields)
        sid = r.str("id", required=True)
        levels = []
        litems = r.list("levels", required=True)
        for i, item in enumerate(litems):
            lr = Reader(item, file, f"style {sid!r}, level #{i + 1}", self.problems,
                        line=item_line(litems, i, r.line), allowed={"format", "pattern"})
            fmt = lr.str("format", required=True)
            if fmt and fmt not in LEVEL_FORMATS:
                lr.error(lr.line_of("format"), f"style {sid!r}: level format must be one of "
                         f"{', '.join(LEVEL_FORMATS)}, found {fmt!r}")
            pattern = lr.str("pattern", "({})")
            if "{}" not in pattern:
                lr.error(lr.line_of("pattern"), f"style {sid!r}: a level pattern must contain "
                         "{} where the number goes, e.g. \"({})\"")
            levels.append(Level(fmt, pattern))
        pr = Reader(r.mapping("page"), file, f"style {sid!r}, page", self.problems,
                    line=r.line_of("page"),
                    allowed={"size", "font", "font_size", "margins_in", "line_numbers"})
        size = pr.str("size", "letter")
        if size not in ("letter", "a4"):
            pr.error(pr.line_of("size"), f"style {sid!r}: page size must be letter or a4")
        page = PageSetup(size, pr.str("font", "Times New Roman"), pr.int("font_size", 12),
                         float(pr.number("margins_in", 1.0) or 1.0), pr.bool("line_numbers"))
        defaults = {f.name: f for f in records.fields(Style)}
        kwargs: dict[str, Any] = {}
        for name in ("name", "instrument", "government", "section_label", "section_ref",
                     "same_section_ref", "enacting_clause"):
            kwargs[name] = r.str(name, required=True)
        for name in ("code_section_label", "code_section_ref", "codify_intro", "recital_prefix",
                     "recitals_intro", "recitals_outro", "long_title", "definition_form",
                     "definitions_intro"):
            kwargs[name] = r.str(name, defaults[name].default)
        style = Style(id=sid, levels=tuple(levels), caption=r.str_list("caption"),
                      signature=r.str_list("signature"), page=page, sandboxed=self.sandboxed,
                      where=Where(file, r.line), **kwargs)
        for name in ("section_label", "section_ref"):
            _check_format(r, sid, name, getattr(style, name), n=1)
        for name in ("code_section_label", "code_section_ref"):
            _check_format(r, sid, name, getattr(style, name), n=10, chapter="2.99")
        _check_format(r, sid, "same_section_ref", style.same_section_ref, path="subsection (b)")
        _check_format(r, sid, "definition_form", style.definition_form, term="Term")
        if not levels:
            return
        if sid and self._unique("style", sid, style.where):
            self.lib.styles[sid] = style

    def _clause(self, path: Path) -> None:
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return
        file = str(path)
        r = Reader(data, file, "clause", self.problems,
                   allowed={"id", "title", "part", "order", "when", "purpose", "elements",
                            "sources", "commentary", "text"})
        cid = r.str("id", required=True)
        if cid and not _ID.match(cid):
            r.error(r.line_of("id"), f"clause id {cid!r}: use lower-case letters, digits, "
                    "'.', '-' and '_'")
        clause = Clause(
            id=cid, title=r.str("title", required=True), part=r.str("part", required=True),
            order=r.int("order", 0), text=r.str("text", required=True), when=r.str("when"),
            purpose=r.str("purpose"), elements=r.str_list("elements"),
            sources=self._sources(r, f"clause {cid!r}"), commentary=r.str("commentary"),
            sandboxed=self.sandboxed, where=Where(file, r.line), text_line=r.line_of("text"),
            part_line=r.line_of("part"))
        for element in clause.elements:
            if not re.fullmatch(r"E\d\d", element):
                r.error(r.line_of("elements"), f"clause {cid!r}: element {element!r} is not an "
                        "id like E08 from the reference matrix")
        if not cid or not self._unique("clause", cid, clause.where):
            return
        self.lib.clauses[cid] = clause

    def _seed(self, path: Path) -> None:
        data, problems = load_yaml_file(path)
        self.problems.extend(problems)
        if data is None:
            return
        file = str(path)
        r = Reader(data, file, "seed", self.problems)
        meta = Reader(r.mapping("seed"), file, "seed block", self.problems,
                      line=r.line_of("seed"), allowed={"id", "name", "description", "family"})
        if "seed" not in r.data:
            r.error(r.line, "a seed needs a 'seed: {id, name, description}' block")
            return
        sid = meta.str("id", required=True)
        seed = Seed(sid, meta.str("name", sid), meta.str("description"), dict(r.data),
                    Where(file, r.line),
                    tuple(f.strip() for f in meta.str("family").split(",") if f.strip()))
        if sid and self._unique("seed", sid, seed.where):
            self.lib.seeds[sid] = seed


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


def _check_format(r: Reader, sid: str, name: str, pattern: str, **values: Any) -> None:
    try:
        pattern.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        r.error(r.line_of(name), f"style {sid!r}: {name} {pattern!r} does not format "
                f"({exc}); it may use only {', '.join('{' + k + '}' for k in values)}")




def _yaml_files(folder: Path, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    pattern = "**/*.yaml" if recursive else "*.yaml"
    return sorted(p for p in folder.glob(pattern) if p.is_file())
