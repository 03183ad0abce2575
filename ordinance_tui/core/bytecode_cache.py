"""Compiled clause templates and conditions kept on disk, signed, private to the user.

Map: ``open_cache(environment, layers)`` gives the ``ClauseBytecodeCache`` of this user
(or None when ``ORDINANCE_CACHE_DIR`` is set empty). It is a ``jinja2.BytecodeCache``
used as Jinja2's loaders use one: ``get_bucket(environment, name, filename, source)``,
``bucket.code``, ``set_bucket``; the bucket checksums the source, so a changed
template never gets old code. Only the library's templates and conditions go
through it (``Library.template``/``condition``); a draft's override texts never do.

A library layer's buckets are kept in one entry, its *bundle*, named by the
environment's fingerprint and the layer's resolved folder (``layers``: the built-in
library's is shared by every pack's build): a msgpack map of bucket key to bucket
bytes, read and verified once, each bucket's code unmarshalled only when its template
is compiled; a template whose file is in no layer goes in the bundle of them all. (One
file per template cost an open, a check and an HMAC each: about 45 ms of a build's
250-odd; bench/RESULTS.md.) Other data is kept here the same way, by
``read_entry``/``write_entry``: the library layers' parsed YAML (``parsecache``).

What is stored is marshal code that will be executed, so:

- the folder (``ORDINANCE_CACHE_DIR`` or platformdirs' user cache folder, then
  ``templates``) is created 0700 and ignored, with one warning on stderr, when it is
  not the user's own or group/world-writable; each file likewise, opened without
  following symlinks;
- every file carries an HMAC-SHA256 of its name and bytes under a per-user secret
  key kept 0600 in the user's *data* folder (not the cache folder, so whoever can
  write the cache cannot forge an entry). An entry whose HMAC does not match is
  never decoded nor unmarshalled: it is a miss, recompiled, and replaced at the next
  flush.

Reading is all that happens while compiling: new buckets wait in memory until
the caller's ``flush()`` (the command line after a command, the app once the
first preview is on screen, or at exit), which merges them into the bundle (at most
``max_entries`` buckets, the newest kept) and writes it atomically and privately,
then keeps the folder within ``max_entries`` files and ``max_bytes`` (least recently
used removed first), so ``assemble`` stays free of disk writes. Two processes that
flush the same bundle at once: the last one's is kept, the other's new buckets are
compiled again next time.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import Bucket, BytecodeCache

if TYPE_CHECKING:
    from jinja2 import Environment

SUFFIX = ".jbc"
KEY_FILE = "template-cache.key"
KEY_SIZE = 32
MAC_SIZE = hashlib.sha256().digest_size
MAX_ENTRIES = 2000
MAX_BYTES = 50 * 1024 * 1024
MAX_ENTRY = 32 * 1024 * 1024  # a larger file is not an entry this cache wrote
TOUCH_AFTER = 24 * 3600.0  # a used entry's time is refreshed at most once a day (for LRU)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_WARNED: set[str] = set()


def _warn(folder: Path, reason: str) -> None:
    """One warning per folder and process, on stderr."""
    if str(folder) in _WARNED:
        return
    _WARNED.add(str(folder))
    print(f"ordinance: not using the template cache in {folder}: {reason}; templates are "
          "compiled without it", file=sys.stderr)


def _unsafe(st: os.stat_result, *, private: bool = False) -> str | None:
    """Why a file or folder with this status may not be trusted (None when it may)."""
    if not hasattr(os, "geteuid"):
        return None  # Windows: the user's profile folders are private by their ACLs
    if st.st_uid != os.geteuid():
        return f"it belongs to user id {st.st_uid}, not to you"
    mask = 0o077 if private else 0o022
    if st.st_mode & mask:
        return (f"its mode {stat.S_IMODE(st.st_mode):o} lets other users "
                f"{'read or write' if private else 'write'} it")
    return None


def environment_fingerprint(environment: Environment) -> str:
    """A digest of everything that shapes compiled code or what compiling refuses.

    Jinja2 and Python versions, the environment's class and settings, its filters
    and tests (the compiler emits different calls for context-taking ones), and the
    source of the module that defines the environment, whose refusal rules a
    template passed before its code was stored.
    """
    env: Any = environment

    def callables(table: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in table.items())

    settings = [getattr(env, name, None) for name in (
        "block_start_string", "block_end_string", "variable_start_string",
        "variable_end_string", "comment_start_string", "comment_end_string",
        "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
        "newline_sequence", "keep_trailing_newline", "optimized", "is_async", "sandboxed")]
    parts = [
        __import__("jinja2").__version__, sys.version, sys.implementation.cache_tag,
        f"{type(env).__module__}.{type(env).__qualname__}", repr(settings),
        repr(env.autoescape if isinstance(env.autoescape, bool) else
             getattr(env.autoescape, "__qualname__", "callable")),
        getattr(env.undefined, "__qualname__", repr(env.undefined)),
        getattr(env.finalize, "__qualname__", repr(env.finalize)),
        repr(sorted(env.extensions)), repr(callables(env.filters)), repr(callables(env.tests)),
        repr(sorted(getattr(env, "intercepted_binops", ()))),
        repr(sorted(getattr(env, "intercepted_unops", ()))),
    ]
    digest = hashlib.sha256("\0".join(parts).encode("utf-8"))
    module = sys.modules.get(type(env).__module__)
    source = getattr(module, "__file__", None)
    if source:
        with contextlib.suppress(OSError):
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()


class ClauseBytecodeCache(BytecodeCache):
    """Jinja2's bytecode cache for clause templates: signed files in a private folder.

    ``load_bytecode`` only reads; ``dump_bytecode`` keeps the bucket in memory;
    ``flush`` writes what is new, deletes entries that failed their HMAC, and prunes.
    """

    def __init__(self, folder: Path, key_file: Path, environment: Environment, *,
                 max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES,
                 layers: tuple[str, ...] = ()) -> None:
        self.folder = folder
        self.key_file = key_file
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.fingerprint = environment_fingerprint(environment)
        # A bundle per layer (one entry: the compiled code of that folder's templates),
        # found by the folder a template's file is in; the others' in ``bundle``.
        self.bundle = self._bundle_name(*layers)
        self.layers: list[tuple[str, str]] = []  # (folder + os.sep, its bundle's name)
        for layer in layers:
            name = self._bundle_name(os.path.realpath(layer))
            for form in {os.path.abspath(layer), os.path.realpath(layer)}:
                self.layers.append((os.path.join(form, ""), name))
        self.bundles: dict[str, _Bundle] = {}
        self._where: dict[str, str] = {}  # bucket key -> its bundle's name
        self.pending: dict[str, bytes] = {}  # entry name -> payload, written by flush
        self.bad: set[str] = set()  # entries whose file failed its HMAC or did not parse
        self.stale: set[str] = set()  # keys used here whose time is to be refreshed
        self._key: bytes | None = None
        self._usable: bool | None = None  # None: not checked yet
        self._lock = threading.RLock()  # one flush at a time (the app's worker, its exit)

    # -- Jinja2's BytecodeCache API --------------------------------------------------
    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The entry's name: the environment's fingerprint, the template's name and file."""
        digest = hashlib.sha256(f"{self.fingerprint}\0{name}\0{filename}".encode())
        return digest.hexdigest()

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha256(source.encode("utf-8")).hexdigest()

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        """Jinja2's ``get_bucket``, noting which bundle the template's file belongs to."""
        key = self.get_cache_key(name, filename)
        self._where[key] = self._bundle_of(filename or "")
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from its bundle if that is ours, private and signed; else leave it."""
        bundle = self._bundle(self._where.get(bucket.key, self.bundle))
        payload = bundle.new.get(bucket.key) or bundle.buckets(self).get(bucket.key)
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # noqa: BLE001 - signed by us yet unreadable (another Python?): a miss
            bucket.reset()
            bundle.failed.add(bucket.key)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the new bucket in memory: ``flush`` writes it (assembly writes nothing)."""
        bundle = self._bundle(self._where.get(bucket.key, self.bundle))
        bundle.new[bucket.key] = bucket.bytecode_to_string()

    @property
    def new(self) -> dict[str, bytes]:
        """The buckets compiled here and not yet flushed, of every bundle."""
        return {k: v for b in list(self.bundles.values()) for k, v in b.new.items()}

    @property
    def failed(self) -> set[str]:
        """The buckets that were in a bundle but did not load."""
        return {k for b in list(self.bundles.values()) for k in b.failed}

    def _bundle_name(self, *layers: str) -> str:
        return hashlib.sha256("\0".join(("bundle", self.fingerprint, *layers)).encode()
                              ).hexdigest()

    def _bundle_of(self, filename: str) -> str:
        """The name of the bundle of the layer ``filename`` (``path:line``) is in."""
        for prefix, name in self.layers:
            if filename.startswith(prefix):
                return name
        return self.bundle

    def _bundle(self, name: str) -> _Bundle:
        with self._lock:
            found = self.bundles.get(name)
            if found is None:
                found = self.bundles[name] = _Bundle(name)
            return found

    def read_entry(self, name: str) -> bytes | None:
        """The verified bytes of the entry ``name`` (another store's, e.g. parsed YAML).

        None when it is missing, foreign, tampered with, or the folder is not usable.
        """
        if not self._ready():
            return None
        return self.pending.get(name) or self._read(name)

    def write_entry(self, name: str, payload: bytes) -> None:
        """Keep ``payload`` as the entry ``name``: ``flush`` writes it, signed, like a bucket."""
        self.pending[name] = payload

    def clear(self) -> None:
        """Remove every entry of the folder."""
        for path in self._entries():
            with contextlib.suppress(OSError):
                path.unlink()

    # -- reading ---------------------------------------------------------------------
    def _ready(self) -> bool:
        """Whether the folder may be read; checked once, warned about once."""
        if self._usable is None:
            self._usable = self._check_folder() and self._load_key() is not False
        return self._usable

    def _check_folder(self) -> bool:
        for folder in (self.folder.parent, self.folder):
            try:
                st = os.lstat(folder)
            except FileNotFoundError:
                return True  # nothing cached yet; flush creates it
            except OSError as exc:
                _warn(self.folder, exc.strerror or str(exc))
                return False
            if not stat.S_ISDIR(st.st_mode):
                kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a folder"
                _warn(self.folder, f"{folder} is {kind}")
                return False
            reason = _unsafe(st)
            if reason:
                _warn(self.folder, f"{folder}: {reason}")
                return False
        return True

    def _load_key(self) -> bytes | None | bool:
        """The secret key; None when there is none yet; False when it may not be trusted."""
        if self._key is not None:
            return self._key
        try:
            fd = os.open(self.key_file, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            _warn(self.folder, f"its key {self.key_file}: {exc.strerror or exc}")
            return False
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            reason = _unsafe(st, private=True) or (
                None if stat.S_ISREG(st.st_mode) else "it is not a regular file")
            key = handle.read(KEY_SIZE + 1)
        if reason or len(key) != KEY_SIZE:
            _warn(self.folder, f"its key {self.key_file}: {reason or 'it is not a key'}")
            return False
        self._key = key
        return key

    def _mac(self, key: bytes, name: str, payload: bytes) -> bytes:
        return hmac.new(key, name.encode("ascii") + b"\0" + payload, hashlib.sha256).digest()

    def _read(self, name: str) -> bytes | None:
        """The verified payload of entry ``name``, or None (missing, foreign, tampered)."""
        key = self._load_key()
        if not isinstance(key, bytes):
            return None  # no key yet: nothing on disk can be ours
        path = self.folder / (name + SUFFIX)
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            return None
        except OSError:
            return None  # a symlink (ELOOP) or unreadable: never followed, a miss
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            reason = _unsafe(st) or (None if stat.S_ISREG(st.st_mode) else "not a file")
            if reason:
                _warn(self.folder, f"{path.name}: {reason}")
                self.bad.add(name)  # replaced by our own file at the next flush
                return None
            data = handle.read(MAX_ENTRY + 1)
        mac, payload = data[:MAC_SIZE], data[MAC_SIZE:]
        if len(data) > MAX_ENTRY or not hmac.compare_digest(mac, self._mac(key, name, payload)):
            self.bad.add(name)  # tampered, truncated or from another key: never unmarshalled
            return None
        if time.time() - st.st_mtime > TOUCH_AFTER:
            self.stale.add(name)
        return payload

    # -- writing ---------------------------------------------------------------------
    def flush(self) -> None:
        """Write the new buckets, delete failed entries, prune; warn once if it cannot.

        Safe to call while other threads compile: what they add meanwhile waits for
        the next flush.
        """
        with self._lock:
            for bundle in list(self.bundles.values()):
                bundle.put(self)
            if not (self.pending or self.bad or self.stale):
                return
            pending, bad, stale = self.pending.copy(), self.bad.copy(), self.stale.copy()
            try:
                self._flush(pending, bad, stale)
            except OSError as exc:
                where = f" ({exc.filename})" if exc.filename else ""
                _warn(self.folder, f"it could not be written{where}: {exc.strerror or exc}")
            for name in pending:
                self.pending.pop(name, None)
            self.bad -= bad
            self.stale -= stale

    def _flush(self, pending: dict[str, bytes], bad: set[str], stale: set[str]) -> None:
        from .fileio import atomic_write

        if not self._ready():
            return
        for folder in (self.folder.parent, self.folder):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._usable = None
        if not self._ready():  # created by someone else in the meantime
            return
        key = self._load_key()
        if key is None:
            self.key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            import secrets

            atomic_write(self.key_file, secrets.token_bytes(KEY_SIZE), private=True)
            self._key = None
            key = self._load_key()
        if not isinstance(key, bytes):
            return
        for name in bad - set(pending):
            with contextlib.suppress(OSError):
                (self.folder / (name + SUFFIX)).unlink()
        for name, payload in pending.items():
            path = self.folder / (name + SUFFIX)
            with contextlib.suppress(FileNotFoundError):
                if name in bad or not stat.S_ISREG(os.lstat(path).st_mode):
                    path.unlink()  # never write through a link or over a failed file's mode
            atomic_write(path, self._mac(key, name, payload) + payload, private=True)
        now = time.time()
        for name in stale - set(pending):
            with contextlib.suppress(OSError):
                os.utime(self.folder / (name + SUFFIX), (now, now))
        if pending:
            self.prune()

    def _entries(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if p.name.endswith(SUFFIX)]
        except OSError:
            return []

    def prune(self) -> None:
        """Keep at most ``max_entries`` files and ``max_bytes``: the most recently used."""
        found = []
        for path in self._entries():
            with contextlib.suppress(OSError):
                st = os.lstat(path)
                found.append((st.st_mtime, st.st_size, path))
        found.sort(key=lambda item: item[0], reverse=True)
        count = total = 0
        for _, size, path in found:
            count, total = count + 1, total + size
            if count > self.max_entries or total > self.max_bytes:
                with contextlib.suppress(OSError):
                    path.unlink()


class _Bundle:
    """One bundle's buckets by key: a signed entry, read and verified once, on first use.

    Its payload is msgpack data (a map of key to bucket bytes), decoded without running
    anything; a bucket's code is unmarshalled only when its template is compiled.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: dict[str, bytes] | None = None
        self.new: dict[str, bytes] = {}  # compiled here, merged in by ``put``
        self.failed: set[str] = set()  # in the bundle, but did not load

    def buckets(self, cache: ClauseBytecodeCache) -> dict[str, bytes]:
        if self.found is None:
            import msgspec

            payload = cache.read_entry(self.name)
            found: dict[str, bytes] = {}
            if payload is not None:
                try:
                    found = msgspec.msgpack.decode(payload, type=dict[str, bytes])
                except (msgspec.DecodeError, msgspec.ValidationError):
                    cache.bad.add(self.name)  # signed by us yet unreadable: replaced
            self.found = found
        return self.found

    def put(self, cache: ClauseBytecodeCache) -> None:
        """Merge the new buckets in and hand the bundle to ``cache`` to write (newest kept)."""
        import msgspec

        new, failed = self.new.copy(), self.failed.copy()
        if not (new or failed):
            return
        buckets = {k: v for k, v in self.buckets(cache).items()
                   if k not in failed and k not in new}
        buckets.update(new)
        if len(buckets) > cache.max_entries:
            buckets = dict(list(buckets.items())[-cache.max_entries:])
        cache.write_entry(self.name, msgspec.msgpack.encode(buckets))
        self.found = buckets
        for key in new:
            self.new.pop(key, None)
        self.failed -= failed


def cache_folder() -> Path | None:
    """Where compiled templates go: ``ORDINANCE_CACHE_DIR`` (empty: nowhere) or the user's."""
    override = os.environ.get("ORDINANCE_CACHE_DIR")
    if override == "":
        return None
    if override is not None:
        return Path(override) / "templates"
    from .paths import user_dir

    return user_dir("cache") / "templates"


def open_cache(environment: Environment, layers: tuple[str, ...] = ()
               ) -> ClauseBytecodeCache | None:
    """This user's cache of compiled templates, or None when it is turned off.

    ``layers`` (a library's resolved folders, built-in first) name its bundle.
    """
    folder = cache_folder()
    if folder is None:
        return None
    from .paths import data_dir

    return ClauseBytecodeCache(folder.absolute(), data_dir().absolute() / KEY_FILE, environment,
                               layers=layers)
