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
_PERCENT_WORDS = {"%", "percent", "per cent", "pct", "percentage points", "pp", "个百分点", "百分点"}  # i18n: not translated (what a learner may type; matched, never shown)
# Words a learner may put around a number whatever the question's unit.
_UNIT_WORDS = {"rmb", "cny", "yuan", "元", "¥", "$", "x", "×", "times", "倍", "fold",
               "about", "approximately", "approx", "around", "~", "≈", "=", "a", "an",
               "per", "customer", "customers", "order", "orders", "visitor", "visitors",
               "uv", "day", "days", "month", "months", "minutes", "min", "seconds", "s",
               "people", "viewers", "views", "人", "天", "个", "单", "次", "块", "分钟", "秒", "小时"}
# Chinese hedges are written without spaces ("约5", "5个左右"): set aside before the words are split.
_HEDGES_ZH = ("大约", "大概", "差不多", "左右", "上下", "约")  # i18n: not translated (matched, never shown)
PERCENT_UNITS = {"percent", "%", "pct", "percentage points", "pp"}  # i18n: not translated (unit names of the quiz banks)
# What a unit word measures, for strict reading (a quiz question with a unit): "5元" is not 5×.
# Words of the question's own kind are allowed even when _UNIT_WORDS lacks them ("150 秒").
_UNIT_KINDS = {  # i18n: not translated (what a learner may type; matched, never shown)
    **dict.fromkeys(["rmb", "cny", "yuan", "元", "块", "¥", "$"], "money"),
    **dict.fromkeys(["x", "×", "times", "倍", "fold"], "multiple"),
    **dict.fromkeys(["customer", "customers", "order", "orders", "visitor", "visitors", "uv", "people",
                     "viewers", "views", "人", "个", "单", "次"], "count"),
    **dict.fromkeys(["day", "days", "天"], "day"),
    **dict.fromkeys(["month", "months"], "month"),
    **dict.fromkeys(["minutes", "min", "分钟"], "minute"),
    **dict.fromkeys(["seconds", "second", "s", "秒"], "second"),
    **dict.fromkeys(["hours", "hour", "小时"], "hour"),
}
_RATE_OF_MONEY = {"count", "day", "month"}  # "RMB 6.3 per visitor", "RMB 500 per month"
MAX_INPUT = 200  # longer input is not an answer to a quiz question
_ACCOUNTING_NEGATIVE = re.compile(r"\(\s*(?:rmb|¥|\$)?\s*\d[\d,. ]*(?:万|亿|千|k)?\s*\)")


def _clean(text: str) -> str:
    """NFKC (full-width digits and symbols to ASCII), unify minus signs, lower-case."""
    text = unicodedata.normalize("NFKC", text)
    # A Chinese keyboard types 。 for the full stop key: between digits it is the decimal point.
    text = re.sub(r"(?<=\d)。(?=\d)", ".", text)
    return text.replace("−", "-").replace("–", "-").replace("，", ",").casefold().strip()


def parse_number(text: object, *, unit: str | None = None, strict_units: bool = False) -> float | Problem:
    """The number in ``text``, in the question's ``unit``, or a :class:`Problem`.

    A trailing "%" is read as percent: for a question whose unit is percent
    "45%" is 45; for any other unit it is 0.45. With ``strict_units`` a unit word
    of another kind than ``unit``'s is ``Problem("wrong_unit")`` ("5元" for a
    multiple), where a unit of a known kind is given; without one, any unit word passes.

    >>> parse_number("5倍", unit="×", strict_units=True), parse_number("5元", unit="×", strict_units=True)
    (5.0, Problem(key='wrong_unit'))
    >>> parse_number("12。5"), parse_number("１２。"), parse_number(10 ** 400)
    (12.5, 12.0, Problem(key='not_finite'))
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return Problem("empty_answer")
    if isinstance(text, bool):
        return Problem("not_a_number")
    if isinstance(text, (int, float)):
        try:
            value = float(text)
        except OverflowError:  # an int beyond any float
            return Problem("not_finite")
        return value if math.isfinite(value) else Problem("not_finite")
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
    for hedge in _HEDGES_ZH:
        rest = rest.replace(hedge, " ")
    allowed = _UNIT_WORDS | set(_clean(unit or "").split())
    leftover = [word for word in re.split(r"[\s.,:;!?()。]+", rest) if word]
    kinds = unit_kinds(unit) if strict_units else set()
    allowed |= {word for word in leftover if _UNIT_KINDS.get(word) in kinds}
    if any(word not in allowed for word in leftover):
        return Problem("not_a_number")
    if kinds and _wrong_unit(leftover, kinds):
        return Problem("wrong_unit")
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


def unit_kinds(unit: str | None) -> set[str]:
    """What the question's ``unit`` measures ("money", "multiple", "percent", ...); empty when unknown.

    >>> unit_kinds("×"), unit_kinds("元"), unit_kinds("%"), unit_kinds("")
    ({'multiple'}, {'money'}, {'percent'}, set())
    """
    cleaned = _clean(unit or "")
    if cleaned in PERCENT_UNITS:
        return {"percent"}
    return {_UNIT_KINDS[word] for word in cleaned.split() if word in _UNIT_KINDS}


def _wrong_unit(words: list[str], kinds: set[str]) -> bool:
    """Does a unit word measure something else than the question's unit (a rate of money aside)?"""
    for word in words:
        kind = _UNIT_KINDS.get(word)
        if kind is None or kind in kinds:
            continue
        if kinds == {"money"} and kind in _RATE_OF_MONEY and "per" in words:
            continue
        return True
    return False


def percent_written(text: object) -> bool:
    """Did the learner write a percentage ("8%", "8 percent")? Such a number was divided by 100.

    >>> percent_written("８％"), percent_written("8"), percent_written(8)
    (True, False, False)
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return False
    cleaned = _clean(text)
    return any(word in cleaned for word in _PERCENT_WORDS)


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


# "选A", "答案：B": a lead-in before the letters, as learners write an answer to a choice question.
_CHOICE_LEAD = re.compile(r"\s*(?:我选|选择|选|答案是|答案|答)\s*[:：]?\s*")  # i18n: not translated (what a learner may type; matched, never shown)


def parse_choices(answer: object, choice_ids: Iterable[str], *, single: bool) -> tuple[str, ...] | Problem:
    """The chosen choice ids, checked against ``choice_ids``.

    Accepts an id ("b"), a list or set of ids, or a comma-separated string ("a, c").
    Where every id is one character, a typed run of ids in order ("bcd", "ＡＣ") is
    those ids, and a lead-in such as "选" or "答案：" before them is skipped.

    >>> parse_choices("ＢＣＤ", ["a", "b", "c", "d"], single=False), parse_choices("选A", ["a", "b"], single=True)
    (('b', 'c', 'd'), ('a',))
    """
    ids = list(choice_ids)
    known = {normalise_text(cid): cid for cid in ids}
    letters = all(len(key) == 1 for key in known)
    if answer is None:
        return Problem("empty_answer")
    if isinstance(answer, str):
        text = unicodedata.normalize("NFKC", answer)
        if letters:
            lead = _CHOICE_LEAD.match(text)
            text = text[lead.end():] if lead and lead.end() < len(text) else text
        parts = [part for part in re.split(r"[,;，、\s]+", text) if part.strip()]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        parts = list(answer)
    else:
        return Problem("not_a_choice")
    if not parts:
        return Problem("empty_answer")
    chosen = []
    for part in parts:
        if not isinstance(part, str):
            return Problem("not_a_choice")
        key = normalise_text(part)
        if key in known:
            chosen.append(known[key])
        elif letters and isinstance(answer, str) and _run_of_ids(key, known):
            chosen += [known[letter] for letter in key]
        else:
            return Problem("not_a_choice")
    unique = tuple(sorted(set(chosen)))
    if single and len(unique) > 1:
        return Problem("one_choice_only")
    return unique


def _run_of_ids(key: str, known: dict[str, str]) -> bool:
    """Is ``key`` one-character ids run together in order, each once ("bcd")?

    Out of order or repeated ("bad", "add") it reads as a word, not as choices.
    """
    return len(key) > 1 and all(letter in known for letter in key) and list(key) == sorted(set(key))
