"""The names learners read for the diagnosis's stages, metrics and figures, and how its numbers are
written (Lesson 4 and the app).

One place for every label the lesson's charts, reports, explorers and plan and the
business diagnosis app show, so that a stage or a metric is called the same everywhere.
It sits with the models because the plan (:mod:`course_utils.models.plan`) writes stage
and metric names into its actions, and a model may not import ``course_utils.figures``.
Each function builds its table of messages when called, so the names come in the course
language of that moment:

>>> stage_name("private_domain"), stage_short_name("private_domain")
('Private domain (私域)', 'Private domain')
>>> metric_short_name("posts_per_month"), figure_label("monthly_revenue")
('Posts / month', 'Monthly revenue (RMB)')
>>> from course_utils.i18n import using_language
>>> with using_language("zh"):
...     stage_name("private_domain"), metric_short_name("repeat_share")
('私域', '复购占比')
"""

from __future__ import annotations

from course_utils.i18n import Translator
from course_utils.models.diagnosis import FIGURES, SPECS

tr = Translator("diagnosis")

PERCENT_FIGURES = tuple(key for key in FIGURES if key in SPECS and SPECS[key].kind == "share") + ("gross_margin",)


def stage_name(stage: str) -> str:
    """A stage of the maturity model, with its Chinese term in English text: "Content supply (内容供给)"."""
    return {"content": tr.gettext("Content supply (内容供给)"),
            "private_domain": tr.gettext("Private domain (私域)"),
            "monetisation": tr.gettext("Monetisation (变现)")}[stage]


def stage_short_name(stage: str) -> str:
    """A stage as a chart or a table labels it: "Content supply"."""
    return {"content": tr.gettext("Content supply"),
            "private_domain": tr.gettext("Private domain"),
            "monetisation": tr.gettext("Monetisation")}[stage]


def metric_name(key: str) -> str:
    """A metric with its definition: "WeCom add rate (WeCom adds ÷ new followers)"."""
    return {"posts_per_month": tr.gettext("Posts per month"),
            "views_per_post": tr.gettext("Views per post"),
            "wecom_rate": tr.gettext("WeCom add rate (WeCom adds ÷ new followers)"),
            "first_purchase_rate": tr.gettext("First-purchase rate (first purchases ÷ Mini Program visitors)"),
            "repeat_share": tr.gettext("Repeat share (repeat customers ÷ active customers)"),
            "live_gmv_share": tr.gettext("Live GMV share (live GMV ÷ revenue)"),
            "marketing_cost_ratio": tr.gettext("Marketing cost ratio ((ads + coupons) ÷ revenue; lower is better)"),
            }[key]


def metric_short_name(key: str) -> str:
    """A metric as a chart axis or a plan row names it: "WeCom add rate"."""
    return {"posts_per_month": tr.gettext("Posts / month"),
            "views_per_post": tr.gettext("Views per post"),
            "wecom_rate": tr.gettext("WeCom add rate"),
            "first_purchase_rate": tr.gettext("First-purchase rate"),
            "repeat_share": tr.gettext("Repeat share"),
            "live_gmv_share": tr.gettext("Live GMV share"),
            "marketing_cost_ratio": tr.gettext("Marketing cost ratio")}[key]


def figure_label(key: str) -> str:
    """Any figure a diagnosis reads: a metric (:func:`metric_name`), the monthly revenue or the gross margin."""
    money = {"monthly_revenue": tr.gettext("Monthly revenue (RMB)"), "gross_margin": tr.gettext("Gross margin")}
    return money[key] if key in money else metric_name(key)


def entry_label(key: str) -> str:
    """A figure as the box a learner types it in is labelled: the name without its definition."""
    return {"posts_per_month": tr.gettext("Posts per month"),
            "views_per_post": tr.gettext("Views per post"),
            "wecom_rate": tr.gettext("WeCom add rate"),
            "first_purchase_rate": tr.gettext("First-purchase rate"),
            "repeat_share": tr.gettext("Repeat share"),
            "live_gmv_share": tr.gettext("Live GMV share"),
            "marketing_cost_ratio": tr.gettext("Marketing cost ratio"),
            "monthly_revenue": tr.gettext("Monthly revenue"),
            "gross_margin": tr.gettext("Gross margin")}[key]


def shown(key: str, value: float) -> str:
    """A figure as printed: shares in percent, money in RMB, counts (views, posts per
    month, even where they are averages over months) as whole numbers, except an average
    under 10, which keeps one decimal: 5.3 posts a month is 0.44 of the benchmark of 12,
    and "5" would not let a reader check that.

    >>> shown("views_per_post", 1485.8), shown("posts_per_month", 44.67), shown("wecom_rate", 0.033)
    ('1,486', '45', '3.3%')
    >>> shown("posts_per_month", 5.33), shown("posts_per_month", 8.0), shown("posts_per_month", 12.0)
    ('5.3', '8', '12')
    """
    if key in PERCENT_FIGURES:
        return f"{value:.1%}"
    if key == "monthly_revenue":
        return f"RMB {value:,.0f}"
    if value < 10 and round(value, 1) != round(value):
        return f"{value:.1f}"
    return f"{value:,.0f}"


def shown_pair(key: str, before: float, after: float) -> tuple[str, str]:
    """Two values of a figure printed so that different values never print alike.

    >>> shown_pair("live_gmv_share", 0.004, 0.0044)
    ('0.40%', '0.44%')
    """
    texts = shown(key, before), shown(key, after)
    for places in (1, 2, 3):
        if texts[0] != texts[1] or before == after:
            break
        spec = f".{1 + places}%" if key in PERCENT_FIGURES else f",.{places}f"
        texts = format(before, spec), format(after, spec)
    return texts
