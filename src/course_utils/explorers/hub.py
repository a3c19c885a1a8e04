"""Lesson 2's explorers: the component network and the private-domain funnel.

Each factory returns a :class:`~course_utils.explorer.Explorer`; the notebook
cell is one call, e.g. ``network_explorer("2.3")``. The ``render_*`` functions
are the explorers' drawings, usable on their own for a static exhibit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator

from course_utils.exhibit import new_figure
from course_utils.explorer import Explorer
from course_utils.explorers.controls import multi_select, selection_slider, settings, slider, toggle_buttons
from course_utils.figures.hub import component_label, component_name, link_label, step_label
from course_utils.i18n import Translator
from course_utils.models import funnel as fm
from course_utils.models import network as nm
from course_utils.models.timeline import date_label as month_label
from course_utils.render import render
from course_utils.style import PALETTE, STAGE_COLOURS, white_ground

tr = Translator("hub")

# Channels at the centre, the other components on a ring whose order keeps every
# link between two ring components at most three places apart, so no link line
# crosses the centre; fixed, so the picture is the same on every redraw.
RING = ("search", "moments", "channels_store", "pay", "live", "groups", "mini_programs", "wecom",
        "official_accounts")
POSITIONS = {"channels": (0.0, 0.0), **{
    node: (round(2.5 * math.cos(math.radians(130 - 40 * i)), 4), round(2.0 * math.sin(math.radians(130 - 40 * i)), 4))
    for i, node in enumerate(RING)}}
DATES = (("date_beta", "2020-01-22"), ("date_oct2020", "2020-10-01"),
         ("date_end2020", "2020-12-31"), ("date_open_class", "2022-01-06"), ("date_store", "2022-07-21"))
DEFAULT_RATES = {"follow": 0.04, "add_wecom": 0.25, "join_group": 0.5, "first_purchase": 0.2, "repurchase": 0.3}


def date_label(key: str) -> str:
    """The event a date of the network slider stands for (a key of ``DATES``)."""
    return {"date_beta": tr.gettext("internal beta"), "date_oct2020": tr.gettext("live, shop links and embeds"),
            "date_end2020": tr.gettext("end of 2020"), "date_open_class": tr.gettext("Open Class PRO"),
            "date_store": tr.gettext("Channels Store")}[key]


def legend_label(style: str) -> str:
    """The network legend's words for a style of link line."""
    return {"fact": tr.gettext("link on the fact sheet"), "assumption": tr.gettext("link or date a teaching assumption"),
            "absent": tr.gettext("not yet possible, or switched off"),
            "tip": tr.gettext("tipping: a payment, not a purchase")}[style]


def mode_label(mode: str) -> str:
    """The uplift toggle's words for a mode (``funnel.MODES``)."""
    return {"points": tr.gettext("+ points"), "relative": tr.gettext("+ % of rate")}[mode]


def objective_label(objective: str) -> str:
    """The name of an outcome the funnel improves (``funnel.OBJECTIVES``)."""
    return {"repeat_customers": tr.gettext("Repeat customers"), "profit": tr.gettext("Gross profit")}[objective]


def gain_axis_label(objective: str) -> str:
    """The gain chart's axis label for an outcome."""
    return {"repeat_customers": tr.gettext("Extra repeat customers"),
            "profit": tr.gettext("Extra gross profit (RMB)")}[objective]


def _summary(headline: str, rows: list[tuple[str, str]]) -> str:
    return render("hub/summary.html.j2", headline=headline, rows=rows)


def render_network(as_of: object = "2022-07-21", switched_off: Iterable[str] = ()):
    """The network as of a date (explorer 1's drawing) and its summary HTML."""
    summary = nm.hub_summary(as_of, switched_off)
    graph = nm.hub_graph(as_of, switched_off)
    fig, (ax, bars) = new_figure(1, 2, figsize=(10.0, 5.2), gridspec_kw={"width_ratios": [2.4, 1]})
    present = set(graph.edges)
    by_style = {"fact": [], "assumption": [], "absent": [], "tip": []}
    for link in nm.LINKS:
        edge = (link.source, link.target)
        style = ("absent" if edge not in present else "tip" if not link.purchase
                 else "fact" if link.basis == nm.FACT else "assumption")
        by_style[style].append(edge)
    full = nx.DiGraph(edge for style in by_style.values() for edge in style)
    full.add_nodes_from(nm.COMPONENTS)
    scores = summary["centrality"]
    # Node area grows with betweenness, so the hub is visibly the biggest circle.
    sizes = [1700 + 9000 * scores[node]["betweenness"] for node in nm.COMPONENTS]
    looks = {"fact": ("#333333", "solid", 1.6), "assumption": (PALETTE[0], "dashed", 1.3),
             "absent": ("#DDDDDD", "dotted", 1.0), "tip": (PALETTE[1], "dashdot", 1.3)}
    for style, (colour, line, width) in looks.items():
        if by_style[style]:
            nx.draw_networkx_edges(full, POSITIONS, edgelist=by_style[style], ax=ax, edge_color=colour,
                                   style=line, width=width, arrowsize=11, node_size=sizes,
                                   nodelist=list(nm.COMPONENTS),
                                   connectionstyle="arc3,rad=0.08")
    colours = [STAGE_COLOURS["hub"] if node == "channels" else "#F2F2F2" if graph.degree(node) == 0
               else "#CFE3F1" for node in nm.COMPONENTS]
    nx.draw_networkx_nodes(graph, POSITIONS, nodelist=list(nm.COMPONENTS), node_color=colours,
                           node_size=sizes, edgecolors="#555555", linewidths=0.8, ax=ax)
    # On a white ground: a long name runs past its circle, and neither an arrow nor the hub's dark green
    # may cross it.
    nx.draw_networkx_labels(graph, POSITIONS, labels={n: component_label(n) for n in nm.COMPONENTS},
                            font_size=10, ax=ax, font_family=None,
                            bbox=white_ground(0.2, alpha=0.7, rounded=True))
    event = dict((day, key) for key, day in DATES).get(summary["as_of"].isoformat())
    shown = month_label(summary["as_of"], "day")  # "21 Jul 2022" / "2022年7月21日", as the lesson writes dates
    ax.set_title(tr.gettext("Components linked as of {date} ({event})", date=shown, event=date_label(event))
                 if event else tr.gettext("Components linked as of {date}", date=shown))
    # Arrows drawn by networkx carry no legend labels, so the legend uses plain line proxies.
    handles = [Line2D([], [], color=colour, linestyle=line, linewidth=width, label=legend_label(style))
               for style, (colour, line, width) in looks.items()]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=10)
    ax.set_xlim(-3.4, 3.2)   # room for the outer labels at print size
    ax.set_ylim(-2.45, 2.45)
    ax.axis("off")
    order = sorted(nm.COMPONENTS, key=lambda node: scores[node]["betweenness"])
    bars.barh([component_name(node) for node in order],
              [scores[node]["betweenness"] for node in order],
              color=[STAGE_COLOURS["hub"] if node == "channels" else "#9DBFD8" for node in order])
    bars.set_xlabel(tr.gettext("Betweenness centrality"))
    bars.set_title(tr.gettext("Who sits between the others"))
    # Ticks at 10 pt as the names: drawn 10 inches wide, the chart prints at two thirds of its size.
    bars.tick_params(axis="both", labelsize=10)
    bars.set_xlim(0, 0.3)
    fig.subplots_adjust(left=0.02, right=0.98, wspace=0.45, bottom=0.16)
    rows = [(tr.gettext("Routes from a public-domain view to a purchase"), str(summary["routes"])),
            (tr.gettext("of which through Channels"), str(summary["via_channels"])),
            (tr.gettext("of which through the private domain (Official Accounts, WeCom, groups)"), str(summary["via_private"])),
            (tr.gettext("Links in place"), str(summary["links"])),
            (tr.gettext("Channels' degree centrality"), f"{summary['channels_degree']:.2f}"),
            (tr.gettext("Channels' betweenness centrality"), f"{summary['channels_betweenness']:.3f}"),
            (tr.gettext("Channels' rank by betweenness"), str(summary["channels_rank"]))]
    headline = tr.gettext("As of {date}: {routes} routes to a purchase; Channels ranks {rank} of {n} components by "
                          "betweenness.", date=month_label(summary["as_of"], "day"), routes=summary["routes"],
                          rank=summary["channels_rank"], n=len(nm.COMPONENTS))
    return fig, _summary(headline, rows)


def network_explorer(number: str = "2.3", *, as_of: str = DATES[0][1]) -> Explorer:
    """Explorer 1: a date slider and link switches → routes to a purchase and centrality.

    The slider starts at the first date, so each step to the right adds links; its labels
    are short ("Jan 2020") so the readout is never cut off, and the chart's title names the event.
    """
    date = selection_slider("as_of", as_of,
                            [(month_label(day, "month"), day) for _, day in DATES],
                            tr.gettext("Network as of"), width="420px")
    off = multi_select([(link_label(link.key), link.key) for link in nm.LINKS],
                       tr.gettext("Links off"), rows=6, width="560px")
    return Explorer(render_network, {"as_of": date, "switched_off": off}, number=number,
                    title=tr.gettext("WeChat's components as a network: routes to a purchase and Channels' "
                                     "centrality"),
                    source=tr.gettext("Course model of WeChat components; dated links from Zhitong Finance, Jan "
                                      "2020; China Daily, 7 Jan 2022; KrASIA, Jan 2022; SCMP, 13 Oct 2020; "
                                      "PingWest, Jul 2022; links marked dashed are teaching assumptions"))


def _uplift_text(uplift: float, mode: str) -> str:
    return (tr.gettext("+{points:.1f} pts", points=uplift * 100) if mode == "points"
            else tr.gettext("+{share:.1%} of the rate", share=uplift))


def render_funnel(views: float = 100_000, uplift: float = 0.01, mode: str = "points",
                  objective: str = "repeat_customers", **rates: float):
    """The funnel and the gain from improving each step (explorer 2's drawing) and its summary."""
    table = fm.funnel_table(views, **rates)
    gains = fm.step_gains(views, rates, uplift=uplift, mode=mode, objective=objective)
    best = fm.best_steps(gains)
    # 9.5 inches: printed across the book's 6.6-inch column, its 9-point labels still read at 6.4 points.
    fig, (left, right) = new_figure(1, 2, figsize=(9.5, 4.2), gridspec_kw={"width_ratios": [1.3, 1]})
    labels = [step_label(step) for step in table["step"]]
    people = table["people"].tolist()
    left.barh(labels[::-1], [max(p, 0.5) for p in people[::-1]], color=STAGE_COLOURS["hub"])
    left.set_xscale("log")
    left.set_xlim(0.5, max(people[0], 1) * 40)
    rates_shown = [""] + [f"  ({rate:.1%})" for rate in table["step_rate"].iloc[1:]]
    for y, (count, rate) in enumerate(zip(people[::-1], rates_shown[::-1])):
        left.annotate(f"{count:,.0f}{rate}", (max(count, 0.5), y), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=9)
    # At most five labelled decades: "100,000" and "1,000,000" side by side run into each other.
    left.xaxis.set_major_locator(LogLocator(base=10, numticks=5))
    left.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}" if value >= 1 else ""))
    left.set_xlabel(tr.gettext("People (log scale)"))
    left.set_title(tr.gettext("From {views:,} views to {repeat:,.0f} repeat customers", views=int(views),
                              repeat=people[-1]))
    step_labels = [step_label(step) for step in gains["step"]]
    right.barh(step_labels[::-1], gains["gain"].tolist()[::-1],
               color=[PALETTE[3] if step in best else "#B8B8B8" for step in gains["step"][::-1]])
    right.set_xlabel(gain_axis_label(objective))
    # One title per mode: a relative uplift reads differently from a points one (in Chinese especially).
    right.set_title(tr.gettext("Gain from +{points:.1f} pts at one step", points=uplift * 100) if mode == "points"
                    else tr.gettext("Gain from raising one step by {share:.1%} of its rate", share=uplift))
    fig.subplots_adjust(left=0.15, right=0.97, wspace=0.6)
    leak = table.set_index("step").loc[fm.biggest_leak(table)]
    best_text = (tr.gettext("none (no step can improve the outcome)") if not best else step_label(best[0]) if len(best) == 1
                 else tr.gettext("tied: {steps}", steps=tr.gettext(", ").join(step_label(step) for step in best)))
    gain = float(gains["gain"].max())
    # Whole people where the gain is large; one decimal below 10, where rounding would hide it.
    gain_text = ((f"{gain:,.0f}" if gain >= 10 else f"{gain:,.1f}") if objective == "repeat_customers"
                 else tr.gettext("RMB {amount:,.0f}", amount=gain))
    rows = [(tr.gettext("First-time buyers"), f"{people[-2]:,.0f}"),
            (tr.gettext("Repeat customers"), f"{people[-1]:,.0f}"),
            (tr.gettext("Biggest leak (people lost)"), tr.gettext("{step}: {lost}", step=step_label(leak.name),
                                                                  lost=f"{leak['lost']:,.0f}")),
            (tr.gettext("Step worth improving first"), best_text),
            (tr.gettext("Gain from improving it"), gain_text)]
    if not best:
        headline = tr.gettext("No single step can improve the outcome at these settings.")
    elif objective == "repeat_customers":
        headline = tr.gettext("Improve {best} first: the same {uplift} there adds {gain} repeat customers.",
                              best=best_text, uplift=_uplift_text(uplift, mode), gain=gain_text)
    else:
        headline = tr.gettext("Improve {best} first: the same {uplift} there adds {gain} of gross profit.",
                              best=best_text, uplift=_uplift_text(uplift, mode), gain=gain_text)
    return fig, _summary(headline, rows)


def funnel_explorer(number: str = "2.5", *, views: int = 100_000, rates: dict | None = None) -> Explorer:
    """Explorer 2: step rates and an uplift → people at each step, leakage, the step worth improving first."""
    start = fm.step_rates(**{**DEFAULT_RATES, **settings("rates", rates, fm.RATE_STEPS)})
    # These sliders follow a drag as it happens: the funnel redraws fast enough.
    controls = {step: slider(step, start[step], 0.0, 1.0, 0.005, step_label(step), fmt=".1%",
                             label_width="130px", width="340px", continuous_update=True)
                for step in fm.RATE_STEPS}
    controls["uplift"] = slider("uplift", 0.01, 0.0, 0.2, 0.005, tr.gettext("Uplift"), fmt=".1%",
                                label_width="130px", width="340px", continuous_update=True)
    controls["mode"] = toggle_buttons("mode", "points", [(mode_label(m), m) for m in fm.MODES],
                                      tr.gettext("Uplift as"))
    controls["objective"] = toggle_buttons("objective", "repeat_customers",
                                           [(objective_label(o), o) for o in fm.OBJECTIVES],
                                           tr.gettext("Outcome"))

    def draw(**values):
        return render_funnel(views=views, **values)

    return Explorer(draw, controls, number=number,
                    title=tr.gettext("The private-domain funnel: leakage and the step worth improving first"),
                    source=tr.gettext("Course model (funnel.py); step rates, AOV RMB 150 and 40% gross margin are "
                                      "teaching assumptions"), synthetic=True,
                    settings_text=lambda uplift, mode, **_rest: {"uplift": _uplift_text(uplift, mode)})
