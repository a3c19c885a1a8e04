"""Small cell predicates and the region markers, shared by the generator, the checks, the grader,
the leak scan and the book.

A task is identified by cell metadata (``metadata.course.task``), never by
position, so that deleted, moved or duplicated cells still grade.

>>> cell = {"cell_type": "markdown", "source": "", "metadata": {"tags": ["task"], "course": {"task": "01.2"}}}
>>> is_task(cell), task_id(cell)
(True, '01.2')

Region markers (nbgrader's spelling) are parsed here only, line by line: a marker is
exactly one of the strings below, alone on its line (indentation aside). A line that
looks like a marker but is spelt otherwise (``### begin solution``, ``### BEGIN  SOLUTION``,
``## BEGIN SOLUTION``) is an error, never ordinary text: read as text it would carry a
solution into a learner's handout.

>>> [role for _, role, _ in region_lines("a = 1\\n### BEGIN SOLUTION\\nb = 2\\n### END SOLUTION\\n", "code")]
['outside', 'begin', 'inside', 'end']
>>> region_lines("### BEGIN  SOLUTION\\nb = 2\\n", "code")
Traceback (most recent call last):
...
course_utils.exercises.utils.MarkerError: line 1: malformed '### BEGIN  SOLUTION'

This module imports nothing from course_utils (nbgrader's rule for its utils), so
every part of the package can use it; callers turn a :class:`MarkerError` into the
writer's message with :func:`course_utils.exercises.marker_errors.marker_message`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BEGIN_SOLUTION = "### BEGIN SOLUTION"  # i18n: not translated (marker syntax the notebooks are written in)
END_SOLUTION = "### END SOLUTION"  # i18n: not translated (marker syntax the notebooks are written in)
BEGIN_ANSWER = "<!-- BEGIN ANSWER -->"  # i18n: not translated (marker syntax the notebooks are written in)
END_ANSWER = "<!-- END ANSWER -->"  # i18n: not translated (marker syntax the notebooks are written in)
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"  # i18n: not translated (marker syntax the notebooks are written in)
END_HIDDEN = "### END HIDDEN TESTS"  # i18n: not translated (marker syntax the notebooks are written in)


@dataclass(frozen=True)
class Markers:
    """One kind of region: its markers and the cell type it belongs in."""

    kind: str
    begin: str
    end: str
    cell_type: str


SOLUTION = Markers("solution", BEGIN_SOLUTION, END_SOLUTION, "code")
HIDDEN = Markers("hidden", BEGIN_HIDDEN, END_HIDDEN, "code")
ANSWER = Markers("answer", BEGIN_ANSWER, END_ANSWER, "markdown")
ALL_MARKERS = (SOLUTION, HIDDEN, ANSWER)
# Anything a writer could have meant as a marker: any case, any spacing, any number of #.
_LOOKS_LIKE = re.compile(r"(?:#+|<!--)\s*(BEGIN|END)\s+(SOLUTION|ANSWER|HIDDEN\s+TESTS)\b", re.I)
_KINDS = {"solution": SOLUTION, "answer": ANSWER, "hidden tests": HIDDEN}  # i18n: not translated (marker words, lower-cased)


class MarkerError(ValueError):
    """A misplaced or malformed marker. ``problem`` names it (nested, unopened, unclosed, not_alone,
    malformed, wrong_cell_type), ``values`` fill its message; ``line`` is 1-based.
    ``key`` is the old message key, kept while callers still use ``messages.msg``."""

    def __init__(self, problem: str, line: int, **values):
        self.problem, self.line, self.values = problem, line, {"line": line, **values}
        self.key = f"exercises.marker_{problem}"
        super().__init__(f"line {line}: {problem} {values.get('found', values.get('marker', ''))!r}")


def _markers_of(line: str) -> Markers | None:
    match = _LOOKS_LIKE.search(line)
    return _KINDS[re.sub(r"\s+", " ", match.group(2).lower())] if match else None


def region_lines(source: str, cell_type: str) -> list[tuple[str, str, Markers | None]]:
    """Each line of a cell's ``source`` (with its newline) as ``(line, role, markers)``.

    ``role`` is ``outside``, ``begin``, ``inside`` or ``end``; ``markers`` is the region's
    kind (None outside). Raises :class:`MarkerError` for a nested, unopened, unclosed,
    not-alone or malformed marker, or one in the wrong cell type.
    """
    allowed = [m for m in ALL_MARKERS if m.cell_type == cell_type]
    result: list[tuple[str, str, Markers | None]] = []
    open_markers: Markers | None = None
    opened_at = 0
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        markers = _markers_of(line)
        if markers is None:
            result.append((line, "inside" if open_markers else "outside", open_markers))
            continue
        if markers not in allowed:
            raise MarkerError("wrong_cell_type", number, found=line.strip())
        stripped = line.strip()
        if stripped == markers.begin:
            if open_markers is not None:
                raise MarkerError("nested", number, marker=markers.begin, opened=opened_at)
            open_markers, opened_at = markers, number
            result.append((line, "begin", markers))
        elif stripped == markers.end:
            if open_markers is not markers:
                raise MarkerError("unopened", number, marker=markers.end, begin=markers.begin)
            open_markers = None
            result.append((line, "end", markers))
        elif markers.begin in line or markers.end in line:
            raise MarkerError("not_alone", number, marker=markers.begin if markers.begin in line else markers.end)
        else:
            raise MarkerError("malformed", number, found=stripped, begin=markers.begin, end=markers.end)
    if open_markers is not None:
        raise MarkerError("unclosed", opened_at, marker=open_markers.begin, end=open_markers.end)
    return result


def cell_regions(cell) -> list[tuple[str, str, Markers | None]]:
    """:func:`region_lines` of a cell (raw cells hold no regions)."""
    return region_lines(source_text(cell), cell.get("cell_type", ""))


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

