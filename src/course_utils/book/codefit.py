"""Code in print: a long line is set smaller so that it fits, never wrapped mid-expression.

A4 with the book's margins holds about 91 characters of code at the body code
size. :mod:`.preprocess_codelines` breaks what it can where Python would; each
``<pre>`` block whose longest line is still wider (a long expression outside
brackets, say) gets a class that sets it just small enough (the stylesheet holds
the sizes).
"""

from __future__ import annotations

import html
import re

from course_utils.cjk import columns

PRE = re.compile(r"<pre\b([^>]*)>(.*?)</pre>", re.S)
TAG = re.compile(r"<[^>]+>")
# (longest line that still fits, class): the stylesheet's code-fit-N font sizes match these widths.
FITS = ((90, ""), (106, "code-fit-1"), (122, "code-fit-2"), (10_000, "code-fit-3"))


def longest_line(block: str) -> int:
    """Columns in the longest line of an HTML ``<pre>`` block's text (a Chinese character takes two).

    >>> longest_line('<span class="k">def</span> f():\\n    return &quot;x&quot;')
    14
    """
    return max((columns(line.rstrip()) for line in html.unescape(TAG.sub("", block)).splitlines()), default=0)


def fit_class(width: int) -> str:
    """The class that makes a block of ``width`` characters fit the page ("" when it fits as is).

    >>> [fit_class(n) for n in (80, 99, 114, 130)]
    ['', 'code-fit-1', 'code-fit-2', 'code-fit-3']
    """
    return next(name for limit, name in FITS if width <= limit)


def fit_code(document: str) -> str:
    """Add the ``code-fit-N`` class to each ``<pre>`` whose longest line is too wide for the page.

    >>> fit_code("<pre>" + "a" * 100 + "</pre><pre>short</pre>")  # doctest: +ELLIPSIS
    '<pre class="code-fit-1">aaa...</pre><pre>short</pre>'
    """
    def fit(match: re.Match) -> str:
        name = fit_class(longest_line(match.group(2)))
        if not name:
            return match.group(0)
        attrs = match.group(1)
        attrs = attrs.replace('class="', f'class="{name} ', 1) if 'class="' in attrs else f'{attrs} class="{name}"'
        return f"<pre{attrs}>{match.group(2)}</pre>"

    return PRE.sub(fit, document)
