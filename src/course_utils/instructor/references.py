"""The reference answers behind the public checks of the code tasks, and the known mistakes' answers.

Each computes a task's answer, so each is a worked solution: it stays with the instructor's
modules, which no learner's bundle holds. The public checks read what these give on their own
small data from a table (:mod:`course_utils.exercises.expected`, made by :mod:`.expected_table`);
the hidden checks call them directly.
"""

from __future__ import annotations

from course_utils.exercises.commerce_kol import HOSTED
from course_utils.exercises.diagnosis import SPEND


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


def kol_reference(fee_rate, cogs_rate, *, like_for_like=False, weights="kol", totals=False, refunds=True,
                  gmv_only=False, one_host_counted=False) -> float:
    """The KOL premium on :data:`HOSTED`, counted row by row; the flags make known mistakes.

    ``weights`` weighs each theme's premium by its KOL sessions (``"kol"``, the task), all its
    sessions (``"sessions"``) or not at all (``"none"``); ``one_host_counted`` keeps the weight
    of a theme with one kind of host in the denominator, its premium left out.
    """
    def value(row):
        _host, _theme, gmv, refund_amount, coupon_cost, ad_spend = row
        return gmv if gmv_only else contribution_reference(gmv, refund_amount, fee_rate, cogs_rate, coupon_cost,
                                                           ad_spend, "" if refunds else "refunds_kept")

    def gap(rows):
        kol = [value(row) for row in rows if row[0] == "kol"]
        brand = [value(row) for row in rows if row[0] == "brand"]
        return sum(kol) - sum(brand) if totals else sum(kol) / len(kol) - sum(brand) / len(brand)

    if not like_for_like:
        return gap(HOSTED)
    # In a fixed order (a set's depends on the hash seed): the sums below then add in the same order anywhere.
    themes = {theme: [row for row in HOSTED if row[1] == theme] for theme in sorted({row[1] for row in HOSTED})}
    weight = {theme: {"kol": sum(row[0] == "kol" for row in rows), "sessions": len(rows), "none": 1}[weights]
              for theme, rows in themes.items()}
    both = {theme: rows for theme, rows in themes.items() if {row[0] for row in rows} == {"brand", "kol"}}
    counted = themes if one_host_counted else both
    return sum(gap(rows) * weight[theme] for theme, rows in both.items()) / sum(weight[theme] for theme in counted)


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


def lift_within(rows: list[tuple]) -> dict[str, float]:
    """Hook lift per creator type with posts on both sides, from a case's own rows (as for ``posts_frame``)."""
    sides: dict[tuple[str, bool], list[float]] = {}
    for kind, _hour, hook, completion in rows:
        sides.setdefault((kind, bool(hook)), []).append(completion)
    kinds = sorted({kind for kind, _ in sides})  # the same order under any hash seed
    return {kind: sum(sides[kind, True]) / len(sides[kind, True]) - sum(sides[kind, False]) / len(sides[kind, False])
            for kind in kinds if (kind, True) in sides and (kind, False) in sides}


def per_thousand(rows: list[tuple], column: str, pooled: bool = True) -> dict[str, float]:
    """``column`` per 1,000 impressions per creator type, from a case's own rows: pooled, or the mean post rate."""
    totals: dict[str, list[float]] = {}
    for kind, impressions, shares, follows in rows:
        count = shares if column == "shares" else follows
        entry = totals.setdefault(kind, [0.0, 0.0, 0.0, 0])
        entry[0] += count
        entry[1] += impressions
        entry[2] += 1000 * count / impressions
        entry[3] += 1
    return {kind: 1000 * n / shown if pooled else rate_sum / posts
            for kind, (n, shown, rate_sum, posts) in totals.items()}


def payback_expected(gross_margin, *, pooled=True, margin=True, coupons=True) -> float:
    """Payback in orders on :data:`SPEND`, month by month from its lists; the flags make known mistakes."""
    months = [dict(zip(SPEND, values)) for values in zip(*SPEND.values())]

    def payback(rows):
        spend = sum(row["ad_spend"] + (row["coupon_cost"] if coupons else 0.0) for row in rows)
        per_customer = spend / sum(row["first_purchases"] for row in rows)
        per_order = sum(row["revenue"] for row in rows) / sum(row["orders"] for row in rows)
        return per_customer / (per_order * (gross_margin if margin else 1.0))

    return payback(months) if pooled else sum(payback([row]) for row in months) / len(months)


def quarter_expected(tops: list, bottoms: list, pooled=True) -> dict[int, float]:
    """Quarterly rates of twelve monthly counts (January first): pooled, or the mean of monthly rates."""
    quarters = {}
    for quarter in (1, 2, 3, 4):
        top, bottom = tops[3 * quarter - 3: 3 * quarter], bottoms[3 * quarter - 3: 3 * quarter]
        quarters[quarter] = sum(top) / sum(bottom) if pooled else sum(a / b for a, b in zip(top, bottom)) / 3
    return quarters


# By the name the public checks look them up with (``recorded("kol", ...)``).
REFERENCES = {"contribution": contribution_reference, "kol": kol_reference, "window": window_reference,
              "lift": lift_within, "per_thousand": per_thousand, "payback": payback_expected,
              "quarters": quarter_expected}
