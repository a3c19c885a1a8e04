"""Reading what a learner typed: numbers with units, choice sets, free text.

Learners type "4,500", "RMB 4500", "4500 元", "45%", "1.2万" or full-width
digits; all of these are the number they meant. A parser never raises: it
returns the value, or a :class:`Problem` naming what is wrong (the quiz words it).

>>> parse_number("RMB 4,500")
4500.0
>>> parse_number("４５％", unit="percent")
45.0
>>> parse_number("1.2万")
12000.0
>>> parse_number("1.2E+04")
12000.0
>>> parse_number("1/2")
Problem(key='fraction')
>>> parse_number("about fifty")
Problem(key='not_a_number')
>>> normalise_text("  Dwell-Time! ")
'dwell time'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Why an answer could not be read: ``key`` names the problem, and the quiz's marking says it in words."""

    key: str


# One number: sign, digits with optional thousands groups, decimals, a scale word.
_NUMBER = re.compile(
    r"(?P<sign>[-+]?)\s*(?P<digits>\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<exponent>e[-+]?\d+)?"  # spreadsheets show large numbers as 1.2E+04
    r"\s*(?P<scale>万|亿|千|k(?![a-z])|thousand|million|mn|billion|bn)?", re.IGNORECASE)
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "thousand": 1e3, "million": 1e6,
           "mn": 1e6, "billion": 1e9, "bn": 1e9}
_PERCENT_WORDS = {"%", "percent", "per cent", "pct", "percentage points", "pp"}  # i18n: not translated (what a learner may type; matched, never shown)
# Words a learner may put around a number whatever the question's unit.
_UNIT_WORDS = {"rmb", "cny", "yuan", "元", "¥", "$", "x", "×", "times", "倍", "fold",
               "about", "approximately", "approx", "around", "~", "≈", "=", "a", "an",
               "per", "customer", "customers", "order", "orders", "visitor", "visitors",
               "uv", "day", "days", "month", "months", "minutes", "min", "seconds", "s",
               "people", "viewers", "views", "人", "天", "个", "单", "次"}
PERCENT_UNITS = {"percent", "%", "pct", "percentage points", "pp"}  # i18n: not translated (unit names of the quiz banks)
MAX_INPUT = 200  # longer input is not an answer to a quiz question
_ACCOUNTING_NEGATIVE = re.compile(r"\(\s*(?:rmb|¥|\$)?\s*\d[\d,. ]*(?:万|亿|千|k)?\s*\)")


def _clean(text: str) -> str:
    """NFKC (full-width digits and symbols to ASCII), unify minus signs, lower-case."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("−", "-").replace("–", "-").replace("，", ",").casefold().strip()


def parse_number(text: object, *, unit: str | None = None) -> float | Problem:
    """The number in ``text``, in the question's ``unit``, or a :class:`Problem`.

    A trailing "%" is read as percent: for a question whose unit is percent
    "45%" is 45; for any other unit it is 0.45.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return Problem("empty_answer")
    if isinstance(text, bool):
        return Problem("not_a_number")
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else Problem("not_finite")
    if not isinstance(text, str):
        return Problem("not_a_number")
    if len(text) > MAX_INPUT:
        return Problem("too_long")
    cleaned = _clean(text)
    found = list(_NUMBER.finditer(cleaned))
    if not found:
        return Problem("not_a_number")
    if len(found) > 1:
        return _several(cleaned)
    match = found[0]
    rest = (cleaned[:match.start()] + " " + cleaned[match.end():]).strip()
    percent = False
    for word in sorted(_PERCENT_WORDS, key=len, reverse=True):
        if word in rest:
            percent = True
            rest = rest.replace(word, " ")
    allowed = _UNIT_WORDS | set(_clean(unit or "").split())
    leftover = [word for word in re.split(r"[\s.,:;!?()]+", rest) if word]
    if any(word not in allowed for word in leftover):
        return Problem("not_a_number")
    value = float(match["digits"].replace(",", "").replace(" ", "") + (match["exponent"] or ""))
    value *= _SCALES.get((match["scale"] or "").casefold(), 1.0)
    # "(5,000)" is how accounts and spreadsheets write a negative amount.
    if match["sign"] == "-" or _ACCOUNTING_NEGATIVE.fullmatch(cleaned):
        value = -value
    if not math.isfinite(value):
        return Problem("not_finite")
    if percent and _clean(unit or "") not in PERCENT_UNITS:
        value /= 100.0
    return value


def _several(cleaned: str) -> Problem:
    """Why text holding more than one run of digits is not one number."""
    if re.fullmatch(r"[-+]?\d+,\d{1,2}\D*|[-+]?\d{1,3}(?:\.\d{3})+,\d+\D*", cleaned):
        return Problem("decimal_comma")  # "4,5" or "1.234,5": a decimal comma
    if re.fullmatch(r"[-+]?\d+\s*[/⁄]\s*\d+\D*", cleaned):
        return Problem("fraction")
    return Problem("several_numbers")


def normalise_text(text: str) -> str:
    """Case-, width-, whitespace- and punctuation-insensitive form of a text answer."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    return " ".join(kept.split())


def parse_choices(answer: object, choice_ids: Iterable[str], *, single: bool) -> tuple[str, ...] | Problem:
    """The chosen choice ids, checked against ``choice_ids``.

    Accepts an id ("b"), a list or set of ids, or a comma-separated string ("a, c").
    """
    known = {normalise_text(cid): cid for cid in choice_ids}
    if answer is None:
        return Problem("empty_answer")
    if isinstance(answer, str):
        parts = [part for part in re.split(r"[,;，、\s]+", answer) if part.strip()]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        parts = list(answer)
    else:
        return Problem("not_a_choice")
    if not parts:
        return Problem("empty_answer")
    chosen = []
    for part in parts:
        if not isinstance(part, str) or normalise_text(part) not in known:
            return Problem("not_a_choice")
        chosen.append(known[normalise_text(part)])
    unique = tuple(sorted(set(chosen)))
    if single and len(unique) > 1:
        return Problem("one_choice_only")
    return unique
