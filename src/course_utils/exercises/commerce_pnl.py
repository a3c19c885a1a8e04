"""Lesson 3's session P&L as its tasks define it, and as the known mistakes make it.

Task 3.4 asks for a session's contribution; tasks 3.6 and 3.7 compare the contribution of
KOL-hosted and brand-hosted sessions. Both checks compute it here, from one formula.
"""

from __future__ import annotations


def contribution_reference(gmv, refunds, fee_rate, cogs_rate, coupon_cost, ad_spend, mistake: str = "") -> float:
    """A session's contribution as task 3.4 defines it, or as a known ``mistake`` makes it.

    >>> contribution_reference(100_000, 8_000, 0.05, 0.45, 3_000, 10_000)
    33000.0
    >>> round(contribution_reference(100_000, 8_000, 0.05, 0.45, 3_000, 10_000, "rates_in_turn"), 2)
    35070.0
    """
    net_sales = float(gmv - refunds)
    fees, goods = fee_rate * net_sales, cogs_rate * net_sales
    costs = coupon_cost + ad_spend
    if mistake == "refunds_kept":
        return gmv * (1 - fee_rate - cogs_rate) - costs
    if mistake == "refunds_after_rates":
        return gmv * (1 - fee_rate - cogs_rate) - refunds - costs
    if mistake == "rates_in_turn":
        return net_sales * (1 - fee_rate) * (1 - cogs_rate) - costs
    if mistake == "fee_on_gmv":
        fees = fee_rate * gmv
    if mistake == "cogs_on_gmv":
        goods = cogs_rate * gmv
    costs -= {"no_coupon": coupon_cost, "no_ads": ad_spend, "no_costs": coupon_cost + ad_spend}.get(mistake, 0)
    return net_sales - fees - goods - costs
