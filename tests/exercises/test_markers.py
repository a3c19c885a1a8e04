"""One reading of the region markers: the generator, the leak scan and the book agree.

``course_utils.exercises.utils.region_lines`` is the only parser; these tests show that
a marker the generator accepts is the marker the book strips and the scan looks inside,
and that a malformed one stops all three with the same message.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_utils.book.export import chapter_body, make_exporter
from course_utils.book.preprocess_edition import EditionPreprocessor
from course_utils.book.preprocess_solutions import WorkedSolutionPreprocessor
from course_utils.errors import CourseInputError
from course_utils.exercises import utils
from course_utils.exercises.marker_errors import marker_message
from course_utils.instructor import leaks
from course_utils.instructor.generate import make_exercise

ROOT = Path(__file__).resolve().parents[2]
NAME = "01-x.ipynb"
CHAPTER = {"number": -1, "part": "solutions", "title": NAME}


def _notebook(*cells):
    return new_notebook(cells=list(cells))


def _generator_error(nb) -> str:
    with pytest.raises(CourseInputError) as info:
        make_exercise(nb, NAME)
    return str(info.value)


def _scan_error(nb, tmp_path) -> str:
    nbformat.write(nb, tmp_path / NAME)
    with pytest.raises(CourseInputError) as info:
        leaks.solution_strings(tmp_path)
    return str(info.value)


def _book_errors(nb) -> list[str]:
    messages = []
    for step in (EditionPreprocessor(edition="student"), EditionPreprocessor(edition="instructor"),
                 WorkedSolutionPreprocessor()):
        with pytest.raises(CourseInputError) as info:
            step.preprocess(nbformat.from_dict(nb), {"chapter": dict(CHAPTER)})
        messages.append(str(info.value))
    return messages


MALFORMED = [
    ("code", "### BEGIN  SOLUTION\nx = 1\n### END SOLUTION\n", "looks like a region marker"),
    ("code", "### begin solution\nx = 1\n### end solution\n", "looks like a region marker"),
    ("code", "## BEGIN SOLUTION\nx = 1\n## END SOLUTION\n", "looks like a region marker"),
    ("code", "#BEGIN SOLUTION\nx = 1\n#END SOLUTION\n", "looks like a region marker"),
    ("code", "### BEGIN SOLUTION\nx = 1\n### END  SOLUTION\n", "looks like a region marker"),
    ("code", "### BEGIN HIDDEN  TESTS\nassert x\n### END HIDDEN TESTS\n", "looks like a region marker"),
    ("markdown", "<!-- begin answer -->\nMy argument.\n<!-- end answer -->", "looks like a region marker"),
    ("markdown", "<!--BEGIN ANSWER-->\nMy argument.\n<!--END ANSWER-->", "looks like a region marker"),
    ("code", "x = 1  ### BEGIN SOLUTION\n### END SOLUTION\n", "line of its own"),
    ("code", "### BEGIN SOLUTION\nx = 1\n", "never closed"),
    ("code", "x = 1\n### END SOLUTION\n", "no matching"),
    ("markdown", "### BEGIN SOLUTION\nx\n### END SOLUTION", "code cells"),
    ("code", "<!-- BEGIN ANSWER -->\nx\n<!-- END ANSWER -->", "code cells"),
]


@pytest.mark.parametrize("kind, source, problem", MALFORMED)
def test_a_bad_marker_stops_generator_scan_and_book_alike(tmp_path, kind, source, problem):
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    nb = _notebook(new_markdown_cell("# Title"), cell)
    message = _generator_error(nb)
    assert problem in message and f"{NAME}, cell 2" in message
    assert _scan_error(nb, tmp_path) == message
    assert _book_errors(nb) == [message] * 3


@pytest.mark.parametrize("kind, source, problem", MALFORMED)
def test_the_marker_message_is_the_one_the_generator_gives(kind, source, problem):
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    with pytest.raises(utils.MarkerError) as info:
        utils.cell_regions(cell)
    message = marker_message(info.value, f"{NAME}, cell 2")
    assert problem in message
    assert message == _generator_error(_notebook(new_markdown_cell("# Title"), cell))


def test_the_whole_book_pipeline_refuses_a_malformed_marker(repo_root):
    nb = _notebook(new_code_cell("### begin solution\nsecret = 1\n### end solution\n"))
    exporter = make_exporter(repo_root / "book" / "templates", "student", {})
    with pytest.raises(CourseInputError, match="looks like a region marker"):
        chapter_body(exporter, nb, -1, "lessons", NAME)


SOLVED = _notebook(
    new_markdown_cell("# Worked solution"),
    new_code_cell("def gmv(visitors):\n    ### BEGIN SOLUTION\n    return visitors * 0.05 * 200  # SOLUTION-SENTINEL\n"
                  "    ### END SOLUTION\n\ngmv(1000)\n"),
    new_code_cell("check_gmv()\n### BEGIN HIDDEN TESTS\nassert gmv(2000) == 20000  # HIDDEN-SENTINEL\n"
                  "### END HIDDEN TESTS\n"),
    new_markdown_cell("Why?\n<!-- BEGIN ANSWER -->\nBecause conversion rewards ANSWER-SENTINEL.\n<!-- END ANSWER -->"),
)


def _sources(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells)


def test_the_generator_the_scan_and_the_book_read_the_same_regions(tmp_path):
    nbformat.write(SOLVED, tmp_path / NAME)
    scanned = leaks.solution_strings(tmp_path)
    assert [s.split("# ")[-1] for s in scanned if "SENTINEL" in s] == \
        ["SOLUTION-SENTINEL", "HIDDEN-SENTINEL", "Because conversion rewards ANSWER-SENTINEL."]
    exercise = _sources(make_exercise(SOLVED, NAME))
    student, _ = EditionPreprocessor(edition="student").preprocess(nbformat.from_dict(SOLVED), {"chapter": CHAPTER})
    instructor, _ = EditionPreprocessor(edition="instructor").preprocess(nbformat.from_dict(SOLVED), {"chapter": CHAPTER})
    worked, _ = WorkedSolutionPreprocessor().preprocess(instructor, {"chapter": CHAPTER})
    for sentinel in ("SOLUTION-SENTINEL", "HIDDEN-SENTINEL", "ANSWER-SENTINEL"):
        assert sentinel not in exercise
    assert "SOLUTION-SENTINEL" not in _sources(student) and "HIDDEN-SENTINEL" not in _sources(student)
    worked_text = _sources(worked)
    assert "SOLUTION-SENTINEL" in worked_text and "ANSWER-SENTINEL" in worked_text
    assert "HIDDEN-SENTINEL" not in worked_text  # hidden tests print in no edition
    assert "BEGIN" not in worked_text and "END" not in worked_text  # the markers go, their content stays
    ast.parse(worked.cells[1].source)


def test_the_shipped_solutions_parse_and_every_region_is_found():
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        opened = [role for cell in nb.cells for _, role, _ in utils.cell_regions(cell) if role == "begin"]
        text = "\n".join(utils.source_text(cell) for cell in nb.cells)
        assert len(opened) == text.count(utils.BEGIN_SOLUTION) + text.count(utils.BEGIN_ANSWER) > 0, path.name
