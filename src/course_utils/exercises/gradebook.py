"""Grade a folder of submissions in parallel into a gradebook and feedback files.

``SUBMISSIONS/<learner>/<NN-slug>.ipynb``: one folder per learner, notebooks
under their original names. Each notebook runs in its own process and kernel.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.exercises.grading import grade_notebook
from course_utils.exercises.tasks import LESSONS
from course_utils.messages import msg
from course_utils.render import render

COLUMNS = ["learner", "notebook", "task", "score", "max_score", "feedback"]


def learner_folders(submissions: Path) -> list[Path]:
    """Learner folders, sorted; hidden folders (``.ipynb_checkpoints``, ``.git``) skipped."""
    return sorted(p for p in Path(submissions).iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _jobs(submissions: Path) -> list[tuple]:
    jobs = []
    expected = set(LESSONS.values())
    for folder in learner_folders(submissions):
        # Notebooks under other names are named in the feedback, so a renamed file is easy to spot.
        others = sorted(p.name for p in folder.glob("*.ipynb") if p.name not in expected)
        for name in LESSONS.values():
            path = folder / name
            jobs.append((path if path.is_file() else None, folder.name, name, others))
    return jobs


def _grade(job: tuple, hidden: str | None, time_limit: int) -> list[dict]:
    path, learner, name, others = job
    rows = grade_notebook(path, learner, name, hidden=hidden, time_limit=time_limit)
    if path is None and others:
        note = msg("exercises.grade_other_names", names=", ".join(others))
        rows = [{**row, "feedback": f"{row['feedback']} {note}"} for row in rows]
    return rows


def write_feedback(folder: Path, learner: str, rows: list[dict]) -> Path:
    """``feedback/<learner>.md``: each task's score and feedback, and the auto-graded total."""
    graded = [row for row in rows if row["score"] != ""]
    total = msg("exercises.feedback_total", score=round(sum(float(r["score"]) for r in graded), 2),
                max_score=sum(int(r["max_score"]) for r in graded))
    text = render("exercises/feedback.md.j2", title=msg("exercises.feedback_title", learner=learner),
                  total_line=total, rows=rows)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{learner}.md"
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def grade_folder(submissions: Path, gradebook: Path, *, hidden: str | None = None,
                 time_limit: int = 120, workers: int | None = None) -> dict:
    """Grade every learner folder; write the CSV and the feedback files; return a summary."""
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise CourseInputError(msg("exercises.grade_no_folder", folder=str(submissions)), "submissions")
    jobs = [job for job in _jobs(submissions)]
    if not jobs:
        raise CourseInputError(msg("exercises.grade_no_learners", folder=str(submissions)), "submissions")
    started = time.monotonic()
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_grade, job, hidden, time_limit) for job in jobs]
        rows = [row for future in futures for row in future.result()]
    rows.sort(key=lambda row: (row["learner"], row["notebook"], row["task"]))
    gradebook = Path(gradebook)
    gradebook.parent.mkdir(parents=True, exist_ok=True)
    with gradebook.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    feedback_dir = gradebook.parent / "feedback"
    learners = sorted({row["learner"] for row in rows})
    # A fresh folder, swapped in whole: no learner's file from an earlier run stays behind.
    fresh = Path(tempfile.mkdtemp(prefix=".feedback-", dir=gradebook.parent))
    for learner in learners:
        write_feedback(fresh, learner, [row for row in rows if row["learner"] == learner])
    if feedback_dir.exists():
        shutil.rmtree(feedback_dir)
    fresh.chmod(0o755)
    fresh.rename(feedback_dir)
    return {"learners": len(learners), "notebooks": len(jobs), "rows": len(rows),
            "seconds": time.monotonic() - started, "gradebook": str(gradebook), "feedback": str(feedback_dir)}
