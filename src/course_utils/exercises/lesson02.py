"""Lesson 2 tasks: the private-domain funnel and the two repurchase rates.

The cases build tiny order books whose answers can be counted by hand, so a
learner can reason about any feedback they get.
"""

from __future__ import annotations

from course_utils.exercises.casekit import close, number_case
from course_utils.exercises.checks import Case, call
from course_utils.exercises.tasks import Task
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
    return msg("exercises.l02_funnel_wrong")


def _funnel_one_step(function):
    stages = _stages(function, 800, [0.25])
    if stages is None or len(stages) != 2 or not close(stages[1], 200):
        return msg("exercises.l02_funnel_one_step")
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
