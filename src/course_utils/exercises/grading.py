"""Grade one submitted exercise notebook: run it in its own kernel, then score each task outside it.

The notebook runs cell by cell in a fresh kernel (:mod:`sandbox`); each cell has
a time limit and is interrupted past it, so an endless loop costs only what it
stops. The checks then run here, in the grading process, calling the learner's
functions through :mod:`remote` stand-ins: only return values come back, as
plain data, and expected values and hidden checks never enter the kernel, so
nothing a submission does to its kernel can raise its score above what its
outputs earn. A kernel that exits, hangs or passes the notebook's time limit is
killed; the tasks not yet scored get the reason. Tasks are found by id, never by
position; a file that is not a notebook gives a row per task with the reason.
Nothing here raises for a bad submission.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

from course_utils.exercises import autograde, integrity, tasks, written
from course_utils.exercises.remote import Remote
from course_utils.exercises.sandbox import Kernel, KernelLost
from course_utils.messages import msg

# Shares of the notebook's time limit: one cell may take a fifth of it, one call of a
# learner's function a twentieth, and cells stop with a quarter left so the checks run.
CELL_SHARE, CALL_SHARE, RESERVE_SHARE = 5, 20, 4
MAX_FILE_MB = 64  # largest file a submission may write


def _row(learner, notebook, spec, score, feedback) -> dict:
    return {"learner": learner, "notebook": notebook, "task": spec.id, "score": score,
            "max_score": spec.points, "feedback": feedback}


def _all_rows(learner, notebook, feedback) -> list[dict]:
    return [_row(learner, notebook, spec, 0.0, feedback) for spec in tasks.for_notebook(notebook)]


def _written_rows(learner, notebook, data) -> list[dict]:
    rows = []
    for spec in tasks.for_notebook(notebook):
        if spec.kind != "written":
            continue
        result = written.assess(spec, written.find_answer(data, spec.id))
        if result.status == "not_attempted":
            rows.append(_row(learner, notebook, spec, 0.0, msg("exercises.status_not_attempted")))
        else:
            words = written.word_count(written.find_answer(data, spec.id) or "")
            rows.append(_row(learner, notebook, spec, "",
                             msg("exercises.written_pending", words=words, points=spec.rubric_points)))
    return rows


def _limits(time_limit: float) -> tuple[float, float, float]:
    """Seconds for one cell, one call of a learner's function, and kept back for the checks."""
    return max(2.0, time_limit / CELL_SHARE), max(2.0, time_limit / CALL_SHARE), time_limit / RESERVE_SHARE


def _start_of(source: str) -> str:
    line = next((text.strip() for text in source.splitlines() if text.strip()), "")
    return line if len(line) <= 40 else line[:39] + "…"


def _run_cells(kernel, notebook, cell_limit: float, until: float, time_limit: int) -> list[str]:
    """Run the learner's code cells in order; notes on cells stopped at their limit or not run."""
    notes = []
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        left = until - time.monotonic()
        if left <= 0:
            notes.append(msg("grading.cells_skipped", number=number, seconds=time_limit))
            break
        try:
            reply = kernel.execute(cell.source, min(cell_limit, left))
        except KernelLost as lost:
            raise KernelLost(lost.reason + " " + msg("grading.in_cell", number=number,
                                                     start=_start_of(cell.source))) from None
        if reply.status == "timeout":
            notes.append(msg("grading.cell_stopped", number=number, start=_start_of(cell.source),
                             seconds=round(min(cell_limit, left))))
    return notes


def _run(notebook, code_tasks, hidden: dict, time_limit: int, learner, name):
    """Run the notebook cell by cell in its own kernel, then score each task here, outside it."""
    cell_limit, call_limit, reserve = _limits(time_limit)
    deadline = time.monotonic() + time_limit
    reasons = {"deadline": msg("grading.lost_deadline", seconds=time_limit),
               "exited": msg("grading.lost_exited"), "unresponsive": msg("grading.lost_unresponsive"),
               "no_start": msg("grading.lost_no_start")}
    rows, notes = [], []
    with Kernel(deadline, max_file_mb=MAX_FILE_MB, reasons=reasons) as kernel:
        try:
            kernel.ready(timeout=time_limit)
            nonce = uuid.uuid4().hex
            setup = (f"from course_utils.exercises.probe import Probe as _course_probe_class\n"
                     f"_course_probe_{nonce} = _course_probe_class(get_ipython().user_ns, {nonce!r})\n"
                     f"del _course_probe_class")
            if kernel.execute(setup, cell_limit, silent=True).status != "ok":
                raise KernelLost(msg("grading.lost_probe"))
            notes = _run_cells(kernel, notebook, cell_limit, deadline - reserve, time_limit)
            remote = Remote(kernel, nonce, call_limit)
            for spec in code_tasks:
                graded = autograde.grade_task(spec.id, {spec.name: remote.answer(spec.name)}, hidden)
                rows.append(_row(learner, name, spec, graded["score"], graded["feedback"]))
        except KernelLost as lost:
            done = {row["task"] for row in rows}
            rows += [_row(learner, name, spec, 0.0, msg("grading.kernel_lost", reason=lost.reason))
                     for spec in code_tasks if spec.id not in done]
    for row in rows:
        row["feedback"] += "".join("\n  " + note for note in notes)
    return rows


def _read(path: Path):
    """``(notebook, raw dict, None)`` or ``(None, None, reason)`` for a file that is not a notebook."""
    import nbformat

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, None, "the file is not text"
    except ValueError as error:
        return None, None, f"the file is not valid JSON ({error})"
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, None, "the file is JSON but not a notebook (no list of cells)"
    try:
        notebook = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as error:  # nbformat raises several types for a malformed notebook
        return None, None, f"the notebook structure is damaged ({type(error).__name__})"
    # Cells a learner retyped by hand may lack fields the executor needs.
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    return notebook, data, None


def grade_notebook(path: Path | None, learner: str, name: str, *, hidden: str | None = None,
                   time_limit: int = 120) -> list[dict]:
    """One row per task of notebook ``name`` for ``learner``; ``path`` None means not submitted."""
    if path is None or not Path(path).is_file():
        return _all_rows(learner, name, msg("exercises.grade_not_submitted", notebook=name))
    notebook, data, reason = _read(Path(path))
    if notebook is None:
        return _all_rows(learner, name, msg("exercises.grade_invalid", reason=reason))
    code_tasks = [spec for spec in tasks.for_notebook(name) if spec.kind == "code"]
    # Read before any learner code runs: the kernel never sees them, and cannot change them for this grade.
    cases = autograde.hidden_cases(hidden)
    before = integrity.fingerprint(hidden)
    try:
        rows = _run(notebook, code_tasks, cases, time_limit, learner, name)
    except Exception as error:  # a kernel that cannot start must not stop the others
        summary = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        rows = [_row(learner, name, spec, 0.0, msg("exercises.grade_kernel_failed", reason=summary))
                for spec in code_tasks]
    changed = integrity.changed(before, integrity.fingerprint(hidden))
    if changed:
        note = msg("grading.tampered", files=", ".join(changed[:5]))
        rows = [{**row, "score": 0.0, "feedback": note} for row in rows]
    rows += _written_rows(learner, name, data)
    return sorted(rows, key=lambda row: row["task"])
