"""``course grade SUBMISSIONS``: grade learners' exercise notebooks into ``grades/``."""

from __future__ import annotations

from pathlib import Path

DEFAULT_HIDDEN = Path("solutions/hidden_checks.py")
HELP = "Grade a folder of learners' exercise notebooks: gradebooks, LMS exports, feedback and a class report."


def add_arguments(parser) -> None:
    parser.add_argument("submissions", type=Path, help="folder with one sub-folder per learner")
    parser.add_argument("--out", type=Path, default=Path("grades"),
                        help="folder for results, gradebooks, feedback and score sheets (default: grades/)")
    parser.add_argument("--assignment", action="append", metavar="NN",
                        help="grade only this exercise (03, 03-commerce-loop or all; repeatable); "
                             "default: every exercise someone handed in")
    parser.add_argument("--learner", action="append", metavar="ID",
                        help="grade only this learner (repeatable); other learners' results are kept")
    parser.add_argument("--roster", type=Path, default=None,
                        help="CSV of the class (learner_id,name[,email,sis_id,canvas_id,section]); kept in --out")
    parser.add_argument("--deadline", default=None, metavar="WHEN",
                        help="ISO date and time (2026-12-01T23:59, local, or with +08:00); later files are late")
    parser.add_argument("--hidden", type=Path, default=None,
                        help="the instructor's hidden checks (default: solutions/hidden_checks.py, if there)")
    parser.add_argument("--rubrics", type=Path, default=Path("solutions/rubrics.md"),
                        help="rubrics shown beside the written answers (default: solutions/rubrics.md)")
    parser.add_argument("--time-limit", type=int, default=120, help="seconds allowed per notebook")
    parser.add_argument("--workers", type=int, default=None, help="notebooks graded at once (default: cores)")


def run(args) -> int:
    from course_utils.errors import CourseInputError
    from course_utils.instructor.gradebook.classrun import grade_class
    from course_utils.messages import msg

    for name, value in (("--time-limit", args.time_limit), ("--workers", args.workers)):
        if value is not None and value < 1:
            raise CourseInputError(msg("grading.not_positive", name=name, value=value), name.strip("-"))
    if args.hidden is not None and not args.hidden.is_file():
        raise CourseInputError(msg("grading.no_hidden_file", path=str(args.hidden)), "hidden")
    hidden_file = args.hidden or DEFAULT_HIDDEN
    hidden = str(hidden_file.resolve()) if hidden_file.is_file() else None
    if hidden is None:
        print(msg("grading.public_checks_only", path=str(DEFAULT_HIDDEN)))
    summary = grade_class(args.submissions, args.out, assignments=args.assignment, learners=args.learner,
                          roster=args.roster, deadline=args.deadline, hidden=hidden, rubrics=args.rubrics,
                          time_limit=args.time_limit, workers=args.workers)
    print(msg("grading.summary", **summary))
    if summary["notes"]:
        print(msg("grading.summary_notes"))
        for note in summary["notes"]:
            print(f"  {note}")
    if summary["strangers"]:
        print(msg("grading.summary_strangers", learners=", ".join(summary["strangers"])))
    if summary["blank_lms"]:
        print(msg("grading.summary_blank_lms", count=summary["blank_lms"]))
    for warning in summary["warnings"]:
        print(warning)
    return 0
