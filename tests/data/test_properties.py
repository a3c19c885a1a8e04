"""The synthetic data sets have the properties the lessons rely on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_utils import datasets


@pytest.fixture(scope="module")
def orders():
    return datasets.load("orders")


@pytest.fixture(scope="module")
def customers(orders):
    people = datasets.load("customers").set_index("customer_id")
    people["orders"] = orders.groupby("customer_id").size()
    return people


def test_every_customer_has_orders_and_first_order_dates_agree(orders, customers):
    assert customers["orders"].notna().all()
    first = orders.groupby("customer_id")["order_date"].min()
    assert (first == customers["first_order_date"]).all()
    assert set(orders["customer_id"]) == set(customers.index)


def test_touch_points_raise_the_repurchase_rate(customers):
    repeat = customers["orders"] >= 2
    grouped, others = repeat[customers["joined_group"]].mean(), repeat[~customers["joined_group"]].mean()
    assert grouped > others + 0.12
    assert repeat[customers["added_wecom"]].mean() > repeat[~customers["added_wecom"]].mean() + 0.1
    assert 0.3 < repeat.mean() < 0.6  # customer-based repurchase rate


def test_order_values_coupons_and_seasonality(orders):
    assert 150 <= orders["amount"].mean() <= 220
    assert ((orders["list_amount"] - orders["discount"] - orders["amount"]).abs() < 0.006).all()
    assert (orders.loc[~orders["coupon"], "discount"] >= 0).all()
    assert 0.15 < orders["coupon"].mean() < 0.4
    by_month = orders.groupby(orders["order_date"].dt.month).size()
    ordinary = by_month[[3, 5, 7, 8, 12]].mean()
    assert by_month[6] > 1.3 * ordinary and by_month[11] > 1.8 * ordinary
    gifts = orders[orders["product"] == "gift_box"]
    assert gifts["order_date"].dt.month.isin([1, 9, 10, 11]).mean() > 0.5
    assert set(orders["channel"]) == {"channels_live", "channels_video", "mini_program", "wecom_group",
                                      "official_account"}


def test_live_sessions_are_internally_consistent():
    live = datasets.load("live_sessions")
    assert (live["viewers"] <= live["views"]).all() and (live["peak_concurrent"] <= live["viewers"]).all()
    assert ((live["orders"] * live["aov"] - live["gmv"]).abs() <= 0.005 + 1e-9).all()
    assert 150 <= (live["gmv"].sum() / live["orders"].sum()) <= 220
    assert set(live["theme"]) == {"regular", "new_season", "618", "childrens_day", "double11", "spring_festival"}
    children = live[live["theme"] == "childrens_day"]["date"]
    assert (abs(children - pd.Timestamp("2024-06-01")) <= pd.Timedelta(days=7)).all() and len(children) >= 2
    campaign = live[live["theme"].isin(["618", "double11"])]["viewers"].mean()
    assert campaign > 1.5 * live[live["theme"] == "regular"]["viewers"].mean()
    assert (live.loc[live["presale"], "theme"] != "regular").all()


def test_completion_rate_responds_to_post_features():
    posts = datasets.load("content_posts")
    rate = posts["completion_rate"]
    assert rate[posts["hook_3s"]].mean() > rate[~posts["hook_3s"]].mean() + 0.08
    assert rate[posts["subtitles"]].mean() > rate[~posts["subtitles"]].mean()
    assert np.corrcoef(np.log(posts["length_s"]), rate)[0, 1] < -0.4
    features = np.column_stack([
        np.ones(len(posts)), posts["hook_3s"], np.log(posts["length_s"] / 30), posts["subtitles"],
        posts["hour"].between(19, 22), np.log1p(posts["friend_likes"]),
    ]).astype(float)
    coefficients = np.linalg.lstsq(features, np.log(rate / (1 - rate)), rcond=None)[0]
    hook, length, subtitles, evening, friends = coefficients[1:]
    assert 0.4 < hook < 0.7 and -0.9 < length < -0.6 and 0.1 < subtitles < 0.4
    assert evening > 0.05 and friends > 0.1
    assert (posts["hour"] == posts["posted_at"].dt.hour).all()


def test_social_share_is_higher_for_friend_circles_than_for_kols():
    posts = datasets.load("content_posts")
    share = posts.groupby("creator_type")["social_share"].mean()
    assert share["employee"] > share["brand"] > share["kol"] and share["customer"] > share["kol"] + 0.2
    assert np.corrcoef(np.log1p(posts["friend_likes"]), posts["social_share"])[0, 1] > 0.4


def _ratios(business: str) -> dict[str, float]:
    frame = datasets.load(f"capstone_{business}")
    total = frame.drop(columns="month").sum()
    return {
        "views_per_month": float((frame["posts"] * frame["avg_views_per_post"]).mean()),
        "wecom_per_follower": total["wecom_adds"] / total["new_followers"],
        "repeat_share": total["repeat_customers"] / total["active_customers"],
        "sessions_per_month": float(frame["live_sessions"].mean()),
        "live_uv_value": total["live_gmv"] / total["live_viewers"],
        "aov": total["revenue"] / total["orders"],
    }


def test_each_capstone_business_has_its_own_binding_constraint():
    tea, kids, bakery = _ratios("tea"), _ratios("kidswear"), _ratios("bakery")
    # Content supply: kidswear reaches a small fraction of the others' views.
    assert kids["views_per_month"] < 0.1 * min(tea["views_per_month"], bakery["views_per_month"])
    # Private-domain conversion: tea turns followers into WeCom contacts and repeat buyers worst.
    assert tea["wecom_per_follower"] < 0.3 * min(kids["wecom_per_follower"], bakery["wecom_per_follower"])
    assert tea["repeat_share"] < 0.6 * min(kids["repeat_share"], bakery["repeat_share"])
    # Monetisation: the bakery rarely goes live and earns least per viewer and per order.
    assert bakery["sessions_per_month"] < 0.5 * min(tea["sessions_per_month"], kids["sessions_per_month"])
    assert bakery["live_uv_value"] < 0.5 * min(tea["live_uv_value"], kids["live_uv_value"])
    assert bakery["aov"] < 0.5 * min(tea["aov"], kids["aov"])


def test_capstone_profiles_match_the_monthly_files():
    profiles = datasets.load("capstone_profiles")
    for business in profiles["business"]:
        assert len(datasets.load(f"capstone_{business}")) == 12
    assert profiles["gross_margin"].between(0.3, 0.8).all()
