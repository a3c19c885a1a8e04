"""The student bundle: everything a learner needs, nothing an instructor keeps."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from course_utils.errors import CourseInputError
from course_utils.instructor import leaks
from course_utils.instructor.learner_lock import LEARNER_LOCK, canonical, read_pins
from course_utils.instructor.references import REFERENCES
from course_utils.instructor.release import INSTRUCTOR_ONLY, build

ROOT = Path(__file__).resolve().parents[2]
# What the instructor's tools need and a learner's install must not pull in.
NOT_FOR_LEARNERS = {"pytest", "pytest-notebook", "pytest-xdist", "hypothesis", "playwright", "pypdf", "weasyprint",
                    "pydyf", "pikepdf", "nbdime"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "bundle"
    return out, build(ROOT, out)


def _in_bundle(out: Path, script: str) -> subprocess.CompletedProcess:
    """Run ``script`` with the bundle's own library first on the path, as a learner's install would import it."""
    env = {**os.environ, "PYTHONPATH": str(out / "src"), "COURSE_PROGRESS_DIR": str(out / ".progress")}
    return subprocess.run([sys.executable, "-c", script], cwd=out, env=env, capture_output=True, text=True,
                          timeout=300)


def test_bundle_holds_the_learner_material_and_no_instructor_files(bundle):
    out, report = bundle
    assert sorted(p.name for p in (out / "exercises").glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    assert (out / "src" / "course_utils" / "exercises" / "checks.py").is_file()
    assert (out / "README.md").is_file() and (out / "pyproject.toml").is_file() and (out / LEARNER_LOCK).is_file()
    assert not (out / "requirements.lock").exists()
    assert not list(out.rglob("hidden_checks.py")) and not list(out.rglob("rubrics.md"))
    assert not (out / "solutions").exists() and not list(out.rglob("__pycache__"))


def test_the_library_is_the_learners_edition_without_instructor_tools(bundle):
    out, report = bundle
    library = out / "src" / "course_utils"
    assert json.loads((library / "edition.json").read_text(encoding="utf-8")) == {"edition": "learner"}
    assert report["kept"] == []
    for entry in INSTRUCTOR_ONLY:
        assert (ROOT / "src" / "course_utils" / entry).exists() and not (library / entry).exists(), entry
    assert sorted(p.stem for p in (library / "commands").glob("*.py")) == ["__init__", "data", "fonts", "progress"]
    # No code that computes a task's answer: the checks read what they expect from a table.
    names = [function.__name__ for function in REFERENCES.values()]
    assert [(path.name, name) for path in library.rglob("*.py") for name in names
            if f"def {name}(" in path.read_text(encoding="utf-8")] == []
    assert (library / "exercises" / "expected.json").is_file()


def test_leak_scan_checks_every_kind_and_finds_nothing(bundle):
    out, report = bundle
    strings = leaks.instructor_strings(ROOT)
    assert len(strings["solution"]) > 40 and len(strings["hidden check"]) > 20 and len(strings["rubric"]) > 10
    assert len(strings["quiz key"]) > 40
    assert report["strings"] == sum(map(len, strings.values()))
    assert report["findings"] == []


def test_quiz_banks_ship_sealed(bundle):
    out, _ = bundle
    banks = sorted((out / "src" / "course_utils" / "quizbanks").glob("*.yaml"))
    assert len(banks) == len(list((ROOT / "src" / "course_utils" / "quizbanks").glob("*.yaml")))
    for path in banks:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["sealed"] == 2 and data["kdf"]["n"] >= 4096
        for question in data["questions"]:
            assert not {"explanation", "accept", "answer", "common_wrong", "tolerance", "key"} & set(question)
            assert all(set(choice) == {"id", "text"} for choice in question.get("choices", []))


def test_the_install_files_hold_only_what_a_learner_needs(bundle):
    out, _ = bundle
    pins = read_pins(out / LEARNER_LOCK)
    full = read_pins(ROOT / "requirements.lock")
    assert {"jupyterlab", "ipywidgets", "pandas", "matplotlib", "pyyaml", "jsonschema"} <= set(pins)
    assert not NOT_FOR_LEARNERS & set(pins) and NOT_FOR_LEARNERS <= set(full)
    assert all(full[name] == version for name, version in pins.items())  # the versions the course was tested with
    with (out / "pyproject.toml").open("rb") as handle:
        learner = tomllib.load(handle)
    with (ROOT / "pyproject.toml").open("rb") as handle:
        repository = tomllib.load(handle)
    assert "optional-dependencies" not in learner["project"] and "tool" in learner and "pytest" not in learner["tool"]
    assert learner["project"]["dependencies"] == repository["project"]["dependencies"]
    assert not {canonical(d.split(">")[0].split("=")[0]) for d in learner["project"]["dependencies"]} & NOT_FOR_LEARNERS
    assert learner["project"]["scripts"] == repository["project"]["scripts"]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert f"pip install -r {LEARNER_LOCK} -e ." in readme and "requirements.lock" not in readme.replace(LEARNER_LOCK, "")


def test_the_readme_is_plain_about_fonts_and_quizzes(bundle):
    readme = (bundle[0] / "README.md").read_text(encoding="utf-8")
    for words in ("sudo apt-get install fonts-noto-cjk", "PingFang SC", "Microsoft YaHei", "course fonts",
                  "cannot make the answers secret", "three answers to try", "practice",
                  "course progress --export progress.json"):
        assert words in readme, words


def test_inside_the_bundle_instructor_tools_are_absent_and_learner_code_imports(bundle):
    out, _ = bundle
    script = """
import importlib, io, pkgutil, sys, contextlib
blocked = ("weasyprint", "pytest", "playwright", "hypothesis", "pypdf", "pikepdf", "nbdime")
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ImportError("not in a learner's install: " + name)
sys.meta_path.insert(0, Block())
import course_utils
print("FILE", course_utils.__file__)
for info in pkgutil.walk_packages(course_utils.__path__, "course_utils."):
    importlib.import_module(info.name)
from course_utils.cli import main
for argv in (["--help"], ["release", "x"], ["book"], ["grade", "subs"], ["quiz-grade", "subs"], ["exercises"]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code
    print("RUN", argv[0], code, (out.getvalue() + err.getvalue()).replace("\\n", " "))
from course_utils.quiz import show_quiz
from course_utils.errors import CourseInputError
try:
    show_quiz("03", instructor=True)
except CourseInputError as error:
    print("INSTRUCTOR", error.argument, error)
print("STUDENT", "Answer key" in show_quiz("03").static_text())
"""
    result = _in_bundle(out, script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"FILE {out / 'src' / 'course_utils' / '__init__.py'}"
    runs = {line.split()[1]: line for line in lines if line.startswith("RUN ")}
    assert runs["--help"].startswith("RUN --help 0") and "progress" in runs["--help"] and "fonts" in runs["--help"]
    for name in ("release", "book", "grade", "quiz-grade", "exercises"):
        assert f" {name} " not in runs["--help"].split("options:")[0].replace("COMMAND ...", "")
        assert runs[name].startswith(f"RUN {name} 2 course {name}: `course {name}` is an instructor's command")
        assert "learner's edition" in runs[name]
    assert any(line.startswith("INSTRUCTOR instructor This is the learner's edition") for line in lines)
    assert "STUDENT False" in lines


def test_release_refuses_a_bundle_or_a_root_without_solutions(bundle, tmp_path):
    out, _ = bundle
    with pytest.raises(CourseInputError, match="is a learner's bundle, not the course repository"):
        build(out, tmp_path / "again")
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("src", "lessons", "exercises", "pyproject.toml", "requirements.lock", LEARNER_LOCK):
        (bare / name).symlink_to(ROOT / name)
    with pytest.raises(CourseInputError, match="No solution found .* the leak scan would check nothing"):
        build(bare, tmp_path / "empty-scan")
    assert not (tmp_path / "again").exists() and not (tmp_path / "empty-scan").exists()


def test_scan_would_catch_a_planted_solution_line_and_hidden_check(bundle, tmp_path):
    out, _ = bundle
    copy = tmp_path / "copy"
    shutil.copytree(out / "exercises", copy / "exercises")
    strings = leaks.instructor_strings(ROOT)
    planted = copy / "exercises" / "notes.md"
    planted.write_text("\n".join(["a", strings["solution"][3], "b", strings["hidden check"][0],
                                  "c", strings["quiz key"][0]]), encoding="utf-8")
    kinds = {kind for _, kind, _ in leaks.scan(copy, strings)}
    assert kinds == {"solution", "hidden check", "quiz key"}


def test_scan_reads_catalogues_notebook_metadata_and_the_hidden_checks_data(bundle, tmp_path):
    """A rubric line in a catalogue (where a .po file wraps it, and compiled in a .mo), a quiz explanation in
    a notebook's metadata or an SVG output, a line of the hidden checks' data: each is found."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    out, _ = bundle
    strings = leaks.instructor_strings(ROOT)
    rubric, explanation = max(strings["rubric"], key=len), max(strings["quiz key"], key=len)
    data = next(line for line in strings["hidden check"] if line.startswith('"03.1": '))  # the HIDDEN map
    for suffix, write in ((".po", write_po), (".mo", write_mo)):
        copy = tmp_path / suffix.strip(".")
        shutil.copytree(out / "exercises", copy / "exercises")
        catalogue = Catalog(locale="zh")
        catalogue.add("A message", rubric)
        with (copy / f"planted{suffix}").open("wb") as stream:
            write(stream, catalogue, **({"width": 40} if suffix == ".po" else {}))
        assert {kind for _, kind, _ in leaks.scan(copy, {"rubric": [rubric]})} == {"rubric"}, suffix
    notebook = json.loads((out / "exercises" / "01-content-engine.ipynb").read_text(encoding="utf-8"))
    notebook["metadata"]["note"] = explanation
    notebook["cells"][0]["metadata"]["widgets"] = {"state": data}
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1,
                              "outputs": [{"output_type": "display_data", "metadata": {},
                                           "data": {"image/svg+xml": f"<svg><text>{rubric}</text></svg>"}}]})
    copy = tmp_path / "notebook"
    copy.mkdir()
    (copy / "01-content-engine.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    found = {(kind, item) for _, kind, item in leaks.scan(copy, strings)}
    assert {("quiz key", explanation), ("hidden check", data), ("rubric", rubric)} <= found


def test_release_outside_the_repository_says_so(tmp_path, monkeypatch, capsys):
    from course_utils.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["release", str(tmp_path / "bundle")]) == 2
    err = capsys.readouterr().err
    assert "is not the course repository" in err and "--root" in err and "course translate" not in err


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CourseInputError, match="not empty"):
        build(ROOT, tmp_path)


def test_sealed_banks_still_give_feedback_on_common_wrong_numbers(bundle):
    from course_utils.quiz import grade, load_bank

    out, _ = bundle
    sealed = load_bank("00", path=out / "src" / "course_utils" / "quizbanks" / "tour.yaml")
    plain = load_bank("00").question("l00-growth-multiple")
    assert plain.common_wrong and sealed.sealed
    for slip in plain.common_wrong:
        assert grade(sealed.question(plain.id), str(slip.value)).feedback == slip.feedback
        assert slip.feedback in leaks.instructor_strings(ROOT)["quiz key"]
    right = grade(sealed.question(plain.id), str(plain.answer))
    assert right.correct and right.feedback == plain.explanation


def test_prune_keeps_an_instructor_module_that_learner_code_imports(tmp_path):
    from course_utils.instructor.prune import prune

    library = tmp_path / "course_utils"
    (library / "exercises").mkdir(parents=True)
    (library / "book").mkdir()
    files = {"__init__.py": "", "exercises/__init__.py": "", "book/__init__.py": "", "book/pdf.py": "",
             "exercises/checks.py": "def check():\n    from course_utils.exercises.grading import score\n",
             "exercises/grading.py": "from . import autograde\n", "exercises/autograde.py": "",
             "exercises/gradebook.py": "", "exercises/generate.py": ""}
    for name, text in files.items():
        (library / name).write_text(text, encoding="utf-8")
    notebooks = tmp_path / "exercises"
    notebooks.mkdir()
    cell = {"cell_type": "code", "source": ["%matplotlib inline\n", "from course_utils.exercises import gradebook\n"]}
    (notebooks / "01-x.ipynb").write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    kept = prune(library, ("book", "exercises/grading.py", "exercises/autograde.py", "exercises/gradebook.py",
                           "exercises/generate.py", "exercises/missing.py"), [notebooks])
    assert sorted(kept) == ["exercises/autograde.py (imported by course_utils.exercises.grading)",
                            "exercises/gradebook.py (imported by a notebook)",
                            "exercises/grading.py (imported by course_utils.exercises.checks)"]
    assert not (library / "book").exists() and not (library / "exercises" / "generate.py").exists()
    assert (library / "exercises" / "autograde.py").is_file()


def test_course_release_pointed_at_a_bundle_refuses_by_name(bundle, tmp_path, capsys):
    from course_utils.cli import main

    out, _ = bundle
    assert main(["release", str(tmp_path / "again"), "--root", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("course release: ") and "is a learner's bundle, not the course repository" in err
    assert not (tmp_path / "again").exists()
