"""YAML reading with the safe (C when available) loader, keeping line numbers.

Mappings load as ``LineDict``: a dict that also knows the 1-based line of
itself and of each key, so validation errors can name the line. Every file is
parsed when read: there is no parse cache, so a build always uses what the
files say (parsing the built-in library's 132 files costs about 44 ms of CPU on
the bench machine; see bench/RESULTS.md).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .problems import Problem


class LineDict(dict):
    """A dict that remembers where it and its keys were in the file."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@cache
def _loader() -> Any:
    """The safe loader class with line-keeping mappings (built on first use)."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):
        pass

    def construct_mapping(loader: Any, node: Any) -> LineDict:
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a mapping key must be text, found {type(key).__name__}",
                    key_node.start_mark,
                )
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def no_dates(loader: Any, node: Any) -> str:
        # Dates stay text: answers and drafts carry ISO strings, validated later.
        return str(loader.construct_scalar(node))

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", no_dates)
    return LineLoader


def load_yaml_text(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; on a syntax error return None and a problem with its line."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader()), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = exc.problem or str(exc)
        if exc.context:
            start = exc.context_mark
            where = f" that starts on line {start.line + 1}" if start is not None and \
                start.line + 1 != line else ""
            what = f"{what} ({exc.context}{where})"
        return None, [Problem(file, line, f"YAML syntax: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, f"YAML: {exc}")]


def load_yaml_file(path: Path) -> tuple[Any, list[Problem]]:
    """Read and parse a YAML file; problems (unreadable, not UTF-8, syntax) name it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(str(path), 0, f"not UTF-8 text ({exc.reason}); save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(str(path), 0, f"cannot read: {exc.strerror}")]
    return load_yaml_text(text, str(path))


def dump_yaml(data: Any) -> str:
    """Dump plain data (dicts, lists, scalars) as block-style YAML, keys in order."""
    import yaml

    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(
        _plain(data), Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
        width=100,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
