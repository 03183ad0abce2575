"""``ordinance library check``: every problem in a library, each with file and line.

Beyond what loading reports (YAML syntax, schema, duplicates, unknown parts),
this compiles every template and condition (commentary that uses Jinja2
included), finds variables no question
defines, what Jinja2's sandbox would refuse (private attributes, oversized
constants and ranges), ``term()`` calls with no definition, ``ref()`` calls to unknown
clauses or labels, definition cycles, conflicts naming unknown questions,
seeds whose answers do not validate or that fail to assemble, reference laws
whose key numbers name unknown questions, and seed families no law belongs to.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2

from .answers import resolve_answers
from .document import Source
from .jinja_env import environment, helper_calls, name_line, sandbox_refusals, undeclared
from .library import Library, Where
from .models import CALENDAR_FIELDS
from .problems import InputError, Problem, excerpt
from .templating import CONTEXT_NAMES, is_template

STYLE_NAMES = ("purposes", "code_name")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # "this" is in CONTEXT_NAMES


def _line(where: Where, base: int, source: str, lineno: int | None) -> int:
    """The file line of a template line: block scalars start on the next line."""
    if not lineno:
        return base or where.line
    if "\n" in source.rstrip("\n"):
        return (base or where.line) + lineno
    return base or where.line


class _Checker:
    def __init__(self, library: Library, packs_only: bool = False,
                 pack_templates_only: bool = False) -> None:
        self.lib = library
        self.packs_only = packs_only
        self.pack_templates_only = packs_only or pack_templates_only
        self.problems: list[Problem] = list(library.problems)
        if any(pack for _, pack in library.element_files):  # a pack's elements.yaml
            self.problems += library.element_problems  # (the built-in one: its tests)
        self.known = set(library.questions) | set(CONTEXT_NAMES) | set(STYLE_NAMES)
        self.labels: dict[str, set[str]] = {}

    def error(self, where: Where, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(where.file, line, message, severity))

    def mine(self, item: Any) -> bool:
        """Whether to check ``item``'s templates: all, or only what a pack gave."""
        return not self.pack_templates_only or bool(getattr(item, "sandboxed", False))

    def template(self, what: str, source: str, where: Where, base: int) -> bool:
        """Compile one template; report syntax errors, unknown variables, sandbox refusals."""
        try:
            environment().compile(source)
        except jinja2.TemplateSyntaxError as exc:
            self.error(where, _line(where, base, source, exc.lineno),
                       f"{what}: template syntax: {exc.message}")
            return False
        except RecursionError:
            self.error(where, base or where.line, f"{what}: the template nests too deeply to "
                       "compile; simplify it")
            return False
        marker = _PRIVATE_USE.search(source)
        if marker:
            line = source.count("\n", 0, marker.start()) + 1
            self.error(where, _line(where, base, source, line), f"{what}: contains the "
                       f"private-use character U+{ord(marker.group()):04X}, which the assembler "
                       "uses to mark terms and references; remove it")
        unknown = undeclared(source) - self.known
        for name in sorted(unknown):
            self.error(where, _line(where, base, source, name_line(source, name)),
                       f"{what}: uses {name!r}, which no question defines (known names are "
                       "the question ids and jurisdiction, gov, government, body, instrument)")
        for message, lineno in sandbox_refusals(source):
            self.error(where, _line(where, base, source, lineno), f"{what}: {message}")
        return True

    def condition(self, what: str, expression: str, where: Where) -> None:
        try:
            environment().compile_expression(expression)
        except jinja2.TemplateSyntaxError as exc:
            self.error(where, where.line, f"{what}: condition {excerpt(expression)} does not "
                       f"compile: {exc.message}")
            return
        except RecursionError:
            self.error(where, where.line, f"{what}: the condition nests too deeply to compile")
            return
        self.template(f"{what} condition", "{{ " + expression + " }}", where, where.line)

    def run(self) -> list[Problem]:
        lib = self.lib
        for name in sorted(set(lib.questions) & set(CONTEXT_NAMES + STYLE_NAMES)):
            q = lib.questions[name]
            self.error(q.where, q.where.line, f"question id {name!r} is reserved for the "
                       "template context; choose another id")
        for q in lib.questions.values():
            if q.when and self.mine(q):
                self.condition(f"question {q.id!r}", q.when, q.where)
        for c in lib.conflicts:
            if not self.mine(c):
                continue
            self.condition(f"conflict {c.id!r}", c.when, c.where)
            for qid in c.questions:
                if qid not in lib.questions:
                    self.error(c.where, c.where.line,
                               f"conflict {c.id!r} names unknown question {qid!r}")
        for clause in lib.clauses.values():
            self.labels[clause.id] = {name for name, _ in helper_calls(clause.text, "label")} \
                if self._parses(clause.text) else set()
        for clause in lib.clauses.values():
            if not self.mine(clause):
                continue
            what = f"clause {clause.id!r}"
            if clause.when:
                self.condition(what, clause.when, clause.where)
            if clause.purpose:
                self.template(f"{what} purpose", clause.purpose, clause.where, 0)
            for i, entry in enumerate(clause.calendar):
                for name in CALENDAR_FIELDS:
                    source = getattr(entry, name)
                    if source and name == "when":
                        self.condition(f"{what} calendar {i + 1}", source, clause.where)
                    elif source:
                        self.template(f"{what} calendar {i + 1} {name}", source,
                                      clause.where, 0)
            if self.template(what, clause.text, clause.where, clause.text_line):
                self.helpers(what, clause.text, clause.where, clause.text_line)
            self.commentary(what, clause.commentary, clause.where, clause.commentary_line)
            self.source_conditions(what, clause.sources, clause.where)
        for variants in lib.definitions.values():
            for d in variants:
                if not self.mine(d):
                    continue
                what = f"definition {d.term!r}"
                if d.when:
                    self.condition(what, d.when, d.where)
                if self.template(what, d.text, d.where, d.where.line):
                    self.helpers(what, d.text, d.where, d.where.line)
                self.commentary(what, d.commentary, d.where, d.where.line)
                self.source_conditions(what, d.sources, d.where)
        self.cycles()
        for style in lib.styles.values():
            if not self.mine(style):
                continue
            for name in ("enacting_clause", "codify_intro", "recitals_intro", "recitals_outro",
                         "government", "long_title"):
                self.template(f"style {style.id!r} {name}", getattr(style, name), style.where,
                              style.where.line)
            for i, line in enumerate((*style.caption, *style.signature)):
                self.template(f"style {style.id!r} caption/signature line {i + 1}", line,
                              style.where, style.where.line)
        if self.packs_only:
            return self.problems
        self.laws()
        if not self.problems or all(p.severity != "error" for p in self.problems):
            self.seeds()
        return self.problems

    def commentary(self, what: str, source: str, where: Where, base: int) -> None:
        """A note that uses Jinja2 is a template like the text; it prints as plain text."""
        if not is_template(source) or not self.template(f"{what} commentary", source, where,
                                                        base):
            return
        for helper in ("ref", "label"):
            for _, lineno in helper_calls(source, helper):
                self.error(where, _line(where, base, source, lineno),
                           f"{what} commentary: {helper}() prints nothing in a note; name "
                           "the section in words")

    def source_conditions(self, what: str, sources: tuple[Source, ...], where: Where) -> None:
        for i, source in enumerate(sources):
            if source.when:
                self.condition(f"{what} source {i + 1}", source.when, where)

    def _parses(self, source: str) -> bool:
        try:
            environment().parse(source)
            return True
        except (jinja2.TemplateSyntaxError, RecursionError):
            return False

    def helpers(self, what: str, source: str, where: Where, base: int) -> None:
        for term, lineno in helper_calls(source, "term"):
            if term not in self.lib.definitions:
                self.error(where, _line(where, base, source, lineno),
                           f"{what}: term({term!r}) has no definition; add one under "
                           "definitions/ or fix the spelling")
        for target, lineno in helper_calls(source, "ref"):
            clause_id, _, label = target.partition("#")
            line = _line(where, base, source, lineno)
            if clause_id not in self.lib.clauses and clause_id != "definitions":
                self.error(where, line, f"{what}: ref({target!r}) names no clause in the "
                           "library")
            elif label and not label.startswith("(") and label not in self.labels.get(
                    clause_id, set()):
                self.error(where, line, f"{what}: ref({target!r}): clause {clause_id!r} has no "
                           f"label({label!r})")

    def cycles(self) -> None:
        graph: dict[str, set[str]] = {}
        for term, variants in self.lib.definitions.items():
            uses: set[str] = set()
            for d in variants:
                if self._parses(d.text):
                    uses |= {t for t, _ in helper_calls(d.text, "term")}
            graph[term] = uses & set(self.lib.definitions)
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()

        def visit(term: str, path: list[str]) -> None:
            state[term] = 1
            for nxt in sorted(graph.get(term, ())):
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt):] + [nxt] if nxt in path else [term, nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        d = self.lib.definitions[nxt][0]
                        self.error(d.where, d.where.line, "definitions depend on each other in "
                                   f"a cycle: {' -> '.join(cycle)}; one of them must not use "
                                   "the other")
                elif state.get(nxt) is None:
                    visit(nxt, [*path, nxt])
            state[term] = 2

        for term in sorted(graph):
            if term not in state:
                visit(term, [term])

    def laws(self) -> None:
        """Key numbers name real questions; seed families name families some law has."""
        for law in self.lib.laws.values():
            for number in law.numbers:
                if number.question and number.question not in self.lib.questions:
                    self.error(Where(law.file, law.line), number.line or law.line,
                               f"law {law.id!r}: number {number.what!r} names question "
                               f"{number.question!r}, which the library does not have; fix "
                               "the id or remove 'question'")
        families = {law.family for law in self.lib.laws.values()}
        for seed in self.lib.seeds.values():
            for family in seed.family:
                if family not in families:
                    self.error(seed.where, seed.where.line,
                               f"seed {seed.id!r}: family {family!r} matches no reference law "
                               f"(families: {', '.join(sorted(families)) or 'none loaded'}); "
                               "'ordinance compare' will use all laws", "warning")

    def seeds(self) -> None:
        from .assemble import assemble
        from .draft import check_against_library, draft_from_data
        from .lint import lint

        for seed in self.lib.seeds.values():
            try:
                draft, problems = draft_from_data(seed.data, seed.where.file)
            except InputError as exc:
                self.problems.extend(exc.problems)
                continue
            problems += check_against_library(draft, self.lib, seed.where.file)
            _, issues = resolve_answers(self.lib, draft.answers)
            self.problems.extend(Problem(p.file, p.line or seed.where.line,
                                         f"seed {seed.id!r}: {p.message}", "error")
                                 for p in problems)
            try:
                ordinance = assemble(self.lib, draft)
            except InputError as exc:
                # A template's failure is reported where the template is.
                self.problems.extend(Problem(p.file if p.line else seed.where.file,
                                             p.line or seed.where.line,
                                             f"seed {seed.id!r} does not assemble: {p.message}")
                                     for p in exc.problems)
                continue
            for d in lint(self.lib, draft, ordinance):
                if d.severity == "error":
                    self.error(seed.where, seed.where.line, f"seed {seed.id!r}: {d.code} "
                               f"{d.message}")


def check_library(library: Library, packs_only: bool = False,
                  pack_templates_only: bool = False) -> list[Problem]:
    """Every problem in the library, sorted by file and line.

    ``packs_only``: the checks of the items that packs gave (templates, conditions,
    references, definition cycles), without building the seeds. ``build`` and the app
    run these on every pack they load, so that they refuse what ``library check``
    refuses instead of building with it.

    ``pack_templates_only``: the same checks of templates, then the reference laws and
    every seed built with the packs. The built-in library's own templates are left out:
    what a template's checks find (syntax, names no question defines, sandbox refusals)
    depends on its text and on the questions, which a pack can only add to, so a pack
    cannot change their result; ``library check`` without packs checks them.
    """
    problems = _Checker(library, packs_only, pack_templates_only).run()
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line, p.message))
