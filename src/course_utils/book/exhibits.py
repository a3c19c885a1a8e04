"""How an exhibit prints: its caption next to what it names, a tall chart large enough to read.

In the notebook every exhibit shows its picture or table first and its caption last.
On paper a long table would leave its caption pages behind it, and an explorer's chart,
followed by its summary and table, could print a page before its caption. The book
moves the caption of the first next to its table's head, and that of the second
directly under the chart; the stylesheet then keeps each caption with what it names.

A chart is printed at most 115 mm high, so that it never leaves a near-empty page
behind it; a chart nearly as tall as it is wide (the timeline, one row per event) would then
print its labels at about 4 pt, so it is marked and printed at up to a full page.
"""

from __future__ import annotations

import base64
import binascii
import html
import itertools
import re
from collections.abc import Callable

# An exhibit's opening tag (group 1 of each pattern below).
FIGURE_OPEN = r"(<figure\b[^>]*class=\"course-exhibit\b[^\"]*\"[^>]*>)"
TABLE_FIGURE = re.compile(FIGURE_OPEN + r"(\s*(?:<style\b.*?</style>\s*)?<table\b.*?</table>)"
                          r"(\s*<figcaption\b.*?</figcaption>)", re.S)
# A chart with more after it before the caption: an explorer's summary, its table.
CHART_FIGURE = re.compile(FIGURE_OPEN + r"(\s*<img\b[^>]*>)"
                          r"((?:(?!</figure>).)*?<(?:div|table)\b(?:(?!</figure>).)*?)(\s*<figcaption\b.*?</figcaption>)", re.S)
# A numbered exhibit: its opening tag, its number, the rest of it.
NUMBERED_FIGURE = re.compile(r"(<figure\b[^>]*class=\"course-exhibit\b[^>]*?data-exhibit=\"([^\"]+)\"[^>]*>)(.*?</figure>)", re.S)
# The start of a chart's PNG: enough base64 for the header's width and height.
PNG_FIGURE = re.compile(FIGURE_OPEN + r"(\s*<img\b[^>]*?src=\"data:image/png;base64,)([A-Za-z0-9+/]{32})")
# Height over width above which a chart prints as a tall chart: the timeline is 1.15 in English
# and 0.94 in Chinese (its labels wrap differently); every other chart is 0.62 or less.
TALL = 0.8
# Rows (the header's included) up to which a table exhibit prints whole: split, a five-row table
# printed three rows under its caption and two overleaf.
SHORT_TABLE = 7


def _classed(figure_tag: str, name: str, scrolls: bool = False) -> str:
    """The figure's tag with class ``name``. A figure that ``scrolls`` (a table, or a chart followed
    by its table: on a narrow screen they scroll sideways in their own box) also takes the keyboard
    focus (``tabindex``), since a box only a mouse can scroll shuts out a keyboard user."""
    tag = figure_tag.replace('class="course-exhibit', f'class="course-exhibit {name}', 1)
    return tag[:-1] + ' tabindex="0">' if scrolls else tag


def caption_first(document: str) -> str:
    """A table exhibit's caption goes above its table, so a long table never leaves it behind;
    the caption names the table for a screen reader (``aria-labelledby``). A table of up to
    SHORT_TABLE rows (its header's included) is marked ``short-table``: it prints whole.

    >>> caption_first('<figure class="course-exhibit synthetic"><table><tr><td>1</td></tr></table><figcaption>Exhibit 1.1</figcaption></figure>')
    '<figure class="course-exhibit table-exhibit short-table synthetic" tabindex="0"><figcaption id="table-caption-1">Exhibit 1.1</figcaption><table aria-labelledby="table-caption-1"><tr><td>1</td></tr></table></figure>'
    """
    numbers = itertools.count(1)

    def moved(match: re.Match) -> str:
        name = f"table-caption-{next(numbers)}"
        caption = re.sub(r"^<figcaption\b", f'<figcaption id="{name}"', match.group(3).lstrip(), count=1)
        table = re.sub(r"<table\b", f'<table aria-labelledby="{name}"', match.group(2).lstrip(), count=1)
        kind = "table-exhibit short-table" if table.count("<tr") <= SHORT_TABLE else "table-exhibit"  # i18n: not translated (classes)
        return _classed(match.group(1), kind, scrolls=True) + caption + table

    return TABLE_FIGURE.sub(moved, document)


# Led by a literal, so a whole book is searched fast; what comes before says caption or name.
CAPTION_ID = re.compile(r'table-caption-\d+"')


def renumber_captions(document: str) -> str:
    """The captions' ids numbered again from 1 in document order, each table naming its own caption.

    Chapters are typeset apart (and cached so), each numbering its captions from 1; the book
    put together from them numbers them through, as one document needs unique ids.

    >>> one = caption_first('<figure class="course-exhibit"><table></table><figcaption>A</figcaption></figure>')
    >>> renumber_captions(one + one).count('"table-caption-2"')
    2
    """
    numbers = itertools.count(1)
    current = 0

    def number(match: re.Match) -> str:
        nonlocal current
        if document.endswith('<figcaption id="', 0, match.start()):  # i18n: not translated (markup)
            current = next(numbers)
        elif not document.endswith('aria-labelledby="', 0, match.start()):
            return match.group(0)
        return f'table-caption-{current}"'

    return CAPTION_ID.sub(number, document)


def caption_under_chart(document: str) -> str:
    """An explorer's caption goes directly under its chart, before the summary and table.

    >>> caption_under_chart('<figure class="course-exhibit"><img src="c.png"/><div class="exhibit-summary">At 0.5</div>'
    ...                     '<figcaption>Exhibit 1.5</figcaption></figure>')
    '<figure class="course-exhibit chart-exhibit" tabindex="0"><img src="c.png"/><figcaption>Exhibit 1.5</figcaption><div class="exhibit-summary">At 0.5</div></figure>'

    A chart with nothing between it and its caption is left as it is:

    >>> caption_under_chart('<figure class="course-exhibit"><img src="c.png"/><figcaption>Exhibit 1.1</figcaption></figure>')
    '<figure class="course-exhibit"><img src="c.png"/><figcaption>Exhibit 1.1</figcaption></figure>'
    """
    return CHART_FIGURE.sub(lambda m: _classed(m.group(1), "chart-exhibit", scrolls=True) + m.group(2) + m.group(4).lstrip()
                            + m.group(3), document)


def continued_heads(document: str, heading: Callable[[str], str]) -> str:
    """Each exhibit's caption and table carry what the running head says on a page the exhibit runs on
    to (``data-continued``): an explorer's summary, or a long table, may go on over a page break.

    >>> continued_heads('<figure class="course-exhibit" data-exhibit="1.5"><img/><figcaption>E</figcaption></figure>',
    ...                 lambda n: f"Exhibit {n}, continued")
    '<figure class="course-exhibit" data-exhibit="1.5"><img/><figcaption data-continued="Exhibit 1.5, continued">E</figcaption></figure>'
    >>> continued_heads('<figure class="course-exhibit" data-exhibit="2.1"><figcaption id="c-1">E</figcaption>'
    ...                 '<table aria-labelledby="c-1"></table></figure>', lambda n: f"{n}+")
    '<figure class="course-exhibit" data-exhibit="2.1"><figcaption id="c-1" data-continued="2.1+">E</figcaption><table aria-labelledby="c-1" data-continued="2.1+"></table></figure>'
    """
    def head(match: re.Match) -> str:
        label = html.escape(heading(html.unescape(match.group(2))), quote=True)
        # At the tag's end: the captions' ids and the tables' names are matched from the tag's start.
        return match.group(1) + re.sub(r"<((?:figcaption|table)\b[^>]*?)(/?)>",
                                       lambda tag: f'<{tag.group(1)} data-continued="{label}"{tag.group(2)}>',
                                       match.group(3), count=2)

    return NUMBERED_FIGURE.sub(head, document)


def png_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from the first 24 bytes of a PNG (its signature and IHDR chunk).

    >>> png_size(bytes.fromhex("89504e470d0a1a0a0000000d49484452") + (1012).to_bytes(4, "big") + (1167).to_bytes(4, "big"))
    (1012, 1167)
    >>> png_size(b"GIF89a") is None
    True
    """
    if len(head) < 24 or not head.startswith(b"\x89PNG") or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def tall_charts(document: str) -> str:
    """A chart nearly as tall as it is wide gets the class ``tall-chart``, which prints it up to a page high."""
    def mark(match: re.Match) -> str:
        try:
            size = png_size(base64.b64decode(match.group(3)))
        except binascii.Error:
            size = None
        tall = size is not None and size[0] > 0 and size[1] / size[0] > TALL
        return (_classed(match.group(1), "tall-chart") if tall else match.group(1)) + match.group(2) + match.group(3)

    return PNG_FIGURE.sub(mark, document)
