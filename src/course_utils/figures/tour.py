"""Lesson 0's static exhibits: the Channels timeline, its summary line, and the growth Tencent reported.

The explorer in :mod:`course_utils.explorers.tour` draws :func:`timeline_figure` for the
date it is set to; the lesson shows the growth table and chart on their own.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from course_utils import validate
from course_utils.citations import cite_label
from course_utils.cjk import HAN_CHAR, NO_LINE_END, NO_LINE_START
from course_utils.exhibit import new_figure
from course_utils.i18n import Translator, language
from course_utils.models.timeline import (STAGE_ORDER, as_of, date_label, events_in, implied_multiples, period_end,
                                          stage_counts)
from course_utils.style import STAGE_COLOURS, white_ground

tr = Translator("tour")

# Confidence shown by the marker: filled = high, half = medium-to-high, hollow = medium.
MARKER_FILL = {"H": "full", "M-H": "left", "M": "none"}
# Events are printed in full, wrapped at this many characters (never cut short).
WRAP = 60
# About how many label characters the axis holds across (9.5-point text on the 9-inch figure): a label
# left of its marker is wrapped narrower where a full line would run past the axis's start.
ACROSS = 95
LABEL_SIZE = 9.5


def stage_label(stage: str) -> str:
    """The display name of a stage of Channels' history."""
    return {"content": tr.gettext("Content (内容)"), "hub": tr.gettext("Ecosystem hub (生态枢纽)"),
            "commerce": tr.gettext("Commerce (商业化)")}[stage]


def confidence_label(level: str) -> str:
    """A fact-sheet confidence grade in words, for the timeline's legend."""
    return {"H": tr.gettext("high confidence"), "M": tr.gettext("medium confidence"),
            "M-H": tr.gettext("medium-to-high confidence")}[level]


def _in_number(before: str, after: str) -> bool:
    """Whether a line may not break between these two characters of a number (400%, 2,000, 1.5) or
    of a Latin word (GMV, PRO)."""
    if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
        return True
    return (before.isdigit() and (after.isdigit() or after in "%.,")) or (before in ".," and after.isdigit())


def _chinese(text: str) -> bool:
    """Whether a label is written in Chinese: at least half its characters (spaces aside) are, where an
    English label names a Chinese term or two (秒剪) among many more Latin letters."""
    shown = text.replace(" ", "")
    return bool(shown) and 2 * len(HAN_CHAR.findall(shown)) >= len(shown)


# Where a Chinese label reads best broken: after its punctuation or at a space.
SOFT_ENDS = "，、；：。！？） "


def _wrapped(text: str, wrap: int = WRAP) -> str:
    """A label wrapped to the timeline's width; Chinese (no spaces, each character twice as wide)
    is cut every WRAP / 2 characters, never before closing punctuation and never inside a number,
    and a little earlier where that puts the break after a comma or a space, not inside a word.

    >>> [len(line) for line in _wrapped("视" * 70).splitlines()]
    [30, 30, 10]
    >>> _wrapped("视" * 30 + "，下方").splitlines()
    ['视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视，', '下方']
    >>> _wrapped("视" * 27 + "增长400%，总量").splitlines()  # the number moves to the next line whole
    ['视视视视视视视视视视视视视视视视视视视视视视视视视视视增长', '400%，总量']
    >>> _wrapped("视" * 29 + "（超 8 倍）").splitlines()  # and an opening bracket with what it opens
    ['视视视视视视视视视视视视视视视视视视视视视视视视视视视视视', '（超 8 倍）']
    >>> _wrapped("视" * 26 + "直播带货 GMV 增长").splitlines()  # a Latin word whole; no line starts with a space
    ['视视视视视视视视视视视视视视视视视视视视视视视视视视直播带货', 'GMV 增长']
    >>> _wrapped("视" * 22 + "，入口位于朋友圈下方").splitlines()  # after the comma, not in 朋友圈
    ['视视视视视视视视视视视视视视视视视视视视视视，', '入口位于朋友圈下方']
    """
    if _chinese(text):
        width, lines = wrap // 2, []
        while len(text) > width:
            cut = width
            while cut < len(text) and text[cut] in NO_LINE_START:
                cut += 1
            start = cut
            while start > 1 and (_in_number(text[start - 1], text[start]) or text[start - 1] in NO_LINE_END):
                start -= 1  # a number moves to the next line whole, and an opening bracket with what it opens
            cut = start if start > width // 2 else cut
            # Better still after a comma, a colon or a space in the line's second half, not inside a word.
            soft = [i for i in range(max(1, width // 2), cut) if text[i - 1] in SOFT_ENDS
                    and text[i] not in NO_LINE_START]
            cut = soft[-1] if soft else cut
            lines.append(text[:cut].rstrip(" "))
            text = text[cut:].lstrip(" ")
        return "\n".join(lines + [text] if text else lines)
    return "\n".join(textwrap.wrap(text, wrap, break_on_hyphens=False)) or text


def axis_span(dates) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The timeline's axis: from a quarter before the first event to the end of the last event's year.

    >>> axis_span(pd.to_datetime(["2020-01-09", "2024-12-01"]))
    (Timestamp('2019-10-01 00:00:00'), Timestamp('2024-12-31 00:00:00'))
    """
    first, last = pd.Timestamp(min(dates)), pd.Timestamp(max(dates))
    return pd.Timestamp(first.year, 1, 1) - pd.DateOffset(months=3), pd.Timestamp(last.year, 12, 31)


def timeline_figure(milestones: pd.DataFrame, when=None, stages=STAGE_ORDER):
    """Every milestone on its own row, coloured by stage, marker fill by confidence.

    Each event is printed in full (wrapped, never cut): right of its marker in the first
    half of the axis, left of it in the second, so the axis ends with the data's last year.
    With ``when``, milestones after it are drawn grey and a dashed line marks the date.
    """
    frame = events_in(as_of(milestones, "2100-01-01", stages), language())
    cutoff = pd.Timestamp(when) if when is not None else None
    left, right = axis_span(frame["date"]) if len(frame) else axis_span(milestones["date"])
    middle = left + (right - left) / 2
    # Right of its marker in the first half of the axis, left of it in the second (see above).
    room = [(date - left) / (right - left) * ACROSS - 4 for date in frame["date"]]
    labels = [_wrapped(event, min(WRAP, int(space)) if date > middle else WRAP)
              for event, date, space in zip(frame["event"], frame["date"], room)]
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
                    bbox=white_ground(0.6), zorder=4)  # over the date line
    # Legend entries interleaved so that, filled column by column (two rows), stages form the top row.
    for stage, (level, fill) in zip(STAGE_ORDER, MARKER_FILL.items()):
        ax.plot([], [], marker="o", linestyle="none", color=STAGE_COLOURS[stage], label=stage_label(stage))
        ax.plot([], [], marker="o", linestyle="none", color="#555555", fillstyle=fill,
                label=confidence_label(level))
    ax.plot([], [], color="#555555", linewidth=4, alpha=0.45, label=tr.gettext("date known to the month or quarter "
                                                                               "(bar spans it)"))
    if cutoff is not None:
        ax.axvline(cutoff, color="#333333", linestyle="--", linewidth=1)
    ax.set_ylim(total + 0.1, -0.1)
    ax.set_yticks([])
    ax.set_xlim(left, right)
    dates = milestones["date"]
    first, last = min(dates).year, max(dates).year
    ax.set_title(tr.gettext("WeChat Channels (视频号) milestones, {first}–{last}", first=first, last=last)
                 if cutoff is None else
                 tr.gettext("WeChat Channels (视频号) milestones, {first}–{last}, as of {date}", first=first, last=last,
                            date=date_label(cutoff, "day")))
    # Below the axis, outside the plot, so the legend never sits on a label.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=4, fontsize=LABEL_SIZE)
    fig.tight_layout()
    return fig


def timeline_summary(milestones: pd.DataFrame, when, stages=STAGE_ORDER) -> str:
    """One or two sentences on what existed by ``when`` (plain text, escaped by the widget)."""
    cutoff = pd.Timestamp(when)
    lines = [_counts_line(milestones, cutoff)]
    existing = events_in(as_of(milestones, cutoff, stages), language())
    if existing.empty:
        lines.append(tr.gettext("No milestone of this stage had happened yet."))
    else:
        latest = existing.iloc[-1]
        # Date and source first: an event may end in brackets of its own ("(early October)").
        lines.append(tr.gettext("Latest ({when}; {source}): {event}.", event=latest["event"],
                                source=cite_label(latest["source"]),
                                when=date_label(latest["date"], latest.get("date_precision", "day"))))
    # Two sentences side by side: Chinese sets them without a space (its catalogue says so).
    return tr.pgettext("two sentences side by side", "{first} {second}", first=lines[0], second=lines[1])


def _counts_line(milestones: pd.DataFrame, when) -> str:
    return tr.gettext("By {date}: {content} content, {hub} ecosystem-hub and {commerce} commerce milestones "
                      "recorded.", date=date_label(when, "day"), **stage_counts(milestones, when))


def _readable(metric: str) -> str:
    return metric.replace("_", " ").capitalize().replace("gmv", "GMV").replace("aov", "AOV")


def metric_label(metric: str, chinese: str) -> str:
    """A reported metric: "Total views (总播放量)" in English; its Chinese name alone in Chinese."""
    return chinese if language() == "zh" else f"{_readable(metric)} ({chinese})"


def qualifier_label(qualifier: str) -> str:
    """How a figure was phrased ("nearly", "more than", "above"), in the course language."""
    return {"nearly": tr.pgettext("growth qualifier", "nearly"),
            "more than": tr.pgettext("growth qualifier", "more than"),  # i18n: not translated (the key: a data value)
            "above": tr.pgettext("growth qualifier", "above")}.get(qualifier, qualifier)


def literal_reading(multiple: float | None, qualifier: str = "exactly") -> str:
    """A growth multiple in words, keeping the reported qualifier ("nearly", "more than").

    >>> literal_reading(9.0), literal_reading(3.44, "more than"), literal_reading(3.0, "nearly")
    ('9× the year before', 'more than 3.44× the year before', 'nearly 3× the year before')
    >>> literal_reading(None, "above")
    'a level, not a growth'
    """
    if multiple is None:
        return tr.gettext("a level, not a growth")
    if qualifier in ("exactly", "", None):
        return tr.gettext("{multiple}× the year before", multiple=f"{multiple:.3g}")
    return tr.gettext("{qualifier} {multiple}× the year before", qualifier=qualifier_label(qualifier),
                      multiple=f"{multiple:.3g}")


def growth_table(reported: pd.DataFrame) -> pd.DataFrame:
    """The reported figures as reported, with each growth read literally as a multiple."""
    validate.frame("reported_growth", reported,
                   ("metric", "metric_zh", "as_reported", "period", "unit", "value", "source", "confidence"))
    multiples = implied_multiples(reported)
    qualifiers = reported["qualifier"] if "qualifier" in reported else ["exactly"] * len(reported)
    return pd.DataFrame({
        tr.pgettext("table column", "Metric"): [metric_label(m, zh)
                                                for m, zh in zip(reported["metric"], reported["metric_zh"])],
        tr.pgettext("table column", "As reported"): reported["as_reported"],
        tr.pgettext("table column", "Period"): reported["period"],
        tr.pgettext("table column", "Read literally"): [literal_reading(m, q) for m, q in zip(multiples, qualifiers)],
        tr.pgettext("table column", "Source"): reported["source"].map(cite_label),
        tr.pgettext("table column", "Confidence"): reported["confidence"]})


def growth_figure(reported: pd.DataFrame):
    """Bar chart of the growth figures, each read literally as a multiple (new ÷ old)."""
    validate.frame("reported_growth", reported, ("metric", "value", "unit", "as_reported", "period"))
    multiples = implied_multiples(reported)
    qualifiers = reported["qualifier"] if "qualifier" in reported else ["exactly"] * len(reported)
    # Each bar is named in the course language: the metric's Chinese name in Chinese.
    names = (reported["metric_zh"] if language() == "zh" and "metric_zh" in reported
             else reported["metric"].map(_readable))
    rows = [(tr.gettext("{metric}, {period}", metric=name, period=p), x, r, q) for name, p, x, r, q in
            zip(names, reported["period"], multiples, reported["as_reported"], qualifiers)
            if x is not None]
    fig, ax = new_figure(figsize=(8.0, 0.55 * len(rows) + 1.6))
    bars = ax.barh([r[0] for r in rows][::-1], [r[1] for r in rows][::-1], color=STAGE_COLOURS["commerce"])
    for bar, (_, value, wording, qualifier) in zip(bars, rows[::-1]):
        # The bar's own label keeps the qualifier: "more than +244 %" is at least 3.44×, not 3.44×.
        text = (tr.gettext("{multiple}× (“{wording}”)", multiple=f"{value:.3g}", wording=wording)
                if qualifier in ("exactly", "", None) else
                tr.gettext("{qualifier} {multiple}× (“{wording}”)", qualifier=qualifier_label(qualifier),
                           multiple=f"{value:.3g}", wording=wording))
        ax.text(bar.get_width() + 0.1, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=8.5)
    ax.axvline(1.0, color="#333333", linewidth=1)
    ax.set_xlim(0, max(r[1] for r in rows) * 1.6)
    ax.set_xlabel(tr.gettext("New value ÷ old value (×)"))
    ax.set_title(tr.gettext("Growth of Channels as Tencent reported it, read literally"))
    fig.tight_layout()
    return fig
