"""Choices shuffled per learner and question: stable across restarts, different between learners."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

from course_utils.quiz import Quiz, all_banks, grade, load_bank, show_quiz
from course_utils.quiz.order import choice_order, shuffled
from course_utils.quiz.progress import ProgressStore

ADA_ID, BO_ID = "0" * 31 + "1", "f" * 31 + "e"


def _choice_questions():
    return [q for lesson in all_banks() for q in load_bank(lesson).questions if q.choices]


def _with_ids(progress_dir, ids: dict) -> None:
    progress_dir.mkdir(parents=True, exist_ok=True)
    (progress_dir / "progress.json").write_text(json.dumps({"version": 1, "learners": {}, "ids": ids}), "utf-8")


def _shown(view) -> list[str]:
    if view.question.type == "single":
        return [value for _label, value in view.input.options]
    return [next(c.id for c in view.question.choices if c.text == box.description) for box in view.boxes]


def test_order_is_a_permutation_of_the_same_ids():
    for question in _choice_questions():
        ids = [c.id for c in question.choices]
        order = choice_order(ADA_ID, question.id, ids)
        assert sorted(order) == sorted(ids)
        assert order == choice_order(ADA_ID, question.id, list(reversed(ids)))  # not tied to the input order


def test_shuffled_choices_keep_their_ids_texts_and_key():
    for question in _choice_questions():
        shown = shuffled(question, ADA_ID)
        assert sorted(shown, key=lambda c: c.id) == sorted(question.choices, key=lambda c: c.id)


def test_different_learners_see_different_orders_and_the_bank_order_is_not_the_rule():
    questions = _choice_questions()
    ada = {q.id: choice_order(ADA_ID, q.id, [c.id for c in q.choices]) for q in questions}
    bo = {q.id: choice_order(BO_ID, q.id, [c.id for c in q.choices]) for q in questions}
    assert sum(ada[q.id] != bo[q.id] for q in questions) >= len(questions) // 2
    assert sum(ada[q.id] != [c.id for c in q.choices] for q in questions) >= len(questions) // 2


def test_over_many_learners_the_key_lands_in_every_position_about_equally():
    question = load_bank("03").question("l03-deepest-cut")  # four choices, one right
    right = question.correct_ids[0]
    places = Counter(choice_order(f"learner-{n}", question.id, [c.id for c in question.choices]).index(right)
                     for n in range(800))
    assert sorted(places) == [0, 1, 2, 3]
    assert all(0.18 <= places[p] / 800 <= 0.32 for p in places), places


def test_widget_shows_the_learners_order_and_grades_by_id(progress_dir):
    _with_ids(progress_dir, {"ada": ADA_ID})
    quiz = show_quiz("01")
    for view in quiz.views:
        if view.question.choices:
            assert _shown(view) == choice_order(ADA_ID, view.question.id, [c.id for c in view.question.choices])
    view = quiz.view("l01-pure-social")  # multiple choice: tick the key wherever it is shown
    for choice, box in zip(view.choices, view.boxes):
        box.value = choice.correct
    assert view.answer() and sorted(view.answer()) == list(view.question.correct_ids)
    assert view.check().correct


def test_two_learners_get_different_widget_orders(progress_dir):
    _with_ids(progress_dir, {"ada": ADA_ID, "bo": BO_ID})
    ada = show_quiz("02")
    bo = Quiz(ada.bank, ada.bank.questions, store=ProgressStore(learner="bo"))
    orders = [(_shown(a), _shown(b)) for a, b in zip(ada.views, bo.views) if a.question.choices]
    assert any(first != second for first, second in orders)


def test_static_form_keeps_the_printed_order_whatever_the_learner(progress_dir):
    _with_ids(progress_dir, {"ada": ADA_ID})
    quiz = show_quiz("00")
    bundle, _ = quiz._repr_mimebundle_()
    text = bundle["text/plain"]
    for question in quiz.bank.questions:
        printed = [f"{c.id}. {c.text}" for c in question.choices]
        at = [text.index(line) for line in printed]
        assert at == sorted(at), question.id
    assert any(_shown(v) != [c.id for c in v.question.choices] for v in quiz.views if v.question.choices)


_PROBE = """
import json
from course_utils.quiz import show_quiz
quiz = show_quiz("03")
orders = {v.question.id: [value for _label, value in v.input.options] if v.question.type == "single"
          else [b.description for b in v.boxes] for v in quiz.views if v.question.choices}
print(json.dumps(orders))
"""


def _fresh_process(progress_dir, learner: str, hash_seed: str) -> dict:
    env = dict(os.environ, COURSE_PROGRESS_DIR=str(progress_dir), COURSE_LEARNER=learner,
               PYTHONHASHSEED=hash_seed)
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_same_learner_same_order_after_a_restart(progress_dir):
    """Two fresh interpreters (different hash seeds), one learner: the same order, from the saved id."""
    first = _fresh_process(progress_dir, "ada", "1")
    saved = json.loads((progress_dir / "progress.json").read_text("utf-8"))["ids"]["ada"]
    assert len(saved) == 32 and int(saved, 16) >= 0
    assert _fresh_process(progress_dir, "ada", "2") == first
    bank = load_bank("03")
    for qid, order in first.items():
        question = bank.question(qid)
        expected = [c.id if question.type == "single" else c.text for c in shuffled(question, saved)]
        assert order == expected


def test_learner_id_is_made_once_and_kept_per_learner(progress_dir):
    ada = ProgressStore().learner_id()
    assert ada == ProgressStore().learner_id()
    assert ProgressStore(learner="bo").learner_id() != ada
    ProgressStore().record("90", "t90-gmv", True)  # recording results keeps the ids
    saved = json.loads((progress_dir / "progress.json").read_text("utf-8"))
    assert saved["ids"]["ada"] == ada and saved["learners"]["ada"]["90"]["t90-gmv"]["correct"] is True


def test_malformed_ids_entry_is_replaced_not_fatal(progress_dir):
    progress_dir.mkdir(parents=True)
    (progress_dir / "progress.json").write_text(
        json.dumps({"version": 1, "learners": {"ada": {"90": {"t90-gmv": {"correct": True}}}}, "ids": ["x"]}),
        "utf-8")
    store = ProgressStore()
    learner_id = store.learner_id()
    assert len(learner_id) == 32 and store.notice == ""
    assert store.lesson("90")["t90-gmv"]["correct"] is True  # results untouched
    assert ProgressStore().learner_id() == learner_id


def test_unwritable_store_still_gives_a_stable_order(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    first = ProgressStore(blocker / "progress", "ada").learner_id()
    assert first == ProgressStore(blocker / "progress", "ada").learner_id()
    assert first != ProgressStore(blocker / "progress", "bo").learner_id()


def test_grading_never_depends_on_the_order():
    for question in _choice_questions():
        key = list(question.correct_ids)
        assert grade(question, key).correct
        assert grade(question, list(reversed(key))).correct
