"""Assembly: (library, draft) -> an immutable ``Ordinance`` tree.

Steps, in order: resolve answers (defaults fill gaps) and build the template
context; select clauses (``when``, exclusions, overrides); render each clause
and parse its list markup into blocks; collect the defined terms used,
transitively, and build the definitions section; number sections and
subsections in the style's scheme; resolve cross-references; compose caption,
long title, recitals, enacting clause and signature block. The drafter's own
sections (``Draft.added``) are placed among the clauses of their part, after the
clause they follow (at the end of the part, and reported, when it is gone); they,
the drafter's definitions and overrides in the plain form (``Revision``) are plain
text compiled by ``core.plaintext``, never templates. Each section,
recital and defined term carries its drafter's note (commentary, rendered for
the draft when it uses Jinja2, and sources) for the annotated edition.

Problems that do not stop assembly (a reference to an excluded clause, a term
with no definition) are recorded in ``Ordinance.problems`` for lint; a template
that fails to render raises ``InputError`` naming the clause.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

import msgspec

from .answers import condition, resolve_answers
from .document import (
    Block,
    Inline,
    LevelFormat,
    Note,
    Number,
    Numbering,
    Obligation,
    Ordinance,
    Paragraph,
    Recital,
    Ref,
    Section,
    Source,
    Subsection,
    TermDef,
    Text,
)
from .draft import Draft, OwnDefinition, OwnSection, Revision
from .government import resolve as resolve_government
from .government import style_id
from .library import Clause, Definition, Library, Style
from .numbering import (
    bind_signs,
    code_template,
    fill_numbers,
    format_number,
    kept_label,
    label_format,
)
from .plaintext import compile_plain
from .problems import InputError, Problem
from .reflists import SectionName, merge_section_lists, split_ref_label
from .templating import (
    LABEL_RE,
    TemplateFailure,
    TemplateSpec,
    inline_text,
    split_inlines,
    strip_markup,
    terms_in,
)

if TYPE_CHECKING:
    from .incremental import RenderMemo
    from .jinja_env import CompiledTemplate

_ITEM = re.compile(r"^( *)- (.*)$")
DEFINITIONS_ID = "definitions"


class LayoutProblem(str):
    """A problem with the shape of a clause's text (lint's L010); the string is the message."""

    __slots__ = ()


CODIFY_ID = "codify"


@dataclass
class _Item:
    """A list item while parsing: its text lines, label and children."""

    level: int
    lines: list[str]
    children: list[_Item] = field(default_factory=list)


def build_context(library: Library, draft: Draft, memo: RenderMemo | None = None
                  ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The template context for a draft, and any answer problems found on the way.

    ``memo`` (``core.incremental``) reuses what an earlier call of the session rendered.
    """
    values, issues = resolve_answers(library, draft.answers, draft.jurisdiction.kind)
    style = style_for(library, draft)
    one_line = draft.jurisdiction.on_one_line()
    gov = resolve_government(one_line, style.instrument)
    jur = one_line.as_context()
    # Templates that read jurisdiction.body and the like get the resolved words too.
    jur.update(style=style.id, body=gov["body"], chief_executive=gov["executive"],
               clerk=gov["clerk"], counsel=gov["counsel"], instrument=gov["instrument"])
    context: dict[str, Any] = dict(values)
    context["jurisdiction"] = jur
    context["gov"] = gov
    context["instrument"] = gov["instrument"]
    context["body"] = f"the {gov['body']}"
    if "auditor" in context and not context["auditor"]:
        context["auditor"] = gov["auditor"]
    if style.government and not one_line.government:
        context["government"] = ""
        gov["government"] = _render(library, f"style:{style.id}:government", context,
                                    memo)
    context["government"] = gov["government"]
    context["code_name"] = jur["code_name"] or f"{jur['name']} Code"
    return context, issues


def style_for(library: Library, draft: Draft) -> Style:
    style = library.styles.get(style_id(draft.jurisdiction))
    if style is None:
        if not library.styles:
            raise InputError([Problem("library", 0, "the library has no styles")])
        style = library.styles.get("city") or next(iter(library.styles.values()))
    return style


def selected_clauses(library: Library, draft: Draft, context: dict[str, Any],
                     memo: RenderMemo | None = None) -> list[Clause]:
    """Clauses whose condition holds and that the draft does not exclude, in order (none
    when the draft says ``clauses: library: none``)."""
    if draft.library == "none":
        return []
    chosen = []
    excluded = set(draft.exclude)
    for clause in library.ordered_clauses():
        if clause.id in excluded or clause.part not in library.parts:
            continue
        if clause.when and not _condition(library, f"clause:{clause.id}:when", context, memo):
            continue
        chosen.append(clause)
    return chosen


def clause_applies(library: Library, clause: Clause, context: dict[str, Any],
                   memo: RenderMemo | None = None) -> bool:
    """Whether a clause's own condition holds (ignoring the draft's exclusions)."""
    return not clause.when or _condition(library, f"clause:{clause.id}:when", context, memo)


def assemble(library: Library, draft: Draft, *, today: _dt.date | None = None,
             memo: RenderMemo | None = None,
             code_numbers: Mapping[str, str] | None = None) -> Ordinance:
    """Assemble the ordinance a draft describes. Deterministic for a given ``today``.

    ``memo``, a session's ``incremental.RenderMemo``, re-renders only the templates
    whose inputs changed since its last use; the result is the same without it.
    ``code_numbers`` keeps code sections at numbers they already have (clause id to
    number, e.g. the code in force that an amendment changes): the others take the
    code's insertion rule, as a section the drafter adds does.
    """
    return _Assembler(library, draft, today, memo, code_numbers or {}).run()


def clause_purpose(library: Library, draft: Draft, clause_id: str,
                   context: dict[str, Any] | None = None) -> str:
    """A library clause's purpose phrase as the draft's long title prints it ("" if none).

    ``context`` is the draft's template context (``build_context``), when already built.
    """
    clause = library.clauses.get(clause_id)
    if clause is None or not clause.purpose:
        return ""
    if context is None:
        one_line = dataclasses.replace(draft, jurisdiction=draft.jurisdiction.on_one_line())
        context = build_context(library, one_line)[0]
    return strip_markup(_render(library, f"clause:{clause_id}:purpose", context)).strip()


class _Assembler:
    def __init__(self, library: Library, draft: Draft, today: _dt.date | None,
                 memo: RenderMemo | None = None,
                 code_numbers: Mapping[str, str] | None = None) -> None:
        self.lib = library
        self.memo = memo
        self.code_numbers = code_numbers or {}
        # Typed texts print on one line: a line break would break the layout.
        self.draft = draft = dataclasses.replace(
            draft, jurisdiction=draft.jurisdiction.on_one_line(), title=inline_text(draft.title))
        self.style = style_for(library, draft)
        self.context, _ = build_context(library, draft, memo)
        self.today = today or _dt.date.today()
        self.problems: list[str] = []
        self.terms_used: set[str] = set()
        self.obligations: list[tuple[str, dict[str, str]]] = []  # clause id, rendered fields
        self.names: dict[str, SectionName] = {}
        self.numbering = Numbering()
        self.definition_notes: tuple[Note, ...] = ()
        self.own_terms = {d.term: d for d in draft.defined}
        # ``clauses: library: none`` (an imported law): the drafter's terms only.
        self.library_terms = draft.library != "none"
        self.known_terms = tuple(sorted({*(library.definitions if self.library_terms else ()),
                                         *self.own_terms}))
        self.own_ids = {s.id for s in draft.added}
        self.placed: set[str] = set()

    # -- rendering -------------------------------------------------------------------
    def plain(self, text: str, owner: str, ctx: dict[str, Any]) -> str:
        """A drafter's plain text as marked-up clause text (``core.plaintext``)."""
        compiled, problems = compile_plain(text, self.known_terms, ctx, owner)
        self.problems.extend(LayoutProblem(p) for p in problems)
        return compiled

    def heading(self, clause: Clause, ctx: dict[str, Any]) -> str:
        """A clause's heading: the draft's (an override in the plain form), else the library's
        heading template rendered for the draft, else its title."""
        override = self.draft.override.get(clause.id)
        if isinstance(override, Revision) and override.heading:
            return override.heading
        if clause.heading:
            return " ".join(strip_markup(_render(
                self.lib, f"clause:{clause.id}:heading", ctx, self.memo)).split())
        return clause.title

    def render_clause(self, clause: Clause, ctx: dict[str, Any]) -> str:
        """A clause's text rendered: the draft's override if any, else the library's."""
        override = self.draft.override.get(clause.id)
        if isinstance(override, Revision):
            if override.text:
                return self.plain(override.text, f"your text for clause {clause.id!r}", ctx)
            override = None
        text = override
        if self.memo is None:
            return _rendered(self.clause_template(clause), ctx)
        try:
            if text is None:
                return self.memo.render(self.lib, f"clause:{clause.id}:text", ctx)
            return self.memo.render_override(self.lib, clause.id, text, ctx)
        except TemplateFailure as exc:
            raise InputError([exc.problem()]) from exc

    def calendar_of(self, clause: Clause, ctx: dict[str, Any]) -> None:
        """Render the clause's calendar entries whose condition holds (none if overridden:
        the drafter's own text may set other deadlines)."""
        override = self.draft.override.get(clause.id)
        if override is not None and not (isinstance(override, Revision) and not override.text):
            return
        for i, entry in enumerate(clause.calendar):
            name = f"clause:{clause.id}:calendar.{i}"
            if entry.when and not condition(self.lib, f"{name}.when", ctx, self.memo):
                continue
            fields = {field: " ".join(strip_markup(_render(self.lib, f"{name}.{field}", ctx,
                                                           self.memo)).split())
                      for field in ("who", "does", "by", "every") if getattr(entry, field)}
            self.obligations.append((clause.id, fields))

    def clause_template(self, clause: Clause) -> CompiledTemplate:
        """The template of a clause's text: the draft's override if any, else the library's.

        Overrides compile here, for this assembly only: the library is not changed.
        """
        text = self.draft.override.get(clause.id)
        try:
            if not isinstance(text, str):
                return self.lib.template(f"clause:{clause.id}:text")
            from .jinja_env import CompiledTemplate

            return CompiledTemplate(TemplateSpec(text, f"override of clause {clause.id!r}",
                                                 "draft", 0))
        except TemplateFailure as exc:
            raise InputError([exc.problem()]) from exc

    def run(self) -> Ordinance:
        lib, ctx = self.lib, self.context
        clauses = selected_clauses(lib, self.draft, ctx, self.memo)
        placed = self.place(clauses)
        self.placed = {c.id for part in placed.values() for c in part}
        recitals: list[Recital] = []
        sections: list[_PendingSection] = []
        purposes: list[str] = []
        has_definitions_part = False
        for part in sorted(lib.parts.values(), key=lambda p: p.index):
            if part.kind == "definitions":
                has_definitions_part = True
                sections.append((None, part.id, part.heading or "Definitions", (),
                                 part.codified))
                continue
            # "this chapter" inside the new chapter, "this ordinance" elsewhere.
            part_ctx = {**ctx, "this": self.this(part.codified)}
            for clause in placed.get(part.id, ()):
                if isinstance(clause, OwnSection):
                    rendered = self.plain(clause.text, f"added section {clause.id!r}", part_ctx)
                    purpose = " ".join(clause.purpose.split())
                    title = clause.heading
                else:
                    rendered = self.render_clause(clause, part_ctx)
                    purpose = strip_markup(_render(lib, f"clause:{clause.id}:purpose", ctx,
                                                   self.memo)).strip() if clause.purpose else ""
                    title = self.heading(clause, part_ctx)
                self.terms_used |= terms_in(rendered)
                if not isinstance(clause, OwnSection):
                    self.calendar_of(clause, part_ctx)
                if purpose and purpose not in purposes:
                    purposes.append(purpose)
                if part.kind == "recitals":
                    if not ctx["gov"]["recitals"]:
                        continue  # no WHEREAS recitals (a state bill, unless chosen)
                    text = " ".join(rendered.split()).rstrip(" ;.,")
                    if text:
                        note: Note | None
                        if isinstance(clause, OwnSection):
                            note = Note(title, clause.note) if clause.note.strip() else None
                        else:
                            note = self.note(title, f"clause:{clause.id}", clause.commentary,
                                             clause.sources, part_ctx)
                        recitals.append(Recital(clause.id, Paragraph(split_inlines(text)),
                                                note))
                    continue
                blocks = self.parse_blocks(rendered, clause.id)
                sections.append((clause, part.id, title, blocks, part.codified))
        definitions = self.definitions_blocks(self.this(
            next(p.codified for p in lib.parts.values() if p.kind == "definitions"))
            ) if has_definitions_part else ()
        numbered = self.number(sections, definitions)
        numbered = self.resolve_refs(numbered)
        return self.compose(numbered, recitals, purposes, clauses)

    def place(self, clauses: list[Clause]) -> dict[str, list[Clause | OwnSection]]:
        """Per part id, its selected clauses with the drafter's sections among them.

        An added section goes right after the clause (or added section) it follows, after
        any added sections already there; one whose ``after`` is empty goes at the end of its
        part (in file order, and others may follow it); one whose ``after`` names a section
        that is not in its part (left out of the draft, say) goes at the end, reported.
        Its part is its own ``part``, else that of the clause it follows (even if left out),
        else the last part of sections.
        """
        lib = self.lib
        out: dict[str, list[Clause | OwnSection]] = {}
        for clause in clauses:
            out.setdefault(clause.part, []).append(clause)
        excluded = set(self.draft.exclude)
        own = [s for s in self.draft.added if s.id not in excluded and s.id not in lib.clauses]
        by_id = {s.id: s for s in own}
        sections_parts = [p.id for p in sorted(lib.parts.values(), key=lambda p: p.index)
                          if p.kind == "sections"]

        def part_of(section: OwnSection, seen: frozenset[str] = frozenset()) -> str:
            if section.part in lib.parts and lib.parts[section.part].kind != "definitions":
                return section.part
            if section.part:
                self.problems.append(LayoutProblem(
                    f"added section {section.id!r}: there is no part {section.part!r}; "
                    f"the parts are {', '.join(sections_parts)}"))
            follows = lib.clauses.get(section.after)
            if follows is not None and follows.part in lib.parts:
                return follows.part
            if section.after in by_id and section.after not in seen:
                return part_of(by_id[section.after], seen | {section.id})
            return sections_parts[-1] if sections_parts else next(iter(lib.parts), "")

        pending = [(s, part_of(s)) for s in own]
        for item in list(pending):  # those that follow nothing end their part, in file order,
            if not item[0].after:  # and can be followed by others (an imported chapter's)
                out.setdefault(item[1], []).append(item[0])
                pending.remove(item)
        anchor_of: dict[str, str] = {}  # added section placed -> what it follows
        progress = True
        while progress:
            progress = False
            for item in list(pending):
                section, part = item
                order = out.setdefault(part, [])
                ids = [c.id for c in order]
                if not section.after or section.after not in ids:
                    continue
                at = ids.index(section.after) + 1
                while at < len(order) and _follows(order[at].id, section.after, anchor_of):
                    at += 1
                order.insert(at, section)
                anchor_of[section.id] = section.after
                pending.remove(item)
                progress = True
        for section, part in pending:
            out.setdefault(part, []).append(section)
            if section.after:
                self.problems.append(  # lint's L013 reports it
                    f"added section {section.id!r} follows {section.after!r}, which is not in "
                    f"this draft's part {part!r}; it is printed at the end of that part")
        return out

    def parse_blocks(self, rendered: str, owner: str) -> tuple[_Unnumbered, ...]:
        """Turn rendered clause text into paragraphs and (unnumbered) list items."""
        blocks: list[str | _Item] = []
        para: list[str] = []
        stack: list[_Item] = []

        def flush_para() -> None:
            if para:
                blocks.append(" ".join(para))
                para.clear()

        for raw in rendered.split("\n"):
            line = raw.rstrip()
            if not line.strip():
                flush_para()
                stack.clear()
                continue
            match = _ITEM.match(line)
            if match:
                flush_para()
                level = len(match.group(1)) // 2
                if level > len(stack):
                    self.problems.append(LayoutProblem(
                        f"{owner}: a list item is indented more than one level below the item "
                        "before it"))
                    level = len(stack)
                item = _Item(level, [match.group(2).strip()])
                del stack[level:]
                if stack:
                    stack[-1].children.append(item)
                else:
                    blocks.append(item)
                stack.append(item)
            elif stack and len(line) - len(line.lstrip()) > stack[-1].level * 2:
                stack[-1].lines.append(line.strip())
            else:
                stack.clear()
                para.append(line.strip())
        flush_para()
        return tuple(self._block(b) for b in blocks)

    @staticmethod
    def _block(block: str | _Item) -> Paragraph | _Item:
        if isinstance(block, str):
            return Paragraph(split_inlines(LABEL_RE.sub("", block)))
        return block

    # -- definitions -------------------------------------------------------------------
    def this(self, codified_part: bool) -> str:
        """What a section calls the law it is in: the chapter, or the instrument."""
        if self.draft.jurisdiction.codified and codified_part:
            return "chapter"
        return str(self.context["instrument"])

    def definitions_blocks(self, this: str) -> tuple[_Unnumbered, ...]:
        """One item per defined term used anywhere (transitively), alphabetical."""
        chosen: dict[str, tuple[Definition | OwnDefinition, str]] = {}
        pending = sorted(self.terms_used)
        while pending:
            term = pending.pop()
            if term in chosen:
                continue
            definition = self.pick_definition(term)
            if definition is None:
                continue
            if isinstance(definition, OwnDefinition):
                rendered = self.plain(definition.text, f"your definition of {term!r}",
                                      {**self.context, "this": this})
            else:
                rendered = _render(self.lib, f"definition:{definition.key}:text",
                                   {**self.context, "this": this}, self.memo)
            chosen[term] = (definition, rendered)
            new = terms_in(rendered) - self.terms_used
            self.terms_used |= new
            pending.extend(sorted(new))
        items: list[_DefItem] = []
        notes: list[Note] = []
        head = self.style.definition_form.split("{term}")
        for term in sorted(chosen, key=lambda t: (t.casefold(), t)):
            definition, rendered = chosen[term]
            note = None if isinstance(definition, OwnDefinition) else self.note(
                term, f"definition:{definition.key}", definition.commentary,
                definition.sources, {**self.context, "this": this})
            if note is not None:
                notes.append(note)
            body = rendered.rstrip()
            sub_blocks = self.parse_blocks(rendered, f"definition {term!r}")
            first = sub_blocks[0] if sub_blocks and isinstance(sub_blocks[0], Paragraph) else None
            inlines: list[Inline] = [Text(head[0]), TermDef(term), Text(head[1] + " ")]
            if first is not None:
                inlines.extend(first.inlines)
                rest = sub_blocks[1:]
            else:
                rest = sub_blocks
            if any(isinstance(b, Paragraph) for b in rest):
                self.problems.append(LayoutProblem(
                    f"definition {term!r}: text after its list is not printed; move it into "
                    "the first paragraph or a list item"))
            if not rest and body and body[-1] not in ".:;":
                inlines.append(Text("."))
            items.append(_DefItem(term, tuple(inlines), rest))
        self.definition_notes = tuple(notes)
        intro = self.style.definitions_intro.format(instrument=this)
        return (Paragraph((Text(intro),)), *items)

    # -- drafter's notes -----------------------------------------------------------------
    def sources(self, owner: str, sources: tuple[Source, ...]) -> tuple[Source, ...]:
        """The sources of ``owner`` (``clause:<id>``, ``definition:<key>``) this draft cites."""
        return tuple(source for i, source in enumerate(sources) if not source.when
                     or _condition(self.lib, f"{owner}:source.{i}:when", self.context))

    def note(self, subject: str, owner: str, raw: str, sources: tuple[Source, ...],
             ctx: dict[str, Any]) -> Note | None:
        """The note on a recital or a defined term, or None if it has nothing to say."""
        commentary = render_commentary(self.lib, f"{owner}:commentary", raw, ctx, self.memo)
        cited = self.sources(owner, sources)
        if not commentary.strip() and not cited:
            return None
        return Note(subject, commentary, cited)

    def pick_definition(self, term: str) -> Definition | OwnDefinition | None:
        """The drafter's definition of ``term``, else the library's first that applies."""
        if term in self.own_terms:
            return self.own_terms[term]
        variants = self.lib.definitions.get(term, ()) if self.library_terms else ()
        for definition in variants:
            if not definition.when or _condition(
                    self.lib, f"definition:{definition.key}:when", self.context, self.memo):
                return definition
        if variants:
            self.problems.append(f"term {term!r} is used, but none of its definitions applies "
                                 "to these answers")
        else:
            self.problems.append(f"term {term!r} is used but has no definition")
        return None

    # -- numbering ---------------------------------------------------------------------
    def number(self, sections: list[_PendingSection], definitions: tuple[_Unnumbered, ...]
               ) -> list[Section]:
        style = self.style
        codified = self.draft.jurisdiction.codified
        chapter = self.draft.jurisdiction.chapter_number or "1"
        scheme = _Scheme.of(style, chapter, codified)
        found = label_format(scheme.label)
        code_found = label_format(scheme.code_label, step=scheme.step, start=scheme.start)
        self.numbering = Numbering(
            sections=LevelFormat(*found) if found else None,
            code_sections=LevelFormat(*code_found) if code_found and codified else None,
            levels=tuple(LevelFormat(level.format, level.pattern) for level in style.levels))
        out: list[Section] = []
        code_sections: list[Section] = []
        penalties: list[Section] = []
        plain_count = 1 if codified else 0
        kept = self.kept_numbers(sections, definitions) if codified else None
        for clause, part_id, heading, blocks, in_code in sections:
            if clause is None:
                if len(definitions) <= 1:
                    continue  # no terms used: no definitions section
                blocks = definitions
                cid = DEFINITIONS_ID
            else:
                cid = clause.id
            numbered_blocks = self.number_blocks(blocks, cid)
            meta: dict[str, Any] = {}
            if isinstance(clause, OwnSection):
                meta = dict(elements=clause.elements, commentary=clause.note.strip(), own=True)
            elif clause is not None:
                ctx = {**self.context, "this": self.this(in_code)}
                meta = dict(elements=clause.elements,
                            commentary=render_commentary(
                                self.lib, f"clause:{clause.id}:commentary", clause.commentary,
                                ctx, self.memo),
                            sources=self.sources(f"clause:{clause.id}", clause.sources),
                            overridden=clause.id in self.draft.override)
            else:
                meta = dict(notes=self.definition_notes)
            if codified and in_code and kept is not None:
                # Kept code numbers (an imported chapter): printed as they are.
                k = len(code_sections) + 1
                cn = style.code_numbering
                label = bind_signs(kept_label(style.code_section_label, number=kept[k - 1],
                                              chapter=chapter, period=cn.period))
                ref = bind_signs(kept_label(style.code_section_ref, number=kept[k - 1],
                                            chapter=chapter))
                code_sections.append(Section(cid, part_id, k, label, ref, _anchor(cid), heading,
                                             numbered_blocks, codified=True,
                                             code_number=kept[k - 1], **meta))
            elif codified and in_code:
                reserved = None if penalties else scheme.reserved(cid)
                if reserved is not None:
                    n, k = reserved, scheme.ordinal(reserved)
                else:
                    k = len(code_sections) + 1
                    n = scheme.code_number(k)
                label = scheme.code_label.format(n=n)
                section = Section(
                    cid, part_id, k, label, scheme.code_ref.format(n=n), _anchor(cid),
                    heading, numbered_blocks, codified=True,
                    num=_number(0, k, self.numbering.code_sections, label),
                    code_number=scheme.code_number_text(n), **meta)
                (code_sections if reserved is None else penalties).append(section)
            else:
                plain_count += 1
                label = scheme.label.format(n=plain_count)
                out.append(Section(cid, part_id, plain_count, label,
                                   scheme.ref.format(n=plain_count), _anchor(cid), heading,
                                   numbered_blocks,
                                   num=_number(0, plain_count, self.numbering.sections, label),
                                   **meta))
        code_sections += penalties  # the reserved number ends the chapter
        if codified:
            jur = self.draft.jurisdiction
            intro = _render(self.lib, f"style:{style.id}:codify_intro", self.context,
                            self.memo) \
                if style.codify_intro else (
                    f"{self.context['code_name']} is amended by adding Chapter {chapter}, "
                    f"{jur.chapter_title}, to read as follows:")
            heading = f"Addition of Chapter {chapter}" + (
                f", {jur.chapter_title}" if jur.chapter_title else "")
            intro = intro[:1].upper() + intro[1:]
            label = scheme.label.format(n=1)
            first = Section(CODIFY_ID, "", 1, label,
                            scheme.ref.format(n=1), _anchor(CODIFY_ID), heading,
                            (Paragraph(split_inlines(intro)),), tuple(code_sections),
                            num=_number(0, 1, self.numbering.sections, label))
            out.insert(0, first)
        return out

    def kept_numbers(self, sections: list[_PendingSection],
                     definitions: tuple[_Unnumbered, ...]) -> list[str] | None:
        """The code numbers of the chapter's sections in order, when any added section keeps
        its number (``OwnSection.number``): the kept ones as they are, the others the code's
        next free number between their neighbours (``numbering.fill_numbers``). None when no
        section keeps one: the style numbers them all."""
        numbers = [clause.number if isinstance(clause, OwnSection) and clause.number
                   else self.code_numbers.get(clause.id if clause else DEFINITIONS_ID, "")
                   for clause, _, _, _, in_code in sections
                   if in_code and (clause is not None or len(definitions) > 1)]
        if not any(numbers):
            return None
        return fill_numbers(numbers, self.style.code_numbering.step)

    def number_blocks(self, blocks: tuple[_Unnumbered, ...], owner: str) -> tuple[Block, ...]:
        out: list[Block] = []
        count = 0
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(block)
            else:
                count += 1
                out.append(self._number_item(block, owner, 0, count, ()))
        return tuple(out)

    def _number_item(self, item: _Item | _DefItem, owner: str, level: int, n: int,
                     parent: tuple[str, ...]) -> Subsection:
        spec = self.numbering.level(level)
        assert spec is not None  # a style has at least one level
        value = format_number(n, spec.format)
        marker = spec.render(n)
        path = (*parent, f"({value})")
        if isinstance(item, _DefItem):
            inlines = item.inlines
            label = None
            kids: Sequence[_Item | _DefItem] = [
                b for b in item.rest if not isinstance(b, Paragraph)]
        else:
            text = " ".join(item.lines)
            found = LABEL_RE.search(text)
            label = found.group(1) if found else None
            inlines = split_inlines(LABEL_RE.sub("", text).strip())
            kids = item.children
        children = tuple(self._number_item(child, owner, level + 1, i + 1, path)
                         for i, child in enumerate(kids))
        anchor = _anchor(owner, label or "-".join(p.strip("()") for p in path))
        if isinstance(item, _DefItem):
            label = item.term
            anchor = _anchor(owner, _slug(item.term))
        return Subsection(level, marker, path, anchor, Paragraph(inlines), children, label,
                          Number(level + 1, n, spec))

    # -- cross-references --------------------------------------------------------------
    def resolve_refs(self, sections: list[Section]) -> list[Section]:
        targets: _Targets = {}
        for top in sections:
            for section in (top, *top.sections):
                targets[section.clause_id] = (section, None)
                for sub in section.walk():
                    if sub.label:
                        targets[f"{section.clause_id}#{sub.label}"] = (section, sub)
                    targets[f"{section.clause_id}#{''.join(sub.path)}"] = (section, sub)
        self.names = {}
        reading_order = [s for top in sections for s in (top, *top.sections)]
        for position, section in enumerate(reading_order):
            prefix, space, number = split_ref_label(section.ref_label)
            self.names[section.anchor] = SectionName(prefix, number, position, section.codified,
                                                     space)
        return [self._resolve_section(s, targets) for s in sections]

    def _resolve_section(self, section: Section, targets: _Targets) -> Section:
        blocks = tuple(self._resolve_block(b, section, targets) for b in section.blocks)
        nested = tuple(self._resolve_section(s, targets) for s in section.sections)
        return dataclasses.replace(section, blocks=blocks, sections=nested)

    def _resolve_block(self, block: Block, here: Section, targets: _Targets) -> Block:
        if isinstance(block, Paragraph):
            return self._resolve_para(block, here, targets)
        return self._resolve_sub(block, here, targets)

    def _resolve_sub(self, sub: Subsection, here: Section, targets: _Targets) -> Subsection:
        children = tuple(self._resolve_sub(c, here, targets) for c in sub.children)
        return dataclasses.replace(sub, content=self._resolve_para(sub.content, here, targets),
                                   children=children)

    def _resolve_para(self, para: Paragraph, here: Section, targets: _Targets
                      ) -> Paragraph:
        if not any(isinstance(s, Ref) for s in para.inlines):
            return para
        spans: list[Inline] = []
        for span in para.inlines:
            if isinstance(span, Ref):
                span = self._resolve_ref(span.target, here, targets)
            spans.append(span)
        return Paragraph(tuple(merge_section_lists(spans, self.names)))

    def _resolve_ref(self, target: str, here: Section, targets: _Targets) -> Ref:
        found = targets.get(target)
        if found is None:
            clause_id = target.split("#")[0]
            if clause_id in self.lib.clauses or clause_id in self.own_ids:
                why = "is not in this draft (excluded, or its condition does not hold)"
            else:
                why = "does not exist in the library"
            self.problems.append(f"reference to {target!r} in {here.clause_id!r}: the target "
                                 f"{why}")
            return Ref(target, "", f"[missing reference: {target}]", resolved=False)
        section, sub = found
        if section.clause_id == here.clause_id:
            if sub is None:
                text = "this section"
            else:
                text = self.style.same_section_ref.format(path="subsection " + self._cited(sub))
            anchor = sub.anchor if sub is not None else section.anchor
            return Ref(target, anchor, text)
        # Inside the chapter, a section of the instrument is cited as one: "Section 3 of
        # this ordinance" is never read as a section of the code.
        outside = f" of this {self.context['instrument']}" if (
            here.codified and not section.codified) else ""
        if sub is None:
            return Ref(target, section.anchor, section.ref_label + outside)
        return Ref(target, sub.anchor, section.ref_label + self._cited(sub) + outside)

    def _cited(self, sub: Subsection) -> str:
        """How a reference prints a subsection's path, each level by the style's ``cited_as``:
        "(a)(1)", or "A(1)" in a General Code style."""
        levels = self.style.levels
        return "".join(levels[min(depth, len(levels) - 1)].cited_as.format(part[1:-1])
                       for depth, part in enumerate(sub.path))

    # -- the whole document ------------------------------------------------------------
    def compose(self, sections: list[Section], recitals: list[Recital], purposes: list[str],
                clauses: list[Clause]) -> Ordinance:
        lib, style, ctx, memo = self.lib, self.style, self.context, self.memo
        jur = self.draft.jurisdiction

        def lines(prefix: str, count: int) -> tuple[str, ...]:
            return tuple(strip_markup(_render(lib, f"style:{style.id}:{prefix}.{i}", ctx, memo))
                         for i in range(count))

        joined = _join_purposes(purposes) or "address surveillance technology"
        long_title = strip_markup(_render(lib, f"style:{style.id}:long_title",
                                          {**ctx, "purposes": joined}, memo))
        framed: list[Recital] = []
        for i, recital in enumerate(recitals):
            tail = "; and" if i < len(recitals) - 1 else ";"
            framed.append(Recital(recital.clause_id, Paragraph(
                (Text(style.recital_prefix + " "), *recital.content.inlines, Text(tail))),
                recital.note))
        instrument = ctx["instrument"]
        gov = ctx["gov"]
        enacting = strip_markup(_render(lib, f"style:{style.id}:enacting_clause", ctx, memo)) \
            if style.enacting_clause else gov["enacting"]
        outro = _render_opt(lib, style, "recitals_outro", ctx, memo) if framed else ""
        if outro:  # "NOW, THEREFORE, the City Council ... ordains": one paragraph
            enacting = f"{outro} {_lower_first(enacting)}"
        signature = lines("signature", len(style.signature)) if style.signature \
            else tuple(gov["signature"])
        short_title = jur.short_title or self.draft.title or (
            f"{jur.name} Surveillance Technology {instrument.title()}")
        elements = frozenset(e for c in clauses for e in c.elements) | frozenset(
            e for s in self.draft.added if s.id in self.placed for e in s.elements)
        cited = {s.clause_id: s.ref_label for section in sections
                 for s in (section, *section.sections)}
        calendar = tuple(Obligation(cid, cited.get(cid, ""), **fields)
                         for cid, fields in self.obligations)
        return Ordinance(
            jurisdiction_name=jur.name,
            government=gov["government"],
            calendar=calendar,
            purposes=tuple(p.rstrip(" .;") for p in purposes),
            style_id=style.id,
            instrument=instrument,
            caption=tuple(line for line in lines("caption", len(style.caption)) if line),
            short_title=short_title,
            long_title=long_title[:1].upper() + long_title[1:],
            recitals=tuple(framed),
            recitals_intro=_render_opt(lib, style, "recitals_intro", ctx, memo),
            recitals_outro="",
            enacting_clause=enacting,
            sections=tuple(sections),
            signature=signature,
            codified=jur.codified,
            chapter_label=(f"Chapter {jur.chapter_number}" + (
                f" {jur.chapter_title}" if jur.chapter_title else "")) if jur.codified else "",
            draft_label=jur.draft_label,
            date=jur.date or self.today.isoformat(),
            page=msgspec.structs.replace(
                style.page, size=jur.page_size or style.page.size,
                line_numbers=style.page.line_numbers or jur.line_numbers),
            sponsors=jur.sponsors,
            elements=elements,
            terms_used=tuple(sorted(self.terms_used)),
            problems=tuple(dict.fromkeys(self.problems)),
            numbering=self.numbering,
            kind=jur.kind,
            body=gov["body"],
        )


@dataclass(frozen=True)
class _DefItem:
    """A definitions-list item before numbering: the term, its first paragraph, the rest."""

    term: str
    inlines: tuple[Inline, ...]
    rest: tuple[_Unnumbered, ...]


@dataclass(frozen=True)
class _Scheme:
    """The section labels of one assembly: templates whose only field is ``{n}``.

    ``label``/``ref`` number the instrument's own sections (in codified mode the
    style's ``bill_label``/``bill_ref`` when it has them), ``code_label``/``code_ref``
    the chapter's sections, whose numbers run ``start``, ``start + step`` ... A
    "§" or "Sec." in any of them is bound to its number by a non-breaking space.
    """

    label: str
    ref: str
    code_label: str
    code_ref: str
    start: int
    step: int
    penalties: int | None
    penalty_clauses: tuple[str, ...]
    number_text: str = "{n}"  # a code section's number alone: "2.95.{n:03d}"

    @classmethod
    def of(cls, style: Style, chapter: str, codified: bool) -> _Scheme:
        cn = style.code_numbering
        label, ref = style.section_label, style.section_ref
        if codified:
            label, ref = cn.bill_label or label, cn.bill_ref or ref

        def code(pattern: str, period: bool = False) -> str:
            return bind_signs(code_template(pattern, chapter=chapter, separator=cn.separator,
                                            width=cn.width, period=period))

        return cls(
            label=bind_signs(label), ref=bind_signs(ref),
            code_label=code(style.code_section_label, cn.period),
            code_ref=code(style.code_section_ref),
            start=cn.start, step=cn.step, penalties=cn.penalties,
            penalty_clauses=cn.penalty_clauses,
            number_text=code_template("{number}", chapter=chapter, separator=cn.separator,
                                      width=cn.width))

    def code_number_text(self, n: int) -> str:
        """Code section number ``n`` as the chapter prints it, without the style's words."""
        return self.number_text.format(n=n)

    def reserved(self, clause_id: str) -> int | None:
        """The number the style reserves for this clause's section (the penalties), if any."""
        return self.penalties if clause_id in self.penalty_clauses else None

    def code_number(self, k: int) -> int:
        """The number of the ``k``-th code section (1-based)."""
        return self.start + (k - 1) * self.step

    def ordinal(self, n: int) -> int:
        """The ordinal whose number is ``n`` (where the counter would reach it), else 0."""
        k, rest = divmod(n - self.start, self.step)
        return k + 1 if not rest and k >= 0 else 0


# A block before numbering: flush text, a parsed list item or a definition.
_Unnumbered: TypeAlias = "Paragraph | _Item | _DefItem"
# A section before numbering: (clause, or None for definitions; part id; heading; blocks;
# whether it goes into the code).
_PendingSection: TypeAlias = (
    "tuple[Clause | OwnSection | None, str, str, tuple[_Unnumbered, ...], bool]")
# What a cross-reference can point at: "clause" or "clause#label" -> (section, subsection).
_Targets: TypeAlias = "dict[str, tuple[Section, Subsection | None]]"


def _follows(item: str, anchor: str, anchor_of: dict[str, str]) -> bool:
    """Whether the added section ``item`` was placed after ``anchor``, directly or through
    other added sections (so a newer one after ``anchor`` goes after it)."""
    seen: set[str] = set()
    while item in anchor_of and item not in seen:
        seen.add(item)
        item = anchor_of[item]
        if item == anchor:
            return True
    return False


def _join_purposes(purposes: list[str]) -> str:
    cleaned = [p.rstrip(" .;") for p in purposes]
    cleaned = [p[3:] if p.startswith("to ") else p for p in cleaned]
    if not cleaned:
        return ""
    if len(cleaned) == 1:
        return cleaned[0]
    return "; to ".join(cleaned[:-1]) + "; and to " + cleaned[-1]


def _lower_first(text: str) -> str:
    """``text`` continuing a sentence: "The City Council" -> "the City Council"."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def render_commentary(lib: Library, name: str, raw: str, ctx: dict[str, Any],
                      memo: RenderMemo | None = None) -> str:
    """The commentary of a clause or definition for a draft's context ``ctx``.

    ``name`` is its template's name (``clause:<id>:commentary``,
    ``definition:<term>#<n>:commentary``): a note that uses Jinja2 (to vary by
    ``jurisdiction.kind``, say) is rendered in the clause sandbox, as plain text;
    one that does not is returned as written.
    """
    if name not in lib.specs:
        return raw
    return strip_markup(_render(lib, name, ctx, memo)).strip()


def _render_opt(lib: Library, style: Style, name: str, ctx: dict[str, Any],
                memo: RenderMemo | None = None) -> str:
    if not getattr(style, name):
        return ""
    return strip_markup(_render(lib, f"style:{style.id}:{name}", ctx, memo))


def _number(level: int, ordinal: int, fmt: LevelFormat | None, label: str) -> Number | None:
    """A section's number as data, when its level format prints exactly its label."""
    if fmt is None or fmt.render(ordinal) != label:
        return None
    return Number(level, ordinal, fmt)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _anchor(clause_id: str, sub: str = "") -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "-", clause_id).strip("-")
    return f"{base}--{sub}" if sub else base


def _condition(lib: Library, name: str, ctx: dict[str, Any],
               memo: RenderMemo | None = None) -> bool:
    """Test one of the library's conditions; a failure names its file, line and clause."""
    try:
        return condition(lib, name, ctx, memo)
    except TemplateFailure as exc:
        raise InputError([exc.problem()]) from exc


def _render(lib: Library, name: str, ctx: dict[str, Any], memo: RenderMemo | None = None
            ) -> str:
    """Render one of the library's templates; a failure names its file, line and clause."""
    try:
        if memo is not None:
            return memo.render(lib, name, ctx)
        return lib.template(name).render(ctx)
    except TemplateFailure as exc:
        raise InputError([exc.problem()]) from exc


def _rendered(template: CompiledTemplate, ctx: dict[str, Any]) -> str:
    try:
        return template.render(ctx)
    except TemplateFailure as exc:
        raise InputError([exc.problem()]) from exc
