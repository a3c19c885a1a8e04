"""The book's configuration: ``book/book.yaml`` read into plain data.

Notebook, data and quiz-bank paths are relative to the repository root; front and
back matter, teaching notes, templates and CSS are relative to the book folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from course_utils.errors import CourseInputError
from course_utils.i18n import DEFAULT_LANGUAGE, Translator, language
from course_utils.lessons import lesson_by_number
from course_utils.yamlfile import load_yaml

tr = Translator("book")

EDITIONS = ("student", "instructor")
FORMATS = ("html", "pdf")
NOTEBOOK_PARTS = ("lessons", "exercises", "solutions")


@dataclass(frozen=True)
class Chapter:
    """One notebook of the book: a lesson, an exercise handout or a worked solution."""

    part: str
    number: int
    path: Path
    title: str
    stage: str = ""
    minutes: int | None = None

    @property
    def key(self) -> str:
        """A stable identifier, e.g. ``lessons-01``."""
        return f"{self.part}-{self.number:02d}"


@dataclass
class BookConfig:
    root: Path
    book_dir: Path
    data: dict
    chapters: list[Chapter] = field(default_factory=list)

    def book_path(self, relative: str) -> Path:
        return self.book_dir / relative

    def root_path(self, relative: str) -> Path:
        return self.root / relative

    def parts(self, edition: str) -> list[str]:
        return list(self.data["editions"][edition]["parts"])

    def chapters_for(self, edition: str) -> list[Chapter]:
        """The chapters an edition prints, in book order (missing notebooks excluded)."""
        parts = self.parts(edition)
        return [c for c in self.chapters if c.part in parts and c.path.is_file()]

    def missing(self) -> list[Chapter]:
        return [c for c in self.chapters if not c.path.is_file()]

    @property
    def print_options(self) -> dict:
        return self.data.get("print", {})

    @property
    def build_options(self) -> dict:
        return self.data.get("build", {})


def edition_label(edition: str) -> str:
    """The name of an edition (student, instructor) as the cover prints it."""
    return {"student": tr.gettext("Student edition"), "instructor": tr.gettext("Instructor edition")}[edition]


def load_config(root: Path, config_path: Path | None = None) -> BookConfig:
    """Read ``book/book.yaml`` (or ``config_path``) under ``root``."""
    root = Path(root).resolve()
    path = Path(config_path) if config_path else root / "book" / "book.yaml"
    if not path.is_file():
        raise CourseInputError(tr.gettext("No book configuration at {path}. Run the command from the course folder "
                                          "(the one that holds book/book.yaml), or pass --config.", path=path), "config")
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CourseInputError(tr.gettext("The book configuration {path} is not valid YAML: {reason}", path=path,
                                          reason=error), "config") from None
    for key in ("title", "editions", "lessons"):
        if not isinstance(data, dict) or key not in data:
            raise CourseInputError(tr.gettext("The book configuration {path} has no \"{key}\" entry; see "
                                              "book/book.yaml in the course repository for the layout.", path=path,
                                              key=key), "config")
    lang = language()
    if lang != DEFAULT_LANGUAGE:
        data = translated_config(data, root, path, lang)
    chapters = []
    for part in NOTEBOOK_PARTS:
        entries = data.get(part) or []
        if not isinstance(entries, list):
            raise CourseInputError(tr.gettext("The book configuration {path}: \"{part}\" should be a list of "
                                              "chapters (\"- number: …\", \"file: …\", \"title: …\"); see "
                                              "book/book.yaml in the course repository for the layout.",
                                              path=path, part=part), "config")
        for entry in entries:
            chapters.append(_chapter(part, entry, root, path))
    return BookConfig(root=root, book_dir=path.parent.resolve(), data=data, chapters=chapters)


def _chapter(part: str, entry, root: Path, path: Path) -> Chapter:
    """A chapter of the configuration, or a message naming the entry and what it lacks."""
    number = entry.get("number") if isinstance(entry, dict) else None
    if (not isinstance(entry, dict) or isinstance(number, bool) or not isinstance(number, int)
            or not isinstance(entry.get("file"), str) or not isinstance(entry.get("title"), str)):
        raise CourseInputError(tr.gettext("The book configuration {path}: the entry {entry} under \"{part}\" "
                                          "needs a whole \"number\", a \"file\" and a \"title\"; see "
                                          "book/book.yaml in the course repository for the layout.",
                                          path=path, entry=repr(entry), part=part), "config")
    return Chapter(part=part, number=number, path=root / entry["file"], title=entry["title"],
                   stage=entry.get("stage", ""), minutes=entry.get("minutes"))


def translated_config(data: dict, root: Path, path: Path, lang: str) -> dict:
    """The book in ``lang``: titles from ``book/<lang>/book.yaml`` (written by ``course translate``),
    every document from its ``<lang>/`` folder where one exists, output and caches apart."""
    translated = path.parent / lang / path.name
    if translated.is_file():
        data = load_yaml(translated.read_text(encoding="utf-8"))
    data = dict(data)
    book_dir = path.parent

    def beside(base: Path, relative: str) -> str:
        # "lessons/01-x.ipynb" -> "lessons/zh/01-x.ipynb" (patterns such as "{name}.yaml" included)
        candidate = Path(relative).parent / lang / Path(relative).name
        exists = (base / candidate.parent).is_dir() if "{" in relative else (base / candidate).is_file()
        return str(candidate) if exists else relative

    for part in NOTEBOOK_PARTS:
        data[part] = [{**entry, "file": beside(root, entry["file"])} for entry in data.get(part) or []]
    data["front"] = {key: beside(book_dir, value) for key, value in (data.get("front") or {}).items()}
    data["appendices"] = {key: beside(root if key == "timeline" else book_dir, value)
                          for key, value in (data.get("appendices") or {}).items()}
    if data.get("teaching_notes"):
        data["teaching_notes"] = beside(book_dir, data["teaching_notes"])
    if data.get("quiz_banks"):
        data["quiz_banks"] = beside(root, data["quiz_banks"])
    printing = dict(data.get("print") or {})
    solutions = dict(printing.get("solutions") or {})
    if solutions.get("rubrics"):
        solutions["rubrics"] = beside(root, solutions["rubrics"])
    printing["solutions"] = solutions
    data["print"] = printing
    build = dict(data.get("build") or {})
    for key, default in (("output_dir", "book/_build"), ("cache_dir", "book/_cache")):
        build[key] = str(Path(build.get(key, default)) / lang)
    data["build"] = build
    css = list(data.get("css", ["css/book.css"]))
    data["css"] = css + [f"css/{lang}.css"] if (book_dir / "css" / f"{lang}.css").is_file() else css
    return data


def parse_choice(value: str, choices: tuple[str, ...], argument: str) -> list[str]:
    """``"all"`` or one of ``choices`` → the list of choices to build.

    >>> parse_choice("all", EDITIONS, "edition")
    ['student', 'instructor']
    >>> parse_choice("pdf", FORMATS, "format")
    ['pdf']
    """
    if value == "all":
        return list(choices)
    if value not in choices:
        raise CourseInputError(tr.gettext("{name} should be one of {choices}; got \"{value}\".", name=argument,
                                          value=value, choices=", ".join(choices + ("all",))), argument)
    return [value]


def book_files(config) -> list[Path]:
    """What the book folder holds besides its outputs and caches (templates, CSS, matter), sorted."""
    return sorted(p for p in config.book_dir.iterdir()
                  if p.name not in ("_build", "_cache") and not p.name.startswith("."))


def book_css(config) -> str:
    """The book's stylesheets, concatenated in the order book.yaml lists them."""
    return "\n".join(config.book_path(p).read_text(encoding="utf-8")
                     for p in config.data.get("css", ["css/book.css"]))


def bank_path(pattern: str, number: int) -> str:
    """The quiz-bank path for lesson ``number`` from the config's pattern (``{name}`` is the lesson's name).

    >>> bank_path("quizbanks/{name}.yaml", 2)
    'quizbanks/hub.yaml'
    """
    try:
        name = lesson_by_number(number).name
    except KeyError:
        name = f"lesson-{number:02d}"
    return pattern.format(number=number, name=name)
