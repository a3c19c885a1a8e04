"""Everything derived from the grade store, made again after every run.

``gradebook-long.csv``, ``gradebook-wide.csv``, ``canvas.csv``, ``moodle.csv``,
``class-report.md``, ``feedback/<learner>.md`` and the written-answer sheets in
``written/``. Each file is written atomically; nothing here deletes a file, the
score sheets keep what the instructor entered, and ``overrides.csv`` is only read.
"""

from __future__ import annotations

from pathlib import Path

from course_utils.exercises import written
from course_utils.exercises.result import task_label

from course_utils.i18n import DEFAULT_LANGUAGE, Translator, language, using_language
from course_utils.instructor.gradebook import classreport

from course_utils.instructor.gradebook import exports

from course_utils.instructor.gradebook import overrides

from course_utils.instructor.gradebook import resultstore

from course_utils.instructor.gradebook import rubricsheets
from course_utils.instructor.gradebook.classbook import ClassBook, assemble
from course_utils.instructor.gradebook.roster import Learner
from course_utils.render import render

tr = Translator("instructor")

FEEDBACK = "feedback"
REPORT = "class-report.md"


def _section(book: ClassBook, learner: str, notebook: str) -> dict:
    record = book.records[(learner, notebook)]
    score, possible, pending = book.score(learner, notebook)
    rows = [{**row, "label": task_label(row["task"]), "shown": exports.points(row["score"]) if row["score"] is not None
             else tr.gettext("pending")} for row in book.rows_of(learner, notebook)]
    return {"name": Path(notebook).stem, "status": record["status"], "note": record.get("note", ""),
            "score": exports.points(score), "possible": possible, "pending": pending, "rows": rows}


def learner_language(book: ClassBook, learner: str) -> str:
    """The language of a learner's graded notebooks: a translation if any notebook is one, else English."""
    found = sorted({record.get("language") for (who, _), record in book.records.items()
                    if who == learner and record.get("language") not in (None, DEFAULT_LANGUAGE)})
    return found[0] if found else DEFAULT_LANGUAGE


def feedback_text(book: ClassBook, learner: str) -> str:
    """One learner's feedback: the assignments handed out, each task's score and feedback, the total."""
    score, possible, pending = book.total(learner)
    total = tr.ngettext("Total: {score} of {possible} points over the {n} assignment handed out so far.",
                        "Total: {score} of {possible} points over the {n} assignments handed out so far.",
                        len(book.assignments), score=exports.points(score), possible=possible)
    if pending:
        total += " " + tr.gettext("Written answers worth {pending} points are still to be scored by your "
                                  "instructor.", pending=pending)
    person = book.learners[learner]
    title = tr.gettext("Feedback for {learner}", learner=f"{person.name} ({learner})" if person.name else learner)
    return render("instructor/feedback.md.j2", title=title, total_line=total,
                  sections=[_section(book, learner, notebook) for notebook in book.assignments],
                  no_submission=tr.gettext("No submission was graded for this assignment: 0 points.")).strip() + "\n"


def _written(out: Path, book: ClassBook, rubrics: dict[str, str]) -> list[str]:
    warnings = []
    for spec in rubricsheets.written_tasks(book.assignments):
        answers = []
        for learner, person in book.learners.items():
            record = book.records[(learner, spec.notebook)]
            text = (record.get("answers") or {}).get(spec.id, "")
            answers.append({"learner": learner, "name": person.name, "answer": text,
                            "words": written.word_count(text) if text else 0,
                            "status": record["status"]})
        warnings += rubricsheets.update_sheet(out, spec, answers)
        rubricsheets.write_reading_copy(out, spec, rubrics.get(spec.id, ""), answers)
    return warnings


def publish(out: Path, roster: dict[str, Learner], rubrics: dict[str, str]) -> dict:
    """Make every derived file from the store; return their places and any warnings."""
    out = Path(out)
    records = resultstore.load_all(out)
    warnings = []
    book = assemble(records, roster, {})
    # Sheets first: a new learner's row exists before the scores are read back.
    warnings += _written(out, book, rubrics)
    marks, changes = rubricsheets.read_marks(out, book.assignments), overrides.read(out)
    book = assemble(records, roster, marks, changes)
    overrides.ensure(out)
    for name, make in exports.EXPORTS.items():
        resultstore.atomic_write_text(out / name, make(book), encoding=exports.encoding(name))
    resultstore.atomic_write_text(out / REPORT, classreport.report(book))
    books = {language(): book}
    for learner in book.learners:
        # Feedback in the language the learner worked in (Chinese notebooks: Chinese feedback), the
        # instructor's scores and comments included: the book is assembled again in that language.
        with using_language(learner_language(book, learner)) as lang:
            if lang not in books:
                books[lang] = assemble(records, roster, marks, changes)
            resultstore.atomic_write_text(out / FEEDBACK / f"{learner}.md", feedback_text(books[lang], learner))
    return {"gradebook": str(out / "gradebook-long.csv"), "feedback": str(out / FEEDBACK),
            "written": str(out / rubricsheets.FOLDER), "report": str(out / REPORT), "warnings": warnings,
            "blank_lms": sum(1 for learner in book.learners for notebook in book.assignments
                             if book.score(learner, notebook)[2])}
