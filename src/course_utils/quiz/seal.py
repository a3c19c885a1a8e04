"""Sealed banks for the student release: the quiz still grades, the key is not in plain text.

A sealed question keeps its id, type, prompt, choice texts and unit. Its key is
stored as salted SHA-256 hashes (the set of correct choice ids; each accepted
text answer, normalised), and the numeric answer, tolerance, explanation,
per-choice feedback and the feedback on common wrong numbers travel in
``sealed``, a base64 string of zlib-compressed JSON. This is obfuscation, not
secrecy: it keeps the answers out of sight of a learner browsing the files,
which is all a self-check quiz needs.

>>> sealed = seal_bank({"lesson": "90", "title": "T", "questions": [
...     {"id": "q-one", "type": "text", "prompt": "P", "accept": ["Dwell time"],
...      "explanation": "E"}]})
>>> "accept" in sealed["questions"][0] or "explanation" in sealed["questions"][0]
False
>>> text_matches(sealed["questions"][0]["accept_sha256"], sealed["questions"][0]["salt"], "dwell-time")
True
"""

from __future__ import annotations

import base64
import copy
import hashlib
import itertools
import json
import zlib

from course_utils.quiz.parsing import normalise_text

SEAL_VERSION = 1


def _salt(lesson: str, question_id: str) -> str:
    # Derived, not random, so a release build is byte-for-byte reproducible.
    return hashlib.sha256(f"course-quiz:{lesson}:{question_id}".encode()).hexdigest()[:32]


def digest(salt: str, text: str) -> str:
    """Salted SHA-256 of ``text``."""
    return hashlib.sha256(f"{salt}\x00{text}".encode("utf-8")).hexdigest()


def text_matches(hashes: list[str] | tuple[str, ...], salt: str, answer: str) -> bool:
    """Does the normalised ``answer`` hash to one of ``hashes``?"""
    return digest(salt, normalise_text(answer)) in set(hashes)


def _pack(payload: dict) -> str:
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def _unpack(blob: str) -> dict:
    try:
        payload = json.loads(zlib.decompress(base64.b64decode(blob, validate=True)).decode("utf-8"))
    except (ValueError, zlib.error) as error:
        raise ValueError(f"the sealed data cannot be read ({error})") from None
    if not isinstance(payload, dict):
        raise ValueError("the sealed data is not a mapping")
    return payload


def seal_question(lesson: str, item: dict) -> dict:
    """A sealed copy of one plain question (a dict as in the YAML bank)."""
    salt = _salt(lesson, item["id"])
    sealed = {key: copy.deepcopy(item[key]) for key in ("id", "type", "prompt", "unit") if key in item}
    payload: dict = {"explanation": item.get("explanation", "")}
    if item.get("choices"):
        sealed["choices"] = [{"id": c["id"], "text": c["text"]} for c in item["choices"]]
        payload["feedback"] = {c["id"]: c["feedback"] for c in item["choices"] if c.get("feedback")}
        correct = sorted(c["id"] for c in item["choices"] if c.get("correct"))
        sealed["key"] = digest(salt, ",".join(correct))
    if item["type"] == "numeric":
        payload.update({k: item[k] for k in ("answer", "tolerance", "tolerance_pct", "common_wrong") if k in item})
    if item["type"] == "text":
        sealed["accept_sha256"] = sorted({digest(salt, normalise_text(a)) for a in item["accept"] if a.strip()})
    sealed["salt"] = salt
    sealed["sealed"] = _pack(payload)
    return sealed


def seal_bank(bank_dict: dict) -> dict:
    """A sealed copy of a plain bank dict; ``load_bank`` reads either kind.

    The bank is validated first, so a malformed bank raises ``QuizBankError``.
    """
    from course_utils.quiz.bank import bank_from_dict

    bank_from_dict(bank_dict, source=f"lesson {bank_dict.get('lesson', '?')} bank"
                   if isinstance(bank_dict, dict) else "<bank>")
    if bank_dict.get("sealed"):
        return copy.deepcopy(bank_dict)
    return {"lesson": bank_dict["lesson"], "title": bank_dict["title"], "sealed": SEAL_VERSION,
            "questions": [seal_question(bank_dict["lesson"], q) for q in bank_dict["questions"]]}


def unseal_question(item: dict) -> dict:
    """The gradable form of a sealed question; text answers stay hashed.

    The correct choice set is found by trying the (few) possible sets against
    the stored hash, so choice keys never need to be stored in plain text.
    """
    payload = _unpack(item["sealed"])
    plain = {key: value for key, value in item.items() if key not in ("sealed", "key")}
    plain["explanation"] = payload.get("explanation") or ""
    for key in ("answer", "tolerance", "tolerance_pct", "common_wrong"):
        if key in payload:
            plain[key] = payload[key]
    if item.get("choices"):
        ids = [c["id"] for c in item["choices"]]
        sizes = [1] if item["type"] == "single" else range(1, len(ids) + 1)
        correct = next((set(combo) for size in sizes for combo in itertools.combinations(sorted(ids), size)
                        if digest(item["salt"], ",".join(combo)) == item["key"]), None)
        if correct is None:
            raise ValueError("the sealed key matches none of the choices")
        feedback = payload.get("feedback", {})
        plain["choices"] = [dict(c, correct=c["id"] in correct, **({"feedback": feedback[c["id"]]}
                                                                    if feedback.get(c["id"]) else {}))
                            for c in item["choices"]]
    if item["type"] == "numeric" and "answer" not in plain:
        raise ValueError("the sealed data holds no numeric answer")
    slips = plain.get("common_wrong", [])
    if not isinstance(slips, list) or not all(
            isinstance(w, dict) and isinstance(w.get("value"), (int, float)) and isinstance(w.get("feedback"), str)
            for w in slips):
        raise ValueError("the sealed common wrong answers cannot be read")
    return plain


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
    from course_utils.quiz.bank import Bank, bank_from_dict

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
    from course_utils.quiz.bank import Bank, bank_from_dict

    bank = bank if isinstance(bank, Bank) else bank_from_dict(bank)
    found = ([q.explanation for q in bank.questions] + [c.feedback for q in bank.questions for c in q.choices]
             + [w.feedback for q in bank.questions for w in q.common_wrong])
    return list(dict.fromkeys(s for s in found if s))
