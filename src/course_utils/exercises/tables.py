"""Tables an exercise shows, labelled synthetic in JupyterLab as they are in print.

Every data set the exercises load is synthetic, and so is every table made from one,
so once :func:`label_tables` has run (the set-up cell calls it), each pandas table the
notebook shows carries the course's line under it. The book prints its own label under
a worked solution's table, and takes this one out (``preprocess_solutions``).
"""

from __future__ import annotations

import html

from course_utils.i18n import Translator

tr = Translator("exercises")

NOTE_CLASS = "course-synthetic-note"


def labelled_html(frame) -> str | None:
    """A table's HTML, as pandas shows it, with the synthetic-data line under it (None where pandas
    shows tables as text: IPython then shows the text)."""
    table = frame._repr_html_()
    if table is None:
        return None
    note = html.escape(tr.gettext("Synthetic data generated for this course."))
    return f'{table}<p class="{NOTE_CLASS}"><em>{note}</em></p>'


def label_tables() -> None:
    """Show every pandas table in this notebook with the synthetic-data line (nothing outside IPython)."""
    import pandas as pd
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, labelled_html)
