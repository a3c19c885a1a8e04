"""A 90-day Channels operating plan drafted from a diagnosis, and what it could be worth.

Definitions (the course's teaching model, stated so it can be argued with):

* **target** for a metric the plan works on: baseline + ambition × (benchmark − baseline)
  when the metric is below benchmark (ambition = the share of the gap closed in 90 days);
  a metric already at benchmark is held where it is and gets no row in the plan (the
  plan's effort goes to the gaps), so every row of a plan moves its metric;
* **set-up weeks**: weeks 1–2 aim at the point the S-curve reaches by week 2 (about 6 %
  of the way to the 90-day target); weeks 11–13 hold the weakest metric at its target;
* **campaign weeks** (618, Children's Day): a teaching assumption that a campaign lifts
  its metric by CAMPAIGN_LIFT (10 %, relative) while it runs, never past halfway to 100 %;
  the lift is temporary, so the projection does not count it;
* **path**: a metric moves from baseline to target along a smooth S-curve over 13 weeks
  (slow start while the work is set up, fastest mid-plan, levelling off);
* **loop model** (monthly, steady state): new buyers ∝ (posts × views per post × WeCom add
  rate × first-purchase rate) ^ ELASTICITY, with ELASTICITY = 0.5 because not every buyer
  passes through every step (doubling one step's rate raises new buyers by √2, about 41 %); active customers = new buyers ÷ (1 − repeat share); revenue
  outside live ∝ active customers; live GMV is added on top, so revenue = revenue outside
  live ÷ (1 − live GMV share); contribution = revenue × (gross margin − marketing cost ratio).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.models.diagnosis import STAGES, Diagnosis, check_figures, weakness
from course_utils.models.diagnosis_labels import metric_short_name, stage_name

tr = Translator("diagnosis")

WEEKS = 13
SETUP_WEEKS = 2
CAMPAIGN_LIFT = 0.10
ELASTICITY = 0.5
NEW_BUYER_DRIVERS = ("posts_per_month", "views_per_post", "wecom_rate", "first_purchase_rate")
CHILDRENS_DAY = (6, 1)   # 儿童节
SIX_EIGHTEEN = (6, 18)   # 618 shopping festival


@dataclass(frozen=True)
class Action:
    """One line of the plan: weeks, what to do, the metric it moves, from what to what, and why."""

    week_from: int
    week_to: int
    action: str
    metric: str
    target: float
    campaign: str = ""
    baseline: float = 0.0
    why: str = ""


@dataclass(frozen=True)
class Plan:
    """The result of :func:`draft_plan`."""

    business: str
    start: dt.date
    ambition: float
    focus: str
    baseline: dict
    targets: dict
    actions: tuple
    campaigns: tuple

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=7 * WEEKS - 1)


def metric_target(value: float, benchmark: float, ambition: float, higher_is_better: bool = True) -> float:
    """The 90-day target for one metric (see the module docstring).

    >>> metric_target(0.12, 0.30, 0.5)          # half the gap from 12 % to 30 %
    0.21
    >>> round(metric_target(0.20, 0.15, 0.5, higher_is_better=False), 3)   # costs come down
    0.175
    >>> metric_target(0.40, 0.30, 0.5)            # already above benchmark: held
    0.4
    """
    value = validate.non_negative("value", value)
    benchmark = validate.positive("benchmark", benchmark)
    ambition = validate.rate("ambition", ambition)
    below = value < benchmark if higher_is_better else value > benchmark
    if below:
        return round(value + ambition * (benchmark - value), 10)
    return value


def s_curve(week: float, weeks: int = WEEKS) -> float:
    """Share of the way from baseline to target after ``week`` weeks (smoothstep).

    >>> s_curve(0), s_curve(6.5), s_curve(13)
    (0.0, 0.5, 1.0)
    """
    x = min(max(validate.number("week", week) / validate.positive("weeks", weeks), 0.0), 1.0)
    return x * x * (3 - 2 * x)


def contribution(figures: dict) -> float:
    """Monthly contribution today (RMB): revenue × (gross margin − marketing cost ratio).

    >>> contribution(dict(monthly_revenue=200_000, gross_margin=0.5, marketing_cost_ratio=0.2))
    60000.0
    """
    return figures["monthly_revenue"] * (figures["gross_margin"] - figures["marketing_cost_ratio"])


def monthly_contribution(figures: dict, values: dict | None = None) -> float:
    """Monthly contribution (RMB) when the metrics in ``values`` replace the baseline ``figures``.

    With no changes it is revenue × (gross margin − marketing cost ratio):

    >>> base = dict(posts_per_month=10, views_per_post=2000, wecom_rate=0.2, first_purchase_rate=0.1,
    ...             repeat_share=0.2, live_gmv_share=0.2, marketing_cost_ratio=0.1,
    ...             monthly_revenue=100_000, gross_margin=0.5)
    >>> monthly_contribution(base)
    40000.0
    >>> round(monthly_contribution(base, {"wecom_rate": 0.4}))   # 2x the rate -> 1.41x revenue
    56569
    """
    figures = check_figures(figures)  # a missing or bad figure is named, as the diagnosis names it
    new = {**figures, **(values or {})}
    for key in NEW_BUYER_DRIVERS:
        if figures[key] <= 0:
            raise CourseInputError(tr.gettext("{name} is 0, so the loop model has nothing to scale from: enter your "
                                              "best estimate above 0.", name=key), key)
    for key in ("repeat_share", "live_gmv_share"):
        if new[key] >= 1:
            raise CourseInputError(tr.gettext("{name} cannot be 100% in the loop model (nothing would be left "
                                              "outside it); enter a share below 100%.", name=key), key)
    factor = 1.0
    for key in NEW_BUYER_DRIVERS:
        factor *= (new[key] / figures[key]) ** ELASTICITY
    factor *= (1 - figures["repeat_share"]) / (1 - new["repeat_share"])
    outside_live = figures["monthly_revenue"] * (1 - figures["live_gmv_share"]) * factor
    revenue = outside_live / (1 - new["live_gmv_share"])
    return revenue * (figures["gross_margin"] - new["marketing_cost_ratio"])


def plan_targets(diagnosis: Diagnosis, focus: str, ambition: float) -> dict[str, float]:
    """Targets for every metric of the ``focus`` stage."""
    return {metric.key: metric_target(metric.value, metric.benchmark, ambition, metric.higher_is_better)
            for metric in diagnosis.stage_metrics(focus)}


def project(diagnosis: Diagnosis, targets: dict[str, float], weeks: int = WEEKS) -> list[float]:
    """Monthly contribution run-rate at weeks 0..``weeks`` as the metrics follow their S-curves."""
    figures = diagnosis.figures
    path = []
    for week in range(weeks + 1):
        share = s_curve(week, weeks)
        values = {key: figures[key] + share * (target - figures[key]) for key, target in targets.items()}
        path.append(monthly_contribution(figures, values))
    return path


def _week_of(start: dt.date, day: dt.date) -> int | None:
    offset = (day - start).days
    return offset // 7 + 1 if 0 <= offset < 7 * WEEKS else None


def _campaign_week(start: dt.date, month_day: tuple[int, int]) -> int | None:
    """The plan week in which the next ``month_day`` (this year's or next year's) falls, if any."""
    days = (dt.date(start.year + offset, *month_day) for offset in (0, 1))
    return next((w for w in (_week_of(start, day) for day in days) if w), None)


def _lifted(baseline: float) -> float:
    # A relative lift, at most halfway to 100 %, so a share never reaches 1.
    return round(min(baseline * (1 + CAMPAIGN_LIFT), (1 + baseline) / 2), 10)


def campaign_target(baseline: float, benchmark: float, ambition: float) -> float:
    """What a campaign aims for in its weeks: a CAMPAIGN_LIFT relative lift, at most halfway to 100 %
    (a share at 0 has nothing to lift, so it aims at the ordinary gap-closing target).

    >>> campaign_target(0.20, 0.30, 0.5), campaign_target(0.95, 0.30, 0.5), campaign_target(0.0, 0.30, 0.5)
    (0.22, 0.975, 0.15)
    """
    lifted = _lifted(baseline)
    return lifted if lifted != baseline else metric_target(baseline, benchmark, ambition)


def action_text(key: str) -> str:
    """What the plan does in weeks 3–10 for a metric of the focus stage below its benchmark."""
    return {
        "posts_per_month": tr.gettext("Post more often, step by step to the target beside this action: batch-shoot "
                                      "on one day, reuse templates and 秒剪 edits, and give employees a simple brief "
                                      "so they can post too."),
        "views_per_post": tr.gettext("Lift reach per post: a hook in the first 3 seconds, subtitles, posting at the "
                                     "audience's hours, and asking customers and employees to like and share so "
                                     "friends see it (朋友赞过)."),
        "wecom_rate": tr.gettext("Give followers a reason to add the WeCom (企业微信) account: a first-order voucher or "
                                 "a member-only guide, linked on the profile and pinned in live comments."),
        "first_purchase_rate": tr.gettext("Shorten the path to a first purchase: a starter bundle in the Mini "
                                          "Program (小程序), one-tap links in group posts and a 48-hour welcome offer."),
        "repeat_share": tr.gettext("Build the repurchase rhythm (复购率): a membership tier, reminders timed to the "
                                   "product's usage cycle and member-only group sessions."),
        "live_gmv_share": tr.gettext("Run a weekly live session at a fixed hour with a clear theme, a limited flash "
                                     "sale (秒杀) as the hook and pre-sale (预售) for new lines."),
        "marketing_cost_ratio": tr.gettext("Cut marketing that does not pay back: stop ad sets and coupons whose "
                                           "sales do not cover their cost, and cap coupon depth at the break-even "
                                           "uplift."),
    }[key]


def campaign_text(campaign: str) -> str:
    """What the plan does in a campaign's weeks ("618" or "childrens_day")."""
    return {
        "618": tr.gettext("618 membership campaign (618营销攻略——会员篇): recruit members in the run-up, give them early "
                          "access and a member-only live session on 18 June."),
        "childrens_day": tr.gettext("Children's Day campaign (儿童节营销): a family-themed live session and gift bundles "
                                    "in the week before 1 June, promoted in groups and Moments."),
    }[campaign]


def campaign_actions(start: dt.date, family_audience: bool, diagnosis: Diagnosis, ambition: float,
                     targets: dict | None = None) -> list[Action]:
    """The seed's campaign themes, where the calendar (and for Children's Day, the audience) fits.

    A campaign on a metric the plan already works on (in ``targets``) pushes towards its
    90-day target; otherwise it aims at :func:`campaign_target`. A theme whose metric
    cannot move (a share already at 100 %) gets no row.
    """
    targets = targets or {}
    themes = [(SIX_EIGHTEEN, "repeat_share", "618")]
    if family_audience:
        themes.append((CHILDRENS_DAY, "live_gmv_share", "childrens_day"))
    metrics = {metric.key: metric for metric in diagnosis.metrics}
    actions = []
    for month_day, key, campaign in themes:
        week = _campaign_week(start, month_day)
        metric = metrics[key]
        if targets.get(key, metric.value) != metric.value:
            target, why = targets[key], tr.gettext("Campaign weeks: a push towards this metric's 90-day target, "
                                                   "which the plan is already working on.")
        else:
            target = campaign_target(metric.value, metric.benchmark, ambition)
            why = (tr.gettext("Campaign weeks only: the course assumes a {lift:.0%} lift while the campaign runs "
                              "(a teaching assumption, not counted in the projection).", lift=CAMPAIGN_LIFT) if target == _lifted(metric.value)
                   else tr.gettext("Campaign weeks only: starts closing {ambition:.0%} of the gap to the benchmark "
                                   "(not counted in the projection).", ambition=ambition))
        if week and target != metric.value:
            actions.append(Action(max(1, week - 2), week, campaign_text(campaign), key, target,
                                  campaign=campaign, baseline=metric.value, why=why))
    return actions


def draft_plan(diagnosis: Diagnosis, start: dt.date = dt.date(2025, 4, 7), ambition: float = 0.5,
               focus: str | None = None, family_audience: bool = False) -> Plan:
    """Draft a 13-week plan that works on ``focus`` (by default the binding constraint).

    Weeks 1–2 set a baseline; weeks 3–10 work on each metric of the focus stage that is
    below benchmark, weakest first (equally weak metrics in the order of
    ``diagnosis.METRICS``); weeks 11–13 hold the gains and prepare the next stage in loop order with a
    metric below benchmark, named by that metric.
    The 618 membership campaign is added when 18 June falls inside the 90 days, the
    Children's Day campaign when 1 June does and the business sells to families. Every
    row moves its metric: its target differs from its baseline, and ``why`` says how the
    target was set. A focus stage with no metric below benchmark has nothing to close and
    is refused with a message naming ``focus``.
    """
    if not isinstance(diagnosis, Diagnosis):
        raise CourseInputError(tr.gettext("draft_plan needs the result of diagnose(...); got {kind}.",
                                          kind=type(diagnosis).__name__), "diagnosis")
    if isinstance(start, str):  # "2025-04-07", as the rest of the course writes dates
        try:
            start = dt.date.fromisoformat(start.strip())
        except ValueError:
            pass
    if not isinstance(start, dt.date):
        raise CourseInputError(tr.gettext("{name} should be a date such as datetime.date(2025, 4, 7); got {value}.",
                                          name="start", value=start), "start")
    ambition = validate.rate("ambition", ambition)
    if ambition == 0:
        raise CourseInputError(tr.gettext("ambition is 0: a plan that closes none of the gap changes nothing. "
                                          "Choose a share of the gap above 0, such as 0.5."), "ambition")
    focus = validate.one_of("focus", focus or diagnosis.binding, STAGES)
    targets = plan_targets(diagnosis, focus, ambition)
    gaps = sorted((metric for metric in diagnosis.stage_metrics(focus) if targets[metric.key] != metric.value),
                  key=weakness)
    if not gaps:
        raise CourseInputError(tr.gettext("The focus stage, {stage}, has every metric at or above its benchmark "
                                          "for {business}, so a gap-closing plan has nothing to do there. Work on "
                                          "a stage with a metric below benchmark, such as the binding constraint.",
                                          stage=stage_name(focus),
                                          business=diagnosis.business or tr.gettext("Your business")), "focus")
    baseline = {metric.key: metric.value for metric in diagnosis.metrics}
    lever = gaps[0]
    label = metric_short_name(lever.key)
    setup = s_curve(SETUP_WEEKS)
    actions = [Action(1, SETUP_WEEKS, tr.gettext("Set the baseline: pull the last 3 months of figures into one "
                                                 "weekly dashboard and agree the targets below with the team."), lever.key,
                      lever.value + setup * (targets[lever.key] - lever.value), baseline=lever.value,
                      why=tr.gettext("Set-up weeks: the S-curve expects {share:.0%} of the change by week {weeks}; "
                                     "measure before pushing.", share=setup, weeks=SETUP_WEEKS))]
    span = 8 // len(gaps)
    for index, metric in enumerate(gaps):
        first = 3 + index * span
        last = 10 if index == len(gaps) - 1 else first + span - 1
        actions.append(Action(first, last, action_text(metric.key), metric.key, targets[metric.key],
                              baseline=metric.value, why=tr.gettext("Closes {ambition:.0%} of the gap to the "
                                                                    "benchmark in 90 days.", ambition=ambition)))
    # The next stage in loop order with a metric below benchmark: one already there needs no test.
    after = [STAGES[(STAGES.index(focus) + step) % len(STAGES)] for step in range(1, len(STAGES))]
    following = next((stage for stage in after
                      if any(not metric.meets for metric in diagnosis.stage_metrics(stage))), None)
    # Named by its metric: a stage whose score is at or above 1.00 can still hold one metric below benchmark.
    hold = (tr.gettext("Hold the gains with a weekly review, and start on the next stage in the loop with a metric "
                       "below benchmark, {stage}: test a change to {metric} on a small scale.",
                       stage=stage_name(following), metric=metric_short_name(diagnosis.weakest(following).key))
            if following
            else tr.gettext("Hold the gains with a weekly review: every other stage is already at benchmark."))
    actions.append(Action(11, WEEKS, hold,
                          lever.key, targets[lever.key], baseline=lever.value,
                          why=tr.gettext("The 90-day target for {metric}, the weakest metric: it must hold at week "
                                         "13, not just be touched once.", metric=label)))
    campaigns = campaign_actions(start, bool(family_audience), diagnosis, ambition, targets)
    actions = sorted(actions + campaigns, key=lambda action: (action.week_from, action.week_to))
    return Plan(business=diagnosis.business, start=start, ambition=ambition, focus=focus,
                baseline=baseline, targets=targets, actions=tuple(actions),
                campaigns=tuple(action.campaign for action in campaigns))
