"""Lesson 1 tasks: creator supply and completion rate in the content-posts data."""

from __future__ import annotations

from course_utils.exercises.casekit import close, number_case
from course_utils.exercises.checks import Case, call, describe
from course_utils.exercises.tasks import Task
from course_utils.messages import msg


def posts_frame(rows: list[tuple]):
    """Posts with ``creator_type``, ``hour``, ``hook_3s`` and ``completion_rate`` columns."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["creator_type", "hour", "hook_3s", "completion_rate"])
    frame.insert(0, "post_id", [f"P{n:03d}" for n in range(len(frame))])
    return frame


MIX = posts_frame([("customer", 9, False, 0.3)] * 4 + [("kol", 20, True, 0.5)] * 3
                  + [("brand", 12, True, 0.6)] * 2 + [("employee", 18, False, 0.4)])


def _mix_is_series(function):
    import pandas as pd

    shares = call(function, MIX)
    if not isinstance(shares, pd.Series):
        return msg("exercises.want_series", kind=describe(shares))
    missing = {"brand", "kol", "employee", "customer"} - set(map(str, shares.index))
    return msg("exercises.l01_mix_index", missing=", ".join(sorted(missing))) if missing else None


def _mix_values(function):
    shares = call(function, MIX)
    if not hasattr(shares, "items"):
        return msg("exercises.want_series", kind=describe(shares))
    try:
        got = {str(key): float(value) for key, value in shares.items()}
    except (TypeError, ValueError):  # a Series of text, or a table of columns
        return msg("exercises.l01_mix_wrong")
    counts = {"customer": 4, "kol": 3, "brand": 2, "employee": 1}
    if all(close(got.get(key, -1), count) for key, count in counts.items()):
        return msg("exercises.l01_mix_counts")
    if not close(sum(got.values()), 1.0):
        return msg("exercises.l01_mix_sum", total=f"{sum(got.values()):.3g}")
    if not all(close(got.get(key, -1), count / 10) for key, count in counts.items()):
        return msg("exercises.l01_mix_wrong")
    return None


def _mix_sorted(function):
    import pandas as pd

    shares = call(function, MIX)
    if not isinstance(shares, pd.Series):  # nothing to sort: do not count this case as passed
        return msg("exercises.want_series", kind=describe(shares))
    try:
        values = [float(value) for value in shares.values]
    except (TypeError, ValueError):
        return msg("exercises.l01_mix_wrong")
    return None if values == sorted(values, reverse=True) else msg("exercises.l01_mix_sorted")


HOOKS = posts_frame([("kol", 9, True, 0.6), ("kol", 9, True, 0.8), ("brand", 9, False, 0.3),
                     ("brand", 9, False, 0.5), ("brand", 9, False, 0.4)])
NO_LIFT = posts_frame([("kol", 9, True, 0.5), ("kol", 9, False, 0.5), ("kol", 9, False, 0.5)])

HOURS = posts_frame([("kol", 12, True, 0.7)] * 3 + [("kol", 8, True, 0.5)] * 2
                    + [("kol", 18, True, 0.6), ("kol", 21, True, 0.9), ("kol", 23, True, 0.2)])


# Hour 21 has the best mean on one post; hour 12 the best with two posts or more.
FEW_POSTS = posts_frame([("kol", 9, True, 0.5)] * 25 + [("kol", 3, True, 0.9)] * 5)


def _hours(function, n, min_posts=1, posts=None):
    hours = call(function, HOURS if posts is None else posts, n, min_posts=min_posts)
    try:
        return [int(hour) for hour in hours]
    except (TypeError, ValueError):
        return None


def _hours_shape(function):
    hours = _hours(function, 3)
    if hours is None:
        return msg("exercises.l01_hours_not_list")
    return None if len(hours) == 3 else msg("exercises.l01_hours_length", got=len(hours), n=3)


def _hours_order(function):
    hours = _hours(function, 3)
    if hours == [21, 12, 18]:
        return None
    if hours and hours[0] == 12:
        return msg("exercises.l01_hours_total")
    if hours and hours[0] == 23:
        return msg("exercises.l01_hours_reversed")
    return msg("exercises.l01_hours_wrong")


def _hours_n(function):
    hours = _hours(function, 2)
    return None if hours is not None and len(hours) == 2 else msg("exercises.l01_hours_n")


def _hours_min_posts(function):
    hours = _hours(function, 2, min_posts=2)
    if hours == [12, 8]:
        return None
    if hours == [21, 12]:
        return msg("exercises.l01_hours_few_kept")
    if hours == [12]:
        return msg("exercises.l01_hours_strict")
    return msg("exercises.l01_hours_min_wrong")


def _hours_default(function):
    hours = call(function, FEW_POSTS, 1)
    try:
        hours = [int(hour) for hour in hours]
    except (TypeError, ValueError):
        return msg("exercises.l01_hours_not_list")
    return None if hours == [9] else msg("exercises.l01_hours_default")


TASKS = [
    Task("01.1", msg("exercises.l01_title_mix"), "code", name="creator_mix", points=2,
         cases=lambda: [Case(msg("exercises.l01_mix_series_label"), _mix_is_series),
                        Case(msg("exercises.l01_mix_values_label"), _mix_values),
                        Case(msg("exercises.l01_mix_sorted_label"), _mix_sorted)]),
    Task("01.2", msg("exercises.l01_title_hook"), "code", name="hook_lift", points=2,
         cases=lambda: [
             Case(msg("exercises.l01_hook_value_label"),
                  lambda f: number_case(f, (HOOKS,), 0.3, hints={
                      -0.3: msg("exercises.l01_hook_reversed"),
                      0.7 / 0.4: msg("exercises.l01_hook_ratio"),
                      30.0: msg("exercises.l01_hook_percent")},
                      wrong_hint=msg("exercises.l01_hook_wrong"))),
             Case(msg("exercises.l01_hook_zero_label"),
                  lambda f: number_case(f, (NO_LIFT,), 0.0, wrong_hint=msg("exercises.l01_hook_wrong")))]),
    Task("01.3", msg("exercises.l01_title_hours"), "code", name="best_hours", points=2,
         cases=lambda: [Case(msg("exercises.l01_hours_shape_label"), _hours_shape),
                        Case(msg("exercises.l01_hours_order_label"), _hours_order),
                        Case(msg("exercises.l01_hours_n_label"), _hours_n),
                        Case(msg("exercises.l01_hours_min_label"), _hours_min_posts),
                        Case(msg("exercises.l01_hours_default_label"), _hours_default)]),
    Task("01.4", msg("exercises.l01_title_north_star"), "written", points=3, rubric_points=3,
         min_words=60),
]
