"""Every lesson runs top to bottom in a fresh kernel and reproduces its committed outputs.

The kernel is forked from a warm template that has imported the course's modules and run
no notebook code (:mod:`course_utils.kernels.template`), as the book's kernels are; it
starts in a fraction of a cold start's time, and ``tests/test_warm_kernels.py`` shows it
gives the outputs a kernel started afresh gives.
"""

from __future__ import annotations

import nbformat
import pytest
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from pytest_notebook.diffing import diff_notebooks, diff_to_string, filter_diff
from pytest_notebook.notebook import regex_replace_nb

from course_utils.book.execute import execute_one
from course_utils.i18n import folder_language
from course_utils.kernels.template import INLINE_BACKEND

pytestmark = pytest.mark.notebook

# What legitimately changes between runs (PITFALLS.md): counts, timings, images,
# kernel metadata and saved widget state. Tracebacks stay ignored as by default.
IGNORE = [
    "/cells/*/outputs/*/traceback",
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/cells/*/metadata/execution",
    "/cells/*/outputs/*/data/image/png",
    "/cells/*/outputs/*/data/image/svg+xml",
    "/metadata/language_info",
    "/metadata/widgets",
    "/metadata/kernelspec",
]
REPLACE = (
    ("/cells/*/outputs", r"\b[0-9a-f]{32}\b", "WIDGET-MODEL-ID"),
    ("/cells/*/outputs", r"0x[0-9a-fA-F]+", "0xADDRESS"),
    ("/cells/*/outputs", r"T_[0-9a-f]{5,}", "T_STYLER"),
    ("/cells/*/outputs", r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,PNG"),
)


def test_lesson_runs_and_matches_committed_outputs(edition_path, monkeypatch):
    # Figures drawn inline, as in JupyterLab; the language is the notebook folder's (lessons/zh/ is Chinese).
    monkeypatch.setenv("MPLBACKEND", INLINE_BACKEND)
    where = f"{edition_path.parent.name}/{edition_path.name}"
    committed = nbformat.read(edition_path, as_version=4)
    result = execute_one(where, str(edition_path), 180, folder_language(str(edition_path.parent)), committed)
    if not result.ok:
        pytest.fail(f"{where}: cell {result.cell_index} raised {result.error_name} ({result.error_value}) when run "
                    f"in a fresh kernel. The cell:\n{result.cell_source}", pytrace=False)
    fresh = nbformat.reads(result.notebook_json, as_version=4)
    before = regex_replace_nb(_coalesced(committed), REPLACE)
    diff = filter_diff(diff_notebooks(before, regex_replace_nb(_coalesced(fresh), REPLACE)), IGNORE)
    if diff:
        # The diff names each changed cell as /cells/<index>/...
        pytest.fail(f"{where}: outputs differ from the committed notebook (cells by index):\n"
                    + diff_to_string(before, diff, use_color=False), pytrace=False)


def _coalesced(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``notebook`` with each run of printed text in one output: how a kernel splits what a cell
    prints into messages is timing, not content (one print of three lines once came as two)."""
    return CoalesceStreamsPreprocessor().preprocess(notebook, {})[0]
