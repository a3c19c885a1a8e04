"""Building blocks for check cases: a labelled case, compare numbers kindly.

Cases call learner code through :func:`course_utils.exercises.calling.call`.

>>> close(0.3333333, 1 / 3)
True
>>> close(float("inf"), float("inf"))
True
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable

from course_utils.exercises import slips
from course_utils.exercises.calling import call, describe
from course_utils.i18n import Translator

tr = Translator("exercises")


@dataclass
class Case:
    """One public or hidden check: ``run(answer)`` returns None when right, else feedback."""

    label: str
    run: Callable[[Any], str | None]


def close(value, expected, rel: float = 1e-6, absolute: float = 1e-9) -> bool:
    """True when two numbers agree to a relative tolerance (infinities must match)."""
    if math.isinf(expected) or math.isinf(value):
        return value == expected
    return math.isclose(value, expected, rel_tol=rel, abs_tol=absolute)


def real(value) -> float:
    """``float(value)`` for a number only (numpy's too). Text raises TypeError: ``float("12")`` would
    let a check pass digits where the task asks for a number.

    >>> real(3), real(0.25)
    (3.0, 0.25)
    >>> real("0.25")
    Traceback (most recent call last):
    TypeError: expected a number, got str
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def number_or_problem(value) -> tuple[float | None, str | None]:
    """``(float, None)`` for a real number (numpy scalars included), else ``(None, feedback)``."""
    try:
        number = real(value)
    except TypeError:
        if hasattr(value, "shape") or isinstance(value, (list, tuple, dict)):
            # No recipe here: .mean() would be the wrong one where the task asks for a weighted average.
            return None, tr.gettext("expected a single number, but got {kind}; return the one number the task asks "
                                    "for.", kind=describe(value))
        return None, tr.gettext("expected a single number, but got {kind}.", kind=describe(value))
    if math.isnan(number):
        return None, tr.gettext("got NaN (not a number): check for a division by zero or an empty selection.")
    return number, None


def number_case(function, args: tuple, expected: float, *, hints: dict | None = None,
                wrong_hint: str = "", rel: float = 1e-6) -> str | None:
    """Call ``function(*args)``; None when it returns ``expected``.

    ``hints`` maps the result of a known mistake (a number) to the hint that
    explains it, so feedback can say *which* mistake without giving the answer;
    failing those, a common slip (a percentage for a fraction, a flipped sign, a
    missing x 1000) is named (:mod:`~course_utils.exercises.slips`), then ``wrong_hint``.
    """
    return number_feedback(call(function, *args), expected, hints=hints, wrong_hint=wrong_hint, rel=rel)


def number_feedback(returned, expected: float, *, hints: dict | None = None, wrong_hint: str = "",
                    rel: float = 1e-6) -> str | None:
    """:func:`number_case` for a value already returned: None when it is ``expected``, else the feedback."""
    value, problem = number_or_problem(returned)
    if problem:
        return problem
    if close(value, expected, rel=rel):
        return None
    known = next((hint for mistaken, hint in (hints or {}).items() if close(value, mistaken, rel=rel)), None)
    return with_hint(tr.gettext("you returned {value}, which is not right.", value=_show(value, expected)),
                     known or slips.diagnose(value, expected, rel) or wrong_hint)


_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "…")


def with_hint(text: str, hint: str | None) -> str:
    """``text`` followed by ``hint`` as a sentence of its own (nothing when there is no hint).

    >>> with_hint("you returned 3.", "count the orders.")
    'you returned 3. Count the orders.'
    >>> with_hint("your code raised ZeroDivisionError: float division by zero", "check the margin.")
    'your code raised ZeroDivisionError: float division by zero. Check the margin.'
    """
    if not hint:
        return text
    if not text.rstrip().endswith(_SENTENCE_ENDS):  # e.g. a learner's error message, quoted as it came
        text = tr.pgettext("ending a sentence that has no full stop", "{text}.", text=text.rstrip())
    # Two sentences side by side: a language that sets them without a space says so in its catalogue.
    return tr.gettext("{text} {hint}", text=text, hint=sentence(hint))


def sentence(text: str) -> str:
    """``text`` with a capital first letter, to stand as a sentence of its own."""
    return text[:1].upper() + text[1:]


def _show(value: float, expected: float) -> str:
    """``value`` to four significant digits, or more where four would print it like ``expected``;
    a thousand or more with separators, never in scientific notation (money reads as money).

    >>> _show(0.4286, 3 / 7), _show(0.5, 3 / 7)
    ('0.4286', '0.5')
    >>> _show(0.42857, 3 / 7)
    '0.42857'
    >>> _show(37_000.0, 33_000.0), _show(33_001.0, 33_000.0), _show(1_234.5, 1_000.0)
    ('37,000', '33,001', '1,234')
    """
    for digits in range(4, 16):
        if _digits(value, digits) != _digits(expected, digits):
            break
    return _digits(value, digits)


def _digits(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits.

    >>> _digits(1e300, 4), _digits(-2.5e18, 4)
    ('1e+300', '-2.5e+18')
    """
    # Beyond a thousand trillion no amount of money is meant: digits past the 16th would be noise.
    if math.isfinite(value) and 1_000 <= abs(value) < 1e15:
        return f"{value:,.{max(0, digits - len(str(int(abs(value)))))}f}"
    return f"{value:.{digits}g}"
