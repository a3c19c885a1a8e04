"""Capstone business 3, Corner Oven Bakery (街角烤房): good content and groups, weak monetisation.

Daily-bake posts are popular and the neighbourhood groups are busy, but the
chain rarely goes live, sells single low-priced items and earns little per visitor.
"""

from __future__ import annotations

from course_utils.datagen.capstone import Params, simulate
from course_utils.datagen.streams import rng_for

PARAMS = Params(
    posts=30, views_per_post=5200, follow_rate=0.016, wecom_rate=0.32, group_rate=0.78,
    click_rate=0.012, group_visit_rate=0.18, first_conversion=0.06, repeat_rate=0.15,
    orders_per_customer=1.35, aov=36.0, live_sessions=(1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1),
    viewers_per_session=650, uv_value=1.3, ad_spend=1200, coupon_share=0.06,
    start_followers=16000, start_group=5200, start_customers=7000,
    season=(1.1, 1.2, 0.9, 0.9, 1.0, 1.0, 0.85, 0.9, 1.4, 0.95, 0.9, 1.2),
)


def build():
    """Twelve months of 2024 (see :mod:`course_utils.datagen.capstone`)."""
    return simulate(PARAMS, rng_for("capstone_bakery"))
