"""Static exhibits of lesson 1: charts (participation curve, dwell/cold-start frontier) and tables.

Each chart returns a matplotlib Figure made with ``new_figure()``; the notebook wraps
it in ``exhibit(...)``. Each table declares how its columns print (``table_exhibit``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_utils import validate
from course_utils.exhibit import declare, new_figure
from course_utils.i18n import Translator
from course_utils.models import supply
from course_utils.models.posts import Fit
from course_utils.style import PALETTE

tr = Translator("content")


def participation_chart(benefit: float = 0.0, spread: float = 0.8, qualities=(0.0, 0.5, 1.0)):
    """Share who post against the cost of creating, for several template qualities."""
    costs = np.linspace(0, 6, 121)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    for colour, quality in zip(PALETTE, qualities):
        hours = costs * (1 - supply.FlywheelParams().template_saving * quality)
        ax.plot(costs, 100 * supply.participation(hours, benefit, spread), color=colour,
                label=tr.gettext("Template quality {quality:.0%}", quality=quality))
    ax.set(xlabel=tr.gettext("Cost of creating (hours per post)"), ylabel=tr.gettext("Share of people who post (%)"),
           ylim=(0, None), xlim=(0, 6))
    ax.legend()
    fig.tight_layout()
    return fig


def frontier_chart(curve):
    """Dwell time against cold-start reach along the social weight (one point per weight)."""
    fig, ax = new_figure(figsize=(7.0, 3.6))
    x = [row["cold_start_reach"] for row in curve]
    y = [row["dwell_s"] for row in curve]
    ax.plot(x, y, "-o", color=PALETTE[0], ms=4)
    for row in curve[::4]:
        ax.annotate(tr.gettext("w = {weight:.1f}", weight=row["social_weight"]),
                    (row["cold_start_reach"], row["dwell_s"]), textcoords="offset points",
                    xytext=(6, 4), fontsize=8)
    ax.set(xlabel=tr.gettext("Cold-start reach (share of new creators' posts shown to anyone)"), ylabel=tr.gettext("Dwell time (seconds per user per feed)"), xlim=(-0.05, 1.1))
    fig.tight_layout()
    return fig


def feature_view(table: pd.DataFrame) -> pd.DataFrame:
    """``posts.feature_table`` for a table exhibit: mean and median completion in percent."""
    validate.frame("table", table, ["mean_completion", "median_completion"])
    return declare(table.copy(), {"mean_completion": "percent", "median_completion": "percent"})


def fit_view(fit: Fit) -> pd.DataFrame:
    """A least-squares fit's coefficient table for a table exhibit."""
    validate.frame("fit.table", getattr(fit, "table", None), ["coef", "std_error", "t"])
    return declare(fit.table.copy(), {"coef": "signed:3", "std_error": "number:3", "t": "number:1"})
