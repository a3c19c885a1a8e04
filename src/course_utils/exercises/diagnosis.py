"""Lesson 4 tasks: a business's funnel rates over a year and the rate furthest below its benchmark.

The benchmarks for the WeCom rate and the repeat share are the lesson's own
(``course_utils.models.diagnosis.SPECS``), so a learner is never taught two
benchmarks for one metric. The lesson's diagnosis has no follow rate; its
benchmark here is an extra teaching assumption, stated in the task.
"""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, with_hint
from course_utils.exercises.task import Task
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
        return with_hint(msg("exercises.l04_rate_wrong", key=key), slips.diagnose(value, POOLED[key]))
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


SPEND = {"ad_spend": [3_000.0, 9_000.0], "coupon_cost": [1_000.0, 500.0], "first_purchases": [100, 100],
         "revenue": [20_000.0, 30_000.0], "orders": [200, 200]}


def spend_frame():
    """Two months of marketing spend and sales (:data:`SPEND`): pooled and averaged payback differ."""
    import pandas as pd

    return pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]), **SPEND})


def payback_expected(gross_margin, *, pooled=True, margin=True, coupons=True) -> float:
    """Payback in orders on :data:`SPEND`, month by month from its lists; the flags make known mistakes."""
    months = [dict(zip(SPEND, values)) for values in zip(*SPEND.values())]

    def payback(rows):
        spend = sum(row["ad_spend"] + (row["coupon_cost"] if coupons else 0.0) for row in rows)
        per_customer = spend / sum(row["first_purchases"] for row in rows)
        per_order = sum(row["revenue"] for row in rows) / sum(row["orders"] for row in rows)
        return per_customer / (per_order * (gross_margin if margin else 1.0))

    return payback(months) if pooled else sum(payback([row]) for row in months) / len(months)


def _payback_case(gross_margin):
    def run(function):
        return number_case(function, (spend_frame(), gross_margin), payback_expected(gross_margin), hints={
            payback_expected(gross_margin, pooled=False): msg("exercises.l04_rates_averaged"),
            payback_expected(gross_margin, margin=False): msg("exercises.l04_payback_revenue"),
            payback_expected(gross_margin, coupons=False): msg("exercises.l04_payback_coupons")},
            wrong_hint=msg("exercises.l04_payback_wrong"))
    return run


# Twelve months of two counts with uneven monthly sizes, so pooled and averaged quarters differ.
YEAR_TOP = [5, 20, 9, 30, 12, 8, 40, 6, 11, 25, 50, 7]
YEAR_BOTTOM = [50, 100, 30, 100, 60, 80, 100, 20, 110, 50, 250, 70]


def year_frame(numerator="wecom_adds", denominator="new_followers"):
    """January to December 2024 with :data:`YEAR_TOP` and :data:`YEAR_BOTTOM` under the given column names."""
    import pandas as pd

    return pd.DataFrame({"month": pd.date_range("2024-01-01", periods=12, freq="MS"),
                         numerator: YEAR_TOP, denominator: YEAR_BOTTOM})


def quarter_expected(tops: list, bottoms: list, pooled=True) -> dict[int, float]:
    """Quarterly rates of twelve monthly counts (January first): pooled, or the mean of monthly rates."""
    quarters = {}
    for quarter in (1, 2, 3, 4):
        top, bottom = tops[3 * quarter - 3: 3 * quarter], bottoms[3 * quarter - 3: 3 * quarter]
        quarters[quarter] = sum(top) / sum(bottom) if pooled else sum(a / b for a, b in zip(top, bottom)) / 3
    return quarters


def _quarters(function, frame, numerator, denominator):
    import pandas as pd

    values = call(function, frame, numerator, denominator)
    if not isinstance(values, pd.Series):
        return None, msg("exercises.want_series", kind=describe(values))
    try:
        got = {int(key): float(value) for key, value in values.items()}
    except (TypeError, ValueError):
        return None, msg("exercises.l04_quarter_index")
    return (got, None) if sorted(got) == [1, 2, 3, 4] else (None, msg("exercises.l04_quarter_index"))


def _quarter_case(numerator, denominator):
    def run(function):
        got, problem = _quarters(function, year_frame(numerator, denominator), numerator, denominator)
        if problem:
            return problem
        expected = quarter_expected(YEAR_TOP, YEAR_BOTTOM)
        values = [got[quarter] for quarter in sorted(expected)]
        if all(close(value, expected[quarter]) for value, quarter in zip(values, sorted(expected))):
            return None
        averaged = quarter_expected(YEAR_TOP, YEAR_BOTTOM, pooled=False)
        if all(close(value, averaged[quarter]) for value, quarter in zip(values, sorted(averaged))):
            return msg("exercises.l04_rates_averaged")
        return with_hint(msg("exercises.l04_quarter_wrong"),
                         slips.diagnose_all(values, [expected[quarter] for quarter in sorted(expected)]))
    return run


TASKS += [
    Task("04.4", msg("exercises.l04_title_payback"), "code", name="payback_orders", points=2,
         cases=lambda: [Case(msg("exercises.l04_payback_label", margin=50), _payback_case(0.5)),
                        Case(msg("exercises.l04_payback_label", margin=25), _payback_case(0.25))]),
    Task("04.5", msg("exercises.l04_title_quarters"), "code", name="quarterly_rate", points=2,
         cases=lambda: [Case(msg("exercises.l04_quarter_label"), _quarter_case("wecom_adds", "new_followers")),
                        Case(msg("exercises.l04_quarter_columns_label"),
                             _quarter_case("repeat_customers", "active_customers"))]),
    Task("04.6", msg("exercises.l04_title_trend"), "written", points=2, rubric_points=2, min_words=40),
]
