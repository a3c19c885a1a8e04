"""Preprocessor: a notebook becomes a chapter.

The chapter title comes from the book configuration, so the notebook's own leading
``# title`` line is dropped. Exhibits are collected from output metadata for the
list of exhibits and checked against the chapter number.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Int

LEADING_TITLE = re.compile(r"\A\s*#(?!#)[^\n]*\n?")


class ChapterPreprocessor(Preprocessor):
    """Drop the notebook's title line and index its exhibits in ``resources["exhibits"]``."""

    chapter_number = Int(-1, help="The chapter's number; -1 skips the exhibit check.").tag(config=True)
    drop_title = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        resources["exhibits"] = []
        resources["warnings"] = []
        if self.drop_title:
            for cell in nb.cells:
                if cell.cell_type == "markdown" and cell.source.strip():
                    if LEADING_TITLE.match(cell.source):
                        cell.source = LEADING_TITLE.sub("", cell.source, count=1)
                    break
        nb.cells = [c for c in nb.cells if not (c.cell_type == "markdown" and not c.source.strip())]
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                number = output.get("metadata", {}).get("course_utils", {}).get("exhibit")
                if not number:
                    continue
                plain = output.get("data", {}).get("text/plain", "")
                label = next((line for line in plain.splitlines() if line.startswith("Exhibit")), str(number))
                resources["exhibits"].append({"number": str(number), "label": label})
                if self.chapter_number >= 0 and not str(number).startswith(f"{self.chapter_number}."):
                    resources["warnings"].append(f"exhibit {number} is in chapter {self.chapter_number}")
        return nb, resources
