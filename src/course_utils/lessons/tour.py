"""Lesson 0 (tour): everything its notebook uses, so the notebook has one import.

The set-up cell of ``lessons/00-course-tour.ipynb`` imports from here and nowhere else.
"""

from course_utils.datasets import load
from course_utils.exhibit import exhibit, table_exhibit
from course_utils.explorers.tour import timeline_explorer
from course_utils.figures.tour import growth_figure, growth_table, timeline_figure
from course_utils.models.timeline import multiple_from_percent, percent_from_multiple
from course_utils.quiz import show_quiz
from course_utils.style import apply_style

__all__ = ["apply_style", "exhibit", "growth_figure", "growth_table", "load", "multiple_from_percent",
           "percent_from_multiple", "show_quiz", "table_exhibit", "timeline_explorer", "timeline_figure"]
