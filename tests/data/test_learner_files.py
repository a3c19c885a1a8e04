"""A learner's own CSV as spreadsheets save it: semicolons, tabs, workbooks, trailing blank rows, odd paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_utils.datasets import load
from course_utils.errors import CourseDataError, CourseInputError

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "course_utils" / "datafiles" / "capstone_tea.csv"


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return SHIPPED.read_text("utf-8").splitlines()


def _save(tmp_path, data: bytes, name: str = "my_shop.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("separator, words", [(";", "semicolons"), ("\t", "tabs")])
def test_other_separators_are_named_with_the_fix(tmp_path, lines, separator, words):
    text = "\n".join(line.replace(",", separator) for line in lines)
    with pytest.raises(CourseDataError) as caught:
        load(path=_save(tmp_path, ("\ufeff" + text).encode("utf-8")))
    assert words in str(caught.value) and "CSV UTF-8 (comma delimited)" in str(caught.value)
    assert "are missing" not in str(caught.value)


def test_a_workbook_saved_with_a_csv_name(tmp_path):
    with pytest.raises(CourseDataError, match="Excel workbook"):
        load(path=_save(tmp_path, b"PK\x03\x04" + bytes(200)))


def test_binary_noise_is_not_mistaken_for_tabs(tmp_path):
    with pytest.raises(CourseDataError, match="UTF-8"):
        load(path=_save(tmp_path, bytes(range(256))))


def test_trailing_rows_of_empty_cells_are_ignored(tmp_path, lines):
    blank = "," * (lines[0].count(","))
    frame = load(path=_save(tmp_path, ("\r\n".join(lines + [blank, blank, ""])).encode("utf-8")))
    assert len(frame) == len(lines) - 1


def test_a_blank_row_between_data_rows_is_still_reported_at_its_spreadsheet_row(tmp_path, lines):
    blank = "," * (lines[0].count(","))
    with pytest.raises(CourseDataError) as caught:
        load(path=_save(tmp_path, "\n".join(lines[:3] + [blank] + lines[3:]).encode("utf-8")))
    assert 'column "month", row 4: is empty' in str(caught.value)


def test_header_names_match_whatever_their_case(tmp_path, lines):
    header = ",".join(name.title() + " " for name in lines[0].split(","))
    frame = load(path=_save(tmp_path, "\n".join([header] + lines[1:]).encode("utf-8")))
    assert list(frame.columns) == lines[0].split(",")


def test_missing_columns_message_shows_what_the_header_holds(tmp_path):
    with pytest.raises(CourseDataError) as caught:
        load(path=_save(tmp_path, "Monat,Umsatz\n2024-01-01,5\n".encode("utf-8")))
    assert "its header row has: monat, umsatz" in str(caught.value)


@pytest.mark.parametrize("path, shown", [(123, "int"), ("", '""'), ("   ", '"   "'), (["a.csv"], "list")])
def test_a_path_that_is_not_a_file_name(path, shown):
    with pytest.raises(CourseInputError) as caught:
        load(path=path)
    assert caught.value.argument == "path" and shown in str(caught.value)
