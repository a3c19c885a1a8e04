"""The exercise generator: markers, nesting errors, indentation, and no drift from solutions/."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.instructor.clearsolutions import clear_code
from course_utils.instructor.generate import exercise_text, generate, make_exercise

ROOT = Path(__file__).resolve().parents[2]
STUB = Translator("exercises").gettext("# Write your code here, in place of the next line.\nraise "
                                       "NotImplementedError(\"not attempted yet\")")


def _notebook(*cells):
    return new_notebook(cells=list(cells), metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                     "language": "python"}})


def test_solution_region_becomes_stub_at_its_indentation():
    source = ("def rate(orders):\n    \"\"\"Doc.\"\"\"\n    ### BEGIN SOLUTION\n    counts = orders.size()\n"
              "    return counts\n    ### END SOLUTION\n\nrate(orders)")
    cell = new_code_cell(source, outputs=[new_output("stream", name="stdout", text="0.42\n")], execution_count=3)
    exercise = make_exercise(_notebook(cell))
    out = exercise.cells[0]
    expected_stub = "\n".join("    " + line for line in STUB.splitlines())
    assert out.source == f"def rate(orders):\n    \"\"\"Doc.\"\"\"\n{expected_stub}\n\nrate(orders)"
    assert "counts" not in out.source
    assert out.outputs == [] and out.execution_count is None
    compile(out.source, "exercise", "exec")  # the stub keeps the function valid Python


def test_top_level_region_and_two_regions_in_one_cell():
    source = "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = 2\n    ### BEGIN SOLUTION\n    c = 3\n    ### END SOLUTION\n"
    cleared = clear_code(source, "pass")
    assert cleared == "pass\nb = 2\n    pass\n"


def test_written_answer_region_becomes_prompt_and_keeps_metadata():
    cell = new_markdown_cell("Intro.\n<!-- BEGIN ANSWER -->\nMy secret argument.\n<!-- END ANSWER -->")
    cell.metadata["course"] = {"task": "09.1", "answer": True}
    out = make_exercise(_notebook(cell)).cells[0]
    assert out.source == "Intro.\n" + Translator("exercises").gettext("*Write your answer here, in place of this "
                                                                      "line (then save the notebook).*")
    assert out.metadata["course"] == {"task": "09.1", "answer": True}


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx\n### END SOLUTION\n### END SOLUTION", "inside the region"),
    ("x = 1\n### END SOLUTION", "no matching"),
    ("### BEGIN SOLUTION\nx = 1\n", "never closed"),
    ("x = 1  ### BEGIN SOLUTION\n### END SOLUTION", "line of its own"),
])
def test_marker_errors_name_cell_and_line(source, problem):
    with pytest.raises(CourseInputError, match=problem) as info:
        make_exercise(_notebook(new_code_cell("y = 0"), new_code_cell(source)), "01-x.ipynb")
    assert "01-x.ipynb, cell 2" in str(info.value)


def test_solution_marker_in_markdown_is_refused():
    with pytest.raises(CourseInputError, match="code cells"):
        make_exercise(_notebook(new_markdown_cell("### BEGIN SOLUTION\nx\n### END SOLUTION")))


def test_generation_is_deterministic_and_check_mode_reports_drift(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    nbformat.write(_notebook(new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")), solutions / "01-a.ipynb")
    assert generate(solutions, exercises) == ["01-a.ipynb"]
    assert generate(solutions, exercises, check_only=True) == []
    (exercises / "01-a.ipynb").write_text((exercises / "01-a.ipynb").read_text() + " ", encoding="utf-8")
    assert generate(solutions, exercises, check_only=True) == ["01-a.ipynb"]


def test_exercises_folder_is_exactly_what_the_generator_makes():
    solutions = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
    assert [p.name for p in solutions] == ["01-content-engine.ipynb", "02-ecosystem-hub.ipynb",
                                           "03-commerce-loop.ipynb", "04-capstone-diagnosis.ipynb"]
    for path in solutions:
        made = exercise_text(nbformat.read(path, as_version=4), path.name)
        assert (ROOT / "exercises" / path.name).read_text(encoding="utf-8") == made, path.name
    assert sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb")) == [p.name for p in solutions]
