"""Synthetic 2024 Channels live sessions (直播) of Mountain Mist Tea (山雾茶).

Generative story: the brand goes live every Tuesday and Friday evening
(except over the Spring Festival courier break) and adds extra sessions in
campaigns. Traffic (views) is log-normal around a level set by the theme,
a KOL host and ad spend; unique viewers are a share of views, peak
concurrency follows from watch time and session length, and buyers are a
conversion rate of viewers that rises with flash sales (秒杀), pre-sales
(预售) and campaigns. GMV is exactly orders x AOV (both rounded first), so
the lesson's identity GMV = UV x conversion x AOV holds in the data.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from course_utils.datagen import calendar
from course_utils.datagen.streams import rng_for

EXTRA_DAYS = (  # campaign sessions on top of the Tuesday/Friday routine
    date(2024, 1, 20), date(2024, 1, 27), date(2024, 2, 3), date(2024, 3, 23), date(2024, 4, 6),
    date(2024, 4, 13), date(2024, 6, 1), date(2024, 6, 8), date(2024, 6, 15), date(2024, 6, 17),
    date(2024, 6, 18), date(2024, 10, 21), date(2024, 10, 26), date(2024, 11, 2), date(2024, 11, 10),
    date(2024, 11, 11),
)
THEME_TRAFFIC = {"regular": 1.0, "new_season": 1.4, "childrens_day": 1.5, "618": 2.6,
                 "double11": 3.0, "spring_festival": 1.8}
BASE_VIEWS = 3600
THEMES = tuple(THEME_TRAFFIC)


def _schedule() -> list[date]:
    days = []
    when = calendar.YEAR_START
    while when <= calendar.YEAR_END:
        on_break = calendar.QUIET[0] <= when <= calendar.QUIET[1]
        if when.weekday() in (1, 4) and not on_break:
            days.append(when)
        when += timedelta(days=1)
    return sorted(set(days) | set(EXTRA_DAYS))


def _theme(when: date) -> str:
    theme = calendar.theme_of(when)
    return theme if theme in THEMES else "regular"  # Mid-Autumn is sold in regular sessions


def build() -> pd.DataFrame:
    """One row per session, in date order."""
    rng = rng_for("live_sessions")
    rows = []
    for number, when in enumerate(_schedule(), start=1):
        theme = _theme(when)
        campaign = theme != "regular"
        host = "kol" if rng.random() < (0.45 if campaign else 0.12) else "brand"
        ad_spend = round(float(rng.uniform(3000, 12000)), 2) if campaign and rng.random() < 0.8 else (
            round(float(rng.uniform(500, 2500)), 2) if rng.random() < 0.3 else 0.0)
        level = BASE_VIEWS * THEME_TRAFFIC[theme] * (1.7 if host == "kol" else 1.0) * (1 + ad_spend / 8000)
        views = int(round(level * rng.lognormal(0, 0.35)))
        viewers = int(round(views * rng.uniform(0.48, 0.74)))
        duration = int(rng.choice((90, 120, 150, 180, 240), p=(0.25, 0.35, 0.2, 0.12, 0.08)) if not campaign
                       else rng.choice((150, 180, 240, 300), p=(0.25, 0.35, 0.3, 0.1)))
        watch = round(float(np.clip(rng.normal(4.2 + (1.3 if host == "kol" else 0.0), 1.1), 1.2, 12.0)), 2)
        peak = int(min(viewers, round(viewers * watch / duration * rng.uniform(2.0, 3.2))))
        flash = bool(rng.random() < (0.8 if campaign else 0.3))
        presale = bool(theme in ("618", "double11") and when.day < (18 if theme == "618" else 11)
                       and rng.random() < 0.7) or bool(theme == "new_season" and rng.random() < 0.4)
        conversion = rng.uniform(0.018, 0.034) + 0.008 * flash + 0.006 * presale + 0.006 * campaign
        buyers = max(1, int(round(viewers * conversion)))
        orders = buyers + int(rng.binomial(buyers, 0.07))
        aov = round(float(rng.normal(175 if theme != "spring_festival" else 235, 18)) - 12 * flash, 2)
        gmv = round(orders * aov, 2)
        rows.append({
            "session_id": f"L{number:03d}", "date": pd.Timestamp(when),
            "start_hour": int(rng.choice((10, 12, 19, 20), p=(0.06, 0.09, 0.45, 0.40))),
            "duration_min": duration, "host": host, "theme": theme, "views": views, "viewers": viewers,
            "peak_concurrent": peak, "avg_watch_min": watch,
            "new_followers": int(round(viewers * rng.uniform(0.012, 0.035))),
            "orders": orders, "buyers": buyers, "aov": aov, "gmv": gmv,
            "refund_amount": round(gmv * float(rng.uniform(0.04, 0.09) + (0.04 if host == "kol" else 0.0)), 2),
            "coupon_cost": round(gmv * float(rng.uniform(0.02, 0.05) + (0.04 if campaign else 0.0)), 2),
            "ad_spend": ad_spend, "flash_sale": flash, "presale": presale,
        })
    return pd.DataFrame(rows)
