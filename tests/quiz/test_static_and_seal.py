"""The static form (student and instructor) and sealed banks for the student release."""

from __future__ import annotations

import itertools

import pytest
import yaml

from course_utils.errors import CourseInputError
from course_utils.i18n import using_language
from course_utils.quiz import (QuizBankError, bank_from_dict, bank_key_strings, bank_secret_strings, grade, load_bank,
                               seal_bank, show_quiz)
from course_utils.quiz.lock import KdfParams
from course_utils.quiz.static import static_html, static_text

# The KDF's cost changes how long a guess takes, not what opens: tests of the logic seal cheaply.
FAST = KdfParams(n=16)


@pytest.fixture(scope="module")
def sealed_dict(bank_dict):
    return seal_bank(bank_dict, kdf=FAST)


@pytest.fixture
def sealed(sealed_dict, write_bank):
    return load_bank("90", path=write_bank(sealed_dict))


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
    for marker in ("course-quiz-key", "Answer key", "RMB 4,500", "&#10003;", "Explanation", "(key)"):
        assert marker not in html and marker not in text


def test_instructor_form_adds_key_explanations_and_feedback(bank):
    html = static_html(bank, bank.questions, instructor=True)
    text = static_text(bank, bank.questions, instructor=True)
    for secret in bank_secret_strings(bank):
        escaped = secret.replace("&", "&amp;").replace('"', "&#34;").replace("'", "&#39;")
        assert escaped in html and secret in text
    assert "Answer key: RMB 4,500 (within ±1)" in text
    assert "Answer key: 30 percent (within ±1%)" in text
    assert "Answer key: a. Coupons; b. Flash sales (秒杀); c. Pre-sales (预售)" in text
    # The first answer in the course language, then the first in the other script; not every spelling.
    assert "Answer key: Mini Programs / 小程序\n" in text
    with using_language("zh"):
        assert "小程序 / Mini Programs" in static_text(bank, bank.questions, instructor=True)
    assert html.count("&#10003;") == 1 + 3 + 1


def test_the_chinese_text_form_puts_no_space_after_chinese_punctuation():
    with using_language("zh"):
        bank = load_bank("02")
        text = static_text(bank, bank.questions)
    assert "？多选。" in text or "？单选。" in text
    assert "答案：____" in text
    for punctuation in "，。：；？！）":
        assert f"{punctuation} " not in text.replace(f"{punctuation}\n", ""), punctuation


def test_form_escapes_markup_in_prompts(bank_dict):
    data = dict(bank_dict, questions=[dict(bank_dict["questions"][2], prompt="GMV <b>bold</b> & more")])
    bank = bank_from_dict(data)
    assert "GMV &lt;b&gt;bold&lt;/b&gt; &amp; more" in static_html(bank, bank.questions)


def test_sealed_bank_holds_no_plain_key(bank, sealed_dict):
    sealed_text = yaml.safe_dump(sealed_dict, allow_unicode=True)
    for secret in _secrets(bank) + ["correct", "answer:", "accept:", "tolerance", "explanation", "feedback", "key:"]:
        assert secret not in sealed_text, secret
    # Numbers are looked for outside the ciphertext, where base64 may hold any digits by chance.
    readable = yaml.safe_dump([{k: v for k, v in q.items() if k not in ("entries", "salt")}
                               for q in sealed_dict["questions"]], allow_unicode=True)
    for number in ("4500", "150000", "42.9", "30"):
        assert number not in readable, number
    assert "Flash sales (秒杀)" in sealed_text  # the options themselves are still shown


def test_no_entry_marks_the_right_answer(bank, sealed_dict):
    """Every choice (or set of choices) has an entry of the same form; only its key says which it is."""
    for question, item in zip(bank.questions, sealed_dict["questions"]):
        ids = [c.id for c in question.choices]
        if question.type == "single":
            assert len(item["entries"]) == len(ids)
        elif question.type == "multiple":
            assert len(item["entries"]) == 2 ** len(ids) - 1
        assert set(item) <= {"id", "type", "prompt", "unit", "choices", "salt", "entries", "grids"}
        assert all(set(c) == {"id", "text"} for c in item.get("choices", []))
        assert list(item["entries"]) == sorted(item["entries"])  # sorted by locator, not by answer
        assert len({len(blob) for blob in item["entries"].values()}) == 1  # the right one is not the longest


def _tries(question):
    """Right, wrong, edge and unreadable answers for one question."""
    if question.type == "single":
        return [c.id for c in question.choices] + ["", "z", "a, b"]
    if question.type == "multiple":
        ids = [c.id for c in question.choices]
        return [list(s) for n in range(1, len(ids) + 1) for s in itertools.combinations(ids, n)] + [[], "q"]
    if question.type == "numeric":
        a = question.answer
        band = question.tolerance if question.tolerance is not None else abs(a) * question.tolerance_pct / 100
        numbers = [a, a + band, a - band, a + band * 1.01, a - band * 1.01, a + band * 2.5, a * 100, a / 100, 0, -a]
        numbers += [w.value for w in question.common_wrong] + [w.value * 1.001 for w in question.common_wrong]
        return [repr(float(n)) for n in numbers] + ["x", ""]
    return list(question.accept) + [a.upper() + "!" for a in question.accept] + ["Channels", "", "mini"]


def test_sealed_bank_grades_exactly_like_the_plain_one(bank, sealed):
    assert sealed.sealed and sealed.ids == bank.ids
    for question in bank.questions:
        for answer in _tries(question):
            assert grade(sealed.question(question.id), answer) == grade(question, answer), (question.id, answer)


def test_a_share_for_a_percentage_gets_its_hint_from_the_sealed_bank(bank, sealed):
    result = grade(sealed.question("t90-repurchase"), "0.3")
    assert result == grade(bank.question("t90-repurchase"), "0.3") and "percentage" in result.message


def test_explanations_open_only_with_a_right_answer(bank, sealed):
    for question in bank.questions:
        for answer in _tries(question):
            result = grade(sealed.question(question.id), answer)
            assert (question.explanation in result.feedback) == result.correct, (question.id, answer)
    assert grade(sealed.question("t90-gmv"), "4500.8").correct  # within the tolerance band, not only the answer
    assert not grade(sealed.question("t90-gmv"), "4501.5").correct  # in a cell that opens, outside the band


def test_instructor_view_does_not_exist_for_a_sealed_bank(sealed, write_bank, sealed_dict):
    path = write_bank(sealed_dict)
    with pytest.raises(CourseInputError, match="learner's edition.*no answer key") as info:
        show_quiz("90", path=path, instructor=True)
    assert info.value.argument == "instructor"
    for form in (static_html, static_text):
        with pytest.raises(CourseInputError, match="instructor's repository"):
            form(sealed, sealed.questions, instructor=True)
    assert "Answer key" not in show_quiz("90", path=path).static_text()


def test_the_release_seals_with_the_default_cost(bank_dict):
    one = {**bank_dict, "questions": bank_dict["questions"][4:5]}  # one text question: a few slow derivations
    sealed = seal_bank(one)
    assert sealed["kdf"] == {"name": "scrypt", "n": 4096, "r": 8, "p": 1}
    question = bank_from_dict(sealed).questions[0]
    assert grade(question, "小程序").correct and not grade(question, "Channels").correct


def test_sealing_is_reproducible_and_idempotent(bank_dict, sealed_dict):
    assert seal_bank(bank_dict, kdf=FAST) == sealed_dict
    assert seal_bank(sealed_dict) == sealed_dict
    # Keys derived in threads (the default) or one at a time: the same sealed bank.
    assert seal_bank(bank_dict, kdf=FAST, workers=1) == seal_bank(bank_dict, kdf=FAST, workers=4) == sealed_dict


def test_a_key_a_release_needs_in_both_languages_is_derived_once():
    from importlib import resources

    from course_utils.quiz import lock

    folder = resources.files("course_utils") / "quizbanks"
    english, chinese = (yaml.safe_load((path / "tour.yaml").read_text(encoding="utf-8")) for path in (folder, folder / "zh"))
    lock.derive.cache_clear()
    seal_bank(english, kdf=FAST)
    after_english = lock.derive.cache_info()
    sealed_chinese = seal_bank(chinese, kdf=FAST)
    # The Chinese bank's choices and numbers have the English bank's forms and salts: their keys are reused.
    assert lock.derive.cache_info().hits > after_english.hits
    lock.derive.cache_clear()
    assert seal_bank(chinese, kdf=FAST) == sealed_chinese  # the same sealed bank with no key at hand


def test_old_or_costly_sealed_banks_are_reported(sealed_dict, write_bank):
    with pytest.raises(QuizBankError, match="sealed with format 1.*course release"):
        load_bank("90", path=write_bank({**sealed_dict, "sealed": 1}))
    with pytest.raises(QuizBankError, match="kdf n must be a power of two"):
        load_bank("90", path=write_bank({**sealed_dict, "kdf": {"name": "scrypt", "n": 2 ** 30, "r": 8, "p": 1}}))


def test_sealed_bank_may_not_carry_plain_keys(sealed_dict, write_bank):
    broken = yaml.safe_load(yaml.safe_dump(sealed_dict))
    broken["questions"][4]["accept"] = ["小程序"]
    with pytest.raises(QuizBankError, match="'t90-dau-owner'.*must not hold plain-text keys"):
        load_bank("90", path=write_bank(broken))
    broken = yaml.safe_load(yaml.safe_dump(sealed_dict))
    broken["questions"][0]["choices"][0]["correct"] = True
    with pytest.raises(QuizBankError, match="'t90-beta-entry'.*must not hold plain-text keys"):
        load_bank("90", path=write_bank(broken))


def test_a_multiple_choice_question_with_too_many_choices_cannot_be_sealed(fresh_dict):
    fresh_dict["questions"][1]["choices"] = [{"id": f"c{n}", "text": f"Option {n}", "correct": n == 0}
                                             for n in range(9)]
    with pytest.raises(QuizBankError, match="'t90-live-tools'.*more than 8 choices"):
        seal_bank(fresh_dict, kdf=FAST)


def test_key_strings_list_everything_a_leak_scanner_needs(bank, bank_dict):
    keys = bank_key_strings(bank)
    assert keys == bank_key_strings(bank_dict)
    for expected in ["January 2020, already in the Discover tab below Moments", "Coupons", "4500", "30",
                     "小程序", "Mini Programs", bank.question("t90-gmv").explanation,
                     "Not quite: Channels Store came in July 2022, long after the beta."]:
        assert expected in keys
    assert "Automatic price matching against Douyin" not in keys  # a wrong option is not key


def test_the_sealed_widget_points_back_instead_of_revealing_after_wrong_tries(bank, bank_path, sealed_dict,
                                                                              write_bank):
    plain_view = show_quiz("90", path=bank_path).view("t90-gmv")
    sealed_view = show_quiz("90", path=write_bank(sealed_dict)).view("t90-gmv")
    explanation = bank.question("t90-gmv").explanation
    for view in (plain_view, sealed_view):
        for typed in ("7", "8"):
            view.input.value = typed
            view.check()
    assert "GMV = visitors" in plain_view.feedback.value  # the instructor's copy reveals after two tries
    assert "GMV = visitors" not in sealed_view.feedback.value and "opens with the right answer" in sealed_view.feedback.value
    sealed_view.input.value = "4,500"
    assert sealed_view.check().feedback == explanation
    assert "2,000 × 0.03 × 75" in sealed_view.feedback.value
