"""``course progress``: a learner's saved quiz results, one row per lesson; ``--export FILE`` to hand them in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("cli")

HELP = tr.gettext("show a learner's saved quiz results, lesson by lesson")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--learner", metavar="NAME", help=tr.gettext("learner name (default: COURSE_LEARNER or your "
                                                                     "user name)"))
    parser.add_argument("--dir", metavar="DIR", dest="directory", help=tr.gettext("folder holding progress.json "
                                                                                  "(default: COURSE_PROGRESS_DIR, else "
                                                                                  "$XDG_DATA_HOME/wechat-channels-course)"))
    parser.add_argument("--export", metavar="FILE", type=Path, help=tr.gettext("write your quiz results and answers "
                                                                               "to FILE (or to FOLDER/progress.json), "
                                                                               "to hand in with your exercises"))


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
            raise CourseInputError(tr.gettext("--export: cannot write {path} ({reason}).", path=args.export,
                                              reason=error.strerror or type(error).__name__), "--export") from None
        print(tr.gettext("Wrote your quiz results and answers to {path}; hand it in with your exercise notebooks.",
                         path=path))
        return 0
    lessons = store.lessons()
    if store.notice:
        print(store.notice, file=sys.stderr)
    if not lessons:
        print(tr.gettext("No quiz results yet for {learner} (looked in {path}).", learner=store.learner,
                         path=store.path))
        return 0
    rows = [[tr.pgettext("progress table column", "lesson"), tr.pgettext("progress table column", "answered"),
             tr.pgettext("progress table column", "correct"), tr.pgettext("progress table column", "last attempt")]]
    answered = correct = 0
    for lesson in sorted(lessons):
        info = summary(lessons[lesson])
        answered += info["answered"]
        correct += info["correct"]
        rows.append([lesson, str(info["answered"]), str(info["correct"]), str(info["last"]).replace("T", " ")])
    rows.append([tr.gettext("total"), str(answered), str(correct), ""])
    print(tr.gettext("Quiz results for {learner} ({path})", learner=store.learner, path=store.path))
    print(table(rows))
    return 0
