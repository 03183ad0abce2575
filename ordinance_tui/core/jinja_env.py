"""The Jinja2 side of templates: the environment, parse-tree queries, and rendering.

Only what needs Jinja2 lives here, and it is imported on demand: a build whose
templates are all in the translation cache (``pytemplates``) never loads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from .legalfmt import FILTERS
from .templating import HELPER_FUNCTIONS, TemplateFailure


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError("a template printed a value that is empty (None)")
    return value


class _Sources(jinja2.BaseLoader):
    """Templates by name (a clause id plus field), so errors name the clause."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            source = self.sources[template]
        except KeyError:
            raise jinja2.TemplateNotFound(template) from None
        return source, template, lambda: self.sources.get(template) == source


def make_environment(sources: dict[str, str] | None = None, *, sandboxed: bool = False,
                     cache_dir: Path | None = None) -> jinja2.Environment:
    """Build a text (not HTML) environment with strict undefined variables.

    ``sources`` maps template names to their text (the loader reads it live);
    ``sandboxed`` is for clause packs the project did not write; ``cache_dir``
    enables a bytecode cache that makes recompiling a known library cheap. The
    translation in ``pytemplates`` assumes exactly these settings.
    """
    cls = SandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=_Sources(sources if sources is not None else {}),
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
    env.globals.update(HELPER_FUNCTIONS)
    return env


class JinjaTemplate:
    """A registered template rendered by Jinja2; every failure is a ``TemplateFailure``."""

    def __init__(self, env: jinja2.Environment, name: str) -> None:
        self.env = env
        self.name = name

    def render(self, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(self.name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateFailure(f"template syntax: {exc.message}", exc.lineno or 0,
                                  syntax=True) from exc
        except jinja2.UndefinedError as exc:
            raise TemplateFailure(
                f"{exc.message} (no question or context value by that name)") from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateFailure(f"no template named {exc.name!r}") from exc
        except (jinja2.TemplateError, ValueError, TypeError) as exc:
            raise TemplateFailure(str(exc)) from exc


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
