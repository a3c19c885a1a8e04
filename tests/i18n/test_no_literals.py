"""No learner-facing English left outside the catalogues, in the library's code or its templates.

A string of words (two words of letters with a space between) in Python must be a message
passed straight to a translator call, a docstring, or on a line marked
``# i18n: not translated (why)``: a data value, a file format's fixed header, a font name.
In a template, text between tags must come from ``gettext``. Developer errors (``ValueError``,
``TypeError``, ``KeyError``, ``RuntimeError``) and settings' help in traitlets are for
programmers, not learners, and are not counted.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import course_utils

PACKAGE = Path(course_utils.__file__).resolve().parent
BOOK_TEMPLATES = PACKAGE.parent.parent / "book" / "templates"
PROSE = re.compile(r"[A-Za-z]{2,}[,;:.]? +[A-Za-z]{2,}")
TRANSLATOR_CALLS = {"gettext", "ngettext", "pgettext", "npgettext", "noop", "Translator"}
MARKER = "# i18n: not translated"
DEVELOPER_ERRORS = {"ValueError", "TypeError", "KeyError", "RuntimeError", "AttributeError", "NotImplementedError"}
TRAITLETS = {"List", "Unicode", "Dict", "Bool", "Int", "Float", "Set", "Enum", "Any", "Instance"}
# Keyword arguments whose values are machine words, not text: matplotlib and ipywidgets layout.
TECHNICAL_KEYWORDS = {"loc", "textcoords", "flex_flow", "family", "fontfamily", "grid_template_columns",
                      "justify_content", "align_items", "layout", "style", "ha", "va", "bbox_inches"}
REGEX_CALLS = {"compile", "match", "search", "sub", "fullmatch", "findall", "split", "finditer"}


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _skipped(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()

    def skip(node):
        skipped.update(id(inner) for inner in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip(first)
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in TRANSLATOR_CALLS or name in REGEX_CALLS and isinstance(node.func, ast.Attribute):
                for argument in node.args:
                    skip(argument)
            if name in DEVELOPER_ERRORS or name in TRAITLETS:
                skip(node)
            for keyword in node.keywords:
                if keyword.arg in TECHNICAL_KEYWORDS:
                    skip(keyword.value)
    return skipped


def _statement_lines(tree: ast.AST) -> dict[int, int]:
    """For every node, the first line of the statement that holds it."""
    first: dict[int, int] = {}
    for statement in ast.walk(tree):
        if isinstance(statement, ast.stmt):
            for inner in ast.walk(statement):
                first[id(inner)] = statement.lineno  # ast.walk is breadth first: the innermost statement wins
    return first


def python_literals(path: Path, base: Path = PACKAGE.parent) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    skipped, statement = _skipped(tree), _statement_lines(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skipped:
            continue
        if not PROSE.search(node.value):
            continue
        marked = any(MARKER in lines[line - 1] for line in {node.lineno, statement.get(id(node), node.lineno)})
        if not marked:
            found.append(f"{path.relative_to(base)}:{node.lineno}: {node.value[:70]!r}")
    return found


JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
NOT_TEXT = re.compile(r"<style.*?</style>|<script.*?</script>|<[^>]*>|&\w+;|`[^`]*`", re.S)


def template_literals(path: Path, root: Path) -> list[str]:
    """Words in a template outside its Jinja expressions, markup, styles and code spans."""
    text = NOT_TEXT.sub(" ", JINJA.sub(" ", path.read_text(encoding="utf-8")))
    return [f"{path.relative_to(root.parent)}: {' '.join(line.split())[:70]!r}"
            for line in text.splitlines() if PROSE.search(line)]


def test_no_learner_facing_literal_in_python():
    found = [line for path in sorted(PACKAGE.rglob("*.py")) for line in python_literals(path)]
    assert not found, "pass these to a translator call (or mark why not):\n" + "\n".join(found)


def test_no_learner_facing_literal_in_templates():
    roots = [PACKAGE / "templates", BOOK_TEMPLATES]
    found = [line for root in roots for path in sorted(root.rglob("*.j2")) for line in template_literals(path, root)]
    assert not found, "wrap these in {{ gettext(...) }}:\n" + "\n".join(found)


def test_the_scan_sees_a_literal_and_respects_its_exceptions(tmp_path):
    module = tmp_path / "course_utils_sample.py"
    module.write_text('"""A docstring with words."""\n'
                      'tr = None\n'
                      'TITLE = "The funnel leaks here"\n'
                      'OK = tr.gettext("The funnel leaks here")\n'
                      'HEADER = "SIS User ID"  # i18n: not translated (Canvas reads this header)\n'
                      'def f():\n'
                      '    raise ValueError("programmer error text")\n', encoding="utf-8")
    assert python_literals(module, tmp_path) == ["course_utils_sample.py:3: 'The funnel leaks here'"]
