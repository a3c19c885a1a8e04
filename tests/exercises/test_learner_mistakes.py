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


@pytest.mark.parametrize("value", [None, 3, "0.5", {"brand": "x"}, pd.DataFrame({"creator_type": ["kol"]})])
def test_a_wrong_type_never_passes_the_sorting_case_of_01_1(value):
    # Returning nothing used to pass "lists the largest share first": there was nothing to sort.
    result = check("01.1", lambda posts: value)
    assert result.passed == 0 and result.status == "failed"


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
