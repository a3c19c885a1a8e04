"""The ``course`` command: one sub-command per module in ``course_utils.commands``.

Each command module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Command modules import heavy libraries inside ``run``, so
``course --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from course_utils.errors import CourseDataError, CourseInputError

COMMANDS = {
    "data": "course_utils.commands.data",
    "progress": "course_utils.commands.progress",
    "exercises": "course_utils.commands.exercises",
    "release": "course_utils.commands.release",
    "grade": "course_utils.commands.grade",
    "book": "course_utils.commands.book",
    "app": "course_utils.commands.app",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="course", description="Tools for the WeChat Channels course.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue  # a command whose module is not installed in this bundle (e.g. a student release)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except (CourseInputError, CourseDataError) as error:
        print(f"course {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"course {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
