"""``course quiz-grade SUBMISSIONS --out quiz-grades.csv``: score handed-in quiz answers against the plain banks."""

from __future__ import annotations

import argparse
from pathlib import Path

from course_utils.messages import msg

HELP = msg("bundle.quiz_grade_help")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", type=Path, help=msg("bundle.quiz_grade_folder_help"))
    parser.add_argument("--out", type=Path, default=Path("quiz-grades.csv"), help=msg("bundle.quiz_grade_out_help"))
    parser.add_argument("--attempt", choices=["first", "last"], default="first",
                        help=msg("bundle.quiz_grade_attempt_help"))
    parser.add_argument("--lessons", nargs="+", metavar="NN", help=msg("bundle.quiz_grade_lessons_help"))


def run(args: argparse.Namespace) -> int:
    from course_utils.instructor.quiz_answers import grade_folder, write_csv

    rows = grade_folder(args.submissions, attempt=args.attempt, lessons=args.lessons)
    out = write_csv(rows, args.out)
    print(msg("bundle.quiz_grade_done", rows=len(rows), learners=len({r["learner"] for r in rows}), out=out))
    return 0
