"""Find each learner's notebook for an assignment, and when it was handed in.

The expected place is ``<learner>/<NN-slug>.ipynb``. A notebook under the
right name in a sub-folder (``<learner>/exercises/03-commerce-loop.ipynb``), or
under another name but recognisably the assignment (its task ids, or a name
starting with the lesson number: ``ex3-final.ipynb``), is graded with a note
saying where it was found; two candidates are not guessed between: the
learner's feedback says which file to keep and where. The notebook under the
expected name is graded even beside others that could be the assignment (a
"-Copy1" that JupyterLab's Duplicate makes), with a note naming them.

>>> lesson_from_name("ex3-final.ipynb"), lesson_from_name("03_commerce.ipynb"), lesson_from_name("notes.ipynb")
('03', '03', None)
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.exercises import utils
from course_utils.exercises.tasks import LESSONS
from course_utils.i18n import DEFAULT_LANGUAGE, Translator, notebook_language
from course_utils.instructor.grading import notebookfile

tr = Translator("instructor")

_NAME = re.compile(r"^(?:ex(?:ercise)?|lesson|assignment|hw)?[\s_-]*0?(\d{1,2})(?!\d)", re.IGNORECASE)
_CHECK = re.compile(r"check\(\s*[\"'](\d{1,2})\.\d+")
_MAX_BYTES = 20_000_000  # larger files are not opened to identify them (they are still found by name)


@dataclass(frozen=True)
class Found:
    """Where a learner's notebook for one assignment is: ``path`` None when none could be graded."""

    path: Path | None
    note: str = ""
    ambiguous: bool = False
    moved: bool = False  # graded from somewhere other than the expected place


def lesson_key(number: str) -> str | None:
    key = f"{int(number):02d}"
    return key if key in LESSONS else None


def lesson_from_name(name: str) -> str | None:
    match = _NAME.match(Path(name).stem)
    return lesson_key(match.group(1)) if match else None


def lesson_from_content(path: Path) -> str | None:
    """The lesson whose task ids the notebook carries (metadata or check calls), if just one."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
    except OSError:
        return None
    data, _reason = notebookfile.read_notebook(path)  # a damaged file is no exercise in particular
    votes: Counter = Counter()
    for cell in data["cells"] if data is not None else []:
        task = utils.task_id(cell)
        if task and task.partition(".")[0].isdigit():
            votes[lesson_key(task.partition(".")[0])] += 1
        for number in _CHECK.findall(utils.source_text(cell)):
            votes[lesson_key(number)] += 1
    votes.pop(None, None)
    return next(iter(votes)) if len(votes) == 1 else None


def notebooks(folder: Path) -> list[Path]:
    """Every notebook under a learner's folder, checkpoints and hidden folders left out."""
    found = []
    for path in sorted(Path(folder).rglob("*.ipynb")):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(part.startswith((".", "__")) for part in parts):
            found.append(path)
    return found


def identify(path: Path) -> str | None:
    """The lesson a notebook belongs to: its exact exercise name, its content, then its name."""
    for key, name in LESSONS.items():
        if path.name == name:
            return key
    return lesson_from_content(path) or lesson_from_name(path.name)


def shown(text: str) -> str:
    """A file name as messages show it: bytes that are not UTF-8 as escapes (``ex3-fin\\xe9.ipynb``).

    >>> shown("ex3-fin\\udce9.ipynb")
    'ex3-fin\\\\xe9.ipynb'
    """
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def _where(folder: Path, path: Path) -> str:
    return shown(f"{folder.name}/{path.relative_to(folder).as_posix()}")


def find(folder: Path, notebook: str) -> Found:
    """The notebook graded as ``notebook`` for the learner whose folder this is."""
    folder = Path(folder)
    expected = f"{folder.name}/{notebook}"
    exact = folder / notebook
    key = next(k for k, name in LESSONS.items() if name == notebook)
    if exact.is_file():
        others = [path for path in notebooks(folder) if path != exact and identify(path) == key]
        if not others:
            return Found(exact)
        return Found(exact, tr.ngettext(
            "Graded {expected}; {files} may also be this assignment and was not graded. If it holds the work to "
            "grade, put it in place of {expected} and grade again.",
            "Graded {expected}; {files} may also be this assignment and were not graded. If one of them holds the "
            "work to grade, put it in place of {expected} and grade again.", len(others),
            expected=expected, files=", ".join(_where(folder, p) for p in others)))
    if not folder.is_dir():
        return Found(None, tr.gettext("no submission: there is no folder for this learner (expected {expected}).",
                                      expected=expected))
    candidates = notebooks(folder)
    named = [path for path in candidates if path.name == notebook]
    matching = named or [path for path in candidates if identify(path) == key]
    if len(matching) == 1:
        return Found(matching[0], tr.gettext("Graded {found}; the expected place is {expected}: please hand it in "
                                             "there next time.", found=_where(folder, matching[0]),
                                             expected=expected), moved=True)
    if matching:
        return Found(None, tr.gettext("Not graded: several notebooks could be this assignment ({files}). Keep the "
                                      "one to be graded as {expected}, move the others out of the folder, and grade "
                                      "again.", files=", ".join(_where(folder, p) for p in matching),
                                      expected=expected), ambiguous=True)
    strangers = [path for path in candidates if identify(path) is None]
    if strangers:
        return Found(None, tr.gettext("no submission: {expected} was not found, and {files} could not be matched to "
                                      "any exercise. If one of them is this assignment, move it to {expected} and "
                                      "grade again.", files=", ".join(_where(folder, p) for p in strangers),
                                      expected=expected))
    return Found(None, tr.gettext("no submission: {expected} was not found.", expected=expected))


def parse_deadline(text: str) -> datetime:
    """An ISO date and time; without an offset it is the grading machine's local time.

    >>> parse_deadline("2026-12-01T23:59+08:00").isoformat()
    '2026-12-01T15:59:00+00:00'
    """
    try:
        moment = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise CourseInputError(tr.gettext("--deadline \"{value}\" is not a date and time; write it as "
                                          "2026-12-01T23:59 (the grading machine's local time) or with an offset, "
                                          "2026-12-01T23:59+08:00.", value=text), "deadline") from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(timezone.utc)


def language_of(path: Path) -> str:
    """The language the submitted notebook is written in (English when it cannot be read)."""
    data, _reason = notebookfile.read_json(path)
    return notebook_language(data if isinstance(data, dict) else {})


def folder_language(folder: Path) -> str:
    """The language a learner works in: that of the first of their notebooks in a translation, else English.

    The exercises under their own names are read first; a file too large to identify is not read.
    """
    found = notebooks(folder)
    for path in sorted(found, key=lambda path: (path.name not in LESSONS.values(), str(path))):
        if path.stat().st_size > _MAX_BYTES:
            continue
        lang = language_of(path)
        if lang != DEFAULT_LANGUAGE:
            return lang
    return DEFAULT_LANGUAGE
