"""The course data sets: load them with the right types, read their cards.

Every data set is ``datafiles/<name>.csv`` with a data card ``<name>.md`` and
an entry in ``datafiles/schema.json``. :func:`load` checks the file against
its schema (columns, types, allowed values, ranges, cross-column rules) and
returns a DataFrame with proper dtypes; a file that breaks its schema raises
:class:`~course_utils.errors.CourseDataError` naming the file, the column, the
rows and what is wrong.

>>> "orders" in list_datasets()
True
>>> is_synthetic("milestones")
False
>>> load("capstone_profiles")["business"].tolist()
['tea', 'kidswear', 'bakery']
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import Translator, language, localized_file

tr = Translator("data")

OWN_FIGURES = "capstone_monthly"  # the layout of a learner's own capstone file
_SHOWN_ROWS = 5
_SHOWN_VALUES = 3
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


@lru_cache(maxsize=1)
def _schema() -> dict:
    text = resources.files("course_utils").joinpath("datafiles", "schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _datafile(filename: str):
    return resources.files("course_utils").joinpath("datafiles", filename)


def list_datasets() -> list[str]:
    """Names of every shipped data set, real ones first."""
    return list(_schema()["datasets"])


def _check_name(name: object) -> str:
    names = list_datasets()
    if name in names:
        return str(name)
    close = difflib.get_close_matches(str(name), names, n=1)
    if close:
        raise CourseInputError(tr.gettext("There is no data set called \"{name}\"; did you mean \"{suggestion}\"? "
                                          "The data sets are: {names}.", name=name, suggestion=close[0],
                                          names=", ".join(names)), "name")
    raise CourseInputError(tr.gettext("There is no data set called \"{name}\". The data sets are: {names}.",
                                      name=name, names=", ".join(names)), "name")


def spec(name: str) -> dict:
    """The schema entry of a data set or layout, with its columns resolved."""
    schema = _schema()
    if name in schema["templates"]:
        return dict(schema["templates"][name])
    entry = dict(schema["datasets"][_check_name(name)])
    if "template" in entry:
        template = schema["templates"][entry["template"]]
        entry["columns"] = template["columns"]
        entry["checks"] = template.get("checks", [])
    return entry


def is_synthetic(name: str) -> bool:
    """True for data sets generated for teaching (not real records)."""
    return bool(spec(name)["synthetic"])


def card(name: str) -> str:
    """The data card of ``name`` (Markdown): what it is, how it was made, columns, licence."""
    path = localized_file(resources.files("course_utils").joinpath("datafiles"), spec(name)["card"])
    if not path.is_file():
        raise CourseDataError(tr.gettext("The data card for \"{name}\" is missing from the package.", name=name))
    return path.read_text(encoding="utf-8")


def load(name: str | None = None, *, path: str | Path | None = None):
    """Load a data set as a typed DataFrame, checking it against its schema.

    ``load("orders")`` reads the shipped file. ``load(path="my_shop.csv")``
    reads a file of your own in the capstone monthly layout (the columns of
    ``capstone_tea``); ``load("orders", path=...)`` checks a file against the
    layout of a named data set.
    """
    import pandas as pd  # deferred: importing the module stays cheap

    if path is None:
        if name is None:
            raise CourseInputError(tr.gettext("There is no data set called \"{name}\". The data sets are: {names}.",
                                              name="", names=", ".join(list_datasets())), "name")
        entry = spec(_check_name(name))  # a layout such as capstone_monthly has no shipped file
        source, label = _datafile(entry["file"]), entry["file"]
    else:
        if not isinstance(path, (str, Path)) or not str(path).strip():
            shown = f'"{path}"' if isinstance(path, str) else type(path).__name__
            raise CourseInputError(tr.gettext("path should be the name of a CSV file, such as \"my_shop.csv\"; got "
                                              "{value}.", value=shown), "path")
        layout = name or OWN_FIGURES
        entry = spec(layout)
        source, label = Path(path), str(path)
        if source.is_dir():
            raise CourseDataError(tr.gettext("{file} is a folder, not a CSV file.", file=label))
        if not source.is_file():
            raise CourseDataError(tr.gettext("Cannot find the file {file}. Check the file name and that the file is "
                                             "in the folder you gave.", file=label))
    _check_format(source, label)
    try:
        with source.open("r", encoding="utf-8-sig", newline="") as handle:
            raw = pd.read_csv(handle, dtype=str, keep_default_na=False, skipinitialspace=True)
    except UnicodeDecodeError:
        raise CourseDataError(tr.gettext("{file} is not saved as UTF-8 text. Save it from your spreadsheet as \"CSV "
                                         "UTF-8 (comma delimited)\" and try again.", file=label)) from None
    except pd.errors.EmptyDataError:
        raise CourseDataError(tr.gettext("{file} is empty: it needs a header row with the column names and at least "
                                         "one row of figures.", file=label)) from None
    except pd.errors.ParserError as error:
        reason = str(error).strip().splitlines()[-1]
        raise CourseDataError(tr.gettext("{file} could not be read as a CSV file ({reason}). Save it from your "
                                         "spreadsheet as \"CSV UTF-8 (comma delimited)\" and try again.", file=label,
                                         reason=reason)) from None
    frame = check_frame(raw, entry, label, layout=name or OWN_FIGURES)
    return in_language(frame, entry, language()) if path is None else frame


def in_language(frame, entry: dict, lang: str):
    """The shipped data set with its text columns in ``lang`` where the data set carries a translation.

    The schema's ``translated`` entry names them (``{"zh": {"event": "event_zh"}}``); the
    translated columns stay as they are, so code may still ask for either.
    """
    for column, translated in entry.get("translated", {}).get(lang, {}).items():
        if column in frame and translated in frame:
            text = frame[translated].fillna("").astype(str)
            frame[column] = text.where(text.str.len() > 0, frame[column])
    return frame


def _check_format(source, label: str) -> None:
    """Name the usual spreadsheet mix-ups (a workbook, semicolons or tabs) before parsing."""
    with source.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx (zip) and old .xls files
        raise CourseDataError(tr.gettext("{file} is an Excel workbook, not a CSV file. In your spreadsheet choose "
                                         "File > Save As > \"CSV UTF-8 (comma delimited)\" and load that file.",
                                         file=label))
    try:
        first = head.lstrip(b"\r\n").split(b"\n", 1)[0].decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # not UTF-8 text: the reader below says so
    if "\x00" in first:
        return  # binary content, not a table of text
    if "," not in first and ";" in first:
        raise CourseDataError(tr.gettext("{file} separates its values with semicolons (;), as spreadsheets set up "
                                         "for many European languages do. Save it as \"CSV UTF-8 (comma "
                                         "delimited)\" (or change the list separator to a comma) and try again.",
                                         file=label))
    if "," not in first and "\t" in first:
        raise CourseDataError(tr.gettext("{file} separates its values with tabs. Save it as \"CSV UTF-8 (comma "
                                         "delimited)\" and try again.", file=label))


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
