"""Solutions run and still give their committed outputs; exercises fail only where a learner writes."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_utils.exercises import utils
from course_utils.messages import msg

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["01-content-engine.ipynb", "02-ecosystem-hub.ipynb", "03-commerce-loop.ipynb", "04-capstone-diagnosis.ipynb"]
ADDRESS = re.compile(r"0x[0-9a-f]+")


def _execute(path: Path, allow_errors: bool = False):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=allow_errors,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def _texts(cell) -> list[str]:
    found = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            found.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            found.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            found.append(output.ename)
    return [ADDRESS.sub("0x", text) for text in found]


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_solution_regression(name):
    path = ROOT / "solutions" / name
    committed = nbformat.read(path, as_version=4)
    fresh = _execute(path)
    for before, after in zip(committed.cells, fresh.cells):
        assert _texts(after) == _texts(before), utils.source_text(before)[:80]
    checks = [cell for cell in fresh.cells if utils.is_check(cell)]
    assert 3 <= len(checks) <= 5
    for cell in checks:
        text = "".join(_texts(cell))
        assert "public checks pass. Well done" in text or "your instructor will read it" in text, text


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_exercise_stubs_fail_only_where_a_learner_writes(name):
    fresh = _execute(ROOT / "exercises" / name, allow_errors=True)
    stub_line = msg("exercises.code_stub").splitlines()[-1]
    for cell in fresh.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if stub_line in cell.source:
            assert [e.ename for e in errors] == ["NotImplementedError"], cell.source[:80]
        else:
            assert not errors, cell.source[:80]
        if utils.is_check(cell):
            assert "not attempted yet" in "".join(_texts(cell))
