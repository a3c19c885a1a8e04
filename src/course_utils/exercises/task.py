"""One exercise task, as a lesson's task module declares it (``exercises/<lesson name>.py``).

The registry of every task is :mod:`course_utils.exercises.tasks`; this module
holds only what a task module needs to declare its tasks, so that the task
modules and the registry that imports them do not need each other.

>>> Task("02.3", "Repurchase rate", "code", name="repurchase_rate").notebook
'02-ecosystem-hub.ipynb'

A task module declares its title with ``tr.noop("...")`` (marked for the catalogue, not
translated yet): :attr:`Task.title` translates it when read, so a registry built once
serves every language, in the learner's kernel and in the grader alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from course_utils.i18n import Translator
from course_utils.lessons import LESSONS as COURSE_LESSONS
from course_utils.lessons import lesson_by_number

# The lessons with an exercise notebook (lesson 0 has none), number -> notebook file.
LESSONS = {lesson.number: lesson.notebook for lesson in COURSE_LESSONS if lesson.number != "00"}


@dataclass(frozen=True)
class Task:
    """One task: ``kind`` is "code" (check a function) or "written" (rubric-graded)."""

    id: str
    title_message: str  # the English title, as the catalogue knows it
    kind: str
    name: str = ""
    points: int = 1
    rubric_points: int = 0
    min_words: int = 0
    cases: Callable[[], list] = field(default=lambda: [], compare=False, repr=False)

    @property
    def title(self) -> str:
        """The title in the course language of the moment (the task module's domain is its lesson's name)."""
        return Translator(lesson_by_number(self.lesson).name).gettext(self.title_message)

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]

    @property
    def notebook(self) -> str:
        return LESSONS[self.lesson]

    def public_cases(self) -> list:
        return self.cases()
