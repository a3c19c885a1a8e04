"""The twelve-month form: one text box per month and figure, checked as it is typed.

A box whose text cannot be read is outlined and its message (naming the month and
the figure, and saying what is expected) is listed under the form. Blank boxes are
only flagged when the merchant asks for the diagnosis, and a fully blank row is
skipped (a business with fewer than twelve months of history leaves the first rows
empty). When the last month is changed under figures already typed, the figures stay in
their rows and a note above the grid says that the rows' months have moved.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import TextStyle

from course_utils.app.fields import (COLUMNS, MonthlyTable, cell_name, column_label, monthly_table, month_text,
                                     months_to, parse_cell)
from course_utils.app.results import figure_value
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.render import render

tr = Translator("app")

MONTHS = 12
BAD = "app-bad"
# A widget's tooltip left unset (None) reaches the page as the text "null" on its label's title: give every
# widget an empty one, in the state it is created with (no extra message to the page).
NO_TOOLTIP = {"tooltip": ""}


class MonthForm:
    """A grid of ``MONTHS`` rows × the monthly columns; ``on_problems(messages)`` reports what is wrong,
    ``on_edit()`` that the merchant changed a figure."""

    def __init__(self, last_month: dt.date, on_problems, on_edit=None):
        self.on_problems = on_problems
        self.on_edit = on_edit or (lambda: None)
        self.months = months_to(last_month, MONTHS)
        self.month_labels = [widgets.HTML(**NO_TOOLTIP) for _ in range(MONTHS)]
        self.headers = [widgets.HTML(**NO_TOOLTIP) for _ in ("month",) + COLUMNS]
        for label in self.month_labels + self.headers[:1]:  # the month column stays in view (the page's style)
            label.add_class("app-month-label")
        self.boxes = {}
        self.problems: dict[tuple[int, str], str] = {}
        self._quiet = False
        # The months the typed figures were entered under, while a change of the last month has moved the
        # rows' labels away from them (None: labels and figures agree).
        self._moved_from: list[dt.date] | None = None
        self.note = widgets.HTML(**NO_TOOLTIP)
        self.note.add_class("app-months-moved")
        children = list(self.headers)
        # One layout and one style for all 144 boxes: each would otherwise be two more widget
        # models for the page to create (the page opens noticeably faster with them shared).
        layout, style = widgets.Layout(width="auto"), TextStyle()
        for row in range(MONTHS):
            children.append(self.month_labels[row])
            for key in COLUMNS:
                # The box's name for a screen reader (its label is hidden on screen: the grid's headers show it).
                box = widgets.Text(continuous_update=True, layout=layout, style=style,
                                   description=self._box_name(row, key), **NO_TOOLTIP)
                box.add_class("app-cell")
                box.add_class(f"app-cell-{key}")
                box.observe(lambda change, row=row, key=key: self._typed(row, key), names="value")
                self.boxes[row, key] = box
                children.append(box)
        self.grid = widgets.GridBox(children, layout=widgets.Layout(
            grid_template_columns=f"72px repeat({len(COLUMNS)}, minmax(74px, 1fr))", grid_gap="2px 3px"))
        self.grid.add_class("app-grid")
        self.relabel()

    def relabel(self) -> None:
        """Headers, month labels and messages in the current language."""
        for header, key in zip(self.headers, ("month",) + COLUMNS):
            header.value = render("app/grid_label.html.j2", kind="head", text=column_label(key))
        for label, month in zip(self.month_labels, self.months):
            label.value = render("app/grid_label.html.j2", kind="month", text=month_text(month))
        for (row, key), box in self.boxes.items():
            box.description = self._box_name(row, key)  # unchanged names send nothing to the page
        for (row, key) in list(self.problems):
            self._check(row, key, blank_ok=True)
        self._show_note()
        self.on_problems(self.messages())
        self.on_edit()

    def _show_note(self) -> None:
        if self._moved_from is None:
            self.note.value = ""
            return
        self.note.value = render("app/message.html.j2", kind="note", lines=[tr.gettext(
            "The rows now run from {first} to {last}. The figures already typed stayed in their rows: check that "
            "each row's figures are for the month beside it.", first=month_text(self.months[0]),
            last=month_text(self.months[-1]))])

    def _box_name(self, row: int, key: str) -> str:
        return cell_name(key, month_text(self.months[row]))

    def set_last_month(self, last_month: dt.date) -> None:
        months = months_to(last_month, MONTHS)
        if months != self.months:
            if self._moved_from is None and self._has_figures():
                self._moved_from = self.months
            elif months == self._moved_from:
                self._moved_from = None  # back to the months the figures were typed for
            self.months = months
            self.relabel()

    def _has_figures(self) -> bool:
        return any(box.value.strip() for box in self.boxes.values())

    def _typed(self, row: int, key: str) -> None:
        if self._quiet:
            return
        if self._moved_from is not None and not self._has_figures():
            self._settle()  # every figure erased: nothing is left under the wrong months
        self._check(row, key, blank_ok=True)
        self.on_problems(self.messages())
        self.on_edit()

    def _check(self, row: int, key: str, blank_ok: bool) -> float | None:
        box = self.boxes[row, key]
        if blank_ok and not box.value.strip():
            self._mark(row, key, None)
            return None
        try:
            value = parse_cell(key, box.value, month_text(self.months[row]))
        except CourseInputError as error:
            self._mark(row, key, str(error))
            return None
        self._mark(row, key, None)
        return value

    def _mark(self, row: int, key: str, problem: str | None) -> None:
        box = self.boxes[row, key]
        if problem is None:
            self.problems.pop((row, key), None)
            box.remove_class(BAD)
        else:
            self.problems[row, key] = problem
            box.add_class(BAD)

    def messages(self) -> list[str]:
        return [self.problems[spot] for spot in sorted(self.problems, key=lambda s: (s[0], COLUMNS.index(s[1])))]

    def clear(self) -> None:
        """Every box empty and unmarked."""
        self.restore({})

    def entries(self) -> dict[tuple[int, str], str]:
        """What each box holds as typed, by (row, column): for :meth:`restore`."""
        return {spot: box.value for spot, box in self.boxes.items()}

    @property
    def moved_from(self) -> list[dt.date] | None:
        """The months the figures were typed for, while the rows show others (for :meth:`restore`)."""
        return self._moved_from

    def restore(self, entries: dict[tuple[int, str], str], moved_from: list[dt.date] | None = None) -> None:
        """Put back what :meth:`entries` gave, each box checked as if just typed; ``moved_from`` (what
        :attr:`moved_from` was) the months they were typed for, if the rows have moved since."""
        self._quiet = True
        try:
            for spot, box in self.boxes.items():
                box.value = entries.get(spot, "")
        finally:
            self._quiet = False
        for row, key in self.boxes:
            self._check(row, key, blank_ok=True)
        self._moved_from = moved_from if moved_from != self.months else None
        self._show_note()
        self.on_problems(self.messages())

    def _settle(self) -> None:
        """The figures now in the boxes were put there for the months beside them: no note."""
        self._moved_from = None
        self._show_note()

    def fill(self, table: MonthlyTable) -> None:
        """Show the last twelve months of ``table`` (earlier rows blank if it has fewer)."""
        recent = table.rows[-MONTHS:]
        self.set_last_month(recent[-1][0])
        by_month = dict(recent)
        self._quiet = True
        try:
            for row, month in enumerate(self.months):
                values = by_month.get(month)
                for key in COLUMNS:
                    self.boxes[row, key].value = figure_value(key, values[key]).replace(",", "") if values else ""
                    self._mark(row, key, None)
        finally:
            self._quiet = False
        self._settle()
        self.on_problems(self.messages())

    def table(self) -> MonthlyTable:
        """The filled rows as a checked table; every problem, one per line, in the error."""
        rows = []
        for row, month in enumerate(self.months):
            if all(not self.boxes[row, key].value.strip() for key in COLUMNS):
                for key in COLUMNS:
                    self._mark(row, key, None)
                continue
            values = {key: self._check(row, key, blank_ok=False) for key in COLUMNS}
            if all(value is not None for value in values.values()):
                rows.append((month, values))
        problems = self.messages()
        self.on_problems(problems)
        if problems:
            raise CourseInputError("\n".join(problems), "form")
        return monthly_table(rows)
