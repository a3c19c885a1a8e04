"""Grade a class: find each learner's notebooks, grade them, store the results, publish.

``SUBMISSIONS/<learner>/<NN-slug>.ipynb``: one folder per learner. Results are
stored per learner and assignment (:mod:`resultstore`), so grading one learner
or one assignment again replaces only those results; every gradebook, export,
report and feedback file is then made again from the whole store
(:mod:`classoutputs`). Files the instructor fills in (rubric score sheets,
``overrides.csv``) are read, and only ever extended.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.exercises import written
from course_utils.i18n import Translator
from course_utils.instructor.gradebook import classoutputs
from course_utils.instructor.gradebook import overrides
from course_utils.instructor.gradebook import resultstore
from course_utils.instructor.gradebook import roster as rosters
from course_utils.instructor.gradebook import rubricsheets
from course_utils.instructor.gradebook import submissions
from course_utils.instructor.gradebook.classbook import no_submission_rows
from course_utils.instructor.grading.notebook import grade_notebook
from course_utils.exercises.tasks import LESSONS

tr = Translator("instructor")

DEADLINES = "deadlines.json"


def learner_folders(base: Path) -> list[Path]:
    """Learner folders, sorted; hidden folders (``.ipynb_checkpoints``, ``.git``) skipped."""
    return sorted(p for p in Path(base).iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def resolve_assignment(value: str) -> list[str]:
    """Notebook names for "03", "3", "03-commerce-loop", "03-commerce-loop.ipynb" or "all"."""
    text = str(value).strip()
    if text.lower() == "all":
        return list(LESSONS.values())
    for key, name in LESSONS.items():
        if text in (name, Path(name).stem) or (text.isdigit() and f"{int(text):02d}" == key):
            return [name]
    known = ", ".join(Path(name).stem for name in LESSONS.values())
    raise CourseInputError(tr.gettext("--assignment \"{value}\" is not an exercise; give its number (03) or name "
                                      "({known}), or all.", value=value, known=known), "assignment")


def _deadlines(out: Path, notebooks: list[str], deadline: str | None) -> dict[str, str]:
    """Deadlines by notebook: a new ``--deadline`` is kept for the next runs of these assignments."""
    path = Path(out) / DEADLINES
    try:
        known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except ValueError:
        raise CourseInputError(tr.gettext("{path} is damaged (not a result the grader wrote); delete it and grade "
                                          "that learner and assignment again.", path=str(path)), "deadline") from None
    if deadline is not None:
        moment = submissions.parse_deadline(deadline).isoformat()
        known.update({notebook: moment for notebook in notebooks})
        resultstore.atomic_write_text(path, json.dumps(known, indent=1, sort_keys=True) + "\n")
    return known


def _answers(path: Path | None, notebook: str) -> dict[str, str]:
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    specs = rubricsheets.written_tasks([notebook])
    return {spec.id: written.find_answer(data, spec.id) or "" for spec in specs}


def _grade(job: tuple, hidden: str | None, time_limit: int) -> list[dict]:
    learner, notebook, path = job
    return grade_notebook(path, learner, notebook, hidden=hidden, time_limit=time_limit)


def _record(learner: str, notebook: str, found: submissions.Found, rows: list[dict] | None,
            deadline: str | None) -> dict:
    record = {"learner": learner, "notebook": notebook, "note": found.note, "late": False,
              "submission": None, "submitted_at": None, "deadline": deadline, "answers": {}}
    if found.path is None:
        status = "ambiguous" if found.ambiguous else "no_submission"
        return {**record, "status": status, "rows": no_submission_rows(learner, notebook, found.note)}
    handed_in = submissions.submitted_at(found.path)
    late = deadline is not None and handed_in > submissions.parse_deadline(deadline)
    note = found.note
    if late:
        shown = "%Y-%m-%d %H:%M UTC"
        note = (note + "\n" if note else "") + tr.gettext("Late: handed in {submitted}, after the deadline, "
                                                          "{deadline}.", submitted=handed_in.strftime(shown),
            deadline=submissions.parse_deadline(deadline).strftime(shown))
    return {**record, "status": "graded", "note": note, "late": late, "moved": bool(found.note),
            "submitted_at": handed_in.isoformat(), "submission": str(found.path),
            "answers": _answers(found.path, notebook), "rows": rows or [],
            "language": submissions.language_of(found.path)}


def _run_jobs(jobs: list[tuple], hidden, time_limit, workers):
    """Yield ``(job, rows)`` as each notebook finishes, so each result is stored at once."""
    if workers == 1 or len(jobs) <= 1:
        for job in jobs:
            yield job, _grade(job, hidden, time_limit)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {pool.submit(_grade, job, hidden, time_limit): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _learners(base: Path, roster: dict, only: list[str] | None) -> tuple[list[str], dict[str, Path], list[str]]:
    folders = {folder.name: folder for folder in learner_folders(base)}
    everyone = sorted(set(folders) | set(roster))
    strangers = sorted(set(folders) - set(roster)) if roster else []
    if only:
        unknown = [learner for learner in only if learner not in everyone]
        if unknown:
            raise CourseInputError(tr.gettext("--learner {learners}: no such folder in {folder} and not on the "
                                              "roster.", learners=", ".join(unknown), folder=str(base)),
                                   "learner")
        everyone = sorted(set(only))
    return everyone, folders, strangers


def _default_assignments(folders: dict[str, Path]) -> list[str]:
    """The assignments anyone handed in: a notebook nobody submitted was not handed out."""
    keys = {submissions.identify(path) for folder in folders.values() for path in submissions.notebooks(folder)}
    return [name for key, name in LESSONS.items() if key in keys]


def grade_class(base: Path, out: Path, *, assignments: list[str] | None = None, learners: list[str] | None = None,
                roster: Path | None = None, deadline: str | None = None, hidden: str | None = None,
                rubrics: Path | None = None, time_limit: int = 120, workers: int | None = None) -> dict:
    """Grade the chosen learners and assignments into ``out``; return a summary for the command."""
    base, out = Path(base), Path(out)
    if not base.is_dir():
        raise CourseInputError(tr.gettext("{folder} does not exist or is not a folder: give the folder that holds "
                                          "one folder per learner.", folder=str(base)), "submissions")
    if out.suffix.lower() == ".csv" or out.is_file():
        raise CourseInputError(tr.gettext("--out {out} names a file; --out is the folder for all grading output "
                                          "(default grades/), where the gradebook is gradebook-long.csv.",
                                          out=str(out)), "out")
    if deadline is not None:
        submissions.parse_deadline(deadline)  # a typo stops the run before any grading
    class_list = rosters.load(roster, out)
    names, folders, strangers = _learners(base, class_list, learners)
    notebooks = [n for value in assignments for n in resolve_assignment(value)] if assignments \
        else _default_assignments(folders)
    notebooks = [name for name in LESSONS.values() if name in notebooks]
    if not names or not notebooks:
        raise CourseInputError(tr.gettext("Nothing to grade in {folder}: no learner folder holds an exercise "
                                          "notebook (01-…, 02-…); name the assignment with --assignment, or check "
                                          "the folder.", folder=str(base)), "submissions")
    # The score sheets and the store are checked before grading, so a typo costs no waiting.
    rubricsheets.read_marks(out, list(LESSONS.values()))
    overrides.read(out)
    resultstore.load_all(out)
    deadlines = _deadlines(out, notebooks, deadline)
    started = time.monotonic()
    found = {(learner, notebook): submissions.find(folders.get(learner, base / learner), notebook)
             for learner in names for notebook in notebooks}
    jobs = [(learner, notebook, where.path) for (learner, notebook), where in found.items() if where.path]
    for (learner, notebook), where in found.items():
        if where.path is None:
            resultstore.save(out, _record(learner, notebook, where, None, deadlines.get(notebook)))
    # Each result is stored as soon as it is ready: an interrupted run keeps what it graded.
    for (learner, notebook, _path), rows in _run_jobs(jobs, hidden, time_limit, workers or os.cpu_count() or 1):
        resultstore.save(out, _record(learner, notebook, found[(learner, notebook)], rows, deadlines.get(notebook)))
    published = classoutputs.publish(out, rosters.load(None, out), rubricsheets.read_rubrics(rubrics))
    notes = sorted(f"{learner}: {where.note}" for (learner, _), where in found.items() if where.note)
    return {"learners": len(names), "notebooks": len(jobs), "assignments": len(notebooks),
            "missing": sum(1 for where in found.values() if where.path is None),
            "seconds": time.monotonic() - started, "out": str(out), "notes": notes,
            "strangers": strangers, **published}
