"""The quiz widget driven in-process: set values, press "Check answer", read feedback and score."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from course_utils.errors import CourseInputError
from course_utils.quiz import show_quiz


@pytest.fixture
def quiz(bank_path):
    return show_quiz("90", path=bank_path)


def _set(view, answer):
    if view.question.type == "multiple":
        for choice, box in zip(view.choices, view.boxes):  # the learner's order
            box.value = choice.id in answer
    else:
        view.input.value = answer


def test_widgets_per_question_type(quiz):
    kinds = {v.question.id: type(v.input) for v in quiz.views}
    assert kinds == {"t90-beta-entry": widgets.RadioButtons, "t90-live-tools": widgets.VBox,
                     "t90-gmv": widgets.Text, "t90-repurchase": widgets.Text, "t90-dau-owner": widgets.Text,
                     "t90-iterations-claim": widgets.RadioButtons}
    assert all(isinstance(box, widgets.Checkbox) for box in quiz.view("t90-live-tools").boxes)
    assert quiz.view("t90-beta-entry").input.value is None  # nothing pre-selected
    assert {v.button.description for v in quiz.views} == {"Check answer"}
    assert "course-quiz" in quiz.widget._dom_classes
    assert quiz.score_text == "Score: 0 / 6 answered correctly"


def test_wrong_then_right_answer_updates_feedback_and_score(quiz):
    view = quiz.view("t90-beta-entry")
    _set(view, "c")
    view.button.click()
    assert "Not quite" in view.feedback.value and "course-quiz-incorrect" in view.feedback.value
    assert "Channels Store came in July 2022" in view.feedback.value
    assert "Explanation" not in view.feedback.value
    assert quiz.score.value == "<strong>Score: 0 / 6 answered correctly</strong>"
    _set(view, "a")
    view.button.click()
    assert "Correct!" in view.feedback.value and "course-quiz-correct" in view.feedback.value
    assert "Youzan article implies" in view.feedback.value
    assert quiz.score_text == "Score: 1 / 6 answered correctly"


def test_explanation_is_revealed_after_two_wrong_tries(quiz):
    view = quiz.view("t90-gmv")
    for answer in ("450", "45000"):
        _set(view, answer)
        view.button.click()
    assert "Explanation" in view.feedback.value and "2,000 × 0.03 × 75" in view.feedback.value


def test_a_click_that_overtakes_its_answer_is_not_a_wrong_try_and_the_answer_is_checked_when_it_arrives(quiz):
    # In a browser a click can reach the kernel before the text box's new value (see LATE_ANSWER_SECONDS).
    view = quiz.view("t90-gmv")
    _set(view, "450")
    view.button.click()
    view.button.click()  # the click meant for the next answer, which has not arrived yet
    assert view.wrong_tries == 1 and "Explanation" not in view.feedback.value
    _set(view, "4500")  # ...and now it has: checked as it arrives
    assert "Correct!" in view.feedback.value and quiz.score_text == "Score: 1 / 6 answered correctly"


def test_an_answer_changed_long_after_a_check_waits_for_the_button(quiz, monkeypatch):
    from course_utils.quiz import widget

    view = quiz.view("t90-gmv")
    _set(view, "450")
    view.button.click()
    monkeypatch.setattr(widget, "LATE_ANSWER_SECONDS", -1.0)  # the window already closed
    view.button.click()
    _set(view, "4500")
    assert "Not quite" in view.feedback.value and quiz.score_text == "Score: 0 / 6 answered correctly"
    view.button.click()
    assert "Correct!" in view.feedback.value


def test_invalid_input_is_a_kind_message_and_not_saved(quiz, progress_dir):
    view = quiz.view("t90-gmv")
    _set(view, "four thousand five hundred")
    view.button.click()
    assert "Please enter a number" in view.feedback.value and "course-quiz-invalid" in view.feedback.value
    view = quiz.view("t90-live-tools")
    view.button.click()
    assert "Please choose an answer first." in view.feedback.value
    saved = json.loads((progress_dir / "progress.json").read_text("utf-8"))  # it holds the learner id
    assert saved["learners"] == {}


def test_every_question_answered_right_gives_full_score(quiz):
    answers = {"t90-beta-entry": "a", "t90-live-tools": ["a", "b", "c"], "t90-gmv": "RMB 4,500",
               "t90-repurchase": "30%", "t90-dau-owner": "小程序", "t90-iterations-claim": "b"}
    for qid, answer in answers.items():
        _set(quiz.view(qid), answer)
        quiz.view(qid).button.click()
    assert quiz.score_text == "Score: 6 / 6 answered correctly"


def test_score_survives_a_new_quiz_object(bank_path):
    first = show_quiz("90", path=bank_path)
    _set(first.view("t90-gmv"), "4500")
    first.view("t90-gmv").button.click()
    _set(first.view("t90-dau-owner"), "Channels")
    first.view("t90-dau-owner").button.click()
    again = show_quiz("90", path=bank_path)  # as after a kernel restart: state comes from the file
    assert again.score_text == "Score: 1 / 6 answered correctly"
    assert "You answered this correctly before." in again.view("t90-gmv").feedback.value
    assert "You tried this before" in again.view("t90-dau-owner").feedback.value


def test_subset_of_questions(bank_path):
    quiz = show_quiz("90", ["t90-gmv", "t90-dau-owner"], path=bank_path)
    assert [v.question.id for v in quiz.views] == ["t90-gmv", "t90-dau-owner"]
    assert quiz.score_text == "Score: 0 / 2 answered correctly"
    assert [v.question.id for v in show_quiz("90", "t90-gmv", path=bank_path).views] == ["t90-gmv"]


def test_display_bundle_has_widget_static_form_and_metadata(quiz, bank_path):
    bundle, metadata = quiz._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == quiz.widget.model_id
    assert "course-quiz-static" in bundle["text/html"] and "Answer key" not in bundle["text/html"]
    assert bundle["text/plain"].startswith("Self-check quiz — ")
    assert metadata == {"course_utils": {"quiz": "90", "questions": quiz.bank.ids, "instructor": False}}
    instructor, _ = show_quiz("90", path=bank_path, instructor=True)._repr_mimebundle_()
    assert "Answer key" in instructor["text/html"] and "Answer key" in instructor["text/plain"]


@pytest.mark.parametrize("args, kwargs, match", [
    ((3.5,), {}, "lesson should be a lesson number"),
    (("90",), {"ids": 7}, "ids should be a list of question ids"),
    (("90",), {"ids": []}, "got an empty list"),
    (("90",), {"ids": ["t90-gmv", 1]}, "got 1"),
    (("90",), {"ids": ["t90-nope"]}, 'There is no question "t90-nope"'),
    (("90",), {"instructor": "yes"}, "instructor should be True or False"),
    (("90",), {"path": 12}, "path should be a file path"),
])
def test_wrong_arguments_give_a_clear_message(bank_path, args, kwargs, match):
    kwargs.setdefault("path", bank_path)
    with pytest.raises(CourseInputError, match=match):
        show_quiz(*args, **kwargs)
