"""Creator supply: the participation curve, templates and the flywheel."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.errors import CourseInputError
from course_utils.models.supply import FlywheelParams, effective_cost, flywheel, month_outcomes, participation


def test_participation_matches_the_logistic_by_hand():
    # (benefit - cost) / spread = (1 - 2) / 0.5 = -2
    assert participation(2.0, benefit=1.0, spread=0.5) == pytest.approx(1 / (1 + math.exp(2)))
    assert participation(1.0, benefit=1.0) == pytest.approx(0.5)


def test_participation_falls_as_cost_rises():
    shares = participation(np.linspace(0, 6, 50), benefit=1.0, spread=0.5)
    assert np.all(np.diff(shares) < 0)
    assert shares.min() > 0 and shares.max() < 1


@pytest.mark.parametrize("cost", [-1, float("nan"), "3"])
def test_participation_rejects_bad_cost(cost):
    with pytest.raises(CourseInputError) as info:
        participation(cost)
    assert info.value.argument == "cost"


def test_participation_rejects_bad_arrays_and_spread():
    with pytest.raises(CourseInputError, match="cost"):
        participation(np.array([1.0, -2.0]))
    with pytest.raises(CourseInputError, match="cost"):
        participation(np.array([]))
    with pytest.raises(CourseInputError, match="spread"):
        participation(1.0, spread=0)


def test_effective_cost_by_hand_and_bounds():
    assert effective_cost(3.0, 0.5) == pytest.approx(3.0 * (1 - 0.6 * 0.5))
    assert effective_cost(3.0, 0.0) == 3.0
    with pytest.raises(CourseInputError, match="template_quality"):
        effective_cost(3.0, 1.5)


def test_flywheel_shapes_and_month_index():
    run = flywheel(2.0, 0.3, months=12)
    assert run["month"].tolist() == list(range(1, 13))
    assert all(len(run[key]) == 12 for key in ("creators", "posts", "viewers", "engagement"))


def test_flywheel_conserves_definitions():
    params = FlywheelParams()
    run = flywheel(1.5, 0.4)
    assert np.allclose(run["posts"], run["creators"] * params.posts_per_creator)
    assert np.allclose(run["participation"], run["creators"] / params.users)
    assert np.allclose(run["engagement"], run["viewers"] * (1 + params.quality_boost * 0.4))
    assert np.all(run["viewers"] <= params.users)
    assert np.all(run["creators"] >= params.seed_creators)


def test_lower_cost_and_better_templates_grow_supply():
    by_cost = [flywheel(c)["creators"][-1] for c in (4.0, 3.0, 2.0, 1.0)]
    assert by_cost == sorted(by_cost)
    by_quality = [flywheel(2.0, q)["creators"][-1] for q in (0.0, 0.5, 1.0)]
    assert by_quality == sorted(by_quality)


def test_flywheel_feeds_back_through_audience():
    # With no audience value the loop is cut: supply is the bare participation curve.
    cut = flywheel(1.5, params=FlywheelParams(audience_value=0.0))
    full = flywheel(1.5)
    assert full["creators"][-1] > 2 * cut["creators"][-1]


def test_prohibitive_cost_leaves_only_the_seed_creators():
    run = flywheel(6.0)
    assert run["creators"][-1] < 1.1 * FlywheelParams().seed_creators


@pytest.mark.parametrize("kwargs, argument", [
    ({"cost": -1}, "cost"), ({"cost": 2, "template_quality": 2}, "template_quality"),
    ({"cost": 2, "months": 0}, "months"), ({"cost": 2, "months": 2.5}, "months"),
])
def test_flywheel_rejects_bad_input(kwargs, argument):
    with pytest.raises(CourseInputError) as info:
        flywheel(**kwargs)
    assert info.value.argument == argument


def test_flywheel_params_are_checked():
    with pytest.raises(CourseInputError) as info:
        flywheel(2.0, params=FlywheelParams(users=-5))
    assert info.value.argument == "users"
    with pytest.raises(CourseInputError) as info:
        flywheel(2.0, params=FlywheelParams(seed_creators=200_000))
    assert info.value.argument == "seed_creators"


def test_month_outcomes_rows():
    rows = month_outcomes({"early": (3.0, 0.0), "templates": (1.0, 0.8)})
    assert [row["scenario"] for row in rows] == ["early", "templates"]
    assert rows[1]["creators"] > rows[0]["creators"]
    assert rows[1]["effective_cost_h"] == pytest.approx(1.0 * (1 - 0.6 * 0.8))
