"""Uploaded monthly figures (CSV or Excel) as a :class:`~course_utils.app.fields.MonthlyTable`.

Merchants' files arrive in many shapes: UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8")
or GBK/GB18030 (Excel on a Chinese Windows), separated by commas or semicolons;
workbooks with a title row above the header or blank rows between months; headers in
Chinese or English. All of these are read. Anything else is refused with a message
that says what is wrong: a file that is not a spreadsheet, an old ``.xls``, a file
over the size limit, more rows than a monthly table can have, or columns that do not
match the template (the missing ones are named).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from functools import lru_cache
from importlib import resources

from course_utils.app.fields import COLUMNS, column_label, monthly_table, month_text, parse_cell, parse_month
from course_utils.errors import CourseInputError
from course_utils.i18n import LANGUAGES, Translator, using_language

tr = Translator("app")

MAX_BYTES = 2 * 1024 * 1024      # a monthly table is a few KB; 2 MB is generous
MAX_ROWS = 300                   # 25 years of months
MAX_UNPACKED = 40 * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks to more than this
HEADER_SEARCH = 10               # title rows allowed above the header
MIN_HEADER_MATCHES = 3
MAX_PROBLEMS = 8                 # cell problems listed before "and N more"
MAX_HEADER = 200                 # characters of a cell compared with the headers: none is longer
# Rows and columns of a worksheet read at most, whatever size it declares: openpyxl fills in every
# missing cell up to the declared size, and a 5 KB file can declare a million rows of 16,384 cells.
SHEET_ROWS, SHEET_COLUMNS = 2_000, 64
_MAGIC = {b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF"}


def _normalise(text: object) -> str:
    """A header as compared: width, case, spaces, units in brackets and separators ignored."""
    # Cut first: the bracket pattern takes time growing with the square of a cell full of "(".
    text = unicodedata.normalize("NFKC", str(text if text is not None else "")[:MAX_HEADER]).casefold()
    text = re.sub(r"[(\[].*?[)\]]", "", text)
    return re.sub(r"[\s_\-·./:]+", "", text)


@lru_cache(maxsize=1)
def _other_names() -> dict[str, list[str]]:
    # Other headers merchants write for a column, in any language: words to recognise in a file,
    # never shown, so data rather than messages (a language adds its own words, it does not translate ours).
    return json.loads(resources.files("course_utils.app").joinpath("header_aliases.json").read_text(encoding="utf-8"))


def header_aliases() -> dict[str, str]:
    """Every accepted header (normalised) → its column key ("month" or one of COLUMNS): the key itself,
    the template's header in every course language, and the other names in ``header_aliases.json``."""
    aliases = {}
    for key in ("month",) + COLUMNS:
        names = [key] + _other_names().get(key, [])
        for lang in LANGUAGES:
            with using_language(lang):
                names.append(column_label(key))
        aliases.update({_normalise(name): key for name in names if name})
    return aliases


def _match(row, aliases: dict[str, str]) -> dict[str, int]:
    """Column key → position for the cells of ``row`` that are known headers (first wins)."""
    found: dict[str, int] = {}
    for position, cell in enumerate(row):
        key = aliases.get(_normalise(cell))
        if key and key not in found:
            found[key] = position
    return found


def _blank(row) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row)


def _find_header(rows) -> tuple[int, dict[str, int]] | None:
    aliases = header_aliases()
    best = None
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        found = _match(row, aliases)
        if len(found) >= MIN_HEADER_MATCHES and (best is None or len(found) > len(best[1])):
            best = (index, found)
    return best


def _wrong_columns(rows, found: dict[str, int] | None = None):
    # The columns by the template's headers, in a list the page's language punctuates ("、" in Chinese).
    separator = tr.gettext(", ")
    missing = [key for key in ("month",) + COLUMNS if key not in (found or {})]
    first = next((row for row in rows[:HEADER_SEARCH] if not _blank(row)), [])
    seen = separator.join(str(cell).strip() for cell in first[:8] if cell is not None and str(cell).strip())
    # The message ends the quoted row with its own full stop: a row of prose loses its own.
    seen = seen[:200].rstrip("。．.！!？?；;，,、") or "—"
    return CourseInputError(tr.gettext("The file's columns do not match the template. Missing: {missing}. The first "
                                       "row found: {found}. Download a template above and copy your figures into it.",
                                       missing=separator.join(column_label(key) for key in missing),
                                       found=seen), "file")


def table_from_rows(rows: list[list[object]]):
    """Find the header, read every non-blank row below it, check the table as a whole."""
    located = _find_header(rows)
    if located is None:
        raise _wrong_columns(rows)
    index, found = located
    if len(found) < len(COLUMNS) + 1:
        raise _wrong_columns(rows, found)
    body = [row for row in rows[index + 1:] if not _blank(row)]
    if len(body) > MAX_ROWS:
        raise CourseInputError(tr.gettext("The file has {count} rows; a monthly table has at most {maximum}. "
                                          "Upload only the months of one business.", count=len(body),
                                          maximum=MAX_ROWS), "file")
    problems, parsed = [], []
    width = max((position + 1 for position, cell in enumerate(rows[index]) if not _blank([cell])), default=0)
    for number, row in enumerate(rows[index + 1:], start=index + 2):
        cells = {key: (row[position] if position < len(row) else None) for key, position in found.items()}
        if all(cells[key] is None or str(cells[key]).strip() == "" for key in COLUMNS):
            continue  # a blank row, or a template row with only its month filled in
        if not _blank(row[width:]):
            # Cells past the last header: usually "150,000" unquoted in a CSV, which shifts every cell after it.
            problems.append(tr.gettext("Row {row} has more cells than the header row. If a number is written with a "
                                       "comma (150,000), write it without the comma or put it in quotes.", row=number))
            continue
        try:
            month = parse_month(cells["month"])
        except CourseInputError as error:
            problems.append(tr.gettext("Row {row}: {problem}", row=number, problem=str(error)))
            continue
        values = {}
        for key in COLUMNS:
            try:
                values[key] = parse_cell(key, cells[key], month_text(month))
            except CourseInputError as error:
                problems.append(str(error))
        if len(values) == len(COLUMNS):
            parsed.append((month, values))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(tr.gettext("… and {count} more problems.", count=len(problems) - MAX_PROBLEMS))
        raise CourseInputError("\n".join(shown), "file")
    return monthly_table(parsed)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CourseInputError(tr.gettext("The file is not a spreadsheet this app can read: a CSV file should be text "
                                      "in UTF-8 or GBK. Save it from Excel as \"CSV UTF-8\" or as .xlsx."), "file")


def csv_rows(data: bytes) -> list[list[object]]:
    """The cells of a CSV file, separated by commas, semicolons or tabs (whichever finds the header)."""
    text = decode_text(data)
    if "\x00" in text[:4096]:
        raise CourseInputError(tr.gettext("The file is not a spreadsheet: upload a CSV or an Excel .xlsx file made "
                                          "from the template."), "file")
    best = None
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error:  # a cell longer than the reader takes (131,072 characters): no figure is that long
            raise CourseInputError(tr.gettext("The file has a cell far longer than any figure (a quotation mark left "
                                              "open can make the rest of the file one cell): check the quotation "
                                              "marks, or save it from Excel again as CSV or .xlsx."), "file") from None
        located = _find_header(rows)
        score = len(located[1]) if located else 0
        if best is None or score > best[0]:
            best = (score, rows)
    return best[1]


def _cell(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)) or value is None or isinstance(value, (int, float)):
        return value
    return str(value)


def xlsx_rows(data: bytes) -> list[list[object]]:
    """The cells of the first worksheet that has the template's header (openpyxl, values not formulas)."""
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise CourseInputError(tr.gettext("The file is not a spreadsheet: upload a CSV or an Excel .xlsx file made "
                                          "from the template."), "file") from None
    if "xl/workbook.xml" not in names:
        raise CourseInputError(tr.gettext("The file is not a spreadsheet: upload a CSV or an Excel .xlsx file made "
                                          "from the template."), "file")
    if unpacked > MAX_UNPACKED:
        raise CourseInputError(tr.gettext("The file is {size}; files up to {maximum} are accepted. A monthly table "
                                          "is much smaller: upload only its figures.",
                                          size=f"{unpacked / 1e6:.0f} MB", maximum=f"{MAX_UNPACKED / 1e6:.0f} MB"), "file")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise CourseInputError(tr.gettext("The Excel file could not be opened (it may be damaged or "
                                          "password-protected). Save it again as .xlsx, or as CSV."), "file") from None
    try:
        first = None
        limit = MAX_ROWS + HEADER_SEARCH + 1
        for sheet in workbook.worksheets:
            rows, filled = [], 0
            for row in sheet.iter_rows(max_row=SHEET_ROWS, max_col=SHEET_COLUMNS, values_only=True):
                rows.append([_cell(value) for value in row])
                filled += not _blank(row)
                if filled > limit:
                    raise CourseInputError(tr.gettext("The file has {count} rows; a monthly table has at most "
                                                      "{maximum}. Upload only the months of one business.",
                                                      count=f"> {MAX_ROWS}", maximum=MAX_ROWS), "file")
            first = rows if first is None else first
            if _find_header(rows):
                return rows
        return first or []
    finally:
        workbook.close()


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes over :data:`MAX_BYTES` (the page checks the size the browser reports
    before it has the bytes: the browser sends no content for a file over the limit)."""
    if size > MAX_BYTES:
        raise CourseInputError(tr.gettext("The file is {size}; files up to {maximum} are accepted. A monthly table "
                                          "is much smaller: upload only its figures.",
                                          size=f"{size / 1e6:.1f} MB", maximum=f"{MAX_BYTES / 1e6:.0f} MB"), "file")


def read_upload(filename: str, data: bytes):
    """An uploaded file (its name and bytes) as a checked MonthlyTable; refusals name the problem."""
    name = str(filename or "")
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    check_size(len(data))
    if not data.strip():
        raise CourseInputError(tr.gettext("The file is empty."), "file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CourseInputError(tr.gettext("This is an old Excel .xls file: please save it as .xlsx (Excel Workbook) "
                                          "or as CSV and upload that."), "file")
    if any(data.startswith(magic) for magic in _MAGIC):
        raise CourseInputError(tr.gettext("The file is not a spreadsheet: upload a CSV or an Excel .xlsx file made "
                                          "from the template."), "file")
    if data.startswith(b"PK\x03\x04"):
        rows = xlsx_rows(data)
    elif suffix in ("xlsx", "xlsm"):
        raise CourseInputError(tr.gettext("The file is not a spreadsheet: upload a CSV or an Excel .xlsx file made "
                                          "from the template."), "file")
    else:
        rows = csv_rows(data)
    return table_from_rows(rows)
