"""The app's page: choose a business, enter or upload its figures, read the diagnosis, take the PDF.

Every handler catches the course's input errors and shows their message; nothing a
merchant types or uploads shows a traceback. The language switch sets the kernel's
course language, ``COURSE_LANG`` (each visitor has a kernel of their own), and redraws every label
and every message on the page.

The result box and the PDF always match the form: any edit after a diagnosis (the name,
the margin, the month, the audience, a figure) replaces the result with a note to diagnose
again and turns the PDF button off.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os

import ipywidgets as widgets

from course_utils.app import charts, report, results
from course_utils.app.details import BusinessDetails, default_names
from course_utils.app.fields import COLUMNS, column_label, column_meaning, last_full_month, month_text, parse_percent
from course_utils.app.form import NO_TOOLTIP, MonthForm
from course_utils.app.upload_panel import UploadPanel
from course_utils.app.uploads import UploadFolder
from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import ENVIRONMENT_VARIABLE, Translator
from course_utils.render import render

tr = Translator("app")

LANGUAGES = (("中文", "zh"), ("English", "en"))
OWN = "own"
log = logging.getLogger("course_utils.app")


class DiagnosisApp:
    """The whole page as one ipywidgets tree (``.widget``)."""

    def __init__(self, language: str = "zh", business: str = "tea", today: dt.date | None = None):
        os.environ[ENVIRONMENT_VARIABLE] = language
        self._today = today
        self.folder = UploadFolder()
        self.result: results.Result | None = None
        self._busy = False
        # What the merchant typed for their own business, kept while they look at a case business.
        self._own_entries: dict | None = None
        self._shown = business
        # What the result box shows, as a function that draws it in the page's language (run again on a
        # language switch); None when the box is empty.
        self._result_view = None
        self.header = widgets.HTML(**NO_TOOLTIP)
        self.language = widgets.ToggleButtons(options=LANGUAGES, value=language, **NO_TOOLTIP)
        self.language.add_class("app-language")
        self.business = widgets.ToggleButtons(options=self._business_options(), value=business, **NO_TOOLTIP)
        self.business.add_class("app-business")
        self.hint = widgets.HTML(**NO_TOOLTIP)
        self.details = BusinessDetails()
        # The details' boxes by name, as the handlers below and the tests use them.
        self.name, self.margin = self.details.name, self.details.margin
        self.last_month, self.family = self.details.last_month, self.details.family
        self.form_heading = widgets.HTML(**NO_TOOLTIP)
        self.guide = widgets.HTML(**NO_TOOLTIP)
        self.guide.add_class("app-guide-box")
        self.problems = widgets.HTML(**NO_TOOLTIP)
        self.problems.add_class("app-problems")
        self.form = MonthForm(last_full_month(self.today), self._show_problems,
                              on_edit=lambda: self._guard(self._edited))
        self.uploads = UploadPanel(self.folder)
        self.diagnose_button = widgets.Button(button_style="primary")
        self.diagnose_button.add_class("app-diagnose")
        self.result_box = widgets.HTML(**NO_TOOLTIP)
        self.result_box.add_class("app-result-box")
        self.pdf_button = widgets.Button(disabled=True)
        self.pdf_button.add_class("app-pdf")
        self.pdf_link = widgets.HTML(**NO_TOOLTIP)
        self.pdf_link.add_class("app-pdf-link")
        self.widget = self._layout()
        self.language.observe(lambda _: self._guard(self._switch_language), names="value")
        self.business.observe(lambda _: self._guard(self._choose_business), names="value")
        for key, box in self.details.boxes.items():
            box.observe(lambda _, key=key: self._guard(lambda: self._field_edited(key)), names="value")
        self.family.observe(lambda _: self._guard(self._edited), names="value")
        self.uploads.button.observe(lambda _: self._guard(self._uploaded), names="value")
        self.diagnose_button.on_click(lambda _: self._guard(self.diagnose))
        self.pdf_button.on_click(lambda _: self._guard(self.make_pdf))
        self._relabel()
        self._choose_business()

    # --- layout and labels -------------------------------------------------------------
    def _layout(self) -> widgets.Widget:
        top = widgets.HBox([self.header, self.language], layout=widgets.Layout(justify_content="space-between"))
        page = widgets.VBox([top, self.business, self.hint, *self.details.widgets, self.form_heading, self.guide,
                             self.form.note, self.form.grid, self.problems, self.uploads.widget, self.diagnose_button,
                             self.result_box, widgets.HBox([self.pdf_button, self.pdf_link])])
        page.add_class("course-app")
        return page

    def _business_options(self):
        return [(results.case(key).name, key) for key in results.CASES] + [(tr.gettext("My business"), OWN)]

    def _relabel(self) -> None:
        self.header.value = render("app/header.html.j2", lang=self.language.value,
                                   title=tr.gettext("Business diagnosis (生意问诊)"),
                                   subtitle=tr.gettext("Where is your business on the Channels loop, what holds it "
                                                       "back, and what to do in the next 90 days."),
                                   privacy=tr.gettext("Everything stays on this computer: your figures and files "
                                                      "are read here, nothing is sent anywhere, and an uploaded "
                                                      "file is deleted when you close the page."))
        self._quiet_set(self.business, "options", self._business_options())
        self._show_hint()
        # Read by screen readers (the page hides these two labels: the buttons speak for themselves on screen).
        self.language.description = tr.gettext("Language")
        self.business.description = tr.gettext("Whose figures")
        self.details.relabel()
        self.form_heading.value = render("app/form_heading.html.j2", heading=tr.gettext("Monthly figures"),
                                         hint=tr.gettext("One row per month. Money in RMB: 150000, 150,000 or 15万 "
                                                         "are all read. Counts (posts, followers, customers) as "
                                                         "whole numbers. A row left blank is skipped; the diagnosis "
                                                         "reads the last three filled months."))
        self.guide.value = render("app/column_guide.html.j2", title=tr.gettext("What each column means"),
                                  intro=tr.gettext("The diagnosis adds up each column over the last three months, "
                                                   "then divides one total by another."),
                                  columns=[{"label": column_label(key), "meaning": column_meaning(key)}
                                           for key in ("month", *COLUMNS)])
        self.uploads.relabel(last_full_month(self.today) if self.own else None)
        self.diagnose_button.description = tr.gettext("Diagnose")
        self.pdf_button.description = tr.gettext("Make the PDF report")
        for key in list(self.details.problems):
            self.details.check(key, self.today, self.form)
        self.form.relabel()

    def _show_hint(self) -> None:
        hint = (tr.gettext("Type your last twelve months below (at least the last three), or upload a CSV or Excel "
                           "file made from a template.") if self.own
                else tr.gettext("A case business from the course (synthetic data): its figures are filled in below. "
                                "Change any of them, or choose \"My business\" to enter your own."))
        self.hint.value = render("app/hint.html.j2", text=hint)

    def _quiet_set(self, widget, name: str, value) -> None:
        busy, self._busy = self._busy, True
        current = widget.value
        try:
            setattr(widget, name, value)
            widget.value = current
        finally:
            self._busy = busy

    @property
    def today(self) -> dt.date:
        """The date on the plan and the report: today's, unless fixed (tests)."""
        return self._today or dt.date.today()

    @property
    def own(self) -> bool:
        return self.business.value == OWN

    # --- events -------------------------------------------------------------------------
    def _guard(self, action) -> None:
        """Run a handler unless the app is updating itself; show any problem as a message."""
        if self._busy:
            return
        self._busy = True
        try:
            action()
        except (CourseInputError, CourseDataError) as error:
            self._result_view = None  # its words are in the language it was raised in: a switch clears it
            self._show_result_message(str(error))
        except Exception:  # the merchant sees a sentence; the log keeps the details
            log.exception("app handler failed")  # i18n: not translated (the server's log, for whoever runs it)
            self._result_view = self._show_failure
            self._show_failure()
        finally:
            self._busy = False

    def _show_failure(self) -> None:
        self._show_result_message(tr.gettext("Something went wrong with these figures. Please check them and try "
                                             "again; if it happens again, tell whoever runs this page (the "
                                             "details are in its log)."))

    def _switch_language(self) -> None:
        os.environ[ENVIRONMENT_VARIABLE] = self.language.value
        if self.own and self.name.value in default_names():
            self.name.value = tr.gettext("My business")
        elif not self.own and self.name.value in _case_names(self.business.value):
            self.name.value = results.case(self.business.value).name
        self._relabel()
        # The result box in the new language: drawn again, or (for a diagnosis) made again. The upload's
        # status was redrawn by the relabelling.
        if self._result_view is None:
            self.result_box.value = ""
        else:
            self._result_view()

    def _choose_business(self) -> None:
        if self._shown == OWN and not self.own:
            self._own_entries = {**self.details.entries(), "cells": self.form.entries(),
                                 "moved_from": self.form.moved_from}
        self._shown = self.business.value
        self.result = None
        self.pdf_link.value = ""
        self.uploads.clear()
        self._show_hint()
        if self.own:
            kept = self._own_entries
            self.details.show_own(kept, self.today, self.form)
            self.form.restore({} if kept is None else kept["cells"], None if kept is None else kept["moved_from"])
            self.uploads.show_templates(last_full_month(self.today))
            self._result_view = None
            self.result_box.value = ""
            self.pdf_button.disabled = True
            return
        item = results.case(self.business.value)
        self.uploads.show_templates(None)
        self.details.show_case(item)
        self.form.fill(item.table)
        self.diagnose()

    def _field_edited(self, key: str) -> None:
        self._check_field(key)
        self._edited()

    def _edited(self) -> None:
        """Something the diagnosis reads has changed: the result shown (and its PDF) no longer matches the form."""
        if self._result_view in (None, self._show_stale):
            return  # nothing shown, or already marked: each keystroke costs nothing more
        self._result_view = self._show_stale
        self._show_stale()

    def _show_stale(self) -> None:
        self._show_result_message(tr.gettext("The figures have changed: click \"Diagnose\" to diagnose them."),
                                  kind="note")

    def _check_field(self, key: str) -> None:
        self.details.check(key, self.today, self.form)
        self._show_problems(self.form.messages())

    def _show_problems(self, messages: list[str]) -> None:
        shown = self.details.messages() + list(messages)
        self.problems.value = render("app/problems.html.j2", heading=tr.gettext("Please check:"), problems=shown,
                                     summary=tr.ngettext("{n} entry to check", "{n} entries to check", len(shown),
                                                         n=len(shown))) if shown else ""

    def _show_result_message(self, text: str, kind: str = "error") -> None:
        self.result = None
        self.result_box.value = render("app/message.html.j2", kind=kind, lines=text.splitlines())
        self.pdf_button.disabled = True
        self.pdf_link.value = ""

    def _uploaded(self) -> None:
        read = self.uploads.take()
        if read is None:
            return
        filename, table = read
        if not self.own:
            self.business.value = OWN
            self._choose_business()
        self.uploads.show_read(filename, table)
        self.last_month.value = month_text(table.months[-1])
        self.form.fill(table)
        self.diagnose()

    # --- results ------------------------------------------------------------------------
    def diagnose(self) -> None:
        """Read the form, diagnose, draft the plan and show them; problems are listed instead."""
        self._result_view = self.diagnose  # a language switch diagnoses the same figures again, in its words
        problems = self.details.check_all(self.today, self.form)
        try:
            table = self.form.table()
        except CourseInputError as error:
            problems.extend(str(error).splitlines())
            table = None
        if problems:
            self._show_result_message("\n".join([tr.gettext("Please check:")] + problems))
            return
        self.pdf_link.value = ""
        self.result = results.run(self.details.business_name(), table, parse_percent("gross_margin", self.margin.value),
                                  self.family.value, self.today, synthetic=not self.own)
        self.chart_png = charts.benchmark_png(self.result)
        self.result_box.value = report.result_html(self.result, self.chart_png)
        self.pdf_button.disabled = False

    def make_pdf(self) -> None:
        if self.result is None:
            return
        data = report.report_pdf(self.result, self.chart_png)
        self.pdf_link.value = render("app/pdf_link.html.j2", filename=report.pdf_filename(self.result),
                                     href="data:application/pdf;base64," + base64.b64encode(data).decode("ascii"),
                                     text=tr.gettext("Download the PDF report ({size} KB)",
                                                     size=round(len(data) / 1024)))


def _case_names(key: str) -> set[str]:
    """A case business's name in every language (a name the merchant changed is kept on a switch)."""
    item = results.case(key)
    return {item.name_en, item.name_zh}
