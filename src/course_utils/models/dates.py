"""A date written at the precision it is known to, without pandas.

The book's renderer prints the timeline appendix with these; importing pandas for
them would cost every render worker a third of a second. :mod:`timeline` builds its
``date_label`` (which also takes pandas' dates) on the same wording.
"""

from __future__ import annotations

import datetime

from course_utils import validate
from course_utils.i18n import Translator

PRECISIONS = ("day", "month", "quarter", "year")

tr = Translator("tour")


def month_abbreviation(month: int) -> str:
    """The short name of a month (1-12), as a milestone's date shows it.

    >>> month_abbreviation(10)
    'Oct'
    """
    return {1: tr.pgettext("month", "Jan"), 2: tr.pgettext("month", "Feb"), 3: tr.pgettext("month", "Mar"),
            4: tr.pgettext("month", "Apr"), 5: tr.pgettext("month", "May"), 6: tr.pgettext("month", "Jun"),
            7: tr.pgettext("month", "Jul"), 8: tr.pgettext("month", "Aug"), 9: tr.pgettext("month", "Sep"),
            10: tr.pgettext("month", "Oct"), 11: tr.pgettext("month", "Nov"), 12: tr.pgettext("month", "Dec")}[month]


def written_date(day: datetime.date, precision: str = "day") -> str:
    """``day`` written at ``precision``: the day, its month, its quarter or its year.

    >>> d = datetime.date(2022, 10, 1)
    >>> written_date(d), written_date(d, "month"), written_date(d, "quarter"), written_date(d, "year")
    ('1 Oct 2022', 'Oct 2022', 'Q4 2022', '2022')
    """
    precision = validate.one_of("precision", precision, PRECISIONS)
    if precision == "day":
        return tr.gettext("{day} {month} {year}", day=day.day, month=month_abbreviation(day.month), year=day.year)
    if precision == "month":
        return tr.gettext("{month} {year}", month=month_abbreviation(day.month), year=day.year)
    if precision == "quarter":
        return tr.gettext("Q{quarter} {year}", quarter=(day.month - 1) // 3 + 1, year=day.year)
    return str(day.year)


def iso_date_label(iso: str, precision: str = "day") -> str:
    """An ISO date (``YYYY-MM-DD``, anything after it ignored) written at ``precision``.

    >>> iso_date_label("2020-01-21"), iso_date_label("2022-07-01T00:00:00", "month")
    ('21 Jan 2020', 'Jul 2022')
    >>> iso_date_label("21/01/2020")
    Traceback (most recent call last):
    ...
    course_utils.errors.CourseInputError: when should be a date such as "2021-12-31"; got '21/01/2020'.
    """
    try:
        day = datetime.date.fromisoformat(str(iso)[:10])
    except ValueError:
        raise validate.wrong_type("when", repr(iso), "date") from None
    return written_date(day, precision)
