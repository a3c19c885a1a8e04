"""The 能用 versus 好用 feature scorecard."""

from __future__ import annotations

import pandas as pd
import pytest

from course_utils.errors import CourseInputError
from course_utils.models import scorecard


def _card(**changes) -> pd.DataFrame:
    card = pd.DataFrame({"feature": ["live room", "coupons", "pre-sale"], "weight": [3, 2, 1],
                         "available": [True, True, True], "ease": [4, 3, 2]})
    return card.assign(**changes)


def test_score_by_hand():
    result = scorecard.score(_card())
    assert result.usable_share == 1.0
    assert result.ease_index == pytest.approx(20 * (3 * 4 + 2 * 3 + 1 * 2) / 6)
    assert result.verdict == "usable"


def test_good_when_ease_reaches_the_bar():
    assert scorecard.score(_card(ease=[5, 4, 3])).verdict == "good"
    assert scorecard.score(_card(ease=[5, 4, 3]), good_bar=95).verdict == "usable"


def test_missing_core_feature_is_not_usable_and_scores_zero():
    result = scorecard.score(_card(available=[False, True, True]))
    assert result.verdict == "missing"
    assert result.usable_share == pytest.approx(3 / 6)
    assert result.ease_index == pytest.approx(20 * (2 * 3 + 1 * 2) / 6)


def test_missing_minor_feature_still_usable():
    assert scorecard.score(_card(available=[True, True, False])).verdict == "usable"


def test_more_ease_never_lowers_the_index():
    low = scorecard.score(_card(ease=[2, 2, 2])).ease_index
    high = scorecard.score(_card(ease=[2, 3, 2])).ease_index
    assert high > low


@pytest.mark.parametrize("frame, argument", [
    (_card(ease=[6, 3, 2]), "ease"),
    (_card(weight=[0, 2, 1]), "weight"),
    (_card(available=["yes", True, True]), "available"),
    (_card().drop(columns="ease"), "features"),
    (pd.DataFrame(columns=list(scorecard.COLUMNS)), "features"),
])
def test_bad_scorecards_name_the_problem(frame, argument):
    with pytest.raises(CourseInputError) as info:
        scorecard.score(frame)
    assert info.value.argument == argument


def test_illustration_is_labelled_and_matches_the_articles_judgement():
    article = scorecard.illustrative_features("article_2022")
    mature = scorecard.illustrative_features("mature_platform")
    assert scorecard.score(article).verdict == "usable"
    assert scorecard.score(mature).verdict == "good"
    unsourced = article[article["source"].str.contains("illustration")]
    assert len(unsourced) >= 1
    sourced = set(article["source"]) - set(unsourced["source"])
    assert "WeChat developer documentation" in sourced
    with pytest.raises(CourseInputError, match="profile"):
        scorecard.illustrative_features("douyin")
