"""Renders kept between assemblies of one draft: what a template read, and what it printed.

Map: a ``RenderMemo`` belongs to one editing session (the app's interview screen
holds one; one-shot commands use none). ``assemble``, ``build_context``,
``selected_clauses`` and ``visible_questions`` take it as an optional argument and
ask it to render a library template or test a condition. The first time, it
renders as usual while noting the names the template looks up in its context
(``jinja_env.reading``, through Jinja2's ``Context.resolve_or_missing`` hook) and
keeps those names' values with the result. The next time, if every name it read
has an equal value of the same type, the result is reused without rendering.

Nothing else can change what a template prints: its source is fixed, its filters
and helpers are pure functions, and the sandbox gives it no other way to reach
the context; a branch not taken reads nothing it needs. Failures are never kept,
nor renders that read a value that is not plain data (whose equality could not be
trusted). The memo is its owner's: assembly stays a function of its arguments
(the library is not changed, nothing global is written). Override texts compile
here too, once per text, and are never written to disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .jinja_env import CompiledTemplate
    from .library import Library

T = TypeVar("T")
MISSING = object()  # a name the context does not hold (a global such as ``term``, or none)
MAX_OVERRIDES = 64  # override texts compiled and kept (the newest; typing makes many)
_SCALARS = (str, int, float, bool, type(None))


class _Unkeyable(Exception):
    """A value read by a template that is not plain data: that render is not kept."""


def frozen(value: Any) -> object:
    """``value`` as a comparable key that tells types apart (1, 1.0 and True differ).

    Lists, tuples and mappings are frozen item by item, in order (a template may
    iterate them); other values must be hashable (taken as immutable) or the
    render is not kept.
    """
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)
    if isinstance(value, (list, tuple)):
        return (kind, tuple(frozen(v) for v in value))
    if isinstance(value, Mapping):
        return (kind, tuple((k, frozen(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return (kind, tuple(frozen(v) for v in value))
    try:
        hash(value)
    except TypeError:
        raise _Unkeyable from None
    return (kind, value)


class RenderMemo:
    """The library's template and condition results for one session, reused while valid.

    Thread-safe: the app assembles on worker threads while its event loop tests
    question conditions; each entry is replaced whole, and a call works on the
    tables of its own library even if another call switches libraries meanwhile.
    ``hits`` and ``misses`` count reuses and renders (for tests and benchmarks).
    """

    def __init__(self) -> None:
        self._library: Library | None = None
        self._entries: dict[str, tuple[tuple[str, ...], tuple[object, ...], object]] = {}
        self._overrides: dict[tuple[str, str], CompiledTemplate] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _tables(self, library: Library) -> tuple[
            dict[str, tuple[tuple[str, ...], tuple[object, ...], object]],
            dict[tuple[str, str], CompiledTemplate]]:
        """The results and compiled overrides kept for ``library`` (another's are dropped)."""
        with self._lock:
            if self._library is not library:
                self._entries, self._overrides, self._library = {}, {}, library
            return self._entries, self._overrides

    def render(self, library: Library, name: str, context: dict[str, Any]) -> str:
        """``library.template(name).render(context)``, or its kept result."""
        return self._kept(library, f"t:{name}", context,
                          lambda: library.template(name).render(context))

    def test(self, library: Library, name: str, context: dict[str, Any]) -> bool:
        """``library.condition(name)(context)``, or its kept result."""
        return self._kept(library, f"c:{name}", context,
                          lambda: library.condition(name)(context))

    def render_override(self, library: Library, clause_id: str, text: str,
                        context: dict[str, Any]) -> str:
        """A draft's own text for a clause, compiled once per text, rendered or reused."""
        from .jinja_env import CompiledTemplate
        from .templating import TemplateSpec

        _, overrides = self._tables(library)
        key = (clause_id, text)
        template = overrides.get(key)
        if template is None:
            template = CompiledTemplate(TemplateSpec(
                text, f"override of clause {clause_id!r}", "draft", 0))
            with self._lock:
                if len(overrides) >= MAX_OVERRIDES:
                    overrides.pop(next(iter(overrides)))
                overrides[key] = template
        return self._kept(library, f"o:{clause_id}\x00{text}", context,
                          lambda: template.render(context))

    def _kept(self, library: Library, key: str, context: dict[str, Any],
              compute: Callable[[], T]) -> T:
        from .jinja_env import reading

        entries, _ = self._tables(library)
        entry = entries.get(key)
        if entry is not None:
            names, values, result = entry
            try:
                same = all(frozen(context.get(n, MISSING)) == v
                           for n, v in zip(names, values, strict=True))
            except _Unkeyable:
                same = False
            if same:
                self.hits += 1
                return result  # type: ignore[return-value]
        with reading() as reads:
            result = compute()
        self.misses += 1
        names = tuple(sorted(reads))
        try:
            values = tuple(frozen(context.get(n, MISSING)) for n in names)
        except _Unkeyable:
            return result
        entries[key] = (names, values, result)
        return result
