"""A notebook → the HTML body of a chapter, through our nbconvert template.

The exporter uses the ``coursebook`` template (``book/templates/coursebook``,
extending ``lab``). The template's ``conf.json`` declares the book's preprocessors,
in order, after nbconvert's own (``TagRemovePreprocessor`` applies the print tags
of ``book.yaml``): edition rules, print rules, static widgets, chapter title and
exhibit index, and for a worked solution its print form (no markers, no learner
instructions, rubrics beside the tasks). Everything is set through traitlets
configuration; what belongs to one chapter (its number, part and title) travels in
nbconvert's ``resources["chapter"]``.
"""

from __future__ import annotations

import copy
from pathlib import Path

from course_utils.book.tables import blank_corners, keep_groups, mark_numeric_cells
from course_utils.book.typography import curl_quotes
from course_utils.i18n import Translator

tr = Translator("book")

TEMPLATE = "coursebook"
WIDGET_MIMETYPES = ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json")
# nbconvert's TagRemovePreprocessor options that book.yaml's ``print`` section may set, and
# their values when it does not: set-up cells go; exhibits, explorers and quizzes print as output only.
PRINT_TAG_OPTIONS = {"remove_cell_tags": ["setup"],
                     "remove_input_tags": ["hide-input", "exhibit", "explorer", "quiz"],
                     "remove_all_outputs_tags": []}


def exporter_config(edition: str, print_options: dict, solutions: dict | None = None):
    """The traitlets configuration of one edition's exporter and its preprocessors.

    ``solutions`` (worked solutions only): ``rubrics`` (task id → Markdown), ``rubric_note``,
    ``drop_paragraphs`` and ``synthetic_note``, the settings of ``WorkedSolutionPreprocessor``.
    """
    from nbconvert.utils.base import NbConvertBase
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.exclude_anchor_links = True
    config.HTMLExporter.embed_images = True
    # Belt and braces: even if a widget view survived, the static fallback wins.
    config.NbConvertBase.display_data_priority = [
        m for m in NbConvertBase().display_data_priority if m not in WIDGET_MIMETYPES]
    config.TagRemovePreprocessor.enabled = True
    for option, default in PRINT_TAG_OPTIONS.items():
        config.TagRemovePreprocessor[option] = set(print_options.get(option, default))
    config.EditionPreprocessor.edition = edition
    if "instructor_tags" in print_options:
        config.EditionPreprocessor.instructor_tags = set(print_options["instructor_tags"])
    for option, value in (solutions or {}).items():
        config.WorkedSolutionPreprocessor[option] = value
    return config


def template_bytecode(cache_dir: Path | None, name: str):
    """A cache of compiled Jinja templates in ``cache_dir``/``name`` (``cache_dir`` None: no cache).

    Each Jinja environment gets its own ``name``: compiled code depends on the
    environment's settings, which the cache does not record.

    Compiling nbconvert's templates takes about a third of a second in every process that
    renders; a rebuild after a prose edit renders one chapter per edition and would pay it
    each time. Jinja recompiles a template whose source changed (it keeps a checksum of the
    source); the folder is named for the Jinja and nbconvert versions, whose compiled code
    and template settings it holds.
    """
    if cache_dir is None:
        return None
    from importlib.metadata import version

    import jinja2

    folder = Path(cache_dir) / name / f"jinja2-{jinja2.__version__}-nbconvert-{version('nbconvert')}"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_exporter(template_dir: Path, edition: str, print_options: dict, solutions: dict | None = None,
                  bytecode_cache=None):
    """A ``BookExporter`` (``exporter.py``) configured for one edition of the book (see :func:`exporter_config`).

    ``bytecode_cache``: where the compiled templates are kept between builds (:func:`template_bytecode`).
    """
    from course_utils.book.exporter import BookExporter

    exporter = BookExporter(config=exporter_config(edition, print_options, solutions), template_name=TEMPLATE,
                            extra_template_basedirs=[str(template_dir)])
    # The chapter template's words come from the book's catalogue, in the language of the build.
    exporter.environment.globals.update(tr.template_functions())
    exporter.environment.bytecode_cache = bytecode_cache
    return exporter


def chapter_body(exporter, nb, number: int, part: str | None = None, title: str = "",
                 typeset=None) -> tuple[str, dict]:
    """Render ``nb`` (a copy is made) as chapter ``number``'s body; returns (html, resources).

    ``part`` (lessons, exercises or solutions) lets the template print a handout's
    written-answer cells with space to write in and marks a worked solution; ``number``
    -1 skips the exhibit numbering check; ``title`` names the chapter in messages.
    Table cells holding numbers are marked so they align right while text aligns
    left, an empty header cell becomes a data cell, and prose gets typographic quotes:
    from ``typeset`` (markup → markup, the book's print typography, which curls them among
    its other steps) when it is given, else on their own.
    """
    chapter = {"number": number, "part": part, "title": title}
    body, resources = exporter.from_notebook_node(copy.deepcopy(nb), resources={"chapter": chapter})
    body = keep_groups(blank_corners(mark_numeric_cells(body)))
    # The book's typography curls the quotes among its other steps; on its own, only they are done.
    return (typeset(body) if typeset is not None else curl_quotes(body)), resources
