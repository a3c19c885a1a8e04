"""Exhibits for lesson 3, the commerce loop: charts (matplotlib Figures, never pyplot) and the milestone table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_utils import validate
from course_utils.citations import cite_label
from course_utils.exhibit import declare, new_figure
from course_utils.i18n import Translator, language
from course_utils.models.live import SessionPnL
from course_utils.models.promotions import break_even_curve, break_even_uplift
from course_utils.models.timeline import MILESTONE_COLUMNS, STAGE_ORDER, as_of, date_label, events_in
from course_utils.style import PALETTE, white_ground

tr = Translator("commerce")

_UP, _DOWN, _TOTAL = PALETTE[0], PALETTE[3], PALETTE[2]


def _rmb(value: float) -> str:
    return f"{value:,.0f}"


def step_label(step: str) -> str:
    """A step of the session P&L (:meth:`SessionPnL.steps`) as the waterfall labels it, broken to fit a bar."""
    return {"gmv": tr.gettext("GMV"), "refunds": tr.gettext("Refunds"), "platform_fees": tr.gettext("Platform\nfees"),
            "cost_of_goods": tr.gettext("Cost of\ngoods"), "coupon_cost": tr.gettext("Coupon\ncost"),
            "ad_spend": tr.gettext("Ad spend"), "contribution": tr.gettext("Contribution")}[step]


def host_label(host: str) -> str:
    """A session's ``host`` value as the chart's legend names it."""
    return {"brand": tr.gettext("brand's own host"), "kol": tr.gettext("KOL host")}[host]


def profile_label(profile: str) -> str:
    """A scorecard profile (:data:`~course_utils.models.scorecard.PROFILES`) as the legend names it."""
    return {"article_2022": tr.gettext("Channels store as the article describes it, c. 2022 (illustration)"),
            "mature_platform": tr.gettext("A mature live-commerce platform (hypothetical)")}[profile]


def flash_label(part: str) -> str:
    """A bar of the flash-sale chart: the loss on the units, the follow-on contribution, the net."""
    return {"loss_on_units": tr.gettext("Loss on flash-\nsale units"), "follow_on": tr.gettext("Follow-on\ncontribution"),
            "net": tr.gettext("Net")}[part]


def waterfall(pnl: SessionPnL):
    """The session P&L as a waterfall: GMV, each deduction, then contribution."""
    steps = pnl.steps()
    labels = [step_label(name) for name, _ in steps] + [step_label("contribution")]
    fig, ax = new_figure(figsize=(7.4, 3.9))
    running = 0.0
    for i, (name, amount) in enumerate(steps):
        bottom = running if amount >= 0 else running + amount
        ax.bar(i, abs(amount), bottom=bottom, color=_UP if amount >= 0 else _DOWN, width=0.62)
        running += amount
        ax.annotate(_rmb(amount), (i, bottom + abs(amount)), ha="center", va="bottom", fontsize=8,
                    xytext=(0, 2), textcoords="offset points")
    contribution = pnl.contribution
    last = len(steps)
    ax.bar(last, contribution, color=_TOTAL if contribution >= 0 else _DOWN, width=0.62)
    ax.annotate(_rmb(contribution), (last, max(contribution, 0)), ha="center", va="bottom",
                fontsize=8, fontweight="bold", xytext=(0, 2), textcoords="offset points")
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(range(len(labels)), labels, rotation=0, fontsize=8)
    ax.set_ylabel(tr.gettext("RMB"))
    ax.yaxis.set_major_formatter(lambda value, _pos: _rmb(value))
    ax.set_title(tr.gettext("From GMV to contribution: {margin} of GMV is left",
                            margin=f"{pnl.contribution_margin:.0%}"))
    return fig


def uplift_chart(margin: float, discount: float):
    """Break-even uplift d / (m − d) against the discount, with the chosen point marked."""
    uplift = break_even_uplift(margin, discount)
    discounts = np.linspace(0, margin * 0.95, 120)
    fig, ax = new_figure(figsize=(7.0, 3.8))
    ax.plot(discounts * 100, break_even_curve(margin, discounts) * 100, color=_UP, linewidth=2,
            label=tr.gettext("margin {margin}: uplift = d / (m − d)", margin=f"{margin:.0%}"))
    ax.scatter([discount * 100], [uplift * 100], color=_DOWN, zorder=3, s=45)
    ax.annotate(tr.gettext("{discount} off needs +{uplift} units", discount=f"{discount:.0%}",
                           uplift=f"{uplift:.0%}"),
                (discount * 100, uplift * 100), xytext=(8, 6), textcoords="offset points",
                fontsize=9, color=_DOWN, zorder=4,
                bbox=white_ground(1.0, alpha=0.9))  # over the curve
    ax.axvline(margin * 100, color="#777777", linestyle=":", linewidth=1)
    ax.set_xlim(0, margin * 100 * 1.02)
    top = max(uplift * 100 * 1.5, 300.0)
    ax.set_ylim(0, min(top, 1000))
    ax.set_xlabel(tr.gettext("Discount, % of list price"))
    ax.set_ylabel(tr.gettext("Extra volume needed to break even, %"))
    ax.set_title(tr.gettext("Break-even volume uplift for a price discount"))
    ax.legend(loc="upper left")
    return fig


def uv_value_scatter(metrics):
    """UV value against conversion, one dot per session, coloured by host, sized by viewers."""
    fig, ax = new_figure(figsize=(7.0, 4.0))
    for colour, host in zip((PALETTE[0], PALETTE[1]), sorted(metrics["host"].unique())):
        part = metrics[metrics["host"] == host]
        sizes = 12 + 120 * part["viewers"] / metrics["viewers"].max()
        ax.scatter(part["conversion"] * 100, part["uv_value"], s=sizes, alpha=0.65, color=colour,
                   edgecolor="white", linewidth=0.5, label=host_label(host))
    ax.set_xlabel(tr.gettext("Conversion (buyers ÷ viewers), %"))
    ax.set_ylabel(tr.gettext("UV value (GMV ÷ viewers), RMB"))
    ax.set_title(tr.gettext("UV value rises with conversion; AOV sets the slope"))
    ax.legend(title=tr.gettext("Host (dot size = viewers)"), loc="upper left")
    return fig


def presale_chart(deposits: float, planned_rate: float, deposit: float, results):
    """Units left over or short as the actual final-payment rate varies around the plan."""
    rates = [r for r, _ in results]
    leftover = [p.leftover_units for _, p in results]
    short = [-p.short_units for _, p in results]
    fig, ax = new_figure(figsize=(7.0, 3.6))
    x = np.array(rates) * 100
    ax.bar(x, leftover, width=3.2, color=PALETTE[1], label=tr.gettext("units left over"))
    ax.bar(x, short, width=3.2, color=PALETTE[4], label=tr.gettext("units short"))
    ax.axvline(planned_rate * 100, color="#333333", linestyle="--", linewidth=1)
    ax.annotate(tr.gettext("plan: {rate} pay the balance", rate=f"{planned_rate:.0%}"),
                (planned_rate * 100, max(leftover) * 0.9), xytext=(4, 0), textcoords="offset points",
                fontsize=9)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xlabel(tr.gettext("Actual final-payment rate, %"))
    ax.set_ylabel(tr.gettext("Units (short shown below zero)"))
    ax.set_title(tr.gettext("{deposits} deposits of RMB {deposit}, stock planned for {rate} paying: what is left "
                            "over or short", deposits=f"{deposits:,.0f}", deposit=f"{deposit:,.0f}",
                            rate=f"{planned_rate:.0%}"))
    ax.legend(loc="lower left")
    return fig


def verdict_label(verdict: str) -> str:
    """A scorecard verdict (``models.scorecard``) in words: the article's "能用" and "好用"."""
    return {"good": tr.gettext("good to use (好用)"), "usable": tr.gettext("usable (能用)"),
            "missing": tr.gettext("missing a key feature")}[verdict]


def scorecard_chart(cards: dict):
    """Ease score of each feature (0–5) for each profile, as grouped horizontal bars."""
    names = list(cards)
    first = cards[names[0]]
    # English readers see the Chinese name beside the English one; Chinese readers need only theirs.
    labels = (list(first["feature_zh"]) if language() == "zh"
              else [f"{f} {z}" for f, z in zip(first["feature"], first["feature_zh"])])
    y = np.arange(len(labels))
    height = 0.8 / len(names)
    fig, ax = new_figure(figsize=(7.4, 4.4))
    for i, name in enumerate(names):
        ax.barh(y + i * height, cards[name]["ease"], height=height, color=PALETTE[i],
                label=profile_label(name))
    ax.axvline(4, color="#333333", linestyle="--", linewidth=1)
    ax.set_yticks(y + height * (len(names) - 1) / 2, labels, fontsize=9.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 5)
    ax.set_xlabel(tr.gettext("Ease score (0 absent … 5 good to use); dashed line = 好用 bar"))
    ax.set_title(tr.gettext("Usable (能用) or good to use (好用)? A teaching illustration"))
    # Below the axes: inside, the legend would cover the bars.
    ax.legend(loc="upper center", bbox_to_anchor=(0.35, -0.14), fontsize=9.5, ncol=1)
    return fig


def flash_sale_chart(sale):
    """The flash sale's margin cost against the follow-on contribution it brings."""
    names = ["loss_on_units", "follow_on", "net"]
    values = [-sale.loss_on_units, sale.follow_on_contribution, sale.net]
    colours = [_DOWN if v < 0 else (_TOTAL if n == "net" else _UP) for n, v in zip(names, values)]
    fig, ax = new_figure(figsize=(7.0, 3.6))
    ax.bar(range(3), values, color=colours, width=0.6)
    for i, value in enumerate(values):
        ax.annotate(_rmb(value), (i, max(value, 0)), ha="center", va="bottom", fontsize=9,
                    xytext=(0, 2), textcoords="offset points")
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(range(3), [flash_label(n) for n in names])
    ax.set_ylabel(tr.gettext("RMB"))
    ax.yaxis.set_major_formatter(lambda value, _pos: _rmb(value))
    ax.set_title(tr.gettext("A flash sale as a traffic hook: {followers} new followers",
                            followers=f"{sale.new_followers:,.0f}"))
    return fig


def when_labels(milestones: pd.DataFrame) -> pd.Series:
    """Each milestone's date at its precision (``date_precision``; "day" where the column is absent)."""
    validate.frame("milestones", milestones, ("date",))
    precision = milestones["date_precision"] if "date_precision" in milestones else ["day"] * len(milestones)
    return pd.Series([date_label(d, p) for d, p in zip(milestones["date"], precision)],
                     index=milestones.index, name="when", dtype="str")


def milestone_table(milestones: pd.DataFrame, stage: str | None = None) -> pd.DataFrame:
    """The milestones (of one ``stage``, or all) as a table: date at its precision, event, confidence, source.

    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2020-01-21", "2022-10-01"]),
    ...                       "date_precision": ["day", "quarter"], "stage": ["content", "commerce"],
    ...                       "event": ["beta", "in-feed ads"], "confidence": ["H", "H"], "source": ["a", "b"]})
    >>> milestone_table(frame, "commerce").to_dict("records")
    [{'when': 'Q4 2022', 'event': 'in-feed ads', 'confidence': 'H', 'source': 'b'}]
    """
    validate.frame("milestones", milestones, MILESTONE_COLUMNS)
    chosen = STAGE_ORDER if stage is None else (validate.one_of("stage", stage, STAGE_ORDER),)
    rows = events_in(as_of(milestones, milestones["date"].max(), chosen), language())
    table = rows.assign(when=when_labels(rows), source=rows["source"].map(cite_label))[
        ["when", "event", "confidence", "source"]]
    return declare(table, {}, {"when": tr.gettext("When"), "event": tr.gettext("Event"),
                               "confidence": tr.gettext("Confidence"), "source": tr.gettext("Source")})


# How each live-room metric prints, wherever a table shows it.
METRIC_KINDS = {"viewers": "count", "conversion": "percent", "aov": "rmb", "gmv": "rmb", "uv_value": "rmb:2",
                "gpm": "rmb", "refund_rate": "percent"}


def theme_label(theme: str) -> str:
    """A session's ``theme`` value in words."""
    return {"regular": tr.gettext("Regular session"), "new_season": tr.gettext("New season"),
            "618": tr.gettext("618 shopping festival"), "childrens_day": tr.gettext("Children's Day"),
            "double11": tr.gettext("Double 11"), "spring_festival": tr.gettext("Spring Festival")}[theme]


def channel_label(channel: str) -> str:
    """An order's sales ``channel`` value in words."""
    return {"channels_live": tr.gettext("Channels live"), "channels_video": tr.gettext("Channels videos"),
            "mini_program": tr.gettext("Mini Program"), "wecom_group": tr.gettext("WeCom groups"),
            "official_account": tr.gettext("Official Account")}[channel]


def metric_column_labels() -> dict:
    """The header of each column of ``live.metrics_by`` (keyed by column id)."""
    return {"theme": tr.gettext("Theme"), "host": tr.gettext("Host"), "sessions": tr.gettext("Sessions"),
            "views": tr.gettext("Views"), "viewers": tr.gettext("Viewers"), "orders": tr.gettext("Orders"),
            "buyers": tr.gettext("Buyers"), "gmv": tr.gettext("GMV"), "refund_amount": tr.gettext("Refunds"),
            "conversion": tr.gettext("Conversion"), "aov": tr.gettext("Average order value"),
            "uv_value": tr.gettext("UV value (GMV per viewer)"), "gpm": tr.gettext("GPM (GMV per 1,000 views)"),
            "refund_rate": tr.gettext("Refund rate")}


# The columns whose values are ids shown in words, and how.
_VALUE_LABELS = {"theme": theme_label, "host": host_label, "channel": channel_label}


def _values_in_words(view: pd.DataFrame) -> pd.DataFrame:
    for column, label in _VALUE_LABELS.items():
        if column in view.columns:
            view[column] = [label(value) for value in view[column]]
    return view


def metrics_view(table: pd.DataFrame, columns) -> pd.DataFrame:
    """``live.metrics_by``'s ``columns`` for a table exhibit (counts, RMB and rates printed as such, ids in words)."""
    columns = list(columns)
    table = validate.frame("table", table, columns)
    labels = metric_column_labels()
    return declare(_values_in_words(table[columns].copy()),
                   {key: kind for key, kind in METRIC_KINDS.items() if key in columns},
                   {key: label for key, label in labels.items() if key in columns})


def coupon_view(summary: pd.DataFrame) -> pd.DataFrame:
    """``promotions.coupon_summary`` for a table exhibit: sales and cost in RMB, ROI as a multiple."""
    validate.frame("summary", summary, ["coupon_orders", "coupon_sales", "discount_cost", "roi"])
    labels = {"channel": tr.gettext("Sales channel"), "coupon_orders": tr.gettext("Coupon orders"),
              "coupon_sales": tr.gettext("Coupon-order sales"), "discount_cost": tr.gettext("Discount cost"),
              "roi": tr.gettext("Coupon ROI")}
    return declare(_values_in_words(summary.copy()), {"coupon_sales": "rmb", "discount_cost": "rmb", "roi": "times:1"},
                   {key: label for key, label in labels.items() if key in summary.columns})
