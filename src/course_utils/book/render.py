"""One edition of the book as a single self-contained HTML document.

The same document is the source of the PDF and, its ties made spans (``typography.screen_ties``),
the HTML edition read on screen (WeasyPrint applies the ``@page`` rules; browsers apply the
``@media screen`` ones).
"""

from __future__ import annotations

import html
import re
from datetime import date

import jinja2

from course_utils import __version__
from course_utils.book.codefit import fit_code
from course_utils.book.codetokens import plain_tokens
from course_utils.book.config import book_css, edition_label
from course_utils.book.exhibits import caption_first, caption_under_chart, continued_heads, renumber_captions, tall_charts
from course_utils.book.export import chapter_body, make_exporter, template_bytecode
from course_utils.book.matter import front_and_back, rubrics
from course_utils.book.tables import frame_numbers, keep_cjk_words
from course_utils.book.typography import (chinese_line_ends, curl_quotes, latin_apostrophes, mark_chinese,
                                          tied_references, tied_units, unbroken_paths, url_pieces)
from course_utils.book.webfont import embed_cjk_font
from course_utils.i18n import Translator, language

tr = Translator("book")

SECTION_HEADING = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.S)
# Where a chapter's body, typeset on its own (and cached so), goes into the typeset book.
BODY_MARK = "<!--chapter body {}-->"  # i18n: not translated (markup)
BODY_MARKS = re.compile(r"<!--chapter body (\d+)-->")
# The value of <html lang>: what a browser and a screen reader need, per course language.
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def part_heading(part: str) -> str:
    """The heading of a part of the book (lessons, exercises, solutions)."""
    return {"lessons": tr.gettext("Lessons"), "exercises": tr.gettext("Exercise handouts"),
            "solutions": tr.gettext("Worked solutions")}[part]


def render_book(config, edition: str, notebooks: dict, warnings: list[str], render_body=chapter_body,
                font_cache=None, template_cache=None) -> str:
    """Render ``edition`` from executed ``notebooks`` (chapter key → notebook).

    ``render_body``: ``chapter_body`` or a stand-in with its signature (the build's cache);
    ``font_cache``: a folder where the embedded font subset is kept between builds;
    ``template_cache``: one where the compiled templates are.
    """
    template_dir = config.book_path("templates")
    solutions = config.print_options.get("solutions", {})
    exporter, set_type, by_task = chapter_renderer(config, edition, warnings, template_cache)
    css, lang = book_css(config), language()
    parts = []
    exhibits = []
    placed = []
    bodies = []
    for part in ("lessons", "exercises", "solutions"):
        chapters = [c for c in config.chapters_for(edition) if c.part == part]
        if not chapters:
            continue
        rendered = []
        for chapter in chapters:
            body, resources = render_chapter(render_body, exporter, set_type, chapter, notebooks[chapter.key])
            warnings.extend(f"{chapter.path.name}: {w}" for w in resources.get("warnings", []))
            placed.extend(resources.get("rubrics_placed", []))
            exhibits.extend(resources.get("exhibits", []))
            body, sections = section_anchors(body, chapter.key)
            rendered.append({"id": chapter.key, "number": chapter.number, "title": chapter.title,
                             "stage": chapter.stage, "minutes": chapter.minutes,
                             "body": BODY_MARK.format(len(bodies)), "sections": sections})
            bodies.append(body)
        parts.append({"id": part, "heading": part_heading(part), "chapters": rendered})
    unplaced = sorted(set(by_task) - set(placed))
    if unplaced:
        warnings.append(tr.ngettext("no worked answer in the solutions for the rubric of task {tasks} in {path}; "
                                    "that rubric is not printed",
                                    "no worked answer in the solutions for the rubric of tasks {tasks} in {path}; "
                                    "those rubrics are not printed", len(unplaced), tasks=", ".join(unplaced),
                                    path=solutions["rubrics"]))
    lessons = [c.number for c in config.chapters_for(edition) if c.part == "lessons"]
    context = front_and_back(config, edition, lessons, warnings)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_dir / "coursebook")),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                     undefined=jinja2.StrictUndefined,
                                     bytecode_cache=template_bytecode(template_cache, "book"))
    environment.filters["url_pieces"] = url_pieces
    # The book around the chapters' bodies, which are typeset already: front matter, teaching
    # notes and appendices typeset here, then the bodies put in their places.
    skeleton = environment.get_template("book.html.j2").render(
        book=config.data, edition=edition, edition_label=edition_label(edition), html_lang=HTML_LANG[lang],
        version=__version__, build_date=date.today().isoformat(), parts=parts, exhibits=exhibits,
        css=css, font=config.print_options.get("font", "Noto Sans CJK SC"), **tr.template_functions(), **context)  # i18n: not translated (a font name)
    document = renumber_captions(BODY_MARKS.sub(lambda mark: bodies[int(mark.group(1))], set_type(skeleton)))
    # On screen, Chinese renders from the file itself (print uses the installed font).
    return embed_cjk_font(document, config.print_options.get("font", "Noto Sans CJK SC"), warnings,  # i18n: not translated (a font name)
                          cache_dir=font_cache)


def chapter_renderer(config, edition: str, warnings: list[str], template_cache=None):
    """``(exporter, set_type, rubrics by task)``: what turns ``edition``'s notebooks into typeset chapter bodies."""
    solutions = config.print_options.get("solutions", {})
    by_task, worked = {}, {}
    if solutions.get("rubrics") and any(c.part == "solutions" for c in config.chapters_for(edition)):
        note, by_task = rubrics(config.root_path(solutions["rubrics"]), tr.gettext("Rubric: {title}"), warnings)
        worked = {"rubrics": by_task, "rubric_note": note,
                  "drop_paragraphs": list(solutions.get("drop_paragraphs", [])),
                  "synthetic_note": tr.gettext("*Synthetic data generated for this course.*")}
    css, lang = book_css(config), language()

    def set_type(markup: str) -> str:
        return typeset(markup, css, lang)

    exporter = make_exporter(config.book_path("templates"), edition, config.print_options, worked,
                             bytecode_cache=template_bytecode(template_cache, "chapter"))
    return exporter, set_type, by_task


def render_chapter(render_body, exporter, set_type, chapter, nb) -> tuple[str, dict]:
    """A chapter's typeset body and resources, through ``render_body`` (``chapter_body`` or the build's cache)."""
    return render_body(exporter, nb, chapter.number if chapter.part == "lessons" else -1, chapter.part,
                       chapter.title, typeset=set_type)


def section_anchors(body: str, prefix: str) -> tuple[str, list[dict]]:
    """Give each ``<h2>`` of a chapter body an id; return the body and its sections (id, title).

    >>> body, sections = section_anchors("<h2>1. The case</h2><p>x</p><h2>Key <em>takeaways</em></h2>", "lessons-02")
    >>> body
    '<h2 id="lessons-02-s1">1. The case</h2><p>x</p><h2 id="lessons-02-s2">Key <em>takeaways</em></h2>'
    >>> [s["title"] for s in sections]
    ['1. The case', 'Key takeaways']
    """
    sections: list[dict] = []

    def anchor(match: re.Match) -> str:
        if "id=" in match.group(1):
            return match.group(0)
        section_id = f"{prefix}-s{len(sections) + 1}"
        sections.append({"id": section_id, "title": html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip()})
        return f'<h2 id="{section_id}"{match.group(1)}>{match.group(2)}</h2>'

    return SECTION_HEADING.sub(anchor, body), sections


def typeset(markup: str, css: str, lang: str) -> str:
    """The print typography of the book on a piece of it (a chapter's body, or the book around them).

    Code loses the token spans nothing in ``css`` styles, quotes turn typographic, code fits the
    page, table captions go above their tables, Chinese names stay unbroken (:func:`finish`). Each
    step works within an element, so a chapter typeset alone reads as it does in the whole book
    (the book tests compare the two on every chapter).
    """
    return finish(plain_tokens(markup, css), lang=lang)


def finish(document: str, lang: str = "en") -> str:
    """The print typography steps that apply to the whole rendered book (cross-references tied to their
    numbers, and grades, dates and numbers with their units kept whole, among them); then a paragraph's or a
    cell's last two Chinese characters kept together, and in Chinese, English words with apostrophes marked
    Latin, in English each Chinese run marked as Chinese."""
    document = caption_under_chart(caption_first(keep_cjk_words(frame_numbers(document))))
    document = continued_heads(document, lambda number: tr.gettext("Exhibit {number}, continued", number=number))
    document = tied_references(tied_units(unbroken_paths(curl_quotes(fit_code(tall_charts(document))))))
    return chinese_line_ends(latin_apostrophes(document) if lang == "zh" else mark_chinese(document))
