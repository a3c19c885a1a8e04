"""The student bundle: everything a learner needs, nothing an instructor keeps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from course_utils.errors import CourseInputError
from course_utils.exercises import leaks
from course_utils.exercises.release import build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "bundle"
    return out, build(ROOT, out)


def test_bundle_holds_the_learner_material_and_no_instructor_files(bundle):
    out, report = bundle
    assert sorted(p.name for p in (out / "exercises").glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    assert (out / "src" / "course_utils" / "exercises" / "checks.py").is_file()
    assert (out / "README.md").is_file() and (out / "pyproject.toml").is_file()
    assert not list(out.rglob("hidden_checks.py")) and not list(out.rglob("rubrics.md"))
    assert not (out / "solutions").exists() and not list(out.rglob("__pycache__"))


def test_leak_scan_checks_every_kind_and_finds_nothing(bundle):
    out, report = bundle
    strings = leaks.instructor_strings(ROOT)
    assert len(strings["solution"]) > 40 and len(strings["hidden check"]) > 20 and len(strings["rubric"]) > 10
    assert report["strings"] == sum(map(len, strings.values()))
    assert report["findings"] == []


def test_quiz_banks_ship_sealed(bundle):
    out, _ = bundle
    for path in (out / "src" / "course_utils" / "quizbanks").glob("lesson-*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["sealed"]
        for question in data["questions"]:
            assert not {"explanation", "accept", "answer", "common_wrong"} & set(question)


def test_scan_would_catch_a_planted_solution_line_and_hidden_check(bundle, tmp_path):
    out, _ = bundle
    copy = tmp_path / "copy"
    shutil.copytree(out / "exercises", copy / "exercises")
    strings = leaks.instructor_strings(ROOT)
    planted = copy / "exercises" / "notes.md"
    planted.write_text("\n".join(["a", strings["solution"][3], "b", strings["hidden check"][0]]), encoding="utf-8")
    kinds = {kind for _, kind, _ in leaks.scan(copy, strings)}
    assert kinds == {"solution", "hidden check"}


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CourseInputError, match="not empty"):
        build(ROOT, tmp_path)


def test_sealed_banks_still_give_feedback_on_common_wrong_numbers(bundle):
    from course_utils.quiz import grade, load_bank

    out, _ = bundle
    sealed = load_bank("00", path=out / "src" / "course_utils" / "quizbanks" / "lesson-00.yaml")
    plain = load_bank("00").question("l00-growth-multiple")
    assert plain.common_wrong and sealed.sealed
    for slip in plain.common_wrong:
        assert grade(sealed.question(plain.id), str(slip.value)).feedback == slip.feedback
        assert slip.feedback in leaks.instructor_strings(ROOT)["quiz key"]
