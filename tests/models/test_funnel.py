"""The private-domain funnel: counts, leakage, and the step worth improving first."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.errors import CourseInputError
from course_utils.models import funnel as fm

RATES = dict(follow=0.04, add_wecom=0.25, join_group=0.5, first_purchase=0.2, repurchase=0.3)
rate = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def test_counts_by_hand():
    # 100,000 × 4% = 4,000; × 25% = 1,000; × 50% = 500; × 20% = 100; × 30% = 30
    assert fm.funnel_counts(100_000, **RATES) == pytest.approx([100_000, 4_000, 1_000, 500, 100, 30])


@settings(max_examples=60, deadline=None)
@given(views=st.floats(min_value=0, max_value=1e7), rates=st.tuples(rate, rate, rate, rate, rate))
def test_people_are_conserved_and_never_grow(views, rates):
    table = fm.funnel_table(views, **dict(zip(fm.RATE_STEPS, rates)))
    people = table["people"].tolist()
    assert all(after <= before + 1e-9 for before, after in zip(people, people[1:]))
    # Everyone who viewed either reached the last step or was lost at exactly one step.
    assert people[-1] + table["lost"].sum() == pytest.approx(views, rel=1e-9, abs=1e-6)


def test_leakage_table_by_hand():
    table = fm.funnel_table(100_000, **RATES)
    assert table["lost"].tolist() == pytest.approx([0, 96_000, 3_000, 500, 400, 70])
    assert table.loc[5, "share_of_views"] == pytest.approx(0.0003)


def test_points_uplift_favours_the_lowest_rate():
    gains = fm.step_gains(100_000, RATES, uplift=0.01, mode="points")
    # follow 4% -> 5% multiplies the whole funnel by 1.25: 30 -> 37.5 repeat customers
    assert gains.set_index("step").loc["follow", "gain"] == pytest.approx(7.5)
    assert fm.best_steps(gains) == ["follow"]


def test_relative_uplift_ties_every_step_for_repeat_customers():
    gains = fm.step_gains(100_000, RATES, uplift=0.10, mode="relative")
    assert gains["gain"].tolist() == pytest.approx([3.0] * 5)
    assert fm.best_steps(gains) == list(fm.RATE_STEPS)


def test_profit_counts_first_orders_so_repurchase_loses_the_relative_tie():
    gains = fm.step_gains(100_000, RATES, uplift=0.10, mode="relative", objective="profit",
                          aov=150, margin=0.4, repeat_orders=2)
    by_step = gains.set_index("step")["gain"]
    # Today: (100 + 30 × 2) × 150 × 0.4 = 9,600. Any step before repurchase: +10 % = 960.
    assert by_step["follow"] == pytest.approx(960)
    # Repurchase +10 %: 33 repeat customers -> (100 + 66) × 60 = 9,960, so +360.
    assert by_step["repurchase"] == pytest.approx(360)
    assert "repurchase" not in fm.best_steps(gains)


def test_rates_are_capped_at_one():
    gains = fm.step_gains(1000, {**RATES, "join_group": 0.995}, uplift=0.05, mode="points")
    assert gains.set_index("step").loc["join_group", "new_rate"] == 1.0


def test_nothing_to_gain_gives_no_best_step():
    zero = {**RATES, "follow": 0.0, "add_wecom": 0.0}
    gains = fm.step_gains(1000, zero, uplift=0.01, mode="relative")
    assert fm.best_steps(gains) == []


def test_rate_needed_to_double_repeat_customers():
    needed = fm.rate_needed(100_000, RATES, "repurchase", 60)
    assert needed == pytest.approx(0.6)
    assert fm.rate_needed(100_000, RATES, "join_group", 60) == pytest.approx(1.0)
    assert fm.rate_needed(100_000, RATES, "add_wecom", 60) == pytest.approx(0.5)
    assert math.isinf(fm.rate_needed(100_000, {**RATES, "follow": 0.0}, "repurchase", 1))


@pytest.mark.parametrize("name, value", [("follow", 1.2), ("repurchase", -0.1), ("join_group", float("nan")),
                                         ("add_wecom", "half")])
def test_bad_rates_name_the_step(name, value):
    with pytest.raises(CourseInputError) as info:
        fm.funnel_counts(1000, **{**RATES, name: value})
    assert info.value.argument == name


def test_other_bad_inputs_are_named():
    with pytest.raises(CourseInputError) as info:
        fm.funnel_counts(-5, **RATES)
    assert info.value.argument == "views"
    with pytest.raises(CourseInputError, match="repurchase"):
        fm.funnel_counts(1000, follow=0.1, add_wecom=0.1, join_group=0.1, first_purchase=0.1)
    with pytest.raises(CourseInputError, match="steps are"):
        fm.funnel_counts(1000, **RATES, checkout=0.5)
    with pytest.raises(CourseInputError) as info:
        fm.step_gains(1000, RATES, mode="double")
    assert info.value.argument == "mode"
    with pytest.raises(CourseInputError) as info:
        fm.step_gains(1000, RATES, objective="profit", margin=1.5)
    assert info.value.argument == "margin"
    with pytest.raises(CourseInputError) as info:
        fm.rate_needed(1000, RATES, "checkout", 5)
    assert info.value.argument == "step"


def test_biggest_leak_by_hand():
    table = fm.funnel_table(100_000, **RATES)   # follow loses 96,000 of 100,000
    assert fm.biggest_leak(table) == "follow"
    late = fm.funnel_table(1000, follow=1.0, add_wecom=1.0, join_group=0.9, first_purchase=0.1, repurchase=0.5)
    assert fm.biggest_leak(late) == "first_purchase"


def test_biggest_leak_tie_goes_to_the_earliest_step():
    # add_wecom and first_purchase both lose 1,000 of 4,000 views.
    tie = fm.funnel_table(4000, follow=0.5, add_wecom=0.5, join_group=1.0, first_purchase=0.0, repurchase=1.0)
    assert list(tie["lost"]) == [0, 2000, 1000, 0, 1000, 0]
    tie.loc[tie["step"] == "follow", "lost"] = 0.0   # leave the two tied steps on top
    assert fm.biggest_leak(tie) == "add_wecom"
    # Nobody lost anywhere: every step ties at 0, and views (which lose nobody) never count.
    nothing_lost = fm.funnel_table(500, **dict.fromkeys(fm.RATE_STEPS, 1.0))
    assert fm.biggest_leak(nothing_lost) == "follow"


def test_biggest_leak_rejects_a_table_without_steps():
    with pytest.raises(CourseInputError) as info:
        fm.biggest_leak(fm.funnel_table(10, **RATES).iloc[:1])
    assert info.value.argument == "table"
