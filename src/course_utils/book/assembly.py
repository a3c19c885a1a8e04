"""Join an edition's laid-out parts into one PDF: pages, bookmarks, destinations, links, fonts.

Each part's PDF (``pagecache.py``) is a complete document with its own outline and
named destinations. The book is joined with pikepdf (qpdf), which copies the parts'
pages with everything they draw and writes the result in a few hundredths of a
second, where a pure-Python joiner spent about half a second per edition re-reading
parts a prose edit had not touched. What the copy alone does not carry is rebuilt
here: the bookmarks and named destinations (pointed at the joined pages), the links
from the contents to other parts (``PartRecord.links``), the document's metadata and
language, and one program per font face (``fontmerge.py``).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from course_utils.book.fontmerge import share_font_programs


class DamagedPart(Exception):
    """A laid-out part in the page cache that cannot be read back (``path``: its PDF)."""

    def __init__(self, path):
        super().__init__(path)
        self.path = path


@dataclass(frozen=True)
class Pages:
    """Pages ``start`` to ``stop`` (excluded) of a laid-out part, for :func:`join_parts`."""

    record: object  # a ``PartRecord``, or a layout not yet cached: the same fields, ``path`` None and ``data``
    start: int
    stop: int
    links: list | None = None  # the links to other parts to draw on these pages, if not the record's


def join_parts(records, folio=None) -> bytes:
    """The book's PDF from its parts' records, in order (``PartRecord``: path, links, fonts).

    A record given as :class:`Pages` contributes those pages only, with their bookmarks,
    destinations and links (an edited part is made so from its new and its old pages).

    ``folio``: the record of the page numbers of the pages after the first part's
    (``parts.folio_document``), printed over them. The same parts give the same bytes:
    the file identifier is computed from the content. Raises :class:`DamagedPart` for a
    part's PDF that cannot be read.
    """
    import pikepdf

    book = pikepdf.Pdf.new()
    sources, destinations, outline, faces = [], {}, [], {}
    pieces = [record if isinstance(record, Pages) else Pages(record, 0, record.pages) for record in records]
    offsets = []
    for piece in pieces:
        record = piece.record
        source = _open(record)
        sources.append(source)  # its objects are copied when the book is written: keep it open till then
        offset = len(book.pages)
        offsets.append(offset)
        chosen = list(source.pages)[piece.start:piece.stop]
        numbers = {page.obj.objgen: offset + number for number, page in enumerate(chosen)}
        with warnings.catch_warnings():
            # pikepdf warns that copied pages lose their named destinations: they are rebuilt below.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            book.pages.extend(chosen)
        if (piece.start, piece.stop) != (0, record.pages):
            # A part's pages share one resource dictionary: pages taken without the rest would
            # carry the others' pictures and fonts into the book, drawn nowhere (172 KB once).
            for page in book.pages[offset:]:
                page.remove_unreferenced_resources()
        names = source.Root.get("/Names")
        if names is not None and "/Dests" in names:
            for name, target in pikepdf.NameTree(names.Dests).items():
                placed = _placed(target, numbers)
                if placed is not None:
                    destinations.setdefault(name, placed)  # the first anchor of a name wins, as in one document
        marks = _outline_marks(source.Root.get("/Outlines"), numbers)
        if len(record.levels) == len(marks):  # the levels the style gave them, else their depth in the part
            for mark, level in zip(marks, record.levels):
                mark["level"] = level
        if (piece.start, piece.stop) != (0, record.pages):
            marks = [mark for mark in marks if mark["to"] is not None]  # those on the pages taken
        outline += marks
        faces.update(record.fonts)
    if folio is not None:
        numbers = _open(folio)
        sources.append(numbers)
        after = pieces[0].stop - pieces[0].start
        for index, (page, number) in enumerate(zip(book.pages[after:], numbers.pages), start=after + 1):
            _print_over(book, page, number, f"/BookPage{index}")
        faces.update(folio.fonts)
    pages = [page.obj for page in book.pages]
    if destinations:
        tree = pikepdf.NameTree.new(book)
        for name, (number, rest) in destinations.items():
            tree[name] = pikepdf.Array([pages[number], *rest])
        book.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
    if outline:
        with book.open_outline() as root:
            root.root.extend(_outline_item(item, pages) for item in _nest(outline))
    for piece, offset in zip(pieces, offsets):
        for number, target, x1, y1, x2, y2 in piece.record.links if piece.links is None else piece.links:
            if not piece.start <= number < piece.stop:
                continue
            page = pages[offset + number - piece.start]
            link = book.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[x1, y1, x2, y2],
                BS=pikepdf.Dictionary(W=0), Dest=pikepdf.String(target), P=page))
            if "/Annots" not in page:
                page.Annots = pikepdf.Array()
            page.Annots.append(link)
    share_font_programs(book, faces)
    first = sources[0]
    for key, value in first.docinfo.items():
        book.docinfo[key] = value
    if "/Lang" in first.Root:
        book.Root.Lang = pikepdf.String(str(first.Root.Lang))
    stream = io.BytesIO()
    book.save(stream, deterministic_id=True, min_version=first.pdf_version,
              object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return stream.getvalue()


def _print_over(book, page, other, name: str) -> None:
    """Draw page ``other`` (of another PDF, the same size) over ``page``, as the resource ``name``.

    The name is the caller's: pikepdf's ``add_overlay`` names the drawing at random, and the
    same parts must give the same bytes; and it differs from page to page, because a part's
    pages share one resource dictionary.
    """
    import pikepdf

    form = book.copy_foreign(other.as_form_xobject())
    page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    page.contents_add(book.make_stream(b"q\n"), prepend=True)
    page.contents_add(book.make_stream(f"\nQ\nq {name} Do Q\n".encode("ascii")), prepend=False)


def _open(record):
    import pikepdf

    try:
        return pikepdf.Pdf.open(io.BytesIO(record.data if record.path is None else record.path.read_bytes()))
    except (OSError, pikepdf.PdfError) as error:
        raise DamagedPart(record.path) from error


def _placed(target, numbers: dict) -> tuple[int, list] | None:
    """(page number in the book, the rest of the destination) of an explicit destination, or None."""
    import pikepdf

    if isinstance(target, pikepdf.Dictionary):
        target = target.get("/D")
    if not isinstance(target, pikepdf.Array) or len(target) < 2 or not isinstance(target[0], pikepdf.Dictionary):
        return None
    number = numbers.get(target[0].objgen)
    return None if number is None else (number, list(target[1:]))


def _outline_marks(outlines, numbers: dict, depth: int = 1) -> list[dict]:
    """A part's bookmarks in document order: title, where it points, closed or not, depth in its outline."""
    marks = []
    node = outlines.get("/First") if outlines is not None else None
    while node is not None:
        marks.append({"title": str(node.get("/Title", "")), "to": _placed(node.get("/Dest"), numbers),
                      "closed": int(node.get("/Count", 0)) < 0, "level": depth})
        marks += _outline_marks(node, numbers, depth + 1)
        node = node.get("/Next")
    return marks


def _nest(marks: list[dict]) -> list[dict]:
    """The book's bookmarks as trees: each under the last one before it of a lower level, as one
    document nests them. A part that starts with a second-level bookmark (the teaching notes)
    thus goes under its chapter, which is in the part before.

    >>> tree = _nest([{"title": t, "level": n} for t, n in (("1", 1), ("1.1", 2), ("1.1.1", 3), ("1.2", 2), ("2", 1))])
    >>> [(item["title"], [child["title"] for child in item["children"]]) for item in tree]
    [('1', ['1.1', '1.2']), ('2', [])]
    """
    root: list[dict] = []
    open_levels = [(0, root)]  # (level, children) of the bookmarks still open, innermost last
    for mark in marks:
        while open_levels[-1][0] >= mark["level"]:
            open_levels.pop()
        item = {**mark, "children": []}
        open_levels[-1][1].append(item)
        open_levels.append((mark["level"], item["children"]))
    return root


def _outline_item(item: dict, pages: list):
    """A bookmark of the joined book from :func:`_nest`'s tree, pointing at its pages."""
    import pikepdf

    entry = pikepdf.OutlineItem(item["title"])
    if item["to"] is not None:
        number, rest = item["to"]
        entry.destination = pikepdf.Array([pages[number], *rest])
    entry.is_closed = item["closed"]
    entry.children.extend(_outline_item(child, pages) for child in item["children"])
    return entry
