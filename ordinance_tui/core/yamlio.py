"""YAML reading with the safe (C when available) loader, keeping line numbers.

Mappings load as ``LineDict``: a dict that also knows the 1-based line of
itself and of each key, so validation errors can name the line, and the text a
number was written as (``2.10``, which YAML reads as the number 2.1). Aliases
are counted on the composed node tree before anything is built, so a few
hundred bytes that stand for millions of items are refused with their line
(``limits.expanded_size``); an integer too long for Python to read (over 4,300
digits) is a problem with its line too. ``patch_yaml`` writes changes back
into a file's own text, so what a save did not change stays as it was. Every file
is parsed when read here; the library's loader keeps its layers' parsed files as
data in the user's cache (``parsecache``: by resolved path and content hash, so a
build still uses what the files say), because parsing the built-in library's
files was most of loading it (about 90 ms of CPU; bench/RESULTS.md).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .problems import Problem

_FLOAT_TAG = "tag:yaml.org,2002:float"
_AT_LINE = re.compile(r"^line (\d+): (.*)$", re.S)


class LineDict(dict):
    """A dict that remembers where it and its keys were in the file."""

    line: int = 0
    key_lines: dict[str, int]
    float_texts: dict[str, str] | None = None  # key: the text of a number YAML read as float

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def written_as(self, key: str) -> str | None:
        """The text ``key``'s value was written as, when YAML read it as a float."""
        return self.float_texts.get(key) if self.float_texts else None


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
            if value_node.tag == _FLOAT_TAG and isinstance(value_node, yaml.ScalarNode):
                if result.float_texts is None:
                    result.float_texts = {}
                result.float_texts[key] = value_node.value
        return result

    def construct_int(loader: Any, node: Any) -> int:
        try:
            return int(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))
        except ValueError:
            # Python refuses to read integers this long (int_max_str_digits).
            raise yaml.constructor.ConstructorError(
                None, None, f"a number with more than {sys.get_int_max_str_digits()} digits; "
                "write a smaller number", node.start_mark) from None

    def no_dates(loader: Any, node: Any) -> str:
        # Dates stay text: answers and drafts carry ISO strings, validated later.
        return str(loader.construct_scalar(node))

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", no_dates)
    LineLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    return LineLoader


def _load(text: str) -> Any:
    """Compose the one document, refuse what its aliases expand to, then build it."""
    from .limits import expanded_size

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text and "*" in text:  # without an anchor there is no alias to expand
            expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml_text(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; on an error return None and a problem with its line.

    Syntax errors, values the loader refuses (a duplicate key, a number too long)
    and aliases that expand beyond ``limits.YAML_ITEMS`` items are all problems.
    """
    import yaml

    from .limits import BudgetExceeded

    try:
        return _load(text), []
    except BudgetExceeded as exc:
        found = _AT_LINE.match(str(exc))
        line, what = (int(found[1]), found[2]) if found else (1, str(exc))
        return None, [Problem(file, line, f"YAML: {what}")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = exc.problem or str(exc)
        if exc.context:
            start = exc.context_mark
            where = f" that starts on line {start.line + 1}" if start is not None and \
                start.line + 1 != line else ""
            what = f"{what} ({exc.context}{where})"
        kind = "YAML" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax"
        return None, [Problem(file, line, f"{kind}: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, f"YAML: {exc}")]


def read_yaml_text(path: Path) -> tuple[str | None, list[Problem]]:
    """A YAML file's text; None and a problem naming it when unreadable or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(str(path), 0, f"not UTF-8 text ({exc.reason}); save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(str(path), 0, f"cannot read: {exc.strerror}")]


def load_yaml_file(path: Path) -> tuple[Any, list[Problem]]:
    """Read and parse a YAML file; problems (unreadable, not UTF-8, syntax) name it."""
    text, problems = read_yaml_text(path)
    if text is None:
        return None, problems
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


# -- writing changes back into a file's own text -------------------------------------------

class _CannotPatch(Exception):
    """This part of the text cannot be changed in place; the caller rewrites a larger part."""


def same(a: Any, b: Any) -> bool:
    """Equal and of the same kinds all the way down (``1``, ``1.0`` and ``True`` differ)."""
    if type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)) \
            and not (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def merged(raw: Any, old: Any, new: Any) -> Any:
    """``raw`` (what a file said) with the changes from ``old`` to ``new`` applied.

    Keys that did not change keep ``raw``'s value, unknown keys included; a list
    that changed is ``new``'s.
    """
    if isinstance(raw, dict) and isinstance(new, dict) and (old is _MISSING or old is None):
        old = {}  # the program read nothing here (all defaults): what the file has stays
    if not (isinstance(raw, dict) and isinstance(old, dict) and isinstance(new, dict)):
        return raw if same(old, new) and raw is not None else new
    result = dict(raw)
    for key in [*old, *(k for k in new if k not in old)]:
        if same(old.get(key, _MISSING), new.get(key, _MISSING)):
            continue
        if key in new:
            result[key] = merged(raw.get(key), old.get(key), new[key])
        elif isinstance(raw.get(key), dict) and isinstance(old.get(key), dict):
            result[key] = merged(raw[key], old[key], {})  # its unknown keys stay
        else:
            result.pop(key, None)
    return result


_MISSING = object()


def patch_yaml(text: str, raw: Any, old: Any, new: Any,
               dump: Callable[[Any], str]) -> str | None:
    """``text`` with the changes from ``old`` to ``new`` written into it; None if it cannot.

    ``raw`` is what ``text`` parsed to, ``old`` what the program read from it and ``new``
    what it would write now. Where ``old`` and ``new`` agree the text is left as it is
    (its comments, quoting, flow lists, unknown keys and values the program could not
    use), and each key that changed has its entry rewritten with ``dump``. A block
    mapping or list changes key by key (a list item by item when items were only added
    or taken out); a flow collection, or a part that cannot change in place, is
    rewritten whole, as ``merged(raw, old, new)``, so what it held that the program does
    not know stays. None when the top of the file is not a block mapping.
    """
    import yaml

    try:
        # libyaml's marks count characters, as Python's do (a test checks it).
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value \
            or not isinstance(old, dict) or not isinstance(new, dict):
        return None
    nl = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    try:
        _Patcher(text, nl, dump, edits).mapping(root, raw, old, new)
    except _CannotPatch:
        return None
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


class _Patcher:
    """Collects (start, end, replacement) edits of ``text``; see :func:`patch_yaml`."""

    def __init__(self, text: str, nl: str, dump: Callable[[Any], str],
                 edits: list[tuple[int, int, str]]) -> None:
        self.text, self.nl, self.dump, self.edits = text, nl, dump, edits

    # -- positions ---------------------------------------------------------------
    def end(self, node: Any) -> int:
        """Where ``node``'s text ends (its last item's, for a block collection)."""
        import yaml

        if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
            last = node.value[-1]
            return self.end(last[1] if isinstance(node, yaml.MappingNode) else last)
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def line_start(self, index: int) -> int:
        start = self.text.rfind("\n", 0, index) + 1
        if self.text[start:index].strip(" "):
            raise _CannotPatch  # something else (a "- ") is before it on its line
        return start

    def line_end(self, index: int) -> int:
        """The end of ``index``'s line (before its line break) if only a comment follows."""
        found = self.text.find("\n", index)
        end = len(self.text) if found < 0 else found
        if end > index and self.text[end - 1] == "\r":
            end -= 1
        rest = self.text[index:end].strip(" \t")
        if rest and not rest.startswith("#"):
            raise _CannotPatch
        return end

    def after_line(self, end: int) -> int:
        """Just past the line break at ``end`` (a line's end from :meth:`line_end`)."""
        if self.text.startswith("\r\n", end):
            return end + 2
        return end + 1 if self.text.startswith("\n", end) else end

    def block(self, data: Any, column: int) -> str:
        """``data`` dumped, every line after the first indented to ``column``."""
        lines = self.dump(data).rstrip("\n").split("\n")
        return (self.nl + " " * column).join(lines)

    # -- changes -------------------------------------------------------------------
    def mapping(self, node: Any, raw: Any, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Change the block mapping ``node`` from ``old`` to ``new`` key by key."""
        import yaml

        if node.flow_style or not node.value:
            raise _CannotPatch
        entries: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                raise _CannotPatch  # a merge key (<<) or a complex key: rewrite it whole
            entries[str(key_node.value)] = (key_node, value_node)
        column = node.value[0][0].start_mark.column
        changed = [k for k in [*old, *(k for k in new if k not in old)]
                   if not same(old.get(k, _MISSING), new.get(k, _MISSING))]
        if changed and all(k in entries and k not in new for k in entries):
            raise _CannotPatch  # every key goes: the mapping itself changes
        added: list[str] = []
        for key in changed:
            if key not in entries:
                if key in new:
                    added.append(key)
                continue
            key_node, value_node = entries[key]
            inner = raw.get(key) if isinstance(raw, dict) else None
            target = new.get(key, _MISSING)
            if target is _MISSING and isinstance(inner, dict) and isinstance(old.get(key), dict):
                target = {}  # the program has nothing left here; the keys it does not know stay
            if target is _MISSING:
                start = self.line_start(key_node.start_mark.index)
                end = self.after_line(self.line_end(self.end(value_node)))
                self.edits.append((start, end, ""))
                continue
            done = len(self.edits)
            try:
                self.value(value_node, inner, old.get(key, _MISSING), target)
            except _CannotPatch:
                del self.edits[done:]  # what the inner part managed is replaced whole
                value = merged(inner, old.get(key, _MISSING), target)
                self.edits.append((key_node.start_mark.index, self.end(value_node),
                                   self.block({key: value}, column)))
        if added:
            last = next(v for k, (_, v) in reversed(entries.items())
                        if k in new or k not in changed)
            at = self.line_end(self.end(last))
            text = "".join(self.nl + " " * column + self.block({k: new[k]}, column)
                           for k in added)
            self.edits.append((at, at, text))

    def value(self, node: Any, raw: Any, old: Any, new: Any) -> None:
        """Change a mapping or list value in place; _CannotPatch for anything else."""
        import yaml

        if (old is _MISSING or old is None) and isinstance(new, dict):
            old = {}  # the program read nothing here (all defaults): what the file has stays
        if isinstance(old, dict) and isinstance(new, dict) and isinstance(node, yaml.MappingNode):
            self.mapping(node, raw, old, new)
        elif isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)) \
                and isinstance(node, yaml.SequenceNode):
            self.sequence(node, raw, list(old), list(new))
        else:
            raise _CannotPatch

    def sequence(self, node: Any, raw: Any, old: list[Any], new: list[Any]) -> None:
        """Change a block list whose items were only added or taken out."""
        import difflib

        if node.flow_style or not node.value:
            raise _CannotPatch
        keys = [repr(v) for v in new]
        if len(node.value) != len(old):
            # The file has items the program skipped (a broken entry): only appending is safe.
            if len(new) < len(old) or not all(same(a, b) for a, b in zip(old, new, strict=False)):
                raise _CannotPatch
            self.append(node, new[len(old):])
            return
        matcher = difflib.SequenceMatcher(None, [repr(v) for v in old], keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    inner = raw[i] if isinstance(raw, list) and len(raw) == len(old) else None
                    self.value(node.value[i], inner, old[i], new[j])
                continue
            if tag in ("delete", "replace"):
                start = self.line_start(self.dash(node.value[i1]))
                end = self.after_line(self.line_end(self.end(node.value[i2 - 1])))
                self.edits.append((start, end, ""))
            if tag in ("insert", "replace"):
                if i2 < len(node.value):
                    at = self.line_start(self.dash(node.value[i2]))
                    column = self.dash(node.value[i2]) - at
                    self.edits.append((at, at, " " * column + self.block(new[j1:j2], column)
                                       + self.nl))
                else:
                    self.append(node, new[j1:j2])

    def dash(self, item: Any) -> int:
        """The index of the ``-`` that starts list item ``item``."""
        at = self.text.rfind("-", 0, item.start_mark.index)
        if at < 0 or self.text[at + 1:item.start_mark.index].strip(" \t\r\n"):
            raise _CannotPatch
        return at

    def append(self, node: Any, items: list[Any]) -> None:
        if not items:
            return
        first = self.dash(node.value[0])
        column = first - self.line_start(first)
        at = self.line_end(self.end(node.value[-1]))
        self.edits.append((at, at, self.nl + " " * column + self.block(items, column)))
