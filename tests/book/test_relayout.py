"""An edited part laid out again from its last layout gives the pages of a layout from scratch."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.book

STYLE = """<style>
@page { size: A5; margin: 18mm 16mm; @top-left { content: string(running); font-size: 8pt }
        @bottom-center { content: "·" } }
body { font: 10pt/1.45 "Liberation Serif", serif }
h1 { string-set: running content(); bookmark-level: 1 }
h2 { bookmark-level: 2; break-after: avoid; margin: 1.2em 0 0.4em }
p { orphans: 2; widows: 2; margin: 0 0 0.6em }
pre { background: #eee; padding: 4pt; break-inside: avoid }
table { border-collapse: collapse } td { border: 0.5pt solid #999; padding: 2pt }
</style>"""
WORDS = ("channels", "livestream", "private", "traffic", "merchant", "repurchase", "moments", "search",
         "mini-program", "store", "followers", "referral")


def _paragraph(seed: int) -> str:
    length = 10 + (seed * 37) % 30  # paragraphs of different lengths: page breaks fall mid-paragraph or between
    return " ".join(WORDS[(seed * 7 + i * 5) % len(WORDS)] for i in range(length)) + "."


def chapter(style: str = STYLE, first: str = "", insert: str = "", title: str = "A chapter") -> str:
    """A part of about eight A5 pages: headings with bookmarks, paragraphs, code, a table, links both ways."""
    blocks = [f'<h1 id="top">{title}</h1>', f"<p>{first}{_paragraph(0)}</p>",
              '<p>See <a href="#s4">section 4</a>, and <a href="#away">another part</a>.</p>', insert]
    for section in range(1, 7):
        blocks.append(f'<h2 id="s{section}">Section {section}</h2>')
        blocks += [f"<p>{_paragraph(section * 10 + i)}</p>" for i in range(7)]
        blocks.append(f'<pre>total = sum(sales[{section}])\nprint(total)</pre>')
        blocks.append(f'<p>Back to <a href="#top">the start</a>, on to <a href="#s{section % 6 + 1}">the next</a>, '
                      f'or <a href="#elsewhere">another part</a>.</p>')
        blocks.append("<table>" + "".join(f"<tr><td>{section}.{row}</td><td>{WORDS[row]}</td></tr>"
                                          for row in range(3)) + "</table>")
    body = "\n".join(block for block in blocks if block)
    return f"<html><head>{style}</head><body><section class=\"chapter\">\n{body}\n</section></body></html>"


def _laid_out(tmp_path, document: str):
    from course_utils.book.pagecache import PageCache
    from course_utils.book.pdf import render_part

    cache = PageCache(tmp_path / "pages", "test")
    cache.directory.mkdir(exist_ok=True)
    return cache.put(cache.document_hash(document), render_part(document, str(tmp_path) + "/"))


def _printed(data: bytes) -> tuple[list[str], list, dict, list]:
    """Each page's text, the outline (title, depth, page), the named destinations' pages and each
    page's links (their targets)."""
    import pikepdf
    from pypdf import PdfReader

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        outline = []

        def walk(items, depth):
            for item in items:
                outline.append((item.title, depth, pages[item.destination[0].objgen]))
                walk(item.children, depth + 1)

        with pdf.open_outline() as root:
            walk(root.root, 0)
        dests = {name: pages[target[0].objgen] for name, target in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        links = [sorted(str(annot.Dest) for annot in page.obj.get("/Annots", []) if annot.get("/Subtype") == "/Link")
                 for page in pdf.pages]
    return texts, outline, dests, links


def _assert_same_layout(result: dict, whole: dict) -> None:
    for key in ("pages", "prints", "anchors", "links", "levels", "marks", "tops", "head"):
        assert result[key] == whole[key], key
    assert _printed(result["pdf"]) == _printed(whole["pdf"])


def test_a_prose_edit_reuses_the_old_pages_after_it_and_gives_the_pages_of_a_whole_layout(tmp_path):
    from course_utils.book.pdf import render_part
    from course_utils.book.relayout import relay_out

    previous = _laid_out(tmp_path, chapter())
    assert previous.pages >= 6 and len(previous.tops) >= 4
    edited = chapter(first="An edited word. ")
    result = relay_out(edited, str(tmp_path) + "/", previous)
    whole = render_part(edited, str(tmp_path) + "/")
    assert result["reused"] >= previous.pages // 3  # laid out only up to where the breaks fall as before
    _assert_same_layout(result, whole)
    assert "An edited word." in _printed(result["pdf"])[0][0]


def test_an_edit_that_moves_every_page_break_after_it_is_laid_out_whole(tmp_path):
    from course_utils.book.pdf import render_part
    from course_utils.book.relayout import relay_out

    previous = _laid_out(tmp_path, chapter())
    # A block of an odd height early on: the rest of the chapter is unchanged, byte for byte, but
    # no page after it starts where it started, so no old page may be taken over.
    edited = chapter(insert='<div style="height: 23.7mm; background: #ddd"></div>')
    result = relay_out(edited, str(tmp_path) + "/", previous)
    whole = render_part(edited, str(tmp_path) + "/")
    assert result["reused"] == 0
    _assert_same_layout(result, whole)


def test_a_new_running_head_is_laid_out_on_every_page_though_the_page_breaks_stay(tmp_path):
    from course_utils.book.pdf import render_part
    from course_utils.book.relayout import relay_out

    previous = _laid_out(tmp_path, chapter())
    # The title sets the running head of every later page: the same blocks start the same pages,
    # but each page prints the new head, so none of the old pages may be taken over.
    retitled = chapter(title="A retitled chapter")
    result = relay_out(retitled, str(tmp_path) + "/", previous)
    whole = render_part(retitled, str(tmp_path) + "/")
    assert [top[:2] for top in whole["tops"]] == [top[:2] for top in previous.tops]
    assert result["reused"] == 0
    _assert_same_layout(result, whole)
    assert all("A retitled chapter" in text for text in _printed(result["pdf"])[0][1:])


def test_a_change_of_style_is_laid_out_whole_even_where_the_text_is_the_same(tmp_path):
    from course_utils.book.pdf import render_part
    from course_utils.book.relayout import relay_out

    previous = _laid_out(tmp_path, chapter())
    restyled = chapter(style=STYLE.replace("10pt/1.45", "10.5pt/1.45"), first="An edited word. ")
    result = relay_out(restyled, str(tmp_path) + "/", previous)
    assert result["reused"] == 0
    _assert_same_layout(result, render_part(restyled, str(tmp_path) + "/"))


def test_an_edit_near_the_end_of_a_part_lays_it_out_whole(tmp_path):
    from course_utils.book.relayout import relay_out

    previous = _laid_out(tmp_path, chapter())
    document = chapter()
    last = document.rindex("<table>")
    edited = document[:last] + "<p>A late addition.</p>" + document[last:]
    assert relay_out(edited, str(tmp_path) + "/", previous)["reused"] == 0


def test_an_old_layout_that_cannot_be_read_back_is_not_used(tmp_path):
    from course_utils.book.pagecache import PageCache
    from course_utils.book.pdf import render_part
    from course_utils.book.relayout import relay_out

    previous = _laid_out(tmp_path, chapter())
    previous.path.write_bytes(previous.path.read_bytes()[:1000])  # cut short, as a full disk might
    edited = chapter(first="An edited word. ")
    result = relay_out(edited, str(tmp_path) + "/", previous)
    assert result["reused"] == 0
    _assert_same_layout(result, render_part(edited, str(tmp_path) + "/"))
    # A record that cannot be read is no previous layout at all.
    cache = PageCache(tmp_path / "pages", "test")
    cache.remember({"student": [previous.path.stem]})
    previous.path.with_suffix(".json").write_text("{", encoding="utf-8")
    assert cache.previous(cache.last_layouts()["student"], 0) is None
