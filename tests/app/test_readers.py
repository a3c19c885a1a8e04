"""The app's upload readers: every encoding and layout merchants send, and every refusal.

Each readable file is made from a case business's real monthly table and must read
back to the same diagnosis figures as the table itself; each refusal must name
what is wrong (the missing column, the size, the row count, the field and month).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from course_utils.app import readers
from course_utils.app.fields import COLUMNS, column_label, month_text, parse_cell, parse_last_month, parse_month
from course_utils.app.results import case
from course_utils.app.template_files import header, template_csv, template_xlsx
from course_utils.errors import CourseInputError
from course_utils.i18n import using_language

TEA = case("tea")


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "en")


def _rows(lang="zh", table=TEA.table, text_numbers=True):
    rows = [header(lang)]
    for month, values in table.rows:
        rows.append([month_text(month)] + [repr(values[key]) if text_numbers else values[key] for key in COLUMNS])
    return rows


def _csv(rows, delimiter=",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _same_as_tea(table) -> None:
    assert table.months == TEA.table.months
    assert table.figures(TEA.gross_margin) == pytest.approx(TEA.table.figures(TEA.gross_margin))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_in_every_encoding_reads_back(encoding, lang):
    _same_as_tea(readers.read_upload("figures.csv", _csv(_rows(lang)).encode(encoding)))


def test_gb18030_only_characters_in_a_title_row():
    # 𠮷 is in GB18030 but not in GBK: a GBK-only decoder would fail on this file.
    text = _csv([["𠮷祥小店 2024 月度数据"]] + _rows("zh"))
    _same_as_tea(readers.read_upload("figures.csv", text.encode("gb18030")))


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated(delimiter):
    _same_as_tea(readers.read_upload("figures.csv", _csv(_rows("en"), delimiter).encode("utf-8")))


def test_semicolons_with_grouped_thousands_in_quotes():
    rows = _rows("zh")
    for row in rows[1:]:
        row[9] = f"{float(row[9]):,.2f}"  # revenue as "156,179.57"
    _same_as_tea(readers.read_upload("figures.csv", _csv(rows, ";").encode("utf-8-sig")))


def test_xlsx_with_title_row_blank_rows_dates_and_numbers():
    rows = [["玉云茶 月度经营数据"], []] + _rows("zh", text_numbers=False)
    for row in rows[3:]:
        row[0] = dt.datetime.strptime(row[0], "%Y-%m")  # month cells as Excel dates
    rows.insert(8, [None] * len(rows[3]))  # a blank row between months
    _same_as_tea(readers.read_upload("figures.xlsx", _xlsx(rows)))


def test_xlsx_with_english_headers_and_wan_in_money_cells():
    rows = _rows("en")
    for row in rows[1:]:
        row[9] = f"{float(row[9]) / 10_000:.6f}万"
    table = readers.read_upload("figures.xlsx", _xlsx(rows))
    assert [values["revenue"] for _, values in table.rows] == pytest.approx(
        [values["revenue"] for _, values in TEA.table.rows])


def test_the_capstone_learner_file_layout_is_read():
    from importlib import resources

    data = resources.files("course_utils").joinpath("datafiles", "capstone_tea.csv").read_bytes()
    _same_as_tea(readers.read_upload("capstone_tea.csv", data))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filled_templates_read_back(kind, lang):
    last = TEA.table.months[-1]
    blank = template_csv(lang, last) if kind == "csv" else template_xlsx(lang, last)
    with pytest.raises(CourseInputError, match="at least 3 months"):
        readers.read_upload(f"template.{kind}", blank)  # a blank template has no months yet
    rows = _rows(lang)
    data = _csv(rows).encode("utf-8-sig") if kind == "csv" else _xlsx(rows)
    _same_as_tea(readers.read_upload(f"filled.{kind}", data))


def test_wrong_columns_are_named():
    rows = _rows("en")
    for row in rows:
        del row[COLUMNS.index("wecom_adds") + 1]
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", _csv(rows).encode())
    assert "Missing: WeCom adds." in str(error.value)  # by the template's header alone, not "(wecom_adds)"


def test_a_file_with_no_known_header_names_every_column():
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("orders.csv", b"order_id,amount\n1,20\n")
    text = str(error.value)
    assert "Missing: Month, Posts, Average views per post," in text and "order_id, amount" in text
    assert "Revenue (RMB), Live GMV (RMB)" in text and "(revenue)" not in text and "(month)" not in text


def test_the_missing_columns_are_listed_as_chinese_in_chinese():
    with using_language("zh"), pytest.raises(CourseInputError) as error:
        readers.read_upload("orders.csv", "订单号,金额\n1,20\n".encode("gbk"))
    text = str(error.value)
    assert "缺少：月份、视频数、平均每条视频播放量、" in text and "销售额（元）、直播成交额（元）" in text
    assert "找到的第一行：订单号、金额。" in text
    assert ", " not in text and "(" not in text and "month" not in text


def test_a_row_of_prose_found_instead_of_a_header_ends_the_message_with_one_full_stop():
    with using_language("zh"), pytest.raises(CourseInputError) as error:
        readers.read_upload("notes.csv", "这是我上个月的直播复盘笔记。\n第二行\n".encode("utf-8"))
    assert "找到的第一行：这是我上个月的直播复盘笔记。请下载" in str(error.value)
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("notes.csv", b"Notes from last month's live streams.\nline two\n")
    assert "The first row found: Notes from last month's live streams. Download" in str(error.value)


def test_oversized_file_is_refused_before_reading():
    data = b"x" * (readers.MAX_BYTES + 1)
    with pytest.raises(CourseInputError, match="2 MB"):
        readers.read_upload("big.csv", data)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_too_many_rows_are_refused(kind):
    rows = _rows("en")
    body = rows[1:]
    rows += [list(body[index % len(body)]) for index in range(readers.MAX_ROWS)]
    data = _csv(rows).encode() if kind == "csv" else _xlsx(rows)
    with pytest.raises(CourseInputError, match=f"at most {readers.MAX_ROWS}"):
        readers.read_upload(f"many.{kind}", data)


@pytest.mark.parametrize("data, words", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a spreadsheet"),
    (b"%PDF-1.7\n" + bytes(200), "not a spreadsheet"),
    (bytes(range(256)) * 4, "not a spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".xls"),
    ("月份,发帖数\n".encode("utf-16"), "not a spreadsheet"),
    (b"", "empty"),
    (b" \r\n", "empty"),
])
def test_files_that_are_not_spreadsheets_are_refused(data, words):
    with pytest.raises(CourseInputError, match=words):
        readers.read_upload("upload.csv", data)


@pytest.mark.parametrize("member, content, words", [
    ("word/document.xml", "<w/>", "not a spreadsheet"),           # a zip that is not a workbook
    ("xl/workbook.xml", "not xml at all", "could not be opened"),  # a damaged workbook
])
def test_zips_that_are_not_readable_workbooks_are_refused(member, content, words):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, content)
    with pytest.raises(CourseInputError, match=words):
        readers.read_upload("upload.xlsx", buffer.getvalue())


def test_an_xlsx_name_on_a_text_file_is_refused():
    with pytest.raises(CourseInputError, match="not a spreadsheet"):
        readers.read_upload("figures.xlsx", _csv(_rows("en")).encode())


def test_bad_cells_name_the_month_and_the_field():
    rows = _rows("en")
    rows[3][1] = "15万"          # posts in 2024-03: a count written with 万
    rows[5][9] = "lots"          # revenue in 2024-05
    rows[7][0] = "2024-13"       # not a month (spreadsheet row 8)
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", _csv(rows).encode())
    text = str(error.value)
    assert "2024-03 · Posts is a count" in text and "150,000" in text
    assert "2024-05 · Revenue (RMB) should be an amount in RMB" in text
    assert "Row 8:" in text and '"2024-13" is not a month' in text


def test_duplicate_months_and_impossible_rows_are_refused():
    rows = _rows("en")
    rows[2][0] = rows[1][0]
    rows[4][8] = str(float(rows[4][7]) + 1)  # more repeat customers than active customers
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", _csv(rows).encode())
    assert "The month 2024-01 appears 2 times" in str(error.value)
    assert "Repeat customers cannot be more than Active customers" in str(error.value)


@pytest.mark.parametrize("lang, words", [("en", "The month 2024-01 appears 4 times"), ("zh", "月份 2024-01 出现了 4 次")])
def test_a_month_in_four_rows_is_named_once_with_its_count(lang, words):
    rows = _rows("en")
    for row in rows[2:5]:
        row[0] = rows[1][0]
    with using_language(lang), pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", _csv(rows).encode())
    assert str(error.value).count("2024-01") == 1 and words in str(error.value)


def test_wecom_adds_without_new_followers_are_refused_not_scored_zero():
    rows = _rows("en")
    followers, adds = 1 + COLUMNS.index("new_followers"), 1 + COLUMNS.index("wecom_adds")
    for row in rows[-3:]:
        row[followers] = "0"
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", _csv(rows).encode())
    assert "WeCom adds but no new followers in the last 3 months" in str(error.value)
    for row in rows[-3:]:
        row[adds] = "0"  # nothing added and nothing followed: a rate of 0 is what happened
    assert readers.read_upload("figures.csv", _csv(rows).encode()).months == TEA.table.months


def test_every_alias_names_one_column():
    aliases = readers.header_aliases()
    for lang in ("zh", "en"):
        with using_language(lang):
            for key in ("month",) + COLUMNS:
                assert aliases[readers._normalise(column_label(key))] == key
    assert aliases[readers._normalise("营业额")] == "revenue" and aliases[readers._normalise("New fans")] == "new_followers"
    # The template's former Chinese headers: a file a merchant downloaded before they changed still reads.
    for name, key in (("发帖数", "posts"), ("平均每帖播放量", "avg_views_per_post"), ("新增关注", "new_followers")):
        assert aliases[readers._normalise(name)] == key


def test_template_headers_are_each_languages_column_names():
    assert header("zh")[:2] == ["月份", "视频数"] and header("en")[:2] == ["Month", "Posts"]
    assert len(set(header("zh"))) == len(COLUMNS) + 1


@pytest.mark.parametrize("typed, expected", [("150000", 150000), ("150,000", 150000), ("15万", 150000),
                                             ("RMB 1.2万", 12000), ("１５万", 150000), (150000.0, 150000)])
def test_money_is_read_as_merchants_write_it(typed, expected):
    assert parse_cell("revenue", typed) == expected


@pytest.mark.parametrize("typed, words", [("15万", "is a count"), ("12.5", "whole number"), ("-3", "negative"),
                                          ("12%", "not a percentage"), ("", "empty"), ("abc", "should be a number")])
def test_counts_refuse_what_is_not_a_count(typed, words):
    with pytest.raises(CourseInputError, match=words) as error:
        parse_cell("posts", typed, "2024-03")
    assert str(error.value).startswith("2024-03 · Posts")


def test_a_figure_that_is_no_number_gets_an_example_of_its_own_size():
    with pytest.raises(CourseInputError, match=r"such as 12 \(you typed \"ten\"\)"):
        parse_cell("posts", "ten", "2024-03")
    with pytest.raises(CourseInputError, match=r"such as 1200 \(you typed"):
        parse_cell("new_followers", "many", "2024-03")
    with pytest.raises(CourseInputError, match=r"amount in RMB, such as 150000"):
        parse_cell("revenue", float("inf"), "2024-03")  # money was asked for as a count


@pytest.mark.parametrize("typed", ["2024-03", "2024/3", "2024/03/01", "2024年3月", "2024.3", "Mar 2024",
                                   "March 2024", dt.date(2024, 3, 17), dt.datetime(2024, 3, 1, 0, 0)])
def test_months_in_common_spellings(typed):
    assert parse_month(typed) == dt.date(2024, 3, 1)


def test_an_unquoted_thousands_comma_in_a_csv_is_refused_not_misread():
    rows = _rows("en", text_numbers=False)
    text = _csv(rows).splitlines()
    # December's revenue written 169,259 without quotes: every cell after it shifts one column right.
    month, *cells = text[-1].split(",")
    revenue = COLUMNS.index("revenue")
    cells[revenue] = f"{int(float(cells[revenue])) // 1000},{int(float(cells[revenue])) % 1000:03d}"
    text[-1] = ",".join([month] + cells)
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", "\r\n".join(text).encode())
    assert f"Row {len(text)} has more cells than the header row" in str(error.value)


def test_the_last_three_months_must_follow_each_other():
    rows = _rows("en")
    del rows[-2]  # November missing: the last three rows are September, October and December
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", _csv(rows).encode())
    assert "months missing between them: 2024-11" in str(error.value)


@pytest.mark.parametrize("key, typed", [("posts", "1e12"), ("avg_views_per_post", "1e12"), ("wecom_adds", "1e12"),
                                        ("revenue", "1e12"), ("ad_spend", "2e10"), ("posts", "10001")])
def test_a_figure_no_business_reaches_in_a_month_is_questioned(key, typed):
    with pytest.raises(CourseInputError) as error:
        parse_cell(key, typed, "2024-12")
    assert "more than any one business does in a month" in str(error.value) and "2024-12" in str(error.value)


@pytest.mark.parametrize("key, typed", [("posts", "10000"), ("revenue", "9,000,000,000"), ("new_followers", "1e8")])
def test_large_figures_a_business_can_reach_are_read(key, typed):
    assert parse_cell(key, typed, "2024-12") == float(typed.replace(",", ""))


def test_a_cell_longer_than_the_csv_reader_takes_is_refused_by_its_reason():
    rows = _rows("en")
    rows[5][1] = "x" * 200_000
    with pytest.raises(CourseInputError, match="a cell far longer than any figure"):
        readers.read_upload("figures.csv", _csv(rows).encode())


def test_more_first_purchases_than_mini_program_visitors_is_explained():
    rows = _rows("en")
    first, visitors = 1 + COLUMNS.index("first_purchases"), 1 + COLUMNS.index("mini_program_visitors")
    active = 1 + COLUMNS.index("active_customers")
    for row in rows[-3:]:
        row[first] = str(float(row[visitors]) + 1)
        row[active] = str(max(float(row[active]), float(row[first])))  # only the visitors rule is broken
    with pytest.raises(CourseInputError) as error:
        readers.read_upload("figures.csv", _csv(rows).encode())
    assert "more first purchases than Mini Program visitors" in str(error.value)


@pytest.mark.parametrize("typed, share", [("35", 0.35), ("35%", 0.35), ("0.5%", 0.005), ("100", 1.0)])
def test_the_gross_margin_is_read_as_a_percentage(typed, share):
    from course_utils.app.fields import parse_percent

    assert parse_percent("gross_margin", typed) == pytest.approx(share)


def test_a_gross_margin_typed_as_a_fraction_is_questioned_not_read_as_a_third_of_a_percent():
    from course_utils.app.fields import parse_percent

    with pytest.raises(CourseInputError, match="did you mean 35%"):
        parse_percent("gross_margin", "0.35")


def test_the_capstone_lessons_chinese_column_names_are_understood():
    aliases = readers.header_aliases()
    for name, key in (("企业微信添加数", "wecom_adds"), ("首购数", "first_purchases"), ("广告花费", "ad_spend")):
        assert aliases[readers._normalise(name)] == key


@pytest.mark.parametrize("key, typed, quoted", [("posts", "1234567.5", '"1234567.5"'),
                                               ("posts", "150,000.50", '"150,000.50"'),
                                               ("revenue", "-1234567", '"-1234567"'),
                                               ("ad_spend", "(5000)", '"(5000)"'),
                                               ("posts", 1234567.5, '"1234567.5"')])  # a spreadsheet's number
def test_a_refused_number_is_quoted_as_typed(key, typed, quoted):
    with pytest.raises(CourseInputError) as error:
        parse_cell(key, typed, "2024-03")
    assert f"(you typed {quoted})" in str(error.value)


@pytest.mark.parametrize("typed, month", [("2026-12", dt.date(2026, 12, 1)), ("2026-11", dt.date(2026, 11, 1)),
                                          ("2024年3月", dt.date(2024, 3, 1))])
def test_the_last_month_is_any_month_that_has_begun(typed, month):
    assert parse_last_month(typed, dt.date(2026, 12, 2)) == month


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_an_empty_last_month_says_which_box_is_empty(typed):
    with pytest.raises(CourseInputError) as error:
        parse_last_month(typed, dt.date(2026, 12, 2))
    assert str(error.value) == "Last month is empty: type the last month you have figures for, such as 2026-11."


def test_a_last_month_still_to_come_is_refused():
    with pytest.raises(CourseInputError) as error:
        parse_last_month("2030-01", dt.date(2026, 12, 2))
    assert str(error.value) == "2030-01 has not come yet: type the last month you have figures for, such as 2026-11."


def test_an_accounting_negative_is_refused_as_negative_not_read_as_positive():
    with pytest.raises(CourseInputError, match="negative"):
        parse_cell("ad_spend", "(5000)", "2024-03")


def test_a_template_made_with_the_earlier_chinese_headers_still_reads():
    rows = _rows("zh")
    earlier = {"wecom_adds": "企业微信添加", "mini_program_visitors": "小程序访客", "first_purchases": "首购客户",
               "live_gmv": "直播GMV（元）", "ad_spend": "广告投放（元）"}
    rows[0] = [earlier.get(key, name) for key, name in zip(("month",) + COLUMNS, rows[0])]
    _same_as_tea(readers.read_upload("figures.csv", _csv(rows).encode("gbk")))


def test_the_chinese_readme_names_the_apps_columns_as_the_app_does():
    readme = (Path(__file__).resolve().parents[2] / "README.zh.md").read_text(encoding="utf-8")
    with using_language("zh"):
        names = [re.sub(r"（.*?）", "", column_label(key)) for key in COLUMNS]  # "销售额（元）": the unit aside
    assert [name for name in names if name not in readme] == []


def test_a_sheet_that_declares_a_million_rows_is_read_in_bounded_time_and_memory():
    """A 5 KB workbook can declare A1:XFD1048576, and openpyxl fills in every missing cell up to the declared
    size (about 137 GB here): at most SHEET_ROWS rows of SHEET_COLUMNS cells are read."""
    import resource
    import tracemalloc

    workbook = Workbook()
    workbook.active["A1"], workbook.active["A1048576"] = "month", "x"
    plain, packed = io.BytesIO(), io.BytesIO()
    workbook.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
            target.writestr(item.filename, data)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    tracemalloc.start()
    try:
        with pytest.raises(CourseInputError, match="columns do not match the template"):
            readers.read_upload("bomb.xlsx", packed.getvalue())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert resource.getrusage(resource.RUSAGE_SELF).ru_utime - before < 10  # seconds; unbounded, memory runs out first
    assert peak < 200 * 1024 * 1024  # bytes allocated at most at once


def test_a_header_cell_full_of_brackets_is_compared_in_linear_time():
    """The bracket pattern of the header comparison is quadratic in a cell's length; only its start is compared."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    with pytest.raises(CourseInputError, match="columns do not match the template"):
        readers.read_upload("brackets.csv", (("(" * 20_000 + "\n") * 10).encode())
    assert resource.getrusage(resource.RUSAGE_SELF).ru_utime - before < 5  # about a minute before
