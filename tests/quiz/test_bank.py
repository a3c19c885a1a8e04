"""Loading banks: the schema, the semantic checks, and errors that name file and question."""

from __future__ import annotations

import pytest

from course_utils.errors import CourseDataError, CourseInputError
from course_utils.quiz import QuizBankError, all_banks, bank_from_dict, grade, load_bank, seal_bank
from course_utils.quiz.lock import KdfParams
from course_utils.quiz.bank import lesson_name


def test_fixture_bank_loads_with_every_type(bank):
    assert bank.lesson == "90"
    assert {q.type for q in bank.questions} == {"single", "multiple", "numeric", "text"}
    assert bank.question("t90-gmv").answer == 4500
    assert bank.question("t90-live-tools").correct_ids == ("a", "b", "c")


@pytest.mark.parametrize("value, expected", [("1", "01"), (1, "01"), ("00", "00"), (" 3 ", "03")])
def test_lesson_names_are_two_digits(value, expected):
    assert lesson_name(value) == expected


@pytest.mark.parametrize("value", [3.5, None, True, "one", "123", ["01"]])
def test_bad_lesson_is_a_kind_input_error(value):
    with pytest.raises(CourseInputError, match="lesson should be a lesson number") as info:
        lesson_name(value)
    assert info.value.argument == "lesson"


def test_missing_bank_lists_the_lessons_that_have_one():
    with pytest.raises(CourseInputError, match="There is no quiz for lesson 89"):
        load_bank("89")


def test_missing_bank_file_names_the_path(tmp_path):
    with pytest.raises(CourseInputError, match="no quiz bank file"):
        load_bank("90", path=tmp_path / "nowhere.yaml")


def test_bank_error_is_a_data_error_that_cli_reports():
    assert issubclass(QuizBankError, CourseDataError)


def test_yaml_syntax_error_names_the_file(bank_path):
    with pytest.raises(QuizBankError, match="broken-yaml.yaml: not valid YAML"):
        load_bank("91", path=bank_path.parent / "broken-yaml.yaml")


def test_lesson_mismatch_is_reported(write_bank, fresh_dict):
    path = write_bank(fresh_dict)
    with pytest.raises(QuizBankError, match="says lesson '90' but was loaded as lesson '02'"):
        load_bank("02", path=path)


def _break(data, index, **changes):
    data["questions"][index].update(changes)
    for key, value in list(changes.items()):
        if value is None:
            del data["questions"][index][key]
    return data


@pytest.mark.parametrize("index, changes, expected", [
    (0, {"type": "essay"}, r"'t90-beta-entry' \(questions\[0\]\).*'essay' is not one of"),
    (2, {"answer": "4500"}, r"'t90-gmv' \(questions\[2\]\) at answer: '4500' is not of type 'number'"),
    (4, {"prompt": ""}, r"'t90-dau-owner' \(questions\[4\]\) at prompt"),
    (1, {"hint": "extra"}, r"'t90-live-tools' \(questions\[1\]\).*'hint' was unexpected"),
])
def test_schema_errors_name_file_question_and_field(write_bank, fresh_dict, index, changes, expected):
    path = write_bank(_break(fresh_dict, index, **changes))
    with pytest.raises(QuizBankError, match=str(path).replace(".", r"\.") + ": question " + expected):
        load_bank("90", path=path)


def _second_correct(data):
    data["questions"][0]["choices"][1]["correct"] = True
    return data


def _no_correct(data):
    for choice in data["questions"][1]["choices"]:
        choice.pop("correct", None)
    return data


def _same_choice_ids(data):
    data["questions"][5]["choices"][2]["id"] = "a"
    return data


def _duplicate_question(data):
    data["questions"][3]["id"] = "t90-gmv"
    return data


@pytest.mark.parametrize("breaker, question, expected", [
    (_second_correct, "t90-beta-entry", "exactly one correct choice; it has 2"),
    (_no_correct, "t90-live-tools", "at least one correct choice"),
    (_same_choice_ids, "t90-iterations-claim", "choice ids must be unique; repeated: a"),
    (_duplicate_question, "t90-gmv", "the id is used twice"),
    (lambda d: _break(d, 2, answer=None), "t90-gmv", "needs an answer"),
    (lambda d: _break(d, 2, tolerance=None), "t90-gmv", "exactly one of tolerance or tolerance_pct"),
    (lambda d: _break(d, 3, tolerance=2), "t90-repurchase", "exactly one of tolerance or tolerance_pct"),
    (lambda d: _break(d, 4, accept=["  "]), "t90-dau-owner", "non-empty accept list"),
    (lambda d: _break(d, 4, choices=[{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]), "t90-dau-owner",
     "a text question has no choices"),
])
def test_semantic_errors_name_file_and_question(write_bank, fresh_dict, breaker, question, expected):
    path = write_bank(breaker(fresh_dict))
    with pytest.raises(QuizBankError) as info:
        load_bank("90", path=path)
    message = str(info.value)
    assert str(path) in message and f"'{question}'" in message and expected in message


def test_a_bank_that_is_not_a_mapping_is_reported(tmp_path):
    path = tmp_path / "lesson-90.yaml"
    path.write_text("- just\n- a list\n", "utf-8")
    with pytest.raises(QuizBankError, match="lesson-90.yaml: bank.*is not of type 'object'"):
        load_bank("90", path=path)


@pytest.mark.parametrize("lesson", ["90 (fixture)", *all_banks()])
def test_every_bank_is_valid_and_its_key_grades_correct(lesson, bank_path):
    """Each lesson bank (and the fixture): valid, at least six questions, its own key is right."""
    from course_utils.quiz.static import key_text

    bank = load_bank("90", path=bank_path) if "fixture" in lesson else load_bank(lesson)
    assert len(bank.questions) >= 6, f"lesson {lesson} has {len(bank.questions)} questions"
    # The student release's copy grades the same (a cheap KDF: its cost does not change what opens).
    sealed = bank_from_dict(seal_bank(bank.raw, kdf=KdfParams(n=16)))
    for question, sealed_question in zip(bank.questions, sealed.questions):
        if question.type in ("single", "multiple"):
            answer = list(question.correct_ids)
        elif question.type == "numeric":
            answer = str(question.answer)
        else:
            answer = question.accept[0]
        assert grade(question, answer).status == "correct", (question.id, key_text(question))
        assert grade(sealed_question, answer) == grade(question, answer), question.id


def test_question_ids_are_unique_across_the_course():
    seen: dict[str, str] = {}
    for lesson in all_banks():
        for qid in load_bank(lesson).ids:
            assert qid not in seen, f"{qid} is in lesson {seen.get(qid)} and lesson {lesson}"
            seen[qid] = lesson


@pytest.mark.parametrize("value", [None, [], {"lesson": "90"}])
def test_sealing_a_malformed_bank_is_a_bank_error(value):
    with pytest.raises(QuizBankError):
        seal_bank(value)
