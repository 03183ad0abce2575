"""Representative ordinance trees built by hand, for the exporter tests.

A tiny builder stands in for the assembler (numbers as data included: each
node's ``Number`` and the ``Numbering`` scheme): sections are written as nested
``S(...)`` subsections and paragraphs; ``R("clause.id#b.2")`` is resolved after
numbering the way the README describes ("Section 4(b)(2)", or "subsection (b)(2)
of this section" inside the same section).

- ``sample()``: a standalone ordinance, 13 sections, definitions, subsections
  three levels deep, references across and within sections, commentary.
- ``codified()``: the same provisions as a new code chapter (2.99.010 ...) in
  Section 1, then uncodified severability and effective-date sections; A4 with
  line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ordinance_tui.core.document import (
    Inline,
    LevelFormat,
    Number,
    Numbering,
    Ordinance,
    PageSetup,
    Paragraph,
    Recital,
    Ref,
    Section,
    Source,
    Subsection,
    TermDef,
    TermUse,
    Text,
)

LEVEL_FORMATS = ("lower-letter", "decimal", "upper-letter", "lower-roman")
SECTIONS = LevelFormat("decimal", "Section {}.")
CODE_SECTIONS = LevelFormat("decimal-zero", "2.99.{}0")
NUMBERING = Numbering(SECTIONS, CODE_SECTIONS, tuple(LevelFormat(f, "({})") for f in LEVEL_FORMATS))


def _fmt(kind: str, n: int) -> str:
    if kind == "decimal":
        return str(n)
    if kind == "lower-roman":
        return ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n]
    letter = chr(ord("a") + n - 1)
    return letter.upper() if kind == "upper-letter" else letter


@dataclass(frozen=True)
class T:
    """A defined-term use."""

    term: str
    text: str = ""


@dataclass(frozen=True)
class D:
    """The term being defined."""

    term: str


@dataclass(frozen=True)
class R:
    """A reference to resolve: "clause.id" or "clause.id#b.2"."""

    target: str


Item = str | T | D | R


@dataclass
class S:
    """A subsection in the builder: content items and children."""

    content: list[Item] | str
    children: list[S] = field(default_factory=list)

    def __init__(self, content: list[Item] | str, *children: S) -> None:
        self.content = content
        self.children = list(children)


@dataclass
class Sec:
    clause_id: str
    heading: str
    body: list[S | list[Item] | str]
    part: str = "provisions"
    commentary: str = ""
    sources: tuple[Source, ...] = ()
    codified: bool = True
    overridden: bool = False


def _anchor(clause_id: str, cores: tuple[str, ...] = ()) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "-", clause_id).strip("-")
    return base + ("--" + "-".join(cores) if cores else "")


class _Builder:
    def __init__(self) -> None:
        self.targets: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        # target key -> (section clause id, section ref label, marker path)

    def content(self, items: list[Item] | str, clause_id: str) -> Paragraph:
        if isinstance(items, str):
            items = [items]
        inlines: list[Inline] = []
        for item in items:
            if isinstance(item, str):
                inlines.append(Text(item))
            elif isinstance(item, T):
                inlines.append(TermUse(item.term, item.text or item.term))
            elif isinstance(item, D):
                inlines.append(TermDef(item.term))
            else:
                inlines.append(Ref(item.target, "", f"@{clause_id}"))  # resolved later
        return Paragraph(tuple(inlines))

    def subsections(
        self, specs: list[S], level: int, path: tuple[str, ...], cores: tuple[str, ...],
        clause_id: str, ref_label: str,
    ) -> tuple[Subsection, ...]:  # fmt: skip
        out = []
        for n, spec in enumerate(specs, start=1):
            core = _fmt(LEVEL_FORMATS[level % 4], n)
            marker = f"({core})"
            here_path = (*path, marker)
            here_cores = (*cores, core)
            anchor = _anchor(clause_id, here_cores)
            self.targets[f"{clause_id}#{'.'.join(here_cores)}"] = (clause_id, ref_label, here_path)
            out.append(
                Subsection(
                    level=level,
                    marker=marker,
                    path=here_path,
                    anchor=anchor,
                    content=self.content(spec.content, clause_id),
                    children=self.subsections(
                        spec.children, level + 1, here_path, here_cores, clause_id, ref_label
                    ),
                    num=Number(level + 1, n, NUMBERING.levels[level % 4]),
                )
            )
        return tuple(out)

    def section(self, spec: Sec, number: int, label: str, ref_label: str,
                fmt: LevelFormat = SECTIONS) -> Section:
        self.targets[spec.clause_id] = (spec.clause_id, ref_label, ())
        blocks: list[Paragraph | Subsection] = []
        pending: list[S] = []
        for item in spec.body:
            if isinstance(item, S):
                pending.append(item)
                continue
            if pending:
                start = len([b for b in blocks if isinstance(b, Subsection)])
                subs = self.subsections(pending, 0, (), (), spec.clause_id, ref_label)
                assert start == 0, "one list per section in this builder"
                blocks.extend(subs)
                pending = []
            blocks.append(self.content(item, spec.clause_id))
        if pending:
            blocks.extend(self.subsections(pending, 0, (), (), spec.clause_id, ref_label))
        return Section(
            clause_id=spec.clause_id,
            part=spec.part,
            number=number,
            label=label,
            ref_label=ref_label,
            anchor=_anchor(spec.clause_id),
            heading=spec.heading,
            blocks=tuple(blocks),
            codified=spec.codified,
            commentary=spec.commentary,
            sources=spec.sources,
            overridden=spec.overridden,
            num=Number(0, number, fmt),
        )

    # -- resolution -------------------------------------------------------------
    def resolve_paragraph(self, paragraph: Paragraph) -> Paragraph:
        inlines = []
        for inline in paragraph.inlines:
            if isinstance(inline, Ref) and inline.text.startswith("@"):
                inline = self.resolve(inline.target, inline.text[1:])
            inlines.append(inline)
        return Paragraph(tuple(inlines))

    def resolve(self, target: str, here: str) -> Ref:
        key = target.split("#")[0] + ("#" + target.split("#")[1] if "#" in target else "")
        if key not in self.targets:
            return Ref(target, "", "[missing reference]", resolved=False)
        clause_id, ref_label, path = self.targets[key]
        cores = tuple(target.split("#")[1].split(".")) if "#" in target else ()
        anchor = _anchor(clause_id, cores)
        if path and clause_id == here:
            text = f"subsection {''.join(path)} of this section"
        else:
            text = ref_label + "".join(path)
        return Ref(target, anchor, text)

    def resolve_sub(self, sub: Subsection) -> Subsection:
        return replace(
            sub,
            content=self.resolve_paragraph(sub.content),
            children=tuple(self.resolve_sub(c) for c in sub.children),
        )

    def resolve_section(self, section: Section) -> Section:
        blocks = tuple(
            self.resolve_sub(b) if isinstance(b, Subsection) else self.resolve_paragraph(b)
            for b in section.blocks
        )
        return replace(
            section,
            blocks=blocks,
            sections=tuple(self.resolve_section(s) for s in section.sections),
        )


# ---------------------------------------------------------------------------
# The provisions

BOSTON = Source("Boston, Mass., City Code \u00a7 16-62", "bans face surveillance by officials")
OAKLAND = Source("Oakland, Cal., Municipal Code ch. 9.64", "surveillance technology approval")
UNVERIFIED = Source("Riverton Administrative Rule 12", "local practice", verified=False)


def _definitions() -> list[S | list[Item] | str]:
    items = [
        [D("Face Surveillance"), " means an automated or semi-automated process that assists "
         "in identifying or verifying an individual, or in capturing information about an "
         "individual, based on the physical characteristics of the individual\u2019s face."],
        [D("Face Surveillance System"), " means any computer software or application that "
         "performs ", T("Face Surveillance"), "."],
        [D("Official"), " means any officer, employee, agent, contractor or subcontractor of "
         "the City, or any person acting on its behalf."],
        [D("Surveillance Technology"), " means any electronic device, hardware or software "
         "that is capable of collecting, retaining, processing or sharing audio, electronic, "
         "visual, location, thermal, biometric or similar information specifically associated "
         "with, or capable of being associated with, any individual or group."],
        [D("Third Party"), " means any person or entity other than the City."],
    ]  # fmt: skip
    # as the assembler writes them: an intro, then one subsection per term
    return [
        "In this ordinance, the following terms have these meanings:",
        *(S(["\u201c", item[0], "\u201d", *item[1:]]) for item in items),
    ]


def _provisions() -> list[Sec]:
    return [
        Sec("definitions", "Definitions", _definitions(), part="definitions",
            commentary="Only the terms the ordinance uses are defined.\n\nThe definition of "
            "face surveillance follows Boston's."),
        Sec("ban.face-surveillance", "Prohibition on face surveillance", [
            S(["It is unlawful for any ", T("Official"), " to:"],
              S(["obtain, retain, access or use any ", T("Face Surveillance System"), "; or"]),
              S(["enter into an agreement with a ", T("Third Party"),
                 " for the purpose of obtaining, retaining, accessing or using any ",
                 T("Face Surveillance System"), " on behalf of the City."])),
            S(["An ", T("Official"), " who receives data derived from ", T("Face Surveillance"),
               " shall comply with ", R("exceptions.general#b"), "."]),
            ["This section does not apply to the uses listed in ", R("exceptions.general"), "."],
        ], commentary="The heart of a ban.\n\nBoston's ordinance also covers information "
           "derived from face surveillance.", sources=(BOSTON,)),
        Sec("approval.required", "Council approval required", [
            S(["Each department shall obtain approval of the City Council, by ordinance, at a "
               "properly noticed public hearing before:"],
              S("seeking funds for new surveillance technology;"),
              S("acquiring or borrowing new surveillance technology, including:",
                S("technology acquired without the exchange of money;"),
                S("technology obtained from another agency; and"),
                S("technology offered as a free trial or pilot."),
              ),
              S("using existing surveillance technology for a purpose not previously "
                "approved.")),
            S(["The notice required by ", R("approval.required#a"), " shall be given at least "
               "thirty (30) days before the hearing."]),
            S(["An approval under ", R("approval.required#a.2.C"),
               " expires after one hundred eighty (180) days."]),
        ], commentary="Approve-before-you-buy, after the ACLU CCOPS model.",
           sources=(OAKLAND, UNVERIFIED)),
        Sec("approval.impact-report", "Surveillance impact report", [
            ["Before the hearing required by ", R("approval.required"), ", the department "
             "shall submit a surveillance impact report that includes:"],
            S("a description of the technology and how it works;"),
            S("the purpose and proposed deployment locations;"),
            S(["the fiscal cost, including initial purchase, personnel and other ongoing "
               "costs; and"]),
            S("an assessment of the potential impact on civil liberties and civil rights."),
        ]),
        Sec("exceptions.general", "Exceptions", [
            S("Nothing in this ordinance prohibits the City from using technology that "
              "unlocks a device by recognising its owner's face."),
            S(["An ", T("Official"), " who inadvertently or unintentionally receives "
               "information derived from ", T("Face Surveillance"), " does not violate ",
               R("ban.face-surveillance"), " if the ", T("Official"), ":"],
              S("did not request or solicit its receipt;"),
              S("logs its receipt; and"),
              S(["reports its receipt to the City Council in the report required by ",
                 R("reporting.annual#a"), "."])),
            S(["In exigent circumstances, as described in ", R("exceptions.general#d"),
               ", a department may temporarily use surveillance technology."]),
            S("An emergency ends when the imminent danger of death or serious physical injury "
              "ends."),
        ], commentary="Narrow, logged exceptions.", sources=(BOSTON,)),
        Sec("data.retention", "Data retention & security", [
            S("Data collected by surveillance technology shall be deleted within thirty (30) "
              "days unless it is evidence in a pending matter."),
            S("Each department shall protect such data from unauthorised access <including "
              "access by vendors> & shall log each access."),
        ]),
        Sec("reporting.annual", "Annual surveillance report", [
            S(["By March 1 of each year, each department that uses surveillance technology shall "
               "submit a report describing its use under ", R("approval.required#a"),
               " and any information received as described in ",
               R("exceptions.general#b.3"), "."]),
            S(["The report shall be posted on the City's website within ten (10) days of its "
               "submission under ", R("reporting.annual#a"), "."]),
        ]),
        Sec("enforcement.private-action", "Private right of action", [
            S(["Any violation of ", R("ban.face-surveillance"), " constitutes an injury, and any "
               "person may institute proceedings for injunctive relief, declaratory relief or a "
               "writ of mandate."]),
            S("A prevailing plaintiff shall be awarded costs and reasonable attorney's fees."),
            S(["A person subjected to ", T("Face Surveillance"), " in violation of ",
               R("ban.face-surveillance#a.1"), " may recover liquidated damages of $1,000 per "
               "violation."]),
        ], commentary="Private enforcement makes the ban real."),
        Sec("enforcement.suppression", "Suppression of evidence", [
            ["No data collected or derived from any use of ", T("Face Surveillance"),
             " in violation of this ordinance may be received in evidence in any proceeding."],
        ]),
        Sec("enforcement.whistleblower", "Whistleblower protection", [
            S(["No ", T("Official"), " may be disciplined for reporting in good faith a "
               "violation of this ordinance."]),
        ]),
        Sec("general.construction", "Construction", [
            ["This ordinance shall be construed consistently with state and federal law."],
        ], part="general", codified=False),
        Sec("general.severability", "Severability", [
            ["If any portion of this ordinance is held invalid, the remaining portions remain in "
             "full force and effect."],
        ], part="general", codified=False),
        Sec("general.effective-date", "Effective date", [
            ["This ordinance takes effect thirty (30) days after its final passage."],
        ], part="general", codified=False),
    ]  # fmt: skip


RECITALS = (
    "WHEREAS, face surveillance technology has been shown to be less accurate for people "
    "with darker skin, women, the elderly and children; and",
    "WHEREAS, the public should be able to debate whether and how surveillance technology is "
    "acquired and used before it is deployed; and",
    "WHEREAS, the City Council finds that the dangers of face surveillance to civil rights and "
    "civil liberties outweigh its purported benefits;",
)


def _ordinance(sections: tuple[Section, ...], **extra: object) -> Ordinance:
    base = dict(
        jurisdiction_name="Riverton",
        style_id="city",
        instrument="ordinance",
        caption=("CITY OF RIVERTON", "ORDINANCE NO. ________"),
        short_title="Riverton Surveillance Technology Oversight Ordinance",
        long_title=(
            "AN ORDINANCE prohibiting the use of face surveillance by the City of Riverton, "
            "requiring City Council approval before the acquisition of surveillance technology, "
            "and providing for reporting and enforcement."
        ),
        recitals=tuple(
            Recital(f"findings.r{i}", Paragraph((Text(t),))) for i, t in enumerate(RECITALS)
        ),
        recitals_intro="",
        recitals_outro="NOW, THEREFORE,",
        enacting_clause="The City Council of the City of Riverton ordains as follows:",
        sections=sections,
        signature=(
            "Passed by the City Council of the City of Riverton on ____________, 20__.",
            "____________________________, Mayor",
            "Attest: ____________________________, City Clerk",
        ),
        draft_label="Discussion draft",
        date="2026-11-26",
        sponsors=("Councilmember Ada Ruiz",),
        elements=frozenset({"E08", "E13", "E21"}),
        terms_used=("Face Surveillance", "Face Surveillance System", "Official"),
        numbering=NUMBERING,
    )
    base.update(extra)
    return Ordinance(**base)  # type: ignore[arg-type]


def sample(page: PageSetup | None = None) -> Ordinance:
    """A standalone ordinance of 13 sections."""
    builder = _Builder()
    sections = [
        builder.section(spec, n, f"Section {n}.", f"Section {n}")
        for n, spec in enumerate(_provisions(), start=1)
    ]
    sections = [builder.resolve_section(s) for s in sections]
    return _ordinance(tuple(sections), page=page or PageSetup())


def codified(page: PageSetup | None = None) -> Ordinance:
    """The provisions as Chapter 2.99 of the code, inside Section 1."""
    builder = _Builder()
    provisions = _provisions()
    code_specs = [p for p in provisions if p.codified]
    general = [p for p in provisions if not p.codified]
    code = [
        builder.section(spec, n, f"2.99.{n * 10:03d}", f"Section 2.99.{n * 10:03d}",
                        CODE_SECTIONS)
        for n, spec in enumerate(code_specs, start=1)
    ]
    intro = builder.section(
        Sec("codify", "Chapter 2.99 added", [
            ["The Riverton Municipal Code is amended by adding Chapter 2.99, Surveillance "
             "Technology, to read as follows:"]
        ]), 1, "Section 1.", "Section 1",
    )  # fmt: skip
    intro = replace(intro, sections=tuple(code))
    rest = [
        builder.section(spec, n, f"Section {n}.", f"Section {n}")
        for n, spec in enumerate(general, start=2)
    ]
    sections = [builder.resolve_section(s) for s in (intro, *rest)]
    return _ordinance(
        tuple(sections),
        codified=True,
        chapter_label="Chapter 2.99 \u2014 Surveillance Technology",
        page=page or PageSetup(size="a4", line_numbers=True),
    )


def hostile() -> Ordinance:
    """Control characters, newlines, lone surrogates and markup-like text everywhere."""
    base = sample()
    first = base.sections[1]
    weird = Paragraph(
        (Text("Bell\x07 nul\x00 vt\x0b ff\x0c line\nbreak\r\ntab\tend "),
         Text("surrogate \ud800 fffe\ufffe <w:p> & {{ x }} \u202e")),
    )  # fmt: skip
    sections = (
        replace(first, heading="Heading\nwith\x01 break", blocks=(weird, *first.blocks)),
        *base.sections[2:],
    )
    return replace(
        base,
        jurisdiction_name="River\x00ton\n<City>",
        short_title="Title \x0c with \U0001f600 emoji and \ud800 lone",
        caption=("CITY OF\nRIVERTON\x1f",),
        sponsors=("Ada\x0b Ruiz",),
        sections=sections,
        long_title="x" * 400,
    )
