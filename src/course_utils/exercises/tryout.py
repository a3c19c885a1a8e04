"""Use a learner's function on the course data without a traceback when it is not written yet.

A task cell shows what the learner's function gives on the real data, inside
``with try_it():``. While the function is still a stub the block prints one
kind line instead of stopping Run All with a red ``NotImplementedError``; if the
learner's code raises, the line names the error and the task. Keyboard
interrupts (and the grader's time limit) pass through untouched.

>>> def creator_mix(posts):
...     raise NotImplementedError("not attempted yet")
>>> with try_it():
...     creator_mix(None)
Task 1.1 (`creator_mix`): not attempted yet. Write the function, run its cell, and this cell shows its result on the course data.
"""

from __future__ import annotations

from contextlib import contextmanager

from course_utils.exercises.calling import summarise
from course_utils.exercises.checks import stub_owner
from course_utils.exercises.result import task_label
from course_utils.exercises.tasks import function_names, tasks_by_name
from course_utils.i18n import Translator

tr = Translator("exercises")


def _innermost_task_function(error: BaseException) -> str:
    names = function_names()
    found = ""
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_name in names:
            found = trace.tb_frame.f_code.co_name
        trace = trace.tb_next
    return found


def _where(name: str) -> str:
    spec = tasks_by_name().get(name)
    return tr.gettext("Task {task} (`{name}`)", task=task_label(spec.id), name=name) if spec else tr.gettext("This cell")


def explain(error: BaseException) -> str:
    """The one line ``try_it`` prints for ``error`` raised by learner code."""
    owner = stub_owner(error)
    if owner is not None:
        return tr.gettext("{where}: not attempted yet. Write the function, run its cell, and this cell shows its "
                          "result on the course data.", where=_where(owner or _innermost_task_function(error)))
    return tr.gettext("{where}: {summary}; run the task's check for hints.",
                      where=_where(_innermost_task_function(error)), summary=summarise(error).rstrip("."))


@contextmanager
def try_it():
    """Run the block; a stub or an error in learner code prints one line instead of a traceback."""
    try:
        yield
    except (Exception, SystemExit) as error:  # learner code may raise anything; KeyboardInterrupt passes
        print(explain(error))
