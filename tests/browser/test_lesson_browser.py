"""Lesson 3 in JupyterLab, in headless Chromium, driven the way a learner drives it.

Run All on a copy of the real lesson, then: no cell shows an error; moving a slider
of the P&L explorer redraws its figure and summary from the model; pushing the
discount of the uplift explorer up to the margin shows the kind message (and moving
it back clears it); a quiz question answered wrongly and then rightly updates the
feedback and the score line.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course_utils.explorers.commerce import pnl_model
from course_utils.i18n import Translator
from course_utils.quiz import load_bank

LESSON = Path(__file__).resolve().parents[2] / "lessons" / "03-commerce-loop.ipynb"
QUIZ_QUESTION = "l03-break-even"  # a numeric question: typed into a text box
WAIT = 60_000  # milliseconds; generous, because two cores are shared by everyone
ERROR_WORDS = re.compile(r"Traceback|\b\w*Error\b|Error displaying widget|Failed to load model")

pytestmark = pytest.mark.browser


def _code_cell_count() -> int:
    notebook = nbformat.read(LESSON, as_version=4)
    return sum(cell.cell_type == "code" for cell in notebook.cells)


def _label(page, text: str):
    return page.locator("label", has_text=re.compile(f"^{re.escape(text)}$"))


def _slider(explorer, label: str):
    """The ipywidgets slider of ``explorer`` whose description is ``label``."""
    return explorer.locator(".widget-slider").filter(has=_label(explorer.page, label))


def _press(slider, key: str, times: int = 1) -> None:
    handle = slider.locator(".noUi-handle")
    handle.focus()
    for _ in range(times):
        handle.press(key)


def _error_outputs(page) -> list[str]:
    """The text of every output that reports an error (text_content: off-screen cells count too)."""
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    problems = [t for t in stderr.all_text_contents() if ERROR_WORDS.search(t)]
    widgets = page.locator(".jp-OutputArea-output").filter(
        has_text=re.compile("Error displaying widget|Failed to load model"))
    return problems + widgets.all_text_contents()


def _score(quiz) -> tuple[int, int]:
    text = quiz.locator(".course-quiz-score").text_content()
    found = re.search(r"(\d+) / (\d+)", text)
    assert found, f"no score line in {text!r}"
    return int(found[1]), int(found[2])


@pytest.fixture
def lesson_page(page, open_notebook, run_all):
    """The lesson copied into the server, opened, and run top to bottom."""
    from playwright.sync_api import expect

    open_notebook(page, LESSON)
    run_all(page)
    # The quiz is the last code cell: once it shows, every cell has been reached.
    expect(page.locator(".course-quiz")).to_be_visible(timeout=WAIT * 3)
    page.locator('[title^="Change kernel for"]', has_text="Idle").first.wait_for(timeout=WAIT)
    return page


def test_lesson_03_runs_and_its_widgets_respond(lesson_page):
    from playwright.sync_api import expect

    page = lesson_page

    # 1. Every code cell ran, and none shows an error.
    prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt")
    expect(prompts).to_have_count(_code_cell_count())
    texts = prompts.all_text_contents()
    assert all(re.fullmatch(r"\[\d+\]:", t.strip()) for t in texts), texts
    assert _error_outputs(page) == []
    explorers = page.locator(".course-explorer")
    expect(explorers).to_have_count(3)

    # 2. Three steps right on the P&L explorer's visitors slider: the figure and the
    #    summary are redrawn for 23,000 visitors, and no message appears.
    pnl = explorers.filter(has=_label(page, Translator("commerce").gettext("Visitors (UV)")))
    figure, summary = pnl.locator("img.course-explorer-figure"), pnl.locator(".course-explorer-summary")
    # The live explorer carries its caption: the lesson refers to Exhibit 3.5's source line.
    expect(pnl.locator(".course-explorer-title")).to_have_text(
        f"Exhibit 3.5 — {Translator('commerce').gettext('Session P&L: from GMV to contribution')}")
    caption = pnl.locator(".course-explorer-caption")
    expect(caption.locator(".exhibit-source")).to_be_visible()
    expect(caption).to_contain_text("Source: ")
    expect(caption).to_contain_text(Translator("common").gettext("synthetic data generated for this course"))
    expect(summary).to_contain_text(f"{pnl_model(20_000, 0.025, 220.0, 20.0, 0.10).orders:,.0f}")
    src_before, summary_before = figure.get_attribute("src"), summary.text_content()
    visitors = _slider(pnl, Translator("commerce").gettext("Visitors (UV)"))
    _press(visitors, "ArrowRight", 3)
    expect(visitors.locator(".widget-readout")).to_have_text("23000", timeout=WAIT)
    moved = pnl_model(23_000, 0.025, 220.0, 20.0, 0.10)
    expect(summary).to_contain_text(f"RMB {moved.gmv:,.0f}", timeout=WAIT)
    expect(summary).to_contain_text(f"{moved.orders:,.0f}")
    expect(figure).not_to_have_attribute("src", src_before or "", timeout=WAIT)
    assert summary.text_content() != summary_before
    expect(pnl.locator(".course-explorer-message")).to_have_text("")

    # 3. The uplift explorer's discount pushed to its top (60%) meets the 40% margin:
    #    the kind message shows, and no traceback; back to 0% clears it.
    uplift = explorers.filter(has=_label(page, Translator("commerce").gettext("Margin")))
    message = uplift.locator(".course-explorer-message")
    expect(message).to_have_text("")
    discount = _slider(uplift, Translator("commerce").gettext("Discount"))
    _press(discount, "End")
    expect(discount.locator(".widget-readout")).to_have_text("60%", timeout=WAIT)
    reason = Translator("commerce").gettext("discount ({discount}) is at least as large as the margin ({margin}): "
                                            "every unit then earns nothing or loses money, so no rise in volume can "
                                            "break even. Choose a discount below the margin.", discount="60%", margin="40%")
    expect(message.locator(".course-warning-text")).to_have_text(reason, timeout=WAIT)
    expect(message.locator(".course-warning")).to_be_visible()
    expect(message.locator(".course-warning-heading")).not_to_be_empty()
    assert not ERROR_WORDS.search(uplift.text_content())
    _press(discount, "Home")
    expect(discount.locator(".widget-readout")).to_have_text("0%", timeout=WAIT)
    expect(message).to_have_text("", timeout=WAIT)
    expect(uplift.locator(".course-explorer-summary")).to_contain_text(Translator("commerce").gettext("Break-even volume uplift"))

    # 4. The break-even question: a wrong number, then the right one, through the widgets.
    bank = load_bank("03")
    question = bank.question(QUIZ_QUESTION)
    quiz = page.locator(".course-quiz")
    correct_before, total = _score(quiz)
    assert total == len(bank.questions)
    block = quiz.locator(".course-quiz-question").filter(has_text=question.prompt[:60])
    expect(block).to_have_count(1)
    box = block.locator(".course-quiz-input input")
    check = block.get_by_role("button", name=Translator("quiz").gettext("Check answer"), exact=True)
    feedback = block.locator(".course-quiz-feedback")
    score = quiz.locator(".course-quiz-score")
    expect(feedback).to_have_text("")  # not answered before, so a right answer must add one

    box.fill(f"{question.answer * 0.5:g}")  # half the uplift: the wrong answer of someone who forgot m − d
    box.press("Enter")
    check.click()
    expect(feedback.locator(".course-quiz-incorrect")).to_be_visible(timeout=WAIT)
    expect(feedback).to_contain_text(Translator("quiz").gettext("Not quite. Try again."))
    expect(score).to_have_text(Translator("quiz").gettext("Score: {correct} / {total} answered correctly", correct=correct_before, total=total))

    box.fill(f"{question.answer:g}")
    box.press("Enter")
    check.click()
    expect(feedback.locator(".course-quiz-correct")).to_be_visible(timeout=WAIT)
    expect(feedback).to_contain_text(Translator("quiz").gettext("Correct!"))
    expect(score).to_have_text(Translator("quiz").gettext("Score: {correct} / {total} answered correctly", correct=correct_before + 1, total=total), timeout=WAIT)


def test_the_error_check_sees_a_failing_cell(page, open_notebook, run_all, tmp_path):
    """The check of step 1 is not vacuous: a cell that raises is reported."""
    from playwright.sync_api import expect

    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell('print("fine")'),
                      nbformat.v4.new_code_cell('raise ValueError("margin must exceed discount")')]
    path = tmp_path / "failing.ipynb"
    nbformat.write(notebook, path)
    open_notebook(page, path)
    run_all(page)
    expect(page.locator(".jp-OutputArea-output", has_text="fine")).to_have_count(1, timeout=WAIT)
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    expect(stderr).to_have_count(1, timeout=WAIT)
    found = _error_outputs(page)
    assert len(found) == 1 and "ValueError" in found[0], found
