"""Lesson 4 tasks: a business's funnel rates over a year and the rate furthest below its benchmark.

The benchmarks for the WeCom rate and the repeat share are the lesson's own
(``course_utils.models.diagnosis.SPECS``), so a learner is never taught two
benchmarks for one metric. The lesson's diagnosis has no follow rate; its
benchmark here is an extra teaching assumption, stated in the task.
"""

from __future__ import annotations

from course_utils.exercises.casekit import close
from course_utils.exercises.checks import Case, call, describe
from course_utils.exercises.tasks import Task
from course_utils.messages import msg
from course_utils.models.diagnosis import SPECS

RATE_KEYS = ("follow_rate", "wecom_rate", "repeat_share", "aov")


def months_frame():
    """Two months of a small business, chosen so that pooled and averaged rates differ."""
    import pandas as pd

    return pd.DataFrame({
        "month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
        "posts": [10, 30], "avg_views_per_post": [1_000.0, 500.0],
        "new_followers": [100, 400], "wecom_adds": [50, 100],
        "active_customers": [200, 600], "repeat_customers": [50, 300],
        "orders": [250, 750], "revenue": [25_000.0, 60_000.0]})


# Pooled over the year: sum the numerators and denominators first.
POOLED = {"follow_rate": 500 / 25_000, "wecom_rate": 150 / 500, "repeat_share": 350 / 800, "aov": 85_000 / 1_000}
AVERAGED = {"follow_rate": (0.01 + 400 / 15_000) / 2, "wecom_rate": (0.5 + 0.25) / 2,
            "repeat_share": (0.25 + 0.5) / 2, "aov": (100 + 80) / 2}


def _rates(function):
    rates = call(function, months_frame())
    if not isinstance(rates, dict):
        return None, msg("exercises.want_dict", kind=describe(rates))
    missing = [key for key in RATE_KEYS if key not in rates]
    return (None, msg("exercises.l04_rates_keys", keys=", ".join(missing))) if missing else (rates, None)


def _rate_case(key):
    def run(function):
        rates, problem = _rates(function)
        if problem:
            return problem
        try:
            value = float(rates[key])
        except (TypeError, ValueError):
            return msg("exercises.want_number", kind=describe(rates[key]))
        if close(value, POOLED[key]):
            return None
        if close(value, AVERAGED[key]):
            return msg("exercises.l04_rates_averaged")
        return msg("exercises.l04_rate_wrong", key=key)
    return run


FOLLOW_RATE_BENCHMARK = 0.02  # not in the lesson's diagnosis: an extra teaching assumption, as the task says
BENCH = {"follow_rate": FOLLOW_RATE_BENCHMARK, "wecom_rate": SPECS["wecom_rate"].benchmark,
         "repeat_share": SPECS["repeat_share"].benchmark}


def _constraint_case(rates, expected, smallest_raw):
    def run(function):
        answer = call(function, rates, BENCH)
        if not isinstance(answer, str) or answer not in BENCH:
            return msg("exercises.l04_constraint_type", keys=", ".join(BENCH))
        if answer == expected:
            return None
        if answer == smallest_raw:
            return msg("exercises.l04_constraint_raw")
        return msg("exercises.l04_constraint_wrong")
    return run


TASKS = [
    Task("04.1", msg("exercises.l04_title_rates"), "code", name="funnel_rates", points=3,
         cases=lambda: [Case(msg("exercises.l04_rates_keys_label"), lambda f: _rates(f)[1])]
         + [Case(msg("exercises.l04_rate_label", key=key), _rate_case(key)) for key in RATE_KEYS]),
    Task("04.2", msg("exercises.l04_title_constraint"), "code", name="weakest_rate", points=2,
         cases=lambda: [
             Case(msg("exercises.l04_constraint_label"),
                  _constraint_case({"follow_rate": 0.012, "wecom_rate": 0.27, "repeat_share": 0.38},
                                   "follow_rate", "follow_rate")),
             Case(msg("exercises.l04_constraint_ratio_label"),
                  _constraint_case({"follow_rate": 0.019, "wecom_rate": 0.12, "repeat_share": 0.36},
                                   "wecom_rate", "follow_rate")),
             Case(msg("exercises.l04_constraint_repeat_label"),
                  _constraint_case({"follow_rate": 0.03, "wecom_rate": 0.35, "repeat_share": 0.25},
                                   "repeat_share", "follow_rate"))]),
    Task("04.3", msg("exercises.l04_title_plan"), "written", points=4, rubric_points=4, min_words=120),
]
