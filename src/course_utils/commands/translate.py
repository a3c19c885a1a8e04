"""``course translate``: the translated course from the English one and its catalogues."""

from __future__ import annotations

from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("cli")

HELP = tr.gettext("Update the translation catalogues of the course's documents and write the translated "
                  "course (--check: only verify).")


def add_arguments(parser) -> None:
    parser.add_argument("--language", default="zh", choices=["zh"], help=tr.gettext("the language to write"))
    parser.add_argument("--root", type=Path, default=Path("."), help=tr.gettext("the course repository (default: here)"))
    parser.add_argument("--run", action="store_true",
                        help=tr.gettext("execute every translated lesson and solution again (after a library change), "
                                        "not only those whose cells changed"))
    parser.add_argument("--check", action="store_true",
                        help=tr.gettext("write nothing; exit 1 if a translated file is stale or a message is not "
                                        "translated"))


def run(args) -> int:
    from course_utils.instructor import translated_course
    from course_utils.instructor.repository import require_course

    root = require_course(args.root).resolve()
    if args.check:
        stale = translated_course.stale(root, args.language)
        problems = translated_course.all_problems(root, args.language)
        for line in [tr.gettext("out of date: {name}", name=name) for name in stale] + problems:
            print(line)
        if stale:
            print(tr.gettext("Run `course translate` to bring them up to date."))
        return 1 if stale or problems else 0
    for name in translated_course.update(root, args.language, run_all=args.run, say=print):
        print(tr.gettext("wrote {name}", name=name))
    problems = translated_course.all_problems(root, args.language)
    print(tr.ngettext("{n} message still needs a translation.", "{n} messages still need a translation.",
                      len(problems)) if problems else tr.gettext("Every message is translated."))
    return 0
