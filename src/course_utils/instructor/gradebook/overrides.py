"""Scores the instructor sets by hand for any task: ``<out>/overrides.csv``.

Columns ``learner, task, score, comment``. The grader makes the file (a header
only) on the first run and never writes to it again; each row replaces the
computed score of one learner's task (an empty score keeps the computed one
and adds the comment), in the gradebook, the exports and the feedback.
"""

from __future__ import annotations

from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.exercises import tasks
from course_utils.i18n import Translator
from course_utils.instructor.gradebook.resultstore import atomic_write_text
from course_utils.instructor.gradebook.rubricsheets import Mark, read_sheet, typed_score

tr = Translator("instructor")

FILE = "overrides.csv"
COLUMNS = ["learner", "task", "score", "comment"]


def _score(text: str, spec, path: Path, line: int) -> float | None:
    try:
        return typed_score(text, spec.points)
    except ValueError:
        raise CourseInputError(tr.gettext("{path}, line {line}: the score \"{value}\" is not a number from 0 to "
                                          "{points} (the points of task {task}); correct it, or leave it empty to "
                                          "keep the computed score.", path=str(path), line=line,
                                          value=(text or "").strip(), task=spec.id, points=spec.points),
                               "overrides") from None


def read(out: Path) -> dict[tuple[str, str], Mark]:
    """The overrides by (learner, task id); a mistake stops the run with its line."""
    path = Path(out) / FILE
    if not path.is_file():
        return {}
    _header, rows = read_sheet(path, COLUMNS, "overrides")
    found = {}
    for line, row in enumerate(rows, start=2):
        learner, task_id = (row.get("learner") or "").strip(), (row.get("task") or "").strip()
        if not learner and not task_id:
            continue
        spec = tasks.find(tasks.normalise_id(task_id))
        if not learner or spec is None:
            raise CourseInputError(tr.gettext("{path}, line {line}: each row needs a learner id and a task id "
                                              "({known}).", path=str(path), line=line,
                                              known=", ".join(tasks.ids())), "overrides")
        found[(learner, spec.id)] = Mark(_score(row.get("score", ""), spec, path, line),
                                         (row.get("comment") or "").strip())
    return found


def ensure(out: Path) -> Path:
    """Make the empty file once, so the instructor finds it; an existing file is left alone."""
    path = Path(out) / FILE
    if not path.exists():
        atomic_write_text(path, ",".join(COLUMNS) + "\r\n", encoding="utf-8-sig")
    return path
