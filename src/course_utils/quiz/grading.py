"""Grading one answer to one question: a pure function that never raises on input.

``grade(question, answer)`` returns a :class:`Result`. ``status`` is "correct",
"incorrect" or "invalid" (the answer could not be read: empty, not a number, no
such choice); ``message`` is one short line; ``feedback`` holds the feedback of
the chosen choices (or, for a numeric answer, of the predictable wrong value it
matches) and, once the answer is right, the explanation. Explanations
are held back after a wrong answer so that a retry is still a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_utils.messages import msg
from course_utils.quiz.bank import CommonWrong, Question, close_to
from course_utils.quiz.parsing import PERCENT_UNITS, Problem, normalise_text, parse_choices, parse_number
from course_utils.quiz.seal import text_matches

STATUSES = ("correct", "incorrect", "invalid")


@dataclass(frozen=True)
class Result:
    correct: bool
    status: str
    message: str
    feedback: str = ""


def _invalid(problem: Problem, question: Question) -> Result:
    choices = ", ".join(c.id for c in question.choices)
    return Result(False, "invalid", msg(f"quiz.{problem.key}", choices=choices, unit=question.unit or ""))


def _verdict(right: bool, feedback: list[str], question: Question, hint: str = "") -> Result:
    if right:
        parts = feedback + ([question.explanation] if question.explanation else [])
        return Result(True, "correct", msg("quiz.correct"), "\n".join(parts))
    return Result(False, "incorrect", msg("quiz.incorrect") + (" " + hint if hint else ""), "\n".join(feedback))


def within(question: Question, value: float) -> bool:
    """Is ``value`` within the question's absolute or percentage tolerance of its answer?"""
    return close_to(value, question.answer, question.tolerance, question.tolerance_pct)


def common_slip(question: Question, value: float) -> CommonWrong | None:
    """The bank's entry for a predictable wrong answer that ``value`` matches, if any.

    An entry without its own tolerance takes the question's: the same absolute
    margin, or the same percentage of the wrong value.
    """
    for slip in question.common_wrong:
        if slip.tolerance is not None:
            matched = close_to(value, slip.value, slip.tolerance, None)
        else:
            matched = close_to(value, slip.value, question.tolerance, question.tolerance_pct)
        if matched:
            return slip
    return None


def _grade_choices(question: Question, answer: object) -> Result:
    chosen = parse_choices(answer, [c.id for c in question.choices], single=question.type == "single")
    if isinstance(chosen, Problem):
        # Nothing ticked on a choice question: "choose", not "enter".
        return _invalid(Problem("no_choice") if chosen.key == "empty_answer" else chosen, question)
    feedback = [question.choice(cid).feedback for cid in chosen if question.choice(cid).feedback]
    right = set(question.correct_ids)
    if set(chosen) == right:
        return _verdict(True, feedback, question)
    hint = ""
    if question.type == "multiple":
        hits = len(right & set(chosen))
        hint = msg("quiz.partial", right=hits, total=len(right), wrong=len(set(chosen) - right))
    return _verdict(False, feedback, question, hint)


def _grade_numeric(question: Question, answer: object) -> Result:
    value = parse_number(answer, unit=question.unit)
    if isinstance(value, Problem):
        return _invalid(value, question)
    if within(question, value):
        return _verdict(True, [], question)
    slip = common_slip(question, value)
    if slip is not None:
        # The bank's own words for this slip say more than the generic share-or-percent hint.
        return _verdict(False, [slip.feedback], question)
    hint = ""
    if question.unit.strip().casefold() in PERCENT_UNITS and within(question, value * 100):
        hint = msg("quiz.share_not_percent", value=value, percent=value * 100)
    return _verdict(False, [], question, hint)


def _grade_text(question: Question, answer: object) -> Result:
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return _invalid(Problem("empty_answer"), question)
    if not isinstance(answer, str):
        return _invalid(Problem("not_text"), question)
    if len(answer) > 200:
        return _invalid(Problem("too_long"), question)
    if not normalise_text(answer):
        return _invalid(Problem("not_text"), question)
    if question.accept_sha256:
        right = text_matches(question.accept_sha256, question.salt, answer)
    else:
        right = normalise_text(answer) in {normalise_text(a) for a in question.accept}
    return _verdict(right, [], question)


_GRADERS = {"single": _grade_choices, "multiple": _grade_choices, "numeric": _grade_numeric, "text": _grade_text}


def grade(question: Question, answer: object) -> Result:
    """Grade ``answer`` to ``question``; bad input gives status "invalid", never an exception."""
    if not isinstance(question, Question):
        from course_utils.errors import CourseInputError

        raise CourseInputError(msg("common.wrong_type", name="question", expected="a quiz Question",
                                   kind=type(question).__name__), "question")
    return _GRADERS[question.type](question, answer)
