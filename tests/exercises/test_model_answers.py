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
from course_utils.exercises.written import answer_text, minimum_length, word_count

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted(ROOT.glob("solutions/0*.ipynb")) + sorted(ROOT.glob("solutions/zh/0*.ipynb"))


def _written(path: Path) -> dict[str, tuple[str, str]]:
    """Task id → (the task's text, the model answer) for each written task of a solution notebook."""
    asked, answers = {}, {}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        task = utils.task_id(cell)
        if task is None or cell["cell_type"] != "markdown":
            continue
        if utils.is_answer(cell):
            answers[task] = answer_text(utils.source_text(cell))
        elif asked_length(utils.source_text(cell)) is not None:
            asked[task] = utils.source_text(cell)
    return {task: (asked[task], answers[task]) for task in answers}


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_model_answer_is_within_the_length_its_task_asks(path):
    lang = "zh" if path.parent.name == "zh" else "en"
    written = _written(path)
    assert len(written) == 2, sorted(written)  # each notebook has two written tasks
    for task, (text, answer) in written.items():
        most, _unit = asked_length(text)
        length = word_count(answer)
        assert minimum_length(tasks.task(task).min_words, lang) <= length <= most, (task, length, most)
