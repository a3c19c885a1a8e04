"""Rebuild the book each time one of its sources changes, with the workers kept warm.

``course book --watch``. Run as a command, a rebuild after a prose edit spends about
half its time starting worker processes and importing nbconvert and WeasyPrint into
them. While watching, one pool of workers lives as long as the watch: from the second
build on, each worker has both loaded, and an edit costs only the work it needs.

Changes are found by polling each source's modification time and size (no extra
package, and the same on every filesystem). A change to the library's code (its Python
modules or compiled catalogues) ends the watch with ``RESTART``: this process and its
workers hold the old code, so the command starts afresh.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from stat import S_ISREG

from course_utils.book.cache import SKIP_DIRS as CACHE_SKIP_DIRS
from course_utils.book.config import book_css, load_config
from course_utils.book.manifest import other_inputs
from course_utils.book.pools import process_pool, signals_handled, start_fork_server
from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import DEFAULT_LANGUAGE, Translator, using_language

tr = Translator("book")

RESTART = "restart"
# Folders a build writes, besides those no fingerprint reads: changes there are not edits
# (hidden folders, ``.git`` among them, are skipped too).
SKIP_DIRS = frozenset(CACHE_SKIP_DIRS | {"_build", "_cache"})
# A change to one of these, in the library, is a change of code: the watch restarts.
CODE_SUFFIXES = (".py", ".mo")
LIBRARY_DIR = Path(__file__).resolve().parents[1]


def sources(root: Path, config_path: Path | None = None, output_dir: Path | None = None,
            languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)) -> dict:
    """What a watch of the book in ``languages`` polls.

    ``book``: every chapter's notebook, the book folder (configuration, matter, templates,
    CSS, notes), the data folders and the other files the book prints from (quiz banks,
    rubrics, timeline); ``library``: the library the notebooks run (``build.library``) and
    the one this command runs; ``skip``: the output and cache folders (the build writes there).
    """
    book, library, skip = [], [LIBRARY_DIR], []
    for lang in languages:
        with using_language(lang):  # another language's book reads other notebooks and files
            config = load_config(root, config_path)
        options = config.build_options
        book += [config.book_dir] + [chapter.path for chapter in config.chapters] + other_inputs(config)
        book += [config.root_path(p) for p in options.get("data", [])]
        library += [config.root_path(p) for p in options.get("library", ["src/course_utils"])]
        skip += [Path(output_dir) if output_dir else config.root_path(options.get("output_dir", "book/_build")),
                 config.root_path(options.get("cache_dir", "book/_cache"))]
    return {"book": _unique(book), "library": _unique(library), "skip": frozenset(_unique(skip))}


def _unique(paths: list[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for path in paths:
        seen.setdefault(Path(path).resolve(), None)
    return list(seen)


def snapshot(paths: list[Path], skip: frozenset = frozenset()) -> dict[Path, tuple[int, int]]:
    """Each file under ``paths`` (files or folders, recursively, but not under ``skip``, nor in
    a hidden, cache or build folder) → (modification time, size).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ipynb").write_text("{}")
    >>> (folder / "_build").mkdir(); _ = (folder / "_build" / "book.pdf").write_text("%PDF")
    >>> [path.name for path in snapshot([folder])]
    ['a.ipynb']
    """
    found: dict[Path, tuple[int, int]] = {}
    for path in paths:
        if path.is_dir():
            _scan(path, skip, found)
        else:
            _stamp(path, path, found)
    return found


def _scan(folder: Path, skip: frozenset, found: dict) -> None:
    # os.scandir: the entries' types come with the listing, a poll costs a few milliseconds.
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return  # removed since it was listed: it is absent from this snapshot
    for entry in entries:
        if entry.name in SKIP_DIRS or entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            if path not in skip:
                _scan(path, skip, found)
        else:
            _stamp(entry, path, found)


def _stamp(entry, path: Path, found: dict) -> None:
    """Record ``path``'s modification time and size, unless it is gone (an editor's temporary
    file, a checkout under way) or is not a regular file."""
    try:
        stat = entry.stat()
    except (FileNotFoundError, NotADirectoryError):
        return
    if S_ISREG(stat.st_mode):
        found[path] = (stat.st_mtime_ns, stat.st_size)


def changes(before: dict, after: dict) -> list[Path]:
    """The files added, removed or modified between two snapshots, sorted.

    >>> changes({Path("a"): (1, 2), Path("b"): (1, 2)}, {Path("a"): (1, 3), Path("c"): (5, 5)})
    [PosixPath('a'), PosixPath('b'), PosixPath('c')]
    """
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def is_code(path: Path, library: list[Path]) -> bool:
    """Whether a change to ``path`` changes the code a build runs (a restart, not a rebuild).

    >>> is_code(Path("/c/src/course_utils/figures/hub.py"), [Path("/c/src/course_utils")])
    True
    >>> is_code(Path("/c/src/course_utils/quizbanks/hub.yaml"), [Path("/c/src/course_utils")])
    False
    >>> is_code(Path("/c/book/build.py"), [Path("/c/src/course_utils")])
    False
    """
    return path.suffix in CODE_SUFFIXES and any(path.is_relative_to(folder) for folder in library)


def watch(root: Path, build: Callable, *, config_path: Path | None = None, output_dir: Path | None = None,
          languages: tuple[str, ...] = (DEFAULT_LANGUAGE,), pdf: bool = True, interval: float = 0.25,
          log=print, sleep=time.sleep) -> str:
    """Build with ``build(pool)``, then again after each change, until interrupted.

    ``pdf``: whether the builds print (the workers then warm up WeasyPrint too). Returns
    ``RESTART`` when the library's code changed (the caller starts a new process); Ctrl-C
    stops the watch (``KeyboardInterrupt`` is left to the caller). A build that fails with a
    course error prints it and waits for the next change; the last good book stays.
    """
    pool, starting = None, []
    config = load_config(root, config_path)
    workers = int(config.build_options.get("workers", 2))  # as build_book sizes its pool
    warm_css = book_css(config) if pdf else ""
    try:
        if workers > 1:
            with _interrupts_deferred():  # stopped half-started, a worker would print a traceback
                start_fork_server()
                pool, starting = _warm_pool(workers, warm_css)
        watched = sources(root, config_path, output_dir, languages)
        seen = _poll(watched)
        while True:
            reported = None
            try:
                build(pool)
            except (CourseInputError, CourseDataError) as error:
                reported = f"course book: {error}"  # i18n: not translated (the command's name, as the command prints it)
                log(reported)
            except BrokenProcessPool:  # a worker died (out of memory, killed): start new ones
                log(tr.gettext("A worker process of the build stopped unexpectedly; new ones are started. Save a "
                               "file again to rebuild."))
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
                    pool, starting = _warm_pool(workers, warm_css)
            try:  # the configuration may list other chapters now
                watched, seen = _rewatch(watched, sources(root, config_path, output_dir, languages), seen)
            except (CourseInputError, CourseDataError) as error:
                if f"course book: {error}" != reported:  # i18n: not translated (as above)
                    log(f"course book: {error}")  # i18n: not translated (as above)
            log(tr.ngettext("Watching {count} file for changes (Ctrl-C stops).",
                            "Watching {count} files for changes (Ctrl-C stops).", len(seen), count=len(seen)))
            changed, seen = _next_change(watched, seen, interval, sleep)
            shown = ", ".join(_shown(path, root) for path in changed[:3])
            if len(changed) > 3:
                log(tr.ngettext("Changed: {names} and {count} more file", "Changed: {names} and {count} more files",
                                len(changed) - 3, names=shown, count=len(changed) - 3))
            else:
                log(tr.gettext("Changed: {names}", names=shown))
            if any(is_code(path, watched["library"]) for path in changed):
                log(tr.gettext("The course library changed: the watch starts again with the new code."))
                return RESTART
    finally:
        if pool is not None:
            # A second Ctrl-C while the workers stop would interrupt the clean-up itself; and a
            # worker still starting must be let finish (stopped half-started, it prints a traceback).
            with _interrupts_ignored():
                wait(starting, timeout=60)
                pool.shutdown(cancel_futures=True)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _interrupts_ignored():
    """Ctrl-C and SIGTERM have no effect in the block (the watch is stopping already)."""
    with signals_handled(signal.SIG_IGN, STOP_SIGNALS):
        yield


@contextmanager
def _interrupts_deferred():
    """Ctrl-C or SIGTERM during the block stops the watch at its end, once what it starts is known."""
    caught = []
    with signals_handled(lambda signum, frame: caught.append(signum), STOP_SIGNALS):
        yield
    if caught:
        raise KeyboardInterrupt


def _rewatch(watched: dict, new: dict, seen: dict) -> tuple[dict, dict]:
    """The sources as the configuration now lists them, and the snapshot to compare with: for
    files already watched, what was seen before the build (a change during it still counts);
    files newly watched as they are now (they are not a change); files no longer watched left out."""
    if new == watched:
        return watched, seen
    now = _poll(new)
    return new, {path: seen.get(path, stamp) for path, stamp in now.items()}


def _warm_pool(workers: int, css: str) -> tuple:
    """The watch's workers, started now: each loads the renderer and the printer while the author
    edits. Returns the pool and a task per worker, done once that worker is ready."""
    pool = process_pool(workers, warm_css=css)
    # The pool starts a worker for each task it cannot hand to an idle one.
    return pool, [pool.submit(int) for _ in range(workers)]


def _poll(watched: dict) -> dict:
    return snapshot(watched["book"] + watched["library"], watched["skip"])


def _next_change(watched: dict, seen: dict, interval: float, sleep) -> tuple[list[Path], dict]:
    """Wait until the sources differ from ``seen`` and have settled; (what changed, the new snapshot)."""
    while True:
        sleep(interval)
        now = _poll(watched)
        if not changes(seen, now):
            continue
        sleep(min(interval, 0.05))  # an editor may write a file in several steps: wait until it is done
        settled = _poll(watched)
        if not changes(now, settled):
            return changes(seen, settled), settled


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)
