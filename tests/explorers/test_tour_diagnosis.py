"""Lesson 0 and Lesson 4 explorers: defaults, recomputation, kind messages, HTML reports."""

from __future__ import annotations

import pytest

from course_utils.datasets import load
from course_utils.errors import CourseInputError
from course_utils.explorers import diagnosis as dx
from course_utils.explorers import tour


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
    assert metadata["course_utils"] == {"exhibit": "0.2", "synthetic": False, "explorer": True}
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


def test_growth_table_reads_percent_literally():
    table = tour.growth_table(load("reported_growth"))
    row = table[table["as reported"] == "+400 %"].iloc[0]
    assert row["read literally"].startswith("5×")


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
    assert words in explorer.message and dx.label(field).split(" (")[0] in explorer.message
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
    shown = dx.show_plan(plan, result)
    assert "plan-table" in shown._repr_html_() and "90-day plan" in repr(shown)
