"""The business's details above the monthly form: its name, gross margin, last month and audience.

Each box is checked as it is typed; a problem is kept under the box's key in ``problems``
and listed with the form's. A last month that reads moves the form's months
(:meth:`~course_utils.app.form.MonthForm.set_last_month`).
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from course_utils.app.fields import last_full_month, month_text, parse_last_month, parse_percent
from course_utils.app.form import NO_TOOLTIP, MonthForm
from course_utils.app.results import FAMILY_AUDIENCE, Case
from course_utils.errors import CourseInputError
from course_utils.i18n import LANGUAGES, Translator, using_language
from course_utils.render import render

tr = Translator("app")

FIELDS = ("name", "gross_margin", "last_month")
MAX_NAME = 60


class BusinessDetails:
    """The boxes and their problems; ``.widgets`` are placed on the page in that order."""

    def __init__(self):
        self.name = widgets.Text(style={"description_width": "initial"}, **NO_TOOLTIP)
        self.margin = widgets.Text(style={"description_width": "initial"}, layout=widgets.Layout(width="220px"),
                                   **NO_TOOLTIP)
        self.last_month = widgets.Text(style={"description_width": "initial"}, layout=widgets.Layout(width="260px"),
                                       **NO_TOOLTIP)
        self.margin_hint = widgets.HTML(**NO_TOOLTIP)
        # Width "auto": the English label is longer than the checkbox's default 300 px.
        self.family = widgets.Checkbox(indent=False, layout=widgets.Layout(width="auto"), **NO_TOOLTIP)
        for box, css in ((self.name, "app-name"), (self.margin, "app-margin"), (self.last_month, "app-last-month"),
                         (self.family, "app-family")):
            box.add_class(css)
        self.problems: dict[str, str] = {}
        boxes = widgets.HBox([self.name, self.margin, self.last_month], layout=widgets.Layout(flex_flow="row wrap"))
        self.widgets = [boxes, self.margin_hint, self.family]

    @property
    def boxes(self) -> dict[str, widgets.Text]:
        """The text boxes by their key in ``FIELDS``."""
        return dict(zip(FIELDS, (self.name, self.margin, self.last_month)))

    def relabel(self) -> None:
        """Labels and problems in the current language."""
        self.name.description = tr.gettext("Business name")
        self.margin.description = tr.gettext("Gross margin (%)")
        self.last_month.description = tr.gettext("Last month (YYYY-MM)")
        self.margin_hint.value = render("app/hint.html.j2", text=tr.gettext(
            "Gross margin: the share of revenue left after the cost of the goods sold. It does not change the "
            "scores; the diagnosis sets it beside your marketing costs, to show what your sales leave, and warns "
            "when marketing costs more than the margin."))
        self.family.description = tr.gettext("Most buyers are parents (adds a Children's Day campaign when 1 June falls "
                                             "in the 90 days)")

    def check(self, key: str, today: dt.date, form: MonthForm) -> None:
        """Check one box, keeping or clearing its problem; a last month that reads moves ``form``'s months."""
        try:
            if key == "name":
                self.business_name()
            elif key == "gross_margin":
                parse_percent("gross_margin", self.margin.value)
            else:
                form.set_last_month(parse_last_month(self.last_month.value, today))
            self.problems.pop(key, None)
        except CourseInputError as error:
            self.problems[key] = str(error)

    def check_all(self, today: dt.date, form: MonthForm) -> list[str]:
        """Every box checked again: their problems, in the boxes' order."""
        for key in FIELDS:
            self.check(key, today, form)
        return self.messages()

    def messages(self) -> list[str]:
        return [self.problems[key] for key in FIELDS if key in self.problems]

    def business_name(self) -> str:
        name = self.name.value.strip()
        if not name:
            raise CourseInputError(tr.gettext("Business name is empty: type the name to print on the report."), "name")
        if len(name) > MAX_NAME:
            raise CourseInputError(tr.gettext("Business name is {length} characters long; please keep it to at most "
                                              "{maximum}.", length=len(name), maximum=MAX_NAME), "name")
        return name

    # --- whose figures ------------------------------------------------------------------
    def entries(self) -> dict:
        """What the boxes hold, for :meth:`show_own` to put back."""
        return {"name": self.name.value, "gross_margin": self.margin.value, "last_month": self.last_month.value,
                "family": self.family.value}

    def show_own(self, kept: dict | None, today: dt.date, form: MonthForm) -> None:
        """The merchant's own business: as ``kept`` (:meth:`entries`), or as new (``kept`` None)."""
        self.problems.clear()
        self.name.value = tr.gettext("My business")
        self.margin.value = ""
        self.family.value = False
        self.last_month.value = month_text(last_full_month(today))
        form.set_last_month(last_full_month(today))
        if kept is not None:  # back from a case business: what was typed, as it was
            if kept["name"] not in default_names():
                self.name.value = kept["name"]
            self.margin.value = kept["gross_margin"]
            self.last_month.value, self.family.value = kept["last_month"], kept["family"]
            self.check_all(today, form)

    def show_case(self, item: Case) -> None:
        """A case business's details (its figures are the form's to fill)."""
        self.problems.clear()
        self.name.value = item.name
        self.margin.value = f"{item.gross_margin * 100:g}"
        self.family.value = FAMILY_AUDIENCE[item.key]
        self.last_month.value = month_text(item.table.months[-1])


def default_names() -> set[str]:
    """The name an own business starts with, in every language of the app (to recognise it untouched)."""
    names = set()
    for lang in LANGUAGES:
        with using_language(lang):
            names.add(tr.gettext("My business"))
    return names
