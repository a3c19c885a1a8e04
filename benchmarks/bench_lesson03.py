"""Time the model recompute of each lesson-3 explorer over many slider positions.

Measures the model step only (no plotting): what must stay well under 100 ms for
a control to feel live. Run: .venv/bin/python benchmarks/bench_lesson03.py
"""

from __future__ import annotations

import itertools

import numpy as np
from timing import print_table, time_calls

from course_utils.explorers.commerce import flash_model, pnl_model
from course_utils.models.promotions import break_even_curve, break_even_uplift


def _time(call, settings) -> list[float]:
    return time_calls(lambda values=values: call(*values) for values in settings)


def _uplift(margin, discount):
    # The uplift explorer recomputes the point and the 120-point curve it draws.
    break_even_uplift(margin, discount)
    break_even_curve(margin, np.linspace(0, margin * 0.95, 120))


def main() -> None:
    pnl = list(itertools.product(range(1_000, 100_001, 9_000), np.arange(0.0025, 0.1, 0.01),
                                 range(40, 601, 80), range(0, 21, 5), np.arange(0, 0.51, 0.1)))
    uplift = [(m, d) for m in np.arange(0.05, 0.91, 0.05) for d in np.arange(0, 0.61, 0.05) if d < m]
    flash = list(itertools.product(range(0, 3_001, 300), np.arange(0.9, 40, 4.0),
                                   np.arange(0, 0.31, 0.05), np.arange(0, 0.61, 0.1)))
    rows = [("session P&L (pnl_model)", _time(pnl_model, pnl)),
            ("break-even uplift (point + curve)", _time(_uplift, uplift)),
            ("flash sale (flash_model)", _time(flash_model, flash))]
    print_table(rows, digits=4)


if __name__ == "__main__":
    main()
