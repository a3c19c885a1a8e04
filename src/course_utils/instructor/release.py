"""``course release OUT``: the student bundle an instructor hands out.

Lessons, exercises, the helper library (with its data) and sealed quiz banks,
a README for learners and a learner's install files (``pyproject.toml`` without
the instructor's extras, ``requirements-learner.lock``). The library is the
learner's edition: ``edition.json`` marks it, and the instructor's tools (the
book build, release, grading, exercise generation and their commands) are left
out. No solutions, no hidden checks, no rubrics, no quiz key in plain text: a
leak scan of the finished bundle proves it.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from course_utils.edition import MARKER, marker_text
from course_utils.errors import CourseInputError
from course_utils.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, using_language
from course_utils.instructor import leaks
from course_utils.instructor.learner_lock import LEARNER_LOCK, learner_pins, read_pins
from course_utils.instructor.prune import prune
from course_utils.instructor.repository import require_course
from course_utils.render import render

tr = Translator("instructor")

_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
# The instructor's tools, relative to the library: left out of the learner's edition.
INSTRUCTOR_ONLY = (
    "book", "app", "instructor",
    "commands/book.py", "commands/app.py", "commands/release.py", "commands/grade.py", "commands/exercises.py",
    "commands/quiz_grade.py", "commands/catalogues.py", "commands/translate.py",
)


def _copy_notebooks(source: Path, target: Path) -> list[str]:
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for path in sorted(source.glob("*.ipynb")):
        shutil.copy2(path, target / path.name)
        names.append(path.name)
    return names


def _plain_banks(banks: Path) -> dict[Path, dict]:
    from course_utils.yamlfile import load_yaml

    return {path: load_yaml(path.read_text(encoding="utf-8")) for path in sorted(banks.glob("*.yaml"))}


def _seal_banks(banks: Path) -> None:
    """Replace each plain bank in the copied library, translations included, by its sealed form."""
    import yaml

    from course_utils.quiz.seal import seal_bank

    folders = [banks] + sorted(path for path in banks.iterdir() if path.is_dir() and path.name in LANGUAGES)
    for path, data in {p: d for folder in folders for p, d in _plain_banks(folder).items()}.items():
        path.write_text(yaml.safe_dump(seal_bank(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


def _check_root(root: Path) -> dict[str, list[str]]:
    """Refuse anything but the instructor's repository; return the strings the leak scan looks for."""
    library = root / "src" / "course_utils"
    for what in (library, root / "exercises", root / "lessons"):
        if not what.is_dir():
            raise CourseInputError(tr.gettext("Cannot find {what} in {root}: run `course release` from the course "
                                              "repository.", what=what.name, root=str(root)), "root")
    if (library / MARKER).is_file():
        raise CourseInputError(tr.gettext("{root} is a learner's bundle, not the course repository: a student "
                                          "bundle is made from the instructor's repository, which holds the "
                                          "solutions, hidden checks, rubrics and quiz keys the leak scan looks for.",
                                          root=str(root)), "root")
    if any(isinstance(d, dict) and d.get("sealed") for d in _plain_banks(library / "quizbanks").values()):
        raise CourseInputError(tr.gettext("The quiz banks in {root} are already sealed: a student bundle is made "
                                          "from the instructor's plain banks.", root=str(root)), "root")
    strings = leaks.instructor_strings(root)
    for kind, items in strings.items():
        if not items:
            raise CourseInputError(tr.gettext("No {kind} found in {root}: the leak scan would check nothing. Run "
                                              "`course release` in the course repository (with solutions/, its "
                                              "hidden checks and rubrics, and plain quiz banks).",
                                              kind=leaks.kind_label(kind), root=str(root)), "root")
    return strings


def _learner_lock(root: Path) -> str:
    """The committed learner lock, checked against the closure of the runtime dependencies."""
    path = root / LEARNER_LOCK
    try:
        expected = learner_pins(root)
        problem = "" if path.is_file() and read_pins(path) == expected else f"{LEARNER_LOCK} differs"
    except LookupError as error:
        problem = str(error)
    if problem:
        raise CourseInputError(tr.gettext("requirements-learner.lock no longer matches pyproject.toml and "
                                          "requirements.lock ({problem}); run `make lock`.", problem=problem), "root")
    return path.read_text(encoding="utf-8")


def _learner_pyproject(root: Path) -> str:
    """``pyproject.toml`` for the bundle: the package and its runtime dependencies, no extras or test settings."""
    with (root / "pyproject.toml").open("rb") as handle:
        data = tomllib.load(handle)
    project, setuptools = data["project"], data.get("tool", {}).get("setuptools", {})
    quoted = {key: json.dumps(project[key], ensure_ascii=False)
              for key in ("name", "version", "description", "requires-python", "license") if key in project}
    return render("instructor/release_pyproject.toml.j2", project=quoted, lock=LEARNER_LOCK,
                  build=[json.dumps(r) for r in data["build-system"]["requires"]],
                  backend=json.dumps(data["build-system"]["build-backend"]),
                  dependencies=[json.dumps(d) for d in project["dependencies"]],
                  scripts={json.dumps(k): json.dumps(v) for k, v in project.get("scripts", {}).items()},
                  package_data={json.dumps(k): json.dumps(v) for k, v in setuptools.get("package-data", {}).items()})


def build(root: Path, out: Path, lang: str = DEFAULT_LANGUAGE) -> dict:
    """Write the bundle in ``lang`` to ``out`` (new or empty) and scan it; raise if anything leaked.

    A translated bundle keeps its notebooks in their language folder (``lessons/zh/``), where
    the kernel reads the language from; its README is in that language.
    """
    root, out = Path(root), Path(out)
    folder = Path(lang) if lang != DEFAULT_LANGUAGE else Path()
    require_course(root)
    if not (root / "lessons" / folder).is_dir():
        raise CourseInputError(tr.gettext("There is no {lang} edition of the lessons in {root} (lessons/{lang}/); "
                                          "run `course translate` first.", lang=lang, root=str(root)), "language")
    strings = _check_root(root)
    lock = _learner_lock(root)
    if out.exists() and any(out.iterdir()):
        raise CourseInputError(tr.gettext("{out} exists and is not empty; choose a new folder (or remove it first).",
                                          out=str(out)), "out")
    out.mkdir(parents=True, exist_ok=True)
    lessons = _copy_notebooks(root / "lessons" / folder, out / "lessons" / folder)
    exercises = _copy_notebooks(root / "exercises" / folder, out / "exercises" / folder)
    library = out / "src" / "course_utils"
    shutil.copytree(root / "src" / "course_utils", library, ignore=_IGNORE)
    kept = prune(library, INSTRUCTOR_ONLY, [out / "lessons" / folder, out / "exercises" / folder])
    (library / MARKER).write_text(marker_text(), encoding="utf-8")
    _seal_banks(library / "quizbanks")
    (out / "pyproject.toml").write_text(_learner_pyproject(root), encoding="utf-8")
    (out / LEARNER_LOCK).write_text(lock, encoding="utf-8")
    with using_language(lang):
        readme = render("instructor/release_readme.md.j2", lessons=[str(folder / name) for name in lessons],
                        exercises=[str(folder / name) for name in exercises], lock=LEARNER_LOCK,
                        start=str(Path("lessons") / folder / lessons[0]))
    (out / "README.md").write_text(readme.strip() + "\n", encoding="utf-8")
    findings = leaks.scan(out, strings)
    files = sum(1 for path in out.rglob("*") if path.is_file())
    return {"out": str(out), "files": files, "strings": sum(map(len, strings.values())),
            "findings": findings, "kept": kept}
