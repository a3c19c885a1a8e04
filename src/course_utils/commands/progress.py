"""``course progress``: a learner's saved quiz results, one row per lesson; ``--export FILE`` to hand them in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.messages import msg

HELP = msg("quiz.progress_help")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--learner", metavar="NAME", help=msg("quiz.progress_learner_help"))
    parser.add_argument("--dir", metavar="DIR", dest="directory", help=msg("quiz.progress_dir_help"))
    parser.add_argument("--export", metavar="FILE", type=Path, help=msg("bundle.progress_export_help"))


def table(rows: list[list[str]]) -> str:
    """Rows as a plain-text table with aligned columns (first row: the header).

    >>> print(table([["lesson", "answered"], ["01", "6"]]))
    lesson  answered
    ------  --------
    01      6
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from course_utils.quiz.progress import ProgressStore, export, summary

    store = ProgressStore(args.directory, args.learner)
    if args.export is not None:
        try:
            path = export(store, args.export)
        except OSError as error:
            raise CourseInputError(msg("bundle.export_failed", path=args.export,
                                       reason=error.strerror or type(error).__name__), "--export") from None
        print(msg("bundle.progress_exported", path=path))
        return 0
    lessons = store.lessons()
    if store.notice:
        print(store.notice, file=sys.stderr)
    if not lessons:
        print(msg("quiz.progress_none", learner=store.learner, path=store.path))
        return 0
    rows = [msg("quiz.progress_columns").split("|")]
    answered = correct = 0
    for lesson in sorted(lessons):
        info = summary(lessons[lesson])
        answered += info["answered"]
        correct += info["correct"]
        rows.append([lesson, str(info["answered"]), str(info["correct"]), str(info["last"]).replace("T", " ")])
    rows.append([msg("quiz.progress_total"), str(answered), str(correct), ""])
    print(msg("quiz.progress_heading", learner=store.learner, path=store.path))
    print(table(rows))
    return 0
