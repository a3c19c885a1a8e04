"""The book tests import their helpers from ``bookfixture.py`` beside this file; the real
book is built once per session and shared by every test that reads it."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # --import-mode=importlib does not add test folders to sys.path
    sys.path.insert(0, HERE)


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def real_book(tmp_path_factory):
    """The course book built from the repository's notebooks: (config, report, output folder)."""
    from bookfixture import REPO
    from course_utils.book.build import build_book
    from course_utils.book.config import load_config

    config = load_config(REPO)
    missing = [str(c.path) for c in config.chapters if not c.path.is_file()]
    assert not missing, f"book.yaml lists notebooks that do not exist: {missing}"
    out = tmp_path_factory.mktemp("real-book")
    report = build_book(REPO, output_dir=out, log=lambda line: None)
    return config, report, out


@pytest.fixture(scope="session")
def real_pages(real_book):
    """Each edition's printed pages, read back once: edition → list of pdflayout.Page."""
    from pdflayout import read_pages

    out = real_book[2]
    return {edition: read_pages(out / f"coursebook-{edition}.pdf") for edition in ("student", "instructor")}
