"""Quiz banks: one YAML file per lesson, checked against a schema and for sense.

``load_bank("01")`` reads ``course_utils/quizbanks/content.yaml`` (the lesson's name, see :mod:`course_utils.lessons`); an instructor's
own bank is read with ``load_bank("01", path="my-bank.yaml")``. A malformed bank
raises :class:`QuizBankError` naming the file, the question and what is wrong.
Sealed banks (the student release, see :mod:`course_utils.quiz.seal`) load the
same way; their questions carry a :class:`~course_utils.quiz.lock.SealedKey`
instead of a key.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import LANGUAGES, Translator, localized_file
from course_utils.lessons import LESSONS, lesson_by_number
from course_utils.parsing import normalise_text
from course_utils.quiz.lock import KdfParams, SealedKey, grid_problem, kdf_problem

tr = Translator("quiz")

SEAL_VERSION = 2

_LESSON = re.compile(r"^\d{2}$")


class QuizBankError(CourseDataError):
    """A quiz bank file is malformed; the message names the file and the question."""


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool = False
    feedback: str = ""


# A slip without its own tolerance takes the question's, but never more than this per cent of its value:
# a question's absolute margin can be wider than a small slip itself (±0.05 around a slip of 0.125).
SLIP_PCT = 5.0


@dataclass(frozen=True)
class CommonWrong:
    """A predictable wrong answer to a numeric question; its own ``tolerance`` (absolute) or
    ``tolerance_pct``, else the question's capped at :data:`SLIP_PCT` (:func:`slip_band`)."""

    value: float
    feedback: str
    tolerance: float | None = None
    tolerance_pct: float | None = None


@dataclass(frozen=True)
class Question:
    """One question. In a sealed bank the key fields are empty and ``sealed`` holds the locked entries."""

    id: str
    type: str
    prompt: str
    choices: tuple[Choice, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    tolerance_pct: float | None = None
    unit: str = ""
    accept: tuple[str, ...] = ()
    explanation: str = ""
    common_wrong: tuple[CommonWrong, ...] = ()
    reject: tuple[str, ...] = ()
    sealed: SealedKey | None = None

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(sorted(c.id for c in self.choices if c.correct))

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)


@dataclass(frozen=True)
class Bank:
    lesson: str
    title: str
    questions: tuple[Question, ...]
    source: str = ""
    sealed: bool = False
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise CourseInputError(tr.gettext("There is no question \"{id}\" in the lesson {lesson} quiz; its questions "
                                          "are: {ids}.", id=question_id, lesson=self.lesson,
                                          ids=tr.pgettext("between the items of a list", ", ").join(self.ids)), "ids")


@lru_cache(maxsize=1)
def _schema() -> dict:
    text = resources.files("course_utils").joinpath("quizbanks", "schema.json").read_text("utf-8")
    return json.loads(text)


def lesson_name(lesson: object) -> str:
    """A lesson number as the two-digit string banks use ("1", 1 or "01" -> "01")."""
    if isinstance(lesson, bool) or not isinstance(lesson, (str, int)):
        raise CourseInputError(tr.gettext("lesson should be a lesson number such as \"01\" or 1; got {value} "
                                          "({kind}).", value=repr(lesson), kind=type(lesson).__name__), "lesson")
    text = str(lesson).strip()
    if text.isdigit() and len(text) <= 2:
        text = text.zfill(2)
    if not _LESSON.match(text):
        raise CourseInputError(tr.gettext("lesson should be a lesson number such as \"01\" or 1; got {value} "
                                          "({kind}).", value=repr(lesson), kind=type(lesson).__name__), "lesson")
    return text


def all_banks() -> list[str]:
    """The lessons that ship a quiz bank, in order ("00", "01", ...)."""
    folder = resources.files("course_utils").joinpath("quizbanks")
    return [lesson.number for lesson in LESSONS if folder.joinpath(f"{lesson.name}.yaml").is_file()]


def load_bank(lesson: object, *, path: str | os.PathLike | None = None) -> Bank:
    """Read, validate and return the bank of ``lesson`` (or the file at ``path``)."""
    import yaml  # deferred: importing the quiz package stays light

    from course_utils.yamlfile import load_yaml

    name = lesson_name(lesson)
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise CourseInputError(tr.gettext("path should be a file path; got {kind}.", kind=type(path).__name__), "path")
        source = Path(path)
        if not source.is_file():
            raise CourseInputError(tr.gettext("There is no quiz bank file at {path}.", path=source), "path")
        text, label = source.read_text("utf-8"), str(source)
    else:
        try:
            file_name = f"{lesson_by_number(name).name}.yaml"
        except KeyError:
            file_name = ""
        entry = localized_file(resources.files("course_utils").joinpath("quizbanks"), file_name or "missing.yaml")
        if not entry.is_file():
            raise CourseInputError(tr.gettext("There is no quiz for lesson {lesson}. Lessons with a quiz: "
                                              "{available}.", lesson=name,
                                              available=tr.pgettext("between the items of a list", ", ").join(all_banks())
                                              or "none"),
                                   "lesson")
        text = entry.read_text("utf-8")
        # The file it came from, for error messages: quizbanks/tour.yaml or quizbanks/zh/tour.yaml.
        label = f"quizbanks/{entry.parent.name}/{file_name}" if entry.parent.name != "quizbanks" \
            else f"quizbanks/{file_name}"
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        raise QuizBankError(tr.gettext("{source}: not valid YAML: {error}", source=label, error=error)) from None
    if path is None:
        data = _any_language_answers(data, file_name, entry)
    bank = bank_from_dict(data, source=label)
    if bank.lesson != name:
        raise QuizBankError(tr.gettext("{source}: the file says lesson {found} but was loaded as lesson {lesson}",
                                       source=label, found=repr(bank.lesson), lesson=repr(name)))
    return bank


def _any_language_answers(data: object, file_name: str, loaded) -> object:
    """A plain bank whose text questions accept the answers of every language's edition of it:
    quiz progress is shared across languages, so an answer typed in Chinese counts in English.
    ``loaded`` is the file ``data`` came from: its answers are in ``data`` already."""
    import yaml

    from course_utils.yamlfile import load_yaml

    if not isinstance(data, dict) or data.get("sealed") or not isinstance(data.get("questions"), list):
        return data
    folder = resources.files("course_utils").joinpath("quizbanks")
    extra: dict[str, list[str]] = {}
    for other in [folder.joinpath(file_name)] + [folder.joinpath(lang, file_name) for lang in LANGUAGES]:
        if other == loaded or not other.is_file():
            continue
        try:
            questions = (load_yaml(other.read_text("utf-8")) or {}).get("questions") or []
        except yaml.YAMLError:
            continue  # that file's own load reports it
        for question in questions:
            if isinstance(question, dict) and isinstance(question.get("accept"), list):
                extra.setdefault(str(question.get("id")), []).extend(map(str, question["accept"]))
    merged = dict(data)
    merged["questions"] = [
        {**q, "accept": list(dict.fromkeys(list(map(str, q["accept"])) + extra.get(str(q.get("id")), [])))}
        if isinstance(q, dict) and isinstance(q.get("accept"), list) else q
        for q in data["questions"]]
    return merged


def _where(data: object, path: list) -> str:
    """ "question 'l01-x' (questions[2])" for an error inside a question."""
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        item = data["questions"][path[1]]
        qid = item.get("id") if isinstance(item, dict) else None
        if qid:
            return tr.gettext("question {id} (questions[{index}])", id=repr(qid), index=path[1])
        return f"questions[{path[1]}]"
    return tr.pgettext("where in a quiz bank a problem is", "bank")


def _schema_errors(data: object, label: str) -> None:
    from jsonschema import Draft202012Validator  # deferred: jsonschema is slow to import

    errors = sorted(Draft202012Validator(_schema()).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        path = list(error.absolute_path)
        field_name = ".".join(str(p) for p in path[2:]) or ".".join(str(p) for p in path)
        where = _where(data, path)
        # error.message is jsonschema's own English.
        if field_name:
            text = tr.gettext("{source}: {where} at {field}: {problem}", source=label, where=where, field=field_name,
                              problem=error.message)
        else:
            text = tr.gettext("{source}: {where}: {problem}", source=label, where=where, problem=error.message)
        if len(errors) > 1:
            text = tr.ngettext("{message} (and {n} more problem)", "{message} (and {n} more problems)",
                               len(errors) - 1, message=text)
        raise QuizBankError(text)


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


def _sealed_problem(item: dict) -> str | None:
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


def _semantic_problem(item: dict) -> str | None:
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


def close_to(value: float, target: float, tolerance: float | None, tolerance_pct: float | None) -> bool:
    """Is ``value`` within ``tolerance`` (absolute) or ``tolerance_pct`` (per cent of ``target``) of ``target``?

    >>> close_to(4.99, 5, 0.01, None), close_to(4, 5, 0.01, None), close_to(60500, 60000, None, 1)
    (True, False, True)
    """
    if tolerance_pct is not None:
        allowed = abs(float(target)) * float(tolerance_pct) / 100.0
    else:
        allowed = float(tolerance or 0.0)
    # A hair of slack so that an answer typed at the edge of the tolerance counts.
    return abs(float(value) - float(target)) <= allowed * (1 + 1e-9) + 1e-12


def slip_band(slip: CommonWrong, tolerance: float | None,
              tolerance_pct: float | None) -> tuple[float | None, float | None]:
    """The (absolute, per cent) tolerance of a common wrong number, one of them None.

    Its own if the bank gives one; else the question's (``tolerance``, ``tolerance_pct``):
    the same absolute margin or the same percentage of the wrong value, but at most
    :data:`SLIP_PCT` per cent of it, so that only answers near the slip get its feedback.

    >>> slip_band(CommonWrong(0.125, "x"), 0.05, None), slip_band(CommonWrong(7, "x"), 0.05, None)
    ((None, 5.0), (0.05, None))
    >>> slip_band(CommonWrong(200, "x"), None, 1), slip_band(CommonWrong(200, "x", tolerance_pct=10), 0.05, None)
    ((None, 1), (None, 10))
    """
    if slip.tolerance is not None or slip.tolerance_pct is not None:
        return slip.tolerance, slip.tolerance_pct
    if tolerance_pct is not None:
        return (None, tolerance_pct) if tolerance_pct <= SLIP_PCT else (None, SLIP_PCT)
    if float(tolerance or 0.0) <= abs(float(slip.value)) * SLIP_PCT / 100.0:
        return tolerance, None
    return None, SLIP_PCT


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


def _bank_problem(data: object) -> str | None:
    """A problem with a sealed bank's header (version, KDF), found before the schema speaks."""
    if not isinstance(data, dict) or "sealed" not in data:
        return None
    if data["sealed"] != SEAL_VERSION:
        return tr.gettext("bank: sealed with format {found}, but this library reads format {version}; make the "
                          "student release again with `course release`", found=repr(data["sealed"]),
                          version=SEAL_VERSION)
    problem = kdf_problem(data.get("kdf"))
    return tr.gettext("bank: {problem}", problem=problem) if problem else None


def bank_from_dict(data: object, *, source: str = "<bank>") -> Bank:
    """Validate a parsed bank (schema, then sense) and build a :class:`Bank`."""
    problem = _bank_problem(data)
    if problem:
        raise QuizBankError(tr.gettext("{source}: {problem}", source=source, problem=problem))
    _schema_errors(data, source)
    sealed = "sealed" in data
    kdf = KdfParams(**{k: data["kdf"][k] for k in ("n", "r", "p")}) if sealed else None
    seen: set[str] = set()
    questions = []
    for index, item in enumerate(data["questions"]):
        where = _where(data, ["questions", index])
        if item["id"] in seen:
            raise QuizBankError(tr.gettext("{source}: {where}: the id is used twice in this bank", source=source,
                                           where=where))
        seen.add(item["id"])
        problem = _sealed_problem(item) if sealed else _semantic_problem(item)
        if problem:
            raise QuizBankError(tr.gettext("{source}: {where}: {problem}", source=source, where=where,
                                           problem=problem))
        questions.append(_question(item, kdf))
    return Bank(lesson=data["lesson"], title=data["title"], questions=tuple(questions), source=source,
                sealed=sealed, raw=data)


def _question(item: dict, kdf: KdfParams | None) -> Question:
    sealed = None
    if kdf is not None:
        sealed = SealedKey(salt=item["salt"], kdf=kdf, entries=dict(item["entries"]),
                           grids=tuple(dict(g) for g in item.get("grids", ())))
    return Question(
        id=item["id"], type=item["type"], prompt=item["prompt"].strip(),
        choices=tuple(Choice(id=c["id"], text=c["text"].strip(), correct=bool(c.get("correct")),
                             feedback=c.get("feedback", "").strip()) for c in item.get("choices", [])),
        answer=item.get("answer"), tolerance=item.get("tolerance"), tolerance_pct=item.get("tolerance_pct"),
        unit=item.get("unit", ""), accept=tuple(a for a in item.get("accept", []) if a.strip()),
        explanation=item.get("explanation", "").strip(),
        common_wrong=tuple(CommonWrong(value=w["value"], feedback=w["feedback"].strip(), tolerance=w.get("tolerance"),
                                       tolerance_pct=w.get("tolerance_pct"))
                           for w in item.get("common_wrong", [])),
        reject=tuple(r for r in item.get("reject", []) if r.strip()),
        sealed=sealed)
