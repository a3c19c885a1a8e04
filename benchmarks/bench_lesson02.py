"""Time the MODEL recompute behind each of lesson 2's explorers (no plotting).

Run: .venv/bin/python benchmarks/bench_lesson02.py
Prints the median and worst time in milliseconds over many control positions.
"""

from __future__ import annotations

import itertools

from timing import print_table, time_calls

from course_utils.explorers.hub import DATES, DEFAULT_RATES
from course_utils.models import funnel, network


def network_positions():
    """Every date of the slider × no link off, each single link off, and pairs of links off."""
    offs = [()] + [(key,) for key in network.LINK_KEYS] + list(itertools.combinations(network.LINK_KEYS[::3], 2))
    for (_label, day), off in itertools.product(DATES, offs):
        yield lambda day=day, off=off: network.hub_summary(day, off)


def funnel_positions():
    """Each step rate over 21 values × both uplift modes × both outcomes."""
    for step in funnel.RATE_STEPS:
        for value, mode, objective in itertools.product([i / 20 for i in range(21)], funnel.MODES,
                                                        funnel.OBJECTIVES):
            rates = {**DEFAULT_RATES, step: value}

            def call(rates=rates, mode=mode, objective=objective):
                funnel.funnel_table(100_000, **rates)
                gains = funnel.step_gains(100_000, rates, uplift=0.01, mode=mode, objective=objective)
                funnel.best_steps(gains)
            yield call


def main() -> None:
    print_table([("2.3 network (routes + centrality)", time_calls(network_positions())),
                 ("2.5 funnel (table + step gains)", time_calls(funnel_positions()))])


if __name__ == "__main__":
    main()
