"""An answer that returns its numbers as text ("0.4", "12") never passes a check.

``float("12")`` is 12.0, so a check that converts what it is given would pass digits where
a task asks for numbers. Each code task's worked solution is run as it is (it passes)
and with every number it returns turned into text (it must not pass).
"""

from __future__ import annotations

import numbers

import pandas as pd
import pytest
from pandas.api.types import is_numeric_dtype

from course_utils.exercises import tasks
from course_utils.exercises.checks import check

CODE_TASKS = [tasks.task(task) for task in tasks.ids() if tasks.task(task).kind == "code"]
NOT_NUMBERS = {"04.2"}  # returns the name of a rate, not a number


def as_text(value):
    """``value`` with its numbers written as text, the way ``.astype(str)`` or an f-string would."""
    if isinstance(value, pd.DataFrame):
        return value.apply(lambda column: column.astype(str) if is_numeric_dtype(column) else column)
    if isinstance(value, pd.Series):
        return value.astype(str)
    if isinstance(value, (list, tuple)):
        return type(value)(str(item) for item in value)
    if isinstance(value, dict):
        return {key: str(item) for key, item in value.items()}
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return str(value)
    return value


@pytest.mark.parametrize("spec", CODE_TASKS, ids=lambda spec: spec.id)
def test_numbers_returned_as_text_do_not_pass(solutions, spec):
    function = solutions[spec.id]
    assert check(spec.id, function).status == "passed"
    changed = []

    def texted(*args, **kwargs):
        value = function(*args, **kwargs)
        text = as_text(value)
        changed.append(text is not value)
        return text

    result = check(spec.id, texted)
    if spec.id in NOT_NUMBERS:
        assert not any(changed) and result.status == "passed"
    else:
        assert any(changed) and result.status != "passed", result.text()
