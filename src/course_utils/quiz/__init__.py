"""The self-check quizzes: banks, grading, the widget, saved progress and sealing.

>>> from course_utils.quiz import show_quiz
>>> show_quiz(3.5)
Traceback (most recent call last):
...
course_utils.errors.CourseInputError: lesson should be a lesson number such as "01" or 1; got 3.5 (float).

``show_quiz`` and ``Quiz`` are imported on first use, so importing this package
(for grading or sealing, say) does not load ipywidgets.
"""

from __future__ import annotations

from course_utils.quiz.bank import Bank, Choice, Question, QuizBankError, all_banks, bank_from_dict, load_bank
from course_utils.quiz.marking import STATUSES, Result, grade
from course_utils.quiz.seal import bank_key_strings, bank_secret_strings, seal_bank
from course_utils.quiz.tolerance import CommonWrong

__all__ = ["Bank", "Choice", "CommonWrong", "Question", "Quiz", "QuizBankError", "Result", "STATUSES", "all_banks",
           "bank_from_dict", "bank_key_strings", "bank_secret_strings", "grade", "load_bank", "seal_bank",
           "show_quiz"]


def show_quiz(lesson, ids=None, *, instructor=False, path=None):
    """Show the self-check quiz of ``lesson`` (see :func:`course_utils.quiz.widget.show_quiz`)."""
    from course_utils.quiz.widget import show_quiz as _show_quiz

    return _show_quiz(lesson, ids, instructor=instructor, path=path)


def __getattr__(name: str):
    if name == "Quiz":
        from course_utils.quiz.widget import Quiz

        return Quiz
    raise AttributeError(f"module 'course_utils.quiz' has no attribute {name!r}")
