"""Business diagnosis (生意问诊): place a business on the three-stage maturity model.

The maturity model follows the course's loop, in order:

1. **content supply** (内容供给): enough posts, and posts that reach enough viewers;
2. **private domain** (私域): followers added on WeCom (企业微信), converted to a first
   purchase in the Mini Program (小程序), and brought back to buy again;
3. **monetisation** (变现): live commerce (直播带货) carrying a real share of sales at a
   marketing cost the margin can bear.

Each metric is set beside a benchmark. The benchmarks are this course's teaching
assumptions for a small consumer brand selling through Channels, chosen to make the
arithmetic of the diagnosis visible; they are not published industry norms.

Definitions used throughout:

* ratio to benchmark = value ÷ benchmark (higher is better) or benchmark ÷ value
  (lower is better), capped at 1.5 so one outstanding metric cannot hide a weak one;
* stage score = the mean of its metrics' ratios; 1.0 means "at benchmark";
* maturity stage = the first stage, in loop order, whose score is below 1: the stage the
  business is still building (a business at benchmark on all three is in stage 3 with its
  loop closed);
* binding constraint = the stage with the lowest score (the earlier stage wins a tie):
  the narrowest point of the loop, where an improvement moves the whole loop most.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("diagnosis")

STAGES = ("content", "private_domain", "monetisation")
RATIO_CAP = 1.5


@dataclass(frozen=True)
class MetricSpec:
    """One diagnostic metric: its stage, benchmark and direction."""

    key: str
    stage: str
    benchmark: float
    kind: str  # "count" or "share": how it is validated and printed
    higher_is_better: bool = True


METRICS = (
    MetricSpec("posts_per_month", "content", 12.0, "count"),
    MetricSpec("views_per_post", "content", 3000.0, "count"),
    MetricSpec("wecom_rate", "private_domain", 0.30, "share"),
    MetricSpec("first_purchase_rate", "private_domain", 0.05, "share"),
    MetricSpec("repeat_share", "private_domain", 0.30, "share"),
    MetricSpec("live_gmv_share", "monetisation", 0.25, "share"),
    MetricSpec("marketing_cost_ratio", "monetisation", 0.15, "share", higher_is_better=False),
)
SPECS = {spec.key: spec for spec in METRICS}
METRIC_ORDER = {spec.key: index for index, spec in enumerate(METRICS)}  # the tie-break among equal ratios
# The figures a diagnosis needs: the seven metrics plus the money behind them.
FIGURES = tuple(SPECS) + ("monthly_revenue", "gross_margin")


@dataclass(frozen=True)
class Metric:
    """A metric's value set beside its benchmark."""

    key: str
    stage: str
    value: float
    benchmark: float
    higher_is_better: bool

    @property
    def ratio(self) -> float:
        """Value relative to benchmark, 1.0 = at benchmark, capped at :data:`RATIO_CAP`."""
        if self.higher_is_better:
            raw = self.value / self.benchmark
        else:
            raw = RATIO_CAP if self.value == 0 else self.benchmark / self.value
        return min(raw, RATIO_CAP)

    @property
    def meets(self) -> bool:
        return self.ratio >= 1.0


@dataclass(frozen=True)
class Diagnosis:
    """The result of :func:`diagnose`."""

    business: str
    figures: dict
    metrics: tuple
    scores: dict
    maturity_stage: int  # 1, 2 or 3
    loop_closed: bool
    binding: str  # a key of STAGES

    def stage_metrics(self, stage: str) -> list[Metric]:
        return [metric for metric in self.metrics if metric.stage == stage]

    def weakest(self, stage: str) -> Metric:
        """The weakest metric of ``stage`` (:func:`weakness`)."""
        return min(self.stage_metrics(stage), key=weakness)

    @property
    def lever(self) -> Metric:
        """The weakest metric of the binding stage: where the plan starts."""
        return self.weakest(self.binding)


def weakness(metric: Metric) -> tuple:
    """The order of metrics, weakest first: by ratio to benchmark, a tie by the order of :data:`METRICS`."""
    return (metric.ratio, METRIC_ORDER[metric.key])


def check_figures(figures: Mapping[str, object]) -> dict[str, float]:
    """Validate a business's figures; return them as floats.

    Counts must be zero or more, shares between 0 and 1, revenue above 0.
    A missing figure or a bad value raises CourseInputError naming the figure.
    """
    if not isinstance(figures, Mapping):
        raise CourseInputError(tr.gettext("The figures should be a dictionary of named figures (for example "
                                          "{{\"posts_per_month\": 12, ...}}); got {kind}.",
                                          kind=type(figures).__name__), "figures")
    checked: dict[str, float] = {}
    for key in FIGURES:
        if key not in figures:
            raise CourseInputError(tr.gettext("The figure \"{name}\" is missing: the diagnosis needs it.", name=key), key)
        value = figures[key]
        if key == "monthly_revenue":
            checked[key] = validate.positive(key, value)
        elif key == "gross_margin" or (key in SPECS and SPECS[key].kind == "share"
                                       and key != "marketing_cost_ratio"):
            checked[key] = validate.rate(key, value)
        else:
            # Marketing can exceed sales in a bad month, so its ratio is not capped at 1.
            checked[key] = validate.non_negative(key, value)
    return checked


def stage_scores(metrics: tuple[Metric, ...]) -> dict[str, float]:
    """Mean ratio to benchmark per stage.

    >>> m = (Metric("a", "content", 6, 12, True), Metric("b", "content", 6000, 3000, True))
    >>> stage_scores(m)["content"]   # (0.5 + 1.5 capped) / 2
    1.0
    """
    scores = {}
    for stage in STAGES:
        ratios = [metric.ratio for metric in metrics if metric.stage == stage]
        if ratios:
            scores[stage] = sum(ratios) / len(ratios)
    return scores


def diagnose(figures: Mapping[str, object], business: str = "") -> Diagnosis:
    """Diagnose a business from its monthly figures (see the module docstring).

    >>> tea = dict(posts_per_month=16, views_per_post=3600, wecom_rate=0.12,
    ...            first_purchase_rate=0.04, repeat_share=0.22, live_gmv_share=0.20,
    ...            marketing_cost_ratio=0.12, monthly_revenue=300_000, gross_margin=0.55)
    >>> result = diagnose(tea, "tea")
    >>> round(result.scores["private_domain"], 2)   # (0.4 + 0.8 + 0.73) / 3
    0.64
    >>> result.maturity_stage, result.binding, result.lever.key
    (2, 'private_domain', 'wecom_rate')
    """
    checked = check_figures(figures)
    metrics = tuple(Metric(spec.key, spec.stage, checked[spec.key], spec.benchmark, spec.higher_is_better)
                    for spec in METRICS)
    scores = stage_scores(metrics)
    below = [index for index, stage in enumerate(STAGES) if scores[stage] < 1.0]
    maturity = below[0] + 1 if below else len(STAGES)
    binding = min(STAGES, key=lambda stage: (scores[stage], STAGES.index(stage)))
    return Diagnosis(business=str(business), figures=checked, metrics=metrics, scores=scores,
                     maturity_stage=maturity, loop_closed=not below, binding=binding)


def adjust(figures: dict, content: float = 0.0, private_domain: float = 0.0, monetisation: float = 0.0) -> dict:
    """Figures with every metric of a stage improved (or worsened) by a relative change.

    A change of +0.2 raises a higher-is-better metric by 20 % and divides a lower-is-better
    one (marketing cost) by 1.2; shares stay at or below 100 %.

    >>> changed = adjust({key: 0.6 for key in SPECS}, private_domain=1.0, monetisation=0.2)
    >>> changed["wecom_rate"], changed["marketing_cost_ratio"], changed["posts_per_month"]
    (1.0, 0.5, 0.6)
    """
    changes = dict(content=validate.number("content", content, minimum=-0.9),
                   private_domain=validate.number("private_domain", private_domain, minimum=-0.9),
                   monetisation=validate.number("monetisation", monetisation, minimum=-0.9))
    result = dict(figures)
    for key, spec in SPECS.items():
        factor = 1 + changes[spec.stage]
        value = figures[key] * factor if spec.higher_is_better else figures[key] / factor
        result[key] = min(value, 1.0) if spec.kind == "share" and spec.higher_is_better else value
    return result


MONTHLY_COLUMNS = ("posts", "avg_views_per_post", "new_followers", "wecom_adds", "mini_program_visitors",
                   "first_purchases", "active_customers", "repeat_customers", "revenue", "live_gmv",
                   "ad_spend", "coupon_cost")


def _share(part: float, whole: float) -> float:
    # No denominator means nothing flowed through the step: score the step as 0.
    return part / whole if whole > 0 else 0.0


def figures_from_monthly(monthly, gross_margin: float, months: int = 3) -> dict[str, float]:
    """The diagnosis figures of a business from its monthly table (``capstone_<business>``).

    Uses the last ``months`` rows; each rate is a ratio of totals over those months
    (not a mean of monthly ratios, which would overweight small months):

    * posts_per_month = total posts ÷ months
    * views_per_post = total views (posts × average views per post) ÷ total posts
    * wecom_rate = WeCom adds ÷ new followers (capped at 1: some adds come from
      outside Channels, and the metric asks how many followers the brand captured)
    * first_purchase_rate = first purchases ÷ Mini Program visitors
    * repeat_share = repeat customers ÷ active customers
    * live_gmv_share = live GMV ÷ revenue
    * marketing_cost_ratio = (ad spend + coupon cost) ÷ revenue
    * monthly_revenue = total revenue ÷ months
    """
    validate.frame("monthly", monthly, MONTHLY_COLUMNS)
    months = validate.whole("months", months, minimum=1)
    gross_margin = validate.rate("gross_margin", gross_margin)
    recent = monthly.tail(months)
    total = {column: float(recent[column].sum()) for column in MONTHLY_COLUMNS}
    views = float((recent["posts"] * recent["avg_views_per_post"]).sum())
    count = len(recent)
    return {
        "posts_per_month": total["posts"] / count,
        "views_per_post": _share(views, total["posts"]),
        "wecom_rate": min(_share(total["wecom_adds"], total["new_followers"]), 1.0),
        "first_purchase_rate": _share(total["first_purchases"], total["mini_program_visitors"]),
        "repeat_share": _share(total["repeat_customers"], total["active_customers"]),
        "live_gmv_share": _share(total["live_gmv"], total["revenue"]),
        "marketing_cost_ratio": _share(total["ad_spend"] + total["coupon_cost"], total["revenue"]),
        "monthly_revenue": total["revenue"] / count,
        "gross_margin": gross_margin,
    }
