"""Synthetic 2024 orders of Mountain Mist Tea (山雾茶), linked to :mod:`.customers`.

Generative story: each customer's first order falls on their
``first_order_date``. Repeat orders then arrive as a Poisson process whose
rate depends on private-domain touch points (adding WeCom, joining a group,
membership) and on a per-customer taste for tea (a gamma draw, so many buy
once and some buy often), modulated by the same demand calendar: the Spring
Festival and Mid-Autumn gift seasons, new-season tea, 618 and Double 11.
Product mix, coupons and promotions follow the season; the channel of a
repeat order follows the customer's touch points (group members reorder in
the group). Amounts are list price x quantity less coupon and promotion.
"""

from __future__ import annotations

import bisect
import itertools

import numpy as np
import pandas as pd

from course_utils.datagen import calendar, customers
from course_utils.datagen.streams import rng_for

BASE_REPEAT_RATE = 0.0040      # repeat orders per customer per day, no touch points
TOUCH_MULTIPLIER = {"wecom": 1.55, "group": 2.3, "member": 1.3}
TASTE_SHAPE = 0.9              # gamma shape: smaller = more one-off buyers
MIN_GAP_DAYS = 5

PRODUCTS = ("green", "oolong", "black", "teaware", "gift_box")
PRICES = {  # unit list prices, RMB, and how often each is chosen
    "green": ((88, 128, 168, 238), (0.25, 0.35, 0.25, 0.15)),
    "oolong": ((98, 138, 168, 248), (0.25, 0.35, 0.25, 0.15)),
    "black": ((68, 98, 138, 188), (0.25, 0.35, 0.25, 0.15)),
    "teaware": ((59, 129, 199, 329), (0.35, 0.30, 0.22, 0.13)),
    "gift_box": ((198, 258, 328, 468), (0.30, 0.35, 0.25, 0.10)),
}
MIX = {  # product mix by campaign theme
    "regular": (0.29, 0.27, 0.24, 0.10, 0.10),
    "spring_festival": (0.12, 0.15, 0.15, 0.08, 0.50),
    "mid_autumn": (0.12, 0.16, 0.14, 0.08, 0.50),
    "new_season": (0.52, 0.18, 0.14, 0.08, 0.08),
    "childrens_day": (0.26, 0.26, 0.26, 0.12, 0.10),
    "618": (0.26, 0.24, 0.20, 0.14, 0.16),
    "double11": (0.22, 0.22, 0.18, 0.14, 0.24),
}
FIRST_CHANNEL = {  # acquisition channel -> (order channels, shares)
    "channels_video": (("channels_video", "mini_program"), (0.55, 0.45)),
    "channels_live": (("channels_live", "mini_program"), (0.85, 0.15)),
    "official_account": (("official_account", "mini_program"), (0.5, 0.5)),
    "moments": (("mini_program", "channels_video"), (0.8, 0.2)),
    "search": (("mini_program", "channels_video"), (0.7, 0.3)),
}
REPEAT_CHANNEL = {  # touch points -> (order channels, shares)
    "group": (("wecom_group", "mini_program", "channels_live", "official_account"), (0.45, 0.30, 0.20, 0.05)),
    "wecom": (("mini_program", "channels_live", "channels_video", "official_account", "wecom_group"),
              (0.45, 0.28, 0.12, 0.10, 0.05)),
    "none": (("channels_live", "mini_program", "channels_video", "official_account"), (0.36, 0.30, 0.24, 0.10)),
}
BIG_PROMOTIONS = ("618", "double11", "spring_festival")


def _pick(rng, options, shares):
    """One of ``options`` with probabilities ``shares`` (a fast rng.choice for one draw)."""
    position = bisect.bisect_right(list(itertools.accumulate(shares)), rng.random() * sum(shares))
    return options[min(position, len(options) - 1)]


def _repeat_days(rng, first: int, rate: float, weights: np.ndarray) -> list[int]:
    """Days of repeat orders after ``first``: a thinned Poisson process."""
    start = first + MIN_GAP_DAYS
    if start >= calendar.DAYS:
        return []
    top = weights.max()
    count = rng.poisson(rate * top * (calendar.DAYS - start))
    candidates = np.sort(rng.integers(start, calendar.DAYS, size=count))
    keep = rng.random(count) < weights[candidates] / top
    return candidates[keep].tolist()


def _coupon_value(list_amount: float) -> float:
    """The brand's threshold coupons (满减): spend more, save more."""
    for threshold, value in ((299, 40), (199, 25), (99, 10)):
        if list_amount >= threshold:
            return float(value)
    return 5.0


def build() -> pd.DataFrame:
    """The orders table, ordered by date, customer and order within the day."""
    rng = rng_for("orders")
    people = customers.build()
    weights = calendar.demand_weights()
    rows = []
    for person in people.itertuples(index=False):
        first = (person.first_order_date.date() - calendar.YEAR_START).days
        rate = BASE_REPEAT_RATE * rng.gamma(TASTE_SHAPE, 1 / TASTE_SHAPE)
        rate *= TOUCH_MULTIPLIER["wecom"] if person.added_wecom else 1.0
        rate *= TOUCH_MULTIPLIER["group"] if person.joined_group else 1.0
        rate *= TOUCH_MULTIPLIER["member"] if person.member else 1.0
        touch = "group" if person.joined_group else "wecom" if person.added_wecom else "none"
        for sequence, when in enumerate([first] + _repeat_days(rng, first, rate, weights)):
            channels, shares = FIRST_CHANNEL[person.acquisition_channel] if sequence == 0 else REPEAT_CHANNEL[touch]
            rows.append(_order(rng, person, sequence, when, _pick(rng, channels, shares)))
    frame = pd.DataFrame(rows).sort_values(["order_date", "customer_id", "sequence"], kind="stable")
    frame.insert(0, "order_id", [f"O{k + 1:06d}" for k in range(len(frame))])
    return frame.drop(columns="sequence").reset_index(drop=True)


def _order(rng, person, sequence: int, when: int, channel: str) -> dict:
    on = calendar.day(when)
    theme = calendar.theme_of(on)
    product = _pick(rng, PRODUCTS, MIX[theme])
    prices, shares = PRICES[product]
    quantity = _pick(rng, (1, 2, 3, 4), (0.80, 0.15, 0.04, 0.01))
    list_amount = round(float(_pick(rng, prices, shares)) * quantity, 2)
    coupon_chance = 0.14 + (0.32 if theme in ("618", "double11") else 0.0)
    coupon_chance += (0.18 if channel == "wecom_group" else 0.0) + (0.08 if person.member else 0.0)
    coupon = bool(rng.random() < coupon_chance)
    discount = _coupon_value(list_amount) if coupon else 0.0
    if theme in BIG_PROMOTIONS and rng.random() < 0.5:
        discount += round(0.08 * list_amount, 2)  # a storewide 8 % markdown
    discount = round(discount, 2)
    refund_chance = 0.045 + (0.04 if channel == "channels_live" else 0.0) + (0.02 if theme == "double11" else 0.0)
    return {
        "customer_id": person.customer_id, "sequence": sequence, "order_date": pd.Timestamp(on),
        "channel": channel, "product": product, "quantity": quantity, "coupon": coupon,
        "list_amount": list_amount, "discount": discount, "amount": round(list_amount - discount, 2),
        "refunded": bool(rng.random() < refund_chance),
    }
