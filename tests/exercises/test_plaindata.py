"""Return values out of a learner's kernel: plain data in, the same plain objects out, nothing else accepted."""

from __future__ import annotations

import base64
import json
import math
import pickle

import numpy as np
import pandas as pd
import pytest

from course_utils.instructor.grading.taskscore import cap, grade_task
from course_utils.exercises.calling import LearnerError, call
from course_utils.instructor.grading.plaindata import MAX_ITEMS, TooBig, encode
from course_utils.instructor.grading.plainread import Unreadable, decode
from course_utils.instructor.grading.remote import _raised


def _round_trip(value):
    return decode(encode(value))


@pytest.mark.parametrize("value", [None, True, 0, -7, 2**80, 0.1, "", "净利润", [1, [2, 3]], (1, "a"), {1, 2},
                                   {"a": 1, 2: [None]}, {(1, 2): "pair"}])
def test_python_values_come_back_equal_and_of_the_same_type(value):
    back = _round_trip(value)
    assert back == value and type(back) is type(value)


def test_non_finite_floats_come_back():
    back = _round_trip([float("nan"), float("inf"), -float("inf")])
    assert math.isnan(back[0]) and back[1:] == [float("inf"), -float("inf")]


@pytest.mark.parametrize("value", [np.float64(0.25), np.int64(3), np.bool_(True), np.float32(1.5), np.uint8(7)])
def test_numpy_scalars_keep_their_dtype(value):
    back = _round_trip(value)
    assert back == value and type(back) is type(value)


def test_arrays_series_and_frames_keep_values_index_names_and_dtypes():
    frame = pd.DataFrame({"session_id": ["S1", "S2"], "conversion": [0.025, np.nan],
                          "orders": np.array([240, 60], dtype="int32"),
                          "month": pd.to_datetime(["2024-01-01", None]),
                          "buyers": pd.array([200, None], dtype="Int64")},
                         index=pd.Index(["a", "b"], name="key"))
    back = _round_trip(frame)
    pd.testing.assert_frame_equal(back, frame)
    series = pd.Series([0.4, 0.3], index=pd.Index(["kol", "brand"], name="creator_type"), name="share")
    pd.testing.assert_series_equal(_round_trip(series), series)
    array = np.arange(6, dtype="float64").reshape(2, 3)
    assert np.array_equal(_round_trip(array), array) and _round_trip(array).dtype == array.dtype
    assert _round_trip(pd.Timestamp("2024-05-01")) == pd.Timestamp("2024-05-01")


def test_objects_that_lie_about_equality_arrive_as_what_they_are():
    class Yes:
        def __eq__(self, other):
            return True

    class LyingFloat(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    stand_in = _round_trip(Yes())
    assert type(stand_in).__name__ == "Yes" and stand_in != 1 and stand_in != stand_in.__class__()
    value = _round_trip(LyingFloat(0.0))
    assert type(value) is float and value == 0.0 and value != 1.0


def test_a_result_over_the_limit_is_refused():
    with pytest.raises(TooBig):
        encode(list(range(MAX_ITEMS + 1)))
    nested = []
    for _ in range(40):
        nested = [nested]
    with pytest.raises(TooBig):
        encode(nested)


@pytest.mark.parametrize("text", [
    "NaN", "[1, 2]", '{"a": 1}', '{"$t": "pickle", "v": "gASV"}', '{"$t": "float", "v": "1e999x"}',
    '{"$t": "scalar", "dtype": "object", "v": 1}', '{"$t": "ndarray", "shape": [3], "dtype": "int64", "v": [1]}',
    '{"$t": "ndarray", "shape": [1], "dtype": "int64", "v": ["1"]}', '{"$t": "dict", "v": [[1]]}',
    '{"$t": "series", "index": {"$t": "index", "dtype": "int64", "v": [0, 1]}, "dtype": "float64", "v": [1.0]}',
    "not json",
])
def test_anything_but_plain_data_is_unreadable(text):
    with pytest.raises(Unreadable):
        decode(text)


def test_pickled_data_is_never_accepted():
    payload = base64.b64encode(pickle.dumps([1, 2])).decode()
    with pytest.raises(Unreadable):
        decode(json.dumps({"$t": "list", "v": payload}))


def test_a_learner_exception_is_summarised_under_its_own_name():
    def raises_key_error(*args):
        raise _raised("KeyError", "'conversion'")

    def raises_custom(*args):
        raise _raised("BadInputError", "no rows")

    with pytest.raises(LearnerError, match="KeyError: 'conversion'"):
        call(raises_key_error)
    with pytest.raises(LearnerError, match="BadInputError: no rows"):
        call(raises_custom)
    assert isinstance(_raised("TypeError", "takes 2 positional arguments"), TypeError)
    assert not isinstance(_raised("KeyboardInterrupt", "x"), KeyboardInterrupt)


def test_scores_are_capped_at_the_task_points():
    assert cap(99, 2) == 2.0 and cap(-3, 2) == 0.0
    # A function that answers everything right earns the task's points, never more.
    graded = grade_task("03.1", {"gmv": lambda visitors, conversion, aov: visitors * conversion * aov})
    assert graded["score"] == 1.0
