"""The five lessons and the one name each goes by.

A lesson's name is used for every part of it: its locale domain, quiz bank
(``quizbanks/<name>.yaml``), exercise tasks (``exercises/<name>.py``), explorers
(``explorers/<name>.py``), figures (``figures/<name>.py``) and templates
(``templates/<name>/``). The notebook file keeps its longer slug, which contains
the name.

>>> lesson_by_number("2").name
'hub'
>>> [lesson.name for lesson in LESSONS]
['tour', 'content', 'hub', 'commerce', 'diagnosis']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    number: str
    name: str
    notebook: str


LESSONS = (
    Lesson("00", "tour", "00-course-tour.ipynb"),
    Lesson("01", "content", "01-content-engine.ipynb"),
    Lesson("02", "hub", "02-ecosystem-hub.ipynb"),
    Lesson("03", "commerce", "03-commerce-loop.ipynb"),
    Lesson("04", "diagnosis", "04-capstone-diagnosis.ipynb"),
)
NAMES = tuple(lesson.name for lesson in LESSONS)


def lesson_by_number(number: str | int) -> Lesson:
    """The lesson numbered ``number`` ("02", "2" or 2); ``KeyError`` when there is none."""
    text = str(number).strip().zfill(2)
    for lesson in LESSONS:
        if lesson.number == text:
            return lesson
    raise KeyError(number)


def lesson_by_name(name: str) -> Lesson:
    """The lesson called ``name`` ("hub"); ``KeyError`` when there is none."""
    for lesson in LESSONS:
        if lesson.name == name:
            return lesson
    raise KeyError(name)
