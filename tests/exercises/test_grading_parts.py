"""The grader's parts that need no kernel: which cells it skips, its limits, its integrity check."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils.instructor.grading import integrity
from course_utils.instructor.grading.runner import CHECK_ONLY


@pytest.mark.parametrize("source, skipped", [
    ('check("03.2", live_metrics)', True),
    ('check("03.5")', True),
    ("check('1.2', hook_lift); check('1.3', best_hours)", True),
    ('check("03.2", live_metrics)\ntotal = 1', False),  # learner code in a check cell still runs
    ('check("03.2", live_metrics())', False),
    ("def live_metrics(sessions):\n    return sessions", False),
])
def test_only_cells_that_just_call_check_are_skipped(source, skipped):
    assert bool(CHECK_ONLY.fullmatch(source)) is skipped


def test_the_kernel_launcher_sets_the_file_size_and_core_limits():
    probe = ("import resource; "
             "print(resource.getrlimit(resource.RLIMIT_FSIZE)[0], resource.getrlimit(resource.RLIMIT_CORE)[0])")
    out = subprocess.run([sys.executable, "-m", "course_utils.kernels.limits", "--max-file-mb=3", "--",
                          sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert [int(value) for value in out] == [3 * 1024 * 1024, 0]
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] != 3 * 1024 * 1024  # this process is untouched


def test_a_changed_hidden_checks_file_is_named(tmp_path):
    hidden = tmp_path / "hidden_checks.py"
    hidden.write_text("HIDDEN = {}\n", encoding="utf-8")
    before = integrity.fingerprint(str(hidden))
    assert integrity.changed(before, integrity.fingerprint(str(hidden))) == []
    hidden.write_text("HIDDEN = {'01.1': []}\n", encoding="utf-8")
    changed = integrity.changed(before, integrity.fingerprint(str(hidden)))
    assert [integrity.label(path) for path in changed] == ["hidden_checks.py"]
    assert any(path.endswith("runner.py") for path in before)  # the library's own files are covered
    assert any(path.endswith("exercises/checks.py") for path in before)  # the whole package, not only instructor/


def test_a_new_file_in_the_library_is_named(tmp_path, monkeypatch):
    """A package beside a module shadows it on the next import: a new file counts as a change."""
    # A copy of the library: a file added to the real one would trip a class run on the other test worker.
    package = tmp_path / "course_utils"
    shutil.copytree(integrity.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(integrity, "PACKAGE", package)
    before = integrity.fingerprint()
    shadow = package / "instructor" / "grading" / "taskscore" / "__init__.py"
    shadow.parent.mkdir()
    shadow.write_text("", encoding="utf-8")
    changed = [integrity.label(path) for path in integrity.changed(before, integrity.fingerprint())]
    assert changed == ["course_utils/instructor/grading/taskscore/__init__.py"]


def test_hidden_cases_see_the_kind_of_an_error_never_its_message():
    """A learner's message could quote the hidden checks' file: the hidden cases never get it."""
    from course_utils.exercises.casekit import Case
    from course_utils.instructor.grading.taskscore import grade_task

    seen = []

    def hidden_case(function):
        try:
            function(1, 0.5, 2)
        except Exception as error:  # noqa: BLE001
            seen.append((type(error).__name__, isinstance(error, ValueError), str(error)))
        return "wrong"

    def gmv(visitors, conversion, aov):
        raise ValueError("def hidden_contribution_all_refunded(function): ...")

    grade_task("03.1", {"gmv": gmv}, {"03.1": [Case("hidden", hidden_case)]})
    assert seen == [("ValueError", True, "")]


def test_a_stub_met_only_by_the_hidden_cases_fails_them():
    """A function that answers the public cases and raises NotImplementedError for any other input
    scores as one that raises any other error there: the hidden cases count, failed."""
    from course_utils.exercises.tasks import task
    from course_utils.instructor.grading.taskscore import grade_task

    hidden = str(Path(__file__).resolve().parents[2] / "solutions" / "hidden_checks.py")
    def answering(error):
        def gmv(visitors, conversion, aov):
            if visitors in (10_000, 0):  # the public cases' rooms; the hidden case's is larger
                return float(visitors * conversion * aov)
            raise error("not attempted yet")
        return gmv

    stub, other = (grade_task("03.1", {"gmv": answering(kind)}, hidden) for kind in (NotImplementedError, ValueError))
    assert stub["score"] == other["score"] < task("03.1").points
    assert "0 of 1 further check passes" in stub["feedback"]


def test_a_learner_error_message_is_quoted_short():
    from course_utils.instructor.grading.remote import QUOTE, short

    text = "def hidden_contribution_all_refunded(function): | return number_case(function, " * 5
    assert len(short(text)) == QUOTE <= 80 and short(text).endswith("…")
    assert short("division by zero\nmore") == "division by zero"


def test_a_notebook_without_cell_ids_is_read_without_a_warning(tmp_path):
    import json
    import warnings

    from course_utils.instructor.grading import notebook

    path = tmp_path / "03-commerce-loop.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1",
                                           "outputs": [], "execution_count": None}],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book, _data, reason = notebook._read(path)
    assert reason is None and len(book.cells) == 1
    assert not [warning for warning in caught if "id" in str(warning.message).lower()]


def test_a_written_answer_in_a_cell_whose_course_metadata_is_damaged_is_named_not_called_unattempted():
    from course_utils.instructor.grading.notebook import _written_rows

    cell = {"cell_type": "markdown", "metadata": {"course": "03.5"}, "source": "An answer of many words " * 20}
    rows = {row["task"]: row for row in _written_rows("ann", "03-commerce-loop.ipynb", {"cells": [{}, cell]})}
    assert rows["03.5"]["score"] == 0.0
    assert rows["03.5"]["feedback"].startswith("no answer cell found: cell 2's course metadata is damaged")
    intact = {"cells": [{**cell, "metadata": {"course": {"task": "03.5", "answer": True}}}]}
    assert _written_rows("ann", "03-commerce-loop.ipynb", intact)[0]["feedback"].startswith("written answer of")


def test_a_written_answer_in_a_cell_added_below_the_answer_cell_is_read_and_left_for_the_rubric():
    import nbformat

    from course_utils.exercises import written
    from course_utils.instructor.gradebook.records import _answers
    from course_utils.instructor.grading.notebook import _written_rows

    root = Path(__file__).resolve().parents[2]
    released = nbformat.read(root / "exercises" / "03-commerce-loop.ipynb", as_version=4)
    cells = released.cells
    answer_at = next(i for i, cell in enumerate(cells) if cell.metadata.get("course", {}).get("answer")
                     and cell.metadata["course"]["task"] == "03.5")
    added = nbformat.v4.new_markdown_cell("A flash sale draws the crowd " * 10)
    unrelated = nbformat.v4.new_markdown_cell("Notes for task 3.6 that are no answer to 3.5.")
    # Below the answer cell, before its check; and a note under the next task's heading (not 3.5's).
    released.cells = cells[:answer_at + 1] + [added] + cells[answer_at + 1:answer_at + 3] + [unrelated] \
        + cells[answer_at + 3:]
    rows = {row["task"]: row for row in _written_rows("frank", "03-commerce-loop.ipynb", released)}
    assert rows["03.5"]["score"] == "" and rows["03.5"]["feedback"].startswith(
        "no answer in the answer cell, but a cell added below it holds 60 words")
    assert rows["03.8"]["feedback"] == "not attempted yet."
    answers = _answers(released, "03-commerce-loop.ipynb")
    assert answers["03.5"] == added.source.strip() and answers["03.8"] == ""
    assert "3.6" not in written.stray_answer(released, "03.5")
    # The answer cell left with a sign pointing down, and the added cell without a metadata field at all
    # (nbformat refuses that file; the grader's own reading does not): read, never a crash.
    cells = released.cells
    cells[answer_at].source = "👇"
    bare = {"cell_type": "markdown", "source": "An answer in a bare cell, " * 5}
    raw = {"cells": [dict(cell) for cell in cells[:answer_at + 1]] + [bare] + [dict(cell) for cell in
                                                                               cells[answer_at + 1:]]}
    raw["cells"] = [cell for cell in raw["cells"] if cell is bare or cell.get("source") != added.source]
    answer = _answers(raw, "03-commerce-loop.ipynb")["03.5"]
    assert answer == bare["source"].strip()
    assert _written_rows("frank", "03-commerce-loop.ipynb", raw)[0]["feedback"].startswith(
        "no answer in the answer cell, but a cell added below it holds 30 words")


@pytest.mark.parametrize("folder", ["exercises", "exercises/zh"])
def test_no_released_exercise_has_an_unmarked_markdown_cell_under_a_written_answer(folder):
    """What lets the grader read a cell without course metadata under an answer cell as the learner's."""
    import nbformat

    from course_utils.exercises import tasks, written

    root = Path(__file__).resolve().parents[2]
    for name in tasks.LESSONS.values():
        notebook = nbformat.read(root / folder / name, as_version=4)
        for spec in tasks.for_notebook(name):
            if spec.kind == "written":
                assert written.stray_answer(notebook, spec.id) == "", (folder, name, spec.id)
