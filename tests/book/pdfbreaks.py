"""What the printed book's line and page breaks split: a cross-reference from its number, a date or an
amount from its unit, an address at its own hyphen, a Chinese character alone on its line, a task from its
code, a box, a short table or a check's result, and a lead-in from what it introduces.

Each check reads the pages from ``pdflayout.read_pages``; some match them with the book's HTML.
"""

from __future__ import annotations

import re

from pdflayout import BODY_BOTTOM, BODY_TOP, Page, body_lines, first_line, last_line, running_head


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
    whole = [(page.number, line.strip()) for page in pages for line in body_lines(page)
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
    lines = [body_lines(page) for page in pages]
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
        for text in body_lines(page):
            if (match := re.match(caption, text)):
                current = match.group(1)
    return found
