"""The HTML edition's Chinese font, embedded: a subset of the CJK font with only the
characters the book uses, so Chinese renders the same on a reader's machine without
that font, offline, from the one HTML file.

The subset is a screen-only ``@font-face`` (WeasyPrint prints with the installed
font); the screen font stack falls back to common system CJK fonts if the build
machine has no CJK font to subset (the build then warns).
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from course_utils.book.cache import atomic_write_bytes
from course_utils.cjk import CJK_CHAR
from course_utils.i18n import Translator

tr = Translator("book")


EMBEDDED_FAMILY = "Course CJK"  # i18n: not translated (a font family name in CSS)
KEEP_SUBSETS = 4  # subsets kept on disk: two editions, each with its latest and one before
CHINESE_QUOTES = "‘’“”"


def cjk_characters(document: str) -> str:
    """The distinct CJK characters of ``document``, in code-point order, with its quotation marks.

    Chinese text sets “ ” ‘ ’ full-width: the subset carries them, so that a Chinese page,
    whose stylesheet names the subset before any Latin face, draws them as Chinese marks;
    an English page names its Latin face first and keeps its own.

    >>> cjk_characters("“视频号” (WeChat Channels), 视频, 小商店")
    '“”号商小店视频'
    >>> cjk_characters("The “Channels” tab")
    ''
    """
    found = set(CJK_CHAR.findall(document))
    if found:
        found |= {mark for mark in CHINESE_QUOTES if mark in document}
    return "".join(sorted(found))


def font_file(family: str) -> tuple[str, int] | None:
    """The file and face index fontconfig uses for ``family`` (None when it is not installed)."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}", family],
                           capture_output=True, text=True, check=False).stdout.splitlines()
    if len(found) < 3 or family not in found[0].split(","):
        return None
    return found[1], int(found[2] or 0)


@lru_cache(maxsize=4)
def subset_woff(path: str, index: int, characters: str) -> bytes:
    """A WOFF font with only ``characters`` of face ``index`` of the font file at ``path``.

    HarfBuzz cuts the subset (a few hundredths of a second; fontTools took about 1 s for
    an English edition and 3 s for a Chinese one, on the critical path of a first build),
    and fontTools wraps it as WOFF. WOFF2's Brotli at its only setting took longer than everything else together,
    for a file a tenth smaller.
    """
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    request = hb.SubsetInput()
    request.unicode_set.update(ord(character) for character in characters)
    names = request.sets(hb.SubsetInputSets.NAME_ID)
    names.clear()
    names.update({1, 2})  # family and style: all a browser needs
    request.flags = hb.SubsetFlags.NO_HINTING
    subset = hb.subset(hb.Face(hb.Blob.from_file_path(path), index), request)
    # No save-time timestamp in the font: the same characters give the same bytes, so an
    # unchanged book stays unchanged.
    font = TTFont(io.BytesIO(subset.blob.data), recalcTimestamp=False)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def cached_subset(path: str, index: int, characters: str, directory: Path | None) -> bytes:
    """:func:`subset_woff`, kept on disk in ``directory`` (when given) between builds.

    A rebuild after a prose edit almost always needs the same characters again. The key
    is the font file (path, size, time), the face, the versions of HarfBuzz and fontTools
    and the characters; each edition keeps its latest subset.
    """
    if directory is None:
        return subset_woff(path, index, characters)
    stat = Path(path).stat()
    key = hashlib.sha256(f"{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{metadata.version('uharfbuzz')}|"
                         f"{metadata.version('fonttools')}|"
                         f"{characters}".encode("utf-8")).hexdigest()[:32]
    target = Path(directory) / f"{key}.woff"
    if target.is_file():
        target.touch()  # most recently used, for the clean-up below
        return target.read_bytes()
    data = subset_woff(path, index, characters)
    atomic_write_bytes(target, data)
    # Two editions, each with its own characters: keep the latest few, drop the rest.
    kept = sorted(Path(directory).glob("*.woff"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in kept[KEEP_SUBSETS:]:
        old.unlink(missing_ok=True)
    return data


def embed_cjk_font(document: str, family: str, warnings: list[str], cache_dir: Path | None = None) -> str:
    """``document`` with a screen-only ``@font-face`` of the CJK characters it uses.

    ``cache_dir``: where subsets are kept between builds (see :func:`cached_subset`).
    """
    characters = cjk_characters(document)
    if not characters:
        return document
    found = font_file(family)
    if found is None:
        warnings.append(tr.gettext("the font \"{font}\" is not installed, so the HTML edition does not embed its "
                                   "Chinese characters; readers without a Chinese system font may see boxes. Fix: "
                                   "`make setup` (or `sudo apt-get install fonts-noto-cjk`), then build again.",
                                   font=family))
        return document
    data = base64.b64encode(cached_subset(found[0], found[1], characters, cache_dir)).decode("ascii")
    face = (f'<style media="screen">@font-face {{ font-family: "{EMBEDDED_FAMILY}"; '  # i18n: not translated (CSS)
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}</style>\n')
    return document.replace("</head>", face + "</head>", 1)
