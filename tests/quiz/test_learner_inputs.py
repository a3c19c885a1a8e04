"""Answers the way learners type them: spreadsheet exponents, fractions, decimal commas, no choice."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.i18n import Translator
from course_utils.quiz import grade
from course_utils.parsing import Problem, parse_number


@settings(max_examples=200, deadline=None, derandomize=True)
@given(value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda v: v != 0),
       style=st.sampled_from(["{:e}", "{:E}", "{:.3e}", "{:.2E}"]))
def test_scientific_notation_reads_as_the_number_it_shows(value, style):
    # A spreadsheet shows 12000 as 1.2E+04; typing that back must give the same number.
    text = style.format(value)
    assert parse_number(text) == pytest.approx(float(text))


@pytest.mark.parametrize("text, key", [("1/2", "fraction"), ("½", "fraction"), ("3 / 4", "fraction"),
                                       ("1.234,5", "decimal_comma"), ("4,5", "decimal_comma"),
                                       ("1e400", "not_finite"), ("4500 4500", "several_numbers")])
def test_unreadable_forms_say_why(text, key):
    assert parse_number(text) == Problem(key)


@pytest.mark.parametrize("text, value", [("12。5", 12.5), ("１２。５", 12.5), ("12。", 12.0), ("4,500。", 4500.0)])
def test_a_chinese_full_stop_reads_as_a_decimal_point_or_an_end(text, value):
    # A Chinese keyboard types 。 for the full-stop key.
    assert parse_number(text) == value


def test_an_int_beyond_any_float_is_not_finite_not_an_error(bank):
    assert parse_number(10 ** 400) == Problem("not_finite")
    assert grade(bank.question("t90-gmv"), -10 ** 400).status == "invalid"


def test_exponent_beside_a_unit_and_a_scale_word():
    assert parse_number("RMB 4.5e3") == 4500.0
    assert parse_number("1.2E+04 元") == 12000.0


def test_fraction_message_shows_the_decimal_form(bank):
    result = grade(bank.question("t90-gmv"), "9/2")
    assert result.status == "invalid" and "0.5" in result.message == Translator("common").gettext("Please write a fraction as a decimal "
                                                                                                  "number, for example 0.5 rather than "
                                                                                                  "1/2.")


@pytest.mark.parametrize("answer", [None, "", [], "  "])
def test_an_unanswered_choice_question_asks_to_choose(bank, answer):
    for question_id in ("t90-beta-entry", "t90-live-tools"):  # single and multiple
        result = grade(bank.question(question_id), answer)
        assert result.status == "invalid" and result.message == "Please choose an answer first."


def test_an_empty_numeric_answer_still_asks_to_enter(bank):
    assert grade(bank.question("t90-gmv"), "").message == "Please enter an answer first."


@pytest.mark.parametrize("text, unit, value", [
    ("约5", None, 5.0), ("大约 5", None, 5.0), ("5左右", None, 5.0), ("5个左右", None, 5.0),
    ("12.5个百分点", "%", 12.5), ("12.5百分点", "%", 12.5), ("5分钟", "minutes", 5.0), ("4500块", "RMB", 4500.0),
    ("约4500元", "RMB", 4500.0)])
def test_chinese_hedges_and_units_written_without_spaces_are_read(text, unit, value):
    assert parse_number(text, unit=unit) == value


def test_a_hedge_does_not_let_a_wrong_unit_through():
    assert parse_number("约5元", unit="×", strict_units=True) == Problem("wrong_unit")
    assert parse_number("约5倍", unit="×", strict_units=True) == 5.0
    assert parse_number("5块钱多", unit="RMB") == Problem("not_a_number")
