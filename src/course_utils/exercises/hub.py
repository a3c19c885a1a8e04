"""Lesson 2 tasks: the private-domain funnel and the two repurchase rates.

The cases build tiny order books whose answers can be counted by hand, so a
learner can reason about any feedback they get.
"""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, with_hint
from course_utils.exercises.task import Task
from course_utils.messages import msg


def order_book(orders_per_customer: dict[str, int]):
    """Orders, one row each, for customers with the given order counts (dates one week apart)."""
    import pandas as pd

    rows = []
    for customer, count in orders_per_customer.items():
        for n in range(count):
            rows.append({"order_id": f"{customer}-{n}", "customer_id": customer,
                         "order_date": pd.Timestamp("2024-03-01") + pd.Timedelta(weeks=n),
                         "amount": 100.0 + 10 * n})
    return pd.DataFrame(rows).sample(frac=1.0, random_state=7).reset_index(drop=True)


def _stages(function, views, rates):
    values = call(function, views, rates)
    try:
        return [float(value) for value in values]
    except (TypeError, ValueError):
        return None


def _funnel_shape(function):
    stages = _stages(function, 10_000, [0.1, 0.5])
    if stages is None:
        return msg("exercises.l02_funnel_not_list")
    if len(stages) != 3:
        return msg("exercises.l02_funnel_length", got=len(stages))
    return None if close(stages[0], 10_000) else msg("exercises.l02_funnel_first")


def _funnel_chain(function):
    rates = [0.2, 0.3, 0.5]
    stages = _stages(function, 5_000, rates)
    if stages is None or len(stages) != 4:
        return msg("exercises.l02_funnel_not_list")
    expected = [5_000.0]
    for step in rates:
        expected.append(expected[-1] * step)
    if all(close(a, b) for a, b in zip(stages, expected)):
        return None
    if all(close(a, 5_000 * step) for a, step in zip(stages[1:], rates)):
        return msg("exercises.l02_funnel_not_chained")
    return with_hint(msg("exercises.l02_funnel_wrong"), slips.diagnose_all(stages[1:], expected[1:]))


def _funnel_one_step(function):
    stages = _stages(function, 800, [0.25])
    if stages is None or len(stages) != 2 or not close(stages[1], 800 * 0.25):
        slip = slips.diagnose(stages[1], 800 * 0.25) if stages is not None and len(stages) == 2 else None
        return with_hint(msg("exercises.l02_funnel_one_step"), slip)
    return None


FOUR_CUSTOMERS = {"A": 3, "B": 1, "C": 2, "D": 1}  # 7 orders, 4 customers, 2 of them repeat


def _customer_rate_cases():
    return [
        Case(msg("exercises.l02_rate_is_number"),
             lambda f: number_case(f, (order_book(FOUR_CUSTOMERS),), 0.5, hints={
                 3 / 7: msg("exercises.l02_hint_order_based"),
                 2.0: msg("exercises.l02_hint_count_not_share"),
                 0.25: msg("exercises.l02_hint_three_orders"),
                 5 / 7: msg("exercises.l02_hint_orders_of_repeaters")},
                 wrong_hint=msg("exercises.l02_hint_customer_based"))),
        Case(msg("exercises.l02_rate_no_repeaters"),
             lambda f: number_case(f, (order_book({"A": 1, "B": 1, "C": 1}),), 0.0,
                                   wrong_hint=msg("exercises.l02_hint_customer_based"))),
    ]


def _order_rate_cases():
    return [
        Case(msg("exercises.l02_order_rate_value"),
             lambda f: number_case(f, (order_book(FOUR_CUSTOMERS),), 3 / 7, hints={
                 0.5: msg("exercises.l02_hint_customer_based_used"),
                 5 / 7: msg("exercises.l02_hint_orders_of_repeaters"),
                 3.0: msg("exercises.l02_hint_count_not_share")},
                 wrong_hint=msg("exercises.l02_hint_order_based_definition"))),
        Case(msg("exercises.l02_rate_no_repeaters"),
             lambda f: number_case(f, (order_book({"A": 1, "B": 1}),), 0.0,
                                   wrong_hint=msg("exercises.l02_hint_order_based_definition"))),
    ]


TASKS = [
    Task("02.1", msg("exercises.l02_title_funnel"), "code", name="funnel", points=2,
         cases=lambda: [Case(msg("exercises.l02_funnel_shape_label"), _funnel_shape),
                        Case(msg("exercises.l02_funnel_chain_label"), _funnel_chain),
                        Case(msg("exercises.l02_funnel_one_step_label"), _funnel_one_step)]),
    Task("02.2", msg("exercises.l02_title_customer_rate"), "code", name="repurchase_rate_customers",
         points=2, cases=_customer_rate_cases),
    Task("02.3", msg("exercises.l02_title_order_rate"), "code", name="repurchase_rate_orders",
         points=2, cases=_order_rate_cases),
    Task("02.4", msg("exercises.l02_title_double"), "written", points=3, rubric_points=3, min_words=60),
]


# Tasks 2.5 and 2.6: customers by acquisition channel, each with orders as (day of 2024, amount, refunded).
# The last order (day 200) ends the data: customers first seen after day 110 have not had 90 days yet.
COHORT = {
    "A": ("channels_live", [(0, 200.0, False), (30, 150.0, False)]),
    "B": ("channels_live", [(10, 180.0, False)]),
    "C": ("channels_live", [(20, 220.0, False), (150, 300.0, False)]),     # second order after 90 days
    "I": ("channels_live", [(100, 90.0, False), (200, 120.0, False)]),
    "J": ("channels_live", [(180, 160.0, False), (185, 140.0, False)]),    # window not over: left out
    "D": ("channels_video", [(5, 100.0, False), (95, 80.0, True)]),        # exactly 90 days later, refunded
    "E": ("channels_video", [(40, 260.0, True)]),
    "F": ("channels_video", [(150, 120.0, False), (160, 110.0, False)]),
    "G": ("channels_video", [(190, 70.0, False), (195, 75.0, False)]),
}


def cohort_frames(book: dict = COHORT):
    """``(orders, customers)`` frames for a book of customers like :data:`COHORT`."""
    import pandas as pd

    start = pd.Timestamp("2024-01-01")
    orders, customers = [], []
    for customer, (channel, placed) in book.items():
        customers.append({"customer_id": customer, "acquisition_channel": channel,
                          "first_order_date": start + pd.Timedelta(days=min(day for day, _, _ in placed))})
        orders += [{"order_id": f"{customer}-{n}", "customer_id": customer,
                    "order_date": start + pd.Timedelta(days=day), "amount": amount, "refunded": refunded}
                   for n, (day, amount, refunded) in enumerate(placed)]
    frame = pd.DataFrame(orders).sample(frac=1.0, random_state=3).reset_index(drop=True)
    return frame, pd.DataFrame(customers)


def window_reference(book: dict, days: int, *, censor=True, window=True, inclusive=True, measure="repeat",
                     keep_refunds=False) -> dict[str, tuple[int, float]]:
    """Per channel, ``(customers counted, repeat rate or mean net revenue)``; the flags make known mistakes."""
    end = max(day for _, placed in book.values() for day, _, _ in placed)
    found: dict[str, list] = {}
    for channel, placed in book.values():
        first = min(day for day, _, _ in placed)
        if censor and first + days > end:
            continue
        kept = [(day, amount, refunded) for day, amount, refunded in placed
                if not window or day - first < days or (inclusive and day - first == days)]
        value = (len(kept) >= 2) if measure == "repeat" else sum(
            amount for _, amount, refunded in kept if keep_refunds or not refunded)
        found.setdefault(channel, []).append(value)
    return {channel: (len(values), sum(values) / len(values)) for channel, values in found.items()}


def _window_table(function, days):
    import pandas as pd

    orders, customers = cohort_frames()
    table = call(function, orders, customers, days=days)
    if not isinstance(table, pd.DataFrame):
        return None, msg("exercises.want_frame", kind=describe(table))
    missing = [column for column in ("customers", "repeat_rate") if column not in table.columns]
    if missing:
        return None, msg("exercises.l02_window_missing", columns=", ".join(missing))
    return table, None


def _window_shape(function):
    table, problem = _window_table(function, 90)
    if problem:
        return problem
    expected = set(window_reference(COHORT, 90))
    return None if set(map(str, table.index)) == expected else msg("exercises.l02_window_index")


def _column(table, column, channels):
    try:
        return [float(table[column].loc[channel]) for channel in channels]
    except (KeyError, TypeError, ValueError):
        return None


def _window_counts(function):
    table, problem = _window_table(function, 90)
    if problem:
        return problem
    expected = window_reference(COHORT, 90)
    got = _column(table, "customers", expected)
    if got is None:
        return msg("exercises.l02_window_index")
    if got == [count for count, _ in expected.values()]:
        return None
    uncensored = window_reference(COHORT, 90, censor=False)
    if got == [uncensored[channel][0] for channel in expected]:
        return msg("exercises.l02_window_censor")
    return msg("exercises.l02_window_counts")


def _window_rates(days):
    def run(function):
        table, problem = _window_table(function, days)
        if problem:
            return problem
        expected = window_reference(COHORT, days)
        got = _column(table, "repeat_rate", expected)
        if got is None:
            return msg("exercises.l02_window_index")
        if all(close(a, rate) for a, (_, rate) in zip(got, expected.values())):
            return None
        mistakes = (({"censor": False}, "l02_window_censor"), ({"window": False}, "l02_window_any_later"),
                    ({"inclusive": False}, "l02_window_inclusive"))
        for flags, key in mistakes:
            wrong = window_reference(COHORT, days, **flags)
            if all(close(a, wrong.get(channel, (0, -1.0))[1]) for a, channel in zip(got, expected)):
                return msg(f"exercises.{key}")
        return with_hint(msg("exercises.l02_window_wrong"), slips.diagnose_all(got, [r for _, r in expected.values()]))
    return run


def _value_case(days):
    def run(function):
        import pandas as pd

        orders, customers = cohort_frames()
        values = call(function, orders, customers, days=days)
        if not isinstance(values, pd.Series):
            return msg("exercises.want_series", kind=describe(values))
        expected = window_reference(COHORT, days, measure="value")
        if set(map(str, values.index)) != set(expected):
            return msg("exercises.l02_window_index")
        try:
            got = [float(values.loc[channel]) for channel in expected]
        except (TypeError, ValueError):
            return msg("exercises.l02_value_wrong")
        if all(close(a, value) for a, (_, value) in zip(got, expected.values())):
            return None
        mistakes = (({"keep_refunds": True}, "l02_value_refunds"), ({"censor": False}, "l02_window_censor"),
                    ({"window": False}, "l02_value_window"), ({"inclusive": False}, "l02_window_inclusive"))
        for flags, key in mistakes:
            wrong = window_reference(COHORT, days, measure="value", **flags)
            if all(close(a, wrong.get(channel, (0, -1.0))[1]) for a, channel in zip(got, expected)):
                return msg(f"exercises.{key}")
        return with_hint(msg("exercises.l02_value_wrong"), slips.diagnose_all(got, [v for _, v in expected.values()]))
    return run


TASKS += [
    Task("02.5", msg("exercises.l02_title_window"), "code", name="repeat_within", points=2,
         cases=lambda: [Case(msg("exercises.l02_window_shape_label"), _window_shape),
                        Case(msg("exercises.l02_window_counts_label"), _window_counts),
                        Case(msg("exercises.l02_window_rates_label"), _window_rates(90)),
                        Case(msg("exercises.l02_window_days_label"), _window_rates(30))]),
    Task("02.6", msg("exercises.l02_title_value"), "code", name="value_within", points=2,
         cases=lambda: [Case(msg("exercises.l02_value_label"), _value_case(90)),
                        Case(msg("exercises.l02_value_days_label"), _value_case(30))]),
    Task("02.7", msg("exercises.l02_title_budget"), "written", points=2, rubric_points=2, min_words=40),
]
