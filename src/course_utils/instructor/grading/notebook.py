"""Grade one submitted exercise notebook: run it in its own kernel, then score each task outside it.

The notebook runs cell by cell in a fresh kernel (:mod:`runner`, :mod:`sandbox`);
each cell has a time limit and is interrupted past it, so an endless loop costs
only what it stops. The checks run here, in the grading process, calling the
learner's functions through :mod:`remote` stand-ins: only return values come
back, as plain data, and expected values and hidden checks never enter the
kernel, so nothing a submission does to its kernel can raise its score above
what its outputs earn. A kernel that exits or hangs is killed and the notebook
goes on in a fresh one without what broke it; past the notebook's time limit
the tasks not yet scored get the reason. Tasks are found by id, never by
position; a file that is not a notebook gives a row per task with the reason.
Nothing here raises for a bad submission.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from course_utils.exercises import tasks, written

from course_utils.i18n import Translator, notebook_language, using_language
from course_utils.instructor.grading import taskscore as autograde

from course_utils.instructor.grading import integrity, notebookfile
from course_utils.instructor.grading.runner import MAX_FILE_MB, run_notebook

tr = Translator("instructor")

__all__ = ["MAX_FILE_MB", "grade_notebook", "ungraded_rows"]


def _row(learner, notebook, spec, score, feedback) -> dict:
    return {"learner": learner, "notebook": notebook, "task": spec.id, "score": score,
            "max_score": spec.points, "feedback": feedback}


def _all_rows(learner, notebook, feedback) -> list[dict]:
    return [_row(learner, notebook, spec, 0.0, feedback) for spec in tasks.for_notebook(notebook)]


def _damaged_course_cell(data) -> int | None:
    """The number of the first cell whose course metadata (the task it belongs to) is not a mapping."""
    return next((number for number, cell in enumerate(data.get("cells", []), start=1)
                 if "course" in cell.get("metadata", {}) and not isinstance(cell["metadata"]["course"], dict)), None)


def _written_rows(learner, notebook, data) -> list[dict]:
    rows = []
    damaged = _damaged_course_cell(data)
    for spec in tasks.for_notebook(notebook):
        if spec.kind != "written":
            continue
        text = written.find_answer(data, spec.id)
        result = written.assess(spec, text)
        if text is None and damaged is not None:  # an answer may be there, in a cell no longer marked as one
            rows.append(_row(learner, notebook, spec, 0.0, tr.gettext(
                "no answer cell found: cell {number}'s course metadata is damaged (not a mapping), so the cell's "
                "task cannot be read; read the notebook and score this task by hand (overrides.csv).",
                number=damaged)))
        elif result.status == "not_attempted" and (below := written.graded_answer(data, spec.id))[1]:
            # Written below the answer cell instead of in it: the rubric sheet shows it, the instructor scores it.
            words = written.word_count(below[0])
            rows.append(_row(learner, notebook, spec, "", tr.ngettext(
                "no answer in the answer cell, but a cell added below it holds {n} word; it is on the rubric "
                "sheet, pending rubric grading ({points} points).",
                "no answer in the answer cell, but a cell added below it holds {n} words; it is on the rubric "
                "sheet, pending rubric grading ({points} points).", words, points=spec.rubric_points)))
        elif result.status == "not_attempted":
            rows.append(_row(learner, notebook, spec, 0.0, tr.gettext("not attempted yet.")))
        else:
            words = written.word_count(text or "")
            rows.append(_row(learner, notebook, spec, "",
                             tr.ngettext("written answer of {n} word; pending rubric grading ({points} points).",
                                         "written answer of {n} words; pending rubric grading ({points} points).",
                                         words, points=spec.rubric_points)))
    return rows


def _read(path: Path, content: bytes | None = None):
    """``(notebook, raw dict, None)`` or ``(None, None, reason)`` for a file that is not a notebook."""
    import nbformat
    from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning

    data, reason = notebookfile.read_notebook(path, content)
    if data is None:
        return None, None, reason
    try:
        with warnings.catch_warnings():
            # Cells without ids (older or hand-edited notebooks), or a cell pasted twice with its id, are
            # normal in a class: nbformat gives them new ids; a warning on the console would name no learner.
            warnings.simplefilter("ignore", MissingIDFieldWarning)
            warnings.simplefilter("ignore", DuplicateCellId)
            notebook = nbformat.reads(json.dumps(notebookfile.runnable(data)), as_version=4)
    except Exception as error:  # nbformat raises several types for a malformed notebook
        return None, None, tr.gettext("the notebook structure is damaged ({error})", error=type(error).__name__)
    return notebook, data, None


def ungraded_rows(learner: str, name: str, reason: str) -> list[dict]:
    """A row per task of ``name`` scoring 0, each saying why the notebook could not be graded."""
    return _all_rows(learner, name, tr.gettext("could not be graded: {reason}.", reason=reason))


def grade_notebook(path: Path | None, learner: str, name: str, *, hidden=None,
                   time_limit: int = 120, content: bytes | None = None) -> list[dict]:
    """One row per task of notebook ``name`` for ``learner``; ``path`` None means not submitted.

    ``content``: the file's bytes as read before any kernel of the class started (the file is then
    not read again: another learner's kernel may have changed it since).
    """
    if path is None or content is None and not Path(path).is_file():
        return _all_rows(learner, name, tr.gettext("not submitted: {notebook} is not in this learner's folder.",
                                                   notebook=name))
    notebook, data, reason = _read(Path(path), content)
    if notebook is None:
        return ungraded_rows(learner, name, reason)
    # A Chinese notebook gets its feedback in Chinese; its kernel runs in Chinese too.
    with using_language(notebook_language(data)):
        return _graded(notebook, data, learner, name, hidden, time_limit)


def _graded(notebook, data, learner: str, name: str, hidden, time_limit: int) -> list[dict]:
    code_tasks = [spec for spec in tasks.for_notebook(name) if spec.kind == "code"]
    # Read before any learner code runs: the kernel never sees them, and cannot change them for this grade.
    cases = autograde.hidden_cases(hidden)
    before = integrity.fingerprint(hidden)
    try:
        scored = run_notebook(notebook, code_tasks, cases, time_limit)
        rows = [_row(learner, name, spec, *scored[spec.id]) for spec in code_tasks]
    except Exception as error:  # a kernel that cannot start must not stop the others
        summary = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        rows = [_row(learner, name, spec, 0.0, tr.gettext("the notebook could not be run: {reason}", reason=summary))
                for spec in code_tasks]
    changed = [integrity.label(path) for path in integrity.tampered(before, integrity.fingerprint(hidden))]
    rows = flag_changed(rows + _written_rows(learner, name, data), changed)
    return sorted(rows, key=lambda row: row["task"])


def flag_changed(rows: list[dict], changed: list[str]) -> list[dict]:
    """Rows of a notebook during whose run files the grader relies on changed: code tasks 0, naming the files.

    Written answers stay for the rubric (nothing ran to score them). ``changed_files`` on each row
    lets the class run name the notebooks that ran when it happened.
    """
    if not changed:
        return rows
    note = tr.gettext("not graded: while this notebook ran, files the grader relies on changed ({files}); the "
                      "instructor must check them before grading again", files=", ".join(changed[:5]))
    written_ids = {task_id for task_id in tasks.ids() if tasks.find(task_id).kind == "written"}
    return [row if row["task"] in written_ids else {**row, "score": 0.0, "feedback": note, "changed_files": changed}
            for row in rows]
