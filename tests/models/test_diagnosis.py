"""Diagnosis, plan and timeline models (Lessons 0 and 4)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.errors import CourseInputError
from course_utils.models.diagnosis import (FIGURES, Metric, diagnose, figures_from_monthly, stage_scores)
from course_utils.models.plan import (CAMPAIGN_LIFT, WEEKS, campaign_target, draft_plan, metric_target,
                                      monthly_contribution, plan_targets, project, s_curve)
from course_utils.models.timeline import as_of, multiple_from_percent, percent_from_multiple, stage_counts

BASE = dict(posts_per_month=16, views_per_post=3600, wecom_rate=0.12, first_purchase_rate=0.04,
            repeat_share=0.22, live_gmv_share=0.20, marketing_cost_ratio=0.12,
            monthly_revenue=300_000, gross_margin=0.55)


def test_scores_are_mean_ratios_computed_by_hand():
    result = diagnose(BASE, "tea")
    # content: 16/12 = 1.333, 3600/3000 = 1.2 -> 1.2667
    assert result.scores["content"] == pytest.approx((16 / 12 + 1.2) / 2)
    # private domain: 0.4, 0.8, 0.7333
    assert result.scores["private_domain"] == pytest.approx((0.4 + 0.8 + 0.22 / 0.30) / 3)
    # monetisation: 0.8, and cost 0.15/0.12 = 1.25 (lower is better)
    assert result.scores["monetisation"] == pytest.approx((0.8 + 1.25) / 2)
    assert result.maturity_stage == 2 and result.binding == "private_domain"
    assert result.lever.key == "wecom_rate" and not result.loop_closed


def test_ratio_is_capped_so_one_star_metric_cannot_hide_a_weak_one():
    star = Metric("posts_per_month", "content", 120, 12, True)
    assert star.ratio == 1.5
    weak = Metric("views_per_post", "content", 300, 3000, True)
    assert stage_scores((star, weak))["content"] == pytest.approx((1.5 + 0.1) / 2)


def test_business_at_benchmark_everywhere_has_a_closed_loop():
    strong = dict(BASE, wecom_rate=0.35, first_purchase_rate=0.06, repeat_share=0.35, live_gmv_share=0.3)
    result = diagnose(strong)
    assert result.loop_closed and result.maturity_stage == 3
    assert result.binding == min(result.scores, key=result.scores.get)


def test_weak_content_places_business_in_stage_one():
    result = diagnose(dict(BASE, posts_per_month=3, views_per_post=1200))
    assert result.maturity_stage == 1 and result.binding == "content"
    assert result.lever.key == "posts_per_month"   # 0.25 < 0.4


def test_equal_ratios_go_to_the_metric_listed_first():
    # wecom_rate 0.15/0.30 and first_purchase_rate 0.025/0.05 are both at half their benchmark.
    result = diagnose(dict(BASE, wecom_rate=0.15, first_purchase_rate=0.025, repeat_share=0.15))
    assert [m.ratio for m in result.stage_metrics("private_domain")] == pytest.approx([0.5, 0.5, 0.5])
    assert result.lever.key == "wecom_rate"
    plan = draft_plan(result, start=dt.date(2025, 7, 7))
    worked = [action.metric for action in plan.actions if 3 <= action.week_from <= 10]
    assert worked == ["wecom_rate", "first_purchase_rate", "repeat_share"]


@pytest.mark.parametrize("key, value, words", [
    ("posts_per_month", -1, "at least 0"),
    ("wecom_rate", 1.2, "between 0 and 1"),
    ("views_per_post", float("nan"), "finite"),
    ("repeat_share", "a lot", "should be a number"),
    ("monthly_revenue", 0, "more than 0"),
])
def test_bad_figures_name_the_figure(key, value, words):
    with pytest.raises(CourseInputError, match=words) as info:
        diagnose(dict(BASE, **{key: value}))
    assert info.value.argument == key


def test_missing_figure_and_wrong_container_are_explained():
    figures = dict(BASE)
    del figures["gross_margin"]
    with pytest.raises(CourseInputError, match="gross_margin") as info:
        diagnose(figures)
    assert info.value.argument == "gross_margin"
    with pytest.raises(CourseInputError, match="dictionary"):
        diagnose([1, 2, 3])


def _monthly(rows=4):
    return pd.DataFrame({
        "month": pd.date_range("2024-01-01", periods=rows, freq="MS"),
        "posts": [10, 12, 14, 16][:rows], "avg_views_per_post": [1000.0] * rows,
        "new_followers": [100, 120, 140, 160][:rows], "wecom_adds": [20, 30, 40, 500][:rows],
        "mini_program_visitors": [1000] * rows, "first_purchases": [50, 60, 70, 80][:rows],
        "active_customers": [200] * rows, "repeat_customers": [40, 50, 60, 70][:rows],
        "revenue": [100_000.0, 110_000.0, 120_000.0, 130_000.0][:rows], "live_gmv": [10_000.0] * rows,
        "ad_spend": [5_000.0] * rows, "coupon_cost": [1_000.0] * rows})


def test_figures_from_monthly_are_ratios_of_totals_over_the_last_months():
    figures = figures_from_monthly(_monthly(), gross_margin=0.5, months=3)
    assert figures["posts_per_month"] == pytest.approx(14)
    assert figures["views_per_post"] == pytest.approx(42_000 / 42)
    assert figures["wecom_rate"] == 1.0   # 570 adds for 420 followers: capped
    assert figures["first_purchase_rate"] == pytest.approx(210 / 3000)
    assert figures["repeat_share"] == pytest.approx(180 / 600)
    assert figures["live_gmv_share"] == pytest.approx(30_000 / 360_000)
    assert figures["marketing_cost_ratio"] == pytest.approx(18_000 / 360_000)
    assert figures["monthly_revenue"] == pytest.approx(120_000)
    assert set(figures) == set(FIGURES)


def test_figures_from_monthly_rejects_empty_or_incomplete_frames():
    with pytest.raises(CourseInputError, match="empty"):
        figures_from_monthly(_monthly().iloc[0:0], 0.5)
    with pytest.raises(CourseInputError, match="live_gmv"):
        figures_from_monthly(_monthly().drop(columns="live_gmv"), 0.5)
    with pytest.raises(CourseInputError, match="gross_margin"):
        figures_from_monthly(_monthly(), 1.5)


def test_metric_target_closes_the_gap_or_stretches():
    assert metric_target(0.1, 0.3, 0.0) == 0.1
    assert metric_target(0.1, 0.3, 1.0) == pytest.approx(0.3)
    assert metric_target(0.2, 0.15, 1.0, higher_is_better=False) == pytest.approx(0.15)
    assert metric_target(0.4, 0.3, 1.0) == 0.4   # at benchmark: held
    with pytest.raises(CourseInputError, match="ambition"):
        metric_target(0.1, 0.3, 1.5)


def test_contribution_identity_and_repeat_share_steady_state():
    assert monthly_contribution(BASE) == pytest.approx(300_000 * (0.55 - 0.12))
    # repeat share 0.22 -> 0.61 halves the non-repeat share (0.78 -> 0.39): twice the revenue outside live
    doubled = monthly_contribution(BASE, {"repeat_share": 0.61})
    outside = 300_000 * 0.8 * 2
    assert doubled == pytest.approx(outside / 0.8 * (0.55 - 0.12))
    with pytest.raises(CourseInputError, match="live_gmv_share"):
        monthly_contribution(BASE, {"live_gmv_share": 1.0})
    with pytest.raises(CourseInputError, match="wecom_rate"):
        monthly_contribution(dict(BASE, wecom_rate=0.0))


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 1.0))
def test_more_ambition_never_lowers_the_projection(ambition):
    result = diagnose(BASE, "tea")
    low = project(result, plan_targets(result, "private_domain", ambition * 0.5))
    high = project(result, plan_targets(result, "private_domain", ambition))
    assert high[-1] >= low[-1] - 1e-6
    assert low[0] == pytest.approx(monthly_contribution(BASE))   # week 0 is the baseline


def test_s_curve_is_monotone_from_zero_to_one():
    values = [s_curve(week) for week in range(WEEKS + 1)]
    assert values[0] == 0.0 and values[-1] == 1.0
    assert all(b >= a for a, b in zip(values, values[1:]))


def test_plan_covers_13_weeks_and_the_binding_stage():
    result = diagnose(BASE, "tea")
    plan = draft_plan(result, start=dt.date(2025, 4, 7), ambition=0.5)
    assert plan.focus == "private_domain"
    assert plan.actions[0].week_from == 1 and max(a.week_to for a in plan.actions) == WEEKS
    moved = {action.metric for action in plan.actions if not action.campaign}
    assert {"wecom_rate", "first_purchase_rate", "repeat_share"} <= moved
    assert plan.targets["wecom_rate"] == pytest.approx(0.21)
    assert plan.end == dt.date(2025, 7, 6)


def test_campaigns_follow_the_calendar_and_the_audience():
    result = diagnose(BASE, "kidswear")
    spring = draft_plan(result, start=dt.date(2025, 4, 7), family_audience=True)
    assert set(spring.campaigns) == {"618", "childrens_day"}
    week_618 = next(a for a in spring.actions if a.campaign == "618")
    assert week_618.week_to == (dt.date(2025, 6, 18) - dt.date(2025, 4, 7)).days // 7 + 1
    assert draft_plan(result, start=dt.date(2025, 4, 7), family_audience=False).campaigns == ("618",)
    assert draft_plan(result, start=dt.date(2025, 7, 7), family_audience=True).campaigns == ()


def test_plan_rejects_bad_arguments_by_name():
    result = diagnose(BASE)
    with pytest.raises(CourseInputError) as info:
        draft_plan(result, focus="growth")
    assert info.value.argument == "focus"
    with pytest.raises(CourseInputError) as info:
        draft_plan(BASE)
    assert info.value.argument == "diagnosis"
    with pytest.raises(CourseInputError) as info:
        draft_plan(result, start="spring")
    assert info.value.argument == "start"


def _milestones():
    return pd.DataFrame({"date": pd.to_datetime(["2020-01-22", "2020-10-01", "2022-01-06", "2022-07-21"]),
                         "stage": ["content", "commerce", "hub", "commerce"],
                         "event": ["beta", "live", "atomic", "store"], "confidence": ["H", "H", "H", "M"],
                         "source": ["a", "b", "c", "d"]})


def test_timeline_counts_grow_with_the_date_and_conserve_the_total():
    frame = _milestones()
    early, late = stage_counts(frame, "2020-12-31"), stage_counts(frame, "2030-01-01")
    assert early == {"content": 1, "hub": 0, "commerce": 1}
    assert sum(late.values()) == len(frame)
    assert all(late[s] >= early[s] for s in early)
    assert list(as_of(frame, "2022-01-06")["event"]) == ["beta", "live", "atomic"]   # on the day counts


def test_timeline_rejects_bad_inputs():
    with pytest.raises(CourseInputError, match="stages"):
        as_of(_milestones(), "2021-01-01", stages=["growth"])
    with pytest.raises(CourseInputError, match="when"):
        as_of(_milestones(), "next spring")
    with pytest.raises(CourseInputError, match="empty"):
        as_of(_milestones().iloc[0:0], "2021-01-01")


def test_growth_arithmetic_round_trips():
    assert multiple_from_percent(800) == 9.0
    assert percent_from_multiple(multiple_from_percent(244)) == pytest.approx(244)
    with pytest.raises(CourseInputError, match="percent"):
        multiple_from_percent(-150)


def _case(business):
    from course_utils.datasets import load

    profiles = load("capstone_profiles")
    margin = float(profiles.loc[profiles["business"] == business, "gross_margin"].iloc[0])
    return diagnose(figures_from_monthly(load(f"capstone_{business}"), margin), business)


@pytest.mark.parametrize("business, family", [("tea", False), ("kidswear", True), ("bakery", True)])
@pytest.mark.parametrize("ambition", [0.1, 0.5, 1.0])
def test_every_plan_row_moves_its_metric_and_says_why(business, family, ambition):
    result = _case(business)
    for start in (dt.date(2025, 4, 7), dt.date(2025, 5, 26), dt.date(2025, 7, 7)):
        plan = draft_plan(result, start=start, ambition=ambition, family_audience=family)
        assert plan.actions
        for action in plan.actions:
            assert action.baseline == plan.baseline[action.metric]
            assert action.target != action.baseline, action
            assert action.why.strip(), action
        working = [a for a in plan.actions if not a.campaign and 3 <= a.week_from <= 10]
        assert {a.metric for a in working} == {key for key, target in plan.targets.items()
                                               if target != plan.baseline[key]}


def test_set_up_weeks_aim_at_the_s_curve_and_the_last_weeks_hold_the_target():
    result = diagnose(BASE, "tea")
    plan = draft_plan(result, ambition=0.5)
    first, last = plan.actions[0], plan.actions[-1]
    lever = result.lever.key
    gap = plan.targets[lever] - plan.baseline[lever]
    assert first.metric == lever and first.target == pytest.approx(plan.baseline[lever] + s_curve(2) * gap)
    assert last.week_to == WEEKS and last.target == plan.targets[lever]


def test_the_last_weeks_name_the_metric_below_benchmark_in_a_next_stage_that_scores_above_it():
    from course_utils.models.diagnosis_labels import metric_short_name, stage_name

    # Monetisation scores 1.15 (marketing far under its ceiling) with live GMV share below its benchmark.
    figures = dict(BASE, posts_per_month=9, views_per_post=2250, wecom_rate=0.05, first_purchase_rate=0.04,
                   repeat_share=0.20, live_gmv_share=0.20, marketing_cost_ratio=0.05)
    result = diagnose(figures, "tea")
    assert result.binding == "private_domain" and result.scores["monetisation"] >= 1.0
    hold = draft_plan(result).actions[-1].action
    assert stage_name("monetisation") in hold and metric_short_name("live_gmv_share") in hold


def test_a_campaign_on_a_metric_at_benchmark_lifts_it_and_one_on_the_focus_pushes_to_target():
    kidswear = _case("kidswear")   # repeat share far above benchmark, live GMV share below it
    plan = draft_plan(kidswear, start=dt.date(2025, 4, 7), family_audience=True)
    repeat = next(a for a in plan.actions if a.campaign == "618")
    assert repeat.target == pytest.approx(repeat.baseline * (1 + CAMPAIGN_LIFT))
    bakery = _case("bakery")       # binds in monetisation: Children's Day works on live GMV share
    plan = draft_plan(bakery, start=dt.date(2025, 4, 7), family_audience=True)
    live = next(a for a in plan.actions if a.campaign == "childrens_day")
    assert live.target == plan.targets["live_gmv_share"] > live.baseline
    assert campaign_target(0.0, 0.3, 0.5) == pytest.approx(0.15)   # nothing to lift: close the gap


def test_a_plan_refuses_a_stage_with_nothing_to_close_and_an_ambition_of_zero():
    result = diagnose(BASE, "tea")   # content is above benchmark on both metrics
    with pytest.raises(CourseInputError) as info:
        draft_plan(result, focus="content")
    assert info.value.argument == "focus" and "at or above its benchmark" in str(info.value)
    with pytest.raises(CourseInputError) as info:
        draft_plan(result, ambition=0)
    assert info.value.argument == "ambition"
