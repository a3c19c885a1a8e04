"""The ``course`` command: one sub-command per module in ``course_utils.commands``.

Each command module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Command modules import heavy libraries inside ``run``, so
``course --help`` stays fast.

The learner's edition (a student bundle, :mod:`course_utils.edition`) offers only
the learner's commands; asking it for an instructor's command says so, by name.
"""

from __future__ import annotations

import importlib
import sys

from course_utils.cliparser import ArgumentParser
from course_utils.edition import LEARNER, edition
from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import Translator

tr = Translator("cli")

# What a learner runs; the student bundle ships these commands only.
LEARNER_COMMANDS = {
    "progress": "course_utils.commands.progress",
    "fonts": "course_utils.commands.fonts",
    "data": "course_utils.commands.data",
}
# What an instructor runs in the course repository: left out of the student bundle.
INSTRUCTOR_COMMANDS = {
    "exercises": "course_utils.commands.exercises",
    "catalogues": "course_utils.commands.catalogues",
    "translate": "course_utils.commands.translate",
    "release": "course_utils.commands.release",
    "grade": "course_utils.commands.grade",
    "quiz-grade": "course_utils.commands.quiz_grade",
    "book": "course_utils.commands.book",
    "app": "course_utils.commands.app",
}
COMMANDS = {**LEARNER_COMMANDS, **INSTRUCTOR_COMMANDS}


def available_commands() -> dict[str, str]:
    """The commands of this edition: all of them in the repository, the learner's in a bundle."""
    return dict(LEARNER_COMMANDS) if edition() == LEARNER else dict(COMMANDS)


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="course", description=tr.gettext("Tools for the WeChat Channels course."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in available_commands().items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue  # a command whose module is not installed here
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in INSTRUCTOR_COMMANDS and argv[0] not in available_commands():
        print(f"course {argv[0]}: " + tr.gettext("`course {command}` is an instructor's command, and this is the "
                                                 "learner's edition of the course (the student bundle), which does "
                                                 "not include it. Commands here: {commands}. Your instructor runs "
                                                 "`course {command}` in the course's own repository.",
                                                 command=argv[0], commands=", ".join(available_commands())), file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except (CourseInputError, CourseDataError) as error:
        print(f"course {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"course {args.command}: " + tr.gettext("interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
