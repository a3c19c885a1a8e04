"""What a review of the Chinese edition found: glossed terms, slips' own bands, units, typed choices, wording."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from course_utils.errors import CourseInputError
from course_utils.i18n import using_language
from course_utils.parsing import Problem, normalise_text, parse_choices, parse_number
from course_utils.quiz import QuizBankError, all_banks, bank_from_dict, grade, load_bank, seal_bank, show_quiz
from course_utils.quiz.tolerance import slip_band
from course_utils.quiz.lock import KdfParams
from course_utils.quiz.static import static_html, static_text

FAST = KdfParams(n=16)
QUIZ_PO = "src/course_utils/locale/zh/LC_MESSAGES/quiz.po"


def _question(lesson: str, qid: str, lang: str = "zh"):
    with using_language(lang):
        return load_bank(lesson).question(qid)


def _grade(lesson: str, qid: str, answer, lang: str = "zh"):
    with using_language(lang):
        return grade(load_bank(lesson).question(qid), answer)


# -- 1. the sealed widget's pointer back to the lesson -------------------------------------------

def test_the_sealed_widget_says_in_chinese_that_the_explanation_needs_a_right_answer(bank_dict, write_bank):
    with using_language("zh"):
        view = show_quiz("90", path=write_bank(seal_bank(bank_dict, kdf=FAST))).view("t90-gmv")
        for typed in ("7", "8"):
            view.input.value = typed
            view.check()
    assert "答对后才会显示解析：请先回顾这道题涉及的图表或模型，再试一次。" in view.feedback.value
    assert "开头就是正确答案" not in view.feedback.value


# -- 2. terms written the course's way, 中文（English） -----------------------------------------

@pytest.mark.parametrize("lesson, qid, answer", [
    ("00", "l00-dau", "微信小程序（Mini Programs）"),
    ("02", "l02-betweenness", "中介中心性（betweenness centrality）"),
    ("02", "l02-iron-triangle", "铁三角（iron triangle）"),
    ("03", "l03-uv-value-term", "UV价值（UV value）"),
    ("04", "l04-wecom", "企业微信（WeCom）"),
    ("04", "l04-wecom", "企业微信 (WeCom)"),
    ("02", "l02-betweenness", "中介中心性（betweeness）"),  # one part right, the other no listed wrong answer
    ("02", "l02-betweenness", "介数中心度"),
    ("03", "l03-uv-value-term", "UV值"),
    ("00", "l00-dau", "小程序的"),
    ("00", "l00-dau", "微信小程序的"),
    ("01", "l01-north-star", "用户在视频号中的停留时间"),
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossed_terms_and_variants_are_right_in_both_languages(lesson, qid, answer, lang):
    result = _grade(lesson, qid, answer, lang)
    assert result.status == "correct", (qid, answer, lang, result.message)


@pytest.mark.parametrize("lesson, qid, answer", [
    ("02", "l02-betweenness", "中介中心性（degree centrality）"),  # a hedge: right beside a listed wrong answer
    ("02", "l02-betweenness", "degree centrality (betweenness centrality)"),
    ("00", "l00-dau", "小程序（视频号）"),
    ("00", "l00-dau", "视频号（Mini Programs）"),
    ("04", "l04-wecom", "公众号（WeCom）"),
    ("00", "l00-dau", "视频号的"),
    ("00", "l00-dau", "视频号（WeChat Channels）"),
    ("00", "l00-dau", "小程序（Mini Programs）（视频号）"),
])
def test_a_right_answer_beside_a_wrong_one_earns_nothing(lesson, qid, answer):
    assert _grade(lesson, qid, answer).status == "incorrect"


def _dau_bank(fresh_dict) -> dict:
    question = dict(fresh_dict["questions"][4], reject=["Channels", "视频号"])
    return dict(fresh_dict, questions=[question])


@pytest.mark.parametrize("answer, right", [
    ("小程序（Mini Programs）", True), ("Mini Programs (小程序)", True), ("小程序（mini apps）", True),
    ("Mini Programs (Channels)", False), ("视频号（小程序）", False), ("Channels", False), ("小程序的", True),
    ("小程序 (", True), ("(小程序)", True),  # punctuation alone is ignored, as before
])
def test_sealed_and_plain_banks_grade_glossed_answers_alike(fresh_dict, write_bank, answer, right):
    plain = bank_from_dict(_dau_bank(fresh_dict)).questions[0]
    sealed = load_bank("90", path=write_bank(seal_bank(_dau_bank(fresh_dict), kdf=FAST))).questions[0]
    assert grade(plain, answer).correct == right
    assert grade(sealed, answer) == grade(plain, answer)


@pytest.mark.parametrize("index, reject, expected", [
    (4, ["Mini Programs"], "reject[0] 'Mini Programs' is also in the accept list"),
    (4, ["mini-programs!"], "reject[0] 'mini-programs!' is also in the accept list"),
    (4, ["?!"], "reject[0] has no words"),
    (2, ["4500"], "reject is for text questions only, not numeric ones"),
])
def test_a_reject_list_that_makes_no_sense_is_a_bank_error(write_bank, fresh_dict, index, reject, expected):
    fresh_dict["questions"][index]["reject"] = reject
    with pytest.raises(QuizBankError) as info:
        load_bank("90", path=write_bank(fresh_dict))
    assert expected in str(info.value)


def test_a_sealed_bank_may_not_carry_a_plain_reject_list(bank_dict, write_bank):
    sealed = seal_bank(bank_dict, kdf=FAST)
    sealed["questions"][4]["reject"] = ["Channels"]
    with pytest.raises(QuizBankError, match="must not hold plain-text keys"):
        load_bank("90", path=write_bank(sealed))


# -- 3. a common wrong number's own band ----------------------------------------------------------

ROI_SLIP = "这是成本 ÷ 销售额，分子分母颠倒了：投产比把销售额放在分子上。"


@pytest.mark.parametrize("answer, slip", [("0.125", True), ("0.13", True), ("0.12", True), ("1/8", False),
                                          ("8%", False), ("0.1", False), ("0.08", False), ("0.17", False),
                                          ("0.15", False)])
def test_coupon_roi_slip_feedback_only_near_the_slip(answer, slip):
    result = _grade("03", "l03-coupon-roi", answer)
    assert result.status in ("incorrect", "invalid")
    assert (result.feedback == ROI_SLIP) == slip, (answer, result)


def test_a_multiple_typed_as_a_percentage_gets_a_hint():
    result = _grade("03", "l03-coupon-roi", "8%")
    assert result.status == "incorrect" and "你可能把倍数写成了百分数：8% 即 0.08" in result.message
    english = _grade("03", "l03-coupon-roi", "8 %", lang="en")
    assert "You may have written a multiple as a percentage: 8% means 0.08" in english.message
    assert "written a multiple" not in _grade("03", "l03-coupon-roi", "0.08", lang="en").message  # no % typed
    assert _grade("03", "l03-coupon-roi", "800%").correct


def test_sealed_coupon_roi_grades_like_the_plain_one():
    with using_language("zh"):
        raw = load_bank("03").raw
        data = dict(raw, questions=[q for q in raw["questions"] if q["id"] == "l03-coupon-roi"])
        plain = bank_from_dict(data).questions[0]
        sealed = bank_from_dict(seal_bank(data, kdf=FAST)).questions[0]
        for answer in ("8", "7", "0.125", "0.13", "0.1", "8%", "0.17"):
            assert grade(sealed, answer) == grade(plain, answer), answer


def test_slip_band_defaults_to_the_questions_margin_capped_at_five_per_cent(fresh_dict):
    question = bank_from_dict(dict(fresh_dict, questions=[dict(fresh_dict["questions"][2], common_wrong=[
        {"value": 10, "feedback": "Capped."}, {"value": 150000, "feedback": "Own margin."},
        {"value": 300, "tolerance_pct": 10, "feedback": "Own percentage."}])])).questions[0]
    assert [slip_band(s, question.tolerance, question.tolerance_pct) for s in question.common_wrong] == \
        [(None, 5.0), (1, None), (None, 10)]
    assert grade(question, "10.5").feedback == "Capped." and grade(question, "10.6").feedback == ""
    assert grade(question, "150001").feedback == "Own margin." and grade(question, "150002").feedback == ""
    assert grade(question, "329").feedback == "Own percentage." and grade(question, "331").feedback == ""


def test_a_slip_with_both_tolerances_is_a_bank_error(write_bank, fresh_dict):
    fresh_dict["questions"][2]["common_wrong"] = [{"value": 450, "tolerance": 1, "tolerance_pct": 1,
                                                   "feedback": "x"}]
    with pytest.raises(QuizBankError, match=r"common_wrong\[0\] needs at most one of tolerance or tolerance_pct"):
        load_bank("90", path=write_bank(fresh_dict))


# -- 4. a prompt that does not give its answer away ------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_text_question_names_its_own_answer_in_the_prompt(lang):
    for lesson in all_banks():
        with using_language(lang):
            questions = load_bank(lesson).questions
        for question in questions:
            if question.type != "text":
                continue
            prompt = f" {normalise_text(question.prompt)} "
            for accepted in map(normalise_text, question.accept):
                # Latin answers as whole words, Chinese ones anywhere.
                found = f" {accepted} " in prompt if accepted.isascii() else accepted in prompt
                assert not found, (lang, question.id, accepted)


def test_the_wecom_prompt_asks_without_naming_wecom():
    for lang in ("en", "zh"):
        prompt = _question("04", "l04-wecom", lang).prompt
        assert "WeCom" not in prompt and "企业微信" not in prompt and "添加率" not in prompt


# -- 5, 6. feedback openers and the iron-triangle prompt --------------------------------------------

@pytest.mark.parametrize("qid, choice", [("l02-atomic-component", "a"), ("l02-atomic-component", "c"),
                                         ("l02-atomic-component", "d"), ("l02-450m-dau", "a"),
                                         ("l02-450m-dau", "b"), ("l02-450m-dau", "c"),
                                         ("l02-best-step-points", "a"), ("l02-best-step-points", "b"),
                                         ("l02-relative-tie", "b")])
def test_a_plainly_wrong_choice_opens_with_bu_dui(qid, choice):
    assert _question("02", qid).choice(choice).feedback.startswith("不对：")


def test_no_chinese_feedback_opens_with_a_half_right_or_unnatural_word():
    openers = ("不完全对", "这里不是", "这次不行")
    for lesson in all_banks():
        with using_language("zh"):
            bank = load_bank(lesson)
        for question in bank.questions:
            for choice in question.choices:
                assert not choice.feedback.startswith(openers), (question.id, choice.id, choice.feedback)
    assert _question("02", "l02-relative-tie").choice("c").feedback.startswith("在这里不成立：")
    for choice in ("a", "d"):
        assert _question("04", "l04-campaign-fit").choice(choice).feedback.startswith("不在计划期内：")


def test_the_iron_triangle_prompt_says_either_language_will_do():
    assert _question("02", "l02-iron-triangle").prompt.endswith("（填一个词即可，中英文均可。）")


# -- 7. growth in Chinese, and units that are not a multiple ----------------------------------------

def test_the_chinese_growth_explanation_tells_zengzhang_4_bei_from_shi_yuanlai_4_bei():
    question = _question("00", "l00-growth-multiple")
    assert "“增长了 4 倍”（+400%）" in question.explanation and "“是原来的 4 倍”（+300%）" in question.explanation
    assert "“+400%”和“4 倍”是两种不同的说法" not in question.explanation
    four = next(s for s in question.common_wrong if s.value == 4)
    assert "“增长了 4 倍”" in four.feedback


@pytest.mark.parametrize("answer", ["5元", "5人", "5天", "5 yuan", "RMB 5", "5 days", "5 customers", "5 s"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_unit_that_is_not_a_multiple_is_refused(answer, lang):
    result = _grade("00", "l00-growth-multiple", answer, lang)
    assert result.status == "invalid"
    expected = ("这个单位与本题不符：请按题目要求的单位（×）作答。" if lang == "zh"
                else "That unit does not fit this question: please give the answer in ×.")
    assert result.message == expected


@pytest.mark.parametrize("answer", ["5倍", "5 倍", "5x", "5X", "5 ×", "5 times", "5 fold", "500%", "5"])
def test_a_multiple_in_any_usual_form_is_right(answer):
    assert _grade("00", "l00-growth-multiple", answer).correct


@pytest.mark.parametrize("text, unit, expected", [
    ("6.3 元", "RMB", 6.3), ("RMB 6.3 per visitor", "RMB", 6.3), ("60 人", "customers", 60.0),
    ("150 秒", "seconds", 150.0), ("150 s", "秒", 150.0), ("30%", "%", 30.0), ("0.64", "", 0.64),
    ("0.64 元", "", 0.64),  # no unit given: nothing to hold the answer to
])
def test_strict_units_keep_what_fits(text, unit, expected):
    assert parse_number(text, unit=unit, strict_units=True) == pytest.approx(expected)


@pytest.mark.parametrize("text, unit", [("6.3 人", "RMB"), ("60 元", "customers"), ("2.5 min", "seconds"),
                                        ("30 人", "%"), ("2.1 days", "hours")])
def test_strict_units_refuse_what_does_not_fit(text, unit):
    assert parse_number(text, unit=unit, strict_units=True) == Problem("wrong_unit")
    assert not isinstance(parse_number(text, unit=unit), Problem)  # lenient by default (the app, explorers)


# -- 8. full-width colons in Chinese ----------------------------------------------------------------

def test_chinese_labels_end_in_a_full_width_colon(bank, bank_path):
    with using_language("zh"):
        html = static_html(bank, bank.questions, instructor=True)
        text = static_text(bank, bank.questions, instructor=True)
        view = show_quiz("90", path=bank_path).view("t90-gmv")
        for typed in ("7", "8"):
            view.input.value = typed
            view.check()
    assert "<strong>参考答案</strong>：" in html and "<strong>解析</strong>：" in html
    assert "<strong>如果答案是 RMB 150,000</strong>：" in html
    assert "</strong>:" not in html and "参考答案：RMB 4,500" in text and "解析：GMV" in text
    assert "如果答案是 RMB 150,000：" in text and "（正确答案）" in text and "(key)" not in text
    assert "<strong>解析</strong>：GMV" in view.feedback.value


def test_english_labels_keep_their_colon(bank):
    text = static_text(bank, bank.questions, instructor=True)
    assert "Answer key: RMB 4,500" in text and "(key)" in text
    assert "<strong>Explanation</strong>: " in static_html(bank, bank.questions, instructor=True)


# -- 9. choices typed through grade() ------------------------------------------------------------------

@pytest.mark.parametrize("answer, chosen", [("abc", ("a", "b", "c")), ("ＡＢＣ", ("a", "b", "c")),
                                            ("AC", ("a", "c")), ("bcd", ("b", "c", "d")),
                                            ("答案：a、b、c", ("a", "b", "c")), ("选ABC", ("a", "b", "c"))])
def test_run_together_choices_are_read(answer, chosen):
    assert parse_choices(answer, ["a", "b", "c", "d"], single=False) == chosen


@pytest.mark.parametrize("answer", ["bad", "cab", "aab", "abcde", "选", "选E", "ab c z"])
def test_letters_that_read_as_a_word_or_an_unknown_choice_are_not_guessed(answer):
    assert parse_choices(answer, ["a", "b", "c", "d"], single=False) == Problem("not_a_choice")


def test_run_together_ids_only_where_every_id_is_one_letter():
    assert parse_choices("ab", ["a", "b", "ab"], single=False) == ("ab",)
    assert parse_choices("ba", ["a", "b", "ab"], single=False) == Problem("not_a_choice")


def test_typed_choices_grade_through_the_api(bank):
    assert grade(bank.question("t90-live-tools"), "ＡＢＣ").correct
    assert grade(bank.question("t90-live-tools"), "abc").correct
    assert grade(bank.question("t90-beta-entry"), "选A").correct
    assert grade(bank.question("t90-beta-entry"), "AC").message == "Please pick just one choice."
    with using_language("zh"):
        assert _grade("00", "l00-loop-parts", "bcd").correct and _grade("00", "l00-loop-parts", "ＢＣＤ").correct
        assert _grade("00", "l00-run-order", "选B").correct
        assert grade(bank.question("t90-live-tools"), "z").message == "请从给出的选项中选择（a、b、c、d）。"
    assert grade(bank.question("t90-live-tools"), "z").message == "Please pick from the choices shown (a, b, c, d)."


# -- 10. 自测题, the lessons' word ---------------------------------------------------------------------

def test_the_quiz_domain_says_ziceti_not_ceyan():
    with open(QUIZ_PO, "rb") as handle:
        catalogue = read_po(handle, locale="zh")
    strings = [m.string if isinstance(m.string, str) else " ".join(m.string) for m in catalogue if m.id]
    assert not [s for s in strings if "测验" in s]
    with using_language("zh"), pytest.raises(CourseInputError) as info:
        load_bank("05")
    assert "第 05 课没有自测题" in str(info.value) and "00、01" in str(info.value)
    with using_language("zh"), pytest.raises(CourseInputError, match=re.escape("question 应为自测题的 Question 对象")):
        grade("l00-dau", "x")


def test_a_screen_reader_skips_the_pen_boxes_and_hears_the_key_named(bank):
    html = static_html(bank, bank.questions, instructor=True)
    assert html.count('class="course-quiz-box" aria-hidden="true"') == html.count("course-quiz-box") > 0
    assert 'class="course-quiz-key" role="img" aria-label="correct">&#10003;' in html
    with using_language("zh"):
        assert 'aria-label="正确答案">&#10003;' in static_html(bank, bank.questions, instructor=True)
