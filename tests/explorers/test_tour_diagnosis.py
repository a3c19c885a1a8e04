"""Lesson 0 and Lesson 4 explorers: defaults, recomputation, kind messages, HTML reports."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from course_utils.book.exhibits import png_size
from course_utils.datasets import load
from course_utils.errors import CourseInputError
from course_utils.explorers import diagnosis as dx
from course_utils.figures import diagnosis_report
from course_utils.explorers import tour
from course_utils.figures import tour as tour_figures


@pytest.fixture(scope="module", autouse=True)
def _course_style():
    from course_utils.style import apply_style

    apply_style()   # the CJK font, as in the lessons


@pytest.fixture(scope="module")
def milestones():
    return load("milestones")


def test_timeline_explorer_default_is_a_captioned_exhibit(milestones):
    explorer = tour.timeline_explorer(milestones, "0.2", when="2021-12-31")
    bundle, metadata = explorer._repr_mimebundle_()
    assert metadata["course_utils"] == {"exhibit": "0.2", "synthetic": False, "explorer": True, "smallest_text": 9.0}
    assert "Exhibit 0.2" in bundle["text/plain"] and bundle["image/png"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_timeline_summary_follows_the_date_and_stage(milestones):
    explorer = tour.timeline_explorer(milestones, "0.2", when="2020-06-30")
    early = explorer._summary.value
    explorer.controls["when"].value = "2024-12-31"
    late = explorer._summary.value
    assert early != late and explorer.message == ""
    explorer.controls["stage"].value = "hub"
    assert "0 ecosystem-hub" not in explorer._summary.value


def test_timeline_explorer_can_open_on_one_stage(milestones):
    everything = tour.timeline_explorer(milestones, "0.2", when="2021-12-31")
    commerce = tour.timeline_explorer(milestones, "0.2", when="2021-12-31", stage="commerce")
    assert commerce.controls["stage"].value == "commerce" and commerce.message == ""
    assert "stage = " in commerce.static().settings.lower()
    assert commerce._summary.value != everything._summary.value
    # One stage's rows only: a shorter chart than all three stages'.
    assert png_size(bytes(commerce._image.value))[1] < png_size(bytes(everything._image.value))[1]


def test_growth_table_reads_percent_literally():
    table = tour_figures.growth_table(load("reported_growth"))
    row = table[table["As reported"] == "+400%"].iloc[0]
    assert row["Read literally"].startswith("5×")


def test_timeline_title_names_the_date_in_one_sentence(milestones):
    fig = tour_figures.timeline_figure(milestones, "2021-12-31")
    assert fig.axes[0].get_title().endswith(", as of 31 Dec 2021")
    legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert tour_figures.stage_label("hub") in legend and tour_figures.confidence_label("M-H") in legend


def test_growth_bars_keep_the_reported_qualifier():
    """A lower bound stays a lower bound on the chart: "more than +244 %" is not drawn as a flat 3.44×."""
    fig = tour_figures.growth_figure(load("reported_growth"))
    labels = {text.get_text() for text in fig.axes[0].texts}
    assert any(label.startswith("more than 3.44×") for label in labels), labels
    assert any(label.startswith("nearly 3×") for label in labels), labels
    assert any(label.startswith("5×") for label in labels), labels


@pytest.mark.parametrize("lang, name", [("en", "Channels orders, 2023"), ("zh", "视频号订单量（2023年）")])
def test_growth_bars_are_named_in_the_course_language(lang, name):
    from course_utils.i18n import using_language

    with using_language(lang):
        fig = tour_figures.growth_figure(load("reported_growth"))
    names = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert name in names, names
    if lang == "zh":  # the Chinese chart once named its bars in English
        assert all(re.search(r"[\u4e00-\u9fff]", label) for label in names), names


def test_case_figures_name_the_business_and_reject_unknown_ones():
    figures, name = dx.case_figures("kidswear")
    assert "Kidswear" in name and 0 <= figures["repeat_share"] <= 1
    with pytest.raises(CourseInputError) as info:
        dx.case_figures("shoes")
    assert info.value.argument == "business"


@pytest.mark.parametrize("business, binding", [("tea", "private_domain"), ("kidswear", "content"),
                                                ("bakery", "monetisation")])
def test_each_case_business_binds_where_its_profile_says(business, binding):
    assert dx.diagnosis_model(business).binding == binding


def test_stage_change_slider_can_move_the_binding_constraint():
    base = dx.diagnosis_model("tea")
    better = dx.diagnosis_model("tea", private_domain=1.0, content=-0.8)
    assert better.scores["private_domain"] > base.scores["private_domain"]
    assert better.scores["content"] < base.scores["content"]
    assert better.binding == "content" != base.binding


def test_adjust_keeps_shares_at_most_one_and_divides_costs():
    figures, _ = dx.case_figures("bakery")
    adjusted = dx.adjust(figures, private_domain=1.0, monetisation=1.0)
    assert adjusted["repeat_share"] <= 1.0
    assert adjusted["marketing_cost_ratio"] == pytest.approx(figures["marketing_cost_ratio"] / 2)


def test_diagnosis_explorer_redraws_and_reports():
    explorer = dx.diagnosis_explorer("4.3")
    before = explorer._summary.value
    explorer.controls["business"].value = "bakery"
    assert explorer.message == "" and explorer._summary.value != before
    assert "Monetisation" in explorer._summary.value


@pytest.mark.parametrize("field, typed, words", [
    ("wecom_rate", "120", "between 0 and 100"),
    ("first_purchase_rate", "lots", "number of percent"),
    ("posts_per_month", "-4", "cannot be negative"),
    ("monthly_revenue", "abc", "should be a number"),
    ("gross_margin", "nan", "finite"),
])
def test_own_figures_bad_entry_gets_a_kind_message_naming_the_field(field, typed, words):
    explorer = dx.own_figures_explorer("4.4")
    good_png = explorer._image.value
    explorer.controls[field].value = typed
    assert words in explorer.message and dx.entry_label(field) in explorer.message
    assert explorer._image.value == good_png   # the last good chart stays
    explorer.controls[field].value = dx.OWN_DEFAULTS[field]
    assert explorer.message == ""


def test_own_figures_accept_percent_signs_and_thousands_commas():
    assert dx.parse_entry("wecom_rate", " 12.5% ") == pytest.approx(0.125)
    assert dx.parse_entry("monthly_revenue", "150,000") == 150000


def test_plan_explorer_shows_campaigns_only_when_the_calendar_fits():
    explorer = dx.plan_explorer("4.5", business="kidswear")
    assert "618" in explorer._summary.value and "Children" in explorer._summary.value
    explorer.controls["start"].value = dx.PLAN_STARTS[-1]
    assert "618" not in explorer._summary.value and "No campaign date" in explorer._summary.value


def test_plan_model_binding_focus_beats_stages_already_at_benchmark():
    plan, result, paths = dx.plan_model("tea", 0.5, "binding", dx.PLAN_STARTS[0])
    assert plan.focus == result.binding == "private_domain"
    gains = {stage: path[-1] - path[0] for stage, path in paths.items()}
    assert max(gains, key=gains.get) == "private_domain"


def test_reports_render_through_templates_and_escape_text():
    figures, _ = dx.case_figures("tea")
    result = dx.diagnose(figures, "<b>Tea</b>")
    html = dx.report_html(result)
    assert "&lt;b&gt;Tea&lt;/b&gt;" in html and "<b>Tea</b>" not in html
    assert 'class="diagnosis-table"' in html and "teaching assumptions" in html
    plan = dx.draft_plan(result, ambition=0.5)
    shown = diagnosis_report.show_plan(plan, result)
    assert "plan-table" in shown._repr_html_() and "90-day plan" in repr(shown)


def test_a_course_case_report_and_plan_say_the_figures_are_synthetic_and_a_real_business_does_not():
    figures, name = dx.case_figures("tea")
    result = dx.diagnose(figures, name)
    plan = dx.draft_plan(result, ambition=0.5)
    label = "synthetic, generated for this course"
    for shown in (diagnosis_report.show_report(result, synthetic=True), diagnosis_report.show_plan(plan, result, synthetic=True)):
        assert label in shown._repr_html_()
    for shown in (diagnosis_report.show_report(result), diagnosis_report.show_plan(plan, result)):
        assert label not in shown._repr_html_()


# Another valid entry for every field of explorer 4.4: each must change what the learner sees.
OTHER_ENTRIES = dict(posts_per_month="20", views_per_post="5000", wecom_rate="35", first_purchase_rate="3",
                     repeat_share="40", live_gmv_share="30", marketing_cost_ratio="12",
                     monthly_revenue="20万", gross_margin="35")


@pytest.mark.parametrize("field", sorted(OTHER_ENTRIES))
def test_every_own_figures_control_changes_the_output(field):
    assert set(OTHER_ENTRIES) == set(dx.FIGURES)   # the explorer has one control per figure
    explorer = dx.own_figures_explorer("4.4")
    before = (explorer._image.value, explorer._summary.value)
    explorer.controls[field].value = OTHER_ENTRIES[field]
    assert explorer.message == ""
    assert (explorer._image.value, explorer._summary.value) != before


def test_revenue_and_margin_set_the_contribution_line():
    explorer = dx.own_figures_explorer("4.4")
    assert "RMB 48,000 ≈ revenue RMB 150,000" in explorer._summary.value   # 150,000 × (50 % − 18 %)
    explorer.controls["gross_margin"].value = "40"
    assert "RMB 33,000 ≈ revenue RMB 150,000" in explorer._summary.value


@pytest.mark.parametrize("field, typed, meant", [("posts_per_month", "15万", "150,000"),
                                                 ("views_per_post", "2k", "2,000")])
def test_a_scale_word_in_a_count_is_questioned_by_name(field, typed, meant):
    explorer = dx.own_figures_explorer("4.4")
    explorer.controls[field].value = typed
    box = explorer.message
    assert "course-warning" in box and dx.figure_label(field) in box and meant in box
    assert explorer.controls[field].description in box   # the heading names the field as shown
    with pytest.raises(CourseInputError) as info:
        dx.parse_entry(field, typed)
    assert info.value.argument == field


def test_a_scale_word_in_money_is_read():
    assert dx.parse_entry("monthly_revenue", "15万") == 150_000


def test_own_figures_report_explains_a_maturity_stage_that_differs_from_the_binding_constraint():
    explorer = dx.own_figures_explorer("4.4")   # defaults: content below benchmark, monetisation furthest below
    assert "Maturity stage 1" in explorer._summary.value
    assert "Why two different stages?" in explorer._summary.value
    tea = dx.diagnosis_model("tea")               # stage 2 and bound there: nothing to explain
    assert diagnosis_report.stage_vs_binding(tea) == ""


@pytest.mark.parametrize("business", dx.BUSINESSES)
def test_plan_explorer_at_every_setting_moves_every_row_or_says_why_not(business):
    explorer = dx.plan_explorer("4.5", business=business)
    ambition = explorer.controls["ambition"]
    for focus in [value for _label, value in explorer.controls["focus"].options]:
        for level in (ambition.min, ambition.max):
            for start in dx.PLAN_STARTS:
                try:
                    plan, result, _paths = dx.plan_model(business, level / 100, focus, start)
                except CourseInputError as error:
                    assert error.argument == "focus" and focus != "binding"
                    continue
                for action in plan.actions:
                    assert action.target != action.baseline and action.why, (focus, level, start, action)
                    assert action.baseline == plan.baseline[action.metric]
    explorer.controls["focus"].value = "content"
    shown = explorer._summary.value
    assert explorer.message == "" and ("plan-table" in shown or "No plan for this choice" in shown)


def test_plan_table_prints_every_baseline_and_target_differently():
    for business in dx.BUSINESSES:
        plan, result, _paths = dx.plan_model(business, 0.1, "binding", dx.PLAN_STARTS[0])
        html = dx.plan_html(plan, result)
        rows = re.findall(r"<tr[^>]*>\s*<td>.*?</tr>", html, re.S)
        assert len(rows) == len(plan.actions)
        for row in rows:
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            assert cells[3] != cells[4] and cells[5], cells


def test_views_per_post_print_as_whole_numbers():
    table = diagnosis_report.benchmark_table({"kidswear": dx.case_figures("kidswear")[0]})
    views = table.iloc[1]["kidswear"]
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", views), views


def test_timeline_axis_ends_with_the_data_and_prints_every_event_in_full(milestones):
    from matplotlib.dates import num2date

    fig = tour_figures.timeline_figure(milestones, "2021-12-31")
    ax = fig.axes[0]
    right = num2date(ax.get_xlim()[1])
    assert right.year == milestones["date"].max().year
    printed = {" ".join(text.get_text().split()) for text in ax.texts}
    assert {" ".join(event.split()) for event in milestones["event"]} <= printed
    later = milestones.assign(date=milestones["date"].where(milestones.index != 0, pd.Timestamp("2026-03-01")))
    assert num2date(tour_figures.timeline_figure(later).axes[0].get_xlim()[1]).year == 2026


def test_timeline_slider_runs_to_the_end_of_the_data(milestones):
    explorer = tour.timeline_explorer(milestones, "0.2", when="2021-12-31")
    slider = explorer.controls["when"]
    assert slider.options[-1][1] == f"{milestones['date'].max().year}-12-31"
    assert 0 < slider.index < len(slider.options) - 1   # room to move either way


def test_own_figures_default_settings_print_with_thousands_separators():
    settings = dx.own_figures_explorer("4.4").static().settings
    assert "Views per post = 2,000" in settings and "Monthly revenue = 150,000" in settings, settings


def test_stage_score_labels_stay_readable_across_the_benchmark_line():
    """The default own business scores 0.90: its label crosses the dashed line at 1.0 unless it has a ground."""
    from course_utils.models.diagnosis import diagnose
    from course_utils.figures.diagnosis import diagnosis_figure

    fig = diagnosis_figure(diagnose(dx.own_figures(dx.OWN_DEFAULTS), "Your business"))
    labels = [text for text in fig.axes[0].texts if text.get_text().startswith("0.90")]
    assert labels and all(label.get_bbox_patch() is not None for label in labels)
    assert labels[0].get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert labels[0].get_zorder() > fig.axes[0].lines[0].get_zorder()


def test_projection_prints_each_end_value_once():
    """For the tea brand, working on content or on monetisation changes nothing: both lines end at today's
    contribution, and that number is printed once, not twice on top of itself."""
    from course_utils.figures.diagnosis import projection_figure

    paths = {"content": [117_434.0, 117_434.0], "private_domain": [117_434.0, 300_108.0],
             "monetisation": [117_434.0, 117_434.0]}
    fig = projection_figure(paths, "private_domain", "Test")
    labels = [text.get_text() for text in fig.axes[0].texts]
    assert sorted(labels) == ["117,434", "300,108"]
    assert len(fig.axes[0].get_legend().get_texts()) == 3


def test_two_plans_with_one_path_both_show_and_their_shared_end_is_in_ink():
    """Working on content or on monetisation gave the tea brand the same line: the second, dashed over
    the first, hid it, and the end label took the hidden line's colour. Both colours now show along it."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgb

    from course_utils.figures.diagnosis import COLOURS, projection_figure
    from course_utils.style import PALETTE

    paths = {"content": [117_434.0] * 13, "private_domain": [117_434.0 + 15_000 * week for week in range(13)],
             "monetisation": [117_434.0] * 13}
    fig = projection_figure(paths, "private_domain", "Test")
    ax = fig.axes[0]
    shared = [text for text in ax.texts if text.get_text() == "117,434"]
    assert len(shared) == 1 and to_rgb(shared[0].get_color()) == to_rgb(PALETTE[7])
    canvas = FigureCanvasAgg(fig)  # the whole figure, uncropped, so its pixels sit where transData says
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    height = pixels.shape[0]
    (x0, y), (x1, _) = ax.transData.transform([(1, 117_434.0), (11, 117_434.0)])
    row = pixels[int(round(height - y)) - 1: int(round(height - y)) + 2, int(x0):int(x1)].reshape(-1, 3)

    def seen(colour: str) -> int:
        return int((np.abs(row - np.array(to_rgb(colour)) * 255).sum(axis=1) < 60).sum())

    assert seen(COLOURS["content"]) > 20 and seen(COLOURS["monetisation"]) > 20


def test_timeline_summary_sets_its_two_chinese_sentences_without_a_space(milestones):
    from course_utils.i18n import using_language

    with using_language("zh"):
        summary = tour_figures.timeline_summary(milestones, "2021-12-31")
    assert "商业闭环阶段 3 个。最新（" in summary and "。 " not in summary
    english = tour_figures.timeline_summary(milestones, "2021-12-31")
    assert "3 commerce milestones recorded. Latest (" in english
