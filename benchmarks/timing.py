"""Shared timing for the explorer benchmarks: run callables, report median and worst."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable


def time_calls(calls: Iterable[Callable[[], object]]) -> list[float]:
    """Milliseconds taken by each call, in order."""
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def print_table(rows: list[tuple[str, list[float]]], *, digits: int = 2,
                title: str = "explorer model (recompute only)") -> None:
    """One line per explorer model: positions timed, median and max milliseconds."""
    width = max([len(title)] + [len(name) for name, _ in rows]) + 2
    print(f"{title:<{width}}{'positions':>10}{'median ms':>11}{'max ms':>9}")
    for name, times in rows:
        print(f"{name:<{width}}{len(times):>10}{statistics.median(times):>11.{digits}f}{max(times):>9.{digits}f}")
