"""Lesson 1 explorers: default states, responses to the controls, kind messages."""

from __future__ import annotations

import pytest

from course_utils.explorers.content import feed_explorer, flywheel_explorer


@pytest.fixture(scope="module")
def flywheel():
    return flywheel_explorer("1.2")


@pytest.fixture(scope="module")
def feed():
    return feed_explorer("1.5")


def test_default_states_are_captioned_synthetic_exhibits(flywheel, feed):
    for explorer, number in ((flywheel, "1.2"), (feed, "1.5")):
        bundle, metadata = explorer._repr_mimebundle_()
        assert metadata["course_utils"] == {"exhibit": number, "synthetic": True, "explorer": True, "smallest_text": 9.0}
        assert f"Exhibit {number}" in bundle["text/html"]
        assert "synthetic data" in bundle["text/plain"].lower()
        assert bundle["image/png"]
        assert "application/vnd.jupyter.widget-view+json" in bundle


def test_flywheel_summary_reports_the_model(flywheel):
    from course_utils.models.supply import flywheel as run

    creators = run(1.0, 0.8)["creators"][-1]
    assert f"{creators:,.0f}" in flywheel.static().summary_html


def test_moving_cost_changes_the_figure_and_summary():
    explorer = flywheel_explorer("1.2")
    before = explorer._summary.value
    explorer.controls["cost"].value = 4.0
    assert explorer.message == ""
    assert explorer._summary.value != before
    assert "4 h per post" not in before


def test_feed_summary_follows_the_weight():
    explorer = feed_explorer("1.5")
    explorer.controls["social_weight"].value = 1.0
    assert "social weight 1.00" in explorer._summary.value
    assert explorer.message == ""


def test_bad_settings_raise_kind_errors_the_explorer_can_show():
    from course_utils.errors import CourseInputError
    from course_utils.explorers.content import render_feed, render_flywheel

    with pytest.raises(CourseInputError) as info:
        render_flywheel(cost=-1.0)
    assert info.value.argument == "cost"
    with pytest.raises(CourseInputError) as info:
        render_feed(social_weight=1.5)
    assert info.value.argument == "social_weight"


def test_explorer_shows_the_message_and_keeps_the_figure():
    from course_utils.explorers.content import render_flywheel

    explorer = flywheel_explorer("1.2")
    shown = explorer._image.value
    explorer.render = lambda **values: render_flywheel(**{**values, "template_quality": 3.0})
    explorer.controls["cost"].value = 2.0
    assert "template_quality" in explorer.message
    assert explorer._image.value == shown


def test_flywheel_creator_axis_prints_counts_with_thousands_separators():
    from course_utils.explorers.content import render_flywheel

    fig, _summary = render_flywheel(1.0, 0.8)
    ticks = [fig.axes[0].yaxis.get_major_formatter()(value, 0) for value in (5_000, 30_000)]
    assert ticks == ["5,000", "30,000"]


def test_feed_metrics_have_their_display_names():
    from course_utils.explorers.content import FEED_METRICS, metric_label
    assert [metric_label(metric) for metric in FEED_METRICS + ("dwell_s",)] == [
        "Reach", "Cold-start reach", "Relevance", "Diversity", "Dwell time (s)"]
