"""Preprocessor: a notebook becomes a chapter.

The chapter title comes from the book configuration, so the notebook's own leading
``# title`` line is dropped. Exhibits are collected from output metadata for the
list of exhibits and checked against the chapter's number, which comes with the
chapter in ``resources["chapter"]`` (see :func:`course_utils.book.export.chapter_body`).

An exhibit's label is read from its HTML caption, the element the library's caption
template marks ``class="exhibit-label"``, so it is found in any language:

>>> exhibit_label('<figure data-exhibit="2.1"><span class="exhibit-label">图表 2.1：触达</span></figure>')
'图表 2.1：触达'
"""

from __future__ import annotations

import html
import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from course_utils.i18n import Translator

tr = Translator("book")

LEADING_TITLE = re.compile(r"\A\s*#(?!#)[^\n]*\n?")
# Written by templates/exhibit_caption.html.j2 in every exhibit's text/html output.
EXHIBIT_LABEL = re.compile(r'<span class="exhibit-label">(.*?)</span>', re.S)
_TAG = re.compile(r"<[^>]+>")


def exhibit_label(markup: str) -> str | None:
    """The text of an exhibit's caption label in ``markup``, or None."""
    match = EXHIBIT_LABEL.search(markup)
    return html.unescape(_TAG.sub("", match.group(1))).strip() if match else None


class ChapterPreprocessor(Preprocessor):
    """Drop the notebook's title line and index its exhibits in ``resources["exhibits"]``."""

    drop_title = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        number = int(((resources or {}).get("chapter") or {}).get("number", -1))  # -1: no exhibit check
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
                exhibit = output.get("metadata", {}).get("course_utils", {}).get("exhibit")
                if not exhibit:
                    continue
                markup = output.get("data", {}).get("text/html", "")
                label = exhibit_label("".join(markup) if isinstance(markup, list) else markup)
                resources["exhibits"].append({"number": str(exhibit), "label": label or str(exhibit)})
                if number >= 0 and not str(exhibit).startswith(f"{number}."):
                    resources["warnings"].append(tr.gettext("exhibit {exhibit} is in chapter {number}",
                                                            exhibit=exhibit, number=number))
        return nb, resources
