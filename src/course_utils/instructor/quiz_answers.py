"""Grading handed-in quiz answers: each learner's ``progress.json`` against the plain banks.

The self-check quiz keeps each learner's answers in their progress file
(:mod:`course_utils.quiz.progress`); ``course progress --export`` writes a
learner's own results to hand in. The instructor's ``course quiz-grade
submissions/`` reads ``submissions/<learner>/progress.json``, grades the first
(or latest) answer to every question with the unsealed bank, and writes one row
per learner and question. The ``correct`` flag in the file is never trusted: a
flag that disagrees with the regraded answer is noted.
"""

from __future__ import annotations

import csv
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.instructor.gradebook import csvcells
from course_utils.instructor.grading import notebookfile
from course_utils.quiz.bank import Bank, all_banks, lesson_name, load_bank
from course_utils.quiz.marking import grade
from course_utils.quiz.progress import FILE_NAME

tr = Translator("instructor")

COLUMNS = ["learner", "lesson", "question", "answer", "score", "max_score", "note"]
ATTEMPTS = {"first": "first_answer", "last": "answer"}


def plain_banks(lessons: list[str] | None = None) -> list[Bank]:
    """The banks to grade against; a sealed bank (a learner's edition) cannot grade and says so."""
    banks = [load_bank(lesson_name(lesson)) for lesson in (lessons or all_banks())]
    if any(bank.sealed for bank in banks):
        raise CourseInputError(tr.gettext("The quiz banks here are sealed (a learner's edition): answers are graded "
                                          "against the plain banks of the course repository."), "lessons")
    return banks


def learner_records(path: Path, learner: str) -> tuple[dict | None, str]:
    """``({lesson: {question: record}}, "")`` from a handed-in file, or ``(None, why not)``."""
    if not path.is_file():
        return None, tr.gettext("no progress.json handed in")
    data, problem = notebookfile.read_json(path)
    if problem:
        return None, tr.gettext("progress.json cannot be read: {reason}", reason=problem)
    people = data.get("learners") if isinstance(data, dict) else None
    if not isinstance(people, dict) or not all(isinstance(v, dict) for v in people.values()):
        return None, tr.gettext("progress.json cannot be read: {reason}", reason=tr.gettext("it lists no learners"))
    if len(people) == 1:
        return next(iter(people.values())), ""
    if learner in people:
        return people[learner], ""
    return None, tr.gettext("progress.json holds several learners ({names}) and none is named {folder}",
                            names=", ".join(sorted(people)), folder=learner)


def _shown(answer: object) -> str:
    return ",".join(map(str, answer)) if isinstance(answer, list) else str(answer)


def grade_records(learner: str, records: dict | None, banks: list[Bank], attempt: str, problem: str = "") -> list[dict]:
    """One row per question of ``banks`` for one learner."""
    rows = []
    for bank in banks:
        lesson = records.get(bank.lesson, {}) if isinstance(records, dict) else {}
        lesson = lesson if isinstance(lesson, dict) else {}
        for question in bank.questions:
            row = {"learner": learner, "lesson": bank.lesson, "question": question.id, "answer": "",
                   "score": 0, "max_score": 1, "note": problem}
            record = lesson.get(question.id)
            if problem:
                pass
            elif not isinstance(record, dict):
                row["note"] = tr.gettext("not answered")
            elif ATTEMPTS[attempt] not in record:
                row["note"] = tr.gettext("checked before answers were kept; cannot be graded")
            else:
                answer = record[ATTEMPTS[attempt]]
                result = grade(question, answer)
                row.update(answer=_shown(answer), score=int(result.correct), note=result.status)
                recorded = record.get("correct")
                # The file's own flag describes the latest answer: compare it only there.
                if attempt == "last" and isinstance(recorded, bool) and recorded != result.correct:
                    row["note"] = tr.gettext("the file says {recorded}, but the answer grades {graded}",
                                             recorded=recorded, graded=result.correct)
            rows.append(row)
    return rows


def grade_folder(folder: str | Path, *, attempt: str = "first", lessons: list[str] | None = None,
                 banks: list[Bank] | None = None) -> list[dict]:
    """Rows for every learner folder in ``folder`` (sorted by name), every question of every bank.

    ``banks`` (plain ``Bank`` objects, e.g. an instructor's own) replaces the shipped banks of ``lessons``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CourseInputError(tr.gettext("{folder} is not a folder of submissions.", folder=folder), "folder")
    if attempt not in ATTEMPTS:
        raise CourseInputError(tr.gettext("{name} should be {expected}; got {kind}.", name="attempt",
                                          expected=tr.gettext("first or last"), kind=repr(attempt)), "attempt")
    learners = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not learners:
        raise CourseInputError(tr.gettext("{folder} holds no learner folders.", folder=folder), "folder")
    if banks is None:
        banks = plain_banks(lessons)
    elif any(bank.sealed for bank in banks):
        raise CourseInputError(tr.gettext("The quiz banks here are sealed (a learner's edition): answers are graded "
                                          "against the plain banks of the course repository."), "banks")
    rows = []
    for learner in learners:
        records, problem = learner_records(learner / FILE_NAME, learner.name)
        rows += grade_records(learner.name, records, banks, attempt, problem)
    return rows


def write_csv(rows: list[dict], out: str | Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # With a byte-order mark, so a spreadsheet reads the learners' Chinese names as UTF-8.
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        # A learner's answer text is never a formula when the CSV is opened in a spreadsheet.
        writer.writerows({key: csvcells.neutral(value) for key, value in row.items()} for row in rows)
    return out
