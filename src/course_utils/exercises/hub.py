"""Lesson 2 tasks: the private-domain funnel and the two repurchase rates.

The cases build tiny order books whose answers can be counted by hand, so a
learner can reason about any feedback they get.
"""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, real, with_hint
from course_utils.exercises.expected import recorded
from course_utils.exercises.task import Task
from course_utils.i18n import Translator

tr = Translator("hub")


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
        return [real(value) for value in values]
    except (TypeError, ValueError):
        return None


def _funnel_shape(function):
    stages = _stages(function, 10_000, [0.1, 0.5])
    if stages is None:
        return tr.gettext("expected a list of numbers, one per stage.")
    if len(stages) != 3:
        return tr.gettext("got {got} stages; with two step rates there are three stages (the views and one per "
                          "step).", got=len(stages))
    return None if close(stages[0], 10_000) else tr.gettext("the first stage should be the views themselves.")


def _funnel_chain(function):
    rates = [0.2, 0.3, 0.5]
    stages = _stages(function, 5_000, rates)
    if stages is None or len(stages) != 4:
        return tr.gettext("expected a list of numbers, one per stage.")
    expected = [5_000.0]
    for step in rates:
        expected.append(expected[-1] * step)
    if all(close(a, b) for a, b in zip(stages, expected)):
        return None
    if all(close(a, 5_000 * step) for a, step in zip(stages[1:], rates)):
        return tr.gettext("each step rate was applied to the views; it applies to the people who reached the stage "
                          "before.")
    return with_hint(tr.gettext("multiply the previous stage by the step rate, one step at a time."), slips.diagnose_all(stages[1:], expected[1:]))


def _funnel_one_step(function):
    stages = _stages(function, 800, [0.25])
    if stages is None or len(stages) != 2 or not close(stages[1], 800 * 0.25):
        slip = slips.diagnose(stages[1], 800 * 0.25) if stages is not None and len(stages) == 2 else None
        return with_hint(tr.gettext("with one step rate there are two stages: the views and the views times the "
                                    "rate."), slip)
    return None


FOUR_CUSTOMERS = {"A": 3, "B": 1, "C": 2, "D": 1}  # 7 orders, 4 customers, 2 of them repeat


def _customer_rate_cases():
    return [
        Case(tr.gettext("counts the share of customers with two or more orders"),
             lambda f: number_case(f, (order_book(FOUR_CUSTOMERS),), 0.5, hints={
                 3 / 7: tr.gettext("that is the order-based rate (repeat orders over all orders); this task wants "
                                   "customers."),
                 2.0: tr.gettext("that is a count; divide by the total to get a share."),
                 0.25: tr.gettext("a repeat customer has at least two orders, not more than two."),
                 5 / 7: tr.gettext("every order of a repeat customer was counted, including their first; a repeat "
                                   "order is any order after a customer's first.")},
                 wrong_hint=tr.gettext("count orders per customer_id, then the share of customers with two or more."))),
        Case(tr.gettext("returns 0 when nobody has bought twice"),
             lambda f: number_case(f, (order_book({"A": 1, "B": 1, "C": 1}),), 0.0,
                                   wrong_hint=tr.gettext("count orders per customer_id, then the share of customers "
                                                         "with two or more."))),
    ]


def _order_rate_cases():
    return [
        Case(tr.gettext("counts the share of orders that are repeat orders"),
             lambda f: number_case(f, (order_book(FOUR_CUSTOMERS),), 3 / 7, hints={
                 0.5: tr.gettext("that is the customer-based rate; this task counts orders: repeat orders over all "
                                 "orders."),
                 5 / 7: tr.gettext("every order of a repeat customer was counted, including their first; a repeat "
                                   "order is any order after a customer's first."),
                 3.0: tr.gettext("that is a count; divide by the total to get a share.")},
                 wrong_hint=tr.gettext("a repeat order is any order after the customer's first: all orders minus "
                                       "one per customer."))),
        Case(tr.gettext("returns 0 when nobody has bought twice"),
             lambda f: number_case(f, (order_book({"A": 1, "B": 1}),), 0.0,
                                   wrong_hint=tr.gettext("a repeat order is any order after the customer's first: "
                                                         "all orders minus one per customer."))),
    ]


TASKS = [
    Task("02.1", tr.noop("the private-domain funnel"), "code", name="funnel", points=2,
         cases=lambda: [Case(tr.gettext("returns one number per stage, starting with the views"), _funnel_shape),
                        Case(tr.gettext("each stage is the stage before it times its step rate"), _funnel_chain),
                        Case(tr.gettext("works for a single step"), _funnel_one_step)]),
    Task("02.2", tr.noop("repurchase rate, customer-based"), "code", name="repurchase_rate_customers",
         points=2, cases=_customer_rate_cases),
    Task("02.3", tr.noop("repurchase rate, order-based"), "code", name="repurchase_rate_orders",
         points=2, cases=_order_rate_cases),
    Task("02.4", tr.noop("what doubling the repurchase rate would take"), "written", points=3, rubric_points=3, min_words=60),
]


# Tasks 2.5 and 2.6: customers by acquisition channel, each with orders as (day of 2024, amount, refunded).
# The last order (day 200) ends the data: customers first seen after day 110 have not had 90 days yet.
# The windows the checks try: the default 90 days, and 30 to see that `days` is used.
WINDOW_DAYS = (90, 30)
COHORT = {
    "A": ("channels_live", [(0, 200.0, False), (30, 150.0, False)]),
    "B": ("channels_live", [(10, 180.0, False)]),
    "C": ("channels_live", [(20, 220.0, False), (150, 300.0, False)]),     # second order after 90 days
    "I": ("channels_live", [(100, 90.0, False), (200, 120.0, False)]),
    "J": ("channels_live", [(180, 160.0, False), (185, 140.0, False)]),    # window not over: left out
    "D": ("channels_video", [(5, 100.0, False), (95, 80.0, False)]),       # exactly 90 days later
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


def _window_table(function, days):
    import pandas as pd

    orders, customers = cohort_frames()
    table = call(function, orders, customers, days=days)
    if not isinstance(table, pd.DataFrame):
        return None, tr.gettext("expected a pandas DataFrame, but got {kind}.", kind=describe(table))
    missing = [column for column in ("customers", "repeat_rate") if column not in table.columns]
    if missing:
        return None, tr.ngettext("the table is missing the column {columns}.", "the table is missing the columns "
                                                                               "{columns}.",
                                  len(missing), columns=", ".join(missing))
    return table, None


def _window_shape(function):
    table, problem = _window_table(function, WINDOW_DAYS[0])
    if problem:
        return problem
    expected = set(recorded("window", COHORT, WINDOW_DAYS[0]))
    return None if set(map(str, table.index)) == expected else tr.gettext("the index should hold each acquisition "
                                                                          "channel that has customers whose window "
                                                                          "is over, one row each.")


def _column(table, column, channels):
    try:
        return [real(table[column].loc[channel]) for channel in channels]
    except (KeyError, TypeError, ValueError):
        return None


def _window_counts(function):
    table, problem = _window_table(function, WINDOW_DAYS[0])
    if problem:
        return problem
    expected = recorded("window", COHORT, WINDOW_DAYS[0])
    got = _column(table, "customers", expected)
    if got is None:
        return tr.gettext("the index should hold each acquisition channel that has customers whose window is over, "
                          "one row each.")
    if got == [count for count, _ in expected.values()]:
        return None
    uncensored = recorded("window", COHORT, WINDOW_DAYS[0], censor=False)
    if got == [uncensored[channel][0] for channel in expected]:
        return tr.gettext("customers first seen near the end of the data have not had the whole window yet, so they "
                          "are counted as not repeating when they may still; keep only customers whose first order "
                          "is at least `days` days before the last order date in the data.")
    return tr.gettext("the customers column should count, per channel, the customers whose whole window lies within "
                      "the data.")


def _window_rates(days):
    def run(function):
        table, problem = _window_table(function, days)
        if problem:
            return problem
        expected = recorded("window", COHORT, days)
        got = _column(table, "repeat_rate", expected)
        if got is None:
            return tr.gettext("the index should hold each acquisition channel that has customers whose window is "
                              "over, one row each.")
        if all(close(a, rate) for a, (_, rate) in zip(got, expected.values())):
            return None
        censor, inclusive = _window_hints()
        mistakes = (({"censor": False}, censor),
                    ({"window": False}, tr.gettext("a later order counts only if it falls within `days` days of the "
                                                   "first order, not at any time.")),
                    ({"inclusive": False}, inclusive))
        for flags, hint in mistakes:
            wrong = recorded("window", COHORT, days, **flags)
            if all(close(a, wrong.get(channel, (0, -1.0))[1]) for a, channel in zip(got, expected)):
                return hint
        return with_hint(tr.gettext("per channel: among customers whose window is over, the share with at least "
                                    "two orders dated no later than first_order_date + days."), slips.diagnose_all(got, [r for _, r in expected.values()]))
    return run


def _window_hints() -> tuple[str, str]:
    """The two window mistakes both window tasks name: counting customers too new to judge, and ``<``."""
    return (tr.gettext("customers first seen near the end of the data have not had the whole window yet, so they are "
                       "counted as not repeating when they may still; keep only customers whose first order is at "
                       "least `days` days before the last order date in the data."),
            tr.gettext("an order exactly `days` days after the first one is still inside the window (<=, not <)."))


def _window_sorted(function):
    table, problem = _window_table(function, WINDOW_DAYS[0])
    if problem:
        return problem
    rates = [float(rate) for rate in table["repeat_rate"]]
    return None if rates == sorted(rates, reverse=True) else tr.gettext(
        "the rows are not sorted from the highest repeat rate to the lowest: sort_values(\"repeat_rate\", "
        "ascending=False).")


def _value_case(days):
    def run(function):
        import pandas as pd

        orders, customers = cohort_frames()
        values = call(function, orders, customers, days=days)
        if not isinstance(values, pd.Series):
            return tr.gettext("expected a pandas Series, but got {kind}.", kind=describe(values))
        expected = recorded("window", COHORT, days, measure="value")
        if set(map(str, values.index)) != set(expected):
            return tr.gettext("the index should hold each acquisition channel that has customers whose window is "
                              "over, one row each.")
        try:
            got = [real(values.loc[channel]) for channel in expected]
        except (TypeError, ValueError):
            return tr.gettext("per channel: the sum of amount over orders not refunded and dated within the window, "
                              "divided by the number of customers whose window is over (a customer whose orders "
                              "were all refunded counts, with 0).")
        if all(close(a, value) for a, (_, value) in zip(got, expected.values())):
            return None
        censor, inclusive = _window_hints()
        mistakes = (({"keep_refunds": True}, tr.gettext("refunded orders were counted; net revenue leaves them out "
                                                        "(the `refunded` column).")),
                    ({"censor": False}, censor),
                    ({"window": False}, tr.gettext("only orders within `days` days of the first order count.")),
                    ({"inclusive": False}, inclusive))
        for flags, hint in mistakes:
            wrong = recorded("window", COHORT, days, measure="value", **flags)
            if all(close(a, wrong.get(channel, (0, -1.0))[1]) for a, channel in zip(got, expected)):
                return hint
        return with_hint(tr.gettext("per channel: the sum of amount over orders not refunded and dated within the "
                                    "window, divided by the number of customers whose window is over (a customer "
                                    "whose orders were all refunded counts, with 0)."), slips.diagnose_all(got, [v for _, v in expected.values()]))
    return run


TASKS += [
    Task("02.5", tr.noop("repeat buying by acquisition channel"), "code", name="repeat_within", points=2,
         cases=lambda: [Case(tr.gettext("returns a DataFrame indexed by acquisition channel"), _window_shape),
                        Case(tr.gettext("counts only customers whose window has ended within the data"), _window_counts),
                        Case(tr.gettext("repeat_rate: share of those customers with a second order within 90 days"), _window_rates(WINDOW_DAYS[0])),
                        Case(tr.gettext("uses its argument days (tried with days=30, not only the default 90)"), _window_rates(WINDOW_DAYS[1])),
                        Case(tr.gettext("sorted from the highest repeat rate to the lowest"), _window_sorted)]),
    Task("02.6", tr.noop("what a new customer brings in 90 days"), "code", name="value_within", points=2,
         cases=lambda: [Case(tr.gettext("mean net revenue per customer in the first 90 days"), _value_case(WINDOW_DAYS[0])),
                        Case(tr.gettext("uses its argument days (tried with days=30, not only the default 90)"), _value_case(WINDOW_DAYS[1]))]),
    Task("02.7", tr.noop("where to find next year's customers"), "written", points=2, rubric_points=2, min_words=40),
]
