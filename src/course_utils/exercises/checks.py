"""Learner checks: one short call per task, kind and specific feedback.

``check("02.2", repurchase_rate_customers)`` runs the task's public cases
against the learner's function and shows what is right, what is wrong and a
hint, never the answer. A stub not yet written reports "not attempted yet";
learner code that raises is summarised in one line.

The cases run on small frames built inside the check, and read what they expect
there from a table (:mod:`.expected`): no code that computes a task's answer is in
the library (which ships to learners).
"""

from __future__ import annotations

import re
import sys
from typing import Any

from course_utils.exercises import tasks, written
from course_utils.exercises.calling import LearnerError, first_line
from course_utils.exercises.casekit import Case
from course_utils.exercises.result import Result
from course_utils.i18n import Translator

tr = Translator("exercises")

MISSING = object()


def code_stub() -> str:
    """The code the exercise generator puts in place of a solution; the checks know it by its error's text."""
    return tr.gettext("# Write your code here, in place of the next line.\nraise NotImplementedError(\"not attempted "
                      "yet\")")


def _stub_text() -> str:
    found = re.search(r'NotImplementedError\("([^"]*)"\)', code_stub())
    return found.group(1) if found else ""


def stub_owner(error: BaseException | None) -> str | None:
    """The task function whose stub raised ``error``, "" when it is a stub of unknown owner, else None.

    A ``NotImplementedError`` counts as a stub when a task's function raised it
    itself or it carries the stub's text; one raised deep inside a library
    (pandas raises it for some operations) is an ordinary error.
    """
    if not isinstance(error, NotImplementedError):
        return None
    names = tasks.function_names()
    frames = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame.f_code.co_name)
        trace = trace.tb_next
    owners = [name for name in frames if name in names]
    if frames and frames[-1] in names:
        return frames[-1]
    if first_line(error) == _stub_text():
        return owners[-1] if owners else ""
    return None


def run_cases(task_id: str, answer: Any, cases: list[Case]) -> Result:
    """Run ``cases`` against ``answer``; every case runs even if an earlier one fails.

    A case that meets an unwritten stub ends the check: the task is not attempted yet.
    """
    spec = tasks.task(task_id)
    result = Result(task=spec.id, title=spec.title, status="passed")
    if answer is MISSING:
        result.status = "not_attempted"
        result.note = tr.gettext("There is no `{name}` yet: run the cell that defines it (or write it), then run "
                                 "this check again.", name=spec.name)
        return result
    for case in cases:
        try:
            problem = case.run(answer)
        except LearnerError as error:
            stub = stub_owner(error.error)
            if stub is not None:
                return Result(task=spec.id, title=spec.title, status="not_attempted",
                              note=tr.gettext("`{name}` still holds the stub `raise NotImplementedError`: replace "
                                              "that line with your code, run the cell, then run this check again.",
                                              name=stub or spec.name))
            problem = error.summary
        except Exception:  # noqa: BLE001 - what the learner returned tripped the case itself
            problem = tr.gettext("the check could not read what your function returned; return the kind of value "
                                 "the task asks for.")
        if problem is None:
            result.right.append(case.label)
        else:
            result.wrong.append(tr.pgettext("a failed case: its label, then what went wrong",
                                            "{label}: {problem}", label=case.label, problem=problem))
    if result.wrong:
        result.status = "partial" if result.right else "failed"
    return result


def _caller_namespace() -> dict:
    main = sys.modules.get("__main__")
    return vars(main) if main is not None else {}


def check(task_id: str, answer: Any = MISSING) -> Result:
    """Check a task and return its feedback (shown as the cell's output).

    ``answer`` is the learner's function; when left out, the task's name is
    looked up in the notebook. Written tasks take no answer: the check reads
    the saved notebook and counts the words.
    """
    spec = tasks.find(tasks.normalise_id(task_id))
    if spec is None:
        return Result(task=str(task_id), title=tr.gettext("no such task"), status="unknown",
                      note=tr.gettext("There is no task \"{task}\"; the tasks are {known}.", task=task_id,
                                      known=", ".join(tasks.ids())))
    if spec.kind == "written":
        return written.check_written(spec)
    if answer is MISSING:
        answer = _caller_namespace().get(spec.name, MISSING)
    return run_cases(spec.id, answer, spec.public_cases())
