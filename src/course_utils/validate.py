"""Small argument checks shared by the models, explorers and exercise checks.

Each raises :class:`~course_utils.errors.CourseInputError` naming the argument,
so a learner sees "conversion is a rate ..." rather than a traceback. Every message
is a whole sentence of the ``common`` domain; a check the library makes elsewhere
builds its error here (:func:`wrong_type`, :func:`missing_columns`, :func:`not_a_column`)
so that each sentence has one home and one translation.

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
        raise wrong_type(name, type(value).__name__, "number")
    result = float(value)
    if not math.isfinite(result):
        raise CourseInputError(tr.gettext("{name} should be a finite number; got {value}.", name=name, value=value), name)
    if minimum is not None and result < minimum:
        raise CourseInputError(tr.gettext("{name} should be at least {minimum}; got {value}.", name=name,
                                          minimum=minimum, value=value), name)
    if maximum is not None and result > maximum:
        raise CourseInputError(tr.gettext("{name} should be at most {maximum}; got {value}.", name=name,
                                          maximum=maximum, value=value), name)
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
        raise CourseInputError(tr.gettext("{name} is a rate and should lie between 0 and 1 (0% to 100%); got "
                                          "{value}.", name=name, value=value), name)
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
            tr.gettext("{name} should be one of {choices}; got \"{value}\".", name=name,
                       choices=", ".join(map(str, options)), value=value), name)
    return str(value)


def frame(name: str, value: object, columns: Iterable[str] = ()):
    """A non-empty pandas DataFrame holding at least ``columns``."""
    import pandas as pd  # deferred: keeps `import course_utils.validate` light

    if not isinstance(value, pd.DataFrame):
        raise wrong_type(name, type(value).__name__, "dataframe")
    if value.empty:
        raise CourseInputError(tr.gettext("{name} is empty: it needs at least one row.", name=name), name)
    missing = [column for column in columns if column not in value.columns]
    if missing:
        raise missing_columns(name, missing)
    return value


def flag(name: str, value: object) -> bool:
    """``value`` as True or False: a Python bool or a numpy one (a table's True), nothing else.

    >>> flag("available", True)
    True
    >>> flag("available", "yes")
    Traceback (most recent call last):
    ...
    course_utils.errors.CourseInputError: available should be True or False; got str.
    """
    # numpy calls its boolean type "bool_" (1.x) or "bool" (2.x); checked by name to keep numpy unimported.
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    raise wrong_type(name, type(value).__name__, "true_or_false")


def wrong_type(name: str, kind: str, expected: str) -> CourseInputError:
    """The error for ``name`` holding a ``kind`` (a type's name, or the value shown) where ``expected`` was wanted.

    ``expected`` is one of :data:`EXPECTED`; each is its own whole sentence, so a translation
    never pastes a description into another sentence. Raise what it returns:

    >>> raise wrong_type("graph", "list", "digraph")
    Traceback (most recent call last):
    ...
    course_utils.errors.CourseInputError: graph should be a networkx DiGraph; got list.
    """
    sentences = {
        "number": lambda: tr.gettext("{name} should be a number; got {kind}.", name=name, kind=kind),
        "true_or_false": lambda: tr.gettext("{name} should be True or False; got {kind}.", name=name, kind=kind),
        "dataframe": lambda: tr.gettext("{name} should be a pandas DataFrame; got {kind}.", name=name, kind=kind),
        "file_path": lambda: tr.gettext("{name} should be a file path; got {kind}.", name=name, kind=kind),
        "quiz_question": lambda: tr.gettext("{name} should be a quiz Question; got {kind}.", name=name, kind=kind),
        "digraph": lambda: tr.gettext("{name} should be a networkx DiGraph; got {kind}.", name=name, kind=kind),
        "score_array": lambda: tr.gettext("{name} should be a 2-D numpy array of scores without NaN (users × "
                                          "posts); got {kind}.", name=name, kind=kind),
        "settings_dict": lambda: tr.gettext("{name} should be a dict such as {example}; got {kind}.", name=name,
                                            example='{"key": value}', kind=kind),
        "step_rates": lambda: tr.gettext("{name} should be a dict of step rates, such as {example}; got {kind}.",
                                         name=name, example='{"follow": 0.05, ...}', kind=kind),
        "first_or_last": lambda: tr.gettext("{name} should be first or last; got {kind}.", name=name, kind=kind),
        "figure": lambda: tr.gettext("{name} should be a matplotlib Figure, such as a chart function returns; got "
                                     "{kind}.", name=name, kind=kind),
        "date": lambda: tr.gettext("{name} should be a date such as {example}; got {kind}.", name=name,
                                   example='"2021-12-31"', kind=kind),
    }
    if expected not in sentences:
        raise KeyError(f"no sentence for expected={expected!r}; one of {', '.join(sentences)}")
    return CourseInputError(sentences[expected](), name)


# What wrong_type can say was expected.
EXPECTED = ("number", "true_or_false", "dataframe", "file_path", "quiz_question", "digraph", "score_array",
            "settings_dict", "step_rates", "first_or_last", "figure", "date")


def missing_columns(name: str, columns: Iterable[str], argument: str | None = None) -> CourseInputError:
    """The error for a table ``name`` that lacks ``columns`` (``argument``: the one at fault, default ``name``).

    >>> str(missing_columns("orders", ["coupon", "amount"]))
    'orders is missing the column(s) coupon, amount.'
    """
    return CourseInputError(tr.gettext("{name} is missing the column(s) {columns}.", name=name,
                                       columns=", ".join(map(str, columns))), argument or name)


def not_a_column(name: str, value: object, frame: str, examples: tuple[str, str]) -> CourseInputError:
    """The error for ``name`` that should name a column of the table ``frame``, two of whose columns are ``examples``.

    >>> print(not_a_column("by", "city", "sessions", ("host", "theme")))
    by should name a column of sessions, such as "host" or "theme"; got 'city'.
    """
    first, second = examples
    shown = repr(value) if isinstance(value, str) else type(value).__name__
    return CourseInputError(tr.gettext("{name} should name a column of {frame}, such as \"{first}\" or "
                                       "\"{second}\"; got {value}.", name=name, frame=frame, first=first,
                                       second=second, value=shown), name)
