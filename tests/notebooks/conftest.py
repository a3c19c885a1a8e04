"""Shared set-up for the lesson notebook tests: every test taking ``lesson_path`` runs per lesson."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

LESSONS = sorted((Path(__file__).resolve().parents[2] / "lessons").glob("[0-9][0-9]-*.ipynb"))
# The Chinese edition (lessons/zh/) runs and is regression-checked like the English one.
EDITIONS = LESSONS + sorted((Path(__file__).resolve().parents[2] / "lessons" / "zh").glob("[0-9][0-9]-*.ipynb"))


def pytest_generate_tests(metafunc):
    # One test per lesson notebook, named by file, so a failure names the notebook.
    if "lesson_path" in metafunc.fixturenames:
        metafunc.parametrize("lesson_path", LESSONS, ids=[path.name for path in LESSONS])
    if "edition_path" in metafunc.fixturenames:
        metafunc.parametrize("edition_path", EDITIONS, ids=[f"{path.parent.name}/{path.name}" for path in EDITIONS])


@pytest.fixture
def lesson(lesson_path) -> nbformat.NotebookNode:
    return nbformat.read(lesson_path, as_version=4)
