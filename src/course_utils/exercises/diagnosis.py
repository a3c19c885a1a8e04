"""Lesson 4 tasks: a business's funnel rates over a year and the rate furthest below its benchmark.

The benchmarks for the WeCom rate and the repeat share are the lesson's own
(``course_utils.models.diagnosis.SPECS``), so a learner is never taught two
benchmarks for one metric. The lesson's diagnosis has no follow rate; its
benchmark here is an extra teaching assumption, stated in the task.
"""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, real, with_hint
from course_utils.exercises.expected import recorded
from course_utils.exercises.task import Task
from course_utils.i18n import Translator
from course_utils.models.diagnosis import SPECS

tr = Translator("diagnosis")

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
        return None, tr.gettext("expected a dict, but got {kind}.", kind=describe(rates))
    missing = [key for key in RATE_KEYS if key not in rates]
    return (None, tr.gettext("the dict is missing {keys}.", keys=", ".join(missing))) if missing else (rates, None)


def _rate_case(key):
    def run(function):
        rates, problem = _rates(function)
        if problem:
            return problem
        try:
            value = real(rates[key])
        except (TypeError, ValueError):
            return tr.gettext("expected a single number, but got {kind}.", kind=describe(rates[key]))
        if close(value, POOLED[key]):
            return None
        if close(value, AVERAGED[key]):
            return tr.gettext("this is the average of monthly rates; pool the year instead: sum the numerator and "
                              "the denominator, then divide.")
        return with_hint(tr.gettext("{key} does not follow its definition in the task statement.", key=key), slips.diagnose(value, POOLED[key]))
    return run


FOLLOW_RATE_BENCHMARK = 0.02  # not in the lesson's diagnosis: an extra teaching assumption, as the task says
BENCH = {"follow_rate": FOLLOW_RATE_BENCHMARK, "wecom_rate": SPECS["wecom_rate"].benchmark,
         "repeat_share": SPECS["repeat_share"].benchmark}


def _constraint_case(rates, expected, smallest_raw):
    def run(function):
        answer = call(function, rates, BENCH)
        if not isinstance(answer, str) or answer not in BENCH:
            return tr.gettext("return one of the names {keys} as a string.", keys=", ".join(BENCH))
        if answer == expected:
            return None
        if answer == smallest_raw:
            return tr.gettext("that is the smallest rate, but rates differ in size by nature; divide each rate by "
                              "its benchmark and take the smallest ratio.")
        return tr.gettext("divide each rate by its benchmark; the binding constraint has the smallest ratio.")
    return run


TASKS = [
    Task("04.1", tr.noop("a year of funnel rates"), "code", name="funnel_rates", points=3,
         cases=lambda: [Case(tr.gettext("returns a dict with follow_rate, wecom_rate, repeat_share and aov"), lambda f: _rates(f)[1])]
         + [Case(tr.gettext("{key} over the whole year", key=key), _rate_case(key)) for key in RATE_KEYS]),
    Task("04.2", tr.noop("the rate furthest below its benchmark"), "code", name="weakest_rate", points=2,
         cases=lambda: [
             Case(tr.gettext("names the rate furthest below its benchmark"),
                  _constraint_case({"follow_rate": 0.012, "wecom_rate": 0.27, "repeat_share": 0.38},
                                   "follow_rate", "follow_rate")),
             # With aov as funnel_rates returns it: only the benchmarks' keys are rates to compare.
             Case(tr.gettext("compares each rate with its own benchmark, and only the rates that have one"),
                  _constraint_case({"follow_rate": 0.019, "wecom_rate": 0.12, "repeat_share": 0.36, "aov": 186.0},
                                   "wecom_rate", "follow_rate")),
             Case(tr.gettext("finds a weak repeat share as well"),
                  _constraint_case({"follow_rate": 0.03, "wecom_rate": 0.35, "repeat_share": 0.25},
                                   "repeat_share", "follow_rate"))]),
    Task("04.3", tr.noop("a 90-day plan"), "written", points=4, rubric_points=4, min_words=120),
]


SPEND = {"ad_spend": [3_000.0, 9_000.0], "coupon_cost": [1_000.0, 500.0], "first_purchases": [100, 100],
         "revenue": [20_000.0, 30_000.0], "orders": [200, 200]}


def spend_frame():
    """Two months of marketing spend and sales (:data:`SPEND`): pooled and averaged payback differ."""
    import pandas as pd

    return pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]), **SPEND})


def _payback_case(gross_margin):
    def run(function):
        return number_case(function, (spend_frame(), gross_margin), recorded("payback", gross_margin), hints={
            recorded("payback", gross_margin, pooled=False): tr.gettext("this is the average of monthly rates; pool "
                                                                     "the year instead: sum the numerator and the "
                                                                     "denominator, then divide."),
            recorded("payback", gross_margin, margin=False): tr.gettext("that divides by revenue per order; a customer "
                                                                     "repays the marketing spend from gross profit, "
                                                                     "so multiply the AOV by the gross margin."),
            recorded("payback", gross_margin, coupons=False): tr.gettext("the coupon cost was left out; marketing "
                                                                      "spend here is ad spend plus coupon cost, as "
                                                                      "in the lesson's marketing cost ratio.")},
            wrong_hint=tr.gettext("pool the year: (ad spend + coupon cost) ÷ first purchases is the spend per new "
                                  "customer; revenue ÷ orders × gross margin is the gross profit of one order; "
                                  "divide the first by the second."))
    return run


# Twelve months of two counts with uneven monthly sizes, so pooled and averaged quarters differ.
YEAR_TOP = [5, 20, 9, 30, 12, 8, 40, 6, 11, 25, 50, 7]
YEAR_BOTTOM = [50, 100, 30, 100, 60, 80, 100, 20, 110, 50, 250, 70]


def year_frame(numerator="wecom_adds", denominator="new_followers"):
    """January to December 2024 with :data:`YEAR_TOP` and :data:`YEAR_BOTTOM` under the given column names."""
    import pandas as pd

    return pd.DataFrame({"month": pd.date_range("2024-01-01", periods=12, freq="MS"),
                         numerator: YEAR_TOP, denominator: YEAR_BOTTOM})


def _quarters(function, frame, numerator, denominator):
    import pandas as pd

    values = call(function, frame, numerator, denominator)
    if not isinstance(values, pd.Series):
        return None, tr.gettext("expected a pandas Series, but got {kind}.", kind=describe(values))
    try:
        got = {int(key): real(value) for key, value in values.items()}
    except (TypeError, ValueError):
        return None, tr.gettext("expected a Series indexed by the quarters 1, 2, 3 and 4 (.dt.quarter gives a "
                                "date's quarter).")
    return (got, None) if sorted(got) == [1, 2, 3, 4] else (None, tr.gettext("expected a Series indexed by the "
                                                                             "quarters 1, 2, 3 and 4 (.dt.quarter "
                                                                             "gives a date's quarter)."))


def _quarter_case(numerator, denominator):
    def run(function):
        got, problem = _quarters(function, year_frame(numerator, denominator), numerator, denominator)
        if problem:
            return problem
        expected = recorded("quarters", YEAR_TOP, YEAR_BOTTOM)
        values = [got[quarter] for quarter in sorted(expected)]
        if all(close(value, expected[quarter]) for value, quarter in zip(values, sorted(expected))):
            return None
        averaged = recorded("quarters", YEAR_TOP, YEAR_BOTTOM, pooled=False)
        if all(close(value, averaged[quarter]) for value, quarter in zip(values, sorted(averaged))):
            return tr.gettext("this is the average of monthly rates; pool the year instead: sum the numerator and "
                              "the denominator, then divide.")
        return with_hint(tr.gettext("within each quarter, sum the numerator column and the denominator column over "
                                    "its months, then divide."),
                         slips.diagnose_all(values, [expected[quarter] for quarter in sorted(expected)]))
    return run


# The gross margins the payback checks try.
PAYBACK_MARGINS = (0.5, 0.25)

TASKS += [
    Task("04.4", tr.noop("does paid marketing pay back?"), "code", name="payback_orders", points=2,
         cases=lambda: [Case(tr.gettext("marketing spend per first purchase over gross profit per order (gross "
                                        "margin {margin}%)", margin=round(margin * 100)), _payback_case(margin))
                        for margin in PAYBACK_MARGINS]),
    Task("04.5", tr.noop("is each rate improving?"), "code", name="quarterly_rate", points=2,
         cases=lambda: [Case(tr.gettext("pools the rate within each quarter"), _quarter_case("wecom_adds", "new_followers")),
                        Case(tr.gettext("uses the column names it is given"),
                             _quarter_case("repeat_customers", "active_customers"))]),
    Task("04.6", tr.noop("what the trend and the payback add to your plan"), "written", points=2, rubric_points=2, min_words=40),
]
