"""Grade a class: find each learner's notebooks, grade them, store the results, publish.

``SUBMISSIONS/<learner>/<NN-slug>.ipynb``: one folder per learner. Results are
stored per learner and assignment (:mod:`resultstore`), so grading one learner
or one assignment again replaces only those results; every gradebook, export,
report and feedback file is then made again from the whole store
(:mod:`classoutputs`). Files the instructor fills in (rubric score sheets,
``overrides.csv``) are read, and only ever extended. A learner with no folder
in the submissions graded keeps what is stored, unless named with ``--learner``.
Submissions run as the same user as the grader, so the instructor's files here
are kept before any kernel starts and put back if one changed them
(:mod:`outputguard`), so are the learners' notebooks, each graded as it was handed in
(:mod:`submissionguard`), and a change to the library stops the run (:mod:`integrity`).
"""

from __future__ import annotations

import json
import os
import time
from functools import partial
from pathlib import Path

from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import DEFAULT_LANGUAGE, Translator, language, using_language
from course_utils.instructor.gradebook import classoutputs
from course_utils.instructor.gradebook import outputguard
from course_utils.instructor.gradebook import overrides
from course_utils.instructor.gradebook import resultstore
from course_utils.instructor.gradebook import roster as rosters
from course_utils.instructor.gradebook import rubricsheets
from course_utils.instructor.gradebook import runlock
from course_utils.instructor.gradebook import submissionguard
from course_utils.instructor.gradebook import submissions
from course_utils.instructor.gradebook import workers as pools
from course_utils.instructor.gradebook.records import make_record
from course_utils.instructor.gradebook.runnotes import run_messages
from course_utils.instructor.gradebook.submissions import shown
from course_utils.instructor.grading import hiddenchecks, integrity
from course_utils.instructor.grading.notebook import flag_changed, grade_notebook, ungraded_rows
from course_utils.exercises.tasks import LESSONS

tr = Translator("instructor")

DEADLINES = "deadlines.json"
ASIDE = "set-aside"  # the instructor's files as a run found them changed, before it put them back
HANDED_ASIDE = "submissions"  # under ASIDE: the learners' notebooks as the run found them changed


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
        for moment in known.values() if isinstance(known, dict) else [None]:
            submissions.parse_deadline(moment if isinstance(moment, str) else "")
    except (OSError, ValueError, RecursionError):  # CourseInputError is a ValueError too
        raise CourseInputError(tr.gettext("{path} is damaged (the grader keeps each assignment's deadline there); "
                                          "delete it and give --deadline again, with --assignment, for each "
                                          "assignment that has one.", path=str(path)), "deadline") from None
    if deadline is not None:
        moment = submissions.parse_deadline(deadline).isoformat()
        known.update({notebook: moment for notebook in notebooks})
        resultstore.atomic_write_text(path, json.dumps(known, indent=1, sort_keys=True) + "\n")
    return known


def _grade(job: tuple, hidden, time_limit: int, out: Path, own: frozenset, base: Path) -> list[dict]:
    """One notebook, in a worker: never raises, and flags a notebook during which the library, the hidden
    checks, the instructor's files in the output folder (this run's own results left out) or the
    learners' notebooks changed."""
    learner, notebook, path, content = job
    library, files = integrity.fingerprint(hidden), outputguard.digests(out, own)
    handed = submissionguard.fingerprints(base)
    try:
        rows = grade_notebook(path, learner, notebook, hidden=hidden, time_limit=time_limit, content=content)
    except Exception as error:  # noqa: BLE001 - a grader failure on one notebook must not stop the class
        rows = ungraded_rows(learner, notebook, tr.gettext("the grader failed on this notebook ({kind})",
                                                           kind=type(error).__name__))
    changed = [integrity.label(path) for path in integrity.tampered(library, integrity.fingerprint(hidden))]
    changed += [outputguard.label(out, path) for path in integrity.changed(files, outputguard.digests(out, own))]
    changed += [outputguard.label(base, path) for path in integrity.changed(handed, submissionguard.fingerprints(base))]
    return flag_changed(rows, changed)


def _lost(job: tuple) -> list[dict]:
    learner, notebook = job[:2]
    return ungraded_rows(learner, notebook, tr.gettext("the grading process was killed while this notebook ran"))


def readable(name: str) -> bool:
    """A folder name that is UTF-8 text (Python gives other bytes as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _learners(base: Path, roster: dict, only: list[str] | None) -> tuple[list[str], dict[str, Path], list[str]]:
    folders = {folder.name: folder for folder in learner_folders(base) if readable(folder.name)}
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


def _check_inputs(out: Path, known: set, hidden, rubrics: Path | None):
    """Everything the instructor gave, read before any grading, so a mistake costs no waiting."""
    rubricsheets.read_marks(out, list(LESSONS.values()))
    overrides.read(out, known | {record["learner"] for record in resultstore.load_all(out)})
    texts = rubricsheets.read_rubrics(rubrics)
    return (hiddenchecks.load(hidden) if isinstance(hidden, (str, Path)) else hidden), texts


def _stop_if_library_changed(library, hidden, guards: tuple, aside: Path, suspects: set) -> None:
    """Stop the run, keeping nothing of it, if the course library or the hidden checks changed: no
    result graded on them can be trusted, and no notebook is worth running again on them."""
    changed = [integrity.label(path) for path in integrity.tampered(library, integrity.fingerprint(hidden))]
    if changed:
        snapshot, handed = guards
        snapshot.restore(everything=True, aside=aside)
        handed.restore(aside / HANDED_ASIDE)
        raise CourseDataError(tr.gettext("While the class was graded, files of the course library or the hidden "
                                         "checks changed: {files}. A submission may have written them (notebooks "
                                         "running at the time: {learners}). Nothing from this run was kept. "
                                         "Restore those files (git checkout, or reinstall the course), set those "
                                         "submissions aside, and grade again as an unprivileged user.",
                                         files=", ".join(changed[:10]), learners=", ".join(sorted(suspects)) or "–"))


def grade_class(base: Path, out: Path, *, assignments: list[str] | None = None, learners: list[str] | None = None,
                roster: Path | None = None, deadline: str | None = None, hidden=None,
                rubrics: Path | None = None, time_limit: int = 120, workers: int | None = None) -> dict:
    """Grade the chosen learners and assignments into ``out``; return a summary for the command.

    ``hidden`` is the hidden checks' file (read and checked here, before any grading) or None.
    """
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
    with runlock.holding(out):
        return _grade_class(base, out, assignments, learners, roster, deadline, hidden, rubrics, time_limit,
                            workers)


def _grade_class(base: Path, out: Path, assignments, learners, roster, deadline, hidden, rubrics, time_limit,
                 workers) -> dict:
    class_list = rosters.load(roster, out)
    names, folders, strangers = _learners(base, class_list, learners)
    unreadable = sorted(shown(folder.name) for folder in learner_folders(base) if not readable(folder.name))
    notebooks = [n for value in assignments for n in resolve_assignment(value)] if assignments \
        else _default_assignments(folders)
    notebooks = [name for name in LESSONS.values() if name in notebooks]
    if not names or not notebooks:
        raise CourseInputError(tr.gettext("Nothing to grade in {folder}: no learner folder holds an exercise "
                                          "notebook (01-…, 02-…); name the assignment with --assignment, or check "
                                          "the folder.", folder=str(base)), "submissions")
    hidden, rubric_texts = _check_inputs(out, set(class_list) | set(folders), hidden, rubrics)
    stored = {(record["learner"], record["notebook"]) for record in resultstore.load_all(out)}
    deadlines = _deadlines(out, notebooks, deadline)
    started = time.monotonic()
    # Found in the command's language (its notes are the instructor's); a learner who works in another is
    # looked up again in that one, so their notes ("no submission: ...") read as their feedback does.
    languages = {learner: submissions.folder_language(folders[learner]) if learner in folders else DEFAULT_LANGUAGE
                 for learner in names}
    here = {(learner, notebook): submissions.find(folders.get(learner, base / learner), notebook)
            for learner in names for notebook in notebooks}

    def in_their_language(learner: str, notebook: str) -> submissions.Found:
        if languages[learner] == language():
            return here[(learner, notebook)]
        with using_language(languages[learner]):
            return submissions.find(folders.get(learner, base / learner), notebook)

    found = {key: in_their_language(*key) for key in here}
    # Regrades never lose work: a learner with no folder in this run keeps what is stored, unless named.
    kept = sorted({learner for (learner, notebook) in found if learner not in folders
                   and (learner, notebook) in stored and learner not in (learners or [])})
    # Said for everyone kept, the learners known only from earlier runs (neither folder nor roster) too.
    kept_shown = kept if learners else sorted(set(kept) | {learner for (learner, notebook) in stored
                                                           if learner not in folders and notebook in notebooks})
    found = {key: where for key, where in found.items() if key[0] not in kept}
    # Before any kernel starts: the learners' notebooks, the instructor's files here, and the library, as
    # they are now. Each notebook is graded from the bytes read here.
    handed = submissionguard.Handed(base)
    jobs = [(learner, notebook, where.path, handed.content(where.path))
            for (learner, notebook), where in found.items() if where.path]
    snapshot, library = outputguard.Snapshot(out), integrity.fingerprint(hidden)
    guards, aside = (snapshot, handed), out / ASIDE / time.strftime("%Y%m%dT%H%M%S")

    def store(learner: str, notebook: str, rows: list[dict] | None = None) -> None:
        record = make_record(learner, notebook, found[(learner, notebook)], rows, deadlines.get(notebook),
                             languages[learner], handed)
        snapshot.expect(resultstore.save(out, record), resultstore.dumps(record))

    def put_right() -> None:
        """Put back what something other than the run changed, in ``out`` and in the submissions."""
        restored.extend(snapshot.restore(aside=aside))
        returned.extend(handed.restore(aside / HANDED_ASIDE))

    for (learner, notebook), where in found.items():
        if where.path is None:
            store(learner, notebook)
    own = frozenset(str(resultstore.record_path(out, learner, notebook)) for learner, notebook, *_ in jobs)
    grade = partial(_grade, hidden=hidden, time_limit=time_limit, out=out, own=own, base=base)
    suspects, flagged, culprits, killers, restored, returned = set(), [], set(), [], [], []
    pool = workers or os.cpu_count() or 1

    def lost(job: tuple) -> list[dict]:
        killers.append(shown(job[0]))
        return _lost(job)

    with pools.run_processes() as folder:
        # Each result is stored as soon as it is ready: an interrupted run keeps what it graded.
        for job, rows in pools.graded(jobs, grade, pool, lost, folder):
            learner, notebook = job[:2]
            if any(row.get("changed_files") for row in rows):
                suspects.add(learner)
                flagged.append(job)
            store(learner, notebook, rows)
        _stop_if_library_changed(library, hidden, guards, aside, suspects)
        put_right()
        # A change seen while several notebooks ran flags them all. Put right, each is graded again on its
        # own: one that changes the files again keeps its 0; the others get what their work earns. A
        # notebook flagged alone (or in a run of one worker) was the only one running: it keeps its 0.
        alone = flagged if len(flagged) > 1 and pool > 1 else []
        culprits.update(job[0] for job in flagged if job not in alone)
        for job, rows in pools.graded_alone(alone, grade, lost, folder):
            if any(row.get("changed_files") for row in rows):
                culprits.add(job[0])
                put_right()
            store(job[0], job[1], rows)
    _stop_if_library_changed(library, hidden, guards, aside, suspects)
    put_right()
    alerts, notes = run_messages(base, out, unreadable, kept_shown, (suspects, culprits),
                                 (sorted(set(restored)), sorted(set(returned)), aside / HANDED_ASIDE),
                                 aside if snapshot.kept_aside else None)
    if killers:
        notes.append(tr.gettext("Could not be graded, because the grading process was killed while their notebook "
                                "ran (each was tried again alone): {learners}. Their feedback says so; check those "
                                "submissions.", learners=", ".join(sorted(killers))))
    published = classoutputs.publish(out, rosters.load(None, out), rubric_texts)
    found_notes = sorted(f"{learner}: {here[(learner, notebook)].note}"
                         for (learner, notebook), where in found.items() if where.note)
    return {"learners": len(names), "notebooks": len(jobs), "assignments": len(notebooks),
            "missing": sum(1 for where in found.values() if where.path is None),
            "seconds": time.monotonic() - started, "out": str(out), "notes": found_notes,
            "strangers": strangers, **published, "warnings": notes + published["warnings"], "alerts": alerts}
