"""Budgets: a runaway render is stopped with a clear message; alias bombs are counted."""

from __future__ import annotations

import gc
import threading
import time

import jinja2
import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment

from ordinance_tui.core import limits
from ordinance_tui.core.limits import (
    WALL_FACTOR,
    BudgetExceeded,
    expanded_size,
    render_limited,
    time_budget,
)


def test_time_budget_stops_a_python_loop_and_names_it() -> None:
    start = time.monotonic()
    with pytest.raises(BudgetExceeded, match="clause 'x' took longer than 0.2 seconds"), \
            time_budget(0.2, "clause 'x'"):
        while True:
            pass
    assert time.monotonic() - start < 2


def test_time_budget_leaves_quick_work_alone() -> None:
    for _ in range(200):
        with time_budget(0.05, "quick"):
            sum(range(100))
    time.sleep(0.2)  # nothing fires later, outside the block


def test_interrupt_is_not_swallowed_by_except_exception() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.2, "stubborn"):
        while True:
            try:
                while True:
                    pass
            except Exception:  # a template's own error handling must not catch the stop
                pass


@pytest.mark.skipif(not hasattr(time, "pthread_getcpuclockid"),
                    reason="the budget is wall-clock time where threads have no CPU clock")
def test_the_budget_counts_processor_time_so_a_busy_machine_does_not_stop_a_render() -> None:
    # A thread that waits (as one starved by a loaded machine does) has used no processor
    # time: it is not stopped at its budget, only at WALL_FACTOR times it.
    start = time.monotonic()
    with time_budget(0.2, "waiting"):
        time.sleep(0.6)
    with pytest.raises(BudgetExceeded, match="waiting took longer than 0.1 seconds"), \
            time_budget(0.1, "waiting"):
        while True:
            time.sleep(0.01)
    assert 0.6 + 0.1 * WALL_FACTOR <= time.monotonic() - start < 10


def test_garbage_collection_is_not_counted_against_a_budget(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A full collection of a large heap runs in whichever thread triggers it; here a callback
    # makes one take 0.6 s of processor time inside a 0.3 s budget. The render is not
    # stopped for it, and a loop after it still is.
    def slow_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            end = time.thread_time() + 0.6
            while time.thread_time() < end:
                pass

    # Processor time only: on a loaded machine 0.6 s of it can take longer than the
    # wall-clock limit (WALL_FACTOR times the budget), which would stop the block anyway.
    monkeypatch.setattr(limits, "WALL_FACTOR", 1000.0)
    gc.callbacks.append(slow_collection)
    try:
        with time_budget(0.3, "collecting"):
            gc.collect()
    finally:
        gc.callbacks.remove(slow_collection)
    with pytest.raises(BudgetExceeded), time_budget(0.3, "looping"):
        while True:
            pass


def test_a_stop_that_is_swallowed_is_delivered_again() -> None:
    # Python ignores an exception raised inside a gc callback; the stop must come again.
    swallowed = 0
    give_up = time.monotonic() + 5  # without a repeat the loop would run forever
    with pytest.raises(BudgetExceeded), time_budget(0.2, "stubborn"):
        while time.monotonic() < give_up:
            try:
                while time.monotonic() < give_up:
                    pass
            except BaseException:  # noqa: BLE001 - stands for the place that ignores it
                swallowed += 1
                if swallowed > 1:
                    raise
    assert swallowed == 2


def test_budgets_in_threads_stop_only_their_own_thread() -> None:
    results: dict[str, str] = {}

    def slow() -> None:
        try:
            with time_budget(0.3, "slow"):
                while True:
                    pass
        except BudgetExceeded as exc:
            results["slow"] = str(exc)

    def quick() -> None:
        with time_budget(5, "quick"):
            time.sleep(0.6)
        results["quick"] = "done"

    threads = [threading.Thread(target=slow), threading.Thread(target=quick)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == {"slow": "slow took longer than 0.3 seconds; it was stopped",
                       "quick": "done"}


def test_render_limited_stops_nested_loops_and_huge_output() -> None:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    loops = env.from_string("{% for i in range(100000) %}{% for j in range(100000) %}"
                            "{% endfor %}{% endfor %}")
    with pytest.raises(BudgetExceeded, match="took longer"):
        render_limited(loops, {}, "clause 'loops'", seconds=0.3)
    concat = env.from_string("{% set s = 'aaaaaaaaaa' %}{% for a in range(100000) %}"
                             "{{ s ~ s ~ s }}{% endfor %}")
    with pytest.raises(BudgetExceeded, match="produced more than 1,000 characters"):
        render_limited(concat, {}, "clause 'concat'", chars=1000)
    plain = env.from_string("Hello {{ name }}")
    assert render_limited(plain, {"name": "Ada"}, "x") == plain.render(name="Ada")


def test_expanded_size_counts_aliases_without_expanding() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    node = yaml.compose(bomb, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    with pytest.raises(BudgetExceeded, match=r"line \d+: the aliases here expand to more"):
        expanded_size(node)
    small = yaml.compose("a: &a [1, 2]\nb: [*a, *a]\n", Loader=yaml.SafeLoader)
    # the map; key a and its list of two; key b and its list holding two copies of a's
    assert expanded_size(small) == 1 + (1 + 3) + (1 + 1 + 3 + 3)
