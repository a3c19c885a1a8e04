"""Charts for the capstone diagnosis (Lesson 4): stage scores and the plan's projection."""

from __future__ import annotations

from matplotlib.ticker import FuncFormatter

from course_utils.exhibit import new_figure
from course_utils.i18n import Translator
from course_utils.models.diagnosis import RATIO_CAP, STAGES, Diagnosis
from course_utils.models.diagnosis_labels import metric_short_name, stage_short_name
from course_utils.style import PALETTE, STAGE_COLOURS, white_ground

tr = Translator("diagnosis")

# The maturity model's stages drawn in the colours of the course's platform stages.
COLOURS = {"content": STAGE_COLOURS["content"], "private_domain": STAGE_COLOURS["hub"],
           "monetisation": STAGE_COLOURS["commerce"]}


def diagnosis_figure(diagnosis: Diagnosis):
    """Left: the three stage scores; right: every metric's ratio to its benchmark."""
    fig, (left, right) = new_figure(1, 2, figsize=(9.0, 3.8), gridspec_kw={"width_ratios": [1, 1.6]})
    names = [stage_short_name(stage) for stage in STAGES]
    scores = [diagnosis.scores[stage] for stage in STAGES]
    bars = left.barh(names[::-1], scores[::-1], color=[COLOURS[s] for s in STAGES][::-1])
    for bar, stage in zip(bars, STAGES[::-1]):
        text = f"{diagnosis.scores[stage]:.2f}"
        if stage == diagnosis.binding:
            bar.set_edgecolor("#000000")
            bar.set_linewidth(2)
            text = tr.gettext("{score:.2f}  (binding)", score=diagnosis.scores[stage])
        # A white ground wide enough to part the dashed benchmark line: a score under 1 puts its label across it.
        left.text(bar.get_width() + 0.06, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=9,
                  zorder=3, bbox=white_ground(3.0))
    left.axvline(1.0, color="#333333", linestyle="--", linewidth=1)
    left.set_xlim(0, RATIO_CAP + 0.45)
    left.set_title(tr.gettext("Stage scores (1.0 = at benchmark)"))
    metrics = list(diagnosis.metrics)[::-1]
    labels = [metric_short_name(metric.key) for metric in metrics]
    right.barh(labels, [metric.ratio for metric in metrics], color=[COLOURS[m.stage] for m in metrics],
               alpha=0.85)
    # The axis label names the dashed line: a legend inside the axes would sit on the bars.
    right.axvline(1.0, color="#333333", linestyle="--", linewidth=1)
    right.set_xlim(0, RATIO_CAP + 0.05)
    right.set_xlabel(tr.gettext("Ratio to benchmark (capped at 1.5); dashed line = benchmark"))
    right.set_title(tr.gettext("Each metric against its benchmark"))
    fig.suptitle(tr.gettext("Diagnosis: {business}", business=diagnosis.business), fontsize=11, x=0.01, ha="left")
    fig.tight_layout()
    return fig


def projection_figure(paths: dict, chosen: str, business: str):
    """Monthly contribution run-rate by week, one line per stage worked on; ``chosen`` in bold."""
    fig, ax = new_figure(figsize=(7.5, 3.8))
    others = [stage for stage in STAGES if stage != chosen]
    for stage in STAGES:
        path = paths[stage]
        bold = stage == chosen
        # The other stages' dashes interleave (each starts where the other's gap does), so two plans
        # that give the same path both show, in alternating colours, rather than one hiding the other.
        dashes = "-" if bold else (3 * others.index(stage), (3, 3))
        ax.plot(range(len(path)), path, color=COLOURS[stage], linewidth=2.8 if bold else 1.3,
                linestyle=dashes, label=tr.gettext("Work on {stage}", stage=stage_short_name(stage)))
    # End values, the chosen stage's first: lines that end at one value get one label, not a smudge of
    # two, in the stage's colour when one line ends there and in the ink's when several do.
    ends = [f"{paths[stage][-1]:,.0f}" for stage in STAGES]
    labelled = set()
    for stage in sorted(STAGES, key=lambda stage: stage != chosen):
        path, end = paths[stage], f"{paths[stage][-1]:,.0f}"
        if end not in labelled:
            labelled.add(end)
            ax.annotate(end, (len(path) - 1, path[-1]), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=8, color=COLOURS[stage] if ends.count(end) == 1 else PALETTE[7], zorder=4,
                        bbox=white_ground())
    # Today's level, as far as the plan's last week: further, it would run through the end labels.
    ax.hlines(paths[chosen][0], 0, len(paths[chosen]) - 1, color=PALETTE[7], linewidth=0.8, alpha=0.6)
    ax.set_xlabel(tr.gettext("Week of the plan"))
    ax.set_ylabel(tr.gettext("RMB per month"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_title(tr.gettext("Monthly contribution run-rate over the 90 days: {business}", business=business))
    ax.set_xlim(0, len(paths[chosen]) + 1.5)
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig
