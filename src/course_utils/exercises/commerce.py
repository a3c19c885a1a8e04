"""Lesson 3 tasks: GMV, live-room metrics, coupon break-even uplift, a session's contribution."""

from __future__ import annotations

from course_utils.exercises import slips
from course_utils.exercises.calling import LearnerError, call, describe
from course_utils.exercises.casekit import Case, close, number_case, real, with_hint
from course_utils.exercises.commerce_kol import KOL_TASKS
from course_utils.exercises.expected import recorded
from course_utils.exercises.task import Task
from course_utils.i18n import Translator

tr = Translator("commerce")


def sessions_frame():
    """Two live sessions whose metrics can be worked out by hand."""
    import pandas as pd

    return pd.DataFrame({"session_id": ["S1", "S2"], "views": [20_000, 5_000],
                         "viewers": [8_000, 2_500], "orders": [240, 60], "buyers": [200, 50],
                         "gmv": [36_000.0, 7_500.0]})


METRIC_COLUMNS = ("conversion", "uv_value", "gpm")


def session_ids(table) -> list | None:
    """The session ids of a metrics table, kept as a column or as the index; None if neither holds them."""
    if "session_id" in table.columns:
        return list(table["session_id"])
    return list(table.index) if table.index.name == "session_id" else None


def _metrics(function):
    import pandas as pd

    table = call(function, sessions_frame())
    if not isinstance(table, pd.DataFrame):
        return None, tr.gettext("expected a pandas DataFrame, but got {kind}.", kind=describe(table))
    missing = [column for column in METRIC_COLUMNS if column not in table.columns]
    if missing:
        return None, tr.ngettext("the table is missing the column {columns}.", "the table is missing the columns "
                                                                               "{columns}.",
                                  len(missing), columns=", ".join(missing))
    if len(table) != 2:
        return None, tr.gettext("expected one row per session (2 in the test), got {rows}.", rows=len(table))
    ids = session_ids(table)
    if ids is None or sorted(map(str, ids)) != ["S1", "S2"]:
        return None, tr.gettext("the table should keep session_id (as a column or as the index), so that each row "
                                "says which session it is.")
    # Rows are compared session by session, so a table sorted some other way is read as it is meant.
    return table.iloc[[ids.index("S1"), ids.index("S2")]], None


def _metrics_shape(function):
    return _metrics(function)[1]


def _metric_column(column, expected, mistakes):
    def run(function):
        table, problem = _metrics(function)
        if problem:
            return problem
        try:
            got = [real(value) for value in table[column]]
        except TypeError:  # text such as "2.5%": a number is formatted only when shown
            return tr.gettext("the {column} column should hold numbers, not text; format them only when you display "
                              "them.", column=column)
        if all(close(a, b) for a, b in zip(got, expected)):
            return None
        for wrong, hint in mistakes:
            if all(close(a, b) for a, b in zip(got, wrong)):
                return hint
        return with_hint(tr.gettext("the {column} column does not follow its definition in the task statement.",
                                    column=column), slips.diagnose_all(got, expected))
    return run


def _metric_cases():
    # Built when the task is checked, so the hints are in the language of that moment.
    return [
        Case(tr.gettext("returns a DataFrame, one row per session, with session_id, conversion, uv_value and gpm"),
             _metrics_shape),
        Case(tr.gettext("conversion = buyers / viewers"),
             _metric_column("conversion", [200 / 8_000, 50 / 2_500],
                            [([240 / 8_000, 60 / 2_500], tr.gettext("conversion used orders; a buyer may place "
                                                                    "several orders, so use buyers.")),
                             ([200 / 20_000, 50 / 5_000], tr.gettext("conversion used views; use viewers (unique "
                                                                     "visitors, UV)."))])),
        Case(tr.gettext("uv_value = GMV / viewers"),
             _metric_column("uv_value", [36_000 / 8_000, 7_500 / 2_500],
                            [([36_000 / 20_000, 7_500 / 5_000], tr.gettext("uv_value divided by views; UV value is "
                                                                           "per unique viewer.")),
                             ([36_000 / 200, 7_500 / 50], tr.gettext("that is GMV per buyer (average order value "
                                                                     "per buyer), not per viewer."))])),
        Case(tr.gettext("gpm = GMV × 1000 / views"),
             _metric_column("gpm", [36_000 * 1_000 / 20_000, 7_500 * 1_000 / 5_000],
                            [([36_000 / 20_000, 7_500 / 5_000], tr.gettext("GPM is GMV per thousand views: multiply "
                                                                           "by 1000.")),
                             ([36_000 * 1_000 / 8_000, 7_500 * 1_000 / 2_500], tr.gettext("GPM is per thousand views, not per "
                                                                                          "thousand viewers."))])),
    ]


def _argument_order() -> str:
    """The hint for swapped arguments, which shows as either of two values per case."""
    return tr.gettext("check the order of the arguments: the margin comes first, then the discount, as in the "
                      "lesson's break_even_uplift(margin, discount).")


def _uplift_hint() -> str:
    return tr.gettext("the extra sales must replace the margin given away: discount over what each discounted sale "
                      "still earns.")


def _uplift_cases():
    # Arguments in the lesson's order, break_even_uplift(margin, discount); swapped ones give inf or a negative.
    return [
        Case(tr.gettext("margin 40%, discount 10%"),
             lambda f: number_case(f, (0.4, 0.1), 1 / 3, hints={
                 0.25: tr.gettext("that divides the discount by the margin; after the discount each sale earns "
                                  "margin minus discount."),
                 0.1 / 0.3 * 100: tr.gettext("return a fraction (0.5 for +50%), not a percentage."),
                 float("inf"): _argument_order(),
                 0.4 / (0.1 - 0.4): _argument_order()},
                 wrong_hint=_uplift_hint())),
        Case(tr.gettext("margin 50%, discount 20%"),
             lambda f: number_case(f, (0.5, 0.2), 2 / 3, hints={
                 float("inf"): _argument_order(),
                 0.5 / (0.2 - 0.5): _argument_order()},
                 wrong_hint=_uplift_hint())),
        Case(tr.gettext("returns infinity when the discount eats the whole margin"), _infinite_uplift),
    ]


def _infinite_uplift(function):
    hint = tr.gettext("when the discount is at least the margin no uplift can break even: return float(\"inf\").")
    try:
        return number_case(function, (0.3, 0.3), float("inf"), wrong_hint=hint)
    except LearnerError as error:
        if isinstance(error.error, ZeroDivisionError):  # d / (m - d) with m == d: the case the hint is for
            return with_hint(error.summary, hint)
        raise


def _contribution_hints(args: tuple) -> dict:
    """The results of known mistakes on a case's ``args``, each with the hint that names it."""
    hints = {
        "refunds_kept": tr.gettext("subtract refunds before applying fees and cost of goods: both are paid on net "
                                   "sales."),
        "refunds_after_rates": tr.gettext("take refunds off GMV first; fees and cost of goods are shares of net "
                                          "sales, not of GMV."),
        "rates_in_turn": tr.gettext("both rates are shares of net sales: subtract them together, × (1 − fee − cost "
                                    "of goods), not one after the other."),
        "fee_on_gmv": tr.gettext("apply the platform fee to net sales (GMV minus refunds), not to GMV."),
        "cogs_on_gmv": tr.gettext("apply the cost of goods to net sales (GMV minus refunds), not to GMV."),
        "no_coupon": tr.gettext("coupon cost is a cost of the session too; subtract it."),
        "no_ads": tr.gettext("ad spend is a cost of the session too; subtract it."),
        "no_costs": tr.gettext("coupon cost and ad spend are costs of the session too; subtract them."),
    }
    return {recorded("contribution", *args, mistake=mistake): hint for mistake, hint in hints.items()}


def _contribution_case(args: tuple, floor_hint: bool = False):
    def run(function):
        hints = _contribution_hints(args)
        if floor_hint:
            hints[0.0] = tr.gettext("a session can lose money: do not floor the result at zero.")
        return number_case(function, args, recorded("contribution", *args), hints=hints,
                           wrong_hint=tr.gettext("follow the P&L in the task: net sales, times what is left after "
                                                 "fees and cost of goods, minus coupons and ads."))
    return run


# The two sessions task 3.4's checks try: one that makes money, one that loses it.
CONTRIBUTION_SESSIONS = ((100_000, 8_000, 0.05, 0.45, 3_000, 10_000), (21_000, 500, 0.05, 0.55, 2_000, 9_000))


def _contribution_cases():
    profitable, losing = CONTRIBUTION_SESSIONS
    return [Case(tr.gettext("a profitable session"), _contribution_case(profitable)),
            Case(tr.gettext("a loss-making session"), _contribution_case(losing, floor_hint=True))]


TASKS = [
    Task("03.1", tr.noop("GMV from its drivers"), "code", name="gmv", points=1,
         cases=lambda: [
             Case(tr.gettext("multiplies visitors, conversion rate and average order value"),
                  lambda f: number_case(f, (10_000, 0.02, 150), 30_000, hints={
                      10_000 * 2 * 150: tr.gettext("the conversion rate arrives as a fraction (0.02 for 2%); don't "
                                                   "treat it as a percentage.")},
                      wrong_hint=tr.gettext("GMV = visitors (UV) x conversion rate x average order value."))),
             Case(tr.gettext("returns 0 for a room with no visitors"),
                  lambda f: number_case(f, (0, 0.05, 120), 0.0, wrong_hint=tr.gettext("GMV = visitors (UV) x conversion rate "
                                                                                      "x average order value.")))]),
    Task("03.2", tr.noop("live-room metrics"), "code", name="live_metrics", points=3,
         cases=_metric_cases),
    Task("03.3", tr.noop("coupon break-even uplift"), "code", name="break_even_uplift", points=2,
         cases=_uplift_cases),
    Task("03.4", tr.noop("a session's contribution"), "code", name="contribution", points=2,
         cases=_contribution_cases),
    Task("03.5", tr.noop("a flash sale as a traffic hook"), "written", points=3, rubric_points=3, min_words=60),
]
TASKS += KOL_TASKS
