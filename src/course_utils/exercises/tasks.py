"""The tasks registry: every exercise task, by its stable id ("02.3").

Each lesson's task module (``exercises/content.py`` … ``exercises/diagnosis.py``) lists its tasks; a task names
the learner's function (or is a written answer), its points and its public cases.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from course_utils.errors import CourseInputError
from course_utils.lessons import LESSONS as COURSE_LESSONS, lesson_by_number
from course_utils.messages import msg

# The lessons with an exercise notebook (lesson 0 has none), number -> notebook file.
LESSONS = {lesson.number: lesson.notebook for lesson in COURSE_LESSONS if lesson.number != "00"}


@dataclass(frozen=True)
class Task:
    """One task: ``kind`` is "code" (check a function) or "written" (rubric-graded)."""

    id: str
    title: str
    kind: str
    name: str = ""
    points: int = 1
    rubric_points: int = 0
    min_words: int = 0
    cases: Callable[[], list] = field(default=lambda: [], compare=False, repr=False)

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]

    @property
    def notebook(self) -> str:
        return LESSONS[self.lesson]

    def public_cases(self) -> list:
        return self.cases()


@lru_cache(maxsize=1)
def _registry() -> dict[str, Task]:
    found: dict[str, Task] = {}
    for lesson in LESSONS:
        module = importlib.import_module(f"course_utils.exercises.{lesson_by_number(lesson).name}")
        for item in module.TASKS:
            found[item.id] = item
    return found


def ids() -> list[str]:
    return list(_registry())


def normalise_id(task_id: object) -> str:
    """A task id as the registry spells it: " 1.2 " and 1.2 both mean "01.2".

    >>> normalise_id("1.2"), normalise_id(" 03.4 "), normalise_id(2.1)
    ('01.2', '03.4', '02.1')
    """
    text = str(task_id).strip()
    lesson, dot, number = text.partition(".")
    if dot and lesson.isdigit() and number.isdigit() and len(lesson) == 1:
        return f"0{lesson}.{number}"
    return text


def find(task_id: str) -> Task | None:
    return _registry().get(str(task_id))


def task(task_id: str) -> Task:
    """The task with this id, or a kind error naming the known ids."""
    found = find(normalise_id(task_id))
    if found is None:
        raise CourseInputError(msg("exercises.unknown_task", task=task_id, known=", ".join(ids())), "task")
    return found


def function_names() -> frozenset[str]:
    """The names of every code task's function (``creator_mix``, ``gmv``, ...)."""
    return frozenset(tasks_by_name())


def tasks_by_name() -> dict[str, Task]:
    """Each code task by the name of its function."""
    return {item.name: item for item in _registry().values() if item.kind == "code"}


def for_notebook(notebook: str) -> list[Task]:
    """The tasks of one exercise notebook (by file name), in id order."""
    return [item for item in _registry().values() if item.notebook == notebook]
