"""What a writer reads about a misplaced or malformed region marker (:class:`~course_utils.exercises.utils.MarkerError`).

:mod:`course_utils.exercises.utils` imports nothing from the package, so its error carries
only the kind of problem and the values; the sentence, in the course language, is made here.

>>> from course_utils.exercises.utils import MarkerError
>>> marker_message(MarkerError("not_alone", 3, marker="### END SOLUTION"), "01-content.ipynb, cell 4")
'01-content.ipynb, cell 4, line 3: "### END SOLUTION" must be on a line of its own.'
"""

from __future__ import annotations

from course_utils.errors import CourseInputError
from course_utils.exercises.utils import MarkerError
from course_utils.i18n import Translator

tr = Translator("exercises")


def marker_message(error: MarkerError, where: str) -> str:
    """The message for ``error`` found in ``where`` (a notebook and cell, as the caller names them)."""
    values = {"where": where, **error.values}
    return {
        "nested": lambda: tr.gettext("{where}, line {line}: \"{marker}\" opens a region inside the region opened on "
                                     "line {opened}; close the first one before opening another.", **values),
        "unopened": lambda: tr.gettext("{where}, line {line}: \"{marker}\" has no matching \"{begin}\" above it.",
                                       **values),
        "unclosed": lambda: tr.gettext("{where}, line {line}: \"{marker}\" is never closed; add \"{end}\" on its "
                                       "own line.",
                                       **values),
        "not_alone": lambda: tr.gettext("{where}, line {line}: \"{marker}\" must be on a line of its own.", **values),
        "malformed": lambda: tr.gettext("{where}, line {line}: \"{found}\" looks like a region marker but is not "
                                        "spelt as one; write \"{begin}\" or \"{end}\" exactly, on a line of its "
                                        "own.", **values),
        "wrong_cell_type": lambda: tr.gettext("{where}: solution markers belong in code cells (### BEGIN SOLUTION) "
                                              "or markdown cells (<!-- BEGIN ANSWER -->), not the other way round.",
                                              **values),
    }[error.problem]()


def marker_error(error: MarkerError, where: str) -> CourseInputError:
    """The learner-facing error for a marker problem found in ``where``."""
    return CourseInputError(marker_message(error, where), "solutions")
