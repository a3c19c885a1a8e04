"""Checks on the starting values a notebook passes to an explorer factory.

A slider silently clamps a value outside its range and rejects text with a
widget error; checking first gives a kind message naming the argument instead.

>>> within("cost", 2, 0.5, 6.0)
2.0
>>> within("cost", -1, 0.5, 6.0)
Traceback (most recent call last):
...
course_utils.errors.CourseInputError: cost should be at least 0.5; got -1.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.messages import msg


def within(name: str, value: object, low: float, high: float) -> float:
    """``value`` as a number inside a slider's range ``[low, high]``."""
    return validate.number(name, value, minimum=low, maximum=high)


def settings(name: str, value: object, known) -> dict:
    """A dict of named settings (``None`` means none), every key one of ``known``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise CourseInputError(msg("common.wrong_type", name=name, expected="a dict such as {\"key\": value}",
                                   kind=type(value).__name__), name)
    options = tuple(known)
    for key in value:
        validate.one_of(f"a key of {name}", key, options)
    return dict(value)
