"""Run one notebook for grading: its cells in a kernel, its tasks scored here, a fresh kernel after a crash.

Each code cell runs with a time limit and is interrupted past it; each call of
a learner's function has its own, shorter limit. When a cell or a function
kills or hangs the kernel, that kernel is killed and a fresh one runs the
notebook again without the cells that broke or were stopped, and grading goes
on with the tasks not yet scored: what broke costs only itself. The notebook's
time limit covers every kernel together; when it passes, tasks not yet scored
get the reason.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field

from course_utils.i18n import Translator
from course_utils.instructor.grading import taskscore as autograde
from course_utils.instructor.grading.remote import Remote, short
from course_utils.instructor.grading.sandbox import Kernel, KernelLost

tr = Translator("instructor")

# Shares of the notebook's time limit: one cell may take a fifth of it, one call of a
# learner's function a twentieth, and cells stop with a quarter left so the checks run.
CELL_SHARE, CALL_SHARE, RESERVE_SHARE = 5, 20, 4
MAX_FILE_MB = 64  # largest file a submission may write
MAX_KERNELS = 4  # fresh kernels for one notebook, the first included
# A cell that only calls the learner's own checks: its feedback is for the learner, so grading skips it.
CHECK_ONLY = re.compile(r"(\s*check\(\s*['\"][0-9.]+['\"]\s*(,\s*[A-Za-z_][A-Za-z0-9_]*\s*)?\)\s*;?\s*)+")


def asked_to_exit(content: dict) -> bool:
    """True when a cell called ``exit()`` or ``quit()``: the kernel replies first and ends a moment later.

    >>> asked_to_exit({"payload": [{"source": "ask_exit", "keepkernel": False}]}), asked_to_exit({})
    (True, False)
    """
    payload = content.get("payload") if isinstance(content, dict) else None
    return any(isinstance(item, dict) and item.get("source") == "ask_exit" and not item.get("keepkernel")
               for item in (payload if isinstance(payload, list) else []))


def error_summary(content: dict) -> str:
    """An error reply's exception as one short line: its name, then its message (the learner's text, so cut).

    >>> error_summary({"ename": "SyntaxError", "evalue": "unmatched ')' (3013.py, line 4)"})
    "SyntaxError: unmatched ')' (3013.py, line 4)"
    >>> error_summary({"ename": "数据错误", "evalue": ""})
    '数据错误'
    >>> cut = error_summary({"ename": "Bad\\nName", "evalue": "x" * 200})
    >>> cut[:12], len(cut), cut[-1], error_summary({})
    ('an error: xx', 90, '…', 'an error')
    """
    content = content if isinstance(content, dict) else {}
    name, value = str(content.get("ename", "")), " ".join(str(content.get("evalue", "")).split())
    # An exception class's (dotted) name, in any script (数据错误 is a name too); anything else is not shown.
    if len(name) > 60 or not all(part.isidentifier() for part in name.split(".")):
        name = tr.gettext("an error")
    value = short(value)
    return f"{name}: {value}" if value else name


def _start_of(source: str) -> str:
    line = next((text.strip() for text in source.splitlines() if text.strip()), "")
    return line if len(line) <= 40 else line[:39] + "…"


@dataclass
class Run:
    """The state of grading one notebook across its kernels."""

    sources: dict  # code cell number (1-based, as in the notebook) -> source, in order
    code_tasks: list
    hidden: dict
    time_limit: int
    scored: dict = field(default_factory=dict)  # task id -> (score, feedback)
    skip: set = field(default_factory=set)  # cell numbers (1-based) not run again
    notes: list = field(default_factory=list)
    stage: tuple = ("start", None)

    def __post_init__(self):
        self.cell_limit = max(2.0, self.time_limit / CELL_SHARE)
        self.call_limit = max(2.0, self.time_limit / CALL_SHARE)
        self.deadline = time.monotonic() + self.time_limit
        self.reasons = {"deadline": tr.gettext("the notebook did not finish within {seconds} s, so its kernel was "
                                               "stopped", seconds=self.time_limit),
                        "exited": tr.gettext("the notebook's kernel exited (the notebook ended its own Python "
                                             "process)"), "unresponsive": tr.gettext("the notebook's kernel stopped "
                                                                                                                                                     "responding after a step was "
                                                                                                                                                     "interrupted at its time limit, so it "
                                                                                                                                                     "was stopped"),
                        "no_start": tr.gettext("the notebook's kernel did not start")}

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def cells(self, kernel) -> None:
        until = self.deadline - self.time_limit / RESERVE_SHARE
        for number, source in self.sources.items():
            if number in self.skip:
                continue
            left = until - time.monotonic()
            if left <= 0:
                self.note(tr.gettext("code cells from {number} on did not run: the notebook's {seconds} s were "
                                     "nearly used up.", number=number, seconds=self.time_limit))
                return
            self.stage = ("cell", number)
            reply = kernel.execute(source, min(self.cell_limit, left))
            if asked_to_exit(reply.content):
                # Blame this cell now: the kernel would be found gone only at the next cell or check.
                raise KernelLost(self.reasons["exited"])
            if reply.status == "error":
                # Else a definition the error stopped reads as a task not attempted, with no cause given.
                self.note(tr.gettext("code cell {number} (\"{start}\") raised {error}; what it defines may be "
                                     "missing, and the cells after it still ran.", number=number,
                                     start=_start_of(source), error=error_summary(reply.content)))
            if reply.status == "timeout":
                self.skip.add(number)
                self.note(tr.gettext("code cell {number} (\"{start}\") was stopped after {seconds} s (an endless "
                                     "loop?); the rest of the notebook still ran.", number=number,
                                     start=_start_of(source), seconds=round(min(self.cell_limit, left))))

    def attempt(self) -> None:
        """One kernel: run the cells, then score the tasks not yet scored."""
        with Kernel(self.deadline, max_file_mb=MAX_FILE_MB, reasons=self.reasons) as kernel:
            self.stage = ("start", None)
            kernel.ready(timeout=self.time_limit)
            nonce = uuid.uuid4().hex
            setup = (f"from course_utils.instructor.grading.probe import Probe as _course_probe_class\n"  # i18n: not translated (code sent to the kernel)
                     f"_course_probe_{nonce} = _course_probe_class(get_ipython().user_ns, {nonce!r})\n"
                     f"del _course_probe_class")
            if kernel.execute(setup, self.cell_limit, silent=True).status != "ok":
                raise KernelLost(tr.gettext("the notebook's kernel could not be prepared for grading"))
            self.cells(kernel)
            remote = Remote(kernel, nonce, self.call_limit)
            for spec in self.code_tasks:
                if spec.id in self.scored:
                    continue
                self.stage = ("task", spec.id)
                graded = autograde.grade_task(spec.id, {spec.name: remote.answer(spec.name)}, self.hidden)
                self.scored[spec.id] = (graded["score"], graded["feedback"])

    def lost(self, lost: KernelLost) -> bool:
        """Record what the lost kernel cost; True when a fresh kernel may carry on."""
        kind, where = self.stage
        if lost.reason == self.reasons["deadline"] or kind == "start":
            return False
        if kind == "cell":
            self.skip.add(where)
            self.note(tr.gettext("code cell {number} (\"{start}\") broke the notebook's kernel ({reason}); the "
                                 "notebook was run again without it.", number=where,
                                 start=_start_of(self.sources[where]), reason=lost.reason))
        else:
            self.scored[where] = (0.0, tr.gettext("scored 0: calling your function broke the notebook's kernel "
                                                  "({reason}); the other tasks were graded in a fresh kernel.",
                                                  reason=lost.reason))
        return True

    def grade(self) -> dict:
        """Score every code task: ``{task id: (score, feedback)}``, notes appended to each feedback."""
        reason = None
        for _ in range(MAX_KERNELS):
            try:
                self.attempt()
                break
            except KernelLost as lost:
                reason = lost.reason
                if not self.lost(lost):
                    break
        missing = tr.gettext("not graded: {reason}", reason=reason or self.reasons["deadline"])
        suffix = "".join("\n  " + note for note in self.notes)
        return {spec.id: (self.scored.get(spec.id, (0.0, missing))[0],
                          self.scored.get(spec.id, (0.0, missing))[1] + suffix) for spec in self.code_tasks}


def run_notebook(notebook, code_tasks, hidden: dict, time_limit: int) -> dict:
    """``{task id: (score, feedback)}`` for the code tasks of ``notebook`` (an nbformat notebook)."""
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    sources = {number: source for number, source in enumerate(code, start=1) if not CHECK_ONLY.fullmatch(source)}
    return Run(sources, code_tasks, hidden, time_limit).grade()
