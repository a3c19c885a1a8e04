"""Lesson 2 (hub): everything its notebook uses, so the notebook has one import.

The set-up cell of ``lessons/02-ecosystem-hub.ipynb`` imports from here and nowhere else.
"""

from pandas import DataFrame

from course_utils.datasets import load
from course_utils.exhibit import exhibit, table_exhibit
from course_utils.explorers.hub import funnel_explorer, network_explorer
from course_utils.figures.hub import (doubling_view, funnel_view, gains_view, link_table, retention_heatmap,
                                      route_label, routes_over_time, scenario_view, touchpoint_bars, touchpoint_view)
from course_utils.models.funnel import doubling_table, funnel_table, step_gains
from course_utils.models.network import hub_graph, purchase_routes
from course_utils.models.repurchase import (cohort_retention, customer_repurchase_rate, order_repurchase_rate,
                                            touchpoint_repurchase, touchpoint_scenarios)
from course_utils.quiz import show_quiz
from course_utils.style import apply_style

__all__ = ["DataFrame", "apply_style", "cohort_retention", "customer_repurchase_rate", "doubling_table",
           "doubling_view", "exhibit", "funnel_explorer", "funnel_table", "funnel_view", "gains_view", "hub_graph",
           "link_table", "load", "network_explorer", "order_repurchase_rate", "purchase_routes", "retention_heatmap",
           "route_label", "routes_over_time", "scenario_view", "show_quiz", "step_gains", "table_exhibit",
           "touchpoint_bars", "touchpoint_repurchase", "touchpoint_scenarios", "touchpoint_view"]
