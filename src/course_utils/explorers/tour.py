"""Lesson 0's explorer: which milestones of Channels existed by a date."""

from __future__ import annotations

import pandas as pd

from course_utils import validate
from course_utils.explorer import Explorer
from course_utils.explorers.controls import dropdown, selection_slider
from course_utils.figures.tour import axis_span, stage_label, timeline_figure, timeline_summary
from course_utils.i18n import Translator
from course_utils.models.network import as_date
from course_utils.models.timeline import MILESTONE_COLUMNS, STAGE_ORDER, date_label
from course_utils.render import render

tr = Translator("tour")


def quarter_ends(start: str = "2020-03-31", end: str = "2025-12-31") -> list[pd.Timestamp]:
    """The last day of every quarter from ``start`` to ``end`` (the explorer's date steps)."""
    return list(pd.date_range(start, end, freq="QE"))


def timeline_explorer(milestones: pd.DataFrame, number: str, when: str = "2021-12-31", stage: str = "all") -> Explorer:
    """Explorer: a date and a stage → which milestones had happened by then (``stage``: "all" or one stage)."""
    validate.frame("milestones", milestones, MILESTONE_COLUMNS)
    # The slider runs from the first quarter with an event to the end of the data's last year.
    first, last = axis_span(milestones["date"])
    steps = quarter_ends(pd.Timestamp(first.year + 1, 3, 31), last)
    default = pd.Timestamp(as_date("when", when))

    def draw(when, stage):
        stages = STAGE_ORDER if stage == "all" else (stage,)
        # The summary is text from the data file: the template escapes it.
        summary = render("tour/summary.html.j2", text=timeline_summary(milestones, when, stages))
        return timeline_figure(milestones, when, stages), summary

    controls = {
        "when": selection_slider("when", min(steps, key=lambda d: abs(d - default)).strftime("%Y-%m-%d"),
                                 [(date_label(d, "month"), d.strftime("%Y-%m-%d")) for d in steps],
                                 tr.gettext("Show what existed by"), width="460px", continuous_update=False),
        "stage": dropdown("stage", stage, [(tr.gettext("all stages"), "all")]
                          + [(stage_label(s), s) for s in STAGE_ORDER], tr.gettext("Stage")),
    }
    return Explorer(draw, controls, number=number, title=tr.gettext("What existed by a date?"),
                    source=tr.gettext("Course milestones data set (compiled from the sources listed in it)"),
                    note=tr.gettext("Grey milestones had not happened yet at the chosen date."))
