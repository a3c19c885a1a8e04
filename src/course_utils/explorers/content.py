"""Lesson 1 explorers: the creator flywheel and the social/algorithmic feed mix.

Each factory returns a :class:`~course_utils.explorer.Explorer`; the notebook cell
is one call, e.g. ``flywheel_explorer("1.2")``.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.ticker import FuncFormatter

from course_utils.exhibit import new_figure
from course_utils.explorer import Explorer
from course_utils.explorers.controls import int_slider, slider
from course_utils.i18n import Translator
from course_utils.models import feed, supply
from course_utils.render import render
from course_utils.style import PALETTE

tr = Translator("content")

BASELINE = (3.0, 0.0)  # early Channels: shoot, edit elsewhere, upload; no templates
FEED_METRICS = ("reach", "cold_start_reach", "relevance", "diversity")


def metric_label(metric: str) -> str:
    """The display name of a feed metric (``FEED_METRICS`` and ``dwell_s``)."""
    return {"reach": tr.gettext("Reach"), "cold_start_reach": tr.gettext("Cold-start reach"),
            "relevance": tr.gettext("Relevance"), "diversity": tr.gettext("Diversity"),
            "dwell_s": tr.gettext("Dwell time (s)")}[metric]


def render_flywheel(cost: float = 1.0, template_quality: float = 0.8):
    """Figure and summary for the flywheel at a cost and template quality, against early Channels."""
    current = supply.flywheel(cost, template_quality)
    base = supply.flywheel(*BASELINE)
    fig, (left, right) = new_figure(1, 2, figsize=(9.0, 3.6))
    months = current["month"]
    labels = (tr.gettext("Your setting: {cost:g} h per post, template quality {quality:.0%}", cost=float(cost),
                         quality=float(template_quality)),
              tr.gettext("Early Channels: 3 h per post, no templates"))
    for run, label, style in ((current, labels[0], "-"), (base, labels[1], "--")):
        colour = PALETTE[0] if style == "-" else "#777777"
        left.plot(months, run["creators"], style, color=colour, label=label)
        right.plot(months, 100 * run["viewers"] / supply.FlywheelParams().users, style, color=colour)
    left.set(title=tr.gettext("Creators"), xlabel=tr.gettext("Month"),
             ylabel=tr.gettext("Active creators (per 100,000 people)"))
    right.set(title=tr.gettext("Viewers"), xlabel=tr.gettext("Month"),
              ylabel=tr.gettext("Monthly viewers (% of community)"), ylim=(0, 100))
    left.set_ylim(bottom=0)
    left.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))  # a count: 30,000
    fig.legend(loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.08))
    fig.tight_layout()
    return fig, flywheel_summary(current, base, cost, template_quality)


def flywheel_summary(current, base, cost, template_quality) -> str:
    """HTML table of month-12 outcomes, setting against early Channels."""
    users = supply.FlywheelParams().users
    rows = [
        (tr.gettext("Effective cost (h/post)"), f"{supply.effective_cost(cost, template_quality):.2f}",
         f"{supply.effective_cost(*BASELINE):.2f}"),
        (tr.gettext("Creators"), f"{current['creators'][-1]:,.0f}", f"{base['creators'][-1]:,.0f}"),
        (tr.gettext("Posts per month"), f"{current['posts'][-1]:,.0f}", f"{base['posts'][-1]:,.0f}"),
        (tr.gettext("Viewers (% of community)"), f"{100 * current['viewers'][-1] / users:.0f}%",
         f"{100 * base['viewers'][-1] / users:.0f}%"),
    ]
    headline = tr.gettext("Month 12: {creators:,.0f} creators posting {posts:,.0f} posts a month, {ratio:.1f}× "
                          "early Channels.", creators=current["creators"][-1],
                          posts=current["posts"][-1], ratio=current["creators"][-1] / base["creators"][-1])
    header = [tr.gettext("Measure (month 12)"), tr.gettext("Your setting"), tr.gettext("Early Channels")]
    return render("content/summary.html.j2", headline=headline, header=header, rows=rows)


def flywheel_explorer(number: str = "1.2", cost: float = 1.0, template_quality: float = 0.8) -> Explorer:
    """Explorer: cost of creating and template quality → creators and viewers over 12 months."""
    controls = {
        "cost": slider("cost", cost, 0.5, 6.0, 0.25, tr.gettext("Cost (h/post)"), fmt=".2f"),
        "template_quality": slider("template_quality", template_quality, 0.0, 1.0, 0.1,
                                   tr.gettext("Templates"), fmt=".1f"),
    }
    return Explorer(render_flywheel, controls, number=number, title=tr.gettext("Creators and content over 12 months"),
                    source=tr.gettext("Course model (creator supply, lesson 1)"), synthetic=True)


@lru_cache(maxsize=16)
def feed_sweep(feed_size: int = 10, new_creator_boost: float = 0.0) -> tuple[dict, ...]:
    """The feed metrics at social weights 0, 0.05, ..., 1 in the lesson's world (cached)."""
    return tuple(feed.sweep(feed.default_world(), feed_size=feed_size,
                            new_creator_boost=new_creator_boost))


def render_feed(social_weight: float = 0.5, feed_size: int = 10, new_creator_boost: float = 0.0):
    """Figure and summary of the feed at one mix, with the whole range for context."""
    world = feed.default_world()
    now = feed.simulate_feed(world, social_weight, feed_size, new_creator_boost)
    curve = feed_sweep(int(feed_size), float(new_creator_boost))
    weights = [row["social_weight"] for row in curve]
    fig, (left, right) = new_figure(1, 2, figsize=(9.0, 3.6))
    for colour, metric in zip(PALETTE, FEED_METRICS):
        left.plot(weights, [row[metric] for row in curve], color=colour, label=metric_label(metric))
        left.plot([now["social_weight"]], [now[metric]], "o", color=colour)
    right.plot(weights, [row["dwell_s"] for row in curve], color=PALETTE[4])
    right.plot([now["social_weight"]], [now["dwell_s"]], "o", color=PALETTE[4],
               label=tr.gettext("your setting"))
    for axis in (left, right):
        axis.axvline(now["social_weight"], color="#999999", lw=1, ls=":")
    left.set(title=tr.gettext("Feed quality"), xlabel=tr.gettext("Social weight (0 = algorithmic, 1 = social)"),
             ylabel=tr.gettext("Share (0-1)"), ylim=(0, 1.05))
    right.set(title=tr.gettext("Dwell time"), xlabel=tr.gettext("Social weight (0 = algorithmic, 1 = social)"),
              ylabel=tr.gettext("Dwell time (seconds per user per feed)"))
    fig.legend(loc="lower center", ncol=5, bbox_to_anchor=(0.5, -0.08))
    fig.tight_layout()
    return fig, feed_summary(now, curve[-1], curve[0])


def feed_summary(now, social, algorithmic) -> str:
    """HTML table of the feed metrics at the setting, social only and algorithmic only."""
    def show(metric, value):
        return f"{value:.0f}" if metric == "dwell_s" else f"{value:.2f}"

    rows = [(metric_label(m), show(m, now[m]), show(m, social[m]), show(m, algorithmic[m]))
            for m in FEED_METRICS + ("dwell_s",)]
    headline = tr.gettext("At social weight {weight:.2f}: dwell {dwell:.0f} s per user; {cold:.0%} of new creators' "
                          "posts reach anyone.", weight=now["social_weight"], dwell=now["dwell_s"],
                          cold=now["cold_start_reach"])
    header = [tr.gettext("Metric"), tr.gettext("Your setting"), tr.gettext("Social only"),
              tr.gettext("Algorithmic only")]
    return render("content/summary.html.j2", headline=headline, header=header, rows=rows)


def feed_explorer(number: str = "1.5", social_weight: float = 0.5, feed_size: int = 10,
                  new_creator_boost: float = 0.0) -> Explorer:
    """Explorer: social/algorithmic weight, feed size and new-creator boost → feed metrics."""
    controls = {
        "social_weight": slider("social_weight", social_weight, 0.0, 1.0, 0.05, tr.gettext("Social weight"),
                                fmt=".2f"),
        "feed_size": int_slider("feed_size", feed_size, 5, 20, 1, tr.gettext("Feed size"), fmt="d"),
        "new_creator_boost": slider("new_creator_boost", new_creator_boost, 0.0, 0.2, 0.01,
                                    tr.gettext("New-creator boost"), fmt=".2f"),
    }
    return Explorer(render_feed, controls, number=number, title=tr.gettext("Social, algorithmic or mixed: what the "
                                                                           "feed mix does"),
                    source=tr.gettext("Course model (feed simulation on a seeded synthetic friend graph, lesson 1)"),
                    synthetic=True)
