"""``course grade SUBMISSIONS --out gradebook.csv``: grade learners' exercise notebooks."""

from __future__ import annotations

from pathlib import Path

HELP = "Grade a folder of learners' exercise notebooks into a gradebook CSV and feedback files."


def add_arguments(parser) -> None:
    parser.add_argument("submissions", type=Path, help="folder with one sub-folder per learner")
    parser.add_argument("--out", type=Path, default=Path("gradebook.csv"), help="gradebook CSV to write")
    parser.add_argument("--hidden", type=Path, default=Path("solutions/hidden_checks.py"),
                        help="the instructor's hidden checks (default: solutions/hidden_checks.py)")
    parser.add_argument("--time-limit", type=int, default=120, help="seconds allowed per notebook")
    parser.add_argument("--workers", type=int, default=None, help="notebooks graded at once (default: cores)")


def run(args) -> int:
    from course_utils.errors import CourseInputError
    from course_utils.exercises.gradebook import grade_folder
    from course_utils.messages import msg

    if args.time_limit < 1:
        raise CourseInputError(msg("common.not_positive", name="--time-limit", value=args.time_limit), "time_limit")
    hidden = str(args.hidden.resolve()) if args.hidden.is_file() else None
    summary = grade_folder(args.submissions, args.out, hidden=hidden, time_limit=args.time_limit,
                           workers=args.workers)
    print(msg("exercises.grade_summary", **summary))
    return 0
