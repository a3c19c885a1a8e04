"""Capstone business 2, Little Sprout Kidswear (小芽童装): weak content supply, good conversion.

The owner films a handful of posts a month and they reach few people, but
the parents who do arrive add WeCom, join the groups and buy again.
"""

from __future__ import annotations

from course_utils.datagen.capstone import Params, simulate
from course_utils.datagen.streams import rng_for

PARAMS = Params(
    posts=5, views_per_post=1300, follow_rate=0.03, wecom_rate=0.38, group_rate=0.75,
    click_rate=0.035, group_visit_rate=0.22, first_conversion=0.07, repeat_rate=0.13,
    orders_per_customer=1.22, aov=148.0, live_sessions=(2, 1, 2, 2, 4, 4, 2, 3, 3, 2, 4, 2),
    viewers_per_session=420, uv_value=9.5, ad_spend=1500, coupon_share=0.04,
    start_followers=2100, start_group=1300, start_customers=1500,
    season=(1.0, 0.8, 1.0, 1.0, 1.3, 1.4, 0.9, 1.2, 1.1, 0.9, 1.3, 1.0),
)


def build():
    """Twelve months of 2024 (see :mod:`course_utils.datagen.capstone`)."""
    return simulate(PARAMS, rng_for("capstone_kidswear"))
