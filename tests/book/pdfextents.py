"""How far each piece of text in a PDF page runs, from its fonts' glyph widths.

pypdf reads a page's text and where each piece starts, not where it ends; the margin
check (``pdflayout.outside_text_block``) needs both.
"""

from __future__ import annotations


class TextExtents:
    """Where each piece of text starts and ends, from its glyphs' widths in the font.

    pypdf reports the text matrix set by ``Tm``/``Td`` but not how far the text drawn since
    has advanced it, so the advance is added here: a ``TJ`` after another at the same text
    matrix starts where that one ended. Widths come from the font's ``/W`` array (the
    two-byte glyph ids of WeasyPrint's Type 0 fonts), minus the ``TJ`` kerning numbers.
    """

    def __init__(self, page):
        resources = page.get("/Resources") or {}
        self.fonts = resources.get("/Font") or {}
        self.widths: dict[str, tuple[dict[int, float], float]] = {}
        self.font, self.size, self.matrix, self.advance = None, 0.0, None, 0.0
        self.found: list[tuple[float, float, float]] = []

    def _font_widths(self, name: str) -> tuple[dict[int, float], float]:
        if name not in self.widths:
            widths, default = {}, 1000.0
            font = self.fonts[name].get_object() if name in self.fonts else {}
            if font.get("/Subtype") == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
                default = float(descendant.get("/DW", 1000))
                table, index = list(descendant.get("/W", [])), 0
                while index < len(table):
                    first, following = int(table[index]), table[index + 1]
                    if isinstance(following, list):  # first [w1 w2 ...]; else first last w
                        widths.update({first + k: float(w) for k, w in enumerate(following)})
                        index += 2
                    else:
                        widths.update({c: float(table[index + 2]) for c in range(first, int(following) + 1)})
                        index += 3
            self.widths[name] = (widths, default)
        return self.widths[name]

    def visit(self, operator, args, cm, tm) -> None:
        if operator == b"Tf":
            self.font, self.size = str(args[0]), float(args[1])
            return
        if operator not in (b"TJ", b"Tj") or self.font is None:
            return
        widths, default = self._font_widths(self.font)
        if tuple(tm) != self.matrix:
            self.matrix, self.advance = tuple(tm), 0.0
        width, drawn = 0.0, False
        for item in (args[0] if operator == b"TJ" else [args[0]]):
            if isinstance(item, (bytes, str)):  # glyph ids, two bytes each; else a kerning number
                data = getattr(item, "original_bytes", item)
                data = data.encode("latin-1") if isinstance(data, str) else data
                glyphs = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
                width += sum(widths.get(glyph, default) for glyph in glyphs) / 1000 * self.size
                drawn |= bool(glyphs)
            else:
                width -= float(item) / 1000 * self.size
        if drawn:
            def page_x(advance: float) -> float:  # text space → the page's points
                return (tm[4] + advance * tm[0]) * cm[0] + tm[5] * cm[2] + cm[4]

            left, right = sorted((page_x(self.advance), page_x(self.advance + width)))
            self.found.append((round(left, 2), round(right, 2), round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 2)))
        self.advance += width
