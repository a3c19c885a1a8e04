"""One learner's stored result for one assignment, as a class run makes it.

What it says of the notebook (when it was handed in, its written answers, its language)
comes from the notebook as it was before any kernel of the run started
(:class:`submissionguard.Handed`), never from the file as it is after the run.
"""

from __future__ import annotations

from course_utils.exercises import written
from course_utils.i18n import Translator, notebook_language, using_language
from course_utils.instructor.gradebook import rubricsheets, submissionguard, submissions
from course_utils.instructor.gradebook.classbook import no_submission_rows
from course_utils.instructor.grading import notebookfile

tr = Translator("instructor")


def _answers(data: dict | None, notebook: str) -> dict[str, str]:
    if data is None:  # not a notebook: the reason is in the graded rows already
        return {}
    specs = rubricsheets.written_tasks([notebook])
    # An answer written in a cell added below the answer cell is read there (its feedback row says so).
    return {spec.id: written.graded_answer(data, spec.id)[0] for spec in specs}


def make_record(learner: str, notebook: str, found: submissions.Found, rows: list[dict] | None,
                deadline: str | None, lang: str, handed: submissionguard.Handed) -> dict:
    """The stored result; its notes in ``lang``, the learner's (as ``found``'s note already is); what it says
    of the notebook, from ``handed`` (the notebook as handed in)."""
    with using_language(lang):
        return _recorded(learner, notebook, found, rows, deadline, lang, handed)


def _recorded(learner, notebook, found, rows, deadline, lang, handed) -> dict:
    record = {"learner": learner, "notebook": notebook, "note": found.note, "late": False, "language": lang,
              "submission": None, "submitted_at": None, "deadline": deadline, "answers": {}}
    if found.path is None:
        status = "ambiguous" if found.ambiguous else "no_submission"
        return {**record, "status": status, "rows": no_submission_rows(learner, notebook, found.note)}
    handed_in = handed.submitted_at(found.path)
    raw, _reason = notebookfile.read_json(found.path, handed.content(found.path))
    data = raw if notebookfile.shape_problem(raw) is None else None
    late = deadline is not None and handed_in > submissions.parse_deadline(deadline)
    note = found.note
    if late:
        shown = "%Y-%m-%d %H:%M UTC"
        note = (note + "\n" if note else "") + tr.gettext("Late: handed in {submitted}, after the deadline, "
                                                          "{deadline}.", submitted=handed_in.strftime(shown),
            deadline=submissions.parse_deadline(deadline).strftime(shown))
    return {**record, "status": "graded", "note": note, "late": late, "moved": found.moved,
            "submitted_at": handed_in.isoformat(), "submission": str(found.path),
            "answers": _answers(data, notebook), "rows": rows or [],
            "language": notebook_language(raw if isinstance(raw, dict) else {})}
