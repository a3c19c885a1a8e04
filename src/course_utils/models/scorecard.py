"""A feature scorecard for live-commerce tools: "usable" (能用) versus "good to use" (好用).

Each feature has an importance ``weight``, whether it is ``available`` at all, and
an ``ease`` score from 0 to 5 (0 absent, 1 works only with workarounds, 3 handles the
standard case, 5 fast, flexible and tied into data and the private domain).

* usable share = Σ weight × available ÷ Σ weight;
* ease index = 20 × Σ weight × ease ÷ Σ weight (0 to 100; an absent feature scores 0);
* verdict: "missing" while any feature of the highest weight is absent,
  "usable" (能用) when they are all there but the ease index is below the bar,
  "good" (好用) when the ease index reaches the bar (80 by default, an average of 4 of 5).

>>> import pandas as pd
>>> card = pd.DataFrame({"feature": ["live room", "coupons"], "weight": [3, 1],
...                      "available": [True, True], "ease": [3, 2]})
>>> result = score(card)
>>> result.ease_index, result.verdict
(55.0, 'usable')
"""

from __future__ import annotations

from dataclasses import dataclass

from course_utils import validate
from course_utils.i18n import Translator

tr = Translator("commerce")

COLUMNS = ("feature", "weight", "available", "ease")
PROFILES = ("article_2022", "mature_platform")

# Availability marked with a source is on the record; every ease score, and every
# availability without a source, is a teaching illustration for discussion.
_FEATURES = [  # i18n: not translated (the record: bilingual feature names, the id of a row, and citations)
    # feature, 中文, weight, source of availability (or None)
    ("Live-stream room", "直播间", 3, "KrASIA (SCMP), Oct 2020"),
    ("Product links / shop window", "商品橱窗", 3, "SCMP, 13 Oct 2020"),
    ("Live-room coupons", "直播间优惠券", 2, "WeChat developer documentation"),
    ("Flash sale", "秒杀", 2, "WeChat developer documentation"),
    ("Pre-sale with deposits", "预售", 1, "WeChat developer documentation"),
    ("Live data dashboard", "直播数据看板", 2, None),
    ("Paid promotion of the live room", "直播加热", 2, None),
    ("WeCom groups for live viewers", "企业微信社群", 2, "China Daily, 7 Jan 2022"),
    ("After-sales and refunds", "售后退款", 1, None),
]
_EASE = {  # illustrative ease scores, 0 to 5
    "article_2022": [3, 3, 2, 2, 1, 2, 2, 3, 2],
    "mature_platform": [5, 5, 4, 5, 4, 5, 4, 3, 4],
}


@dataclass(frozen=True)
class ScorecardResult:
    """The scorecard's three numbers for one tool set."""

    usable_share: float
    ease_index: float
    verdict: str


def score(features, good_bar: float = 80.0) -> ScorecardResult:
    """Score a frame of features (columns feature, weight, available, ease)."""
    features = validate.frame("features", features, COLUMNS)
    good_bar = validate.number("good_bar", good_bar, minimum=0, maximum=100)
    weights = [validate.positive("weight", w) for w in features["weight"]]
    ease = [validate.number("ease", e, minimum=0, maximum=5) for e in features["ease"]]
    available = [validate.flag("available", a) for a in features["available"]]
    total = sum(weights)
    usable = sum(w for w, a in zip(weights, available) if a) / total
    index = 20 * sum(w * (e if a else 0.0) for w, e, a in zip(weights, ease, available)) / total
    top = max(weights)
    if not all(a for w, a in zip(weights, available) if w == top):
        verdict = "missing"
    else:
        verdict = "good" if index >= good_bar else "usable"
    return ScorecardResult(usable_share=usable, ease_index=index, verdict=verdict)


def illustrative_features(profile: str = "article_2022"):
    """The lesson's scorecard for one profile, as a frame (a teaching illustration).

    ``article_2022`` encodes the article's judgement of the Channels store c. 2022
    (all tools present, ease middling); ``mature_platform`` is a hypothetical
    benchmark. Availability carries a source where the record has one; all ease
    scores are invented for discussion, not measured.
    """
    import pandas as pd

    profile = validate.one_of("profile", profile, PROFILES)
    rows = []
    for (name, name_zh, weight, source), ease in zip(_FEATURES, _EASE[profile]):
        rows.append({"feature": name, "feature_zh": name_zh, "weight": weight, "available": True,
                     "ease": ease,
                     "source": source or tr.gettext("teaching illustration (not sourced)")})
    return pd.DataFrame(rows)
