"""Grade one submitted exercise notebook: run it in a fresh kernel, then score each task.

Tasks are found by id, never by position, so a learner who deleted, moved,
duplicated or retyped cells is still graded; an endless loop costs only the
cells (or the task) it stops; a file that is not a notebook gives a row per task
with the reason. Nothing here raises for a bad submission.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from course_utils.exercises import tasks, written
from course_utils.exercises.autograde import MARK
from course_utils.messages import msg

CHECK_TIMEOUT = 30  # seconds for the checks of one task


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


def _stdout(cell) -> str:
    return "".join(output.get("text", "") for output in cell.get("outputs", [])
                   if output.get("output_type") == "stream" and output.get("name") == "stdout")


def _grading_cell(task_id: str, hidden: str | None):
    import nbformat

    source = ("from course_utils.exercises.autograde import grade_in_kernel as _course_grade\n"
              f"_course_grade({task_id!r}, globals(), hidden={hidden!r})")
    return nbformat.v4.new_code_cell(source)


def _run(notebook, workdir: Path, code_tasks, hidden, time_limit, learner, name):
    """Execute the learner's cells within ``time_limit``, then one grading cell per task."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=time_limit, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, record_timing=False,
                            resources={"metadata": {"path": str(workdir)}})
    deadline = time.monotonic() + time_limit
    late = False
    rows = []
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                late = True
                break
            client.timeout = max(1, int(remaining))
            started = time.monotonic()
            client.execute_cell(cell, index)
            if time.monotonic() - started >= client.timeout:
                # The cell was stopped at the limit: the budget is spent, so later cells do not run.
                late = True
                break
        for spec in code_tasks:
            cell = _grading_cell(spec.id, hidden)
            notebook.cells.append(cell)
            client.timeout = CHECK_TIMEOUT
            client.execute_cell(cell, len(notebook.cells) - 1)
            line = next((text[len(MARK):] for text in _stdout(cell).splitlines() if text.startswith(MARK)), None)
            if line is None:
                rows.append(_row(learner, name, spec, 0.0, msg("exercises.grade_check_timeout",
                                                                seconds=CHECK_TIMEOUT)))
                continue
            graded = json.loads(line)
            feedback = graded["feedback"]
            if late:
                feedback += "\n  " + msg("exercises.grade_timeout", seconds=time_limit)
            rows.append(_row(learner, name, spec, graded["score"], feedback))
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
    workdir = Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        rows = _run(notebook, workdir, code_tasks, hidden, time_limit, learner, name)
    except Exception as error:  # a kernel that dies or cannot start must not stop the others
        summary = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        rows = [_row(learner, name, spec, 0.0, msg("exercises.grade_kernel_failed", reason=summary))
                for spec in code_tasks]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rows += _written_rows(learner, name, data)
    return sorted(rows, key=lambda row: row["task"])
