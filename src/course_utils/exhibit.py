"""Numbered exhibits: a chart or a table with its caption and source line.

An :class:`Exhibit` displays as a PNG (or an HTML table) with the caption
"Exhibit 2.3 — title", a source line and, for synthetic data, a label saying so,
both in the notebook and in the printed book.

>>> exhibit_label("2.3", "Reach by mode")
'Exhibit 2.3 — Reach by mode'

A table's columns are fixed ids; each has a kind ("percent", "rmb", "count", "number",
"signed", "points", "times", "text"), optionally with its decimals ("percent:0"), and the
exhibit prints every value by its kind:

>>> shown_value("percent", 0.1234), shown_value("rmb:2", 3.5), shown_value("count", 12345.0)
('12.3%', 'RMB 3.50', '12,345')
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.quotes import curl, dashes
from course_utils.render import render

tr = Translator("common")

_NUMBER = re.compile(r"^\d+\.\d+$")
# A kind's number format, its decimals where the kind names none ("percent" is "percent:1"),
# and whether it prints a unit around the number (:func:`with_unit`).
KINDS = {"percent": ("{:.{d}%}", 1, False), "rmb": ("{:,.{d}f}", 0, True),
         "count": ("{:,.{d}f}", 0, False), "number": ("{:.{d}f}", 2, False), "signed": ("{:+.{d}f}", 1, False),
         "points": ("{:+.{d}f}", 1, True), "times": ("{:.{d}f}", 1, True)}
MISSING = "—"


def with_unit(kind: str, number: str) -> str:
    """``number`` (already formatted) with the unit of a column ``kind``: RMB, points, a multiple.

    >>> with_unit("rmb", "3.50"), with_unit("points", "+1.5"), with_unit("times", "2.0"), with_unit("count", "12")
    ('RMB 3.50', '+1.5 pts', '2.0×', '12')
    """
    if kind == "rmb":
        return tr.gettext("RMB {value}", value=number)
    if kind == "points":
        return tr.gettext("{value} pts", value=number)
    if kind == "times":
        return tr.gettext("{value}×", value=number)
    return number


def shown_value(kind: str, value: object) -> str:
    """``value`` printed as a column of this kind shows it (a missing number as a dash)."""
    name, _, decimals = str(kind).partition(":")
    if name == "text":
        return str(value)
    if name not in KINDS or (decimals and not decimals.isdigit()):
        raise CourseInputError(tr.gettext("{name} should be one of {choices}; got \"{value}\".", name="kind",
                                          choices=", ".join(("text", *KINDS)), value=kind), "kinds")
    if value is None or value != value:  # NaN: the first step of a funnel has no rate
        return MISSING
    template, default, unit = KINDS[name]
    number = template.format(value, d=int(decimals) if decimals else default)
    return with_unit(name, number) if unit else number


def declare(frame, kinds: dict, labels: dict | None = None):
    """``frame`` with the kind of each column (by id) and, where given, the label shown for it.

    :func:`table_exhibit` reads both: a figures function declares them once, and the
    lesson shows the frame without saying how to print it.
    """
    frame.attrs["kinds"] = dict(kinds)
    frame.attrs["labels"] = dict(labels or {})
    return frame


def exhibit_label(number: str, title: str) -> str:
    """The caption's first line: "Exhibit N.M — title"."""
    return tr.gettext("Exhibit {number} — {title}", number=number, title=title)


def source_line(source: str, synthetic: bool = False) -> str:
    """The caption's source line, saying so where the data are synthetic.

    >>> source_line("Course model"), source_line("Course dataset", synthetic=True)
    ('Source: Course model', 'Source: Course dataset; synthetic data generated for this course')
    """
    if synthetic:
        return tr.gettext("Source: {source}; synthetic data generated for this course", source=source)
    return tr.gettext("Source: {source}", source=source)


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None,
               **subplot_kw: object):
    """A matplotlib Figure and its axes, outside pyplot (nothing auto-displays twice)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize) if figsize else Figure()
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def figure_png(fig) -> bytes:
    """The figure as PNG bytes; no version metadata, so the bytes are reproducible.

    Its labels' quotes, apostrophes and dashes are made typographic first, as the book's prose is.
    """
    typeset_figure_text(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def smallest_text(fig) -> float:
    """The size in points of the smallest text a drawn figure shows (its tick labels included).

    The book prints a chart across its column, most of them smaller than drawn: this is what
    its print check scales (``tests/book/test_book_print.py``).
    """
    from matplotlib.text import Text

    return min((text.get_fontsize() for text in fig.findobj(Text) if text.get_visible() and text.get_text().strip()),
               default=0.0)


def _typeset(text: str) -> str:
    return dashes(curl(text))


def typeset_figure_text(fig) -> None:
    """A figure's texts (titles, labels, annotations, legends, fixed tick labels) set as the book sets
    its prose: curly quotes, a minus sign before a negative number, an en dash in a range."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for text in fig.findobj(Text):
        typeset = _typeset(text.get_text())
        if typeset != text.get_text():
            text.set_text(typeset)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            # Tick labels are drawn again from their formatter at each save: set what it gives.
            # (Labels given as text, set_ticks(..., labels), come from one of these two.)
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                formatter.seq = [_typeset(str(label)) for label in formatter.seq]
            elif isinstance(formatter, FuncFormatter):
                axis.set_major_formatter(FuncFormatter(lambda value, pos, given=formatter: _typeset(str(given(value, pos)))))


def label_synthetic(fig) -> None:
    """Write "Synthetic data" in the figure's top-right corner."""
    fig.text(0.995, 0.995, tr.gettext("Synthetic data"), ha="right", va="top",
             fontsize=9, color="#555555", style="italic")


@dataclass
class Exhibit:
    """A captioned exhibit; ``png`` for a chart, ``table_html`` for a table."""

    number: str
    title: str
    source: str
    synthetic: bool = False
    png: bytes | None = None
    table_html: str | None = None
    table_text: str | None = None
    note: str | None = None
    summary_html: str | None = None
    extra: dict = field(default_factory=dict)
    settings: str | None = None  # an explorer's default settings, on a line of their own

    def __post_init__(self) -> None:
        if not _NUMBER.match(str(self.number)):
            raise CourseInputError(tr.gettext("An exhibit number looks like \"2.3\"; got \"{number}\".",
                                              number=self.number), "number")

    @property
    def label(self) -> str:
        return exhibit_label(self.number, self.title)

    def caption_text(self) -> str:
        """The caption as plain text: title, note, settings and source, one per line."""
        parts = [self.label] + [part for part in (self.note, self.settings) if part]
        parts.append(source_line(self.source, self.synthetic))
        return "\n".join(parts)

    def caption_html(self, part: str = "all") -> str:
        """The caption as HTML (``templates/exhibit_caption.html.j2``), one line per piece.

        ``part`` is ``"title"`` (the "Exhibit N.M — title" line), ``"details"`` (note,
        settings, source) or ``"all"``; a live explorer shows the title above its controls
        and the details below its chart, from the same template the static form uses.
        """
        caption = dict(label=self.label, note=self.note, settings=self.settings, synthetic=self.synthetic,
                       source=self.source)
        return render("exhibit_caption.html.j2", caption=caption, part=part)

    def html(self) -> str:
        image = base64.b64encode(self.png).decode("ascii") if self.png else None
        return render("exhibit.html.j2", exhibit=self, image=image, caption_html=self.caption_html())

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.html(), "text/plain": self.caption_text()}
        if self.png:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        if self.table_text:
            bundle["text/plain"] = self.table_text + "\n" + self.caption_text()
        metadata = {"course_utils": {"exhibit": self.number, "synthetic": self.synthetic, **self.extra}}
        return bundle, metadata


def exhibit(fig, number: str, title: str, source: str, *, synthetic: bool = False,
            note: str | None = None) -> Exhibit:
    """Caption a matplotlib figure as an exhibit (labelled synthetic where it is)."""
    if not hasattr(fig, "savefig"):
        raise validate.wrong_type("fig", type(fig).__name__, "figure")
    if synthetic:
        label_synthetic(fig)
    png = figure_png(fig)
    smallest = smallest_text(fig)
    _close(fig)
    return Exhibit(number=str(number), title=title, source=source, synthetic=synthetic,
                   png=png, note=note, extra={"smallest_text": smallest})


def table_exhibit(frame, number: str, title: str, source: str, *, synthetic: bool = False,
                  note: str | None = None, kinds: dict | None = None, labels: dict | None = None,
                  index: bool = False) -> Exhibit:
    """Caption a pandas DataFrame as a table exhibit (plain HTML, no random ids).

    Each column is printed by its kind: the kinds declared on the frame (:func:`declare`)
    and ``kinds``, keyed by column id, for a frame the lesson builds itself; a column of
    no kind is shown as pandas prints it. Declared labels, and ``labels`` for a frame the
    lesson builds, replace the ids as headers.
    """
    if not hasattr(frame, "columns") or not hasattr(frame, "attrs"):  # an empty table may still be an exhibit
        raise validate.wrong_type("frame", type(frame).__name__, "dataframe")
    shown = frame.copy()
    for column, kind in {**frame.attrs.get("kinds", {}), **(kinds or {})}.items():
        if column not in shown.columns:
            raise validate.missing_columns("frame", [column], "kinds")
        shown[column] = shown[column].map(lambda value, kind=kind: shown_value(kind, value))
    shown = shown.rename(columns={**frame.attrs.get("labels", {}), **(labels or {})})
    table_html = shown.to_html(index=index, border=0, classes="exhibit-table", escape=True)
    return Exhibit(number=str(number), title=title, source=source, synthetic=synthetic,
                   table_html=table_html, table_text=shown.to_string(index=index), note=note)


def _close(fig) -> None:
    # A pyplot figure would otherwise be shown a second time by the inline backend.
    if getattr(fig.canvas, "manager", None) is not None:
        import matplotlib.pyplot as plt

        plt.close(fig)
