"""A plain-language summary of a draft, with the law's calendar, for council members.

Built only from the assembled draft: its long title's purpose phrases, its sections'
headings, the calendar entries of its clauses (``calendar:`` in the clause files), its
lint warnings and a fixed list of questions for counsel chosen by the draft's kind and
answers. Nothing is paraphrased or invented: each line is either the draft's own words
or one of the library's sentences below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .document import Obligation
from .government import numbered_as

if TYPE_CHECKING:
    from .document import Ordinance
    from .draft import Draft
    from .library import Library

__all__ = ["Summary", "summarize"]


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    subtitle: str
    does: tuple[str, ...]  # "prohibit the City of Riverton from obtaining ..."
    binds: tuple[str, ...]  # "bind every department and agency of the City of Riverton"
    exceptions: tuple[str, ...]  # "Section 7. Exception for unsolicited information"
    enforcement: tuple[str, ...]
    calendar: tuple[Obligation, ...]
    counsel: tuple[str, ...]  # questions left to counsel
    instrument: str


def _headings(ordinance: Ordinance, part: str) -> tuple[str, ...]:
    return tuple(f"{s.ref_label}: {s.heading}" for s in ordinance.all_sections()
                 if s.part == part)


def _counsel(library: Library, draft: Draft, ordinance: Ordinance) -> list[str]:
    from .assemble import build_context
    from .government import kind_of
    from .lint import lint

    context, _ = build_context(library, draft)
    kind = kind_of(draft.jurisdiction.kind)
    government = ordinance.government or ordinance.jurisdiction_name
    out = []
    if kind.local:
        out.append(f"Whether {government} has the authority under state law and its charter "
                   f"to adopt each provision of this {ordinance.instrument}, and whether any "
                   "state law pre-empts it.")
    else:
        out.append(f"Which duties this {ordinance.instrument} places on local agencies, and "
                   "whether the state constitution requires the State to pay for them.")
    remedies = context.get("remedies") or []
    if "discipline" in remedies:
        out.append("Whether discipline for a violation must first be bargained with the "
                   "unions that represent the employees it reaches.")
    if any(r in remedies for r in ("damages", "injunctive")):
        out.append("Whether a person may sue under the law as written (standing, notice of "
                   "claim, immunities), and what a suit could cost the government.")
    if any("private" in c.binds for c in library.clauses.values()
           if ordinance.find(c.id) is not None):
        out.append("Whether state law allows the rules on private businesses and persons, "
                   "and how they will be enforced against them.")
    if not draft.jurisdiction.number:
        out.append(f"The {numbered_as(ordinance.instrument)}'s number, and the dates of "
                   "introduction and adoption, are left for the clerk to fill in.")
    for diagnostic in lint(library, draft, ordinance):
        if diagnostic.severity in ("error", "warning"):
            out.append(f"Lint {diagnostic.code}: {diagnostic.message}")
    return out


def summarize(library: Library, draft: Draft, ordinance: Ordinance) -> Summary:
    """The summary of ``draft`` (``ordinance`` is its assembly)."""
    binds = tuple(p for p in ordinance.purposes if p.startswith("bind "))
    does = tuple(p for p in ordinance.purposes if not p.startswith("bind "))
    from .legalfmt import long_date

    label = ordinance.draft_label or "Draft"
    subtitle = f"{label} of {long_date(ordinance.date)}" if ordinance.date else label
    return Summary(
        title=f"Summary of the {ordinance.short_title}",
        subtitle=subtitle, does=does, binds=binds,
        exceptions=_headings(ordinance, "exceptions"),
        enforcement=_headings(ordinance, "enforcement"),
        calendar=ordinance.calendar,
        counsel=tuple(_counsel(library, draft, ordinance)),
        instrument=ordinance.instrument)
