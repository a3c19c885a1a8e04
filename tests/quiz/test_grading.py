"""Grading each type of question, and reading what learners actually type."""

from __future__ import annotations

import pytest

from course_utils.errors import CourseInputError
from course_utils.quiz import grade
from course_utils.parsing import Problem, normalise_text, parse_choices, parse_number


@pytest.mark.parametrize("answer, status", [("a", "correct"), ("A", "correct"), (("a",), "correct"),
                                            ("b", "incorrect"), ("c", "incorrect")])
def test_single_choice(bank, answer, status):
    assert grade(bank.question("t90-beta-entry"), answer).status == status


def test_single_choice_feedback_and_explanation(bank):
    question = bank.question("t90-beta-entry")
    wrong = grade(question, "b")
    assert not wrong.correct and "live streaming arrived in October 2020" in wrong.feedback
    assert question.explanation not in wrong.feedback  # held back so a retry is still a test
    right = grade(question, "a")
    assert right.correct and right.message == "Correct!"
    assert "21-22 January 2020" in right.feedback and question.explanation in right.feedback


def test_single_choice_rejects_two_picks(bank):
    result = grade(bank.question("t90-beta-entry"), ["a", "b"])
    assert (result.status, result.message) == ("invalid", "Please pick just one choice.")


@pytest.mark.parametrize("answer", [["a", "b", "c"], "c, b, a", "a b c", {"C", "b", "a"}, ["a", "a", "b", "c"]])
def test_multiple_choice_full_set_in_any_form(bank, answer):
    assert grade(bank.question("t90-live-tools"), answer).correct


@pytest.mark.parametrize("answer, right, wrong", [(["a", "b"], 2, 0), (["a", "b", "c", "d"], 3, 1), (["d"], 0, 1)])
def test_multiple_choice_partial_answers_say_how_close(bank, answer, right, wrong):
    result = grade(bank.question("t90-live-tools"), answer)
    assert result.status == "incorrect"
    assert f"You picked {right} of the 3 right choices and {wrong} that do not belong." in result.message
    assert ("price matching" in result.feedback) == ("d" in answer)


NO_CHOICE = "Please choose an answer first."
NOT_A_CHOICE = "Please pick from the choices shown (a, b, c, d)."


@pytest.mark.parametrize("answer, message", [([], NO_CHOICE), ("", NO_CHOICE), (None, NO_CHOICE),
                                             (["a", "z"], NOT_A_CHOICE), (3, NOT_A_CHOICE), ([1, 2], NOT_A_CHOICE)])
def test_multiple_choice_invalid_input(bank, answer, message):
    result = grade(bank.question("t90-live-tools"), answer)
    assert result.status == "invalid" and not result.correct
    assert result.message == message


@pytest.mark.parametrize("answer", ["4500", "4,500", "RMB 4500", "4500 元", "¥4,500", "４５００", "4500.0",
                                    "4 500", "0.45万", "4.5k", 4500, 4500.5, "rmb4500", "about 4500 yuan",
                                    "  4500  ", "4501", "4499"])
def test_numeric_accepts_what_learners_type(bank, answer):
    assert grade(bank.question("t90-gmv"), answer).status == "correct"


@pytest.mark.parametrize("answer", ["4502", "450", "45000", "-4500", "4498.9"])
def test_numeric_outside_tolerance_is_incorrect(bank, answer):
    result = grade(bank.question("t90-gmv"), answer)
    assert result.status == "incorrect" and result.feedback == ""


@pytest.mark.parametrize("answer, message", [
    ("", "Please enter an answer first."), ("   ", "Please enter an answer first."),
    ("four thousand", "Please enter a number, for example 4500 or 4,500."),
    ("4500 apples", "Please enter a number, for example 4500 or 4,500."),
    ("2000 x 3% x 75", "Please enter a single number."),
    ("4,5", "Please write decimals with a point, for example 4.5."),
    ("9" * 400, "That answer is very long; please enter just the answer."),
    (float("inf"), "That number cannot be checked; please enter an ordinary number such as 4500."),
    (float("nan"), "That number cannot be checked; please enter an ordinary number such as 4500."),
    (True, "Please enter a number, for example 4500 or 4,500."),
    (["4500"], "Please enter a number, for example 4500 or 4,500."),
])
def test_numeric_invalid_input_gets_a_kind_message(bank, answer, message):
    result = grade(bank.question("t90-gmv"), answer)
    assert (result.status, result.message) == ("invalid", message)


@pytest.mark.parametrize("answer", ["30", "30%", "30 %", "30 percent", "３０％", "30.2", "29.7"])
def test_percent_question(bank, answer):
    assert grade(bank.question("t90-repurchase"), answer).correct


def test_percent_question_hints_when_a_share_is_typed(bank):
    result = grade(bank.question("t90-repurchase"), "0.3")
    assert result.status == "incorrect"
    assert "0.3 is 30%" in result.message


def test_percent_tolerance_is_relative(bank):
    assert grade(bank.question("t90-repurchase"), "30.31").status == "incorrect"


@pytest.mark.parametrize("answer", ["Mini Programs", "mini programs", "MINI-PROGRAM", " Mini  Program. ",
                                    "小程序", "小程序。", "ｍｉｎｉ　ｐｒｏｇｒａｍｓ", "WeChat Mini Programs!"])
def test_text_answers_are_normalised(bank, answer):
    assert grade(bank.question("t90-dau-owner"), answer).correct


@pytest.mark.parametrize("answer, status", [("Channels", "incorrect"), ("视频号", "incorrect"),
                                            ("", "invalid"), ("?!", "invalid"), (42, "invalid"),
                                            (None, "invalid")])
def test_text_wrong_or_invalid(bank, answer, status):
    assert grade(bank.question("t90-dau-owner"), answer).status == status


def test_grade_needs_a_question():
    with pytest.raises(CourseInputError, match="question should be a quiz Question; got str"):
        grade("t90-gmv", "4500")


@pytest.mark.parametrize("text, unit, expected", [
    ("1.2万", "", 12000.0), ("3亿", "", 3e8), ("2.5 million", "", 2.5e6), ("-12", "", -12.0),
    ("−12", "", -12.0), ("45%", "", 0.45), ("45%", "percent", 45.0), ("8x", "multiple", 8.0),
    ("8 倍", "", 8.0), ("200 days", "days", 200.0), (".5", "", 0.5), ("1,234,567.5", "", 1234567.5),
    ("(5,000)", "", -5000.0), ("(¥1.2万)", "", -12000.0), ("5000 (RMB)", "", 5000.0),
])
def test_parse_number(text, unit, expected):
    assert parse_number(text, unit=unit) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["1,23", "abc", "4500 4500", "five", "1e5e"])
def test_parse_number_problems(text):
    assert isinstance(parse_number(text), Problem)


def test_normalise_text_folds_width_case_punctuation_and_spaces():
    assert normalise_text("Ｄｗｅｌｌ\u3000TIME（停留时长）") == "dwell time 停留时长"


def test_parse_choices_maps_case_back_to_ids():
    assert parse_choices("B ; a", ["a", "b", "c"], single=False) == ("a", "b")


@pytest.mark.parametrize("lesson, question, answer, status", [
    ("00", "l00-dau", "WeChat Mini Programs", "correct"), ("00", "l00-dau", "the Mini Programs", "correct"),
    ("00", "l00-dau", "微信小程序", "correct"), ("00", "l00-dau", "WeChat Channels", "incorrect"),
    ("00", "l00-dau", "微信视频号", "incorrect"), ("00", "l00-dau", "WeChat", "incorrect"),
    ("02", "l02-iron-triangle", "the iron triangle", "correct"), ("04", "l04-wecom", "a WeCom account", "correct"),
    ("01", "l01-north-star", "dwell time in Channels", "correct"), ("03", "l03-uv-value-term", "GMV per UV", "correct")])
def test_a_name_with_an_article_or_wechat_before_it_is_the_name(lesson, question, answer, status):
    from course_utils.quiz import load_bank

    assert grade(load_bank(lesson).question(question), answer).status == status
