"""Hidden checks, used by ``course grade`` only: instructor material, never handed out.

``HIDDEN`` maps a task id to extra cases run after the public ones. They probe
edge cases that the public checks do not show, so a learner's score reflects
a function that works in general, not one fitted to the visible tests.
"""

from __future__ import annotations

import math

from course_utils.exercises.calling import call
from course_utils.exercises.casekit import Case, close, number_case
from course_utils.exercises.content_creators import engagement_frame, posts_frame
from course_utils.exercises.hub import cohort_frames, order_book
from course_utils.exercises.commerce import session_ids, sessions_frame
from course_utils.exercises.commerce_kol import hosted_frame
from course_utils.exercises.diagnosis import YEAR_BOTTOM, YEAR_TOP, year_frame
from course_utils.instructor.references import lift_within, per_thousand, quarter_expected, window_reference


def hidden_mix_two_types(function):
    shares = call(function, posts_frame([("kol", 9, True, 0.5)] * 3 + [("brand", 9, True, 0.5)]))
    values = {str(key): float(value) for key, value in shares.items()}
    return None if close(values.get("kol", -1), 0.75) and close(values.get("brand", -1), 0.25) else "wrong shares"


def hidden_hook_unbalanced(function):
    frame = posts_frame([("kol", 9, True, 0.9)] + [("kol", 9, False, 0.2)] * 9)
    return number_case(function, (frame,), 0.7)


def hidden_hours_single_post_each(function):
    frame = posts_frame([("kol", hour, True, hour / 100) for hour in (6, 9, 14, 22)])
    hours = [int(hour) for hour in call(function, frame, 2, min_posts=1)]
    return None if hours == [22, 14] else "wrong hours"


def hidden_funnel_no_steps(function):
    stages = [float(value) for value in call(function, 1_234, [])]
    return None if stages == [1_234.0] else "wrong stages"


def hidden_funnel_long(function):
    stages = [float(value) for value in call(function, 1_000_000, [0.05, 0.3, 0.5, 0.2, 0.25])]
    return None if len(stages) == 6 and close(stages[-1], 375.0) else "wrong stages"


def hidden_customers_many_orders(function):
    return number_case(function, (order_book({"A": 12, "B": 1, "C": 1, "D": 1, "E": 2}),), 0.4)


def hidden_orders_many_orders(function):
    return number_case(function, (order_book({"A": 12, "B": 1, "C": 1, "D": 1, "E": 2}),), 12 / 17)


def hidden_gmv_large_room(function):
    return number_case(function, (250_000, 0.031, 212.5), 250_000 * 0.031 * 212.5)


def hidden_metrics_keeps_ids(function):
    metrics_table = call(function, sessions_frame())
    ids = session_ids(metrics_table) or []
    return None if sorted(map(str, ids)) == ["S1", "S2"] else "session ids lost"


def hidden_uplift_discount_above_margin(function):
    value = call(function, 0.3, 0.5)
    return None if isinstance(value, float) and math.isinf(value) and value > 0 else "not infinite"


def hidden_uplift_small(function):
    return number_case(function, (0.6, 0.01), 0.01 / 0.59)


def hidden_contribution_all_refunded(function):
    return number_case(function, (5_000, 5_000, 0.05, 0.5, 100, 400), -500)


def hidden_rates_one_month(function):
    import pandas as pd

    month = pd.DataFrame({"month": pd.to_datetime(["2024-05-01"]), "posts": [4], "avg_views_per_post": [250.0],
                          "new_followers": [20], "wecom_adds": [5], "active_customers": [40],
                          "repeat_customers": [10], "orders": [50], "revenue": [4_000.0]})
    rates = call(function, month)
    wanted = {"follow_rate": 0.02, "wecom_rate": 0.25, "repeat_share": 0.25, "aov": 80.0}
    return None if all(close(float(rates[key]), value) for key, value in wanted.items()) else "wrong rates"


def hidden_constraint_other_keys(function):
    answer = call(function, {"a": 0.5, "b": 0.05}, {"a": 1.0, "b": 0.04})
    return None if answer == "a" else "wrong key"


def hidden_constraint_all_above(function):
    # Like the kidswear label: every rate beats its benchmark; the smallest ratio is still named.
    answer = call(function, {"follow_rate": 0.033, "wecom_rate": 0.37, "repeat_share": 0.79},
                  {"follow_rate": 0.02, "wecom_rate": 0.30, "repeat_share": 0.30})
    return None if answer == "wecom_rate" else "wrong key"


def hidden_lift_negative_and_one_sided(function):
    # One type where hooks go with lower completion, one with no hooked post at all.
    rows = [("employee", 9, True, 0.2), ("employee", 9, False, 0.5), ("employee", 9, False, 0.3),
            ("kol", 9, True, 0.9), ("kol", 9, False, 0.4), ("brand", 9, False, 0.6)]
    lifts = {str(key): float(value) for key, value in call(function, posts_frame(rows)).items()}
    expected = lift_within(rows)
    right = set(lifts) == set(expected) and all(close(lifts[key], value) for key, value in expected.items())
    return None if right else "wrong lifts"


def hidden_engagement_single_posts(function):
    rows = [("customer", 250, 1, 0), ("kol", 40_000, 900, 610), ("kol", 10, 5, 5)]
    engagement = call(function, engagement_frame(rows))
    right = all(close(float(engagement[f"{column}_per_1000"].loc[kind]), value)
                for column in ("shares", "follows") for kind, value in per_thousand(rows, column).items())
    return None if right else "wrong rates"


HALF_YEAR = {
    "K": ("search", [(0, 50.0, False), (60, 40.0, False), (61, 30.0, True)]),
    "L": ("search", [(3, 70.0, False)]),
    "M": ("moments", [(10, 120.0, True), (11, 80.0, False)]),
    "N": ("moments", [(170, 60.0, False), (181, 65.0, False)]),
}


def hidden_window_other_channels(function):
    orders, customers = cohort_frames(HALF_YEAR)
    table = call(function, orders, customers, days=60)
    expected = window_reference(HALF_YEAR, 60)
    right = set(map(str, table.index)) == set(expected) and all(
        close(float(table["repeat_rate"].loc[key]), rate) and int(table["customers"].loc[key]) == count
        for key, (count, rate) in expected.items())
    return None if right else "wrong table"


def hidden_value_other_channels(function):
    orders, customers = cohort_frames(HALF_YEAR)
    values = call(function, orders, customers, days=60)
    expected = window_reference(HALF_YEAR, 60, measure="value")
    right = set(map(str, values.index)) == set(expected) and all(
        close(float(values.loc[key]), value) for key, (_, value) in expected.items())
    return None if right else "wrong values"


def hidden_kol_one_theme(function):
    frame = hosted_frame([("brand", "618", 30_000.0, 0.0, 0.0, 0.0), ("kol", "618", 20_000.0, 0.0, 0.0, 0.0),
                          ("kol", "618", 40_000.0, 2_000.0, 1_000.0, 3_000.0)])
    # brand 15,000; KOL 10,000 and 15,000: a KOL here earns less per session.
    return number_case(function, (frame, 0.05, 0.45), 12_500.0 - 15_000.0)


def hidden_like_for_like_three_themes(function):
    frame = hosted_frame([("brand", "regular", 10_000.0, 0.0, 0.0, 0.0), ("kol", "regular", 12_000.0, 0.0, 0.0, 0.0),
                          ("brand", "618", 40_000.0, 0.0, 0.0, 0.0), ("kol", "618", 60_000.0, 0.0, 0.0, 0.0),
                          ("kol", "618", 50_000.0, 0.0, 0.0, 0.0), ("kol", "618", 70_000.0, 0.0, 0.0, 0.0),
                          ("brand", "new_season", 8_000.0, 0.0, 0.0, 0.0)])
    # Premiums at 50% kept: regular 1,000 (one KOL session), 618 10,000 (three); new season has no KOL.
    return number_case(function, (frame, 0.05, 0.45), (1_000.0 + 3 * 10_000.0) / 4)


def hidden_payback_one_month(function):
    import pandas as pd

    month = pd.DataFrame({"month": pd.to_datetime(["2024-09-01"]), "ad_spend": [2_400.0], "coupon_cost": [600.0],
                          "first_purchases": [40], "revenue": [9_000.0], "orders": [60]})
    return number_case(function, (month, 0.6), (3_000.0 / 40) / (9_000.0 / 60 * 0.6))


def hidden_quarters_other_columns(function):
    # The counts the other way up: the rate must follow the arguments, not the column order.
    frame = year_frame("orders", "first_purchases")
    values = {int(key): float(value) for key, value in call(function, frame, "first_purchases", "orders").items()}
    expected = quarter_expected(YEAR_BOTTOM, YEAR_TOP)
    right = sorted(values) == [1, 2, 3, 4] and all(close(values[q], rate) for q, rate in expected.items())
    return None if right else "wrong quarters"


HIDDEN = {
    "01.1": [Case("hidden", hidden_mix_two_types)],
    "01.2": [Case("hidden", hidden_hook_unbalanced)],
    "01.3": [Case("hidden", hidden_hours_single_post_each)],
    "02.1": [Case("hidden", hidden_funnel_no_steps), Case("hidden", hidden_funnel_long)],
    "02.2": [Case("hidden", hidden_customers_many_orders)],
    "02.3": [Case("hidden", hidden_orders_many_orders)],
    "03.1": [Case("hidden", hidden_gmv_large_room)],
    "03.2": [Case("hidden", hidden_metrics_keeps_ids)],
    "03.3": [Case("hidden", hidden_uplift_discount_above_margin), Case("hidden", hidden_uplift_small)],
    "03.4": [Case("hidden", hidden_contribution_all_refunded)],
    "04.1": [Case("hidden", hidden_rates_one_month)],
    "04.2": [Case("hidden", hidden_constraint_other_keys), Case("hidden", hidden_constraint_all_above)],
    "01.5": [Case("hidden", hidden_lift_negative_and_one_sided)],
    "01.6": [Case("hidden", hidden_engagement_single_posts)],
    "02.5": [Case("hidden", hidden_window_other_channels)],
    "02.6": [Case("hidden", hidden_value_other_channels)],
    "03.6": [Case("hidden", hidden_kol_one_theme)],
    "03.7": [Case("hidden", hidden_like_for_like_three_themes)],
    "04.4": [Case("hidden", hidden_payback_one_month)],
    "04.5": [Case("hidden", hidden_quarters_other_columns)],
}
