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
from functools import lru_cache
from importlib import resources
from pathlib import Path

from course_utils.dataschema import check_frame
from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import Translator, language, localized_file

tr = Translator("data")

OWN_FIGURES = "capstone_monthly"  # the layout of a learner's own capstone file


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
