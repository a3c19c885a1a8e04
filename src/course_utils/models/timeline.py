"""Timeline helpers for the course tour (Lesson 0): what existed by a date, and growth arithmetic.

Definitions:

* a milestone "exists by" a date when its recorded date is on or before it (a milestone
  known only to the month is dated the first day of that month);
* a growth of +p % means the new value is (1 + p/100) times the old one: "+400 %" is 5×,
  and "8×" is +700 %.
"""

from __future__ import annotations

import pandas as pd

from course_utils import validate

STAGE_ORDER = ("content", "hub", "commerce")
MILESTONE_COLUMNS = ("date", "stage", "event", "confidence", "source")


def as_of(milestones: pd.DataFrame, when, stages=STAGE_ORDER) -> pd.DataFrame:
    """The milestones that existed by ``when`` in the chosen ``stages``, oldest first.

    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2020-01-22", "2020-10-01", "2022-07-21"]),
    ...                       "stage": ["content", "commerce", "commerce"], "event": ["beta", "live", "store"],
    ...                       "confidence": ["H", "H", "M"], "source": ["a", "b", "c"]})
    >>> list(as_of(frame, "2021-01-01")["event"])
    ['beta', 'live']
    >>> list(as_of(frame, "2025-01-01", stages=["commerce"])["event"])
    ['live', 'store']
    """
    validate.frame("milestones", milestones, MILESTONE_COLUMNS)
    try:
        cutoff = pd.Timestamp(when)
    except (TypeError, ValueError):
        cutoff = None
    if cutoff is None or pd.isna(cutoff):
        validate.number("when", when)  # a non-date: reuse the kind "should be a number/date" message
        cutoff = pd.Timestamp(when)
    chosen = [validate.one_of("stages", stage, STAGE_ORDER) for stage in stages]
    rows = milestones[(milestones["date"] <= cutoff) & milestones["stage"].isin(chosen)]
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


def stage_counts(milestones: pd.DataFrame, when) -> dict[str, int]:
    """How many milestones of each stage existed by ``when`` (every stage listed, zeros included)."""
    existing = as_of(milestones, when)
    counts = existing["stage"].value_counts()
    return {stage: int(counts.get(stage, 0)) for stage in STAGE_ORDER}


def multiple_from_percent(percent: float) -> float:
    """The growth multiple of a percentage growth: new ÷ old = 1 + percent ÷ 100.

    >>> multiple_from_percent(400)
    5.0
    >>> multiple_from_percent(-50)
    0.5
    """
    return 1 + validate.number("percent", percent, minimum=-100) / 100


def percent_from_multiple(multiple: float) -> float:
    """The percentage growth of a multiple: (multiple − 1) × 100.

    >>> percent_from_multiple(8)
    700.0
    """
    return (validate.non_negative("multiple", multiple) - 1) * 100
