"""Lesson 2's static charts: routes over time, cohort retention, touch points.

Each function returns a matplotlib Figure made with ``new_figure()``; the
lesson wraps it with ``exhibit(...)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import colormaps

from course_utils import validate
from course_utils.exhibit import declare, new_figure
from course_utils.i18n import Translator
from course_utils.messages import msg
from course_utils.models import network as nm
from course_utils.style import PALETTE, STAGE_COLOURS

tr = Translator("hub")

SEGMENT_KEYS = {"neither": "segment_neither", "wecom_only": "segment_wecom_only", "group": "segment_group"}


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
                ax.text(col, row, f"{values[row, col]:.0%}", ha="center", va="center", fontsize=7,
                        color="white" if values[row, col] > 0.28 else "#222222")
        ax.text(0, row, "100%", ha="center", va="center", fontsize=7, color="white")
    ax.set_xticks(range(values.shape[1]), [str(col) for col in shares.columns])
    ax.set_yticks(range(values.shape[0]), list(shares.index))
    ax.set_xlabel(tr.gettext("Months since the first order"))
    ax.set_ylabel(tr.gettext("Cohort (month of first order)"))
    ax.grid(False)
    colour_bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colour_bar.set_label(tr.gettext("Share of the cohort ordering that month"))
    return fig


def touchpoint_bars(table: pd.DataFrame, current: float, target: float):
    """Repurchase rate by private-domain segment, against today's rate and a target."""
    validate.frame("table", table, ["segment", "repurchase_rate", "customers"])
    labels = [f"{msg('lesson02.' + SEGMENT_KEYS[segment])}\n(n = {count:,})"
              for segment, count in zip(table["segment"], table["customers"])]
    fig, ax = new_figure(figsize=(7.5, 3.6))
    ax.bar(labels, table["repurchase_rate"], color=[PALETTE[5], PALETTE[0], STAGE_COLOURS["hub"]])
    for x, value in enumerate(table["repurchase_rate"]):
        ax.annotate(f"{value:.1%}", (x, value), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.axhline(current, color="#333333", linewidth=1.2, label=tr.gettext("All customers today: {rate}", rate=f"{current:.1%}"))
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
        "date": link.date.isoformat(),
        "from": msg(f"lesson02.component_{link.source}"),
        "to": msg(f"lesson02.component_{link.target}"),
        "what it lets a user do": msg(f"lesson02.link_{link.key}"),
        "basis": link.basis,
        "confidence": link.confidence,
        "source": link.citation,
    } for link in sorted(nm.LINKS, key=lambda link: (link.date, link.key))])


def scenario_view(scenarios: pd.DataFrame, target: float) -> pd.DataFrame:
    """Touch-point scenarios for a table exhibit, with the gap to ``target`` in points."""
    validate.frame("scenarios", scenarios, ["scenario", "wecom_share", "group_share", "repurchase_rate"])
    target = validate.rate("target", min(target, 1.0))
    view = pd.DataFrame({
        "scenario": [msg(f"lesson02.scenario_{key}") for key in scenarios["scenario"]],
        "wecom_share": scenarios["wecom_share"], "group_share": scenarios["group_share"],
        "repurchase_rate": scenarios["repurchase_rate"],
        "gap": [(target - rate) * 100 for rate in scenarios["repurchase_rate"]],
    })
    return declare(view, {"wecom_share": "percent:0", "group_share": "percent:0", "repurchase_rate": "percent",
                          "gap": "number:1"},
                   {"scenario": tr.gettext("Scenario (segment rates as observed)"), "wecom_share": tr.gettext("Buyers who add WeCom"),
                    "group_share": tr.gettext("WeCom adders who join a group"), "repurchase_rate": tr.gettext("Overall repurchase rate"),
                    "gap": tr.gettext("Short of the doubled rate (pts)")})


def doubling_view(table: pd.DataFrame) -> pd.DataFrame:
    """``funnel.doubling_table`` for a table exhibit."""
    validate.frame("table", table, ["step", "rate", "needed", "feasible"])
    view = pd.DataFrame({
        "step": [msg(f"lesson02.step_{step}") for step in table["step"]],
        "rate": table["rate"], "needed": table["needed"],
        "feasible": [tr.gettext("yes") if ok else tr.gettext("no") for ok in table["feasible"]],
    })
    return declare(view, {"rate": "percent:0", "needed": "percent:0"},
                   {"step": tr.gettext("Step (this one alone changes)"), "rate": tr.gettext("Rate today"),
                    "needed": tr.gettext("Rate needed to double repeat customers"), "feasible": tr.gettext("Possible (≤ 100%)?")})


def funnel_view(table: pd.DataFrame) -> pd.DataFrame:
    """``funnel.funnel_table`` for a table exhibit (no rate shown for the first step)."""
    validate.frame("table", table, ["step", "step_rate", "people", "share_of_views", "lost"])
    view = pd.DataFrame({"step": [msg(f"lesson02.step_{step}") for step in table["step"]],
                         **{column: table[column] for column in ("step_rate", "people", "share_of_views", "lost")}})
    return declare(view, {"step_rate": "percent:0", "people": "count", "share_of_views": "percent:2",
                          "lost": "count"},
                   {"step": tr.gettext("Step"), "step_rate": tr.gettext("Step rate"),
                    "people": tr.gettext("People"), "share_of_views": tr.gettext("Share of views"),
                    "lost": tr.gettext("Lost at this step")})


def gains_view(gains: pd.DataFrame) -> pd.DataFrame:
    """``funnel.step_gains`` for a table exhibit: rates in percent, outcome and gain to one decimal."""
    validate.frame("gains", gains, ["rate", "new_rate", "outcome", "gain"])
    return declare(gains.copy(), {"rate": "percent:0", "new_rate": "percent:0", "outcome": "number:1",
                                  "gain": "signed:1"})


def touchpoint_view(table: pd.DataFrame) -> pd.DataFrame:
    """``repurchase.touchpoint_repurchase`` for a table exhibit."""
    validate.frame("table", table, ["customers", "repeat_customers", "share", "repurchase_rate", "lift_pts"])
    return declare(table.copy(), {"customers": "count", "repeat_customers": "count", "share": "percent:0",
                                  "repurchase_rate": "percent", "lift_pts": "points"})
