"""The explorers' controls, built in one place, each checking the starting value it is given.

A slider silently clamps a value outside its range and rejects text with a
widget error; checking first gives a kind message naming the argument instead.

>>> within("cost", 2, 0.5, 6.0)
2.0
>>> within("cost", -1, 0.5, 6.0)
Traceback (most recent call last):
...
course_utils.errors.CourseInputError: cost should be at least 0.5; got -1.
>>> slider("cost", 9, 0.5, 6.0, 0.25, "Cost")
Traceback (most recent call last):
...
course_utils.errors.CourseInputError: cost should be at most 6.0; got 9.
>>> dropdown("business", "tea", ["tea", "bakery"], "Business").value
'tea'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import ipywidgets as widgets

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("common")

# Labels as wide as they need to be: the slider keeps its own width beside them.
WIDE_LABEL = "initial"
# A control's width: CSS text such as "330px" (a layout of its own) or a layout shared with others.
Width = str | widgets.Layout | None


def within(name: str, value: object, low: float, high: float) -> float:
    """``value`` as a number inside a slider's range ``[low, high]``."""
    return validate.number(name, value, minimum=low, maximum=high)


def settings(name: str, value: object, known) -> dict:
    """A dict of named settings (``None`` means none), every key one of ``known``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise validate.wrong_type(name, type(value).__name__, "settings_dict")
    options = tuple(known)
    for key in value:
        if key not in options:
            raise CourseInputError(tr.gettext("a key of {name} should be one of {choices}; got \"{value}\".",
                                              name=name, choices=", ".join(map(str, options)), value=key), name)
    return dict(value)


@lru_cache(maxsize=None)
def shared_width(width: str) -> widgets.Layout:
    """One layout of this width for every control given it: pass it as ``width`` to line controls up."""
    return widgets.Layout(width=width)


def _looks(label_width: str | None, width: Width) -> dict:
    # Only what is set is passed: a widget's saved state then matches the one built by hand before.
    looks: dict = {}
    if label_width is not None:
        looks["style"] = {"description_width": label_width}
    if width is not None:
        looks["layout"] = width if isinstance(width, widgets.Layout) else widgets.Layout(width=width)
    return looks


def slider(name: str, value: object, low: float, high: float, step: float, description: str, *,
           fmt: str | None = None, label_width: str | None = WIDE_LABEL, width: Width = None,
           continuous_update: bool = False) -> widgets.FloatSlider:
    """A float slider over ``[low, high]`` starting at ``value`` (checked, named ``name`` in messages)."""
    options = dict(readout_format=fmt) if fmt is not None else {}
    return widgets.FloatSlider(value=within(name, value, low, high), min=low, max=high, step=step,
                               description=description, continuous_update=continuous_update,
                               **options, **_looks(label_width, width))


def int_slider(name: str, value: object, low: int, high: int, step: int, description: str, *,
               fmt: str | None = None, label_width: str | None = WIDE_LABEL, width: Width = None,
               continuous_update: bool = False) -> widgets.IntSlider:
    """An integer slider over ``[low, high]`` starting at ``value`` (checked, then made whole)."""
    options = dict(readout_format=fmt) if fmt is not None else {}
    return widgets.IntSlider(value=int(within(name, value, low, high)), min=low, max=high, step=step,
                             description=description, continuous_update=continuous_update,
                             **options, **_looks(label_width, width))


def _values(options) -> list:
    return [option[1] if isinstance(option, tuple) else option for option in options]


def _choice(name: str, value: object, options) -> object:
    # A choice's value may be a date: it is checked as given and returned unchanged (not as text).
    validate.one_of(name, value, _values(options))
    return value


def dropdown(name: str, value: object, options, description: str, *,
             label_width: str | None = None) -> widgets.Dropdown:
    """A dropdown of ``options`` (values or ``(label, value)`` pairs) starting at ``value`` (checked)."""
    return widgets.Dropdown(options=list(options), value=_choice(name, value, options), description=description,
                            **_looks(label_width, None))


def toggle_buttons(name: str, value: object, options, description: str) -> widgets.ToggleButtons:
    """A row of buttons, one per option (values or ``(label, value)`` pairs), ``value`` pressed."""
    return widgets.ToggleButtons(options=list(options), value=_choice(name, value, options),
                                 description=description)


def selection_slider(name: str, value: object, options, description: str, *,
                     label_width: str | None = WIDE_LABEL, width: Width = None,
                     continuous_update: bool | None = None) -> widgets.SelectionSlider:
    """A slider over ``(label, value)`` steps starting at ``value`` (checked)."""
    extra = {} if continuous_update is None else {"continuous_update": continuous_update}
    return widgets.SelectionSlider(options=list(options), value=_choice(name, value, options),
                                   description=description, **extra, **_looks(label_width, width))


def multi_select(options, description: str, *, rows: int, width: str) -> widgets.SelectMultiple:
    """A list of ``(label, value)`` options of which any may be chosen; none at the start."""
    return widgets.SelectMultiple(options=list(options), value=(), rows=rows, description=description,
                                  layout=widgets.Layout(width=width))


def text_box(value: object, description: str, *, label_width: str | None = WIDE_LABEL) -> widgets.Text:
    """A text field updated when the learner presses Enter or leaves it (any text is allowed here)."""
    return widgets.Text(value=str(value), continuous_update=False, description=description,
                        **_looks(label_width, None))
