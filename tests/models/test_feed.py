"""Feed simulation: social, algorithmic and mixed ranking on a seeded friend graph."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from course_utils.errors import CourseInputError
from course_utils.models.feed import build_world, simulate_feed, sweep, top_k


@pytest.fixture(scope="module")
def world():
    return build_world(n_users=120, n_posts=200, n_topics=4, seed=7)


def test_world_is_reproducible():
    a = build_world(n_users=60, n_posts=80, n_topics=3, seed=3)
    b = build_world(n_users=60, n_posts=80, n_topics=3, seed=3)
    assert np.array_equal(a.social, b.social) and np.array_equal(a.algorithmic, b.algorithmic)
    c = build_world(n_users=60, n_posts=80, n_topics=3, seed=4)
    assert not np.array_equal(a.social, c.social)


def test_world_scores_are_scaled_and_new_posts_have_no_likes(world):
    assert world.social.min() >= 0 and world.social.max() == pytest.approx(1)
    assert world.algorithmic.min() == pytest.approx(0) and world.algorithmic.max() == pytest.approx(1)
    assert np.all(world.social[:, world.new_creator] == 0)
    assert np.allclose(world.interests.sum(axis=1), 1)


def test_metrics_lie_in_their_ranges(world):
    for row in sweep(world, weights=[0, 0.5, 1]):
        for key in ("reach", "cold_start_reach", "relevance", "diversity"):
            assert 0 <= row[key] <= 1
        assert 0 < row["dwell_s"] <= 10 * world.post_length_s.max()


def test_nobody_is_shown_their_own_post(world):
    score = 0.5 * world.social + 0.5 * world.algorithmic + world.base
    top = top_k(score, 10)
    assert not np.any(world.post_creator[top] == np.arange(world.n_users)[:, None])


def test_top_k_matches_a_stable_full_sort(world):
    for weight, boost in ((0.0, 0.0), (0.5, 0.2), (1.0, 0.0)):
        score = weight * world.social + (1 - weight) * world.algorithmic + world.base + boost * world.new_creator
        for k in (1, 7, 30):
            assert np.array_equal(top_k(score, k), np.argsort(-score, axis=1, kind="stable")[:, :k])


def test_tied_scores_go_to_the_post_listed_first():
    # One clear winner at the end, then 599 equal scores: np.argpartition picks among
    # these by the CPU's SIMD sort (here [599, 592, 591, ...] or [599, 1, 2, ...]).
    score = np.zeros((2, 600))
    score[:, 599] = 1.0
    score[1, 300] = -np.inf
    assert top_k(score, 4).tolist() == [[599, 0, 1, 2], [599, 0, 1, 2]]
    assert top_k(score, 600)[1, -1] == 300


def test_a_feed_of_tied_scores_shows_the_first_posts(world):
    # The last post scores 1 for everyone, all others 0: every feed is that post, then
    # posts 0..3 (the old argpartition ranking gave e.g. 199, 0, 2, 1, 4 here).
    algorithmic = np.zeros_like(world.algorithmic)
    algorithmic[:, -1] = 1.0
    tied = dataclasses.replace(world, social=np.zeros_like(world.social), algorithmic=algorithmic,
                               base=np.zeros_like(world.base))
    result = simulate_feed(tied, 0.0, feed_size=5)
    shown = [world.n_posts - 1, 0, 1, 2, 3]
    assert result["reach"] == 5 / world.n_posts
    assert result["relevance"] == pytest.approx(world.match[:, shown].mean(), rel=1e-12)


@pytest.mark.parametrize("score, k, argument", [
    (np.zeros((2, 5)), 6, "k"), (np.zeros((2, 5)), 0, "k"), (np.zeros(5), 2, "score"),
    (np.array([[0.1, np.nan, 0.3]]), 1, "score"), ([[0.1, 0.2]], 1, "score"),
])
def test_top_k_rejects_bad_input_by_name(score, k, argument):
    with pytest.raises(CourseInputError) as info:
        top_k(score, k)
    assert info.value.argument == argument


def test_social_ranking_starves_new_creators(world):
    assert simulate_feed(world, 1.0)["cold_start_reach"] == 0.0
    assert simulate_feed(world, 0.0)["cold_start_reach"] > 0.3


def test_algorithmic_is_more_relevant_and_social_more_diverse(world):
    social, algorithmic = simulate_feed(world, 1.0), simulate_feed(world, 0.0)
    assert algorithmic["relevance"] > social["relevance"]
    assert social["diversity"] > algorithmic["diversity"]


def test_new_creator_boost_raises_cold_start_reach(world):
    reach = [simulate_feed(world, 0.5, new_creator_boost=b)["cold_start_reach"] for b in (0, 0.1, 0.3)]
    assert reach == sorted(reach) and reach[-1] > reach[0]


def test_longer_feeds_reach_more_posts_and_add_dwell(world):
    short, long = simulate_feed(world, 0.5, feed_size=5), simulate_feed(world, 0.5, feed_size=20)
    assert long["reach"] >= short["reach"]
    assert long["dwell_s"] > short["dwell_s"]


def test_dwell_by_hand_on_a_one_post_feed():
    world = build_world(n_users=20, n_posts=30, n_topics=2, seed=5)
    result = simulate_feed(world, 0.0, feed_size=1)
    score = world.algorithmic + world.base
    best = score.argmax(axis=1)
    rows = np.arange(world.n_users)
    logit = (-2.5 + 3 * world.match[rows, best] + 1.5 * world.post_quality[best]
             + 0.8 * world.friend_signal[rows, best])
    expected = (world.post_length_s[best] / (1 + np.exp(-logit))).mean()
    assert result["dwell_s"] == pytest.approx(expected)


def test_fatigue_lowers_dwell(world):
    assert simulate_feed(world, 0.0, fatigue=0.7)["dwell_s"] < simulate_feed(world, 0.0, fatigue=1.0)["dwell_s"]


@pytest.mark.parametrize("kwargs, argument", [
    ({"social_weight": 1.5}, "social_weight"), ({"social_weight": float("nan")}, "social_weight"),
    ({"feed_size": 0}, "feed_size"), ({"feed_size": 3.5}, "feed_size"),
    ({"new_creator_boost": -0.1}, "new_creator_boost"), ({"fatigue": 2}, "fatigue"),
])
def test_bad_settings_name_the_argument(world, kwargs, argument):
    with pytest.raises(CourseInputError) as info:
        simulate_feed(world, **kwargs)
    assert info.value.argument == argument


def test_bad_world_sizes_are_rejected():
    with pytest.raises(CourseInputError) as info:
        build_world(n_users=-3)
    assert info.value.argument == "n_users"
    with pytest.raises(CourseInputError) as info:
        build_world(n_users=10, n_topics=20)
    assert info.value.argument == "n_topics"
