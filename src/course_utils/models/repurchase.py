"""Repurchase rate (复购率), cohort retention and private-domain touch points.

Two definitions of the repurchase rate, both over a window of dates:

* **customer-based** = customers with ≥ 2 orders in the window ÷ customers with ≥ 1;
* **order-based** = repeat orders ÷ all orders, where a repeat order is any order
  after a customer's first order in the window.

**N-month retention** of a monthly cohort (the customers whose first order in
the data falls in that month) = cohort members with an order in month N after
the cohort month ÷ cohort size; month 0 is 100 % by construction. Months after
the data ends are not observed and are left blank, never counted as zero.

>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
...     "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-01-20",
...                                   "2024-02-02", "2024-02-10", "2024-04-01"])})
>>> round(customer_repurchase_rate(orders), 3)   # a and c of a, b, c
0.667
>>> round(order_repurchase_rate(orders), 3)      # 3 repeat orders of 6
0.5
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("hub")

ORDER_COLUMNS = ("customer_id", "order_date")
SEGMENTS = ("neither", "wecom_only", "group")


def orders_in_window(orders: pd.DataFrame, start: object = None, end: object = None,
                     include_refunded: bool = True) -> pd.DataFrame:
    """The orders dated from ``start`` to ``end`` inclusive (all orders when both are None)."""
    validate.frame("orders", orders, ORDER_COLUMNS)
    dates = pd.to_datetime(orders["order_date"])
    keep = pd.Series(True, index=orders.index)
    bounds = {}
    for name, value in (("start", start), ("end", end)):
        if value is not None:
            try:
                bounds[name] = pd.Timestamp(value)
            except (ValueError, TypeError):
                raise CourseInputError(tr.gettext("{name} should be a date such as \"2022-01-06\"; got \"{value}\".",
                                                  name=name, value=value), name) from None
    if "start" in bounds and "end" in bounds and bounds["end"] < bounds["start"]:
        raise CourseInputError(tr.gettext("{name} should come after start; got a window that ends before it starts.",
                                          name="end"), "end")
    if "start" in bounds:
        keep &= dates >= bounds["start"]
    if "end" in bounds:
        keep &= dates <= bounds["end"]
    if not include_refunded:
        validate.frame("orders", orders, ["refunded"])
        keep &= ~orders["refunded"].astype(bool)
    chosen = orders.loc[keep]
    if chosen.empty:
        raise CourseInputError(tr.gettext("No orders fall inside this window, so a repurchase rate cannot be "
                                          "computed."), "orders")
    return chosen


def orders_per_customer(orders: pd.DataFrame, **window: object) -> pd.Series:
    """How many orders each customer placed in the window."""
    return orders_in_window(orders, **window).groupby("customer_id").size()


def customer_repurchase_rate(orders: pd.DataFrame, **window: object) -> float:
    """Customers with ≥ 2 orders in the window ÷ customers with ≥ 1 (module docstring)."""
    counts = orders_per_customer(orders, **window)
    return float((counts >= 2).sum() / (counts >= 1).sum())


def order_repurchase_rate(orders: pd.DataFrame, **window: object) -> float:
    """Repeat orders ÷ all orders in the window (module docstring)."""
    counts = orders_per_customer(orders, **window)
    return float((counts.sum() - len(counts)) / counts.sum())


def cohort_retention(orders: pd.DataFrame, *, sizes: bool = False, **window: object) -> pd.DataFrame:
    """Monthly cohorts (rows, "YYYY-MM") by months since the first order (columns 0, 1, …).

    Values are retention shares; ``sizes=True`` adds a ``cohort_size`` column first.
    Cells after the last month of the data are NaN (not yet observed).
    """
    chosen = orders_in_window(orders, **window)
    dates = pd.to_datetime(chosen["order_date"])
    # Months counted as year × 12 + month, so "months since" is a plain subtraction.
    month = (dates.dt.year * 12 + dates.dt.month - 1).to_numpy()
    frame = pd.DataFrame({"customer_id": chosen["customer_id"].to_numpy(), "month": month})
    first = frame.groupby("customer_id")["month"].transform("min")
    frame["age"] = frame["month"] - first
    frame["cohort"] = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in first]
    active = frame.drop_duplicates(["customer_id", "age"]).groupby(["cohort", "age"]).size().unstack(fill_value=0)
    cohort_size = active[0]
    last = int(frame["month"].max())
    horizon = int(active.columns.max())
    table = active.reindex(columns=range(horizon + 1), fill_value=0).div(cohort_size, axis=0).astype(float)
    for label in table.index:
        year, mon = (int(part) for part in label.split("-"))
        observed = last - (year * 12 + mon - 1)
        table.loc[label, [age for age in table.columns if age > observed]] = float("nan")
    table.columns.name = "months_since_first_order"
    if sizes:
        table.insert(0, "cohort_size", cohort_size.astype(int))
    return table


def touchpoint_segment(added_wecom: bool, joined_group: bool) -> str:
    """A customer's private-domain segment: ``group`` (joined a group), ``wecom_only`` or ``neither``."""
    for name, value in (("added_wecom", added_wecom), ("joined_group", joined_group)):
        if not isinstance(value, (bool, np.bool_)):
            raise CourseInputError(tr.gettext("{name} should be True or False; got {kind}.", name=name,
                                              kind=type(value).__name__), name)
    if joined_group:
        return "group"
    return "wecom_only" if added_wecom else "neither"


def touchpoint_repurchase(orders: pd.DataFrame, customers: pd.DataFrame, **window: object) -> pd.DataFrame:
    """Customer-based repurchase rate by private-domain segment, with the lift over ``neither``.

    Only customers with at least one order in the window count (the rate's denominator).
    Columns: ``segment``, ``customers``, ``repeat_customers``, ``share``, ``repurchase_rate``,
    ``lift_pts`` (percentage points over ``neither``). The lift is an association:
    customers who choose to join a group may have been keener buyers already.
    """
    validate.frame("customers", customers, ["customer_id", "added_wecom", "joined_group"])
    counts = orders_per_customer(orders, **window).rename("orders").reset_index()
    joined = counts.merge(customers[["customer_id", "added_wecom", "joined_group"]], on="customer_id", how="inner")
    if joined.empty:
        raise CourseInputError(tr.gettext("No orders fall inside this window, so a repurchase rate cannot be "
                                          "computed."), "customers")
    joined["segment"] = [touchpoint_segment(bool(w), bool(g))
                         for w, g in zip(joined["added_wecom"], joined["joined_group"])]
    joined["repeat"] = joined["orders"] >= 2
    table = (joined.groupby("segment")
             .agg(customers=("customer_id", "size"), repeat_customers=("repeat", "sum"))
             .reindex(list(SEGMENTS), fill_value=0).reset_index())
    table["share"] = table["customers"] / table["customers"].sum()
    table["repurchase_rate"] = table["repeat_customers"] / table["customers"].where(table["customers"] > 0)
    base = table.loc[table["segment"] == "neither", "repurchase_rate"].iloc[0]
    table["lift_pts"] = (table["repurchase_rate"] - base) * 100
    return table


def mix_rate(wecom_share: float, group_share: float, rate_neither: float, rate_wecom_only: float,
             rate_group: float) -> float:
    """The overall repurchase rate for a mix of touch points.

    ``wecom_share`` (w) of buyers have a touch point: they added WeCom, joined a group, or
    both; ``group_share`` (g) of those are in a group. The segments are neither = 1 − w,
    WeCom only = w(1 − g), group = w·g, and the overall rate is the share-weighted
    average of the segment rates.

    >>> round(mix_rate(0.5, 0.5, 0.1, 0.2, 0.4), 6)
    0.2
    """
    w = validate.rate("wecom_share", wecom_share)
    g = validate.rate("group_share", group_share)
    rates = [validate.rate(name, value) for name, value in
             (("rate_neither", rate_neither), ("rate_wecom_only", rate_wecom_only), ("rate_group", rate_group))]
    return (1 - w) * rates[0] + w * (1 - g) * rates[1] + w * g * rates[2]


def group_share_needed(target: float, wecom_share: float, rate_neither: float, rate_wecom_only: float,
                       rate_group: float) -> float:
    """The group share (of buyers with a touch point) that gives an overall rate of ``target``.

    Others held fixed. A result above 1 (or infinite) means touch points alone
    cannot reach the target: the segment rates themselves would have to rise.

    >>> round(group_share_needed(0.225, 0.5, 0.1, 0.2, 0.4), 6)
    0.75
    """
    target = validate.rate("target", target)
    at_zero = mix_rate(wecom_share, 0.0, rate_neither, rate_wecom_only, rate_group)
    at_one = mix_rate(wecom_share, 1.0, rate_neither, rate_wecom_only, rate_group)
    if at_one == at_zero:
        return 0.0 if target <= at_zero else float("inf")
    return max(0.0, (target - at_zero) / (at_one - at_zero))


def touchpoint_scenarios(table: pd.DataFrame) -> pd.DataFrame:
    """The overall repurchase rate today and if touch points spread, segment rates unchanged.

    ``table`` is :func:`touchpoint_repurchase`'s output. Scenarios: today's mix; every
    buyer with a touch point joins a group; every buyer joins a group.
    Reading a segment's rate as what a customer *would* do there assumes the
    touch point causes the repurchase, the most generous reading.
    """
    validate.frame("table", table, ["segment", "share", "repurchase_rate"])
    by = table.set_index("segment")
    rates = [float(by.loc[segment, "repurchase_rate"]) if segment in by.index else 0.0 for segment in SEGMENTS]
    rates = [0.0 if rate != rate else rate for rate in rates]  # an empty segment has no rate (NaN)
    wecom = 1 - float(by.loc["neither", "share"])
    group = float(by.loc["group", "share"]) / wecom if wecom else 0.0
    return pd.DataFrame({
        "scenario": ["today", "every_wecom_adder_joins_a_group", "every_buyer_joins_a_group"],
        "wecom_share": [wecom, wecom, 1.0],
        "group_share": [group, 1.0, 1.0],
        "repurchase_rate": [mix_rate(wecom, group, *rates), mix_rate(wecom, 1.0, *rates),
                            mix_rate(1.0, 1.0, *rates)],
    })
