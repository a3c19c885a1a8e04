"""Slip hints name the mistake, never the answer; try_it turns a stub or an error into one kind line."""

from __future__ import annotations

import pytest

from course_utils.exercises import slips
from course_utils.exercises.checks import check
from course_utils.exercises.tryout import explain, try_it
from course_utils.i18n import Translator


@pytest.mark.parametrize("value, expected, named", [
    (45.0, 0.45, "is a percentage being used as a fraction?"),
    (0.0045, 0.45, "is a fraction being divided by 100 again?"),
    (-3_000.0, 3_000.0, "the sign is flipped"),
    (1_200.0, 100.0, "being multiplied by 12"),
    (100.0, 1_200.0, "divided by 12 (months)"),
    (3_900.0, 3.9, "scaled per thousand"),
    (0.0039, 3.9, "is the \"per thousand\" scaling missing"),
    (4.0, 0.25, "the numerator and the denominator swapped"),
])
def test_each_slip_is_named(value, expected, named):
    hint = slips.diagnose(value, expected)
    assert named in hint
    assert str(expected) not in hint and f"{expected:g}" not in hint


@pytest.mark.parametrize("value, expected", [(0.3, 0.45), (0.45, 0.45), (0.0, 0.0), (5.0, 0.0), (0.0, 5.0),
                                             (float("inf"), 2.0), (float("nan"), 2.0), (1.0, 1.0), (-1.0, -1.0)])
def test_no_slip_is_invented(value, expected):
    assert slips.diagnose(value, expected) is None


def test_a_column_gets_a_slip_only_when_every_value_shows_it():
    assert slips.diagnose_all([10.0, 50.0], [0.1, 0.5]) == Translator("exercises").gettext(
        "is a percentage being used as a fraction? Rates here are fractions (0.05 for 5%), so do not multiply by 100.")
    assert slips.diagnose_all([10.0, 0.5], [0.1, 0.5]) is None
    assert slips.diagnose_all([1.0], [0.0]) is None


def customer_rate(orders):
    per_customer = orders.groupby("customer_id").size()
    return float((per_customer >= 2).mean())


def test_numeric_checks_use_the_slip_hints_without_the_answer():
    as_percent = check("02.2", lambda orders: 100 * customer_rate(orders)).wrong[0]
    assert "percentage being used as a fraction" in as_percent and "0.5" not in as_percent
    flipped = check("03.4", lambda g, r, f, c, k, a: -((g - r) * (1 - f - c) - k - a))
    assert flipped.status == "failed" and all("sign is flipped" in line for line in flipped.wrong)


def test_a_subtraction_the_wrong_way_round_is_named():
    def brand_minus_kol(sessions, fee_rate=0.05, cogs_rate=0.45):
        net_sales = sessions["gmv"] - sessions["refund_amount"]
        each = net_sales * (1 - fee_rate - cogs_rate) - sessions["coupon_cost"] - sessions["ad_spend"]
        means = each.groupby(sessions["host"]).mean()
        return float(means["brand"] - means["kol"])

    result = check("03.6", brand_minus_kol)
    assert result.status == "failed" and all("sign is flipped" in line for line in result.wrong)


def test_a_table_column_in_percent_gets_the_percentage_hint():
    def live_metrics(sessions):
        table = sessions[["session_id"]].copy()
        table["conversion"] = 100 * sessions["buyers"] / sessions["viewers"]
        table["uv_value"] = sessions["gmv"] / sessions["viewers"]
        table["gpm"] = sessions["gmv"] * 1000 / sessions["views"]
        return table

    result = check("03.2", live_metrics)
    assert result.passed == 3 and "percentage being used as a fraction" in result.wrong[0]


def test_try_it_prints_one_line_for_a_stub_naming_task_and_function(capsys):
    def hook_lift(posts):
        raise NotImplementedError("not attempted yet")

    with try_it():
        print(f"{100 * hook_lift(None):+.1f}")
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [Translator("exercises").gettext("{where}: not attempted yet. Write the function, run its cell, "
                                                   "and this cell shows its result on the course data.", where=Translator("exercises").gettext("Task {task} (`{name}`)", task="1.2", name="hook_lift"))]


def test_try_it_names_the_earlier_task_whose_stub_stopped_a_later_result(capsys):
    def funnel_rates(monthly):
        raise NotImplementedError("not attempted yet")

    def weakest_rate(rates, benchmarks):
        return min(rates, key=rates.get)

    with try_it():
        weakest_rate(funnel_rates(None), {})
    assert "Task 4.1 (`funnel_rates`): not attempted yet" in capsys.readouterr().out


def test_try_it_summarises_an_error_in_one_line_with_its_kind_message_and_task(capsys):
    def helper(table):
        return table["no_such_column"]

    def repeat_within(orders, customers, days=90):
        return helper({})

    with try_it():
        repeat_within(None, None)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("Task 2.5 (`repeat_within`): your code raised KeyError: 'no_such_column'")
    assert "Traceback" not in out[0]


def test_a_library_not_implemented_error_is_an_error_not_a_stub():
    def unsupported():  # stands for a library that raises it (pandas does for some operations)
        raise NotImplementedError("this operation is not supported for this dtype")

    def creator_mix(posts):
        return unsupported()

    try:
        creator_mix(None)
    except NotImplementedError as error:
        line = explain(error)
    assert "not attempted" not in line and "NotImplementedError: this operation" in line


def test_try_it_lets_an_interrupt_through():
    with pytest.raises(KeyboardInterrupt):
        with try_it():
            raise KeyboardInterrupt


def test_a_check_names_the_stub_of_another_task_that_a_function_relies_on():
    def kol_premium(sessions, fee_rate=0.05, cogs_rate=0.45):
        raise NotImplementedError("not attempted yet")

    def like_for_like(sessions, fee_rate=0.05, cogs_rate=0.45):
        return kol_premium(sessions, fee_rate, cogs_rate)

    result = check("03.7", like_for_like)
    assert result.status == "not_attempted" and "`kol_premium` still holds the stub" in result.note
