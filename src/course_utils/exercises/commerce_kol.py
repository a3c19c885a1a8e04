"""Lesson 3's KOL tasks (3.6 to 3.8): what a KOL-hosted session is worth, overall and like for like.

The sessions of :data:`HOSTED` give each theme a different mix of hosts, so that the known
mistakes (totals for means, GMV for contribution, the wrong weights, themes with one kind
of host kept in) each give a number of their own and the feedback can name them.
"""

from __future__ import annotations

import math

from course_utils.exercises.calling import LearnerError, call
from course_utils.exercises.casekit import Case, number_feedback, with_hint
from course_utils.exercises.expected import recorded
from course_utils.exercises.task import Task
from course_utils.i18n import Translator

tr = Translator("commerce")


def hosted_frame(rows: list[tuple] | None = None):
    """Sessions with ``host``, ``theme`` and the P&L columns; KOLs host more of the big campaign sessions."""
    import pandas as pd

    rows = rows if rows is not None else HOSTED
    return pd.DataFrame(rows, columns=["host", "theme", "gmv", "refund_amount", "coupon_cost", "ad_spend"]).assign(
        session_id=lambda frame: [f"S{n}" for n in range(1, len(frame) + 1)])


# Themes of different sizes, so that weighting by KOL sessions, by all sessions or by the KOL share
# of a theme gives three different answers; spring_festival has two sessions but one kind of host.
HOSTED = [("brand", "regular", 10_000.0, 500.0, 300.0, 0.0), ("brand", "regular", 12_000.0, 600.0, 400.0, 1_000.0),
          ("brand", "regular", 9_000.0, 300.0, 200.0, 500.0),
          ("brand", "double11", 40_000.0, 2_000.0, 2_000.0, 5_000.0),
          ("kol", "regular", 16_000.0, 1_500.0, 500.0, 0.0), ("kol", "double11", 50_000.0, 4_000.0, 3_000.0, 8_000.0),
          ("kol", "double11", 60_000.0, 5_000.0, 3_500.0, 6_000.0),
          ("kol", "spring_festival", 30_000.0, 3_000.0, 1_000.0, 2_000.0),
          ("kol", "spring_festival", 26_000.0, 2_000.0, 1_000.0, 1_500.0)]  # no brand session to compare with


def _kol_mistakes(fee_rate, cogs_rate, like_for_like) -> dict:
    """The results of known mistakes in tasks 3.6 and 3.7, each with the hint that names it."""
    mistakes = {recorded("kol", fee_rate, cogs_rate, totals=True): tr.gettext("that compares total contributions, "
                                                                            "which depend on how many sessions "
                                                                            "each host ran; compare the mean per "
                                                                            "session."),
                recorded("kol", fee_rate, cogs_rate, refunds=False, like_for_like=like_for_like):
                    tr.gettext("subtract refunds before applying fees and cost of goods: both are paid on net "
                               "sales."),
                recorded("kol", fee_rate, cogs_rate, gmv_only=True, like_for_like=like_for_like):
                    tr.gettext("that compares GMV; a session's worth to the brand is its contribution, after "
                               "refunds, fees, cost of goods, coupons and ads.")}
    if not like_for_like:
        return mistakes
    mistakes[recorded("kol", fee_rate, cogs_rate)] = tr.gettext("that is the premium over all sessions, as in task "
                                                              "3.6; compare KOL and brand sessions within each "
                                                              "theme first.")
    mistakes[recorded("kol", fee_rate, cogs_rate, like_for_like=True, weights="none")] = \
        tr.gettext("each theme's premium counted once; weight it by the number of KOL sessions in that theme.")
    mistakes[recorded("kol", fee_rate, cogs_rate, like_for_like=True, weights="sessions")] = \
        tr.gettext("you weighted each theme by all of its sessions; weight it by its KOL sessions only.")
    mistakes[recorded("kol", fee_rate, cogs_rate, like_for_like=True, one_host_counted=True)] = _one_host_hint()
    if cogs_rate != 0.45:  # kol_premium called with its default rates
        mistakes[recorded("kol", fee_rate, 0.45, like_for_like=True)] = \
            tr.gettext("your result did not change with cogs_rate: pass fee_rate and cogs_rate on to kol_premium.")
    return mistakes


def _one_host_hint() -> str:
    return tr.gettext("a theme hosted by one kind of host only (here, KOLs only) has nothing to compare with; leave "
                      "it out before averaging.")


def _kol_case(fee_rate, cogs_rate, like_for_like):
    def run(function):
        try:
            value = call(function, hosted_frame(), fee_rate, cogs_rate)
        except LearnerError as problem:  # a theme with no brand session, looked up as if it had one
            if like_for_like and isinstance(problem.error, KeyError) and problem.error.args[:1] in (("brand",),
                                                                                                   ("kol",)):
                raise LearnerError(tr.gettext("your code looked for a kind of host a theme does not have "
                                              "(KeyError: '{host}'): a theme hosted by one kind of host only has "
                                              "nothing to compare with; leave it out before averaging.",
                                              host=problem.error.args[0]), problem.error) from None
            raise
        if like_for_like and isinstance(value, float) and math.isnan(value):
            return with_hint(tr.gettext("got NaN (not a number)."), _one_host_hint())
        wrong_hint = (tr.gettext("for each theme with both kinds of host, KOL mean contribution minus brand mean "
                                 "contribution; then the average of those premiums weighted by each theme's number "
                                 "of KOL sessions (themes with one kind of host are left out).") if like_for_like
                      else tr.gettext("work out each session's contribution as in task 3.4, then take the mean over "
                                      "KOL-hosted sessions minus the mean over brand-hosted ones."))
        return number_feedback(value, recorded("kol", fee_rate, cogs_rate, like_for_like=like_for_like),
                               hints=_kol_mistakes(fee_rate, cogs_rate, like_for_like), wrong_hint=wrong_hint)
    return run


# The platform fee and cost of goods the checks try (and kol_premium's default cost of goods, 0.45).
KOL_RATES = ((0.05, 0.45), (0.05, 0.60))

def _percent(rate: float) -> int:
    return round(rate * 100)


KOL_TASKS = [
    Task("03.6", tr.noop("what a KOL-hosted session is worth"), "code", name="kol_premium", points=2,
         cases=lambda: [Case(tr.gettext("KOL minus brand mean contribution per session (fee {fee}%, cost of goods "
                                        "{cogs}%)", fee=_percent(fee), cogs=_percent(cogs)), _kol_case(fee, cogs, False))
                        for fee, cogs in KOL_RATES]),
    Task("03.7", tr.noop("the KOL premium, like for like"), "code", name="kol_premium_like_for_like", points=2,
         cases=lambda: [Case(tr.gettext("KOL premium within themes, weighted by KOL sessions (fee {fee}%, cost of "
                                        "goods {cogs}%)", fee=_percent(fee), cogs=_percent(cogs)), _kol_case(fee, cogs, True))
                        for fee, cogs in KOL_RATES]),
    Task("03.8", tr.noop("sign the KOL at RMB 12,000 a session?"), "written", points=2, rubric_points=2, min_words=40),
]
