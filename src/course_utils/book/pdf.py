"""The print step: HTML → A4 PDF with WeasyPrint, after checking the CJK font.

A PDF whose Chinese prints as empty boxes is worse than no PDF, so a missing font
stops the build with the fix in the message. ``write_pdf`` lays out a whole book in
one go; ``render_part`` lays out one part of it (see ``parts.py``) and reports what
the assembly needs: its page count, where its anchors are and its links to other parts.
"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager

from course_utils.book.fontmerge import face_identities
from course_utils.book.pagetops import head_hash, mark_cuts, page_facts
from course_utils.clibs import import_weasyprint
from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("book")


def installed_font_families() -> set[str] | None:
    """Font families fontconfig knows (None when ``fc-list`` is not available)."""
    if shutil.which("fc-list") is None:
        return None
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}


def check_cjk_font(family: str, families: set[str] | None = None) -> None:
    """Raise :class:`CourseDataError` with the fix unless ``family`` is installed.

    >>> check_cjk_font("Noto Sans CJK SC", {"Noto Sans CJK SC", "DejaVu Sans"})
    >>> check_cjk_font("Noto Sans CJK SC", {"DejaVu Sans"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course_utils.errors.CourseDataError: The book needs the font "Noto Sans CJK SC" ...
    """
    families = installed_font_families() if families is None else families
    if families is None:
        raise CourseDataError(tr.gettext("Cannot check for the fonts the book needs ({font}): fontconfig (fc-list) "
                                         "is not installed. Fix: `sudo apt-get install fontconfig fonts-noto-cjk "
                                         "fonts-liberation2` (`make book` run as root installs them), then build "
                                         "again.", font=family))
    if family not in families:
        raise CourseDataError(tr.gettext("The book needs the font \"{font}\" to print Chinese, and it is not "
                                         "installed, so the PDF would show empty boxes. Fix: on Debian/Ubuntu `sudo "
                                         "apt-get install fonts-noto-cjk` (`make book` run as root installs it), "
                                         "then build again.", font=family))


def _quiet_weasyprint() -> None:
    import logging

    # WeasyPrint logs every unsupported CSS property of nbconvert's markup; keep errors only.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


class _OtherPartAnchors:
    """Drops WeasyPrint's "No anchor" error for links into other parts: they are added later."""

    def filter(self, record) -> bool:
        return not record.getMessage().startswith("No anchor #")  # i18n: not translated (WeasyPrint's own log message)


def load_printing(layout: bool = True) -> None:
    """Import what joining parts takes (pikepdf and uharfbuzz: ``assembly.py``, ``fontmerge.py``) and,
    if ``layout``, what laying them out takes (WeasyPrint), ahead of a worker's first use: about 0.1
    and 0.25 s."""
    if layout:
        import_weasyprint()
    import pikepdf  # noqa: F401
    import uharfbuzz  # noqa: F401


def warm_up(css: str) -> None:
    """Print a few lines with the book's stylesheet, so a worker's first part is laid out at full speed.

    A process's first layout costs about 0.8 s more than the next: WeasyPrint declares its C
    types, fontconfig loads the fonts and HarfBuzz their tables on first use.
    """
    _quiet_weasyprint()
    document = (f"<html><head><style>{css}</style></head><body><h1>Warm-up 预热</h1>"
                "<p>Text, “quoted” and 中文, <em>emphasised</em>.</p><pre><code>x = 1  # 代码</code></pre>"
                "<table><tr><th>a</th><td>1</td></tr></table></body></html>")  # i18n: not translated (never shown)
    import_weasyprint().HTML(string=document).write_pdf()


def write_pdf(html: str, base_url: str) -> bytes:
    """Render the book's HTML to PDF bytes (A4 and margins come from the CSS)."""
    _quiet_weasyprint()
    return import_weasyprint().HTML(string=html, base_url=base_url).write_pdf()


def render_part(document: str, base_url: str) -> dict:
    """Lay out one part's document; its PDF bytes and what assembling the book needs.

    ``anchors``: name → [page index, x, y] (PDF points from the bottom left), first
    occurrence; ``links``: [page index, target, x1, y1, x2, y2] for links to anchors
    this part does not hold; ``fonts``: which font file each embedded face came from
    (``fontmerge.face_identities``); ``levels``: the ``bookmark-level`` of each of its
    bookmarks, in order, so that the book can nest them across parts, and ``marks`` the page
    of each; ``tops``, ``prints`` and ``head``: where its pages start and what each draws
    (``pagetops.py``), so that an edit can reuse its pages.
    """
    rendered = lay_out(mark_cuts(document), base_url)
    return part_result(rendered, document, page_facts(rendered, document))


def lay_out(marked: str, base_url: str):
    """WeasyPrint's layout of ``marked`` (a part's document with its blocks marked, or the start of it)."""
    with _other_parts_unlinked():
        return import_weasyprint().HTML(string=marked, base_url=base_url).render()


def part_result(rendered, document: str, facts: tuple[list, list], pages: int | None = None) -> dict:
    """:func:`render_part`'s result from a layout of ``document`` and its :func:`pagetops.page_facts`,
    for its first ``pages`` pages (all of them by default)."""
    if pages is not None:
        rendered = rendered.copy(rendered.pages[:pages])
    anchors, links = {}, []
    for number, page in enumerate(rendered.pages):
        height = page.height * 0.75  # CSS px → PDF points, y measured from the bottom
        for name, (x, y, *_rest) in page.anchors.items():
            anchors.setdefault(name, [number, round(x * 0.75, 3), round(height - y * 0.75, 3)])
    for number, page in enumerate(rendered.pages):
        height = page.height * 0.75
        for kind, target, (x1, y1, x2, y2), _box in page.links:
            if kind == "internal" and target not in anchors:
                links.append([number, target, round(x1 * 0.75, 3), round(height - y2 * 0.75, 3),
                              round(x2 * 0.75, 3), round(height - y1 * 0.75, 3)])
    with _other_parts_unlinked():
        data = rendered.write_pdf()
    count = len(rendered.pages)
    tops, prints = facts
    return {"pdf": data, "pages": count, "anchors": anchors, "links": links, "fonts": face_identities(rendered),
            "levels": [mark[0] for page in rendered.pages for mark in page.bookmarks],
            "marks": [number for number, page in enumerate(rendered.pages) for _mark in page.bookmarks],
            "tops": [top for top in tops if top[0] < count], "prints": prints[:count], "head": head_hash(document)}


@contextmanager
def _other_parts_unlinked():
    """WeasyPrint quiet but for errors, and silent about links into other parts (they are added later)."""
    import logging

    _quiet_weasyprint()
    logger = logging.getLogger("weasyprint")
    quiet = _OtherPartAnchors()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
