"""Where a part's pages start, so that an edited part can be laid out again from its last layout.

Before a part is laid out, each block element of its body is marked with its distance from
the end of the document (``data-cut``, see :func:`mark_cuts`); nothing in the book's style
reads the mark. After the layout, :func:`page_facts` records, for each page that starts
with a fresh block (not a block continued from the page before), that block's mark, a hash
of the document from that block to its end and a hash of the elements still open there;
and a fingerprint of everything drawn on each page.

After an edit, a block of the new document whose mark, rest of the document and open
elements hash as in the old layout is the same block in the same setting: from a page
starting with it, the pages are those of the old layout (``relayout.py`` checks it).
"""

from __future__ import annotations

import hashlib
import re

from course_utils.book.parts import TOKEN

CUT = "data-cut"
# The elements that can start a page cleanly (a paragraph, a cell, a heading, a table...).
CUT_TAGS = frozenset(("p", "div", "section", "article", "aside", "header", "footer", "nav", "h1", "h2", "h3", "h4",
                      "h5", "h6", "ul", "ol", "dl", "table", "pre", "figure", "blockquote", "hr", "details"))
VOID_TAGS = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                       "wbr"))
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def body_start(document: str) -> int:
    """Offset just after the ``<body>`` tag (0 if there is none)."""
    match = _BODY.search(document)
    return match.end() if match else 0


def head_hash(document: str) -> str:
    """Hash of everything before the body's content: the book's style and the ``<body>`` tag."""
    return _digest(document[:body_start(document)])


def mark_cuts(document: str) -> str:
    """The document with each block element of its body marked by its distance from the end.

    >>> mark_cuts('<html><body><p>a</p><span>b</span><div class="x">c</div></body></html>')
    '<html><body><p data-cut="58">a</p><span>b</span><div data-cut="36" class="x">c</div></body></html>'
    """
    out, last, total = [], 0, len(document)
    for match in TOKEN.finditer(document, body_start(document)):
        name = (match.group(3) or "").lower()
        if match.group(2) or name not in CUT_TAGS:
            continue
        end = match.start() + 1 + len(match.group(3))
        out += [document[last:end], f' {CUT}="{total - match.start()}"']
        last = end
    out.append(document[last:])
    return "".join(out)


def open_elements(document: str, offsets) -> dict[int, tuple[str, ...]]:
    """Each offset → the start tags of the elements open there, outermost first.

    >>> open_elements('<html><body><div id="a"><p>x<br></p><p>y</p></div></body></html>', [27, 36])
    {27: ('<html>', '<body>', '<div id="a">', '<p>'), 36: ('<html>', '<body>', '<div id="a">')}
    """
    wanted = sorted(set(offsets))
    found: dict[int, tuple[str, ...]] = {}
    stack: list[tuple[str, str]] = []
    for match in TOKEN.finditer(document):
        while wanted and wanted[0] <= match.start():
            found[wanted.pop(0)] = tuple(tag for _name, tag in stack)
        if not wanted:
            break
        name = (match.group(3) or "").lower()
        if not name or match.group(1):  # a comment, or a script or style element whole
            continue
        if match.group(2):
            if any(open_name == name for open_name, _tag in stack):
                while stack.pop()[0] != name:
                    pass
        elif name not in VOID_TAGS and not match.group(0).endswith("/>"):
            stack.append((name, match.group(0)))
    for offset in wanted:
        found[offset] = tuple(tag for _name, tag in stack)
    return found


def closing_tags(open_tags: tuple[str, ...]) -> str:
    """The end tags that close ``open_tags``, innermost first.

    >>> closing_tags(('<html>', '<body class="b">', '<div id="a">'))
    '</div></body></html>'
    """
    return "".join(f"</{TOKEN.match(tag).group(3)}>" for tag in reversed(open_tags))


def rest_hash(document: str, offset: int) -> str:
    """Hash of the document from ``offset`` to its end."""
    return _digest(document[offset:])


def open_hash(open_tags: tuple[str, ...]) -> str:
    """Hash of the start tags of the elements open at a point (:func:`open_elements`)."""
    return _digest("".join(open_tags))


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _page_top(page_box, before: set[int]):
    """The marked element a page starts with, if it starts with one fresh (not on the page ``before``)."""
    box = page_box.children[0]
    while True:
        children = [child for child in getattr(box, "children", ()) if child.is_in_normal_flow()]
        if not children:
            return None
        box = children[0]
        element = box.element
        if element is not None and id(element) not in before and element.get(CUT) is not None:
            return element


def fingerprint(page_box) -> str:
    """Hash of what a page draws: every box's kind, element, position, size and text."""
    items = []
    for box in _boxes(page_box):
        items.append((type(box).__name__, box.element_tag, box.position_x, box.position_y, box.width, box.height,
                      getattr(box, "text", None)))
    return _digest(repr(items))


def page_facts(rendered, document: str) -> tuple[list[list], list[str]]:
    """``(tops, prints)`` of a layout of ``mark_cuts(document)``.

    ``tops``: ``[page, mark, rest hash, open-elements hash]`` for each page after the first that
    starts with a fresh marked block; ``prints``: each page's :func:`fingerprint`.
    """
    boxes = [page._page_box for page in rendered.pages]
    prints = [fingerprint(box) for box in boxes]
    starts = []
    before: set[int] = set()
    for number, page_box in enumerate(boxes):
        if number:
            element = _page_top(page_box, before)
            if element is not None:
                starts.append((number, int(element.get(CUT))))
        before = {id(box.element) for box in _boxes(page_box) if box.element is not None}
    offsets = {mark: len(document) - mark for _number, mark in starts}
    stacks = open_elements(document, offsets.values())
    tops = [[number, mark, rest_hash(document, offsets[mark]), open_hash(stacks[offsets[mark]])]
            for number, mark in starts]
    return tops, prints
