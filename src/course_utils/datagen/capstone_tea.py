"""Capstone business 1, Jade Cloud Tea (玉云茶): strong content, weak private-domain conversion.

A content studio posts often and gets many views, but few viewers add the
brand's WeCom, groups stay small and most buyers never come back.
"""

from __future__ import annotations

from course_utils.datagen.capstone import Params, simulate
from course_utils.datagen.streams import rng_for

PARAMS = Params(
    posts=44, views_per_post=9500, follow_rate=0.012, wecom_rate=0.035, group_rate=0.35,
    click_rate=0.008, group_visit_rate=0.25, first_conversion=0.032, repeat_rate=0.035,
    orders_per_customer=1.08, aov=172.0, live_sessions=(6, 3, 6, 8, 6, 9, 6, 6, 8, 7, 10, 7),
    viewers_per_session=2600, uv_value=4.8, ad_spend=9000, coupon_share=0.05,
    start_followers=38000, start_group=900, start_customers=2600,
    season=(1.3, 0.8, 1.0, 1.2, 0.9, 1.3, 0.8, 0.85, 1.2, 1.0, 1.4, 1.0),
)


def build():
    """Twelve months of 2024 (see :mod:`course_utils.datagen.capstone`)."""
    return simulate(PARAMS, rng_for("capstone_tea"))
