"""Preprocessor: a handout's written answer gets lines for as much as its task asks.

A written task states its length in its text ("In 60 to 150 words", "用 100 到 250 字").
On paper the answer is handwritten, about ten English words or two dozen Chinese
characters to a line of the text block, so the answer gets lines for the most the
task asks, within ``min_lines`` and ``max_lines`` (the task, its lines and its
check then still fit on one page). A task that states no length gets
``default_lines``. The template prints lines for a cell that has them (``metadata.course.lines``),
and only for such a cell: this preprocessor decides which answers are written on paper.
"""

from __future__ import annotations

import math
import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Float, Int, Set

from course_utils.exercises import utils

# "60 to 150 words", "100 到 250 字": the range a task asks for, in words or in characters.
LENGTH = re.compile(r"(\d+)\s*(?:to|到|至)\s*(\d+)\s*(words?|字)", re.I)


def asked_length(text: str) -> tuple[int, str] | None:
    """The most a task's text asks for, and in what (``"words"`` or ``"characters"``); None if it says not.

    >>> asked_length("In 120 to 250 words: using your results from tasks 1.2 and 1.3")
    (250, 'words')
    >>> asked_length("请用 200 到 400 字回答")
    (400, 'characters')
    >>> asked_length("Name the function.") is None
    True
    """
    found = LENGTH.search(text)
    if found is None:
        return None
    return int(found[2]), "characters" if found[3] == "字" else "words"


def answer_lines(most: int, per_line: float, fewest: int, most_lines: int) -> int:
    """Lines for ``most`` words or characters at ``per_line`` to a line, from ``fewest`` to ``most_lines``.

    >>> answer_lines(100, 10, 6, 14), answer_lines(250, 24, 6, 14), answer_lines(40, 10, 6, 14)
    (10, 11, 6)
    >>> answer_lines(250, 10, 6, 14)   # 25 lines' worth: the task, its lines and its check must fit a page
    14
    """
    return max(fewest, min(most_lines, math.ceil(most / per_line)))


class AnswerSpacePreprocessor(Preprocessor):
    """Set ``metadata.course.lines`` on each written-answer cell of a handout, from its task's text."""

    parts = Set({"exercises"}, help="Book parts whose written answers print with lines to write on.").tag(config=True)
    words_per_line = Float(10.0, help="Handwritten English words to a ruled line.").tag(config=True)
    characters_per_line = Float(24.0, help="Handwritten Chinese characters to a ruled line.").tag(config=True)
    min_lines = Int(6, help="The fewest lines an answer gets.").tag(config=True)
    max_lines = Int(14, help="The most lines an answer gets.").tag(config=True)
    default_lines = Int(8, help="Lines for a task that states no length.").tag(config=True)

    def preprocess(self, nb, resources):
        if ((resources or {}).get("chapter") or {}).get("part") not in self.parts:
            return nb, resources
        asked: dict[str, tuple[int, str] | None] = {}
        for cell in nb.cells:
            task = utils.task_id(cell)
            if utils.is_task(cell) and task is not None:
                asked[task] = asked_length(cell.source)
            elif cell.cell_type == "markdown" and utils.is_answer(cell):
                length = asked.get(task)
                if length is None:
                    lines = self.default_lines
                else:
                    per_line = self.words_per_line if length[1] == "words" else self.characters_per_line
                    lines = answer_lines(length[0], per_line, self.min_lines, self.max_lines)
                cell.metadata["course"] = {**utils.course_meta(cell), "lines": lines}
        return nb, resources
