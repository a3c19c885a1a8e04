"""Learner checks: one short call per task, kind and specific feedback.

``check("02.2", repurchase_rate_customers)`` runs the task's public cases
against the learner's function and shows what is right, what is wrong and a
hint, never the answer. A stub not yet written reports "not attempted yet";
learner code that raises is summarised in one line.

The cases compute what they expect from small frames built inside the check,
so no reference answer is stored in the library (which ships to learners).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

from course_utils.messages import msg
from course_utils.render import render

MISSING = object()


class NotAttempted(Exception):
    """The learner's code still holds the stub; ``name`` is the function whose stub raised, if known."""

    def __init__(self, name: str = ""):
        super().__init__(name)
        self.name = name


class LearnerError(Exception):
    """The learner's code raised; ``summary`` is one line for the feedback."""

    def __init__(self, summary: str):
        super().__init__(summary)
        self.summary = summary


@dataclass
class Case:
    """One public or hidden check: ``run(answer)`` returns None when right, else feedback."""

    label: str
    run: Callable[[Any], str | None]


@dataclass
class Result:
    """The outcome of checking one task."""

    task: str
    title: str
    status: str  # passed | partial | failed | not_attempted | written | unknown
    right: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def passed(self) -> int:
        return len(self.right)

    @property
    def total(self) -> int:
        return len(self.right) + len(self.wrong)

    def headline(self) -> str:
        return msg(f"exercises.status_{self.status}", passed=self.passed, total=self.total)

    def text(self) -> str:
        lines = [f"{msg('exercises.task_label', task=self.task, title=self.title)}: {self.headline()}"]
        lines += [f"  ✓ {line}" for line in self.right]
        lines += [f"  ✗ {line}" for line in self.wrong]
        if self.note:
            lines.append(f"  {self.note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return render("exercises/check_result.html.j2", result=self, headline=self.headline(),
                      label=msg("exercises.task_label", task=self.task, title=self.title))


def describe(value: Any) -> str:
    """What a learner's function gave back, in words ("nothing (None) ...", "an int", "a DataFrame").

    >>> describe(None).startswith("nothing")
    True
    >>> describe(3), describe("x")
    ('an int', 'a str')
    """
    if value is None:
        return msg("exercises.got_none")
    kind = type(value).__name__
    return ("an " if kind[:1].lower() in "aeiou" else "a ") + kind


def _first_line(error: BaseException) -> str:
    try:
        text = str(error).strip()
    except Exception:  # an exception whose message itself fails to print
        return ""
    return text.splitlines()[0] if text else ""


def _stub_text() -> str:
    found = re.search(r'NotImplementedError\("([^"]*)"\)', msg("exercises.code_stub"))
    return found.group(1) if found else ""


def stub_owner(error: BaseException) -> str | None:
    """The task function whose stub raised ``error``, "" when it is a stub of unknown owner, else None.

    A ``NotImplementedError`` counts as a stub when a task's function raised it
    itself or it carries the stub's text; one raised deep inside a library
    (pandas raises it for some operations) is an ordinary error.
    """
    from course_utils.exercises.tasks import function_names

    if not isinstance(error, NotImplementedError):
        return None
    names = function_names()
    frames = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame.f_code.co_name)
        trace = trace.tb_next
    owners = [name for name in frames if name in names]
    if frames and frames[-1] in names:
        return frames[-1]
    if _first_line(error) == _stub_text():
        return owners[-1] if owners else ""
    return None


def summarise(error: BaseException) -> str:
    """One line for an error in learner code: its kind and the first line of its message."""
    text = _first_line(error)
    kind = type(error).__name__
    summary = msg("exercises.raised", kind=kind, text=text) if text else msg("exercises.raised_no_text", kind=kind)
    if isinstance(error, TypeError) and "argument" in text:
        summary = summary.rstrip(".") + ". " + msg("exercises.arguments_hint")
    return summary


def call(function, *args, **kwargs):
    """Call learner code; turn a stub into :class:`NotAttempted` and an error into one line."""
    if not callable(function):
        kind = "None" if function is None else describe(function)
        raise LearnerError(msg("exercises.not_callable", kind=kind))
    try:
        return function(*args, **kwargs)
    except (Exception, SystemExit) as error:  # learner code may raise anything (even exit()); one line
        owner = stub_owner(error)
        if owner is not None:
            raise NotAttempted(owner) from None
        raise LearnerError(summarise(error)) from None


def run_cases(task_id: str, answer: Any, cases: list[Case]) -> Result:
    """Run ``cases`` against ``answer``; every case runs even if an earlier one fails."""
    from course_utils.exercises.tasks import task

    spec = task(task_id)
    result = Result(task=spec.id, title=spec.title, status="passed")
    if answer is MISSING:
        result.status = "not_attempted"
        result.note = msg("exercises.name_missing", name=spec.name)
        return result
    for case in cases:
        try:
            problem = case.run(answer)
        except NotAttempted as stub:
            return Result(task=spec.id, title=spec.title, status="not_attempted",
                          note=msg("exercises.stub_note", name=stub.name or spec.name))
        except LearnerError as error:
            problem = error.summary
        except Exception:  # noqa: BLE001 - what the learner returned tripped the case itself
            problem = msg("exercises.unreadable_result")
        if problem is None:
            result.right.append(case.label)
        else:
            result.wrong.append(f"{case.label}: {problem}")
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
    from course_utils.exercises import tasks, written

    spec = tasks.find(tasks.normalise_id(task_id))
    if spec is None:
        return Result(task=str(task_id), title=msg("exercises.unknown_task_title"), status="unknown",
                      note=msg("exercises.unknown_task", task=task_id, known=", ".join(tasks.ids())))
    if spec.kind == "written":
        return written.check_written(spec)
    if answer is MISSING:
        answer = _caller_namespace().get(spec.name, MISSING)
    return run_cases(spec.id, answer, spec.public_cases())
