"""The public checks read what they expect from a table; the code that computes it stays with the instructor."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from course_utils.exercises import expected, tasks
from course_utils.exercises.checks import run_cases
from course_utils.instructor import expected_table, references

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_is_what_the_references_give():
    assert expected_table.table_path().read_text(encoding="utf-8") == expected_table.table_text()


def test_each_reference_is_looked_up_with_its_own_keywords_and_defaults():
    for name, function in references.REFERENCES.items():
        keywords = {parameter.name: parameter.default for parameter in inspect.signature(function).parameters.values()
                    if parameter.default is not inspect.Parameter.empty}
        assert keywords == expected.DEFAULTS[name], name
        assert set(expected_table.FLAGS[name]) == set(keywords), name
        assert all(keywords[flag] in values for flag, values in expected_table.FLAGS[name].items()), name


class _Wrong:
    """Answers every call with a number no check expects, so each check looks up every mistake it knows."""

    def __call__(self, *args, **kwargs):
        return 12_345.678


@pytest.mark.parametrize("task_id", [task_id for task_id in tasks.ids() if tasks.task(task_id).kind == "code"])
def test_every_lookup_a_check_makes_is_in_the_table(task_id, monkeypatch, solutions):
    asked = []
    original = expected.call_key

    def recording(name, args, flags):
        key = original(name, args, flags)
        asked.append((name, key in expected._table()))
        return key

    monkeypatch.setattr(expected, "call_key", recording)
    cases = tasks.task(task_id).public_cases()
    solution = solutions[task_id]
    assert run_cases(task_id, solution, cases).status == "passed"
    # A number where a table is due, and the solution's numbers a little off: every mistake is looked up.
    assert run_cases(task_id, _Wrong(), cases).status == "failed"
    assert run_cases(task_id, lambda *args, **kwargs: _off(solution(*args, **kwargs)), cases).status != "passed"
    assert all(found for _name, found in asked), [name for name, found in asked if not found]
    if task_id in _LOOKING_UP:
        assert asked


# The tasks whose checks look up what they expect (the others' checks need no reference).
_LOOKING_UP = ("01.5", "01.6", "02.5", "02.6", "03.4", "03.6", "03.7", "04.4", "04.5")


def _off(value):
    """``value`` with every number 1 % larger."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        numbers = value.select_dtypes("number").columns
        return value.assign(**{column: value[column] * 1.01 for column in numbers})
    return value * 1.01

