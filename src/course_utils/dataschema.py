"""Does a table fit its data set's schema? Columns, types, allowed values, ranges and
the cross-column rules of ``datafiles/schema.json``, each problem named by column and
spreadsheet row.

:func:`check_frame` takes the table as text (every cell a string, as read from a CSV
file or a workbook) and returns it with the schema's dtypes, or raises
:class:`~course_utils.errors.CourseDataError` listing every problem found.
"""

from __future__ import annotations

import re

from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("data")

_SHOWN_ROWS = 5
_SHOWN_VALUES = 3
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def check_frame(raw, entry: dict, label: str, *, layout: str):
    """Convert an all-text frame to the schema's dtypes or raise CourseDataError."""
    import pandas as pd

    # Header names match whatever their case or surrounding spaces ("Month " is month).
    raw = raw.rename(columns=lambda column: str(column).strip().casefold())
    # Spreadsheets often save trailing rows that are blank in every cell (",,,,"); they hold no data.
    # Only trailing ones are dropped, so the row numbers in messages still match the spreadsheet.
    if len(raw.columns) and len(raw):
        filled = ~(raw.apply(lambda column: column.astype("str").str.strip() == "").all(axis=1)).to_numpy()
        raw = raw.iloc[:int(filled.nonzero()[0].max()) + 1 if filled.any() else 0].reset_index(drop=True)
    problems: list[str] = []
    names = [column["name"] for column in entry["columns"]]
    missing = [name for name in names if name not in raw.columns]
    if missing:
        found = ", ".join(str(column) for column in raw.columns[:8]) + (", ..." if len(raw.columns) > 8 else "")
        problems.append(tr.ngettext("the column {columns} is missing; the file needs the columns {expected} (its "
                                    "header row has: {found})",
                                    "the columns {columns} are missing; the file needs the columns {expected} (its "
                                    "header row has: {found})", len(missing), columns=", ".join(missing),
                                    expected=", ".join(names),
                                    found=found or tr.pgettext("no columns in a header row", "none")))
        _raise(label, layout, problems)
    rows = entry.get("rows", {})
    if not rows.get("min", 0) <= len(raw) <= rows.get("max", len(raw)):
        problems.append(tr.ngettext("it has {count} row of data; expected between {minimum} and {maximum}",
                                    "it has {count} rows of data; expected between {minimum} and {maximum}", len(raw),
                                    count=len(raw), minimum=rows.get("min"), maximum=rows.get("max")))
    typed = {}
    for column in entry["columns"]:
        values, issues = _convert(raw[column["name"]], column)
        typed[column["name"]] = values
        problems.extend(tr.gettext("column \"{column}\", {rows}: {problem}", column=column["name"], rows=_rows(bad),
                                   problem=text)
                        for text, bad in issues)
    extra = [column for column in raw.columns if column not in names]
    frame = pd.DataFrame({**typed, **{column: raw[column].astype("str") for column in extra}})
    if not problems:
        problems.extend(_cross_checks(frame, entry))
    if problems:
        _raise(label, layout, problems)
    return frame


def _raise(label: str, layout: str, problems: list[str]):
    head = tr.ngettext("{file} does not fit the layout of \"{layout}\" ({count} problem; rows are counted as in a "
                       "spreadsheet, with the header as row 1):",
                       "{file} does not fit the layout of \"{layout}\" ({count} problems; rows are counted as in a "
                       "spreadsheet, with the header as row 1):", len(problems), file=label, layout=layout,
                       count=len(problems))
    raise CourseDataError("\n".join([head] + [f"  - {problem}" for problem in problems]))


def _rows(index) -> str:
    """Spreadsheet row numbers (header = row 1) of the first few bad rows."""
    numbers = [str(int(position) + 2) for position in list(index)[:_SHOWN_ROWS]]
    text = ", ".join(numbers)
    if len(index) > _SHOWN_ROWS:
        text = tr.gettext("{rows} and {more} more", rows=text, more=len(index) - _SHOWN_ROWS)
    return tr.ngettext("row {rows}", "rows {rows}", len(index), rows=text)


def _shown(values) -> str:
    unique = list(dict.fromkeys(str(value) for value in values))
    return ", ".join(f'"{value}"' for value in unique[:_SHOWN_VALUES]) + (", ..." if len(unique) > _SHOWN_VALUES else "")


def _convert(text, column: dict):
    """(typed values, [(problem, bad row positions)]) for one column."""
    import numpy as np
    import pandas as pd

    kind, issues = column["dtype"], []
    text = text.astype("str").str.strip()
    blank = (text == "").to_numpy()
    if blank.any() and not column.get("nullable", False):
        issues.append((tr.gettext("is empty; every row needs a value here"), np.flatnonzero(blank)))
    filled = ~blank

    def flag(mask, problem):
        """Record ``problem(shown values)`` for the filled rows in ``mask``; were there any?"""
        bad = np.flatnonzero(mask & filled)
        if bad.size:
            issues.append((problem(_shown(text.iloc[bad])), bad))
        return bad.size > 0

    if kind in ("int", "float"):
        number = pd.to_numeric(text.str.replace(",", "", regex=False).where(filled, "0"), errors="coerce")
        bad = number.isna().to_numpy() | ~np.isfinite(number.fillna(0).to_numpy(dtype=float))
        if kind == "int":
            bad |= ~bad & (number.fillna(0) % 1 != 0).to_numpy()
        if kind == "int":
            problem = lambda shown: tr.gettext("should be a whole number; got {values}", values=shown)  # noqa: E731
        else:
            problem = lambda shown: tr.gettext("should be a number; got {values}", values=shown)  # noqa: E731
        if flag(bad, problem):
            return text, issues
        values = number.astype("int64" if kind == "int" else "float64")
        _range(values, text, column, filled, issues)
        return values, issues
    if kind == "bool":
        lower = text.str.lower()
        if flag(~lower.isin(_TRUE | _FALSE).to_numpy(), lambda shown: tr.gettext("should be true or false; got {values}", values=shown)):
            return text, issues
        return lower.isin(_TRUE).astype("bool"), issues
    if kind in ("date", "datetime"):
        stamps = pd.to_datetime(text.where(filled, None), format="ISO8601", errors="coerce")
        if kind == "date":
            problem = lambda shown: tr.gettext("should be a date written YYYY-MM-DD (for example 2024-06-18); got "
                                               "{values}",  # noqa: E731
                                               values=shown)
        else:
            problem = lambda shown: tr.gettext("should be a date and time written YYYY-MM-DD HH:MM (for example "
                                               "2024-06-18 20:00); got {values}", values=shown)
        if flag(stamps.isna().to_numpy(), problem):
            return text, issues
        stamps = stamps.astype("datetime64[ns]")
        if column.get("first_of_month"):
            flag((stamps.dt.day != 1).to_numpy(),
                 lambda shown: tr.gettext("should be the first day of a month (for example 2024-06-01); got "
                                          "{values}", values=shown))
        _range(stamps, text, column, filled, issues)
        _unique(stamps, text, column, filled, issues)
        return stamps, issues
    values = text.where(filled, None).astype("str")
    if "allowed" in column:
        allowed = ", ".join(f'"{value}"' for value in column["allowed"])
        flag(~text.isin(column["allowed"]).to_numpy(),
             lambda shown: tr.gettext("should be one of {allowed}; got {values}", allowed=allowed, values=shown))
    if "pattern" in column:
        pattern = re.compile(column["pattern"])
        # A pattern too involved to read as an example carries its own ("example" in the schema).
        example = column.get("example") or re.sub(r"\[0-9\]\{(\d+)\}", lambda m: "0" * (int(m.group(1)) - 1) + "1",
                                                  column["pattern"]).strip("^$")
        flag(~text.map(lambda value: bool(pattern.fullmatch(value))).to_numpy(dtype=bool),
             lambda shown: tr.gettext("does not have the expected form (for example {example}); got {values}",
                                      example=example, values=shown))
    _unique(values, text, column, filled, issues)
    return values, issues


def _range(values, text, column: dict, filled, issues: list) -> None:
    import numpy as np
    import pandas as pd

    for key, compare in (("min", np.less), ("max", np.greater)):
        if key in column:
            limit = pd.Timestamp(column[key]) if column["dtype"] in ("date", "datetime") else column[key]
            bad = np.flatnonzero(compare(values, limit).to_numpy(dtype=bool) & filled)
            if bad.size:
                shown = _shown(text.iloc[bad])
                if key == "min":
                    issues.append((tr.gettext("should be at least {minimum}; got {values}", minimum=column[key],
                                              values=shown), bad))
                else:
                    issues.append((tr.gettext("should be at most {maximum}; got {values}", maximum=column[key],
                                              values=shown), bad))


def _unique(values, text, column: dict, filled, issues: list) -> None:
    import numpy as np

    if column.get("unique"):
        repeated = values.duplicated(keep="first").to_numpy() & filled
        bad = np.flatnonzero(repeated)
        if bad.size:
            issues.append((tr.gettext("each value should appear only once; repeated: {values}",
                                      values=_shown(text.iloc[bad])), bad))


def _cross_checks(frame, entry: dict) -> list[str]:
    """Rules between columns (viewers <= views, amount = list - discount, ...)."""
    import numpy as np

    problems = []
    for check in entry.get("checks", []):
        kind = check["kind"]
        if kind == "le":
            bad = frame[check["left"]] > frame[check["right"]] + 1e-9
            text, column = tr.gettext("{left} should not be more than {right}", left=check["left"],
                                      right=check["right"]), check["left"]
        elif kind == "precision":
            # A date known only to the month or quarter is stored as the first day of that period.
            dates, precision = frame[check["date"]], frame[check["precision"]]
            coarse = precision.isin(["month", "quarter"]) & (dates.dt.day != 1)
            bad = coarse | ((precision == "quarter") & ~dates.dt.month.isin([1, 4, 7, 10]))
            text = tr.gettext("should be the first day of its month where {precision} is \"month\", and the first "
                              "day of a quarter (1 Jan, 1 Apr, 1 Jul or 1 Oct) where it is \"quarter\"",
                              date=check["date"], precision=check["precision"])
            column = check["date"]
        else:
            left, right = frame[check["left"]], frame[check["right"]]
            expected = left - right if kind == "difference" else left * right
            bad = (frame[check["result"]] - expected).abs() > 0.0051  # money is rounded to the cent
            names = {"result": check["result"], "left": check["left"], "right": check["right"]}
            text = (tr.gettext("{result} should equal {left} minus {right}", **names) if kind == "difference"
                    else tr.gettext("{result} should equal {left} times {right}", **names))
            column = check["result"]
        rows = np.flatnonzero(bad.to_numpy())
        if rows.size:
            problems.append(tr.gettext("column \"{column}\", {rows}: {problem}", column=column, rows=_rows(rows),
                                       problem=text))
    sort_key = entry.get("sorted_by")
    if sort_key and not frame[sort_key].is_monotonic_increasing:
        problems.append(tr.gettext("rows should be in order of {column}", column=sort_key))
    return problems
