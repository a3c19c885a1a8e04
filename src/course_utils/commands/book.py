"""``course book``: build the course book (student and instructor editions, HTML and PDF)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, language, using_language

tr = Translator("cli")

# Each language by its own name, whatever the language of the messages.
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}  # i18n: not translated (names of languages)

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


def run(args) -> int:
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
        build()
        return 0
    from course_utils.book.watch import RESTART, watch

    # Ctrl-C (or `kill -INT`) is how a watch stops, even when started by a program that ignores it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        outcome = watch(root, build, config_path=config_path, output_dir=Path(args.output) if args.output else None,
                        log=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print(tr.gettext("Stopped watching."), flush=True)
        return 0
    if outcome == RESTART:  # this process holds the library's old code: run the same command afresh
        sys.stdout.flush()
        os.execv(sys.executable, [sys.executable, "-P", "-m", "course_utils.cli", *command_line(args)])
    return 0


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
