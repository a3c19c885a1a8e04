"""``course release OUT``: write the student bundle and prove nothing instructor-only is in it."""

from __future__ import annotations

import sys
from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("cli")

HELP = tr.gettext("Write the student bundle (lessons, exercises, the learner's library and data, sealed quizzes) to "
                  "OUT.")


def add_arguments(parser) -> None:
    parser.add_argument("out", type=Path, help=tr.gettext("a new (or empty) folder for the bundle"))
    parser.add_argument("--root", type=Path, default=Path("."), help=tr.gettext("the course repository (default: here)"))
    parser.add_argument("--language", default="en", choices=["en", "zh"],
                        help=tr.gettext("the language of the bundle: en (default) or zh (lessons/zh/, exercises/zh/)"))


def run(args) -> int:
    from course_utils.instructor import leaks
    from course_utils.instructor.release import build

    report = build(args.root, args.out, args.language)
    if report["findings"]:
        print(tr.ngettext("The bundle in {out} contains instructor material ({n} finding); it must not be handed "
                          "out:",
                          "The bundle in {out} contains instructor material ({n} findings); it must not be handed "
                          "out:", len(report["findings"]), out=report["out"]), file=sys.stderr)
        for path, kind, text in report["findings"][:40]:
            print(f"  {path}: {leaks.kind_label(kind)}: {text[:80]}", file=sys.stderr)
        return 1
    print(tr.gettext("Wrote the student bundle to {out}: {files} files. Leak scan: {strings} instructor strings "
                     "checked, none found.", **{k: v for k, v in report.items() if k not in ("findings", "kept")}))
    if report["kept"]:
        print(tr.gettext("Kept in the bundle because learner code imports it: {modules}.",
                         modules="; ".join(report["kept"])))
    return 0
