"""Learner checks: right, wrong, partial, stub, raising and missing answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_utils.exercises import tasks, written
from course_utils.exercises.checks import check
from course_utils.exercises.result import Result
from course_utils.i18n import using_language

REPO = Path(__file__).resolve().parents[2]


def customer_rate(orders):
    per_customer = orders.groupby("customer_id").size()
    return float((per_customer > 1).mean())


def order_rate_as_customer_rate(orders):  # a common mistake: the other definition
    return customer_rate(orders)


def test_right_answer_passes_every_public_case_without_claiming_more():
    result = check("02.2", customer_rate)
    assert result.status == "passed" and result.passed == result.total == 2
    assert "further checks" in result.text()


def test_wrong_definition_gets_a_specific_hint_not_the_answer():
    result = check("02.3", order_rate_as_customer_rate)
    assert result.status == "partial"
    assert "customer-based rate" in result.text()
    assert "0.4286" not in result.text() and "3/7" not in result.text()


def test_stub_is_not_attempted_not_a_traceback():
    def stub(orders):
        raise NotImplementedError("not attempted yet")

    result = check("02.2", stub)
    assert result.status == "not_attempted"
    assert "not attempted yet" in result.text()


def test_raising_code_is_summarised_in_one_line():
    def broken(orders):
        return orders["customer"].nunique()

    result = check("02.2", broken)
    assert result.status == "failed"
    assert all(line.count("\n") == 0 for line in result.wrong)
    assert "KeyError" in result.wrong[0]


def test_partial_credit_on_hours():
    def by_total(posts, n=3, min_posts=20):
        counts = posts.groupby("hour").size()
        totals = posts.groupby("hour")["completion_rate"].sum()[counts >= min_posts]
        return [int(h) for h in totals.sort_values(ascending=False).index[:n]]

    result = check("01.3", by_total)
    assert result.status == "partial" and (result.passed, result.total) == (4, 5)
    assert "total" in result.wrong[0]


def test_hours_with_few_posts_must_be_left_out():
    def every_hour(posts, n=3, min_posts=20):  # ranks by the mean but ignores min_posts
        return [int(h) for h in posts.groupby("hour")["completion_rate"].mean().sort_values(ascending=False).index[:n]]

    result = check("01.3", every_hour)
    assert result.status == "partial" and result.passed == 3
    assert "single post" in result.wrong[0] and "default value 20" in result.wrong[1]


def test_uplift_and_gmv_mistakes_are_named():
    assert "divides the discount by the margin" in check("03.3", lambda m, d: d / m).text()
    swapped = check("03.3", lambda d, m: float("inf") if d >= m else d / (m - d))  # the lesson's order reversed
    assert swapped.status == "partial" and "margin comes first" in swapped.wrong[0]
    assert check("03.1", lambda v, c, a: v * c * a).status == "passed"
    assert check("03.1", lambda v, c, a: "lots").wrong[0].endswith("got a str.")


def test_averaged_monthly_rates_are_caught():
    def averaged(monthly):
        views = monthly["posts"] * monthly["avg_views_per_post"]
        return {"follow_rate": (monthly["new_followers"] / views).mean(),
                "wecom_rate": (monthly["wecom_adds"] / monthly["new_followers"]).mean(),
                "repeat_share": (monthly["repeat_customers"] / monthly["active_customers"]).mean(),
                "aov": (monthly["revenue"] / monthly["orders"]).mean()}

    result = check("04.1", averaged)
    assert result.passed == 1 and "average of monthly rates" in result.wrong[0]


def test_missing_name_and_unknown_task_are_kind():
    assert check("02.1").status == "not_attempted"
    unknown = check("9.9")
    assert unknown.status == "unknown" and "02.1" in unknown.note and "no such task" in unknown.text()
    assert "this task asks for a function" in check("02.1", 42).wrong[0]


def test_every_task_has_public_cases_or_is_written():
    for task_id in tasks.ids():
        spec = tasks.task(task_id)
        assert (spec.kind == "written" and spec.rubric_points) or len(spec.public_cases()) >= 2, task_id


def test_written_check_reads_the_saved_notebook(tmp_path, monkeypatch):
    spec = tasks.task("02.4")
    cell = {"cell_type": "markdown", "metadata": {"course": {"task": "02.4", "answer": True}}, "source": ""}
    path = tmp_path / spec.notebook
    monkeypatch.chdir(tmp_path)
    assert check("02.4").status == "not_attempted"  # not saved yet
    for text, status in [("<!-- x -->", "not_attempted"), ("Too short to count.", "written"),
                         ("word " * 70, "written")]:
        cell["source"] = text
        path.write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
        result = check("02.4")
        assert result.status == status
    assert result.wrong == [] and "70 words" in result.right[0]
    assert written.word_count("视频号 is a hub") == 6


@pytest.mark.parametrize("cells, said", [
    ([], "answer cell is missing"),  # deleted, the answer written in a cell of its own
    (["*Write your answer here, in place of this line (then save the notebook).*"], "still holds the prompt"),
    (["   "], "answer cell is empty"),
    (["<!-- BEGIN ANSWER -->\n<!-- END ANSWER -->"], "answer cell is empty"),
    (["。。。！！！？？？……"], "no words yet, only punctuation"),
    (["Yes."], "your answer has 1 word; aim for at least"),
])
def test_a_written_check_says_what_is_wrong_with_an_answer(tmp_path, monkeypatch, cells, said):
    spec = tasks.task("02.4")
    answer = [{"cell_type": "markdown", "metadata": {"course": {"task": "02.4", "answer": True}}, "source": text}
              for text in cells]
    other = {"cell_type": "markdown", "metadata": {}, "source": "My answer is in this cell instead."}
    monkeypatch.chdir(tmp_path)
    (tmp_path / spec.notebook).write_text(json.dumps({"cells": answer + [other]}), encoding="utf-8")
    assert said in check("02.4").text()


def test_a_chinese_answer_is_asked_for_characters_not_english_words(tmp_path, monkeypatch):
    """60 words of English say about what 100 Chinese characters say: a 80-character answer is short."""
    spec = tasks.task("02.4")
    cell = {"cell_type": "markdown", "metadata": {"course": {"task": "02.4", "answer": True}}, "source": ""}
    monkeypatch.chdir(tmp_path)
    for characters, short in [(80, True), (110, False)]:
        cell["source"] = "复" * characters
        (tmp_path / spec.notebook).write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
        with using_language("zh"):
            result = check("02.4")
        assert bool(result.wrong) is short
        assert ("100 字" in result.wrong[0]) if short else (f"{characters} 字" in result.right[0])


def _markdown_cells(folder: str):
    """The markdown cells of the solution notebooks in ``folder`` (solutions/ or solutions/zh/), in order."""
    import nbformat

    for path in sorted((REPO / folder).glob("0*.ipynb")):
        yield from (cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("language, folder, asked", [
    ("en", "solutions", r"(\d+) to (\d+) words"),
    ("zh", "solutions/zh", r"(\d+) 到 (\d+) 字"),
])
def test_written_prompts_ask_for_the_length_the_check_counts(language, folder, asked):
    from course_utils.exercises.utils import task_id

    lower = {}
    for cell in _markdown_cells(folder):
        found = re.search(asked, cell.source)
        if found and task_id(cell):
            lower[task_id(cell)] = int(found.group(1))
    written_tasks = {spec.id: spec for spec in map(tasks.task, tasks.ids()) if spec.kind == "written"}
    assert set(lower) == set(written_tasks)
    for task_id_, spec in written_tasks.items():
        assert lower[task_id_] == written.minimum_length(spec.min_words, language), task_id_


def test_capstone_benchmarks_are_the_lessons():
    """Task 4.2 must not teach a second benchmark for a metric the lesson's diagnosis already has."""
    import nbformat

    from course_utils.exercises import diagnosis as lesson04
    from course_utils.exercises.utils import task_id
    from course_utils.models.diagnosis import SPECS

    path = REPO / "solutions" / "04-capstone-diagnosis.ipynb"
    cell = next(c for c in nbformat.read(path, as_version=4).cells
                if c.cell_type == "code" and task_id(c) == "04.2" and "BENCHMARKS =" in c.source)
    namespace = {"SPECS": SPECS}
    exec(cell.source.split("\ndef ")[0], namespace)  # only the benchmark lines, before the learner's function
    shared = set(namespace["BENCHMARKS"]) & set(SPECS)
    assert shared == {"wecom_rate", "repeat_share"}
    assert all(namespace["BENCHMARKS"][key] == SPECS[key].benchmark == lesson04.BENCH[key] for key in shared)
    assert namespace["BENCHMARKS"] == lesson04.BENCH


@pytest.mark.parametrize("language, folder, heading", [
    ("en", "solutions", r"#+\s*Task (\d+)\.(\d+): (.+?) \(\d+ points?\b"),
    ("zh", "solutions/zh", r"#+\s*任务 (\d+)\.(\d+)：(.+?)（\d+ 分"),
])
def test_a_task_has_one_title_in_its_heading_and_in_its_check(language, folder, heading):
    """The check's report names the task as the notebook's heading does, in either language."""
    headings = {}
    for cell in _markdown_cells(folder):
        match = re.match(heading, cell.source)
        if match:
            headings[f"{int(match.group(1)):02d}.{match.group(2)}"] = match.group(3)
    with using_language(language):
        titles = {task_id: tasks.task(task_id).title for task_id in tasks.ids()}
    assert sorted(headings) == sorted(titles)
    assert {task_id: (headings[task_id], title) for task_id, title in titles.items() if headings[task_id] != title} == {}


def test_a_check_report_separates_label_and_result_as_its_language_does():
    for language, colon in (("en", "</strong>: "), ("zh", "</strong>：")):
        with using_language(language):
            shown = check("01.1", lambda posts: None)._repr_html_()
        assert colon in shown, (language, shown[:300])


@pytest.mark.parametrize("language, path, heading", [
    ("en", "solutions/rubrics.md", r"^## (\d+\.\d+) (.+?) \(\d+ points?\)"),
    ("zh", "solutions/zh/rubrics.md", r"^## (\d+\.\d+) (.+?)（\d+ 分）"),
])
def test_a_rubric_names_its_task_as_the_task_does(language, path, heading):
    """The instructor edition prints each rubric under its task: one title for both."""
    text = (REPO / path).read_text(encoding="utf-8")
    rubrics = dict(re.findall(heading, text, re.M))
    assert len(rubrics) == 8
    with using_language(language):
        titles = {task_id: tasks.task(task_id).title for task_id in rubrics}
    differ = {task_id: (rubric, titles[task_id]) for task_id, rubric in rubrics.items()
              if rubric[:1].lower() + rubric[1:] != titles[task_id]}
    assert differ == {}



@pytest.mark.parametrize("language, label, joined", [
    ("en", "returns infinity when the discount eats the whole margin: ", "float division by zero. When"),
    ("zh", "折扣吃掉全部毛利时返回无穷大：", "float division by zero。折扣")])
def test_a_raised_error_and_its_hint_read_as_two_sentences(language, label, joined):
    with using_language(language):
        result = check("03.3", lambda m, d: d / (m - d))  # divides by zero when the discount eats the margin
    raised = next(line for line in result.wrong if "ZeroDivisionError" in line)
    assert raised.startswith(label) and joined in raised, raised


@pytest.mark.parametrize("total, headline", [(1, "the public check passes."), (2, "both public checks pass."),
                                             (3, "all 3 public checks pass.")])
def test_the_headline_counts_the_passing_checks_in_the_right_number(total, headline):
    result = Result(task="01.1", title="creator mix", status="passed", right=["a case"] * total)
    assert result.headline().startswith(headline)
