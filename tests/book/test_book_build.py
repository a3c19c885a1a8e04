"""Build the fixture course's book (both editions, HTML and PDF) and check what came out.

The cold build is the ``built`` fixture of ``conftest.py``, shared with ``test_book_parts.py``.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from bookfixture import INSTRUCTOR_ONLY, NEVER, pdf_fonts, visible_text
from course_utils.book.build import BookBuildError, build_book
from course_utils.errors import CourseDataError

pytestmark = pytest.mark.book


def test_cold_build_executes_every_notebook_once_and_reports_progress(built):
    _root, report, lines, _books = built
    assert sorted(report.executed) == ["lessons-01", "lessons-02", "solutions-01"]
    assert report.cached == []
    progress = [line for line in lines if re.match(r"\[\d/4\] ", line)]
    assert len(progress) == 4 and sum("executed in" in line for line in progress) == 3
    assert any("exercises/01-fixture.ipynb: handout" in line for line in progress)
    missing = [i for i, line in enumerate(lines) if "lessons/03-not-written.ipynb" in line and "skipped" in line]
    # Said before the progress lines and again after them, where it cannot scroll away unseen.
    last_progress = max(i for i, line in enumerate(lines) if re.match(r"\[\d/4\] ", line))
    assert missing and missing[0] < last_progress < missing[-1]
    assert "does not exist" in lines[missing[-1]]


@pytest.mark.parametrize("edition, order", [
    ("student", ["lessons-01", "lessons-02", "exercises-01", "glossary", "timeline", "formulas", "references"]),
    ("instructor", ["lessons-01", "notes-1", "lessons-02", "exercises-01", "solutions-01", "glossary",
                    "timeline", "formulas", "references", "quiz-key"]),
])
def test_chapter_and_toc_order(built, edition, order):
    html = built[3][edition]["html"]
    sections = [i for i in re.findall(r'<section class="[^"]*" id="([^"]+)"', html) if i in order]
    assert sections == order
    toc = html[html.index('<nav class="toc"'):html.index("</nav>")]
    links = re.findall(r'href="#([^"]+)"', toc)
    # Chapter level in order; each chapter's section anchors (screen side bar) follow it.
    assert [link for link in links if not re.search(r"-s\d+$", link)] == ["how-to-use", "course-map"] + order
    for index, link in enumerate(links):
        if re.search(r"-s\d+$", link):
            assert links[index - 1] == link.rsplit("-s", 1)[0] or re.search(r"-s\d+$", links[index - 1])


def test_pdf_toc_has_the_page_each_chapter_starts_on(built):
    pages = built[3]["student"]["pages"]
    toc = next(page for page in pages if "Contents" in page[:200])
    for title in ("Fixture one, the content engine", "Fixture two, the hub", "Glossary", "Formula sheet"):
        match = re.search(re.escape(title) + r"[\s.]*(\d+)", toc)  # the leader is set off by en spaces
        assert match, f"{title} missing from the contents"
        start = int(match.group(1))
        assert title in pages[start - 1], f"{title} is not on page {start}"


def test_exhibits_are_numbered_by_chapter_in_order(built):
    for edition in ("student", "instructor"):
        html = built[3][edition]["html"]
        labels = re.findall(r'<span class="exhibit-label">Exhibit (\d+\.\d+)', html)
        assert labels == ["1.1", "1.2", "2.1", "2.2"]
        text = "\n".join(built[3][edition]["pages"])
        assert [m for m in re.findall(r"Exhibit (\d\.\d) —", text)] == labels


def test_the_html_edition_is_the_print_less_its_word_joiners(built):
    """Text copied from the HTML edition holds no word joiner (U+2060): the ties the print makes with them
    are spans there (``typography.screen_ties``). Otherwise it is the document the PDF was laid out from."""
    from course_utils.book.build import print_source

    def text(markup):
        return re.sub(r"<[^>]+>", "", markup)

    for edition in ("student", "instructor"):
        screen = built[3][edition]["html"]
        source = print_source(built[0] / "book" / "_cache", edition).read_text(encoding="utf-8")
        assert "M-\u2060H" in source and "\u2060" not in screen
        assert '<span class="tie">M-H</span>' in screen
        assert text(screen) == text(source).replace("\u2060", "")


def test_explorer_and_quiz_print_statically_without_widgets_or_scripts(built):
    html = built[3]["student"]["html"]
    assert "QUIZ-QUESTION-ONE" in html and "Interactive explorer, shown at its default settings: Slope = 2.0" in html
    assert "application/vnd.jupyter.widget" not in html
    assert "<script" not in html
    assert "FloatSlider(" not in html
    assert "QUIZ-QUESTION-ONE" in "\n".join(built[3]["student"]["pages"])


def test_code_that_teaches_is_shown_and_setup_is_not(built):
    text = visible_text(built[3]["student"]["html"])
    assert "gmv = visitors * conversion * aov" in text
    assert "HIDE_INPUT_OUTPUT_SHOWN" in text
    for marker in NEVER:
        assert marker not in text


def test_boxes_are_styled_by_cell_tag(built):
    html = built[3]["student"]["html"]
    for tag in ("objectives", "fact-check", "discussion", "takeaways", "exercise-pointer"):
        assert f"celltag_{tag}" in html
    assert "Lesson 1: the fixture title line" not in html  # the notebook's own title gives way to the chapter's


def test_chinese_is_extractable_and_the_cjk_font_is_embedded(built):
    for edition in ("student", "instructor"):
        text = "\n".join(built[3][edition]["pages"])
        for phrase in ("视频号：从内容工具到商业闭环", "复购率", "私域"):
            assert phrase in text
        assert any("NotoSansCJK" in font.replace("-", "") for font in pdf_fonts(built[3][edition]["pdf"]))


def test_page_counts_are_sensible(built):
    student = len(built[3]["student"]["pages"])
    instructor = len(built[3]["instructor"]["pages"])
    assert 12 <= student <= 40
    assert student < instructor <= student + 12


@pytest.mark.parametrize("marker", INSTRUCTOR_ONLY + NEVER)
def test_student_edition_has_no_instructor_material(built, marker):
    student = built[3]["student"]
    assert marker not in student["html"]
    assert marker not in "\n".join(student["pages"])


def test_instructor_edition_has_its_material_but_never_hidden_checks(built):
    instructor = built[3]["instructor"]
    text = visible_text(instructor["html"])
    for marker in INSTRUCTOR_ONLY:
        assert marker in text
    for marker in NEVER:
        assert marker not in instructor["html"]
    assert "RMB 10,000 (within ±1)" in text


def test_both_editions_keep_their_chapter_bodies_cached(built):
    # The two editions render side by side; each one's bodies must survive the other's clean-up.
    bodies = built[0] / "book" / "_cache" / "bodies"
    index = json.loads((bodies / "in-use.json").read_text(encoding="utf-8"))
    assert set(index) == {"student", "instructor"}
    assert all(keys for keys in index.values())
    assert [key for keys in index.values() for key in keys if not (bodies / f"{key}.json").is_file()] == []


def test_no_execute_prints_the_saved_outputs_and_runs_nothing(built, tmp_path):
    import nbformat

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    lesson = root / "lessons" / "02-fixture.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    code = next(cell for cell in nb.cells if cell.cell_type == "code" and "80.0" in cell.source)
    code.source = code.source.replace("80.0", "90.0")  # a run would print something else now
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="saved output 4242\n")]
    nbformat.write(nb, lesson)
    lines: list[str] = []
    report = build_book(root, formats=["html"], output_dir=tmp_path / "out", execute=False, log=lines.append)
    assert report.executed == [] and report.cached == []
    assert sum("printed with its saved outputs" in line for line in lines) == 3
    html = (tmp_path / "out" / "coursebook-student.html").read_text(encoding="utf-8")
    assert "saved output 4242" in html


def test_rebuilds_reuse_the_cache_and_re_execute_only_what_changed(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    html_path = root / "book" / "_build" / "coursebook-student.html"

    unchanged = build_book(root, formats=["html"], log=lambda line: None)
    assert unchanged.executed == [] and unchanged.written == []
    assert len(unchanged.cached) == 3 and len(unchanged.up_to_date) == 2

    import nbformat

    lesson = root / "lessons" / "02-fixture.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    nb.cells[0].source += "\n\nA newly edited sentence about 企业微信."
    nbformat.write(nb, lesson)
    prose = build_book(root, formats=["html"], log=lambda line: None)
    assert prose.executed == [] and len(prose.written) == 2
    assert 'A newly edited sentence about <span lang="zh-CN" class="zh-word">企业微信</span>.' in html_path.read_text(encoding="utf-8")

    nb.cells[4].source = nb.cells[4].source.replace("80.0", "90.0")
    nbformat.write(nb, lesson)
    code = build_book(root, formats=["html"], log=lambda line: None)
    assert code.executed == ["lessons-02"]
    assert sorted(code.cached) == ["lessons-01", "solutions-01"]


def test_a_failing_notebook_stops_the_build_and_keeps_the_last_good_book(built, tmp_path):
    import nbformat

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    out = root / "book" / "_build"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    lesson = root / "lessons" / "01-fixture.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    nb.cells.insert(5, nbformat.v4.new_code_cell("share = 1 / 0"))
    nbformat.write(nb, lesson)
    with pytest.raises(BookBuildError) as info:
        build_book(root, log=lambda line: None)
    message = str(info.value)
    assert "lessons/01-fixture.ipynb" in message and "cell 6" in message
    assert "ZeroDivisionError" in message and "share = 1 / 0" in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_notebook_cut_short_is_named_with_its_line_and_the_last_good_book_stays(built, tmp_path, capsys):
    from course_utils.cli import main

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    out = root / "book" / "_build"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    lesson = root / "lessons" / "02-fixture.ipynb"
    lesson.write_text(lesson.read_text(encoding="utf-8")[:900], encoding="utf-8")  # as if a save was cut short
    assert main(["book", "--root", str(root), "--language", "en"]) == 2
    message = capsys.readouterr().err
    assert message.startswith("course book: ") and "02-fixture.ipynb cannot be read as a notebook (line " in message
    assert "git checkout -- " in message and "Traceback" not in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    lesson.write_bytes("\ufeff{\"cells\": []}".encode("utf-16"))
    with pytest.raises(CourseDataError, match="not UTF-8 text"):
        build_book(root, log=lambda line: None)
    for text in ("[1, 2]", "{}", '{"nbformat": 4}', '{"nbformat": 4, "nbformat_minor": 5, "cells": [1]}',
                 '{"nbformat": 4, "nbformat_minor": 5, "metadata": [], "cells": []}'):
        lesson.write_text(text, encoding="utf-8")
        with pytest.raises(CourseDataError, match="it holds JSON, but not a notebook"):
            build_book(root, log=lambda line: None)
    # A damaged entry of the execution cache is a miss, not an error.
    from course_utils.book.cache import ExecutionCache

    cache = ExecutionCache(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "lessons-01.abc.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert cache.get("lessons-01", "abc") is None


def test_a_build_book_yaml_entry_without_number_file_or_title_is_named(built, tmp_path):
    from course_utils.book.config import load_config
    from course_utils.errors import CourseInputError

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    config = root / "book" / "book.yaml"
    text = config.read_text(encoding="utf-8")
    first = "{number: 1, file: lessons/01-fixture.ipynb, "
    assert first in text
    for broken, expected in ((text.replace(first, "{numbr: 1, file: lessons/01-fixture.ipynb, ", 1), "needs a whole"),
                             (text.replace(first, "{number: , file: lessons/01-fixture.ipynb, ", 1), "needs a whole"),
                             (text.replace(first, "{number: 1, ", 1), "a \"file\""),
                             (text.replace("lessons:\n", "lessons: lessons/01-fixture.ipynb\nlessons_before:\n", 1),
                              "\"lessons\" should be a list of chapters")):
        config.write_text(broken, encoding="utf-8")
        with pytest.raises(CourseInputError, match=expected):
            load_config(root)


def test_the_notebook_that_runs_is_the_one_the_build_read_not_a_later_save(tmp_path):
    """An author who saves while the book builds: the cache key was computed from the notebook as
    read, so that notebook is what runs, whatever the file holds by then."""
    import nbformat

    from course_utils.book.execute import execute_one

    path = tmp_path / "lesson.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('saved later')")]), path)
    read = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('as read')")])
    result = execute_one("lessons-01", str(path), 60, "en", read)
    assert result.ok, result.error_value
    assert "as read" in result.notebook_json and "saved later" not in result.notebook_json
    assert read.cells[0].outputs == []  # the caller's notebook is left as it was


def test_a_missing_cjk_font_fails_before_anything_runs(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    config = root / "book" / "book.yaml"
    config.write_text(config.read_text().replace('font: "Noto Sans CJK SC"', 'font: "Imaginary CJK Sans"'))
    with pytest.raises(Exception) as info:
        build_book(root, formats=["pdf"], log=lambda line: None)
    assert "Imaginary CJK Sans" in str(info.value) and "apt-get install fonts-noto-cjk" in str(info.value)


def test_a_rebuild_with_nothing_changed_reads_no_notebook(built, tmp_path, monkeypatch):
    from course_utils.book import build as build_module

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    build_book(root, formats=["html"], log=lambda line: None)  # records the inputs after the fixture's build
    monkeypatch.setattr(build_module, "read_notebook", lambda path: pytest.fail(f"read {path}"))
    again = build_book(root, formats=["html"], log=lambda line: None)
    assert again.written == [] and len(again.up_to_date) == 2 and len(again.cached) == 3
    monkeypatch.undo()
    # The same notebook saved again byte for byte differently (a trailing newline): its
    # inputs changed, the printed notebook did not, so nothing is written.
    lesson = root / "lessons" / "02-fixture.ipynb"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    resaved = build_book(root, formats=["html"], log=lambda line: None)
    assert resaved.written == [] and len(resaved.up_to_date) == 2
    (root / "book" / "_build" / "coursebook-student.html").unlink()  # a missing output is written again
    missing = build_book(root, formats=["html"], log=lambda line: None)
    assert [path.name for path in missing.written] == ["coursebook-student.html"]
