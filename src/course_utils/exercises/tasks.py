"""The tasks registry: every exercise task, by its stable id ("02.3").

Each lesson's task module (``exercises/content.py`` … ``exercises/diagnosis.py``) lists its tasks
(:class:`~course_utils.exercises.task.Task`); a task names the learner's function (or is a
written answer), its points and its public cases.
"""

from __future__ import annotations

from course_utils.errors import CourseInputError
from course_utils.exercises import commerce, content, diagnosis, hub
from course_utils.exercises.task import LESSONS, Task
from course_utils.i18n import Translator
from course_utils.lessons import lesson_by_number

tr = Translator("exercises")

# Each lesson's task module, by the lesson's name (course_utils.lessons).
_TASK_MODULES = {module.__name__.rpartition(".")[2]: module for module in (content, hub, commerce, diagnosis)}
# Every task by id, lesson by lesson in the order of course_utils.lessons.
_REGISTRY: dict[str, Task] = {item.id: item for lesson in LESSONS
                              for item in _TASK_MODULES[lesson_by_number(lesson).name].TASKS}


def ids() -> list[str]:
    return list(_REGISTRY)


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
    return _REGISTRY.get(str(task_id))


def task(task_id: str) -> Task:
    """The task with this id, or a kind error naming the known ids."""
    found = find(normalise_id(task_id))
    if found is None:
        raise CourseInputError(tr.gettext("There is no task \"{task}\"; the tasks are {known}.", task=task_id,
                                          known=", ".join(ids())), "task")
    return found


def function_names() -> frozenset[str]:
    """The names of every code task's function (``creator_mix``, ``gmv``, ...)."""
    return frozenset(tasks_by_name())


def tasks_by_name() -> dict[str, Task]:
    """Each code task by the name of its function."""
    return {item.name: item for item in _REGISTRY.values() if item.kind == "code"}


def for_notebook(notebook: str) -> list[Task]:
    """The tasks of one exercise notebook (by file name), in id order."""
    return [item for item in _REGISTRY.values() if item.notebook == notebook]
