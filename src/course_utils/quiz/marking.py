"""Grading one answer to one question: a pure function that never raises on input.

``grade(question, answer)`` returns a :class:`Result`. ``status`` is "correct",
"incorrect" or "invalid" (the answer could not be read: empty, not a number, no
such choice); ``message`` is one short line; ``feedback`` holds the feedback of
the chosen choices (or, for a numeric answer, of the predictable wrong value it
matches) and, once the answer is right, the explanation. Explanations
are held back after a wrong answer so that a retry is still a test.

A question from a sealed bank (:mod:`course_utils.quiz.seal`) is graded the same
way, but the verdict, feedback and explanation come out of the entry that the
learner's own answer unlocks (:mod:`course_utils.quiz.lock`): a wrong answer
opens no explanation, because it derives a key that opens nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from course_utils.i18n import Translator
from course_utils.quiz.bank import Question
from course_utils.quiz.tolerance import CommonWrong, close_to, slip_band
from course_utils.quiz.lock import choice_form, text_form, value_forms
from course_utils.parsing import (PERCENT_UNITS, Problem, normalise_text, parse_choices, parse_number,
                                  percent_written, unit_kinds)

tr = Translator("quiz")

STATUSES = ("correct", "incorrect", "invalid")


@dataclass(frozen=True)
class Result:
    correct: bool
    status: str
    message: str
    feedback: str = ""


def problem_message(problem: Problem, choices: str = "", unit: str = "") -> str:
    """What the learner reads when an answer could not be read (``problem.key`` names why).

    >>> problem_message(Problem("not_a_choice"), choices="a, b")
    'Please pick from the choices shown (a, b).'
    """
    return {
        "empty_answer": lambda: tr.gettext("Please enter an answer first."),
        "no_choice": lambda: tr.gettext("Please choose an answer first."),
        "not_a_number": lambda: tr.gettext("Please enter a number, for example 4500 or 4,500."),
        "not_finite": lambda: tr.gettext("That number cannot be checked; please enter an ordinary number such as "
                                         "4500."),
        "too_long": lambda: tr.gettext("That answer is very long; please enter just the answer."),
        "several_numbers": lambda: tr.gettext("Please enter a single number."),
        "decimal_comma": lambda: tr.gettext("Please write decimals with a point, for example 4.5."),
        "fraction": lambda: tr.gettext("Please write a fraction as a decimal number, for example 0.5 rather than "
                                       "1/2."),
        "not_a_choice": lambda: tr.gettext("Please pick from the choices shown ({choices}).", choices=choices),
        "one_choice_only": lambda: tr.gettext("Please pick just one choice."),
        "not_text": lambda: tr.gettext("Please type your answer as words."),
        "wrong_unit": lambda: tr.gettext("That unit does not fit this question: please give the answer in {unit}.",
                                         unit=unit),
    }[problem.key]()


def _invalid(problem: Problem, question: Question) -> Result:
    choices = tr.pgettext("between the items of a list", ", ").join(c.id for c in question.choices)
    return Result(False, "invalid", problem_message(problem, choices, question.unit))


def _verdict(right: bool, feedback: list[str], explanation: str = "", hint: str = "") -> Result:
    if right:
        parts = feedback + ([explanation] if explanation else [])
        return Result(True, "correct", tr.gettext("Correct!"), "\n".join(parts))
    message = tr.gettext("Not quite. Try again. {hint}", hint=hint) if hint else tr.gettext("Not quite. Try again.")
    return Result(False, "incorrect", message, "\n".join(feedback))


def within(question: Question, value: float) -> bool:
    """Is ``value`` within the question's absolute or percentage tolerance of its answer?"""
    return close_to(value, question.answer, question.tolerance, question.tolerance_pct)


def common_slip(question: Question, value: float) -> CommonWrong | None:
    """The bank's entry for a predictable wrong answer that ``value`` matches, if any.

    An entry without its own tolerance takes the question's: the same absolute
    margin, or the same percentage of the wrong value, at most 5% of it (:func:`slip_band`).
    """
    for slip in question.common_wrong:
        if close_to(value, slip.value, *slip_band(slip, question.tolerance, question.tolerance_pct)):
            return slip
    return None


def _hint(question: Question, answer: object, value: float, right: Callable[[float], bool]) -> str:
    """A share typed for a percentage, or a multiple typed as a percentage ("8%" for 8×), if ``right`` says so."""
    if question.unit.strip().casefold() in PERCENT_UNITS and right(value * 100):
        return tr.gettext("You may have entered a share: {value:g} is {percent:g}%, and this question asks for a "
                          "percentage.", value=value, percent=value * 100)
    if "multiple" in unit_kinds(question.unit) and percent_written(answer) and right(value * 100):
        return tr.gettext("You may have written a multiple as a percentage: {percent:g}% means {value:g}, and this "
                          "question asks for a multiple.", value=value, percent=value * 100)
    return ""


def choice_outcome(question: Question, chosen: tuple[str, ...]) -> dict:
    """What a set of chosen ids earns on a plain bank: what sealing locks under that set.

    ``correct``, the chosen choices' ``feedback``, the ``partial`` counts (right
    picked, right in all, wrong picked) of a wrong multiple-choice answer, and the
    ``explanation`` once right.
    """
    feedback = [question.choice(cid).feedback for cid in chosen if question.choice(cid).feedback]
    right = set(question.correct_ids)
    correct = set(chosen) == right
    partial = None
    if question.type == "multiple" and not correct:
        partial = [len(right & set(chosen)), len(right), len(set(chosen) - right)]
    return {"correct": correct, "feedback": feedback, "partial": partial,
            "explanation": question.explanation if correct else ""}


def _grade_choices(question: Question, answer: object) -> Result:
    chosen = parse_choices(answer, [c.id for c in question.choices], single=question.type == "single")
    if isinstance(chosen, Problem):
        # Nothing ticked on a choice question: "choose", not "enter".
        return _invalid(Problem("no_choice") if chosen.key == "empty_answer" else chosen, question)
    if question.sealed is None:
        outcome = choice_outcome(question, chosen)
    else:
        opened = question.sealed.open(choice_form(chosen))
        outcome = opened if isinstance(opened, dict) else {"correct": False}
    partial = outcome.get("partial")
    hint = tr.ngettext("You picked {right} of the {total} right choice and {wrong} that do not belong.",
                       "You picked {right} of the {total} right choices and {wrong} that do not belong.", partial[1],
                       right=partial[0], total=partial[1], wrong=partial[2]) if partial else ""
    return _verdict(bool(outcome.get("correct")), list(outcome.get("feedback") or []),
                    str(outcome.get("explanation") or ""), hint)


def _unlocked(question: Question, value: float) -> list[dict]:
    """The numeric entries ``value`` opens: the answer's band, common slips' bands (each with its exact band)."""
    found: list[dict] = []
    for grid in question.sealed.grids:
        for form in value_forms(grid, value):
            opened = question.sealed.open(form)
            if isinstance(opened, list):
                found += [item for item in opened if isinstance(item, dict) and item not in found]
    return found


def _answer_entry(found: list[dict], value: float) -> dict | None:
    """The answer's entry among ``found`` if ``value`` is within its exact band (a cell is wider than the band)."""
    return next((c for c in found if c.get("kind") == "answer"
                 and close_to(value, c["answer"], c.get("tolerance"), c.get("tolerance_pct"))), None)


def _grade_sealed_numeric(question: Question, answer: object, value: float) -> Result:
    found = _unlocked(question, value)
    entry = _answer_entry(found, value)
    if entry is not None:
        return _verdict(True, [], str(entry.get("explanation") or ""))
    slips = sorted((c for c in found if c.get("kind") == "slip"), key=lambda c: c.get("order", 0))
    slip = next((c for c in slips if close_to(value, c["value"], c.get("tolerance"), c.get("tolerance_pct"))), None)
    if slip is not None:
        return _verdict(False, [str(slip["feedback"])])
    hint = _hint(question, answer, value, lambda v: _answer_entry(_unlocked(question, v), v) is not None)
    return _verdict(False, [], hint=hint)


def _grade_numeric(question: Question, answer: object) -> Result:
    # Strict units: "5元" or "5天" is not an answer in × ("5倍", "5x" are).
    value = parse_number(answer, unit=question.unit, strict_units=True)
    if isinstance(value, Problem):
        return _invalid(value, question)
    if question.sealed is not None:
        return _grade_sealed_numeric(question, answer, value)
    if within(question, value):
        return _verdict(True, [], question.explanation)
    slip = common_slip(question, value)
    if slip is not None:
        # The bank's own words for this slip say more than the generic share-or-percent hint.
        return _verdict(False, [slip.feedback])
    return _verdict(False, [], hint=_hint(question, answer, value, lambda v: within(question, v)))


# "X (Y)" or "X（Y）": how the course writes a term with its other-language name (中介中心性（betweenness centrality）).
_GLOSSED = re.compile(r"\s*([^()]+?)\s*\(([^()]+)\)(.*)", re.DOTALL)


def _glossed_parts(answer: str) -> tuple[str, str] | None:
    """The two normalised parts of an answer written "X (Y)", or None for any other form."""
    match = _GLOSSED.fullmatch(unicodedata.normalize("NFKC", answer))
    if not match or normalise_text(match[3]):
        return None
    first, second = normalise_text(match[1]), normalise_text(match[2])
    return (first, second) if first and second else None


# Words a learner puts around a name without changing it: "the Mini Programs", "WeChat Mini Programs",
# "微信小程序", "dwell time in Channels".
_LEAD = re.compile(r"(?:the|a|an|wechat|wechat s)\s+|微信(?=\S)")
_TRAIL = re.compile(r"\s+(?:in|on)\s+(?:wechat\s+)?channels$")


def _forms(text: str) -> list[str]:
    """A normalised answer; without a leading article or "WeChat", or a trailing "in Channels"
    ("the WeChat Mini Programs" is "mini programs"); and, if it ends in a possessive 的 ("小程序的"),
    without that.

    >>> _forms("the wechat mini programs"), _forms("dwell time in channels")
    (['the wechat mini programs', 'mini programs'], ['dwell time in channels', 'dwell time'])
    >>> _forms("微信小程序的")
    ['微信小程序的', '小程序的', '微信小程序', '小程序']
    """
    bare = _TRAIL.sub("", text) or text
    while (match := _LEAD.match(bare)) and match.end() < len(bare):
        bare = bare[match.end():]
    forms = [text] if bare == text else [text, bare]
    if text.endswith("的") and len(text) > 1:
        forms += [form[:-1].rstrip() for form in forms]
    return forms


def _text_judge(question: Question) -> Callable[[str], tuple[str, str]]:
    """How one normalised text fares: ("right", explanation), ("wrong", "") if it is a listed wrong
    answer (``reject``), or ("", ""). A sealed bank says it from the entry the text opens."""
    if question.sealed is not None:
        def judge(text: str) -> tuple[str, str]:
            opened = question.sealed.open(text_form(text))
            if not isinstance(opened, dict):
                return "", ""
            return ("right", str(opened.get("explanation") or "")) if opened.get("correct") else ("wrong", "")
        return judge
    accepted = {normalise_text(a) for a in question.accept}
    rejected = {normalise_text(r) for r in question.reject}
    return lambda text: ("right", question.explanation) if text in accepted else \
        ("wrong" if text in rejected else "", "")


def _grade_text(question: Question, answer: object) -> Result:
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return _invalid(Problem("empty_answer"), question)
    if not isinstance(answer, str):
        return _invalid(Problem("not_text"), question)
    if len(answer) > 200:
        return _invalid(Problem("too_long"), question)
    if not normalise_text(answer):
        return _invalid(Problem("not_text"), question)
    judge = _text_judge(question)

    def verdict(text: str) -> tuple[str, str]:
        found = [judge(form) for form in _forms(text)]
        return next((v for v in found if v[0] == "right"), next((v for v in found if v[0]), ("", "")))

    whole = verdict(normalise_text(answer))
    if whole[0] == "right":
        return _verdict(True, [], whole[1])
    parts = _glossed_parts(answer)
    if whole[0] == "" and parts is not None:
        # "X (Y)" is right when either part is, unless the other is a listed wrong answer: a hedge
        # between a right and a wrong answer earns nothing.
        first, second = verdict(parts[0]), verdict(parts[1])
        right = next((v for v in (first, second) if v[0] == "right"), None)
        if right is not None and "wrong" not in (first[0], second[0]):
            return _verdict(True, [], right[1])
    return _verdict(False, [])


_GRADERS = {"single": _grade_choices, "multiple": _grade_choices, "numeric": _grade_numeric, "text": _grade_text}


def grade(question: Question, answer: object) -> Result:
    """Grade ``answer`` to ``question``; bad input gives status "invalid", never an exception."""
    if not isinstance(question, Question):
        from course_utils.errors import CourseInputError

        raise CourseInputError(tr.gettext("question should be a quiz Question; got {kind}.",
                                          kind=type(question).__name__), "question")
    return _GRADERS[question.type](question, answer)
