"""A rendered book as parts that print separately: the split and each part's document.

Every top-level element of the book's ``<body>`` (cover, contents, front matter,
chapters, teaching notes, appendices) starts a new page, except those marked
``data-print="none"`` (hidden in print, kept with the part before them), so the book can be
laid out a part at a time: each part becomes a document of its own with the book's ``<head>`` (so the same
CSS) and its page numbers left blank, laid out the same wherever it falls; the numbers
are printed over its pages from :func:`folio_document` when the book is joined. Small
neighbouring elements are grouped so that each part carries its embedded font subsets
once for a handful of pages, not once per page; one marked ``data-part="own"`` (what only
one edition prints) is never grouped, so the parts around it are the same in both
editions, and laid out once for both.

Page references into other parts (the contents' ``target-counter(attr(href), page)``)
cannot be resolved by the layout of one part: the links get a ``data-book-page``
attribute holding the target's page, computed from the other parts' layouts, and the
part's CSS reads that attribute instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Parts are grouped up to this much markup (images excluded): about one short chapter.
GROUP_WEIGHT = 32_000
PAGE_ATTRIBUTE = "data-book-page"
_DATA_URI = re.compile(r"data:[^\"')\s]+")
_MAIN_TAG = re.compile(r"</?main\b[^>]*>")  # the HTML edition's landmark: no part of the print
_PLACEHOLDER = re.compile(r"data:(\d+)(?![^\"')\s])")  # a data URI set aside while splitting
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_HREF = re.compile(r"""(<a\b[^>]*?\shref=["']#([^"']+)["'])""")
_TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(\s*href[^)]*\)\s*,\s*page\s*\)")
_FIRST_PAGE = re.compile(r"(@page\b[^{;]*?):first\b")
_FOLIO_BOX = re.compile(r"@((?:top|bottom|left|right)-[a-z-]+)\s*\{[^{}]*counter\(\s*page\s*\)")
_EDITION_META = re.compile(r"""<title>.*?</title>\n?|<meta\s+name=["']description["'][^>]*>\n?""", re.S)
_BODY_EDITION = re.compile(r"""(<body\b[^>]*?)\s+class=["']edition-[\w-]+["']""")
_STYLES = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
_STYLE_TEXT = re.compile(r"/\*.*?\*/", re.S)  # comments: a selector there styles nothing
# What the numbers' document adds to the book's style: no background, no other margin box.
FOLIO_RULES = "@page {{ background: none; {hidden} }} html, body {{ background: none }}"  # i18n: not translated (CSS)
FOLIO_PAGE = '<div style="break-before: page"></div>'  # i18n: not translated (markup)
MARGIN_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner", "left-top",
                "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom", "bottom-left-corner",
                "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner")
# A top-level element marked so is hidden in print (screen navigation): it never starts a part.
_NOT_PRINTED = re.compile(r"""<[a-zA-Z][^>]*\sdata-print=["']none["']""")
# A top-level element marked so is a part of its own, never grouped with its neighbours: what only
# one edition prints (the teaching notes), so that the parts around it are the same in both.
_OWN_PART = re.compile(r"""<[a-zA-Z][^>]*\sdata-part=["']own["']""")
# A stylesheet for screens only (the HTML edition's embedded Chinese font): print never reads it.
_SCREEN_STYLE = re.compile(r"""<style\s+media=["']screen["']\s*>.*?</style>\n?""", re.S)


@dataclass(frozen=True)
class Part:
    """A run of top-level body elements laid out together."""

    index: int
    html: str
    ids: frozenset[str]
    links: tuple[str, ...]  # targets of in-book links (``href="#..."``), in order

    @property
    def external(self) -> frozenset[str]:
        """Targets of this part's links that lie in other parts."""
        return frozenset(self.links) - self.ids


# A tokenizer for what the split needs: comments and script or style elements whole (their text is
# not markup), else a start or end tag, attribute values quoted or not (a quoted one may hold ">").
TOKEN = re.compile(r"""<!--.*?-->|<(script|style)\b(?:[^>"']|"[^"]*"|'[^']*')*>.*?</\s*\1\s*>"""
                    r"""|<(/?)([a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""", re.S | re.I)


def _top_level(text: str) -> tuple[int | None, int | None, list[tuple[int, int]], bool]:
    """``(body content start, body content end, (start, end) of each top-level element, an element left
    open)`` of a document. ``<main>`` (the HTML edition's landmark around the book's content) is looked
    through: its children count. An element ends at the end tag that balances its start tag, counting
    only tags of its name; one written ``<x/>`` stands alone.

    >>> _top_level('<html><body><!-- <p> --><p>a<p>b</p></p><main><br/><script>"</p>"</script></main></body>')
    (12, 81, [(24, 40), (46, 51), (51, 74)], False)
    >>> _top_level('<body><p title="a>b">x</p><hr></body>')[2:]   # a quoted ">"; an <hr> never closed
    ([(6, 26)], True)
    """
    body_start = body_end = None
    elements: list[tuple[int, int]] = []
    open_tag, open_start, depth = None, 0, 0
    for match in TOKEN.finditer(text):
        whole, closing, name = match.group(0), match.group(2), (match.group(1) or match.group(3) or "").lower()
        if body_start is None:
            if name == "body" and not closing and match.group(3):
                body_start = match.end()
            continue
        if not name:  # a comment
            continue
        if match.group(1):  # a script or style element, whole
            if open_tag is None:
                elements.append((match.start(), match.end()))
            continue
        if open_tag is None:
            if closing:
                if name == "body":
                    body_end = match.start()
                    break
            elif whole.endswith("/>"):
                elements.append((match.start(), match.end()))
            elif name != "main":
                open_tag, open_start, depth = name, match.start(), 1
        elif name == open_tag and not whole.endswith("/>"):
            depth += -1 if closing else 1
            if depth == 0:
                elements.append((open_start, match.end()))
                open_tag = None
    return body_start, body_end, elements, open_tag is not None


def split_book(html: str, group_weight: int = GROUP_WEIGHT) -> tuple[str, list[Part]] | None:
    """``(head, parts)`` of a book document, or None when it does not split cleanly.

    ``head`` is everything up to and including the ``<body>`` tag, without the styles
    for screens only: print never reads them, and the HTML edition's embedded Chinese
    font changes whenever the text gains a character, which would change every part.

    >>> head, parts = split_book('<html><head></head><body class="b"><section id="a">A</section>\\n'
    ...                          '<section id="b"><a href="#a">to A</a></section></body></html>', 10)
    >>> head, [p.html for p in parts], sorted(parts[1].external)
    ('<html><head></head><body class="b">', ['<section id="a">A</section>', '<section id="b"><a href="#a">to A</a></section>'], ['a'])
    >>> split_book('<html><head><style media="screen">@font-face {}</style></head><body><p>x</p></body></html>')[0]
    '<html><head></head><body>'
    >>> split_book("<html><body>loose text<p>x</p></body></html>") is None
    True
    >>> page = '<html><body><section>A</section><nav data-print="none">N</nav></body></html>'
    >>> len(split_book(page, 1)[1])   # the navigation, hidden in print, rides with the section
    1
    >>> [p.html for p in split_book('<html><body><nav>C</nav><main><section>A</section> <section>B</section></main>'
    ...                             '</body></html>', 1)[1]]   # the parts are main's children, printed without it
    ['<nav>C</nav>', '<section>A</section>', '<section>B</section>']
    >>> [p.html for p in split_book('<html><body><p>a</p><aside data-part="own">N</aside><p>b</p></body></html>')[1]]
    ['<p>a</p>', '<aside data-part="own">N</aside>', '<p>b</p>']
    """
    # The parser reads the markup with its embedded images and fonts set aside (three
    # quarters of the bytes, and no element in them); they are put back in each part.
    uris: list[str] = []
    html = _DATA_URI.sub(lambda m: uris.append(m[0]) or f"data:{len(uris) - 1}", html)
    body_start, body_end, elements, unclosed = _top_level(html)
    if body_start is None or body_end is None or not elements or unclosed:
        return None
    gaps = [html[body_start:elements[0][0]], html[elements[-1][1]:body_end]]
    gaps += [html[a[1]:b[0]] for a, b in zip(elements, elements[1:])]
    if any(_MAIN_TAG.sub("", re.sub(r"<!--.*?-->", "", gap, flags=re.S)).strip() for gap in gaps):
        return None  # text between elements would be laid out differently alone
    groups: list[list[str]] = []
    weight = group_weight
    all_ids = set(_ID.findall(html))
    for start, end in elements:
        element = html[start:end]
        if groups and _NOT_PRINTED.match(element):
            # Printed alone, an element the print CSS hides would still take a blank page.
            groups[-1].append(element)
            continue
        size = len(_PLACEHOLDER.sub("", element))
        own = _OWN_PART.match(element) is not None
        if weight + size > group_weight or own:
            groups.append([])
            weight = 0
        groups[-1].append(element)
        weight += size
        if own or {m[1] for m in _HREF.findall(element)} & (all_ids - set(_ID.findall(element))):
            # Pages that list other parts' page numbers are laid out again whenever one
            # moves: keep what follows them out of their part.
            weight = group_weight
    parts = []
    for index, elements in enumerate(groups):
        text = _PLACEHOLDER.sub(lambda m: uris[int(m[1])], "\n".join(elements))
        parts.append(Part(index, text, frozenset(_ID.findall(text)), tuple(m[1] for m in _HREF.findall(text))))
    head = _SCREEN_STYLE.sub("", html[:body_start])
    return _PLACEHOLDER.sub(lambda m: uris[int(m[1])], head), parts


def with_page_numbers(part: Part, pages: dict[str, int]) -> str:
    """The part's markup with each in-book link carrying its target's page number.

    >>> part = Part(0, '<a href="#x">X</a> <a class="k" href="#y">Y</a>', frozenset(), ("x", "y"))
    >>> with_page_numbers(part, {"x": 7})
    '<a href="#x" data-book-page="7">X</a> <a class="k" href="#y" data-book-page="0">Y</a>'
    """
    return _HREF.sub(lambda m: f'{m[1]} {PAGE_ATTRIBUTE}="{pages.get(m[2], 0)}"', part.html)


def part_document(head: str, body: str, *, first_part: bool, numbered_links: bool) -> str:
    """A part as a document of its own, laid out the same wherever it falls in the book.

    The book's first part starts on page 1 and prints its page numbers. Any other part
    has its ``@page :first`` rules disabled (that page is not the book's first) and its
    page numbers left blank: they are printed onto its pages when the book is joined
    (:func:`folio_document`), so a part moved by an edit before it is not laid out again.

    >>> head = "<html><head><style>@page { @bottom-center { content: counter(page) } }</style></head><body>"
    >>> doc = part_document(head.replace("@page {", "@page :first { margin: 0 } @page {"), "<p>x</p>",
    ...                     first_part=False, numbered_links=False)
    >>> "@page :nth(0)" in doc, "@bottom-center { content: none }" in doc
    (True, True)
    >>> "content: none" in part_document(head, "<p>x</p>", first_part=True, numbered_links=False)
    False
    """
    if numbered_links:
        head = _TARGET_COUNTER.sub(f"attr({PAGE_ATTRIBUTE})", head)
    if first_part:
        return _with_rules(head, body)
    blank = _empty_boxes(folio_boxes(head))
    return _with_rules(_later_head(head), body, rules=f"@page {{ {blank} }}" if blank else "")


def _later_head(head: str) -> str:
    """The head of a document printed after the book's first part: its ``@page :first`` rules off
    (that page is not the book's first), and nothing in it that names the edition."""
    return _FIRST_PAGE.sub(r"\1:nth(0)", shared_head(head))


def shared_head(head: str) -> str:
    """``head`` without what names the edition, where printing does not read it, so that a part the
    two editions both print (an appendix, a handout) is one document, laid out once for both.

    The title and description only reach a part's own PDF metadata, and the book's comes from its
    first part; the body's edition class goes too unless the style mentions it.

    >>> shared_head('<title>Book · Student edition</title><meta name="description" content="S">'
    ...             '<style>p {}</style></head><body class="edition-student">')
    '<style>p {}</style></head><body>'
    """
    head = _EDITION_META.sub("", head)
    return head if "edition-" in _STYLE_TEXT.sub(" ", "".join(_STYLES.findall(head))) else _BODY_EDITION.sub(r"\1", head)


def _empty_boxes(boxes) -> str:
    return " ".join(f"@{box} {{ content: none }}" for box in boxes)  # i18n: not translated (CSS)


def folio_boxes(head: str) -> list[str]:
    """The page margin boxes of ``head``'s style that print the page number (``counter(page)``).

    >>> folio_boxes("<style>@page { @top-left { content: string(x) } @bottom-center { content: counter(page) } }</style>")
    ['bottom-center']
    """
    return sorted(set(_FOLIO_BOX.findall(head)))


def folio_document(head: str, first: int, count: int) -> str:
    """``count`` empty pages numbered from ``first`` as the book numbers its pages, and nothing else.

    Printed over the pages of the parts after the first (which leave their numbers blank),
    they give the book the page numbers a whole printing would: the same boxes, font and
    place, from the same style.

    >>> head = "<html><head><style>@page { @top-left { content: 'T' } @bottom-center { content: counter(page) } }</style></head><body>"
    >>> doc = folio_document(head, 5, 2)
    >>> "counter-reset: page 5" in doc, "@top-left { content: none }" in doc, doc.count("<div")
    (True, True, 2)
    """
    hidden = _empty_boxes(box for box in MARGIN_BOXES if box not in folio_boxes(head))
    pages = "<div></div>" + FOLIO_PAGE * max(count - 1, 0)
    return _with_rules(_later_head(head), pages, first=first, rules=FOLIO_RULES.format(hidden=hidden))


def _with_rules(head: str, body: str, *, first: int = 1, rules: str = "") -> str:
    """The document of ``body`` under ``head``, its pages numbered from ``first``, with ``rules`` added to the style."""
    # Without counter-increment, WeasyPrint would add 1 on the first page; a reset alone sets it.
    rules = f"<style>@page :first {{ counter-reset: page {first} }} {rules}</style>"  # i18n: not translated (CSS)
    at = head.find("</head>")
    head = head[:at] + rules + head[at:] if at >= 0 else rules + head
    return f"{head}\n{body}\n</body>\n</html>\n"
