"""Worker processes for the book build that start clean.

Forking a process that runs threads (a test runner, a kernel client's I/O threads, the
font machinery) copies any lock one of them holds at that moment, and the child can hang
on it for ever. The book's pools therefore start their workers from a fork server, a
single-threaded process made for that purpose.

The fork server imports the renderer (nbconvert, the figures) once, before any worker
is forked (nothing in it starts a thread), so the workers that render the two editions
start with it loaded. WeasyPrint is left to the workers: each imports it while the
other is still busy, which costs less than the fork server importing it first.
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor

from course_utils.book.pdf import warm_up

PRELOAD = ["course_utils.book.render"]  # nothing here starts a thread (see above)


def _context():
    """The fork-server context, its preload set (it takes effect when the fork server starts)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_fork_server() -> None:
    """Start the fork server now, without waiting for it.

    It imports the renderer (about half a second) while the build reads the notebooks and
    looks them up in the cache; the first pool then forks its workers at once. Starting
    it runs a fresh interpreter (fork and exec), which is safe with threads running.
    """
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def process_pool(workers: int, warm_css: str | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes forked from the fork server, never from this process.

    ``warm_css``, the book's stylesheet, for a pool that serves many builds (``watch.py``):
    each worker, as it starts, loads nbconvert and WeasyPrint and prints a few lines in the
    book's fonts, so that the first build after an edit does not pay for it.
    """
    if warm_css is None:
        return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=ignore_interrupt)
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_start_warm,
                               initargs=(warm_css,))


def _start_warm(css: str) -> None:
    import nbconvert  # noqa: F401  (what rendering a chapter loads first)

    ignore_interrupt()
    warm_up(css)


def ignore_interrupt() -> None:
    """Leave Ctrl-C to the build's own process.

    A terminal sends it to every process of the command; a worker waiting for its next
    task would die printing a traceback. The build's process stops the workers itself
    when it is interrupted (it shuts its pool down).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
