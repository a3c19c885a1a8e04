"""Lesson 3 tasks: GMV, live-room metrics, coupon break-even uplift, a session's contribution."""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, with_hint
from course_utils.exercises.task import Task
from course_utils.messages import msg


def sessions_frame():
    """Two live sessions whose metrics can be worked out by hand."""
    import pandas as pd

    return pd.DataFrame({"session_id": ["S1", "S2"], "views": [20_000, 5_000],
                         "viewers": [8_000, 2_500], "orders": [240, 60], "buyers": [200, 50],
                         "gmv": [36_000.0, 7_500.0]})


METRIC_COLUMNS = ("conversion", "uv_value", "gpm")


def _metrics(function):
    import pandas as pd

    table = call(function, sessions_frame())
    if not isinstance(table, pd.DataFrame):
        return None, msg("exercises.want_frame", kind=describe(table))
    missing = [column for column in METRIC_COLUMNS if column not in table.columns]
    if missing:
        return None, msg("exercises.l03_metrics_missing", columns=", ".join(missing))
    if len(table) != 2:
        return None, msg("exercises.l03_metrics_rows", rows=len(table))
    return table, None


def _metrics_shape(function):
    return _metrics(function)[1]


def _metric_column(column, expected, mistakes):
    def run(function):
        table, problem = _metrics(function)
        if problem:
            return problem
        got = [float(value) for value in table[column]]
        if all(close(a, b) for a, b in zip(got, expected)):
            return None
        for wrong, hint_key in mistakes:
            if all(close(a, b) for a, b in zip(got, wrong)):
                return msg(f"exercises.{hint_key}")
        return with_hint(msg("exercises.l03_metric_wrong", column=column), slips.diagnose_all(got, expected))
    return run


def _metric_cases():
    return [
        Case(msg("exercises.l03_metrics_shape_label"), _metrics_shape),
        Case(msg("exercises.l03_conversion_label"),
             _metric_column("conversion", [200 / 8_000, 50 / 2_500],
                            [([240 / 8_000, 60 / 2_500], "l03_conversion_orders"),
                             ([200 / 20_000, 50 / 5_000], "l03_conversion_views")])),
        Case(msg("exercises.l03_uv_value_label"),
             _metric_column("uv_value", [36_000 / 8_000, 7_500 / 2_500],
                            [([36_000 / 20_000, 7_500 / 5_000], "l03_uv_value_views"),
                             ([36_000 / 200, 7_500 / 50], "l03_uv_value_aov")])),
        Case(msg("exercises.l03_gpm_label"),
             _metric_column("gpm", [36_000 * 1_000 / 20_000, 7_500 * 1_000 / 5_000],
                            [([36_000 / 20_000, 7_500 / 5_000], "l03_gpm_thousand"),
                             ([36_000 * 1_000 / 8_000, 7_500 * 1_000 / 2_500], "l03_gpm_viewers")])),
    ]


def _uplift_cases():
    # Arguments in the lesson's order, break_even_uplift(margin, discount); swapped ones give inf or a negative.
    return [
        Case(msg("exercises.l03_uplift_value_label"),
             lambda f: number_case(f, (0.4, 0.1), 1 / 3, hints={
                 0.25: msg("exercises.l03_uplift_over_margin"),
                 0.1 / 0.3 * 100: msg("exercises.l03_uplift_percent"),
                 float("inf"): msg("exercises.l03_uplift_order"),
                 0.4 / (0.1 - 0.4): msg("exercises.l03_uplift_order")},
                 wrong_hint=msg("exercises.l03_uplift_wrong"))),
        Case(msg("exercises.l03_uplift_second_label"),
             lambda f: number_case(f, (0.5, 0.2), 2 / 3, hints={
                 float("inf"): msg("exercises.l03_uplift_order"),
                 0.5 / (0.2 - 0.5): msg("exercises.l03_uplift_order")},
                 wrong_hint=msg("exercises.l03_uplift_wrong"))),
        Case(msg("exercises.l03_uplift_impossible_label"),
             lambda f: number_case(f, (0.3, 0.3), float("inf"),
                                   wrong_hint=msg("exercises.l03_uplift_impossible"))),
    ]


def _contribution_cases():
    return [
        Case(msg("exercises.l03_contribution_value_label"),
             lambda f: number_case(f, (100_000, 8_000, 0.05, 0.45, 3_000, 10_000), 33_000, hints={
                 37_000: msg("exercises.l03_contribution_refunds"),
                 46_000: msg("exercises.l03_contribution_costs")},
                 wrong_hint=msg("exercises.l03_contribution_wrong"))),
        Case(msg("exercises.l03_contribution_loss_label"),
             lambda f: number_case(f, (20_000, 0, 0.05, 0.55, 2_000, 9_000), -3_000, hints={
                 0.0: msg("exercises.l03_contribution_floor")},
                 wrong_hint=msg("exercises.l03_contribution_wrong"))),
    ]


TASKS = [
    Task("03.1", msg("exercises.l03_title_gmv"), "code", name="gmv", points=1,
         cases=lambda: [
             Case(msg("exercises.l03_gmv_value_label"),
                  lambda f: number_case(f, (10_000, 0.02, 150), 30_000, hints={
                      10_000 * 2 * 150: msg("exercises.l03_gmv_percent")},
                      wrong_hint=msg("exercises.l03_gmv_wrong"))),
             Case(msg("exercises.l03_gmv_zero_label"),
                  lambda f: number_case(f, (0, 0.05, 120), 0.0, wrong_hint=msg("exercises.l03_gmv_wrong")))]),
    Task("03.2", msg("exercises.l03_title_metrics"), "code", name="live_metrics", points=3,
         cases=_metric_cases),
    Task("03.3", msg("exercises.l03_title_uplift"), "code", name="break_even_uplift", points=2,
         cases=_uplift_cases),
    Task("03.4", msg("exercises.l03_title_contribution"), "code", name="contribution", points=2,
         cases=_contribution_cases),
    Task("03.5", msg("exercises.l03_title_flash"), "written", points=3, rubric_points=3, min_words=60),
]


def hosted_frame(rows: list[tuple] | None = None):
    """Sessions with ``host``, ``theme`` and the P&L columns; KOLs host more of the big campaign sessions."""
    import pandas as pd

    rows = rows if rows is not None else HOSTED
    return pd.DataFrame(rows, columns=["host", "theme", "gmv", "refund_amount", "coupon_cost", "ad_spend"]).assign(
        session_id=lambda frame: [f"S{n}" for n in range(1, len(frame) + 1)])


HOSTED = [("brand", "regular", 10_000.0, 500.0, 300.0, 0.0), ("brand", "regular", 12_000.0, 600.0, 400.0, 1_000.0),
          ("brand", "double11", 40_000.0, 2_000.0, 2_000.0, 5_000.0),
          ("kol", "regular", 16_000.0, 1_500.0, 500.0, 0.0), ("kol", "double11", 50_000.0, 4_000.0, 3_000.0, 8_000.0),
          ("kol", "double11", 60_000.0, 5_000.0, 3_500.0, 6_000.0),
          ("kol", "spring_festival", 30_000.0, 3_000.0, 1_000.0, 2_000.0)]  # no brand session to compare with


def _session_contribution(row, fee_rate, cogs_rate, refunds=True):
    net_sales = row[2] - (row[3] if refunds else 0.0)
    return net_sales * (1 - fee_rate - cogs_rate) - row[4] - row[5]


def kol_reference(fee_rate, cogs_rate, *, like_for_like=False, weighted=True, totals=False, refunds=True,
                  gmv_only=False) -> float:
    """The KOL premium on :data:`HOSTED`, counted row by row; the flags make known mistakes."""
    def value(row):
        return row[2] if gmv_only else _session_contribution(row, fee_rate, cogs_rate, refunds)

    def gap(rows):
        kol = [value(row) for row in rows if row[0] == "kol"]
        brand = [value(row) for row in rows if row[0] == "brand"]
        return sum(kol) - sum(brand) if totals else sum(kol) / len(kol) - sum(brand) / len(brand)

    if not like_for_like:
        return gap(HOSTED)
    themes = {row[1] for row in HOSTED}
    both = {theme: [row for row in HOSTED if row[1] == theme] for theme in themes}
    both = {theme: rows for theme, rows in both.items() if {row[0] for row in rows} == {"brand", "kol"}}
    weights = {theme: (sum(row[0] == "kol" for row in rows) if weighted else 1) for theme, rows in both.items()}
    return sum(gap(rows) * weights[theme] for theme, rows in both.items()) / sum(weights.values())


def _kol_case(fee_rate, cogs_rate, like_for_like):
    def run(function):
        expected = kol_reference(fee_rate, cogs_rate, like_for_like=like_for_like)
        mistakes = {kol_reference(fee_rate, cogs_rate, totals=True): msg("exercises.l03_kol_totals"),
                    kol_reference(fee_rate, cogs_rate, refunds=False, like_for_like=like_for_like):
                        msg("exercises.l03_contribution_refunds"),
                    kol_reference(fee_rate, cogs_rate, gmv_only=True, like_for_like=like_for_like):
                        msg("exercises.l03_kol_gmv")}
        if like_for_like:
            mistakes[kol_reference(fee_rate, cogs_rate)] = msg("exercises.l03_lfl_naive")
            mistakes[kol_reference(fee_rate, cogs_rate, like_for_like=True, weighted=False)] = \
                msg("exercises.l03_lfl_unweighted")
        return number_case(function, (hosted_frame(), fee_rate, cogs_rate), expected, hints=mistakes,
                           wrong_hint=msg("exercises.l03_lfl_wrong" if like_for_like else "exercises.l03_kol_wrong"))
    return run


TASKS += [
    Task("03.6", msg("exercises.l03_title_kol"), "code", name="kol_premium", points=2,
         cases=lambda: [Case(msg("exercises.l03_kol_label", fee=5, cogs=45), _kol_case(0.05, 0.45, False)),
                        Case(msg("exercises.l03_kol_label", fee=5, cogs=60), _kol_case(0.05, 0.60, False))]),
    Task("03.7", msg("exercises.l03_title_lfl"), "code", name="kol_premium_like_for_like", points=2,
         cases=lambda: [Case(msg("exercises.l03_lfl_label", fee=5, cogs=45), _kol_case(0.05, 0.45, True)),
                        Case(msg("exercises.l03_lfl_label", fee=5, cogs=60), _kol_case(0.05, 0.60, True))]),
    Task("03.8", msg("exercises.l03_title_sign"), "written", points=2, rubric_points=2, min_words=40),
]
