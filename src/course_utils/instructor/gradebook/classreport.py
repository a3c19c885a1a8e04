"""The class report: per assignment and per task, how the class did.

Per task: how many handed it in, the mean score, the share with full marks and
the check most often failed. Only public check labels are named (learners see
those in their own notebooks); a failed hidden check is counted as "a hidden
check", never described.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from course_utils.exercises import tasks
from course_utils.i18n import Translator
from course_utils.instructor.gradebook.classbook import ClassBook
from course_utils.render import render

tr = Translator("instructor")

_FAILED = "✗ "  # how a failed case starts in a check's text (checks.Result.text)


@lru_cache(maxsize=None)
def _labels(task_id: str) -> tuple[str, ...]:
    spec = tasks.find(task_id)
    if spec is None or spec.kind != "code":
        return ()
    # Longest first, so a label that begins with a shorter one is matched whole.
    return tuple(sorted((case.label for case in spec.public_cases()), key=len, reverse=True))


def _hidden_patterns() -> tuple[re.Pattern, ...]:
    # The grader's sentence in its singular and plural forms (Chinese has one form).
    forms = {tr.ngettext("{passed} of {total} further check passes.", "{passed} of {total} further checks pass.",
                         count, passed="\0", total="\1") for count in (1, 2)}
    return tuple(re.compile(re.escape(form).replace("\0", r"(?P<passed>\d+)").replace("\x01", r"(?P<total>\d+)"))
                 for form in sorted(forms))


def failed_checks(task_id: str, feedback: str) -> list[str]:
    """The public check labels a row's feedback reports as failed, plus "a hidden check" if any failed."""
    failed = []
    for line in feedback.splitlines():
        text = line.strip()
        if text.startswith(_FAILED):
            text = text[len(_FAILED):]
            failed.append(next((label for label in _labels(task_id) if text.startswith(label)),
                               text.split(": ")[0]))
    hidden = next(filter(None, (pattern.search(feedback) for pattern in _hidden_patterns())), None)
    if hidden and int(hidden["passed"]) < int(hidden["total"]):
        failed.append(tr.gettext("a hidden check"))
    return failed


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def task_statistics(book: ClassBook, notebook: str) -> list[dict]:
    stats = []
    for spec in tasks.for_notebook(notebook):
        rows = [row for row in book.rows if row["notebook"] == notebook and row["task"] == spec.id
                and row["status"] == "graded"]
        # A written task left blank scores 0 but is no answer scored (a score set by hand is).
        scored = [row for row in rows if row["score"] is not None and not row["blank"]]
        failed = Counter(label for row in rows for label in failed_checks(spec.id, row["feedback"]))
        # The most frequent failure; on a tie a public check (which says what to teach) before a hidden
        # one, then the label that sorts first, so reruns agree.
        hidden = tr.gettext("a hidden check")
        common = min(failed.items(), key=lambda item: (-item[1], item[0] == hidden, item[0])) if failed else None
        mean = sum(row["score"] for row in scored) / len(scored) if scored else None
        stats.append({
            "task": spec.id, "title": spec.title, "kind": spec.kind, "points": spec.points,
            "handed_in": len(rows), "scored": len(scored),
            "mean": "–" if mean is None else f"{mean:.2f}",
            "full": _percent(sum(1 for row in scored if row["score"] >= spec.points), len(scored)),
            "common": (tr.gettext("{label} ({count} of {of})", label=common[0], count=common[1], of=len(rows))
                       if common else "–"),
        })
    return stats


def assignment_statistics(book: ClassBook, notebook: str) -> dict:
    records = [book.records[(learner, notebook)] for learner in book.learners]
    graded = [record for record in records if record["status"] == "graded"]
    totals = [book.score(record["learner"], notebook)[0] for record in graded]
    undecided = sum(book.undecided(learner, notebook) for learner in book.learners)
    return {"name": Path(notebook).stem, "learners": len(records), "handed_in": len(graded),
            "missing": len(records) - len(graded) - undecided, "undecided": undecided,
            "late": sum(1 for r in graded if r.get("late")),
            "moved": sum(1 for r in graded if r.get("moved")),
            "possible": sum(spec.points for spec in tasks.for_notebook(notebook)),
            "mean": f"{sum(totals) / len(totals):.2f}" if totals else "–",
            "tasks": task_statistics(book, notebook)}


def report(book: ClassBook) -> str:
    """The class report as Markdown."""
    sections = [assignment_statistics(book, notebook) for notebook in book.assignments]
    return render("instructor/class_report.md.j2", learners=len(book.learners), sections=sections).strip() + "\n"
