"""The Chinese course book (book/_build/zh/), built from lessons/zh/ and the other Chinese documents."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from bookfixture import (REPO, code_lines_printed, faces_embedded_more_than_once, pdf_fonts, pdf_text, read_pdf,
                         solution_sections, visible_text)
from course_utils.cjk import columns
from pdfbreaks import (broken_addresses, broken_references, broken_units, checks_apart_from_results,
                       continued_head_mismatches, lead_ins_at_page_foot, lone_characters, split_boxes,
                       split_short_tables, tasks_apart_from_code)
from pdflayout import (first_line, fullwidth_latin_punctuation, near_empty_pages, outside_text_block, raised_markers,
                       running_head, stranded_pages, title_pages, uncaptioned_pictures)

sys.path.insert(0, str(REPO / "tests" / "i18n"))
from english import english_sentences  # noqa: E402  (a helper beside the translation tests)

pytestmark = pytest.mark.book
EDITIONS = ("student", "instructor")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def test_the_chinese_book_is_built_from_the_chinese_notebooks_into_its_own_folder(zh_book):
    config, report, out, lines = zh_book
    assert all("/zh/" in str(chapter.path) for chapter in config.chapters)
    assert config.build_options["output_dir"].endswith("zh")
    for edition in EDITIONS:
        for fmt in ("pdf", "html"):
            assert (out / f"coursebook-{edition}.{fmt}").is_file()
    assert report.executed == [] and report.cached == []  # printed from the saved outputs
    # The build's progress names each edition in Chinese, as the cover does.
    written = {line.split("：")[0] for line in lines if line.endswith((".pdf", ".html"))}
    assert written == {"学生版，pdf", "学生版，html", "教师版，pdf", "教师版，html"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_chapters_exhibit_labels_contents_and_running_heads(zh_book, edition):
    config, _report, out, _lines = zh_book
    html = (out / f"coursebook-{edition}.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="zh', html)
    lessons = [c for c in config.chapters_for(edition) if c.part == "lessons"]
    assert re.findall(r'<section class="chapter part-lessons" id="([^"]+)"', html) == [c.key for c in lessons]
    for chapter in re.split(r'<section class="chapter part-lessons"', html)[1:]:
        number = re.search(r'id="lessons-(\d+)"', chapter).group(1)
        labels = re.findall(r'<span class="exhibit-label">图表 (\d+)\.(\d+)', chapter.split("</section>\n<section")[0])
        assert labels and all(int(c) == int(number) for c, _ in labels)
        assert [int(n) for _, n in labels] == list(range(1, len(labels) + 1))
    assert "Exhibit " not in visible_text(html)
    # As in English: the whole timeline prints as a tall chart (its Chinese labels wrap to a squarer chart).
    assert re.findall(r'class="course-exhibit tall-chart[^"]*" data-exhibit="([\d.]+)"', html) == ["0.1"]
    pages = pdf_text(out / f"coursebook-{edition}.pdf")
    contents = next(page for page in pages[:6] if "目录" in page)
    for chapter in lessons:
        # Each lesson in the contents with its page number.
        assert re.search(re.escape(chapter.title.split("，")[0][:6]) + r".*\d+", contents), chapter.title
    # Every page but a chapter's first carries the Chinese running head and page number.
    headed = [page for page in pages[6:] if "视频号：从内容工具到商业闭环" in page and re.search(r"第 \d+ 页", page)]
    assert len(headed) >= 0.85 * len(pages[6:])


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_pages_are_filled_charts_keep_captions_and_quiz_boxes_never_start_empty(zh_book, edition):
    path = zh_book[2] / f"coursebook-{edition}.pdf"
    pages = read_pdf(path)
    near_empty = near_empty_pages(path, pages)
    assert len(near_empty) <= 2, f"near-empty pages: {near_empty}"  # as for the English book
    assert stranded_pages(pages) == []
    # Chinese names kept whole in a table's cells must not push the table past the margin.
    assert outside_text_block(pages) == []
    # "...各阶段已经发生了多少事件：" once ended p. 7, its code overleaf.
    assert lead_ins_at_page_foot(pages, (zh_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")) == []
    assert uncaptioned_pictures(pages) == []  # each chart with its caption, as in English
    # As in English: a list's number or bullet on the baseline of its item's first line.
    assert raised_markers(pages) == []
    # As in English: a check's result prints whole, none of its ✓ lines alone overleaf.
    assert [page.number for page in pages if first_line(page).startswith(("✓", "✗"))] == []
    assert checks_apart_from_results(pages) == []  # and with the check() call that prints it
    # As in English: a page an exhibit runs on to names it in its running head, and no other page does.
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    assert continued_head_mismatches(pages, html, r"图表 (\d+\.\d+)：", r"图表 (\d+\.\d+)（续）") == []
    assert len([page.number for page in pages if "（续）" in running_head(page)]) >= 5
    # As in the English book: a quiz's title is never the first line of a page.
    with_quiz, opened = title_pages(pages, "自测题——")
    assert len(with_quiz) >= 5 and opened == []
    # As in English: a task's statement prints on the page where its code begins, and all code
    # at the body size.
    checked, apart = tasks_apart_from_code(pages, html)
    assert checked >= (20 if edition == "student" else 40) and apart == []
    # As in English: each lesson's key takeaways print whole (the last point once went overleaf).
    assert split_boxes(pages, html, "takeaways") == (5, [])
    found, split = split_short_tables(pages, html)  # and a short table whole (Exhibit 3.7 split 3 + 2)
    assert found >= 10 and split == []
    # No paragraph's last line holds a single character and its punctuation ("钟）。" ended 28 lines).
    assert lone_characters(pages) == []
    # As in English: a reference's word and number on one line ("图表" / "0.1", "第" / "4 课" did not),
    # and a date or a number with its unit too ("2020年7" / "月", "20" / "分钟": 21 in the student edition).
    assert broken_references(pages) == []
    assert broken_units(pages) == []
    assert broken_addresses(pages) == []
    assert 'class="code-fit' not in html


# In a table's narrow cells WeChat's names, dates and amounts once broke across lines: 视频/号动态,
# 2020年7/月14日, 商品限1/万元以内.
NAME_OR_DATE = re.compile(r"视频号|企业微信|微信群|公众号|小程序|微信支付|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日|年第\d季度|\d ?万元")
KEPT = re.compile(r'<span class="zh-word">([^<]*)</span>')


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_table_cells_never_break_a_name_a_date_or_an_amount(zh_book, edition):
    from course_utils.book.build import print_source

    # On screen the ties are spans, so text copied from the HTML edition holds no word joiner.
    assert "\u2060" not in (zh_book[2] / f"coursebook-{edition}.html").read_text(encoding="utf-8")
    html = print_source(zh_book[2] / "_cache", edition).read_text(encoding="utf-8")
    tables = re.findall(r"<table\b.*?</table>", html[html.index("<body"):], re.S)
    kept = [word for table in tables for word in KEPT.findall(table)]
    # Outside the unbreakable words, a cell's text may break anywhere: no name or date may be left there.
    loose = [re.sub(r"<[^>]+>", "|", KEPT.sub("|", table)) for table in tables]
    assert [found.group(0) for text in loose for found in NAME_OR_DATE.finditer(text)] == []
    assert {"视频号", "企业微信", "2020年7月14日", "2022年第4季度"} <= set(kept)


@pytest.mark.parametrize("edition, folders", [("student", ("lessons/zh", "exercises/zh")),
                                              ("instructor", ("lessons/zh", "exercises/zh", "solutions/zh"))])
def test_chinese_code_lines_print_whole_on_one_line(zh_book, edition, folders):
    # A docstring of 58 characters, 40 of them Chinese (each twice a code character's width), was not
    # broken in print and wrapped back to the margin.
    code, wrapped = code_lines_printed(zh_book[2] / f"coursebook-{edition}.pdf", folders)
    assert len(code) >= 10 and any(columns(line) > len(line) for line in code)  # Chinese among them
    assert wrapped == []
    assert [line for line in code if columns(line) > 90] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_pdf_sets_chinese_in_a_cjk_text_face_and_latin_half_width(zh_book, edition):
    out = zh_book[2]
    path = out / f"coursebook-{edition}.pdf"
    fonts = [name.replace("-", "") for name in pdf_fonts(path)]
    assert any("NotoSerifCJK" in name for name in fonts), fonts  # the body face
    # Each face once, though printed in parts: a Chinese subset per part made the book four times larger.
    assert faces_embedded_more_than_once(path) == {}
    assert any("Liberation" in name or "CourseLatin" in name for name in fonts), fonts
    # In Chinese text “ ” — are Chinese punctuation, full-width by right; between Latin letters or
    # digits (an apostrophe, a times sign, a dash in a range) a mark must be the Latin one.
    latin_between = [item for item in fullwidth_latin_punctuation(read_pdf(path))
                     if re.search(r"[A-Za-z0-9]\[.\][A-Za-z0-9]", item)]
    assert latin_between == []
    text = "".join(pdf_text(path))
    share = len(CJK.findall(text)) / max(1, len(CJK.findall(text)) + len(LATIN.findall(text)))
    assert share > 0.5, f"only {share:.0%} of the letters in the Chinese {edition} book are Chinese"
    # Chinese rules: no line starts with closing punctuation.
    starts = [line for page in pdf_text(path) for line in page.splitlines() if line[:1] in "。，、）」；："]
    assert starts == []


def test_chinese_student_book_reads_in_chinese_and_leaks_nothing(zh_book):
    out = zh_book[2]
    raw = (out / "coursebook-student.html").read_text(encoding="utf-8")
    prose = re.sub(r"<(pre|code|style|script)\b.*?</\1>", " ", raw, flags=re.S)
    found = english_sentences(visible_text(prose))
    assert found == [], f"{len(found)} English sentences in the Chinese student book: {found[:20]}"

    html = visible_text(raw)
    pdf = "\n".join(pdf_text(out / "coursebook-student.pdf"))
    secrets = []
    for path in sorted((REPO / "solutions" / "zh").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for region in re.findall(r"BEGIN (?:SOLUTION|ANSWER)[^\n]*\n(.*?)(?:###|<!--) END", cell.source, re.S):
                secrets += [line.strip() for line in region.splitlines() if len(line.strip()) > 20]
    for path in sorted((REPO / "src" / "course_utils" / "quizbanks" / "zh").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        secrets += [q["explanation"].strip() for q in bank["questions"] if len(q.get("explanation", "")) > 15]
    for path in sorted((REPO / "book" / "teaching-notes" / "zh").glob("*.md")):
        secrets += [line.strip("-* ").strip() for line in path.read_text(encoding="utf-8").splitlines()
                    if len(line.strip()) > 30]
    rubric = (REPO / "solutions" / "zh" / "rubrics.md").read_text(encoding="utf-8")
    secrets += [line.strip() for line in rubric.splitlines() if re.match(r"\d+\. ", line.strip())]
    assert secrets, "the scan found no instructor material to look for"
    leaked = [line for line in secrets if line in html or line in pdf]
    assert leaked == []


def test_chinese_quizzes_print_as_questions_with_boxes(zh_book):
    html = (zh_book[2] / "coursebook-student.html").read_text(encoding="utf-8")
    english = (REPO / "src" / "course_utils" / "quizbanks" / "tour.yaml").read_text(encoding="utf-8")
    chinese = yaml.safe_load((REPO / "src" / "course_utils" / "quizbanks" / "zh" / "tour.yaml").read_text("utf-8"))
    first = chinese["questions"][0]
    assert first["prompt"] not in english
    assert first["prompt"] in visible_text(html)
    assert html.count("course-quiz-box") >= len(chinese["questions"])


def test_chinese_worked_solutions_label_their_tables_and_the_key_gives_one_answer(zh_book):
    html = (zh_book[2] / "coursebook-instructor.html").read_text(encoding="utf-8")
    solutions = "".join(solution_sections(html))
    tables = len(re.findall(r'<table border="1" class="dataframe"', solutions))
    assert tables >= 15 and solutions.count("为本课程生成的合成数据。") == tables
    # The handout's instructions to the learner (replace the raise line) are not printed with the solutions.
    assert "如何作答" not in solutions and "NotImplementedError" not in solutions
    # A text question's key: the Chinese answer, then the English one; not the grader's eighteen spellings.
    assert "停留时长 / dwell time" in visible_text(html)
    assert "用户在视频号的停留时间" not in html
