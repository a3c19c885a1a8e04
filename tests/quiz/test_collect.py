"""Graded quizzes: learners' answers kept in progress.json, handed in, graded against the plain bank."""

from __future__ import annotations

import csv
import json

import pytest

from course_utils.cli import main
from course_utils.errors import CourseInputError
from course_utils.quiz import load_bank, seal_bank, show_quiz
from course_utils.instructor.quiz_answers import COLUMNS, grade_folder, write_csv
from course_utils.quiz.lock import KdfParams
from course_utils.quiz.progress import ProgressStore, export


def _hand_in(store: ProgressStore, submissions, name: str):
    """The learner's export into their own folder of the submissions (a folder: progress.json goes inside)."""
    (submissions / name).mkdir(parents=True, exist_ok=True)
    path = export(store, submissions / name)
    assert path == submissions / name / "progress.json"
    return path


def test_the_widget_keeps_the_first_and_latest_answer(bank_path, progress_dir):
    quiz = show_quiz("90", path=bank_path)
    view = quiz.view("t90-gmv")
    for typed in ("450", "4,500"):
        view.input.value = typed
        view.check()
    live = quiz.view("t90-live-tools")
    for box, choice in zip(live.boxes, live.choices):
        box.value = choice.id in ("c", "a")
    live.check()
    saved = ProgressStore().lesson("90")
    assert saved["t90-gmv"]["first_answer"] == "450" and saved["t90-gmv"]["answer"] == "4,500"
    assert saved["t90-gmv"]["correct"] is True and saved["t90-gmv"]["attempts"] == 2
    assert saved["t90-live-tools"]["answer"] == ["a", "c"]  # choice ids, whatever order they were shown in


def test_answers_given_in_the_sealed_bundle_grade_the_same_against_the_plain_bank(bank, bank_dict, write_bank,
                                                                                   tmp_path):
    sealed_path = write_bank(seal_bank(bank_dict, kdf=KdfParams(n=16)))
    quiz = show_quiz("90", path=sealed_path)
    answers = {"t90-beta-entry": "b", "t90-gmv": "4500.5", "t90-repurchase": "0.3", "t90-dau-owner": "小程序"}
    for qid, answer in answers.items():
        view = quiz.view(qid)
        view.input.value = answer
        view.check()
    _hand_in(quiz.store, tmp_path / "subs", "ada")
    rows = grade_folder(tmp_path / "subs", banks=[bank], attempt="last")
    scores = {row["question"]: row["score"] for row in rows}
    recorded = ProgressStore().lesson("90")
    for qid in answers:
        assert scores[qid] == int(recorded[qid]["correct"]), qid
    assert scores == {"t90-beta-entry": 0, "t90-live-tools": 0, "t90-gmv": 1, "t90-repurchase": 0,
                      "t90-dau-owner": 1, "t90-iterations-claim": 0}
    notes = {row["question"]: row["note"] for row in rows}
    assert notes["t90-live-tools"] == "not answered" and notes["t90-gmv"] == "correct"


def test_first_or_latest_attempt_and_learners_without_a_file(bank, tmp_path):
    subs = tmp_path / "subs"
    ada = ProgressStore(tmp_path / "ada-home", "ada")
    ada.record("90", "t90-gmv", False, "450")
    ada.record("90", "t90-gmv", True, "4500")
    ProgressStore(tmp_path / "ada-home", "zed").record("90", "t90-gmv", True, "4500")  # a shared computer
    handed_in = json.loads(_hand_in(ada, subs, "ada").read_text(encoding="utf-8"))
    assert list(handed_in["learners"]) == ["ada"]  # only the learner's own results
    (subs / "bo").mkdir()
    first = {(r["learner"], r["question"]): r for r in grade_folder(subs, banks=[bank])}
    last = {(r["learner"], r["question"]): r for r in grade_folder(subs, banks=[bank], attempt="last")}
    assert first[("ada", "t90-gmv")]["score"] == 0 and first[("ada", "t90-gmv")]["answer"] == "450"
    assert last[("ada", "t90-gmv")]["score"] == 1
    assert len(first) == 2 * len(bank.questions)
    assert all(row["score"] == 0 and row["note"] == "no progress.json handed in"
               for (learner, _), row in first.items() if learner == "bo")


def test_a_correct_flag_the_answer_does_not_earn_is_noted(bank, tmp_path):
    folder = tmp_path / "subs" / "cy"
    folder.mkdir(parents=True)
    record = {"correct": True, "attempts": 1, "last": "2026-01-01T00:00:00+00:00", "answer": "42", "first_answer": "42"}
    (folder / "progress.json").write_text(json.dumps({"version": 1, "learners": {"cy": {"90": {"t90-gmv": record}}}}),
                                          encoding="utf-8")
    row = next(r for r in grade_folder(tmp_path / "subs", banks=[bank], attempt="last") if r["question"] == "t90-gmv")
    assert row["score"] == 0 and row["note"] == "the file says True, but the answer grades False"


def test_unreadable_or_ambiguous_files_are_rows_with_a_reason(bank, tmp_path):
    subs = tmp_path / "subs"
    (subs / "dee").mkdir(parents=True)
    (subs / "dee" / "progress.json").write_text("{not json", encoding="utf-8")
    (subs / "eve").mkdir()
    both = {"version": 1, "learners": {"x": {}, "y": {}}}
    (subs / "eve" / "progress.json").write_text(json.dumps(both), encoding="utf-8")
    notes = {r["learner"]: r["note"] for r in grade_folder(subs, banks=[bank])}
    assert notes["dee"].startswith("progress.json cannot be read: the file is not valid JSON (Expecting property name")
    assert notes["eve"] == "progress.json holds several learners (x, y) and none is named eve"


def test_bad_input_is_named(bank, bank_dict, tmp_path):
    with pytest.raises(CourseInputError, match="is not a folder of submissions"):
        grade_folder(tmp_path / "missing", banks=[bank])
    (tmp_path / "empty").mkdir()
    with pytest.raises(CourseInputError, match="holds no learner folders"):
        grade_folder(tmp_path / "empty", banks=[bank])
    (tmp_path / "empty" / "ada").mkdir()
    with pytest.raises(CourseInputError, match="attempt should be first or last"):
        grade_folder(tmp_path / "empty", banks=[bank], attempt="best")
    sealed = load_bank("90", path=_write(tmp_path, seal_bank(bank_dict, kdf=KdfParams(n=16))))
    with pytest.raises(CourseInputError, match="sealed .* graded against the plain banks"):
        grade_folder(tmp_path / "empty", banks=[sealed])


def _write(tmp_path, data):
    import yaml

    path = tmp_path / "lesson-90.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_commands_export_and_grade_a_course_lesson(tmp_path, capsys):
    plain = load_bank("00")
    store = ProgressStore()
    question = plain.questions[0]
    right = list(question.correct_ids) if question.choices else str(question.answer)
    store.record("00", question.id, True, right)
    assert main(["progress", "--export", str(tmp_path / "subs" / "ada" / "progress.json")]) == 0
    assert "hand it in" in capsys.readouterr().out
    out = tmp_path / "quiz-grades.csv"
    assert main(["quiz-grade", str(tmp_path / "subs"), "--out", str(out), "--lessons", "00"]) == 0
    assert f"Wrote {len(plain.questions)} rows for 1 learner to" in capsys.readouterr().out
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"  # a spreadsheet reads it as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == COLUMNS and [r["question"] for r in rows] == plain.ids
    assert rows[0]["score"] == "1" and all(r["score"] == "0" for r in rows[1:])
    assert main(["quiz-grade", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder of submissions" in capsys.readouterr().err


def test_write_csv_makes_the_folder(tmp_path):
    path = write_csv([], tmp_path / "deep" / "grades.csv")
    assert path.read_text(encoding="utf-8-sig").strip() == ",".join(COLUMNS)
