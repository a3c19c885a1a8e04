"""The app without a browser: the page's widgets, the PDF's text, the upload folder's lifetime."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from apppage import TODAY, upload
from pypdf import PdfReader

from course_utils.app import report, results
from course_utils.app.fields import month_text
from course_utils.app.readers import MAX_BYTES
from course_utils.app.uploads import UploadFolder, safe_name
from course_utils.i18n import Translator, using_language
from course_utils.instructor import catalogues
from course_utils.models.diagnosis import SPECS, STAGES
from course_utils.models.diagnosis_labels import metric_short_name, stage_name
from course_utils.models.plan import action_text, campaign_text

_upload = upload


def test_the_tea_brand_is_diagnosed_on_opening(app):
    tea = results.case("tea")
    expected = results.run(tea.name, tea.table, tea.gross_margin, False, TODAY).diagnosis
    assert f'data-binding="{expected.binding}"' in app.result_box.value
    assert stage_name(expected.binding) in app.result_box.value and "瓶颈" in app.result_box.value
    assert "玉云茶" in app.result_box.value and not app.pdf_button.disabled


def test_language_switch_relabels_the_page_and_the_result(app):
    app.language.value = "en"
    assert "Jade Cloud Tea" in app.result_box.value and "Binding constraint" in app.result_box.value
    assert app.diagnose_button.description == "Diagnose"
    assert app.form.headers[1].value.count("Posts") == 1
    app.language.value = "zh"
    assert "瓶颈" in app.result_box.value and app.diagnose_button.description == "开始诊断"


def test_a_bad_figure_shows_its_field_and_month_not_a_traceback(app):
    month = month_text(app.form.months[2])
    app.form.boxes[2, "posts"].value = "15万"
    assert f"{month} · 视频数" in app.problems.value and "150,000" in app.problems.value
    app.form.boxes[2, "revenue"].value = "15万"   # money: read, no message
    assert "销售额" not in app.problems.value
    app.diagnose()
    assert "Traceback" not in app.result_box.value and "视频数" in app.result_box.value
    assert app.pdf_button.disabled
    app.form.boxes[2, "posts"].value = "40"
    assert app.problems.value == ""


def test_own_business_starts_blank_and_asks_for_its_figures(app):
    app.business.value = "own"
    assert app.result_box.value == "" and all(box.value == "" for box in app.form.boxes.values())
    assert app.uploads.templates.value.count("download=") == 4  # CSV and Excel, Chinese and English headers
    app.diagnose()
    assert "毛利率" in app.result_box.value and "至少需要 3 个月" in app.result_box.value


def test_an_upload_fills_the_form_and_is_diagnosed(app):
    kidswear = results.case("kidswear")
    lines = ["month,posts,avg_views_per_post,new_followers,wecom_adds,mini_program_visitors,first_purchases,"
             "active_customers,repeat_customers,revenue,live_gmv,ad_spend,coupon_cost"]
    for month, values in kidswear.table.rows:
        lines.append(",".join([month_text(month)] + [repr(values[key]) for key in lines[0].split(",")[1:]]))
    _upload(app, "小芽.csv", "\n".join(lines).encode("gbk"))
    assert app.business.value == "own" and "12" in app.uploads.status.value
    assert app.form.boxes[11, "posts"].value == f"{kidswear.table.rows[-1][1]['posts']:.0f}"
    app.margin.value = f"{kidswear.gross_margin * 100:g}"
    app.diagnose()
    binding = results.case_diagnosis("kidswear").binding
    assert f'data-binding="{binding}"' in app.result_box.value
    saved = list(app.folder.path.iterdir())
    assert [path.name for path in saved] == [safe_name("小芽.csv")] and app.uploads.button.value == ()


def test_a_refused_upload_says_why_and_keeps_the_page(app):
    before = app.result_box.value
    _upload(app, "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert "photo.png" in app.uploads.status.value and "不是表格" in app.uploads.status.value
    _upload(app, "big.csv", b"1" * (MAX_BYTES + 1))
    assert "2 MB" in app.uploads.status.value
    assert app.result_box.value == before


def test_a_file_no_reader_foresaw_is_refused_by_its_own_name(app, monkeypatch):
    from course_utils.app import readers

    _upload(app, "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))  # an earlier refusal, naming its file

    def broken(filename, data):
        raise RuntimeError("a reader's own failure")

    monkeypatch.setattr(readers, "read_upload", broken)
    before = app.result_box.value
    _upload(app, "odd.csv", b"month,posts\n")
    status = app.uploads.status.value
    assert "odd.csv" in status and "photo.png" not in status and "月度数据表" in status
    assert app.result_box.value == before


def test_the_pdf_holds_name_figures_stage_plan_date_and_note(app):
    app.make_pdf()
    assert 'download="生意问诊-玉云茶-2026-12-02.pdf"' in app.pdf_link.value
    result = app.result
    data = report.report_pdf(result, app.chart_png)
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4: 210 mm
    assert "玉云茶" in text and TODAY.isoformat() in text
    assert stage_name(STAGES[result.diagnosis.maturity_stage - 1]) in text
    assert result.plan.actions[1].action[:12] in text.replace("\n", "")
    assert "基准仅作示意" in text and "169,259" in text  # the benchmark note and December's revenue
    # A case business says on its first page that its figures are made up; the margin has its unit once.
    first = reader.pages[0].extract_text().replace("\n", "")
    assert "其数据均为本课程生成的合成数据" in first and "毛利率：58.0%" in text and "（%）：" not in text


def test_the_pdf_of_the_merchants_own_figures_does_not_call_them_synthetic(app):
    table = app.result.table
    app.business.value = "own"
    app.name.value, app.margin.value = "街口茶铺", "58"
    app.form.fill(table)
    app.diagnose_button.click()
    html = report.report_html(app.result, app.chart_png)
    assert app.result.name == "街口茶铺" and "其数据均为本课程生成的合成数据" not in html and "毛利率：58.0%" in html


def test_upload_folder_is_private_and_removed_when_closed():
    folder = UploadFolder()
    path = folder.save("../../etc/passwd", b"x")
    assert path.parent == folder.path and path.name == "passwd"
    folder.close()
    assert not folder.path.exists() and folder.closed


def test_upload_folder_is_removed_when_the_kernel_shuts_down():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    code = ("from course_utils.app.uploads import UploadFolder\n"
            "folder = UploadFolder(); folder.save('a.csv', b'month')\n"
            "print(folder.path)")
    printed: list[dict] = []
    reply = client.execute_interactive(code, timeout=60, output_hook=printed.append)
    assert reply["content"]["status"] == "ok"
    path = Path(next(m["content"]["text"] for m in printed if m["msg_type"] == "stream").strip())
    assert (path / "a.csv").is_file()
    client.stop_channels()
    manager.shutdown_kernel(now=False)  # the way Voilà ends a visitor's kernel: a shutdown request
    assert not path.exists()


def test_the_app_notebook_is_one_short_cell():
    notebook = json.loads((Path(__file__).resolve().parents[2] / "app" / "diagnosis.ipynb").read_text("utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert len(code) == 1 and "DiagnosisApp()" in "".join(code[0]["source"])
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_chinese_strings_fall_back_to_english_message_by_message(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh")
    assert Translator("app").gettext("Diagnose") == "开始诊断"
    assert Translator("app").gettext("No such message") == "No such message"
    assert Translator("no-such-domain").gettext("Synthetic data") == "Synthetic data"  # no Chinese file at all


def test_every_message_the_app_shows_is_in_chinese():
    """All of the app's own messages but the server's (for the person who starts it), and the lesson's names it uses."""
    package = Path(catalogues.__file__).resolve().parents[1]
    untranslated = [message.id for message in catalogues.read_catalogue(package / "locale/zh/LC_MESSAGES/app.po", "zh")
                    if message.id and not message.string
                    and {path for path, _ in message.locations} != {"course_utils/app/server.py"}]
    assert untranslated == []
    with using_language("zh"):
        names = ([stage_name(stage) for stage in STAGES] + [metric_short_name(key) for key in SPECS]
                 + [action_text(key) for key in SPECS] + [campaign_text(key) for key in ("618", "childrens_day")])
    with using_language("en"):
        english = ([stage_name(stage) for stage in STAGES] + [metric_short_name(key) for key in SPECS]
                   + [action_text(key) for key in SPECS] + [campaign_text(key) for key in ("618", "childrens_day")])
    assert [zh for zh, en in zip(names, english) if zh == en] == []


def test_a_business_at_benchmark_everywhere_is_told_so_plainly():
    # Every metric at or above its benchmark: the diagnosis stands and says so, with no binding constraint,
    # no weakest metric and no plan (the plan builder refuses a stage with nothing below benchmark).
    healthy = dict(posts=20, avg_views_per_post=3000, new_followers=500, wecom_adds=200, mini_program_visitors=1500,
                   first_purchases=120, active_customers=800, repeat_customers=300, revenue=150_000,
                   live_gmv=50_000, ad_spend=10_000, coupon_cost=5_000)
    result = results.run("好店", _months(healthy), 0.5, False, TODAY)
    assert result.diagnosis.loop_closed and all(metric.meets for metric in result.diagnosis.metrics)
    assert result.plan is None and results.plan_rows(result) == [] and results.plan_line(result) == ""
    with using_language("zh"):
        html = report.result_html(result, b"")
    assert "每个指标都已达到或高于基准" in html and "没有差距" in html
    assert "瓶颈" not in html and "最弱" not in html and "<h3>90天计划</h3>" not in html and "app-plan" not in html
    assert 'class="binding"' not in html  # no stage is marked as holding the business back
    with using_language("en"):
        html = report.result_html(result, b"")
    assert "Every metric is at or above its benchmark" in html
    for words in ("Binding constraint", "Weakest metric", "The 90-day plan", "stretches"):
        assert words not in html


def test_a_closed_loop_with_a_metric_below_benchmark_names_that_metric_and_plans_for_it():
    # Posts below benchmark, but views per post carry the content stage above 1: the loop is closed.
    figures = dict(posts=10, avg_views_per_post=6000, new_followers=500, wecom_adds=200, mini_program_visitors=1500,
                   first_purchases=120, active_customers=800, repeat_customers=300, revenue=150_000,
                   live_gmv=50_000, ad_spend=10_000, coupon_cost=5_000)
    result = results.run("好店", _months(figures), 0.5, False, TODAY)
    assert result.diagnosis.loop_closed and result.plan is not None and result.plan.focus == "content"
    with using_language("en"):
        html = report.result_html(result, b"")
        name = metric_short_name("posts_per_month")
    assert f"Furthest below its benchmark: {name} is 10 against a benchmark of 12" in html
    assert "Binding constraint" not in html and "Weakest metric there" not in html
    assert "The 90-day plan" in html and "focus: " in html


def _months(values: dict):
    from course_utils.app.fields import MonthlyTable

    return MonthlyTable(tuple((dt.date(2026, month, 1), dict(values)) for month in (9, 10, 11)))


def test_an_unexpected_error_reaches_the_merchant_as_a_sentence_without_its_name(app, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("internal detail")

    monkeypatch.setattr(results, "run", broken)
    app.diagnose_button.click()
    assert "ValueError" not in app.result_box.value and "internal detail" not in app.result_box.value
    assert "出了点问题" in app.result_box.value


def test_the_page_explains_each_column_in_the_visitors_language(app):
    from course_utils.app.fields import COLUMNS, column_label, column_meaning

    with using_language("zh"):
        chinese = [(column_label(key), column_meaning(key)) for key in ("month", *COLUMNS)]
    assert "<details" in app.guide.value and "各列的含义" in app.guide.value
    for label, meaning in chinese:
        assert f'<th scope="row">{label}</th><td>{meaning}</td>' in app.guide.value
    # Each ratio the diagnosis divides is spelled out beside the columns it uses.
    assert "复购占比 = 复购客户 ÷ 活跃客户" in app.guide.value
    app.language.value = "en"
    assert "What each column means" in app.guide.value and '<th scope="row">Active customers</th>' in app.guide.value
    assert "Repeat share = repeat customers ÷ active customers" in app.guide.value and "各列" not in app.guide.value
