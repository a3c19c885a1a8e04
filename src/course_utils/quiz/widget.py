"""The self-check quiz widget: answer, press "Check answer", read the feedback, retry.

A :class:`Quiz` displays as live ipywidgets *and*, in the same display bundle,
as a static form (``text/html``, ``text/plain``) for print and for viewers where
widgets do not run. Results are saved per learner (:mod:`course_utils.quiz.progress`)
so that re-running the cell after a kernel restart shows the earlier score. The
widget shows each question's choices in the learner's own order
(:mod:`course_utils.quiz.order`); the static form keeps the bank's printed order.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

import ipywidgets as widgets

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator
from course_utils.quiz.bank import Bank, Question, load_bank
from course_utils.quiz.marking import Result, grade
from course_utils.quiz.order import shuffled
from course_utils.quiz.progress import ProgressStore
from course_utils.quiz.static import how_to_answer, quiz_heading, static_html, static_text
from course_utils.render import render

tr = Translator("quiz")

# After this many wrong tries the explanation is shown, so nobody is left stuck.
REVEAL_AFTER = 2
# ipywidgets sends a click at once but holds a text box's new value while an earlier update of that box
# is still with the kernel, so a click can arrive before the answer it was meant for. A click on the
# answer already checked (or on no answer) leaves the result as it is, not another wrong try, and an
# answer that arrives within this many seconds after it is checked as it arrives.
LATE_ANSWER_SECONDS = 5.0


class QuestionView:
    """The widgets of one question: input, "Check answer" button, feedback."""

    def __init__(self, quiz: "Quiz", number: int, question: Question):
        self.quiz, self.question, self.wrong_tries = quiz, question, 0
        # The learner's own order; answers are still read as choice ids.
        self.choices = shuffled(question, quiz.learner_id)
        prompt = widgets.HTML(render("quiz/question.html.j2", number=number, prompt=question.prompt,
                                     how=how_to_answer(question), unit=question.unit))
        prompt.add_class("course-quiz-prompt")
        if question.type == "single":
            self.input = widgets.RadioButtons(options=[(c.text, c.id) for c in self.choices], value=None,
                                              layout=widgets.Layout(width="auto"))
            self.boxes: list[widgets.Checkbox] = []
        elif question.type == "multiple":
            self.boxes = [widgets.Checkbox(value=False, description=c.text, indent=False,
                                           layout=widgets.Layout(width="auto")) for c in self.choices]
            self.input = widgets.VBox(self.boxes)
        else:
            self.boxes = []
            self.input = widgets.Text(placeholder=question.unit or "", continuous_update=False)
        self.input.add_class("course-quiz-input")
        self.checked: tuple[object, Result] | None = None  # the last answer checked and its result
        self.awaiting_until = 0.0  # until when an answer that arrives is checked (LATE_ANSWER_SECONDS)
        if not self.boxes:  # not ticks: a late first tick would be checked before the others
            self.input.observe(self._late_answer, names="value")
        self.button = widgets.Button(description=tr.gettext("Check answer"))
        self.button.add_class("course-quiz-check")
        self.button.on_click(lambda _button: self.check())
        self.feedback = widgets.HTML()
        self.feedback.add_class("course-quiz-feedback")
        self.widget = widgets.VBox([prompt, self.input, self.button, self.feedback])
        self.widget.add_class("course-quiz-question")

    def answer(self) -> object:
        if self.question.type == "multiple":
            return [c.id for c, box in zip(self.choices, self.boxes) if box.value]
        return self.input.value

    def _late_answer(self, _change) -> None:
        if time.monotonic() < self.awaiting_until:
            self.awaiting_until = 0.0
            self.check()

    def check(self) -> Result:
        answer = self.answer()
        if self.checked is not None and self.checked[0] == answer:
            self.awaiting_until = time.monotonic() + LATE_ANSWER_SECONDS
            return self.checked[1]  # its feedback is on show already
        result = grade(self.question, answer)
        explanation = ""
        lines = [line for line in result.feedback.split("\n") if line]
        if result.status == "incorrect":
            self.wrong_tries += 1
            if self.wrong_tries >= REVEAL_AFTER:
                # A sealed bank has no explanation to give away: only the right answer opens it.
                if self.question.sealed is None:
                    explanation = self.question.explanation
                else:
                    lines.append(tr.gettext("The explanation opens with the right answer: look back at the exhibit "
                                            "or model this question is about, then try again."))
        self.show(result, explanation, lines)
        self.checked = (answer, result)
        if result.status == "invalid":
            self.awaiting_until = time.monotonic() + LATE_ANSWER_SECONDS
        else:
            self.quiz.record(self.question.id, result.correct, answer)
        return result

    def show(self, result: Result, explanation: str = "", lines: list[str] | None = None) -> None:
        if lines is None:
            lines = [line for line in result.feedback.split("\n") if line]
        self.feedback.value = render("quiz/feedback.html.j2", status=result.status, message=result.message,
                                     lines=lines, explanation=explanation, explanation_label=tr.gettext("Explanation"))


class Quiz:
    """One lesson's quiz (or a subset of its questions)."""

    def __init__(self, bank: Bank, questions: Sequence[Question], *, instructor: bool = False,
                 store: ProgressStore | None = None):
        if instructor and bank.sealed:
            raise CourseInputError(tr.gettext("This is the learner's edition of the course: its quizzes are sealed, "
                                              "so there is no answer key to show (instructor=True). The key is in "
                                              "the instructor's repository."), "instructor")
        self.bank, self.questions, self.instructor = bank, list(questions), instructor
        self.store = store or ProgressStore()
        self.learner_id = self.store.learner_id()
        saved = self.store.lesson(bank.lesson)
        self.results = {q.id: bool(saved[q.id].get("correct")) for q in self.questions
                        if isinstance(saved.get(q.id), dict)}
        self.views = [QuestionView(self, n, q) for n, q in enumerate(self.questions, start=1)]
        for view in self.views:
            if view.question.id in self.results:
                earlier = (tr.gettext("You answered this correctly before.") if self.results[view.question.id]
                           else tr.gettext("You tried this before; have another go."))
                view.feedback.value = render("quiz/feedback.html.j2", status="previous", message=earlier,
                                             lines=[], explanation="", explanation_label="")
        heading = widgets.HTML(render("quiz/heading.html.j2", heading=quiz_heading(bank),
                                      intro=tr.gettext("Answer each question and press \"Check answer\". You can "
                                                       "try again as often as you like; your results are saved for "
                                                       "you.")))
        self.notice = widgets.HTML(self.store.notice)
        self.notice.add_class("course-quiz-notice")
        self.score = widgets.HTML()
        self.score.add_class("course-quiz-score")
        self._update_score()
        self.widget = widgets.VBox([heading, self.notice, *[v.widget for v in self.views], self.score])
        self.widget.add_class("course-quiz")

    @property
    def score_text(self) -> str:
        correct = sum(self.results.get(q.id, False) for q in self.questions)
        return tr.gettext("Score: {correct} / {total} answered correctly", correct=correct, total=len(self.questions))

    def _update_score(self) -> None:
        self.score.value = render("quiz/score.html.j2", text=self.score_text)

    def record(self, question_id: str, correct: bool, answer: object = None) -> None:
        self.results[question_id] = correct
        self._update_score()
        problem = self.store.record(self.bank.lesson, question_id, correct, answer)
        self.notice.value = problem or self.store.notice

    def view(self, question_id: str) -> QuestionView:
        """The widgets of one question (for tests and for instructors' demonstrations)."""
        return next(v for v in self.views if v.question.id == question_id)

    def static_html(self) -> str:
        return static_html(self.bank, self.questions, instructor=self.instructor)

    def static_text(self) -> str:
        return static_text(self.bank, self.questions, instructor=self.instructor)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self.static_text(), "text/html": self.static_html()}
        widget_bundle = self.widget._repr_mimebundle_() or {}
        if "application/vnd.jupyter.widget-view+json" in widget_bundle:
            bundle["application/vnd.jupyter.widget-view+json"] = \
                widget_bundle["application/vnd.jupyter.widget-view+json"]
        metadata = {"course_utils": {"quiz": self.bank.lesson, "questions": [q.id for q in self.questions],
                                     "instructor": self.instructor}}
        return bundle, metadata


def show_quiz(lesson, ids=None, *, instructor=False, path=None) -> Quiz:
    """The quiz of ``lesson`` ("01" or 1), optionally only the questions ``ids``.

    ``instructor=True`` adds the key and explanations to the static form (the
    instructor's repository only: a sealed bank has no key to show, and says so);
    ``path`` reads a bank file instead of the shipped one.
    """
    if not isinstance(instructor, bool):
        raise CourseInputError(tr.gettext("instructor should be True or False; got {kind}.",
                                          kind=type(instructor).__name__),
                               "instructor")
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise CourseInputError(tr.gettext("path should be a file path; got {kind}.", kind=type(path).__name__), "path")
    bank = load_bank(lesson, path=path)
    if isinstance(ids, str):
        ids = [ids]  # one question id is a list of one
    if ids is None:
        questions = list(bank.questions)
    elif not isinstance(ids, (list, tuple)) or not ids or not all(isinstance(i, str) for i in ids):
        if isinstance(ids, (list, tuple)):
            # Name what is wrong inside the list, not the list itself.
            kind = tr.gettext("an empty list") if not ids else repr(next(i for i in ids if not isinstance(i, str)))
        else:
            kind = type(ids).__name__
        raise CourseInputError(tr.gettext("ids should be a list of question ids, such as [\"l01-gmv\"]; got {kind}.",
                                          kind=kind), "ids")
    else:
        questions = [bank.question(i) for i in ids]
    return Quiz(bank, questions, instructor=instructor)
