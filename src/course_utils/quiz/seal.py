"""Sealed banks for the student release: the quiz still grades, the key is not in the files.

A sealed question keeps its id, type, prompt, choice texts and unit, a salt and
``entries``: each possible outcome (every choice, or every set of choices, of a
choice question; each accepted text and each listed wrong one; the cells around the numeric answer and
around each common wrong number) is encrypted under a key derived from that
answer (:mod:`course_utils.quiz.lock`). Grading an answer derives its key and
opens its entry, if there is one: the right answer opens the explanation, a
wrong one opens at most its own feedback. No flag says which entry is right.

What this does not do: it cannot make a self-check quiz secret. The library
that grades on the learner's machine can be asked every answer: a learner who
tries each choice of a three-choice question finds the key in three tries, and
one who tries numbers near the answer finds it cell by cell. The slow key
derivation makes reading the key out of the files cost a search, not a glance.

>>> from course_utils.quiz.bank import bank_from_dict
>>> from course_utils.quiz.marking import grade
>>> plain = {"lesson": "90", "title": "T", "questions": [{"id": "q-one", "type": "text", "prompt": "P",
...          "accept": ["Dwell time"], "explanation": "Time in the app."}]}
>>> sealed = seal_bank(plain, kdf=KdfParams(n=16))
>>> sorted(sealed["questions"][0])
['entries', 'id', 'prompt', 'salt', 'type']
>>> question = bank_from_dict(sealed).questions[0]
>>> grade(question, "dwell-time").feedback, grade(question, "likes").feedback
('Time in the app.', '')
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import os
from concurrent.futures import ThreadPoolExecutor

from course_utils.i18n import Translator
from course_utils.quiz.bank import Bank, Question, QuizBankError, bank_from_dict
from course_utils.quiz.marking import choice_outcome
from course_utils.quiz.lock import (SEAL_VERSION, KdfParams, band_forms, choice_form, derive, grid_for, pack, seal_payload,
                                    text_form)
from course_utils.quiz.tolerance import slip_band
from course_utils.parsing import normalise_text

tr = Translator("quiz")

# A multiple-choice question locks every non-empty set of its choices: 2**n - 1 entries.
MAX_SEALED_CHOICES = 8


def _salt(lesson: str, question_id: str) -> str:
    # Derived, not random, so a release build is byte-for-byte reproducible.
    return hashlib.sha256(f"course-quiz:v{SEAL_VERSION}:{lesson}:{question_id}".encode()).hexdigest()[:32]


def _lock(salt: str, kdf: KdfParams, outcomes: dict[str, object], workers: int | None = None) -> dict[str, str]:
    """``{locator: ciphertext}`` for each canonical form, sorted by locator so order says nothing."""
    entries = {}
    width = max((len(pack(payload)) for payload in outcomes.values()), default=0)
    forms = list(outcomes)
    # scrypt releases the GIL: the keys are derived in threads, one per core unless told
    # (a release derives about 800 keys of 10 ms each).
    with ThreadPoolExecutor(max_workers=max(1, min(len(forms), workers or os.cpu_count() or 1))) as pool:
        keys = list(pool.map(lambda form: derive(form, salt, kdf), forms))
    for form, key in zip(forms, keys):
        entries[key.locator] = seal_payload(key, outcomes[form], width)
    return dict(sorted(entries.items()))


def _choice_outcomes(question: Question) -> dict[str, object]:
    ids = sorted(c.id for c in question.choices)
    if question.type == "multiple" and len(ids) > MAX_SEALED_CHOICES:
        raise ValueError(f"a multiple-choice question with more than {MAX_SEALED_CHOICES} choices cannot be sealed")
    sizes = [1] if question.type == "single" else range(1, len(ids) + 1)
    return {choice_form(combo): choice_outcome(question, combo)
            for size in sizes for combo in itertools.combinations(ids, size)}


def _numeric_outcomes(question: Question) -> tuple[dict[str, object], list[dict]]:
    """Entries for the answer's band and each common wrong number's band, and the grids they use."""
    outcomes: dict[str, list] = {}
    grids: list[dict] = []

    def add(grid: dict, centre: float, allowed: float, item: dict) -> None:
        if grid not in grids:
            grids.append(grid)
        for form in band_forms(grid, centre, allowed):
            outcomes.setdefault(form, []).append(item)

    answer, tolerance, pct = float(question.answer), question.tolerance, question.tolerance_pct
    allowed = abs(answer) * pct / 100.0 if pct is not None else float(tolerance or 0.0)
    add(grid_for(tolerance, pct, answer), answer, allowed,
        {"kind": "answer", "answer": answer, "tolerance": tolerance, "tolerance_pct": pct,
         "explanation": question.explanation})
    for order, slip in enumerate(question.common_wrong):
        # A slip without its own tolerance takes the question's, capped (see tolerance.slip_band).
        slip_tol, slip_pct = slip_band(slip, tolerance, pct)
        slip_allowed = abs(slip.value) * slip_pct / 100.0 if slip_pct is not None else float(slip_tol or 0.0)
        add(grid_for(slip_tol, slip_pct, slip.value), float(slip.value), slip_allowed,
            {"kind": "slip", "order": order, "value": float(slip.value), "tolerance": slip_tol,
             "tolerance_pct": slip_pct, "feedback": slip.feedback})
    return outcomes, grids


def seal_question(lesson: str, question: Question, kdf: KdfParams, workers: int | None = None) -> dict:
    """The sealed form (a dict for the YAML bank) of one plain question."""
    sealed: dict = {"id": question.id, "type": question.type, "prompt": question.prompt}
    if question.unit:
        sealed["unit"] = question.unit
    if question.choices:
        sealed["choices"] = [{"id": c.id, "text": c.text} for c in question.choices]
    salt = _salt(lesson, question.id)
    if question.type in ("single", "multiple"):
        outcomes = _choice_outcomes(question)
    elif question.type == "numeric":
        outcomes, grids = _numeric_outcomes(question)
        sealed["grids"] = grids
    else:
        # A listed wrong answer opens a "not correct" entry, so that "right (wrong)" is not credited.
        outcomes = {text_form(form): {"correct": False}
                    for form in sorted({normalise_text(r) for r in question.reject} - {""})}
        outcomes.update({text_form(form): {"correct": True, "explanation": question.explanation}
                         for form in sorted({normalise_text(a) for a in question.accept} - {""})})
    sealed["salt"] = salt
    sealed["entries"] = _lock(salt, kdf, outcomes, workers)
    return sealed


def seal_bank(bank_dict: dict, *, kdf: KdfParams | None = None, workers: int | None = None) -> dict:
    """A sealed copy of a plain bank dict; ``load_bank`` reads either kind.

    ``workers``: threads deriving keys (default one per core); the result is the same.

    The bank is validated first, so a malformed bank raises ``QuizBankError``;
    a bank that is already sealed is returned as it is.
    """
    source = tr.gettext("lesson {lesson} bank", lesson=bank_dict.get("lesson", "?")) if isinstance(bank_dict, dict) else "<bank>"
    bank = bank_from_dict(bank_dict, source=source)
    if bank.sealed:
        return copy.deepcopy(bank_dict)
    kdf = kdf or KdfParams()
    questions = []
    for question in bank.questions:
        try:
            questions.append(seal_question(bank.lesson, question, kdf, workers))
        except ValueError as error:
            # The error is the sealing code's own (a developer's ValueError).
            raise QuizBankError(tr.gettext("{source}: question {id}: {error}", source=source, id=repr(question.id),
                                           error=error)) from None
    return {"lesson": bank.lesson, "title": bank.title, "sealed": SEAL_VERSION, "kdf": kdf.as_dict(),
            "questions": questions}


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def bank_key_strings(bank) -> list[str]:
    """The plain-text key of a bank (a ``Bank`` or a plain bank dict), for leak scanning.

    Correct choice texts, numeric answers, accepted text answers, explanations,
    per-choice feedback and the feedback on common wrong numbers. Correct choice
    texts also appear, legitimately, as options in a sealed bank and a student
    form; explanations and feedback (:func:`bank_secret_strings`) must appear
    nowhere in a student release.
    """
    bank = bank if isinstance(bank, Bank) else bank_from_dict(bank)
    found: list[str] = []
    for q in bank.questions:
        found += [c.text for c in q.choices if c.correct]
        if q.answer is not None:
            found.append(_number_text(q.answer))
        found += list(q.accept)
    found += bank_secret_strings(bank)
    return list(dict.fromkeys(s for s in found if s))


def bank_secret_strings(bank) -> list[str]:
    """Explanations, per-choice feedback and common-wrong feedback: text that only the key should hold."""
    bank = bank if isinstance(bank, Bank) else bank_from_dict(bank)
    found = ([q.explanation for q in bank.questions] + [c.feedback for q in bank.questions for c in q.choices]
             + [w.feedback for q in bank.questions for w in q.common_wrong])
    return list(dict.fromkeys(s for s in found if s))
