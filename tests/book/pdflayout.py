"""Reading the printed book back: where text and pictures sit on each page, in which font.

The tests use this to find near-empty pages and Latin punctuation set in the CJK
font (whose ’ × ÷ are full-width); ``pdfbreaks.py`` uses it to find what a line or a page
break splits. Coordinates are PDF points from the page's
bottom-left corner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pdfextents import TextExtents

# The book's A4 page box without the running head and page number (margins 22 mm top, 24 mm bottom).
BODY_TOP, BODY_BOTTOM = 780.0, 66.0
# Its text block's sides (margins 22 mm left, 20 mm right), in points.
BODY_LEFT, BODY_RIGHT = 22 / 25.4 * 72, (210 - 20) / 25.4 * 72
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Punctuation that Noto CJK draws full-width: in English text it must come from the Latin font.
LATIN_PUNCTUATION = "’‘“”×÷·–—…"


@dataclass(frozen=True)
class Run:
    """One piece of text drawn in one font."""

    page: int
    x: float
    y: float
    font: str
    text: str


def _pages(path: Path):
    from pypdf import PdfReader

    return PdfReader(str(path))


@dataclass
class Page:
    """What one page shows: its text runs and the lower edge of each picture."""

    number: int
    runs: list[Run]
    image_bottoms: list[float]
    text: str  # the page's text as pypdf extracts it, a no-break space read as a space
    extents: list[tuple[float, float, float]] = ()  # each text-showing operator's (left x, right x, y)


def read_pages(path: Path) -> list[Page]:
    """Every page's text, text runs (in drawing order) and pictures, in one pass over the PDF."""
    pages = []
    for number, page in enumerate(_pages(path).pages, start=1):
        runs: list[Run] = []
        bottoms: list[float] = []
        extents = TextExtents(page)

        def visit_text(text, cm, tm, font, _size, runs=runs, number=number):
            text = text.replace("\xa0", " ")  # a no-break space prints as a space (typography.tied_references)
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Run(number, x, y, str((font or {}).get("/BaseFont", "")), text))

        def visit_operator(operator, args, cm, tm, bottoms=bottoms, extents=extents):
            if operator == b"Do":
                bottoms.append(min(cm[5], cm[5] + cm[3]))
            extents.visit(operator, args, cm, tm)

        text = page.extract_text(visitor_text=visit_text, visitor_operand_before=visit_operator)
        pages.append(Page(number, runs, bottoms, (text or "").replace("\xa0", " "), extents.found))
    return pages



def chapter_last_pages(path: Path, section_titles: tuple[str, ...] = ("Teaching notes", "教学笔记")) -> set[int]:
    """Pages that end a chapter, a part of the front matter or an appendix (and the last page).

    Chapters are the outline's top level; a second-level entry whose title holds one
    of ``section_titles`` also starts on a new page (the teaching notes: "Teaching notes
    for Lesson 1", "第 1 课教学笔记").
    """
    reader = _pages(path)
    starts = set()

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            elif level == 0 or any(title in str(item.title) for title in section_titles):
                starts.add(reader.get_destination_page_number(item) + 1)

    walk(reader.outline, 0)
    return {start - 1 for start in starts} | {len(reader.pages)}


def page_fill(pages: list[Page]) -> list[float]:
    """For each page, the share of the body height down to its lowest text or picture."""
    fills = []
    for page in pages:
        lows = ([r.y for r in page.runs if BODY_BOTTOM < r.y < BODY_TOP + 10]
                + [b for b in page.image_bottoms if b > BODY_BOTTOM - 5])
        lowest = min(lows, default=BODY_TOP)
        fills.append(max(0.0, min(1.0, (BODY_TOP - lowest) / (BODY_TOP - BODY_BOTTOM))))
    return fills


def near_empty_pages(path: Path, pages: list[Page], threshold: float = 0.25) -> list[int]:
    """Pages (from 1) filled less than ``threshold`` of their height, chapter ends excepted."""
    ends = chapter_last_pages(path)
    return [number for number, fill in enumerate(page_fill(pages), start=1)
            if fill < threshold and number not in ends and number > 1]


def stranded_pages(pages: list[Page], threshold: float = 0.1) -> list[int]:
    """Pages (from 1) holding only a few lines, chapter ends included; the book's last page excepted.

    A chapter may end a quarter of the way down a page, as in any book; a page with only
    the last two lines of a section on it reads as a mistake.
    """
    fills = page_fill(pages)
    return [number for number, fill in enumerate(fills[:-1], start=1) if fill < threshold and number > 1]


def outside_text_block(pages: list[Page], tolerance: float = 1.0) -> list[str]:
    """Text that runs past the left or right margin (a table or a line too wide), as "p. N: text".

    The cover (page 1) is printed to the edge and is left out.
    """
    found = []
    for page in pages[1:]:
        lines: dict[int, tuple[float, float]] = {}  # one report per line: its text's two ends
        for left, right, y in page.extents:
            if left < BODY_LEFT - tolerance or right > BODY_RIGHT + tolerance:
                low, high = lines.get(round(y), (left, right))
                lines[round(y)] = (min(low, left), max(high, right))
        for y, (left, right) in sorted(lines.items(), reverse=True):
            line = " ".join(r.text.strip() for r in sorted(page.runs, key=lambda r: r.x) if abs(r.y - y) < 2)
            side = (f"{right - BODY_RIGHT:.1f} pt past the right margin" if right > BODY_RIGHT + tolerance
                    else f"{BODY_LEFT - left:.1f} pt past the left margin")
            found.append(f"p. {page.number}: {side}, {line[:80]!r}")
    return found


def first_line(page: Page) -> str:
    """The text of a page's first body line (below the running head), "" for a page with none."""
    return _body_line(page, max)


def last_line(page: Page) -> str:
    """The text of a page's last body line (above the page number), "" for a page with none."""
    return _body_line(page, min)


def _body_line(page: Page, pick) -> str:
    """The text of the body line at the height ``pick`` (max: the top, min: the bottom) chooses."""
    body = [r for r in page.runs if BODY_BOTTOM < r.y < BODY_TOP + 10 and r.text.strip()]
    if not body:
        return ""
    y = pick(r.y for r in body)
    return "".join(r.text for r in sorted(body, key=lambda r: r.x) if abs(r.y - y) < 2).strip()


def title_pages(pages: list[Page], title: str) -> tuple[list[int], list[int]]:
    """Pages (from 1) showing a line that starts with ``title``, and those among them it opens."""
    showing = [page.number for page in pages if any(r.text.startswith(title) for r in page.runs)]
    return showing, [page.number for page in pages if first_line(page).startswith(title)]


def fullwidth_latin_punctuation(pages: list[Page]) -> list[str]:
    """Latin punctuation drawn in a CJK font with no Chinese character beside it, with context."""
    found = []
    for runs in (page.runs for page in pages):
        for index, run in enumerate(runs):
            if "CJK" not in run.font.replace("-", "").upper():
                continue
            for position, char in enumerate(run.text):
                if char not in LATIN_PUNCTUATION:
                    continue
                beside = run.text[max(0, position - 1):position] + run.text[position + 1:position + 2]
                if CJK.search(beside):
                    continue
                before = runs[index - 1].text[-20:] if index else ""
                after = runs[index + 1].text[:20] if index + 1 < len(runs) else ""
                found.append(f"p. {run.page}: {before}[{char}]{after}")
    return found


# A caption's first line: "Exhibit 1.5 — title", "图表 1.5：标题" (not a reference such as "见图表 1.5").
EXHIBIT_LABEL = re.compile(r"(?:Exhibit|图表)\s*\d+\.\d+\s*[—：]")


def uncaptioned_pictures(pages: list[Page]) -> list[int]:
    """Pages (from 1) whose lowest picture has no exhibit caption below it on the same page.

    Every chart in the book is an exhibit with its caption under it, so a picture with
    none below it is a chart whose caption went over to the next page.
    """
    found = []
    for page in pages:
        pictures = [bottom for bottom in page.image_bottoms if bottom > BODY_BOTTOM - 5]
        if not pictures:
            continue
        below = [run for run in page.runs if BODY_BOTTOM < run.y < min(pictures)]
        # Sorted top to bottom, then left to right, so a label split into runs reads whole.
        text = "".join(run.text for run in sorted(below, key=lambda run: (-round(run.y), run.x)))
        if not EXHIBIT_LABEL.search(text):
            found.append(page.number)
    return found


def running_head(page: Page) -> str:
    """The running head's line (above the text block), "" on a page without one."""
    head = [r for r in page.runs if r.y > BODY_TOP + 10 and r.text.strip()]
    return "".join(r.text for r in sorted(head, key=lambda r: r.x)).strip()


def body_lines(page: Page) -> list[str]:
    """The page's body lines from top to bottom, each line's runs joined left to right (a Chinese
    caption's 图表 and its number are runs in two fonts)."""
    rows: dict[float, list[Run]] = {}
    for run in page.runs:
        if BODY_BOTTOM < run.y < BODY_TOP + 10 and run.text.strip():
            key = next((y for y in rows if abs(y - run.y) < 2), run.y)
            rows.setdefault(key, []).append(run)
    return ["".join(r.text for r in sorted(rows[y], key=lambda r: r.x)).strip() for y in sorted(rows, reverse=True)]


LIST_MARKER = re.compile(r"\s*(?:•|\d{1,2}\.)\s*")


def raised_markers(pages: list[Page], tolerance: float = 0.3) -> list[tuple[int, str, float]]:
    """List markers (• or "2.") set higher or lower than the text that follows them on their line:
    (page, marker, offset in points). A Chinese run once deepened its line and lifted the marker."""
    found = []
    for page in pages:
        for run in page.runs:
            if not LIST_MARKER.fullmatch(run.text):
                continue
            beside = [other for other in page.runs if 0 < other.x - run.x < 40 and abs(other.y - run.y) < 6]
            if beside:
                offset = run.y - min(beside, key=lambda other: other.x).y
                if abs(offset) > tolerance:
                    found.append((page.number, run.text.strip(), round(offset, 2)))
    return found
