"""Interactive explorers: controls drive a model; the figure follows.

An :class:`Explorer` shows ipywidgets controls above a chart. Its default state is
also a captioned static exhibit, carried in the same display bundle as the widget,
so the lesson reads well where widgets cannot run (the printed book, a notebook
viewer). Bad settings show a kind message in place of a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import datetime as dt

import ipywidgets as widgets

from course_utils.errors import CourseInputError
from course_utils.exhibit import Exhibit, figure_png, label_synthetic, smallest_text
from course_utils.i18n import Translator
from course_utils.render import render

tr = Translator("common")

# render(**control values) -> a matplotlib Figure, or (Figure, summary HTML)
Render = Callable[..., object]


class Explorer:
    """An interactive exhibit.

    ``controls`` maps each keyword of ``render`` to an ipywidgets control; the
    control's initial value is the default state printed in the book.
    """

    def __init__(self, render: Render, controls: Mapping[str, widgets.ValueWidget], *,
                 number: str, title: str, source: str, synthetic: bool = False,
                 note: str | None = None, settings_text: Callable[..., Mapping[str, str]] | None = None):
        self.render = render
        self.controls = dict(controls)
        # settings_text(**values) -> {keyword: text}: a setting that reads right only beside another
        # (an uplift in points or in percent of the rate), as the printed settings line gives it.
        self.settings_text = settings_text
        self.meta = dict(number=str(number), title=title, source=source, synthetic=synthetic, note=note)
        self.last_seconds: float | None = None
        # The live caption: the same template and strings as the static form's figcaption.
        caption = Exhibit(number=str(number), title=title, source=source, synthetic=synthetic, note=note)
        self._title = widgets.HTML(caption.caption_html("title"))
        self._title.add_class("course-explorer-title")
        self._caption = widgets.HTML(caption.caption_html("details"))
        self._caption.add_class("course-explorer-caption")
        self._image = widgets.Image(format="png")
        self._image.add_class("course-explorer-figure")
        self._summary = widgets.HTML()
        self._summary.add_class("course-explorer-summary")
        self._message = widgets.HTML()
        self._message.add_class("course-explorer-message")
        self._default_values = self.values()
        fig, self._default_summary = self._figure(self._default_values)
        self._default_png = figure_png(fig)
        # What the book prints, and its print check measures (a move of a control needs neither).
        self._default_smallest_text = smallest_text(fig)
        self._image.value = self._default_png
        self._summary.value = self._default_summary
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [self._title,
             widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")),
             self._message, self._image, self._summary, self._caption])
        self.widget.add_class("course-explorer")

    def values(self) -> dict[str, object]:
        """The current value of every control, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _figure(self, values: Mapping[str, object]) -> tuple[object, str]:
        """The chart (labelled synthetic where it is) and the summary HTML for ``values``."""
        started = time.perf_counter()
        result = self.render(**values)
        fig, summary = result if isinstance(result, tuple) else (result, "")
        self.last_seconds = time.perf_counter() - started
        if self.meta["synthetic"]:
            label_synthetic(fig)
        return fig, summary or ""

    def _on_change(self, _change=None) -> None:
        try:
            fig, summary = self._figure(self.values())
            png = figure_png(fig)
        except CourseInputError as error:
            self._message.value = render("explorer_message.html.j2", heading=self._heading(error.argument),
                                         text=str(error), kept=tr.gettext("The chart below still shows the last "
                                                                          "settings that worked."))
            return
        self._message.value = ""
        self._image.value = png
        self._summary.value = summary

    def _heading(self, argument: str | None) -> str:
        """The message box's heading: the control at fault, by the name the learner sees."""
        control = self.controls.get(argument or "")
        if control is None:
            return tr.gettext("These settings cannot be computed")
        return tr.gettext("Check “{field}”", field=control_name(argument, control))

    @property
    def message(self) -> str:
        """The message shown for the current settings ("" when they are valid)."""
        return self._message.value

    def static(self) -> Exhibit:
        """The default state as a captioned exhibit (what the book prints)."""
        # The separator is a message of its own: Chinese separates the settings with "；".
        own = self.settings_text(**self._default_values) if self.settings_text is not None else {}
        settings = tr.gettext("Interactive explorer, shown at its default settings: {settings}.",
                              settings=tr.pgettext("between an explorer's settings", "; ").join(
            f"{control_name(name, control)} = {own.get(name) or setting_text(control, value)}"
            for (name, control), value in zip(self.controls.items(), self._default_values.values())))
        return Exhibit(number=self.meta["number"], title=self.meta["title"], source=self.meta["source"],
                       synthetic=self.meta["synthetic"], png=self._default_png, note=self.meta["note"],
                       settings=settings, summary_html=self._default_summary or None,
                       extra={"explorer": True, "smallest_text": self._default_smallest_text})

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle, metadata = self.static()._repr_mimebundle_()
        widget_bundle = self.widget._repr_mimebundle_()
        if widget_bundle:
            bundle["application/vnd.jupyter.widget-view+json"] = \
                widget_bundle["application/vnd.jupyter.widget-view+json"]
        return bundle, metadata


def control_name(name: str, control: widgets.Widget) -> str:
    """A control's name as the learner sees it: its description, else its keyword."""
    return (getattr(control, "description", "") or name).strip()


def setting_text(control: widgets.Widget, value: object) -> str:
    """A control's value as a reader would write it: the option's label, lists joined,
    an empty choice as "none", percentages as percentages; never a Python repr.

    >>> setting_text(widgets.SelectMultiple(options=[("Links A", "a"), ("Links B", "b")]), ())
    'none'
    >>> setting_text(widgets.FloatSlider(value=0.25, max=1, readout_format=".1%"), 0.25)
    '25.0%'
    >>> setting_text(widgets.Dropdown(options=[("binding constraint", "binding")]), "binding")
    'binding constraint'
    >>> setting_text(widgets.IntSlider(value=20_000, max=50_000), 20_000)
    '20,000'
    """
    options = getattr(control, "options", None)
    if options is not None:
        labels = {option_value: option_label for option_label, option_value in _pairs(options)}
        chosen = value if isinstance(value, (tuple, list)) else (value,)
        shown = [str(labels.get(item, item)) for item in chosen]
        return ", ".join(shown) if shown else tr.gettext("none")
    if isinstance(value, bool):
        return (tr.gettext("on") if value else tr.gettext("off"))
    if isinstance(value, (tuple, list)):
        return ", ".join(str(item) for item in value) if value else tr.gettext("none")
    if isinstance(value, dt.date):
        return value.strftime("%d %b %Y")
    if isinstance(value, str):
        return value.strip() or tr.gettext("none")
    fmt = getattr(control, "readout_format", None)
    default = getattr(type(control), "readout_format", None)
    # A slider's own readout format, where the explorer chose one (".1%"), is how it reads.
    if fmt and default is not None and fmt != default.default_value:
        return format(value, fmt)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _pairs(options) -> list[tuple[object, object]]:
    if isinstance(options, Mapping):
        return list(options.items())
    return [tuple(option) if isinstance(option, (tuple, list)) else (option, option) for option in options]
