"""Is a quiz bank well formed? Its schema, then the sense of each question.

Each check returns what is wrong as a message (or None); :mod:`course_utils.quiz.bank`
raises it as a :class:`~course_utils.quiz.bank.QuizBankError` naming the file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from course_utils.i18n import Translator
from course_utils.parsing import normalise_text
from course_utils.quiz.lock import SEAL_VERSION, grid_problem, kdf_problem
from course_utils.quiz.tolerance import close_to

tr = Translator("quiz")


@lru_cache(maxsize=1)
def _schema() -> dict:
    text = resources.files("course_utils").joinpath("quizbanks", "schema.json").read_text("utf-8")
    return json.loads(text)


def where(data: object, path: list) -> str:
    """ "question 'l01-x' (questions[2])" for an error inside a question."""
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        item = data["questions"][path[1]]
        qid = item.get("id") if isinstance(item, dict) else None
        if qid:
            return tr.gettext("question {id} (questions[{index}])", id=repr(qid), index=path[1])
        return f"questions[{path[1]}]"
    return tr.pgettext("where in a quiz bank a problem is", "bank")


def schema_problem(data: object, label: str) -> str | None:
    """The first schema violation of a parsed bank as a message naming the file and the question, or None."""
    from jsonschema import Draft202012Validator  # deferred: jsonschema is slow to import

    errors = sorted(Draft202012Validator(_schema()).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        path = list(error.absolute_path)
        field_name = ".".join(str(p) for p in path[2:]) or ".".join(str(p) for p in path)
        place = where(data, path)
        # error.message is jsonschema's own English.
        if field_name:
            text = tr.gettext("{source}: {where} at {field}: {problem}", source=label, where=place, field=field_name,
                              problem=error.message)
        else:
            text = tr.gettext("{source}: {where}: {problem}", source=label, where=place, problem=error.message)
        if len(errors) > 1:
            text = tr.ngettext("{message} (and {n} more problem)", "{message} (and {n} more problems)",
                               len(errors) - 1, message=text)
        return text
    return None


def _needs_choices(kind: str) -> str:
    """A single- or multiple-choice question without choices."""
    if kind == "single":
        return tr.gettext("a single-choice question needs choices")
    return tr.gettext("a multiple-choice question needs choices")


def _has_no_choices(kind: str) -> str:
    """A numeric or text question that lists choices."""
    if kind == "numeric":
        return tr.gettext("a numeric question has no choices")
    return tr.gettext("a text question has no choices")


def sealed_problem(item: dict) -> str | None:
    """What is wrong with a schema-valid question of a sealed bank, or None."""
    kind, choices = item["type"], item.get("choices", [])
    if any(key in item for key in ("answer", "accept", "reject", "explanation", "common_wrong", "tolerance",
                                   "tolerance_pct")) \
            or any("correct" in c or "feedback" in c for c in choices):
        return tr.gettext("a sealed bank must not hold plain-text keys")
    if kind in ("single", "multiple") and not choices:
        return _needs_choices(kind)
    if kind not in ("single", "multiple") and choices:
        return _has_no_choices(kind)
    if not item.get("salt") or not item.get("entries"):
        return tr.gettext("a sealed question needs salt and entries")
    if kind == "numeric":
        grids = item.get("grids") or []
        problem = next((p for p in map(grid_problem, grids) if p), None) if grids else tr.gettext("a sealed numeric question needs grids")
        if problem:
            return problem
    elif "grids" in item:
        return tr.gettext("grids are for numeric questions only, not {kind} ones", kind=kind)
    ids = [c["id"] for c in choices]
    if len(set(ids)) != len(ids):
        return tr.gettext("choice ids must be unique; repeated: {ids}",
                          ids=", ".join(sorted({i for i in ids if ids.count(i) > 1})))
    return None


def semantic_problem(item: dict) -> str | None:
    """What is wrong with a schema-valid question of a plain bank, or None."""
    kind, choices = item["type"], item.get("choices", [])
    if any(key in item for key in ("salt", "entries", "grids")):
        return tr.gettext("salt, entries and grids belong in sealed banks only")
    if kind in ("single", "multiple"):
        if not choices:
            return _needs_choices(kind)
        ids = [c["id"] for c in choices]
        if len(set(ids)) != len(ids):
            return tr.gettext("choice ids must be unique; repeated: {ids}",
                              ids=", ".join(sorted({i for i in ids if ids.count(i) > 1})))
        right = sum(bool(c.get("correct")) for c in choices)
        if kind == "single" and right != 1:
            return tr.gettext("a single-choice question needs exactly one correct choice; it has {right}",
                              right=right)
        if kind == "multiple" and right < 1:
            return tr.gettext("a multiple-choice question needs at least one correct choice")
    elif choices:
        return _has_no_choices(kind)
    if kind == "numeric":
        if "answer" not in item:
            return tr.gettext("a numeric question needs an answer")
        if ("tolerance" in item) == ("tolerance_pct" in item):
            return tr.gettext("a numeric question needs exactly one of tolerance or tolerance_pct")
        problem = _common_wrong_problem(item)
        if problem:
            return problem
    if "common_wrong" in item and kind != "numeric":
        return tr.gettext("common_wrong is for numeric questions only, not {kind} ones", kind=kind)
    if kind == "text" and not [a for a in item.get("accept", []) if a.strip()]:
        return tr.gettext("a text question needs a non-empty accept list")
    return _reject_problem(item)


def _common_wrong_problem(item: dict) -> str | None:
    """A listed wrong value that would be graded right, or listed twice, is a mistake in the bank."""
    entries = item.get("common_wrong", [])
    values = [float(entry["value"]) for entry in entries]
    for number, value in enumerate(values):
        if "tolerance" in entries[number] and "tolerance_pct" in entries[number]:
            return tr.gettext("common_wrong[{number}] needs at most one of tolerance or tolerance_pct",
                              number=number)
        if close_to(value, item["answer"], item.get("tolerance"), item.get("tolerance_pct")):
            return tr.gettext("common_wrong[{number}] value {value:g} is within the tolerance of the answer "
                              "{answer:g}, so it would be graded correct", number=number, value=value,
                              answer=float(item["answer"]))
        if value in values[:number]:
            return tr.gettext("common_wrong[{number}] repeats the value {value:g}", number=number, value=value)
    return None


def _reject_problem(item: dict) -> str | None:
    """``reject`` lists wrong answers to a text question: one that is also accepted is a mistake."""
    if "reject" in item and item["type"] != "text":
        return tr.gettext("reject is for text questions only, not {kind} ones", kind=item["type"])
    accepted = {normalise_text(a) for a in item.get("accept", [])}
    for number, text in enumerate(item.get("reject", [])):
        if normalise_text(text) in accepted:
            return tr.gettext("reject[{number}] {text} is also in the accept list", number=number, text=repr(text))
        if not normalise_text(text):
            return tr.gettext("reject[{number}] has no words", number=number)
    return None


def bank_problem(data: object) -> str | None:
    """A problem with a sealed bank's header (version, KDF), found before the schema speaks."""
    if not isinstance(data, dict) or "sealed" not in data:
        return None
    if data["sealed"] != SEAL_VERSION:
        return tr.gettext("bank: sealed with format {found}, but this library reads format {version}; make the "
                          "student release again with `course release`", found=repr(data["sealed"]),
                          version=SEAL_VERSION)
    problem = kdf_problem(data.get("kdf"))
    return tr.gettext("bank: {problem}", problem=problem) if problem else None
