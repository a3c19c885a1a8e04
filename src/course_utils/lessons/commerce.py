"""Lesson 3 (commerce): everything its notebook uses, so the notebook has one import.

The set-up cell of ``lessons/03-commerce-loop.ipynb`` imports from here and nowhere else.
"""

from course_utils.datasets import load
from course_utils.exhibit import exhibit, table_exhibit
from course_utils.explorers.commerce import flash_sale_explorer, pnl_explorer, uplift_explorer
from course_utils.figures.commerce import (coupon_view, metrics_view, milestone_table, presale_chart,
                                           profile_label, scorecard_chart, uv_value_scatter, verdict_label)
from course_utils.models.live import gmv, metrics_by, session_metrics, uv_value
from course_utils.models.promotions import (break_even_uplift, coupon_roi, coupon_summary, incremental_roi,
                                            presale, redemption_rate)
from course_utils.models.scorecard import PROFILES, illustrative_features, score
from course_utils.quiz import show_quiz
from course_utils.style import apply_style

__all__ = ["PROFILES", "apply_style", "break_even_uplift", "coupon_roi", "coupon_summary", "coupon_view", "exhibit",
           "flash_sale_explorer", "gmv", "illustrative_features", "incremental_roi", "load", "metrics_by",
           "metrics_view", "milestone_table", "pnl_explorer", "presale", "presale_chart", "profile_label",
           "redemption_rate", "score", "scorecard_chart", "session_metrics", "show_quiz", "table_exhibit",
           "uplift_explorer", "uv_value", "uv_value_scatter", "verdict_label"]
