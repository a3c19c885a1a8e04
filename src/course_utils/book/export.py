"""A notebook → the HTML body of a chapter, through our nbconvert template.

The exporter uses the ``coursebook`` template (``book/templates/coursebook``,
extending ``lab``) and this package's preprocessors, in this order: edition rules,
print rules, static widgets, chapter title and exhibit index, and for a worked
solution its print form (no markers, no learner instructions, rubrics beside the tasks).
"""

from __future__ import annotations

from pathlib import Path

from course_utils.book.preprocess_chapter import ChapterPreprocessor
from course_utils.book.preprocess_edition import EditionPreprocessor
from course_utils.book.preprocess_print import PrintCellsPreprocessor
from course_utils.book.preprocess_solutions import WorkedSolutionPreprocessor
from course_utils.book.preprocess_widgets import StaticWidgetPreprocessor
from course_utils.book.tables import mark_numeric_cells
from course_utils.book.typography import curl_quotes

WIDGET_MIMETYPES = ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json")


def make_exporter(template_dir: Path, edition: str, print_options: dict):
    """An HTMLExporter configured for one edition of the book."""
    from nbconvert import HTMLExporter
    from nbconvert.utils.base import NbConvertBase
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.exclude_anchor_links = True
    config.HTMLExporter.embed_images = True
    config.TagRemovePreprocessor.enabled = False  # our own print preprocessor does this job
    # Belt and braces: even if a widget view survived, the static fallback wins.
    config.NbConvertBase.display_data_priority = [
        m for m in NbConvertBase().display_data_priority if m not in WIDGET_MIMETYPES]
    exporter = HTMLExporter(config=config, template_name="coursebook",
                            extra_template_basedirs=[str(template_dir)])
    edition_pp = EditionPreprocessor(edition=edition)
    if "instructor_tags" in print_options:
        edition_pp.instructor_tags = set(print_options["instructor_tags"]) - edition_pp.never_tags
    print_pp = PrintCellsPreprocessor()
    if "remove_cell_tags" in print_options:
        print_pp.remove_cell_tags = set(print_options["remove_cell_tags"])
    if "remove_input_tags" in print_options:
        print_pp.remove_input_tags = set(print_options["remove_input_tags"])
    for preprocessor in (edition_pp, print_pp, StaticWidgetPreprocessor(), ChapterPreprocessor()):
        exporter.register_preprocessor(preprocessor, enabled=True)
    # Switched on per chapter by chapter_body: only worked solutions need it.
    exporter.register_preprocessor(WorkedSolutionPreprocessor(enabled=False))
    return exporter


def configure_solutions(exporter, rubrics: dict[str, str], note: str, drop_paragraphs: list[str]) -> None:
    """Give the worked-solution step its rubrics (task id → Markdown) and the learner paragraphs to drop."""
    for preprocessor in exporter._preprocessors:
        if isinstance(preprocessor, WorkedSolutionPreprocessor):
            preprocessor.rubrics, preprocessor.rubric_note = rubrics, note
            preprocessor.drop_paragraphs = list(drop_paragraphs)


def chapter_body(exporter, nb, number: int, part: str | None = None) -> tuple[str, dict]:
    """Render ``nb`` (a copy is made) as chapter ``number``'s body; returns (html, resources).

    ``part`` (lessons, exercises or solutions) lets the template print a handout's
    written-answer cells with space to write in; table cells holding numbers are
    marked so they align right while text aligns left, and prose gets typographic
    quotes.
    """
    import copy

    for preprocessor in exporter._preprocessors:
        if isinstance(preprocessor, ChapterPreprocessor):
            preprocessor.chapter_number = number
        if isinstance(preprocessor, WorkedSolutionPreprocessor):
            preprocessor.enabled = part == "solutions"
    body, resources = exporter.from_notebook_node(copy.deepcopy(nb), resources={"book_part": part})
    return curl_quotes(mark_numeric_cells(body)), resources
