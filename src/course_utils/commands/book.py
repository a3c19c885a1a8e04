"""``course book``: build the course book (student and instructor editions, HTML and PDF)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, language, using_language

tr = Translator("cli")

# Each language by its own name, whatever the language of the messages.
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}  # i18n: not translated (names of languages)

RESTART_EXIT = 75  # a watch's exit status when the library changed: start it again (EX_TEMPFAIL)

HELP = tr.gettext("Build the course book: student and instructor editions, as PDF and HTML, into book/_build/.")


def add_arguments(parser) -> None:
    parser.add_argument("--edition", default="all", help=tr.gettext("student, instructor or all (default: all)"))
    parser.add_argument("--format", default="all", dest="fmt", help=tr.gettext("pdf, html or all (default: all)"))
    parser.add_argument("--root", default=".", help=tr.gettext("the course folder (default: the current folder)"))
    parser.add_argument("--config", default=None, help=tr.gettext("the book configuration (default: "
                                                                  "ROOT/book/book.yaml)"))
    parser.add_argument("--output", default=None, help=tr.gettext("output folder (default: ROOT/book/_build)"))
    parser.add_argument("--workers", default="2", help=tr.gettext("notebooks executed at once (default: 2)"))
    parser.add_argument("--force", action="store_true", help=tr.gettext("render again even if nothing changed"))
    parser.add_argument("--no-execute", action="store_false", dest="execute",
                        help=tr.gettext("print the notebooks with the outputs saved in them and run nothing (quick "
                                        "proofs; the outputs may be out of date)"))
    parser.add_argument("--language", default=None, choices=LANGUAGES + ("all",),
                        help=tr.gettext("en, zh or all (default: the course language, COURSE_LANG); the Chinese "
                                        "book goes to book/_build/zh/"))
    parser.add_argument("--watch", action="store_true",
                        help=tr.gettext("build, then build again each time a notebook, the book's files or the "
                                        "library change, until Ctrl-C (the workers stay loaded, so a rebuild after "
                                        "an edit is quicker)"))
    # The process that runs a watch for ``course book --watch`` (which starts it again when the library changes).
    parser.add_argument("--watch-process", action="store_true", help=argparse.SUPPRESS)


def run(args) -> int:
    if not args.watch:
        from course_utils.book.pools import start_fork_server

        # Before the build's own imports: its workers, which load nbconvert, are ready that much sooner.
        start_fork_server()
    from course_utils.book.build import build_book
    from course_utils.book.config import EDITIONS, FORMATS, parse_choice

    editions = parse_choice(args.edition, EDITIONS, "--edition")
    formats = parse_choice(args.fmt, FORMATS, "--format")
    try:
        workers = int(args.workers)
    except ValueError:
        workers = 0
    if not 1 <= workers <= 8:
        raise CourseInputError(tr.gettext("--workers should be a whole number from 1 to 8; got {value}.",
                                          value=args.workers), "--workers")
    root = Path(args.root)
    languages = LANGUAGES if args.language == "all" else (args.language or language(),)
    config_path = Path(args.config) if args.config else None

    def build(pool=None):
        for lang in languages:
            # Another language's book goes to its own folder: OUTPUT/zh/ beside the English one.
            output = Path(args.output) / lang if args.output and lang != DEFAULT_LANGUAGE else args.output
            with using_language(lang):
                if len(languages) > 1:
                    print(tr.gettext("== the book in {language}", language=LANGUAGE_NAMES[lang]), flush=True)
                build_book(root, editions, formats, config_path=config_path,
                           output_dir=Path(output) if output else None, workers=workers,
                           force=args.force, execute=args.execute, log=lambda line: print(line, flush=True),
                           pool=pool)

    if not args.watch:
        from course_utils.book.pools import stop_fork_server

        build()
        stop_fork_server()
        return 0
    if not args.watch_process:
        return supervise(args)
    from course_utils.book.watch import RESTART, watch

    # Ctrl-C (or `kill -INT`, or `kill -TERM` as an editor's stop button sends) ends a watch cleanly,
    # even when it was started by a program that ignores Ctrl-C.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        outcome = watch(root, build, config_path=config_path, output_dir=Path(args.output) if args.output else None,
                        languages=tuple(languages), pdf="pdf" in formats, log=lambda line: print(line, flush=True),
                        sleep=_unless_orphaned(time.sleep))
    except KeyboardInterrupt:
        for signum in (signal.SIGINT, signal.SIGTERM):  # stopping already: a second Ctrl-C changes nothing
            signal.signal(signum, signal.SIG_IGN)
        print(tr.gettext("Stopped watching."), flush=True)
        return 0
    return RESTART_EXIT if outcome == RESTART else 0


def supervise(args) -> int:
    """Run the watch in a process of its own, and again whenever it ends asking to (new library code).

    This process imports nothing heavy and outlives the watches: each one ends with its
    workers and fork server. A watch that fails to start again (a library saved half-edited)
    waits here for the next save; one that fails the first time ends the command with its
    message, as a build would. Ctrl-C, SIGTERM and a closed terminal (SIGHUP) are passed on
    to the watch, which stops its workers and says so.
    """
    from course_utils.book.watch import LIBRARY_DIR, snapshot

    command = [sys.executable, "-P", "-m", "course_utils.cli", *command_line(args), "--watch-process"]
    state = {"child": None, "stopping": False}

    def stop(signum, _frame):
        state["stopping"] = True
        _stop_watch(state["child"])

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    # What a failed start may be waiting for: the course, its configuration, the library.
    folders = [Path(args.root).resolve(), LIBRARY_DIR] + ([Path(args.config).resolve().parent] if args.config else [])
    started = 0
    while not state["stopping"]:
        # A process group of its own: a terminal's Ctrl-C reaches this process only, which passes it on once.
        state["child"] = subprocess.Popen(command, start_new_session=True)
        if state["stopping"]:  # stopped while the watch was being started
            _stop_watch(state["child"])
        code = state["child"].wait()  # a signal handled meanwhile does not end the wait (PEP 475)
        started += 1
        if state["stopping"] or code == 0:
            return 0
        if code == RESTART_EXIT:
            continue
        if started == 1:
            return code  # the first start failed: its message is above, as for a build
        print(tr.gettext("The watch stopped (see above). It starts again when a file of the course changes; "
                         "Ctrl-C stops."), flush=True)
        seen = snapshot(folders)
        while not state["stopping"] and snapshot(folders) == seen:
            time.sleep(0.5)
    print(tr.gettext("Stopped watching."), flush=True)
    return 0


def _stop_watch(child) -> None:
    if child is not None and child.poll() is None:
        child.send_signal(signal.SIGINT)  # to the watch alone: it stops its workers itself


def _unless_orphaned(sleep):
    """``sleep``, then stop the watch (as Ctrl-C would) if the command that started it is gone."""
    parent = os.getppid()

    def check(seconds: float) -> None:
        sleep(seconds)
        if os.getppid() != parent:
            raise KeyboardInterrupt

    return check


def command_line(args) -> list[str]:
    """The arguments that run ``args`` again (``course book ...``), for a watch that restarts.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); add_arguments(parser)
    >>> command_line(parser.parse_args(["--watch", "--language", "zh", "--format", "html"]))
    ['book', '--edition', 'all', '--format', 'html', '--root', '.', '--workers', '2', '--language', 'zh', '--watch']
    """
    line = ["book", "--edition", args.edition, "--format", args.fmt, "--root", args.root, "--workers", args.workers]
    for option, value in (("--config", args.config), ("--output", args.output), ("--language", args.language)):
        if value is not None:
            line += [option, value]
    if args.force:
        line.append("--force")
    if not args.execute:
        line.append("--no-execute")
    return line + ["--watch"]
