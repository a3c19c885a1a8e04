"""Lesson 1's creator tasks (1.5 to 1.7): is the hook lift a creator effect, and which creators
earn shares and follows?

The cases mix creator types on purpose: over all posts a hook's lift is far larger than
within either type (a mix effect), and pooled and averaged rates per thousand differ, so
the usual mistakes each give a number of their own. :func:`posts_frame` builds the posts
table every lesson-1 case uses.
"""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.exercises.casekit import Case, close, real, sentence, with_hint
from course_utils.exercises.expected import recorded
from course_utils.exercises.task import Task
from course_utils.i18n import Translator

tr = Translator("content")


def posts_frame(rows: list[tuple]):
    """Posts with ``creator_type``, ``hour``, ``hook_3s`` and ``completion_rate`` columns."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["creator_type", "hour", "hook_3s", "completion_rate"])
    frame.insert(0, "post_id", [f"P{n:03d}" for n in range(len(frame))])
    return frame



# Task 1.5: hooked KOL posts complete well and unhooked brand posts do not, so the lift over all
# posts is far larger than the lift within either type (a mix effect). Customers here all use hooks.
MIXED_HOOK_ROWS = ([("kol", 9, True, 0.6)] * 3 + [("kol", 9, False, 0.5)] + [("brand", 9, True, 0.35)]
                   + [("brand", 9, False, 0.2)] * 3 + [("customer", 9, True, 0.4)] * 2)
MIXED_HOOKS = posts_frame(MIXED_HOOK_ROWS)


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
        return {str(key): real(value) for key, value in lifts.items()}, None
    except (TypeError, ValueError):
        return None, tr.gettext("the Series should hold one number (a lift) per creator type.")


def _lift_values(function):
    got, problem = _lifts(function)
    if problem:
        return problem
    expected = recorded("lift", MIXED_HOOK_ROWS)
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
    missing = [kind for kind in recorded("lift", MIXED_HOOK_ROWS) if kind not in got]
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
        expected = recorded("per_thousand", REACH_ROWS, column)
        try:
            got = [real(table[f"{column}_per_1000"].loc[kind]) for kind in expected]
        except (TypeError, ValueError, KeyError):
            return tr.gettext("{column}_per_1000 does not follow the task: the type's total {column} × 1000 / its "
                              "total impressions.", column=column)
        if all(close(a, b) for a, b in zip(got, expected.values())):
            return None
        if all(close(a, b) for a, b in zip(got, recorded("per_thousand", REACH_ROWS, column, pooled=False).values())):
            return tr.gettext("this averages each post's rate, so a post seen 500 times weighs as much as one seen "
                              "10,000 times; divide the type's total by its total impressions instead.")
        return with_hint(tr.gettext("{column}_per_1000 does not follow the task: the type's total {column} × 1000 / "
                                    "its total impressions.", column=column),
                         slips.diagnose_all(got, list(expected.values())))
    return run


CREATOR_TASKS = [
    Task("01.5", tr.noop("is the hook lift a creator effect?"), "code", name="hook_lift_by_creator", points=2,
         cases=lambda: [Case(tr.gettext("gives the hook lift within each creator type"), _lift_values),
                        Case(tr.gettext("keeps every type with posts on both sides and leaves out the others"), _lift_leaves_out)]),
    Task("01.6", tr.noop("which creators earn shares and follows"), "code", name="engagement_per_thousand", points=2,
         cases=lambda: [Case(tr.gettext("returns a DataFrame indexed by creator type with shares_per_1000 and "
                                        "follows_per_1000"), _engagement_shape)]
         + [Case(label, _engagement_column(column)) for column, label in _engagement_labels().items()]),
    Task("01.7", tr.noop("who should make the brand's posts?"), "written", points=2, rubric_points=2, min_words=40),
]
