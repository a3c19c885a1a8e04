"""Kernel-side grading: runs inside the learner's kernel after their notebook has run.

The grader appends one cell per code task that calls :func:`grade_in_kernel`;
it prints one marked JSON line, which the grader reads from the cell's output.
Hidden checks are loaded from the instructor's file named by ``hidden``; they
are never part of this library.
"""

from __future__ import annotations

import json
import runpy

MARK = "@@course-grade@@"


def _hidden_cases(path: str | None, task_id: str) -> list:
    if not path:
        return []
    table = runpy.run_path(path).get("HIDDEN", {})
    return list(table.get(task_id, []))


def grade_task(task_id: str, namespace: dict, hidden: str | None = None) -> dict:
    """Score one code task from the learner's names: public and hidden cases together."""
    from course_utils.exercises.checks import MISSING, run_cases
    from course_utils.exercises.tasks import task
    from course_utils.messages import msg

    spec = task(task_id)
    answer = namespace.get(spec.name, MISSING)
    public = run_cases(task_id, answer, spec.public_cases())
    if public.status == "not_attempted":
        return {"task": task_id, "score": 0.0, "feedback": public.text()}
    further = run_cases(task_id, answer, _hidden_cases(hidden, task_id))
    passed = public.passed + further.passed
    total = public.total + further.total
    feedback = public.text()
    if further.total:
        feedback += "\n  " + msg("exercises.grade_hidden", passed=further.passed, total=further.total)
    score = round(spec.points * passed / total, 2) if total else 0.0
    return {"task": task_id, "score": score, "feedback": feedback}


def grade_in_kernel(task_id: str, namespace: dict, hidden: str | None = None) -> None:
    """Print the task's grade as one marked JSON line (read back by the grader)."""
    print(MARK + json.dumps(grade_task(task_id, namespace, hidden)))
