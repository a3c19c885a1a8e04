"""A stand-in for the notebook runner, for tests of class grading (store, roster, exports).

``grade_notebook`` itself is tested in ``test_grading.py`` with real kernels; here
a fake returns rows chosen by the submitted notebook's metadata
(``{"fake_scores": {"03.1": 0.5}}``; full marks by default), so the tests are
fast and each expected number comes from the notebook the test wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from course_utils.exercises import tasks
from course_utils.exercises.utils import is_check, task_id

from course_utils.i18n import Translator
from course_utils.instructor.gradebook import classrun as gradebook


def make_notebook(path: Path, notebook: str, *, scores: dict | None = None, answer: str = "",
                  language: str | None = None) -> Path:
    """A small notebook carrying the assignment's task cells and, for written tasks, ``answer``
    (``language``: the course language it is written in, as a translated exercise says)."""
    cells = []
    for spec in tasks.for_notebook(notebook):
        cells.append(nbformat.v4.new_markdown_cell(f"Task {spec.id}", metadata={"course": {"task": spec.id},
                                                                                 "tags": ["task"]}))
        if spec.kind == "written":
            text = f"<!-- BEGIN ANSWER -->\n{answer}\n<!-- END ANSWER -->" if answer else ""
            cells.append(nbformat.v4.new_markdown_cell(text, metadata={"course": {"task": spec.id, "answer": True}}))
    metadata = {"fake_scores": scores or {}, **({"course": {"language": language}} if language else {})}
    book = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(book, path)
    return path


def fake_grade_notebook(path, learner, name, *, hidden=None, time_limit=120, calls=None, content=None):
    calls.append((learner, name, None if path is None else Path(path).as_posix()))
    text = Path(path).read_text(encoding="utf-8") if content is None else content.decode("utf-8")
    wanted = json.loads(text)["metadata"].get("fake_scores", {})
    rows = []
    for spec in tasks.for_notebook(name):
        row = {"learner": learner, "notebook": name, "task": spec.id, "max_score": spec.points}
        if spec.kind == "written":
            feedback = Translator("instructor").ngettext(
                "written answer of {n} word; pending rubric grading ({points} points).",
                "written answer of {n} words; pending rubric grading ({points} points).", 5, points=spec.points)
            rows.append({**row, "score": "", "feedback": feedback})
            continue
        score = float(wanted.get(spec.id, spec.points))
        feedback = f"Task {spec.id}: checked"
        if score < spec.points:
            label = spec.public_cases()[0].label
            feedback += f"\n  ✗ {label}: not right\n  " + Translator("instructor").ngettext(
                "{passed} of {total} further check passes.", "{passed} of {total} further checks pass.", 1,
                passed=0, total=1)
        rows.append({**row, "score": score, "feedback": feedback})
    return rows


@pytest.fixture
def fake_grader(monkeypatch):
    """Replace the runner with the fake; the list records every (learner, notebook, path) graded."""
    calls: list = []

    def fake(path, learner, name, **options):
        return fake_grade_notebook(path, learner, name, calls=calls, **options)

    monkeypatch.setattr(gradebook, "grade_notebook", fake)
    return calls


@pytest.fixture
def write_notebook():
    """``write_notebook(path, notebook, scores=..., answer=...)``: a submission for the fake grader."""
    return make_notebook


@pytest.fixture(scope="session")
def solutions() -> dict:
    """Every task function of the worked solutions, by task id: each notebook's set-up cell, then its task cells."""
    functions = {}
    for name in tasks.LESSONS.values():
        code = [cell for cell in nbformat.read(Path(__file__).resolve().parents[2] / "solutions" / name,
                                               as_version=4).cells if cell.cell_type == "code"]
        namespace: dict = {}
        exec(code[0].source, namespace)  # noqa: S102 - the course's own worked solutions
        for cell in code[1:]:
            if task_id(cell) and not is_check(cell):
                exec(cell.source, namespace)  # noqa: S102
        functions.update({spec.id: namespace[spec.name] for spec in tasks.for_notebook(name) if spec.kind == "code"})
    return functions
