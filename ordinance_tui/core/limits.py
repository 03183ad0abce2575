"""Budgets that stop runaway input: render time and size, YAML alias expansion.

Drafts and clause packs are shared (model bills, redlines, a clinic's pack), so opening one
must never hang or exhaust the machine. Jinja2's sandbox stops a template from reaching
Python's internals, but not from looping for hours or building gigabytes of text; YAML
aliases let a few hundred bytes stand for millions of items.

- :func:`time_budget` stops the code in its block once it has run longer than allowed, by
  raising :class:`BudgetExceeded` in the thread that runs it (CPython's
  ``PyThreadState_SetAsyncExc``, delivered between bytecodes: a template's loops are Python
  code, and the sandbox caps the single operations that could run long in C). The budget
  counts the thread's own processor time where the platform can read it
  (``time.pthread_getcpuclockid``), so a busy machine does not stop an honest render;
  a wall-clock limit of ``WALL_FACTOR`` times the budget stops it whatever happens.
  Garbage collection is not counted: a full collection runs in whichever thread happens to
  trigger it and, in a process holding a large heap, can take longer than a budget by
  itself (``gc.callbacks`` measure it, per thread). The stop is delivered again until the
  block ends, in case the first arrives where Python ignores it (inside a ``gc`` callback).
- :func:`render_limited` renders a Jinja2 template chunk by chunk (``Template.generate``)
  within a time and size budget.
- :func:`expanded_size` counts the items a YAML node tree stands for once its aliases are
  expanded, without expanding them.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import heapq
import itertools
import threading
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2
    import yaml

RENDER_SECONDS = 2.0  # one clause renders in well under a millisecond
RENDER_CHARS = 200_000  # the longest built-in clause is about 6,000 characters
YAML_ITEMS = 100_000  # a draft has a few hundred; the whole built-in library about 20,000
WALL_FACTOR = 10.0  # a budget's wall-clock limit, as a multiple of its processor time
REFIRE_SECONDS = 0.5  # how soon a stop not yet acted on is delivered again


class BudgetExceeded(Exception):
    """A render or a load went past its budget; the message says which."""


class _Interrupt(BaseException):
    """Delivered by the watchdog; a BaseException, so no ``except Exception`` swallows it."""


# Processor time each thread (by ident) has spent collecting garbage, and when the
# collection under way in a thread began. Written by the collecting thread, under the GIL.
_GC_SECONDS: dict[int, float] = {}
_GC_STARTED: dict[int, float] = {}


def _time_collections(phase: str, info: dict[str, int]) -> None:
    ident = threading.get_ident()
    if phase == "start":
        _GC_STARTED[ident] = time.thread_time()
        return
    began = _GC_STARTED.pop(ident, None)
    if began is not None:
        _GC_SECONDS[ident] = _GC_SECONDS.get(ident, 0.0) + time.thread_time() - began


gc.callbacks.append(_time_collections)


def _collecting(thread: int, now: float) -> float:
    """Processor time ``thread`` has spent collecting garbage, up to ``now`` on its clock."""
    began = _GC_STARTED.get(thread)
    return _GC_SECONDS.get(thread, 0.0) + (now - began if began is not None else 0.0)


class _Entry:
    __slots__ = ("active", "clock", "cpu_start", "fired", "hard_deadline", "seconds", "thread")

    def __init__(self, thread: int, seconds: float) -> None:
        self.thread = thread
        self.seconds = seconds
        self.hard_deadline = time.monotonic() + seconds * WALL_FACTOR
        self.clock = _thread_clock(thread)
        self.cpu_start = 0.0
        if self.clock is not None:
            now = time.clock_gettime(self.clock)
            self.cpu_start = now - _collecting(thread, now)
        self.active = True
        self.fired = False

    def remaining(self) -> float:
        """Processor time left, less garbage collection (wall time where there is no clock)."""
        if self.clock is None or time.monotonic() >= self.hard_deadline:
            return 0.0
        try:
            now = time.clock_gettime(self.clock)
        except OSError:
            return 0.0
        return self.seconds - (now - _collecting(self.thread, now) - self.cpu_start)


def _thread_clock(thread: int) -> int | None:
    """The processor-time clock of ``thread`` (an ident), or None where there is none."""
    getter = getattr(time, "pthread_getcpuclockid", None)
    if getter is None:
        return None
    try:
        clock: int = getter(thread)
        time.clock_gettime(clock)
    except (OSError, OverflowError):
        return None
    return clock


class _Watchdog:
    """One daemon thread that interrupts the blocks whose deadline has passed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._heap: list[tuple[float, int, _Entry]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, seconds: float) -> _Entry:
        entry = _Entry(threading.get_ident(), seconds)
        with self._wake:
            item = (time.monotonic() + seconds, next(self._order), entry)
            heapq.heappush(self._heap, item)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="render-watchdog",
                                                daemon=True)
                self._thread.start()
            if self._heap[0] is item:  # only an earlier deadline needs the watchdog awake
                self._wake.notify()
        return entry

    def remove(self, entry: _Entry) -> bool:
        """End ``entry``'s watch; True if the watchdog had already fired it."""
        with self._lock:
            entry.active = False
            fired = entry.fired
        if fired:  # cancel an interruption that has not been delivered yet
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(entry.thread), None)
        return fired

    def _run(self) -> None:
        with self._wake:
            while True:
                while self._heap and not self._heap[0][2].active:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._wake.wait()
                    continue
                deadline, _, entry = self._heap[0]
                remaining = deadline - time.monotonic()
                if remaining > 0:
                    self._wake.wait(remaining)
                    continue
                heapq.heappop(self._heap)
                left = 0.0 if entry.fired else entry.remaining()
                if left > 0:  # the thread has had less processor time than its budget
                    heapq.heappush(self._heap, (min(time.monotonic() + left, entry.hard_deadline),
                                                next(self._order), entry))
                    continue
                entry.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(entry.thread), ctypes.py_object(_Interrupt))
                # Until the block ends (``remove``), deliver it again now and then.
                heapq.heappush(self._heap, (time.monotonic() + REFIRE_SECONDS,
                                            next(self._order), entry))


_WATCHDOG = _Watchdog()


@contextlib.contextmanager
def time_budget(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` ("``what`` took longer than N s") if the block overruns."""
    entry = _WATCHDOG.add(seconds)
    overran = False
    try:
        try:
            yield
        finally:
            overran = _WATCHDOG.remove(entry)
    except _Interrupt:
        # Delivered in the block, or just after it, while the watch was being ended (the
        # deadline passed as the block finished): either way the watch must end, and a
        # repeat delivered before it has ended is caught too.
        overran = True
        while True:
            try:
                _WATCHDOG.remove(entry)
                break
            except _Interrupt:
                continue
    if overran:
        raise BudgetExceeded(f"{what} took longer than {seconds:g} seconds; it was stopped")


def render_limited(template: jinja2.Template, context: Mapping[str, Any], what: str,
                   seconds: float = RENDER_SECONDS, chars: int = RENDER_CHARS) -> str:
    """Render ``template`` as ``Template.render`` does, within a time and size budget."""
    parts: list[str] = []
    size = 0
    with time_budget(seconds, what):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > chars:
                raise BudgetExceeded(f"{what} produced more than {chars:,} characters; "
                                     "it was stopped")
            parts.append(chunk)
    return "".join(parts)


def expanded_size(node: yaml.Node, limit: int = YAML_ITEMS) -> int:
    """How many nodes ``node`` stands for once every alias is expanded (counted, not built).

    Raises :class:`BudgetExceeded` naming the line where the count passes ``limit``. A
    node reached through an alias is counted each time, as a loader that copies it would.
    """
    import yaml

    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def size(n: yaml.Node) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if key in on_path:  # a recursive alias stands for an endless tree
            raise BudgetExceeded(f"line {n.start_mark.line + 1}: an alias refers to itself")
        on_path.add(key)
        total = 1
        if isinstance(n, yaml.SequenceNode):
            for item in n.value:
                total += size(item)
                if total > limit:
                    break
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += size(k) + size(v)
                if total > limit:
                    break
        on_path.discard(key)
        if total > limit:
            raise BudgetExceeded(f"line {n.start_mark.line + 1}: the aliases here expand to more "
                                 f"than {limit:,} items; write the values out instead")
        sizes[key] = total
        return total

    return size(node)
