"""Front and back matter: data files under ``book/`` turned into template context.

Everything here is data (Markdown, YAML, CSV); the markup is in the book template.
A missing optional file is a warning in the build output, never a crash.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from course_utils.book.config import bank_path
from course_utils.i18n import DEFAULT_LANGUAGE, Translator, language
from course_utils.models.dates import PRECISIONS, iso_date_label
from course_utils.quiz.static import accepted_text, amount, choices_text, numeric_key
from course_utils.yamlfile import load_yaml

tr = Translator("book")


def markdown_html(text: str) -> str:
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    # Our own Markdown files: trusted, so no escaping; no "¶" anchors in print.
    return MarkdownWithMath(renderer=IPythonRenderer(escape=False, exclude_anchor_links=True)).render(text)


def _yaml(path: Path, warnings: list[str], default):
    if not path.is_file():
        warnings.append(tr.gettext("missing {path}; that part of the book is left out", path=path))
        return default
    return load_yaml(path.read_text(encoding="utf-8")) or default


_SYLLABLE = re.compile(r"([a-zv]+)([1-5])")  # pinyin with a tone number, ü written v: "lv4"


def pinyin_key(pinyin: str) -> tuple:
    """A Chinese term's place in a Chinese glossary: by its pinyin syllable by syllable, each by its
    letters, then its tone, as a Chinese dictionary orders words. A Latin word (UV) sorts by its letters.

    >>> sorted(["sheng1 yi5 wen4 zhen3", "shang1 ye4 bi4 huan2", "sheng1 tai4 shu1 niu3"], key=pinyin_key)
    ['shang1 ye4 bi4 huan2', 'sheng1 tai4 shu1 niu3', 'sheng1 yi5 wen4 zhen3']
    >>> sorted(["mai4", "ma3 tou2", "ma1"], key=pinyin_key)
    ['ma1', 'ma3 tou2', 'mai4']
    """
    key = []
    for syllable in pinyin.split():
        found = _SYLLABLE.fullmatch(syllable)
        key.append((found[1], int(found[2])) if found else (syllable.lower(), 0))
    return tuple(key)


def glossary_order(rows: list[dict], chinese_first: bool, warnings: list[str]) -> list[dict]:
    """The glossary in its reader's order: by the English term, or (Chinese edition) by the Chinese
    term's pinyin; a row without pinyin is listed after the rest, with a warning."""
    if not chinese_first:
        return sorted(rows, key=lambda row: row["term"].lower())
    def pinyin(row: dict) -> str:
        return str(row.get("pinyin", "")).strip()

    missing = [row["zh"] for row in rows if not pinyin(row)]
    if missing:
        warnings.append(tr.gettext("glossary terms without pinyin, listed last: {terms}", terms=", ".join(missing)))
    return sorted(rows, key=lambda row: (not pinyin(row), pinyin_key(pinyin(row)), row["term"].lower()))


def format_date(iso: str, precision: str) -> str:
    """A milestone date at its known precision (the course's one rule: :func:`~course_utils.models.dates.written_date`).

    >>> format_date("2020-01-21", "day"), format_date("2022-10-01", "quarter"), format_date("2022-07-01", "month")
    ('21 Jan 2020', 'Q4 2022', 'Jul 2022')
    """
    # The data set's schema guarantees the precision; a stray file shows the full date rather than stop the book.
    return iso_date_label(iso, precision if precision in PRECISIONS else "day")


def timeline(path: Path, warnings: list[str]) -> list[dict]:
    """The milestones data set, in date order, as rows for the timeline appendix."""
    if not path.is_file():
        warnings.append(tr.gettext("missing {path}; that part of the book is left out", path=path))
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda row: row.get("date", ""))
    return [{"when": format_date(r["date"], r.get("date_precision", "day")), "stage": r.get("stage", ""),
             "stage_name": stage_name(r.get("stage", "")),
             "event": r.get("event", ""), "event_zh": r.get("event_zh", ""),
             "confidence": r.get("confidence", ""), "source": r.get("source", "")} for r in rows]


def quiz_key(config, lessons: list[int], warnings: list[str]) -> list[dict]:
    """The answer key of every lesson's quiz bank (instructor edition only)."""
    pattern = config.data.get("quiz_banks")
    banks = []
    for number in lessons:
        if not pattern:
            break
        bank = _yaml(config.root_path(bank_path(pattern, number)), warnings, None)
        if not bank:
            continue
        questions = []
        for question in bank.get("questions", []):
            questions.append({"id": question.get("id", ""), "type": question.get("type", ""),
                              "prompt": question.get("prompt", ""), "answer": answer_text(question),
                              "explanation": question.get("explanation", "")})
        banks.append({"lesson": number, "title": bank.get("title", ""), "questions": questions})
    return banks


def answer_text(question: dict) -> str:
    """The right answer of a quiz question, as a reader would write it.

    >>> answer_text({"type": "numeric", "answer": 4500, "tolerance": 1, "unit": "RMB"})
    'RMB 4,500 (within ±1)'
    >>> answer_text({"type": "multiple", "choices": [{"id": "a", "text": "X.", "correct": True}, {"id": "b", "text": "Y"}]})
    'a. X'
    """
    kind = question.get("type")
    if kind in ("single", "multiple"):
        return choices_text([(c.get("id"), str(c.get("text", ""))) for c in question.get("choices", []) if c.get("correct")])
    if kind == "numeric":
        if "tolerance_pct" in question or "tolerance" in question:
            return numeric_key(question.get("answer"), question.get("unit"), question.get("tolerance"),
                               question.get("tolerance_pct"))
        return amount(question.get("answer"), question.get("unit"))
    if kind == "text":
        return accepted_text(question.get("accept", []))
    return str(question.get("answer", ""))


def rubrics(path: Path, heading: str, warnings: list[str]) -> tuple[str, dict[str, str]]:
    """The rubrics file as (its opening note, task id → Markdown of that task's rubric).

    Each rubric is a ``## <task id> <title>`` section; ``heading`` (with ``{title}``)
    becomes the printed heading.

    >>> note, by_task = rubrics_from_text("# Rubrics\\n\\nWhole points.\\n\\n## 01.4 Dwell (3 points)\\n1. Uses data.\\n",
    ...                                   "Rubric: {title}")
    >>> note, by_task
    ('Whole points.', {'01.4': '### Rubric: Dwell (3 points)\\n1. Uses data.'})
    """
    if not path.is_file():
        warnings.append(tr.gettext("missing {path}; that part of the book is left out", path=path))
        return "", {}
    return rubrics_from_text(path.read_text(encoding="utf-8"), heading)


def rubrics_from_text(text: str, heading: str) -> tuple[str, dict[str, str]]:
    sections = text.split("\n## ")
    note = "\n".join(line for line in sections[0].splitlines() if not line.startswith("#")).strip()
    by_task = {}
    for section in sections[1:]:
        first, _, body = section.partition("\n")
        task, _, title = first.strip().partition(" ")
        # h3: under the task's h2 heading in the worked solution, no level skipped
        by_task[task] = f"### {heading.format(title=title.strip())}\n{body.strip()}"
    return note, by_task


def _cite_names(config, translated: dict) -> dict[str, str]:
    """English citation -> translated citation, pairing the English references with their translation."""
    english = _yaml(config.book_dir / "back" / "references.yaml", [], {})
    pairs = {}
    for group in ("case", "sources"):
        for en, other in zip(english.get(group) or [], translated.get(group) or []):
            pairs[en.get("cite", "")] = other.get("cite", "")
    return pairs


def stage_name(stage: str) -> str:
    """A timeline row's stage in words, as the cover names the three stages (an unknown id as it is).

    >>> stage_name("hub"), stage_name("later")
    ('Ecosystem hub', 'later')
    """
    names = {"content": tr.gettext("Content engine"), "hub": tr.gettext("Ecosystem hub"),
             "commerce": tr.gettext("Commerce loop")}
    return names.get(stage, stage)


def translated_timeline(rows: list[dict], cites: dict[str, str]) -> list[dict]:
    """The timeline in the course language: the event's own translation, the stage's name, the cited outlet.

    >>> translated_timeline([{"stage": "hub", "event": "E", "event_zh": "事件", "source": "PingWest, Jan 2020"}],
    ...                     {"PingWest, Jan 2020": "品玩，2020年1月"})[0]["event"]
    '事件'
    """
    return [{**row, "event": row.get("event_zh") or row["event"], "event_zh": "",
             "stage_name": stage_name(row.get("stage", "")), "source": cites.get(row.get("source", ""),
                                                                                 row.get("source", ""))}
            for row in rows]


def front_and_back(config, edition: str, lesson_numbers: list[int], warnings: list[str]) -> dict:
    """Everything the book template needs besides the chapters."""
    data = config.data
    front = data.get("front", {})
    appendices = data.get("appendices", {})
    how_to = config.book_path(front.get("how_to_use", "front/how-to-use.md"))
    objectives = {row["number"]: row.get("objectives", [])
                  for row in _yaml(config.book_path(front.get("course_map", "front/course-map.yaml")), warnings, [])}
    context = {
        "how_to_use": markdown_html(how_to.read_text(encoding="utf-8")) if how_to.is_file() else "",
        "course_map": [{"number": c.number, "title": c.title, "stage": c.stage, "minutes": c.minutes,
                        "objectives": objectives.get(c.number, [])}
                       for c in config.chapters if c.part == "lessons"],
        "glossary": glossary_order(_yaml(config.book_path(appendices.get("glossary", "back/glossary.yaml")), warnings,
                                         []), language() == "zh", warnings),
        "timeline": timeline(config.root_path(appendices.get("timeline", "")), warnings)
        if appendices.get("timeline") else [],
        "formulas": _yaml(config.book_path(appendices.get("formulas", "back/formulas.yaml")), warnings, []),
        "references": _yaml(config.book_path(appendices.get("references", "back/references.yaml")), warnings, {}),
        "teaching_notes": {}, "quiz_key": [], "chinese_first": language() == "zh",
    }
    if language() != DEFAULT_LANGUAGE:
        context["timeline"] = translated_timeline(context["timeline"], _cite_names(config, context["references"]))
    parts = config.parts(edition)
    if "teaching_notes" in parts and data.get("teaching_notes"):
        for number in lesson_numbers:
            path = config.book_path(data["teaching_notes"].format(number=number))
            if path.is_file():
                context["teaching_notes"][number] = markdown_html(path.read_text(encoding="utf-8"))
            else:
                warnings.append(tr.gettext("missing {path}; that part of the book is left out", path=path))
    if "quiz_key" in parts:
        context["quiz_key"] = quiz_key(config, lesson_numbers, warnings)
    return context
