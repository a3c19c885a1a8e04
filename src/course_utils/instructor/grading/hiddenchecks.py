"""The instructor's hidden checks: read and checked once, before any kernel starts.

``solutions/hidden_checks.py`` defines ``HIDDEN``, a map from a code task's id
to a list of :class:`~course_utils.exercises.casekit.Case`. :func:`load` reads
the file's text once and checks it (it compiles, runs, and maps code task ids
to lists of cases), so a mistake stops the run before any grading, naming the
file. Each grading process builds the cases from that text, not from the
file: a submission that rewrites the file while the class is graded changes
nothing that is scored (and :mod:`integrity` reports the change).
"""

from __future__ import annotations

import sys
import types
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("instructor")


@dataclass(frozen=True)
class HiddenChecks:
    """The hidden checks' file and its text as read before grading (plain strings: it crosses processes)."""

    path: str
    text: str


def _run(path: str, text: str) -> dict:
    """Run the file's text as a module named for this run (``dataclasses`` look modules up by name)."""
    name = f"_course_hidden_checks_{uuid.uuid4().hex}"
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    try:
        exec(compile(text, path, "exec"), module.__dict__)  # noqa: S102 - the instructor's own file
    finally:
        sys.modules.pop(name, None)
    return module.__dict__


@lru_cache(maxsize=4)
def _table(path: str, text: str) -> dict[str, list]:
    table = _run(path, text).get("HIDDEN", {})
    return {str(key): list(value) for key, value in table.items()}


def cases(hidden) -> dict[str, list]:
    """The hidden cases by task id: from :class:`HiddenChecks`, a file's path, a ready mapping, or none."""
    if not hidden:
        return {}
    if isinstance(hidden, dict):
        return hidden
    if isinstance(hidden, HiddenChecks):
        return _table(hidden.path, hidden.text)
    return _table(str(hidden), Path(hidden).read_text(encoding="utf-8"))


def _check_table(path: str, namespace: dict) -> None:
    from course_utils.exercises import tasks
    from course_utils.exercises.casekit import Case

    table = namespace.get("HIDDEN")
    if not isinstance(table, dict):
        raise CourseInputError(tr.gettext("{path} defines no HIDDEN mapping (a dict from a code task's id, such "
                                          "as \"03.1\", to a list of Case objects); correct the file and grade "
                                          "again.", path=path), "hidden")
    known = [spec.id for spec in map(tasks.find, tasks.ids()) if spec is not None and spec.kind == "code"]
    for key, value in table.items():
        if key not in known:
            raise CourseInputError(tr.gettext("{path}: HIDDEN names the task \"{task}\", which is not the id of a "
                                              "code task ({known}); correct the file and grade again.", path=path,
                                              task=key, known=", ".join(known)), "hidden")
        if not isinstance(value, (list, tuple)) or not all(isinstance(case, Case) for case in value):
            raise CourseInputError(tr.gettext("{path}: HIDDEN[\"{task}\"] is not a list of Case objects (each "
                                              "Case(label, run), from course_utils.exercises.casekit); correct the "
                                              "file and grade again.", path=path, task=key), "hidden")


def load(path) -> HiddenChecks:
    """Read and check the hidden checks' file; a mistake is a :class:`CourseInputError` naming it."""
    path = str(Path(path).resolve())
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise CourseInputError(tr.gettext("{path} could not be read as UTF-8 text; save the hidden checks as "
                                          "UTF-8 and grade again.", path=path), "hidden") from None
    try:
        namespace = _run(path, text)
    except SyntaxError as error:
        raise CourseInputError(tr.gettext("{path}, line {line}: the hidden checks are not valid Python ({error}); "
                                          "correct the file and grade again.", path=path, line=error.lineno,
                                          error=error.msg), "hidden") from None
    except Exception as error:  # noqa: BLE001 - whatever the file raises, the instructor needs its name
        raise CourseInputError(tr.gettext("{path}: reading the hidden checks raised {kind} ({error}); correct the "
                                          "file and grade again.", path=path, kind=type(error).__name__,
                                          error=str(error).strip().partition("\n")[0]), "hidden") from None
    _check_table(path, namespace)
    return HiddenChecks(path, text)
