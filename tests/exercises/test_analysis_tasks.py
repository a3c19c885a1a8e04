"""The analysis tasks (x.5 onwards): worked solutions pass every check; typical mistakes get their own hint."""

from __future__ import annotations

import ast
import re
import runpy
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course_utils.exercises import tasks, utils
from course_utils.exercises.checks import check, run_cases

ROOT = Path(__file__).resolve().parents[2]
HIDDEN = runpy.run_path(str(ROOT / "solutions" / "hidden_checks.py"))["HIDDEN"]


def _solution_functions() -> dict:
    """Every function defined in a task cell of the solution notebooks (only the definitions run)."""
    namespace: dict = {"pd": pd}
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and utils.task_id(cell) and not utils.is_check(cell):
                tree = ast.parse(cell.source)
                tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
                exec(compile(tree, str(path), "exec"), namespace)
    return namespace


SOLVED = _solution_functions()
CODE_TASKS = [task_id for task_id in tasks.ids() if tasks.task(task_id).kind == "code"]


# The tasks that analyse what the lessons did not compute, and the written task that reads them.
ANALYSIS = {"01": (["01.5", "01.6"], "01.7"), "02": (["02.5", "02.6"], "02.7"),
            "03": (["03.6", "03.7"], "03.8"), "04": (["04.4", "04.5"], "04.6")}


def test_each_notebook_has_two_analysis_tasks_with_hidden_checks_and_a_rubric():
    rubrics = (ROOT / "solutions" / "rubrics.md").read_text(encoding="utf-8")
    for lesson, (code_ids, written_id) in ANALYSIS.items():
        specs = [tasks.task(task_id) for task_id in code_ids]
        assert all(spec.kind == "code" and spec.lesson == lesson and len(spec.public_cases()) >= 2 for spec in specs)
        assert all(len(HIDDEN.get(task_id, [])) >= 1 for task_id in code_ids)
        written = tasks.task(written_id)
        assert written.kind == "written" and f"## {written_id} " in rubrics
        section = rubrics.split(f"## {written_id} ")[1].split("\n## ")[0]
        assert f"({written.rubric_points} points)" in section
        assert len(re.findall(r"^\d\. ", section, re.MULTILINE)) == written.rubric_points  # a point per item


@pytest.mark.parametrize("task_id", CODE_TASKS)
def test_worked_solution_passes_public_and_hidden_checks(task_id):
    spec = tasks.task(task_id)
    function = SOLVED[spec.name]
    public = run_cases(task_id, function, spec.public_cases())
    hidden = run_cases(task_id, function, HIDDEN.get(task_id, []))
    assert public.status == "passed", public.text()
    assert hidden.status == "passed", hidden.text()


def _means(frame, by, column):
    return frame.groupby(by)[column].mean()


def test_1_5_the_overall_lift_for_every_type_is_caught():
    def overall_everywhere(posts):
        lift = _means(posts, "hook_3s", "completion_rate")
        return pd.Series(lift[True] - lift[False], index=sorted(set(posts["creator_type"]) - {"customer"}))

    result = check("01.5", overall_everywhere)
    assert "the one over all posts" in result.wrong[0]


def test_1_6_averaging_each_posts_rate_is_caught():
    def averaged(posts):
        rates = posts.assign(shares_per_1000=posts["shares"] * 1000 / posts["impressions"],
                             follows_per_1000=posts["follows"] * 1000 / posts["impressions"])
        return rates.groupby("creator_type")[["shares_per_1000", "follows_per_1000"]].mean()

    result = check("01.6", averaged)
    assert result.passed == 1 and all("averages each post's rate" in line for line in result.wrong)


def _repeat_table(orders, customers, days, *, censor, sort=True):
    first = customers.set_index("customer_id")["first_order_date"]
    window_end = orders["customer_id"].map(first + pd.Timedelta(days=days))
    counts = orders[orders["order_date"] <= window_end]["customer_id"].value_counts()
    ready = customers
    if censor:
        ready = customers[customers["first_order_date"] + pd.Timedelta(days=days) <= orders["order_date"].max()]
    ready = ready.assign(repeated=ready["customer_id"].map(counts).fillna(0) >= 2)
    table = ready.groupby("acquisition_channel").agg(customers=("customer_id", "size"), repeat_rate=("repeated", "mean"))
    return table.sort_values("repeat_rate", ascending=False) if sort else table


def test_2_5_customers_without_a_full_window_are_caught():
    result = check("02.5", lambda orders, customers, days=90: _repeat_table(orders, customers, days, censor=False))
    assert result.status == "partial"
    assert all("have not had the whole window" in line for line in result.wrong)
    assert check("02.5", lambda o, c, days=90: _repeat_table(o, c, days, censor=True)).status == "passed"


def test_2_5_an_unsorted_table_fails_only_the_sorting_case():
    result = check("02.5", lambda o, c, days=90: _repeat_table(o, c, days, censor=True, sort=False))
    assert result.status == "partial" and len(result.wrong) == 1 and "sort_values" in result.wrong[0]


def test_2_6_refunded_orders_are_caught():
    def with_refunds(orders, customers, days=90):
        first = customers.set_index("customer_id")["first_order_date"]
        kept = orders[orders["order_date"] <= orders["customer_id"].map(first + pd.Timedelta(days=days))]
        ready = customers[customers["first_order_date"] + pd.Timedelta(days=days) <= orders["order_date"].max()]
        revenue = ready["customer_id"].map(kept.groupby("customer_id")["amount"].sum()).fillna(0.0)
        return revenue.groupby(ready["acquisition_channel"]).mean()

    result = check("02.6", with_refunds)
    assert result.status == "failed" and "refunded orders were counted" in result.wrong[0]


def test_3_6_and_3_7_name_totals_and_the_naive_premium():
    def totals(sessions, fee_rate=0.05, cogs_rate=0.45):
        each = (sessions["gmv"] - sessions["refund_amount"]) * (1 - fee_rate - cogs_rate) \
            - sessions["coupon_cost"] - sessions["ad_spend"]
        sums = each.groupby(sessions["host"]).sum()
        return float(sums["kol"] - sums["brand"])

    assert "compare the mean per session" in check("03.6", totals).wrong[0]
    naive = check("03.7", SOLVED["kol_premium"])
    assert naive.status == "failed" and "premium over all sessions" in naive.wrong[0]


def test_3_7_an_unweighted_mean_of_themes_is_caught():
    def unweighted(sessions, fee_rate=0.05, cogs_rate=0.45):
        premiums = [SOLVED["kol_premium"](group, fee_rate, cogs_rate) for _, group in sessions.groupby("theme")
                    if set(group["host"]) == {"brand", "kol"}]
        return sum(premiums) / len(premiums)

    assert "weight it by the number of KOL sessions" in check("03.7", unweighted).wrong[0]


def test_4_4_revenue_instead_of_gross_profit_is_caught():
    def on_revenue(monthly, gross_margin):
        year = monthly.sum(numeric_only=True)
        spend_per_customer = (year["ad_spend"] + year["coupon_cost"]) / year["first_purchases"]
        return float(spend_per_customer / (year["revenue"] / year["orders"]))

    result = check("04.4", on_revenue)
    assert result.status == "failed" and "multiply the AOV by the gross margin" in result.wrong[0]


def test_4_5_averaged_monthly_rates_are_caught():
    def averaged(monthly, numerator, denominator):
        rate = monthly[numerator] / monthly[denominator]
        return rate.groupby(monthly["month"].dt.quarter).mean()

    result = check("04.5", averaged)
    assert result.status == "failed" and all("average of monthly rates" in line for line in result.wrong)


def test_a_number_rounded_inside_the_function_is_named_as_rounding_not_a_wrong_method():
    # The right method, rounded before returning: the feedback says so, and prints enough
    # digits that the learner's number does not look like the right one.
    exact = SOLVED["repurchase_rate_orders"]
    result = check("02.3", lambda *args, **kwargs: round(exact(*args, **kwargs), 4))
    assert result.status != "passed"
    assert any("rounded" in line for line in result.wrong), result.wrong
    assert not any("repeat order is any order" in line for line in result.wrong)


def test_04_2_looping_over_the_rates_instead_of_the_benchmarks_fails_as_it_does_on_the_course_data():
    # funnel_rates(...) also returns aov, which has no benchmark: the notebook's own cell raised KeyError
    # while every check passed.
    result = check("04.2", lambda rates, benchmarks: min(rates, key=lambda key: rates[key] / benchmarks[key]))
    assert result.status != "passed" and any("KeyError" in line for line in result.wrong), result.wrong


def test_03_2_asks_for_session_id_and_reads_rows_by_session_not_by_position():
    exact = SOLVED["session_metrics"] if "session_metrics" in SOLVED else SOLVED[tasks.task("03.2").name]
    without_ids = check("03.2", lambda sessions: exact(sessions).drop(columns="session_id"))
    assert without_ids.status != "passed" and any("session_id" in line for line in without_ids.wrong)
    as_index = check("03.2", lambda sessions: exact(sessions).set_index("session_id"))
    reordered = check("03.2", lambda sessions: exact(sessions).sort_values("conversion"))
    assert as_index.status == "passed" and reordered.status == "passed", (as_index.wrong, reordered.wrong)


def test_01_3_the_rates_of_the_best_hours_are_not_taken_for_the_hours():
    def rates_not_hours(posts, n, min_posts=1):
        means = posts.groupby("hour")["completion_rate"].agg(["mean", "count"])
        return means[means["count"] >= min_posts].sort_values("mean", ascending=False).head(n)["mean"]

    result = check("01.3", rates_not_hours)
    assert result.status == "failed" and any(".index.tolist()" in line for line in result.wrong), result.wrong


def test_03_3_a_division_by_zero_when_the_discount_equals_the_margin_gets_the_infinity_hint():
    result = check("03.3", lambda margin, discount: discount / (margin - discount))
    assert result.status == "partial"
    line = next(line for line in result.wrong if "ZeroDivisionError" in line)
    assert 'float("inf")' in line
