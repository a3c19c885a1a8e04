"""The grade store: one JSON file per learner and assignment, written atomically.

``<out>/results/<learner>/<NN-slug>.json`` holds what one grading run found for
one learner's notebook (the rows, where the notebook was, when it was handed in,
the written answers' text). A partial regrade replaces only its own files;
every CSV, report and feedback file is derived from the whole store afterwards.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from course_utils.errors import CourseDataError
from course_utils.exercises import tasks
from course_utils.i18n import Translator

tr = Translator("instructor")

RESULTS = "results"
STATUSES = ("graded", "no_submission", "ambiguous")


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader
    (or a crash) never sees half a file.

    Text that cannot be encoded (a lone surrogate from a file name that is not UTF-8, or from
    a learner's JSON) is written as its escape, ``\\udce9``, rather than stopping the run.
    """
    return atomic_write_bytes(path, text.encode(encoding, errors="backslashreplace"))


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename (see :func:`atomic_write_text`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def record_path(out: Path, learner: str, notebook: str) -> Path:
    return Path(out) / RESULTS / learner / f"{Path(notebook).stem}.json"


def dumps(record: dict) -> str:
    """A result as the store keeps it."""
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def save(out: Path, record: dict) -> Path:
    """Store one learner's result for one assignment, replacing only that file."""
    return atomic_write_text(record_path(out, record["learner"], record["notebook"]), dumps(record))


def _damaged(path: Path) -> CourseDataError:
    return CourseDataError(tr.gettext("{path} is damaged (not a result the grader wrote); delete it and grade "
                                      "that learner and assignment again.", path=str(path)))


def _row_problem(row: object, record: dict) -> str | None:
    """What is wrong with one stored row, for the message; None when it is a row the grader could write."""
    spec = tasks.find(str(row.get("task"))) if isinstance(row, dict) else None
    if spec is None or spec.notebook != record["notebook"]:
        return tr.gettext("a row for a task that is not in {notebook}", notebook=record["notebook"])
    if row.get("max_score") != spec.points:
        return tr.gettext("task {task} has max_score {found}, but the task is worth {points} points", task=spec.id,
                          found=row.get("max_score"), points=spec.points)
    score = row.get("score")
    if score not in (None, "") and not (isinstance(score, (int, float)) and not isinstance(score, bool)
                                        and 0 <= score <= spec.points):
        return tr.gettext("task {task} has the score {found}, outside 0 to {points}", task=spec.id, found=score,
                          points=spec.points)
    return None


def _check(record: object, path: Path) -> dict:
    """A stored result as the grader writes it, in its own place; anything else names the file."""
    keys = {"learner", "notebook", "status", "rows"}
    if not isinstance(record, dict) or not keys <= set(record) or record["status"] not in STATUSES \
            or record["notebook"] not in tasks.LESSONS.values() or not isinstance(record["rows"], list):
        raise _damaged(path)
    if record["learner"] != path.parent.name or Path(record["notebook"]).stem != path.stem:
        raise CourseDataError(tr.gettext("{path} holds the result of {learner} for {notebook}, not of the learner "
                                         "and assignment its place says; delete it and grade that learner and "
                                         "assignment again.", path=str(path), learner=record["learner"],
                                         notebook=record["notebook"]))
    for row in record["rows"]:
        problem = _row_problem(row, record)
        if problem:
            raise CourseDataError(tr.gettext("{path} is not a result the grader wrote ({problem}); it may have "
                                             "been edited by hand or by a submission. Delete it and grade that "
                                             "learner and assignment again; to set a score by hand, use "
                                             "overrides.csv.", path=str(path), problem=problem))
    return record


def load_all(out: Path) -> list[dict]:
    """Every stored result, sorted by learner and notebook."""
    folder = Path(out) / RESULTS
    if not folder.is_dir():
        return []
    records = []
    for path in sorted(folder.glob("*/*.json")):
        if path.name.startswith(".") or path.parent.name.startswith("."):  # a write in progress, not a result
            continue
        link = next((step for step in (folder, path.parent, path) if step.is_symlink()), None)
        if link is not None:  # the grader writes files in folders; a link leads to what something else wrote
            raise CourseDataError(tr.gettext("{path} is a link, not a result the grader wrote; delete the link "
                                             "and grade that learner again.", path=str(link)))
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            raise _damaged(path) from None
        records.append(_check(record, path))
    return sorted(records, key=lambda item: (item["learner"], item["notebook"]))
