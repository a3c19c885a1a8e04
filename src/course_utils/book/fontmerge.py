"""One copy of each font in a book printed in parts.

WeasyPrint embeds in each part's PDF a subset of every font face the part uses, so a
book joined from parts carried one subset of the Chinese font per part: about ten
times the font data of the book printed whole (the Chinese instructor edition was
16 MB, 13.7 MB of it fonts). Its subsets keep the font's own glyph numbers (HarfBuzz's
"retain glyph ids"), so one subset of the glyphs of all the parts can stand in for
every part's: the text of each page still names the same glyphs, its widths and its
Unicode map are untouched, and the joined book embeds each face once.

A part's layout records which font file each of its embedded faces came from
(:func:`face_identities`, in the worker). When the book is joined,
:func:`share_font_programs` finds that file again among the installed fonts, cuts
one subset with every glyph the parts use, and points each part's font at it. A face
it cannot match for certain (a font from a file fontconfig does not list, a variable
or colour font, a glyph the font lacks) keeps its subsets per part, as before.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

HEAD_BYTES = 65_536  # how much of a font file identifies it, with its size and face index
# Tables WeasyPrint leaves out of its subsets; the shared subset leaves out the same.
DROPPED_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")
# Faces WeasyPrint changes beyond subsetting (variable, colour, bitmap): never shared.
SPECIAL_TABLES = {"fvar", "CBDT", "CBLC", "sbix", "SVG ", "COLR", "EBDT"}
PROGRAM_KEYS = ("/FontFile2", "/FontFile3")


def face_identities(document) -> dict[str, list]:
    """Font name in a laid-out WeasyPrint document's PDF → [file size, face index, digest of its head].

    Read from the HarfBuzz face each font was loaded from; {} if WeasyPrint's
    internals are not as expected (the book is then joined without sharing fonts).
    """
    try:
        from weasyprint.text.ffi import ffi, harfbuzz

        found = {}
        for font in document.fonts.values():
            if font.bitmap:
                continue
            blob = harfbuzz.hb_face_reference_blob(font.hb_face)
            try:
                size = harfbuzz.hb_blob_get_length(blob)
                length = ffi.new("unsigned int *")  # i18n: not translated (a C type)
                head = ffi.buffer(harfbuzz.hb_blob_get_data(blob, length), min(size, HEAD_BYTES))[:]
            finally:
                harfbuzz.hb_blob_destroy(blob)
            found[font.name.decode("latin-1").lstrip("/")] = [size, font.index, hashlib.md5(head).hexdigest()]
        return found
    except (AttributeError, ImportError, TypeError):
        return {}


def _installed() -> tuple[tuple[str, int], ...]:
    """(file, face index) of every font fontconfig lists (asked at each join: a watch outlives installs)."""
    if shutil.which("fc-list") is None:
        return ()
    listing = subprocess.run(["fc-list", "--format", "%{file}|%{index}\n"], capture_output=True, text=True,
                             check=False).stdout
    pairs = set()
    for line in listing.splitlines():
        path, _, index = line.rpartition("|")
        if path and index.isdigit():
            pairs.add((path, int(index)))
    return tuple(sorted(pairs))


def installed_font_file(size: int, index: int, head: str, installed) -> str | None:
    """The file among ``installed`` (``_installed()``) with this size and head holding face ``index``, or None."""
    for path, face in installed:
        if face != index:
            continue
        try:
            if os.path.getsize(path) != size:
                continue
            with open(path, "rb") as stream:
                if hashlib.md5(stream.read(HEAD_BYTES)).hexdigest() == head:
                    return path
        except OSError:
            continue
    return None


def widths_glyphs(widths) -> set[int] | None:
    """Glyph ids listed in a CIDFont's ``/W`` array, or None if it is not in a form this reads.

    >>> sorted(widths_glyphs([3, [500, 600], 10, 12, 250]))
    [3, 4, 10, 11, 12]
    """
    glyphs: set[int] = set()
    items = list(widths)
    at = 0
    while at < len(items):
        first = items[at]
        if at + 1 < len(items) and isinstance(items[at + 1], (list, tuple)):
            glyphs.update(range(int(first), int(first) + len(items[at + 1])))
            at += 2
        elif at + 2 < len(items):
            glyphs.update(range(int(first), int(items[at + 1]) + 1))
            at += 3
        else:
            return None
    return glyphs


def shared_subset(path: str, index: int, glyphs: set[int]) -> bytes | None:
    """A subset of face ``index`` of ``path`` with ``glyphs`` at their own ids, cut as WeasyPrint cuts its own."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path), index)
    if set(face.table_tags) & SPECIAL_TABLES or max(glyphs) >= face.glyph_count:
        return None
    wanted = hb.SubsetInput()
    for glyph in sorted(glyphs | {0}):
        wanted.glyph_set.add(glyph)
    # Only the glyphs the pages name: the layout tables are dropped, so nothing else is reached.
    wanted.flags = (hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
                    | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NO_LAYOUT_CLOSURE)
    dropped = wanted.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in DROPPED_TABLES:
        dropped.add(int.from_bytes(tag.encode("ascii"), "big"))
    subset = hb.subset(face, wanted)
    return bytes(subset.blob.data) if subset is not None else None


def share_font_programs(book, identities: dict[str, list]) -> int:
    """Give each face of the joined book one embedded program; the number of programs dropped.

    ``book``: a pikepdf ``Pdf`` holding the joined parts; ``identities``: the parts'
    :func:`face_identities`, merged. A program no font points to any more is not
    written when the book is saved.
    """
    import zlib

    import pikepdf

    groups: dict[tuple, list] = {}  # face → [(descriptor, program key, glyphs)]
    unusable: set[tuple] = set()
    for obj in book.objects:  # the joined parts' objects: every CIDFont dictionary among them
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Subtype") not in (pikepdf.Name.CIDFontType0,
                                                                                  pikepdf.Name.CIDFontType2):
            continue
        descriptor = obj.get("/FontDescriptor")
        key = next((k for k in PROGRAM_KEYS if descriptor is not None and k in descriptor), None)
        identity = identities.get(str(descriptor.get("/FontName", "")).lstrip("/")) if key else None
        if identity is None:
            continue
        face = tuple(identity)
        widths = [list(item) if isinstance(item, pikepdf.Array) else item for item in obj.get("/W", [])]
        glyphs = widths_glyphs(widths)
        if not glyphs:
            unusable.add(face)  # a width list this does not read: the face keeps its subsets
        groups.setdefault(face, []).append((descriptor, key, glyphs or set()))
    dropped = 0
    installed = _installed() if groups else ()
    for face, members in groups.items():
        programs = {d[k].objgen for d, k, _ in members}
        if face in unusable or len(programs) < 2:
            continue
        path = installed_font_file(*face, installed)
        data = shared_subset(path, face[1], set().union(*(g for _, _, g in members))) if path else None
        if data is None:
            continue
        program = pikepdf.Stream(book, zlib.compress(data), Filter=pikepdf.Name.FlateDecode)
        if data[:4] == b"OTTO":
            program.Subtype = pikepdf.Name.OpenType
        else:
            program.Length1 = len(data)
        for descriptor, key, _ in members:
            descriptor[key] = program
        dropped += len(programs)
    return dropped
