"""Timeline helpers for the course tour (Lesson 0): what existed by a date, and growth arithmetic.

Definitions:

* a milestone "exists by" a date when its recorded date is on or before it (a milestone
  known only to the month is dated the first day of that month);
* a growth of +p % means the new value is (1 + p/100) times the old one: "+400 %" is 5×,
  and "8×" is +700 %;
* a date is shown at the precision it is known to (``date_precision``): "21 Jan 2020",
  "Oct 2020" or "Q4 2022", never a day or month the record does not give.
"""

from __future__ import annotations

import pandas as pd

from course_utils import validate
from course_utils.models.dates import PRECISIONS, written_date

STAGE_ORDER = ("content", "hub", "commerce")
MILESTONE_COLUMNS = ("date", "stage", "event", "confidence", "source")


def _timestamp(name: str, when) -> pd.Timestamp:
    try:  # a bare number would be read as nanoseconds since 1970: not a date anyone means
        day = None if isinstance(when, (int, float)) else pd.Timestamp(when)
    except (TypeError, ValueError):
        day = None
    if day is None or pd.isna(day):
        raise validate.wrong_type(name, repr(when) if isinstance(when, str) else type(when).__name__, "date")
    return day


def events_in(milestones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The milestones with ``event`` in ``lang`` where the data set has it (``event_zh``), else English.

    >>> frame = pd.DataFrame({"event": ["beta", "live"], "event_zh": ["内测", ""]})
    >>> list(events_in(frame, "zh")["event"]), list(events_in(frame, "en")["event"])
    (['内测', 'live'], ['beta', 'live'])
    """
    column = f"event_{lang}"
    if column not in milestones:
        return milestones
    translated = milestones[column].fillna("").astype(str)
    return milestones.assign(event=translated.where(translated.str.len() > 0, milestones["event"]))


def date_label(when, precision: str = "day") -> str:
    """A date written at the precision it is known to.

    >>> date_label("2020-01-21"), date_label("2020-10-01", "month"), date_label("2022-10-01", "quarter")
    ('21 Jan 2020', 'Oct 2020', 'Q4 2022')
    >>> date_label("2025-01-01", "year")
    '2025'
    """
    precision = validate.one_of("precision", precision, PRECISIONS)
    return written_date(_timestamp("when", when), precision)


def period_end(when, precision: str = "day") -> pd.Timestamp:
    """The last day a date of this precision can stand for (the day itself for "day").

    >>> period_end("2022-10-01", "quarter").date(), period_end("2020-10-01", "month").date()
    (datetime.date(2022, 12, 31), datetime.date(2020, 10, 31))
    """
    precision = validate.one_of("precision", precision, PRECISIONS)
    day = _timestamp("when", when)
    offsets = {"day": None, "month": pd.offsets.MonthEnd(0), "quarter": pd.offsets.QuarterEnd(0),
               "year": pd.offsets.YearEnd(0)}
    return day if offsets[precision] is None else day + offsets[precision]


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
    cutoff = _timestamp("when", when)
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


def implied_multiples(reported: pd.DataFrame) -> list[float | None]:
    """Each figure read literally as new ÷ old: +400 % → 5×, "3×" → 3×, a level (RMB) → None.

    >>> implied_multiples(pd.DataFrame({"value": [400, 3, 1e9], "unit": ["percent", "multiple", "rmb"]}))
    [5.0, 3.0, None]
    """
    validate.frame("reported_growth", reported, ("value", "unit"))
    return [multiple_from_percent(v) if u == "percent" else (float(v) if u == "multiple" else None)
            for v, u in zip(reported["value"], reported["unit"])]
