"""Models called from a learner's cell with the wrong kind of argument raise CourseInputError naming it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import exhibit, validate
from course_utils.errors import CourseInputError
from course_utils.models import funnel, live, plan, posts, promotions, repurchase, scorecard, timeline

RATES = {"follow": 0.04, "add_wecom": 0.25, "join_group": 0.5, "first_purchase": 0.2, "repurchase": 0.3}
odd = st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=6), st.lists(st.integers(), max_size=3),
                st.just(pd.DataFrame({"x": [1]})), st.just(pd.DataFrame()))


@pytest.fixture(scope="module")
def sessions():
    from course_utils.datasets import load

    return load("live_sessions")


@pytest.fixture(scope="module")
def content_posts():
    from course_utils.datasets import load

    return load("content_posts")


def _argument(call) -> str:
    with pytest.raises(CourseInputError) as caught:
        call()
    return caught.value.argument


@settings(max_examples=40, deadline=None, derandomize=True)
@given(by=odd)
def test_metrics_by_names_by_for_anything_but_a_column(sessions, by):
    with pytest.raises(CourseInputError) as caught:
        live.metrics_by(sessions, by)
    assert caught.value.argument == "by" and str(caught.value).startswith("by should name a column of sessions")


@settings(max_examples=40, deadline=None, derandomize=True)
@given(feature=odd)
def test_completion_by_names_feature(content_posts, feature):
    assert _argument(lambda: posts.completion_by(content_posts, feature)) == "feature"


@pytest.mark.parametrize("discounts", ["abc", ["0.1", "x"], [[0.1, 0.2]], {"a": 1}])
def test_break_even_curve_with_text_or_a_table(discounts):
    assert _argument(lambda: promotions.break_even_curve(0.4, discounts)) == "discounts"


@pytest.mark.parametrize("value", [None, "yes", 1.0, float("nan"), pd.DataFrame({"x": [True]})])
def test_touchpoint_segment_wants_true_or_false(value):
    assert _argument(lambda: repurchase.touchpoint_segment(value, False)) == "added_wecom"
    assert _argument(lambda: repurchase.touchpoint_segment(True, value)) == "joined_group"


def test_touchpoint_segment_still_reads_numpy_booleans():
    import numpy as np

    assert repurchase.touchpoint_segment(np.bool_(True), np.bool_(False)) == "wecom_only"


@pytest.mark.parametrize("rates", [None, "high", 0.3, [0.1, 0.2]])
def test_funnel_tables_name_rates_when_it_is_not_a_dict(rates):
    assert _argument(lambda: funnel.step_gains(1000, rates)) == "rates"
    assert _argument(lambda: funnel.doubling_table(1000, rates)) == "rates"


@pytest.mark.parametrize("call", [live.average_order_value, live.uv_value, live.gpm])
def test_gmv_value_is_named_as_the_argument_is_spelt(call):
    assert _argument(lambda: call(-5, 10)) == "gmv_value"


@pytest.mark.parametrize("value", [pd.DataFrame({"x": [1]}), [1, 2], None])
def test_one_of_answers_kindly_for_tables_and_lists(value):
    with pytest.raises(CourseInputError, match="profile should be one of"):
        scorecard.illustrative_features(value)
    with pytest.raises(CourseInputError):
        validate.one_of("mode", value, ("points", "relative"))


def test_scorecard_reads_numpy_booleans_held_in_a_mixed_column():
    import numpy as np

    features = scorecard.illustrative_features()
    features["available"] = pd.Series([np.True_] * len(features), dtype=object)
    assert scorecard.score(features).verdict in {"good", "usable", "missing"}



@pytest.fixture(scope="module")
def milestones():
    from course_utils.datasets import load

    return load("milestones")


@pytest.mark.parametrize("call, argument, says", [
    (lambda m: plan.monthly_contribution({}), "posts_per_month", "is missing"),
    (lambda m: timeline.stage_counts(m, "2021年12月31日"), "when", "should be a date"),
    (lambda m: timeline.stage_counts(m, 2021), "when", "should be a date"),
    (lambda m: exhibit.exhibit(None, "1.1", "t", "s"), "fig", "matplotlib Figure"),
    (lambda m: exhibit.table_exhibit("x", "1.1", "t", "s"), "frame", "pandas DataFrame"),
])
def test_a_wrong_argument_to_a_lesson_helper_is_named_not_a_traceback(milestones, call, argument, says):
    with pytest.raises(CourseInputError) as raised:
        call(milestones)
    assert raised.value.argument == argument and says in str(raised.value)


def test_a_plan_starts_on_a_date_written_as_the_course_writes_dates():
    from course_utils.explorers.diagnosis import case_figures
    from course_utils.models.diagnosis import diagnose

    diagnosis = diagnose(case_figures("tea")[0], "tea")
    assert plan.draft_plan(diagnosis, start="2025-04-07") == plan.draft_plan(diagnosis, start=dt.date(2025, 4, 7))
    with pytest.raises(CourseInputError, match="should be a date"):
        plan.draft_plan(diagnosis, start="7 April")
