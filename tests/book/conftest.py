"""The book tests import their helpers from ``bookfixture.py`` beside this file.

``built``: the fixture course's book built once per test run, cold, for every module
here, even on two xdist workers (``root, report, log lines, {edition: {"html",
"pages", "pdf"}}``); tests that change the course copy ``root`` first.
"""

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # --import-mode=importlib does not add test folders to sys.path
    sys.path.insert(0, HERE)

from bookfixture import make_course, pdf_text  # noqa: E402  (needs the path above)


@pytest.fixture(scope="session")
def built(build_once):
    return build_once("fixture-book", _build_fixture_book)


def _build_fixture_book(folder):
    from course_utils.book.build import build_book

    root = make_course(folder / "course")
    lines: list[str] = []
    report = build_book(root, log=lines.append)
    out = root / "book" / "_build"
    books = {}
    for edition in ("student", "instructor"):
        books[edition] = {
            "html": (out / f"coursebook-{edition}.html").read_text(encoding="utf-8"),
            "pages": pdf_text(out / f"coursebook-{edition}.pdf"),
            "pdf": out / f"coursebook-{edition}.pdf",
        }
    return root, report, lines, books
