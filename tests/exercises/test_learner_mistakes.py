"""What a learner's function may do wrong; every check answers with kind feedback, never a traceback."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_utils.exercises import tasks
from course_utils.exercises.calling import describe
from course_utils.exercises.checks import check

CODE_TASKS = [task_id for task_id in tasks.ids() if tasks.task(task_id).kind == "code"]

returned = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.lists(st.floats(allow_nan=False), max_size=4), st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
    st.just(pd.DataFrame({"x": [1.0]})), st.just(pd.DataFrame()), st.just(pd.Series(["a", "b"], index=["brand", "kol"])),
    st.just(pd.Series([np.nan], index=["kol"])), st.just(np.array([[1.0, 2.0]])), st.just(1j))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(value=returned, task_id=st.sampled_from(CODE_TASKS))
def test_any_returned_value_gets_feedback_not_a_traceback(value, task_id):
    result = check(task_id, lambda *args, **kwargs: value)
    assert result.status in {"passed", "partial", "failed"}
    assert "Traceback" not in result.text() and result.title


@pytest.mark.parametrize("value", [None, 3, "0.5", {"brand": "x"}, pd.DataFrame({"creator_type": ["kol"]}),
                                   pd.Series(dtype=float)])
def test_a_wrong_type_never_passes_the_sorting_case_of_01_1(value):
    # Returning nothing used to pass "lists the largest share first": there was nothing to sort.
    result = check("01.1", lambda posts: value)
    assert result.passed == 0 and result.status == "failed"


@pytest.mark.parametrize("value", ["12", "21,12,18", ["21", "12", "18"]])
def test_hours_given_as_text_pass_no_case_of_01_3(value):
    # "12" used to count as two hours, 1 and 2, and pass "respects the argument n".
    result = check("01.3", lambda posts, n, min_posts=20: value)
    assert result.passed == 0 and "whole numbers" in result.text()


def test_a_huge_number_is_shown_short():
    result = check("01.2", lambda posts: 1e300)
    assert "1e+300" in result.text() and "000,000,000" not in result.text()


def test_returning_none_points_at_a_missing_return():
    result = check("02.2", lambda orders: None)
    assert "`return`" in result.wrong[0] and "NoneType" not in result.text()


def test_kinds_read_as_english():
    assert (describe(3), describe("x"), describe([1]), describe(pd.DataFrame())) == \
        ("an int", "a str", "a list", "a DataFrame")
    assert describe(None).startswith("nothing (None)")


@pytest.mark.parametrize("typed, meant", [("1.1", "01.1"), (" 02.3 ", "02.3"), (3.2, "03.2"), ("04.2", "04.2")])
def test_task_ids_without_the_leading_zero_are_understood(typed, meant):
    assert check(typed, lambda *args, **kwargs: None).task == meant


@pytest.mark.parametrize("typed", ["01.9", 3, None, "1", "01-1"])
def test_an_unknown_task_says_so_and_lists_the_tasks(typed):
    result = check(typed, lambda *args, **kwargs: None)
    assert result.status == "unknown" and "01.1" in result.note and "04.3" in result.note
    assert "()" not in result.text() and "public checks" not in result.text()
    assert "no such task" in result._repr_html_()


def test_exit_inside_learner_code_is_reported_not_obeyed():
    result = check("03.1", lambda visitors, conversion, aov: sys.exit(1))
    assert result.status == "failed" and "SystemExit" in result.wrong[0]


def test_an_exception_that_cannot_print_itself_is_still_summarised():
    class Odd(Exception):
        def __str__(self):
            raise RuntimeError("no text")

    def learner(visitors, conversion, aov):
        raise Odd()

    result = check("03.1", learner)
    assert result.wrong[0].endswith("your code raised Odd")


def test_wrong_number_of_arguments_gets_a_hint_about_the_inputs():
    result = check("03.1", lambda visitors: visitors)
    assert "takes the inputs the task names" in result.wrong[0]


def test_a_name_that_is_not_a_function():
    assert "holds a str" in check("03.1", "gmv").wrong[0]
    assert "holds None" in check("03.1", None).wrong[0]


def _shares(posts):
    return posts["creator_type"].value_counts(normalize=True)


@pytest.mark.parametrize("answer, said", [
    (lambda posts: _shares(posts).round(1), "looks rounded"),  # the case's shares are not round numbers
    (lambda posts: _shares(posts).map("{:.0%}".format), "should be numbers"),
    (lambda posts: _shares(posts).reset_index(drop=True), "missing: brand, customer, employee, kol"),
    (lambda posts: _shares(posts).drop("employee"), "missing: employee"),  # not "rounded", as it once said
])
def test_01_1_names_the_mistake_in_the_shares(answer, said):
    result = check("01.1", answer)
    shares_case = [line for line in result.wrong if line.startswith("gives each type's share")]
    assert len(shares_case) == 1 and said in shares_case[0].lower(), result.text()


@pytest.mark.parametrize("answer, said", [
    (lambda g, r, f, c, cc, a: g * (1 - f - c) - r - cc - a, "take refunds off gmv first"),
    (lambda g, r, f, c, cc, a: (g - r) * (1 - f) * (1 - c) - cc - a, "subtract them together"),
    (lambda g, r, f, c, cc, a: (g - r) - f * g - c * (g - r) - cc - a, "platform fee to net sales"),
    (lambda g, r, f, c, cc, a: (g - r) * (1 - f - c) - cc, "ad spend is a cost"),
    (lambda g, r, f, c, cc, a: (g - r) * (1 - f - c) - a, "coupon cost is a cost"),
    (lambda g, r, f, c, cc, a: round((g - r) * (1 - f - c) - cc - a, -3), "looks rounded"),
])
def test_03_4_names_each_way_of_getting_the_pnl_wrong(answer, said):
    result = check("03.4", answer)
    assert result.passed < 2 and all(said in line.lower() for line in result.wrong), result.text()
    assert "e+0" not in result.text()  # money prints as 29,000, not 2.9e+04


def _kol_premium(sessions, fee_rate=0.05, cogs_rate=0.45):
    net_sales = sessions["gmv"] - sessions["refund_amount"]
    contribution = net_sales * (1 - fee_rate - cogs_rate) - sessions["coupon_cost"] - sessions["ad_spend"]
    by_host = contribution.groupby(sessions["host"]).mean()
    return float(by_host["kol"] - by_host["brand"])


def _like_for_like(keep, weight, rates=True):
    def premium(sessions, fee_rate=0.05, cogs_rate=0.45):
        kept = [(theme, group) for theme, group in sessions.groupby("theme") if keep(group)]
        weights = [weight(group) for _, group in kept]
        premiums = [_kol_premium(group, *((fee_rate, cogs_rate) if rates else ())) for _, group in kept]
        return sum(p * w for p, w in zip(premiums, weights)) / sum(weights)
    return premium


BOTH_HOSTS = (lambda group: set(group["host"]) == {"brand", "kol"})
KOL_SESSIONS = (lambda group: int((group["host"] == "kol").sum()))


@pytest.mark.parametrize("answer, said", [
    (_like_for_like(lambda group: len(group) > 1, KOL_SESSIONS), "one kind of host only"),  # once passed
    (_like_for_like(BOTH_HOSTS, lambda group: (group["host"] == "kol").mean()), "weighted by each theme's number"),
    (_like_for_like(BOTH_HOSTS, len), "all of its sessions"),
    (_like_for_like(lambda group: True, KOL_SESSIONS), "one kind of host only"),
])
def test_03_7_fails_and_names_a_wrong_weight_or_a_theme_with_one_kind_of_host(answer, said):
    result = check("03.7", answer)
    assert result.passed == 0 and all(said in line.lower() for line in result.wrong), result.text()


def test_03_7_names_rates_left_at_their_defaults_and_passes_the_right_answer():
    assert check("03.7", _like_for_like(BOTH_HOSTS, KOL_SESSIONS)).status == "passed"
    result = check("03.7", _like_for_like(BOTH_HOSTS, KOL_SESSIONS, rates=False))
    assert result.passed == 1 and "did not change with cogs_rate" in result.wrong[0], result.text()
