"""Worker processes for the book build that start clean.

Forking a process that runs threads (a test runner, a kernel client's I/O threads, the
font machinery) copies any lock one of them holds at that moment, and the child can hang
on it for ever. The book's pools therefore start their workers from a fork server, a
single-threaded process made for that purpose.

The fork server imports the renderer's own modules (Jinja, the book's templates' code)
and nbconvert once, before any worker is forked (nothing in them starts a thread); it
does so while the build reads the notebooks, so each worker starts with them loaded
(a prose edit: median 4.1 s against 4.5 s when each worker imported nbconvert itself).
WeasyPrint is left to the workers: one loads it while the other renders the first edition
(``editions.py``); imported in the fork server it holds up the first fork longer than it
saves (4.5 s against 4.4 s). A pool that serves many builds (``course book --watch``) has its workers
load it as they start (``warm_css``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from course_utils.book.pdf import warm_up

PRELOAD = ["course_utils.book.render", "course_utils.book.exporter", "nbconvert"]  # nothing here starts a thread (see above)


def _context():
    """The fork-server context, its preload set (it takes effect when the fork server starts)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_fork_server() -> None:
    """Start the fork server now, without waiting for it.

    It imports the renderer and nbconvert (about half a second) while the build checks its inputs,
    reads the notebooks and looks them up in the cache; the first pool then forks its workers at
    once. Starting it runs a fresh interpreter (fork and exec), which is safe with threads running.
    """
    from multiprocessing import forkserver

    _context()
    # Started ignoring Ctrl-C, the fork server and every worker it forks keep ignoring it from
    # their first instruction (an ignored signal stays ignored across exec): Ctrl-C is the
    # build's process's to handle, and a worker interrupted while it starts prints a traceback.
    with signals_handled(signal.SIG_IGN):
        forkserver.ensure_running()


def stop_fork_server() -> None:
    """Stop the fork server, if one runs, once a one-off build is done with it.

    Left to stop when this process exits, it first tears its interpreter down, nbconvert
    and all (about 0.1 s), holding the command's output open meanwhile; it has nothing to
    save, so it is stopped outright. The multiprocessing module keeps its process id to
    itself (Python 3.11): if that ever changes, the server is left to stop as before. A
    later build in the same process starts a new one.
    """
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None or not hasattr(server, "_stop"):
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server._stop()  # reaps it and removes its socket, as when it stops by itself


@contextmanager
def signals_handled(handler, signums=(signal.SIGINT,)):
    """``signums`` handled by ``handler`` in the block, as before after it (off the main thread,
    where Python handles no signal, the block runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum in signums}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def process_pool(workers: int, warm_css: str | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes forked from the fork server, never from this process.

    ``warm_css`` for a pool that serves many builds (``watch.py``): each worker, as it starts,
    loads nbconvert and, given the book's stylesheet (not an empty one: the builds print no
    PDF), WeasyPrint, printing a few lines in the book's fonts; the first build after an edit
    then does not pay for it.
    """
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_start,
                               initargs=(warm_css,))


def _start(css: str | None) -> None:
    ignore_interrupt()
    if css is None:
        return
    # Only a head start: whatever fails here fails again, with its message, in the build itself.
    try:
        import nbconvert  # noqa: F401  (what rendering a chapter loads first)

        if css:
            warm_up(css)
    except Exception:  # noqa: BLE001
        return


def ignore_interrupt() -> None:
    """Leave Ctrl-C to the build's own process.

    A terminal sends it to every process of the command; a worker waiting for its next
    task would die printing a traceback. The build's process stops the workers itself
    when it is interrupted (it shuts its pool down).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
