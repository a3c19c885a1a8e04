"""Shared helpers for the book tests: a small course assembled in a temporary folder."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
from pathlib import Path

from pdflayout import Page, read_pages

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Strings that exist only in instructor material or hidden checks of the fixtures.
INSTRUCTOR_ONLY = ["SOLUTION-LINE-SENTINEL", "KEY-EXPLANATION-SENTINEL", "TEACHING-NOTE-SENTINEL",
                   "INSTRUCTOR-CELL-SENTINEL", "INSTRUCTOR-OUTPUT-SENTINEL", "Worked solution 1",
                   "Quiz answer key", "Teaching notes for Lesson"]
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


# Set by the book tests' conftest to ``build_once``: each PDF is then read by one xdist worker and
# shared with the other. Reading a book back takes about 0.05 s a page (pypdf), 25 s for the two
# real books' four editions, so no test reads one twice.
SHARE = None


def read_pdf(path: Path) -> tuple[Page, ...]:
    """Every page of ``path`` (text, runs and pictures), read once per file version."""
    path = Path(path).resolve()
    stat = path.stat()
    return _read_pdf(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_pdf(path: str, mtime_ns: int, size: int) -> tuple[Page, ...]:
    if SHARE is None:
        return tuple(read_pages(Path(path)))
    key = hashlib.sha256(f"{path}\n{mtime_ns}\n{size}".encode()).hexdigest()[:16]
    return SHARE(f"pdf-{key}", lambda _folder: tuple(read_pages(Path(path))))


def pdf_text(path: Path) -> list[str]:
    """The text of each page."""
    return [page.text for page in read_pdf(path)]


def pdf_fonts(path: Path) -> set[str]:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts


def font_programs(path: Path) -> dict[str, dict]:
    """Each embedded font of a PDF by its name (subset tag included): its program's object
    number, the glyph ids its width list names, and the program's bytes."""
    from pypdf import PdfReader

    from course_utils.book.fontmerge import widths_glyphs

    found: dict[str, dict] = {}
    pending = [page.get("/Resources") or {} for page in PdfReader(str(path)).pages]
    seen: set[int] = set()
    while pending:  # the pages' resources, and those of the forms they draw (the page numbers are one)
        resources = pending.pop()
        for form in (resources.get("/XObject") or {}).values():
            if form.idnum not in seen and form.get_object().get("/Subtype") == "/Form":
                seen.add(form.idnum)
                pending.append(form.get_object().get("/Resources") or {})
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for cid_font in font.get("/DescendantFonts") or []:
                cid_font = cid_font.get_object()
                descriptor = cid_font["/FontDescriptor"].get_object()
                key = next(k for k in ("/FontFile2", "/FontFile3") if k in descriptor)
                entry = found.setdefault(str(descriptor["/FontName"]).lstrip("/"), {
                    "program": descriptor.raw_get(key).idnum, "glyphs": set(),
                    "data": descriptor[key].get_object().get_data()})
                entry["glyphs"] |= widths_glyphs(cid_font.get("/W", []))
    return found


def faces_embedded_more_than_once(path: Path) -> dict[str, int]:
    """Font faces (name without the subset tag) embedded as more than one program: name → count."""
    programs: dict[str, set[int]] = {}
    for name, entry in font_programs(path).items():
        programs.setdefault(name.split("+")[-1], set()).add(entry["program"])
    return {name: len(ids) for name, ids in programs.items() if len(ids) > 1}


def solution_sections(html: str) -> list[str]:
    """The worked-solution chapters of an edition's HTML, each up to the next chapter or appendix."""
    return re.findall(r'<section class="chapter part-solutions".*?(?=<section class="chapter|<section class="appendix)',
                      html, re.S)


def visible_text(html: str) -> str:
    """The HTML with tags removed and entities for quotes restored (for substring checks)."""
    text = re.sub(r"<[^>]+>", "", html)
    return text.replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")


def printed_code_lines(folder: str) -> list[str]:
    """Long code lines (over 60 columns, a Chinese character taking two) of the cells a printed chapter
    shows (display-only cells print no code), as print sets them: a line too long for the page broken
    where Python would."""
    import nbformat

    from course_utils.book.preprocess_codelines import wrap_source
    from course_utils.cjk import columns

    hidden = {"setup", "hide-input", "exhibit", "explorer", "quiz", "hidden-check"}
    lines = []
    for path in sorted((REPO / folder).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and not set(cell.metadata.get("tags", [])) & hidden:
                lines += [line for line in wrap_source(cell.source).splitlines() if columns(line) > 60 and "### " not in line]
    return lines


def code_lines_printed(pdf: Path, folders) -> tuple[list[str], list[str]]:
    """The long code lines of the printed cells of ``folders`` (:func:`printed_code_lines`), and those of
    them that ``pdf`` does not print whole on one line."""
    printed = {re.sub(r"\s+", "", line) for page in pdf_text(pdf) for line in page.splitlines()}
    code = [line for folder in folders for line in printed_code_lines(folder)]
    return code, [line for line in code if not any(re.sub(r"\s+", "", line) in p for p in printed)]
