"""Every explorer as a learner meets it: a live caption, a readable static caption, message boxes."""

from __future__ import annotations

import html as html_module
import re

import ipywidgets as widgets
import pytest

from course_utils.datasets import load
from course_utils.exhibit import exhibit_label, source_line
from course_utils.explorer import Explorer
from course_utils.explorers import commerce, content, diagnosis, hub, tour
from course_utils.i18n import Translator
from course_utils.style import apply_style

# The explorers as the lessons call them.
FACTORIES = {
    "0.2": lambda: tour.timeline_explorer(load("milestones"), "0.2"),
    "1.2": lambda: content.flywheel_explorer("1.2"),
    "2.3": lambda: hub.network_explorer("2.3"),
    "2.5": lambda: hub.funnel_explorer("2.5"),
    "3.4": lambda: commerce.pnl_explorer("3.4"),
    "3.5": lambda: commerce.uplift_explorer("3.5"),
    "3.8": lambda: commerce.flash_sale_explorer("3.8"),
    "4.3": lambda: diagnosis.diagnosis_explorer("4.3", business="kidswear"),
    "4.4": lambda: diagnosis.own_figures_explorer("4.4"),
    "4.5": lambda: diagnosis.plan_explorer("4.5"),
}
PYTHON_REPRS = re.compile(r"\(\)|\[\]|\{\}|\('|\['|datetime\.|Timestamp\(|^None$| = None\b")


@pytest.fixture(scope="module", autouse=True)
def _course_style():
    apply_style()


@pytest.fixture(scope="module", params=sorted(FACTORIES))
def explorer(request) -> Explorer:
    return FACTORIES[request.param]()


def _shown_html(widget) -> list[str]:
    """The HTML of every HTML widget the learner sees inside ``widget``, top to bottom."""
    if isinstance(widget, widgets.HTML):
        return [widget.value]
    return [html for child in getattr(widget, "children", ()) for html in _shown_html(child)]


def _text(html: str) -> str:
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))).strip()


def test_the_live_explorer_shows_its_number_title_source_and_synthetic_label(explorer):
    meta = explorer.meta
    shown = [_text(html) for html in _shown_html(explorer.widget)]
    title = exhibit_label(meta["number"], meta["title"])
    assert shown[0] == title   # the caption's first line heads the live explorer
    details = shown[-1]         # note and source close it, as in the printed figure
    assert source_line(meta["source"], meta["synthetic"]) in details
    assert ("synthetic data generated for this course" in details) == meta["synthetic"]
    if meta["note"]:
        assert meta["note"] in details


def test_the_static_and_the_live_caption_come_from_one_template(explorer):
    static = explorer.static()
    assert explorer._title.value == static.caption_html("title")
    live_details = explorer._caption.value
    for line in re.findall(r'<div class="exhibit-caption-line"[^>]*>.*?</div>', live_details):
        assert line in static.html()


def test_the_static_caption_puts_each_piece_on_its_own_line_and_reads_its_settings(explorer):
    bundle, _ = explorer._repr_mimebundle_()
    lines = [line for line in re.findall(r'<div class="exhibit-caption-line"[^>]*>(.*?)</div>', bundle["text/html"])]
    texts = [_text(line) for line in lines]
    assert texts[0].startswith(f"Exhibit {explorer.meta['number']} — ")
    assert texts[-1].startswith("Source: ")
    settings = next(text for text in texts if text.startswith("Interactive explorer, shown at its default settings:"))
    assert not PYTHON_REPRS.search(settings), settings
    plain = bundle["text/plain"].splitlines()
    assert plain[0] == texts[0] and plain[-1] == texts[-1]


def test_an_empty_choice_prints_as_none_and_an_option_by_its_label():
    explorer = hub.network_explorer("2.3")
    settings = explorer.static().settings
    assert f"{Translator('hub').gettext('Links off')} = {Translator('common').gettext('none')}" in settings
    assert f"{Translator('hub').gettext('Network as of')} = Jan 2020" in settings
    plan = diagnosis.plan_explorer("4.5").static().settings
    assert f"{Translator('diagnosis').gettext('Work on')} = binding constraint" in plan
    assert "7 Apr 2025" in plan and "2025-04-07" not in plan


def test_a_bad_setting_shows_a_message_box_headed_by_the_control_it_names():
    explorer = diagnosis.own_figures_explorer("4.4")
    explorer.controls["views_per_post"].value = "-5"
    box = explorer.message
    assert 'class="course-warning"' in box and 'role="alert"' in box
    heading = re.search(r'class="course-warning-heading"[^>]*>(.*?)</div>', box).group(1)
    assert explorer.controls["views_per_post"].description in heading
    assert "This combination of settings" not in box
    assert Translator("common").gettext("The chart below still shows the last settings that worked.") in box


def test_a_message_about_no_single_control_still_reads_as_a_message():
    explorer = commerce.uplift_explorer("3.5")
    explorer.controls["discount"].value = explorer.controls["margin"].value
    box = explorer.message
    assert 'class="course-warning"' in box
    assert _text(box).startswith(Translator("common").gettext("These settings cannot be computed")) or "Check" in _text(box)
