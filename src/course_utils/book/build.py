"""Build the course book: execute (cached, parallel), render both editions, print.

Nothing is written to the output folder until every notebook has executed; each
output file is written to a temporary file and renamed into place, so a failed
build leaves the last good book untouched. A manifest of input keys (``manifest.py``) lets a
rebuild with nothing changed skip rendering too.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.book.cache import (ExecutionCache, atomic_write_bytes, atomic_write_text, cache_key,
                                     environment_fingerprint, merge_outputs, read_notebook)
from course_utils.book.config import EDITIONS, FORMATS, book_css, edition_label, load_config
from course_utils.book.editions import render_and_print
from course_utils.book.fonts import check_fonts
from course_utils.book.manifest import Manifest, inputs_keys, output_key
from course_utils.book.pdf import check_cjk_font
from course_utils.book.pools import process_pool, start_fork_server
from course_utils.book.prerender import Prerenderer
from course_utils.book.printer import PrintReport
from course_utils.book.running import BookBuildError, chapter_name, failure, run_notebooks
from course_utils.book.typography import screen_ties
from course_utils.i18n import Translator

tr = Translator("book")


@dataclass
class BuildReport:
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    printed: PrintReport = field(default_factory=PrintReport)
    seconds: float = 0.0


def build_book(root: Path, editions=EDITIONS, formats=FORMATS, *, config_path: Path | None = None,
               output_dir: Path | None = None, cache_dir: Path | None = None, workers: int | None = None,
               force: bool = False, execute: bool = True, log=print, pool=None) -> BuildReport:
    """Build ``editions`` × ``formats`` of the book for the course at ``root``.

    ``execute=False`` prints every notebook with the outputs saved in it and runs none
    (the notebook tests check that the saved outputs are what a run gives). ``pool``: the
    caller's worker processes for rendering and printing (``process_pool``), left running
    for its next build (``watch.py``); else the build opens its own and closes it.
    """
    started = time.perf_counter()
    report = BuildReport()
    config = load_config(root, config_path)
    options = config.build_options
    output_dir = Path(output_dir or config.root_path(options.get("output_dir", "book/_build")))
    cache = ExecutionCache(cache_dir or config.root_path(options.get("cache_dir", "book/_cache")))
    for chapter in config.missing():
        report.warnings.append(tr.gettext("skipped: {path} is listed in the book configuration but does not exist, "
                                          "so the book is built without it",
                                          path=chapter.path.relative_to(config.root)))
        log(tr.gettext("warning: {text}", text=report.warnings[-1]))
    chapters = [c for c in config.chapters if any(c in config.chapters_for(e) for e in editions)]
    if not chapters:
        first = config.chapters[0].path if config.chapters else config.root / "lessons"
        raise BookBuildError(tr.gettext("None of the book's notebooks exist yet, so there is nothing to build. "
                                        "Expected, for example: {path}", path=first))
    pool_size = int(options.get("workers", 2))  # the render and print pool (``workers`` runs the notebooks)
    if pool_size > 1 and pool is None:
        # Started before the build knows it has work: after an edit the workers are ready sooner,
        # and a one-off build with nothing to do stops it at once (``pools.stop_fork_server``).
        start_fork_server()
    if "pdf" in formats:
        check_cjk_font(config.print_options.get("font", "Noto Sans CJK SC"))  # i18n: not translated (a font name)
        check_fonts(book_css(config), config.print_options.get("font_packages", {}))

    environment = environment_fingerprint(
        [config.root_path(p) for p in options.get("library", ["src/course_utils"])],
        [config.root_path(p) for p in options.get("data", []) if config.root_path(p).exists()])
    manifest = Manifest(output_dir / ".manifest.json")
    wanted = [(edition, fmt, output_dir / f"coursebook-{edition}.{fmt}") for edition in editions for fmt in formats]
    inputs = inputs_keys(config, editions, environment, cache.directory, execute)
    run_parts = set(options.get("execute", ["lessons", "solutions"]))
    if not force and all(manifest.unchanged(e, f, inputs[e], target) for e, f, target in wanted):
        report.cached = [c.key for c in chapters if c.part in run_parts] if execute else []
        return _up_to_date(report, wanted, started, log)
    current, keys, executed, saved = {}, {}, {}, {}
    for chapter in chapters:
        current[chapter.key] = read_notebook(chapter.path)
        if chapter.part not in run_parts:
            # A handout prints blank: its tasks are the learner's to run.
            executed[chapter.key] = _without_outputs(current[chapter.key])
            continue
        if not execute:
            executed[chapter.key] = saved[chapter.key] = current[chapter.key]
            continue
        keys[chapter.key] = cache_key(current[chapter.key], environment)
        hit = cache.get(chapter.key, keys[chapter.key])
        if hit is not None:
            executed[chapter.key] = hit
    jobs = [(c.key, c.path) for c in chapters if c.key not in executed]
    total = len(chapters)
    for done, key in enumerate(executed, start=1):
        name = chapter_name(config, key, chapters)
        if key in keys:
            report.cached.append(key)
            log(tr.gettext("[{done}/{total}] {name}: cached", done=done, total=total, name=name))
        elif key in saved:
            log(tr.gettext("[{done}/{total}] {name}: printed with its saved outputs", done=done, total=total,
                           name=name))
        else:
            log(tr.gettext("[{done}/{total}] {name}: handout, printed without running", done=done, total=total,
                           name=name))
    # Each chapter's body is rendered while the other notebooks run, as soon as its own is known.
    ahead = Prerenderer(config, editions, current, cache.directory, pool_size) if jobs and pool_size > 1 else None
    try:
        for key, nb in executed.items() if ahead is not None else ():
            ahead.submit(key, nb)
        # What runs is the notebook as read above, which its cache key was computed from.
        returned, failed = run_notebooks(config, chapters, jobs, current, workers=workers or pool_size,
                                         timeout=int(options.get("timeout_per_cell", 120)), offset=len(executed),
                                         log=log, on_executed=ahead.submit if ahead is not None else None)
    except BaseException:  # an interruption: nothing is waited for
        if ahead is not None:
            ahead.close(finish=False)
        raise
    if ahead is not None:
        ahead.close(finish=failed is None)
    for key, nb in returned:  # keep every success, so a fixed notebook is the only one to re-run
        cache.put(key, keys[key], nb)
        executed[key] = nb
        report.executed.append(key)
    if failed is not None:
        raise failure(config, chapters, failed, output_dir)
    merged = {key: merge_outputs(current[key], executed[key]) for key in current}
    # Plain JSON (no schema validation, which costs more than the hash).
    digests = {key: hashlib.sha256(json.dumps(nb, sort_keys=True).encode()).hexdigest() for key, nb in merged.items()}

    stale = {}  # edition → (key, formats to write)
    for edition in editions:
        key = output_key(config, edition, [digests[chapter.key] for chapter in config.chapters_for(edition)])
        for fmt in formats:
            target = output_dir / f"coursebook-{edition}.{fmt}"
            if not force and manifest.current(edition, fmt, key, target):
                manifest.keep(edition, fmt, key)
                report.up_to_date.append(target)
                log(tr.gettext("{edition}, {format}: up to date ({path})", edition=edition_label(edition), format=fmt,
                               path=target))
            else:
                stale.setdefault(edition, (key, []))[1].append(fmt)
    # One pool renders the editions and lays out their pages: its workers start once.
    own_pool = pool is None
    if own_pool and stale and pool_size > 1:
        pool = process_pool(pool_size)
    try:
        htmls, pdfs = render_and_print(config, {edition: fmts for edition, (_key, fmts) in stale.items()}, merged,
                                       cache.directory, report.warnings, report.printed, pool)
        for edition, source in htmls.items():  # what the PDF is laid out from, word joiners and all
            atomic_write_text(print_source(cache.directory, edition), source)
        for fmt in FORMATS:  # written once all is rendered and printed: every HTML file, then every PDF
            for edition, (key, fmts) in stale.items():
                if fmt in fmts:
                    target = output_dir / f"coursebook-{edition}.{fmt}"
                    if fmt == "html":
                        atomic_write_text(target, screen_ties(htmls[edition]))
                    else:
                        atomic_write_bytes(target, pdfs[edition])
                    _wrote(report, manifest, key, target, edition, fmt, log)
    finally:
        if own_pool and pool is not None:
            pool.shutdown(cancel_futures=True)
    if report.executed:  # the inputs as they are now: this build's executions went into the cache
        inputs = inputs_keys(config, editions, environment, cache.directory, execute)
    manifest.save(inputs)
    return _finish(report, started, log)


def print_source(cache_dir: Path, edition: str) -> Path:
    """Where a build keeps the document ``edition``'s PDF was laid out from: the HTML edition but for
    its ties, which print as word joiners and read on screen as spans (``typography.screen_ties``)."""
    return cache_dir / "print" / f"coursebook-{edition}.html"


def _wrote(report, manifest, key, target, edition, fmt, log) -> None:
    manifest.keep(edition, fmt, key)
    report.written.append(target)
    log(tr.gettext("{edition}, {format}: {path}", edition=edition_label(edition), format=fmt, path=target))


def _up_to_date(report, wanted, started, log) -> BuildReport:
    """The report of a build whose outputs were all written from exactly the current inputs."""
    for edition, fmt, target in wanted:
        report.up_to_date.append(target)
        log(tr.gettext("{edition}, {format}: up to date ({path})", edition=edition_label(edition), format=fmt,
                       path=target))
    return _finish(report, started, log)


def _finish(report, started: float, log) -> BuildReport:
    report.seconds = time.perf_counter() - started
    # Repeated at the end (a missing chapter included) so no warning scrolls away unseen.
    for warning in sorted(set(report.warnings)):
        log(tr.gettext("warning: {text}", text=warning))
    log(tr.ngettext("Book built in {seconds:.1f} s: {n} notebook executed, {cached} from cache.",
                    "Book built in {seconds:.1f} s: {n} notebooks executed, {cached} from cache.",
                    len(report.executed), seconds=report.seconds, cached=len(report.cached)))
    return report


def _without_outputs(nb):
    blank = nb.copy()
    blank.cells = [cell.copy() for cell in nb.cells]
    for cell in blank.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return blank
