"""A submitted notebook file as plain JSON: read it, and check its shape, without ever raising.

Everything that reads a learner's file before or after grading (which exercise
it is, its language, its written answers, the notebook to run) reads it here,
so a file that is not text, not JSON, nested too deeply for Python's parser,
or shaped unlike a notebook (a cell's metadata that is a string, a line of
source that is a number) gives a reason for the feedback instead of an error
that would stop the class's run.
"""

from __future__ import annotations

import json
from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("instructor")


def read_json(path: Path, content: bytes | None = None) -> tuple[object, str | None]:
    """``(data, None)``, or ``(None, reason)`` when the file (or ``content``, its bytes as read
    before) cannot be read as JSON."""
    try:
        text = (Path(path).read_bytes() if content is None else content).decode("utf-8")
    except UnicodeDecodeError:
        return None, tr.gettext("the file is not text")
    except OSError as error:
        return None, tr.gettext("the file could not be read ({error})", error=type(error).__name__)
    try:
        return json.loads(text), None
    except RecursionError:  # "[[[[…]]]]" a hundred thousand deep: Python's parser gives up
        return None, tr.gettext("the file is not valid JSON (it is nested too deeply)")
    except ValueError as error:
        return None, tr.gettext("the file is not valid JSON ({error})", error=error)


def shape_problem(data: object) -> str | None:
    """Why ``data`` is not shaped like a notebook's cells (which the course's readers expect), or None.

    >>> shape_problem({"cells": [{"cell_type": "code", "metadata": "x", "source": ""}]})
    'cell 1: its metadata is not a mapping'
    >>> shape_problem({"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["a", 5]}]})
    'cell 1: its source is not text'
    >>> shape_problem({"cells": [{"cell_type": "code", "metadata": {}, "outputs": []}]})
    'cell 1 has no source (not even an empty one)'
    >>> shape_problem({"cells": []}) is None
    True
    """
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return tr.gettext("the file is JSON but not a notebook (no list of cells)")
    for number, cell in enumerate(data["cells"], start=1):
        if not isinstance(cell, dict):
            return tr.gettext("cell {number} is not a cell", number=number)
        if not isinstance(cell.get("metadata", {}), dict):
            return tr.gettext("cell {number}: its metadata is not a mapping", number=number)
        if "source" not in cell:
            return tr.gettext("cell {number} has no source (not even an empty one)", number=number)
        source = cell.get("source", "")
        if not (isinstance(source, str) or isinstance(source, list) and all(isinstance(s, str) for s in source)):
            return tr.gettext("cell {number}: its source is not text", number=number)
        if not isinstance(cell.get("cell_type", ""), str):
            return tr.gettext("cell {number}: its cell type is not text", number=number)
    return None


def runnable(data: dict) -> dict:
    """A copy of notebook-shaped ``data`` without what grading never reads and nbformat would refuse:
    the saved outputs and counts (the notebook runs afresh; a code cell retyped by hand without them
    gets them, as the executor needs), a top-level metadata or format number that is not what a
    notebook of this course holds (its cells are version 4's).

    >>> runnable({"nbformat": "4", "metadata": "zh", "cells": [{"cell_type": "code", "outputs": "x"}]})
    {'nbformat': 4, 'metadata': {}, 'cells': [{'cell_type': 'code', 'outputs': [], 'execution_count': None}], \
'nbformat_minor': 4}
    """
    copy = {**data, "nbformat": 4, "cells": [
        {**cell, "outputs": [], "execution_count": None} if cell.get("cell_type") == "code" else cell
        for cell in data["cells"]]}
    if not isinstance(copy.get("metadata"), dict):
        copy["metadata"] = {}
    if not isinstance(copy.get("nbformat_minor"), int) or isinstance(copy.get("nbformat_minor"), bool):
        copy["nbformat_minor"] = 4
    return copy


def read_notebook(path: Path, content: bytes | None = None) -> tuple[dict | None, str | None]:
    """``(data, None)`` for a notebook-shaped JSON file (or ``content``), else ``(None, reason)``."""
    data, reason = read_json(path, content)
    if reason is None:
        reason = shape_problem(data)
    return (data, None) if reason is None else (None, reason)
