"""``course data``: list, regenerate and verify the course data sets."""

from __future__ import annotations

from course_utils.i18n import Translator

tr = Translator("cli")

HELP = tr.gettext("List the course data sets, regenerate the synthetic ones, or verify the shipped files.")


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help=tr.gettext("list the data sets with their row counts"))
    generate = actions.add_parser("generate", help=tr.gettext("write the synthetic data sets (seeded, reproducible)"))
    generate.add_argument("--out", metavar="DIR", default=None,
                          help=tr.gettext("folder to write to (default: the package's datafiles folder)"))
    verify = actions.add_parser("verify", help=tr.gettext("regenerate in a temporary folder and compare byte for "
                                                          "byte"))
    verify.add_argument("--reference", metavar="DIR", default=None,
                        help=tr.gettext("folder of files to check (default: the package's datafiles folder)"))


def run(args) -> int:
    if args.action == "generate":
        from course_utils.datagen import generate_all
        from course_utils.datagen.verify import datafiles_dir

        folder = args.out or datafiles_dir()
        paths = generate_all(folder)
        print(tr.ngettext("Wrote {n} file to {folder}.", "Wrote {n} files to {folder}.", len(paths), folder=folder))
        return 0
    if args.action == "verify":
        from course_utils.datagen.verify import verify

        results = verify(args.reference)
        for result in results:
            print(result.line)
        bad = sum(not result.ok for result in results)
        print(tr.gettext("{bad} of {count} data sets differ. Regenerate with `course data generate` if the change "
                         "to the generator was intended.", bad=bad, count=len(results)) if bad
              else tr.gettext("All {count} data sets match.", count=len(results)))
        return 1 if bad else 0
    from course_utils import datasets

    for name in datasets.list_datasets():
        title = datasets.card(name).splitlines()[0].lstrip("# ").strip()
        kind = tr.gettext("synthetic") if datasets.is_synthetic(name) else tr.gettext("real")
        print(tr.gettext("{name:<18} {kind:<10} {rows:>6} rows  {title}", name=name, kind=kind,
                         rows=len(datasets.load(name)), title=title))
    return 0
