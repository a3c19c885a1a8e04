"""Quiz banks: one YAML file per lesson, checked against a schema and for sense.

``load_bank("01")`` reads ``course_utils/quizbanks/content.yaml`` (the lesson's name, see :mod:`course_utils.lessons`); an instructor's
own bank is read with ``load_bank("01", path="my-bank.yaml")``. A malformed bank
raises :class:`QuizBankError` naming the file, the question and what is wrong.
Sealed banks (the student release, see :mod:`course_utils.quiz.seal`) load the
same way; their questions carry a :class:`~course_utils.quiz.lock.SealedKey`
instead of a key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import LANGUAGES, Translator, localized_file
from course_utils.lessons import LESSONS, lesson_by_number
from course_utils.quiz import bankcheck
from course_utils.quiz.lock import KdfParams, SealedKey
from course_utils.quiz.tolerance import CommonWrong

tr = Translator("quiz")

_LESSON = re.compile(r"^\d{2}$")


class QuizBankError(CourseDataError):
    """A quiz bank file is malformed; the message names the file and the question."""


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool = False
    feedback: str = ""


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


def bank_from_dict(data: object, *, source: str = "<bank>") -> Bank:
    """Validate a parsed bank (schema, then sense) and build a :class:`Bank`."""
    problem = bankcheck.bank_problem(data)
    if problem:
        raise QuizBankError(tr.gettext("{source}: {problem}", source=source, problem=problem))
    problem = bankcheck.schema_problem(data, source)
    if problem:
        raise QuizBankError(problem)
    sealed = "sealed" in data
    kdf = KdfParams(**{k: data["kdf"][k] for k in ("n", "r", "p")}) if sealed else None
    seen: set[str] = set()
    questions = []
    for index, item in enumerate(data["questions"]):
        where = bankcheck.where(data, ["questions", index])
        if item["id"] in seen:
            raise QuizBankError(tr.gettext("{source}: {where}: the id is used twice in this bank", source=source,
                                           where=where))
        seen.add(item["id"])
        problem = bankcheck.sealed_problem(item) if sealed else bankcheck.semantic_problem(item)
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
