"""Lay out an edited part again only as far as the edit changes its pages.

A prose edit in a chapter changes the pages up to where the page breaks fall again as
before; from there on, the chapter's old pages are the new ones. Given the part's last
layout (its record and PDF, with the page tops of ``pagetops.py``):

1. Find the first old page top at or after which the new document is byte for byte the old
   one, with the same elements open and the same ``<head>``: the edit is before it.
2. Lay out the new document up to the old page top after that one (a page further, so the
   page being checked is laid out whole), its open elements closed.
3. Where that layout starts a page with the same block as the old layout did, and the page
   draws exactly what the old page drew, the book goes on from there as before: the new
   part is the new pages before that page, then the old pages from it on.

When no page top qualifies, or the check fails (the edit moved every break after it), the
part is laid out whole, as it would be without a previous layout; so it is when the style
keeps counters of its own, for page tops inside a list, and near the end of the part.
"""

from __future__ import annotations

import re

from course_utils.book.assembly import DamagedPart, Pages, join_parts
from course_utils.book.pagecache import PartRecord
from course_utils.book.pagetops import (body_start, closing_tags, head_hash, mark_cuts, open_elements, open_hash,
                                        page_facts, rest_hash)
from course_utils.book.pdf import lay_out, part_result, render_part

# A list item's number depends on the items before it: no page top inside a list is used.
_NUMBERED = re.compile(r"<(ol|li)\b", re.I)
_COUNTER = re.compile(r"counter-(?:increment|reset|set)\s*:\s*([^;}]*)")
_NAME = re.compile(r"-?[A-Za-z_][\w-]*")
AHEAD = 2  # old page tops laid out past the edit: the first may have moved, the next one checked instead
# Lay out part of a part only up to this fraction of its pages: further, it costs about as much as the whole.
LAID_OUT_AT_MOST = (2, 3)


def relay_out(document: str, base_url: str, previous: PartRecord | None) -> dict:
    """:func:`pdf.render_part`'s result for ``document``, reusing ``previous`` (the part's last layout) where it can.

    The result has ``reused``: how many of the old pages it took over (0 when laid out whole).
    """
    plan = _plan(document, previous) if previous is not None else None
    if plan is not None:
        marked = mark_cuts(document)
        end, open_at_end, tops = plan
        cut = marked.find(f' data-cut="{len(document) - end}"')
        head = marked.rfind("<", 0, cut)
        rendered = lay_out(marked[:head] + closing_tags(open_at_end), base_url)
        facts = page_facts(rendered, document)
        found = _same_page(facts, previous, tops)
        if found is not None:
            page, old_page = found
            try:
                # Only the pages kept are written out: the page checked and any after it are the old ones.
                return _compose(part_result(rendered, document, facts, pages=page), page, previous, old_page)
            except DamagedPart:
                pass  # the old layout's PDF cannot be read back: lay the part out whole
    result = render_part(document, base_url)
    result["reused"] = 0
    return result


def _plan(document: str, previous: PartRecord) -> tuple[int, tuple, list] | None:
    """(offset where the partial layout ends, the elements open there, the old page tops it may meet), or
    None to lay out whole."""
    if previous.head != head_hash(document) or not previous.tops or _own_counters(document[:body_start(document)]):
        return None
    candidates = [(len(document) - top[1], top) for top in previous.tops]
    candidates = [(offset, top) for offset, top in candidates
                  if offset > 0 and rest_hash(document, offset) == top[2]]
    stacks = open_elements(document, [offset for offset, _top in candidates])
    usable = [(offset, top) for offset, top in candidates if open_hash(stacks[offset]) == top[3]
              and not any(_NUMBERED.match(tag) for tag in stacks[offset])]
    if len(usable) < 2:
        return None  # nothing after the edit to reuse, or no page after it to check by
    checked, (end, end_top) = usable[:min(AHEAD, len(usable) - 1)], usable[min(AHEAD, len(usable) - 1)]
    if end_top[0] * LAID_OUT_AT_MOST[1] > previous.pages * LAID_OUT_AT_MOST[0]:
        return None  # an edit near the end: laying out whole costs about as much
    return end, stacks[end], [top for _offset, top in checked]


def _same_page(facts: tuple[list, list], previous: PartRecord, tops: list) -> tuple[int, int] | None:
    """(new page, old page) of the first old page top that starts a page of the partial layout drawing the same."""
    new_tops = {mark: page for page, mark, *_rest in facts[0]}
    for old_page, mark, *_rest in tops:
        page = new_tops.get(mark)
        if page is not None and facts[1][page] == previous.prints[old_page]:
            return page, old_page
    return None


def _compose(partial: dict, page: int, previous: PartRecord, old_page: int) -> dict:
    """``partial`` (the new pages before ``page``) followed by ``previous``'s pages from ``old_page``, as one part."""
    shift = page - old_page
    anchors = dict(partial["anchors"])
    for name, (number, *xy) in previous.anchors.items():
        if number >= old_page:
            anchors.setdefault(name, [number + shift, *xy])
    old_links = [link for link in previous.links if link[0] >= old_page]
    # A link whose target lay on the pages left out, or comes with the pages taken in, now points
    # inside the part: drawn on it here, as WeasyPrint draws such links; the others wait for the book.
    data = join_parts([Pages(_Unsaved(partial), 0, page, [link for link in partial["links"] if link[1] in anchors]),
                       Pages(previous, old_page, previous.pages, [link for link in old_links if link[1] in anchors])])
    links = [link for link in partial["links"] + [[number + shift, *rest] for number, *rest in old_links]
             if link[1] not in anchors]
    old_kept = [index for index, number in enumerate(previous.marks) if number >= old_page]
    return {"pdf": data, "pages": page + previous.pages - old_page, "anchors": anchors, "links": links,
            "fonts": {**previous.fonts, **partial["fonts"]},
            "levels": partial["levels"] + [previous.levels[i] for i in old_kept],
            "marks": partial["marks"] + [previous.marks[i] + shift for i in old_kept],
            "tops": partial["tops"] + [[number + shift, *rest] for number, *rest in previous.tops if number >= old_page],
            "prints": partial["prints"] + previous.prints[old_page:], "head": partial["head"],
            "reused": previous.pages - old_page}


def _own_counters(head: str) -> bool:
    """Whether the style keeps counters of its own (not the page's): a number changed before a page
    top would print stale on the old pages after it.

    >>> _own_counters("<style>@page { counter-reset: page 1 } h2 { margin: 0 }</style>")
    False
    >>> _own_counters("<style>h2 { counter-increment: section }</style>")
    True
    """
    return any(name not in ("page", "none") for value in _COUNTER.findall(head) for name in _NAME.findall(value))


class _Unsaved:
    """A layout not yet in the page cache, read like a :class:`PartRecord`."""

    def __init__(self, result: dict):
        self.pages, self.links = result["pages"], result["links"]
        self.fonts, self.levels = result["fonts"], result["levels"]
        self.data, self.path = result["pdf"], None  # ``assembly._open`` reads ``data`` when there is no path
