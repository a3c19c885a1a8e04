"""Lesson 0 charts and explorer: the Channels timeline and the growth Tencent reported."""

from __future__ import annotations

import textwrap

import ipywidgets as widgets
import pandas as pd

from course_utils import validate
from course_utils.exhibit import new_figure
from course_utils.explorer import Explorer
from course_utils.models.network import as_date
from course_utils.messages import msg
from course_utils.render import render
from course_utils.models.timeline import (STAGE_ORDER, as_of, date_label, multiple_from_percent, period_end,
                                         stage_counts)
from course_utils.style import STAGE_COLOURS

# Confidence shown by the marker: filled = high, half = medium-to-high, hollow = medium.
MARKER_FILL = {"H": "full", "M-H": "left", "M": "none"}
# Events are printed in full, wrapped at this many characters (never cut short).
WRAP = 60
LABEL_SIZE = 9.5


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(text, WRAP, break_on_hyphens=False)) or text


def axis_span(dates) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The timeline's axis: from a quarter before the first event to the end of the last event's year.

    >>> axis_span(pd.to_datetime(["2020-01-09", "2024-12-01"]))
    (Timestamp('2019-10-01 00:00:00'), Timestamp('2024-12-31 00:00:00'))
    """
    first, last = pd.Timestamp(min(dates)), pd.Timestamp(max(dates))
    return pd.Timestamp(first.year, 1, 1) - pd.DateOffset(months=3), pd.Timestamp(last.year, 12, 31)


def quarter_ends(start: str = "2020-03-31", end: str = "2025-12-31") -> list[pd.Timestamp]:
    """The last day of every quarter from ``start`` to ``end`` (the explorer's date steps)."""
    return list(pd.date_range(start, end, freq="QE"))


def timeline_figure(milestones: pd.DataFrame, when=None, stages=STAGE_ORDER):
    """Every milestone on its own row, coloured by stage, marker fill by confidence.

    Each event is printed in full (wrapped, never cut): right of its marker in the first
    half of the axis, left of it in the second, so the axis ends with the data's last year.
    With ``when``, milestones after it are drawn grey and a dashed line marks the date.
    """
    frame = as_of(milestones, "2100-01-01", stages)
    cutoff = pd.Timestamp(when) if when is not None else None
    left, right = axis_span(frame["date"]) if len(frame) else axis_span(milestones["date"])
    middle = left + (right - left) / 2
    labels = [_wrapped(event) for event in frame["event"]]
    # A wrapped label takes more height: rows are spaced by their number of lines.
    heights = [0.65 + 0.55 * label.count("\n") for label in labels]
    rows = [sum(heights[:index]) + heights[index] / 2 for index in range(len(heights))]
    total = sum(heights)
    fig, ax = new_figure(figsize=(9.0, max(3.0, 0.32 * total + 1.6)))
    for row, label, item in zip(rows, labels, frame.itertuples(index=False)):
        later = cutoff is not None and item.date > cutoff
        colour = "#BBBBBB" if later else STAGE_COLOURS[item.stage]
        precision = getattr(item, "date_precision", "day")
        end = period_end(item.date, precision)
        if precision != "day":  # known only to the month or quarter: a bar spans the period
            ax.plot([item.date, end], [row, row], color=colour, linewidth=4, alpha=0.45, solid_capstyle="butt")
        ax.plot([item.date], [row], marker="o", markersize=8, color=colour, markeredgecolor=colour,
                fillstyle=MARKER_FILL.get(item.confidence, "none"), linestyle="none")
        on_left = item.date > middle
        # A period's label starts after its bar; a label on the left ends at its first day.
        anchor = item.date if on_left else end
        ax.annotate(label, (anchor, row), xytext=(-7 if on_left else 7, 0), textcoords="offset points",
                    ha="right" if on_left else "left", va="center", fontsize=LABEL_SIZE,
                    color="#888888" if later else "#222222", linespacing=1.1,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.6, alpha=0.85))
    # Legend entries interleaved so that, filled column by column (two rows), stages form the top row.
    for stage, (level, fill) in zip(STAGE_ORDER, MARKER_FILL.items()):
        ax.plot([], [], marker="o", linestyle="none", color=STAGE_COLOURS[stage], label=msg(f"tour.stage_{stage}"))
        ax.plot([], [], marker="o", linestyle="none", color="#555555", fillstyle=fill,
                label=msg(f"tour.confidence_{level}"))
    ax.plot([], [], color="#555555", linewidth=4, alpha=0.45, label=msg("tour.precision_span"))
    if cutoff is not None:
        ax.axvline(cutoff, color="#333333", linestyle="--", linewidth=1)
    ax.set_ylim(total + 0.1, -0.1)
    ax.set_yticks([])
    ax.set_xlim(left, right)
    dates = milestones["date"]
    title = msg("tour.timeline_title", first=min(dates).year, last=max(dates).year)
    if cutoff is not None:
        title += ", " + msg("tour.timeline_as_of", date=cutoff.strftime("%d %b %Y"))
    ax.set_title(title)
    # Below the axis, outside the plot, so the legend never sits on a label.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=4, fontsize=LABEL_SIZE)
    fig.tight_layout()
    return fig


def timeline_summary(milestones: pd.DataFrame, when, stages=STAGE_ORDER) -> str:
    """One or two sentences on what existed by ``when`` (plain text, escaped by the widget)."""
    cutoff = pd.Timestamp(when)
    counts = stage_counts(milestones, cutoff)
    lines = [msg("tour.summary_counts", date=cutoff.strftime("%d %b %Y"), **counts)]
    existing = as_of(milestones, cutoff, stages)
    if existing.empty:
        lines.append(msg("tour.summary_none"))
    else:
        latest = existing.iloc[-1]
        lines.append(msg("tour.summary_latest", event=latest["event"], source=latest["source"],
                         when=date_label(latest["date"], latest.get("date_precision", "day"))))
    return " ".join(lines)


def timeline_explorer(milestones: pd.DataFrame, number: str, when: str = "2021-12-31") -> Explorer:
    """Explorer: a date and a stage → which milestones had happened by then."""
    validate.frame("milestones", milestones, ("date", "stage", "event", "confidence", "source"))
    # The slider runs from the first quarter with an event to the end of the data's last year.
    first, last = axis_span(milestones["date"])
    steps = quarter_ends(pd.Timestamp(first.year + 1, 3, 31), last)
    default = pd.Timestamp(as_date("when", when))

    def draw(when, stage):
        stages = STAGE_ORDER if stage == "all" else (stage,)
        # The summary is text from the data file: the template escapes it.
        summary = render("tour/summary.html.j2", text=timeline_summary(milestones, when, stages))
        return timeline_figure(milestones, when, stages), summary

    controls = {
        "when": widgets.SelectionSlider(options=[(d.strftime("%b %Y"), d.strftime("%Y-%m-%d")) for d in steps],
                                        value=min(steps, key=lambda d: abs(d - default)).strftime("%Y-%m-%d"),
                                        description=msg("tour.control_date"), continuous_update=False,
                                        style={"description_width": "initial"}, layout={"width": "460px"}),
        "stage": widgets.Dropdown(options=[(msg("tour.all_stages"), "all")]
                                  + [(msg(f"tour.stage_{s}"), s) for s in STAGE_ORDER],
                                  value="all", description=msg("tour.control_stage")),
    }
    return Explorer(draw, controls, number=number, title="What existed by a date?",
                    source="Course milestones data set (compiled from the sources listed in it)",
                    note="Grey milestones had not happened yet at the chosen date.")


def _readable(metric: str) -> str:
    return metric.replace("_", " ").capitalize().replace("gmv", "GMV").replace("aov", "AOV")


def literal_reading(multiple: float | None, qualifier: str = "exactly") -> str:
    """A growth multiple in words, keeping the reported qualifier ("nearly", "more than").

    >>> literal_reading(9.0), literal_reading(3.44, "more than"), literal_reading(3.0, "nearly")
    ('9× the year before', 'more than 3.44× the year before', 'nearly 3× the year before')
    >>> literal_reading(None, "above")
    'a level, not a growth'
    """
    if multiple is None:
        return msg("tour.reading_level")
    if qualifier in ("exactly", "", None):
        return msg("tour.reading_multiple", multiple=f"{multiple:.3g}")
    return msg("tour.reading_qualified", qualifier=qualifier, multiple=f"{multiple:.3g}")


def implied_multiples(reported: pd.DataFrame) -> list[float | None]:
    """Each figure read literally as new ÷ old: +400 % → 5×, "3×" → 3×, a level (RMB) → None."""
    return [multiple_from_percent(v) if u == "percent" else (float(v) if u == "multiple" else None)
            for v, u in zip(reported["value"], reported["unit"])]


def growth_table(reported: pd.DataFrame) -> pd.DataFrame:
    """The reported figures as reported, with each growth read literally as a multiple."""
    validate.frame("reported_growth", reported,
                   ("metric", "metric_zh", "as_reported", "period", "unit", "value", "source", "confidence"))
    multiples = implied_multiples(reported)
    qualifiers = reported["qualifier"] if "qualifier" in reported else ["exactly"] * len(reported)
    return pd.DataFrame({
        "metric": [f"{_readable(m)} ({zh})" for m, zh in zip(reported["metric"], reported["metric_zh"])],
        "as reported": reported["as_reported"], "period": reported["period"],
        "read literally": [literal_reading(m, q) for m, q in zip(multiples, qualifiers)],
        "source": reported["source"], "confidence": reported["confidence"]})


def growth_figure(reported: pd.DataFrame):
    """Bar chart of the growth figures, each read literally as a multiple (new ÷ old)."""
    validate.frame("reported_growth", reported, ("metric", "value", "unit", "as_reported", "period"))
    multiples = implied_multiples(reported)
    qualifiers = reported["qualifier"] if "qualifier" in reported else ["exactly"] * len(reported)
    rows = [(f"{_readable(m)}, {p}", x, r, q) for m, p, x, r, q in
            zip(reported["metric"], reported["period"], multiples, reported["as_reported"], qualifiers)
            if x is not None]
    fig, ax = new_figure(figsize=(8.0, 0.55 * len(rows) + 1.6))
    bars = ax.barh([r[0] for r in rows][::-1], [r[1] for r in rows][::-1], color=STAGE_COLOURS["commerce"])
    for bar, (_, value, wording, qualifier) in zip(bars, rows[::-1]):
        # The bar's own label keeps the qualifier: "more than +244 %" is at least 3.44×, not 3.44×.
        key = "tour.growth_bar" if qualifier in ("exactly", "", None) else "tour.growth_bar_qualified"
        ax.text(bar.get_width() + 0.1, bar.get_y() + bar.get_height() / 2,
                msg(key, multiple=f"{value:.3g}", qualifier=qualifier, wording=wording), va="center", fontsize=8.5)
    ax.axvline(1.0, color="#333333", linewidth=1)
    ax.set_xlim(0, max(r[1] for r in rows) * 1.6)
    ax.set_xlabel(msg("tour.growth_axis"))
    ax.set_title(msg("tour.growth_title"))
    fig.tight_layout()
    return fig
