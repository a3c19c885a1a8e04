"""Lesson 1 tasks: creator supply and completion rate in the content-posts data."""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, sentence, with_hint
from course_utils.exercises.task import Task
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
    slip = slips.diagnose_all([got.get(key, 0.0) for key in counts], [count / 10 for count in counts.values()])
    if slip:
        return sentence(slip)
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


# Task 1.5: hooked KOL posts complete well and unhooked brand posts do not, so the lift over all
# posts is far larger than the lift within either type (a mix effect). Customers here all use hooks.
MIXED_HOOK_ROWS = ([("kol", 9, True, 0.6)] * 3 + [("kol", 9, False, 0.5)] + [("brand", 9, True, 0.35)]
                   + [("brand", 9, False, 0.2)] * 3 + [("customer", 9, True, 0.4)] * 2)
MIXED_HOOKS = posts_frame(MIXED_HOOK_ROWS)


def lift_within(rows: list[tuple]) -> dict[str, float]:
    """Hook lift per creator type with posts on both sides, from a case's own rows (as for ``posts_frame``)."""
    sides: dict[tuple[str, bool], list[float]] = {}
    for kind, _hour, hook, completion in rows:
        sides.setdefault((kind, bool(hook)), []).append(completion)
    kinds = {kind for kind, _ in sides}
    return {kind: sum(sides[kind, True]) / len(sides[kind, True]) - sum(sides[kind, False]) / len(sides[kind, False])
            for kind in kinds if (kind, True) in sides and (kind, False) in sides}


def _overall_lift(rows) -> float:
    hooked = [completion for _kind, _hour, hook, completion in rows if hook]
    plain = [completion for _kind, _hour, hook, completion in rows if not hook]
    return sum(hooked) / len(hooked) - sum(plain) / len(plain)


def _lifts(function, frame=MIXED_HOOKS):
    import pandas as pd

    lifts = call(function, frame)
    if not isinstance(lifts, pd.Series):
        return None, msg("exercises.want_series", kind=describe(lifts))
    try:
        return {str(key): float(value) for key, value in lifts.items()}, None
    except (TypeError, ValueError):
        return None, msg("exercises.l01_by_creator_not_numbers")


def _lift_values(function):
    got, problem = _lifts(function)
    if problem:
        return problem
    expected = lift_within(MIXED_HOOK_ROWS)
    values = [got.get(kind, float("nan")) for kind in expected]
    if all(close(value, lift) for value, lift in zip(values, expected.values())):
        return None
    if all(close(value, _overall_lift(MIXED_HOOK_ROWS)) for value in values):
        return msg("exercises.l01_by_creator_overall")
    slip = slips.diagnose_all(values, list(expected.values()))
    return sentence(slip) if slip else msg("exercises.l01_by_creator_wrong")


def _lift_leaves_out(function):
    got, problem = _lifts(function)
    if problem:
        return problem
    missing = [kind for kind in lift_within(MIXED_HOOK_ROWS) if kind not in got]
    if missing:
        return msg("exercises.l01_mix_index", missing=", ".join(sorted(missing)))
    return msg("exercises.l01_by_creator_one_sided") if "customer" in got else None


ENGAGEMENT = ("shares", "follows")


def engagement_frame(rows: list[tuple]):
    """Posts with ``creator_type``, ``impressions``, ``shares`` and ``follows`` columns."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["creator_type", "impressions", "shares", "follows"])
    frame.insert(0, "post_id", [f"P{n:03d}" for n in range(len(frame))])
    return frame


# A big and a small post per type: pooled and averaged rates differ.
REACH_ROWS = [("kol", 10_000, 120, 80), ("kol", 1_000, 30, 2),
              ("brand", 4_000, 20, 10), ("brand", 500, 10, 5), ("employee", 2_000, 9, 3)]
REACH = engagement_frame(REACH_ROWS)


def per_thousand(rows: list[tuple], column: str, pooled: bool = True) -> dict[str, float]:
    """``column`` per 1,000 impressions per creator type, from a case's own rows: pooled, or the mean post rate."""
    totals: dict[str, list[float]] = {}
    for kind, impressions, shares, follows in rows:
        count = shares if column == "shares" else follows
        entry = totals.setdefault(kind, [0.0, 0.0, 0.0, 0])
        entry[0] += count
        entry[1] += impressions
        entry[2] += 1000 * count / impressions
        entry[3] += 1
    return {kind: 1000 * n / shown if pooled else rate_sum / posts
            for kind, (n, shown, rate_sum, posts) in totals.items()}


def _engagement(function, frame=REACH):
    import pandas as pd

    table = call(function, frame)
    if not isinstance(table, pd.DataFrame):
        return None, msg("exercises.want_frame", kind=describe(table))
    wanted = [f"{column}_per_1000" for column in ENGAGEMENT]
    missing = [column for column in wanted if column not in table.columns]
    if missing:
        return None, msg("exercises.l03_metrics_missing", columns=", ".join(missing))
    kinds = set(frame["creator_type"])
    if set(map(str, table.index)) != kinds:
        return None, msg("exercises.l01_engage_index")
    return table, None


def _engagement_shape(function):
    return _engagement(function)[1]


def _engagement_column(column):
    def run(function):
        table, problem = _engagement(function)
        if problem:
            return problem
        expected = per_thousand(REACH_ROWS, column)
        try:
            got = [float(table[f"{column}_per_1000"].loc[kind]) for kind in expected]
        except (TypeError, ValueError, KeyError):
            return msg("exercises.l01_engage_wrong", column=column)
        if all(close(a, b) for a, b in zip(got, expected.values())):
            return None
        if all(close(a, b) for a, b in zip(got, per_thousand(REACH_ROWS, column, pooled=False).values())):
            return msg("exercises.l01_engage_averaged")
        return with_hint(msg("exercises.l01_engage_wrong", column=column),
                         slips.diagnose_all(got, list(expected.values())))
    return run


TASKS += [
    Task("01.5", msg("exercises.l01_title_by_creator"), "code", name="hook_lift_by_creator", points=2,
         cases=lambda: [Case(msg("exercises.l01_by_creator_values_label"), _lift_values),
                        Case(msg("exercises.l01_by_creator_leave_out_label"), _lift_leaves_out)]),
    Task("01.6", msg("exercises.l01_title_engage"), "code", name="engagement_per_thousand", points=2,
         cases=lambda: [Case(msg("exercises.l01_engage_shape_label"), _engagement_shape)]
         + [Case(msg("exercises.l01_engage_label", column=column), _engagement_column(column))
            for column in ENGAGEMENT]),
    Task("01.7", msg("exercises.l01_title_who_posts"), "written", points=2, rubric_points=2, min_words=40),
]
