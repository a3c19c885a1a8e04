"""Build the real course book from the repository's notebooks and scan it."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from bookfixture import REPO, faces_embedded_more_than_once, pdf_fonts, pdf_text, visible_text

pytestmark = pytest.mark.book


def _solution_lines() -> list[str]:
    lines = []
    for path in sorted((REPO / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for region in re.findall(r"BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", cell.source, re.S):
                lines += [line.strip() for line in region.splitlines() if len(line.strip()) > 20]
    return lines


def _hidden_check_lines() -> list[str]:
    lines = []
    for path in (REPO / "solutions").glob("*.py"):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if len(line.strip()) > 30 and not line.strip().startswith(("import ", "from ", "#", '"""'))]
    return lines


def _answer_key_lines() -> list[str]:
    lines = []
    for path in sorted((REPO / "src" / "course_utils" / "quizbanks").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        lines += [q["explanation"].strip() for q in bank.get("questions", []) if len(q.get("explanation", "")) > 30]
    return lines


def _teaching_note_lines() -> list[str]:
    return [line.strip("-* ").strip() for path in sorted((REPO / "book" / "teaching-notes").glob("*.md"))
            for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 40]


def test_real_book_chapters_exhibits_and_fonts(real_book):
    config, _report, out = real_book
    for edition in ("student", "instructor"):
        html = (out / f"coursebook-{edition}.html").read_text(encoding="utf-8")
        lessons = [c for c in config.chapters_for(edition) if c.part == "lessons"]
        ids = re.findall(r'<section class="chapter part-lessons" id="([^"]+)"', html)
        assert ids == [c.key for c in lessons]
        for chapter in re.split(r'<section class="chapter part-lessons"', html)[1:]:
            number = re.search(r'id="lessons-(\d+)"', chapter).group(1)
            labels = re.findall(r'<span class="exhibit-label">Exhibit (\d+)\.(\d+)', chapter.split("</section>\n<section")[0])
            assert all(int(c) == int(number) for c, _ in labels)
            assert [int(n) for _, n in labels] == list(range(1, len(labels) + 1))
        assert "application/vnd.jupyter.widget" not in html and "<script" not in html
        # The whole timeline, and only it, prints as a tall chart (labels readable at print size); the
        # explorer's timeline of one stage is short enough for the usual height.
        assert re.findall(r'class="course-exhibit tall-chart[^"]*" data-exhibit="([\d.]+)"', html) == ["0.1"]
        assert any("NotoSansCJK" in f.replace("-", "") for f in pdf_fonts(out / f"coursebook-{edition}.pdf"))
        assert "视频号" in "\n".join(pdf_text(out / f"coursebook-{edition}.pdf"))
        # Printed in parts, the book still embeds each font face once (a subset per part made it 2x larger).
        assert faces_embedded_more_than_once(out / f"coursebook-{edition}.pdf") == {}


def test_real_student_book_has_no_solution_check_key_or_note(real_book):
    _config, _report, out = real_book
    html = visible_text((out / "coursebook-student.html").read_text(encoding="utf-8"))
    pdf = "\n".join(pdf_text(out / "coursebook-student.pdf"))
    leaks = [line for line in _solution_lines() + _hidden_check_lines() + _answer_key_lines() + _teaching_note_lines()
             if line in html or line in pdf]
    assert leaks == []
    for marker in ("BEGIN SOLUTION", "Quiz answer key", "Teaching notes for Lesson", "Worked solution"):
        assert marker not in html


def test_timeline_chips_name_their_stage(real_book):
    from course_utils.book.matter import stage_name

    _config, _report, out = real_book
    html = (out / "coursebook-student.html").read_text(encoding="utf-8")
    chips = [(stage, re.sub(r"<[^>]+>", "", text)) for stage, text in
             re.findall(r'<span class="stage-chip stage-(\w+)">(.*?)</span></td>', html)]
    assert {stage for stage, _text in chips} == {"content", "hub", "commerce"}
    assert all(text == stage_name(stage) != stage for stage, text in chips)


def test_real_lessons_print_alike_in_both_editions_with_the_notes_apart(real_book):
    """The instructor's teaching notes follow each lesson as a part of their own, so the lesson
    itself is one document in both editions, laid out once for both (most of the book's pages)."""
    from course_utils.book.parts import part_document, split_book

    config, _report, out = real_book
    documents = {}
    for edition in ("student", "instructor"):
        head, parts = split_book((out / f"coursebook-{edition}.html").read_text(encoding="utf-8"))
        for part in parts:
            for chapter in config.chapters_for(edition):
                if chapter.part == "lessons" and chapter.key in part.ids:
                    assert not any(name.startswith("notes-") for name in part.ids), (edition, chapter.key)
                    documents.setdefault(chapter.key, set()).add(
                        part_document(head, part.html, first_part=part.index == 0, numbered_links=False))
        if edition == "instructor":
            notes = [part for part in parts if any(name.startswith("notes-") for name in part.ids)]
            assert len(notes) == 5 and all(len(part.ids & {c.key for c in config.chapters}) == 0 for part in notes)
    assert len(documents) == 5 and all(len(both) == 1 for both in documents.values())
