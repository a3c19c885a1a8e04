"""Time the model recompute behind each lesson-1 explorer over many slider positions.

Run: .venv/bin/python benchmarks/bench_lesson01.py
Plotting is not timed: only what a slider move makes the model recompute.
"""

from __future__ import annotations

import numpy as np
from timing import print_table, time_calls

from course_utils.models.feed import default_world, simulate_feed
from course_utils.models.supply import flywheel


def main() -> None:
    world = default_world()  # built once, as in the lesson
    simulate_feed(world)     # warm-up
    flywheel_calls = [lambda c=c, q=q: flywheel(c, q)
                      for c in np.arange(0.5, 6.01, 0.25) for q in np.arange(0, 1.01, 0.1)]
    feed_calls = [lambda w=w, k=k, b=b: simulate_feed(world, w, k, b)
                  for w in np.linspace(0, 1, 21) for k in (5, 10, 20) for b in (0.0, 0.1, 0.2)]
    print_table([("1.2 creator flywheel (12 months)", time_calls(flywheel_calls)),
                 ("1.5 feed mix (400 users x 600 posts)", time_calls(feed_calls))])


if __name__ == "__main__":
    main()
