"""Time the model recompute behind each lesson-1 explorer over many slider positions.

Run: .venv/bin/python benchmarks/bench_lesson01.py
Plotting is not timed: only what a slider move makes the model recompute.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from course_utils.models.feed import default_world, simulate_feed
from course_utils.models.supply import flywheel


def _time(calls):
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times), max(times), len(times)


def main() -> None:
    world = default_world()  # built once, as in the lesson
    simulate_feed(world)     # warm-up
    flywheel_calls = [lambda c=c, q=q: flywheel(c, q)
                      for c in np.arange(0.5, 6.01, 0.25) for q in np.arange(0, 1.01, 0.1)]
    feed_calls = [lambda w=w, k=k, b=b: simulate_feed(world, w, k, b)
                  for w in np.linspace(0, 1, 21) for k in (5, 10, 20) for b in (0.0, 0.1, 0.2)]
    print(f"{'explorer (model recompute)':<42}{'positions':>10}{'median ms':>11}{'max ms':>9}")
    for name, calls in (("1.2 creator flywheel (12 months)", flywheel_calls),
                        ("1.5 feed mix (400 users x 600 posts)", feed_calls)):
        median, worst, n = _time(calls)
        print(f"{name:<42}{n:>10}{median:>11.2f}{worst:>9.2f}")


if __name__ == "__main__":
    main()
