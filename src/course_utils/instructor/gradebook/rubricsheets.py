"""Written answers, round trip: a sheet per written task for the instructor to score.

``<out>/written/<task>.csv`` (learner, name, words, answer, score, comment) is
made on the first run; later runs add rows for new learners and refresh the
answer text, but keep every score, comment and extra column the instructor
entered. ``<out>/written/<task>.md`` shows the rubric and every answer for
reading; it is rewritten on every run. Scores are read back into the
gradebook and the learner's feedback.

>>> rubric_sections("## 01.4 Title (3 points)\\n1. Uses evidence.\\n## 02.4 Other\\n1. x")["01.4"]
'1. Uses evidence.'
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.exercises import tasks
from course_utils.i18n import Translator
from course_utils.instructor.gradebook import csvcells
from course_utils.instructor.gradebook.resultstore import atomic_write_text
from course_utils.render import render

tr = Translator("instructor")

FOLDER = "written"
COLUMNS = ["learner", "name", "words", "answer", "score", "comment"]
LEARNER_TEXT = ("learner", "name", "answer")  # written by the grader, never a formula (csvcells)
_HEADING = re.compile(r"^##\s+(\d{1,2}\.\d+)\b", re.MULTILINE)


@dataclass(frozen=True)
class Mark:
    """What the instructor entered for one learner's written answer (score None: not yet)."""

    score: float | None
    comment: str


def rubric_sections(text: str) -> dict[str, str]:
    """The rubric of each written task, by task id, from ``solutions/rubrics.md``."""
    starts = [(match.start(), tasks.normalise_id(match.group(1))) for match in _HEADING.finditer(text)]
    sections = {}
    for index, (start, task_id) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        # The heading line repeats the task's title; the reading copy has its own.
        sections[task_id] = text[start:end].strip().partition("\n")[2].strip()
    return sections


def read_rubrics(path: Path | None) -> dict[str, str]:
    if path is None or not Path(path).is_file():
        return {}
    try:
        return rubric_sections(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        raise CourseInputError(tr.gettext("--rubrics {path} could not be read as UTF-8 text; save it as UTF-8 and "
                                          "grade again.", path=str(path)), "rubrics") from None


def written_tasks(notebooks: list[str]) -> list:
    return [spec for name in notebooks for spec in tasks.for_notebook(name) if spec.kind == "written"]


def sheet_path(out: Path, task_id: str) -> Path:
    return Path(out) / FOLDER / f"{task_id}.csv"


def read_sheet(path: Path, required=("learner", "score", "comment"),
               argument: str = "written") -> tuple[list[str], list[dict]]:
    """An instructor's CSV (header, rows), saved by any spreadsheet; ``required`` columns or a named error."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise CourseInputError(tr.gettext("{path} could not be read as UTF-8 text; save it from the spreadsheet as "
                                          "\"CSV UTF-8\".", path=str(path)), argument) from None
    first = text.partition("\n")[0]
    # A spreadsheet in a decimal-comma locale saves with semicolons.
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if ";" in first and "," not in first else ",")
    header = list(reader.fieldnames or [])
    missing = [column for column in required if column not in header]
    if missing:
        raise CourseInputError(tr.gettext("{path} has no column {missing}; keep the header row the grader wrote "
                                          "(learner,name,words,answer,score,comment).", path=str(path),
                                          missing=", ".join(missing)), argument)
    rows = [dict(row) for row in reader]
    for row in rows:
        row.update({column: csvcells.restored(row[column]) for column in LEARNER_TEXT if column in row})
    return header, rows


def typed_score(text: str | None, points: float) -> float | None:
    """A score as typed in a sheet: ``None`` when empty; ``ValueError`` unless a number from 0 to ``points``.

    >>> typed_score(" 2,5 ", 3), typed_score("", 3)
    (2.5, None)
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))  # a spreadsheet set to a decimal comma
    except ValueError:
        value = math.nan
    if math.isnan(value) or not 0 <= value <= points:
        raise ValueError(text)
    return value


def _score(text: str, spec, path: Path, line: int) -> float | None:
    try:
        return typed_score(text, spec.points)
    except ValueError:
        raise CourseInputError(tr.gettext("{path}, line {line}: the score \"{value}\" is not a number from 0 to "
                                          "{points}; correct it (or leave it empty while the answer is not scored) "
                                          "and run course grade again.", path=str(path), line=line,
                                          value=(text or "").strip(), points=spec.points), "written") from None


def read_marks(out: Path, notebooks: list[str]) -> dict[tuple[str, str], Mark]:
    """Every score and comment entered so far, by (learner, task); a bad score stops with its line."""
    marks = {}
    for spec in written_tasks(notebooks):
        path = sheet_path(out, spec.id)
        if not path.is_file():
            continue
        _header, rows = read_sheet(path)
        for line, row in enumerate(rows, start=2):
            learner = (row.get("learner") or "").strip()
            if learner:
                comment = (row.get("comment") or "").strip()
                marks[(learner, spec.id)] = Mark(_score(row.get("score", ""), spec, path, line), comment)
    return marks


def _sheet_text(header: list[str], rows: list[dict]) -> str:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({**row, **{column: csvcells.neutral(row.get(column)) for column in LEARNER_TEXT}}
                     for row in rows)
    return stream.getvalue()


def update_sheet(out: Path, spec, answers: list[dict]) -> list[str]:
    """Add new learners and refresh answers; keep what the instructor entered. Returns warnings."""
    path = sheet_path(out, spec.id)
    header, rows = read_sheet(path) if path.is_file() else (list(COLUMNS), [])
    header += [column for column in COLUMNS if column not in header]
    by_learner = {(row.get("learner") or "").strip(): row for row in rows}
    warnings = []
    for answer in answers:
        row = by_learner.get(answer["learner"])
        if row is None:
            row = {column: "" for column in header}
            row["learner"] = answer["learner"]
            rows.append(row)
            by_learner[answer["learner"]] = row
        elif (row.get("score") or "").strip() and (row.get("answer") or "") != answer["answer"]:
            warnings.append(tr.gettext("{learner} changed the written answer to {task} since it was scored; check "
                                       "the score in {path}.", learner=answer["learner"], task=spec.id,
                                       path=str(path)))
        row.update(name=answer["name"], words=str(answer["words"]), answer=answer["answer"])
    try:
        # UTF-8 with a byte-order mark, so that a spreadsheet shows Chinese answers correctly.
        atomic_write_text(path, _sheet_text(header, rows), encoding="utf-8-sig")
    except PermissionError:  # a spreadsheet that holds the file open (Windows locks it)
        raise CourseInputError(tr.gettext("{path} could not be written (is it open in a spreadsheet?); close it "
                                          "and run course grade again: the grades are stored, nothing is lost.",
                                          path=str(path)), "written") from None
    return warnings


def write_reading_copy(out: Path, spec, rubric: str, answers: list[dict]) -> Path:
    text = render("instructor/written_answers.md.j2", task=spec, rubric=rubric, answers=answers,
                  sheet=sheet_path(out, spec.id).name)
    return atomic_write_text(Path(out) / FOLDER / f"{spec.id}.md", text.strip() + "\n")
