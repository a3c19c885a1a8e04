"""Print the book a part at a time: lay out only what changed, in parallel, then assemble.

Each edition's HTML is split into parts (``parts.py``). A part is laid out as a document
of its own, with its page numbers left blank, so its layout is the same wherever it
falls in the book; it is cached by its document (``pagecache.py``). After an edit only
the edited chapter is laid out again, plus the contents if a page number in them
changed, and the page numbers if the book's page count did: the parts the edit moves
are reused as they are. Every part still to lay out, in both editions, goes to the one
pool of worker processes at once.

The contents are laid out once with blank numbers to learn their length, then with the
real numbers once every other part's length is known. The book is complete when every
part has a layout with its final markup; the parts are then joined (``assembly.py``):
their bookmarks and named destinations are kept, the contents get their links back, the
page numbers of the pages after the first part are printed over them from one document
of numbered empty pages in the book's style (``parts.folio_document``, laid out and
cached like a part), and each font face is embedded once for the whole book
(``fontmerge.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field

from course_utils.book.assembly import DamagedPart, join_parts
from course_utils.book.pagecache import PageCache, PartRecord
from course_utils.book.parts import GROUP_WEIGHT, Part, folio_document, part_document, split_book, with_page_numbers
from course_utils.book.pdf import render_part, write_pdf
from course_utils.book.pools import process_pool
from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("book")

PLAN_ROUNDS = 4


@dataclass
class _Edition:
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


@dataclass
class PrintReport:
    """What the print step did: parts laid out and parts reused, as (edition, part index), and page numbers."""

    laid_out: list[tuple[str, int]] = field(default_factory=list)
    reused: list[tuple[str, int]] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # editions whose page numbers were laid out
    layouts: int = 0  # layouts made (a part both editions print alike counts once)
    whole: list[str] = field(default_factory=list)  # editions printed in one piece


FOLIO = -1  # the "part index" of an edition's page numbers (``parts.folio_document``) among the layouts


class _Planner:
    def __init__(self, cache: PageCache):
        self.cache = cache
        # (edition, part index, markup) → job: the build plans again after each layout, and a
        # part's markup is the same string object each time (its hash is kept), the document not.
        self._jobs: dict[tuple[str, int, str], tuple[str, str, int]] = {}

    def job(self, edition: _Edition, part: Part, body: str) -> tuple[str, str, int]:
        """(document hash, document, part index) of a layout, the same wherever the part falls."""
        key = (edition.name, part.index, body)
        if key not in self._jobs:
            document = part_document(edition.head, body, first_part=part.index == 0,
                                     numbered_links=part.index in edition.numbered)
            # Keyed by the document itself: a part both editions print alike is laid out once.
            self._jobs[key] = (self.cache.document_hash(document), document, part.index)
        return self._jobs[key]

    def plan(self, edition: _Edition) -> list[tuple[str, str, int]]:
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

    def _numbered(self, edition: _Edition, final: list) -> list[tuple[str, str, int]]:
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


def print_editions(htmls: dict[str, str], base_url: str, cache: PageCache, *, workers: int = 2,
                   part_size: int = GROUP_WEIGHT, report: PrintReport | None = None, pool=None,
                   later: dict[str, Callable[[], Future]] | None = None,
                   _discarded: frozenset = frozenset()) -> dict[str, bytes]:
    """PDF bytes of each edition (``htmls``: edition → book HTML), laid out part by part.

    ``part_size``: neighbouring elements are grouped into one part up to this much markup;
    ``pool``: the caller's worker processes (left running), else a pool of ``workers`` is
    opened when there is more than one layout to do, and closed at the end. A cached part
    that cannot be read when its edition is joined is laid out again (``_discarded``: the
    parts already laid out again for that reason, in this build).

    ``later`` (with ``pool``): editions still to render, each a call that starts its render in
    ``pool`` and returns the future of its HTML. Each is started once the layouts wanted so far
    are queued, so that the worker which has loaded WeasyPrint takes a layout and the other
    the render; each edition is printed as its HTML arrives.
    """
    report = report if report is not None else PrintReport()
    htmls, starts, rendering = dict(htmls), list((later or {}).items()), {}
    editions, whole = [], {}
    budget = sum(_add_edition(name, html, part_size, editions, whole) for name, html in htmls.items())
    planner = _Planner(cache)
    results: dict[str, bytes] = {}
    own_pool = pool is None
    running: dict = {}
    made: set[str] = set()  # the layouts made in this build
    joining: dict = {}  # edition → its assembly, started as soon as its layout is complete
    try:
        if pool is None and len(editions) > 1 and workers > 1:
            pool = process_pool(workers)
        while True:
            wanted = []
            for edition in list(editions):
                if edition.name in joining:
                    continue
                try:
                    jobs = planner.plan(edition)
                except RuntimeError:
                    jobs = None
                if jobs is None or budget < 0:  # page numbers that will not settle: print it whole
                    editions.remove(edition)
                    whole[edition.name] = htmls[edition.name]
                    continue
                if not jobs:  # complete: join it while the other edition's parts are laid out
                    joining[edition.name] = pool.submit(assemble, edition) if pool is not None else None
                wanted += [(edition.name, job) for job in jobs]
            fresh = {}  # a layout wanted twice (a part both editions print alike) is made once
            for name, (digest, document, index) in wanted:
                if digest in running:
                    running[digest][0].add((name, index))
                else:
                    fresh.setdefault(digest, (set(), document))[0].add((name, index))
            if not running and not fresh and not starts and not rendering:
                break
            if pool is None and (len(fresh) > 1 or running):
                pool = process_pool(workers)
            for digest, (wanting, document) in fresh.items():
                budget -= 1
                if pool is None:
                    cache.put(digest, render_part(document, base_url))
                    _laid_out(report, wanting)
                    made.add(digest)
                    continue
                running[digest] = (wanting, pool.submit(render_part, document, base_url))
            if starts and not rendering:
                name, start = starts.pop(0)
                rendering[name] = start()
            if not running and not rendering:
                continue
            done, _ = wait([entry[1] for entry in running.values()] + list(rendering.values()),
                           return_when=FIRST_COMPLETED)
            for name, future in list(rendering.items()):
                if future in done:
                    htmls[name] = future.result()
                    del rendering[name]
                    budget += _add_edition(name, htmls[name], part_size, editions, whole)
            for digest, (wanting, future) in list(running.items()):
                if future in done:
                    cache.put(digest, future.result())
                    _laid_out(report, wanting)
                    made.add(digest)
                    del running[digest]
        damaged, discarded = {}, set(_discarded)
        for edition in editions:
            future = joining[edition.name]
            try:
                results[edition.name] = future.result() if future is not None else assemble(edition)
            except DamagedPart as error:  # a cached part that cannot be read: lay the edition out again without it
                if error.path in _discarded:
                    raise CourseDataError(tr.gettext("A part of the book's PDF cannot be read back even after it "
                                                     "was laid out again ({path}). Delete the folder {folder} and "
                                                     "build again.", path=error.path, folder=error.path.parent)) from error
                cache.discard(error.path)
                discarded.add(error.path)
                damaged[edition.name] = htmls[edition.name]
        editions = [edition for edition in editions if edition.name not in damaged]
        if damaged:  # each round discards a part not discarded before, so this ends
            results.update(print_editions(damaged, base_url, cache, workers=workers, part_size=part_size,
                                          report=report, pool=pool, _discarded=frozenset(discarded)))
        for edition in editions:
            edition.used |= {r.path.stem for _, _, r in edition.layout}
            edition.used |= {edition.folio.path.stem} if edition.folio is not None else set()
            fresh_layouts = {index for name, index in report.laid_out if name == edition.name}
            # A part laid out in this build before an edition still rendering wanted it too.
            shared = [part.index for part, _start, record in edition.layout
                      if record.path.stem in made and part.index not in fresh_layouts]
            report.laid_out += [(edition.name, index) for index in shared]
            fresh_layouts.update(shared)
            report.reused += [(edition.name, part.index) for part, _start, _record in edition.layout
                              if part.index not in fresh_layouts]
        if whole:
            names = list(whole)
            if len(names) > 1:
                pool = pool or process_pool(workers)
                outputs = list(pool.map(write_pdf, [whole[n] for n in names], [base_url] * len(names)))
            else:
                outputs = [write_pdf(whole[n], base_url) for n in names]
            results.update(zip(names, outputs))
            report.whole += names
    finally:
        if own_pool and pool is not None:
            pool.shutdown(cancel_futures=True)
    cache.keep_only({e.name: sorted(e.used) for e in editions})
    return {name: results[name] for name in htmls}


def _add_edition(name: str, html: str, part_size: int, editions: list, whole: dict) -> int:
    """Split an edition into parts for ``editions``, or set it aside to print whole; its layout budget."""
    split = split_book(html, part_size)
    if split is None or len(split[1]) < 2:
        whole[name] = html
        return 0
    editions.append(_Edition(name, split[0], split[1]))
    return 3 * len(split[1]) + 4


def _laid_out(report: PrintReport, wanting: set) -> None:
    """Count one layout, for each (edition, part index) that wanted it."""
    report.layouts += 1
    for edition, index in sorted(wanting):
        if index == FOLIO:
            report.numbers.append(edition)
        else:
            report.laid_out.append((edition, index))


def assemble(edition: _Edition) -> bytes:
    """Join an edition's laid-out parts into one PDF with its metadata, outline and links."""
    return join_parts([record for _part, _start, record in edition.layout], edition.folio)
