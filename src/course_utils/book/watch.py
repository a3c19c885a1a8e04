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
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from course_utils.book.config import book_css, load_config
from course_utils.book.pools import process_pool, start_fork_server
from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import Translator

tr = Translator("book")

RESTART = "restart"
# Folders a build writes or an editor keeps for itself: changes there are not edits.
SKIP_DIRS = frozenset({"_build", "_cache", "__pycache__", ".ipynb_checkpoints", ".git"})
# A change to one of these, in the library, is a change of code: the watch restarts.
CODE_SUFFIXES = (".py", ".mo")
LIBRARY_DIR = Path(__file__).resolve().parents[1]


def sources(root: Path, config_path: Path | None = None, output_dir: Path | None = None) -> dict:
    """What a watch polls: ``book`` (every chapter's notebook, the book folder with its
    configuration, matter, templates, CSS and notes, and the data folders), ``library``
    (the library the notebooks run, ``build.library``, and the one this command runs)
    and ``skip`` (the output and cache folders: the build writes there).
    """
    config = load_config(root, config_path)
    options = config.build_options
    book = [config.book_dir] + [chapter.path for chapter in config.chapters]
    book += [config.root_path(p) for p in options.get("data", [])]
    library = [config.root_path(p) for p in options.get("library", ["src/course_utils"])] + [LIBRARY_DIR]
    skip = [Path(output_dir) if output_dir else config.root_path(options.get("output_dir", "book/_build")),
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
        if path.is_file():
            stat = path.stat()
            found[path] = (stat.st_mtime_ns, stat.st_size)
        elif path.is_dir():
            _scan(path, skip, found)
    return found


def _scan(folder: Path, skip: frozenset, found: dict) -> None:
    # os.scandir: the entries' types come with the listing, a poll costs a few milliseconds.
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name in SKIP_DIRS or entry.name.startswith("."):
                continue
            path = folder / entry.name
            if entry.is_dir():
                if path not in skip:
                    _scan(path, skip, found)
            elif entry.is_file():
                stat = entry.stat()
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
          interval: float = 0.25, log=print, sleep=time.sleep) -> str:
    """Build with ``build(pool)``, then again after each change, until interrupted.

    Returns ``RESTART`` when the library's code changed (the caller starts a new process);
    Ctrl-C stops the watch (``KeyboardInterrupt`` is left to the caller). A build that fails
    with a course error prints it and waits for the next change; the last good book stays.
    """
    pool = None
    config = load_config(root, config_path)
    workers = int(config.build_options.get("workers", 2))  # as build_book sizes its pool
    try:
        if workers > 1:
            start_fork_server()
            pool = _warm_pool(workers, book_css(config))
        watched = sources(root, config_path, output_dir)
        seen = _poll(watched)
        while True:
            try:
                build(pool)
            except (CourseInputError, CourseDataError) as error:
                log(f"course book: {error}")  # i18n: not translated (the command's name, as the command prints it)
            except BrokenProcessPool:  # a worker died (out of memory, killed): start new ones
                log(tr.gettext("A worker process of the build stopped unexpectedly; new ones are started. Save a "
                               "file again to rebuild."))
                pool.shutdown(cancel_futures=True)
                pool = _warm_pool(workers, book_css(config))
            try:  # the configuration may list other chapters now
                watched = sources(root, config_path, output_dir)
            except (CourseInputError, CourseDataError) as error:
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
            pool.shutdown(cancel_futures=True)


def _warm_pool(workers: int, css: str):
    """The watch's workers, started now: each loads the renderer and the printer while the author edits."""
    pool = process_pool(workers, warm_css=css)
    for _ in range(workers):  # the pool starts a worker for each task it cannot hand to an idle one
        pool.submit(int)
    return pool


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
