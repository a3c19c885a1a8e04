"""A notebook answers in its own language wherever it is saved, and refuses to be translated outside the course."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from course_utils import i18n
from course_utils.exercises import tasks
from course_utils.exercises.checks import check

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kernel_for(monkeypatch, tmp_path):
    """``kernel_for(notebook)``: this process as the kernel of ``notebook``, saved in a folder of no language."""
    def start(notebook: dict, name: str) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(notebook), encoding="utf-8")
        monkeypatch.setattr(sys.modules["__main__"], "__session__", str(path), raising=False)
        monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
        monkeypatch.chdir(tmp_path)
        i18n._saved_language.cache_clear()
        return path
    yield start
    i18n._saved_language.cache_clear()


def test_a_chinese_exercise_saved_elsewhere_still_answers_in_chinese(kernel_for):
    spec = tasks.task("01.4")
    notebook = json.loads((REPO / "exercises" / "zh" / spec.notebook).read_text(encoding="utf-8"))
    kernel_for(notebook, spec.notebook)
    assert i18n.language() == "zh"
    result = check("01.4")  # the written task, untouched: its Chinese prompt is still there
    assert result.status == "not_attempted" and "提示文字" in result.text()


def test_an_english_exercise_saved_elsewhere_answers_in_english(kernel_for):
    spec = tasks.task("01.4")
    notebook = json.loads((REPO / "exercises" / spec.notebook).read_text(encoding="utf-8"))
    kernel_for(notebook, spec.notebook)
    assert i18n.language() == "en" and "still holds the prompt" in check("01.4").text()


def test_a_written_check_in_another_language_knows_the_chinese_prompt(tmp_path, monkeypatch):
    """Read in English, an untouched Chinese answer cell is still an untouched prompt, not 15 words."""
    spec = tasks.task("01.4")
    notebook = json.loads((REPO / "exercises" / "zh" / spec.notebook).read_text(encoding="utf-8"))
    (tmp_path / spec.notebook).write_text(json.dumps(notebook), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "en")
    result = check("01.4")
    assert result.status == "not_attempted" and "still holds the prompt" in result.text()


@pytest.mark.parametrize("argv", [["translate"], ["translate", "--check"]])
def test_translate_outside_the_repository_says_so(tmp_path, monkeypatch, capsys, argv):
    from course_utils.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert "is not the course repository" in capsys.readouterr().err


def test_a_learners_own_notebook_in_a_chinese_folder_answers_in_chinese(monkeypatch, tmp_path):
    """A notebook that says no language (a learner's scratch notebook) leaves it to its folder."""
    folder = tmp_path / "lessons" / "zh"
    folder.mkdir(parents=True)
    path = folder / "Untitled.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    monkeypatch.setattr(sys.modules["__main__"], "__session__", str(path), raising=False)
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.chdir(folder)
    i18n._saved_language.cache_clear()
    try:
        assert i18n.language() == "zh"
    finally:
        i18n._saved_language.cache_clear()
