"""Static exhibits of lesson 1: charts (participation curve, dwell/cold-start frontier) and tables.

Each chart returns a matplotlib Figure made with ``new_figure()``; the notebook wraps
it in ``exhibit(...)``. Each table declares how its columns print (``table_exhibit``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_utils import validate
from course_utils.exhibit import declare, new_figure
from course_utils.i18n import Translator
from course_utils.models import supply
from course_utils.models.posts import Fit
from course_utils.style import PALETTE, white_ground

tr = Translator("content")


def participation_chart(benefit: float = 0.0, spread: float = 0.8, qualities=(0.0, 0.5, 1.0)):
    """Share who post against the cost of creating, for several template qualities."""
    costs = np.linspace(0, 6, 121)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    for colour, quality in zip(PALETTE, qualities):
        hours = costs * (1 - supply.FlywheelParams().template_saving * quality)
        ax.plot(costs, 100 * supply.participation(hours, benefit, spread), color=colour,
                label=tr.gettext("Template quality {quality:.0%}", quality=quality))
    ax.set(xlabel=tr.gettext("Cost of creating (hours per post)"), ylabel=tr.gettext("Share of people who post (%)"),
           ylim=(0, None), xlim=(0, 6))
    ax.legend()
    fig.tight_layout()
    return fig


def frontier_chart(curve):
    """Dwell time against cold-start reach along the social weight (one point per weight)."""
    fig, ax = new_figure(figsize=(7.0, 3.6))
    x = [row["cold_start_reach"] for row in curve]
    y = [row["dwell_s"] for row in curve]
    ax.plot(x, y, "-o", color=PALETTE[0], ms=4)
    # The weight with the most dwell is labelled and ringed; a round weight next to it is not, since
    # its label's ground would cover the peak's point (the lowest weight wins a tie).
    peak = max(curve, key=lambda row: (row["dwell_s"], -row["social_weight"]))
    ax.plot([peak["cold_start_reach"]], [peak["dwell_s"]], "o", ms=9, mfc="none", mec=PALETTE[1], mew=1.5)
    for row in [row for row in curve[::4] if abs(row["social_weight"] - peak["social_weight"]) > 0.1] + [peak]:
        text = (tr.gettext("w = {weight:.2f}, the most dwell", weight=row["social_weight"]) if row is peak
                else tr.gettext("w = {weight:.1f}", weight=row["social_weight"]))
        ax.annotate(text, (row["cold_start_reach"], row["dwell_s"]), textcoords="offset points",
                    xytext=(6, -12) if row is peak else (6, 4), fontsize=8,
                    bbox=white_ground(alpha=0.9))  # off the curve it labels
    ax.set(xlabel=tr.gettext("Cold-start reach (share of new creators' posts shown to anyone)"), ylabel=tr.gettext("Dwell time (seconds per user per feed)"), xlim=(-0.05, 1.1))
    fig.tight_layout()
    return fig


def mode_label(mode: str) -> str:
    """A feed mode (``feed.MODES``) as a table names it."""
    return {"social": tr.gettext("Social only"), "mixed": tr.gettext("Mixed"),
            "algorithmic": tr.gettext("Algorithmic only")}[mode]


def feature_label(feature: str) -> str:
    """A post feature (``posts.FEATURES``) or a regression term (``posts.design_matrix``) in words."""
    return {"hook_3s": tr.gettext("Hook in the first 3 s"), "subtitles": tr.gettext("Subtitles"),
            "length_band": tr.gettext("Length"), "hour_band": tr.gettext("Hour posted"),
            "friend_likes_band": tr.gettext("Friend likes"), "const": tr.gettext("Constant"),
            "log2_length": tr.gettext("Length (doublings of 30 s)"), "evening": tr.gettext("Posted 18-23h"),
            "log1p_friend_likes": tr.gettext("Friend likes (ln(1 + likes))")}[feature]


def group_label(group: str) -> str:
    """A group of ``posts.feature_table`` (yes/no or a band's data value) in words; a band of numbers as it is."""
    # The keys are the data values of posts.LENGTH_BANDS, HOUR_BANDS and FRIEND_BANDS.
    return {"yes": tr.gettext("yes"), "no": tr.gettext("no"),
            "up to 15 s": tr.gettext("up to 15 s"),  # i18n: not translated (the key is a data value)
            "16-30 s": tr.gettext("16-30 s"), "31-60 s": tr.gettext("31-60 s"), "over 60 s": tr.gettext("over 60 s"),
            "night 0-6h": tr.gettext("night 0-6h"), "morning 7-11h": tr.gettext("morning 7-11h"),
            "afternoon 12-17h": tr.gettext("afternoon 12-17h"), "evening 18-23h": tr.gettext("evening 18-23h"),
            "none": tr.gettext("none"),
            "10 or more": tr.gettext("10 or more"),  # i18n: not translated (the key is a data value)
            }.get(group, group)


def supply_view(table: pd.DataFrame) -> pd.DataFrame:
    """``supply.month_outcomes`` with ``viewers_pct`` added, for a table exhibit (labelled columns)."""
    columns = ["scenario", "cost_h", "template_quality", "effective_cost_h", "creators", "posts", "viewers_pct"]
    view = validate.frame("table", table, columns)[columns].copy()
    return declare(view, {"cost_h": "number:1", "template_quality": "number:1", "effective_cost_h": "number:2",
                          "creators": "count", "posts": "count", "viewers_pct": "percent:0"},
                   {"scenario": tr.gettext("Scenario"), "cost_h": tr.gettext("Cost of creating (h/post)"),
                    "template_quality": tr.gettext("Template quality"),
                    "effective_cost_h": tr.gettext("Effective cost (h/post)"), "creators": tr.gettext("Creators"),
                    "posts": tr.gettext("Posts per month"), "viewers_pct": tr.gettext("Viewers (% of community)")})


def modes_view(modes: pd.DataFrame) -> pd.DataFrame:
    """``feed.simulate_feed`` for each mode (a ``mode`` column of ``MODES`` keys), for a table exhibit."""
    columns = ["mode", "social_weight", "reach", "cold_start_reach", "relevance", "diversity", "dwell_s"]
    view = validate.frame("modes", modes, columns)[columns].copy()
    view["mode"] = [mode_label(mode) for mode in view["mode"]]
    return declare(view, {"social_weight": "number:1", "reach": "number", "cold_start_reach": "number",
                          "relevance": "number", "diversity": "number", "dwell_s": "number:0"},
                   {"mode": tr.gettext("Feed"), "social_weight": tr.gettext("Social weight"),
                    "reach": tr.gettext("Reach"), "cold_start_reach": tr.gettext("Cold-start reach"),
                    "relevance": tr.gettext("Relevance"), "diversity": tr.gettext("Diversity"),
                    "dwell_s": tr.gettext("Dwell time (s)")})


def feature_view(table: pd.DataFrame) -> pd.DataFrame:
    """``posts.feature_table`` for a table exhibit: features and groups in words, completion in percent."""
    validate.frame("table", table, ["feature", "group", "posts", "mean_completion", "median_completion"])
    view = table.copy()
    view["feature"] = [feature_label(feature) for feature in view["feature"]]
    view["group"] = [group_label(str(group)) for group in view["group"]]
    return declare(view, {"mean_completion": "percent", "median_completion": "percent"},
                   {"feature": tr.gettext("Feature"), "group": tr.gettext("Group"), "posts": tr.gettext("Posts"),
                    "mean_completion": tr.gettext("Mean completion rate"),
                    "median_completion": tr.gettext("Median completion rate")})


def fit_view(fit: Fit) -> pd.DataFrame:
    """A least-squares fit's coefficient table for a table exhibit (terms in words)."""
    validate.frame("fit.table", getattr(fit, "table", None), ["term", "coef", "std_error", "t"])
    view = fit.table.copy()
    view["term"] = [feature_label(term) for term in view["term"]]
    return declare(view, {"coef": "signed:3", "std_error": "number:4", "t": "number:1"},
                   {"term": tr.gettext("Term"), "coef": tr.gettext("Coefficient"),
                    "std_error": tr.gettext("Standard error"), "t": tr.gettext("t statistic")})
