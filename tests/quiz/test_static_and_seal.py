"""The static form (student and instructor) and sealed banks for the student release."""

from __future__ import annotations

import pytest
import yaml

from course_utils.quiz import bank_from_dict, bank_key_strings, bank_secret_strings, grade, load_bank, seal_bank
from course_utils.quiz.static import static_html, static_text


def _secrets(bank):
    """Strings that must never be in a student form: explanations, feedback, accepted answers.

    An accepted answer that also occurs in a prompt or an option ("Mini Program") is shown anyway.
    """
    shown = " ".join([q.prompt for q in bank.questions] + [c.text for q in bank.questions for c in q.choices])
    return bank_secret_strings(bank) + [a for q in bank.questions for a in q.accept if a not in shown]


def test_student_form_has_questions_and_boxes_but_no_key(bank):
    html = static_html(bank, bank.questions)
    text = static_text(bank, bank.questions)
    assert html.count('class="course-quiz-item"') == 6
    assert "What is the GMV in RMB?" in html and "Flash sales (秒杀)" in html
    assert "course-quiz-blank" in html and "&#9744;" in html and "&#9675;" in html
    assert "1. When did WeChat Channels" in text and "[ ] d. Automatic price matching" in text
    assert "Answer: ____________ RMB" in text
    for secret in _secrets(bank):
        assert secret not in html and secret not in text
    assert "WeChat Mini Programs" in _secrets(bank)
    for marker in ("course-quiz-key", "Answer key", "4,500 RMB", "&#10003;", "Explanation", "(key)"):
        assert marker not in html and marker not in text


def test_instructor_form_adds_key_explanations_and_feedback(bank):
    html = static_html(bank, bank.questions, instructor=True)
    text = static_text(bank, bank.questions, instructor=True)
    for secret in bank_secret_strings(bank):
        escaped = secret.replace("&", "&amp;").replace('"', "&#34;").replace("'", "&#39;")
        assert escaped in html and secret in text
    assert "Answer key: 4,500 RMB (within ±1)" in text
    assert "Answer key: 30 percent (within ±1%)" in text
    assert "Answer key: a. Coupons; b. Flash sales (秒杀); c. Pre-sales (预售)" in text
    assert "Mini Programs / Mini Program / WeChat Mini Programs / 小程序" in text
    assert html.count("&#10003;") == 1 + 3 + 1


def test_form_escapes_markup_in_prompts(bank_dict):
    data = dict(bank_dict, questions=[dict(bank_dict["questions"][2], prompt="GMV <b>bold</b> & more")])
    bank = bank_from_dict(data)
    assert "GMV &lt;b&gt;bold&lt;/b&gt; &amp; more" in static_html(bank, bank.questions)


def test_sealed_bank_holds_no_plain_key(bank, bank_dict):
    sealed_text = yaml.safe_dump(seal_bank(bank_dict), allow_unicode=True)
    for secret in _secrets(bank) + ["correct", "answer:", "accept:", "tolerance", "explanation", "feedback"]:
        assert secret not in sealed_text
    assert "Flash sales (秒杀)" in sealed_text  # the options themselves are still shown


def test_sealed_bank_grades_exactly_like_the_plain_one(bank, bank_dict, write_bank):
    sealed = load_bank("90", path=write_bank(seal_bank(bank_dict)))
    assert sealed.sealed and sealed.ids == bank.ids
    tries = {"t90-beta-entry": ["a", "b", ""], "t90-live-tools": [["a", "b", "c"], ["a", "b"], ["a", "d"]],
             "t90-gmv": ["4,500", "4502", "x"], "t90-repurchase": ["30%", "0.3", ""],
             "t90-dau-owner": ["小程序", "mini-programs", "Channels", ""],
             "t90-iterations-claim": ["b", "c", "z"]}
    for qid, answers in tries.items():
        for answer in answers:
            assert grade(sealed.question(qid), answer) == grade(bank.question(qid), answer), (qid, answer)


def test_sealing_is_reproducible_and_idempotent(bank_dict):
    once = seal_bank(bank_dict)
    assert once == seal_bank(bank_dict)
    assert seal_bank(once) == once


def test_tampered_sealed_bank_is_reported(bank_dict, write_bank):
    sealed = seal_bank(bank_dict)
    sealed["questions"][0]["key"] = "0" * 64
    sealed["questions"][2]["sealed"] = "not base64 at all"
    with pytest.raises(Exception, match=r"'t90-beta-entry'.*matches none of the choices"):
        load_bank("90", path=write_bank(sealed))
    sealed["questions"][0]["key"] = seal_bank(bank_dict)["questions"][0]["key"]
    with pytest.raises(Exception, match=r"'t90-gmv'.*sealed data cannot be read"):
        load_bank("90", path=write_bank(sealed))


def test_sealed_bank_may_not_carry_plain_keys(bank_dict, write_bank):
    sealed = seal_bank(bank_dict)
    sealed["questions"][4]["accept"] = ["小程序"]
    with pytest.raises(Exception, match="'t90-dau-owner'.*must not hold plain-text keys"):
        load_bank("90", path=write_bank(sealed))


def test_key_strings_list_everything_a_leak_scanner_needs(bank, bank_dict):
    keys = bank_key_strings(bank)
    assert keys == bank_key_strings(bank_dict)
    for expected in ["January 2020, already in the Discover tab below Moments", "Coupons", "4500", "30",
                     "小程序", "Mini Programs", bank.question("t90-gmv").explanation,
                     "Not quite: Channels Store came in July 2022, long after the beta."]:
        assert expected in keys
    assert "Automatic price matching against Douyin" not in keys  # a wrong option is not key
