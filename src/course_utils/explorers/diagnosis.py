"""Lesson 4 explorers: diagnose a case business (or your own) and weigh a 90-day plan.

Each factory returns an :class:`~course_utils.explorer.Explorer`; the notebook cell is
one call. The reports shown below the charts, and the lesson's tables, are in
:mod:`course_utils.figures.diagnosis_report`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.exhibit import label_synthetic
from course_utils.explorer import Explorer
from course_utils.explorers.controls import dropdown, int_slider, settings, text_box
from course_utils.i18n import Translator, language, using_language
from course_utils.models.diagnosis import (FIGURES, SPECS, STAGES, Diagnosis, adjust, diagnose,
                                           figures_from_monthly)
from course_utils.figures.diagnosis import diagnosis_figure, projection_figure
from course_utils.figures.diagnosis_report import PERCENT_FIGURES, plan_html, report_html
from course_utils.models.diagnosis_labels import entry_label, figure_label, stage_short_name
from course_utils.models.timeline import date_label
from course_utils.models.plan import Plan, draft_plan, plan_targets, project
from course_utils.render import render

tr = Translator("diagnosis")

BUSINESSES = ("tea", "kidswear", "bakery")
# Children's Day (儿童节) fits businesses whose buyers are parents.
FAMILY_AUDIENCE = {"kidswear": True, "bakery": True, "tea": False}
PLAN_STARTS = (dt.date(2025, 4, 7), dt.date(2025, 5, 5), dt.date(2025, 7, 7))
COUNT_FIGURES = tuple(key for key in SPECS if SPECS[key].kind == "count")
# Scale words the number reader multiplies by ("15万" is 150,000): right for money, a slip for a count.
SCALE_WORDS = re.compile(r"[万萬亿億千]|\d\s*(?:k|thousand|million|mn|billion|bn)\b", re.IGNORECASE)
MONEY = re.compile(r"[¥$元块]|rmb|cny|yuan")  # a currency, typed into a percent field: an amount, not a percentage


def case_figures(business: str) -> tuple[dict[str, float], str]:
    """The diagnosis figures (last 3 months) and display name of a case business."""
    business = validate.one_of("business", business, BUSINESSES)
    items, (name, name_zh) = _case(business)
    # A Chinese reader needs only the Chinese name; other readers get both, as the data card gives them.
    shown = name_zh if language() == "zh" else f"{name} ({name_zh})"  # i18n: not translated (two names)
    return dict(items), shown


def _business_options() -> list[tuple[str, str]]:
    """The case businesses as a dropdown lists them: by name (the caption prints the name, not the key)."""
    return [(case_figures(business)[1], business) for business in BUSINESSES]


@lru_cache(maxsize=None)
def _case(business: str) -> tuple[tuple, str]:
    # Loading checks the file against its schema (~0.1 s): do it once per business, not per slider move.
    from course_utils.datasets import load

    with using_language("en"):  # "name" in English beside "name_zh": the cache serves both languages
        profiles = load("capstone_profiles")
    profile = profiles[profiles["business"] == business].iloc[0]
    figures = figures_from_monthly(load(f"capstone_{business}"), float(profile["gross_margin"]))
    return tuple(figures.items()), (str(profile["name"]), str(profile["name_zh"]))


def diagnosis_model(business: str, content: float = 0.0, private_domain: float = 0.0,
                    monetisation: float = 0.0) -> Diagnosis:
    """The model behind explorer 1: a case business's diagnosis after a what-if change."""
    figures, name = case_figures(business)
    return diagnose(adjust(figures, content, private_domain, monetisation), name)


def diagnosis_explorer(number: str, business: str = "tea") -> Explorer:
    """Explorer: pick a case business, move each stage's metrics → stage scores and binding constraint."""
    def draw(business, content, private_domain, monetisation):
        result = diagnosis_model(business, content / 100, private_domain / 100, monetisation / 100)
        return diagnosis_figure(result), report_html(result, synthetic=True)

    def slider(key, description):
        return int_slider(key, 0, -50, 100, 10, description)

    controls = {"business": dropdown("business", business, _business_options(), tr.gettext("Business")),
                "content": slider("content", tr.gettext("Content change")),
                "private_domain": slider("private", tr.gettext("Private-domain change")),
                "monetisation": slider("monetisation", tr.gettext("Monetisation change"))}
    return Explorer(draw, controls, number=number, title=tr.gettext("Where is the business, and what binds it?"),
                    source=tr.gettext("Course capstone case data; benchmarks are the course's teaching assumptions"),
                    synthetic=True, note=tr.gettext("Changes are in percent, applied to every metric of the stage."))


def _case_paths(business: str, ambition: float) -> tuple[Diagnosis, dict]:
    figures, name = case_figures(business)
    result = diagnose(figures, name)
    return result, {stage: project(result, plan_targets(result, stage, ambition)) for stage in STAGES}


def plan_model(business: str, ambition: float, focus: str, start: dt.date) -> tuple[Plan, Diagnosis, dict]:
    """The model behind explorer 2: the plan for ``focus`` and the projection for every stage.

    A stage with no metric below benchmark has no plan: ``draft_plan`` says so, naming ``focus``.
    """
    result, paths = _case_paths(business, ambition)
    chosen = result.binding if focus == "binding" else focus
    plan = draft_plan(result, start=start, ambition=ambition, focus=chosen,
                      family_audience=FAMILY_AUDIENCE[business])
    return plan, result, paths


def _plan_view(business: str, ambition: float, focus: str, start: dt.date):
    # Every stage's line is drawn even where the chosen stage has no plan: the flat bold
    # line is the lesson ("nothing to gain there"), and the note says why no table shows.
    try:
        plan, result, paths = plan_model(business, ambition, focus, start)
    except CourseInputError as error:
        if error.argument != "focus":
            raise
        result, paths = _case_paths(business, ambition)
        note = render("diagnosis/plan_note.html.j2", text=tr.gettext("No plan for this choice: {reason}",
                                                                     reason=error))
        return projection_figure(paths, result.binding if focus == "binding" else focus, result.business), note
    return projection_figure(paths, plan.focus, result.business), plan_html(plan, result)


def plan_explorer(number: str, business: str = "tea") -> Explorer:
    """Explorer: ambition and the stage worked on → monthly contribution over 90 days."""
    def draw(business, ambition, focus, start):
        return _plan_view(business, ambition / 100, focus, start)

    focus_options = [(tr.gettext("binding constraint"), "binding")] + [(stage_short_name(s), s) for s in STAGES]
    controls = {"business": dropdown("business", business, _business_options(), tr.gettext("Business")),
                "ambition": int_slider("ambition", 50, 10, 100, 10, tr.gettext("Ambition"),
                                       label_width=None),
                "focus": dropdown("focus", "binding", focus_options, tr.gettext("Work on")),
                "start": dropdown("start", PLAN_STARTS[0], [(date_label(d, "day"), d) for d in PLAN_STARTS],
                                  tr.gettext("Plan starts"))}
    return Explorer(draw, controls, number=number, title=tr.gettext("What is the plan worth, and where should it "
                                                                    "work?"),
                    source=tr.gettext("Course capstone case data; benchmarks are the course's teaching assumptions; "
                                      "projection by the course's loop model"), synthetic=True,
                    note=tr.gettext("Ambition is the share of the gap to benchmark closed in 90 days."))


def parse_entry(key: str, text: object) -> float:
    """A learner's typed figure as a number: percent fields become shares (12.5 → 0.125).

    Figures may be typed the way people write them: "150,000", "RMB 150000", "15万", "12.5%".
    A scale word (万, k, million) in a count is questioned, not multiplied silently: "15万"
    posts a month is more likely a slip than 150,000 posts.

    >>> parse_entry("monthly_revenue", "RMB 150,000"), parse_entry("wecom_rate", "12.5%")
    (150000.0, 0.125)
    >>> parse_entry("marketing_cost_ratio", "¥150,000")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    course_utils.errors.CourseInputError: Marketing cost ratio (...) is a percentage, not an amount of money; ...
    """
    from course_utils.parsing import Problem, parse_number  # the quiz's forgiving number reader

    name = figure_label(key)
    percent = key in PERCENT_FIGURES
    typed = str(text).strip() if text is not None else ""
    if not typed:
        raise CourseInputError(tr.gettext("{label} is empty; please type a number.", label=name), key)
    if not percent and "%" in typed.replace("％", "%"):
        raise CourseInputError(tr.gettext("{label} is a count or an amount, not a percentage; please type it "
                                          "without the % sign (you typed \"{value}\").", label=name,
                                          value=typed[:40]), key)
    if percent and MONEY.search(unicodedata.normalize("NFKC", typed).casefold()):
        raise CourseInputError(tr.gettext("{label} is a percentage, not an amount of money; type the percent itself, "
                                          "for example 18 for 18% (you typed \"{value}\").", label=name,
                                          value=typed[:40]), key)
    value = parse_number(typed, unit="percent" if percent else "")
    if isinstance(value, Problem):
        if value.key in ("decimal_comma", "several_numbers", "fraction"):
            raise CourseInputError(_entry_problem(value.key, name, typed[:40]), key)
        if value.key == "not_finite" or typed.casefold().lstrip("+-") in ("nan", "inf", "infinity"):
            raise CourseInputError(tr.gettext("{name} should be a finite number; got {value}.", name=name,
                                              value=typed[:40]), key)
        if percent:
            raise CourseInputError(tr.gettext("{label} should be a number of percent, such as 12.5; got \"{value}\".",
                                              label=name, value=typed[:40]), key)
        raise CourseInputError(tr.gettext("{name} should be a number; got \"{value}\".", name=name, value=typed[:40]),
                               key)
    if key in COUNT_FIGURES and SCALE_WORDS.search(unicodedata.normalize("NFKC", typed)):
        raise CourseInputError(tr.gettext("{label} is a count: \"{value}\" reads as {number}. If you mean {number}, "
                                          "type it in digits ({digits}); if not, type the count itself, for example "
                                          "15.", label=name, value=typed[:40],
                                          number=f"{value:,.0f}", digits=f"{value:.0f}"), key)
    if percent and key != "marketing_cost_ratio" and not 0 <= value <= 100:
        raise CourseInputError(tr.gettext("{label} is a percentage and should lie between 0 and 100; got {value}.",
                                          label=name, value=f"{value:g}"), key)
    if value < 0:
        raise CourseInputError(tr.gettext("{label} cannot be negative; got {value}.", label=name, value=f"{value:g}"), key)
    if key == "monthly_revenue" and value == 0:
        raise CourseInputError(tr.gettext("{label} is 0; the diagnosis compares costs with revenue, so please type "
                                          "the revenue of a typical month.", label=name), key)
    return value / 100 if percent else value


def _entry_problem(problem: str, name: str, typed: str) -> str:
    """What is wrong with a typed number the reader could not take (``parsing.Problem.key``)."""
    return {"decimal_comma": tr.gettext("{label}: please write decimals with a point, for example 12.5 (you typed "
                                        "\"{value}\").",
                                        label=name, value=typed),
            "several_numbers": tr.gettext("{label}: please type a single number (you typed \"{value}\").", label=name,
                                          value=typed),
            "fraction": tr.gettext("{label}: please write a fraction as a decimal number, for example 0.5 (you "
                                   "typed \"{value}\").", label=name, value=typed)}[problem]


def own_figures(entries: dict) -> dict[str, float]:
    """Every typed entry parsed; the first bad one raises a message naming its field."""
    return {key: parse_entry(key, entries[key]) for key in FIGURES}


OWN_DEFAULTS = dict(posts_per_month="8", views_per_post="2,000", wecom_rate="20", first_purchase_rate="6",
                    repeat_share="25", live_gmv_share="10", marketing_cost_ratio="18",
                    monthly_revenue="150,000", gross_margin="50")


def own_figures_explorer(number: str, entries: dict | None = None) -> Explorer:
    """Explorer: type your own business's monthly figures (percent where marked) → diagnosis."""
    values = {**OWN_DEFAULTS, **settings("entries", entries, FIGURES)}

    def draw(**typed):
        result = diagnose(own_figures(typed), tr.gettext("Your business"))
        # The opening figures are the course's illustration, labelled so; figures a learner typed are not.
        synthetic = all(str(typed[key]).strip() == OWN_DEFAULTS[key] for key in FIGURES)
        fig = diagnosis_figure(result)
        if synthetic:
            label_synthetic(fig)
        return fig, report_html(result, synthetic)

    controls = {key: text_box(values[key], tr.gettext("{name} %", name=entry_label(key)) if key in PERCENT_FIGURES
                              else entry_label(key)) for key in FIGURES}
    return Explorer(draw, controls, number=number, title=tr.gettext("Your own business on the maturity model"),
                    source=tr.gettext("Figures typed by the learner (defaults: an illustrative, synthetic business); "
                                      "benchmarks are the course's teaching assumptions"))
