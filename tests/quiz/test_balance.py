"""Fair banks: the right answer is not predictable from its place in the printed order."""

from __future__ import annotations

from collections import Counter

import pytest

from course_utils.quiz import all_banks, load_bank

MAX_SHARE = 0.40  # no printed position may hold more than this share of the single-choice keys


def _questions(kind: str):
    return [q for lesson in all_banks() for q in load_bank(lesson).questions if q.type == kind]


def _key_positions(question) -> list[int]:
    return [index for index, choice in enumerate(question.choices) if choice.correct]


def test_the_course_has_enough_choice_questions_to_judge():
    assert len(_questions("single")) >= 10 and len(_questions("multiple")) >= 4


def test_no_position_holds_more_than_forty_percent_of_single_choice_keys():
    singles = _questions("single")
    positions = Counter(_key_positions(q)[0] for q in singles)
    shares = {"abcdefghij"[p]: n / len(singles) for p, n in sorted(positions.items())}
    assert max(shares.values()) <= MAX_SHARE, f"share of single-choice keys by printed position: {shares}"


def test_not_every_multiple_choice_key_includes_the_first_choice():
    multiples = _questions("multiple")
    with_first = [q.id for q in multiples if 0 in _key_positions(q)]
    assert len(with_first) < len(multiples), f"every multiple-choice key includes the first choice: {with_first}"


def test_always_picking_the_first_choice_scores_badly():
    """A learner who ticks only (a) everywhere gets at most 40 % of the choice questions right."""
    questions = _questions("single") + _questions("multiple")
    right = sum(_key_positions(q) == [0] for q in questions)
    assert right / len(questions) <= MAX_SHARE, f"{right} of {len(questions)} right by always picking (a)"


@pytest.mark.parametrize("lesson", all_banks())
def test_printed_choice_ids_run_a_b_c_in_order(lesson):
    """The printed form labels choices by id, so ids follow the printed order."""
    for question in load_bank(lesson).questions:
        ids = [c.id for c in question.choices]
        assert ids == list("abcdefghij"[:len(ids)]), (question.id, ids)
