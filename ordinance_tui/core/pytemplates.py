"""Clause templates translated once into plain Python, so a build need not import Jinja2.

Jinja2 parses a template the first time it is seen; ``translate`` turns the
parse tree into the source of one Python function, which is compiled and kept,
by template text, in ``compiled-templates.marshal`` in the cache folder. Later
processes load the code objects and render without importing Jinja2, which
takes a third of a build's time on its own.

The translation covers what clause templates use: text and ``{{ }}`` output;
``if``/``elif``/``else``; ``set`` outside loops; ``for`` with name or tuple
targets, an ``if`` filter and ``loop.index``, ``index0``, ``revindex``,
``revindex0``, ``first``, ``last`` and ``length``; comparisons; ``and``, ``or``,
``not``; ``x if y else z``; ``~``, ``+`` and ``-``; literals, slices, ``[]``,
``.key`` on mappings; filters; and calls of ``term``, ``ref`` and ``label``.
A template using anything else is rendered by Jinja2.

What keeps it exact: translated code either returns the text Jinja2 would
return or raises, and the caller then renders the same template with Jinja2,
which gives the text or the error. Every case the translation does not model
(a missing name, an attribute that is not a plain key, None printed, any
exception at all) therefore ends in Jinja2. Names are scoped as Jinja2 scopes
them: the root frame's initial values come from Jinja2's own analysis.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from types import CodeType
from typing import Any

from .legalfmt import FILTERS
from .templating import HELPER_FUNCTIONS

CACHE_FILE = "compiled-templates.marshal"
# Bump when the generated code changes meaning; old cache files are then ignored.
TRANSLATOR_VERSION = 1

RenderFunction = Callable[[dict[str, Any]], str]


class Defer(Exception):
    """The translated code met a case it does not model; Jinja2 must render."""


class Unsupported(Exception):
    """The template uses a construct the translation does not cover."""


# -- runtime: what translated code calls (no Jinja2) --------------------------------------
_MISSING = object()
_GLOBALS: dict[str, Any] = dict(HELPER_FUNCTIONS)
_HELPERS = tuple(HELPER_FUNCTIONS.values())
_TITLE_SPLIT = re.compile(r"([-\s({\[<]+)")  # Jinja2's do_title word boundaries


def _title(value: Any) -> str:
    return "".join(item[0].upper() + item[1:].lower()
                   for item in _TITLE_SPLIT.split(str(value)) if item)


# Jinja2's built-in filters that templates use, then ours (which win, as in the environment).
_FILTERS: dict[str, Callable[..., Any]] = {
    "upper": lambda value: str(value).upper(),
    "lower": lambda value: str(value).lower(),
    "capitalize": lambda value: str(value).capitalize(),
    "title": _title,
    "length": len,
    "count": len,
    **FILTERS,
}


def _resolve(ctx: dict[str, Any], name: str) -> Any:
    """A name's value from the render context, then the helpers; missing if neither."""
    if name in ctx:
        return ctx[name]
    return _GLOBALS.get(name, _MISSING)


def _undefined(name: str = "") -> Any:
    raise Defer(name)


def _get(ctx: dict[str, Any], name: str) -> Any:
    value = _resolve(ctx, name)
    if value is _MISSING:
        raise Defer(name)
    return value


def _attr(obj: Any, name: str) -> Any:
    """``obj.name`` where Jinja2 would read a plain dict's key (no method of that name)."""
    if type(obj) is dict and name in obj and not hasattr(dict, name):
        return obj[name]
    raise Defer(name)


def _item(obj: Any, key: Any) -> Any:
    if type(obj) in (dict, list, tuple, str):
        with contextlib.suppress(TypeError, LookupError):
            return obj[key]
    raise Defer(repr(key))


def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
    if any(function is helper for helper in _HELPERS):
        return function(*args, **kwargs)
    raise Defer("call")


def _out(value: Any) -> str:
    """What ``{{ value }}`` prints (the environment's finalize rejects None)."""
    if value is None:
        raise Defer("None")
    return value if type(value) is str else str(value)


def _cat(*parts: Any) -> str:
    return "".join(map(str, parts))


class Loop:
    """The ``loop`` variable of a ``for`` over a list already filtered."""

    __slots__ = ("index0", "length")

    def __init__(self, index0: int, length: int) -> None:
        self.index0 = index0
        self.length = length

    @property
    def index(self) -> int:
        return self.index0 + 1

    @property
    def revindex(self) -> int:
        return self.length - self.index0

    @property
    def revindex0(self) -> int:
        return self.length - self.index0 - 1

    @property
    def first(self) -> bool:
        return self.index0 == 0

    @property
    def last(self) -> bool:
        return self.index0 == self.length - 1


LOOP_ATTRIBUTES = ("index", "index0", "revindex", "revindex0", "first", "last", "length")
_RUNTIME = {"_resolve": _resolve, "_undefined": _undefined, "_get": _get, "_attr": _attr,
            "_item": _item, "_call": _call, "_out": _out, "_cat": _cat, "_F": _FILTERS,
            "_M": _MISSING, "_Loop": Loop}


def function_from_code(code: CodeType) -> RenderFunction:
    namespace = dict(_RUNTIME)
    exec(code, namespace)  # noqa: S102 - our own translation, compiled from our own source
    return namespace["render"]


# -- translation (on a cache miss; needs Jinja2's parse tree) -----------------------------
_COMPARE = {"eq": "==", "ne": "!=", "gt": ">", "gteq": ">=", "lt": "<", "lteq": "<=",
            "in": "in", "notin": "not in"}
_BINARY = {"Add": "+", "Sub": "-"}
_UNARY = {"Not": "not ", "Neg": "-", "Pos": "+"}


class _Translator:
    def __init__(self, template: Any) -> None:
        from jinja2 import nodes
        from jinja2.idtracking import VAR_LOAD_RESOLVE, VAR_LOAD_UNDEFINED, symbols_for_node

        self.nodes = nodes
        self.lines: list[str] = ["def render(ctx):", " o = []", " w = o.append"]
        self.root: set[str] = set()
        symbols = symbols_for_node(template)
        for name, ident in sorted(symbols.refs.items()):
            action = symbols.loads.get(ident, (None, None))[0]
            if action == VAR_LOAD_RESOLVE:
                self.lines.append(f" v_{name} = _resolve(ctx, {name!r})")
            elif action == VAR_LOAD_UNDEFINED:
                self.lines.append(f" v_{name} = _M")
            else:
                raise Unsupported(f"root symbol {name!r} loaded as {action!r}")
            self.root.add(name)
        # Loop scopes, innermost last: (loop depth, names the loop binds).
        self.loops: list[tuple[int, set[str]]] = []
        self.body(template.body, 1)
        self.lines.append(" return ''.join(o)")

    def source(self) -> str:
        return "\n".join(self.lines) + "\n"

    # statements
    def body(self, statements: list[Any], indent: int) -> None:
        start = len(self.lines)
        for node in statements:
            self.statement(node, indent)
        if len(self.lines) == start:
            self.emit(indent, "pass")

    def emit(self, indent: int, line: str) -> None:
        self.lines.append(" " * indent + line)

    def statement(self, node: Any, indent: int) -> None:
        n = self.nodes
        if isinstance(node, n.Output):
            for child in node.nodes:
                if isinstance(child, n.TemplateData):
                    if child.data:
                        self.emit(indent, f"w({child.data!r})")
                else:
                    self.emit(indent, f"w(_out({self.expr(child)}))")
        elif isinstance(node, n.If):
            self.emit(indent, f"if {self.expr(node.test)}:")
            self.body(node.body, indent + 1)
            for branch in node.elif_:
                self.emit(indent, f"elif {self.expr(branch.test)}:")
                self.body(branch.body, indent + 1)
            if node.else_:
                self.emit(indent, "else:")
                self.body(node.else_, indent + 1)
        elif isinstance(node, n.Assign):
            if self.loops or not isinstance(node.target, n.Name):
                raise Unsupported("set inside a loop, or to several names")
            self.emit(indent, f"v_{node.target.name} = {self.expr(node.node)}")
        elif isinstance(node, n.For):
            self.loop(node, indent)
        else:
            raise Unsupported(type(node).__name__)

    def loop(self, node: Any, indent: int) -> None:
        n = self.nodes
        if node.else_ or node.recursive:
            raise Unsupported("for with else, or recursive")
        depth = len(self.loops) + 1
        names = self.target_names(node.target)
        iterable = self.expr(node.iter)  # evaluated in the enclosing scope
        uses_loop = any(isinstance(x, n.Name) and x.name == "loop"
                        for body in node.body for x in body.find_all(n.Name))
        self.loops.append((depth, names))
        target = self.target(node.target, depth)
        items = f"_s{depth}"
        if node.test is not None:
            if any(x.name == "loop" for x in node.test.find_all(n.Name)):
                raise Unsupported("loop in a for filter")
            self.emit(indent, f"{items} = []")
            self.emit(indent, f"for _x{depth} in {iterable}:")
            self.emit(indent + 1, f"{target} = _x{depth}")
            self.emit(indent + 1, f"if {self.expr(node.test)}:")
            self.emit(indent + 2, f"{items}.append(_x{depth})")
        else:
            self.emit(indent, f"{items} = list({iterable})")
        self.emit(indent, f"_n{depth} = len({items})")
        self.emit(indent, f"for _i{depth}, _x{depth} in enumerate({items}):")
        self.emit(indent + 1, f"{target} = _x{depth}")
        if uses_loop:
            self.emit(indent + 1, f"loop{depth} = _Loop(_i{depth}, _n{depth})")
        self.body(node.body, indent + 1)
        self.loops.pop()

    def target_names(self, target: Any) -> set[str]:
        n = self.nodes
        if isinstance(target, n.Name):
            if target.name == "loop":
                raise Unsupported("a loop variable named loop")
            return {target.name}
        if isinstance(target, n.Tuple):
            return set().union(*(self.target_names(item) for item in target.items))
        raise Unsupported("for target")

    def target(self, target: Any, depth: int) -> str:
        if isinstance(target, self.nodes.Name):
            return f"l{depth}_{target.name}"
        return "(" + "".join(self.target(item, depth) + ", " for item in target.items) + ")"

    # expressions
    def name(self, name: str) -> str:
        for depth, names in reversed(self.loops):
            if name in names:
                return f"l{depth}_{name}"
        if name in self.root:
            return f"(_undefined({name!r}) if v_{name} is _M else v_{name})"
        return f"_get(ctx, {name!r})"

    def expr(self, node: Any) -> str:  # noqa: C901 - one branch per node type
        n = self.nodes
        kind = type(node).__name__
        if isinstance(node, n.Const):
            if not isinstance(node.value, (str, int, float, bool, type(None))):
                raise Unsupported("constant of type " + type(node.value).__name__)
            return repr(node.value)
        if isinstance(node, n.Name):
            if node.name == "loop" and self.loops:
                raise Unsupported("loop used other than as loop.attribute")
            return self.name(node.name)
        if isinstance(node, n.Getattr):
            base = node.node
            if isinstance(base, n.Name) and base.name == "loop" and self.loops:
                if node.attr not in LOOP_ATTRIBUTES:
                    raise Unsupported(f"loop.{node.attr}")
                return f"loop{self.loops[-1][0]}.{node.attr}"
            return f"_attr({self.expr(base)}, {node.attr!r})"
        if isinstance(node, n.Getitem):
            if isinstance(node.arg, n.Slice):
                part = node.arg
                text = (self.expr(part.start) if part.start else "") + ":" + \
                       (self.expr(part.stop) if part.stop else "")
                if part.step is not None:
                    text += ":" + self.expr(part.step)
                return f"({self.expr(node.node)})[{text}]"
            return f"_item({self.expr(node.node)}, {self.expr(node.arg)})"
        if isinstance(node, n.Call):
            if node.dyn_args or node.dyn_kwargs or not isinstance(node.node, n.Name):
                raise Unsupported("call other than helper(arguments)")
            args = [self.expr(a) for a in node.args]
            args += [f"{k.key}={self.expr(k.value)}" for k in node.kwargs]
            return f"_call({', '.join([self.expr(node.node), *args])})"
        if isinstance(node, n.Filter):
            if node.node is None or node.dyn_args or node.dyn_kwargs:
                raise Unsupported("filter block or dynamic filter arguments")
            if node.name not in _FILTERS:
                raise Unsupported(f"filter {node.name!r}")
            args = [self.expr(node.node), *(self.expr(a) for a in node.args)]
            args += [f"{k.key}={self.expr(k.value)}" for k in node.kwargs]
            return f"_F[{node.name!r}]({', '.join(args)})"
        if isinstance(node, n.Compare):
            text = self.expr(node.expr)
            for operand in node.ops:
                text += f" {_COMPARE[operand.op]} {self.expr(operand.expr)}"
            return f"({text})"
        if isinstance(node, n.And):
            return f"({self.expr(node.left)} and {self.expr(node.right)})"
        if isinstance(node, n.Or):
            return f"({self.expr(node.left)} or {self.expr(node.right)})"
        if kind in _UNARY and isinstance(node, n.UnaryExpr):
            return f"({_UNARY[kind]}{self.expr(node.node)})"
        if kind in _BINARY and isinstance(node, n.BinExpr):
            return f"({self.expr(node.left)} {_BINARY[kind]} {self.expr(node.right)})"
        if isinstance(node, n.CondExpr):
            other = self.expr(node.expr2) if node.expr2 is not None else "_undefined()"
            return f"({self.expr(node.expr1)} if {self.expr(node.test)} else {other})"
        if isinstance(node, n.Concat):
            return f"_cat({', '.join(self.expr(x) for x in node.nodes)})"
        if isinstance(node, n.List):
            return "[" + ", ".join(self.expr(x) for x in node.items) + "]"
        if isinstance(node, n.Tuple):
            return "(" + "".join(self.expr(x) + ", " for x in node.items) + ")"
        raise Unsupported(kind)


def translate(template: Any) -> str:
    """Python source of ``render(ctx)`` for a Jinja2 parse tree; ``Unsupported`` if it cannot."""
    return _Translator(template).source()


# -- the cache ------------------------------------------------------------------------------
@cache
def _stamp() -> tuple[Any, ...]:
    """What the cached code depends on besides the template text."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("jinja2")
    origin = spec.origin if spec is not None and spec.origin else ""
    with contextlib.suppress(OSError):
        origin += f":{os.stat(origin).st_mtime_ns}"
    return (TRANSLATOR_VERSION, sys.version, origin)


class CompiledTemplates:
    """Translated templates by template text (None: left to Jinja2), with a cache file."""

    def __init__(self, folder: Path | None) -> None:
        self.file = folder / CACHE_FILE if folder is not None else None
        self.code: dict[str, CodeType | None] | None = None

    def _load(self) -> dict[str, CodeType | None]:
        if self.code is None:
            self.code = {}
            if self.file is not None:
                with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
                    stored = marshal.loads(self.file.read_bytes())
                    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _stamp():
                        self.code = stored[1]
        return self.code

    def get(self, source: str, sources: Callable[[], Iterable[str]],
            parse: Callable[[str], Any]) -> RenderFunction | None:
        """The render function for ``source``, translating on a miss.

        With a cache file, a miss translates every text ``sources()`` gives that is
        not known yet (one parse each) and rewrites the file once, keeping only
        those texts; without one, only ``source`` is translated. A text Jinja2
        cannot parse is left to Jinja2, which reports the error.
        """
        code = self._load()
        if source not in code and self.file is None:
            code[source] = _compile(source, parse)
        elif source not in code:
            wanted = set(sources()) | {source}
            for text in wanted - code.keys():
                code[text] = _compile(text, parse)
            self.code = code = {text: code[text] for text in wanted}
            self._save()
        found = code[source]
        return function_from_code(found) if found is not None else None

    def _save(self) -> None:
        if self.file is None:
            return
        from .fileio import atomic_write

        with contextlib.suppress(OSError, ValueError):
            atomic_write(self.file, marshal.dumps((_stamp(), self.code)))


def _compile(text: str, parse: Callable[[str], Any]) -> CodeType | None:
    from jinja2 import TemplateSyntaxError

    try:
        return compile(translate(parse(text)), "<clause template>", "exec")
    except (Unsupported, TemplateSyntaxError, RecursionError, SyntaxError, ValueError):
        return None
