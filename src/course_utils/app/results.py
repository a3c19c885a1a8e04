"""From a monthly table to what the merchant takes away: diagnosis, plan, comparisons.

The models are the capstone lesson's (:mod:`course_utils.models.diagnosis`,
:mod:`course_utils.models.plan`); this module only feeds them and formats their
numbers for the page and the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from course_utils.app.fields import COLUMNS, MONEY, MonthlyTable, column_label, month_text
from course_utils.i18n import Translator, language, using_language
from course_utils.models.diagnosis import STAGES, Diagnosis, diagnose
from course_utils.models.diagnosis_labels import metric_short_name, shown, shown_pair, stage_name
from course_utils.models.plan import Plan, contribution, draft_plan

tr = Translator("app")

CASES = ("tea", "kidswear", "bakery")
# Children's Day (儿童节) campaigns suit businesses whose buyers are parents.
FAMILY_AUDIENCE = {"tea": False, "kidswear": True, "bakery": True}


@dataclass(frozen=True)
class Case:
    """A case business of the capstone lesson (synthetic data)."""

    key: str
    name_en: str
    name_zh: str
    gross_margin: float
    table: MonthlyTable

    @property
    def name(self) -> str:
        return self.name_zh if language() == "zh" else self.name_en


@lru_cache(maxsize=1)
def _profiles():
    from course_utils.datasets import load

    with using_language("en"):  # "name" in English beside "name_zh", whichever language asked first
        return load("capstone_profiles")


@lru_cache(maxsize=None)
def case(key: str) -> Case:
    """Load a case business once per process (the loader checks the file against its schema)."""
    from course_utils.datasets import load

    profiles = _profiles()
    profile = profiles[profiles["business"] == key].iloc[0]
    monthly = load(f"capstone_{key}")
    rows = tuple((stamp.date(), {column: float(row[column]) for column in COLUMNS})
                 for stamp, (_, row) in zip(monthly["month"], monthly.iterrows()))
    return Case(key, str(profile["name"]), str(profile["name_zh"]), float(profile["gross_margin"]),
                MonthlyTable(rows))


def next_monday(day: dt.date) -> dt.date:
    """The plan starts on the Monday after ``day``.

    >>> next_monday(dt.date(2026, 12, 2))   # a Wednesday
    datetime.date(2026, 12, 7)
    """
    return day + dt.timedelta(days=7 - day.weekday())


@dataclass(frozen=True)
class Result:
    """Everything the page and the PDF show for one business."""

    name: str
    table: MonthlyTable
    gross_margin: float
    diagnosis: Diagnosis
    plan: Plan | None  # None when every metric is at or above its benchmark: no gap to close
    made_on: dt.date
    synthetic: bool = False  # a case business of the course (its figures made up), not the merchant's own


def run(name: str, table: MonthlyTable, gross_margin: float, family_audience: bool = False,
        today: dt.date | None = None, synthetic: bool = False) -> Result:
    """Diagnose the business from its last three months and draft its 90-day plan."""
    today = today or dt.date.today()
    diagnosis = diagnose(table.figures(gross_margin), name)
    focus = plan_focus(diagnosis)
    plan = None if focus is None else draft_plan(diagnosis, start=next_monday(today), focus=focus,
                                                  family_audience=family_audience)
    return Result(name, table, gross_margin, diagnosis, plan, today, synthetic)


def plan_focus(diagnosis: Diagnosis) -> str | None:
    """The stage the plan works on: the binding constraint, unless all its metrics are at benchmark
    (a closed loop); then the stage of the metric furthest below its benchmark; None if there is none."""
    below = [metric for metric in diagnosis.metrics if not metric.meets]
    if any(metric.stage == diagnosis.binding for metric in below):
        return diagnosis.binding
    if not below:
        return None
    return min(below, key=lambda metric: (metric.ratio, STAGES.index(metric.stage))).stage


@lru_cache(maxsize=None)
def case_diagnosis(key: str) -> Diagnosis:
    item = case(key)
    return diagnose(item.table.figures(item.gross_margin), item.key)


def figure_value(key: str, value: float) -> str:
    """A monthly figure as printed: money to the yuan, counts whole, averages to one decimal."""
    if key in MONEY or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def summary(result: Result) -> dict:
    """The words and numbers of the diagnosis, ready for a template.

    Three cases read differently: a stage below benchmark (its binding constraint and weakest
    metric); a closed loop with a metric still below benchmark (that metric, which the plan
    works on); every metric at or above benchmark (said plainly: no constraint, no plan).
    """
    diagnosis = result.diagnosis
    stage = STAGES[diagnosis.maturity_stage - 1]
    focus = plan_focus(diagnosis)
    marked = None if focus is None else (focus if diagnosis.loop_closed else diagnosis.binding)
    lines = dict(loop_line="", binding_line="", lever_line="", all_met_line="")
    if focus is None:
        lines["all_met_line"] = tr.gettext("Every metric is at or above its benchmark: nothing on the loop holds the "
                                           "business back, and there is no gap for a 90-day plan to close. Keep what "
                                           "works, and diagnose again with next quarter's figures.")
    elif diagnosis.loop_closed:
        lever = diagnosis.weakest(focus)  # plan_focus chose the stage of a metric below benchmark
        lines["loop_line"] = tr.gettext("All three stages are at or above benchmark: the loop is closed. The plan "
                                        "works on the metric furthest below its benchmark.")
        lines["lever_line"] = tr.gettext("Furthest below its benchmark: {metric} is {value} against a benchmark of "
                                         "{benchmark} (ratio {ratio:.2f}).", **_lever(lever))
    else:
        lines["binding_line"] = tr.gettext("Binding constraint: {stage}, scoring {score:.2f} (1.00 = at benchmark).",
                                           stage=stage_name(diagnosis.binding),
                                           score=diagnosis.scores[diagnosis.binding])
        lines["lever_line"] = tr.gettext("Weakest metric there: {metric} is {value} against a benchmark of "
                                         "{benchmark} (ratio {ratio:.2f}).", **_lever(diagnosis.lever))
    return dict(
        stage_line=tr.gettext("Maturity stage {number} of 3: {stage}", number=diagnosis.maturity_stage,
                              stage=stage_name(stage)),
        **lines, **margin_lines(result),
        scores=[dict(stage=stage_name(s), score=f"{diagnosis.scores[s]:.2f}", binding=s == marked)
                for s in STAGES],
        metrics=[dict(stage=stage_name(m.stage), metric=metric_short_name(m.key), value=shown(m.key, m.value),
                      benchmark=shown(m.key, m.benchmark), ratio=f"{m.ratio:.2f}", below=not m.meets,
                      binding=m.stage == marked) for m in diagnosis.metrics],
        binding_key=diagnosis.binding,
    )


def _lever(metric) -> dict:
    return dict(metric=metric_short_name(metric.key), value=shown(metric.key, metric.value),
                benchmark=shown(metric.key, metric.benchmark), ratio=metric.ratio)


def margin_lines(result: Result) -> dict:
    """What the gross margin is for: what sales leave after the goods and marketing, or a warning when
    marketing costs more than the margin (every sale then loses money; the scores do not show it)."""
    cost, margin = result.diagnosis.figures["marketing_cost_ratio"], result.gross_margin
    if cost > margin:
        return dict(margin_line="", margin_warning=tr.gettext(
            "Marketing costs are {cost} of revenue, more than the gross margin of {margin}: after the goods and the "
            "marketing, every sale loses money. The scores do not show this; look at prices, costs and marketing "
            "spend before growing sales.", cost=f"{cost:.1%}", margin=f"{margin:.1%}"))
    return dict(margin_warning="", margin_line=tr.gettext(
        "What sales leave after the goods and the marketing: gross margin {margin} − marketing costs {cost} = {left} "
        "of revenue, about RMB {amount} a month.", margin=f"{margin:.1%}", cost=f"{cost:.1%}",
        left=f"{margin - cost:.1%}", amount=f"{contribution(result.diagnosis.figures):,.0f}"))


def plan_rows(result: Result) -> list[dict]:
    """The plan's lines: weeks, action, the metric it moves, its baseline and its target."""
    plan = result.plan
    if plan is None:
        return []
    rows = []
    for action in plan.actions:
        # A target a little above its baseline gets the decimals that tell the two apart.
        baseline, target = shown_pair(action.metric, plan.baseline[action.metric], action.target)
        rows.append(dict(weeks=tr.gettext("Weeks {first}–{last}", first=action.week_from, last=action.week_to),
                         action=action.action, metric=metric_short_name(action.metric), baseline=baseline,
                         target=target, campaign=bool(action.campaign)))
    return rows


def plan_line(result: Result) -> str:
    """The plan's dates, focus and ambition; empty without a plan (the summary says why there is none)."""
    plan = result.plan
    if plan is None:
        return ""
    return tr.gettext("{start} to {end}; focus: {focus}; ambition: close {ambition:.0%} of the gap to benchmark.",
                      start=plan.start.isoformat(), end=plan.end.isoformat(), focus=stage_name(plan.focus),
                      ambition=plan.ambition)


def figure_rows(result: Result, months: int = 12) -> tuple[list[str], list[dict]]:
    """The last ``months`` months as a table: one row per figure, one column per month."""
    recent = result.table.rows[-months:]
    heads = [month_text(month) for month, _ in recent]
    rows = [dict(label=column_label(key), values=[figure_value(key, values[key]) for _, values in recent])
            for key in COLUMNS]
    return heads, rows
