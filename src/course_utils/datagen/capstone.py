"""The monthly engine behind the three capstone businesses (``capstone_<business>``).

Generative story, one month at a time (seasonality ``s`` from the business's
calendar, mild log-normal noise on every rate):

* content: ``posts`` and ``avg_views_per_post`` set the month's views;
* followers: views x ``follow_rate`` (+ 2 % of live viewers) are new followers,
  and 1.5 % of last month's followers leave;
* private domain: new followers x ``wecom_rate`` add WeCom; ``group_rate`` of
  them join a group, and 2 % of group members leave each month;
* shop: visitors come from views (``click_rate``), from groups
  (``group_visit_rate``) and from live rooms (30 % of viewers);
  ``first_conversion`` of visitors buy for the first time; ``repeat_rate`` of
  earlier buyers buy again (x s);
* money: shop orders x ``aov``; live GMV = live viewers x ``uv_value`` and its
  orders are added at the same AOV.

Each business module sets the parameters so that one stage is its binding
constraint; the data cards give the ratios that show it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Params:
    """Monthly levels and rates of one business (see the module docstring)."""

    posts: float
    views_per_post: float
    follow_rate: float
    wecom_rate: float
    group_rate: float
    click_rate: float
    group_visit_rate: float
    first_conversion: float
    repeat_rate: float
    orders_per_customer: float
    aov: float
    live_sessions: tuple[int, ...]
    viewers_per_session: float
    uv_value: float
    ad_spend: float
    coupon_share: float
    start_followers: int
    start_group: int
    start_customers: int
    season: tuple[float, ...]


def simulate(params: Params, rng: np.random.Generator) -> pd.DataFrame:
    """Twelve months of 2024 for one business, one row per month."""
    wobble = lambda sd=0.08: float(rng.lognormal(0, sd))  # noqa: E731
    followers, group, customers = params.start_followers, params.start_group, params.start_customers
    rows = []
    for month, s in enumerate(params.season, start=1):
        posts = max(1, int(round(params.posts * s ** 0.5 * wobble(0.12))))
        views_per_post = round(params.views_per_post * s * wobble(0.15), 1)
        views = posts * views_per_post
        sessions = params.live_sessions[month - 1]
        live_viewers = int(round(sessions * params.viewers_per_session * s * wobble()))
        new_followers = int(round(views * params.follow_rate * wobble() + 0.02 * live_viewers))
        followers = int(round(followers * 0.985)) + new_followers
        wecom_adds = int(round(new_followers * params.wecom_rate * wobble()))
        group = int(round(group * 0.98 + wecom_adds * params.group_rate))
        visitors = int(round((views * params.click_rate + group * params.group_visit_rate + 0.3 * live_viewers)
                             * wobble()))
        first = int(round(visitors * params.first_conversion * wobble()))
        repeat = int(round(customers * params.repeat_rate * s * wobble()))
        customers += first
        active = first + repeat
        aov = params.aov * wobble(0.05)
        live_gmv = round(live_viewers * params.uv_value * wobble(), 2)
        orders = int(round(active * params.orders_per_customer * wobble(0.04))) + int(round(live_gmv / aov))
        shop_revenue = (orders - round(live_gmv / aov)) * aov
        rows.append({
            "month": pd.Timestamp(2024, month, 1), "posts": posts, "avg_views_per_post": views_per_post,
            "new_followers": new_followers, "followers": followers, "wecom_adds": wecom_adds,
            "group_members": group, "mini_program_visitors": visitors, "first_purchases": first,
            "active_customers": active, "repeat_customers": repeat, "orders": orders,
            "revenue": round(shop_revenue + live_gmv, 2), "live_sessions": sessions,
            "live_viewers": live_viewers, "live_gmv": live_gmv,
            "ad_spend": round(params.ad_spend * s * wobble(0.2), 2),
            "coupon_cost": round((shop_revenue + live_gmv) * params.coupon_share * wobble(0.15), 2),
        })
    return pd.DataFrame(rows)
