"""The class's grades assembled from the store, the roster and the instructor's rubric scores.

Every export, the class report and each learner's feedback read this one view,
so they always agree. Only assignments graded at least once appear, and a
learner on the roster who has no stored result for one of them counts as
"no submission".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course_utils.exercises import tasks
from course_utils.i18n import Translator
from course_utils.instructor.gradebook.roster import Learner
from course_utils.instructor.gradebook.rubricsheets import Mark

tr = Translator("instructor")


@dataclass
class ClassBook:
    learners: dict[str, Learner]
    assignments: list[str]
    records: dict[tuple[str, str], dict]
    rows: list[dict] = field(default_factory=list)

    def rows_of(self, learner: str, notebook: str | None = None) -> list[dict]:
        return [row for row in self.rows
                if row["learner"] == learner and (notebook is None or row["notebook"] == notebook)]

    def score(self, learner: str, notebook: str) -> tuple[float, int, int]:
        """(points so far, points possible, written points still to be scored)."""
        rows = self.rows_of(learner, notebook)
        points = sum(row["score"] for row in rows if row["score"] is not None)
        pending = sum(row["max_score"] for row in rows if row["score"] is None)
        return round(points, 2), sum(row["max_score"] for row in rows), pending

    def total(self, learner: str) -> tuple[float, int, int]:
        """(points, possible, pending) over the assignments, an undecided one (:meth:`undecided`) left out."""
        parts = [self.score(learner, notebook) for notebook in self.assignments
                 if not self.undecided(learner, notebook)]
        return (round(sum(p[0] for p in parts), 2), sum(p[1] for p in parts), sum(p[2] for p in parts))

    def undecided(self, learner: str, notebook: str) -> bool:
        """Not graded because several notebooks could be the assignment: no score to post until it is chosen."""
        return self.records[(learner, notebook)]["status"] == "ambiguous"

    def late(self, learner: str) -> list[str]:
        return [notebook for notebook in self.assignments
                if self.records[(learner, notebook)].get("late")]


def task_order(task_id: str) -> tuple:
    """Sort key that puts task 03.10 after 03.9.

    >>> sorted(["03.10", "03.2", "03.9"], key=task_order)
    ['03.2', '03.9', '03.10']
    """
    return tuple(int(part) if part.isdigit() else 0 for part in task_id.split(".")), task_id


def missing_record(learner: str, notebook: str) -> dict:
    """The result of a learner with nothing stored for an assignment others were graded on."""
    note = tr.gettext("no submission: nothing was graded for {notebook} for this learner.", notebook=notebook)
    return {"learner": learner, "notebook": notebook, "status": "no_submission", "note": note,
            "late": False, "submitted_at": None, "submission": None, "answers": {},
            "rows": no_submission_rows(learner, notebook, note)}


def no_submission_rows(learner: str, notebook: str, note: str) -> list[dict]:
    return [{"learner": learner, "notebook": notebook, "task": spec.id, "score": 0.0,
             "max_score": spec.points, "feedback": note} for spec in tasks.for_notebook(notebook)]


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _override(row: dict, mark: Mark | None, points: int) -> dict:
    """The instructor's own score for a task, noted in the feedback; an empty score keeps the computed one."""
    if mark is None:
        return row
    feedback = row["feedback"]
    if mark.score is not None:
        feedback += "\n" + tr.gettext("Score set by your instructor: {score} of {points}.", score=f"{mark.score:g}",
                                      points=points)
    if mark.comment:
        feedback += ("\n" if mark.score is None else " ") + tr.gettext("Comment: {comment}", comment=mark.comment)
    return {**row, "score": row["score"] if mark.score is None else mark.score, "feedback": feedback,
            "blank": row.get("blank", False) and mark.score is None}


def _final_row(record: dict, row: dict, marks: dict[tuple[str, str], Mark],
               overrides: dict[tuple[str, str], Mark]) -> dict:
    spec = tasks.find(str(row["task"]))
    score, feedback = _number(row.get("score")), str(row.get("feedback", ""))
    mark = marks.get((record["learner"], str(row["task"])))
    if spec is not None and spec.kind == "written" and mark is not None and mark.score is not None:
        score = mark.score
        feedback = tr.gettext("Rubric score: {score} of {points}.", score=f"{mark.score:g}", points=spec.points)
        if mark.comment:
            feedback += " " + tr.gettext("Comment: {comment}", comment=mark.comment)
    elif spec is not None and spec.kind == "written" and mark is not None and mark.comment:
        feedback += " " + tr.gettext("Comment: {comment}", comment=mark.comment)
    points = int(row.get("max_score") or (spec.points if spec else 0))
    final = {"learner": record["learner"], "notebook": record["notebook"], "task": str(row["task"]),
             "score": score, "max_score": points, "feedback": feedback,
             "late": "yes" if record.get("late") else "", "kind": spec.kind if spec else "code",
             "status": record["status"],
             # A written task with no answer and no score given by hand: its 0 is no answer scored.
             "blank": bool(spec and spec.kind == "written" and not record.get("answers", {}).get(str(row["task"]))
                           and (mark is None or mark.score is None))}
    return _override(final, overrides.get((record["learner"], str(row["task"]))), points)


def assemble(records: list[dict], roster: dict[str, Learner], marks: dict[tuple[str, str], Mark],
             overrides: dict[tuple[str, str], Mark] | None = None) -> ClassBook:
    """Every learner (roster and store) by every assignment graded so far."""
    order = {name: index for index, name in enumerate(tasks.LESSONS.values())}
    assignments = sorted({record["notebook"] for record in records}, key=lambda name: (order.get(name, 99), name))
    learners = dict(roster)
    for record in records:
        learners.setdefault(record["learner"], Learner(id=record["learner"]))
    learners = dict(sorted(learners.items()))
    stored = {(record["learner"], record["notebook"]): record for record in records}
    book = ClassBook(learners=learners, assignments=assignments, records={})
    for learner in learners:
        for notebook in assignments:
            record = stored.get((learner, notebook)) or missing_record(learner, notebook)
            book.records[(learner, notebook)] = record
            rows = sorted(record["rows"], key=lambda row: task_order(str(row["task"])))
            book.rows += [_final_row(record, row, marks, overrides or {}) for row in rows]
    return book
