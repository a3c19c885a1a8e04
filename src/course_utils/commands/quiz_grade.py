"""``course quiz-grade SUBMISSIONS --out quiz-grades.csv``: score handed-in quiz answers against the plain banks."""

from __future__ import annotations

import argparse
from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("cli")


HELP = tr.gettext("Score learners' handed-in quiz answers (progress.json in each learner's folder) against the "
                  "plain quiz banks; write a CSV.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", type=Path, help=tr.gettext("a folder with one folder per learner, each "
                                                                  "holding the progress.json the learner handed in"))
    parser.add_argument("--out", type=Path, default=Path("quiz-grades.csv"), help=tr.gettext("the CSV to write (default: "
                                                                                             "quiz-grades.csv)"))
    parser.add_argument("--attempt", choices=["first", "last"], default="first",
                        help=tr.gettext("which answer counts: the first one the learner checked (default) or the "
                                        "latest"))
    parser.add_argument("--lessons", nargs="+", metavar="NN", help=tr.gettext("only these lessons (for example 01 "
                                                                              "03; default: every lesson with a quiz)"))


def run(args: argparse.Namespace) -> int:
    from course_utils.instructor.quiz_answers import grade_folder, write_csv

    rows = grade_folder(args.submissions, attempt=args.attempt, lessons=args.lessons)
    out = write_csv(rows, args.out)
    learners = len({r["learner"] for r in rows})
    print(tr.ngettext("Wrote {rows} rows for {n} learner to {out}.", "Wrote {rows} rows for {n} learners to {out}.",
                      learners, rows=len(rows), out=out))
    return 0
