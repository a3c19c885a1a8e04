"""The benchmark chart: the merchant's business beside the three case businesses."""

from __future__ import annotations

import numpy as np

from course_utils.app.results import CASES, Result, case, case_diagnosis, run
from course_utils.exhibit import figure_png, new_figure
from course_utils.i18n import Translator, using_language
from course_utils.models.diagnosis import METRICS, RATIO_CAP
from course_utils.models.diagnosis_labels import metric_short_name
from course_utils.style import PALETTE, apply_style

tr = Translator("app")

CASE_COLOURS = ("#9DB7CF", "#E3C48F", "#A8D5C2")  # muted: the merchant's own bars stand out


def benchmark_figure(result: Result):
    """Each metric's ratio to its benchmark (1 = at benchmark) for the business and the three cases."""
    series = [(result.name, result.diagnosis, PALETTE[3])]
    # A case business shown as itself is not drawn a second time beside itself.
    series += [(case(key).name, case_diagnosis(key), colour) for key, colour in zip(CASES, CASE_COLOURS)
               if case(key).name != result.name]
    labels = [metric_short_name(spec.key) for spec in METRICS]
    fig, ax = new_figure(figsize=(8.0, 4.6))
    positions = np.arange(len(labels))[::-1]
    height = 0.8 / len(series)
    for index, (name, diagnosis, colour) in enumerate(series):
        ratios = [metric.ratio for metric in diagnosis.metrics]
        ax.barh(positions + (len(series) / 2 - index - 0.5) * height, ratios, height=height * 0.95,
                color=colour, label=name, edgecolor="#000000" if index == 0 else colour,
                linewidth=0.8 if index == 0 else 0)
    ax.axvline(1.0, color="#333333", linestyle="--", linewidth=1)
    ax.text(1.0, len(labels) - 0.45, tr.gettext("benchmark"), ha="center", va="bottom", fontsize=8)
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, RATIO_CAP + 0.05)
    ax.set_xlabel(tr.gettext("Ratio to benchmark (1 = at benchmark, capped at 1.5)"))
    ax.set_title(tr.gettext("{business} beside the case businesses", business=result.name), loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.text(0.01, 0.005, tr.gettext("Case businesses: synthetic data. Benchmarks: illustrative teaching "
                                     "assumptions."), fontsize=7.5, color="#555555", style="italic", va="bottom")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def benchmark_png(result: Result) -> bytes:
    return figure_png(benchmark_figure(result))


def warm_up() -> None:
    """Draw the page's first chart (a case business diagnosed, in Chinese and in English) and throw it
    away: the app's kernel template runs this once (:mod:`course_utils.app.kernels`), so each visitor's
    kernel, forked from it, has the fonts and the case businesses loaded and draws its first chart
    about half a second sooner. matplotlib's settings are restored after it.
    """
    import matplotlib as mpl

    first = case(CASES[0])
    for lang in ("zh", "en"):
        with using_language(lang), mpl.rc_context():
            apply_style()
            benchmark_png(run(first.name, first.table, first.gross_margin))
