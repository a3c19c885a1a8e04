"""Scoring one code task, in the grading process: public and hidden cases, capped at the task's points.

``answer`` is whatever stands for the learner's function: in ``course grade`` a
:mod:`remote` stand-in that calls into the learner's kernel, in tests any
callable. The cases and their expected values stay here; only inputs travel to
the learner's code. Hidden checks are read from the instructor's file by this
process and never enter a learner's kernel.
"""

from __future__ import annotations

import hashlib
import runpy
from functools import lru_cache
from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("instructor")


@lru_cache(maxsize=4)
def _hidden_table(path: str, digest: str) -> dict:
    table = runpy.run_path(path).get("HIDDEN", {})
    return {str(key): list(value) for key, value in table.items()}


def hidden_cases(path) -> dict[str, list]:
    """The hidden cases by task id from the file at ``path`` (read once per content), or none.

    A mapping is returned as it is: the grader reads the file before any learner
    code runs and passes the cases on, so a submission that rewrites the file
    cannot change how it is graded.
    """
    if not path:
        return {}
    if isinstance(path, dict):
        return path
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _hidden_table(str(path), digest)


def grade_task(task_id: str, namespace: dict, hidden=None) -> dict:
    """Score one code task from the learner's names: public and hidden cases together.

    ``hidden`` is the hidden checks' file or the cases already read from it
    (:func:`hidden_cases`). The score never exceeds the task's points.
    """
    from course_utils.exercises.checks import MISSING, run_cases
    from course_utils.exercises.tasks import task

    spec = task(task_id)
    answer = namespace.get(spec.name, MISSING)
    public = run_cases(task_id, answer, spec.public_cases())
    if public.status == "not_attempted":
        return {"task": task_id, "score": 0.0, "feedback": public.text()}
    further = run_cases(task_id, answer, hidden_cases(hidden).get(spec.id, []))
    passed = public.passed + further.passed
    total = public.total + further.total
    feedback = public.text()
    if further.total:
        feedback += "\n  " + tr.gettext("{passed} of {total} further checks pass.", passed=further.passed,
                                        total=further.total)
    return {"task": task_id, "score": cap(spec.points * passed / total if total else 0.0, spec.points),
            "feedback": feedback}


def cap(score: float, points: float) -> float:
    """A score rounded to 2 places and kept within 0 and the task's points.

    >>> cap(99, 2), cap(-1, 2), cap(1.2345, 2)
    (2.0, 0.0, 1.23)
    """
    return round(min(max(float(score), 0.0), float(points)), 2)
