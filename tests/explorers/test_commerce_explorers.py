"""Lesson 3 explorers: default state, response to controls, kind messages."""

from __future__ import annotations

import re

import pytest

from course_utils.explorers import commerce
from course_utils.models.live import session_pnl
from course_utils.models.promotions import break_even_uplift


@pytest.fixture(scope="module")
def pnl():
    return commerce.pnl_explorer()


def test_pnl_default_state_is_a_captioned_synthetic_exhibit(pnl):
    bundle, metadata = pnl._repr_mimebundle_()
    assert metadata["course_utils"] == {"exhibit": "3.4", "synthetic": True, "explorer": True, "smallest_text": 8.0}
    assert "Exhibit 3.4" in bundle["text/html"] and bundle["image/png"]
    assert "synthetic data" in bundle["text/plain"].lower()
    assert "RMB 37,526" in bundle["text/html"]  # the contribution of the default session


def test_pnl_summary_follows_the_model(pnl):
    pnl.controls["conversion"].value = 0.05
    expected = commerce.pnl_model(**pnl.values()).contribution
    assert expected == pytest.approx(session_pnl(20_000, 0.05, 220, discount=0.1, coupon=20,
                                                 **commerce.PNL_ASSUMPTIONS).contribution)
    assert f"RMB {expected:,.0f}" in pnl._summary.value
    pnl.controls["conversion"].value = 0.025


def test_pnl_coupon_above_order_shows_a_message_not_a_traceback():
    explorer = commerce.pnl_explorer()
    explorer.controls["aov"].value = 40
    explorer.controls["discount"].value = 0.5
    explorer.controls["coupon"].value = 30
    assert "coupon" in explorer.message and "larger than the order" in explorer.message
    explorer.controls["coupon"].value = 10
    assert explorer.message == ""


def test_uplift_explorer_point_and_impossible_discount():
    explorer = commerce.uplift_explorer()
    bundle, _ = explorer._repr_mimebundle_()
    assert "Exhibit 3.5" in bundle["text/html"]
    assert "33%" in bundle["text/html"]  # 10% off a 40% margin needs a third more units
    explorer.controls["discount"].value = 0.2
    assert f"{break_even_uplift(0.4, 0.2):.0%}" in explorer._summary.value
    explorer.controls["discount"].value = 0.45
    assert "no rise in volume" in explorer.message


def test_flash_sale_explorer_default_and_response():
    explorer = commerce.flash_sale_explorer()
    bundle, metadata = explorer._repr_mimebundle_()
    assert metadata["course_utils"]["exhibit"] == "3.8"
    assert "RMB 5,950" in bundle["text/html"]
    explorer.controls["repeat_rate"].value = 0.0
    assert "RMB -10,050" in explorer._summary.value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_scorecard_features_are_named_for_the_reader(lang):
    """English labels carry the Chinese name beside the English; Chinese ones only the Chinese."""
    from course_utils.figures.commerce import scorecard_chart
    from course_utils.i18n import using_language
    from course_utils.models.scorecard import PROFILES, illustrative_features

    cards = {profile: illustrative_features(profile) for profile in PROFILES}
    with using_language(lang):
        fig = scorecard_chart(cards)
    labels = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(cards[PROFILES[0]])
    for label, chinese in zip(labels, cards[PROFILES[0]]["feature_zh"]):
        assert chinese in label
        assert bool(re.search(r"[A-Za-z]", label)) is (lang == "en"), label
