"""Replace solution regions with stubs (modelled on nbgrader's ``ClearSolutions``).

In code, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
become a stub at the indentation of the ``BEGIN`` marker; in markdown, the text
between ``<!-- BEGIN ANSWER -->`` and ``<!-- END ANSWER -->`` becomes a prompt;
hidden tests (``### BEGIN HIDDEN TESTS``) go. The markers are parsed by
:func:`course_utils.exercises.utils.region_lines`, as the leak scan and the book parse them.

>>> print(clear_code("def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION\\n", "raise NotImplementedError()"))
def f(x):
    raise NotImplementedError()
<BLANKLINE>
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode, default

from course_utils.exercises import checks, utils, written
from course_utils.exercises.marker_errors import marker_error
from course_utils.i18n import Translator

tr = Translator("instructor")


def clear_regions(source: str, cell_type: str, stubs: dict[str, str], where: str = "cell") -> str:
    """``source`` with each region replaced by the stub for its kind (indented like its ``BEGIN``).

    ``stubs`` maps a region kind (``solution``, ``answer``) to its stub; a kind without a
    stub (hidden tests) goes without trace. Marker problems raise :class:`~course_utils.errors.CourseInputError`.
    """
    try:
        lines = utils.region_lines(source, cell_type)
    except utils.MarkerError as error:
        raise marker_error(error, where) from None
    if all(role == "outside" for _, role, _ in lines):
        return source
    result: list[str] = []
    for line, role, markers in lines:
        if role == "outside":
            result.append(line)
        elif role == "begin" and stubs.get(markers.kind):
            indent = line[: len(line) - len(line.lstrip())]
            result.extend(f"{indent}{stub_line}\n" for stub_line in stubs[markers.kind].splitlines())
    text = "".join(result)
    return text if source.endswith("\n") else text.rstrip("\n")


def clear_code(source: str, stub: str, where: str = "cell") -> str:
    """``source`` with each code solution region replaced by ``stub`` (and hidden tests removed)."""
    return clear_regions(source, "code", {"solution": stub}, where)


def clear_answer(source: str, stub: str, where: str = "cell") -> str:
    """``source`` with each written-answer region replaced by ``stub``."""
    return clear_regions(source, "markdown", {"answer": stub}, where)


class ClearSolutions(Preprocessor):
    """Strip solution and written-answer regions, leaving a clear stub for the learner."""

    code_stub = Unicode(help="Code that replaces a solution region.").tag(config=True)
    answer_stub = Unicode(help="Markdown that replaces a written-answer region.").tag(config=True)
    notebook_name = Unicode("notebook", help="Named in error messages.").tag(config=True)

    @default("code_stub")
    def _default_code_stub(self) -> str:
        return checks.code_stub()

    @default("answer_stub")
    def _default_answer_stub(self) -> str:
        return written.answer_stub()

    def preprocess_cell(self, cell, resources, index):
        where = tr.gettext("{notebook}, cell {cell}", notebook=self.notebook_name, cell=index + 1)
        source = utils.source_text(cell)
        cleared = clear_regions(source, cell.cell_type, {"solution": self.code_stub, "answer": self.answer_stub}, where)
        if cleared != source:
            cell.source = cleared
        return cell, resources
