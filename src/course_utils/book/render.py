"""One edition of the book as a single self-contained HTML document.

The same document is the HTML edition (read on screen) and the source of the PDF
(WeasyPrint applies the ``@page`` rules; browsers apply the ``@media screen`` ones).
"""

from __future__ import annotations

from datetime import date

import jinja2

from course_utils import __version__
from course_utils.book.export import chapter_body, make_exporter
from course_utils.book.matter import front_and_back
from course_utils.messages import msg

PART_HEADINGS = {"lessons": "Lessons", "exercises": "Exercise handouts", "solutions": "Worked solutions"}


def render_book(config, edition: str, notebooks: dict, warnings: list[str], render_body=chapter_body) -> str:
    """Render ``edition`` from executed ``notebooks`` (chapter key → notebook).

    ``render_body``: ``chapter_body`` or a stand-in with its signature (the build's cache).
    """
    template_dir = config.book_path("templates")
    exporter = make_exporter(template_dir, edition, config.print_options)
    parts = []
    exhibits = []
    for part in ("lessons", "exercises", "solutions"):
        chapters = [c for c in config.chapters_for(edition) if c.part == part]
        if not chapters:
            continue
        rendered = []
        for chapter in chapters:
            body, resources = render_body(exporter, notebooks[chapter.key],
                                           chapter.number if part == "lessons" else -1, part)
            warnings.extend(f"{chapter.path.name}: {w}" for w in resources.get("warnings", []))
            exhibits.extend(resources.get("exhibits", []))
            rendered.append({"id": chapter.key, "number": chapter.number, "title": chapter.title,
                             "stage": chapter.stage, "minutes": chapter.minutes, "body": body})
        parts.append({"id": part, "heading": PART_HEADINGS[part], "chapters": rendered})
    lessons = [c.number for c in config.chapters_for(edition) if c.part == "lessons"]
    context = front_and_back(config, edition, lessons, warnings)
    css = "\n".join(config.book_path(p).read_text(encoding="utf-8")
                    for p in config.data.get("css", ["css/book.css"]))
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_dir / "coursebook")),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                     undefined=jinja2.StrictUndefined)
    return environment.get_template("book.html.j2").render(
        book=config.data, edition=edition, edition_label=msg(f"book.edition_{edition}"),
        version=__version__, build_date=date.today().isoformat(), parts=parts, exhibits=exhibits,
        css=css, font=config.print_options.get("font", "Noto Sans CJK SC"), **context)
