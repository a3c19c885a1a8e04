"""Lesson 1 (content): everything its notebook uses, so the notebook has one import.

The set-up cell of ``lessons/01-content-engine.ipynb`` imports from here and nowhere else.
"""

from pandas import DataFrame

from course_utils.datasets import load
from course_utils.exhibit import exhibit, table_exhibit
from course_utils.explorers.content import feed_explorer, feed_sweep, flywheel_explorer
from course_utils.figures.content import (feature_view, fit_view, frontier_chart, modes_view, participation_chart,
                                          supply_view)
from course_utils.models.feed import MODES, default_world, simulate_feed
from course_utils.models.posts import completion_regression, feature_table
from course_utils.models.supply import FlywheelParams, month_outcomes, participation
from course_utils.quiz import show_quiz
from course_utils.style import apply_style

__all__ = ["DataFrame", "FlywheelParams", "MODES", "apply_style", "completion_regression", "default_world",
           "exhibit", "feature_table", "feature_view", "feed_explorer", "feed_sweep", "fit_view",
           "flywheel_explorer", "frontier_chart", "load", "modes_view", "month_outcomes", "participation",
           "participation_chart", "show_quiz", "simulate_feed", "supply_view", "table_exhibit"]
