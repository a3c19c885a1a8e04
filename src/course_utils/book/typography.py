"""Print typography for prose: typographic apostrophes outside code.

Besides looking right in print, this avoids a WeasyPrint line-breaking fault: a
straight apostrophe after a digit ("Lesson 1's") can make the lines before it
break after every word. Code, preformatted output and markup are left untouched.
"""

from __future__ import annotations

import re

PROTECTED = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>|<[^>]+>)", re.S | re.I)
APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def curl_apostrophes(document: str) -> str:
    """Turn ``'`` between two letters or digits into ``’``, except in code and tags.

    >>> curl_apostrophes("<p>Lesson 1's <code>d['a']</code> <a title=\\"it's\\">it's</a></p>")
    '<p>Lesson 1’s <code>d[\\'a\\']</code> <a title="it\\'s">it’s</a></p>'
    """
    pieces = PROTECTED.split(document)
    out = []
    # split() with two groups yields: text, whole match, inner tag name, text, ...
    for index in range(0, len(pieces), 3):
        out.append(APOSTROPHE.sub("’", pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)
