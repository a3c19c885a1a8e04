"""Which parts of an edition to lay out, and when its layout is complete (see ``printer.py``).

A part's layout does not depend on where it falls in the book, so every part not in the
page cache is laid out at once. The parts that print other parts' page numbers (the
contents) are laid out once with blank numbers to learn their length, then with the real
numbers once every other part's length is known; then the page numbers of the pages after
the first part (``parts.folio_document``). The plan is made again after each layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course_utils.book.pagecache import PageCache, PartRecord
from course_utils.book.parts import Part, folio_document, part_document, with_page_numbers

PLAN_ROUNDS = 4


@dataclass
class Edition:
    name: str
    head: str
    parts: list[Part]
    counts: dict[int, int] = field(default_factory=dict)  # numbered part → pages last laid out
    own: dict[int, dict] = field(default_factory=dict)  # numbered part → its anchors last laid out
    used: set[str] = field(default_factory=set)
    layout: list[tuple[Part, int, PartRecord]] = field(default_factory=list)
    folio: PartRecord | None = None  # the page numbers printed over the parts after the first

    @property
    def numbered(self) -> set[int]:
        ids = {name for part in self.parts for name in part.ids}
        return {p.index for p in self.parts if p.external & ids}


FOLIO = -1  # the "part index" of an edition's page numbers (``parts.folio_document``) among the layouts


class Planner:
    def __init__(self, cache: PageCache):
        self.cache = cache
        # (edition, part index, markup) → job: the build plans again after each layout, and a
        # part's markup is the same string object each time (its hash is kept), the document not.
        self._jobs: dict[tuple[str, int, str], tuple[str, str, int]] = {}

    def job(self, edition: Edition, part: Part, body: str) -> tuple[str, str, int]:
        """(document hash, document, part index) of a layout, the same wherever the part falls."""
        key = (edition.name, part.index, body)
        if key not in self._jobs:
            document = part_document(edition.head, body, first_part=part.index == 0,
                                     numbered_links=part.index in edition.numbered)
            # Keyed by the document itself: a part both editions print alike is laid out once.
            self._jobs[key] = (self.cache.document_hash(document), document, part.index)
        return self._jobs[key]

    def plan(self, edition: Edition) -> list[tuple[str, str, int]]:
        """The layouts still needed; an empty list once ``edition.layout`` is complete."""
        for _ in range(PLAN_ROUNDS):
            jobs, layout, start = [], [], 1
            numbered = edition.numbered
            for part in edition.parts:
                if part.index in numbered:
                    count = edition.counts.get(part.index)
                    if count is None:  # lay it out once with blank numbers to learn its length
                        job = self.job(edition, part, with_page_numbers(part, {}))
                        record = self.cache.get(job[0])
                        if record is None:
                            jobs.append(job)
                            continue
                        edition.counts[part.index] = count = record.pages
                        edition.own.setdefault(part.index, record.anchors)
                        edition.used.add(record.path.stem)
                    layout.append((part, start, None))
                    start += count
                    continue
                job = self.job(edition, part, part.html)
                record = self.cache.get(job[0])
                if record is None:  # a layout does not depend on where the part falls: all go at once
                    jobs.append(job)
                    continue
                layout.append((part, start, record))
                start += record.pages
            if jobs:
                return jobs
            pages = _anchor_pages(layout, edition.own)
            final, moved = [], False
            for part, first, record in layout:
                if record is None:
                    job = self.job(edition, part, with_page_numbers(part, pages))
                    record = self.cache.get(job[0])
                    if record is None:
                        jobs.append(job)
                        continue
                    # Laid out with these numbers, did it keep its length and its own anchors' pages?
                    moved |= (record.pages != edition.counts[part.index]
                              or record.anchors != edition.own.get(part.index))
                    edition.counts[part.index], edition.own[part.index] = record.pages, record.anchors
                final.append((part, first, record))
            if jobs:
                return jobs
            if not moved:
                return self._numbered(edition, final)
        raise RuntimeError("page numbers did not settle")

    def _numbered(self, edition: Edition, final: list) -> list[tuple[str, str, int]]:
        """The page numbers of the parts after the first, once every part is in place; then the layout is complete."""
        first = final[0][2].pages
        total = sum(record.pages for _part, _start, record in final)
        edition.folio = None
        if total > first:
            document = folio_document(edition.head, first + 1, total - first)
            digest = self.cache.document_hash(document)
            edition.folio = self.cache.get(digest)
            if edition.folio is None:
                return [(digest, document, FOLIO)]
        edition.layout = final
        return []


def _anchor_pages(layout, own: dict[int, dict]) -> dict[str, int]:
    """Anchor → page number in the book (first occurrence wins, as in one document)."""
    pages = {}
    for part, first, record in layout:
        anchors = record.anchors if record is not None else own.get(part.index, {})
        for name, (page, *_xy) in anchors.items():
            pages.setdefault(name, first + page)
    return pages
