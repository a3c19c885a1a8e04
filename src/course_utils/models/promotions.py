"""Promotions in the live room: coupons, flash sales (秒杀) and pre-sales (预售).

Break-even uplift. A product sells Q units at price P with a contribution margin
m (a share of P). A discount d (also a share of P) leaves m − d per unit. Volume
must rise by a share u so that contribution is unchanged:

    Q · m · P = Q · (1 + u) · (m − d) · P   ⇒   u = m / (m − d) − 1 = d / (m − d).

>>> round(break_even_uplift(margin=0.40, discount=0.10), 4)   # a third more units
0.3333
>>> round(break_even_uplift(margin=0.40, discount=0.20), 4)   # twice the discount, 3× the uplift
1.0

Coupon ROI = coupon-order sales ÷ discount cost; redemption rate = redeemed ÷ issued.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("commerce")


def break_even_uplift(margin: float, discount: float) -> float:
    """Extra volume, as a share, that keeps contribution unchanged: d / (m − d).

    ``margin`` and ``discount`` are shares of the list price. A discount as large
    as the margin leaves nothing per unit, so no volume can make it back.
    """
    margin = validate.rate("margin", margin)
    discount = validate.rate("discount", discount)
    if discount >= margin:
        raise CourseInputError(tr.gettext("discount ({discount}) is at least as large as the margin ({margin}): "
                                          "every unit then earns nothing or loses money, so no rise in volume can "
                                          "break even. Choose a discount below the margin.",
                                          discount=f"{discount:.0%}", margin=f"{margin:.0%}"), "discount")
    return discount / (margin - discount)


def break_even_curve(margin: float, discounts) -> np.ndarray:
    """:func:`break_even_uplift` for an array of discounts (NaN where d ≥ m)."""
    margin = validate.rate("margin", margin)
    try:
        values = np.asarray(discounts, dtype=float)
    except (TypeError, ValueError):  # text or a mix of types: not a list of discounts
        raise CourseInputError(tr.gettext("discounts should be a non-empty list of shares between 0 and 1."), "discounts") from None
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)) or values.min() < 0 or values.max() > 1:
        raise CourseInputError(tr.gettext("discounts should be a non-empty list of shares between 0 and 1."), "discounts")
    headroom = margin - values
    safe = np.where(headroom > 0, headroom, np.nan)
    return values / safe


def coupon_roi(coupon_sales: float, discount_cost: float) -> float:
    """Coupon ROI = sales of orders that used a coupon ÷ the cost of the discounts.

    It credits the coupon with every coupon order, including those that would have
    happened anyway, so it flatters the coupon (see :func:`incremental_roi`).

    >>> coupon_roi(45_000, 5_000)
    9.0
    """
    coupon_sales = validate.non_negative("coupon_sales", coupon_sales)
    discount_cost = validate.positive("discount_cost", discount_cost)
    return coupon_sales / discount_cost


def incremental_roi(coupon_sales: float, discount_cost: float, baseline_share: float) -> float:
    """ROI on the sales the coupon actually caused: (1 − baseline_share) × sales ÷ cost.

    ``baseline_share`` is the share of coupon-order sales that would have happened
    without the coupon (estimated from a holdout group).

    >>> round(incremental_roi(45_000, 5_000, baseline_share=0.7), 2)
    2.7
    """
    baseline_share = validate.rate("baseline_share", baseline_share)
    return coupon_roi(coupon_sales, discount_cost) * (1 - baseline_share)


def redemption_rate(redeemed: float, issued: float) -> float:
    """Redemption rate = coupons redeemed ÷ coupons issued.

    >>> redemption_rate(1_200, 8_000)
    0.15
    """
    redeemed = validate.non_negative("redeemed", redeemed)
    issued = validate.positive("issued", issued)
    if redeemed > issued:
        raise CourseInputError(tr.gettext("redeemed ({redeemed}) cannot be more than issued ({issued}): a coupon "
                                          "has to be issued before it is used.", redeemed=f"{redeemed:,.0f}",
                                          issued=f"{issued:,.0f}"), "redeemed")
    return redeemed / issued


def coupon_summary(orders, by: str | None = None):
    """Coupon-order sales, discount cost and coupon ROI from an orders frame.

    Uses the columns ``coupon`` (bool), ``amount`` (what the buyer paid) and
    ``discount`` (RMB). Coupon-order sales = sum of ``amount`` over coupon orders;
    discount cost = sum of ``discount`` over the same orders; ROI = sales ÷ cost.
    With ``by`` (e.g. ``"channel"``), one row per group.
    """
    orders = validate.frame("orders", orders, ["coupon", "amount", "discount"])
    if by is not None and by not in orders.columns:
        raise validate.missing_columns("orders", [by], "by")
    used = orders[orders["coupon"].astype(bool)]
    if used.empty:
        raise CourseInputError(tr.gettext("orders has no order that used a coupon, so there is no coupon ROI to "
                                          "compute."), "orders")
    keys = [by] if by else []
    grouped = used.assign(_all="all").groupby(keys or ["_all"], sort=True)
    table = grouped.agg(coupon_orders=("amount", "size"), coupon_sales=("amount", "sum"),
                        discount_cost=("discount", "sum"))
    table["roi"] = table["coupon_sales"] / table["discount_cost"].where(table["discount_cost"] > 0)
    table = table.reset_index()
    return table.drop(columns="_all") if not by else table


@dataclass(frozen=True)
class FlashSale:
    """A flash sale (秒杀) as a traffic hook: the margin it costs and what it brings."""

    loss_on_units: float
    new_followers: float
    follow_on_contribution: float

    @property
    def net(self) -> float:
        """Follow-on contribution less the loss on the flash-sale units."""
        return self.follow_on_contribution - self.loss_on_units

    @property
    def cost_per_follower(self) -> float:
        """Loss on the flash-sale units ÷ new followers (the price paid per follower)."""
        return self.loss_on_units / self.new_followers if self.new_followers else float("inf")


def flash_sale(units: float, flash_price: float, unit_cost: float, new_viewers: float,
               follow_rate: float, repeat_rate: float, follow_on_aov: float,
               margin: float) -> FlashSale:
    """Margin cost of a flash sale against the followers and later purchases it brings.

    * loss on units = units × (unit_cost − flash_price), negative when sold above cost;
    * new followers = new viewers × follow rate;
    * follow-on contribution = new followers × repeat rate × follow-on AOV × margin.

    >>> sale = flash_sale(500, 9.9, 30, 8_000, 0.10, 0.25, 200, 0.40)
    >>> round(sale.loss_on_units), round(sale.new_followers), round(sale.net)
    (10050, 800, 5950)
    """
    units = validate.non_negative("units", units)
    flash_price = validate.non_negative("flash_price", flash_price)
    unit_cost = validate.non_negative("unit_cost", unit_cost)
    new_viewers = validate.non_negative("new_viewers", new_viewers)
    follow_rate = validate.rate("follow_rate", follow_rate)
    repeat_rate = validate.rate("repeat_rate", repeat_rate)
    follow_on_aov = validate.non_negative("follow_on_aov", follow_on_aov)
    margin = validate.rate("margin", margin)
    followers = new_viewers * follow_rate
    return FlashSale(loss_on_units=units * (unit_cost - flash_price), new_followers=followers,
                     follow_on_contribution=followers * repeat_rate * follow_on_aov * margin)


@dataclass(frozen=True)
class PreSale:
    """What a pre-sale (预售) tells the planner, and what planning on it leaves over."""

    planned_units: float
    paid_units: float
    leftover_units: float
    short_units: float
    forfeited_deposits: float

    @property
    def forecast_error(self) -> float:
        """(planned − paid) ÷ paid: positive when the planner ordered too much."""
        return forecast_error(self.planned_units, self.paid_units) if self.paid_units else 0.0


def presale(deposits: float, planned_rate: float, actual_rate: float, deposit: float) -> PreSale:
    """Plan stock from pre-sale deposits, then see what the final payments do.

    * planned units = deposits × planned final-payment rate (the planner's guess);
    * paid units = deposits × actual final-payment rate;
    * leftover = planned − paid when positive; short = paid − planned when positive;
    * forfeited deposits = deposits that never paid the balance × deposit (RMB),
      where the terms make the deposit non-refundable.

    >>> plan = presale(2_000, 0.80, 0.70, 20)
    >>> [round(x) for x in (plan.planned_units, plan.paid_units, plan.leftover_units,
    ...                     plan.forfeited_deposits)]
    [1600, 1400, 200, 12000]
    """
    deposits = validate.non_negative("deposits", deposits)
    planned_rate = validate.rate("planned_rate", planned_rate)
    actual_rate = validate.rate("actual_rate", actual_rate)
    deposit = validate.non_negative("deposit", deposit)
    planned, paid = deposits * planned_rate, deposits * actual_rate
    return PreSale(planned_units=planned, paid_units=paid, leftover_units=max(planned - paid, 0.0),
                   short_units=max(paid - planned, 0.0),
                   forfeited_deposits=deposits * (1 - actual_rate) * deposit)


def forecast_error(forecast: float, actual: float) -> float:
    """Forecast error = (forecast − actual) ÷ actual.

    >>> round(forecast_error(1_300, 1_000), 3)
    0.3
    """
    forecast = validate.non_negative("forecast", forecast)
    actual = validate.positive("actual", actual)
    return (forecast - actual) / actual
