"""Lesson 2's static charts: routes over time, cohort retention, touch points.

Each function returns a matplotlib Figure made with ``new_figure()``; the
lesson wraps it with ``exhibit(...)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import colormaps

from course_utils import validate
from course_utils.citations import cite_label
from course_utils.cjk import WECHAT_NAMES
from course_utils.exhibit import declare, new_figure
from course_utils.i18n import Translator
from course_utils.models import network as nm
from course_utils.style import PALETTE, STAGE_COLOURS

tr = Translator("hub")


def component_english(node: str) -> str:
    """The English name of a WeChat component (a message: other languages translate it)."""
    return {"search": tr.gettext("Search"), "moments": tr.gettext("Moments"), "channels": tr.gettext("Channels"),
            "live": tr.gettext("Live"), "official_accounts": tr.gettext("Official Accounts"),
            "wecom": tr.gettext("WeCom"), "groups": tr.gettext("Groups"), "mini_programs": tr.gettext("Mini Programs"),
            "channels_store": tr.gettext("Channels Store"), "pay": tr.gettext("WeChat Pay")}[node]


def _name_once(node: str) -> str | None:
    """The name alone where the course language already names the component in Chinese, else None."""
    english = component_english(node)
    return english if english == WECHAT_NAMES[node] else None


def component_name(node: str) -> str:
    """The component's name in English and Chinese on one line: "Search 搜一搜"; once where they are the same."""
    return _name_once(node) or tr.gettext("{english} {chinese}", english=component_english(node),
                                          chinese=WECHAT_NAMES[node])


def component_label(node: str) -> str:
    """The component's name in English and Chinese on two lines (a node of the network)."""
    return _name_once(node) or tr.gettext("{english}\n{chinese}", english=component_english(node),
                                          chinese=WECHAT_NAMES[node])


def route_label(route) -> str:
    """A route to a purchase in words, one name per component: "Search → Official Accounts → WeChat Pay"."""
    return " → ".join(component_english(node) for node in route)


def link_label(key: str) -> str:
    """What a link of the network lets a user do (``network.LINK_KEYS``)."""
    return {
        "mp_pay": tr.gettext("Mini Program shops take payment through WeChat Pay"),
        "oa_mp": tr.gettext("Official Account posts and menus open Mini Programs"),
        "oa_wecom": tr.gettext("Official Accounts show the brand's WeCom contact"),
        "wecom_groups": tr.gettext("WeCom contacts are invited into customer groups"),
        "wecom_mp": tr.gettext("WeCom chats share Mini Program cards"),
        "groups_mp": tr.gettext("Groups share Mini Program cards"),
        "search_oa": tr.gettext("Search returns Official Account articles"),
        "search_mp": tr.gettext("Search returns Mini Programs"),
        "moments_oa": tr.gettext("Friends share Official Account articles in Moments"),
        "ch_oa": tr.gettext("A Channels post links an Official Account article"),
        "moments_ch": tr.gettext("Friends share Channels posts in Moments"),
        "ch_groups": tr.gettext("Channels posts are forwarded into chats and groups"),
        "groups_ch": tr.gettext("Group members open forwarded Channels posts"),
        "search_ch": tr.gettext("Search returns Channels posts"),
        "oa_ch": tr.gettext("Channels videos embedded in Official Account posts"),
        "ch_mp": tr.gettext("Shop links on Channels profiles open a Mini Program shop"),
        "ch_live": tr.gettext("Channels live streaming (beta)"),
        "live_mp": tr.gettext("Live rooms sell from a connected Mini Program (coupons, flash sales, pre-sales)"),
        "groups_live": tr.gettext("Live previews and links shared in groups"),
        "live_wecom": tr.gettext("Live viewers join the brand's WeCom groups"),
        "live_pay_tip": tr.gettext("Viewers tip streamers through WeChat Pay (a payment, not a purchase)"),
        "ch_wecom": tr.gettext("Channels profiles show the brand's WeCom contact"),
        "ch_store": tr.gettext("Channels Store: buy without leaving Channels"),
        "store_pay": tr.gettext("Channels Store checkout through WeChat Pay"),
        "live_store": tr.gettext("Live rooms sell Channels Store products"),
    }[key]


def step_label(step: str) -> str:
    """The display name of a funnel step, in English and Chinese ("View 播放")."""
    return {"view": tr.gettext("View 播放"), "follow": tr.gettext("Follow 关注"),
            "add_wecom": tr.gettext("Add WeCom 加企微"), "join_group": tr.gettext("Join group 入群"),
            "first_purchase": tr.gettext("First purchase 首单"), "repurchase": tr.gettext("Repurchase 复购")}[step]


def segment_label(segment: str) -> str:
    """The display name of a private-domain segment (``repurchase.touchpoint_segment``)."""
    return {"neither": tr.gettext("Neither touch point"), "wecom_only": tr.gettext("Added WeCom only"),
            "group": tr.gettext("Joined a group")}[segment]


def scenario_label(scenario: str) -> str:
    """The display name of a touch-point scenario (``repurchase`` scenarios)."""
    return {"today": tr.gettext("Today's mix of touch points"),
            "every_wecom_adder_joins_a_group": tr.gettext("Every buyer with a touch point joins a group"),
            "every_buyer_joins_a_group": tr.gettext("Every buyer joins a group")}[scenario]


def basis_label(basis: str) -> str:
    """A link's basis (``network.FACT`` or ``network.ASSUMPTION``) in words."""
    return {nm.FACT: tr.gettext("fact sheet"), nm.ASSUMPTION: tr.gettext("teaching assumption")}[basis]


def routes_over_time(days: list[str] | None = None) -> tuple[object, pd.DataFrame]:
    """Routes to a purchase and Channels' betweenness on each link date; the figure and its table."""
    days = days or sorted({link.date.isoformat() for link in nm.LINKS} | {"2022-12-31"})
    rows = []
    for day in days:
        summary = nm.hub_summary(day)
        rows.append({"date": pd.Timestamp(day), "routes": summary["routes"],
                     "via_private": summary["via_private"],
                     "channels_betweenness": summary["channels_betweenness"],
                     "channels_rank": summary["channels_rank"]})
    table = pd.DataFrame(rows)
    fig, ax = new_figure(figsize=(8.0, 3.6))
    ax.step(table["date"], table["routes"], where="post", color=STAGE_COLOURS["hub"], linewidth=2,
            label=tr.gettext("Routes from a public-domain view to a purchase"))
    ax.step(table["date"], table["via_private"], where="post", color=PALETTE[0], linestyle="--",
            label=tr.gettext("of which through the private domain"))
    ax.set_ylabel(tr.gettext("Routes"))
    twin = ax.twinx()
    twin.plot(table["date"], table["channels_betweenness"], "o", color=PALETTE[3],
              label=tr.gettext("Channels' betweenness (right axis)"))
    twin.set_ylabel(tr.gettext("Betweenness centrality"))
    twin.set_ylim(0, 0.3)
    twin.grid(False)
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper left")
    return fig, table


def retention_heatmap(table: pd.DataFrame):
    """Cohort retention as a heat map (rows: cohorts; columns: months since the first order)."""
    validate.frame("table", table, [0])
    shares = table[[column for column in table.columns if column != "cohort_size"]]
    fig, ax = new_figure(figsize=(8.5, 4.6))
    values = shares.to_numpy(dtype=float)
    # Months not yet observed stay white, so they never read as zero retention.
    cmap = colormaps["YlGn"].with_extremes(bad="#FFFFFF")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=0.4, aspect="auto")
    for row in range(values.shape[0]):
        for col in range(1, values.shape[1]):
            if not np.isnan(values[row, col]):
                ax.text(col, row, f"{values[row, col]:.0%}", ha="center", va="center", fontsize=8,
                        color="white" if values[row, col] > 0.28 else "#222222")
        ax.text(0, row, "100%", ha="center", va="center", fontsize=8, color="white")
    ax.set_xticks(range(values.shape[1]), [str(col) for col in shares.columns])
    ax.set_yticks(range(values.shape[0]), list(shares.index))
    ax.set_xlabel(tr.gettext("Months since the first order"))
    ax.set_ylabel(tr.gettext("Cohort (month of first order)"))
    ax.grid(False)
    colour_bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colour_bar.set_label(tr.gettext("Share of the cohort ordering that month"))
    colour_bar.ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:.0%}")  # as the cells are labelled
    return fig


def touchpoint_bars(table: pd.DataFrame, current: float, target: float):
    """Repurchase rate by private-domain segment, against today's rate and a target."""
    validate.frame("table", table, ["segment", "repurchase_rate", "customers"])
    labels = [tr.gettext("{segment}\n(n = {count:,})", segment=segment_label(segment), count=count)
              for segment, count in zip(table["segment"], table["customers"])]
    fig, ax = new_figure(figsize=(7.5, 3.6))
    ax.bar(labels, table["repurchase_rate"], color=[PALETTE[5], PALETTE[0], STAGE_COLOURS["hub"]])
    for x, value in enumerate(table["repurchase_rate"]):
        ax.annotate(f"{value:.1%}", (x, value), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.axhline(current, color="#333333", linewidth=1.2, label=tr.gettext("All customers today: {rate}",
                                                                         rate=f"{current:.1%}"))
    ax.axhline(target, color=PALETTE[3], linestyle="--", linewidth=1.5,
               label=tr.gettext("\"Double\" target: {rate}", rate=f"{target:.1%}"))
    ax.set_ylim(0, 1.0)
    ax.set_ylabel(tr.gettext("Repurchase rate (customer-based)"))
    ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:.0%}")
    # Below the axes: inside, the legend would sit on the target line, which can be anywhere up to 100 %.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    return fig


def link_table() -> pd.DataFrame:
    """Every link of the network with its date, basis, confidence and source (for a table exhibit)."""
    return pd.DataFrame([{
        tr.pgettext("table column", "Date"): link.date.isoformat()[:7 if link.month_only else 10],
        tr.pgettext("table column", "From"): component_name(link.source),
        tr.pgettext("table column", "To"): component_name(link.target),
        tr.pgettext("table column", "What it lets a user do"): link_label(link.key),
        tr.pgettext("table column", "Basis"): basis_label(link.basis),
        tr.pgettext("table column", "Confidence"): link.confidence,
        tr.pgettext("table column", "Source"): basis_label(link.citation) if link.citation == nm.ASSUMPTION
        else cite_label(link.citation),
    } for link in sorted(nm.LINKS, key=lambda link: (link.date, link.key))])


def scenario_view(scenarios: pd.DataFrame, target: float) -> pd.DataFrame:
    """Touch-point scenarios for a table exhibit, with the gap to ``target`` in points."""
    validate.frame("scenarios", scenarios, ["scenario", "wecom_share", "group_share", "repurchase_rate"])
    target = validate.rate("target", min(target, 1.0))
    view = pd.DataFrame({
        "scenario": [scenario_label(key) for key in scenarios["scenario"]],
        "wecom_share": scenarios["wecom_share"], "group_share": scenarios["group_share"],
        "repurchase_rate": scenarios["repurchase_rate"],
        # From the rates as printed (one decimal), so 91.3% less 45.6% reads 45.7, not 45.6.
        "gap": [round(target * 100, 1) - round(rate * 100, 1) for rate in scenarios["repurchase_rate"]],
    })
    return declare(view, {"wecom_share": "percent:0", "group_share": "percent:0", "repurchase_rate": "percent",
                          "gap": "number:1"},
                   {"scenario": tr.gettext("Scenario (segment rates as observed)"), "wecom_share": tr.gettext("Buyers with a touch point (WeCom or a group)"),
                    "group_share": tr.gettext("Of those, in a group"), "repurchase_rate": tr.gettext("Overall repurchase rate"),
                    "gap": tr.gettext("Short of the doubled rate (pts)")})


def doubling_view(table: pd.DataFrame) -> pd.DataFrame:
    """``funnel.doubling_table`` for a table exhibit."""
    validate.frame("table", table, ["step", "rate", "needed", "feasible"])
    view = pd.DataFrame({
        "step": [step_label(step) for step in table["step"]],
        "rate": table["rate"], "needed": table["needed"],
        "feasible": [tr.gettext("yes") if ok else tr.gettext("no") for ok in table["feasible"]],
    })
    return declare(view, {"rate": "percent:0", "needed": "percent:0"},
                   {"step": tr.gettext("Step (this one alone changes)"), "rate": tr.gettext("Rate today"),
                    "needed": tr.gettext("Rate needed to double repeat customers"), "feasible": tr.gettext("Possible (≤ 100%)?")})


def funnel_view(table: pd.DataFrame) -> pd.DataFrame:
    """``funnel.funnel_table`` for a table exhibit (no rate shown for the first step)."""
    validate.frame("table", table, ["step", "step_rate", "people", "share_of_views", "lost"])
    view = pd.DataFrame({"step": [step_label(step) for step in table["step"]],
                         **{column: table[column] for column in ("step_rate", "people", "share_of_views", "lost")}})
    return declare(view, {"step_rate": "percent:0", "people": "count", "share_of_views": "percent:2",
                          "lost": "count"},
                   {"step": tr.gettext("Step"), "step_rate": tr.gettext("Step rate"),
                    "people": tr.gettext("People"), "share_of_views": tr.gettext("Share of views"),
                    "lost": tr.gettext("Lost at this step")})


def gains_view(gains: pd.DataFrame) -> pd.DataFrame:
    """``funnel.step_gains`` for a table exhibit: steps named, rates in percent, outcome and gain to one decimal."""
    validate.frame("gains", gains, ["step", "rate", "new_rate", "outcome", "gain"])
    view = gains.copy()
    view["step"] = [step_label(step) for step in view["step"]]
    return declare(view, {"rate": "percent:0", "new_rate": "percent:0", "outcome": "number:1", "gain": "signed:1"},
                   {"step": tr.gettext("Step improved"), "rate": tr.gettext("Rate today"),
                    "new_rate": tr.gettext("Improved rate"), "outcome": tr.gettext("Outcome after the change"),
                    "gain": tr.gettext("Gain over today")})


def touchpoint_view(table: pd.DataFrame) -> pd.DataFrame:
    """``repurchase.touchpoint_repurchase`` for a table exhibit (segments named)."""
    validate.frame("table", table, ["segment", "customers", "repeat_customers", "share", "repurchase_rate",
                                    "lift_pts"])
    view = table.copy()
    # The segment the lifts are measured from has none of its own: a dash, not "+0.0 pts".
    view["lift_pts"] = view["lift_pts"].where(view["segment"] != "neither")
    view["segment"] = [segment_label(segment) for segment in view["segment"]]
    return declare(view, {"customers": "count", "repeat_customers": "count", "share": "percent:0",
                          "repurchase_rate": "percent", "lift_pts": "points"},
                   {"segment": tr.gettext("Touch point"), "customers": tr.gettext("Customers"),
                    "repeat_customers": tr.gettext("Repeat customers"), "share": tr.gettext("Share of customers"),
                    "repurchase_rate": tr.gettext("Repurchase rate"),
                    "lift_pts": tr.gettext("Lift over neither touch point")})
