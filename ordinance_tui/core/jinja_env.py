"""Jinja2 for clause templates: one sandboxed environment, compiled templates, their errors.

Map: ``environment()`` is the one environment every template and condition runs
in (Jinja2's ``SandboxedEnvironment``, strict undefined, text not HTML, a
``finalize`` that refuses None, operators capped so a template cannot build
huge strings or numbers). ``compile_template`` and ``compile_condition`` turn
a ``TemplateSpec`` (source plus the clause, file and line it came from) into
objects whose failures are ``TemplateFailure``s naming that file and line.
``sandbox_refusals`` finds, without rendering, what the sandbox would refuse;
``undeclared`` and ``helper_calls`` are parse-tree queries for the checks.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import string
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from types import TracebackType
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta, nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser
from jinja2.runtime import Context
from jinja2.sandbox import (
    UNSAFE_ASYNC_GENERATOR_ATTRIBUTES,
    UNSAFE_COROUTINE_ATTRIBUTES,
    UNSAFE_GENERATOR_ATTRIBUTES,
    SandboxedEnvironment,
    safe_range,
)

from .legalfmt import FILTERS
from .limits import RENDER_SECONDS, BudgetExceeded, render_limited, time_budget
from .templating import HELPER_FUNCTIONS, TemplateFailure, TemplateSpec

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

MAX_SIZE = 1_000_000  # characters or items a single `*` or `+` may produce
MAX_INT_BITS = 4096  # about 1,233 digits: more than any law needs
_UNSAFE_NAMES = (UNSAFE_GENERATOR_ATTRIBUTES | UNSAFE_COROUTINE_ATTRIBUTES
                 | UNSAFE_ASYNC_GENERATOR_ATTRIBUTES | {"mro", "format_map"})
_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
SANDBOX = "the sandbox refused it: "


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError("a template printed a value that is empty (None)")
    return value


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


_READS: ContextVar[set[str] | None] = ContextVar("template_reads", default=None)


class ReadingContext(Context):
    """Jinja2's template context, noting each name a template looks up inside ``reading()``.

    ``resolve_or_missing`` is the hook Jinja2 documents for custom lookups; every
    name a compiled template or expression reads from its context goes through it.
    """

    def resolve_or_missing(self, key: str) -> Any:
        reads = _READS.get()
        if reads is not None:
            reads.add(key)
        return super().resolve_or_missing(key)


@contextlib.contextmanager
def reading() -> Iterator[set[str]]:
    """The names the templates rendered in this block (in this thread) read from their context."""
    reads: set[str] = set()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


class ClauseSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with ``*``, ``**`` and ``+`` capped at sizes a law never needs.

    The stock sandbox refuses private attributes and ranges over 100,000 items;
    this one also refuses ``'a' * 10**10``, ``10**5000`` and padding a string to
    a huge width, which would otherwise run out of memory or time.
    """

    intercepted_binops = frozenset({"*", "**", "+"})
    context_class = ReadingContext

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _is_int(left) and _is_int(right) and right > 0 \
                and abs(left) > 1 and right * math.log2(abs(left)) > MAX_INT_BITS:
            raise SecurityError(f"{left} ** {right} is a number too large to print")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and _is_int(count) and size * count > MAX_SIZE:
                    raise SecurityError(f"repeating a {type(seq).__name__} {count} times "
                                        f"makes more than {MAX_SIZE:,} items")
            if _is_int(left) and _is_int(right) and \
                    left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("a product too large to print")
        if operator == "+":
            a, b = _size(left), _size(right)
            if a is not None and b is not None and a + b > MAX_SIZE:
                raise SecurityError(f"joining makes more than {MAX_SIZE:,} items")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if getattr(__obj, "__name__", "") in _PADDING and isinstance(
                getattr(__obj, "__self__", None), str) and any(
                _is_int(a) and a > MAX_SIZE for a in (*args, *kwargs.values())):
            raise SecurityError(f"padding a string to more than {MAX_SIZE:,} characters")
        return super().call(__context, __obj, *args, **kwargs)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _strict(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that fails on an undefined argument the way ``StrictUndefined`` does."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, jinja2.Undefined):
                value._fail_with_undefined_error()  # documented Undefined API
        return function(*args, **kwargs)

    return call


def _center(value: str, width: int = 80) -> str:
    if _is_int(width) and width > MAX_SIZE:
        raise SecurityError(f"padding a string to more than {MAX_SIZE:,} characters")
    return str(value).center(width)


@functools.cache
def environment() -> ClauseSandbox:
    """The one environment for every clause template and condition, built on first use.

    Text, not HTML (no escaping); an undefined name is an error, not a blank;
    None is refused when printed; block tags do not leave blank lines. There is
    no loader: templates cannot include, import or extend other files.
    """
    env = ClauseSandbox(
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update({name: _strict(f) for name, f in FILTERS.items()})
    env.filters["center"] = _center
    env.globals.pop("lipsum", None)  # generates text of any size; no clause needs it
    env.globals.update(HELPER_FUNCTIONS)
    return env


def _failure(spec: TemplateSpec, exc: Exception, tb: TracebackType | None) -> TemplateFailure:
    lineno = getattr(exc, "lineno", None) or _template_line(tb, _filename(spec))
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = f"template syntax: {exc.message}"
    elif isinstance(exc, (SecurityError, OverflowError)):
        message = SANDBOX + str(exc)
    elif isinstance(exc, BudgetExceeded):
        message = str(exc)
    elif isinstance(exc, RecursionError):
        message = "the template nests too deeply (a recursive macro or expression)"
    elif isinstance(exc, MemoryError):
        message = "the template needs more memory than this computer has"
    elif isinstance(exc, jinja2.UndefinedError):
        message = str(exc.message)
    elif isinstance(exc, (jinja2.TemplateError, ValueError, TypeError)) and str(exc):
        message = str(exc)
        if "no loader" in message:
            message = SANDBOX + "a clause template cannot include, import or extend others"
    else:
        message = f"{type(exc).__name__}: {exc}"
    return TemplateFailure(message, spec.file_line(lineno), spec.file, spec.what,
                           syntax=isinstance(exc, jinja2.TemplateSyntaxError))


def _filename(spec: TemplateSpec) -> str:
    return f"<{spec.what}>"


def _template_line(tb: TracebackType | None, filename: str) -> int:
    """The template line of the innermost frame of that template (Jinja2 rewrites them)."""
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def cache_file(spec: TemplateSpec) -> str:
    """The file a bytecode-cache bucket is named by: the resolved path and the line."""
    return f"{os.path.abspath(spec.file)}:{spec.line}"


class CompiledTemplate:
    """A template compiled once; ``render`` returns text or raises ``TemplateFailure``."""

    __slots__ = ("spec", "template")

    def __init__(self, spec: TemplateSpec, cache: BytecodeCache | None = None) -> None:
        """Compile ``spec``, or load its code from ``cache`` (the library's templates only).

        The code is looked up as Jinja2's loaders do: a bucket named by the clause and
        file, checksummed by the source. Only a template that passed the refusals
        below is ever stored, and the cache's key covers this module's rules.
        """
        self.spec = spec
        env = environment()
        bucket = code = None
        if cache is not None:
            bucket = cache.get_bucket(env, spec.what, cache_file(spec), spec.source)
            code = bucket.code
        if code is None:
            try:
                tree = env.parse(spec.source, name=spec.what, filename=_filename(spec))
                refused = list(sandbox_refusals(tree))
                if refused:
                    # The first line's innermost refusal: ''.__class__ rather than .__mro__.
                    lineno = min(line for _, line in refused)
                    message = [m for m, line in refused if line == lineno][-1]
                    raise TemplateFailure(message, spec.file_line(lineno), spec.file, spec.what)
                code = env.compile(tree, name=spec.what, filename=_filename(spec))
            except (jinja2.TemplateSyntaxError, RecursionError) as exc:
                raise _failure(spec, exc, exc.__traceback__) from exc
            if cache is not None and bucket is not None:
                bucket.code = code
                cache.set_bucket(bucket)
        self.template = env.template_class.from_code(env, code, env.make_globals(None))

    def render(self, context: dict[str, Any]) -> str:
        """The text, within the render budget (``limits``): a runaway loop or text is stopped."""
        try:
            return render_limited(self.template, context, "rendering")
        except Exception as exc:  # noqa: BLE001 - every failure is the template's, located
            raise _failure(self.spec, exc, exc.__traceback__) from exc


class CompiledCondition:
    """A ``when:`` expression compiled as ``compile_expression`` does; calling it tests it."""

    __slots__ = ("spec", "expression")

    def __init__(self, spec: TemplateSpec, cache: BytecodeCache | None = None) -> None:
        """Compile the expression, or load its code from ``cache`` (the library's only)."""
        self.spec = spec
        env = environment()
        bucket = code = None
        if cache is not None:
            bucket = cache.get_bucket(env, f"condition {spec.what}", cache_file(spec),
                                      spec.source)
            code = bucket.code
        if code is None:
            # ``compile_expression`` has no bytecode-cache hook, so this is its body
            # (jinja2/environment.py) with the code kept: the expression parsed in
            # "variable" state, wrapped as ``result = <expr>`` in a template, compiled.
            parser = Parser(env, spec.source, state="variable")
            try:
                expr = parser.parse_expression()
                if not parser.stream.eos:
                    raise jinja2.TemplateSyntaxError(
                        "chunk after expression", parser.stream.current.lineno, None, None)
                expr.set_environment(env)
                body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
                code = env.compile(nodes.Template(body, lineno=1))
            except (jinja2.TemplateSyntaxError, RecursionError) as exc:
                raise _failure(spec, exc, exc.__traceback__) from exc
            if cache is not None and bucket is not None:
                bucket.code = code
                cache.set_bucket(bucket)
        template = env.template_class.from_code(env, code, env.make_globals(None))
        self.expression = TemplateExpression(template, undefined_to_none=False)

    def __call__(self, context: dict[str, Any]) -> bool:
        try:
            with time_budget(RENDER_SECONDS, "testing the condition"):
                return bool(self.expression(context))
        except Exception as exc:  # noqa: BLE001 - every failure is the condition's, located
            raise _failure(self.spec, exc, exc.__traceback__) from exc


def undeclared(source: str) -> set[str]:
    """Variables a template reads that it does not set itself."""
    env = environment()
    return set(meta.find_undeclared_variables(env.parse(source))) - set(env.globals)


def name_line(source: str, name: str) -> int:
    """The template line where ``name`` is first read (0 if it is not)."""
    lines = [n.lineno for n in environment().parse(source).find_all(nodes.Name)
             if n.name == name and n.ctx == "load"]
    return min(lines, default=0)


def helper_calls(source: str, helper: str) -> list[tuple[str, int]]:
    """Constant first arguments of ``helper(...)`` calls, with their template line."""
    found = []
    for call in environment().parse(source).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == helper and call.args:
            arg = call.args[0]
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                found.append((arg.value, call.lineno))
    return found


class _NotConstant(Exception):
    pass


def _constant(env: ClauseSandbox, node: nodes.Node) -> Any:
    """The value of a constant arithmetic expression, computed with the sandbox's caps."""
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.BinExpr):
        return env.call_binop(None, node.operator, _constant(env, node.left),
                              _constant(env, node.right))
    if isinstance(node, nodes.Neg):
        return -_constant(env, node.node)
    raise _NotConstant


def _constant_range(env: ClauseSandbox, call: nodes.Call) -> Any:
    return safe_range(*(_constant(env, arg) for arg in call.args))


def sandbox_refusals(source: str | nodes.Template) -> Iterator[tuple[str, int]]:
    """What the sandbox refuses in a template, found in its parse tree, with lines.

    Private attributes (``''.__class__``, ``map(attribute='__class__')``),
    including or importing templates, and constant operations over the
    sandbox's limits (``'a' * 10**10``, ``range(10**9)``, ``10**5000``). A
    template with any of these is refused when compiled; what depends on
    answers is refused by the sandbox when it runs.
    """
    env = environment()
    tree = env.parse(source) if isinstance(source, str) else source
    seen: set[tuple[str, int]] = set()
    for node in tree.find_all(nodes.Node):
        found = None
        if isinstance(node, nodes.Getattr) and (node.attr.startswith("_")
                                                or node.attr in _UNSAFE_NAMES):
            found = f"attribute {node.attr!r} is private"
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            found = f"item {node.arg.value!r} is private"
        elif isinstance(node, nodes.Filter) and any(
                isinstance(arg, nodes.Const) and isinstance(arg.value, str)
                and arg.value.startswith("_")
                for arg in (*node.args, *(k.value for k in node.kwargs))):
            found = f"filter {node.name!r} reads a private attribute"
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) \
                and node.node.attr in ("format", "format_map") \
                and isinstance(node.node.node, nodes.Const) \
                and _private_field(node.node.node.value):
            found = "a format field reads a private attribute"
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            found = "a clause template cannot include, import or extend others"
        elif isinstance(node, nodes.BinExpr):
            found = _refused(functools.partial(_constant, env, node))
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) \
                and node.node.name == "range" and not node.kwargs:
            found = _refused(functools.partial(_constant_range, env, node))
        if found and (found, node.lineno) not in seen:
            seen.add((found, node.lineno))
            yield SANDBOX + found, node.lineno


def _private_field(text: Any) -> bool:
    """Whether a ``str.format`` pattern reads a private attribute (``{0.__class__}``)."""
    if not isinstance(text, str):
        return False
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f]
    except ValueError:
        return False
    return any(re.search(r"[.\[]_", f) for f in fields)


def _refused(compute: Callable[[], Any]) -> str | None:
    try:
        compute()
    except (SecurityError, OverflowError) as exc:
        return str(exc)
    except Exception:  # noqa: BLE001 - not constant, or an error the render reports
        return None
    return None
