"""One figure, one month, one monthly table: read the way merchants write them.

A merchant types "15万" for RMB 150,000 and "1,200" for 1,200 customers; a
spreadsheet cell may hold a number, a date or text. Each reader returns the value
or raises :class:`~course_utils.errors.CourseInputError` whose message names the
field (and the month) and says what is expected. Numbers are read by the course's
forgiving parser (:func:`course_utils.parsing.parse_number`).

>>> parse_cell("revenue", "15万")
150000.0
>>> parse_cell("posts", "1,200")
1200.0
>>> parse_month("2024年3月")
datetime.date(2024, 3, 1)
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.models.diagnosis import MONTHLY_COLUMNS, figures_from_monthly
from course_utils.parsing import Problem, parse_number

tr = Translator("app")

COLUMNS = MONTHLY_COLUMNS
MONEY = ("revenue", "live_gmv", "ad_spend", "coupon_cost")
# Counts of people, posts or events: whole numbers. Views per post is an average, so it may have decimals.
WHOLE = ("posts", "new_followers", "wecom_adds", "mini_program_visitors", "first_purchases",
         "active_customers", "repeat_customers")
MIN_MONTHS = 3  # the diagnosis reads the last three months
# More than any one business on Channels does in a month: a figure above is a slip (a stray digit, a unit
# typed twice), and a diagnosis built on it would mislead. 300 videos a day; twice WeChat's users; RMB 10 billion.
MOST = {"posts": 10_000, "avg_views_per_post": 2_000_000_000, **dict.fromkeys(MONEY, 10_000_000_000)}
MOST_PEOPLE = 2_000_000_000
# Rules between columns of one month: (smaller, larger).
NOT_ABOVE = (("repeat_customers", "active_customers"), ("first_purchases", "active_customers"),
             ("live_gmv", "revenue"))
_SCALE_WORD = re.compile(r"[万亿千]|\d\s*(k|thousand|million|mn|billion|bn)\b", re.IGNORECASE)
_MONTH_NUMERIC = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月)?(?:\s*[-/.]?\s*(\d{1,2})\s*日?)?")
_MONTH_FORMATS = ("%b %Y", "%B %Y", "%b-%Y", "%Y %b", "%b-%y", "%b %y")


def column_label(key: str) -> str:
    """The header of a monthly column (or "month") in the visitor's language, as the templates print it."""
    return {"month": tr.gettext("Month"),
            "posts": tr.gettext("Posts"),
            "avg_views_per_post": tr.gettext("Average views per post"),
            "new_followers": tr.gettext("New followers"),
            "wecom_adds": tr.gettext("WeCom adds"),
            "mini_program_visitors": tr.gettext("Mini Program visitors"),
            "first_purchases": tr.gettext("First purchases"),
            "active_customers": tr.gettext("Active customers"),
            "repeat_customers": tr.gettext("Repeat customers"),
            "revenue": tr.gettext("Revenue (RMB)"),
            "live_gmv": tr.gettext("Live GMV (RMB)"),
            "ad_spend": tr.gettext("Ad spend (RMB)"),
            "coupon_cost": tr.gettext("Coupon cost (RMB)")}[key]


def column_meaning(key: str) -> str:
    """What a merchant writes in a monthly column (or "month"), and the ratio it feeds, for the page's guide."""
    return {"month": tr.gettext("The month the row is for, such as 2024-03; in a file, 2024年3月 and Mar 2024 are read too."),
            "posts": tr.gettext("Videos posted on your Channels account that month."),
            "avg_views_per_post": tr.gettext("That month's video views divided by the videos posted."),
            "new_followers": tr.gettext("Followers gained that month, not the running total."),
            "wecom_adds": tr.gettext("People who added your WeCom (企业微信) account that month, from Channels or "
                                     "elsewhere. WeCom add rate = WeCom adds ÷ new followers."),
            "mini_program_visitors": tr.gettext("Visitors to your Mini Program (小程序) shop that month, each "
                                                "counted once."),
            "first_purchases": tr.gettext("Customers who bought from you for the first time that month. "
                                          "First-purchase rate = first purchases ÷ Mini Program visitors."),
            "active_customers": tr.gettext("Customers who bought at least once that month, new or returning."),
            "repeat_customers": tr.gettext("Active customers that month who had bought from you before, so never "
                                           "more than the active customers. Repeat share = repeat customers ÷ "
                                           "active customers."),
            "revenue": tr.gettext("All sales that month, in every channel. Live GMV share and the marketing cost "
                                  "ratio are shares of it."),
            "live_gmv": tr.gettext("Sales made in your live streams that month; part of the revenue."),
            "ad_spend": tr.gettext("Money spent on ads that month."),
            "coupon_cost": tr.gettext("Coupons and discounts your customers used that month. Marketing cost ratio "
                                      "= (ad spend + coupon cost) ÷ revenue.")}[key]


def cell_name(key: str, month: str = "") -> str:
    """A form box as messages and screen readers name it: "2025-03 · Posts" (the column alone without a month)."""
    return tr.gettext("{month} · {field}", month=month, field=column_label(key)) if month else column_label(key)


def _not_a_number(key: str, field: str, typed: str) -> str:
    if key in MONEY:
        return tr.gettext("{field} should be an amount in RMB, such as 150000, 150,000 or 15万 (you typed \"{value}\").",
                          field=field, value=typed)
    # An example of the field's own size: a month's posts are a dozen, not a thousand.
    return tr.gettext("{field} should be a number, such as {example} (you typed \"{value}\").", field=field,
                      example=12 if key == "posts" else 1200, value=typed)


def parse_cell(key: str, value: object, month: str = "") -> float:
    """One monthly figure as a number; ``month`` (e.g. "2024-03") is named in messages."""
    field = cell_name(key, month)
    money = key in MONEY
    if isinstance(value, bool):
        raise CourseInputError(_not_a_number(key, field, str(value)), key)
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            raise CourseInputError(_not_a_number(key, field, str(value)), key)
        shown = f"{number:.15g}"  # a spreadsheet's number in full, never rounded to six digits
    else:
        typed = str(value).strip() if value is not None else ""
        if not typed:
            raise CourseInputError(tr.gettext("{field} is empty: please type a number.", field=field), key)
        shown = typed[:40]
        cleaned = unicodedata.normalize("NFKC", typed)
        if "%" in cleaned:
            raise CourseInputError(tr.gettext("{field} is a count or an amount, not a percentage: please type it "
                                              "without the % sign (you typed \"{value}\").", field=field,
                                              value=shown), key)
        number = parse_number(typed)
        if isinstance(number, Problem):
            if number.key in ("decimal_comma", "several_numbers", "fraction"):
                raise CourseInputError(_unreadable(number.key, field, shown), key)
            raise CourseInputError(_not_a_number(key, field, shown), key)
        if not money and _SCALE_WORD.search(cleaned):
            # "15万" is plain for money but ambiguous for a count: ask for the number in full.
            raise CourseInputError(tr.gettext("{field} is a count, not an amount of money: did you mean {full}? "
                                              "Please type the number in full (you typed \"{value}\").", field=field,
                                              value=shown, full=f"{number:,.0f}"), key)
    # The messages quote what was typed ("1234567.5", "150,000.50", "(500)"), not the number read from it.
    if number < 0:
        raise CourseInputError(tr.gettext("{field} cannot be negative (you typed \"{value}\").", field=field,
                                          value=shown), key)
    if key in WHOLE and number != int(number):
        raise CourseInputError(tr.gettext("{field} is a count and should be a whole number (you typed "
                                          "\"{value}\").", field=field, value=shown), key)
    if number > MOST.get(key, MOST_PEOPLE):
        raise CourseInputError(tr.gettext("{field} is {number}, more than any one business does in a month: please "
                                          "check the figure (you typed \"{value}\").", field=field,
                                          number=f"{number:,.0f}", value=shown), key)
    return number


def _unreadable(problem: str, field: str, typed: str) -> str:
    """What is wrong with a typed number the reader could not take (``parsing.Problem.key``)."""
    return {"decimal_comma": tr.gettext("{field}: please write decimals with a point, for example 12.5 (you typed "
                                        "\"{value}\").",
                                        field=field, value=typed),
            "several_numbers": tr.gettext("{field}: please type a single number (you typed \"{value}\").",
                                          field=field, value=typed),
            "fraction": tr.gettext("{field}: please type a number, not a fraction (you typed \"{value}\").",
                                   field=field, value=typed)}[problem]


def parse_month(value: object) -> dt.date:
    """A month as the first day of it: "2024-03", "2024/3/1", "2024年3月", "Mar 2024" or a date."""
    if isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, 1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    typed = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    match = _MONTH_NUMERIC.fullmatch(typed.split(" 00:00")[0].split("T")[0])
    if match and 1 <= int(match[2]) <= 12 and 1900 <= int(match[1]) <= 2100:
        return dt.date(int(match[1]), int(match[2]), 1)
    for pattern in _MONTH_FORMATS:
        try:
            return dt.datetime.strptime(typed, pattern).date().replace(day=1)
        except ValueError:
            continue
    raise CourseInputError(tr.gettext("\"{value}\" is not a month: write it as 2024-03, 2024/3 or 2024年3月.",
                                      value=typed[:40]), "month")


def last_full_month(today: dt.date) -> dt.date:
    """The month before ``today``'s: the last one with a full month of figures.

    >>> last_full_month(dt.date(2026, 1, 15))
    datetime.date(2025, 12, 1)
    """
    first = today.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def parse_last_month(value: object, today: dt.date) -> dt.date:
    """The last month of a business's figures: a month (:func:`parse_month`) that has begun by ``today``."""
    if value is None or not str(value).strip():
        raise CourseInputError(tr.gettext("Last month is empty: type the last month you have figures for, such as "
                                          "{last}.", last=month_text(last_full_month(today))), "last_month")
    month = parse_month(value)
    if month > today.replace(day=1):
        raise CourseInputError(tr.gettext("{month} has not come yet: type the last month you have figures for, "
                                          "such as {last}.", month=month_text(month),
                                          last=month_text(last_full_month(today))), "last_month")
    return month


def parse_percent(key: str, value: object) -> float:
    """A percentage typed as "58", "58%" or "58 %", returned as a share (0.58)."""
    label = {"gross_margin": tr.gettext("Gross margin (%)")}[key]
    typed = str(value).strip() if value is not None else ""
    if not typed:
        raise CourseInputError(tr.gettext("{field} is empty: type a percentage, such as 55.", field=label), key)
    number = parse_number(typed, unit="percent")
    if isinstance(number, Problem) or not 0 <= number <= 100:
        raise CourseInputError(tr.gettext("{field} should be a percentage between 0 and 100, such as 55 or 55% (you "
                                          "typed \"{value}\").", field=label, value=typed[:40]), key)
    if 0 < number < 1 and "%" not in typed:
        # "0.35" is far likelier a share written as a fraction than a margin of a third of a percent.
        raise CourseInputError(tr.gettext("{field}: did you mean {percent:g}%? Type the percentage itself, such as "
                                          "{percent:g} (you typed \"{value}\"; for a margin under 1%, add the % "
                                          "sign).", field=label, percent=round(number * 100, 4), value=typed[:40]), key)
    return number / 100


def month_text(month: dt.date) -> str:
    return f"{month.year}-{month.month:02d}"


def months_to(last_month: dt.date, count: int = 12) -> list[dt.date]:
    """The ``count`` months ending with ``last_month``, oldest first.

    >>> [m.isoformat() for m in months_to(dt.date(2025, 2, 1), 3)]
    ['2024-12-01', '2025-01-01', '2025-02-01']
    """
    months, year, month = [], last_month.year, last_month.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _missing_months(first: dt.date, last: dt.date, present: set) -> list[dt.date]:
    """The months from ``first`` to ``last`` (first days) that are not in ``present``."""
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    return [month for month in months_to(last, span) if month not in present]


@dataclass(frozen=True)
class MonthlyTable:
    """A business's months, oldest first: ``rows`` is a tuple of (month, {column: value})."""

    rows: tuple

    @property
    def months(self) -> list[dt.date]:
        return [month for month, _ in self.rows]

    def frame(self):
        """The table as a DataFrame with the columns of the capstone monthly layout."""
        import pandas as pd

        data = {"month": pd.to_datetime([month for month, _ in self.rows])}
        data.update({key: [values[key] for _, values in self.rows] for key in COLUMNS})
        return pd.DataFrame(data)

    def figures(self, gross_margin: float) -> dict[str, float]:
        """The diagnosis figures: the last three months, as in the capstone lesson."""
        return figures_from_monthly(self.frame(), gross_margin, months=MIN_MONTHS)


def monthly_table(rows) -> MonthlyTable:
    """Check (month, values) pairs as a whole: enough distinct months, rules between columns.

    Raises CourseInputError with every problem found, one per line.
    """
    problems = []
    ordered = sorted(rows, key=lambda row: row[0])
    if len(ordered) < MIN_MONTHS:
        problems.append(tr.gettext("The diagnosis needs at least {minimum} months of figures; there are {count}.",
                                   count=len(ordered), minimum=MIN_MONTHS))
    counts = Counter(month for month, _ in ordered)
    for month, count in counts.items():
        if count > 1:  # said once per month, with how many rows it has
            problems.append(tr.gettext("The month {month} appears {count} times: keep one row per month.",
                                       month=month_text(month), count=count))
    for month, values in ordered:
        for small, large in NOT_ABOVE:
            if values[small] > values[large]:
                problems.append(tr.gettext("{month}: {small} cannot be more than {large}.", month=month_text(month),
                                           small=column_label(small), large=column_label(large)))
    recent = ordered[-MIN_MONTHS:]
    if not problems and len(recent) == MIN_MONTHS:
        missing = _missing_months(recent[0][0], recent[-1][0], {month for month, _ in recent})
        if missing:
            problems.append(tr.gettext("The diagnosis reads the last {months} months in a row; add the figures of "
                                       "the months missing between them: {missing}.", months=MIN_MONTHS,
                                       missing=tr.gettext(", ").join(month_text(month) for month in missing)))
        elif sum(v["first_purchases"] for _, v in recent) > sum(v["mini_program_visitors"] for _, v in recent):
            problems.append(tr.gettext("There are more first purchases than Mini Program visitors in the last {months}"
                                       " months. The diagnosis divides one by the other, so count only the first "
                                       "purchases made in the Mini Program.", months=MIN_MONTHS))
        if not missing and (sum(v["wecom_adds"] for _, v in recent) > 0
                            and sum(v["new_followers"] for _, v in recent) == 0):
            # The WeCom add rate is adds ÷ new followers: with no followers it would be scored 0, not high.
            problems.append(tr.gettext("There are WeCom adds but no new followers in the last {months} months. The "
                                       "WeCom add rate divides WeCom adds by new followers: type the followers "
                                       "gained in those months.", months=MIN_MONTHS))
    if not problems and sum(values["revenue"] for _, values in recent) <= 0:
        problems.append(tr.gettext("Revenue is 0 in the last {months} months: the diagnosis compares costs and live "
                                   "sales with revenue, so it needs the revenue of those months.", months=MIN_MONTHS))
    if problems:
        raise CourseInputError("\n".join(problems), "table")
    return MonthlyTable(tuple(ordered))
