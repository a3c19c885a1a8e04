"""Small cell predicates shared by the generator, the checks and the grader.

A task is identified by cell metadata (``metadata.course.task``), never by
position, so that deleted, moved or duplicated cells still grade.

>>> cell = {"cell_type": "markdown", "source": "", "metadata": {"tags": ["task"], "course": {"task": "01.2"}}}
>>> is_task(cell), task_id(cell)
(True, '01.2')
"""

from __future__ import annotations

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_ANSWER = "<!-- BEGIN ANSWER -->"
END_ANSWER = "<!-- END ANSWER -->"


def source_text(cell) -> str:
    """A cell's source as one string (nbformat allows a list of lines on disk)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def tags(cell) -> list[str]:
    value = cell.get("metadata", {}).get("tags", [])
    return list(value) if isinstance(value, list) else []


def course_meta(cell) -> dict:
    value = cell.get("metadata", {}).get("course", {})
    return value if isinstance(value, dict) else {}


def task_id(cell) -> str | None:
    """The stable task id of a cell (``"01.2"``), or None."""
    value = course_meta(cell).get("task")
    return str(value) if value is not None else None


def is_task(cell) -> bool:
    """A markdown task statement."""
    return cell.get("cell_type") == "markdown" and "task" in tags(cell)


def is_check(cell) -> bool:
    """A code cell that calls a learner check."""
    return cell.get("cell_type") == "code" and "check" in tags(cell)


def is_answer(cell) -> bool:
    """The cell that holds a learner's written answer (any cell type, if a learner changed it)."""
    return bool(course_meta(cell).get("answer"))


def has_solution(cell) -> bool:
    """A code cell with a solution region (or a stray marker, which the generator reports)."""
    text = source_text(cell)
    return cell.get("cell_type") == "code" and (BEGIN_SOLUTION in text or END_SOLUTION in text)


def has_answer(cell) -> bool:
    """A markdown cell with a written-answer region."""
    text = source_text(cell)
    return cell.get("cell_type") == "markdown" and (BEGIN_ANSWER in text or END_ANSWER in text)
