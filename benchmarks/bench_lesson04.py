"""Time the MODEL recompute (no plotting) behind the Lesson 0 and Lesson 4 explorers.

Run: .venv/bin/python benchmarks/bench_lesson04.py
Each explorer's model is called at many control positions; the table gives median and max ms.
"""

from __future__ import annotations

import itertools

from timing import print_table, time_calls

from course_utils.datasets import load
from course_utils.explorers import diagnosis as dx
from course_utils.explorers.tour import quarter_ends
from course_utils.models.diagnosis import diagnose
from course_utils.models.timeline import as_of, stage_counts


def main() -> None:
    milestones = load("milestones")
    figures = {business: dx.case_figures(business)[0] for business in dx.BUSINESSES}
    dx.case_figures("tea")  # warm the loader, as the lesson has by the time a control moves
    stages = [("content", "hub", "commerce"), ("content",), ("hub",), ("commerce",)]
    changes = [x / 100 for x in range(-50, 101, 10)]
    own = dx.OWN_DEFAULTS
    cases = {
        "0.2 timeline (as_of + stage_counts)": [
            (lambda d=d, s=s: (as_of(milestones, d, s), stage_counts(milestones, d)))
            for d, s in itertools.product(quarter_ends(), stages)],
        "4.3 diagnosis (adjust + diagnose)": [
            (lambda b=b, c=c, p=p: diagnose(dx.adjust(figures[b], c, p, 0.0), b))
            for b, c, p in itertools.product(dx.BUSINESSES, changes, changes)],
        "4.3 diagnosis incl. data load": [
            (lambda b=b, c=c: dx.diagnosis_model(b, c, 0.0, 0.0)) for b, c in itertools.product(dx.BUSINESSES, changes)],
        "4.4 own figures (parse + diagnose)": [
            (lambda v=v: diagnose(dx.own_figures({**own, "wecom_rate": str(v)}))) for v in range(0, 101, 2)],
        "4.5 plan (diagnose + 3 projections + plan)": [
            (lambda b=b, a=a, f=f, s=s: dx.plan_model(b, a / 100, f, s))
            for b, a, f, s in itertools.product(dx.BUSINESSES, range(0, 101, 10),
                                                ["binding", "content", "private_domain", "monetisation"],
                                                dx.PLAN_STARTS)],
    }
    print_table([(name, time_calls(calls)) for name, calls in cases.items()])


if __name__ == "__main__":
    main()
