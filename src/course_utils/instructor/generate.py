"""Make the exercise notebooks from the solution notebooks (the single source).

``make_exercise`` is pure: the same solution notebook always gives the same
exercise text, so a test can compare ``exercises/`` with a fresh generation.
"""

from __future__ import annotations

import copy
from pathlib import Path

from course_utils.i18n import Translator
from course_utils.instructor.clearsolutions import ClearSolutions

tr = Translator("instructor")

SOLUTION_GLOB = "[0-9][0-9]-*.ipynb"


def make_exercise(notebook, name: str = "notebook"):
    """An exercise notebook: solution regions stubbed, outputs and run counts cleared."""
    exercise = copy.deepcopy(notebook)
    exercise, _ = ClearSolutions(notebook_name=name).preprocess(exercise, {})
    for cell in exercise.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    # Saved widget state would carry the solution's numbers into the handout.
    exercise.metadata.pop("widgets", None)
    return exercise


def exercise_text(notebook, name: str = "notebook") -> str:
    """The exercise notebook exactly as ``course exercises`` writes it to disk."""
    import nbformat

    text = nbformat.writes(make_exercise(notebook, name))
    return text if text.endswith("\n") else text + "\n"


def solution_paths(solutions_dir: Path) -> list[Path]:
    return sorted(Path(solutions_dir).glob(SOLUTION_GLOB))


def generate(solutions_dir: Path, exercises_dir: Path, *, check_only: bool = False) -> list[str]:
    """Write (or, with ``check_only``, compare) every exercise; return the names that changed."""
    import nbformat

    changed = []
    paths = solution_paths(solutions_dir)
    if not paths:
        from course_utils.errors import CourseInputError

        raise CourseInputError(tr.gettext("No solution notebooks (NN-name.ipynb) found in {folder}.",
                                          folder=str(solutions_dir)), "solutions")
    exercises_dir = Path(exercises_dir)
    for path in paths:
        text = exercise_text(nbformat.read(path, as_version=4), path.name)
        target = exercises_dir / path.name
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != text:
            changed.append(path.name)
            if not check_only:
                exercises_dir.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return changed
