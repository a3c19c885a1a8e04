"""Lesson 4 (diagnosis): everything its notebook uses, so the notebook has one import.

The set-up cell of ``lessons/04-capstone-diagnosis.ipynb`` imports from here and nowhere else.
"""

from course_utils.datasets import load
from course_utils.exhibit import table_exhibit
from course_utils.explorers.diagnosis import case_figures, diagnosis_explorer, own_figures_explorer, plan_explorer
from course_utils.figures.diagnosis_report import benchmark_table, profiles_view, show_report
from course_utils.models.diagnosis import diagnose
from course_utils.models.plan import metric_target, monthly_contribution
from course_utils.quiz import show_quiz
from course_utils.style import apply_style

__all__ = ["apply_style", "benchmark_table", "case_figures", "diagnose", "diagnosis_explorer", "load",
           "metric_target", "monthly_contribution", "own_figures_explorer", "plan_explorer", "profiles_view",
           "show_quiz", "show_report", "table_exhibit"]
