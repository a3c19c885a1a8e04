"""The grade store: one JSON file per learner and assignment, written atomically.

``<out>/results/<learner>/<NN-slug>.json`` holds what one grading run found for
one learner's notebook (the rows, where the notebook was, when it was handed in,
the written answers' text). A partial regrade replaces only its own files;
every CSV, report and feedback file is derived from the whole store afterwards.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("instructor")

RESULTS = "results"
STATUSES = ("graded", "no_submission", "ambiguous")


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader
    (or a crash) never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def record_path(out: Path, learner: str, notebook: str) -> Path:
    return Path(out) / RESULTS / learner / f"{Path(notebook).stem}.json"


def save(out: Path, record: dict) -> Path:
    """Store one learner's result for one assignment, replacing only that file."""
    path = record_path(out, record["learner"], record["notebook"])
    return atomic_write_text(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _check(record: object, path: Path) -> dict:
    keys = {"learner", "notebook", "status", "rows"}
    if not isinstance(record, dict) or not keys <= set(record) or record["status"] not in STATUSES:
        raise CourseDataError(tr.gettext("{path} is damaged (not a result the grader wrote); delete it and grade "
                                         "that learner and assignment again.", path=str(path)))
    return record


def load_all(out: Path) -> list[dict]:
    """Every stored result, sorted by learner and notebook."""
    folder = Path(out) / RESULTS
    if not folder.is_dir():
        return []
    records = []
    for path in sorted(folder.glob("*/*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise CourseDataError(tr.gettext("{path} is damaged (not a result the grader wrote); delete it and "
                                             "grade that learner and assignment again.", path=str(path))) from None
        records.append(_check(record, path))
    return sorted(records, key=lambda item: (item["learner"], item["notebook"]))
