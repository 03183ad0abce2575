"""The jurisdiction form: name, kind, style, body, titles, code chapter, sponsors, houses.

Posts ``JurisdictionForm.Changed`` with one field's new value; the screen
updates the draft. Fields holding a government word show the kind's default as
their placeholder (a blank field takes it), and changing the kind changes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, Switch

from ...core.draft import KINDS, Jurisdiction
from ...core.government import KINDS as GOVERNMENTS
from ...core.government import defaults as kind_defaults
from .inputs import InOrderInput
from .marks import WordedSwitch

TEXT_FIELDS = (
    ("name", "Name of the jurisdiction", "e.g. Riverton"),
    ("body", "Legislative body (blank: the kind's)", ""),
    ("short_title", "Short title", "e.g. Riverton Surveillance Technology Ordinance"),
    ("instrument", "Instrument (blank: the style's or kind's word)", ""),
    ("sponsors", "Sponsors (separate with semicolons)", "Councilmember Ada Ruiz"),
    ("chief_executive", "Chief executive (blank: the kind's)", ""),
    ("clerk", "Clerk or secretary (blank: the kind's)", ""),
    ("counsel", "Counsel who approves it as to form (blank: the kind's)", ""),
    ("government", "Government's full name (blank: the kind's)", ""),
    ("state", "State it is in (blank: \"this State\")", "e.g. Oregon"),
    ("date", "Draft date (blank: today)", "2027-01-31"),
    ("number", "Number the clerk gives it (blank: a line to fill in)", "e.g. 2027-14"),
    ("introduced", "Date introduced (blank: not printed)", "2027-01-12"),
    ("draft_label", "Draft label", "Draft"),
)
LIST_FIELDS = ("sponsors", "chambers")  # typed as one line, names separated by ";"
FIRST_FIELDS = 5  # text fields a deferred form composes at once (name ... sponsors)
# Fields whose placeholder is the kind's default.
KIND_FIELDS = ("government", "body", "instrument", "chief_executive", "clerk", "counsel")
RECITALS = (("The kind's usage (none in a state bill)", ""), ("Include WHEREAS recitals",
            "include"), ("Omit the recitals", "omit"))
CODE_FIELDS = (
    ("code_name", "Name of the code", "Riverton Municipal Code"),
    ("chapter_number", "Chapter number", "2.99"),
    ("chapter_title", "Chapter title", "Surveillance Technology"),
)


FIELD_HELP = {
    "kind": "City, town, village, county, consolidated city-county or state: decides every "
            "government word left blank (\"the City of\", the body, the clerk, the "
            "instrument, the enacting clause and the signature block).",
    "government": "The government's name in full, when the kind's pattern does not fit, "
                  "e.g. the City and County of San Francisco.",
    "state": "The state a local government is in: the recitals cite its constitution. "
             "Blank: \"this State\".",
    "counsel": "The office that approves it as to form (City Attorney, County Counsel).",
    "recitals": "WHEREAS recitals before the enacting clause. A state bill has none unless "
                "you choose them.",
    "unincorporated_only": "On: the county's rules on private conduct reach only the "
                           "unincorporated area (where county ordinances usually apply).",
    "style": "The drafting style: section labels (\"Section 1.\" or \"§ 1.\"), subsection "
             "markers, the enacting clause and the signature block.",
    "name": "The jurisdiction's name as it appears in the caption and the text.",
    "body": "The legislative body that enacts the law, e.g. City Council, Board of "
            "Supervisors, County Legislature.",
    "short_title": "The name the law can be cited by; also the title of the document.",
    "instrument": "What the law is called: ordinance, local law, bill, act. Leave blank for "
                  "the style's usual word.",
    "sponsors": "Who introduces it; printed under the caption. Separate names with semicolons.",
    "chambers": "A state legislature's houses, the upper first, each signing the bill "
                "(Senate; House of Delegates). One name for a legislature of one house. "
                "Blank: the Senate and the House of Representatives.",
    "chief_executive": "Who signs or vetoes it (Mayor, County Executive, Governor).",
    "clerk": "Who attests it in the signature block.",
    "date": "The date printed on the draft. Blank: the day it is exported.",
    "number": "The ordinance, local law or bill number, once the clerk assigns it; printed in "
              "the caption. Blank: a line for the clerk to fill in.",
    "introduced": "The date the law is introduced, printed in the caption under its number.",
    "draft_label": "The word printed with the date, e.g. Draft, Introduced, Revised draft.",
    "codified": "On: the law adds a new chapter to the municipal code, and its sections get "
                "code numbers; severability and the effective date stay outside the code.",
    "code_name": "The code's name, e.g. Riverton Municipal Code.",
    "chapter_number": "The new chapter's number, e.g. 2.99; sections become 2.99.010 and so on.",
    "chapter_title": "The new chapter's title.",
    "page_size": "Paper for the Word and HTML exports: Letter (US) or A4. \"Style\" uses the "
                 "drafting style's choice.",
    "line_numbers": "On: the Word export numbers every line, as many councils require for "
                    "amendments in committee.",
}
PAGE_SIZES = (("Style's choice", ""), ("Letter", "letter"), ("A4", "a4"))


def field_id(name: str) -> str:
    return f"j-{name}"


class JurisdictionForm(Vertical):
    """Every jurisdiction field of the draft."""

    class Changed(Message):
        def __init__(self, name: str, value: Any) -> None:
            super().__init__()
            self.name = name
            self.value = value

    class FieldFocused(Message):
        """The user moved into a field (the help pane follows)."""

        def __init__(self, name: str, help: str) -> None:
            super().__init__()
            self.name = name
            self.help = help

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        name = (getattr(event.widget, "id", None) or "")[2:]
        if name in FIELD_HELP:
            self.post_message(self.FieldFocused(name, FIELD_HELP[name]))

    def __init__(self, jurisdiction: Jurisdiction, styles: dict[str, str], *,
                 defer: bool = False) -> None:
        """With ``defer``, only the first fields are composed; ``mount_rest`` adds the rest
        (opening a draft draws its preview first: bench/RESULTS.md, "## App")."""
        super().__init__(id="jurisdiction")
        self.jurisdiction = jurisdiction
        self.style_names = styles
        self.complete = not defer  # every field is composed or mounted

    def compose(self) -> ComposeResult:
        yield from self._first()
        if self.complete:
            yield from self._rest()

    def mount_rest(self) -> None:
        """Mount the fields a deferred form left out, after the first ones (same order)."""
        if not self.complete:
            self.complete = True
            self.mount_all(list(self._rest()))

    def _first(self) -> ComposeResult:
        """The fields a screen shows first: kind, style, name, body and titles, sponsors."""
        j = self.jurisdiction
        yield Static("Who enacts the law and how it is titled. Every change is saved.",
                     classes="intro")
        yield Label("Kind of government", classes="prompt")
        yield Select([(GOVERNMENTS[k].label, k) for k in KINDS], value=j.kind,
                     allow_blank=False, id=field_id("kind"))
        yield Label("Drafting style", classes="prompt")
        options = [("The kind's style", ""), *((name, sid)
                                               for sid, name in self.style_names.items())]
        if j.style and j.style not in self.style_names:
            options.append((f"{j.style} (not in the library)", j.style))
        yield Select(options, value=j.style, allow_blank=False, id=field_id("style"))
        for name, label, placeholder in TEXT_FIELDS[:FIRST_FIELDS]:
            yield from self._text(name, label, placeholder)

    def _rest(self) -> ComposeResult:
        """Every field after the first ones."""
        j = self.jurisdiction
        for name, label, placeholder in TEXT_FIELDS[FIRST_FIELDS:]:
            yield from self._text(name, label, placeholder)
        yield Label("Add it to the municipal code as a new chapter", classes="prompt")
        yield WordedSwitch(j.codified, id=field_id("codified"))
        yield Vertical(*(w for name, label, placeholder in CODE_FIELDS
                         for w in self._text(name, label, placeholder)),
                       id="code-fields", classes="" if j.codified else "hidden")
        yield Label("Recitals", classes="prompt")
        yield Select(RECITALS, value=j.recitals, allow_blank=False, id=field_id("recitals"))
        yield Vertical(Label("Rules on private conduct reach the unincorporated area only",
                             classes="prompt"),
                       WordedSwitch(j.unincorporated_only, id=field_id("unincorporated_only")),
                       id="county-fields", classes="" if j.kind == "county" else "hidden")
        yield Vertical(*self._text("chambers", "Houses of the legislature, upper first "
                                   "(separate with ;)", "blank: Senate; House of Representatives"),
                       id="state-fields", classes="" if j.kind == "state" else "hidden")
        yield Label("Page size", classes="prompt")
        yield Select(PAGE_SIZES, value=j.page_size, allow_blank=False, id=field_id("page_size"))
        yield Label("Number the lines", classes="prompt")
        yield WordedSwitch(j.line_numbers, id=field_id("line_numbers"))

    def _text(self, name: str, label: str, placeholder: str) -> ComposeResult:
        value = getattr(self.jurisdiction, name)
        if name in LIST_FIELDS:
            value = "; ".join(value)
        if name in KIND_FIELDS:
            placeholder = self.kind_placeholder(name, self.jurisdiction.kind)
        yield Label(label, classes="prompt")
        yield InOrderInput(value, placeholder=placeholder, id=field_id(name))
        yield Static("", classes="error", id=f"err-{name}")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = (event.input.id or "")[2:]
        value: Any = event.value
        error = ""
        if name in LIST_FIELDS:
            if event.value == "; ".join(getattr(self.jurisdiction, name)):
                return  # the text as shown (a sponsor's own ";" must not split it unasked)
            value = tuple(s.strip() for s in event.value.split(";") if s.strip())
        elif name in ("date", "introduced") and value.strip():
            try:
                value = dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                error = "Write the date as year-month-day, e.g. 2027-01-31."
        self.query_one(f"#err-{name}", Static).update(error)
        if not error and getattr(self.jurisdiction, name) != value:
            self._post(name, value)

    @staticmethod
    def kind_placeholder(name: str, kind: str) -> str:
        """What a blank ``name`` field prints in a draft of ``kind``."""
        return f"blank: {kind_defaults(kind)[name]}"

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        name = (event.select.id or "")[2:]
        if name == "kind" and event.value != Select.BLANK:
            # A field a deferred form has yet to mount takes the new kind when it is.
            for field in KIND_FIELDS:
                for box in self.query(f"#{field_id(field)}").results(Input):
                    box.placeholder = self.kind_placeholder(field, str(event.value))
            self.query("#county-fields").set_class(event.value != "county", "hidden")
            self.query("#state-fields").set_class(event.value != "state", "hidden")
        if event.value != Select.BLANK and getattr(self.jurisdiction, name) != event.value:
            self._post(name, event.value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        name = (event.switch.id or "")[2:]
        if name == "codified":
            self.query_one("#code-fields").set_class(not event.value, "hidden")
        if getattr(self.jurisdiction, name) != event.value:
            self._post(name, event.value)

    def _post(self, name: str, value: Any) -> None:
        self.jurisdiction = msgspec.structs.replace(self.jurisdiction, **{name: value})
        self.post_message(self.Changed(name, value))
