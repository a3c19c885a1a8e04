"""The PDF printed part by part (and reused from the page cache) is the book printed whole."""

from __future__ import annotations

import shutil

import nbformat
import pytest
import yaml

from bookfixture import faces_embedded_more_than_once, font_programs, pdf_text
from course_utils.book.build import build_book, print_source
from course_utils.book.parts import split_book
from course_utils.book.pdf import write_pdf

pytestmark = pytest.mark.book
EDITIONS = ("student", "instructor")


@pytest.fixture(scope="module")
def printed_whole(built, tmp_path_factory):
    """The instructor edition (every kind of part) printed in one piece, for comparison.

    The student edition is compared with its whole print after an edit, below.
    """
    return _print_whole(built[0], "instructor", tmp_path_factory.mktemp("whole"))


def _source(root, edition):
    """The document an edition of the built book was laid out from (the HTML edition but for its ties)."""
    return print_source(root / "book" / "_cache", edition).read_text(encoding="utf-8")


def _print_whole(root, edition, folder):
    html = _source(root, edition)
    path = folder / f"whole-{edition}.pdf"
    path.write_bytes(write_pdf(html, str(root / "book") + "/"))
    return path


def _whole_and_parts(root, edition, folder):
    """(text per page printed whole, text per page printed in parts, HTML) of an edition as built."""
    whole = _print_whole(root, edition, folder)
    html = _source(root, edition)
    return pdf_text(whole), pdf_text(root / "book" / "_build" / f"coursebook-{edition}.pdf"), html


def _outline(path):
    from pypdf import PdfReader

    reader = PdfReader(str(path))

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    return list(walk(reader.outline, 0))


def _parts(html: str):
    """The parts the build printed (the fixture book sets a small part size)."""
    from bookfixture import FIXTURES

    size = yaml.safe_load((FIXTURES / "book.yaml").read_text(encoding="utf-8"))["build"]["pdf_part_size"]
    return split_book(html, size)[1]


def _parts_holding(html: str, anchor: str) -> set[int]:
    return {part.index for part in _parts(html) if anchor in part.ids}


def _edit(root, name: str, text: str) -> None:
    path = root / "lessons" / name
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += text
    nbformat.write(nb, path)


def test_parts_give_the_same_pages_and_text_as_one_piece(built, printed_whole):
    report, edition = built[1], "instructor"
    whole, parts = pdf_text(printed_whole), built[3][edition]["pages"]
    html = built[3][edition]["html"]
    assert len(parts) == len(whole)
    assert parts == whole  # page numbers, running heads and the contents' numbers included
    assert len(_parts(html)) >= 8  # really printed in parts
    assert {e for e, _i in report.printed.laid_out} == set(EDITIONS) and report.printed.whole == []


def test_parts_keep_bookmarks_metadata_and_contents_links(built, printed_whole):
    from pypdf import PdfReader

    edition, out, whole = "instructor", built[0] / "book" / "_build", printed_whole
    assert _outline(out / f"coursebook-{edition}.pdf") == _outline(whole)
    printed, reference = PdfReader(str(out / f"coursebook-{edition}.pdf")), PdfReader(str(whole))
    assert printed.metadata["/Title"] == reference.metadata["/Title"] and "edition" in printed.metadata["/Title"]
    contents = next(i for i, text in enumerate(pdf_text(whole)) if text.startswith("Contents"))

    def links(reader):
        return sorted(str(a.get_object()["/Dest"]) for a in reader.pages[contents].get("/Annots", []))

    assert links(printed) == links(reference) and "glossary" in links(printed)
    destinations = printed.named_destinations
    for name in ("lessons-01", "glossary"):
        assert printed.get_destination_page_number(destinations[name]) == \
            reference.get_destination_page_number(reference.named_destinations[name])


def _outlines(program: bytes, glyphs) -> dict[int, tuple]:
    """Glyph id → (advance width, drawing operations) of a font program's glyphs.

    Composite glyphs are drawn out: a subset may number the components it adds differently.
    """
    import io

    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(program))
    order, glyph_set = font.getGlyphOrder(), font.getGlyphSet()
    drawn = {}
    for glyph in glyphs:
        pen = DecomposingRecordingPen(glyph_set)
        glyph_set[order[glyph]].draw(pen)
        drawn[glyph] = (glyph_set[order[glyph]].width, pen.value)
    return drawn


@pytest.mark.parametrize("edition", EDITIONS)
def test_parts_share_one_copy_of_each_font_with_every_glyph_drawn_as_before(built, edition):
    import json

    root = built[0]
    joined = font_programs(root / "book" / "_build" / f"coursebook-{edition}.pdf")
    assert faces_embedded_more_than_once(root / "book" / "_build" / f"coursebook-{edition}.pdf") == {}
    pages = root / "book" / "_cache" / "pages"
    stems = json.loads((pages / "in-use.json").read_text(encoding="utf-8"))[edition]
    # The reference: the subset WeasyPrint embedded in each part, read from the page cache.
    parts = [font_programs(pages / f"{stem}.pdf") for stem in stems]
    per_face: dict[str, int] = {}
    for fonts in parts:
        for name in fonts:
            per_face[name.split("+")[-1]] = per_face.get(name.split("+")[-1], 0) + 1
    assert max(per_face.values()) >= 4  # a face several parts embed: there was something to share
    checked = 0
    for fonts in parts:
        for name, part in fonts.items():
            assert part["glyphs"] <= joined[name]["glyphs"], name
            assert _outlines(joined[name]["data"], part["glyphs"]) == _outlines(part["data"], part["glyphs"]), name
            checked += len(part["glyphs"])
    assert checked > 500
    assert sum(len(entry["data"]) for entry in joined.values()) < sum(
        len(entry["data"]) for fonts in parts for entry in fonts.values()) / 2


def test_a_rebuild_with_nothing_changed_lays_out_nothing(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    again = build_book(root, formats=["pdf"], force=True, log=lambda line: None)
    assert again.printed.laid_out == [] and len(again.printed.reused) >= 8
    for edition in EDITIONS:
        # Assembled again from the same parts: the same bytes (no date, a stable file identifier).
        assert (root / "book" / "_build" / f"coursebook-{edition}.pdf").read_bytes() == built[3][edition]["pdf"].read_bytes()


def test_a_prose_edit_lays_out_only_the_edited_chapter(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    # 鼎 is new to the book: the HTML edition's embedded font subset changes, the printed parts must not.
    assert "鼎" not in (root / "book" / "_build" / "coursebook-student.html").read_text(encoding="utf-8")
    _edit(root, "02-fixture.ipynb", "\n\nA sentence edited after the first build, about 私域 traffic (a 鼎 of it).")
    edited = build_book(root, log=lambda line: None)
    assert edited.executed == []
    for edition in EDITIONS:
        html = _source(root, edition)
        laid_out = {index for name, index in edited.printed.laid_out if name == edition}
        assert laid_out == _parts_holding(html, "lessons-02")
    # Printed whole, the edited book is the same (the student edition here, the instructor's above and below).
    whole, parts, _html = _whole_and_parts(root, "student", tmp_path)
    assert len(parts) == len(whole) and parts == whole
    assert any("A sentence edited after the first build" in page for page in parts)


def test_an_edit_that_adds_pages_lays_out_the_chapter_and_the_contents_and_moves_the_rest(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    before = len(built[3]["instructor"]["pages"])
    paragraph = "This paragraph was added to lengthen the first lesson by a few pages. " * 12
    _edit(root, "01-fixture.ipynb", "".join(f"\n\n{paragraph}" for _ in range(8)))
    edited = build_book(root, editions=["instructor"], formats=["pdf", "html"], log=lambda line: None)
    whole, parts, html = _whole_and_parts(root, "instructor", tmp_path)
    assert len(parts) > before
    assert parts == whole
    # The edited chapter is laid out again, and the contents with their new numbers; the parts after
    # the chapter, moved by its new pages, are reused: a layout does not depend on where a part falls.
    laid_out = {index for name, index in edited.printed.laid_out if name == "instructor"}
    assert laid_out == _parts_holding(html, "lessons-01") | _parts_holding(html, "contents")
    moved = _parts_holding(html, "glossary")
    assert moved and not moved & laid_out and edited.printed.numbers == ["instructor"]


def test_a_prose_edit_in_a_long_chapter_takes_over_its_pages_after_the_edit(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    paragraph = "This paragraph was added to lengthen the first lesson by a few pages. " * 5
    _edit(root, "01-fixture.ipynb", "".join(f"\n\n{paragraph}" for _ in range(30)))  # six pages
    build_book(root, editions=["instructor"], formats=["pdf", "html"], log=lambda line: None)
    path = root / "lessons" / "01-fixture.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("This paragraph was added", "This paragraph, edited, was added", 1)
    nbformat.write(nb, path)
    edited = build_book(root, editions=["instructor"], formats=["pdf", "html"], log=lambda line: None)
    whole, parts, html = _whole_and_parts(root, "instructor", tmp_path)
    # Laid out up to where its pages break as before, the chapter's later pages taken over from its last layout.
    chapter = _parts_holding(html, "lessons-01")
    assert [(index, reused) for _edition, index, reused in edited.printed.relaid if index in chapter]
    assert all(reused > 0 for _edition, _index, reused in edited.printed.relaid)
    assert parts == whole and any("This paragraph, edited, was added" in page for page in parts)
    assert _outline(root / "book" / "_build" / "coursebook-instructor.pdf") == _outline(tmp_path / "whole-instructor.pdf")


def _damage_a_part(root, edition: str, anchor: str = "glossary") -> str:
    """Cut short the PDF of the cached part of ``edition`` that holds ``anchor``, as a full disk might; its stem."""
    import json

    pages = root / "book" / "_cache" / "pages"
    stems = json.loads((pages / "in-use.json").read_text(encoding="utf-8"))[edition]
    stem = next(stem for stem in stems
                if anchor in json.loads((pages / f"{stem}.json").read_text(encoding="utf-8"))["anchors"])
    pdf = pages / f"{stem}.pdf"
    pdf.write_bytes(pdf.read_bytes()[:1000])
    return stem


def test_a_damaged_part_in_the_page_cache_is_laid_out_again(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    stems = [_damage_a_part(root, "student", "glossary"), _damage_a_part(root, "student", "lessons-01")]
    again = build_book(root, formats=["pdf"], force=True, log=lambda line: None)
    # The two damaged parts, each laid out again once (the appendix is one both editions share), and nothing else.
    assert again.printed.layouts == 2 and {name for name, _index in again.printed.laid_out} <= set(EDITIONS)
    for stem in stems:
        assert (root / "book" / "_cache" / "pages" / f"{stem}.pdf").stat().st_size > 1000
    for edition in EDITIONS:
        assert (root / "book" / "_build" / f"coursebook-{edition}.pdf").read_bytes() == built[3][edition]["pdf"].read_bytes()


def test_a_part_still_unreadable_after_a_fresh_layout_is_named_in_the_message(built, tmp_path, monkeypatch):
    from course_utils.book import printer
    from course_utils.book.cache import tree_fingerprint
    from course_utils.book.config import book_files, load_config
    from course_utils.book.pagecache import PageCache, print_environment
    from course_utils.errors import CourseDataError

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    stem = _damage_a_part(root, "student")
    config = load_config(root)
    cache = PageCache(root / "book" / "_cache" / "pages", print_environment(tree_fingerprint(book_files(config))))
    html = _source(root, "student")
    size = int(config.build_options["pdf_part_size"])
    laid_out = printer.render_part

    def unreadable(document, base_url):  # a layout whose PDF comes out broken, as a full disk would leave it
        return {**laid_out(document, base_url), "pdf": b"%PDF-1.7 cut short"}

    monkeypatch.setattr(printer, "render_part", unreadable)
    with pytest.raises(CourseDataError, match=f"even after it was laid out again.*{stem}\\.pdf.*Delete the folder"):
        printer.print_editions({"student": html}, str(root / "book") + "/", cache, workers=1, part_size=size)


def test_from_an_empty_page_cache_each_part_is_laid_out_once_in_the_workers(built, tmp_path):
    """All parts go to the workers at once (a layout does not wait for the page counts before
    it), each is laid out once, and the book is the fixture's, page numbers included."""
    import json

    from course_utils.book.config import load_config
    from course_utils.book.pagecache import PageCache
    from course_utils.book.pools import process_pool
    from course_utils.book.printer import PrintReport, print_editions

    root = built[0]
    html = _source(root, "student")
    size = int(load_config(root).build_options["pdf_part_size"])
    cache, report = PageCache(tmp_path / "pages", "a fresh page cache"), PrintReport()
    pool = process_pool(2)
    try:
        printed = print_editions({"student": html}, str(root / "book") + "/", cache, part_size=size, pool=pool,
                                 report=report)
    finally:
        pool.shutdown()
    parts = _parts(html)
    contents = [p.index for p in parts if p.external]  # laid out twice: blank numbers, then the real ones
    assert sorted(report.laid_out) == sorted([("student", p.index) for p in parts] + [("student", i) for i in contents])
    stems = json.loads((tmp_path / "pages" / "in-use.json").read_text(encoding="utf-8"))["student"]
    assert len(stems) == len(parts) + len(contents) + 1  # each layout, kept for the next build, and the page numbers
    (tmp_path / "student.pdf").write_bytes(printed["student"])
    assert pdf_text(tmp_path / "student.pdf") == built[3]["student"]["pages"]


def _print_while_rendering(built, pages, instructor_html, report=None):
    """Print the fixture's student edition given, and its instructor edition whose HTML is still
    being rendered (``instructor_html``: the future of it), through the page cache in ``pages``."""
    from course_utils.book.cache import tree_fingerprint
    from course_utils.book.config import book_files, load_config
    from course_utils.book.pagecache import PageCache, print_environment
    from course_utils.book.printer import print_editions

    root = built[0]
    html = _source(root, "student")
    config = load_config(root)
    cache = PageCache(pages, print_environment(tree_fingerprint(book_files(config))))
    return print_editions({"student": html}, str(root / "book") + "/", cache, workers=1, report=report,
                          part_size=int(config.build_options["pdf_part_size"]),
                          rendering={"instructor": instructor_html})


def test_an_edition_still_rendering_is_printed_when_its_html_arrives(built, tmp_path, monkeypatch):
    """The build prints an edition's parts while the next edition still renders, and prints that
    one as if its HTML had been given. Here a part both editions print alike is missing from the
    page cache: laid out once, for the student edition, before the instructor edition's HTML
    arrives, it counts as laid out for both."""
    import json
    from concurrent.futures import Future

    from course_utils.book import printer

    pages = tmp_path / "pages"
    shutil.copytree(built[0] / "book" / "_cache" / "pages", pages)
    in_use = json.loads((pages / "in-use.json").read_text(encoding="utf-8"))
    shared = sorted(set(in_use["student"]) & set(in_use["instructor"]))[0]
    for suffix in (".pdf", ".json"):
        (pages / f"{shared}{suffix}").unlink()
    events, report, laid_out = [], printer.PrintReport(), printer.render_part
    instructor = _source(built[0], "instructor")
    arriving = Future()

    def layout(*args):
        events.append("layout")
        result = laid_out(*args)
        arriving.set_result(instructor)  # the instructor edition's HTML arrives once this layout is made
        events.append("arrived")
        return result

    # One layout to make: it runs in this process.
    monkeypatch.setattr(printer, "render_part", layout)
    printed = _print_while_rendering(built, pages, arriving, report=report)
    assert events == ["layout", "arrived"]
    assert report.layouts == 1 and sorted(name for name, _index in report.laid_out) == ["instructor", "student"]
    for edition in EDITIONS:
        (tmp_path / f"{edition}.pdf").write_bytes(printed[edition])
        assert pdf_text(tmp_path / f"{edition}.pdf") == built[3][edition]["pages"], edition


def test_a_render_that_fails_while_the_other_edition_prints_stops_the_print(built, tmp_path):
    from concurrent.futures import Future

    from course_utils.errors import CourseDataError

    failed = Future()
    failed.set_exception(CourseDataError("the teaching notes cannot be read"))
    with pytest.raises(CourseDataError, match="teaching notes cannot be read"):
        _print_while_rendering(built, tmp_path / "pages", failed)


def test_pages_taken_from_a_part_bring_only_the_pictures_they_draw(tmp_path):
    # A part's pages share one resource dictionary: an edited part made of some of its old pages
    # once carried the pictures of the pages it left out, drawn nowhere in the book.
    import base64
    import io

    import pikepdf
    from PIL import Image

    from course_utils.book.assembly import Pages, join_parts
    from course_utils.book.pagecache import PartRecord

    def picture(colour: str) -> str:
        buffer = io.BytesIO()
        Image.new("RGB", (400, 200), colour).save(buffer, format="PNG")
        return f'<img style="width: 80mm" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}"/>'

    page_break = '<div style="break-before: page"></div>'
    path = tmp_path / "part.pdf"
    path.write_bytes(write_pdf(page_break.join(picture(colour) for colour in ("red", "green", "blue")), str(tmp_path)))
    record = PartRecord(pages=3, anchors={}, links=[], path=path)

    def pictures(data: bytes) -> int:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return sum(1 for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image")

    assert pictures(join_parts([record])) == 3
    taken = join_parts([Pages(record, 1, 3)])
    assert pictures(taken) == 2
    with pikepdf.open(io.BytesIO(taken)) as pdf:
        assert len(pdf.pages) == 2
