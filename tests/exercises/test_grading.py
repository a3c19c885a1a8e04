"""Grading a folder of crafted submissions: every kind of damage is still graded, never fatal."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from course_utils.errors import CourseInputError
from course_utils.exercises import tasks
from course_utils.i18n import Translator
from course_utils.instructor.gradebook.exports import LONG_COLUMNS
from course_utils.instructor.gradebook.classrun import grade_class

ROOT = Path(__file__).resolve().parents[2]
NAME = "03-commerce-loop.ipynb"
HIDDEN = str(ROOT / "solutions" / "hidden_checks.py")


def _read(folder):
    return nbformat.read(ROOT / folder / NAME, as_version=4)


def _task_cell(notebook, task_id):
    """The code cell that defines a task's function (found by metadata, like the grader)."""
    return next(c for c in notebook.cells if c.cell_type == "code" and "check" not in c.metadata.get("tags", [])
                and c.metadata.get("course", {}).get("task") == task_id)


def _submissions(base: Path) -> None:
    solution, exercise = _read("solutions"), _read("exercises")

    def put(learner, notebook=None, text=None):
        folder = base / learner
        folder.mkdir(parents=True)
        if text is not None:
            (folder / NAME).write_text(text, encoding="utf-8")
        elif notebook is not None:
            nbformat.write(notebook, folder / NAME)

    put("full", solution)
    put("untouched", exercise)
    half = copy.deepcopy(exercise)
    for task_id in ("03.1", "03.3"):
        _task_cell(half, task_id).source = _task_cell(solution, task_id).source
    put("half", half)
    reordered = copy.deepcopy(solution)
    reordered.cells = list(reversed(reordered.cells))
    put("reordered", reordered)
    deleted = copy.deepcopy(solution)
    deleted.cells = [c for c in deleted.cells if c is not _task_cell(deleted, "03.2")]
    put("deleted", deleted)
    retyped = copy.deepcopy(solution)
    cell = _task_cell(retyped, "03.4")
    retyped.cells[retyped.cells.index(cell)] = nbformat.v4.new_markdown_cell(cell.source)
    duplicate = copy.deepcopy(_task_cell(retyped, "03.3"))
    # A later copy without the infinite case: it wins, as in Python, and earns partial credit.
    duplicate.source = "def break_even_uplift(margin, discount):\n    return discount / (margin - discount)"
    duplicate.id = "duplicate-of-03-3"
    retyped.cells.append(duplicate)
    put("retyped", retyped)
    looping = copy.deepcopy(solution)
    looping.cells.insert(looping.cells.index(_task_cell(looping, "03.2")), new_code_cell("while True:\n    pass"))
    put("looping", looping)
    typo = copy.deepcopy(solution)
    cell = _task_cell(typo, "03.4")
    cell.source = cell.source.replace("(", "((", 1)  # one bracket too many: the cell cannot be read
    put("typo", typo)
    put("broken", text='{"cells": [ this is not json')
    # The Chinese edition: graded the same way, with feedback in Chinese.
    put("zh-full", nbformat.read(ROOT / "solutions" / "zh" / NAME, as_version=4))
    put("zh-untouched", nbformat.read(ROOT / "exercises" / "zh" / NAME, as_version=4))
    (base / "absent").mkdir()
    (base / "renamed").mkdir()
    nbformat.write(solution, base / "renamed" / "ex3-final.ipynb")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("submissions")
    _submissions(base)
    out = base.parent / "grades"
    summary = grade_class(base, out, hidden=HIDDEN, time_limit=25, workers=2)
    with (out / "gradebook-long.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return summary, rows, out


def _scores(rows, learner):
    return {r["task"]: r["score"] for r in rows if r["learner"] == learner and r["notebook"] == NAME}


@pytest.mark.notebook
def test_gradebook_columns_and_one_row_per_learner_and_task(graded):
    summary, rows, out = graded
    assert list(rows[0]) == LONG_COLUMNS
    assert summary["learners"] == 13
    # Only the notebook handed in is graded: a row per learner and task of lesson 3, none for the others.
    assert len(rows) == 13 * len(tasks.for_notebook(NAME))
    assert {row["notebook"] for row in rows} == {NAME}
    assert (out / "feedback" / "half.md").is_file()


@pytest.mark.notebook
def test_a_renamed_notebook_is_graded_with_a_note(graded):
    _summary, rows, out = graded
    notes = [r["feedback"] for r in rows if r["learner"] == "renamed" and r["notebook"] == NAME]
    assert notes and all("Graded renamed/ex3-final.ipynb; the expected place is renamed/" + NAME in note
                         for note in notes)
    assert _scores(rows, "renamed") == _scores(rows, "full")


def test_malformed_files_are_graded_as_could_not_be_graded_never_fatal(tmp_path):
    """Files no kernel is started for: too deeply nested JSON (as the notebook, and as a stray notebook beside a
    broken one), a cell whose metadata is a string, a line of markdown that is a number."""
    import json

    base = tmp_path / "submissions"
    solution = json.loads((ROOT / "solutions" / NAME).read_text(encoding="utf-8"))
    deep = "[" * 100_000 + "]" * 100_000
    files = {"deep": {NAME: deep}, "stray": {NAME: '{"cells": [', "notes.ipynb": deep}}
    metadata = json.loads(json.dumps(solution))
    metadata["cells"][4]["metadata"] = "x"
    answer = json.loads(json.dumps(solution))
    cell = next(c for c in answer["cells"] if c["cell_type"] == "markdown" and c["metadata"].get("course", {}).get(
        "answer"))
    cell["source"] = ["x"] * 3 + [5]
    files.update(cellmeta={NAME: json.dumps(metadata)}, answerint={NAME: json.dumps(answer)})
    for learner, notebooks in files.items():
        (base / learner).mkdir(parents=True)
        for name, text in notebooks.items():
            (base / learner / name).write_text(text, encoding="utf-8")
    out = tmp_path / "grades"
    grade_class(base, out, workers=1)
    with (out / "gradebook-long.csv").open(encoding="utf-8-sig") as handle:
        feedback = {r["learner"]: r["feedback"] for r in csv.DictReader(handle) if r["task"] == "03.1"}
    assert feedback["deep"] == "could not be graded: the file is not valid JSON (it is nested too deeply)."
    assert feedback["stray"].startswith("could not be graded: the file is not valid JSON")
    assert feedback["cellmeta"] == "could not be graded: cell 5: its metadata is not a mapping."
    assert feedback["answerint"].startswith("could not be graded: cell ") and "source is not text" in feedback[
        "answerint"]


def test_a_missing_submissions_folder_is_named(tmp_path):
    with pytest.raises(CourseInputError, match="does not exist"):
        grade_class(tmp_path / "nowhere", tmp_path / "grades")


def _full_marks() -> dict[str, str]:
    """Every lesson-3 task at its points, written answers pending the rubric: what a finished submission earns."""
    return {task.id: "" if task.kind == "written" else f"{task.points:.1f}" for task in tasks.for_notebook(NAME)}


def _nothing() -> dict[str, str]:
    return {task.id: "0.0" for task in tasks.for_notebook(NAME)}


@pytest.mark.notebook
@pytest.mark.parametrize("learner, start, changes", [
    ("full", _full_marks, {}),
    ("untouched", _nothing, {}),
    ("half", _nothing, {"03.1": "1.0", "03.3": "2.0"}),
    ("reordered", _full_marks, {}),
    ("deleted", _full_marks, {"03.2": "0.0"}),
    # A markdown cell is no function; the later copy of 03.3 without the infinite case earns part of 2 points.
    ("retyped", _full_marks, {"03.3": "1.2", "03.4": "0.0"}),
    # The endless loop before 03.2 is stopped at its cell's limit; every task after it still scores.
    ("looping", _full_marks, {}),
    # The cell that defines 03.4 does not parse: only 03.4 is lost, and the feedback says why (below).
    ("typo", _full_marks, {"03.4": "0.0"}),
    ("broken", _nothing, {}),
])
def test_expected_scores(graded, learner, start, changes):
    """Scores as a finished or an empty submission's, except for the tasks each crafted damage touches."""
    assert set(changes) <= {task.id for task in tasks.for_notebook(NAME)}
    assert _scores(graded[1], learner) == {**start(), **changes}


@pytest.mark.notebook
@pytest.mark.notebook
def test_chinese_submissions_score_as_the_english_ones_with_chinese_feedback(graded):
    _summary, rows, out = graded
    assert _scores(rows, "zh-full") == _scores(rows, "full")
    assert _scores(rows, "zh-untouched") == _scores(rows, "untouched")
    from course_utils.i18n import using_language

    with using_language("zh"):
        not_yet = Translator("instructor").gettext("not attempted yet.")
    untouched = {r["task"]: r["feedback"] for r in rows if r["learner"] == "zh-untouched"}
    assert not_yet in untouched["03.1"] and "：" in untouched["03.1"], untouched["03.1"]
    feedback = (out / "feedback" / "zh-full.md").read_text(encoding="utf-8")
    english = (out / "feedback" / "full.md").read_text(encoding="utf-8")
    assert "任务" in feedback and "Task " not in feedback and "Total:" not in feedback
    assert "Total:" in english and "任务" not in english


def test_feedback_names_the_reason(graded):
    rows = graded[1]
    feedback = {(r["learner"], r["notebook"], r["task"]): r["feedback"] for r in rows}
    assert "not valid JSON" in feedback[("broken", NAME, "03.1")]
    assert "(\"while True:\") was stopped after 5 s" in feedback[("looping", NAME, "03.2")]
    assert "the rest of the notebook still ran" in feedback[("looping", NAME, "03.4")]
    typo = _task_cell(_read("solutions"), "03.4").source.strip().splitlines()[0].replace("(", "((", 1)
    assert f"(\"{typo[:39]}" in feedback[("typo", NAME, "03.4")]
    assert "raised SyntaxError: " in feedback[("typo", NAME, "03.4")]
    assert "raised" not in feedback[("full", NAME, "03.4")]
    assert "no submission" in feedback[("absent", NAME, "03.1")]
    assert "pending rubric grading" in feedback[("full", NAME, "03.5")]
    assert "1 of 3 further checks pass" not in feedback[("full", NAME, "03.3")]
    assert "2 of 2 further checks pass" in feedback[("full", NAME, "03.3")]


@pytest.mark.notebook
def test_feedback_files_never_show_hidden_checks(graded):
    from course_utils.instructor.leaks import hidden_strings

    names = hidden_strings(Path(HIDDEN))
    texts = [p.read_text(encoding="utf-8") for p in (graded[2] / "feedback").glob("*.md")]
    texts.append((graded[2] / "class-report.md").read_text(encoding="utf-8"))
    assert len(texts) == 14
    assert not [name for name in names for text in texts if name in text]


@pytest.mark.notebook
def test_the_class_report_counts_no_blank_written_answer_as_scored(graded):
    """Before any rubric score, a written task has no answers scored: the blank ones score 0 but are none."""
    report = (graded[2] / "class-report.md").read_text(encoding="utf-8")
    line = next(text for text in report.splitlines() if text.startswith("| 03.5 |"))
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    assert int(cells[3]) >= 8 and cells[4:7] == ["0", "–", "–"], line
