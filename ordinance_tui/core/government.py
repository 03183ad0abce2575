"""Government words by kind of jurisdiction: the one declaration, and their resolution.

``KINDS`` declares, for each kind of government (city, town, village, county,
consolidated city-county, state), the words a law of that kind prints: the
government's name, legislative body, chief executive and approval line, clerk,
auditor, counsel, instrument word, enacting clause, effective-date form, default
signature block, and the words that mark the kind (lint L011 flags a marker of
another kind). ``resolve`` turns a draft's jurisdiction into the template
context's ``gov`` mapping: each field the draft leaves empty takes its own kind's
default, never another kind's.

Patterns are ``str.format`` texts over the resolved words (``{name}``, ``{body}``,
``{government}``, ``{executive}``, ``{clerk}``, ``{counsel}``, ``{instrument}``),
never templates: a typed name containing ``{{`` prints as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .legalfmt import comma_and, long_date

if TYPE_CHECKING:
    from .draft import Jurisdiction

BLANK = "____________________"
LINE = "____________________________________"


@dataclass(frozen=True, slots=True)
class GovernmentKind:
    """The words of one kind of government (every text a ``str.format`` pattern)."""

    kind: str
    label: str  # for menus: "City", "Consolidated city-county"
    government: str  # "the City of {name}"
    caption: str  # the caption's first line, "CITY OF {NAME}"
    itself: str  # how the law names its own government in short: "the City"
    body: str
    executive: str
    clerk: str
    auditor: str
    counsel: str
    instrument: str
    style: str  # the style a draft of this kind uses when it names none
    enacting: str
    takes_effect: str  # what follows "takes effect thirty (30) days after"
    immediately: str  # what follows "takes effect immediately upon"
    approval: str  # the chief executive's approval line
    presiding: str  # who signs for the legislative body
    signature: tuple[str, ...]
    markers: tuple[str, ...]  # words that mark this kind (a word may mark several)
    recitals: bool = True  # WHEREAS recitals unless the drafter chooses otherwise
    local: bool = True
    chambers: tuple[str, ...] = ()  # a legislature's houses, the upper first; () for a local body


_LOCAL_SIGNATURE = (
    "Introduced and read for the first time on " + BLANK + ".",
    "Passed and adopted by the {body} of {government} on " + BLANK
    + ", by the following vote:",
    "AYES: ______   NOES: ______   ABSENT: ______   ABSTAIN: ______",
    LINE + ", {presiding}",
    "{approval}",
    LINE + ", {executive}",
    "ATTEST: " + LINE + ", {clerk}",
    "APPROVED AS TO FORM: " + LINE + ", {counsel}",
)
# A town's supervisor presides over the town board and has no veto: its block has no
# approval line, as its effective date waits for none.
_TOWN_SIGNATURE = tuple(line for line in _LOCAL_SIGNATURE
                        if line not in ("{approval}", LINE + ", {executive}"))
_COUNTY_SIGNATURE = (
    "PASSED AND ADOPTED by the {body} of {government} on " + BLANK
    + ", by the following vote:",
    "AYES: ______   NOES: ______   ABSENT: ______",
    LINE + ", {presiding}",
    "{approval}",
    LINE + ", {executive}",
    "ATTEST: " + LINE + ", {clerk}",
    "APPROVED AS TO FORM AND LEGALITY: " + LINE + ", {counsel}",
)
_MUNICIPAL_EFFECT = ("the day on which it is finally adopted and approved by the {executive}, "
                     "or otherwise becomes law")

# Names of a local government's code: a state's law is never added to one.
_LOCAL_CODES = ("Code of Ordinances", "Municipal Code")

KINDS: Mapping[str, GovernmentKind] = MappingProxyType({k.kind: k for k in (
    GovernmentKind(
        "city", "City", "the City of {name}", "CITY OF {NAME}", "the City",
        "City Council", "Mayor", "City Clerk", "City Auditor", "City Attorney", "ordinance",
        "city", "The {body} of {government} ordains as follows:", _MUNICIPAL_EFFECT,
        "its final adoption and approval by the {executive}",
        "Approved by the {executive} on " + BLANK + ".", "President of the {body}",
        _LOCAL_SIGNATURE,
        ("City Council", "City Clerk", "City Attorney", "City Auditor", "City Manager",
         "Mayor", "the City", "City of", *_LOCAL_CODES)),
    GovernmentKind(
        "town", "Town", "the Town of {name}", "TOWN OF {NAME}", "the Town",
        "Town Board", "Town Supervisor", "Town Clerk", "Town Comptroller", "Town Attorney",
        "ordinance", "town-ordinance", "The {body} of {government} ordains as follows:",
        "its final adoption", "its final adoption",
        "Approved by the {executive} on " + BLANK + ".", "Presiding Officer of the {body}",
        _TOWN_SIGNATURE,
        ("Town Board", "Town Council", "Town Supervisor", "Town Clerk", "Town Comptroller",
         "Town Attorney", "Town Manager", "Mayor", "the Town", "Town of", *_LOCAL_CODES)),
    GovernmentKind(
        "village", "Village", "the Village of {name}", "VILLAGE OF {NAME}", "the Village",
        "Board of Trustees", "Village President", "Village Clerk", "Village Treasurer",
        "Village Attorney", "ordinance", "village",
        "The {body} of {government} ordains as follows:", _MUNICIPAL_EFFECT,
        "its final adoption and approval by the {executive}",
        "Approved by the {executive} on " + BLANK + ".",
        "Presiding Officer of the {body}", _LOCAL_SIGNATURE,
        ("Village Board", "Village President", "Village Clerk", "Village Treasurer",
         "Village Attorney", "Village Manager", "Mayor", "the Village", "Village of",
         *_LOCAL_CODES)),
    GovernmentKind(
        "county", "County", "the County of {name}", "COUNTY OF {NAME}", "the County",
        "Board of Supervisors", "County Executive", "Clerk of the Board", "County Auditor",
        "County Counsel", "ordinance", "county",
        "The {body} of {government} ordains as follows:", _MUNICIPAL_EFFECT,
        "its final adoption and approval by the {executive}",
        "Approved: " + LINE + ", {executive}", "Chair of the {body}",
        _COUNTY_SIGNATURE[:4] + _COUNTY_SIGNATURE[5:],  # its approval line is the signature
        ("Board of Supervisors", "Board of County Commissioners", "County Commission",
         "County Executive", "Clerk of the Board", "County Auditor", "County Counsel",
         "County Attorney", "County Administrator", "the County", "County of",
         "unincorporated area", *_LOCAL_CODES)),
    GovernmentKind(
        "city-county", "Consolidated city-county", "the City and County of {name}",
        "CITY AND COUNTY OF {NAME}", "the City and County", "Board of Supervisors", "Mayor",
        "Clerk of the Board", "Controller", "City Attorney", "ordinance", "city-county",
        "The {body} of {government} ordains as follows:", _MUNICIPAL_EFFECT,
        "its final adoption and approval by the {executive}",
        "Approved by the {executive} on " + BLANK + ".", "President of the {body}",
        _COUNTY_SIGNATURE,
        ("City Council", "City Clerk", "City Attorney", "City Auditor", "Mayor",
         "Board of Supervisors", "Clerk of the Board", "County Counsel",
         "the City and County", "City and County of", "the City", "the County",
         "Metropolitan Council",
         "Metropolitan Government", *_LOCAL_CODES)),
    GovernmentKind(
        "state", "State", "the State of {name}", "STATE OF {NAME}", "the State",
        "Legislature", "Governor", "Secretary of State", "State Auditor", "Attorney General",
        "act", "state", "Be it enacted by the {body} of {government}:",
        "the day on which it becomes law", "its becoming law",
        "Approved by the {executive} " + BLANK + ".", "Presiding Officer of the {body}",
        ("{each_house_passed}", "{each_house_signs}", "{approval}", LINE + ", {executive}",
         "Filed in the Office of the {clerk} " + BLANK + "."),
        ("the Legislature", "Governor", "Attorney General", "State Auditor"),
        recitals=False, local=False, chambers=("Senate", "House of Representatives")),
)})

# A local law (New York's form, which a city, town, village or county enacts alike under
# the Municipal Home Rule Law) has its own enacting clause and signature block, ending
# with the filing that starts its effective date (§ 27), whatever the kind.
LOCAL_LAW_ENACTING = "Be it enacted by the {body} of {government} as follows:"
LOCAL_LAW_SIGNATURE = (
    "Adopted by the {body} of {government} on " + BLANK + " by the following vote:",
    "AYES: ______   NAYS: ______   ABSENT: ______",
    LINE + ", {executive}",
    "ATTEST: " + LINE + ", {clerk}",
    "Filed with the Secretary of State on " + BLANK + ".",
)

# What the caption calls each instrument before it is numbered (a bill becomes an act);
# {number} is the jurisdiction's number, or a blank line for the clerk to fill.
NUMBER_LINES = {"ordinance": "ORDINANCE NO. {number}",
                "local law": "LOCAL LAW NO. {number} OF THE YEAR {year}",
                "act": "BILL NO. {number}"}
INSTRUMENTS = tuple(NUMBER_LINES)


def numbered_as(instrument: str) -> str:
    """What the clerk numbers: "ordinance", "local law", "bill" (an act is numbered as a bill)."""
    line = NUMBER_LINES.get(instrument)
    return line.split(" NO.")[0].lower() if line else instrument


def kind_of(kind: str) -> GovernmentKind:
    """The declaration of ``kind`` (a city's for a kind this version does not know)."""
    return KINDS.get(kind) or KINDS["city"]


def style_id(jurisdiction: Jurisdiction) -> str:
    """The style a draft uses: its own, else its kind's."""
    return jurisdiction.style or kind_of(jurisdiction.kind).style


def defaults(kind: str) -> dict[str, str]:
    """The jurisdiction fields a draft of ``kind`` gets when it leaves them empty."""
    k = kind_of(kind)
    return {"style": k.style, "body": k.body, "chief_executive": k.executive, "clerk": k.clerk,
            "counsel": k.counsel, "instrument": k.instrument,
            "government": k.government.format(name="[name]", NAME="[NAME]")}


def resolve(jurisdiction: Jurisdiction, style_instrument: str = "") -> dict[str, Any]:
    """The ``gov`` mapping of the template context: every government word of the draft.

    An empty field takes the draft's own kind's default; ``style_instrument`` (the
    style's word, if it has one) comes between the draft's instrument and the kind's.
    """
    k = kind_of(jurisdiction.kind)
    name = jurisdiction.name
    words: dict[str, Any] = {
        "kind": k.kind, "label": k.label, "local": k.local,
        "body": jurisdiction.body or k.body,
        "executive": jurisdiction.chief_executive or k.executive,
        "clerk": jurisdiction.clerk or k.clerk,
        "counsel": jurisdiction.counsel or k.counsel,
        "auditor": k.auditor,
        "instrument": jurisdiction.instrument or style_instrument or k.instrument,
    }
    words["article"] = "An" if words["instrument"][:1].lower() in "aeiou" else "A"
    words["government"] = jurisdiction.government or k.government.format(name=name)
    # A commonwealth (Virginia, Kentucky, Massachusetts, Pennsylvania) calls itself one.
    commonwealth = not k.local and bool(re.match(r"(the )?commonwealth\b",
                                                 jurisdiction.government, re.IGNORECASE))
    words["itself"] = "the Commonwealth" if commonwealth else k.itself
    words["caption"] = (jurisdiction.government.upper() if jurisdiction.government
                        else k.caption.format(NAME=name.upper()))
    if words["caption"].startswith("THE "):
        words["caption"] = words["caption"][4:]
    number = jurisdiction.number or ("____" if words["instrument"] == "local law" else "________")
    year = (jurisdiction.introduced or jurisdiction.date)[:4] or "______"
    pattern = NUMBER_LINES.get(words["instrument"])
    # Only the library's own patterns are formatted: an instrument word is the drafter's
    # text, and may hold braces.
    words["number_line"] = (pattern.format(number=number, year=year) if pattern is not None
                            else f"{words['instrument'].upper()} NO. {number}")
    words["date_line"] = (f"Introduced {long_date(jurisdiction.introduced)}"
                          if jurisdiction.introduced else "")
    if k.local and jurisdiction.state:
        words["state"] = f"the State of {jurisdiction.state}"
    else:
        words["state"] = "this Commonwealth" if commonwealth else "this State"
    words["constitution"] = (f"the Constitution of {words['state']}" if k.local
                             else f"the Constitution of {words['government']}")
    county_area = k.kind == "county" and jurisdiction.unincorporated_only
    words["unincorporated_only"] = county_area
    words["area"] = (f"the unincorporated area of {words['government']}" if county_area
                     else words["government"])
    words["recitals"] = (k.recitals if not jurisdiction.recitals
                         else jurisdiction.recitals == "include")
    chambers = [c for c in jurisdiction.chambers if c.strip()] or list(k.chambers)
    words["chambers"] = chambers
    # "the President of the Senate and the Speaker of the House of Representatives"
    words["presiding_officers"] = comma_and(f"the {presiding_officer(c)}" for c in chambers)
    fmt = {**words, "name": name}
    words["presiding"] = fmt["presiding"] = k.presiding.format(**fmt)
    words["approval"] = k.approval.format(**fmt)
    fmt["approval"] = words["approval"]
    local_law = k.local and words["instrument"] == "local law"
    words["enacting"] = (LOCAL_LAW_ENACTING if local_law else k.enacting).format(**fmt)
    words["takes_effect"] = k.takes_effect.format(**fmt)
    words["immediately"] = k.immediately.format(**fmt)
    words["signature"] = [out for line in (LOCAL_LAW_SIGNATURE if local_law else k.signature)
                          for out in _signature_lines(line, fmt)]
    return words


def presiding_officer(chamber: str) -> str:
    """Who signs a bill for a house of a legislature: the President of a Senate, the Speaker
    of any other house ("Speaker of the House of Delegates", "Speaker of the Legislature")."""
    title = "President" if chamber.split()[-1:] == ["Senate"] else "Speaker"
    return f"{title} of the {chamber}"


def _signature_lines(line: str, fmt: Mapping[str, Any]) -> list[str]:
    """``line`` formatted; in a legislature's block "{each_house_passed}" and
    "{each_house_signs}" stand for one line per house, the upper house first."""
    chambers = fmt["chambers"]
    if line == "{each_house_passed}":
        return [f"Passed by the {c} {BLANK}." for c in chambers]
    if line == "{each_house_signs}":
        return [f"{LINE}, {presiding_officer(c)}" for c in chambers]
    return [line.format(**fmt)]


@dataclass(frozen=True, slots=True)
class Foreign:
    """A government word in a text that marks kinds other than the draft's."""

    word: str
    kinds: tuple[str, ...]  # the kinds it marks


def _marker_kinds() -> dict[str, tuple[str, ...]]:
    marks: dict[str, list[str]] = {}
    for k in KINDS.values():
        for word in k.markers:
            marks.setdefault(word, []).append(k.kind)
    return {w: tuple(ks) for w, ks in marks.items()}


MARKERS: Mapping[str, tuple[str, ...]] = MappingProxyType(_marker_kinds())
# "the City" marks a city unless a longer name goes on ("the City Council" is its own marker).
_MARKER_RE = re.compile(r"\b(" + "|".join(
    re.escape(w) + (r"(?! [A-Z])" if w.startswith("the ") else "")
    for w in sorted(MARKERS, key=len, reverse=True)) + r")\b")
_INSTRUMENT_RE = re.compile(r"\b[Tt]his (" + "|".join(map(re.escape, INSTRUMENTS)) + r")\b")


# How a sponsor is styled in a local legislative body and in a state legislature.
_LOCAL_SPONSORS = ("Councilmember", "Council Member", "Councilor", "Councillor",
                   "Council President", "Alderman", "Alderperson", "Alderwoman",
                   "Supervisor", "Commissioner", "Trustee", "Legislator", "Mayor")
_STATE_SPONSORS = ("Senator", "Representative", "Assemblymember", "Assembly Member",
                   "Delegate", "Governor")
_INSTRUMENT_NAMES = {"ordinance": "Ordinance", "local law": "Local Law"}


def foreign_sponsor(sponsor: str, kind: str) -> str:
    """The title ``sponsor`` starts with when it is not one a ``kind`` body uses, else ""."""
    titles = _LOCAL_SPONSORS if kind == "state" else _STATE_SPONSORS
    return next((t for t in titles if re.match(rf"{t}\b", sponsor.strip())), "")


def foreign_title_word(short_title: str, instrument: str) -> str:
    """The instrument a short title ends with ("... Ordinance") when it is not ``instrument``.

    Only "Ordinance" and "Local Law": many local laws are named "... Act" (New York City's
    POST Act), so that one is left alone.
    """
    for word, name in _INSTRUMENT_NAMES.items():
        if word != instrument and re.search(rf"\b{name}\W*$", short_title, re.IGNORECASE):
            return name
    return ""


def foreign_words(text: str, kind: str, instrument: str) -> list[Foreign]:
    """Government words in ``text`` that a ``kind`` draft whose instrument is
    ``instrument`` must not print: another kind's markers, and "this ordinance",
    "this local law" or "this act" when that is not the draft's instrument.

    The longest marker at each place wins ("the City and County" is not "the City").
    """
    found: list[Foreign] = []
    for match in _MARKER_RE.finditer(text):
        word = match.group(1)
        kinds = MARKERS[word]
        if kind not in kinds:
            found.append(Foreign(word, kinds))
    for match in _INSTRUMENT_RE.finditer(text):
        if match.group(1) != instrument:
            found.append(Foreign(match.group(0), ()))
    return found
