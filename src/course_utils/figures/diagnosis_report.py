"""Lesson 4's diagnosis and plan as learners read them: figures printed, HTML reports.

The explorers in :mod:`course_utils.explorers.diagnosis` show these reports below their
charts; the lesson shows them on their own with ``show_report`` and ``show_plan``. The
markup lives in ``templates/diagnosis/``.
"""

from __future__ import annotations

from course_utils.errors import CourseInputError
from course_utils.exhibit import declare
from course_utils.i18n import Translator, language
from course_utils.models.diagnosis import SPECS, STAGES, Diagnosis
from course_utils.models.diagnosis_labels import (PERCENT_FIGURES, figure_label, metric_short_name, shown, shown_pair,
                                                  stage_name, stage_short_name)
from course_utils.models.plan import Plan, contribution, plan_targets, project
from course_utils.models.timeline import date_label
from course_utils.render import Html, render

tr = Translator("diagnosis")

# The outlook line in a report: what closing this share of every gap in the binding stage is worth.
OUTLOOK_AMBITION = 0.5


def economics_lines(diagnosis: Diagnosis) -> list[str]:
    """Today's monthly contribution from revenue and margin, and what closing half of every
    gap in the binding stage would make of it in the loop model (or why it cannot say)."""
    figures = diagnosis.figures
    # ≈: the two rates are shown rounded, so the product of what is shown can differ by a few yuan.
    lines = [tr.gettext("Monthly contribution: RMB {contribution:,.0f} ≈ revenue RMB {revenue:,.0f} × (gross margin "
                        "{margin:.0%} − marketing cost ratio {cost:.1%}).", contribution=contribution(figures),
                        revenue=figures["monthly_revenue"], margin=figures["gross_margin"],
                        cost=figures["marketing_cost_ratio"])]
    try:
        path = project(diagnosis, plan_targets(diagnosis, diagnosis.binding, OUTLOOK_AMBITION))
    except CourseInputError as error:
        return lines + [tr.gettext("The loop model cannot project this business: {reason}", reason=error)]
    change = path[-1] / path[0] - 1 if path[0] > 0 else 0.0
    return lines + [tr.gettext("Closing half of every gap in the binding stage would lift it to about RMB "
                               "{after:,.0f} a month ({change:+.0%}) in the course's loop model (see the 90-day "
                               "plan).", after=round(path[-1], -2), change=change)]  # "about": to the RMB 100


def stage_vs_binding(diagnosis: Diagnosis) -> str:
    """Why the maturity stage and the binding constraint differ, when they do ("" otherwise)."""
    maturity = STAGES[diagnosis.maturity_stage - 1]
    if diagnosis.loop_closed or maturity == diagnosis.binding:
        return ""
    return tr.gettext("Why two different stages? The maturity stage is the first stage, in loop order, that is "
                      "below benchmark: {maturity} is where the loop first falls short, so the business is still "
                      "building it. The binding constraint is the stage furthest below benchmark: {binding}, where "
                      "an improvement moves the whole loop most.", maturity=stage_name(maturity),
                      binding=stage_name(diagnosis.binding))


def synthetic_note(synthetic: bool) -> str:
    """The line that labels a course case's figures as synthetic (empty for a real business's)."""
    return tr.gettext("The business and its figures are synthetic, generated for this course.") if synthetic else ""


def report_html(diagnosis: Diagnosis, synthetic: bool = False) -> str:
    """The diagnosis as an HTML report (``templates/diagnosis/report.html.j2``); ``synthetic`` for a course case."""
    lever = diagnosis.lever
    rows = [dict(stage=stage_short_name(m.stage), metric=figure_label(m.key), value=shown(m.key, m.value),
                 benchmark=shown(m.key, m.benchmark), ratio=f"{m.ratio:.2f}", below=not m.meets,
                 binding=m.stage == diagnosis.binding) for m in diagnosis.metrics]
    return render(
        "diagnosis/report.html.j2", business=diagnosis.business, rows=rows, loop_closed=diagnosis.loop_closed,
        title=tr.gettext("Diagnosis: {business}", business=diagnosis.business),
        stage_line=tr.gettext("Maturity stage {number} of 3: {stage}", number=diagnosis.maturity_stage,
                              stage=stage_name(STAGES[diagnosis.maturity_stage - 1])),
        loop_line=tr.gettext("All three stages score at or above benchmark: the loop is closed; a plan works on any "
                             "metric still below its benchmark."),
        binding_line=tr.gettext("Binding constraint: {stage}, scoring {score:.2f} (1.00 = at benchmark). Weakest "
                                "metric: {metric}.", stage=stage_name(diagnosis.binding),
                                score=diagnosis.scores[diagnosis.binding], metric=figure_label(lever.key)),
        difference_line=stage_vs_binding(diagnosis),
        economics=economics_lines(diagnosis), synthetic_line=synthetic_note(synthetic),
        note=tr.gettext("Benchmarks are this course's teaching assumptions for a small consumer brand on Channels, "
                        "not published norms."))


def plan_html(plan: Plan, diagnosis: Diagnosis, synthetic: bool = False) -> str:
    """The plan as an HTML table (``templates/diagnosis/plan.html.j2``), with its projected effect;
    ``synthetic`` for a course case."""
    path = project(diagnosis, plan.targets)
    rows = [dict(weeks=f"{a.week_from}–{a.week_to}", action=a.action, metric=metric_short_name(a.metric),
                 pair=shown_pair(a.metric, a.baseline, a.target), why=a.why,
                 campaign=bool(a.campaign)) for a in plan.actions]
    return render(
        "diagnosis/plan.html.j2", business=plan.business, rows=rows, synthetic_line=synthetic_note(synthetic),
        title=tr.gettext("90-day plan: {business}", business=plan.business),
        dates_line=tr.gettext("{start} to {end}; focus: {focus}; ambition: close {ambition:.0%} of the gap to "
                              "benchmark.", start=date_label(plan.start), end=date_label(plan.end),
                              focus=stage_name(plan.focus), ambition=plan.ambition),
        projection_line=tr.gettext("Projected monthly contribution run-rate: RMB {before:,.0f} now, RMB "
                                   "{after:,.0f} by week 13 ({change:+.0%}).", before=path[0], after=path[-1],
                                   change=path[-1] / path[0] - 1) if path[0] > 0 else "",
        no_campaign_line="" if plan.campaigns else tr.gettext("No campaign date (1 June, 18 June) falls inside "
                                                              "these 90 days."))


def show_report(diagnosis: Diagnosis, synthetic: bool = False) -> Html:
    """The diagnosis report, ready to display (``synthetic=True`` labels a course case's figures so)."""
    summary = tr.gettext("Binding constraint: {stage}, scoring {score:.2f} (1.00 = at benchmark). Weakest metric: "
                         "{metric}.", stage=stage_name(diagnosis.binding),
                         score=diagnosis.scores[diagnosis.binding], metric=figure_label(diagnosis.lever.key))
    return Html(report_html(diagnosis, synthetic),
                tr.gettext("Diagnosis: {business}. {summary}", business=diagnosis.business, summary=summary))


def show_plan(plan: Plan, diagnosis: Diagnosis, synthetic: bool = False) -> Html:
    """The 90-day plan, ready to display (``synthetic=True`` labels a course case's figures so)."""
    dates = tr.gettext("{start} to {end}; focus: {focus}; ambition: close {ambition:.0%} of the gap to benchmark.",
                       start=date_label(plan.start), end=date_label(plan.end), focus=stage_name(plan.focus),
                       ambition=plan.ambition)
    return Html(plan_html(plan, diagnosis, synthetic),
                tr.gettext("90-day plan: {business}: {dates}", business=plan.business, dates=dates))


def business_label(business: str) -> str:
    """A case business (``tea``, ``kidswear``, ``bakery``) as a table heads it; any other name as it is."""
    return {"tea": tr.gettext("Tea"), "kidswear": tr.gettext("Kidswear"),
            "bakery": tr.gettext("Bakery")}.get(business, business)


def benchmark_table(figures_by_business: dict):
    """Each business's diagnosis figures beside the benchmarks, formatted for print (one column per business)."""
    import pandas as pd

    rows = []
    for spec in SPECS.values():
        row = {tr.gettext("Metric"): figure_label(spec.key), tr.gettext("Benchmark"): shown(spec.key, spec.benchmark)}
        row.update({business: shown(spec.key, figures[spec.key]) for business, figures in figures_by_business.items()})
        rows.append(row)
    return declare(pd.DataFrame(rows), {}, {business: business_label(business) for business in figures_by_business})


def profiles_view(profiles):
    """The case businesses' profiles as the lesson's table shows them.

    In English each business is named twice, its English name and its Chinese one; the
    Chinese edition names it once, in Chinese, as the rest of that edition does.
    """
    chinese = language() == "zh"
    names = {"name_zh": tr.gettext("Business")} if chinese else {"name": tr.gettext("Business"),
                                                                 "name_zh": tr.gettext("Chinese name")}
    labels = {**names, "sector": tr.gettext("Sector"), "city": tr.gettext("City"), "stores": tr.gettext("Stores"),
              "gross_margin": tr.gettext("Gross margin"), "description": tr.gettext("The case in brief")}
    return declare(profiles[list(labels)].copy(), {"gross_margin": "percent:0"}, labels)
