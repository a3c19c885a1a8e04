"""Synthetic 2024 Channels posts about Mountain Mist Tea (山雾茶).

Generative story: about four posts a day from the brand, KOLs, employees
and customers. Completion rate is a logistic function of the post's
features, with noise, so a regression recovers these effects (log-odds):

* hook in the first 3 seconds: +0.55
* length: -0.75 x ln(length / 30 s), so longer videos are finished less often
* subtitles: +0.25
* posting hour: +0.20 in the evening (19-22 h), +0.10 at lunch (12-13 h), -0.15 late night (0-6 h)
* friend likes (朋友赞过): +0.22 x ln(1 + friend_likes)
* creator: KOL +0.15, customer -0.10; noise: normal, sd 0.45

Friend likes come from the creator's circle (employees and customers have
close friend networks, KOLs have reach but fewer friends). ``social_share``,
the share of impressions that came through friends, rises with friend likes
and is low for KOLs, whose reach is mostly algorithmic. Engagement counts
are binomial draws whose rates rise with completion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_utils.datagen import calendar
from course_utils.datagen.streams import rng_for

N_POSTS = 1500
CREATORS = ("brand", "kol", "employee", "customer")
CREATOR_SHARE = (0.42, 0.14, 0.26, 0.18)
HOOK_RATE = {"brand": 0.6, "kol": 0.75, "employee": 0.4, "customer": 0.3}
SUBTITLE_RATE = {"brand": 0.8, "kol": 0.85, "employee": 0.5, "customer": 0.35}
TEMPLATE_RATE = {"brand": 0.3, "kol": 0.15, "employee": 0.6, "customer": 0.55}
FRIEND_MEAN = {"brand": 6.0, "kol": 4.0, "employee": 14.0, "customer": 11.0}
REACH = {"brand": 2600, "kol": 14000, "employee": 900, "customer": 700}
HOUR_SHARE = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.3, 1, 3, 4, 3, 2, 2, 4, 3, 2, 2, 2, 3, 4, 6, 7, 6, 4, 2], float)
EFFECTS = {"intercept": -0.75, "hook": 0.55, "log_length": -0.75, "subtitles": 0.25,
           "evening": 0.20, "lunch": 0.10, "late_night": -0.15, "log_friend_likes": 0.22,
           "kol": 0.15, "customer": -0.10, "noise_sd": 0.45}


def _hour_effect(hour: np.ndarray) -> np.ndarray:
    evening = (hour >= 19) & (hour <= 22)
    lunch = (hour >= 12) & (hour <= 13)
    late = hour <= 6
    return EFFECTS["evening"] * evening + EFFECTS["lunch"] * lunch + EFFECTS["late_night"] * late


def build() -> pd.DataFrame:
    """One row per post, in time order."""
    rng = rng_for("content_posts")
    n = N_POSTS
    creator = np.array(CREATORS)[rng.choice(len(CREATORS), size=n, p=CREATOR_SHARE)]
    pick = lambda table: rng.random(n) < np.array([table[c] for c in creator])  # noqa: E731
    hook, subtitles, template = pick(HOOK_RATE), pick(SUBTITLE_RATE), pick(TEMPLATE_RATE)
    day = np.sort(rng.integers(0, calendar.DAYS, size=n))
    hour = rng.choice(24, size=n, p=HOUR_SHARE / HOUR_SHARE.sum())
    minute = rng.integers(0, 60, size=n)
    length = np.clip(np.round(np.exp(rng.normal(np.log(42), 0.6, size=n)) - 8 * template), 8, 300).astype(int)
    friend_likes = rng.negative_binomial(2, 2 / (2 + np.array([FRIEND_MEAN[c] for c in creator])))
    logit = (EFFECTS["intercept"] + EFFECTS["hook"] * hook + EFFECTS["log_length"] * np.log(length / 30)
             + EFFECTS["subtitles"] * subtitles + _hour_effect(hour)
             + EFFECTS["log_friend_likes"] * np.log1p(friend_likes)
             + EFFECTS["kol"] * (creator == "kol") + EFFECTS["customer"] * (creator == "customer")
             + rng.normal(0, EFFECTS["noise_sd"], size=n))
    completion = np.clip(1 / (1 + np.exp(-logit)), 0.01, 0.98)
    reach = np.array([REACH[c] for c in creator]) * (1 + 0.06 * friend_likes) * (0.6 + completion)
    impressions = np.maximum(20, np.round(reach * rng.lognormal(0, 0.55, size=n))).astype(int)
    social_logit = (-1.6 + 0.55 * np.log1p(friend_likes) - 1.2 * (creator == "kol")
                    + 0.6 * np.isin(creator, ("employee", "customer")) + rng.normal(0, 0.35, size=n))
    social_share = 1 / (1 + np.exp(-social_logit))
    dwell = length * np.clip(0.2 + 0.75 * completion + rng.normal(0, 0.05, size=n), 0.1, 1.15)
    like_rate = 0.006 + 0.03 * completion + 0.01 * social_share
    posted = pd.to_datetime([calendar.day(d) for d in day]) + pd.to_timedelta(hour * 60 + minute, unit="min")
    frame = pd.DataFrame({
        "creator_type": creator, "posted_at": posted, "hour": hour.astype("int64"),
        "length_s": length.astype("int64"), "hook_3s": hook, "subtitles": subtitles,
        "template_used": template, "friend_likes": friend_likes.astype("int64"),
        "impressions": impressions, "social_share": np.round(social_share, 4),
        "completion_rate": np.round(completion, 4), "avg_dwell_s": np.round(dwell, 1),
        "likes": rng.binomial(impressions, like_rate), "shares": rng.binomial(impressions, 0.002 + 0.006 * social_share),
        "comments": rng.binomial(impressions, 0.001 + 0.004 * completion),
        "follows": rng.binomial(impressions, 0.0005 + 0.003 * completion * (creator != "customer")),
    }).sort_values("posted_at", kind="stable").reset_index(drop=True)
    frame.insert(0, "post_id", [f"P{k + 1:05d}" for k in range(n)])
    return frame
