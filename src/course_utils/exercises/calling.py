"""Calling learner code from a check case: any error becomes one kind line.

``call(function, *args)`` runs the learner's function; whatever it raises (even
``exit()``) comes back as a :class:`LearnerError` whose ``summary`` is the
error's kind and first line. Whether that error was an unwritten stub ("not
attempted yet") is decided by the checks (:func:`course_utils.exercises.checks.stub_owner`),
which know every task's function.
"""

from __future__ import annotations

from typing import Any

from course_utils.i18n import Translator

tr = Translator("exercises")


class LearnerError(Exception):
    """The learner's code raised; ``summary`` is one line for the feedback, ``error`` what was raised."""

    def __init__(self, summary: str, error: BaseException | None = None):
        super().__init__(summary)
        self.summary = summary
        self.error = error


def describe(value: Any) -> str:
    """What a learner's function gave back, in words ("nothing (None) ...", "an int", "a DataFrame").

    >>> describe(None).startswith("nothing")
    True
    >>> describe(3), describe("x")
    ('an int', 'a str')
    """
    if value is None:
        return tr.gettext("nothing (None), which usually means the function has no `return` line")
    kind = type(value).__name__
    # English picks its article by the type name's first letter; each form is a whole phrase to translate.
    if kind[:1].lower() in "aeiou" or kind == "ndarray":  # "an ndarray", said "en-dee-array"
        return tr.pgettext("a value's type, name starting with a vowel", "an {kind}", kind=kind)
    return tr.pgettext("a value's type", "a {kind}", kind=kind)


def first_line(error: BaseException) -> str:
    """The first line of an error's message ("" when it has none or cannot print it)."""
    try:
        text = str(error).strip()
    except Exception:  # an exception whose message itself fails to print
        return ""
    return text.splitlines()[0] if text else ""


def summarise(error: BaseException) -> str:
    """One line for an error in learner code: its kind and the first line of its message."""
    text = first_line(error)
    kind = type(error).__name__
    summary = tr.gettext("your code raised {kind}: {text}", kind=kind, text=text) if text else tr.gettext("your code raised {kind}", kind=kind)
    if isinstance(error, TypeError) and "argument" in text:
        summary = tr.gettext("{summary}. Check that your function takes the inputs the task names, in the same "
                             "order.", summary=summary.rstrip("."))
    return summary


def call(function, *args, **kwargs):
    """Call learner code; turn anything it raises into a :class:`LearnerError`."""
    if not callable(function):
        kind = "None" if function is None else describe(function)
        raise LearnerError(tr.gettext("this task asks for a function, but the name holds {kind}; define it with "
                                      "`def`.", kind=kind))
    try:
        return function(*args, **kwargs)
    except (Exception, SystemExit) as error:  # learner code may raise anything (even exit()); one line
        raise LearnerError(summarise(error), error) from None
