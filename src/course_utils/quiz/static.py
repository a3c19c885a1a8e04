"""The quiz as a static form: numbered questions with empty boxes, for print and viewers.

The student form is built from a context that never contains the key, so the
key cannot leak through a template slip; ``instructor=True`` adds the key,
the explanations, the per-choice feedback and the feedback on common wrong
numbers. A sealed bank (the student release) has no key, so its instructor
form does not exist: asking for it raises :class:`CourseInputError`. Choices keep the bank's order (the printed order); only the live
widget shuffles them, per learner (:mod:`course_utils.quiz.order`).
"""

from __future__ import annotations

from collections.abc import Sequence

from course_utils.cjk import CJK_PUNCTUATION_CHAR, HAN_CHAR
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator, language
from course_utils.quiz.bank import Bank, Question
from course_utils.render import render

tr = Translator("quiz")


# How an answer writes its unit: before the number, close after it, else after a space.
PREFIX_UNITS = frozenset({"RMB"})  # i18n: not translated (units as the quiz banks spell them)
CLOSE_UNITS = frozenset({"%", "×"})


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def amount(value, unit: str | None = "") -> str:
    """A number with its unit as the course writes it: RMB before, % and × close after.

    >>> amount(4500, "RMB"), amount(1.8, "%"), amount(3.0, "×"), amount(1200, "customers")
    ('RMB 4,500', '1.8%', '3×', '1,200 customers')
    >>> amount(94500, "元")  # spaced, as the course writes "约 90 分钟" and "150 元"
    '94,500 元'
    """
    number = _number(value) if isinstance(value, (int, float)) else str(value)
    if not unit:
        return number
    if unit in PREFIX_UNITS:
        return f"{unit} {number}"
    if unit in CLOSE_UNITS:
        return f"{number}{unit}"
    return f"{number} {unit}"


def accepted_text(accept: Sequence[str], lang: str | None = None) -> str:
    """A text question's key as a printed answer key gives it: the first accepted answer written in
    the course language, then the first in the other script. The grader takes every spelling in the
    bank; a key that listed them all (eighteen for one Chinese question) would read as a word list.

    >>> accepted_text(["Mini Programs", "Mini Program", "mini-programs", "小程序"], "en")
    'Mini Programs / 小程序'
    >>> accepted_text(["dwell time", "dwell", "停留时长", "停留时间", "观看时长"], "zh")
    '停留时长 / dwell time'
    >>> accepted_text(["GMV"], "zh")
    'GMV'
    """
    answers = [str(answer) for answer in accept]
    chinese = [answer for answer in answers if HAN_CHAR.search(answer)]
    latin = [answer for answer in answers if not HAN_CHAR.search(answer)]
    first, second = (chinese, latin) if (lang or language()) == "zh" else (latin, chinese)
    return " / ".join(group[0] for group in (first, second) if group)


def choices_text(right: Sequence[tuple[str, str]]) -> str:
    """The right choices of a question as (id, text) pairs, written as the printed quiz labels them.

    A choice's closing full stop is left out: the next choice follows on the same line.

    >>> choices_text([("b", "Short video."), ("c", "Live streaming.")])
    'b. Short video; c. Live streaming'
    """
    return tr.gettext("; ").join(f"{choice}. {text.rstrip().rstrip('.。')}" for choice, text in right)


def tolerance_text(tolerance: float | None, tolerance_pct: float | None) -> str:
    """How far from a numeric key an answer may be, as the keys print it.

    >>> tolerance_text(1, None), tolerance_text(None, 2.5)
    ('within ±1', 'within ±2.5%')
    """
    if tolerance_pct is not None:
        return tr.gettext("within ±{tolerance:g}%", tolerance=tolerance_pct)
    return tr.gettext("within ±{tolerance:g}", tolerance=tolerance or 0)


def numeric_key(value, unit, tolerance: float | None, tolerance_pct: float | None) -> str:
    """A numeric question's key: the amount and how far from it an answer may be (Chinese brackets in Chinese).

    >>> numeric_key(4500, "RMB", 1, None)
    'RMB 4,500 (within ±1)'
    """
    return tr.gettext("{answer} ({spread})", answer=amount(value, unit), spread=tolerance_text(tolerance, tolerance_pct))


def key_text(question: Question) -> str:
    """The answer key of one question, as one line."""
    if question.type in ("single", "multiple"):
        return choices_text([(c.id, c.text) for c in question.choices if c.correct])
    if question.type == "numeric":
        return numeric_key(question.answer, question.unit, question.tolerance, question.tolerance_pct)
    return accepted_text(question.accept)


def quiz_heading(bank: Bank) -> str:
    """The quiz's heading, the same in the notebook and on paper."""
    return tr.gettext("Self-check quiz — {title}", title=bank.title)


def how_to_answer(question: Question) -> str:
    return {"single": tr.gettext("Choose one."), "multiple": tr.gettext("Choose all that apply.")}.get(question.type, "")


def _context(question: Question, instructor: bool) -> dict:
    item = {"id": question.id, "type": question.type, "prompt": question.prompt, "unit": question.unit,
            "how": how_to_answer(question),
            "choices": [{"id": c.id, "text": c.text} for c in question.choices]}
    if instructor:
        item["choices"] = [{"id": c.id, "text": c.text, "correct": c.correct, "feedback": c.feedback}
                           for c in question.choices]
        item["key"] = key_text(question)
        item["explanation"] = question.explanation
        item["common_wrong"] = [{"label": tr.gettext("If the answer is {value}", value=amount(w.value, question.unit)),
                                 "feedback": w.feedback} for w in question.common_wrong]
    return item


def _no_key_in_sealed(bank: Bank, instructor: bool) -> None:
    if instructor and bank.sealed:
        raise CourseInputError(tr.gettext("This is the learner's edition of the course: its quizzes are sealed, so "
                                          "there is no answer key to show (instructor=True). The key is in the "
                                          "instructor's repository."), "instructor")


def static_html(bank: Bank, questions: Sequence[Question], *, instructor: bool = False) -> str:
    """The form as HTML (``templates/quiz/static.html.j2``)."""
    _no_key_in_sealed(bank, instructor)
    return render("quiz/static.html.j2", lesson=bank.lesson, instructor=instructor,
                  heading=quiz_heading(bank),
                  instructor_heading=tr.gettext("Instructor copy: with answer key"),
                  questions=[_context(q, instructor) for q in questions],
                  answer_label=tr.gettext("Answer:"), key_label=tr.gettext("Answer key"),
                  explanation_label=tr.gettext("Explanation"))


def _then(text: str, more: str) -> str:
    """``more`` after ``text``: with a space, except after Chinese punctuation, which carries its own.

    >>> _then("Which is right?", "Choose one."), _then("哪一项正确？", "单选。"), _then("答案：", "____")
    ('Which is right? Choose one.', '哪一项正确？单选。', '答案：____')
    >>> _then("Who runs 视频号", "Choose one.")
    'Who runs 视频号 Choose one.'
    """
    return text + ("" if text and CJK_PUNCTUATION_CHAR.match(text[-1]) else " ") + more


def static_text(bank: Bank, questions: Sequence[Question], *, instructor: bool = False) -> str:
    """The form as plain text, for terminals and text-only viewers."""
    _no_key_in_sealed(bank, instructor)
    lines = [quiz_heading(bank)]
    if instructor:
        lines.append(tr.gettext("Instructor copy: with answer key"))
    for number, question in enumerate(questions, start=1):
        item = _context(question, instructor)
        lines += ["", f"{number}. " + (_then(item["prompt"], item["how"]) if item["how"] else item["prompt"])]
        box = "( )" if question.type == "single" else "[ ]"
        for choice in item["choices"]:
            key = tr.pgettext("after the right choice in the instructor copy", " (key)") if choice.get("correct") else ""
            lines.append(f"   {box} {choice['id']}. {choice['text']}{key}")
            if choice.get("feedback"):
                lines.append(f"         {choice['feedback']}")
        if not item["choices"]:
            lines.append("   " + _then(tr.gettext("Answer:"), "____________") + (f" {item['unit']}" if item["unit"] else ""))
        if instructor:
            colon = tr.pgettext("between a label and its text", ": ")
            lines.append(f"   {tr.gettext('Answer key')}{colon}{item['key']}")
            if item["explanation"]:
                lines.append(f"   {tr.gettext('Explanation')}{colon}{item['explanation']}")
            for slip in item["common_wrong"]:
                lines.append(f"   {slip['label']}{colon}{slip['feedback']}")
    return "\n".join(lines)
