"""Numeric questions with feedback for their predictable wrong answers (``common_wrong``)."""

from __future__ import annotations

import pytest
import yaml

from course_utils.instructor.leaks import quiz_strings
from course_utils.quiz import QuizBankError, all_banks, bank_from_dict, bank_secret_strings, grade, load_bank, seal_bank
from course_utils.quiz.lock import KdfParams
from course_utils.quiz.static import static_html, static_text

GMV_SLIP = "RMB 150,000 would mean every visitor buys; only 3% of them do."
REPURCHASE_SLIP = "That divides by the 420 customers who ordered once; the rate divides by everyone who ordered."


@pytest.mark.parametrize("answer", ["150000", "150,000", "RMB 150,001", "149999", "15万"])
def test_a_listed_wrong_value_gets_its_own_feedback(bank, answer):
    result = grade(bank.question("t90-gmv"), answer)
    assert result.status == "incorrect" and result.feedback == GMV_SLIP
    assert result.message == "Not quite. Try again."


@pytest.mark.parametrize("qid, answer, slip", [
    ("t90-gmv", "150001", True), ("t90-gmv", "150002", False),
    ("t90-repurchase", "42.9", True), ("t90-repurchase", "42.85", True), ("t90-repurchase", "42.8", True),
    ("t90-repurchase", "42.7", False), ("t90-repurchase", "43.1", False)])
def test_slip_tolerance_is_the_questions_unless_given(bank, qid, answer, slip):
    """t90-gmv's slip takes the question's ±1; t90-repurchase's slip sets its own ±0.1 (not the question's 1 %)."""
    result = grade(bank.question(qid), answer)
    assert result.status == "incorrect"
    assert (result.feedback in (GMV_SLIP, REPURCHASE_SLIP)) == slip


def test_a_percentage_slip_defaults_to_the_same_percentage_of_the_wrong_value(fresh_dict):
    question = dict(fresh_dict["questions"][3], common_wrong=[{"value": 200, "feedback": "Upside down."}])
    bank = bank_from_dict(dict(fresh_dict, questions=[question]))
    for answer, slip in [("200", True), ("201.9", True), ("202.1", False), ("198.1", True)]:
        assert (grade(bank.questions[0], answer).feedback == "Upside down.") == slip, answer


def test_right_answers_and_other_wrong_answers_are_unchanged(bank):
    right = grade(bank.question("t90-gmv"), "4500")
    assert right.correct and GMV_SLIP not in right.feedback
    assert grade(bank.question("t90-gmv"), "45000").feedback == ""
    # The generic share-versus-percent hint still works where no slip is listed.
    assert "You may have entered a share" in grade(bank.question("t90-repurchase"), "0.3").message


def test_a_matched_slip_replaces_the_generic_share_hint(fresh_dict):
    question = dict(fresh_dict["questions"][3], common_wrong=[{"value": 0.3, "tolerance": 0.001,
                                                                "feedback": "A share again."}])
    result = grade(bank_from_dict(dict(fresh_dict, questions=[question])).questions[0], "0.3")
    assert result.feedback == "A share again." and result.message == "Not quite. Try again."


@pytest.mark.parametrize("entry, expected", [
    ({"value": "4", "feedback": "x"}, r"common_wrong\.0\.value: '4' is not of type 'number'"),
    ({"value": True, "feedback": "x"}, r"common_wrong\.0\.value: True is not of type 'number'"),
    ({"value": 4}, r"common_wrong\.0: 'feedback' is a required property"),
    ({"value": 4, "feedback": ""}, r"common_wrong\.0\.feedback"),
    ({"value": 4, "feedback": "   "}, r"common_wrong\.0\.feedback: '   ' does not match"),
    ({"value": 4, "feedback": "x", "tolerance": -1}, r"common_wrong\.0\.tolerance: -1 is less than the minimum"),
    ({"value": 4, "feedback": "x", "hint": "y"}, r"common_wrong\.0: .*'hint' was unexpected"),
])
def test_schema_names_the_bad_field(write_bank, fresh_dict, entry, expected):
    fresh_dict["questions"][2]["common_wrong"] = [entry]
    path = write_bank(fresh_dict)
    with pytest.raises(QuizBankError, match=r"question 't90-gmv' \(questions\[2\]\) at " + expected):
        load_bank("90", path=path)


@pytest.mark.parametrize("index, entries, expected", [
    (2, [{"value": 4500.5, "feedback": "x"}], "common_wrong[0] value 4500.5 is within the tolerance of the answer "
                                              "4500, so it would be graded correct"),
    (3, [{"value": 30.2, "feedback": "x"}], "common_wrong[0] value 30.2 is within the tolerance of the answer 30"),
    (2, [{"value": 450, "feedback": "x"}, {"value": 450.0, "feedback": "y"}], "common_wrong[1] repeats the value 450"),
    (0, [{"value": 4, "feedback": "x"}], "common_wrong is for numeric questions only, not single ones"),
    (4, [{"value": 4, "feedback": "x"}], "common_wrong is for numeric questions only, not text ones"),
])
def test_semantic_errors_name_file_and_question(write_bank, fresh_dict, index, entries, expected):
    fresh_dict["questions"][index]["common_wrong"] = entries
    path = write_bank(fresh_dict)
    with pytest.raises(QuizBankError) as info:
        load_bank("90", path=path)
    qid = fresh_dict["questions"][index]["id"]
    assert str(path) in str(info.value) and f"'{qid}'" in str(info.value) and expected in str(info.value)


def test_slip_feedback_is_part_of_the_key_sealed_and_scanned(bank, bank_dict, write_bank, tmp_path):
    assert GMV_SLIP in bank_secret_strings(bank) and REPURCHASE_SLIP in bank_secret_strings(bank_dict)
    sealed_text = yaml.safe_dump(seal_bank(bank_dict, kdf=KdfParams(n=16)), allow_unicode=True)
    assert GMV_SLIP not in sealed_text and "common_wrong" not in sealed_text and "150000" not in sealed_text
    sealed = load_bank("90", path=write_bank(seal_bank(bank_dict, kdf=KdfParams(n=16))))
    for qid, answer in [("t90-gmv", "150000"), ("t90-gmv", "150002"), ("t90-repurchase", "42.9")]:
        assert grade(sealed.question(qid), answer) == grade(bank.question(qid), answer)
    (tmp_path / "lesson-90.yaml").write_text(yaml.safe_dump(bank_dict, allow_unicode=True), "utf-8")
    assert GMV_SLIP in quiz_strings(tmp_path)  # the release's leak scan looks for it


def test_a_sealed_bank_may_not_carry_plain_slips(bank_dict, write_bank):
    sealed = seal_bank(bank_dict, kdf=KdfParams(n=16))
    sealed["questions"][2]["common_wrong"] = [{"value": 150000, "feedback": GMV_SLIP}]
    with pytest.raises(QuizBankError, match="'t90-gmv'.*must not hold plain-text keys"):
        load_bank("90", path=write_bank(sealed))


def test_only_the_instructor_form_shows_the_slips(bank):
    assert GMV_SLIP not in static_text(bank, bank.questions) and GMV_SLIP not in static_html(bank, bank.questions)
    text = static_text(bank, bank.questions, instructor=True)
    assert f"If the answer is RMB 150,000: {GMV_SLIP}" in text
    assert f"If the answer is 42.9 percent: {REPURCHASE_SLIP}" in text
    assert "course-quiz-common-wrong" in static_html(bank, bank.questions, instructor=True)


def test_course_banks_list_slips_and_each_one_gets_its_own_feedback():
    numeric = [q for lesson in all_banks() for q in load_bank(lesson).questions if q.type == "numeric"]
    with_slips = [q for q in numeric if q.common_wrong]
    growth = load_bank("00").question("l00-growth-multiple")
    assert growth in with_slips and "growth, not the multiple" in grade(growth, "4").feedback  # the trap it tests
    for question in with_slips:
        for slip in question.common_wrong:
            result = grade(question, str(slip.value))
            assert result.status == "incorrect" and result.feedback == slip.feedback, (question.id, slip.value)


def test_a_tampered_sealed_entry_opens_nothing(bank, bank_dict, write_bank):
    """A changed byte fails the tag: the slip's feedback no longer opens, and nothing crashes."""
    sealed = seal_bank(bank_dict, kdf=KdfParams(n=16))
    entries = sealed["questions"][2]["entries"]
    for locator, blob in entries.items():
        entries[locator] = ("A" if blob[0] != "A" else "B") + blob[1:]
    question = load_bank("90", path=write_bank(sealed)).question("t90-gmv")
    assert grade(bank.question("t90-gmv"), "150000").feedback == GMV_SLIP
    assert grade(question, "150000") == grade(question, "4500") == grade(bank.question("t90-gmv"), "7")
