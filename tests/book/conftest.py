"""The book tests import their helpers from ``bookfixture.py`` beside this file.

``built``: the fixture course's book built once per test run, cold, for every module
here, even on two xdist workers (``root, report, log lines, {edition: {"html",
"pages", "pdf"}}``); tests that change the course copy ``root`` first. ``real_book``:
the course's own book, built once per run the same way from the outputs saved in the
notebooks (which the notebook tests compare with a fresh run), and shared by every test
that reads it. ``zh_book``: the Chinese book built so, ``(config, report, output folder, log lines)``.
Both real books keep their caches in ``<output folder>/_cache``, never in the repository.
"""

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # --import-mode=importlib does not add test folders to sys.path
    sys.path.insert(0, HERE)

from bookfixture import make_course, pdf_text  # noqa: E402  (needs the path above)


@pytest.fixture(scope="session", autouse=True)
def _share_pdf_reading(build_once):
    """A printed book is read back by one worker and shared (``bookfixture.read_pdf``)."""
    import bookfixture

    bookfixture.SHARE = build_once
    yield
    bookfixture.SHARE = None


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


@pytest.fixture(scope="session")
def real_book(build_once):
    """The course book built from the repository's notebooks: (config, report, output folder)."""
    from bookfixture import REPO
    from course_utils.book.config import load_config

    config = load_config(REPO)
    missing = [str(c.path) for c in config.chapters if not c.path.is_file()]
    assert not missing, f"book.yaml lists notebooks that do not exist: {missing}"
    report, out = build_once("real-book", _build_real_book)
    return config, report, out


def _build_real_book(folder):
    from bookfixture import REPO
    from course_utils.book.build import build_book

    # The saved outputs: the notebook tests run each notebook and compare them with these,
    # so the book tests need not run the nine notebooks again. Its caches are the test's own:
    # the repository's book/_cache neither speeds up nor receives a test run.
    return build_book(REPO, output_dir=folder, cache_dir=folder / "_cache", execute=False,
                      log=lambda line: None), folder


@pytest.fixture(scope="session")
def zh_book(build_once):
    """The Chinese course book, built once per run from the Chinese notebooks' saved outputs."""
    from bookfixture import REPO
    from course_utils.book.config import load_config
    from course_utils.i18n import using_language

    with using_language("zh"):
        config = load_config(REPO)
    report, out, lines = build_once("real-book-zh", _build_zh_book)
    return config, report, out, lines


def _build_zh_book(folder):
    from bookfixture import REPO
    from course_utils.book.build import build_book
    from course_utils.i18n import using_language

    lines: list[str] = []
    with using_language("zh"):
        # From the outputs saved in the Chinese notebooks, which the notebook tests check.
        return build_book(REPO, output_dir=folder, cache_dir=folder / "_cache", execute=False,
                          log=lines.append), folder, lines


@pytest.fixture(scope="session")
def real_pages(real_book):
    """Each edition's printed pages, read back once: edition → list of pdflayout.Page."""
    from bookfixture import read_pdf

    out = real_book[2]
    return {edition: read_pdf(out / f"coursebook-{edition}.pdf") for edition in ("student", "instructor")}
