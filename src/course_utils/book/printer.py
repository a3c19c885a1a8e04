"""Print the book a part at a time: lay out only what changed, in parallel, then assemble.

Each edition's HTML is split into parts (``parts.py``). A part is laid out as a document
of its own, with its page numbers left blank, so its layout is the same wherever it
falls in the book; it is cached by its document (``pagecache.py``). After an edit only
the edited chapter is laid out again, plus the contents if a page number in them
changed, and the page numbers if the book's page count did: the parts the edit moves
are reused as they are. The edited chapter itself is laid out from its last layout, only
as far as the edit changes its pages (``relayout.py``). Every part still to lay out, in
both editions, goes to the one pool of worker processes at once.

The contents are laid out once with blank numbers to learn their length, then with the
real numbers once every other part's length is known (``planner.py``). The book is complete when every
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
from course_utils.book.parts import GROUP_WEIGHT, split_book
from course_utils.book.pdf import render_part, write_pdf
from course_utils.book.planner import FOLIO, Edition, Planner
from course_utils.book.pools import process_pool
from course_utils.book.relayout import relay_out
from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("book")

@dataclass
class PrintReport:
    """What the print step did: parts laid out and parts reused, as (edition, part index), and page numbers."""

    laid_out: list[tuple[str, int]] = field(default_factory=list)
    reused: list[tuple[str, int]] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # editions whose page numbers were laid out
    layouts: int = 0  # layouts made (a part both editions print alike counts once)
    whole: list[str] = field(default_factory=list)  # editions printed in one piece
    relaid: list[tuple[str, int, int]] = field(default_factory=list)  # (edition, part, old pages reused) of edited parts


def print_editions(htmls: dict[str, str], base_url: str, cache: PageCache, *, workers: int = 2,
                   part_size: int = GROUP_WEIGHT, report: PrintReport | None = None, pool=None,
                   rendering: dict[str, Future] | None = None,
                   start_rendering: Callable[[], dict[str, Future]] | None = None,
                   _discarded: frozenset = frozenset()) -> dict[str, bytes]:
    """PDF bytes of each edition (``htmls``: edition → book HTML), laid out part by part.

    ``part_size``: neighbouring elements are grouped into one part up to this much markup;
    ``pool``: the caller's worker processes (left running), else a pool of ``workers`` is
    opened when there is more than one layout to do, and closed at the end. A cached part
    that cannot be read when its edition is joined is laid out again (``_discarded``: the
    parts already laid out again for that reason, in this build).

    ``rendering``: editions whose HTML is still being rendered (edition → the future of its
    HTML); each is printed as its HTML arrives. ``start_rendering``: starts more such renders, and
    returns their futures; it is called once the first edition's parts are planned. Queued behind
    a short list of layouts (an edit), those go to the worker that loaded WeasyPrint while the
    other rendered the first edition; a long list (a cold build) waits behind the renders instead.
    """
    report = report if report is not None else PrintReport()
    htmls, rendering = dict(htmls), dict(rendering or {})
    editions, whole = [], {}
    budget = sum(_add_edition(name, html, part_size, editions, whole) for name, html in htmls.items())
    planner = Planner(cache)
    last = cache.last_layouts()  # each part's last layout, which an edited part starts from
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
                elif digest in fresh:
                    fresh[digest][0].add((name, index))
                else:
                    fresh[digest] = ({(name, index)}, document, _previous(cache, last, editions, name, index))
            if start_rendering is not None and len(fresh) >= workers:
                rendering.update(start_rendering())
                start_rendering = None
            if not running and not fresh and not rendering and start_rendering is None:
                break
            if pool is None and (len(fresh) > 1 or running):
                pool = process_pool(workers)
            for digest, (wanting, document, previous) in fresh.items():
                budget -= 1
                job = (render_part, document, base_url) if previous is None else (relay_out, document, base_url,
                                                                                     previous)
                if pool is None:
                    _store(cache, digest, job[0](*job[1:]), report, wanting)
                    made.add(digest)
                    continue
                running[digest] = (wanting, pool.submit(*job))
            if start_rendering is not None:
                rendering.update(start_rendering())
                start_rendering = None
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
                    _store(cache, digest, future.result(), report, wanting)
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
    cache.remember({e.name: [record.path.stem for _part, _start, record in e.layout] for e in editions})
    return {name: results[name] for name in htmls}


def _previous(cache: PageCache, last: dict, editions: list, name: str, index: int) -> PartRecord | None:
    """The last layout (``last``: :meth:`PageCache.last_layouts`) of a part whose new layout is wanted, when it
    can serve (``relayout.py``): not for the page numbers, nor for a part whose markup holds page numbers (it
    is short, and its numbers change)."""
    edition = next(edition for edition in editions if edition.name == name)
    if index == FOLIO or index in edition.numbered:
        return None
    return cache.previous(last.get(name, []), index)


def _store(cache: PageCache, digest: str, result: dict, report: PrintReport, wanting: set) -> None:
    """Cache a layout just made and count it."""
    cache.put(digest, result)
    _laid_out(report, wanting)
    if result.get("reused"):
        report.relaid += [(edition, index, result["reused"]) for edition, index in sorted(wanting)]


def _add_edition(name: str, html: str, part_size: int, editions: list, whole: dict) -> int:
    """Split an edition into parts for ``editions``, or set it aside to print whole; its layout budget."""
    split = split_book(html, part_size)
    if split is None or len(split[1]) < 2:
        whole[name] = html
        return 0
    editions.append(Edition(name, split[0], split[1]))
    return 3 * len(split[1]) + 4


def _laid_out(report: PrintReport, wanting: set) -> None:
    """Count one layout, for each (edition, part index) that wanted it."""
    report.layouts += 1
    for edition, index in sorted(wanting):
        if index == FOLIO:
            report.numbers.append(edition)
        else:
            report.laid_out.append((edition, index))


def assemble(edition: Edition) -> bytes:
    """Join an edition's laid-out parts into one PDF with its metadata, outline and links."""
    return join_parts([record for _part, _start, record in edition.layout], edition.folio)
