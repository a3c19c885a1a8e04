"""Scoring one code task, in the grading process: public and hidden cases, capped at the task's points.

``answer`` is whatever stands for the learner's function: in ``course grade`` a
:mod:`remote` stand-in that calls into the learner's kernel, in tests any
callable. The cases and their expected values stay here; only inputs travel to
the learner's code. Hidden checks are read from the instructor's file by this
process and never enter a learner's kernel.
"""

from __future__ import annotations

from course_utils.i18n import Translator
from course_utils.instructor.grading import hiddenchecks

tr = Translator("instructor")


def hidden_cases(hidden) -> dict[str, list]:
    """The hidden cases by task id (:func:`hiddenchecks.cases`): read before any learner code runs and
    passed on, so a submission that rewrites the file cannot change how it is graded."""
    return hiddenchecks.cases(hidden)


def grade_task(task_id: str, namespace: dict, hidden=None) -> dict:
    """Score one code task from the learner's names: public and hidden cases together.

    ``hidden`` is the hidden checks' file or the cases already read from it
    (:func:`hidden_cases`). The score never exceeds the task's points.
    """
    from course_utils.exercises.checks import MISSING, Result, run_cases
    from course_utils.exercises.tasks import task

    spec = task(task_id)
    answer = namespace.get(spec.name, MISSING)
    public = run_cases(task_id, answer, spec.public_cases())
    if public.status == "not_attempted":
        return {"task": task_id, "score": 0.0, "feedback": public.text()}
    cases = hidden_cases(hidden).get(spec.id, [])
    further = run_cases(task_id, kind_only(answer), cases)
    if further.status == "not_attempted":
        # A stub met only by the hidden cases fails them all: answering the public cases and
        # raising NotImplementedError for any other input is not a way round them.
        further = Result(task=further.task, title=further.title, status="failed", wrong=[case.label for case in cases])
    passed = public.passed + further.passed
    total = public.total + further.total
    feedback = public.text()
    if further.total:
        feedback += "\n  " + tr.ngettext("{passed} of {total} further check passes.",
                                         "{passed} of {total} further checks pass.", further.total,
                                         passed=further.passed, total=further.total)
    return {"task": task_id, "score": cap(spec.points * passed / total if total else 0.0, spec.points),
            "feedback": feedback}


def _bare(error: BaseException) -> BaseException:
    """An exception of the same builtin kind and name as ``error``, with no message."""
    kind = type(error)
    base = next((cls for cls in kind.__mro__ if cls.__module__ == "builtins" and issubclass(cls, Exception)),
                Exception)
    bare = type(kind.__name__, (base,), {"__str__": lambda self: "", "__module__": "learner"})
    return bare.__new__(bare)


def kind_only(answer):
    """The learner's function as the hidden cases call it: what it raises keeps its kind, loses its message.

    A message is text the learner's code chose (it could quote the hidden checks' file), so none
    reaches anything a hidden case reports.

    >>> def f(x): raise ValueError("secret")
    >>> try:
    ...     kind_only(f)(1)
    ... except ValueError as error:
    ...     print(type(error).__name__, repr(str(error)))
    ValueError ''
    """
    if not callable(answer):
        return answer

    def function(*args, **kwargs):
        try:
            return answer(*args, **kwargs)
        except NotImplementedError:  # a stub is told apart by its frames: kept whole
            raise
        except Exception as error:  # noqa: BLE001 - learner code raises anything; its kind is kept
            raise _bare(error) from None

    function.__name__ = function.__qualname__ = getattr(answer, "__name__", "function")
    return function


def cap(score: float, points: float) -> float:
    """A score rounded to 2 places and kept within 0 and the task's points.

    >>> cap(99, 2), cap(-1, 2), cap(1.2345, 2)
    (2.0, 0.0, 1.23)
    """
    return round(min(max(float(score), 0.0), float(points)), 2)
