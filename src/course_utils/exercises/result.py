"""The outcome of checking one task, as the learner sees it (text, or HTML in a notebook)."""

from __future__ import annotations

from dataclasses import dataclass, field

from course_utils.i18n import Translator
from course_utils.render import render

tr = Translator("exercises")


def task_label(task_id: str) -> str:
    """A task's number as its heading prints it: the check of task "01.1" reports on Task 1.1.

    >>> task_label("01.1"), task_label("04.6"), task_label("this cell")
    ('1.1', '4.6', 'this cell')
    """
    lesson, dot, number = task_id.partition(".")
    return f"{int(lesson)}.{number}" if dot and lesson.isdigit() else task_id


@dataclass
class Result:
    """The outcome of checking one task."""

    task: str
    title: str
    status: str  # passed | partial | failed | not_attempted | written | unknown
    right: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def passed(self) -> int:
        return len(self.right)

    @property
    def total(self) -> int:
        return len(self.right) + len(self.wrong)

    def headline(self) -> str:
        """One line on how the task went, by its status."""
        passed, total = self.passed, self.total
        return {
            # "All 2 public checks" reads oddly in English: two checks are "both".
            "passed": lambda: tr.gettext("both public checks pass. Well done. Your instructor may run further checks "
                                         "when grading.") if total == 2 else
            tr.ngettext("the public check passes. Well done. Your instructor may run further checks when grading.",
                        "all {total} public checks pass. Well done. Your instructor may run further checks when "
                        "grading.", total, total=total),
            "partial": lambda: tr.gettext("{passed} of {total} public checks pass; see below what to fix.",
                                          passed=passed, total=total),
            "failed": lambda: tr.gettext("none of the {total} public checks pass yet; see the hints below.",
                                         total=total),
            "not_attempted": lambda: tr.gettext("not attempted yet."),
            "written": lambda: tr.gettext("an answer is there; your instructor will read it."),
            "unknown": lambda: tr.gettext("this check could not run; see below."),
        }[self.status]()

    def text(self) -> str:
        lines = [tr.gettext("Task {task} ({title}): {headline}", task=task_label(self.task), title=self.title,
                            headline=self.headline())]
        lines += [f"  ✓ {line}" for line in self.right]
        lines += [f"  ✗ {line}" for line in self.wrong]
        if self.note:
            lines.append(f"  {self.note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return render("exercises/check_result.html.j2", result=self, headline=self.headline(),
                      label=tr.gettext("Task {task} ({title})", task=task_label(self.task), title=self.title),
                      colon=tr.pgettext("between a task's label and its result", ": "))
