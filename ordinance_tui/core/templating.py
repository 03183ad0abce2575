"""The one Jinja2 environment factory, the clause markup, and its parsing.

Clause templates mark defined terms, labels and cross-references through the
helpers ``term()``, ``label()`` and ``ref()``. They render to private-use
sentinel characters that ``split_inlines`` turns back into spans after
rendering; answers have those characters stripped first (``clean_answer``), so
nothing a user types can forge markup, and answers are context values, never
templates.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from .document import Inline, Ref, TermUse, Text
from .legalfmt import FILTERS

TERM_OPEN, TERM_SEP, CLOSE, REF_OPEN, LABEL_OPEN = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
_SENTINELS = re.compile("[\ue000-\ue00f]")
# Characters that cannot appear in a document (XML 1.0 forbids them; Word refuses them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]|[\ud800-\udfff]")
_INLINE = re.compile(
    f"{TERM_OPEN}([^{CLOSE}]*?){TERM_SEP}([^{CLOSE}]*?){CLOSE}"
    f"|{REF_OPEN}([^{CLOSE}]*?){CLOSE}"
)
LABEL_RE = re.compile(f"{LABEL_OPEN}([^{CLOSE}]*){CLOSE}")
HELPERS = ("term", "ref", "label")
CONTEXT_NAMES = ("jurisdiction", "government", "body", "instrument", "this")


def clean_text(value: str) -> str:
    """Remove control characters, lone surrogates and markup sentinels from text."""
    return _CONTROL.sub("", _SENTINELS.sub("", value)).replace("\r\n", "\n").replace("\r", "\n")


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


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError("a template printed a value that is empty (None)")
    return value


class _Sources(jinja2.BaseLoader):
    """Templates by name (a clause id plus field), so errors name the clause."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            source = self.sources[template]
        except KeyError:
            raise jinja2.TemplateNotFound(template) from None
        return source, template, lambda: self.sources.get(template) == source


def make_environment(*, sandboxed: bool = False, cache_dir: Path | None = None
                     ) -> jinja2.Environment:
    """Build a text (not HTML) environment with strict undefined variables.

    ``sandboxed`` is for clause packs the project did not write; ``cache_dir``
    enables a bytecode cache that makes recompiling a known library cheap.
    """
    cls = SandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=_Sources(),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        cache_size=-1,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache_dir)) if cache_dir else None,
    )
    env.filters.update(FILTERS)
    env.globals.update(term=_term, ref=_ref, label=_label)
    return env


def add_source(env: jinja2.Environment, name: str, source: str) -> None:
    loader = env.loader
    assert isinstance(loader, _Sources)
    loader.sources[name] = source


def undeclared(env: jinja2.Environment, source: str) -> set[str]:
    """Variables a template reads that it does not set itself."""
    from jinja2 import meta

    return set(meta.find_undeclared_variables(env.parse(source))) - set(env.globals)


def helper_calls(env: jinja2.Environment, source: str, helper: str) -> list[tuple[str, int]]:
    """Constant first arguments of ``helper(...)`` calls, with their template line."""
    found = []
    for call in env.parse(source).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == helper and call.args:
            arg = call.args[0]
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                found.append((arg.value, call.lineno))
    return found


def split_inlines(rendered: str) -> tuple[Inline, ...]:
    """Turn rendered text with sentinels into spans (refs unresolved: text empty)."""
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


def strip_markup(rendered: str) -> str:
    """Plain text of rendered markup (terms print their text; refs and labels vanish)."""
    text = _INLINE.sub(lambda m: m.group(2) if m.group(3) is None else "", rendered)
    return _SENTINELS.sub("", LABEL_RE.sub("", text))
