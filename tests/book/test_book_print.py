"""The printed book's look: Latin fonts, page fill, instructor material, quotes and captions.

Reads the real book built once per session (``real_book`` in conftest.py).
"""

from __future__ import annotations

import base64
import html as htmllib
import re

import nbformat
import pytest

from bookfixture import REPO, code_lines_printed, pdf_text, solution_sections
from course_utils.book.exhibits import TALL, png_size
from course_utils.book.fonts import check_fonts, css_font_families, print_rules
from course_utils.book.matter import rubrics_from_text
from course_utils.cjk import columns
from course_utils.errors import CourseDataError
from course_utils.style import CHART_DPI
from pdfbreaks import (broken_addresses, broken_references, broken_units, checks_apart_from_results,
                       continued_head_mismatches, lead_ins_at_page_foot, lone_characters, split_boxes,
                       split_short_tables, tasks_apart_from_code)
from pdflayout import (BODY_BOTTOM, BODY_LEFT, Page, Run, first_line, fullwidth_latin_punctuation, near_empty_pages,
                       outside_text_block, raised_markers, read_pages, running_head, stranded_pages, title_pages,
                       uncaptioned_pictures)

EDITIONS = ("student", "instructor")
# A near-empty page is under a quarter full; chapter ends are excepted. A few may
# remain where a chart cannot move up; more than this is a layout regression.
MAX_NEAR_EMPTY = 2
LESSONS = (sorted((REPO / "lessons").glob("[0-9][0-9]-*.ipynb"))
           + sorted((REPO / "lessons" / "zh").glob("[0-9][0-9]-*.ipynb")))
# The least a chart's text may shrink to in print, in points (the captions are 8.5).
SMALLEST_PRINTED_TEXT = 6.0


def _rubric_criteria() -> list[str]:
    _note, by_task = rubrics_from_text((REPO / "solutions" / "rubrics.md").read_text(encoding="utf-8"), "{title}")
    criteria = []
    for body in by_task.values():
        criteria += [line.split(". ", 1)[1] for line in body.splitlines() if re.match(r"\d+\. ", line)]
    return criteria


def _pdf_words(text: str) -> str:
    """PDF text with its line breaks, hyphenation and curled quotes undone, for phrase searches."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_latin_punctuation_is_never_set_full_width(real_pages, edition):
    assert fullwidth_latin_punctuation(real_pages[edition]) == []


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_list_markers_sit_on_the_line_of_their_item(real_pages, edition):
    """A Chinese term in an item's first line does not lift its bullet or number off the baseline."""
    markers = [run for page in real_pages[edition] for run in page.runs if run.text.strip() in ("•", "1.")]
    assert len(markers) > 20  # the check reads the markers at all
    assert raised_markers(real_pages[edition]) == []


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_a_cross_reference_prints_on_one_line_with_its_number_and_chinese_keeps_two_characters(real_pages, edition):
    # "Exhibit" ended a line with "4.2" on the next (p. 83 of the student edition).
    assert broken_references(real_pages[edition]) == []
    # As in the Chinese book, no Chinese text ends on a line of one character (算法推 / 荐 in Appendix B),
    # and no grade or number with its unit breaks across lines ("M-" / "H", "一年迭代33" / "次").
    assert lone_characters(real_pages[edition]) == []
    assert broken_units(real_pages[edition]) == []
    # A web address in the references breaks before a slash, never after its own hyphen ("a-new-e-" / "commerce").
    assert broken_addresses(real_pages[edition]) == []


def test_the_reference_and_unit_checks_find_what_breaks_at_a_line_end(tmp_path):
    from weasyprint import HTML

    from course_utils.book.typography import tied_references, tied_units

    words = "The funnel in lesson two shows where people leave, as " * 2 + "in 2020–2025 and 2021–2024, "
    chinese = ("第一个商业化事件——微信小商店开放内测——发生在 2020年7月，直播约 20 分钟后开始，评级 M-H。"
               "按第 1–4 周、第 5–8 周、第 9–12 周排出三项行动。")
    # In the order the book applies them (render.finish).
    for tie, found in ((lambda markup: markup, True), (lambda markup: tied_references(tied_units(markup)), False)):
        path = tmp_path / f"reference{found}.pdf"
        paragraphs = "".join(tie(f'<p style="width: {width}mm">{words}Exhibit 4.2 shows.</p>'
                                 f'<p lang="zh-CN" style="width: {width}mm">{chinese}</p>') for width in range(60, 100, 2))
        HTML(string=f'<body style="font-family: \'Noto Sans CJK SC\'">{paragraphs}</body>').write_pdf(path)
        pages = read_pages(path)
        assert bool(broken_references(pages)) is found
        assert bool(broken_units(pages)) is found
        assert any("–" in words for _, words in broken_units(pages)) is found  # a range at its dash


def test_an_address_printed_in_pieces_never_breaks_after_its_own_hyphen(tmp_path):
    from weasyprint import HTML

    from course_utils.book.typography import url_pieces

    url = "pandaily.com/wechat-channels-live-e-commerce-team-merges-into-the-wechat-open-platform-team/"
    # As appendices.html.j2 prints an address, and as it printed one before.
    pieces = "<wbr>".join(f'<span style="white-space: nowrap">{piece}</span>' for piece in url_pieces(url))
    for address, found in ((url, True), (pieces, False)):
        path = tmp_path / f"address{found}.pdf"
        items = "".join(f'<p style="width: {width}mm">Pandaily, May 2024. A report on the team. '
                        f'<span style="font: 7.8pt \'DejaVu Sans Mono\'">{address}</span></p>' for width in range(60, 130, 3))
        HTML(string=f"<body>{items}</body>").write_pdf(path)
        pages = read_pages(path)
        assert bool(broken_addresses(pages)) is found
        assert sum(page.text.count("pandaily.com") for page in pages) == len(range(60, 130, 3))


def test_the_full_width_check_catches_latin_text_in_the_cjk_font(tmp_path):
    from weasyprint import HTML

    doc = ('<p style="font-family: \'{}\'">The article’s claim: 3 × 4 ÷ 2 — see “视频号”.</p>')
    for family, expect_found in (("Noto Sans CJK SC", True), ("Liberation Serif", False)):
        path = tmp_path / f"{family}.pdf"
        HTML(string=doc.format(family)).write_pdf(path)
        found = fullwidth_latin_punctuation(read_pages(path))
        assert bool(found) is expect_found, (family, found)
        if expect_found:
            assert any("[’]" in item for item in found) and any("[×]" in item for item in found)
            assert not any("[“]" in item for item in found)  # beside 视: a Chinese quote, rightly CJK


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_few_near_empty_pages(real_book, real_pages, edition):
    path = real_book[2] / f"coursebook-{edition}.pdf"
    near_empty = near_empty_pages(path, real_pages[edition])
    assert len(near_empty) <= MAX_NEAR_EMPTY, f"near-empty pages: {near_empty}"
    # Not even at a chapter end: "How to use this book" once left its last two lines alone on p. 4.
    assert stranded_pages(real_pages[edition]) == []


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_nothing_prints_past_the_margins(real_pages, edition):
    # A printed DataFrame with long column names once ran 5 pt past the right margin.
    assert outside_text_block(real_pages[edition]) == []


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_lead_in_ending_with_a_colon_stays_with_what_it_introduces(real_book, real_pages, edition):
    html = (real_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")
    assert lead_ins_at_page_foot(real_pages[edition], html) == []


def test_the_lead_in_check_tells_a_block_ending_with_a_colon_from_a_colon_inside_one():
    page = Page(2, [Run(2, BODY_LEFT, BODY_BOTTOM + 20, "Serif", "Qualifiers matter too:")], [], "")
    paragraph = "<p>Read it as a level. Qualifiers matter too: orders grew by more than 244%.</p>"
    assert lead_ins_at_page_foot([page, page]) == ["p. 2: Qualifiers matter too:"]  # without the HTML: any
    assert lead_ins_at_page_foot([page, page], "<p>Qualifiers matter too:</p><pre>x</pre>") != []
    assert lead_ins_at_page_foot([page, page], paragraph) == []


def test_the_margin_check_finds_a_table_wider_than_the_text_block(tmp_path):
    from weasyprint import HTML

    page = "<style>@page { size: A4; margin: 22mm 20mm 24mm 22mm }</style>"
    cells = "".join(f"<td>{name}</td>" for name in ("share_of_new_customers", "net_revenue_90d") * 4)
    for body, expect_found in ((f"<table><tr>{cells}</tr></table>", True),
                               ("<p>" + "A line that wraps at the margin. " * 30 + "</p>", False)):
        path = tmp_path / "margin.pdf"
        HTML(string=page + "<p>Cover</p><p style='break-before: page'>Text</p>" + body).write_pdf(path)
        found = outside_text_block(read_pages(path))
        assert bool(found) is expect_found, found
        if expect_found:
            assert found[0].startswith("p. 2: ") and "pt past the right" in found[0]
            assert "share_of_new_customers" in found[0] and len(found) == 1  # one report for the one line


@pytest.mark.book
@pytest.mark.parametrize("edition, tasks", [("student", 20), ("instructor", 40)])
def test_a_task_statement_prints_on_the_page_of_its_code(real_book, real_pages, edition, tasks):
    # The code cell's empty first box (its collapser) once stayed under the statement while the
    # code began the next page: 5 tasks in the student edition, 11 in the instructor's.
    html = (real_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")
    checked, apart = tasks_apart_from_code(real_pages[edition], html)
    assert checked >= tasks and apart == []


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_quiz_box_never_starts_empty_at_a_page_foot(real_pages, edition):
    # The quiz keeps to its introduction; when its box began at a page foot with the quiz on the
    # next page, the title "Self-check quiz — ..." was the first line of that next page.
    with_quiz, opened = title_pages(real_pages[edition], "Self-check quiz —")
    assert len(with_quiz) >= 5  # one quiz per lesson
    assert opened == []


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_lessons_key_takeaways_and_a_short_table_print_whole_on_one_page(real_book, real_pages, edition):
    # The box once split, its last point overleaf with the exercise pointer that closes the chapter.
    html = (real_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")
    assert split_boxes(real_pages[edition], html, "takeaways") == (5, [])  # one box per lesson
    # A short table prints whole (a five-row table once printed three rows under its caption, two overleaf).
    found, split = split_short_tables(real_pages[edition], html)
    assert found >= 10 and split == []


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_file_name_in_the_prose_prints_on_one_line(real_book, edition):
    # "open exercises/01-content-" ended a line, "engine.ipynb" began the next.
    lines = [line.strip() for page in pdf_text(real_book[2] / f"coursebook-{edition}.pdf") for line in page.splitlines()]
    assert sum(bool(re.search(r"exercises/\d\d-[a-z-]+\.ipynb", line)) for line in lines) >= 4
    assert [line for line in lines if re.search(r"exercises/\d\d-[a-z-]*-$", line)] == []


@pytest.mark.book
def test_a_checks_result_prints_whole_on_one_page(real_pages):
    # The worked solutions' check results once left their last line, or their last ✓, overleaf.
    pages = real_pages["instructor"]
    assert sum("✓" in page.text for page in pages) >= 20  # the checks are there to be split
    overleaf = [(page.number, first_line(page)) for page in pages
                if first_line(page).startswith(("✓", "✗", "Your instructor reads written answers"))]
    assert overleaf == []
    # ...nor apart from the check() call that prints it (the call ended four pages, its result overleaf).
    assert checks_apart_from_results(pages) == []


@pytest.mark.book
def test_instructor_solutions_print_rubrics_and_no_markers_or_learner_instructions(real_book):
    out = real_book[2]
    pdf = _pdf_words("\n".join(pdf_text(out / "coursebook-instructor.pdf")))
    criteria = _rubric_criteria()
    assert len(criteria) >= 12
    missing = [c for c in criteria if _pdf_words(c)[:60] not in pdf]
    assert missing == []
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN ANSWER", "END ANSWER"):
        assert marker not in pdf
    html = (out / "coursebook-instructor.html").read_text(encoding="utf-8")
    sections = solution_sections(html)
    assert len(sections) == 4
    for section in sections:
        assert "Rubric:" in section
        assert "How to work." not in section and "in place of the" not in section
        assert "NotImplementedError" not in section


@pytest.mark.book
def test_every_table_a_worked_solution_prints_is_labelled_synthetic(real_book):
    """The worked solutions print the exercises' tables raw; each says it is synthetic data, as the
    lessons' exhibits do. That is true because every data set a solution loads is marked synthetic."""
    import json

    schema = json.loads((REPO / "src" / "course_utils" / "datafiles" / "schema.json").read_text(encoding="utf-8"))["datasets"]
    for path in sorted((REPO / "solutions").glob("[0-9][0-9]-*.ipynb")):
        source = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
        for name in re.findall(r'load\(f?"([a-z_{}]+)"\)', source):
            names = [key for key in schema if re.fullmatch(name.replace("{business}", "[a-z]+"), key)]
            assert names and all(schema[key]["synthetic"] for key in names), (path.name, name)
    html = (real_book[2] / "coursebook-instructor.html").read_text(encoding="utf-8")
    tables = 0
    for section in solution_sections(html):
        pieces = re.split(r'<table[^>]*class="dataframe', section)
        tables += len(pieces) - 1
        for after in pieces[1:]:
            # The next cell after the table's own is the label.
            next_cell = re.search(r'<div class="md-cell[^"]*"|<div[^>]*jp-CodeCell', after)
            assert next_cell and "mdtag-synthetic-note" in next_cell.group(0), after[:300]
            assert "Synthetic data generated for this course." in after[next_cell.start():next_cell.start() + 600]
    assert tables >= 15


@pytest.mark.book
def test_student_book_has_no_rubric(real_book):
    out = real_book[2]
    pdf = _pdf_words("\n".join(pdf_text(out / "coursebook-student.pdf")))
    html = (out / "coursebook-student.html").read_text(encoding="utf-8")
    leaks = [c for c in _rubric_criteria() if _pdf_words(c)[:60] in pdf or c[:60] in html]
    assert leaks == [] and "Rubric:" not in html


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_prose_quotes_are_typographic_and_table_captions_lead(real_book, edition):
    html = (real_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")
    body = html[html.index("<body"):]
    prose = htmllib.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<(pre|code|style)\b.*?</\1>", "", body, flags=re.S)))
    prose = prose.replace("\u2060", "")  # word joiners print nothing (typography.tied_units)
    straight = [prose[max(0, m.start() - 30):m.start() + 30] for m in re.finditer(r"[\"']", prose)]
    assert straight == []
    assert "’" in prose and "“" in prose
    # Exhibit 1.8's coefficients and the length bands: minus signs and en dashes, as in the charts.
    assert "−0.116" in prose and "-0.116" not in prose and "16–30 s" in prose and "16-30 s" not in prose
    figures = re.findall(r'<figure class="course-exhibit[^"]*"[^>]*>.*?</figure>', body, re.S)
    tables = [f for f in figures if re.match(r'<figure[^>]*>\s*(<figcaption\b.*?</figcaption>\s*)?(<style\b.*?</style>\s*)?<table', f, re.S)]
    assert len(tables) >= 5, "table exhibits not found"
    for figure in tables:  # a table exhibit: its caption comes before the table
        assert "<figcaption" in figure and figure.index("<figcaption") < figure.index("<table"), figure[:300]
    assert not re.search(r"[\u4e00-\u9fff]<span class=\"zh-word\">|</span>[\u4e00-\u9fff]", body)


def test_every_font_the_stylesheet_names_has_a_package_for_the_message():
    import yaml

    css = (REPO / "book" / "css" / "book.css").read_text(encoding="utf-8")
    packages = yaml.safe_load((REPO / "book" / "book.yaml").read_text(encoding="utf-8"))["print"]["font_packages"]
    families = css_font_families(css)
    assert {"Liberation Serif", "Liberation Sans", "Noto Sans CJK SC"} <= set(families)
    assert [f for f in families if f not in packages] == []
    # Wherever a rule names both, the Latin face comes first: the CJK face only fills in.
    for declaration in re.findall(r"font(?:-family)?\s*:([^;}]*)", print_rules(css)):
        named = re.findall(r'"([^"]+)"', declaration)
        latin = [i for i, f in enumerate(named) if "CJK" not in f]
        cjk = [i for i, f in enumerate(named) if "CJK" in f]
        if latin and cjk:
            assert min(latin) < min(cjk), declaration


def test_a_missing_stylesheet_font_stops_the_build_with_the_package_to_install():
    css = 'body { font-family: "Liberation Serif", "Noto Sans CJK SC", serif; }'
    packages = {"Liberation Serif": "fonts-liberation2", "Noto Sans CJK SC": "fonts-noto-cjk"}
    with pytest.raises(CourseDataError) as error:
        check_fonts(css, packages, {"Noto Sans CJK SC", "DejaVu Sans"})
    assert "Liberation Serif" in str(error.value) and "apt-get install fonts-liberation2" in str(error.value)
    check_fonts(css, packages, {"Noto Sans CJK SC", "Liberation Serif"})


@pytest.mark.book
@pytest.mark.parametrize("edition, folders", [("student", ("lessons", "exercises")),
                                              ("instructor", ("lessons", "exercises", "solutions"))])
def test_code_lines_print_whole_on_one_line_and_at_a_readable_size(real_book, edition, folders):
    code, wrapped = code_lines_printed(real_book[2] / f"coursebook-{edition}.pdf", folders)
    assert len(code) >= 10 and wrapped == []
    # Every code line prints at the body size (no code-fit class): a line print cannot break is
    # the notebook's to shorten.
    assert [line for line in code if columns(line) > 90] == []
    assert 'class="code-fit' not in (real_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_chart_and_its_caption_print_on_one_page(real_pages, edition):
    assert uncaptioned_pictures(real_pages[edition]) == []


def _chart_box() -> tuple[float, float, float]:
    """The printed column's width and a chart's greatest heights (ordinary, tall), in inches, as book.css sets them."""
    css = (REPO / "book" / "css" / "book.css").read_text(encoding="utf-8")
    page = re.search(r"@page \{\s*size: A4;\s*margin: [\d.]+mm ([\d.]+)mm [\d.]+mm ([\d.]+)mm;", css)
    ordinary = re.search(r"figure\.course-exhibit img \{[^}]*max-height: ([\d.]+)mm", css)
    tall = re.search(r"figure\.tall-chart img \{[^}]*max-height: ([\d.]+)mm", css)
    return (210 - float(page[1]) - float(page[2])) / 25.4, float(ordinary[1]) / 25.4, float(tall[1]) / 25.4


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_charts_smallest_text_prints_at_six_points_or_more(path):
    # A chart drawn 9-10.5 inches wide prints across the 6.6-inch column at about two thirds of
    # its size: the funnel explorer's 8-point counts printed at 5.1 points.
    column, ordinary, tall = _chart_box()
    printed = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            about = output.get("metadata", {}).get("course_utils", {})
            png = output.get("data", {}).get("image/png")
            if png is None or "exhibit" not in about:
                continue
            width, height = (pixels / CHART_DPI for pixels in png_size(base64.b64decode(png[:32])))
            scale = min(1.0, column / width, (tall if height / width > TALL else ordinary) / height)
            printed.append((about["exhibit"], round(about.get("smallest_text", 0.0) * scale, 1)))
    assert printed, f"{path.name} shows no chart"
    assert [(number, size) for number, size in printed if size < SMALLEST_PRINTED_TEXT] == []


def test_the_caption_check_finds_a_chart_whose_caption_went_over(tmp_path):
    import base64
    import io

    from PIL import Image
    from weasyprint import HTML

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    chart = f'<img style="width: 80mm" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}"/>'
    for gap, found in (("", []), ('<div style="break-before: page"></div>', [1])):
        path = tmp_path / f"caption{len(found)}.pdf"
        HTML(string=f"<p>Text</p>{chart}{gap}<p>Exhibit 1.5 — A chart</p>").write_pdf(path)
        assert uncaptioned_pictures(read_pages(path)) == found


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_page_an_exhibit_runs_on_to_names_it_in_its_running_head(real_book, real_pages, edition):
    # An explorer's summary or a long table went on overleaf as a table without a caption.
    html = (real_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")
    pages = real_pages[edition]
    assert continued_head_mismatches(pages, html, r"Exhibit (\d+\.\d+) —", r"Exhibit (\d+\.\d+), continued") == []
    named = [page.number for page in pages if ", continued" in running_head(page)]
    assert len(named) >= 5  # summaries of Exhibits 1.5, 3.6, 4.5 and the long tables 1.7 and 2.1


@pytest.mark.parametrize("rows", [3, 8])
def test_a_table_exhibit_never_leaves_one_row_alone_on_a_page(rows):
    # Exhibit 1.3 (three rows) once printed its first row at a page foot and the other two overleaf.
    from weasyprint import HTML

    css = (REPO / "book" / "css" / "book.css").read_text(encoding="utf-8")
    body = "".join(f"<tr><td>row {i}</td><td>{i}</td></tr>" for i in range(rows))
    exhibit = ("<figure class='course-exhibit table-exhibit'><figcaption>Exhibit 9.9</figcaption><table><thead>"
               f"<tr><th>a</th><th>b</th></tr></thead><tbody>{body}</tbody></table></figure>")
    splits = []
    for filler in range(180, 232, 2):  # moves the table down the first page, a few millimetres at a time
        document = HTML(string=f"<style>{css}</style><p style='height: {filler}mm'>Text</p>{exhibit}").render()
        counts = [sum(1 for box in page._page_box.descendants() if getattr(box, "text", "").startswith("row "))
                  for page in document.pages]
        assert sum(counts) == rows
        assert 1 not in counts, (filler, counts)
        splits += [counts] if counts.count(0) < len(counts) - 1 else []
    # The long table does run on from one page to the next, two rows or more on each.
    assert (splits != []) is (rows > 4)


def test_a_feature_and_its_groups_print_on_one_page(tmp_path):
    from weasyprint import HTML

    from course_utils.book.tables import keep_groups

    rows = "".join(f"<tr><td>feature{i // 2}</td><td>group{i}</td></tr>" for i in range(80))
    css = (REPO / "book" / "css" / "book.css").read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if line.startswith("tr.keep-next"))  # the book's own rule
    for markup, split_found in ((lambda table: table, True), (keep_groups, False)):
        splits = []
        for height in (50, 55, 60, 65):  # pages of several heights: untied, some break inside a pair
            path = tmp_path / f"groups{split_found}{height}.pdf"
            page = f"@page {{ size: 100mm {height}mm; margin: 5mm }} td {{ font-size: 9pt; padding: 0 }}"
            table = markup(f"<table><tbody>{rows}</tbody></table>")
            HTML(string=f"<style>{page} {rule}</style><p>x</p>{table}").write_pdf(path)
            previous_last = None
            for text in pdf_text(path):
                names = re.findall(r"feature\d+", text)
                if names and names[0] == previous_last:
                    splits.append((height, names[0]))
                previous_last = names[-1] if names else None
        assert bool(splits) is split_found, splits


def test_the_lone_character_check_finds_one_in_a_table_cell_and_passes_a_one_character_cell(tmp_path):
    from weasyprint import HTML

    from course_utils.book.typography import chinese_line_ends

    css = (REPO / "book" / "css" / "book.css").read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if ".line-end" in line and "nowrap" in line)  # the book's own
    found = {}
    for tie in (False, True):
        cells = []
        for width in range(88, 120, 4):  # columns of several widths: untied, "比" ends some header alone
            header = f'<th style="width: {width}pt; text-align: right">添加企业微信的买家占比</th><th>能否</th>'
            cells.append(f"<table><thead><tr>{header}</tr></thead><tbody><tr><td>43%</td><td>是</td></tr></tbody></table>")
        markup = "".join(cells)
        page = f'<style>{rule}</style><body lang="zh-CN" style="font-family: \'Noto Sans CJK SC\'; font-size: 8.5pt">'
        HTML(string=page + (chinese_line_ends(markup) if tie else markup)).write_pdf(tmp_path / f"cells{tie}.pdf")
        found[tie] = lone_characters(read_pages(tmp_path / f"cells{tie}.pdf"))
    assert ("比" in [text for _, text in found[False]]) and found[True] == []
    assert all(text != "是" for _, text in found[False])  # a cell of one character is no lone line
