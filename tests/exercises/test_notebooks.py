"""Solutions run and still give their committed outputs; untouched exercises run clean, every check "not attempted".

Each notebook runs in a fresh kernel forked from the warm template the book's kernels come
from (``tests/test_warm_kernels.py`` shows it gives a cold-started kernel's outputs), in the
language of its folder, as JupyterLab would run it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from course_utils.book.execute import execute_one
from course_utils.exercises import tasks, utils
from course_utils.exercises.result import task_label
from course_utils.i18n import Translator, folder_language, using_language

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["01-content-engine.ipynb", "02-ecosystem-hub.ipynb", "03-commerce-loop.ipynb", "04-capstone-diagnosis.ipynb"]
# Each notebook in English and in its Chinese edition (in zh/, where the kernel reads its language from).
EDITIONS = [(lang, name) for lang in ("en", "zh") for name in NAMES]
IDS = [f"{lang}-{name[:2]}" for lang, name in EDITIONS]


def _folder(kind: str, lang: str) -> Path:
    return ROOT / kind if lang == "en" else ROOT / kind / lang


ADDRESS = re.compile(r"0x[0-9a-f]+")


def _execute(path: Path):
    """``path`` run top to bottom in its folder; a cell that raises fails the test, naming the cell."""
    result = execute_one(path.name, str(path), 120, folder_language(str(path.parent)))
    assert result.ok, (f"{path.parent.name}/{path.name}: cell {result.cell_index} raised {result.error_name} "
                       f"({result.error_value}):\n{result.cell_source}")
    return nbformat.reads(result.notebook_json, as_version=4)


def _texts(cell) -> list[str]:
    found = []
    previous = None
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and previous == "stream":
            found[-1] += output.text  # how a kernel splits printed text into messages is timing, not content
        elif output.output_type == "stream":
            found.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            found.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            found.append(output.ename)
        previous = output.output_type
    return [ADDRESS.sub("0x", text) for text in found]


@pytest.mark.notebook
@pytest.mark.parametrize("lang,name", EDITIONS, ids=IDS)
def test_solution_regression(lang, name):
    path = _folder("solutions", lang) / name
    committed = nbformat.read(path, as_version=4)
    fresh = _execute(path)
    for before, after in zip(committed.cells, fresh.cells):
        assert _texts(after) == _texts(before), utils.source_text(before)[:80]
    checks = [cell for cell in fresh.cells if utils.is_check(cell)]
    assert sorted(utils.task_id(cell) for cell in checks) == [spec.id for spec in tasks.for_notebook(name)]
    with using_language(lang):
        # Every task has at least two public checks: "both", or the plural form.
        both = Translator("exercises").gettext("both public checks pass. Well done. Your instructor may run further "
                                               "checks when grading.")
        done = Translator("exercises").ngettext("the public check passes. Well done. Your instructor may run further "
                                                "checks when grading.",
                                                "all {total} public checks pass. Well done. Your instructor may run "
                                                "further checks when grading.", 2, total="\x00")
        written = Translator("exercises").gettext("an answer is there; your instructor will read it.")
    for cell in checks:
        text = "".join(_texts(cell))
        assert all(part in text for part in done.split("\x00")) or both in text or written in text, text


def _run_copy(name: str, folder: Path, lang: str = "en"):
    """Execute a copy of an exercise as a learner's Run All would: in its own folder, errors not allowed."""
    if lang != "en":
        folder = folder / "exercises" / lang  # the language comes from the folder, as in JupyterLab
        folder.mkdir(parents=True)
    shutil.copy(_folder("exercises", lang) / name, folder / name)
    return _execute(folder / name)


@pytest.mark.notebook
@pytest.mark.parametrize("lang,name", EDITIONS, ids=IDS)
def test_untouched_exercise_runs_top_to_bottom_with_every_check_not_attempted(lang, name, tmp_path):
    ran = _run_copy(name, tmp_path, lang)
    code = [cell for cell in ran.cells if cell.cell_type == "code"]
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert not [cell for cell in code if "Traceback" in "".join(_texts(cell))]
    checks = [cell for cell in code if utils.is_check(cell)]
    assert sorted(utils.task_id(cell) for cell in checks) == [spec.id for spec in tasks.for_notebook(name)]
    for cell in checks:
        text = "".join(_texts(cell))
        with using_language(lang):
            spec = tasks.task(utils.task_id(cell))
            expected = Translator("exercises").gettext("Task {task} ({title}): {headline}", task=task_label(spec.id),
                                                       title=spec.title,
                                                       headline=Translator("exercises").gettext("not attempted yet."))
        assert text.startswith(expected), text
    # Each result shown under try_it is one kind line while its function is a stub.
    shown = [cell for cell in code if "with try_it():" in cell.source]
    assert len(shown) >= len([spec for spec in tasks.for_notebook(name) if spec.kind == "code"])
    with using_language(lang):
        not_yet = Translator("exercises").gettext("{where}: not attempted yet. Write the function, run its cell, and this cell "
                                                  "shows its result on the course data.", where="\x00").split("\x00")[1]
    for cell in shown:
        lines = "".join(_texts(cell)).strip().splitlines()
        assert len(lines) == 1 and not_yet in lines[0], cell.source[:80]
