"""Repurchase rate (both definitions), cohort retention and touch points."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from course_utils.errors import CourseInputError
from course_utils.models import repurchase as rp


def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "refunded"]).assign(
        order_date=lambda frame: pd.to_datetime(frame["order_date"]))


ORDERS = _orders([
    ("a", "2024-01-05", False), ("a", "2024-03-01", False),
    ("b", "2024-01-20", False),
    ("c", "2024-02-02", False), ("c", "2024-02-10", True), ("c", "2024-04-01", False),
    ("d", "2024-04-03", False),
])
CUSTOMERS = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
                          "added_wecom": [True, False, True, False, True],
                          "joined_group": [True, False, False, False, True]})


def test_both_definitions_by_hand():
    # customers with >= 2 orders: a, c of a, b, c, d -> 2 / 4
    assert rp.customer_repurchase_rate(ORDERS) == pytest.approx(0.5)
    # repeat orders: a's 2nd, c's 2nd and 3rd -> 3 of 7
    assert rp.order_repurchase_rate(ORDERS) == pytest.approx(3 / 7)


def test_the_window_and_refunds_change_the_answer():
    assert rp.customer_repurchase_rate(ORDERS, end="2024-02-28") == pytest.approx(1 / 3)  # only c repeats
    assert rp.customer_repurchase_rate(ORDERS, include_refunded=False) == pytest.approx(0.5)
    assert rp.order_repurchase_rate(ORDERS, include_refunded=False) == pytest.approx(2 / 6)


def test_one_order_each_means_zero_and_order_based_is_never_above_one():
    single = _orders([("x", "2024-01-01", False), ("y", "2024-01-02", False)])
    assert rp.customer_repurchase_rate(single) == 0.0
    assert rp.order_repurchase_rate(single) == 0.0
    many = _orders([("x", f"2024-01-{day:02d}", False) for day in range(1, 21)])
    assert rp.order_repurchase_rate(many) == pytest.approx(19 / 20)


def test_cohort_retention_by_hand():
    table = rp.cohort_retention(ORDERS, sizes=True)
    assert table["cohort_size"].to_dict() == {"2024-01": 2, "2024-02": 1, "2024-04": 1}
    assert table.loc["2024-01", 0] == 1.0
    assert table.loc["2024-01", 1] == 0.0     # nobody from January ordered in February
    assert table.loc["2024-01", 2] == 0.5     # a ordered in March
    assert table.loc["2024-02", 2] == 1.0     # c ordered in April
    # April's cohort cannot be seen one month on: blank, not zero.
    assert math.isnan(table.loc["2024-04", 1])


def test_retention_never_exceeds_one_and_month_zero_is_everyone():
    table = rp.cohort_retention(ORDERS)
    values = table.stack().dropna()
    assert ((values >= 0) & (values <= 1)).all()
    assert (table[0] == 1.0).all()


def test_touchpoint_segments_and_lift():
    table = rp.touchpoint_repurchase(ORDERS, CUSTOMERS).set_index("segment")
    # e never ordered, so is not in the denominator.
    assert table["customers"].sum() == 4
    assert table.loc["group", "repurchase_rate"] == 1.0        # a
    assert table.loc["wecom_only", "repurchase_rate"] == 1.0   # c
    assert table.loc["neither", "repurchase_rate"] == 0.0      # b, d
    assert table.loc["group", "lift_pts"] == pytest.approx(100.0)
    assert table["share"].sum() == pytest.approx(1.0)


def test_mix_rate_is_the_share_weighted_average():
    assert rp.mix_rate(0.0, 0.7, 0.2, 0.5, 0.9) == pytest.approx(0.2)
    assert rp.mix_rate(1.0, 1.0, 0.2, 0.5, 0.9) == pytest.approx(0.9)
    # rising group share never lowers the mix when groups repurchase more
    rates = [rp.mix_rate(0.4, g / 10, 0.2, 0.3, 0.6) for g in range(11)]
    assert rates == sorted(rates)


def test_doubling_can_be_out_of_reach():
    current = rp.mix_rate(0.4, 0.5, 0.2, 0.3, 0.6)   # 0.6×0.2 + 0.2×0.3 + 0.2×0.6 = 0.30
    assert current == pytest.approx(0.30)
    assert rp.group_share_needed(2 * current, 0.4, 0.2, 0.3, 0.6) > 1   # 60 % is the group rate itself
    assert rp.group_share_needed(0.33, 0.4, 0.2, 0.3, 0.6) == pytest.approx(0.75)


@pytest.mark.parametrize("call, argument", [
    (lambda: rp.customer_repurchase_rate(pd.DataFrame({"customer_id": []})), "orders"),
    (lambda: rp.customer_repurchase_rate(ORDERS.drop(columns="order_date")), "orders"),
    (lambda: rp.customer_repurchase_rate(ORDERS, start="2025-01-01"), "orders"),
    (lambda: rp.customer_repurchase_rate(ORDERS, start="2024-05-01", end="2024-01-01"), "end"),
    (lambda: rp.customer_repurchase_rate(ORDERS, start="soon"), "start"),
    (lambda: rp.touchpoint_repurchase(ORDERS, CUSTOMERS.drop(columns="joined_group")), "customers"),
    (lambda: rp.mix_rate(1.5, 0.5, 0.1, 0.2, 0.3), "wecom_share"),
    (lambda: rp.mix_rate(0.5, 0.5, 0.1, float("nan"), 0.3), "rate_wecom_only"),
    (lambda: rp.group_share_needed(-0.1, 0.5, 0.1, 0.2, 0.3), "target"),
])
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(CourseInputError) as info:
        call()
    assert info.value.argument == argument


def test_touchpoint_scenarios_reproduce_today_and_cap_at_the_group_rate():
    table = rp.touchpoint_repurchase(ORDERS, CUSTOMERS)
    scenarios = rp.touchpoint_scenarios(table).set_index("scenario")["repurchase_rate"]
    assert scenarios["today"] == pytest.approx(rp.customer_repurchase_rate(ORDERS))
    assert scenarios["every_buyer_joins_a_group"] == pytest.approx(1.0)   # a, the one group member, repeats
    assert scenarios.is_monotonic_increasing
