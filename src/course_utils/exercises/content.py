"""Lesson 1 tasks: creator supply and completion rate in the content-posts data."""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, real, sentence, with_hint
from course_utils.exercises.content_creators import CREATOR_TASKS, posts_frame
from course_utils.exercises.task import Task
from course_utils.i18n import Translator

tr = Translator("content")


# Posts per creator type; 11 in all, so that no share is a round number and a rounded answer shows.
MIX_COUNTS = {"customer": 4, "kol": 3, "brand": 2, "employee": 2}
_MIX_POST = {"customer": (9, False, 0.3), "kol": (20, True, 0.5), "brand": (12, True, 0.6), "employee": (18, False, 0.4)}
MIX = posts_frame([(kind, *_MIX_POST[kind]) for kind, count in MIX_COUNTS.items() for _ in range(count)])


def _mix_shares(function):
    """The answer's shares on :data:`MIX`, or None and the feedback when they are not a Series."""
    import pandas as pd

    shares = call(function, MIX)
    if not isinstance(shares, pd.Series):
        return None, tr.gettext("expected a pandas Series, but got {kind}.", kind=describe(shares))
    return shares, None


def _mix_is_series(function):
    shares, problem = _mix_shares(function)
    return problem or _missing_types(shares.index)


def _missing_types(index) -> str | None:
    """Feedback naming the creator types of :data:`MIX` that an answer's index leaves out (None if none)."""
    missing = set(MIX_COUNTS) - set(map(str, index))
    return tr.gettext("the index should hold every creator type that posted; missing: {missing}.",
                      missing=", ".join(sorted(missing))) if missing else None


def _not_numbers() -> str:
    return tr.gettext("the shares should be numbers such as 0.4; format them as percentages only when you display "
                      "them.")


def _mix_values(function):
    shares, problem = _mix_shares(function)
    if problem:
        return problem
    try:
        got = {str(key): real(value) for key, value in shares.items()}
    except (TypeError, ValueError):  # a Series of text ("40%")
        return _not_numbers()
    missing = _missing_types(shares.index)
    if missing:  # the shares cannot be judged by a type that is not there
        return missing
    if all(close(got[key], count) for key, count in MIX_COUNTS.items()):
        return tr.gettext("these are counts of posts; divide by the number of posts (value_counts(normalize=True) "
                          "does both).")
    total = sum(MIX_COUNTS.values())
    slip = slips.diagnose_all([got[key] for key in MIX_COUNTS], [count / total for count in MIX_COUNTS.values()])
    if slip:
        return sentence(slip)
    if not close(sum(got.values()), 1.0):
        return tr.gettext("the shares add up to {total}, not 1: each share is a type's posts over all posts.",
                          total=f"{sum(got.values()):.3g}")
    if not all(close(got[key], count / total) for key, count in MIX_COUNTS.items()):
        return tr.gettext("the shares do not match the counts of posts per creator type; count posts by "
                          "`creator_type`.")
    return None


def _mix_sorted(function):
    shares, problem = _mix_shares(function)
    if problem:  # nothing to sort: do not count this case as passed
        return problem
    if shares.empty:  # nor is an empty Series in order
        return _missing_types(shares.index)
    try:
        values = [real(value) for value in shares.values]
    except (TypeError, ValueError):
        return _not_numbers()
    return None if values == sorted(values, reverse=True) else tr.gettext("sort the shares from largest to smallest "
                                                                          "(sort_values(ascending=False)).")


HOOKS = posts_frame([("kol", 9, True, 0.6), ("kol", 9, True, 0.8), ("brand", 9, False, 0.3),
                     ("brand", 9, False, 0.5), ("brand", 9, False, 0.4)])
NO_LIFT = posts_frame([("kol", 9, True, 0.5), ("kol", 9, False, 0.5), ("kol", 9, False, 0.5)])

HOURS = posts_frame([("kol", 12, True, 0.7)] * 3 + [("kol", 8, True, 0.5)] * 2
                    + [("kol", 18, True, 0.6), ("kol", 21, True, 0.9), ("kol", 23, True, 0.2)])


# Hour 21 has the best mean on one post; hour 12 the best with two posts or more.
FEW_POSTS = posts_frame([("kol", 9, True, 0.5)] * 25 + [("kol", 3, True, 0.9)] * 5)


def _hours(function, n, min_posts=1, posts=None):
    hours = call(function, HOURS if posts is None else posts, n, min_posts=min_posts)
    try:  # a Series gives its values, which must be the hours (not the rates beside them)
        values = [real(hour) for hour in hours]
    except (TypeError, ValueError):
        return None
    # Whole hours of the day only: rates (0.6) or a frame's column names are not hours.
    if not all(value.is_integer() and 0 <= value <= 23 for value in values):
        return None
    return [int(value) for value in values]


def _hours_shape(function):
    hours = _hours(function, 3)
    if hours is None:
        return tr.gettext("expected a list of hours (whole numbers); .index.tolist() turns a Series' index into one.")
    return None if len(hours) == 3 else tr.gettext("got {got} hours, expected {n}.", got=len(hours), n=3)


def _hours_order(function):
    hours = _hours(function, 3)
    if hours == [21, 12, 18]:
        return None
    if hours and hours[0] == 12:
        return tr.gettext("it looks as if hours were ranked by the total of completion rates, which favours hours "
                          "with many posts; rank by the mean.")
    if hours and hours[0] == 23:
        return tr.gettext("the worst hour came first: sort from highest to lowest mean.")
    return tr.gettext("group the posts by hour, take the mean completion_rate, sort from high to low and keep the "
                      "first n hours.")


def _hours_n(function):
    hours = _hours(function, 2)
    return None if hours is not None and len(hours) == 2 else tr.gettext("with n=2 the list should have 2 hours; "
                                                                         "use n rather than a fixed number.")


def _hours_min_posts(function):
    hours = _hours(function, 2, min_posts=2)
    if hours == [12, 8]:
        return None
    if hours == [21, 12]:
        return tr.gettext("an hour with a single post came first; count the posts of each hour and keep only hours "
                          "with at least min_posts of them.")
    if hours == [12]:
        return tr.gettext("an hour with exactly min_posts posts was left out; keep hours with at least min_posts "
                          "posts (>=, not >).")
    return tr.gettext("count the posts of each hour (.agg([\"mean\", \"size\"]) gives both), keep hours with at "
                      "least min_posts posts, then rank them by the mean.")


def _hours_default(function):
    hours = call(function, FEW_POSTS, 1)
    try:
        hours = [int(real(hour)) for hour in hours]
    except (TypeError, ValueError):
        return tr.gettext("expected a list of hours (whole numbers); .index.tolist() turns a Series' index into one.")
    return None if hours == [9] else tr.gettext("with min_posts left out, only hours with at least 20 posts should "
                                                "count; give the argument the default value 20.")


TASKS = [
    Task("01.1", tr.noop("who creates the posts"), "code", name="creator_mix", points=2,
         cases=lambda: [Case(tr.gettext("returns a Series indexed by creator type"), _mix_is_series),
                        Case(tr.gettext("gives each type's share of all posts"), _mix_values),
                        Case(tr.gettext("lists the largest share first"), _mix_sorted)]),
    Task("01.2", tr.noop("the lift from a 3-second hook"), "code", name="hook_lift", points=2,
         cases=lambda: [
             Case(tr.gettext("returns hook mean minus no-hook mean of completion rate"),
                  lambda f: number_case(f, (HOOKS,), 0.3, hints={
                      -0.3: tr.gettext("the sign is reversed: subtract the no-hook mean from the hook mean."),
                      0.7 / 0.4: tr.gettext("that is a ratio of the two means; the task asks for their difference."),
                      30.0: tr.gettext("that looks like percentage points; return a fraction (0.05 for 5 points), "
                                       "like completion_rate itself.")},
                      wrong_hint=tr.gettext("compare the mean completion_rate of posts with hook_3s True against "
                                            "those with hook_3s False."))),
             Case(tr.gettext("returns 0 when hooks make no difference"),
                  lambda f: number_case(f, (NO_LIFT,), 0.0, wrong_hint=tr.gettext("compare the mean completion_rate of "
                                                                                  "posts with hook_3s True against those "
                                                                                  "with hook_3s False.")))]),
    Task("01.3", tr.noop("the best hours to post"), "code", name="best_hours", points=2,
         cases=lambda: [Case(tr.gettext("returns a list of n hours"), _hours_shape),
                        Case(tr.gettext("ranks hours by mean completion rate, best first"), _hours_order),
                        Case(tr.gettext("respects the argument n"), _hours_n),
                        Case(tr.gettext("leaves out hours with fewer than min_posts posts"), _hours_min_posts),
                        Case(tr.gettext("uses min_posts=20 when it is not given"), _hours_default)]),
    Task("01.4", tr.noop("dwell time as the north star"), "written", points=3, rubric_points=3,
         min_words=60),
]

TASKS += CREATOR_TASKS
