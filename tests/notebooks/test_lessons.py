"""Every lesson runs top to bottom in a fresh kernel and reproduces its committed outputs."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.notebook

# What legitimately changes between runs (PITFALLS.md): counts, timings, images,
# kernel metadata and saved widget state. Tracebacks stay ignored as by default.
IGNORE = (
    "/cells/*/outputs/*/traceback",
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/cells/*/metadata/execution",
    "/cells/*/outputs/*/data/image/png",
    "/cells/*/outputs/*/data/image/svg+xml",
    "/metadata/language_info",
    "/metadata/widgets",
    "/metadata/kernelspec",
)
REPLACE = (
    ("/cells/*/outputs", r"\b[0-9a-f]{32}\b", "WIDGET-MODEL-ID"),
    ("/cells/*/outputs", r"0x[0-9a-fA-F]+", "0xADDRESS"),
    ("/cells/*/outputs", r"T_[0-9a-f]{5,}", "T_STYLER"),
    ("/cells/*/outputs", r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,PNG"),
)


@pytest.fixture
def regression(edition_path):
    from pytest_notebook.nb_regression import NBRegressionFixture

    env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline", PYTHONHASHSEED="0")
    # Run in the notebook's own folder, as JupyterLab does: lessons/zh/ makes the kernel Chinese.
    return NBRegressionFixture(exec_timeout=180, diff_ignore=IGNORE, diff_replace=REPLACE, exec_env=env,
                               exec_cwd=str(edition_path.parent), diff_use_color=False)


def test_lesson_runs_and_matches_committed_outputs(edition_path, regression):
    from nbclient.exceptions import CellExecutionError
    from pytest_notebook.nb_regression import NBRegressionError

    lesson_path = edition_path
    try:
        regression.check(str(lesson_path))
    except CellExecutionError as error:
        pytest.fail(f"{lesson_path.parent.name}/{lesson_path.name}: a cell raised an error when run in a fresh kernel:\n{error}", pytrace=False)
    except NBRegressionError as error:
        # The diff names each changed cell as /cells/<index>/...
        pytest.fail(f"{lesson_path.parent.name}/{lesson_path.name}: outputs differ from the committed notebook (cells by index):\n{error}",
                    pytrace=False)
