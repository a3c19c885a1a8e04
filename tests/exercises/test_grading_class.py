"""Class grading: a regrade replaces only its own results; roster, found-elsewhere and late submissions."""

from __future__ import annotations

import csv
import os
import shutil
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
    with (out / "gradebook-long.csv").open(encoding="utf-8-sig") as handle:
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
    with (out / "gradebook-wide.csv").open(encoding="utf-8-sig") as handle:
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
    ('learner_id,name\n"ann,Ann\nbob,Bob\n', "line 2: the learner id 'ann,Ann\\\\nbob,Bob' holds a line break"),
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


def _stored(out: Path, learner: str, notebook: str = COMMERCE) -> Path:
    return out / "results" / learner / f"{Path(notebook).stem}.json"


def test_a_regrade_from_a_partial_folder_keeps_learners_without_a_folder(write_notebook, class_folder, tmp_path,
                                                                          fake_grader):
    """Regrades never lose work: late/ holds only bob; ann's result and her scored answer stay."""
    import json

    out = tmp_path / "grades"
    roster = tmp_path / "roster.csv"
    roster.write_text("learner_id,name\nann,Ann Li\nbob,Bob Ma\n", encoding="utf-8")
    grade_class(class_folder, out, roster=roster, workers=1)
    task = next(spec for spec in tasks.for_notebook(COMMERCE) if spec.kind == "written")
    sheet = out / "written" / f"{task.id}.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8-sig").replace("Ann's view of flash sales.,,",
                                                                   "Ann's view of flash sales.,2,Good."),
                     encoding="utf-8-sig")
    ann_before = _stored(out, "ann").read_bytes()
    late = tmp_path / "late"
    write_notebook(late / "bob" / COMMERCE, COMMERCE, answer="Bob's late view.")
    summary = grade_class(late, out, workers=1)
    assert _stored(out, "ann").read_bytes() == ann_before
    assert json.loads(_stored(out, "bob").read_text(encoding="utf-8"))["answers"][task.id] == "Bob's late view."
    with sheet.open(encoding="utf-8-sig") as handle:
        ann = next(row for row in csv.DictReader(handle) if row["learner"] == "ann")
    assert (ann["answer"], ann["score"], ann["comment"]) == ("Ann's view of flash sales.", "2", "Good.")
    assert any("Kept the stored results of 1 learner who has no folder" in note and "ann" in note
               for note in summary["warnings"])
    # Asked for by name, a learner without a folder is recorded as no submission.
    grade_class(late, out, learners=["ann"], workers=1)
    assert json.loads(_stored(out, "ann").read_text(encoding="utf-8"))["status"] == "no_submission"


@pytest.mark.parametrize("change, words", [
    (lambda row: row.update(score=1000.0, max_score=1000), "max_score 1000, but the task is worth"),
    (lambda row: row.update(score=1000.0), "the score 1000.0, outside 0 to"),
])
def test_a_stored_result_that_claims_too_much_is_refused(class_folder, tmp_path, fake_grader, change, words):
    import json

    from course_utils.errors import CourseDataError

    out = tmp_path / "grades"
    grade_class(class_folder, out, workers=1)
    path = _stored(out, "bob")
    record = json.loads(path.read_text(encoding="utf-8"))
    change(record["rows"][0])
    path.write_text(json.dumps(record), encoding="utf-8")
    fake_grader.clear()
    with pytest.raises(CourseDataError, match=rf"bob/03-commerce-loop.json is not a result the grader wrote \(.*{words}"):
        grade_class(class_folder, out, learners=["ann"], workers=1)
    assert not fake_grader


def test_a_submission_that_writes_into_the_output_folder_is_undone_and_named(class_folder, tmp_path, monkeypatch,
                                                                            fake_grader):
    """What a learner's kernel could do as the same user: forge overrides, edit a stored result, add one."""
    import json

    from course_utils.instructor.gradebook import classrun

    out = tmp_path / "grades"
    fake = classrun.grade_notebook
    grade_class(class_folder, out, workers=1)
    overrides_before = (out / "overrides.csv").read_bytes()
    ann_before = _stored(out, "ann", CONTENT).read_bytes()

    def forger(path, learner, name, **options):
        if learner == "bob" and name == COMMERCE:
            with (out / "overrides.csv").open("a", encoding="utf-8") as handle:
                handle.write("bob,03.1,1,\n")
            record = json.loads(_stored(out, "ann", CONTENT).read_text(encoding="utf-8"))
            record["rows"][0]["score"] = 0.0
            _stored(out, "ann", CONTENT).write_text(json.dumps(record), encoding="utf-8")
            _stored(out, "zed").parent.mkdir()
            _stored(out, "zed").write_text("{}", encoding="utf-8")
        return fake(path, learner, name, **options)

    monkeypatch.setattr(classrun, "grade_notebook", forger)
    summary = grade_class(class_folder, out, assignments=["03"], workers=1)
    assert (out / "overrides.csv").read_bytes() == overrides_before
    assert _stored(out, "ann", CONTENT).read_bytes() == ann_before
    assert not _stored(out, "zed").exists()
    alert, aside = summary["alerts"]
    assert "overrides.csv" in alert and "results/ann/01-content-engine.json" in alert and "bob" in alert
    # What was put back of the instructor's own files is kept as it was found (an edit made during the
    # run is not lost); a stored result is not (the run writes those).
    [kept] = (out / "set-aside").iterdir()
    assert str(kept) in aside
    assert (kept / "overrides.csv").read_text(encoding="utf-8").endswith("bob,03.1,1,\n")
    assert not (kept / "results").exists()
    bob = _rows(out, "bob")
    assert bob["03.1"]["score"] == "0.0" and "files the grader relies on changed (overrides.csv" in bob["03.1"]["feedback"]


def test_each_flagged_notebook_is_graded_again_alone_and_only_the_one_that_changes_files_again_scores_0(
        class_folder, tmp_path, monkeypatch, fake_grader):
    """ann's run saw a change once (another notebook's, or an edit during the run); bob's writes every time."""
    from course_utils.instructor.gradebook import classrun

    out = tmp_path / "grades"
    fake = classrun.grade_notebook
    grade_class(class_folder, out, workers=1)
    once = tmp_path / "changed-once"

    def graded(path, learner, name, **options):
        if (learner == "ann" and not once.exists()) or (learner == "bob" and name == COMMERCE):
            if learner == "ann":
                once.touch()
            with (out / "overrides.csv").open("a", encoding="utf-8") as handle:
                handle.write(f"{learner},03.1,1,\n")
        return fake(path, learner, name, **options)

    monkeypatch.setattr(classrun, "grade_notebook", graded)
    fake_grader.clear()
    summary = grade_class(class_folder, out, assignments=["03"], workers=2)  # both flagged: they ran in one run
    ann, bob = _rows(out, "ann"), _rows(out, "bob")
    assert ann["03.2"]["score"] == "1.5" and "relies on changed" not in ann["03.1"]["feedback"]
    assert bob["03.1"]["score"] == "0.0" and "files the grader relies on changed" in bob["03.1"]["feedback"]
    warning, cleared, _aside = summary["alerts"]
    assert "scored 0, with a note: bob;" in warning
    assert "kept the score their work earns: ann." in cleared
    assert "ann,03.1" not in (out / "overrides.csv").read_text(encoding="utf-8")


def test_a_submission_that_adds_a_file_to_the_library_stops_the_run_and_nothing_is_kept(class_folder, tmp_path,
                                                                                        monkeypatch, fake_grader):
    """A package beside taskscore.py would replace it in the next run: the run is refused, the store rolled back."""
    from course_utils.errors import CourseDataError
    from course_utils.instructor.gradebook import classrun
    from course_utils.instructor.grading import integrity

    fake = classrun.grade_notebook
    # A copy of the library: a file added to the real one would trip a class run on the other test worker.
    package = tmp_path / "library" / "course_utils"
    shutil.copytree(integrity.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(integrity, "PACKAGE", package)
    shadow = package / "instructor" / "grading" / "taskscore" / "__init__.py"
    out = tmp_path / "grades"

    def hijacker(path, learner, name, **options):
        if learner == "bob":
            shadow.parent.mkdir(exist_ok=True)
            shadow.write_text("", encoding="utf-8")
        return fake(path, learner, name, **options)

    monkeypatch.setattr(classrun, "grade_notebook", hijacker)
    with pytest.raises(CourseDataError, match=r"taskscore/__init__.py\. A submission may have written them "
                                              r"\(notebooks running at the time: bob\)\. Nothing from this run"):
        grade_class(class_folder, out, workers=1)
    assert not list((out / "results").rglob("*.json")) if (out / "results").exists() else True


def test_a_notebook_that_kills_its_worker_costs_only_itself(write_notebook, tmp_path, monkeypatch, fake_grader):
    """Real worker processes: the killer is tried again alone, named, and the others are graded."""
    import signal

    from course_utils.instructor.gradebook import classrun

    fake = classrun.grade_notebook

    def killer(path, learner, name, **options):
        if learner == "cmallory":
            os.kill(os.getpid(), signal.SIGKILL)
        return fake(path, learner, name, **options)

    monkeypatch.setattr(classrun, "grade_notebook", killer)
    base = tmp_path / "submissions"
    for learner in ("ann", "bob", "cmallory", "dave"):
        write_notebook(base / learner / COMMERCE, COMMERCE, scores={"03.1": 0.5})
    out = tmp_path / "grades"
    summary = grade_class(base, out, workers=2)
    for learner in ("ann", "bob", "dave"):
        assert _rows(out, learner)["03.1"]["score"] == "0.5", learner
    lost = _rows(out, "cmallory")["03.1"]
    assert lost["score"] == "0.0"
    assert lost["feedback"] == "could not be graded: the grading process was killed while this notebook ran."
    assert any("killed while their notebook ran" in note and "cmallory" in note for note in summary["warnings"])


def test_folder_and_file_names_that_are_not_utf8_are_named_and_the_rest_graded(write_notebook, tmp_path,
                                                                                fake_grader):
    base = tmp_path / "submissions"
    write_notebook(base / "ann" / COMMERCE, COMMERCE)
    write_notebook(base / os.fsdecode(b"l\xe9a") / COMMERCE, COMMERCE)
    write_notebook(base / "bob" / os.fsdecode(b"ex3-fin\xe9.ipynb"), COMMERCE)
    out = tmp_path / "grades"
    summary = grade_class(base, out, workers=1)
    assert {call[0] for call in fake_grader} == {"ann", "bob"}
    assert any("not UTF-8 text: l\\xe9a" in note for note in summary["warnings"])
    assert "Graded bob/ex3-fin\\xe9.ipynb; the expected place" in (out / "feedback" / "bob.md").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("text, words", [
    ("import os\nHIDDEN = {\n", "hidden_checks.py, line 2: the hidden checks are not valid Python"),
    ("HIDDEN = {'03.1': [lambda f: 1 / 0]}\n", "HIDDEN\\[\"03.1\"\\] is not a list of Case objects"),
    ("HIDDEN = {'3.1': []}\n", "HIDDEN names the task \"3.1\", which is not the id of a code task"),
    ("HIDDEN = {'03.5': []}\n", "HIDDEN names the task \"03.5\""),  # a written task
    ("raise SystemError('oops')\n", "reading the hidden checks raised SystemError \\(oops\\)"),
])
def test_a_broken_hidden_checks_file_is_named_before_grading(class_folder, tmp_path, fake_grader, text, words):
    hidden = tmp_path / "hidden_checks.py"
    hidden.write_text(text, encoding="utf-8")
    with pytest.raises(CourseInputError, match=words):
        grade_class(class_folder, tmp_path / "grades", hidden=str(hidden), workers=1)
    assert not fake_grader


def test_rubrics_that_are_not_utf8_are_named_before_grading(class_folder, tmp_path, fake_grader):
    rubrics = tmp_path / "rubrics.md"
    rubrics.write_bytes("## 03.5 限时秒杀\n1. 用证据。\n".encode("gbk"))
    with pytest.raises(CourseInputError, match="--rubrics .*rubrics.md could not be read as UTF-8"):
        grade_class(class_folder, tmp_path / "grades", rubrics=rubrics, workers=1)
    assert not fake_grader


def test_a_damaged_deadlines_file_says_how_to_mend_it(class_folder, tmp_path, fake_grader):
    out = tmp_path / "grades"
    out.mkdir()
    (out / "deadlines.json").write_text('{"03-commerce-loop.ipynb": "soon"}', encoding="utf-8")
    with pytest.raises(CourseInputError, match="deadlines.json is damaged .* give --deadline again"):
        grade_class(class_folder, out, workers=1)
    assert not fake_grader


HOLDER = """
import multiprocessing, os, sys, time
from course_utils.instructor.gradebook import runlock
with runlock.holding(sys.argv[1]):
    if sys.argv[2] == "stray":  # a worker forked by the run outlives it, as after kill -9
        stray = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,), daemon=False)
        stray.start()
        print("held", stray.pid, flush=True)
        os._exit(0)
    print("held", flush=True)
    sys.stdin.read()
"""


def _hold(out: Path, how: str):
    """A process holding ``out``'s lock (``how``: "wait" for its stdin to close, or "stray": exit at once,
    leaving a forked worker behind); returns it and the stray's process id."""
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out), how], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    said = holder.stdout.readline().split()
    assert said[:1] == ["held"]
    return holder, [int(pid) for pid in said[1:]]


def test_a_second_run_on_the_same_out_is_refused_before_it_grades(class_folder, tmp_path, fake_grader):
    """Two runs at once would each take the other's writes for tampering, and zero innocent notebooks."""
    out = tmp_path / "grades"
    holder, _ = _hold(out, "wait")
    try:
        with pytest.raises(CourseInputError, match="Another course grade is writing to"):
            grade_class(class_folder, out, workers=1)
        assert not fake_grader
    finally:
        holder.communicate("")
    grade_class(class_folder, out, workers=1)  # the lock ends with the run that held it
    assert {call[0] for call in fake_grader} == {"ann", "bob"}


def test_a_worker_left_behind_by_a_killed_run_does_not_hold_the_lock(class_folder, tmp_path, fake_grader):
    import signal

    out = tmp_path / "grades"
    holder, stray = _hold(out, "stray")
    holder.wait()
    assert stray and Path(f"/proc/{stray[0]}").exists()  # the stray lives on, the lock file still open in it
    try:
        grade_class(class_folder, out, workers=1)
        assert {call[0] for call in fake_grader} == {"ann", "bob"}
    finally:
        for pid in stray:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.parametrize("out", ["/proc/no-such-folder", "/dev/null/grades"])
def test_an_out_folder_that_cannot_be_made_is_named_before_grading(class_folder, fake_grader, out):
    with pytest.raises(CourseInputError, match=f"--out {out} cannot be used for the grading output"):
        grade_class(class_folder, Path(out), workers=1)
    assert not fake_grader


def test_a_missing_rubrics_file_is_named_and_a_missing_default_is_said(class_folder, tmp_path, capsys, monkeypatch,
                                                                      fake_grader):
    from course_utils.cli import main

    code = main(["grade", str(class_folder), "--out", str(tmp_path / "grades"), "--rubrics", str(tmp_path / "r.md")])
    assert code == 2
    assert "--rubrics" in capsys.readouterr().err and not fake_grader
    monkeypatch.chdir(tmp_path)  # no solutions/rubrics.md here
    assert main(["grade", str(class_folder), "--out", str(tmp_path / "grades")]) == 0
    assert "No rubrics (solutions/rubrics.md is not here)" in capsys.readouterr().out


def test_a_chinese_learners_notes_scores_and_comments_are_in_chinese(write_notebook, tmp_path, fake_grader):
    from course_utils.i18n import Translator, using_language

    base, out = tmp_path / "submissions", tmp_path / "grades"
    write_notebook(base / "li" / COMMERCE, COMMERCE, answer="我认为秒杀值得一试。", language="zh")
    write_notebook(base / "ann" / COMMERCE, COMMERCE, answer="Ann's view.")
    write_notebook(base / "ann" / CONTENT, CONTENT)  # li has not handed this one in
    grade_class(base, out, workers=1)
    task = next(spec for spec in tasks.for_notebook(COMMERCE) if spec.kind == "written")
    sheet = out / "written" / f"{task.id}.csv"
    text = sheet.read_text(encoding="utf-8-sig")
    sheet.write_text(text.replace("我认为秒杀值得一试。,,", "我认为秒杀值得一试。,2,论证完整").replace("Ann's view.,,",
                                                                                   "Ann's view.,2,Well argued"),
                     encoding="utf-8-sig")
    grade_class(base, out, workers=1)
    li = (out / "feedback" / "li.md").read_text(encoding="utf-8")
    ann = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    tr = Translator("instructor")
    with using_language("zh"):
        chinese = [tr.gettext("Rubric score: {score} of {points}.", score="2", points=task.points),
                   tr.gettext("Comment: {comment}", comment="论证完整"),
                   tr.gettext("no submission: {expected} was not found.", expected=f"li/{CONTENT}")]
    for line in chinese:
        assert line in li, line
    assert "Rubric score" not in li and "Comment:" not in li and "no submission" not in li
    assert f"Rubric score: 2 of {task.points}. Comment: Well argued" in ann


def test_the_kept_learners_named_include_those_known_only_from_earlier_runs(write_notebook, class_folder, tmp_path,
                                                                             fake_grader):
    out, other = tmp_path / "grades", tmp_path / "other"
    write_notebook(other / "zoe" / COMMERCE, COMMERCE)
    grade_class(other, out, workers=1)
    summary = grade_class(class_folder, out, workers=1)  # zoe: no folder here, not on a roster
    assert any("Kept the stored results of 1 learner who has no folder" in note and "zoe" in note
               for note in summary["warnings"])
    assert _rows(out, "zoe")


def test_a_cell_pasted_twice_with_its_id_is_read_without_a_warning(tmp_path):
    import json
    import warnings

    import nbformat

    from course_utils.instructor.grading.notebook import _read

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("x = 2")])
    notebook.cells[1].id = notebook.cells[0].id
    path = tmp_path / "twice.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would reach the instructor's console, naming no learner
        read, _data, reason = _read(path)
    assert reason is None and [cell.source for cell in read.cells] == ["x = 1", "x = 2"]


def test_a_second_change_put_right_never_replaces_the_first_copy_set_aside(tmp_path):
    from course_utils.instructor.gradebook.outputguard import Snapshot

    out, aside = tmp_path / "grades", tmp_path / "grades" / "set-aside" / "run"
    out.mkdir()
    (out / "overrides.csv").write_text("learner,task,score,comment\n", encoding="utf-8")
    snapshot = Snapshot(out)
    for line in ("ann,03.1,2,the instructor's regrade\n", "bob,03.1,9,\n"):
        with (out / "overrides.csv").open("a", encoding="utf-8") as handle:
            handle.write(line)
        assert snapshot.restore(aside=aside) == ["overrides.csv"]
    kept = sorted(path.read_text(encoding="utf-8") for path in aside.iterdir())
    assert len(kept) == 2 and any("the instructor's regrade" in text for text in kept)
    assert (out / "overrides.csv").read_text(encoding="utf-8") == "learner,task,score,comment\n"
