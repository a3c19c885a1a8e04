"""Saved progress: where it lives, atomic writes, recovery from a corrupt file, `course progress`."""

from __future__ import annotations

import json

import pytest

from course_utils.cli import main
from course_utils.quiz.progress import ProgressStore, learner_name, progress_dir


def test_progress_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "explicit"))
    assert progress_dir() == tmp_path / "explicit"
    monkeypatch.delenv("COURSE_PROGRESS_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert progress_dir() == tmp_path / "xdg" / "wechat-channels-course"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert progress_dir() == tmp_path / "home" / ".local" / "share" / "wechat-channels-course"
    assert progress_dir(tmp_path / "flag") == tmp_path / "flag"


def test_learner_name(monkeypatch):
    assert learner_name() == "ada"
    assert learner_name("grace") == "grace"
    monkeypatch.delenv("COURSE_LEARNER")
    assert learner_name()  # the login name


def test_records_are_kept_per_learner_and_counted(progress_dir):
    ada, bo = ProgressStore(), ProgressStore(learner="bo")
    assert ada.record("90", "t90-gmv", False) == ""
    ada.record("90", "t90-gmv", True)
    bo.record("90", "t90-gmv", False)
    saved = json.loads((progress_dir / "progress.json").read_text("utf-8"))
    assert saved["learners"]["ada"]["90"]["t90-gmv"]["correct"] is True
    assert saved["learners"]["ada"]["90"]["t90-gmv"]["attempts"] == 2
    assert saved["learners"]["bo"]["90"]["t90-gmv"]["correct"] is False
    assert [p.name for p in progress_dir.iterdir()] == ["progress.json"]  # no temporary files left


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"learners": {"ada": []}}', "\udcff"])
def test_corrupt_file_is_set_aside_and_learner_carries_on(progress_dir, content):
    progress_dir.mkdir(parents=True)
    (progress_dir / "progress.json").write_text(content, "utf-8", errors="surrogateescape")
    store = ProgressStore()
    assert store.lesson("90") == {}
    assert "could not be read, so they were set aside as progress.json.corrupt-" in store.notice
    aside = [p for p in progress_dir.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content.encode("utf-8", "surrogateescape")
    assert store.record("90", "t90-gmv", True) == ""
    assert ProgressStore().lesson("90")["t90-gmv"]["correct"] is True


def test_corrupt_file_notice_is_shown_in_the_quiz(progress_dir, bank_path):
    from course_utils.quiz import show_quiz

    progress_dir.mkdir(parents=True)
    (progress_dir / "progress.json").write_text("{oops", "utf-8")
    quiz = show_quiz("90", path=bank_path)
    assert "set aside as progress.json.corrupt-" in quiz.notice.value
    assert quiz.score_text == "Score: 0 / 6 answered correctly"


def test_unwritable_folder_gives_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    message = ProgressStore(blocker / "progress").record("90", "t90-gmv", True)
    assert message.startswith("Your answer was checked but could not be saved")


def test_course_progress_prints_a_table(progress_dir, capsys):
    store = ProgressStore()
    store.record("90", "t90-gmv", True)
    store.record("90", "t90-dau-owner", False)
    store.record("01", "l01-any", True)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Quiz results for ada ({progress_dir / 'progress.json'})"
    assert out[1].split() == ["lesson", "answered", "correct", "last", "attempt"]
    assert out[3].split()[:3] == ["01", "1", "1"] and out[4].split()[:3] == ["90", "2", "1"]
    assert out[5].split() == ["total", "3", "2"]


def test_course_progress_with_learner_and_dir_flags(tmp_path, capsys):
    ProgressStore(tmp_path / "elsewhere", "grace").record("02", "l02-x", True)
    assert main(["progress", "--learner", "grace", "--dir", str(tmp_path / "elsewhere")]) == 0
    assert "Quiz results for grace" in capsys.readouterr().out
    assert main(["progress", "--learner", "nobody", "--dir", str(tmp_path / "elsewhere")]) == 0
    assert capsys.readouterr().out.startswith("No quiz results yet for nobody")


def test_course_progress_reports_a_corrupt_file(progress_dir, capsys):
    progress_dir.mkdir(parents=True)
    (progress_dir / "progress.json").write_text("{oops", "utf-8")
    assert main(["progress"]) == 0
    captured = capsys.readouterr()
    assert "set aside" in captured.err and captured.out.startswith("No quiz results yet for ada")
