"""How near a typed number must be to count: the answer's band, and a common slip's.

A numeric question accepts a number within its ``tolerance`` (absolute) or
``tolerance_pct`` (per cent of the answer); a predictable wrong number (a
:class:`CommonWrong`) gets its own feedback within a narrower band.
"""

from __future__ import annotations

from dataclasses import dataclass

# A slip without its own tolerance takes the question's, but never more than this per cent of its value:
# a question's absolute margin can be wider than a small slip itself (±0.05 around a slip of 0.125).
SLIP_PCT = 5.0


@dataclass(frozen=True)
class CommonWrong:
    """A predictable wrong answer to a numeric question; its own ``tolerance`` (absolute) or
    ``tolerance_pct``, else the question's capped at :data:`SLIP_PCT` (:func:`slip_band`)."""

    value: float
    feedback: str
    tolerance: float | None = None
    tolerance_pct: float | None = None


def close_to(value: float, target: float, tolerance: float | None, tolerance_pct: float | None) -> bool:
    """Is ``value`` within ``tolerance`` (absolute) or ``tolerance_pct`` (per cent of ``target``) of ``target``?

    >>> close_to(4.99, 5, 0.01, None), close_to(4, 5, 0.01, None), close_to(60500, 60000, None, 1)
    (True, False, True)
    """
    if tolerance_pct is not None:
        allowed = abs(float(target)) * float(tolerance_pct) / 100.0
    else:
        allowed = float(tolerance or 0.0)
    # A hair of slack so that an answer typed at the edge of the tolerance counts.
    return abs(float(value) - float(target)) <= allowed * (1 + 1e-9) + 1e-12


def slip_band(slip: CommonWrong, tolerance: float | None,
              tolerance_pct: float | None) -> tuple[float | None, float | None]:
    """The (absolute, per cent) tolerance of a common wrong number, one of them None.

    Its own if the bank gives one; else the question's (``tolerance``, ``tolerance_pct``):
    the same absolute margin or the same percentage of the wrong value, but at most
    :data:`SLIP_PCT` per cent of it, so that only answers near the slip get its feedback.

    >>> slip_band(CommonWrong(0.125, "x"), 0.05, None), slip_band(CommonWrong(7, "x"), 0.05, None)
    ((None, 5.0), (0.05, None))
    >>> slip_band(CommonWrong(200, "x"), None, 1), slip_band(CommonWrong(200, "x", tolerance_pct=10), 0.05, None)
    ((None, 1), (None, 10))
    """
    if slip.tolerance is not None or slip.tolerance_pct is not None:
        return slip.tolerance, slip.tolerance_pct
    if tolerance_pct is not None:
        return (None, tolerance_pct) if tolerance_pct <= SLIP_PCT else (None, SLIP_PCT)
    if float(tolerance or 0.0) <= abs(float(slip.value)) * SLIP_PCT / 100.0:
        return tolerance, None
    return None, SLIP_PCT
