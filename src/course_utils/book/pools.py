"""Worker processes for the book build that start clean.

Forking a process that runs threads (a test runner, a kernel client's I/O threads, the
font machinery) copies any lock one of them holds at that moment, and the child can hang
on it for ever. The book's pools therefore start their workers from a fork server, a
single-threaded process made for that purpose.

The fork server imports the layout and rendering modules once, before any worker is
forked (nothing in them starts a thread), so a worker starts with them loaded instead
of spending a second importing WeasyPrint and nbconvert each time a pool opens.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

PRELOAD = ["course_utils.book.render"]


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes forked from the fork server, never from this process."""
    context = multiprocessing.get_context("forkserver")
    # Takes effect when the fork server starts (the first pool of this process).
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
