"""The worked solutions' written answers are as long as their tasks ask, in both languages.

A model answer the book prints beside its task is what an instructor shows a class: one over the
task's own limit (the Chinese 2.4 ran to 256 characters of "100 到 250 字", and its length check,
printed under it, said it met the rubric) teaches that the limit does not count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_utils.book.preprocess_answers import asked_length
from course_utils.exercises import tasks, utils
from course_utils.exercises.written import find_answer, minimum_length, word_count

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted(ROOT.glob("solutions/0*.ipynb")) + sorted(ROOT.glob("solutions/zh/0*.ipynb"))


def _asked(notebook: dict, task: str) -> str:
    """The text of ``task``'s own cell: the markdown cell of the task that states a length."""
    return next(utils.source_text(cell) for cell in notebook["cells"]
                if cell["cell_type"] == "markdown" and utils.task_id(cell) == task and not utils.is_answer(cell)
                and asked_length(utils.source_text(cell)) is not None)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_model_answer_is_within_the_length_its_task_asks(path):
    lang = "zh" if path.parent.name == "zh" else "en"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    specs = [spec for spec in tasks.for_notebook(path.name) if spec.kind == "written"]
    assert len(specs) == 2  # each notebook has two written tasks
    for spec in specs:
        most, _unit = asked_length(_asked(notebook, spec.id))
        length = word_count(find_answer(notebook, spec.id) or "")
        assert minimum_length(spec.min_words, lang) <= length <= most, (spec.id, length, most)
