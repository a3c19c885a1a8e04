"""Lesson 2's explorers and charts: default states, responses to controls, kind errors."""

from __future__ import annotations

import pandas as pd
import pytest

from course_utils.cjk import WECHAT_NAMES
from course_utils.explorers import hub
from course_utils.models import network as nm
from course_utils.figures import hub as hub_charts
from course_utils.models import repurchase as rp
from course_utils.style import apply_style


@pytest.fixture(autouse=True)
def _course_style():
    # The course style names the CJK font, so Chinese labels draw without warnings.
    apply_style()


def test_network_explorer_default_is_a_captioned_exhibit():
    explorer = hub.network_explorer("2.3")
    bundle, metadata = explorer._repr_mimebundle_()
    assert metadata["course_utils"] == {"exhibit": "2.3", "synthetic": False, "explorer": True, "smallest_text": 10.0}
    assert "Exhibit 2.3" in bundle["text/html"]
    first = nm.count_routes(nm.hub_graph(hub.DATES[0][1]))
    assert f"{first} routes to a purchase" in bundle["text/html"]
    assert bundle["image/png"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_network_slider_starts_at_its_first_date_so_each_step_right_adds_routes():
    explorer = hub.network_explorer("2.3")
    slider = explorer.controls["as_of"]
    assert slider.index == 0
    counts = []
    for index in range(len(hub.DATES)):
        slider.index = index
        counts.append(int(explorer._summary.value.split(" routes to a purchase")[0].rsplit(" ", 1)[-1]))
    assert counts[-1] > counts[0] and counts == sorted(counts)
    # Short readouts: the widget shows at most about 148 px, so no label runs past 8 characters.
    assert all(len(label) <= 8 for label, _day in slider.options)


def test_moving_the_date_recomputes_routes():
    explorer = hub.network_explorer("2.3")
    explorer.controls["as_of"].value = "2020-01-22"
    assert explorer.message == ""
    routes = nm.count_routes(nm.hub_graph("2020-01-22"))
    assert f"{routes} routes to a purchase" in explorer._summary.value
    explorer.controls["switched_off"].value = ("mp_pay",)
    assert "0 routes to a purchase" in explorer._summary.value


def test_switching_off_the_store_links_is_reflected():
    explorer = hub.network_explorer("2.3", as_of="2022-07-21")
    explorer.controls["switched_off"].value = ("ch_store", "live_store")
    expected = nm.count_routes(nm.hub_graph("2022-07-21", ["ch_store", "live_store"]))
    assert expected < 62
    assert f"{expected} routes" in explorer._summary.value


def test_funnel_explorer_default_names_the_step_worth_improving():
    explorer = hub.funnel_explorer("2.5")
    bundle, metadata = explorer._repr_mimebundle_()
    assert metadata["course_utils"]["exhibit"] == "2.5"
    assert "Improve Follow" in bundle["text/html"]
    explorer.controls["mode"].value = "relative"
    assert "tied" in explorer._summary.value


@pytest.mark.parametrize("lang, uplift, slider_reading", [("en", "Uplift = +1.0 pts", "Uplift = 1.0%"),
                                                             ("zh", "提升幅度 = 1.0 个百分点", "提升幅度 = 1.0%")])
def test_the_printed_settings_give_the_uplift_in_points_not_as_the_sliders_percent(lang, uplift, slider_reading):
    """In points mode the slider reads "1.0%"; printed beside "Uplift as = + points" that read as
    a relative 1%, so the settings line gives the uplift as the headline does."""
    from course_utils.i18n import using_language

    with using_language(lang):
        settings = hub.funnel_explorer("2.6").static().settings
    assert uplift in settings
    assert slider_reading not in settings


def test_funnel_explorer_follows_the_rates_it_is_given():
    explorer = hub.funnel_explorer("2.5", rates={"repurchase": 0.5})
    assert explorer.controls["repurchase"].value == 0.5
    explorer.controls["follow"].value = 0.5
    # follow is no longer the lowest rate; first purchase (20 %) now gains most from +1 point
    assert "Improve First purchase" in explorer._summary.value


def test_no_uplift_means_no_step_to_improve():
    explorer = hub.funnel_explorer("2.5")
    explorer.controls["uplift"].value = 0.0
    assert explorer.message == ""
    assert "No single step" in explorer._summary.value
    explorer.controls["uplift"].value = 0.01
    explorer.controls["follow"].value = 0.0   # an empty funnel: one point of follow still helps
    assert "Improve Follow" in explorer._summary.value


def test_charts_draw_from_small_frames():
    orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
                           "order_date": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-02-05"])})
    customers = pd.DataFrame({"customer_id": ["a", "b"], "added_wecom": [True, False],
                              "joined_group": [True, False]})
    fig = hub_charts.retention_heatmap(rp.cohort_retention(orders, sizes=True))
    assert len(fig.axes) == 2  # the map and its colour bar
    table = rp.touchpoint_repurchase(orders, customers)
    fig = hub_charts.touchpoint_bars(table, 0.5, 1.0)
    assert len(fig.axes[0].patches) == 3
    # The legend sits below the axes, so it cannot cover the target line wherever that falls.
    anchor = fig.axes[0].get_legend().get_bbox_to_anchor().transformed(fig.axes[0].transAxes.inverted())
    assert anchor.y1 < 0
    fig, routes = hub_charts.routes_over_time(["2020-01-22", "2022-07-21"])
    assert routes["routes"].tolist() == [12, 62]


def test_charts_reject_bad_tables():
    from course_utils.errors import CourseInputError

    with pytest.raises(CourseInputError):
        hub_charts.touchpoint_bars(pd.DataFrame({"x": [1]}), 0.5, 1.0)


def test_component_names_keep_english_and_chinese_apart():
    # The English name is a message and the Chinese name data: the two are joined, never split.
    assert hub_charts.component_english("search") == "Search"
    assert WECHAT_NAMES["search"] == "搜一搜"
    assert hub_charts.component_name("official_accounts") == "Official Accounts 公众号"
    assert hub.component_label("pay") == "WeChat Pay\n微信支付"
    assert set(WECHAT_NAMES) == set(nm.COMPONENTS)


def test_every_link_step_and_segment_has_a_label():
    assert all(hub_charts.link_label(key) for key in nm.LINK_KEYS)
    assert hub_charts.step_label("add_wecom") == "Add WeCom 加企微"
    assert hub_charts.segment_label("group") == "Joined a group"
    assert {hub_charts.basis_label(link.basis) for link in nm.LINKS} == {"fact sheet", "teaching assumption"}


def test_funnel_headline_names_the_outcome_in_lower_case():
    _fig, html = hub.render_funnel(objective="profit", **hub.DEFAULT_RATES)
    assert "there adds RMB 2,400 of gross profit." in html


def test_the_gap_to_the_doubled_rate_is_the_difference_of_the_rates_as_printed():
    # 91.3% less 45.6% printed 45.6 (the unrounded rates' difference) beside the two rates.
    scenarios = pd.DataFrame({"scenario": ["today"], "wecom_share": [0.3], "group_share": [0.5],
                              "repurchase_rate": [0.45634]})
    view = hub_charts.scenario_view(scenarios, target=0.91268)
    assert view["gap"].tolist() == [pytest.approx(91.3 - 45.6)]
