"""The HTML edition in headless Chromium: navigable, no sideways scrolling, Chinese from the file.

Opens the real books built once per session (``real_book`` and ``zh_book`` in conftest.py) as
local files, with every network request refused: the edition must work offline.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.book, pytest.mark.browser]

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def chromium(browser):
    """The session's headless Chromium (``browser`` in tests/conftest.py)."""
    return browser


def _open(chromium, path, size):
    page = chromium.new_page(viewport={"width": size[0], "height": size[1]})
    requests = []

    def refuse(route):
        requests.append(route.request.url)
        route.abort()

    page.route("http*://**", refuse)
    page.goto(path.as_uri())
    return page, requests


@pytest.mark.parametrize("edition", ["student", "instructor"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_horizontal_scroll_and_nothing_fetched(real_book, chromium, edition, width):
    page, requests = _open(chromium, real_book[2] / f"coursebook-{edition}.html", WIDTHS[width])
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    page.close()
    assert sizes[0] <= sizes[1], f"page is {sizes[0]} px wide in a {sizes[1]} px window"
    assert requests == []


@pytest.mark.parametrize("edition", ["student", "instructor"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_chinese_edition_neither_scrolls_sideways_nor_fetches_and_copies_clean(zh_book, chromium, edition, width):
    """As the English: its ties are unbreakable spans on screen, never wider than the window, and
    the text a reader selects and copies holds no word joiner (U+2060)."""
    page, requests = _open(chromium, zh_book[2] / f"coursebook-{edition}.html", WIDTHS[width])
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    ties, copied = page.evaluate("""() => {
        const ties = document.querySelectorAll('span.tie');
        const selection = window.getSelection();
        selection.selectAllChildren(document.querySelector('section.chapter'));
        return [ties.length, selection.toString()]; }""")
    page.close()
    assert sizes[0] <= sizes[1], f"page is {sizes[0]} px wide in a {sizes[1]} px window"
    assert requests == []
    assert ties > 100 and "2020年" in copied and "\u2060" not in copied


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_chapter_heading_is_reachable_from_the_contents(real_book, chromium, width):
    page, _ = _open(chromium, real_book[2] / "coursebook-instructor.html", WIDTHS[width])
    # The links a reader can see: chapters and their sections on any screen (in the wide side bar a
    # list under each chapter, on a phone a line of links under it).
    targets = page.evaluate("""() => [...document.querySelectorAll('#contents a[href^="#"]')]
                                       .filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))""")
    every = page.evaluate("""() => document.querySelectorAll('#contents a[href^="#"]').length""")
    sections = [t for t in targets if re.search(r"-s\d+$", t)]
    assert len(sections) >= 30 and len(targets) == every
    headings = page.evaluate("""() => [...document.querySelectorAll('section.chapter, section.appendix, section.front')]
                                        .map(s => '#' + s.id)""")
    assert set(headings) <= set(targets), f"not in the contents: {sorted(set(headings) - set(targets))}"
    sidebar = page.evaluate("() => getComputedStyle(document.querySelector('#contents')).position")
    assert sidebar == ("fixed" if width == "desktop" else "static")
    # On a phone every chapter and every fifth section is clicked (a section is the same kind of link).
    for href in targets if width == "desktop" else [t for t in targets if t not in sections] + sections[::5]:
        # Leave the previous target, scroll away from the contents' link, then click the
        # link's first line where a reader would: whatever lies on top there gets the click.
        x, y = page.evaluate("""([href, phone]) => {
            history.replaceState(null, '', '#top-of-nothing');
            window.scrollTo(0, phone ? 0 : document.body.scrollHeight);
            const link = document.querySelector(`#contents a[href="${href}"]`);
            link.scrollIntoView({block: 'nearest'});
            const line = link.getClientRects()[0];
            return [line.left + line.width / 2, line.top + line.height / 2]; }""", [href, width == "phone"])
        page.mouse.click(x, y)
        page.wait_for_function(
            """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                          return r.top >= -2 && r.top < window.innerHeight / 2; }""", arg=href[1:], timeout=5000)
        heading = page.locator(f"h2{href}, {href} h1, {href} h2").first
        assert heading.is_visible()
    # Back to the contents from the end of the book, on any screen.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    # ...where the fixed buttons leave the book's last line readable.
    covered = page.evaluate("""() => {
        const nav = document.querySelector('.screen-nav').getBoundingClientRect();
        const items = [...document.querySelectorAll('main p, main li')].filter(e => e.getClientRects().length);
        const last = items[items.length - 1].getClientRects();
        const line = last[last.length - 1];
        return line.bottom > nav.top && line.right > nav.left; }""")
    assert not covered
    page.locator(".screen-nav a[href='#cover']").click()
    page.wait_for_function("() => document.getElementById('cover').getBoundingClientRect().top >= 0", timeout=5000)
    page.close()


@pytest.mark.parametrize("book", ["real_book", "zh_book"])
def test_a_written_task_on_screen_sends_the_reader_to_the_notebook_not_to_lines(book, chromium, request):
    """The answer lines are for paper; the screen says where the answer is written instead."""
    folder = request.getfixturevalue(book)[2]
    page, _ = _open(chromium, folder / "coursebook-student.html", WIDTHS["phone"])
    shown = page.evaluate("""() => [...document.querySelectorAll('.answer-block p')]
                                     .filter(p => p.offsetParent !== null).map(p => p.textContent.trim())""")
    page.close()
    assert len(shown) == 8  # the eight written tasks
    assert all(("exercise notebook" in text or "练习笔记本" in text) and "lines" not in text and "横线" not in text
               for text in shown), shown


def test_chinese_renders_from_the_embedded_font(real_book, chromium):
    page, _ = _open(chromium, real_book[2] / "coursebook-student.html", WIDTHS["desktop"])
    page.wait_for_function("""() => [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Course CJK'
                                                                  && f.status === 'loaded')""", timeout=10000)
    loaded = page.evaluate("""() => [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Course CJK')
                                                    .map(f => f.status)""")
    covers = page.evaluate("""() => document.fonts.check('12px "Course CJK"', document.querySelector('.book-title-zh').textContent)""")
    # Every Chinese text on the page (prose, code, formulas, chips, buttons) asks for the embedded
    # face: one that names only system fonts shows boxes on a machine without a Chinese font.
    unembedded = page.evaluate(r"""() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const found = new Set();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (!/[\u4e00-\u9fff]/.test(node.data) || element.closest('script, style')) continue;
            if (!getComputedStyle(element).fontFamily.includes('Course CJK'))
                found.add(element.tagName.toLowerCase() + '.' + element.className + ': ' + node.data.trim().slice(0, 20));
        }
        return [...found].slice(0, 10); }""")
    page.close()
    assert loaded == ["loaded"] and covers
    assert unembedded == []


def test_a_screen_reader_finds_the_contents_and_hears_chinese_as_chinese(real_book, chromium):
    page, _ = _open(chromium, real_book[2] / "coursebook-instructor.html", WIDTHS["desktop"])
    assert page.get_by_role("navigation", name="Contents", exact=True).count() == 1
    # Every top-level section is a named region; every link of the side bar is a target 24 px high.
    assert page.get_by_role("main").count() == 1
    unnamed = page.evaluate("""() => [...document.querySelectorAll('body > section, main > section, main > div > section')]
        .filter(s => !(document.getElementById(s.getAttribute('aria-labelledby')) || {}).textContent)
        .map(s => s.id)""")
    assert unnamed == []
    assert page.get_by_role("region", name="Glossary").count() == 1
    heights = page.evaluate("() => [...document.querySelectorAll('#contents a')].map(a => a.getBoundingClientRect().height)")
    assert len(heights) > 50 and min(heights) >= 24
    # Every Chinese character of the English book's text is inside an element marked Chinese.
    stray = page.evaluate(r"""() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const found = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!/[\u4e00-\u9fff]/.test(node.data) || node.parentElement.closest('pre, code, script, style')) continue;
            if (!node.parentElement.closest('[lang="zh-CN"]')) found.push(node.data.trim().slice(0, 40));
        }
        return found; }""")
    assert stray == []
    # A table exhibit is named by its caption.
    named = page.evaluate("""() => [...document.querySelectorAll('figure.table-exhibit table')].map(t => {
        const caption = document.getElementById(t.getAttribute('aria-labelledby'));
        return caption !== null && caption.parentElement === t.parentElement
               && caption.textContent.trim().startsWith('Exhibit'); })""")
    assert len(named) > 5 and all(named)
    # The quiz's answer boxes are for a pen (the key is an appendix of this edition).
    boxes = page.locator(".course-quiz-box")
    assert boxes.count() > 20 and page.locator('.course-quiz-box:not([aria-hidden="true"])').count() == 0
    # A chart's text alternative does not repeat its caption's title.
    pairs = page.evaluate("""() => [...document.querySelectorAll('figure.course-exhibit')]
        .filter(f => f.querySelector('img')).map(f => [f.querySelector('img').alt,
                                                        f.querySelector('figcaption').textContent])""")
    page.close()
    assert len(pairs) > 10
    for alt, caption in pairs:
        assert alt.startswith("Chart of Exhibit ") and alt not in caption, (alt, caption[:80])


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_keyboard_scrolls_every_box_that_scrolls_and_no_header_cell_is_empty(real_book, chromium, width):
    page, _ = _open(chromium, real_book[2] / "coursebook-instructor.html", WIDTHS[width])
    # A box that scrolls sideways takes the keyboard focus and has a name to announce.
    # Each is marked (data-scroll-box) for the keyboard check below.
    boxes = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .map((e, i) => {
            e.dataset.scrollBox = i;
            const caption = e.tagName === 'FIGURE' ? e.querySelector(':scope > figcaption') : null;
            const labelled = document.getElementById(e.getAttribute('aria-labelledby'));
            const name = e.getAttribute('aria-label') || (caption || labelled || {}).textContent || '';
            return [e.tagName + '.' + e.className.split(' ').slice(0, 3).join('.'), e.tabIndex, name.trim().slice(0, 30)]; })""")
    empty_headers = page.evaluate("() => [...document.querySelectorAll('th')].filter(th => !th.textContent.trim()).length")
    # At phone width a dozen tables and table exhibits scroll (measured: 24); on a desktop, two.
    assert len(boxes) >= (10 if width == "phone" else 1)
    assert [box for box in boxes if box[1] < 0 or not box[2]] == []
    assert empty_headers == 0
    # And the keyboard does scroll them: focused, each moves right with the arrow key.
    for number in range(len(boxes)):
        page.locator(f'[data-scroll-box="{number}"]').focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(n) => document.querySelector(`[data-scroll-box='${n}']`).scrollLeft > 0",
                               arg=number, timeout=3000)
    page.close()


def test_a_chapter_printed_from_the_browser_starts_with_its_heading_and_its_text_on_one_page(real_book, chromium):
    """Printed from Chromium, a chapter's heading is not left alone on a page (the PDF's named chapter
    page would make Chromium break after it). One chapter is printed, the rest taken out for speed."""
    import io

    from pypdf import PdfReader

    page, _requests = _open(chromium, real_book[2] / "coursebook-student.html", WIDTHS["desktop"])
    page.evaluate("""() => { for (const section of document.querySelectorAll('section.chapter, section.appendix, .front, .toc, .cover'))
                               if (section.id !== 'lessons-01') section.remove(); }""")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.close()
    texts = [p.extract_text() for p in pdf.pages]
    first = next(i for i, text in enumerate(texts) if "Stage 1, the content engine" in text)
    assert "Estimated time" in texts[first] and "1. The case" in texts[first], texts[first][:300]
