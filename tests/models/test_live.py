"""Live-room metrics and the session P&L."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from course_utils.errors import CourseInputError
from course_utils.models import live


def _sessions() -> pd.DataFrame:
    return pd.DataFrame({
        "theme": ["regular", "regular", "618"],
        "host": ["brand", "kol", "kol"],
        "views": [10_000, 30_000, 50_000],
        "viewers": [4_000, 12_000, 20_000],
        "orders": [100, 330, 1_000],
        "buyers": [90, 300, 900],
        "gmv": [20_000.0, 66_000.0, 250_000.0],
        "refund_amount": [1_000.0, 6_600.0, 25_000.0],
    })


def test_scalar_formulas_by_hand():
    assert live.gmv(20_000, 0.025, 220) == pytest.approx(110_000)
    assert live.conversion_rate(90, 4_000) == pytest.approx(0.0225)
    assert live.average_order_value(20_000, 100) == pytest.approx(200)
    assert live.uv_value(20_000, 4_000) == pytest.approx(5)
    assert live.gpm(20_000, 10_000) == pytest.approx(2_000)


def test_gmv_is_uv_times_uv_value():
    total = live.gmv(12_345, 0.031, 187)
    assert live.uv_value(total, 12_345) == pytest.approx(0.031 * 187)


@pytest.mark.parametrize("call, argument", [
    (lambda: live.gmv(-1, 0.1, 100), "visitors"),
    (lambda: live.gmv(100, 1.5, 100), "conversion"),
    (lambda: live.gmv(100, 0.1, float("nan")), "aov"),
    (lambda: live.conversion_rate(10, 0), "visitors"),
    (lambda: live.conversion_rate(11, 10), "buyers"),
    (lambda: live.gpm(100, 0), "views"),
    (lambda: live.session_pnl(1_000, 0.02, 100, discount=1.2), "discount"),
    (lambda: live.session_pnl(1_000, 0.02, 100, coupon=95, discount=0.1), "coupon"),
    (lambda: live.session_pnl(1_000, 0.02, 100, ad_spend=-5), "ad_spend"),
    (lambda: live.session_pnl("many", 0.02, 100), "visitors"),
])
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(CourseInputError) as info:
        call()
    assert info.value.argument == argument
    assert argument in str(info.value)


def test_session_metrics_per_row():
    out = live.session_metrics(_sessions())
    first = out.iloc[0]
    assert first["conversion"] == pytest.approx(90 / 4_000)
    assert first["aov"] == pytest.approx(200)
    assert first["uv_value"] == pytest.approx(5)
    assert first["gpm"] == pytest.approx(2_000)
    assert first["refund_rate"] == pytest.approx(0.05)
    assert "conversion" not in _sessions().columns  # the input is not changed


def test_zero_denominator_gives_missing_not_infinite():
    frame = _sessions()
    frame.loc[0, ["viewers", "buyers"]] = 0
    out = live.session_metrics(frame)
    assert math.isnan(out.loc[0, "conversion"])
    assert out.loc[1, "conversion"] == pytest.approx(0.025)


def test_metrics_by_uses_totals_not_averages_of_ratios():
    table = live.metrics_by(_sessions(), "theme").set_index("theme")
    regular = table.loc["regular"]
    assert regular["sessions"] == 2
    assert regular["conversion"] == pytest.approx(390 / 16_000)
    mean_of_ratios = (90 / 4_000 + 300 / 12_000) / 2
    assert regular["conversion"] != pytest.approx(mean_of_ratios)
    assert regular["uv_value"] == pytest.approx(86_000 / 16_000)


@pytest.mark.parametrize("frame, match", [
    (pd.DataFrame(columns=list(live.SESSION_COLUMNS)), "empty"),
    (_sessions().drop(columns="buyers"), "buyers"),
    (_sessions().assign(viewers=[4_000, -1, 20_000]), "viewers"),
    (_sessions().assign(gmv=[1.0, float("nan"), 2.0]), "gmv"),
    (_sessions().assign(orders=["a", "b", "c"]), "orders"),
])
def test_bad_session_frames_are_refused_kindly(frame, match):
    with pytest.raises(CourseInputError, match=match):
        live.session_metrics(frame)


def test_metrics_by_unknown_column():
    with pytest.raises(CourseInputError, match="weather"):
        live.metrics_by(_sessions(), "weather")


def test_pnl_by_hand():
    pnl = live.session_pnl(20_000, 0.025, 220, discount=0.1, coupon=20, coupon_use=0.6,
                           refund_rate=0.08, fee_rate=0.05, cogs_share=0.40, ad_spend=3_000)
    orders = 20_000 * 0.025                      # 500
    gmv = orders * 220 * 0.9                     # 99,000
    refunds = gmv * 0.08                         # 7,920
    fees = 0.05 * (gmv - refunds)                # 4,554
    cogs = 0.40 * 220 * orders * 0.92            # 40,480
    coupons = 20 * 0.6 * orders * 0.92           # 5,520
    assert pnl.gmv == pytest.approx(gmv)
    assert pnl.contribution == pytest.approx(gmv - refunds - fees - cogs - coupons - 3_000)
    assert pnl.contribution == pytest.approx(37_526)


def test_pnl_waterfall_conserves_money():
    pnl = live.session_pnl(7_300, 0.041, 180, discount=0.15, coupon=15, ad_spend=2_500)
    steps = pnl.steps()
    assert [name for name, _ in steps][0] == "gmv"
    assert sum(amount for _, amount in steps) == pytest.approx(pnl.contribution)


def test_contribution_rises_with_conversion_and_falls_with_discount():
    base = dict(visitors=20_000, aov=220, coupon=20, ad_spend=3_000)
    by_conversion = [live.session_pnl(conversion=c, discount=0.1, **base).contribution
                     for c in (0.01, 0.02, 0.03, 0.05)]
    assert by_conversion == sorted(by_conversion)
    by_discount = [live.session_pnl(conversion=0.025, discount=d, **base).contribution
                   for d in (0.0, 0.1, 0.2, 0.3)]
    assert by_discount == sorted(by_discount, reverse=True)


def test_no_visitors_loses_exactly_the_ad_spend():
    pnl = live.session_pnl(0, 0.03, 200, ad_spend=1_200)
    assert pnl.contribution == pytest.approx(-1_200)
    assert pnl.contribution_margin == 0.0
