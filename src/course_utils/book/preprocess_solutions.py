"""Preprocessor: a worked solution prints as an instructor reads it.

The solution notebooks are the source the exercise handouts are generated from,
so they carry the region markers and the learner's instructions for working in
the handout. In print the markers go (their content stays), paragraphs written
for the learner go, each written-answer task gets its grading rubric beside
the worked answer, and each table a worked answer prints is labelled as the
synthetic data it is (every data set the exercises load is synthetic).
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_markdown_cell
from traitlets import Dict, List, Set, Unicode

from course_utils.book.preprocess_edition import regions
from course_utils.exercises import utils
from course_utils.exercises.tables import NOTE_CLASS



def without_paragraphs(source: str, openings: list[str]) -> str:
    """``source`` without the Markdown paragraphs that start with one of ``openings``.

    >>> without_paragraphs("Intro.\\n\\n**How to work.** Run\\nthe cells.\\n\\nEnd.", ["**How to work.**"])
    'Intro.\\n\\nEnd.'
    """
    paragraphs = source.split("\n\n")
    kept = [p for p in paragraphs if not any(p.lstrip().startswith(o) for o in openings)]
    return "\n\n".join(kept)


def shows_table(cell) -> bool:
    """Whether a code cell's outputs hold a pandas table (``display(frame)`` or a frame as the cell's value).

    >>> shows_table({"outputs": [{"output_type": "display_data", "data": {"text/html": '<table class="dataframe">'}}]})
    True
    >>> shows_table({"outputs": [{"output_type": "stream", "text": "dataframe"}]})
    False
    """
    return any('class="dataframe"' in str((output.get("data") or {}).get("text/html", ""))
               for output in cell.get("outputs", []))


def _drop_table_notes(cell) -> None:
    """Take out the synthetic-data line a notebook shows under its tables (``exercises.tables``):
    the book prints its own label there, in the reader's edition."""
    for output in cell.get("outputs", []):
        data = output.get("data") or {}
        if NOTE_CLASS in str(data.get("text/html", "")):
            text = data["text/html"]
            text = "".join(text) if isinstance(text, list) else text
            data["text/html"] = re.sub(rf'<p class="{NOTE_CLASS}">.*?</p>', "", text, flags=re.DOTALL)


class WorkedSolutionPreprocessor(Preprocessor):
    """Strip markers and learner instructions; add each task's rubric after its written answer."""

    parts = Set({"solutions"}, help="Book parts whose chapters print as worked solutions.").tag(config=True)
    rubrics = Dict(help="Task id → Markdown of its rubric.").tag(config=True)
    rubric_note = Unicode("", help="Markdown printed under every rubric.").tag(config=True)
    drop_paragraphs = List(Unicode(), help="Openings of Markdown paragraphs meant for the learner.").tag(config=True)
    synthetic_note = Unicode("", help="Markdown printed under every table a worked solution's code shows.").tag(config=True)

    def preprocess(self, nb, resources):
        # The chapter's part comes with the chapter (``resources["chapter"]``, see export.chapter_body).
        if ((resources or {}).get("chapter") or {}).get("part") not in self.parts:
            return nb, resources
        cells = []
        placed = []
        pending = None  # a written task whose rubric goes after the task's last cell (its check)
        for index, cell in enumerate(nb.cells):
            task = utils.task_id(cell)
            if pending and task != pending:
                cells.append(self._rubric(pending))
                placed.append(pending)
                pending = None
            if cell.cell_type in ("code", "markdown"):
                # The marker lines go, the regions' content stays.
                cell.source = "".join(line for line, role, _ in regions(cell, resources, index)
                                      if role in ("outside", "inside"))
            if cell.cell_type == "markdown":
                cell.source = without_paragraphs(cell.source, self.drop_paragraphs)
            if cell.cell_type == "code":
                _drop_table_notes(cell)
            cells.append(cell)
            if self.synthetic_note and cell.cell_type == "code" and shows_table(cell):
                cells.append(new_markdown_cell(self.synthetic_note, id=f"synthetic-{cell.get('id') or index}",
                                               metadata={"tags": ["synthetic-note"]}))
            if utils.is_answer(cell) and task in self.rubrics and task not in placed:
                pending = task
        if pending:
            cells.append(self._rubric(pending))
            placed.append(pending)
        nb.cells = cells
        resources["rubrics_placed"] = placed
        return nb, resources

    def _rubric(self, task: str):
        source = self.rubrics[task] + (f"\n\n{self.rubric_note}" if self.rubric_note else "")
        # A fixed id (nbformat would draw a random one): the same solution renders to the same
        # HTML, so its printed pages stay in the page cache.
        cell_id = "rubric-" + re.sub(r"[^A-Za-z0-9_-]", "-", task)
        return new_markdown_cell(source, id=cell_id, metadata={"tags": ["rubric"], "course": {"task": task}})
