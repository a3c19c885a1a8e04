"""Reading the printed book back: where text and pictures sit on each page, in which font.

The tests use this to find near-empty pages and Latin punctuation set in the CJK
font (whose ’ × ÷ are full-width). Coordinates are PDF points from the page's
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


def lead_ins_at_page_foot(pages: list[Page], html: str | None = None) -> list[str]:
    """Pages (as "p. N: line") whose last line ends with a colon: what it introduces went overleaf.

    A quiz's "Answer:" label is left out: its ruled line follows it on the page. With the book's
    ``html``, so is a colon inside a paragraph that happens to end a line ("限定词也要保留：2023年…"
    runs on overleaf as any paragraph may): only a block that ends with the colon leads in.
    """
    ends = _block_ends(html) if html is not None else None
    found = []
    for page in pages[1:]:
        line = last_line(page)
        if line.endswith((":", "：")) and line not in ("Answer:", "答案："):
            if ends is None or _squeezed(line)[-12:] + "¶" in ends:
                found.append(f"p. {page.number}: {line[-60:]}")
    return found


def _block_ends(html: str) -> str:
    """The book's text without spaces, each block's end marked "¶"."""
    return _squeezed(re.sub(r"</(?:p|li|div|h[1-6]|td|th|pre|figcaption|section|blockquote)>", "¶", html))


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


EXHIBIT_LABEL = re.compile(r"(?:Exhibit|图表)\s*\d+\.\d+\s*—")


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


TASK_START = re.compile(r'<div class="md-cell mdtag-task">')
HEADING = re.compile(r"<h[23]\b[^>]*>(.*?)</h[23]>", re.S)
PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.S)


def _squeezed(markup: str) -> str:
    """Text of a piece of markup without tags, whitespace and word joiners (as compared with a page's
    text, where a word joiner prints nothing: ``typography.tied_units``)."""
    import html

    return re.sub(r"[\s\u2060]+", "", html.unescape(re.sub(r"<[^>]+>", "", markup)))


def tasks_apart_from_code(pages: list[Page], book_html: str) -> tuple[int, list[tuple[int, str]]]:
    """How many coding tasks were found, and those whose statement prints on another page than
    the first lines of the code cell right after it: (page of the code, task title). A task
    followed by a written answer is not a coding task and is left out.

    Tasks are taken in book order, each code cell found from the page of the one before
    (a handout's task and its worked solution share a title and often a first line).
    """
    apart, cursor, checked = [], 0, 0
    texts = [re.sub(r"\s+", "", page.text) for page in pages]  # squeezed as _squeezed squeezes the markup
    for start in (m.start() for m in TASK_START.finditer(book_html)):
        pre = PRE.search(book_html, start)
        heading = HEADING.search(book_html, start)
        if pre is None or heading is None or book_html.count('class="md-cell', start, pre.start()) > 1:
            continue
        title = _squeezed(heading.group(1))[:24]
        lines = [_squeezed(line) for line in pre.group(1).splitlines()[:3]]
        code = max(lines, key=len)[:40]
        found = next((index for index in range(cursor, len(pages)) if code in texts[index]), None)
        if found is None:
            continue
        cursor, checked = found, checked + 1
        if title not in texts[found]:
            apart.append((pages[found].number, title))
    return checked, apart


LIST_ITEM = re.compile(r"<li\b[^>]*>(.*?)</li>", re.S)


def _printed_apart(pages: list[Page], texts: list[str], pairs) -> tuple[int, list[int]]:
    """How many of ``pairs`` (a piece's first and last words, squeezed) print, found in book order from
    the page of the one before, and the pages on which a piece's first words print but not its last."""
    found, split, cursor = 0, [], 0
    for first, last in pairs:
        page = next((index for index in range(cursor, len(pages)) if first in texts[index]), None)
        if page is None:
            continue
        found, cursor = found + 1, page
        if last not in texts[page]:
            split.append(pages[page].number)
    return found, split


def split_boxes(pages: list[Page], book_html: str, tag: str) -> tuple[int, list[int]]:
    """How many boxes of cell tag ``tag`` with a list were found, and the pages on which one of them
    begins while its last list item ends on another page.

    A box is found by its first item's opening and its last item's closing words, in book order.
    """
    texts = [re.sub(r"\s+", "", page.text.replace("-\n", "")) for page in pages]
    starts = [m.end() for m in re.finditer(rf'class="[^"]*\bcelltag_{re.escape(tag)}\b[^"]*"', book_html)]
    pairs = []
    for start, end in zip(starts, starts[1:] + [len(book_html)]):
        stop = book_html.find('class="md-cell', start, end)  # the box ends with its cell
        items = [_squeezed(item) for item in LIST_ITEM.findall(book_html[start:stop if stop != -1 else end])]
        if items:
            pairs.append((items[0][:40], items[-1][-40:]))
    return _printed_apart(pages, texts, pairs)


SHORT_TABLE = re.compile(r'<figure\b[^>]*class="[^"]*\bshort-table\b[^"]*"[^>]*>(.*?)</figure>', re.S)
ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S)


def split_short_tables(pages: list[Page], book_html: str) -> tuple[int, list[int]]:
    """How many short table exhibits (``short-table``, printed whole) were found, and the pages on which
    one's caption prints while its last row does not. A table is found by its caption's first words,
    its last row by its first two cells, in book order."""
    pairs = []
    for figure in SHORT_TABLE.findall(book_html):
        caption = _squeezed(re.search(r"<figcaption\b.*?</figcaption>", figure, re.S).group(0))[:30]
        last = "".join([_squeezed(cell) for cell in CELL.findall(ROW.findall(figure)[-1])][:2])
        if last:
            pairs.append((caption, last))
    return _printed_apart(pages, [re.sub(r"\s+", "", page.text) for page in pages], pairs)


CHECK_RESULT = re.compile(r"(Task|任务) \d+\.\d+ ?[（(]")


def checks_apart_from_results(pages: list[Page]) -> list[int]:
    """Pages that end with a ``check(...)`` call whose result (headed by its task, "Task 2.4 (…): …")
    begins the next page."""
    return [page.number for page, after in zip(pages, pages[1:])
            if last_line(page).startswith("check(") and CHECK_RESULT.match(first_line(after))]


LONE_CHARACTER = re.compile(r"[\u3400-\u9fff][）」』》〉】〕”’，。、；：！？…]*")


def lone_characters(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, line) of every line that holds a single Chinese character and its punctuation: the last
    line of a paragraph, list item or table cell that kept too little of it (a 孤字). A table's cells
    share their lines' baselines, so a cell's line is also found on its own: a run that starts with
    such a character, drawn one glyph wide with a gap on both sides (Exhibit 2.11's "占" / "比")."""
    whole = [(page.number, line.strip()) for page in pages for line in _lines(page)
             if LONE_CHARACTER.fullmatch(line.strip())]
    return whole + [(page.number, text) for page in pages for text in _lone_in_cells(page)
                    if (page.number, text) not in whole]


def _lone_in_cells(page: Page, gap: float = 4.0) -> list[str]:
    found = []
    for run in page.runs:
        words = run.text.split()
        if not words or not LONE_CHARACTER.fullmatch(words[0]) or not BODY_BOTTOM < run.y < BODY_TOP + 10:
            continue
        line = [extent for extent in page.extents if abs(extent[2] - run.y) < 0.5]
        own = next((extent for extent in line if abs(extent[0] - run.x) < 0.5), None)
        if own is None or own[1] - own[0] > 14:  # more than one glyph
            continue
        if any(e is not own and (own[0] - gap < e[1] <= own[0] or own[1] <= e[0] < own[1] + gap) for e in line):
            continue
        # The last line of a cell, not a cell of one character ("是"): its cell's line above starts or ends
        # where it does (left- or right-aligned), one line height up, nearer than the next row.
        above = [e for e in page.extents if run.y + 6 < e[2] < run.y + 17]
        if any(abs(e[0] - own[0]) < 1 or abs(e[1] - own[1]) < 1 for e in above):
            found.append(words[0])
    return found


BROKEN_REFERENCE = re.compile(r"(?:\b(?:Exhibits?|Tasks?|Lessons?|Appendix)|图表|任务|第)\n[0-9A-D]")


def broken_references(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, words) of every cross-reference whose word ends a line and whose number starts the
    next ("Exhibit" / "4.2", "第" / "4 课"), on a page or from one page's foot to the next one's top."""
    return _across_lines(pages, BROKEN_REFERENCE, 0, 4)


def _across_lines(pages: list[Page], pattern: re.Pattern, before: int, after: int) -> list[tuple[int, str]]:
    """(page, text around it) of every match of ``pattern`` in a page's body lines, joined by
    newlines, with the next page's first line after them (a match may run from a page's foot to
    the next one's top); ``before`` and ``after``: how many characters around the match to quote."""
    lines = [_lines(page) for page in pages]
    found = []
    for number, (page, following) in enumerate(zip(pages, lines[1:] + [[]])):
        text = "\n".join(lines[number] + following[:1])
        found += [(page.number, text[max(m.start() - before, 0):m.end() + after].replace("\n", " / "))
                  for m in pattern.finditer(text)]
    return found


# Units a number keeps on its line in Chinese (as ``tables.UNITS``, which the book's typography uses).
UNIT_WORDS = "万元|亿元|个百分点|百分点|个月|分钟|小时|万|亿|元|秒|天|周|倍|件|笔|张|位|名|人|次|个|款|条|单"
BROKEN_UNIT = re.compile(r"\d{4}\n年|\d{4}年\d{1,2}\n月|\d月\d{1,2}\n日|(?:\d{4}年|\d月)\n\d{1,2}[月日]"
                         f"|\\d\\n(?:{UNIT_WORDS})(?![度份剪])|\\b[A-Z]-\\n[A-Z]\\b|\\d–\\n\\d")


def broken_units(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, words) of every date, number and unit, grade or range broken across two lines ("2020年7" /
    "月", "20" / "分钟", "M-" / "H", "5–" / "8 周"), on a page or from one page's foot to the next one's top."""
    return _across_lines(pages, BROKEN_UNIT, 6, 2)


# A web address that ends a line on its own hyphen ("a-new-e-" / "commerce").
BROKEN_ADDRESS = re.compile(r"\S+/\S*-\n")


def broken_addresses(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, words) of every web address a line ends after one of its own hyphens, which reads as a
    word the line break hyphenated; on a page or from one page's foot to the next one's top."""
    return _across_lines(pages, BROKEN_ADDRESS, 0, 12)


def running_head(page: Page) -> str:
    """The running head's line (above the text block), "" on a page without one."""
    head = [r for r in page.runs if r.y > BODY_TOP + 10 and r.text.strip()]
    return "".join(r.text for r in sorted(head, key=lambda r: r.x)).strip()


def continued_head_mismatches(pages: list[Page], book_html: str, caption: str, continued: str) -> list[str]:
    """Pages whose running head names an exhibit as continued while the page does not begin inside
    that exhibit, and pages beginning inside an exhibit begun a page before whose head does not.

    ``caption`` and ``continued`` are patterns with a group for the exhibit's number: a caption's
    first line ("Exhibit 1.5 — ...") and the head's words ("Exhibit 1.5, continued"). A page begins
    inside an exhibit when its first line is part of what the exhibit prints after its caption (an
    explorer's summary, a table's rows) and the exhibit's caption printed on an earlier page.
    """
    after_caption = {}
    for number, body in re.findall(r'<figure\b[^>]*class="course-exhibit[^"]*"[^>]*data-exhibit="([^"]+)"[^>]*>(.*?)</figure>',
                                   book_html, re.S):
        after_caption[number] = _squeezed(re.sub(r"<figcaption\b.*?</figcaption>", "", body, flags=re.S))
    found, current = [], None
    for page in pages:
        line = first_line(page)
        # Word by word: a table's header cells may wrap, so a line need not be one run of its text.
        words = line.split()
        inside = (current is not None and not re.match(caption, line) and len("".join(words)) > 3
                  and all(word in after_caption.get(current, "") for word in words))
        named = re.search(continued, running_head(page))
        if inside and (named is None or named.group(1) != current):
            found.append(f"p. {page.number}: begins inside exhibit {current}, head {running_head(page)!r}")
        elif not inside and named is not None:
            found.append(f"p. {page.number}: head names exhibit {named.group(1)}, page begins {line[:40]!r}")
        for text in _lines(page):
            if (match := re.match(caption, text)):
                current = match.group(1)
    return found


def _lines(page: Page) -> list[str]:
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
