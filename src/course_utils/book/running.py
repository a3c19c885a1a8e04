"""The book build's notebook runs: each executed once, its progress logged, a failure named.

A notebook that fails stops the build with its name, the cell and the cell's code; every
notebook that succeeded is kept in the execution cache first, so the fixed notebook is the
only one to run again.
"""

from __future__ import annotations

from course_utils.book.execute import execute_all
from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("book")


class BookBuildError(CourseDataError):
    """The book could not be built; the message says why and what to do."""


def chapter_name(config, key: str, chapters) -> str:
    """A chapter's notebook as the author knows it: its path from the course's folder."""
    chapter = next(c for c in chapters if c.key == key)
    return str(chapter.path.relative_to(config.root))


def run_notebooks(config, chapters, jobs, current: dict, *, workers: int, timeout: int, offset: int, log,
                  on_executed=None) -> tuple[list, object]:
    """Execute ``jobs`` (chapter key, path): ``((key, executed notebook) of each success, in the order
    they ended; the first failure's result or None)``. The run stops at a failure.

    ``current``: key → the notebook as read (what runs, even if its file is saved again meanwhile);
    ``offset``: chapters already counted in the progress lines; ``on_executed(key, nb)``: called as
    each notebook ends, while the others still run.
    """
    import nbformat  # here: only executed notebooks come back as text to parse

    total = len(chapters)
    returned = []

    def progress(result, done, _jobs):
        name = chapter_name(config, result.name, chapters)
        if result.ok:
            returned.append((result.name, nbformat.reads(result.notebook_json, as_version=4)))
            if on_executed is not None:
                on_executed(*returned[-1])
            log(tr.gettext("[{done}/{total}] {name}: executed in {seconds:.1f} s", done=offset + done, total=total,
                           name=name, seconds=result.seconds))
        else:
            log(tr.gettext("[{done}/{total}] {name}: FAILED at cell {cell}", done=offset + done, total=total,
                           name=name, cell=_cell(result)))

    results = execute_all(jobs, workers=workers, timeout=timeout, progress=progress,
                          notebooks={key: current[key] for key, _path in jobs})
    return returned, next((result for result in results if not result.ok), None)


def failure(config, chapters, result, output_dir) -> BookBuildError:
    """The error that stops the build when ``result``'s notebook failed."""
    source = "\n".join("    " + line for line in result.cell_source.splitlines()[:12])
    return BookBuildError(tr.gettext("The book was not built: {notebook} failed to execute at cell {cell} "
                                     "(counting every cell from the top, text cells included).\n  {error}\n "
                                     " Code of that cell:\n{source}\nFix the notebook (run it top to bottom "
                                     "in JupyterLab to see the error), then build again. The last good book "
                                     "in {output} is unchanged.",
                                     notebook=chapter_name(config, result.name, chapters), cell=_cell(result),
                                     error=f"{result.error_name}: {result.error_value}", source=source,
                                     output=output_dir))


def _cell(result) -> str:
    return "?" if result.cell_index is None else str(result.cell_index + 1)
