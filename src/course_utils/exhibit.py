"""Numbered exhibits: a chart or a table with its caption and source line.

An :class:`Exhibit` displays as a PNG (or an HTML table) with the caption
"Exhibit 2.3 — title", a source line and, for synthetic data, a label saying so,
both in the notebook and in the printed book.

>>> exhibit_label("2.3", "Reach by mode")
'Exhibit 2.3 — Reach by mode'
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field

from course_utils.errors import CourseInputError
from course_utils.messages import msg
from course_utils.render import render

_NUMBER = re.compile(r"^\d+\.\d+$")


def exhibit_label(number: str, title: str) -> str:
    """The caption's first line: "Exhibit N.M — title"."""
    return msg("common.exhibit_caption", number=number, title=title)


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None,
               **subplot_kw: object):
    """A matplotlib Figure and its axes, outside pyplot (nothing auto-displays twice)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize) if figsize else Figure()
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def figure_png(fig) -> bytes:
    """The figure as PNG bytes; no version metadata, so the bytes are reproducible."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def label_synthetic(fig) -> None:
    """Write "Synthetic data" in the figure's top-right corner."""
    fig.text(0.995, 0.995, msg("common.synthetic_label"), ha="right", va="top",
             fontsize=8, color="#555555", style="italic")


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
            raise CourseInputError(f'An exhibit number looks like "2.3"; got "{self.number}".', "number")

    @property
    def label(self) -> str:
        return exhibit_label(self.number, self.title)

    def caption_text(self) -> str:
        """The caption as plain text: title, note, settings and source, one per line."""
        parts = [self.label] + [part for part in (self.note, self.settings) if part]
        source = self.source + ("; " + msg("common.synthetic_note") if self.synthetic else "")
        parts.append(msg("common.source_line", source=source))
        return "\n".join(parts)

    def caption_html(self, part: str = "all") -> str:
        """The caption as HTML (``templates/exhibit_caption.html.j2``), one line per piece.

        ``part`` is ``"title"`` (the "Exhibit N.M — title" line), ``"details"`` (note,
        settings, source) or ``"all"``; a live explorer shows the title above its controls
        and the details below its chart, from the same template the static form uses.
        """
        caption = dict(label=self.label, note=self.note, settings=self.settings, synthetic=self.synthetic,
                       source_line=msg("common.source_line", source=self.source),
                       synthetic_note=msg("common.synthetic_note"))
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
    if synthetic:
        label_synthetic(fig)
    png = figure_png(fig)
    _close(fig)
    return Exhibit(number=str(number), title=title, source=source, synthetic=synthetic,
                   png=png, note=note)


def table_exhibit(frame, number: str, title: str, source: str, *, synthetic: bool = False,
                  note: str | None = None, formats: dict | None = None, index: bool = False) -> Exhibit:
    """Caption a pandas DataFrame as a table exhibit (plain HTML, no random ids)."""
    shown = frame.copy()
    for column, spec in (formats or {}).items():
        shown[column] = shown[column].map(lambda value, spec=spec: spec.format(value))
    table_html = shown.to_html(index=index, border=0, classes="exhibit-table", escape=True)
    return Exhibit(number=str(number), title=title, source=source, synthetic=synthetic,
                   table_html=table_html, table_text=shown.to_string(index=index), note=note)


def _close(fig) -> None:
    # A pyplot figure would otherwise be shown a second time by the inline backend.
    if getattr(fig.canvas, "manager", None) is not None:
        import matplotlib.pyplot as plt

        plt.close(fig)
