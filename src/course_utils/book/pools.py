"""Worker processes for the book build that start clean.

Forking a process that runs threads (a test runner, a kernel client's I/O threads, the
font machinery) copies any lock one of them holds at that moment, and the child can hang
on it for ever. The book's pools therefore start their workers from a fork server, a
single-threaded process made for that purpose.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes forked from the fork server, never from this process."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))
