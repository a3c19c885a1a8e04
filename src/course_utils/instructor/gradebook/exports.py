"""The gradebook in the shapes instructors and LMSs read: long, wide, Canvas, Moodle.

All four are made from one :class:`~course_utils.instructor.gradebook.classbook.ClassBook`,
so their totals agree. The LMS files leave an assignment's cell empty while one
of its written answers waits for a rubric score, or while several of the learner's
notebooks could be it (none was graded), so no partial grade or 0 is posted by
mistake; the wide gradebook shows the points so far and what is pending, and leaves
an undecided assignment empty and out of the learner's total.

>>> points(3.0), points(2.5), points(1 / 3), points(None)
('3', '2.5', '0.33', '')
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from course_utils.exercises import tasks
from course_utils.instructor.gradebook import csvcells
from course_utils.instructor.gradebook.classbook import ClassBook

LONG_COLUMNS = ["learner", "notebook", "task", "score", "max_score", "feedback", "late"]
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]  # i18n: not translated (the column names Canvas and Moodle read)
MOODLE_IDENTITY = ["Username", "Email address", "ID number", "Full name"]  # i18n: not translated (the column names Canvas and Moodle read)
CANVAS_POINTS_ROW = "    Points Possible"  # Canvas's own export spells the row this way  # i18n: not translated (the column names Canvas and Moodle read)


def points(value: float | None) -> str:
    return "" if value is None else f"{round(float(value), 2):g}"


def _csv(header: list[str], rows: list[list]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    # Learner text (an id, a name, an error message in the feedback) is never a formula in a spreadsheet.
    writer.writerows(csvcells.row(row) for row in rows)
    return stream.getvalue()


def column_title(notebook: str) -> str:
    """The grade item's name in an LMS: "Exercise 03-commerce-loop", the same in every course language.

    The LMS matches a column to its grade item by this name, so a run in Chinese must not create
    a second item for the same exercise.
    """
    return f"Exercise {Path(notebook).stem}"  # i18n: not translated (an LMS matches grade items by this name)


def long_form(book: ClassBook) -> str:
    """One row per learner and task (the columns ``course grade`` always wrote, plus ``late``)."""
    rows = []
    for row in book.rows:
        note = book.records[(row["learner"], row["notebook"])].get("note") or ""
        # A graded notebook's note (found elsewhere, late) goes with each of its rows, so a filter keeps it.
        feedback = row["feedback"] + ("\n" + note if note and row["status"] == "graded" else "")
        score = "" if row["score"] is None else str(round(float(row["score"]), 2))  # as it always read: 1.0
        rows.append([row["learner"], row["notebook"], row["task"], score, row["max_score"],
                     feedback, row["late"]])
    return _csv(LONG_COLUMNS, rows)


def wide_form(book: ClassBook) -> str:
    """One row per learner: each assignment's points, the total, its maximum, pending and late work."""
    header = ["learner", "name", *[Path(n).stem for n in book.assignments], "total", "max_total", "pending", "late"]
    rows = []
    for learner, person in book.learners.items():
        scores = ["" if book.undecided(learner, notebook) else points(book.score(learner, notebook)[0])
                  for notebook in book.assignments]
        total, possible, pending = book.total(learner)
        late = " ".join(Path(notebook).stem for notebook in book.late(learner))
        rows.append([learner, person.name, *scores, points(total), possible, pending, late])
    return _csv(header, rows)


def _final(book: ClassBook, learner: str, notebook: str) -> str:
    score, _possible, pending = book.score(learner, notebook)
    return "" if pending or book.undecided(learner, notebook) else points(score)


def canvas(book: ClassBook) -> str:
    """Canvas's gradebook import: identity columns, then one column per assignment.

    A column headed by a name Canvas does not know creates that assignment on
    import; the second row gives its points possible, as in Canvas's own export.
    """
    titles = [column_title(notebook) for notebook in book.assignments]
    possible = [sum(spec.points for spec in tasks.for_notebook(notebook)) for notebook in book.assignments]
    rows = [[CANVAS_POINTS_ROW, "", "", "", "", *possible]]
    for learner, person in book.learners.items():
        rows.append([person.display, person.canvas_id, person.sis_id, learner, person.section,
                     *[_final(book, learner, notebook) for notebook in book.assignments]])
    return _csv(CANVAS_IDENTITY + titles, rows)


def moodle(book: ClassBook) -> str:
    """Moodle's "Import grades from CSV": pick Username (or Email address) as the identifier
    and map each assignment column to a grade item."""
    titles = [column_title(notebook) for notebook in book.assignments]
    rows = [[learner, person.email, person.sis_id, person.display,
             *[_final(book, learner, notebook) for notebook in book.assignments]]
            for learner, person in book.learners.items()]
    return _csv(MOODLE_IDENTITY + titles, rows)


# The two the instructor opens in a spreadsheet start with a byte-order mark, without which Excel reads UTF-8
# as the system's code page (李明 garbled); the LMS files are read by the LMS, as its own exports are.
SPREADSHEETS = ("gradebook-long.csv", "gradebook-wide.csv")


def encoding(name: str) -> str:
    """How an export is written: ``utf-8-sig`` (with the mark) for :data:`SPREADSHEETS`, else ``utf-8``."""
    return "utf-8-sig" if name in SPREADSHEETS else "utf-8"


EXPORTS = {
    "gradebook-long.csv": long_form,
    "gradebook-wide.csv": wide_form,
    "canvas.csv": canvas,
    "moodle.csv": moodle,
}
