"""The page's behaviour without a browser: the result always matches the form, every message follows the
language switch, the month and the margin are checked, the widgets carry no stray labels."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from apppage import upload, widget_tree

from course_utils.app import readers, report, results, server
from course_utils.app.fields import COLUMNS, month_text
from course_utils.app.template_files import header
from course_utils.i18n import using_language
from course_utils.instructor import catalogues

EDITS = {
    "name": lambda app: setattr(app.name, "value", "新名字茶铺"),
    "margin": lambda app: setattr(app.margin, "value", "20"),
    "last month": lambda app: setattr(app.last_month, "value", "2024-11"),
    "audience": lambda app: setattr(app.family, "value", not app.family.value),
    "a figure": lambda app: setattr(app.form.boxes[11, "wecom_adds"], "value", "4000"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=list(EDITS))
def test_any_edit_after_a_diagnosis_turns_the_result_and_the_pdf_off(app, edit):
    app.make_pdf()
    assert app.result is not None and not app.pdf_button.disabled and app.pdf_link.value
    edit(app)
    assert app.result is None and app.pdf_button.disabled and app.pdf_link.value == ""
    assert '<section class="app-result"' not in app.result_box.value
    assert "数字有改动" in app.result_box.value and "开始诊断" in app.result_box.value
    app.make_pdf()  # what a click on a button the page had not yet turned off would do
    assert app.pdf_link.value == ""
    app.diagnose_button.click()
    assert '<section class="app-result"' in app.result_box.value and not app.pdf_button.disabled


def test_the_pdf_after_an_edit_and_a_new_diagnosis_prints_the_new_name_and_figures(app):
    app.name.value = "新名字茶铺"
    app.form.boxes[11, "wecom_adds"].value = "4000"
    app.diagnose_button.click()
    app.pdf_button.click()
    assert 'download="生意问诊-新名字茶铺-2026-12-02.pdf"' in app.pdf_link.value
    assert app.result.table.rows[-1][1]["wecom_adds"] == 4000


def test_a_look_at_a_case_business_keeps_what_the_merchant_typed_for_their_own(app):
    app.business.value = "own"
    app.name.value, app.margin.value, app.family.value = "街口茶铺", "0.35", True
    app.form.boxes[11, "posts"].value = "12"
    app.form.boxes[10, "revenue"].value = "十万"  # a slip stays a slip, still listed
    typed = app.form.entries()
    app.business.value = "kidswear"
    assert app.name.value != "街口茶铺" and '<section class="app-result"' in app.result_box.value
    app.language.value = "en"
    app.business.value = "own"
    assert (app.name.value, app.margin.value, app.family.value) == ("街口茶铺", "0.35", True)
    assert app.form.entries() == typed and (10, "revenue") in app.form.problems
    assert "35%" in app.problems.value  # the margin's question is asked again, in the page's language now
    assert app.result is None and app.pdf_button.disabled


def test_a_new_last_month_under_typed_figures_says_the_rows_have_moved_until_they_agree_again(app):
    app.business.value = "own"
    app.last_month.value = "2026-06"  # nothing typed yet: the months simply change
    assert app.form.note.value == ""
    app.form.boxes[11, "posts"].value = "12"
    app.last_month.value = "2026-03"
    note = app.form.note.value
    assert "2025-04 至 2026-03" in note and "仍留在原来的行里" in note
    assert app.form.boxes[11, "posts"].value == "12" and month_text(app.form.months[11]) == "2026-03"
    app.last_month.value = "2026-02"  # moved again: the range follows
    assert "2025-03 至 2026-02" in app.form.note.value
    app.language.value = "en"
    assert "The rows now run from 2025-03 to 2026-02" in app.form.note.value and "至" not in app.form.note.value
    app.last_month.value = "2026-06"  # back to the months the figure was typed for
    assert app.form.note.value == ""
    app.last_month.value = "2026-01"
    assert app.form.note.value != ""
    app.business.value = "tea"  # a case's figures are filled in for its own months
    assert app.form.note.value == ""
    app.business.value = "own"  # back: the figure is still in its row, under the month it was not typed for
    assert "from 2025-02 to 2026-01" in app.form.note.value and app.form.boxes[11, "posts"].value == "12"
    app.last_month.value = "2026-06"
    assert app.form.note.value == ""
    app.last_month.value = "2026-02"
    app.form.boxes[11, "posts"].value = ""  # every figure erased: nothing is under the wrong month
    assert app.form.note.value == ""


def test_a_slip_in_a_case_businesss_box_is_not_listed_over_the_merchants_own_business(app):
    app.margin.value = "abc"
    assert "abc" in app.problems.value
    app.business.value = "own"  # a new own business: its margin box is empty, nothing to check yet
    assert app.margin.value == "" and "abc" not in app.problems.value


def test_typing_after_the_result_is_marked_changes_nothing_more(app):
    app.form.boxes[11, "posts"].value = "1"
    marked = app.result_box.value
    app.form.boxes[11, "posts"].value = "12"
    assert app.result_box.value == marked and app.pdf_button.disabled


def test_a_language_switch_redraws_the_results_messages_and_the_upload_status(app):
    app.business.value = "own"
    app.diagnose()
    upload(app, "notes.csv", "订单号,金额\n1,20\n".encode("gbk"))
    assert "毛利率" in app.result_box.value and "无法使用 notes.csv" in app.uploads.status.value
    app.language.value = "en"
    assert "Gross margin (%) is empty" in app.result_box.value and "毛利率" not in app.result_box.value
    status = app.uploads.status.value
    assert "Could not use notes.csv" in status and "Missing: Month, Posts" in status and "缺少" not in status
    app.language.value = "zh"
    assert "毛利率" in app.result_box.value and "缺少：月份、视频数" in app.uploads.status.value


def test_a_language_switch_redraws_a_files_read_status_and_the_changed_figures_note(app):
    rows = [header("en")] + [[month_text(month)] + [repr(values[key]) for key in COLUMNS]
                             for month, values in results.case("kidswear").table.rows]
    upload(app, "kids.csv", "\n".join(",".join(row) for row in rows).encode())
    assert "已读取 kids.csv" in app.uploads.status.value
    app.margin.value = "40"  # an edit after the upload's diagnosis
    assert "数字有改动" in app.result_box.value
    app.language.value = "en"
    assert "Read kids.csv: 12 months" in app.uploads.status.value
    assert "The figures have changed" in app.result_box.value and app.pdf_button.disabled


def test_a_file_over_the_limit_sent_without_its_bytes_is_refused_by_its_size(app):
    before = app.result_box.value
    upload(app, "huge.csv", b"", size=12 * 1024 * 1024)  # what the page sends for a 12 MB file
    assert "12.6 MB" in app.uploads.status.value and "最多接受 2 MB" in app.uploads.status.value
    assert list(app.folder.path.iterdir()) == [] and app.result_box.value == before
    app.language.value = "en"
    assert "The file is 12.6 MB; files up to 2 MB are accepted" in app.uploads.status.value


def test_the_pages_upload_guard_keeps_back_exactly_the_files_the_app_refuses():
    page = (server.template_root() / "voila" / "templates" / "course-app" / "index.html.j2").read_text("utf-8")
    assert f"var UPLOAD_LIMIT = {readers.MAX_BYTES};" in page
    assert "FileReader.prototype.readAsArrayBuffer" in page  # what the upload widget reads a file with


@pytest.mark.parametrize("typed, words", [("abc", "“abc”不是月份"), ("2030-01", "2030-01 还没有到")])
def test_a_bad_last_month_is_listed_and_blocks_the_diagnosis(app, typed, words):
    app.last_month.value = typed
    assert words in app.problems.value
    app.diagnose_button.click()
    assert words in app.result_box.value and '<section class="app-result"' not in app.result_box.value
    assert app.result is None and app.pdf_button.disabled
    assert month_text(app.form.months[-1]) == "2024-12"  # the grid keeps the months it had


def test_an_uploaded_file_whose_last_month_is_to_come_is_not_diagnosed(app):
    tea = results.case("tea")
    rows = [header("en")] + [[f"{month.year + 6}-{month.month:02d}"] + [repr(values[key]) for key in COLUMNS]
                             for month, values in tea.table.rows]  # 2030
    upload(app, "later.csv", "\n".join(",".join(row) for row in rows).encode())
    assert "2030-12 还没有到" in app.result_box.value and app.result is None and app.pdf_button.disabled


def test_marketing_costing_more_than_the_margin_is_a_warning_and_the_scores_stay(app):
    tea = results.case("tea")
    app.margin.value = "5"
    app.diagnose_button.click()
    assert 'class="app-warning"' in app.result_box.value and "每卖一单都在亏钱" in app.result_box.value
    assert app.result.diagnosis.scores == results.case_diagnosis("tea").scores
    cost = app.result.diagnosis.figures["marketing_cost_ratio"]
    assert 0.05 < cost < tea.gross_margin
    app.margin.value = f"{tea.gross_margin * 100:g}"
    app.diagnose_button.click()
    assert "app-warning" not in app.result_box.value
    left = f"{tea.gross_margin - cost:.1%}"
    assert f"= 销售额的 {left}，每月约" in app.result_box.value
    assert "不影响各项得分" in app.details.margin_hint.value  # the page says what the margin is for


def test_a_long_name_is_refused_with_the_largest_length_allowed(app):
    app.name.value = "x" * 60
    assert app.problems.value == ""
    app.language.value = "en"
    app.name.value = "x" * 61
    assert "61 characters long; please keep it to at most 60." in app.problems.value


def test_no_widget_label_has_an_unset_tooltip_and_the_upload_button_is_labelled_by_its_own(app):
    # An unset tooltip reaches the page as title="null" on the widget's label.
    unset = [type(widget).__name__ for widget in widget_tree(app.widget)
             if isinstance(widget, widgets.widget_description.DescriptionWidget) and widget.tooltip is None]
    assert unset == []
    assert app.uploads.button.tooltip == app.uploads.button.description == "上传 CSV 或 Excel"
    app.language.value = "en"
    assert app.uploads.button.tooltip == "Upload CSV or Excel"
    assert app.family.layout.width == "auto"  # the English label is wider than the checkbox's default box


# Placeholders that stand for a name or a label (not a number): Chinese around them takes no space.
LABELS = ("field", "metric", "small", "large", "business", "stage", "focus")
CHINESE = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”]"


def test_chinese_messages_put_no_space_between_words_and_labels():
    path = Path(catalogues.__file__).resolve().parents[1] / "locale" / "zh" / "LC_MESSAGES" / "app.po"
    spaced = []
    for message in catalogues.read_catalogue(path, "zh"):
        text = message.string if isinstance(message.string, str) else " ".join(message.string)
        for label in LABELS:
            text = text.replace("{%s}" % label, "标签")
        if re.search(f"标签 +{CHINESE}|{CHINESE} +标签", text):
            spaced.append(message.string)
    assert spaced == []


def test_a_chinese_cell_problem_reads_as_one_sentence(app):
    app.form.boxes[11, "posts"].value = "-3"
    assert "2024-12 · 视频数不能为负数（你填写的是“-3”）。" in app.problems.value


def test_the_page_shows_plainly_a_business_at_benchmark(app):
    healthy = dict(posts="20", avg_views_per_post="3000", new_followers="500", wecom_adds="200",
                   mini_program_visitors="1500", first_purchases="120", active_customers="800",
                   repeat_customers="300", revenue="150000", live_gmv="50000", ad_spend="10000", coupon_cost="5000")
    app.business.value = "own"
    app.margin.value = "50"
    for row in (9, 10, 11):
        for key, value in healthy.items():
            app.form.boxes[row, key].value = value
    app.diagnose_button.click()
    html = app.result_box.value
    assert "每个指标都已达到或高于基准" in html and "瓶颈" not in html and "最弱" not in html
    assert not app.pdf_button.disabled
    with using_language("zh"):
        pdf_html = report.report_html(app.result, app.chart_png)
    assert "每个指标都已达到或高于基准" in pdf_html and "瓶颈" not in pdf_html
