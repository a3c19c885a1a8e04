"""Highlighted code with only the token spans the stylesheet styles.

Pygments wraps every token of code in a ``<span>``, and the stylesheet colours only a
few kinds (keywords, strings, comments, numbers, definitions). Names, punctuation and
operators draw exactly like the text around them, yet each of their spans is an element
that WeasyPrint styles, lays out and draws: about a quarter of a book's elements, and
about 8 % of the CPU time of printing it. Those spans are unwrapped; the text and the
page breaks stay the same. Which token kinds are styled is read from the stylesheet, so
a colour added there keeps its spans.
"""

from __future__ import annotations

import re

STYLED_TOKEN = re.compile(r"\.highlight\s+\.([A-Za-z0-9_-]+)")
HIGHLIGHT = re.compile(r'(<div class="highlight\b[^"]*"><pre\b[^>]*>)(.*?)(</pre>)', re.S)
TOKEN = re.compile(r'<span(?: class="([^"]*)")?>([^<]*)</span>')


def styled_tokens(css: str) -> frozenset[str]:
    """The Pygments token classes the stylesheet gives a style (``.highlight .k`` → ``k``).

    >>> sorted(styled_tokens(".highlight .k, .highlight .kn { color: blue; } .highlight pre { margin: 0; }"))
    ['k', 'kn']
    """
    return frozenset(STYLED_TOKEN.findall(css))


def plain_tokens(document: str, css: str) -> str:
    """Unwrap the token spans of highlighted code whose class ``css`` does not style.

    >>> code = ('<div class="highlight hl-ipython3"><pre><span></span><span class="n">x</span> '
    ...         '<span class="o">=</span> <span class="s2">"a"</span></pre></div>')
    >>> plain_tokens(code, ".highlight .s2 { color: green; }")
    '<div class="highlight hl-ipython3"><pre>x = <span class="s2">"a"</span></pre></div>'
    """
    styled = styled_tokens(css)

    def token(match: re.Match) -> str:
        return match.group(0) if match.group(1) in styled else match.group(2)

    def block(match: re.Match) -> str:
        return match.group(1) + TOKEN.sub(token, match.group(2)) + match.group(3)

    return HIGHLIGHT.sub(block, document)
