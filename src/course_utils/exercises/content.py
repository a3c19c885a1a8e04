"""Lesson 1 tasks: creator supply and completion rate in the content-posts data."""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, number_case, sentence, with_hint
from course_utils.exercises.task import Task
from course_utils.i18n import Translator

tr = Translator("content")


def posts_frame(rows: list[tuple]):
    """Posts with ``creator_type``, ``hour``, ``hook_3s`` and ``completion_rate`` columns."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["creator_type", "hour", "hook_3s", "completion_rate"])
    frame.insert(0, "post_id", [f"P{n:03d}" for n in range(len(frame))])
    return frame


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
        got = {str(key): float(value) for key, value in shares.items()}
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
    try:
        values = [float(value) for value in shares.values]
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
        values = [float(hour) for hour in hours]
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
        hours = [int(hour) for hour in hours]
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
        return None, tr.gettext("expected a pandas Series, but got {kind}.", kind=describe(lifts))
    try:
        return {str(key): float(value) for key, value in lifts.items()}, None
    except (TypeError, ValueError):
        return None, tr.gettext("the Series should hold one number (a lift) per creator type.")


def _lift_values(function):
    got, problem = _lifts(function)
    if problem:
        return problem
    expected = lift_within(MIXED_HOOK_ROWS)
    values = [got.get(kind, float("nan")) for kind in expected]
    if all(close(value, lift) for value, lift in zip(values, expected.values())):
        return None
    if all(close(value, _overall_lift(MIXED_HOOK_ROWS)) for value in values):
        return tr.gettext("every type got the same lift, the one over all posts; compare hooked and unhooked posts "
                          "within each creator type (group by creator_type and hook_3s).")
    slip = slips.diagnose_all(values, list(expected.values()))
    return sentence(slip) if slip else tr.gettext("within each creator type, take the mean completion_rate of "
                                                  "hooked posts minus that of unhooked posts.")


def _lift_leaves_out(function):
    got, problem = _lifts(function)
    if problem:
        return problem
    missing = [kind for kind in lift_within(MIXED_HOOK_ROWS) if kind not in got]
    if missing:
        return tr.gettext("the index should hold every creator type that posted; missing: {missing}.",
                          missing=", ".join(sorted(missing)))
    return tr.gettext("a type whose posts all have a hook (or none do) has nothing to compare; leave it out "
                      "(.dropna() does it).") if "customer" in got else None


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
        return None, tr.gettext("expected a pandas DataFrame, but got {kind}.", kind=describe(table))
    wanted = [f"{column}_per_1000" for column in ENGAGEMENT]
    missing = [column for column in wanted if column not in table.columns]
    if missing:
        return None, tr.ngettext("the table is missing the column {columns}.", "the table is missing the columns "
                                                                               "{columns}.",
                                  len(missing), columns=", ".join(missing))
    kinds = set(frame["creator_type"])
    if set(map(str, table.index)) != kinds:
        return None, tr.gettext("the index should hold the creator types, one row each (group by creator_type).")
    return table, None


def _engagement_shape(function):
    return _engagement(function)[1]


def _engagement_labels() -> dict[str, str]:
    # Whole sentences per column: a column's name pasted into a translated sentence stays English.
    labels = {"shares": tr.gettext("shares per 1,000 impressions (shares_per_1000), pooled over each type's posts"),
              "follows": tr.gettext("follows per 1,000 impressions (follows_per_1000), pooled over each type's posts")}
    return {column: labels[column] for column in ENGAGEMENT}


def _engagement_column(column):
    def run(function):
        table, problem = _engagement(function)
        if problem:
            return problem
        expected = per_thousand(REACH_ROWS, column)
        try:
            got = [float(table[f"{column}_per_1000"].loc[kind]) for kind in expected]
        except (TypeError, ValueError, KeyError):
            return tr.gettext("{column}_per_1000 does not follow the task: the type's total {column} x 1000 / its "
                              "total impressions.", column=column)
        if all(close(a, b) for a, b in zip(got, expected.values())):
            return None
        if all(close(a, b) for a, b in zip(got, per_thousand(REACH_ROWS, column, pooled=False).values())):
            return tr.gettext("this averages each post's rate, so a post seen 500 times weighs as much as one seen "
                              "10,000 times; divide the type's total by its total impressions instead.")
        return with_hint(tr.gettext("{column}_per_1000 does not follow the task: the type's total {column} x 1000 / "
                                    "its total impressions.", column=column),
                         slips.diagnose_all(got, list(expected.values())))
    return run


TASKS += [
    Task("01.5", tr.noop("is the hook lift a creator effect?"), "code", name="hook_lift_by_creator", points=2,
         cases=lambda: [Case(tr.gettext("gives the hook lift within each creator type"), _lift_values),
                        Case(tr.gettext("keeps every type with posts on both sides and leaves out the others"), _lift_leaves_out)]),
    Task("01.6", tr.noop("which creators earn shares and follows"), "code", name="engagement_per_thousand", points=2,
         cases=lambda: [Case(tr.gettext("returns a DataFrame indexed by creator type with shares_per_1000 and "
                                        "follows_per_1000"), _engagement_shape)]
         + [Case(label, _engagement_column(column)) for column, label in _engagement_labels().items()]),
    Task("01.7", tr.noop("who should make the brand's posts?"), "written", points=2, rubric_points=2, min_words=40),
]
