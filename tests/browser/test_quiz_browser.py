"""The quiz in JupyterLab, in headless Chromium: Run All, answer wrongly, then rightly; and the same
with a kernel slow to take the answers, so that a click overtakes the answer it was meant for."""

from __future__ import annotations

import uuid
from pathlib import Path

import nbformat
import pytest

from course_utils.quiz import all_banks, load_bank

FIXTURE_BANK = Path(__file__).resolve().parent.parent / "quiz" / "banks" / "lesson-90.yaml"

# The banks this test drives: the fixture bank, and the real lesson-00 bank once it ships.
# To drive only the real bank, make this line: QUIZ_BANKS = [("00", None)]
QUIZ_BANKS = [("90", FIXTURE_BANK)] + ([("00", None)] if "00" in all_banks() else [])

pytestmark = pytest.mark.browser


# A kernel slow to take each new value of a quiz's text box (as a loaded machine is): while it is busy
# with one, ipywidgets holds the next in the browser but sends a click at once.
SLOW_TEXT_BOX = """import time
from course_utils.quiz import widget

_make_view = widget.QuestionView.__init__

def _slow_view(self, *args, **kwargs):
    _make_view(self, *args, **kwargs)
    self.input.observe(lambda _change: time.sleep({seconds}), names="value")

widget.QuestionView.__init__ = _slow_view
"""


def _notebook(lesson: str, bank_file: str | None, folder: Path, *, slow_seconds: float = 0) -> Path:
    call = f'show_quiz("{lesson}"' + (f', path="{bank_file}")' if bank_file else ")")
    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    # A learner of its own, so saved results from other tests cannot change the starting score.
    setup = f'import os\nos.environ["COURSE_LEARNER"] = "browser-{uuid.uuid4().hex[:8]}"\n'
    notebook.cells = [nbformat.v4.new_code_cell(setup + "from course_utils.quiz import show_quiz"),
                      nbformat.v4.new_code_cell(call, metadata={"tags": ["quiz"]})]
    if slow_seconds:
        notebook.cells.insert(1, nbformat.v4.new_code_cell(SLOW_TEXT_BOX.format(seconds=slow_seconds)))
    path = folder / f"quiz-{lesson}.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize("lesson, bank_file", QUIZ_BANKS, ids=[lesson for lesson, _ in QUIZ_BANKS])
def test_answer_wrong_then_right_in_jupyterlab(page, open_notebook, run_all, tmp_path, lesson, bank_file):
    from playwright.sync_api import expect

    bank = load_bank(lesson, path=bank_file)
    question = next(q for q in bank.questions if q.type == "single")
    wrong = next(c for c in question.choices if not c.correct)
    right = next(c for c in question.choices if c.correct)
    extra = (Path(bank_file),) if bank_file else ()
    open_notebook(page, _notebook(lesson, Path(bank_file).name if bank_file else None, tmp_path), extra)
    run_all(page)

    quiz = page.locator(".course-quiz")
    expect(quiz).to_be_visible(timeout=60_000)
    score = quiz.locator(".course-quiz-score")
    total = len(bank.questions)
    expect(score).to_have_text(f"Score: 0 / {total} answered correctly")
    block = quiz.locator(".course-quiz-question").filter(has_text=question.prompt[:60])
    feedback = block.locator(".course-quiz-feedback")
    check = block.get_by_role("button", name="Check answer", exact=True)

    block.get_by_role("radio", name=wrong.text, exact=True).check()
    check.click()
    expect(feedback).to_contain_text("Not quite")
    if wrong.feedback:
        expect(feedback).to_contain_text(wrong.feedback[:40])
    expect(score).to_have_text(f"Score: 0 / {total} answered correctly")

    block.get_by_role("radio", name=right.text, exact=True).check()
    check.click()
    expect(feedback).to_contain_text("Correct!")
    expect(score).to_have_text(f"Score: 1 / {total} answered correctly")


def test_a_click_that_overtakes_its_answer_still_grades_that_answer(page, open_notebook, run_all, tmp_path):
    """A learner types a wrong number, checks, types the right one and checks again while the kernel is
    still busy with the first. The second click reaches the kernel before the right number does: it is
    not another wrong try, and the right number is graded as it arrives (``LATE_ANSWER_SECONDS``)."""
    from playwright.sync_api import expect

    bank = load_bank("90", path=FIXTURE_BANK)
    question = next(q for q in bank.questions if q.type == "numeric")
    open_notebook(page, _notebook("90", FIXTURE_BANK.name, tmp_path, slow_seconds=3), (FIXTURE_BANK,))
    run_all(page)

    quiz = page.locator(".course-quiz")
    expect(quiz).to_be_visible(timeout=60_000)
    block = quiz.locator(".course-quiz-question").filter(has_text=question.prompt[:60])
    box = block.locator(".course-quiz-input input")
    check = block.get_by_role("button", name="Check answer", exact=True)
    feedback = block.locator(".course-quiz-feedback")

    box.fill(f"{question.answer * 0.5:g}")
    box.press("Enter")
    check.click()
    box.fill(f"{question.answer:g}")  # held in the browser: the kernel is still taking the first number
    box.press("Enter")
    check.click()  # sent at once, so the kernel sees it with the first number still in the box
    expect(feedback).to_contain_text("Correct!", timeout=30_000)
    expect(quiz.locator(".course-quiz-score")).to_have_text(f"Score: 1 / {len(bank.questions)} answered correctly")
