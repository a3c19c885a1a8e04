"""The class roster: every learner's id (their submission folder's name) and name.

A CSV with a header row. Columns are recognised under a few common spellings
(``learner_id``, ``Username``, ``Student ID``; ``name``, ``Full name``); optional
columns carry what the LMS exports need (``email``, ``sis_id``, ``canvas_id``,
``section``). A mistake is reported with the file and line, never a traceback.

>>> header_key(" Student ID "), header_key("E-mail address"), header_key("Full Name")
('learner_id', 'email', 'name')
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.instructor.gradebook.resultstore import atomic_write_text

tr = Translator("instructor")

SAVED = "roster.csv"  # the copy kept in the output folder, used when --roster is not given
SPELLINGS = {
    "learner_id": ("learner_id", "learner", "id", "student_id", "username", "user", "login", "login_id", "userid"),
    "name": ("name", "full_name", "student", "student_name", "display_name"),
    "email": ("email", "email_address", "e_mail", "e_mail_address", "mail"),
    "sis_id": ("sis_id", "sis_user_id", "id_number", "idnumber", "student_number"),
    "canvas_id": ("canvas_id", "canvas_user_id"),
    "section": ("section", "group", "class"),
}


@dataclass(frozen=True)
class Learner:
    id: str
    name: str = ""
    email: str = ""
    sis_id: str = ""
    canvas_id: str = ""
    section: str = ""

    @property
    def display(self) -> str:
        return self.name or self.id


def header_key(header: str) -> str | None:
    """The roster field a column header names, or None for a column the grader does not use."""
    words = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return next((key for key, names in SPELLINGS.items() if words in names), None)


def valid_id(learner: str) -> bool:
    """A learner id must be usable as a folder name."""
    return bool(learner) and learner not in (".", "..") and not learner.startswith(".") \
        and "/" not in learner and "\\" not in learner


def parse(text: str, source: str) -> dict[str, Learner]:
    """Learners by id, in file order; ``source`` names the file in messages."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise CourseInputError(tr.gettext("The roster {path} holds no learners; it needs a header row "
                                          "(learner_id,name) and one row per learner.", path=source), "roster")
    columns = {}
    for index, cell in enumerate(header):
        key = header_key(cell)
        if key and key not in columns:
            columns[key] = index
    if "learner_id" not in columns:
        raise CourseInputError(tr.gettext("The roster {path}, line 1: no column names the learner id (found: "
                                          "{found}); name it learner_id (or username, student_id).", path=source,
                                          found=", ".join(h.strip() for h in header)),
                               "roster")
    learners: dict[str, Learner] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {key: (cells[index].strip() if index < len(cells) else "") for key, index in columns.items()}
        learner = values["learner_id"]
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in learner):
            raise CourseInputError(tr.gettext("The roster {path}, line {line}: the learner id {value} holds a line "
                                              "break or another control character (a quote left open in the CSV?); "
                                              "an id is the name of the learner's submission folder.", path=source,
                                              line=line, value=ascii(learner)), "roster")
        if not valid_id(learner):
            raise CourseInputError(tr.gettext("The roster {path}, line {line}: the learner id \"{value}\" cannot be "
                                              "a folder name; it must be the name of the learner's submission "
                                              "folder.", path=source, line=line, value=learner), "roster")
        if learner in learners:
            raise CourseInputError(tr.gettext("The roster {path}, line {line}: the learner id \"{value}\" is listed "
                                              "twice.", path=source, line=line, value=learner), "roster")
        learners[learner] = Learner(id=learner, **{k: v for k, v in values.items() if k != "learner_id"})
    if not learners:
        raise CourseInputError(tr.gettext("The roster {path} holds no learners; it needs a header row "
                                          "(learner_id,name) and one row per learner.", path=source), "roster")
    return learners


def read(path: Path) -> dict[str, Learner]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's UTF-8 export starts with a BOM
    except FileNotFoundError:
        raise CourseInputError(tr.gettext("The roster {path} does not exist; give a CSV with a header row and a "
                                          "learner_id column (and name).", path=str(path)), "roster") from None
    except (OSError, UnicodeDecodeError):
        raise CourseInputError(tr.gettext("The roster {path} could not be read as UTF-8 text; save it from the "
                                          "spreadsheet as \"CSV UTF-8\".", path=str(path)), "roster") from None
    return parse(text, str(path))


def save(learners: dict[str, Learner], out: Path) -> Path:
    """Keep the roster beside the grades, so a later partial regrade knows the class."""
    names = [field.name for field in fields(Learner)]
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["learner_id", *names[1:]])
    writer.writerows([list(asdict(learner).values()) for learner in learners.values()])
    return atomic_write_text(Path(out) / SAVED, stream.getvalue())


def load(path: Path | None, out: Path) -> dict[str, Learner]:
    """The roster given now (saved for later runs), else the one saved by an earlier run, else none."""
    if path is not None:
        learners = read(path)
        save(learners, out)
        return learners
    saved = Path(out) / SAVED
    return read(saved) if saved.is_file() else {}
