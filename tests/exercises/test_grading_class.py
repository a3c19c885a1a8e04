"""Class grading: a regrade replaces only its own results; roster, found-elsewhere and late submissions."""

from __future__ import annotations

import csv
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from course_utils.errors import CourseInputError
from course_utils.exercises import tasks
from course_utils.instructor.gradebook.classrun import grade_class

COMMERCE = "03-commerce-loop.ipynb"
CONTENT = "01-content-engine.ipynb"


def _points(notebook: str) -> int:
    return sum(spec.points for spec in tasks.for_notebook(notebook))


def _long(out: Path) -> list[dict]:
    with (out / "gradebook-long.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _rows(out: Path, learner: str, notebook: str = COMMERCE) -> dict[str, dict]:
    return {row["task"]: row for row in _long(out) if row["learner"] == learner and row["notebook"] == notebook}


@pytest.fixture
def class_folder(write_notebook, tmp_path):
    base = tmp_path / "submissions"
    write_notebook(base / "ann" / COMMERCE, COMMERCE, scores={"03.2": 1.5}, answer="Ann's view of flash sales.")
    write_notebook(base / "bob" / COMMERCE, COMMERCE, answer="Bob's view.")
    write_notebook(base / "bob" / CONTENT, CONTENT, scores={"01.1": 0.0})
    return base


def test_a_regrade_of_one_learner_changes_only_their_rows_and_files(write_notebook, class_folder, tmp_path,
                                                                    fake_grader):
    out = tmp_path / "grades"
    grade_class(class_folder, out, workers=1)
    ann_file = out / "results" / "ann" / "03-commerce-loop.json"
    ann_before, ann_rows = ann_file.read_bytes(), _rows(out, "ann")
    write_notebook(class_folder / "bob" / COMMERCE, COMMERCE, scores={"03.1": 0.0}, answer="Bob's view.")
    (class_folder / "ann" / COMMERCE).unlink()  # were ann regraded, she would now have nothing
    fake_grader.clear()
    grade_class(class_folder, out, learners=["bob"], workers=1)
    assert {call[0] for call in fake_grader} == {"bob"}
    assert ann_file.read_bytes() == ann_before
    assert _rows(out, "ann") == ann_rows
    assert _rows(out, "bob")["03.1"]["score"] == "0.0"
    assert (out / "feedback" / "ann.md").is_file()


def test_a_regrade_of_one_assignment_keeps_the_others(class_folder, tmp_path, fake_grader):
    out = tmp_path / "grades"
    grade_class(class_folder, out, workers=1)
    content_rows = _rows(out, "bob", CONTENT)
    (class_folder / "bob" / CONTENT).unlink()
    fake_grader.clear()
    grade_class(class_folder, out, assignments=["03"], workers=1)
    assert {call[1] for call in fake_grader} == {COMMERCE}
    assert _rows(out, "bob", CONTENT) == content_rows
    assert content_rows["01.1"]["score"] == "0.0"


def test_parallel_grading_stores_every_result(class_folder, tmp_path, fake_grader):
    out = tmp_path / "grades"
    grade_class(class_folder, out, workers=2)  # the fake runs in the worker processes (forked)
    stored = sorted(path.relative_to(out / "results").as_posix() for path in (out / "results").glob("*/*.json"))
    assert stored == ["ann/01-content-engine.json", "ann/03-commerce-loop.json",
                      "bob/01-content-engine.json", "bob/03-commerce-loop.json"]
    assert _rows(out, "ann")["03.2"]["score"] == "1.5"
    assert _rows(out, "bob", CONTENT)["01.1"]["score"] == "0.0"


def test_only_assignments_handed_in_are_graded_and_totalled(class_folder, tmp_path, fake_grader):
    out = tmp_path / "grades"
    grade_class(class_folder, out, workers=1)
    notebooks = {row["notebook"] for row in _long(out)}
    assert notebooks == {COMMERCE, CONTENT}
    # ann handed in only 03, but 01 was handed out (bob has it): it counts for her, as no submission.
    feedback = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert f"of {_points(COMMERCE) + _points(CONTENT)} points over the 2 assignments" in feedback
    assert "02-ecosystem-hub" not in feedback and "04-capstone" not in feedback
    only = tmp_path / "only-03"
    grade_class(class_folder, only, assignments=["03-commerce-loop"], workers=1)
    feedback = (only / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert f"of {_points(COMMERCE)} points over the 1 assignment handed" in feedback
    assert "01-content-engine" not in feedback


def test_the_roster_lists_a_learner_without_a_folder(class_folder, tmp_path, fake_grader):
    roster = tmp_path / "roster.csv"
    roster.write_text("Student ID,Full name,Email\nann,Ann Li,ann@example.edu\nbob,Bob Ma,\ncara,Cara Zhao,\n",
                      encoding="utf-8")
    out = tmp_path / "grades"
    grade_class(class_folder, out, roster=roster, workers=1)
    cara = _rows(out, "cara")
    assert set(cara) == {spec.id for spec in tasks.for_notebook(COMMERCE)}
    assert all(row["score"] == "0.0" and "no submission" in row["feedback"] for row in cara.values())
    assert "no folder for this learner" in (out / "feedback" / "cara.md").read_text(encoding="utf-8")
    assert "Cara Zhao" in (out / "feedback" / "cara.md").read_text(encoding="utf-8")
    assert all(call[0] != "cara" for call in fake_grader)  # nothing to run for a missing notebook
    # A later partial run without --roster still knows the class from the copy kept in grades/.
    grade_class(class_folder, out, learners=["ann"], workers=1)
    with (out / "gradebook-wide.csv").open(encoding="utf-8") as handle:
        names = {row["learner"]: row["name"] for row in csv.DictReader(handle)}
    assert names == {"ann": "Ann Li", "bob": "Bob Ma", "cara": "Cara Zhao"}


def test_nested_and_renamed_notebooks_are_graded_with_a_note(write_notebook, tmp_path, fake_grader):
    base = tmp_path / "submissions"
    write_notebook(base / "dave" / "exercises" / COMMERCE, COMMERCE)
    write_notebook(base / "eve" / "my work.ipynb", COMMERCE)  # found by the task ids inside
    write_notebook(base / "fay" / "ex3-final.ipynb", COMMERCE)
    write_notebook(base / "fay" / "ex3-draft.ipynb", COMMERCE, scores={"03.1": 0.0})
    write_notebook(base / "gus" / ".ipynb_checkpoints" / "03-commerce-loop-checkpoint.ipynb", COMMERCE)
    (base / "hal").mkdir()
    (base / "hal" / "notes.ipynb").write_text('{"cells": [], "metadata": {}}', encoding="utf-8")
    out = tmp_path / "grades"
    summary = grade_class(base, out, assignments=["3"], workers=1)
    graded = {call[0]: call[2] for call in fake_grader}
    assert graded["dave"].endswith("dave/exercises/03-commerce-loop.ipynb")
    assert graded["eve"].endswith("eve/my work.ipynb")
    assert "fay" not in graded and "gus" not in graded
    dave = (out / "feedback" / "dave.md").read_text(encoding="utf-8")
    assert "Graded dave/exercises/03-commerce-loop.ipynb; the expected place is dave/03-commerce-loop.ipynb" in dave
    written = sum(spec.points for spec in tasks.for_notebook(COMMERCE) if spec.kind == "written")
    assert f"{_points(COMMERCE) - written} of {_points(COMMERCE)}" in dave  # all code points; written ones pending
    fay = (out / "feedback" / "fay.md").read_text(encoding="utf-8")
    assert "fay/ex3-draft.ipynb, fay/ex3-final.ipynb" in fay and "Keep the one to be graded as fay/03-" in fay
    assert any(note.startswith("eve: Graded eve/my work.ipynb") for note in summary["notes"])
    hal = (out / "feedback" / "hal.md").read_text(encoding="utf-8")
    assert "hal/notes.ipynb could not be matched to any exercise" in hal
    assert "move it to hal/03-commerce-loop.ipynb and grade again" in hal
    gus = (out / "feedback" / "gus.md").read_text(encoding="utf-8")
    assert "gus/03-commerce-loop.ipynb was not found" in gus  # a checkpoint copy is not a submission


def test_a_deadline_marks_late_submissions_and_is_kept(write_notebook, tmp_path, fake_grader):
    base = tmp_path / "submissions"
    on_time = write_notebook(base / "ann" / COMMERCE, COMMERCE)
    late = write_notebook(base / "bob" / COMMERCE, COMMERCE)
    deadline = datetime(2026, 12, 1, 15, 59, tzinfo=timezone.utc)  # 23:59 in Beijing
    os.utime(on_time, (deadline.timestamp() - 60,) * 2)
    os.utime(late, (deadline.timestamp() + 60,) * 2)
    out = tmp_path / "grades"
    grade_class(base, out, deadline="2026-12-01T23:59+08:00", workers=1)
    assert {row["late"] for row in _rows(out, "ann").values()} == {""}
    assert {row["late"] for row in _rows(out, "bob").values()} == {"yes"}
    assert "Late: handed in 2026-12-01 16:00 UTC, after the deadline, 2026-12-01 15:59 UTC." in (out / "feedback" / "bob.md").read_text(encoding="utf-8")
    grade_class(base, out, learners=["bob"], workers=1)  # no --deadline: the stored one still applies
    assert {row["late"] for row in _rows(out, "bob").values()} == {"yes"}


@pytest.mark.parametrize("options, words", [
    ({"deadline": "1 December"}, "--deadline \"1 December\" is not a date"),
    ({"assignments": ["07"]}, "--assignment \"07\" is not an exercise"),
    ({"learners": ["zed"]}, "--learner zed: no such folder"),
])
def test_bad_options_are_named(class_folder, tmp_path, fake_grader, options, words):
    with pytest.raises(CourseInputError, match=words):
        grade_class(class_folder, tmp_path / "grades", workers=1, **options)
    assert not fake_grader


def test_an_old_style_out_file_is_refused(class_folder, tmp_path, fake_grader):
    with pytest.raises(CourseInputError, match="names a file; --out is the folder"):
        grade_class(class_folder, tmp_path / "gradebook.csv", workers=1)


@pytest.mark.parametrize("text, words", [
    ("name,email\nAnn,a@x\n", "line 1: no column names the learner id"),
    ("learner_id,name\nann,Ann\nann,Ann again\n", "line 3: the learner id \"ann\" is listed twice"),
    ("learner_id,name\nann,Ann\n../x,Intruder\n", "line 3: the learner id \"../x\" cannot be a folder name"),
    ("learner_id,name\n", "holds no learners"),
])
def test_a_malformed_roster_names_the_line(class_folder, tmp_path, fake_grader, text, words):
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(CourseInputError, match=words):
        grade_class(class_folder, tmp_path / "grades", roster=roster, workers=1)


def test_the_command_reports_bad_input_without_a_traceback(class_folder, tmp_path, capsys, fake_grader):
    from course_utils.cli import main

    code = main(["grade", str(class_folder), "--out", str(tmp_path / "grades"), "--deadline", "soon"])
    assert code == 2
    assert "course grade: --deadline \"soon\"" in capsys.readouterr().err


def test_a_missing_hidden_checks_file_is_named(class_folder, tmp_path, capsys, fake_grader):
    from course_utils.cli import main

    code = main(["grade", str(class_folder), "--out", str(tmp_path / "grades"), "--hidden", str(tmp_path / "h.py")])
    assert code == 2
    assert "--hidden" in capsys.readouterr().err and not fake_grader


def test_a_damaged_stored_result_is_named_before_grading(class_folder, tmp_path, fake_grader):
    from course_utils.errors import CourseDataError

    damaged = tmp_path / "grades" / "results" / "zed" / "01-content-engine.json"
    damaged.parent.mkdir(parents=True)
    damaged.write_text("{not json", encoding="utf-8")
    with pytest.raises(CourseDataError, match="zed/01-content-engine.json is damaged"):
        grade_class(class_folder, tmp_path / "grades", workers=1)
    assert not fake_grader


def test_grades_submissions_and_feedback_are_git_ignored(repo_root):
    lines = (repo_root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"grades/", "submissions/", "feedback/"} <= set(lines)
