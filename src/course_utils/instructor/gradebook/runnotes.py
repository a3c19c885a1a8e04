"""What a class run tells the instructor beside its counts: alerts first, then notes."""

from __future__ import annotations

from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("instructor")


def run_messages(base: Path, out: Path, unreadable: list[str], kept: list[str], flagged: tuple[set, set],
                 put_back: tuple[list[str], list[str], Path], aside: Path | None) -> tuple[list[str], list[str]]:
    """The run's messages; the first list is what must not be missed.

    ``flagged``: the learners whose notebooks ran while a trusted file changed, and those among
    them held to be the cause; ``put_back``: the files put back in ``out``, the notebooks put back in
    ``base`` and where their changed versions were copied; ``aside``: where the instructor's changed
    files were copied, if any were.
    """
    alerts, notes = [], []
    suspects, culprits = flagged
    restored, returned, returned_aside = put_back
    if returned:
        alerts.append(tr.gettext("WARNING: while the class was graded, something other than the grader changed "
                                 "learners' notebooks in {folder}: {files}. Every notebook was graded as it was "
                                 "handed in, and these were put back so, with their times (notebooks that appeared "
                                 "were removed); the changed versions are kept in {aside}. The notebooks held to be "
                                 "the cause scored 0, with a note: {learners}. Check those submissions.",
                                 folder=str(base), files=", ".join(returned), aside=str(returned_aside),
                                 learners=", ".join(sorted(culprits)) or "–"))
    if restored:
        alerts.append(tr.gettext("WARNING: while the class was graded, something other than the grader changed "
                                 "files it trusts in {out}: {files}. They were put back as they were before the "
                                 "run (files that appeared were removed). The notebooks held to be the cause scored 0, "
                                 "with a note: {learners}; where several ran at the time, each was graded again on its "
                                 "own, and only one that changed the files again is held to be the cause. Check those "
                                 "submissions.", out=str(out),
                                 files=", ".join(restored), learners=", ".join(sorted(culprits)) or "–"))
    cleared = sorted(set(suspects) - set(culprits))
    if cleared and (restored or returned):
        alerts.append(tr.gettext("Graded on their own, these notebooks changed nothing, and kept the score "
                                 "their work earns: {learners}.", learners=", ".join(cleared)))
    if aside is not None:
        alerts.append(tr.gettext("The changed versions of your own files (score sheets, overrides, roster) are kept "
                                 "in {folder}. If you edited them during the run, copy them back and grade again "
                                 "with --learner for the learners named above.", folder=str(aside)))
    if unreadable:
        notes.append(tr.gettext("Not graded: these folder names in {folder} are not UTF-8 text: {names}. Rename each "
                                "to its learner's id and grade again.", folder=str(base), names=", ".join(unreadable)))
    if kept:
        notes.append(tr.ngettext("Kept the stored results of {n} learner who has no folder in {folder}: {learners} "
                                 "(name a learner with --learner to record no submission instead).",
                                 "Kept the stored results of {n} learners who have no folder in {folder}: {learners} "
                                 "(name a learner with --learner to record no submission instead).", len(kept),
                                 folder=str(base), learners=", ".join(kept)))
    return alerts, notes
