"""Reference laws: enacted laws and model bills as data (``seeds/laws/*.yaml``).

Each file records one column of the clause-element matrix in the reference
(``ordinances.md`` §6): which of the elements E01-E50 the law has, has only in
part, or lacks by design, plus its citation, a one-line description, its family
and its key numbers (§7). ``read_law`` validates one file into a ``Law``,
reporting every problem with file and line; the library loader calls it for
the ``laws`` folder next to the seed drafts.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem
from .records import field, record
from .schema import Reader, item_line
from .yamlio import load_yaml_file

if TYPE_CHECKING:
    from .library import Where

# The reference matrix's element ids and what each one is (ordinances.md §6).
ELEMENTS: dict[str, str] = {
    "E01": "Scope: all departments or agencies of the government",
    "E02": "Scope: police only, or a named list of agencies",
    "E03": "\u201cOfficial\u201d includes contractors, vendors and agents",
    "E04": "Bars third-party agreements or permits to do it for the government",
    "E05": "Covers private entities or all persons",
    "E06": "Broad multi-sensor \u201csurveillance technology\u201d definition",
    "E07": "Statutory exclusion list (office IT, parking devices, ...)",
    "E08": "Face recognition or face surveillance definition",
    "E09": "Covers other biometrics, tracking or predictive policing",
    "E10": "Legislative approval before funding, acquiring or new use",
    "E11": "Approval also for data-sharing agreements",
    "E12": "Written approval standard",
    "E13": "Outright ban",
    "E14": "Moratorium with sunset or \u201cuntil a framework\u201d",
    "E15": "Warrant, court order or prior authorisation",
    "E16": "Disclosure-only regime",
    "E17": "Surveillance impact or accountability report",
    "E18": "Use policy required",
    "E19": "Annual or periodic public report",
    "E20": "Periodic legislative review with power to end use",
    "E21": "Inventory of existing technology",
    "E22": "Independent audit",
    "E23": "Public hearing before approval",
    "E24": "Minimum advance posting of documents before the hearing",
    "E25": "Community meetings or public comment period",
    "E26": "Standing advisory or oversight body",
    "E27": "Deadline to bring existing technology into compliance",
    "E28": "Cease use if not approved (no grandfathering)",
    "E29": "Exigent use with after-the-fact notice or report",
    "E30": "Carve-out for unsolicited face recognition information",
    "E31": "Evidence from outside agencies or persons may be received",
    "E32": "Device authentication or access-control exception",
    "E33": "Redaction or non-identifying face-detection exception",
    "E34": "Missing or exploited children exception",
    "E35": "Compliance-with-other-law exception",
    "E36": "Limits or approval for data sharing",
    "E37": "Retention limit fixed in the law",
    "E38": "Ban on conflicting non-disclosure agreements",
    "E39": "Private right of action",
    "E40": "Damages (liquidated or statutory)",
    "E41": "Attorney fees to a prevailing plaintiff",
    "E42": "Suppression of evidence",
    "E43": "Employee discipline",
    "E44": "Criminal penalty",
    "E45": "Notice and cure before liability",
    "E46": "Whistleblower protection",
    "E47": "Severability clause",
    "E48": "Delayed effective date",
    "E49": "Human review, accuracy and bias testing, training",
    "E50": "Use restrictions or disclosure to defendants",
}
EVIDENCE = {
    "V": "verified in a public source",
    "P": "partly verified",
    "B": "general knowledge, not verified",
    "D": "verified only through an ordinance derived from the model",
}
UNITS = ("days", "months", "years", "hours", "dollars", "euros", "percent", "members", "seats",
         "count", "date")
KINDS = ("ordinance", "local-law", "statute", "regulation", "model")
# What a law's element lists mean; the matrix's cell codes are the display codes.
STATUS_CODES = {"present": "Y", "unverified": "y", "partial": "P", "absent": "N",
                "unknown": "\u00b7"}
_LAW_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LISTS = ("present", "unverified", "partial", "absent")


@record(frozen=True, slots=True)
class KeyNumber:
    """One number the law fixes: ``value`` in ``unit`` (an ISO date when unit is date)."""

    what: str
    value: float | int | str
    unit: str
    evidence: str = "V"
    question: str = ""  # the library question that sets the same number, if any
    note: str = ""
    line: int = 0


@record(frozen=True, slots=True)
class Law:
    """One enacted law or model bill: a column of the reference matrix."""

    id: str
    name: str
    short: str
    citation: str
    description: str
    family: str
    kind: str
    evidence: tuple[str, ...]
    present: frozenset[str]  # matrix Y and y
    unverified: frozenset[str]  # the y cells: present by background knowledge only
    partial: frozenset[str]  # P
    absent: frozenset[str]  # N: absent by design or not applicable
    notes: Mapping[str, str] = field(default_factory=dict)
    numbers: tuple[KeyNumber, ...] = ()
    file: str = ""
    line: int = 0

    def status(self, element: str) -> str:
        """present, unverified, partial, absent, or unknown (not found in the reference)."""
        if element in self.unverified:
            return "unverified"
        for name in ("present", "partial", "absent"):
            if element in getattr(self, name):
                return name
        return "unknown"

    def has(self, element: str) -> bool:
        """Whether the law has the element at all (in full or in part)."""
        return element in self.present or element in self.partial


def read_law(path: Path, problems: list[Problem]) -> Law | None:
    """Validate one law file; append its problems and return None if unusable."""
    data, found = load_yaml_file(path)
    problems.extend(found)
    if data is None:
        if not found:
            problems.append(Problem(str(path), 1, "the law file is empty; see the README "
                                    "section on reference laws for its keys"))
        return None
    file = str(path)
    start = len(problems)
    raw_id = data.get("id") if isinstance(data, dict) else None
    what = f"law {raw_id!r}" if isinstance(raw_id, str) and raw_id else "law"
    r = Reader(data, file, what, problems, line=1,
               allowed={"id", "name", "short", "citation", "description", "family", "kind",
                        "evidence", "elements", "notes", "numbers"})
    if not r.ok:
        return None
    lid = r.str("id", required=True)
    if lid and not _LAW_ID.match(lid):
        r.error(r.line_of("id"), f"{what}: ids use lower-case letters, digits and '-' "
                "(e.g. boston-16-62)")
    family = r.str("family", required=True)
    if family and not _LAW_ID.match(family):
        r.error(r.line_of("family"), f"{what}: family {family!r} must be lower-case letters, "
                "digits and '-' (e.g. ccops)")
    kind = r.str("kind", "ordinance")
    if kind not in KINDS:
        r.error(r.line_of("kind"), f"{what}: kind must be one of {', '.join(KINDS)}, "
                f"found {kind!r}")
    evidence = r.str_list("evidence")
    for tag in evidence:
        if tag not in EVIDENCE:
            r.error(r.line_of("evidence"), f"{what}: evidence tag {tag!r} is not one of "
                    f"{', '.join(EVIDENCE)} (reference §0)")
    lists = _element_lists(r, what)
    notes = _notes(r, what)
    numbers = _numbers(r, what)
    law = Law(
        id=lid, name=r.str("name", required=True), short=r.str("short", lid.upper()),
        citation=r.str("citation", required=True),
        description=" ".join(r.str("description", required=True).split()),
        family=family, kind=kind, evidence=evidence,
        present=lists["present"], unverified=lists["unverified"], partial=lists["partial"],
        absent=lists["absent"], notes=notes, numbers=numbers, file=file, line=r.line)
    if any(p.severity == "error" for p in problems[start:]) or not lid:
        return None
    return law


def _element_lists(r: Reader, what: str) -> dict[str, frozenset[str]]:
    er = Reader(r.mapping("elements"), r.file, f"{what}, elements", r.problems,
                line=r.line_of("elements"), allowed=_LISTS)
    if "elements" not in r.data:
        r.error(r.line, f"{what}: missing required key 'elements' (with present, partial, "
                "absent lists of element ids E01 to E50)")
    out: dict[str, frozenset[str]] = {}
    for name in _LISTS:
        ids = er.str_list(name)
        line = er.line_of(name)
        seen: set[str] = set()
        for eid in ids:
            if eid not in ELEMENTS:
                er.error(line, f"{what}: elements.{name}: {eid!r} is not an element id; "
                         "expected E01 to E50 (reference §6)")
            elif eid in seen:
                er.error(line, f"{what}: elements.{name} lists {eid} twice")
            seen.add(eid)
        out[name] = frozenset(e for e in ids if e in ELEMENTS)
    for a, b in (("present", "partial"), ("present", "absent"), ("partial", "absent")):
        both = sorted(out[a] & out[b])
        if both:
            er.error(er.line_of(b), f"{what}: {', '.join(both)} listed as both {a} and {b}; "
                     "keep each element in one list")
    stray = sorted(out["unverified"] - out["present"])
    if stray:
        er.error(er.line_of("unverified"), f"{what}: unverified lists {', '.join(stray)}, "
                 "which present does not; unverified marks present elements (matrix 'y')")
    return out


def _notes(r: Reader, what: str) -> dict[str, str]:
    raw = r.mapping("notes")
    nr = Reader(raw, r.file, f"{what}, notes", r.problems, line=r.line_of("notes"))
    notes = {}
    for key in raw:
        if key not in ELEMENTS:
            nr.error(nr.line_of(key), f"{what}: notes key {key!r} is not an element id; "
                     "expected E01 to E50")
            continue
        notes[key] = nr.str(key)
    return notes


def _numbers(r: Reader, what: str) -> tuple[KeyNumber, ...]:
    out = []
    items = r.list("numbers")
    for i, item in enumerate(items):
        nr = Reader(item, r.file, f"{what}, number #{i + 1}", r.problems,
                    line=item_line(items, i, r.line_of("numbers")),
                    allowed={"what", "value", "unit", "evidence", "question", "note"})
        if not nr.ok:
            continue
        unit = nr.str("unit", required=True)
        value = nr.raw("value")
        if unit and unit not in UNITS:
            nr.error(nr.line_of("unit"), f"{what}: unit must be one of {', '.join(UNITS)}, "
                     f"found {unit!r}")
        if value is None:
            nr.error(nr.line, f"{what}, number #{i + 1}: missing required key 'value'")
        elif unit == "date":
            try:
                _dt.date.fromisoformat(str(value))
            except ValueError:
                nr.error(nr.line_of("value"), f"{what}: a date value must be an ISO date like "
                         f"2021-07-01, found {value!r}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            nr.error(nr.line_of("value"), f"{what}: value must be a number of {unit or 'units'}"
                     f", found {value!r}")
        evidence = nr.str("evidence", "V")
        if evidence not in EVIDENCE:
            nr.error(nr.line_of("evidence"), f"{what}: evidence tag {evidence!r} is not one "
                     f"of {', '.join(EVIDENCE)}")
        out.append(KeyNumber(nr.str("what", required=True), value if value is not None else 0,
                             unit, evidence, nr.str("question"), nr.str("note"), nr.line))
    return tuple(out)


def load_laws(folder: Path, laws: dict[str, Law], problems: list[Problem],
              unique: Callable[[str, str, Where], bool]) -> None:
    """Read every ``*.yaml`` in ``folder`` into ``laws`` (a later layer replaces an id).

    ``unique(kind, id, where)`` reports an id defined twice in the same layer.
    """
    from .library import Where

    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()):
        law = read_law(path, problems)
        if law is not None and unique("law", law.id, Where(law.file, law.line)):
            laws[law.id] = law
