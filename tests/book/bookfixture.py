"""Shared helpers for the book tests: a small course assembled in a temporary folder."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Strings that exist only in instructor material or hidden checks of the fixtures.
INSTRUCTOR_ONLY = ["SOLUTION-LINE-SENTINEL", "KEY-EXPLANATION-SENTINEL", "TEACHING-NOTE-SENTINEL",
                   "INSTRUCTOR-CELL-SENTINEL", "INSTRUCTOR-OUTPUT-SENTINEL", "Worked solution 1",
                   "Quiz answer key", "Teaching notes for Chapter"]
NEVER = ["HIDDEN_CHECK_SENTINEL", "HIDDEN-TESTS-SENTINEL", "setup-source-must-not-print",
         "HIDE_INPUT_SOURCE_MARKER"]


def make_course(root: Path) -> Path:
    """Copy the fixture notebooks and the real book matter, templates and CSS into ``root``."""
    for name in ("lessons", "exercises", "solutions", "quizbanks", "data", "lib"):
        shutil.copytree(FIXTURES / name, root / name)
    book = root / "book"
    for name in ("templates", "css", "front", "back"):
        shutil.copytree(REPO / "book" / name, book / name)
    shutil.copytree(FIXTURES / "teaching-notes", book / "teaching-notes")
    shutil.copy(FIXTURES / "book.yaml", book / "book.yaml")
    return root


def pdf_text(path: Path) -> list[str]:
    """The text of each page (remembered per file version: extracting a whole book takes seconds)."""
    stat = Path(path).stat()
    return list(_pdf_text(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=16)
def _pdf_text(path: str, _mtime_ns: int, _size: int) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_fonts(path: Path) -> set[str]:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts


def visible_text(html: str) -> str:
    """The HTML with tags removed and entities for quotes restored (for substring checks)."""
    text = re.sub(r"<[^>]+>", "", html)
    return text.replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")
