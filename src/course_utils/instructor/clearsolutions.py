"""Replace solution regions with stubs (modelled on nbgrader's ``ClearSolutions``).

In code, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
become a stub at the indentation of the ``BEGIN`` marker; in markdown, the text
between ``<!-- BEGIN ANSWER -->`` and ``<!-- END ANSWER -->`` becomes a prompt.

>>> print(clear_code("def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION\\n", "raise NotImplementedError()"))
def f(x):
    raise NotImplementedError()
<BLANKLINE>
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode, default

from course_utils.errors import CourseInputError
from course_utils.exercises import utils
from course_utils.messages import msg


def _clear(source: str, begin: str, end: str, stub: str, where: str) -> str:
    """Replace every ``begin``/``end`` region of ``source`` by ``stub`` (indented like ``begin``)."""
    result: list[str] = []
    opened_at: int | None = None
    indent = ""
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker == begin:
            if opened_at is not None:
                raise CourseInputError(msg("exercises.marker_nested", where=where, line=number,
                                           marker=begin, opened=opened_at), "solutions")
            opened_at = number
            indent = line[: len(line) - len(line.lstrip())]
            result.extend(f"{indent}{stub_line}\n" for stub_line in stub.splitlines())
        elif marker == end:
            if opened_at is None:
                raise CourseInputError(msg("exercises.marker_unopened", where=where, line=number,
                                           marker=end, begin=begin), "solutions")
            opened_at = None
        elif begin in line or end in line:
            # A marker must sit on its own line; anything else is almost certainly a typo.
            raise CourseInputError(msg("exercises.marker_not_alone", where=where, line=number,
                                       marker=begin if begin in line else end), "solutions")
        elif opened_at is None:
            result.append(line)
    if opened_at is not None:
        raise CourseInputError(msg("exercises.marker_unclosed", where=where, line=opened_at,
                                   marker=begin, end=end), "solutions")
    text = "".join(result)
    return text if source.endswith("\n") else text.rstrip("\n")


def clear_code(source: str, stub: str, where: str = "cell") -> str:
    """``source`` with each code solution region replaced by ``stub``."""
    return _clear(source, utils.BEGIN_SOLUTION, utils.END_SOLUTION, stub, where)


def clear_answer(source: str, stub: str, where: str = "cell") -> str:
    """``source`` with each written-answer region replaced by ``stub``."""
    return _clear(source, utils.BEGIN_ANSWER, utils.END_ANSWER, stub, where)


class ClearSolutions(Preprocessor):
    """Strip solution and written-answer regions, leaving a clear stub for the learner."""

    code_stub = Unicode(help="Code that replaces a solution region.").tag(config=True)
    answer_stub = Unicode(help="Markdown that replaces a written-answer region.").tag(config=True)
    notebook_name = Unicode("notebook", help="Named in error messages.").tag(config=True)

    @default("code_stub")
    def _default_code_stub(self) -> str:
        return msg("exercises.code_stub")

    @default("answer_stub")
    def _default_answer_stub(self) -> str:
        return msg("exercises.answer_stub")

    def preprocess_cell(self, cell, resources, index):
        where = msg("exercises.marker_where", notebook=self.notebook_name, cell=index + 1)
        if utils.has_solution(cell):
            cell.source = clear_code(utils.source_text(cell), self.code_stub, where)
        elif utils.has_answer(cell):
            cell.source = clear_answer(utils.source_text(cell), self.answer_stub, where)
        elif any(marker in utils.source_text(cell) for marker in
                 (utils.BEGIN_SOLUTION, utils.END_SOLUTION, utils.BEGIN_ANSWER, utils.END_ANSWER)):
            raise CourseInputError(msg("exercises.marker_wrong_cell_type", where=where), "solutions")
        return cell, resources
