"""The order in which the live quiz shows a question's choices: shuffled per learner, fixed per learner.

A bank lists choices in its printed order, which the static form and the book
keep. On screen, each learner sees them in an order drawn from their learner id
and the question id, so the right answer is not always in the same place, two
learners beside each other see different orders, and one learner sees the same
order after a restart. SHA-256 (not Python's ``hash()``, which changes with
every process) makes the order the same on every machine and Python version.

Grading goes by choice id, never by position, so the order cannot change a score.

>>> choice_order("learner-1", "l00-run-order", ["a", "b", "c"])
['b', 'c', 'a']
>>> choice_order("learner-2", "l00-run-order", ["a", "b", "c"])
['c', 'a', 'b']
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from course_utils.quiz.bank import Choice, Question


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def choice_order(learner_id: str, question_id: str, choice_ids: Sequence[str]) -> list[str]:
    """``choice_ids`` in the order this learner sees them for this question.

    Each choice is ranked by a hash of the seed ``"learner-id|question-id"`` and
    its own id: a permutation that depends on nothing else (ties, which need a
    SHA-256 collision, fall back to the id).
    """
    seed = _digest(f"{learner_id}|{question_id}")
    return sorted(choice_ids, key=lambda choice_id: (_digest(f"{seed}|{choice_id}"), choice_id))


def shuffled(question: Question, learner_id: str) -> tuple[Choice, ...]:
    """The question's choices (``Choice`` objects) in this learner's order."""
    by_id = {choice.id: choice for choice in question.choices}
    return tuple(by_id[choice_id] for choice_id in choice_order(learner_id, question.id, list(by_id)))
