"""Common slips behind a wrong number: a percentage for a fraction, a flipped sign, a missing x 12.

A check knows the number it expects; when a learner's number is that number
times a tell-tale factor, the slip is almost certainly the reason, and naming it
helps more than "not right". The hint names the slip, never the expected value.

>>> diagnose(45.0, 0.45) == slip_hint("percent")
True
>>> diagnose(-0.2, 0.2) == slip_hint("sign")
True
>>> diagnose(0.3, 0.45) is None
True
>>> diagnose(0.4286, 3 / 7) == slip_hint("rounded")   # rounded inside the function
True
"""

from __future__ import annotations

import math

from course_utils.i18n import Translator

tr = Translator("exercises")

# (factor, slip): value == expected * factor. Order matters where two could match.
FACTORS = (
    (100.0, "percent"),
    (0.01, "fraction"),
    (-1.0, "sign"),
    (12.0, "times_12"),
    (1 / 12, "over_12"),
    (1000.0, "times_1000"),
    (0.001, "over_1000"),
)


def slip_hint(slip: str) -> str:
    """The hint that names a slip (``percent``, ``sign``, ``reciprocal``, ...: see :data:`FACTORS`)."""
    return {
        "percent": lambda: tr.gettext("is a percentage being used as a fraction? Rates here are fractions (0.05 for "
                                      "5%), so do not multiply by 100."),
        "fraction": lambda: tr.gettext("is a fraction being divided by 100 again? Rates here are fractions already "
                                       "(0.05 for 5%)."),
        "sign": lambda: tr.gettext("the size looks right but the sign is flipped: is a subtraction the wrong way "
                                   "round?"),
        "times_12": lambda: tr.gettext("is a monthly figure being multiplied by 12, or a yearly total left "
                                       "undivided, where the task does not ask for it?"),
        "over_12": lambda: tr.gettext("is something being divided by 12 (months) where the task does not ask for "
                                      "it?"),
        "times_1000": lambda: tr.gettext("is the result being scaled per thousand where the task does not ask for "
                                         "it, or twice?"),
        "over_1000": lambda: tr.gettext("is the \"per thousand\" scaling missing (multiply by 1000)?"),
        "reciprocal": lambda: tr.gettext("it looks upside down: are the numerator and the denominator swapped?"),
        "rounded": lambda: tr.gettext("the number looks rounded: return it unrounded, and round only when you print "
                                      "it."),
    }[slip]()


def _close(a: float, b: float, rel: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def rounded(value: float, expected: float) -> bool:
    """True when ``value`` is ``expected`` rounded, to 0–6 decimal places or 1–6 significant digits.

    >>> rounded(4896.0, 4895.83), rounded(0.33, 1 / 3), rounded(0.34, 1 / 3)
    (True, True, False)
    """
    candidates = [round(expected, places) for places in range(7)]
    candidates += [float(f"{expected:.{digits}g}") for digits in range(1, 7)]
    return any(candidate != expected and math.isclose(value, candidate, rel_tol=1e-12, abs_tol=1e-12)
               for candidate in candidates)


def diagnose(value: float, expected: float, rel: float = 1e-6) -> str | None:
    """The hint for the slip that turns ``expected`` into ``value``, or None.

    Zero, infinite or non-finite numbers carry no slip (every multiple of 0 is 0).

    >>> diagnose(4.0, 0.25) == slip_hint("reciprocal")
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
    if rounded(value, expected):
        return slip_hint("rounded")
    for factor, slip in FACTORS:
        if _close(value, expected * factor, rel):
            return slip_hint(slip)
    if not _close(expected, 1 / expected, rel) and _close(value, 1 / expected, rel):
        return slip_hint("reciprocal")
    return None


def diagnose_all(values, expected, rel: float = 1e-6) -> str | None:
    """One hint when every value shows the same slip against its expected number (a column, a Series).

    >>> diagnose_all([10.0, 50.0], [0.1, 0.5]) == slip_hint("percent")
    True
    >>> diagnose_all([10.0, 0.5], [0.1, 0.5]) is None
    True
    >>> diagnose_all([0.25, 0.33], [0.25, 1 / 3]) == slip_hint("rounded")
    True
    """
    pairs = [(v, e) for v, e in zip(values, expected) if e != 0]
    if not pairs:
        return None
    # A rounded column is exact wherever the numbers happen to be round.
    wrong = [(v, e) for v, e in pairs if not _close(v, e, rel)]
    if wrong and all(v != 0 and rounded(v, e) for v, e in wrong):  # a 0 is more likely missing than rounded
        return slip_hint("rounded")
    hints = {diagnose(v, e, rel) for v, e in pairs}
    return hints.pop() if len(hints) == 1 else None
