"""Small argument checks shared by the models, explorers and exercise checks.

Each raises :class:`~course_utils.errors.CourseInputError` naming the argument,
so a learner sees "conversion is a rate ..." rather than a traceback.

>>> rate("conversion", 0.03)
0.03
>>> rate("conversion", 3)
Traceback (most recent call last):
...
course_utils.errors.CourseInputError: conversion is a rate and should lie between 0 and 1 (0% to 100%); got 3.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("common")


def number(name: str, value: object, *, minimum: float | None = None,
           maximum: float | None = None) -> float:
    """Return ``value`` as a finite float within ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, str):
            raise CourseInputError(tr.gettext("{name} should be a number; got \"{value}\".", name=name, value=value), name)
        raise CourseInputError(
            tr.gettext("{name} should be {expected}; got {kind}.", name=name, expected="a number", kind=type(value).__name__), name)
    result = float(value)
    if not math.isfinite(result):
        raise CourseInputError(tr.gettext("{name} should be a finite number; got {value}.", name=name, value=value), name)
    if minimum is not None and result < minimum:
        raise CourseInputError(tr.gettext("{name} should be at least {minimum}; got {value}.", name=name, minimum=minimum, value=value), name)
    if maximum is not None and result > maximum:
        raise CourseInputError(tr.gettext("{name} should be at most {maximum}; got {value}.", name=name, maximum=maximum, value=value), name)
    return result


def non_negative(name: str, value: object) -> float:
    """A finite number that is zero or more (visitors, prices, costs)."""
    return number(name, value, minimum=0)


def positive(name: str, value: object) -> float:
    """A finite number greater than zero."""
    result = number(name, value)
    if result <= 0:
        raise CourseInputError(tr.gettext("{name} should be more than 0; got {value}.", name=name, value=value), name)
    return result


def rate(name: str, value: object) -> float:
    """A share between 0 and 1 inclusive (conversion, completion, margin)."""
    result = number(name, value)
    if not 0.0 <= result <= 1.0:
        raise CourseInputError(tr.gettext("{name} is a rate and should lie between 0 and 1 (0% to 100%); got {value}.", name=name, value=value), name)
    return result


def whole(name: str, value: object, *, minimum: int | None = None,
          maximum: int | None = None) -> int:
    """A whole number (a count of months, sessions, creators)."""
    result = number(name, value, minimum=minimum, maximum=maximum)
    if result != int(result):
        raise CourseInputError(tr.gettext("{name} should be a whole number; got {value}.", name=name, value=value), name)
    return int(result)


def one_of(name: str, value: object, choices: Iterable[str]) -> str:
    """One of a fixed set of names (a stage, a recommendation mode)."""
    options = tuple(choices)
    try:
        known = bool(value in options)
    except (TypeError, ValueError):  # a table or an array compared with a name has no single truth value
        known = False
    if not known:
        raise CourseInputError(
            tr.gettext("{name} should be one of {choices}; got \"{value}\".", name=name, choices=", ".join(map(str, options)), value=value), name)
    return str(value)


def frame(name: str, value: object, columns: Iterable[str] = ()):
    """A non-empty pandas DataFrame holding at least ``columns``."""
    import pandas as pd  # deferred: keeps `import course_utils.validate` light

    if not isinstance(value, pd.DataFrame):
        raise CourseInputError(tr.gettext("{name} should be a pandas DataFrame; got {kind}.", name=name, kind=type(value).__name__), name)
    if value.empty:
        raise CourseInputError(tr.gettext("{name} is empty: it needs at least one row.", name=name), name)
    missing = [column for column in columns if column not in value.columns]
    if missing:
        raise CourseInputError(tr.gettext("{name} is missing the column(s) {columns}.", name=name, columns=", ".join(missing)), name)
    return value
