"""The page's upload: the button, the template links and what became of the last file.

The status line is kept as a way to draw it, so a language switch redraws it in the new
language (a refusal is found again by checking the file again). A file over the size
limit arrives without its bytes (the page's script in the ``course-app`` Voilà template
sends only its name and size) and is refused by that size.
"""

from __future__ import annotations

import datetime as dt
import logging

import ipywidgets as widgets

from course_utils.app import readers, template_files
from course_utils.app.fields import MonthlyTable, month_text
from course_utils.app.form import NO_TOOLTIP
from course_utils.app.uploads import UploadFolder
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.render import render

tr = Translator("app")
log = logging.getLogger("course_utils.app")


class UploadPanel:
    """``button`` (ipywidgets FileUpload), ``templates``, ``status``; ``take()`` reads what was uploaded."""

    def __init__(self, folder: UploadFolder):
        self.folder = folder
        self.heading = widgets.HTML(**NO_TOOLTIP)
        # The button shows its tooltip as its label (the page's style), not the widget's "label (0)".
        self.button = widgets.FileUpload(accept=".csv,.xlsx,.txt", multiple=False,
                                         layout=widgets.Layout(width="auto", min_width="200px"))
        self.button.add_class("app-upload")
        self.status = widgets.HTML(**NO_TOOLTIP)
        self.status.add_class("app-upload-status")
        self.templates = widgets.HTML(**NO_TOOLTIP)
        self._view = None  # draws the status in the page's language; None: no status
        self.widget = widgets.VBox([self.heading, widgets.HBox([self.button, self.templates]), self.status])

    def relabel(self, last_month: dt.date | None) -> None:
        """Everything in the page's language; the template links (for ``last_month``) only if it is given."""
        self.heading.value = render("app/form_heading.html.j2", heading=tr.gettext("Or upload a file"),
                                    hint=tr.gettext("CSV (UTF-8 or GBK, commas or semicolons) or Excel .xlsx, with "
                                                    "the columns of the template; a title row above the header and "
                                                    "blank rows are fine. Up to 2 MB and 300 rows."))
        self.button.description = self.button.tooltip = tr.gettext("Upload CSV or Excel")
        self.show_templates(last_month)
        self._draw()

    def show_templates(self, last_month: dt.date | None) -> None:
        # Excel templates take a moment to make: only for a merchant who enters their own business.
        self.templates.value = "" if last_month is None else template_files.links_html(last_month)

    def clear(self) -> None:
        self._view = None
        self._draw()

    def _draw(self) -> None:
        if self._view is None:
            self.status.value = ""
        else:
            self._view()

    def take(self) -> tuple[str, MonthlyTable] | None:
        """The file just uploaded, read: (its name, its table); None, with the reason shown, if refused."""
        if not self.button.value:
            return None
        item = self.button.value[0]
        filename, content = str(item["name"]), bytes(item["content"])
        size = max(len(content), int(item.get("size") or 0))  # the size the browser reports: bytes it did not send
        self.button.value = ()  # the bytes now live only in the visitor's temporary folder
        path = None
        try:
            readers.check_size(size)
            path = self.folder.save(filename, content)
            table = readers.read_upload(filename, content)
        except CourseInputError:
            self._view = lambda: self._show_refusal(filename, size, path)
            self._draw()
            return None
        except Exception:  # noqa: BLE001 - a file no reader foresaw: refused by name, the details in the log
            log.exception("reading an upload failed")  # i18n: not translated (the server's log, for whoever runs it)
            self._view = lambda: self._show_unreadable(filename)
            self._draw()
            return None
        return filename, table

    def show_read(self, filename: str, table: MonthlyTable) -> None:
        """Say that ``filename`` was read, and what it holds."""
        self._view = lambda: self._show_read(filename, table)
        self._draw()

    def _show_read(self, filename: str, table: MonthlyTable) -> None:
        read = tr.gettext("Read {file}: {count} months, {first} to {last}.", file=filename, count=len(table.rows),
                          first=month_text(table.months[0]), last=month_text(table.months[-1]))
        self.status.value = render("app/message.html.j2", kind="ok", lines=[read])

    def _show_refusal(self, filename: str, size: int, path) -> None:
        """Why a file was refused, found again (in the page's language) by checking it again."""
        try:
            readers.check_size(size)
            readers.read_upload(filename, path.read_bytes())
        except CourseInputError as error:
            self.status.value = render("app/message.html.j2", lines=[
                tr.gettext("Could not use {file}:", file=filename)] + str(error).splitlines())
        except OSError:  # the visitor's folder is gone: nothing left to explain
            self.status.value = ""
        except Exception:  # noqa: BLE001 - as in take(): refused by name
            self._show_unreadable(filename)

    def _show_unreadable(self, filename: str) -> None:
        self.status.value = render("app/message.html.j2", lines=[
            tr.gettext("Could not use {file}:", file=filename),
            tr.gettext("It could not be read as a table of monthly figures. Save it from Excel again, as CSV UTF-8 or "
                       "as .xlsx, starting from one of the templates above.")])
