"""Learners' quiz results, kept in one JSON file outside the repository.

The folder is ``COURSE_PROGRESS_DIR``, else ``$XDG_DATA_HOME/wechat-channels-course``,
else ``~/.local/share/wechat-channels-course``; the learner is ``COURSE_LEARNER``,
else the login name. Writes are atomic (a temporary file, then ``os.replace``),
so a crash never leaves half a file. A file that cannot be read is renamed
aside as ``progress.json.corrupt-<timestamp>`` and the learner carries on.

The file holds ``{"version": 1, "learners": {name: {lesson: {question_id:
{"correct": bool, "attempts": int, "last": iso-time, "first_answer": answer,
"answer": answer}}}}, "ids": {name: id}}``. The answers (a choice id, a list of
ids, or the text typed) are kept so that an instructor can grade a handed-in
file against the key (``course quiz-grade``); ``first_answer`` is the first
one checked, ``answer`` the latest.
``ids`` holds each learner's id, 32 random hex digits made on first use: it
seeds the order of the choices the quiz shows (:mod:`course_utils.quiz.order`),
so learners who share a login name on different machines, as in a course
container, still see different orders, and one learner sees the same order
after every restart.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
import secrets
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("quiz")


FILE_NAME = "progress.json"
APP_FOLDER = "wechat-channels-course"
_LEARNER_ID = re.compile(r"^[0-9a-f]{32}$")


def progress_dir(override: str | os.PathLike | None = None) -> Path:
    """Where progress is kept (see the module docstring for the order of precedence)."""
    if override:
        return Path(override).expanduser()
    if os.environ.get("COURSE_PROGRESS_DIR"):
        return Path(os.environ["COURSE_PROGRESS_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / APP_FOLDER


def learner_name(override: str | None = None) -> str:
    """The learner whose results are read and written."""
    if override:
        return override
    if os.environ.get("COURSE_LEARNER"):
        return os.environ["COURSE_LEARNER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "learner"


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _well_formed(data: object) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("learners"), dict)
            and all(isinstance(lessons, dict) and all(isinstance(q, dict) for q in lessons.values())
                    for lessons in data["learners"].values()))


class ProgressStore:
    """Read and record one learner's results; ``notice`` holds a message to show once."""

    def __init__(self, directory: str | os.PathLike | None = None, learner: str | None = None):
        self.directory = progress_dir(directory)
        self.learner = learner_name(learner)
        self.path = self.directory / FILE_NAME
        self.notice = ""

    def _read(self) -> dict:
        empty = {"version": 1, "learners": {}}
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return empty
        except (OSError, UnicodeDecodeError):
            text = None
        try:
            data = json.loads(text) if text is not None else None
        except ValueError:
            data = None
        if _well_formed(data):
            return data
        self._set_aside()
        return empty

    def _set_aside(self) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{FILE_NAME}.corrupt-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError:
            aside = self.path
        self.notice = tr.gettext("Your saved quiz results could not be read, so they were set aside as {name}; new "
                                 "results are saved from now on.", name=aside.name)

    def lessons(self) -> dict[str, dict[str, dict]]:
        """This learner's results: ``{lesson: {question_id: record}}``."""
        return self._read()["learners"].get(self.learner, {})

    def lesson(self, lesson: str) -> dict[str, dict]:
        return self.lessons().get(lesson, {})

    def learner_id(self) -> str:
        """This learner's id: read from the file, or made and saved on first use.

        If it cannot be saved (a read-only folder), the id is derived from the
        learner name instead, so the order the quiz shows still survives a restart.
        """
        data = self._read()
        ids = data.get("ids") if isinstance(data.get("ids"), dict) else {}
        known = ids.get(self.learner)
        if isinstance(known, str) and _LEARNER_ID.match(known):
            return known
        # Random on purpose: an identity, made once and then read back, never recomputed.
        new = secrets.token_hex(16)
        data["ids"] = {**ids, self.learner: new}
        try:
            self._write(data)
        except OSError:
            return hashlib.sha256(f"course-learner:{self.learner}".encode("utf-8")).hexdigest()[:32]
        return new

    def record(self, lesson: str, question_id: str, correct: bool, answer: object = None) -> str:
        """Save one checked answer; returns "" or a one-line message if it could not be saved."""
        data = self._read()
        questions = data["learners"].setdefault(self.learner, {}).setdefault(lesson, {})
        previous = questions.get(question_id, {})
        attempts = previous.get("attempts", 0)
        record = {"correct": bool(correct), "attempts": (attempts if isinstance(attempts, int) else 0) + 1,
                  "last": _now()}
        if answer is not None:
            record["answer"] = stored_answer(answer)
            record["first_answer"] = previous.get("first_answer", record["answer"])
        questions[question_id] = record
        try:
            self._write(data)
        except OSError as error:
            return tr.gettext("Your answer was checked but could not be saved ({reason}).",
                              reason=error.strerror or type(error).__name__)
        return ""

    def _write(self, data: dict) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, ensure_ascii=False, indent=1, sort_keys=True)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def stored_answer(answer: object) -> str | list[str]:
    """An answer as the progress file keeps it: text, or a sorted list of choice ids.

    >>> stored_answer(("c", "a")), stored_answer(" 4,500 "), stored_answer(4500.0)
    (['a', 'c'], ' 4,500 ', '4500.0')
    """
    if isinstance(answer, (list, tuple, set, frozenset)):
        return sorted(str(item) for item in answer)
    return answer if isinstance(answer, str) else str(answer)


def export(store: "ProgressStore", target: str | os.PathLike) -> Path:
    """Write this learner's results alone to ``target`` (a file, or a folder to hold ``progress.json``)."""
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / FILE_NAME
    data = store._read()
    mine = {"version": 1, "learners": {store.learner: data["learners"].get(store.learner, {})}}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(mine, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def summary(records: dict[str, dict]) -> dict[str, object]:
    """Answered, correct and last attempt for one lesson's records."""
    valid = [r for r in records.values() if isinstance(r, dict)]
    return {"answered": len(valid), "correct": sum(bool(r.get("correct")) for r in valid),
            "last": max((str(r.get("last", "")) for r in valid), default="")}
