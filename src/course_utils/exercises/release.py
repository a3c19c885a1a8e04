"""``course release OUT``: the student bundle an instructor hands out.

Lessons, exercises, the helper library (with its data) and sealed quiz banks,
a README for learners and the install files. No solutions, no hidden checks, no
rubrics, no quiz key in plain text: a leak scan of the finished bundle proves it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.exercises import leaks
from course_utils.messages import msg
from course_utils.render import render

INSTALL_FILES = ("pyproject.toml", "requirements.lock")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")


def _copy_notebooks(source: Path, target: Path) -> list[str]:
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for path in sorted(source.glob("*.ipynb")):
        shutil.copy2(path, target / path.name)
        names.append(path.name)
    return names


def _seal_banks(banks: Path) -> None:
    """Replace each plain bank in the copied library by its sealed form."""
    import yaml

    from course_utils.quiz.seal import seal_bank

    for path in sorted(banks.glob("lesson-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(seal_bank(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(root: Path, out: Path) -> dict:
    """Write the bundle to ``out`` (new or empty) and scan it; raise if anything leaked."""
    root, out = Path(root), Path(out)
    library = root / "src" / "course_utils"
    for what in (library, root / "exercises", root / "lessons"):
        if not what.is_dir():
            raise CourseInputError(msg("exercises.release_missing", what=what.name, root=str(root)), "root")
    if out.exists() and any(out.iterdir()):
        raise CourseInputError(msg("exercises.release_not_empty", out=str(out)), "out")
    out.mkdir(parents=True, exist_ok=True)
    lessons = _copy_notebooks(root / "lessons", out / "lessons")
    exercises = _copy_notebooks(root / "exercises", out / "exercises")
    shutil.copytree(library, out / "src" / "course_utils", ignore=_IGNORE)
    _seal_banks(out / "src" / "course_utils" / "quizbanks")
    for name in INSTALL_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, out / name)
    readme = render("exercises/release_readme.md.j2", lessons=lessons, exercises=exercises,
                    has_lock=(root / "requirements.lock").is_file())
    (out / "README.md").write_text(readme.strip() + "\n", encoding="utf-8")
    strings = leaks.instructor_strings(root)
    findings = leaks.scan(out, strings)
    files = sum(1 for path in out.rglob("*") if path.is_file())
    return {"out": str(out), "files": files, "strings": sum(map(len, strings.values())),
            "findings": findings}
