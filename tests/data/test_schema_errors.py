"""A file that breaks its schema is refused with a message naming file, column, rows and fault."""

from __future__ import annotations

import pytest

from course_utils import datasets
from course_utils.datagen.verify import datafiles_dir
from course_utils.errors import CourseDataError


def _lines(name: str) -> list[str]:
    return (datafiles_dir() / f"{name}.csv").read_text(encoding="utf-8").split("\n")


def _write(tmp_path, lines: list[str], filename: str = "broken.csv"):
    path = tmp_path / filename
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _replace_cell(line: str, column: int, value: str) -> str:
    cells = line.split(",")
    cells[column] = value
    return ",".join(cells)


def _error(name, path) -> str:
    with pytest.raises(CourseDataError) as caught:
        datasets.load(name, path=path)
    return str(caught.value)


def test_a_bad_number_names_file_column_row_and_value(tmp_path):
    lines = _lines("orders")
    header = lines[0].split(",")
    lines[3] = _replace_cell(lines[3], header.index("amount"), "twelve")
    message = _error("orders", _write(tmp_path, lines))
    assert "broken.csv" in message
    assert 'column "amount", row 4: should be a number; got "twelve"' in message


def test_disallowed_values_list_the_allowed_ones(tmp_path):
    lines = _lines("orders")
    header = lines[0].split(",")
    for row in (2, 5, 9):
        lines[row] = _replace_cell(lines[row], header.index("channel"), "douyin")
    message = _error("orders", _write(tmp_path, lines))
    assert 'column "channel", rows 3, 6, 10: should be one of "channels_live"' in message
    assert 'got "douyin"' in message


def test_many_bad_rows_show_the_first_few_and_a_count(tmp_path):
    lines = _lines("customers")
    header = lines[0].split(",")
    for row in range(1, 21):
        lines[row] = _replace_cell(lines[row], header.index("member"), "maybe")
    message = _error("customers", _write(tmp_path, lines))
    assert 'column "member", rows 2, 3, 4, 5, 6 and 15 more: should be true or false; got "maybe"' in message


def test_missing_columns_and_bad_dates_and_ranges(tmp_path):
    lines = _lines("live_sessions")
    header = lines[0].split(",")
    lines[1] = _replace_cell(lines[1], header.index("date"), "31/01/2024")
    lines[2] = _replace_cell(lines[2], header.index("start_hour"), "25")
    message = _error("live_sessions", _write(tmp_path, lines))
    assert 'column "date", row 2: should be a date written YYYY-MM-DD' in message
    assert 'column "start_hour", row 3: should be at most 23; got "25"' in message
    dropped = [",".join(line.split(",")[:-1]) for line in _lines("live_sessions")]
    assert "the column presale is missing" in _error("live_sessions", _write(tmp_path, dropped, "short.csv"))


def test_cross_column_rules_are_enforced(tmp_path):
    lines = _lines("live_sessions")
    header = lines[0].split(",")
    cells = lines[4].split(",")
    cells[header.index("viewers")] = str(int(cells[header.index("views")]) + 1)
    lines[4] = ",".join(cells)
    message = _error("live_sessions", _write(tmp_path, lines))
    assert 'column "viewers", row 5: viewers should not be more than views' in message

    lines = _lines("orders")
    header = lines[0].split(",")
    lines[7] = _replace_cell(lines[7], header.index("discount"), "1.00")
    message = _error("orders", _write(tmp_path, lines, "orders.csv"))
    assert 'column "amount", row 8: amount should equal list_amount minus discount' in message


def test_duplicate_ids_blank_cells_and_wrong_row_count(tmp_path):
    lines = _lines("orders")
    header = lines[0].split(",")
    lines[2] = _replace_cell(lines[2], header.index("order_id"), lines[1].split(",")[0])
    lines[6] = _replace_cell(lines[6], header.index("product"), "")
    message = _error("orders", _write(tmp_path, lines))
    assert 'column "order_id", row 3: each value should appear only once; repeated: "O000001"' in message
    assert 'column "product", row 7: is empty' in message
    assert "it has 40 rows of data; expected between 5000 and 7500" in _error(
        "orders", _write(tmp_path, _lines("orders")[:41], "few.csv"))


def test_learner_capstone_file_is_checked_in_the_monthly_layout(tmp_path):
    own = _lines("capstone_kidswear")[:4]  # header and three months: fewer months are fine
    own = [own[0]] + [line.replace("2024-", "2025-") for line in own[1:]]
    frame = datasets.load(path=_write(tmp_path, own, "my_shop.csv"))
    assert len(frame) == 3 and frame["month"].dt.year.eq(2025).all()
    assert frame["orders"].dtype == "int64"

    header = own[0].split(",")
    own[2] = _replace_cell(own[2], header.index("repeat_customers"), "999999")
    message = _error(None, _write(tmp_path, own, "my_shop.csv"))
    assert 'my_shop.csv does not fit the layout of "capstone_monthly"' in message
    assert "repeat_customers should not be more than active_customers" in message


def test_learner_numbers_with_thousands_separators_and_mid_month_dates(tmp_path):
    own = _lines("capstone_tea")[:3]
    header = own[0].split(",")
    own[1] = _replace_cell(own[1], header.index("followers"), '"45,047"')
    assert datasets.load(path=_write(tmp_path, own, "ok.csv"))["followers"].iloc[0] == 45047
    own[2] = _replace_cell(own[2], header.index("month"), "2024-02-15")
    assert "should be the first day of a month" in _error(None, _write(tmp_path, own, "mid.csv"))


@pytest.mark.parametrize("content, expected", [
    (b"", "is empty"),
    (b"\xff\xfe\x00m\x00o", "not saved as UTF-8"),
    (b'month,posts\n"2024-01-01,3\n', "could not be read as a CSV file"),
])
def test_unreadable_files_get_a_kind_message(tmp_path, content, expected):
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    assert expected in _error(None, path)


def test_missing_file_and_folder(tmp_path):
    assert "Cannot find the file" in _error(None, tmp_path / "nowhere.csv")
    assert "is a folder" in _error(None, tmp_path)


def test_a_utf8_bom_from_a_spreadsheet_is_accepted(tmp_path):
    text = "\n".join(_lines("capstone_bakery"))
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert len(datasets.load("capstone_bakery", path=path)) == 12
