"""YAML reading with the safe (C when available) loader, keeping line numbers.

Mappings load as ``LineDict``: a dict that also knows the 1-based line of
itself and of each key, so validation errors can name the line.

``cached_parsing(folder)`` keeps what was parsed, keyed by each file's path,
size and modification time, in one ``marshal`` file (plain data only: marshal
builds no objects but builtin ones). A library whose files have not changed
then loads without importing or running the YAML parser at all.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from .problems import Problem

_CACHE_VERSION = 1
_LINE_DICT = "\x00LineDict"


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

    class LineLoader(base):  # type: ignore[misc, valid-type]
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
    cache = _ACTIVE[-1] if _ACTIVE else None
    if cache is not None:
        hit = cache.get(path)
        if hit is not None:
            return hit, []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(str(path), 0, f"not UTF-8 text ({exc.reason}); save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(str(path), 0, f"cannot read: {exc.strerror}")]
    data, problems = load_yaml_text(text, str(path))
    if cache is not None and not problems:
        cache.put(path, data)
    return data, problems


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


class _ParseCache:
    """Parsed files by path, valid while the file's size and mtime are unchanged."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.entries: dict[str, tuple[int, int, Any]] = {}
        self.dirty = False
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            stored = marshal.loads(file.read_bytes())
            if isinstance(stored, tuple) and stored[0] == _CACHE_VERSION:
                self.entries = stored[1]

    def get(self, path: Path) -> Any:
        entry = self.entries.get(str(path))
        if entry is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        if (stat.st_mtime_ns, stat.st_size) != entry[:2]:
            return None
        return _decode(entry[2])

    def put(self, path: Path, data: Any) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        self.entries[str(path)] = (stat.st_mtime_ns, stat.st_size, _encode(data))
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from .fileio import atomic_write

        with contextlib.suppress(OSError, ValueError):
            atomic_write(self.file, marshal.dumps((_CACHE_VERSION, self.entries)))


_ACTIVE: list[_ParseCache] = []


@contextlib.contextmanager
def cached_parsing(folder: Path | None) -> Iterator[None]:
    """Within the block, YAML files are parsed once and then read from ``folder``."""
    if folder is None or os.environ.get("ORDINANCE_NO_PARSE_CACHE"):
        yield
        return
    cache = _ParseCache(folder / "parsed-yaml.marshal")
    _ACTIVE.append(cache)
    try:
        yield
    finally:
        _ACTIVE.pop()
        cache.save()


def _encode(value: Any) -> Any:
    if isinstance(value, LineDict):
        return (_LINE_DICT, value.line, value.key_lines,
                {k: _encode(v) for k, v in value.items()})
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    kind = type(value)  # exact types: marshal gives back only these
    if kind is tuple and value and value[0] == _LINE_DICT:
        result = LineDict({k: _decode(v) for k, v in value[3].items()})
        result.line = value[1]
        result.key_lines = value[2]
        return result
    if kind is list:
        return [_decode(v) for v in value]
    if kind is dict:
        return {k: _decode(v) for k, v in value.items()}
    return value
