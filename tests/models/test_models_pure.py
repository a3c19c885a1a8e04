"""The business models stay pure: no drawing, widgets, markup or files, read from their source with ``ast``.

Charts, explorers, HTML and display tables live in ``course_utils.figures`` and
``course_utils.explorers``; a model that imported them (or read a file) could no
longer be tested, or reused by the app and the grader, without them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import course_utils.models

MODELS = Path(course_utils.models.__file__).parent
FORBIDDEN_MODULES = ("matplotlib", "ipywidgets", "IPython", "jinja2", "course_utils.render",
                     "course_utils.exhibit", "course_utils.explorer", "course_utils.figures",
                     "course_utils.explorers", "course_utils.style")
# Calls that read or write files, by the name they are called with.
FORBIDDEN_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "read_csv", "to_csv",
                   "read_excel", "to_excel", "to_html", "savefig", "display", "render"}


def _forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN_MODULES)


def impurities(source: str) -> list[str]:
    """Every forbidden import or call in ``source``, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {alias.name}" for alias in node.names if _forbidden(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            if any(_forbidden(name) for name in names):
                found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in FORBIDDEN_CALLS:
                found.append(f"{node.lineno}: {name}()")
    return found


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.py")), ids=lambda path: path.name)
def test_model_module_is_pure(path):
    assert impurities(path.read_text(encoding="utf-8")) == [], path.name


def test_every_model_module_is_checked():
    assert len(list(MODELS.glob("*.py"))) >= 12


@pytest.mark.parametrize("source", [
    "import matplotlib.pyplot as plt",
    "from matplotlib.ticker import FuncFormatter",
    "import ipywidgets as widgets",
    "from IPython.display import HTML",
    "from course_utils.render import render",
    "from course_utils import exhibit",
    "from course_utils.figures import commerce",
    "def f():\n    import jinja2",
    "text = open('x.csv').read()",
    "from pathlib import Path\nPath('x').write_text('y')",
    "frame.to_html()",
])
def test_the_check_finds_display_and_file_code(source):
    assert impurities(source)


def test_the_check_passes_plain_model_code():
    assert impurities("import numpy as np\nfrom course_utils.i18n import Translator\nx = np.log1p(2)") == []
