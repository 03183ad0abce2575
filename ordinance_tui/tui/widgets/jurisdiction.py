"""The jurisdiction form: name, kind, style, body, titles, code chapter, sponsors.

Posts ``JurisdictionForm.Changed`` with one field's new value; the screen
updates the draft.
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

TEXT_FIELDS = (
    ("name", "Name of the jurisdiction", "e.g. Riverton"),
    ("body", "Legislative body", "e.g. City Council"),
    ("short_title", "Short title", "e.g. Riverton Surveillance Technology Ordinance"),
    ("instrument", "Instrument (blank: the style's word)", "ordinance, local law, bill"),
    ("sponsors", "Sponsors (separate with semicolons)", "Councilmember Ada Ruiz"),
    ("chief_executive", "Chief executive", "Mayor"),
    ("clerk", "Clerk", "City Clerk"),
    ("date", "Draft date (blank: today)", "2027-01-31"),
    ("draft_label", "Draft label", "Draft"),
)
CODE_FIELDS = (
    ("code_name", "Name of the code", "Riverton Municipal Code"),
    ("chapter_number", "Chapter number", "2.99"),
    ("chapter_title", "Chapter title", "Surveillance Technology"),
)


FIELD_HELP = {
    "kind": "City, town, county or state: decides words such as \"the City of\".",
    "style": "The drafting style: section labels (\"Section 1.\" or \"§ 1.\"), subsection "
             "markers, the enacting clause and the signature block.",
    "name": "The jurisdiction's name as it appears in the caption and the text.",
    "body": "The legislative body that enacts the law, e.g. City Council, Board of "
            "Supervisors, County Legislature.",
    "short_title": "The name the law can be cited by; also the title of the document.",
    "instrument": "What the law is called: ordinance, local law, bill, act. Leave blank for "
                  "the style's usual word.",
    "sponsors": "Who introduces it; printed under the caption. Separate names with semicolons.",
    "chief_executive": "Who signs or vetoes it (Mayor, County Executive, Governor).",
    "clerk": "Who attests it in the signature block.",
    "date": "The date printed on the draft. Blank: the day it is exported.",
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

    def __init__(self, jurisdiction: Jurisdiction, styles: dict[str, str]) -> None:
        super().__init__(id="jurisdiction")
        self.jurisdiction = jurisdiction
        self.style_names = styles

    def compose(self) -> ComposeResult:
        j = self.jurisdiction
        yield Static("Who enacts the law and how it is titled. Every change is saved.",
                     classes="intro")
        yield Label("Kind of government", classes="prompt")
        yield Select([(k.title(), k) for k in KINDS], value=j.kind, allow_blank=False,
                     id=field_id("kind"))
        yield Label("Drafting style", classes="prompt")
        options = [(name, sid) for sid, name in self.style_names.items()]
        if j.style not in self.style_names:
            options.append((f"{j.style} (not in the library)", j.style))
        yield Select(options, value=j.style, allow_blank=False, id=field_id("style"))
        for name, label, placeholder in TEXT_FIELDS:
            yield from self._text(name, label, placeholder)
        yield Label("Add it to the municipal code as a new chapter", classes="prompt")
        yield Switch(j.codified, id=field_id("codified"))
        with Vertical(id="code-fields", classes="" if j.codified else "hidden"):
            for name, label, placeholder in CODE_FIELDS:
                yield from self._text(name, label, placeholder)
        yield Label("Page size", classes="prompt")
        yield Select(PAGE_SIZES, value=j.page_size, allow_blank=False, id=field_id("page_size"))
        yield Label("Number the lines", classes="prompt")
        yield Switch(j.line_numbers, id=field_id("line_numbers"))

    def _text(self, name: str, label: str, placeholder: str) -> ComposeResult:
        value = getattr(self.jurisdiction, name)
        if name == "sponsors":
            value = "; ".join(value)
        yield Label(label, classes="prompt")
        yield Input(value, placeholder=placeholder, id=field_id(name))
        yield Static("", classes="error", id=f"err-{name}")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = (event.input.id or "")[2:]
        value: Any = event.value
        error = ""
        if name == "sponsors":
            if event.value == "; ".join(self.jurisdiction.sponsors):
                return  # the text as shown (a sponsor's own ";" must not split it unasked)
            value = tuple(s.strip() for s in event.value.split(";") if s.strip())
        elif name == "date" and value.strip():
            try:
                value = dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                error = "Write the date as year-month-day, e.g. 2027-01-31."
        self.query_one(f"#err-{name}", Static).update(error)
        if not error and getattr(self.jurisdiction, name) != value:
            self._post(name, value)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        name = (event.select.id or "")[2:]
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
