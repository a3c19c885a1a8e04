"""One name per lesson: every part of a lesson goes by the name in ``course_utils.lessons``."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_utils.lessons import LESSONS, NAMES, lesson_by_name, lesson_by_number

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "course_utils"
# Parts every lesson has, and parts only the lessons with exercises have (lesson 0 has none).
EVERY_LESSON = ("quizbanks/{name}.yaml", "explorers/{name}.py", "figures/{name}.py", "templates/{name}",
                "locale/{name}.pot", "lessons/{name}.py")
WITH_EXERCISES = ("exercises/{name}.py",)
# Folders whose files are named for the lesson they belong to, beside the shared ones listed here.
# A translation folder ("zh") holds the same files, named the same way (checked below).
SHARED = {"quizbanks": {"schema.json", "__init__.py", "zh"}, "explorers": {"__init__.py", "controls.py"},
          "figures": {"__init__.py"}, "lessons": {"__init__.py"},
          "exercises": {"__init__.py", "checks.py", "tasks.py", "task.py", "casekit.py", "slips.py", "tryout.py",
                        "utils.py", "written.py", "calling.py", "result.py", "marker_errors.py", "tables.py",
                        "expected.py", "expected.json"}}


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_every_part_of_a_lesson_shares_its_name(lesson):
    assert lesson.name in lesson.notebook, f"{lesson.notebook} should carry the lesson's name {lesson.name!r}"
    assert (ROOT / "lessons" / lesson.notebook).is_file()
    parts = EVERY_LESSON + (WITH_EXERCISES if lesson.number != "00" else ())
    missing = [part.format(name=lesson.name) for part in parts if not (PACKAGE / part.format(name=lesson.name)).exists()]
    assert not missing, f"lesson {lesson.number} ({lesson.name}) lacks {missing}"
    if lesson.number != "00":
        for folder in ("exercises", "solutions"):
            assert (ROOT / folder / lesson.notebook).is_file(), f"{folder}/{lesson.notebook}"


@pytest.mark.parametrize("folder", sorted(SHARED))
def test_no_part_goes_by_another_name(folder):
    """A file in a per-lesson folder is a lesson's (its name, or its name and a suffix) or a shared one."""
    strays = []
    for path in sorted((PACKAGE / folder).iterdir()):
        if path.name.startswith((".", "__pycache__")) or path.name in SHARED[folder]:
            continue
        stem = path.name.split(".")[0]
        if not any(stem == name or stem.startswith(name + "_") for name in NAMES):
            strays.append(path.name)
    assert not strays, f"{folder}/ has files named for no lesson: {strays}"


def test_translated_quiz_banks_are_named_as_the_english_ones():
    assert sorted(p.name for p in (PACKAGE / "quizbanks" / "zh").glob("*.yaml")) == \
        sorted(p.name for p in (PACKAGE / "quizbanks").glob("*.yaml"))


def test_template_folders_and_locale_domains_are_lesson_names_or_shared():
    folders = {path.name for path in (PACKAGE / "templates").iterdir() if path.is_dir()}
    assert folders - set(NAMES) <= {"app", "quiz", "exercises", "instructor"}, folders


def test_lookup_by_number_and_name_agree():
    for lesson in LESSONS:
        assert lesson_by_number(int(lesson.number)) is lesson_by_name(lesson.name)
    with pytest.raises(KeyError):
        lesson_by_name("lesson02")
