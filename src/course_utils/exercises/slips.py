"""Common slips behind a wrong number: a percentage for a fraction, a flipped sign, a missing x 12.

A check knows the number it expects; when a learner's number is that number
times a tell-tale factor, the slip is almost certainly the reason, and naming it
helps more than "not right". The hint names the slip, never the expected value.

>>> diagnose(45.0, 0.45) == msg("exercises.slip_percent")
True
>>> diagnose(-0.2, 0.2) == msg("exercises.slip_sign")
True
>>> diagnose(0.3, 0.45) is None
True
"""

from __future__ import annotations

import math

from course_utils.i18n import Translator
from course_utils.messages import msg

tr = Translator("exercises")

# (factor, message key): value == expected * factor. Order matters where two could match.
FACTORS = (
    (100.0, "slip_percent"),
    (0.01, "slip_fraction"),
    (-1.0, "slip_sign"),
    (12.0, "slip_times_12"),
    (1 / 12, "slip_over_12"),
    (1000.0, "slip_times_1000"),
    (0.001, "slip_over_1000"),
)


def _close(a: float, b: float, rel: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def diagnose(value: float, expected: float, rel: float = 1e-6) -> str | None:
    """The hint for the slip that turns ``expected`` into ``value``, or None.

    Zero, infinite or non-finite numbers carry no slip (every multiple of 0 is 0).

    >>> diagnose(4.0, 0.25) == msg("exercises.slip_reciprocal")
    True
    >>> diagnose(0.0, 0.0) is None and diagnose(float("inf"), 2.0) is None
    True
    """
    try:
        value, expected = float(value), float(expected)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(value) and math.isfinite(expected)) or expected == 0 or value == 0:
        return None
    if _close(value, expected, rel):
        return None
    for factor, key in FACTORS:
        if _close(value, expected * factor, rel):
            return msg(f"exercises.{key}")
    if not _close(expected, 1 / expected, rel) and _close(value, 1 / expected, rel):
        return tr.gettext("it looks upside down: are the numerator and the denominator swapped?")
    return None


def diagnose_all(values, expected, rel: float = 1e-6) -> str | None:
    """One hint when every value shows the same slip against its expected number (a column, a Series).

    >>> diagnose_all([10.0, 50.0], [0.1, 0.5]) == msg("exercises.slip_percent")
    True
    >>> diagnose_all([10.0, 0.5], [0.1, 0.5]) is None
    True
    """
    pairs = [(v, e) for v, e in zip(values, expected) if e != 0]
    if not pairs:
        return None
    hints = {diagnose(v, e, rel) for v, e in pairs}
    return hints.pop() if len(hints) == 1 else None
