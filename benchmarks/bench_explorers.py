"""Time a whole explorer update as a learner feels it: model, chart and PNG.

The lesson benchmarks (bench_lessonNN.py) time the model part alone; this one
moves the first numeric control of every explorer back and forth and reads
``Explorer.last_seconds`` (model + figure + PNG encoding), without a browser.

Run: .venv/bin/python benchmarks/bench_explorers.py
"""

from __future__ import annotations

from ipywidgets import widgets
from timing import print_table

from course_utils.datasets import load
from course_utils.explorers import commerce, content, diagnosis, hub, tour
from course_utils.style import apply_style

MOVES = 10


def explorers():
    milestones = load("milestones")
    return [
        ("0.2 timeline", tour.timeline_explorer(milestones, "0.2")),
        ("1.2 creator flywheel", content.flywheel_explorer()),
        ("1.5 feed mix", content.feed_explorer()),
        ("2.3 network", hub.network_explorer()),
        ("2.5 funnel", hub.funnel_explorer()),
        ("3.4 session P&L", commerce.pnl_explorer()),
        ("3.5 break-even uplift", commerce.uplift_explorer()),
        ("3.8 flash sale", commerce.flash_sale_explorer()),
        ("4.3 diagnosis", diagnosis.diagnosis_explorer("4.3")),
        ("4.5 90-day plan", diagnosis.plan_explorer("4.5")),
    ]


def moves(explorer) -> list[float]:
    control = next((c for c in explorer.controls.values()
                    if isinstance(c, (widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider))), None)
    if control is None:
        return []
    if isinstance(control, widgets.SelectionSlider):
        others = [value for value in control._options_values if value != control.value]
        values = [control.value, others[0]]
    else:
        values = [control.value, control.value + control.step]
    times = []
    for move in range(MOVES):
        control.value = values[(move + 1) % 2]
        times.append(explorer.last_seconds * 1000)
    return times


def main() -> None:
    apply_style()
    rows = [(name, times) for name, explorer in explorers() if (times := moves(explorer))]
    print_table(rows, digits=1, title="explorer update (model + chart + PNG)")


if __name__ == "__main__":
    main()
