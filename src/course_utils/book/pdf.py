"""The print step: HTML → A4 PDF with WeasyPrint, after checking the CJK font.

A PDF whose Chinese prints as empty boxes is worse than no PDF, so a missing font
stops the build with the fix in the message.
"""

from __future__ import annotations

import shutil
import subprocess

from course_utils.errors import CourseDataError
from course_utils.messages import msg


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
        raise CourseDataError(msg("book.no_fontconfig", font=family))
    if family not in families:
        raise CourseDataError(msg("book.missing_font", font=family))


def write_pdf(html: str, base_url: str) -> bytes:
    """Render the book's HTML to PDF bytes (A4 and margins come from the CSS)."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS property of nbconvert's markup; keep errors only.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html, base_url=base_url).write_pdf()
