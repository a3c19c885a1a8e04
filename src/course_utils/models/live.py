"""Live-room metrics and the P&L of one live-commerce session (直播带货).

Definitions used throughout the course (COURSE.md, "Formulas"):

* conversion rate = buyers ÷ viewers (UV, unique visitors);
* average order value (AOV) = GMV ÷ orders;
* GMV = UV × conversion × AOV (exact when each buyer places one order);
* UV value = GMV ÷ UV;
* GPM = GMV × 1000 ÷ views (GMV per thousand views);
* refund rate = refunded amount ÷ GMV.

>>> gmv(20_000, 0.025, 220)
110000.0
>>> uv_value(110_000, 20_000)
5.5
>>> gpm(110_000, 50_000)
2200.0
"""

from __future__ import annotations

from dataclasses import dataclass

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("commerce")

SESSION_COLUMNS = ("views", "viewers", "orders", "buyers", "gmv", "refund_amount")


def gmv(visitors: float, conversion: float, aov: float) -> float:
    """GMV = visitors (UV) × conversion rate × average order value."""
    visitors = validate.non_negative("visitors", visitors)
    conversion = validate.rate("conversion", conversion)
    aov = validate.non_negative("aov", aov)
    return visitors * conversion * aov


def conversion_rate(buyers: float, visitors: float) -> float:
    """Conversion = buyers ÷ visitors (UV). A room cannot have more buyers than viewers.

    >>> conversion_rate(500, 20_000)
    0.025
    """
    buyers = validate.non_negative("buyers", buyers)
    visitors = validate.positive("visitors", visitors)
    if buyers > visitors:
        raise CourseInputError(tr.gettext("buyers ({buyers}) cannot be more than visitors ({visitors}): every buyer "
                                          "is also a visitor to the room.", buyers=buyers,
                                          visitors=visitors), "buyers")
    return buyers / visitors


def average_order_value(gmv_value: float, orders: float) -> float:
    """AOV = GMV ÷ orders."""
    gmv_value = validate.non_negative("gmv_value", gmv_value)
    orders = validate.positive("orders", orders)
    return gmv_value / orders


def uv_value(gmv_value: float, visitors: float) -> float:
    """UV value = GMV ÷ UV: what one visitor to the room is worth in sales."""
    gmv_value = validate.non_negative("gmv_value", gmv_value)
    visitors = validate.positive("visitors", visitors)
    return gmv_value / visitors


def gpm(gmv_value: float, views: float) -> float:
    """GPM = GMV × 1000 ÷ views: sales per thousand views of the room."""
    gmv_value = validate.non_negative("gmv_value", gmv_value)
    views = validate.positive("views", views)
    return gmv_value * 1000 / views


def session_metrics(sessions):
    """Add the live-room ratios to a frame of sessions, one row per session.

    Adds ``conversion`` (buyers ÷ viewers), ``aov`` (gmv ÷ orders), ``uv_value``
    (gmv ÷ viewers), ``gpm`` (gmv × 1000 ÷ views) and ``refund_rate``
    (refund_amount ÷ gmv). A ratio whose denominator is zero is left missing (NaN).
    Returns a new frame; the input is not changed.
    """
    sessions = validate.frame("sessions", sessions, SESSION_COLUMNS)
    _check_counts("sessions", sessions)
    out = sessions.copy()
    out["conversion"] = _ratio(out["buyers"], out["viewers"])
    out["aov"] = _ratio(out["gmv"], out["orders"])
    out["uv_value"] = _ratio(out["gmv"], out["viewers"])
    out["gpm"] = _ratio(out["gmv"] * 1000, out["views"])
    out["refund_rate"] = _ratio(out["refund_amount"], out["gmv"])
    return out


def metrics_by(sessions, by: str):
    """Live-room metrics for each group of sessions (e.g. by ``theme`` or ``host``).

    Ratios are computed from the group's totals (total GMV ÷ total viewers), not
    as the average of per-session ratios, so a small session does not weigh as much
    as a large one.
    """
    sessions = validate.frame("sessions", sessions, SESSION_COLUMNS)
    if not isinstance(by, str) or by not in sessions.columns:
        raise validate.not_a_column("by", by, "sessions", ("host", "theme"))
    _check_counts("sessions", sessions)
    totals = sessions.groupby(by, sort=True)[list(SESSION_COLUMNS)].sum()
    totals.insert(0, "sessions", sessions.groupby(by, sort=True).size())
    totals["conversion"] = _ratio(totals["buyers"], totals["viewers"])
    totals["aov"] = _ratio(totals["gmv"], totals["orders"])
    totals["uv_value"] = _ratio(totals["gmv"], totals["viewers"])
    totals["gpm"] = _ratio(totals["gmv"] * 1000, totals["views"])
    totals["refund_rate"] = _ratio(totals["refund_amount"], totals["gmv"])
    return totals.reset_index()


@dataclass(frozen=True)
class SessionPnL:
    """The contribution of one live session, step by step (all amounts in RMB)."""

    orders: float
    gmv: float
    refunds: float
    platform_fees: float
    cost_of_goods: float
    coupon_cost: float
    ad_spend: float

    @property
    def contribution(self) -> float:
        """GMV less refunds, platform fees, cost of goods, coupon cost and ad spend."""
        return (self.gmv - self.refunds - self.platform_fees - self.cost_of_goods
                - self.coupon_cost - self.ad_spend)

    @property
    def contribution_margin(self) -> float:
        """Contribution as a share of GMV (0 when there is no GMV)."""
        return self.contribution / self.gmv if self.gmv else 0.0

    def steps(self) -> list[tuple[str, float]]:
        """The waterfall: GMV first, then each deduction as a negative amount."""
        return [("gmv", self.gmv), ("refunds", -self.refunds),
                ("platform_fees", -self.platform_fees), ("cost_of_goods", -self.cost_of_goods),
                ("coupon_cost", -self.coupon_cost), ("ad_spend", -self.ad_spend)]


def session_pnl(visitors: float, conversion: float, aov: float, *, discount: float = 0.0,
                coupon: float = 0.0, coupon_use: float = 0.6, refund_rate: float = 0.08,
                fee_rate: float = 0.05, cogs_share: float = 0.40,
                ad_spend: float = 0.0) -> SessionPnL:
    """The P&L of one session: GMV → refunds → platform fees → cost of goods → coupons → ads.

    Definitions (each buyer places one order):

    * orders = visitors × conversion;
    * GMV = orders × aov × (1 − discount), where ``aov`` is the order value at list
      price and ``discount`` the live-room price cut as a share of list price;
    * refunds = GMV × refund_rate (refunded goods come back to stock);
    * platform fees = fee_rate × (GMV − refunds);
    * cost of goods = cogs_share × aov × kept orders, kept orders = orders × (1 − refund_rate);
    * coupon cost = coupon (RMB per coupon) × coupon_use × kept orders, the share of
      orders that redeem a merchant-funded coupon;
    * contribution = GMV − refunds − fees − cost of goods − coupon cost − ad spend.

    >>> pnl = session_pnl(20_000, 0.025, 220, discount=0.1, coupon=20, ad_spend=3_000)
    >>> round(pnl.gmv), round(pnl.contribution)
    (99000, 37526)
    """
    visitors = validate.non_negative("visitors", visitors)
    conversion = validate.rate("conversion", conversion)
    aov = validate.non_negative("aov", aov)
    discount = validate.rate("discount", discount)
    coupon = validate.non_negative("coupon", coupon)
    coupon_use = validate.rate("coupon_use", coupon_use)
    refund_rate = validate.rate("refund_rate", refund_rate)
    fee_rate = validate.rate("fee_rate", fee_rate)
    cogs_share = validate.rate("cogs_share", cogs_share)
    ad_spend = validate.non_negative("ad_spend", ad_spend)
    paid_value = aov * (1 - discount)
    if coupon > paid_value:
        raise CourseInputError(tr.gettext("coupon (RMB {coupon}) is larger than the order the buyer pays after the "
                                          "discount (RMB {order}): lower the coupon or the discount.",
                                          coupon=f"{coupon:,.0f}", order=f"{paid_value:,.0f}"), "coupon")
    orders = visitors * conversion
    kept = orders * (1 - refund_rate)
    sales = orders * paid_value
    refunds = sales * refund_rate
    return SessionPnL(orders=orders, gmv=sales, refunds=refunds,
                      platform_fees=fee_rate * (sales - refunds),
                      cost_of_goods=cogs_share * aov * kept,
                      coupon_cost=coupon * coupon_use * kept, ad_spend=ad_spend)


def _check_counts(name: str, sessions) -> None:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    for column in SESSION_COLUMNS:
        values = sessions[column]
        if (not is_numeric_dtype(values) or is_bool_dtype(values)
                or values.isna().any() or (values < 0).any()):
            raise CourseInputError(tr.gettext("{name}: the column \"{column}\" should hold counts or RMB amounts of "
                                              "zero or more, with no gaps.", name=name, column=column), name)


def _ratio(numerator, denominator):
    # A zero denominator gives a missing ratio, not an infinite one.
    return numerator / denominator.where(denominator > 0)
