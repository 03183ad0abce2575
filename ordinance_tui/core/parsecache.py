"""The parsed YAML of a library layer's files, kept as data in the user's signed cache.

Parsing the built-in library's YAML is most of loading it (about 90 ms of CPU of
100, measured: bench/RESULTS.md, "One-shot build: where the time goes"), so a
layer's parsed files are kept, one cache entry per layer, as msgpack *data*
(``msgspec``: decoding it runs no code): each file's tree of ``LineDict``\\ s,
lists and scalars, with the lines and the float texts ``yamlio`` records.

An entry is used only for the same file, by its resolved path, with the same text,
by its SHA-256: two packs named ``pack`` in two folders, whose files have the same
size and time, are never served each other's text. Only a file that parsed without
a problem is kept, so every error is still found (with its line) by parsing. The
entry lives in the template cache's folder (``bytecode_cache``): private to the
user, signed with the user's key, ignored with a warning when another user can
write it; it is written by the same ``flush``, after a command, never while loading.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import msgspec

from .problems import Problem
from .yamlio import LineDict, load_yaml_text, read_yaml_text

_MAPPING = 1  # the msgpack extension code of a mapping: [line, float texts, key lines, items]
_SCALARS = (str, int, float, bool, type(None))
_Store = dict[str, tuple[bytes, bytes]]  # resolved path -> (SHA-256 of its text, its tree)
_ENCODER = msgspec.msgpack.Encoder()


class SignedEntries(Protocol):
    """Where entries are kept: the user's template cache (``bytecode_cache``) is one."""

    def read_entry(self, name: str) -> bytes | None: ...

    def write_entry(self, name: str, payload: bytes) -> None: ...


class _Uncacheable(Exception):
    """A value the encoding does not keep as it is (a set, a huge int): parse that file."""


@cache
def _version() -> str:
    """What shapes a parsed tree: this encoding, ``yamlio``'s rules, PyYAML's version, Python.

    PyYAML's installed file is identified by its path, size and time, so the version
    is known without importing it (a build that hits the cache never imports yaml).
    """
    from importlib.util import find_spec

    digest = hashlib.sha256(sys.version.encode())
    for module in (__name__, "ordinance_tui.core.yamlio"):
        origin = sys.modules[module].__file__ if module in sys.modules else None
        if origin:
            digest.update(Path(origin).read_bytes())
    spec = find_spec("yaml")
    if spec is not None and spec.origin:
        st = os.stat(spec.origin)
        digest.update(f"{spec.origin}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    """``value`` with each mapping as a msgpack extension holding its lines and items."""
    if isinstance(value, LineDict):
        items = {key: _plain(item) for key, item in value.items()}
        return msgspec.msgpack.Ext(_MAPPING, _ENCODER.encode(
            [value.line, value.float_texts or {}, value.key_lines, items]))
    if type(value) is list:
        return [_plain(v) for v in value]
    if isinstance(value, _SCALARS) and not (type(value) is int and not
                                            -(2**63) <= value < 2**64):
        return value
    raise _Uncacheable(type(value).__name__)


def encode_tree(value: Any) -> bytes:
    """A parsed YAML value as msgpack: its mappings' lines and float texts kept."""
    return _ENCODER.encode(_plain(value))


def _mapping(code: int, data: memoryview) -> LineDict:
    if code != _MAPPING:
        raise msgspec.DecodeError(f"unknown extension {code}")
    line, float_texts, key_lines, items = _DECODER.decode(data)
    result = LineDict(items)
    result.line, result.key_lines = line, key_lines
    if float_texts:
        result.float_texts = float_texts
    return result


_DECODER = msgspec.msgpack.Decoder(ext_hook=_mapping)


def decode_tree(data: bytes) -> Any:
    """The value ``encode_tree`` was given (mappings as ``LineDict`` with their lines)."""
    return _DECODER.decode(data)


class ParsedLayer:
    """The parsed files of one library folder: from the cache, or parsed and kept."""

    def __init__(self, store: SignedEntries, folder: Path) -> None:
        self.store = store
        folder_key = str(folder.resolve())
        self.name = hashlib.sha256(f"yaml\0{_version()}\0{folder_key}".encode()).hexdigest()
        self.found: _Store | None = None
        self.new: _Store = {}
        self.folders: dict[Path, str] = {}  # a file's folder, resolved once

    def key(self, path: Path) -> str:
        """The file's resolved path: its folder resolved (once), then its name.

        The file itself may be a link; what is kept for it is still only used for
        the same text, so a link never gets what another file parsed to.
        """
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = str(path.parent.resolve())
        return os.path.join(folder, path.name)

    def _entries(self) -> _Store:
        if self.found is None:
            payload = self.store.read_entry(self.name)
            self.found = {}
            if payload is not None:
                try:
                    self.found = msgspec.msgpack.decode(payload, type=_Store)
                except (msgspec.DecodeError, msgspec.ValidationError):
                    self.found = {}  # signed by us yet unreadable: parsed again, replaced
        return self.found

    def load(self, path: Path) -> tuple[Any, list[Problem]]:
        """What ``yamlio.load_yaml_file`` gives for ``path``, parsed only when not kept."""
        text, problems = read_yaml_text(path)
        if text is None:
            return None, problems
        key = self.key(path)
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        kept = self._entries().get(key)
        if kept is not None and kept[0] == digest:
            try:
                return decode_tree(kept[1]), []
            except (msgspec.DecodeError, ValueError, TypeError):
                pass  # signed by us yet unreadable: parsed again below, and replaced
        data, problems = load_yaml_text(text, str(path))
        if not problems:
            with contextlib.suppress(_Uncacheable):
                self.new[key] = (digest, encode_tree(data))
        return data, problems

    def save(self) -> None:
        """Hand what was parsed to the store (memory only; its ``flush`` writes it)."""
        if not self.new:
            return
        entries = {path: kept for path, kept in self._entries().items()
                   if path not in self.new and os.path.exists(path)}
        entries.update(self.new)
        self.store.write_entry(self.name, msgspec.msgpack.encode(entries))
        self.found, self.new = entries, {}
