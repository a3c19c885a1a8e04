"""Preprocessor: the edition's content rules.

The student edition drops every cell tagged as instructor-only, every output whose
metadata marks it so, and any solution region left in code. Hidden tests are
dropped from every edition: they exist to grade, never to read. Regions are read
by :func:`course_utils.exercises.utils.region_lines`, exactly as ``course exercises``
reads them, so a marker the generator refuses stops the book too.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Set, Unicode

from course_utils.errors import CourseInputError
from course_utils.exercises import utils
from course_utils.exercises.marker_errors import marker_error
from course_utils.i18n import Translator

tr = Translator("book")


def region_error(error: utils.MarkerError, resources: dict, index: int) -> CourseInputError:
    """The generator's message for a marker problem, naming the chapter and the cell."""
    chapter = (resources or {}).get("chapter") or {}
    where = tr.gettext("{notebook}, cell {cell}", notebook=chapter.get("title") or "notebook", cell=index + 1)
    return marker_error(error, where)


def regions(cell, resources: dict, index: int) -> list:
    """The cell's lines with their region roles (:func:`~course_utils.exercises.utils.cell_regions`)."""
    try:
        return utils.cell_regions(cell)
    except utils.MarkerError as error:
        raise region_error(error, resources, index) from None


class EditionPreprocessor(Preprocessor):
    """Keep or strip instructor-only content according to ``edition``."""

    edition = Unicode("student", help="student or instructor").tag(config=True)
    instructor_tags = Set({"instructor", "solution", "teaching-note", "answer-key"},
                          help="Cells printed only in the instructor edition.").tag(config=True)
    never_tags = Set({"hidden-check"}, help="Cells printed in no edition.").tag(config=True)

    def preprocess(self, nb, resources):
        student = self.edition != "instructor"
        dropped = {utils.HIDDEN} | ({utils.SOLUTION} if student else set())
        kept = []
        for index, cell in enumerate(nb.cells):
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & self.never_tags or (student and tags & self.instructor_tags):
                continue
            lines = regions(cell, resources, index)
            if any(markers in dropped for _, _, markers in lines):
                cell.source = "".join(line for line, _, markers in lines if markers not in dropped)
            if student and cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs if not _instructor_output(o)]
            kept.append(cell)
        nb.cells = kept
        return nb, resources


def _instructor_output(output) -> bool:
    meta = output.get("metadata", {}).get("course_utils", {})
    return bool(meta.get("instructor") or meta.get("answer_key"))
