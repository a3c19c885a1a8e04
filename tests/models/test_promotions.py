"""Coupons, flash sales and pre-sales."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.errors import CourseInputError
from course_utils.models import promotions as promo


def test_break_even_uplift_by_hand():
    # 40% margin, 10% off: 30% left per unit, so 40/30 = 1.333 times the volume.
    assert promo.break_even_uplift(0.40, 0.10) == pytest.approx(1 / 3)
    assert promo.break_even_uplift(0.50, 0.25) == pytest.approx(1.0)
    assert promo.break_even_uplift(0.30, 0.0) == 0.0


@settings(derandomize=True)
@given(margin=st.floats(0.05, 1.0), share=st.floats(0.0, 0.95))
def test_break_even_uplift_restores_contribution(margin, share):
    discount = margin * share
    uplift = promo.break_even_uplift(margin, discount)
    assert (1 + uplift) * (margin - discount) == pytest.approx(margin)


def test_uplift_grows_with_discount_and_shrinks_with_margin():
    by_discount = [promo.break_even_uplift(0.4, d) for d in (0.05, 0.1, 0.2, 0.3)]
    assert by_discount == sorted(by_discount) and len(set(by_discount)) == 4
    by_margin = [promo.break_even_uplift(m, 0.1) for m in (0.2, 0.3, 0.5, 0.8)]
    assert by_margin == sorted(by_margin, reverse=True)


def test_discount_at_or_above_margin_is_explained():
    with pytest.raises(CourseInputError, match="no rise in volume") as info:
        promo.break_even_uplift(0.30, 0.30)
    assert info.value.argument == "discount"


def test_curve_matches_point_and_marks_impossible_discounts():
    curve = promo.break_even_curve(0.4, [0.0, 0.1, 0.4, 0.5])
    assert curve[1] == pytest.approx(promo.break_even_uplift(0.4, 0.1))
    assert curve[0] == 0.0
    assert np.isnan(curve[2]) and np.isnan(curve[3])
    with pytest.raises(CourseInputError):
        promo.break_even_curve(0.4, [])
    with pytest.raises(CourseInputError):
        promo.break_even_curve(0.4, [0.1, float("nan")])


def test_coupon_roi_and_redemption_by_hand():
    assert promo.coupon_roi(45_000, 5_000) == pytest.approx(9)
    assert promo.incremental_roi(45_000, 5_000, 0.7) == pytest.approx(2.7)
    assert promo.redemption_rate(1_200, 8_000) == pytest.approx(0.15)


@pytest.mark.parametrize("call, argument", [
    (lambda: promo.coupon_roi(100, 0), "discount_cost"),
    (lambda: promo.coupon_roi(-1, 10), "coupon_sales"),
    (lambda: promo.redemption_rate(9, 8), "redeemed"),
    (lambda: promo.redemption_rate(1, 0), "issued"),
    (lambda: promo.incremental_roi(100, 10, 1.2), "baseline_share"),
    (lambda: promo.break_even_uplift(1.5, 0.1), "margin"),
    (lambda: promo.flash_sale(-1, 9.9, 30, 100, 0.1, 0.2, 200, 0.4), "units"),
    (lambda: promo.presale(100, 0.8, 1.1, 20), "actual_rate"),
    (lambda: promo.forecast_error(10, 0), "actual"),
])
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(CourseInputError) as info:
        call()
    assert info.value.argument == argument


def _orders() -> pd.DataFrame:
    return pd.DataFrame({
        "channel": ["channels_live", "channels_live", "mini_program", "mini_program"],
        "coupon": [True, False, True, True],
        "amount": [180.0, 200.0, 90.0, 110.0],
        "discount": [20.0, 0.0, 10.0, 10.0],
    })


def test_coupon_summary_overall_and_by_channel():
    overall = promo.coupon_summary(_orders())
    assert overall.loc[0, "coupon_orders"] == 3
    assert overall.loc[0, "coupon_sales"] == pytest.approx(380)
    assert overall.loc[0, "roi"] == pytest.approx(380 / 40)
    by = promo.coupon_summary(_orders(), by="channel").set_index("channel")
    assert by.loc["mini_program", "roi"] == pytest.approx(10)
    assert by["coupon_sales"].sum() == pytest.approx(overall.loc[0, "coupon_sales"])


def test_coupon_summary_without_coupons_is_explained():
    with pytest.raises(CourseInputError, match="no order that used a coupon"):
        promo.coupon_summary(_orders().assign(coupon=False))


def test_flash_sale_by_hand():
    sale = promo.flash_sale(500, 9.9, 30, 8_000, 0.10, 0.25, 200, 0.40)
    assert sale.loss_on_units == pytest.approx(500 * 20.1)
    assert sale.new_followers == pytest.approx(800)
    assert sale.follow_on_contribution == pytest.approx(800 * 0.25 * 200 * 0.4)
    assert sale.net == pytest.approx(16_000 - 10_050)
    assert sale.cost_per_follower == pytest.approx(10_050 / 800)


def test_flash_sale_loss_grows_with_units_and_cheaper_price():
    losses = [promo.flash_sale(u, 9.9, 30, 8_000, 0.1, 0.25, 200, 0.4).loss_on_units
              for u in (0, 100, 1_000)]
    assert losses == sorted(losses) and losses[0] == 0
    cheaper = promo.flash_sale(500, 1.0, 30, 8_000, 0.1, 0.25, 200, 0.4)
    assert cheaper.loss_on_units > promo.flash_sale(500, 9.9, 30, 8_000, 0.1, 0.25, 200, 0.4).loss_on_units


@settings(derandomize=True)
@given(planned=st.floats(0, 1), actual=st.floats(0.01, 1), deposits=st.integers(1, 50_000))
def test_presale_units_are_conserved(planned, actual, deposits):
    plan = promo.presale(deposits, planned, actual, 20)
    assert plan.planned_units - plan.leftover_units + plan.short_units == pytest.approx(plan.paid_units)
    assert plan.leftover_units >= 0 and plan.short_units >= 0
    assert min(plan.leftover_units, plan.short_units) == 0


def test_presale_by_hand():
    plan = promo.presale(2_000, 0.80, 0.70, 20)
    assert plan.leftover_units == pytest.approx(200)
    assert plan.forfeited_deposits == pytest.approx(600 * 20)
    assert plan.forecast_error == pytest.approx(200 / 1_400)
    assert promo.forecast_error(900, 1_000) == pytest.approx(-0.1)
