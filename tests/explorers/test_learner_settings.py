"""Odd settings a learner tries: typed figures in every form, and bad starting values for a factory."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.errors import CourseInputError
from course_utils.explorers import commerce, content, hub, tour
from course_utils.explorers import diagnosis as dx
from course_utils.i18n import Translator


@pytest.fixture(scope="module", autouse=True)
def style():
    from course_utils.style import apply_style

    apply_style()  # the CJK font, as in the lessons


@pytest.mark.parametrize("typed, expected", [("RMB 150,000", 150000.0), ("¥150000", 150000.0), ("15万", 150000.0),
                                             ("150 000", 150000.0), ("1.5E+05", 150000.0), ("１５００００", 150000.0)])
def test_revenue_typed_as_people_write_money(typed, expected):
    assert dx.parse_entry("monthly_revenue", typed) == expected


@settings(max_examples=150, deadline=None, derandomize=True)
@given(value=st.integers(min_value=1, max_value=10**9))
def test_revenue_with_thousands_separators_reads_back(value):
    assert dx.parse_entry("monthly_revenue", f"{value:,}") == value


@pytest.mark.parametrize("key, typed, words", [
    ("monthly_revenue", "0", "is 0"), ("monthly_revenue", "", "is empty"), ("posts_per_month", "12%", "% sign"),
    ("wecom_rate", "12,5", "decimals with a point"), ("views_per_post", "1/2", "as a decimal"),
    ("gross_margin", "−5", "between 0 and 100"), ("views_per_post", "−5", "cannot be negative"),
    ("wecom_rate", "150%", "between 0 and 100"), ("gross_margin", "inf", "finite"),
    ("marketing_cost_ratio", "¥150,000", "not an amount of money"), ("wecom_rate", "RMB 20", "not an amount")])
def test_bad_typed_figures_name_the_field_and_the_fix(key, typed, words):
    with pytest.raises(CourseInputError) as caught:
        dx.parse_entry(key, typed)
    assert words in str(caught.value) and caught.value.argument == key
    assert dx.entry_label(key) in str(caught.value) and key not in str(caught.value)


def test_own_figures_explorer_shows_the_zero_revenue_message_not_a_variable_name():
    explorer = dx.own_figures_explorer("4.4")
    explorer.controls["monthly_revenue"].value = "0"
    assert "Monthly revenue" in explorer.message and "monthly_revenue" not in explorer.message


@pytest.mark.parametrize("factory, kwargs, argument", [
    (content.flywheel_explorer, {"cost": -1}, "cost"),
    (content.flywheel_explorer, {"template_quality": "high"}, "template_quality"),
    (content.feed_explorer, {"feed_size": 100}, "feed_size"),
    (commerce.pnl_explorer, {"conversion": 1.5}, "conversion"),
    (commerce.flash_sale_explorer, {"units": "x"}, "units"),
    (hub.funnel_explorer, {"rates": "high"}, "rates"),
    (hub.funnel_explorer, {"rates": {"follow": 2}}, "follow"),
    (hub.network_explorer, {"as_of": "yesterday"}, "as_of"),
    (dx.own_figures_explorer, {"number": "4.4", "entries": {"profit": "5"}}, "entries"),
    (dx.own_figures_explorer, {"number": "4.4", "entries": "x"}, "entries"),
])
def test_factory_starting_values_are_checked_before_the_sliders(factory, kwargs, argument):
    # A slider would clamp -1 to its minimum without a word, or fail with a widget TraitError.
    with pytest.raises(CourseInputError) as caught:
        factory(**kwargs)
    assert caught.value.argument == argument and argument in str(caught.value)


@pytest.mark.parametrize("factory", [dx.diagnosis_explorer, dx.plan_explorer])
def test_an_unknown_case_business_lists_the_cases(factory):
    with pytest.raises(CourseInputError, match="tea, kidswear, bakery"):
        factory("4.3", business="coffee")


def test_timeline_with_an_unreadable_date():
    from course_utils.datasets import load

    with pytest.raises(CourseInputError) as caught:
        tour.timeline_explorer(load("milestones"), "0.2", when="someday")
    assert caught.value.argument == "when"


def test_timeline_with_an_unknown_stage_lists_the_stages():
    from course_utils.datasets import load

    with pytest.raises(CourseInputError, match="content") as caught:
        tour.timeline_explorer(load("milestones"), "0.2", stage="shop")
    assert caught.value.argument == "stage"


def test_discount_above_the_margin_is_described_as_at_least_as_large():
    text = Translator("commerce").gettext("discount ({discount}) is at least as large as the margin ({margin}): "
                                          "every unit then earns nothing or loses money, so no rise in volume can "
                                          "break even. Choose a discount below the margin.", discount="60%", margin="5%")
    assert "at least as large as the margin (5%)" in text
