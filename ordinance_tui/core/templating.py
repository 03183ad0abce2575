"""The clause markup: the template helpers, the sentinels they print, and parsing them.

Clause templates mark defined terms, labels and cross-references through the
helpers ``term()``, ``label()`` and ``ref()``. They render to private-use
sentinel characters that ``split_inlines`` turns back into spans after
rendering; answers have those characters stripped first (``clean_answer``), so
nothing a user types can forge markup, and answers are context values, never
templates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from .document import Inline, Ref, TermUse, Text
from .problems import Problem

TERM_OPEN, TERM_SEP, CLOSE, REF_OPEN, LABEL_OPEN = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
_SENTINELS = re.compile("[\ue000-\ue00f]")
# Characters that cannot appear in a document (XML 1.0 forbids them; Word refuses them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]|[\ud800-\udfff]")
_INLINE = re.compile(
    f"{TERM_OPEN}([^{CLOSE}]*?){TERM_SEP}([^{CLOSE}]*?){CLOSE}"
    f"|{REF_OPEN}([^{CLOSE}]*?){CLOSE}"
)
LABEL_RE = re.compile(f"{LABEL_OPEN}([^{CLOSE}]*){CLOSE}")
CONTEXT_NAMES = ("jurisdiction", "gov", "government", "body", "instrument", "this")


def clean_text(value: str) -> str:
    """Remove control characters, lone surrogates and markup sentinels from text."""
    return _CONTROL.sub("", _SENTINELS.sub("", value)).replace("\r\n", "\n").replace("\r", "\n")


def inline_text(value: str) -> str:
    """Clean text on one line, as it reads inside a sentence of a clause.

    A line break typed or pasted into an answer would otherwise end the clause's
    line and break its list layout; it becomes a space.
    """
    text = clean_text(value)
    if "\n" not in text:
        return text
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


def clean_answer(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_answer(v) for v in value]
    if isinstance(value, dict):
        return {k: clean_answer(v) for k, v in value.items()}
    return value


def _term(name: str, text: str | None = None) -> str:
    return f"{TERM_OPEN}{name}{TERM_SEP}{text if text is not None else name}{CLOSE}"


def _ref(target: str) -> str:
    return f"{REF_OPEN}{target}{CLOSE}"


def _label(name: str) -> str:
    return f"{LABEL_OPEN}{name}{CLOSE}"


HELPER_FUNCTIONS = {"term": _term, "ref": _ref, "label": _label}


class TemplateFailure(Exception):
    """A template could not be compiled or rendered: its syntax, an unknown name, a refusal.

    ``what`` names the template ("clause 'general.severability'"), ``file`` and
    ``line`` where its text is; ``problem()`` is the message for the user.
    """

    def __init__(self, message: str, line: int = 0, file: str = "", what: str = "",
                 syntax: bool = False) -> None:
        super().__init__(f"{what}: {message}" if what else message)
        self.message = message
        self.line = line
        self.file = file
        self.what = what
        self.syntax = syntax

    def problem(self) -> Problem:
        return Problem(self.file or self.what, self.line, str(self))


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """A template's source and where it came from: ``what`` names it in messages.

    ``line`` is the file line of the field; for a block scalar (``text: |``) the
    template's first line is the next one.
    """

    source: str
    what: str
    file: str
    line: int

    def file_line(self, lineno: int | None) -> int:
        """The file line of a template line."""
        if lineno and "\n" in self.source.rstrip("\n"):
            return self.line + lineno
        return self.line


@functools.lru_cache(maxsize=4096)
def split_inlines(rendered: str) -> tuple[Inline, ...]:
    """Turn rendered text with sentinels into spans (refs unresolved: text empty).

    Kept per text (the spans are immutable): a session's assemblies, and the option
    previews' several assemblies of one draft, split the same paragraphs again and again.
    """
    spans: list[Inline] = []
    pos = 0
    for match in _INLINE.finditer(rendered):
        if match.start() > pos:
            spans.append(Text(rendered[pos:match.start()]))
        if match.group(3) is not None:
            spans.append(Ref(target=match.group(3), anchor="", text="", resolved=False))
        else:
            spans.append(TermUse(term=match.group(1), text=match.group(2)))
        pos = match.end()
    if pos < len(rendered):
        spans.append(Text(rendered[pos:]))
    return tuple(_merge_text(spans))


def _merge_text(spans: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for span in spans:
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + span.text)
        elif not (isinstance(span, Text) and not span.text):
            merged.append(span)
    return merged


_TERM_NAMES = re.compile(f"{TERM_OPEN}([^{CLOSE}]*?){TERM_SEP}")


def terms_in(rendered: str) -> set[str]:
    """Names of the defined terms a rendered text uses."""
    return set(_TERM_NAMES.findall(rendered))


_SYNTAX = re.compile(r"\{[{%#]")


def is_template(text: str) -> bool:
    """Whether ``text`` holds Jinja syntax (``{{``, ``{%`` or ``{#``); notes without it are
    printed as written, never compiled."""
    return bool(_SYNTAX.search(text))


def strip_markup(rendered: str) -> str:
    """Plain text of rendered markup (terms print their text; refs and labels vanish)."""
    text = _INLINE.sub(lambda m: m.group(2) if m.group(3) is None else "", rendered)
    return _SENTINELS.sub("", LABEL_RE.sub("", text))
