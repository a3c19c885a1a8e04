"""Render the book's editions and print them, in the build's pool of workers.

Editions that are only rendered, or printed whole, render side by side. Editions printed part
by part (:func:`_render_while_printing`): one worker renders the first edition and then the
next, while the other loads WeasyPrint and then lays out the first edition's changed parts,
as soon as its HTML arrives. After a prose edit, that layout is short (``relayout.py``: only
the pages the edit changes), so what decides the time is how soon a worker has WeasyPrint
loaded; no worker loads it that will not lay anything out.
"""

from __future__ import annotations

from concurrent.futures import Future
from functools import partial
from pathlib import Path

from course_utils.book.bodycache import BodyCache, renderer_fingerprint
from course_utils.book.cache import tree_fingerprint
from course_utils.book.config import book_files
from course_utils.book.pagecache import PageCache, print_environment
from course_utils.book.parts import GROUP_WEIGHT
from course_utils.book.pdf import load_printing, write_pdf
from course_utils.book.printer import PrintReport, print_editions
from course_utils.i18n import language, using_language


def render_and_print(config, formats: dict[str, list[str]], merged: dict, cache_dir: Path, warnings: list[str],
                     printed: PrintReport, pool=None) -> tuple[dict[str, str], dict[str, bytes]]:
    """Each edition's HTML, and its PDF where ``formats`` (edition → formats to write) asks for one.

    ``merged``: each chapter's notebook with its outputs; chapter bodies and laid-out parts are
    cached under ``cache_dir``; the renders' warnings go into ``warnings``, what the print did into
    ``printed``; ``pool``: the build's workers (None: everything runs in this process).
    """
    editions = list(formats)
    if not editions:
        return {}, {}
    bodies_dir, pages_dir = cache_dir / "bodies", cache_dir / "pages"
    workers = int(config.build_options.get("workers", 2))
    if pool is not None and config.build_options.get("pdf_parts", True) and all("pdf" in f for f in formats.values()):
        return _render_while_printing(config, editions, merged, bodies_dir, pages_dir, warnings, printed, pool,
                                      workers)
    if len(editions) > 1 and pool is not None:
        count = len(editions)
        rendered = list(pool.map(_render_one, [config] * count, editions, [merged] * count, [bodies_dir] * count,
                                 [language()] * count))
    else:
        rendered = [_render_one(config, edition, merged, bodies_dir, language()) for edition in editions]
    htmls = _rendered(dict(zip(editions, rendered)), warnings, bodies_dir)
    printing = {edition: htmls[edition] for edition in editions if "pdf" in formats[edition]}
    if pool is not None and printing:
        _load_printing(pool, workers)  # while this process splits the editions
    return htmls, _print(config, printing, pages_dir, printed, workers, pool)


def _render_while_printing(config, editions: list[str], merged: dict, bodies_dir: Path, pages_dir: Path,
                           warnings: list[str], printed: PrintReport, pool, workers: int) -> tuple[dict, dict]:
    """Each edition's HTML and PDF, the editions rendered and printed in ``pool`` as the module's text says."""
    renders = {}

    def start(edition: str) -> Future:
        renders[edition] = pool.submit(_render_one, config, edition, merged, bodies_dir, language())
        html: Future = Future()
        renders[edition].add_done_callback(partial(_html_of, html))
        return html

    first = start(editions[0])
    # The other workers load WeasyPrint while the first renders; the next edition is rendered
    # once the first one's parts are queued (``print_editions``: an edit's one or two layouts
    # go first, to a worker with WeasyPrint loaded), and its worker then loads what joining takes.
    _load_printing(pool, workers - 1)

    def start_others() -> dict[str, Future]:
        started = {edition: start(edition) for edition in editions[1:]}
        pool.submit(load_printing, layout=False)
        return started

    pdfs = _print(config, {editions[0]: first.result()}, pages_dir, printed, workers, pool,
                  start_rendering=start_others)
    return _rendered({edition: renders[edition].result() for edition in editions}, warnings, bodies_dir), pdfs


def _render_one(config, edition: str, merged: dict, bodies_dir: Path, lang: str) -> tuple[str, list[str], list[str]]:
    """One edition's HTML, its warnings and the chapter bodies it used (run in a worker)."""
    # Imported here: the renderer loads nbconvert and the figures (matplotlib), which a
    # rebuild with nothing to render does not need.
    from course_utils.book.render import render_book

    found: list[str] = []
    # A worker starts clean: the language of the build travels with the task.
    with using_language(lang):
        bodies = BodyCache(bodies_dir, renderer_fingerprint(config, edition))
        html = render_book(config, edition, merged, found, render_body=bodies.render,
                           font_cache=bodies_dir.parent / "fonts", template_cache=bodies_dir.parent / "templates")
    return html, found, bodies.used


def _html_of(html: Future, render: Future) -> None:
    """Pass a finished render's HTML (or its failure) on to ``html``."""
    if render.cancelled():
        html.cancel()
    elif render.exception() is not None:
        html.set_exception(render.exception())
    else:
        html.set_result(render.result()[0])


def _rendered(rendered: dict, warnings: list[str], bodies_dir: Path) -> dict[str, str]:
    """Each edition's HTML, given its render's result; the renders' warnings go into ``warnings``."""
    # The clean-up runs here, once for both editions: two workers rewriting the list of bodies
    # in use at the same moment would each drop the other's list, and delete its bodies.
    BodyCache.keep_only(bodies_dir, {edition: used for edition, (_html, _found, used) in rendered.items()})
    for _html, found, _used in rendered.values():
        warnings.extend(found)
    return {edition: html for edition, (html, _found, _used) in rendered.items()}


def _load_printing(pool, count: int) -> None:
    """Queue ``count`` imports of the print step in ``pool``: each is taken by a worker at its next idle
    moment (in a worker that has them, a no-op)."""
    for _ in range(count):
        pool.submit(load_printing)


def _print(config, htmls: dict, pages_dir: Path, printed: PrintReport, workers: int, pool=None,
           start_rendering=None) -> dict[str, bytes]:
    """Each edition's PDF: printed part by part through the page cache, or whole if so configured.

    ``start_rendering``: starts the other editions' renders, for :func:`print_editions` (parts only).
    """
    if not htmls and start_rendering is None:
        return {}
    base_url = str(config.book_dir) + "/"
    if config.build_options.get("pdf_parts", True):
        cache = PageCache(pages_dir, print_environment(tree_fingerprint(book_files(config))))
        return print_editions(htmls, base_url, cache, workers=workers,
                              part_size=int(config.build_options.get("pdf_part_size", GROUP_WEIGHT)),
                              report=printed, pool=pool, start_rendering=start_rendering)
    names = list(htmls)
    if len(names) > 1 and pool is not None:
        return dict(zip(names, pool.map(write_pdf, [htmls[n] for n in names], [base_url] * len(names))))
    return {name: write_pdf(htmls[name], base_url) for name in names}
