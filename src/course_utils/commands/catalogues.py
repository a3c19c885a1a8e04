"""``course catalogues``: extract the library's messages, update the translations, compile them."""

from __future__ import annotations

from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("cli")

HELP = tr.gettext("Update the gettext catalogues from the code (--check: only verify they are current).")


def add_arguments(parser) -> None:
    parser.add_argument("--check", action="store_true",
                        help=tr.gettext("write nothing; exit 1 if a catalogue is out of date or a translation is "
                                        "missing or broken"))


def run(args) -> int:
    import course_utils
    from course_utils.instructor import catalogues

    package = Path(course_utils.__file__).resolve().parent
    if args.check:
        stale = catalogues.stale_files(package)
        problems = catalogues.translation_problems(package)
        for line in [tr.gettext("out of date: {name}", name=name) for name in stale] + problems:
            print(line)
        if stale:
            print(tr.gettext("Run `course catalogues` to bring them up to date."))
        return 1 if stale or problems else 0
    changed = catalogues.write(package)
    for name in changed:
        print(tr.gettext("wrote {name}", name=name))
    problems = catalogues.translation_problems(package)
    for line in problems:
        print(line)
    print(tr.ngettext("{n} catalogue file written.", "{n} catalogue files written.", len(changed)) if changed
          else tr.gettext("The catalogues are up to date."))
    return 1 if problems else 0
