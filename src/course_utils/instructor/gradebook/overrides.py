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


def _unknown(learner: str, known: set, path: Path, line: int) -> CourseInputError:
    alike = sorted(other for other in known if other.casefold() == learner.casefold())
    if alike:
        return CourseInputError(tr.gettext("{path}, line {line}: there is no learner \"{learner}\"; learner ids "
                                           "are case-sensitive: write \"{known}\".", path=str(path), line=line,
                                           learner=learner, known=alike[0]), "overrides")
    return CourseInputError(tr.gettext("{path}, line {line}: there is no learner \"{learner}\" in the class (the "
                                       "roster and the submission folders); correct the id or delete the row.",
                                       path=str(path), line=line, learner=learner), "overrides")


def read(out: Path, known: set | None = None) -> dict[tuple[str, str], Mark]:
    """The overrides by (learner, task id); a mistake stops the run with its line.

    ``known`` is the class's learner ids: a row for anyone else (``Ann`` for ``ann``) is a mistake,
    and so is a second row for the same learner and task.
    """
    path = Path(out) / FILE
    if not path.is_file():
        return {}
    _header, rows = read_sheet(path, COLUMNS, "overrides")
    found, lines = {}, {}
    for line, row in enumerate(rows, start=2):
        learner, task_id = (row.get("learner") or "").strip(), (row.get("task") or "").strip()
        if not learner and not task_id:
            continue
        spec = tasks.find(tasks.normalise_id(task_id))
        if not learner or spec is None:
            raise CourseInputError(tr.gettext("{path}, line {line}: each row needs a learner id and a task id "
                                              "({known}).", path=str(path), line=line,
                                              known=", ".join(tasks.ids())), "overrides")
        if known is not None and learner not in known:
            raise _unknown(learner, known, path, line)
        if (learner, spec.id) in lines:
            raise CourseInputError(tr.gettext("{path}, lines {first} and {line}: two rows for {learner} and task "
                                              "{task}; keep one.", path=str(path), first=lines[(learner, spec.id)],
                                              line=line, learner=learner, task=spec.id), "overrides")
        lines[(learner, spec.id)] = line
        found[(learner, spec.id)] = Mark(_score(row.get("score", ""), spec, path, line),
                                         (row.get("comment") or "").strip())
    return found


def ensure(out: Path) -> Path:
    """Make the empty file once, so the instructor finds it; an existing file is left alone."""
    path = Path(out) / FILE
    if not path.exists():
        atomic_write_text(path, ",".join(COLUMNS) + "\r\n", encoding="utf-8-sig")
    return path
