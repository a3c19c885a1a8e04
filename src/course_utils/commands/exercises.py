"""``course exercises``: make exercises/ from solutions/ (or check they agree)."""

from __future__ import annotations

from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("cli")

HELP = tr.gettext("Generate the exercise notebooks from the solution notebooks (--check: only verify).")


def add_arguments(parser) -> None:
    parser.add_argument("--solutions", default="solutions", type=Path, help=tr.gettext("folder of solution notebooks"))
    parser.add_argument("--out", default="exercises", type=Path, help=tr.gettext("folder for the exercise notebooks"))
    parser.add_argument("--check", action="store_true",
                        help=tr.gettext("write nothing; exit 1 if any exercise is not what the generator makes"))


def run(args) -> int:
    from course_utils.instructor.expected_table import table_path, write_table
    from course_utils.instructor.generate import generate

    changed = generate(args.solutions, args.out, check_only=args.check)
    # What the public checks expect, recorded from the instructor's references (exercises/expected.py).
    stale = write_table(check_only=args.check)
    if args.check:
        if stale:
            print(tr.gettext("{path} is not what the reference answers give the public checks. Run `course "
                             "exercises`.", path=str(table_path())))
        if changed:
            print(tr.gettext("These exercise notebooks are not what the generator makes from solutions/: {names}. "
                             "Run `course exercises`.", names=", ".join(changed)))
        if stale or changed:
            return 1
        print(tr.gettext("The exercise notebooks in {folder} match the solutions.", folder=str(args.out)))
        return 0
    if stale:
        print(tr.gettext("Wrote {path}: what the public checks expect.", path=str(table_path())))
    print(tr.ngettext("Wrote {n} exercise notebook to {folder}.", "Wrote {n} exercise notebooks to {folder}.",
                      len(changed), folder=str(args.out)))
    return 0
