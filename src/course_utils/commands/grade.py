"""``course grade SUBMISSIONS``: grade learners' exercise notebooks into ``grades/``."""

from __future__ import annotations

import sys
from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("cli")

DEFAULT_HIDDEN = Path("solutions/hidden_checks.py")
DEFAULT_RUBRICS = Path("solutions/rubrics.md")
HELP = tr.gettext("Grade a folder of learners' exercise notebooks: gradebooks, LMS exports, feedback and a class "
                  "report.")


def add_arguments(parser) -> None:
    parser.add_argument("submissions", type=Path, help=tr.gettext("folder with one sub-folder per learner"))
    parser.add_argument("--out", type=Path, default=Path("grades"),
                        help=tr.gettext("folder for results, gradebooks, feedback and score sheets (default: "
                                        "grades/)"))
    parser.add_argument("--assignment", action="append", metavar="NN",
                        help=tr.gettext("grade only this exercise (03, 03-commerce-loop or all; repeatable); "
                                        "default: every exercise someone handed in"))
    parser.add_argument("--learner", action="append", metavar="ID",
                        help=tr.gettext("grade only this learner (repeatable); other learners' results are kept"))
    parser.add_argument("--roster", type=Path, default=None,
                        help=tr.gettext("CSV of the class (learner_id,name[,email,sis_id,canvas_id,section]); kept "
                                        "in --out"))
    parser.add_argument("--deadline", default=None, metavar="WHEN",
                        help=tr.gettext("ISO date and time (2026-12-01T23:59, local, or with +08:00); later files "
                                        "are late"))
    parser.add_argument("--hidden", type=Path, default=None,
                        help=tr.gettext("the instructor's hidden checks (default: solutions/hidden_checks.py, if "
                                        "there)"))
    parser.add_argument("--rubrics", type=Path, default=None,
                        help=tr.gettext("rubrics shown beside the written answers (default: solutions/rubrics.md, if "
                                        "there)"))
    parser.add_argument("--time-limit", type=int, default=120, help=tr.gettext("seconds allowed per notebook"))
    parser.add_argument("--workers", type=int, default=None, help=tr.gettext("notebooks graded at once (default: "
                                                                             "cores)"))


def run(args) -> int:
    from course_utils.errors import CourseInputError
    from course_utils.instructor.gradebook.classrun import grade_class

    for name, value in (("--time-limit", args.time_limit), ("--workers", args.workers)):
        if value is not None and value < 1:
            raise CourseInputError(tr.gettext("{name} must be a whole number of at least 1; got {value}.", name=name,
                                              value=value), name.strip("-"))
    if args.hidden is not None and not args.hidden.is_file():
        raise CourseInputError(tr.gettext("--hidden {path} does not exist; give the instructor's hidden checks file "
                                          "(solutions/hidden_checks.py).", path=str(args.hidden)), "hidden")
    hidden_file = args.hidden or DEFAULT_HIDDEN
    hidden = str(hidden_file.resolve()) if hidden_file.is_file() else None
    if hidden is None:
        print(tr.gettext("No hidden checks ({path} is not here): grading with the public checks only; give --hidden "
                         "to add them.", path=str(DEFAULT_HIDDEN)))
    if args.rubrics is not None and not args.rubrics.is_file():
        raise CourseInputError(tr.gettext("--rubrics {path} does not exist; give the instructor's rubrics file "
                                          "(solutions/rubrics.md).", path=str(args.rubrics)), "rubrics")
    rubrics = args.rubrics or DEFAULT_RUBRICS
    if not rubrics.is_file():
        rubrics = None
        print(tr.gettext("No rubrics ({path} is not here): the written answers' reading copies show none; give "
                         "--rubrics to add them.", path=str(DEFAULT_RUBRICS)))
    summary = grade_class(args.submissions, args.out, assignments=args.assignment, learners=args.learner,
                          roster=args.roster, deadline=args.deadline, hidden=hidden, rubrics=rubrics,
                          time_limit=args.time_limit, workers=args.workers)
    # One count per sentence, so that each takes its own plural form.
    print(" ".join([
        tr.ngettext("Graded {n} notebook in {seconds:.1f} s.", "Graded {n} notebooks in {seconds:.1f} s.",
                    summary["notebooks"], seconds=summary["seconds"]),
        tr.gettext("Learners: {learners}; assignments: {assignments}; notebooks not handed in: {missing}.", **summary),
        tr.gettext("Gradebook: {gradebook}; feedback: {feedback}; written answers to score: {written}; class "
                   "report: {report}.", **summary)]))
    if summary["notes"]:
        print(tr.gettext("Submissions not where they were expected:"))
        for note in summary["notes"]:
            print(f"  {note}")
    if summary["strangers"]:
        print(tr.gettext("Folders not on the roster (graded; check the spelling or add them to the roster): "
                         "{learners}.", learners=", ".join(summary["strangers"])))
    if summary["blank_lms"]:
        print(tr.ngettext("{n} assignment grade is left empty in canvas.csv and moodle.csv until its written "
                          "answers are scored.",
                          "{n} assignment grades are left empty in canvas.csv and moodle.csv until their written "
                          "answers are scored.", summary["blank_lms"]))
    for warning in summary["warnings"]:
        print(warning)
    for alert in summary.get("alerts", []):  # files a submission changed: said where it is seen, and in the status
        print(alert, file=sys.stderr)
    return 1 if summary.get("alerts") else 0
