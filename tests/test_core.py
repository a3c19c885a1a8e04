"""The library core: messages, validation, exhibits and explorers."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.exhibit import exhibit, figure_png, new_figure, smallest_text, table_exhibit
from course_utils.explorer import Explorer
from course_utils.i18n import Translator


def test_message_is_formatted():
    assert Translator("common").gettext("{name} is a rate and should lie between 0 and 1 (0% to 100%); got {value}.", name="conversion", value=2) == (
        "conversion is a rate and should lie between 0 and 1 (0% to 100%); got 2.")


@pytest.mark.parametrize("expected", validate.EXPECTED)
def test_each_wrong_type_is_a_whole_sentence_naming_the_argument(expected):
    error = validate.wrong_type("thing", "list", expected)
    text = str(error)
    assert error.argument == "thing" and text.startswith("thing should be ") and text.endswith("; got list.")
    assert "{" not in text.replace('{"', "")  # every placeholder filled; a dict example keeps its braces


def test_an_unknown_expected_kind_is_a_programming_error():
    with pytest.raises(KeyError, match="number"):
        validate.wrong_type("thing", "list", "a number")


def test_flag_takes_bools_and_numpy_bools_only():
    import numpy as np

    assert validate.flag("available", np.bool_(True)) is True
    with pytest.raises(CourseInputError, match="available should be True or False; got int."):
        validate.flag("available", 1)


def test_not_a_column_names_two_examples_and_what_was_given():
    assert str(validate.not_a_column("by", 3, "sessions", ("host", "theme"))) == (
        'by should name a column of sessions, such as "host" or "theme"; got int.')


@pytest.mark.parametrize("value", ["12", None, [1], float("nan"), float("inf"), True])
def test_number_rejects_non_numbers_naming_the_argument(value):
    with pytest.raises(CourseInputError) as info:
        validate.number("visitors", value)
    assert info.value.argument == "visitors"
    assert "visitors" in str(info.value)


def test_rate_and_whole_bounds():
    assert validate.rate("conversion", 1) == 1.0
    with pytest.raises(CourseInputError, match="between 0 and 1"):
        validate.rate("conversion", 1.01)
    with pytest.raises(CourseInputError, match="whole number"):
        validate.whole("months", 2.5)
    with pytest.raises(CourseInputError, match="more than 0"):
        validate.positive("price", 0)


def test_frame_checks_emptiness_and_columns():
    import pandas as pd

    with pytest.raises(CourseInputError, match="empty"):
        validate.frame("orders", pd.DataFrame({"a": []}))
    with pytest.raises(CourseInputError, match="customer_id"):
        validate.frame("orders", pd.DataFrame({"a": [1]}), ["customer_id"])
    with pytest.raises(CourseInputError, match="DataFrame"):
        validate.frame("orders", [1, 2])


def _line_chart(slope=1.0):
    slope = validate.positive("slope", slope)
    fig, ax = new_figure()
    ax.plot([0, 1], [0, slope])
    return fig, f"<p>slope {slope}</p>"


def test_exhibit_bundle_has_caption_source_and_synthetic_label():
    fig, _ = _line_chart()
    bundle, metadata = exhibit(fig, "2.3", "Reach", "Course model", synthetic=True)._repr_mimebundle_()
    assert "Exhibit 2.3 — Reach" in bundle["text/html"]
    assert "synthetic data" in bundle["text/plain"].lower()
    assert bundle["image/png"]
    assert metadata["course_utils"]["exhibit"] == "2.3"


def test_the_html_caption_reads_as_the_plain_one_and_escapes_the_source():
    from course_utils.exhibit import Exhibit

    for synthetic in (False, True):
        shown = Exhibit(number="1.2", title="T", source="A & <b>", synthetic=synthetic)
        html = shown.caption_html("details")
        assert "A &amp; &lt;b&gt;" in html and "<b>" not in html
        assert ('<span class="exhibit-synthetic">; <em>synthetic data generated for this course</em></span>' in html) == synthetic
        assert shown.caption_text().splitlines()[-1] == "Source: A & <b>" + (
            "; synthetic data generated for this course" if synthetic else "")


def test_exhibit_number_is_checked():
    fig, _ = _line_chart()
    with pytest.raises(CourseInputError, match="2.3"):
        exhibit(fig, "two", "Reach", "Course model")


def test_table_exhibit_is_plain_html():
    import pandas as pd

    shown = table_exhibit(pd.DataFrame({"x": [0.123]}), "1.1", "T", "S", kinds={"x": "percent:0"})
    bundle, _ = shown._repr_mimebundle_()
    assert "12%" in bundle["text/html"] and "12%" in bundle["text/plain"]


def test_table_exhibit_prints_declared_kinds_under_declared_labels():
    import pandas as pd

    from course_utils.exhibit import declare

    frame = declare(pd.DataFrame({"rate": [0.1234, float("nan")], "sales": [12345.0, 5.0], "name": ["a", "b"]}),
                    {"rate": "percent", "sales": "rmb"}, {"rate": "Repurchase rate"})
    html = table_exhibit(frame[["rate", "sales", "name"]], "1.1", "T", "S").table_html
    assert "<th>Repurchase rate</th>" in html and "<th>rate</th>" not in html
    assert "12.3%" in html and "RMB 12,345" in html and "—" in html
    overridden = table_exhibit(frame, "1.1", "T", "S", kinds={"rate": "percent:0"}).table_html
    assert "12%" in overridden and "12.3%" not in overridden


@pytest.mark.parametrize("kinds", [{"x": "percentage"}, {"x": "percent:one"}, {"y": "percent"}])
def test_table_exhibit_refuses_an_unknown_kind_or_column(kinds):
    import pandas as pd

    with pytest.raises(CourseInputError):
        table_exhibit(pd.DataFrame({"x": [0.5]}), "1.1", "T", "S", kinds=kinds)


def test_no_lesson_formats_a_table_by_hand():
    import nbformat

    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "lessons").glob("*.ipynb")) + sorted((root / "solutions").glob("*.ipynb")):
        sources = [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
        assert not any("formats=" in source for source in sources), path.name


def test_explorer_static_form_and_kind_error():
    slider = widgets.FloatSlider(value=2.0, min=-1, max=3, description="slope")
    explorer = Explorer(_line_chart, {"slope": slider}, number="1.4", title="Slope", source="Course model")
    bundle, metadata = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "slope = 2.0" in bundle["text/plain"]
    assert "slope 2.0" in bundle["text/html"]
    assert metadata["course_utils"]["explorer"] is True
    slider.value = -1
    assert "slope should be more than 0" in explorer.message
    slider.value = 1
    assert explorer.message == ""


def _course_yaml_files() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    found = [path for folder in ("book", "src/course_utils", "tests", ".ci") if (root / folder).is_dir()
             for path in sorted((root / folder).rglob("*.y*ml"))]
    return [path for path in found if not {"_build", "_cache", "__pycache__"} & set(path.parts)]


def test_yaml_is_read_as_pyyaml_reads_it():
    """The C parser (where PyYAML has it) gives the data the pure-Python one gives, on every
    YAML file of the course; an invalid file fails with the line it is on."""
    import yaml

    from course_utils.yamlfile import load_yaml

    files = _course_yaml_files()
    assert len(files) >= 20
    checked = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            expected = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
        except yaml.YAMLError:
            with pytest.raises(yaml.YAMLError):  # a deliberately broken test fixture: broken both ways
                load_yaml(text)
            continue
        assert load_yaml(text) == expected, path
        checked += 1
    assert checked >= 20
    with pytest.raises(yaml.YAMLError, match="line 2"):
        load_yaml("questions:\n  - {id: a, text: \"one\"\n")


def test_the_smallest_text_of_a_chart_counts_its_tick_labels_and_annotations():
    import matplotlib

    from course_utils.style import apply_style

    with matplotlib.rc_context():
        apply_style()
        fig, ax = new_figure()
        ax.plot([0, 1], [0, 1])
        ax.set_title("A title")
        figure_png(fig)  # tick labels exist once the chart is drawn
        assert smallest_text(fig) == 9.0  # the style's tick labels, not the 12-point title
        ax.annotate("a note", (0.5, 0.5), fontsize=7)
        ax.annotate("   ", (0.2, 0.2), fontsize=5)  # nothing shows: not counted
        assert smallest_text(fig) == 7.0
    made = exhibit(fig, "1.1", "A chart", "Course model")
    assert made._repr_mimebundle_()[1]["course_utils"]["smallest_text"] == 7.0


def test_a_charts_labels_print_typographic_quotes_and_dashes():
    import matplotlib
    from matplotlib.text import Text

    from course_utils.style import apply_style

    with matplotlib.rc_context():  # the course's style (Chinese in its CJK face) for this chart only
        apply_style()
        fig, ax = new_figure()
        ax.set_title("Tencent's growth")
        ax.annotate('"全鹅厂的希望"', (0.5, 0.5))
        ax.plot([0, 1], [0, 1], label="Channels' betweenness")
        ax.legend()
        ax.set_yticks([0, 1], ["creators' posts", 'the "Double" target'])
        ax.set_xticks([0, 1], ["16-30 s", "2020-01-22"])
        ax.annotate("-7,920", (0.2, 0.2))
        twin = ax.twinx()
        twin.plot([0, 1], [-2, 2])  # ticks from matplotlib's own formatter
        figure_png(fig)
        ticks = [label.get_text() for label in twin.get_yticklabels()]
    texts = [text.get_text() for text in fig.findobj(Text) if text.get_text()]
    assert "Tencent’s growth" in texts and "“全鹅厂的希望”" in texts and "Channels’ betweenness" in texts
    assert "creators’ posts" in texts and "the “Double” target" in texts
    assert not [text for text in texts if "'" in text or '"' in text]
    # A range takes an en dash and a negative number the minus sign; a date keeps its hyphens.
    assert "16–30 s" in texts and "2020-01-22" in texts and "−7,920" in texts and "-7,920" not in texts
    assert any(tick.startswith("−") for tick in ticks) and not any(tick.startswith("-") for tick in ticks)
