"""Interactive explorers: controls drive a model; the figure follows.

An :class:`Explorer` shows ipywidgets controls above a chart. Its default state is
also a captioned static exhibit, carried in the same display bundle as the widget,
so the lesson reads well where widgets cannot run (the printed book, a notebook
viewer). Bad settings show a kind message in place of a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from course_utils.errors import CourseInputError
from course_utils.exhibit import Exhibit, figure_png, label_synthetic
from course_utils.messages import msg
from course_utils.render import render

# render(**control values) -> a matplotlib Figure, or (Figure, summary HTML)
Render = Callable[..., object]


class Explorer:
    """An interactive exhibit.

    ``controls`` maps each keyword of ``render`` to an ipywidgets control; the
    control's initial value is the default state printed in the book.
    """

    def __init__(self, render: Render, controls: Mapping[str, widgets.ValueWidget], *,
                 number: str, title: str, source: str, synthetic: bool = False,
                 note: str | None = None):
        self.render = render
        self.controls = dict(controls)
        self.meta = dict(number=str(number), title=title, source=source, synthetic=synthetic, note=note)
        self.last_seconds: float | None = None
        self._image = widgets.Image(format="png")
        self._image.add_class("course-explorer-figure")
        self._summary = widgets.HTML()
        self._summary.add_class("course-explorer-summary")
        self._message = widgets.HTML()
        self._message.add_class("course-explorer-message")
        self._default_png, self._default_summary = self._draw(self.values())
        self._image.value = self._default_png
        self._summary.value = self._default_summary
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")),
             self._message, self._image, self._summary])
        self.widget.add_class("course-explorer")

    def values(self) -> dict[str, object]:
        """The current value of every control, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _draw(self, values: Mapping[str, object]) -> tuple[bytes, str]:
        started = time.perf_counter()
        result = self.render(**values)
        fig, summary = result if isinstance(result, tuple) else (result, "")
        self.last_seconds = time.perf_counter() - started
        if self.meta["synthetic"]:
            label_synthetic(fig)
        return figure_png(fig), summary or ""

    def _on_change(self, _change=None) -> None:
        try:
            png, summary = self._draw(self.values())
        except CourseInputError as error:
            self._message.value = render("explorer_message.html.j2",
                                         text=msg("common.explorer_error", reason=error))
            return
        self._message.value = ""
        self._image.value = png
        self._summary.value = summary

    @property
    def message(self) -> str:
        """The message shown for the current settings ("" when they are valid)."""
        return self._message.value

    def static(self) -> Exhibit:
        """The default state as a captioned exhibit (what the book prints)."""
        settings = ", ".join(f"{getattr(c, 'description', name) or name} = {c.value}"
                             for name, c in self.controls.items())
        note = ("Interactive explorer, shown at its default settings: " + settings
                + (". " + self.meta["note"] if self.meta["note"] else ""))
        return Exhibit(number=self.meta["number"], title=self.meta["title"], source=self.meta["source"],
                       synthetic=self.meta["synthetic"], png=self._default_png, note=note,
                       summary_html=self._default_summary or None, extra={"explorer": True})

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle, metadata = self.static()._repr_mimebundle_()
        widget_bundle = self.widget._repr_mimebundle_()
        if widget_bundle:
            bundle["application/vnd.jupyter.widget-view+json"] = \
                widget_bundle["application/vnd.jupyter.widget-view+json"]
        return bundle, metadata
