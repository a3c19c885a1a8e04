"""Typographic quotes for plain text: "straight" and 'straight' become “curly” and ‘curly’, it's becomes it’s;
and typographic dashes in numbers: -0.12 becomes −0.12 and 16-30 becomes 16–30 (:func:`dashes`).

The book sets both in its HTML (:mod:`course_utils.book.typography`, which skips code and
markup); a chart's labels are plain text and get both from :func:`course_utils.exhibit.figure_png`,
so the two agree.
"""

from __future__ import annotations

import re

from course_utils.cjk import CJK_CHAR

APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|'(?=\d0s\b)")  # it's, Lesson 1's, '90s
# After a space, an opening bracket or dash, or at the start of a text: an opening quote.
OPENS_AFTER = set(" \t\n\r\u00a0([{\u2014\u2013/-")


def curl_run(text: str, before: str = "", quoting: bool = False) -> tuple[str, bool]:
    """``text`` with typographic quotes, and whether a double quote is left open at its end.

    ``before`` is the character before ``text`` ("" at the start of a paragraph); ``quoting``
    says a double quote opened before it is still open. Chinese sets no space before a quote,
    so after a Chinese character a double quote opens unless one is already open.
    """
    if "'" not in text and '"' not in text:
        return text, quoting  # most of a book's text: nothing to curl, read char by char below
    text = APOSTROPHE.sub("\u2019", text)
    out = []
    for char in text:
        if char in "'\"":
            opening = before == "" or before in OPENS_AFTER or before in "\u201c\u2018"
            if char == '"':
                opening = opening or (bool(CJK_CHAR.match(before)) and not quoting)
                char, quoting = ("\u201c" if opening else "\u201d"), opening
            else:
                char = "\u2018" if opening else "\u2019"
        out.append(char)
        before = char
    return "".join(out), quoting


def curl(text: str) -> str:
    """``text`` (a whole label or paragraph) with typographic quotes and apostrophes.

    >>> curl('the "hub" and \\'loop\\'; Tencent\\'s learners\\' notes')
    'the “hub” and ‘loop’; Tencent’s learners’ notes'
    >>> curl('以"短视频+直播+小商店"为核心')
    '以“短视频+直播+小商店”为核心'
    """
    return curl_run(text)[0]


# A hyphen before a number, not after a Latin letter, digit or dot: a minus sign (x-1 and 2020-01 are not).
MINUS = re.compile(r"(?<![A-Za-z0-9_.)\]])-(?=\.?\d)")
# Two numbers of one or two digits joined by a hyphen: a range (16-30 s, 0-6h, 1月21-22日), not a
# date (2020-01-22).
RANGE = re.compile(r"(?<![A-Za-z0-9_.:/-])(\d{1,2})-(\d{1,2})(?![\d.:/-])")


def dashes(text: str) -> str:
    """``text`` with a minus sign before a negative number and an en dash in a range of numbers.

    >>> dashes("-0.116 and -42.4; ages 16-30 s, night 0-6h, share (0-1); 内测（1月21-22日）")
    '−0.116 and −42.4; ages 16–30 s, night 0–6h, share (0–1); 内测（1月21–22日）'
    >>> dashes("2020-01-22, x-1, exp(-(benefit - cost)), a 3-second hook, M-H")  # left as they are
    '2020-01-22, x-1, exp(-(benefit - cost)), a 3-second hook, M-H'
    """
    if "-" not in text:
        return text
    return RANGE.sub("\\1\u2013\\2", MINUS.sub("\u2212", text))
