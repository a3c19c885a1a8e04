"""Written answers: find them in a notebook, count the words, never grade the ideas.

The rubric lives with the instructor; a learner's check only says whether an
answer is there and long enough, and how many rubric points it will be read against.

>>> word_count("Dwell time rewards 完播 content.")
6

Chinese takes more characters than English takes words to say the same thing, so a
Chinese answer is asked for more characters than an English one for words:

>>> minimum_length(60, "en"), minimum_length(60, "zh"), minimum_length(40, "zh")
(60, 100, 70)
>>> answer_text("<!-- BEGIN ANSWER -->\\nMy answer.\\n<!-- END ANSWER -->")
'My answer.'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from course_utils.cjk import HAN
from course_utils.exercises import utils
from course_utils.exercises.result import Result
from course_utils.i18n import LANGUAGES, Translator, language, using_language

tr = Translator("exercises")

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# The course's worked answers run 1.5 to 1.8 Chinese characters per English word.
CHARACTERS_PER_WORD = 5 / 3
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’%.\-]*|" + f"[{HAN}]")


def answer_stub() -> str:
    """The prompt the exercise generator puts in place of a written answer."""
    return tr.gettext("*Write your answer here, in place of this line (then save the notebook).*")


def answer_text(source: str) -> str:
    """The learner's words: comments and the unchanged stub prompt (in any course language) removed."""
    text = _COMMENT.sub("", source)
    for stub in _stubs():
        text = text.replace(stub, "")
    return text.strip()


@lru_cache(maxsize=None)
def _stubs() -> tuple[str, ...]:
    """The prompt in every course language: a notebook read in another language still holds its own."""
    found = []
    for lang in LANGUAGES:
        with using_language(lang):
            found.append(answer_stub())
    return tuple(found)


def word_count(text: str) -> int:
    """Words in English, plus one per Chinese character (a rough but fair length)."""
    return len(_WORD.findall(text))


def minimum_length(min_words: int, lang: str) -> int:
    """A task's minimum length in ``lang``: words in English, characters (to the ten) in Chinese."""
    if lang == "zh":
        return int(round(min_words * CHARACTERS_PER_WORD, -1))
    return min_words


def find_source(notebook: dict, task_id: str) -> str | None:
    """The source of the last answer cell of ``task_id`` as it is (a duplicated cell: the last wins)."""
    found = None
    for cell in notebook.get("cells", []):
        if isinstance(cell, dict) and utils.is_answer(cell) and utils.task_id(cell) == task_id:
            found = utils.source_text(cell)
    return found


def stray_answer(notebook: dict, task_id: str) -> str:
    """Words written for ``task_id`` outside its answer cell: the text of markdown cells without course
    metadata (cells the learner added) after the task's last answer cell and before the next task's cells.
    The released exercises have no such cell there (a test holds them to it), so none is the course's own.
    """
    texts: list[str] = []
    inside = False
    for cell in notebook.get("cells", []):
        metadata = cell.get("metadata", {}) if isinstance(cell, dict) else None
        if not isinstance(metadata, dict):
            continue
        if utils.is_answer(cell) and utils.task_id(cell) == task_id:
            inside, texts = True, []  # the last answer cell is the one read, as in find_source
        elif utils.task_id(cell) is not None:
            inside = inside and utils.task_id(cell) == task_id  # its check cell, or the next task
        elif inside and cell.get("cell_type") == "markdown" and "course" not in metadata:
            texts.append(answer_text(utils.source_text(cell)))
    return "\n\n".join(text for text in texts if text)


def graded_answer(notebook: dict, task_id: str) -> tuple[str, bool]:
    """The answer the grader reads for ``task_id`` and whether it came from a cell added below the answer
    cell: the answer cell's words, or, where it holds none, the words written below it."""
    answer = find_answer(notebook, task_id) or ""
    if not word_count(answer):
        below = stray_answer(notebook, task_id)
        if word_count(below):
            return below, True
    return answer, False


def find_answer(notebook: dict, task_id: str) -> str | None:
    """The learner's words in the last answer cell of ``task_id``; None when there is no such cell."""
    source = find_source(notebook, task_id)
    return None if source is None else answer_text(source)


def assess(spec, text: str | None, *, prompt: bool = False) -> Result:
    """A :class:`~course_utils.exercises.result.Result` for a written answer: ``text`` None when the
    notebook has no answer cell for the task, ``prompt`` when the cell still holds the prompt."""
    result = Result(task=spec.id, title=spec.title, status="written")
    words = word_count(text or "")
    if not words:
        result.status = "not_attempted"
        result.note = _no_words(text, prompt)
        return result
    minimum = minimum_length(spec.min_words, language())
    if words < minimum:
        result.wrong.append(tr.ngettext("your answer has {n} word; aim for at least {minimum} so that it can meet "
                                        "the rubric.",
                                        "your answer has {n} words; aim for at least {minimum} so that it can meet "
                                        "the rubric.", words, minimum=minimum))
    else:
        result.right.append(tr.gettext("your answer has {words} words, enough to meet the rubric", words=words))
    result.note = tr.gettext("Your instructor reads written answers against a rubric of {points} points; this check "
                             "only looks at length, not at the ideas.", points=spec.rubric_points)
    return result


def _no_words(text: str | None, prompt: bool) -> str:
    """Why a written answer counts no words: each case says what to do about it."""
    if text is None:
        return tr.gettext("This task's answer cell is missing (it is the cell under the task that held the prompt): "
                          "undo its deletion (Edit, then Undo Cell Operation) or take it from a fresh copy of the "
                          "exercise, write your answer in it, save (Ctrl+S) and run this check again. An answer in "
                          "another cell is not found.")
    if prompt:
        return tr.gettext("Your answer cell still holds the prompt. Write your answer in it, save the notebook "
                          "(Ctrl+S), then run this check again.")
    if text:
        return tr.gettext("Your answer cell has no words yet, only punctuation or symbols. Write your answer in it, "
                          "save the notebook (Ctrl+S), then run this check again.")
    return tr.gettext("Your answer cell is empty. Write your answer in it, save the notebook (Ctrl+S), then run this "
                      "check again.")


def _notebook_path(spec) -> Path | None:
    import sys

    main = sys.modules.get("__main__")
    session = getattr(main, "__session__", None) if main is not None else None
    candidates = [Path(session)] if isinstance(session, str) and session.endswith(".ipynb") else []
    candidates.append(Path.cwd() / spec.notebook)
    return next((path for path in candidates if path.is_file()), None)


def check_written(spec) -> Result:
    """Check a written task by reading the saved notebook from disk."""
    path = _notebook_path(spec)
    if path is None:
        return Result(task=spec.id, title=spec.title, status="not_attempted",
                      note=tr.gettext("Save this notebook as {notebook} (Ctrl+S) in the folder you opened it from, "
                                      "then run this check again: the check reads the saved file.",
                                      notebook=spec.notebook))
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Result(task=spec.id, title=spec.title, status="not_attempted",
                      note=tr.gettext("Save this notebook as {notebook} (Ctrl+S) in the folder you opened it from, "
                                      "then run this check again: the check reads the saved file.",
                                      notebook=spec.notebook))
    source = find_source(notebook, spec.id)
    return assess(spec, None if source is None else answer_text(source),
                  prompt=source is not None and any(stub in source for stub in _stubs()))
