"""Preprocessor: the edition's content rules.

The student edition drops every cell tagged as instructor-only, every output whose
metadata marks it so, and any solution region left in code. Hidden checks are
dropped from every edition: they exist to grade, never to read.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Set, Unicode

SOLUTION_REGION = re.compile(r"^[ \t]*#+ *BEGIN SOLUTION.*?^[ \t]*#+ *END SOLUTION[^\n]*\n?", re.M | re.S)
HIDDEN_REGION = re.compile(r"^[ \t]*#+ *BEGIN HIDDEN TESTS.*?^[ \t]*#+ *END HIDDEN TESTS[^\n]*\n?", re.M | re.S)


class EditionPreprocessor(Preprocessor):
    """Keep or strip instructor-only content according to ``edition``."""

    edition = Unicode("student", help="student or instructor").tag(config=True)
    instructor_tags = Set({"instructor", "solution", "teaching-note", "answer-key"},
                          help="Cells printed only in the instructor edition.").tag(config=True)
    never_tags = Set({"hidden-check"}, help="Cells printed in no edition.").tag(config=True)

    def preprocess(self, nb, resources):
        student = self.edition != "instructor"
        kept = []
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & self.never_tags or (student and tags & self.instructor_tags):
                continue
            cell.source = HIDDEN_REGION.sub("", cell.source)
            if student:
                cell.source = SOLUTION_REGION.sub("", cell.source)
                if cell.cell_type == "code":
                    cell.outputs = [o for o in cell.outputs if not _instructor_output(o)]
            kept.append(cell)
        nb.cells = kept
        return nb, resources


def _instructor_output(output) -> bool:
    meta = output.get("metadata", {}).get("course_utils", {})
    return bool(meta.get("instructor") or meta.get("answer_key"))
