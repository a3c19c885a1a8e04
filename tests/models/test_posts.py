"""Content-post analysis: bands, grouped completion and least squares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course_utils.errors import CourseInputError
from course_utils.models.posts import (LENGTH_BANDS, add_bands, band, completion_by, completion_regression,
                                       design_matrix, feature_table, ols)


def _posts(n=400, seed=0, hook_effect=0.12):
    rng = np.random.default_rng(seed)
    hook = rng.random(n) < 0.5
    subtitles = rng.random(n) < 0.6
    length = rng.integers(10, 120, n)
    hour = rng.integers(0, 24, n)
    friend_likes = rng.poisson(4, n)
    completion = (0.35 + hook_effect * hook + 0.05 * subtitles - 0.1 * np.log2(length / 30)
                  + 0.03 * (hour >= 18) + 0.04 * np.log1p(friend_likes) + rng.normal(0, 0.02, n))
    return pd.DataFrame({"hook_3s": hook, "subtitles": subtitles, "length_s": length, "hour": hour,
                         "friend_likes": friend_likes, "completion_rate": np.clip(completion, 0, 1)})


def test_band_edges_are_inclusive():
    assert band(15, LENGTH_BANDS) == "up to 15 s"
    assert band(16, LENGTH_BANDS) == "16-30 s"
    assert band(60, LENGTH_BANDS) == "31-60 s"
    with pytest.raises(CourseInputError, match="value"):
        band(-1, LENGTH_BANDS)


def test_grouped_means_by_hand():
    toy = pd.DataFrame({"subtitles": [True, False, True, False, True],
                        "completion_rate": [0.6, 0.2, 0.4, 0.4, 0.5]})
    table = completion_by(toy, "subtitles").set_index("group")
    assert table.loc["yes", "posts"] == 3 and table.loc["no", "posts"] == 2
    assert table.loc["yes", "mean_completion"] == pytest.approx(0.5)
    assert table.loc["no", "mean_completion"] == pytest.approx(0.3)


def test_feature_table_counts_every_post_once_per_feature():
    posts = _posts()
    table = feature_table(posts)
    counts = table.groupby("feature")["posts"].sum()
    assert set(counts.index) == {"hook_3s", "subtitles", "length_band", "hour_band", "friend_likes_band"}
    assert (counts == len(posts)).all()


def test_add_bands_does_not_change_the_input():
    posts = _posts(50)
    before = posts.copy()
    add_bands(posts)
    pd.testing.assert_frame_equal(posts, before)


def test_ols_recovers_an_exact_line():
    X = pd.DataFrame({"const": 1.0, "x": [0.0, 1, 2, 3, 4]})
    fit = ols(X, pd.Series([2.0, 2.5, 3, 3.5, 4]))
    assert fit.table["coef"].tolist() == pytest.approx([2.0, 0.5])
    assert fit.r_squared == pytest.approx(1.0)


def test_ols_matches_the_normal_equations():
    rng = np.random.default_rng(3)
    X = pd.DataFrame({"const": 1.0, "a": rng.normal(size=60), "b": rng.normal(size=60)})
    y = 1 + 2 * X["a"] - X["b"] + rng.normal(0, 0.5, 60)
    fit = ols(X, y)
    beta = np.linalg.solve(X.T @ X, X.T @ y)
    assert fit.table["coef"].to_numpy() == pytest.approx(beta)
    assert 0 < fit.r_squared < 1 and (fit.table["std_error"] > 0).all()


def test_regression_recovers_the_planted_effects():
    fit = completion_regression(_posts(n=2000))
    coef = fit.table.set_index("term")["coef"]
    assert coef["hook_3s"] == pytest.approx(0.12, abs=0.01)
    assert coef["log2_length"] == pytest.approx(-0.10, abs=0.01)
    assert coef["log1p_friend_likes"] == pytest.approx(0.04, abs=0.01)


def test_a_bigger_hook_effect_shows_a_bigger_coefficient():
    small = completion_regression(_posts(hook_effect=0.05)).table.set_index("term")["coef"]["hook_3s"]
    large = completion_regression(_posts(hook_effect=0.20)).table.set_index("term")["coef"]["hook_3s"]
    assert large > small


def test_design_matrix_columns():
    X = design_matrix(_posts(10))
    assert list(X.columns) == ["const", "hook_3s", "subtitles", "log2_length", "evening", "log1p_friend_likes"]
    assert set(X["evening"].unique()) <= {0.0, 1.0}


def test_bad_inputs_get_kind_errors():
    with pytest.raises(CourseInputError, match="empty"):
        feature_table(pd.DataFrame(columns=["length_s", "hour", "friend_likes", "completion_rate"]))
    with pytest.raises(CourseInputError, match="completion_rate"):
        completion_by(pd.DataFrame({"hook_3s": [True], "completion_rate": [1.5]}), "hook_3s")
    with pytest.raises(CourseInputError) as info:
        completion_by(pd.DataFrame({"completion_rate": [0.5]}), "hook_3s")
    assert info.value.argument == "feature"
    bad = _posts(20)
    bad.loc[3, "length_s"] = -5
    with pytest.raises(CourseInputError) as info:
        design_matrix(bad)
    assert info.value.argument == "length_s"
    with pytest.raises(CourseInputError, match="rows"):
        ols(pd.DataFrame({"const": [1.0, 1.0]}), pd.Series([1.0, 2.0, 3.0]))
    with pytest.raises(CourseInputError, match="more than"):
        ols(pd.DataFrame({"const": [1.0, 1.0], "x": [2.0, 2.0]}), pd.Series([1.0, 2.0]))
