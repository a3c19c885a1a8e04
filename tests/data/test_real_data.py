"""The real data sets hold only fact-sheet facts, each with a confidence and a source."""

from __future__ import annotations

import re

import pandas as pd

from course_utils import datasets

SOURCE = re.compile(r"^.+, ((\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) |Q[1-4] )?\d{4}$")


def test_real_data_has_confidence_and_an_outlet_date_source():
    for name in ("milestones", "reported_growth"):
        frame = datasets.load(name)
        assert set(frame["confidence"]) <= {"H", "M", "M-H"}
        bad = [source for source in frame["source"] if not SOURCE.match(source)]
        assert not bad, bad
        urls = frame["url"].dropna()
        assert urls.str.startswith("https://").all()


def test_milestones_span_2020_to_2025_in_order_with_all_three_stages():
    frame = datasets.load("milestones")
    assert frame["date"].min() == pd.Timestamp("2020-01-09")
    assert frame["date"].max().year == 2025
    assert frame["date"].is_monotonic_increasing
    assert set(frame["stage"]) == {"content", "hub", "commerce"}
    beta = frame[frame["event"].str.contains("internal beta")]
    assert beta["date"].tolist() == [pd.Timestamp("2020-01-21")]
    assert frame["event_zh"].str.contains(r"[\u4e00-\u9fff]").all()


def test_the_chinese_events_follow_the_courses_spacing():
    """A space between Chinese and a number or a Latin word (微信公开课 PRO, 增长 400%), none inside a
    date, as in the Chinese lessons: the events print in lesson 3's table and the book's timeline."""
    from course_utils.instructor.house_style import spacing_slips

    frame = datasets.load("milestones")
    assert [event for event in frame["event_zh"] if spacing_slips(event, "zh")] == []


def test_month_and_quarter_dates_are_first_days():
    frame = datasets.load("milestones")
    coarse = frame[frame["date_precision"] != "day"]
    assert (coarse["date"].dt.day == 1).all()
    assert (coarse.loc[coarse["date_precision"] == "quarter", "date"].dt.month.isin([1, 4, 7, 10])).all()


def test_reported_growth_holds_the_open_class_figures():
    frame = datasets.load("reported_growth").set_index("metric")
    assert frame.loc["algorithm_recommended_views", "value"] == 400
    assert frame.loc["total_views", "value"] == 200
    # +800 % is the figure; "more than 8x" is its loose restatement, not a second, larger figure.
    assert frame.loc["live_commerce_gmv", ["value", "unit", "qualifier"]].tolist() == [800, "percent", "exactly"]
    assert frame.loc["live_commerce_aov", ["value", "unit", "qualifier"]].tolist() == [200, "RMB", "above"]
    # "orders grew >244%": a lower bound.
    assert frame.loc["channels_orders", ["value", "qualifier", "confidence"]].tolist() == [244, "more than", "M-H"]
    assert frame.loc["channels_gmv", ["unit", "qualifier"]].tolist() == ["multiple", "nearly"]
    assert (frame.loc[["total_views", "live_commerce_gmv"], "reported_on"] == pd.Timestamp("2023-01-10")).all()
    assert (frame.loc[["channels_gmv", "channels_orders"], "reported_on"] == pd.Timestamp("2024-01-11")).all()


def test_unverified_article_claims_are_not_recorded_as_facts():
    text = " ".join(datasets.load("milestones")["event"])
    assert "33" not in text and "60%" not in text and "iron triangle" not in text


def test_a_chinese_reader_sees_the_case_businesses_by_their_chinese_names_everywhere():
    from course_utils.app import results
    from course_utils.app.results import case
    from course_utils.explorers import diagnosis
    from course_utils.explorers.diagnosis import case_figures
    from course_utils.i18n import using_language

    for cached in (results._profiles, results.case, diagnosis._case):
        cached.cache_clear()
    with using_language("zh"):
        profiles = datasets.load("capstone_profiles")
        assert profiles["name"].tolist() == profiles["name_zh"].tolist() == ["玉云茶", "小芽童装", "街角烤房"]
        shown_zh, case_zh = case_figures("tea")[1], case("tea").name  # the caches are filled in Chinese first
    with using_language("en"):
        assert datasets.load("capstone_profiles")["name"].tolist()[0] == "Jade Cloud Tea"
        assert (shown_zh, case_zh) == ("玉云茶", "玉云茶")
        assert case_figures("tea")[1] == "Jade Cloud Tea (玉云茶)" and case("tea").name == "Jade Cloud Tea"
