"""The leak scan: no solution, hidden check, rubric or quiz key may reach a student bundle.

Strings shorter than :data:`MIN_CHARS` after whitespace is collapsed (``return table``)
are too common to mean anything and are not scanned for.

>>> normalise("  return   x *  y ")
'return x * y'
"""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

from course_utils.exercises import utils
from course_utils.exercises.marker_errors import marker_error
from course_utils.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator

tr = Translator("instructor")

MIN_CHARS = 20
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)
_SPACE = re.compile(r"\s+")
TEXT_SUFFIXES = {".py", ".md", ".json", ".yaml", ".yml", ".j2", ".css", ".txt", ".toml", ".lock", ".csv",
                 ".cfg", ".ini", ".html", ".svg"}
CATALOGUES = {".po", ".pot", ".mo"}  # gettext catalogues, read message by message


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _keep(lines) -> list[str]:
    return [line for line in (normalise(item) for item in lines) if len(line) >= MIN_CHARS]


def solution_strings(solutions_dir: Path) -> list[str]:
    """Every solution, written-answer and hidden-test line of the solution notebooks.

    The regions are read as the exercise generator reads them; a marker it would refuse
    is refused here too (a region the scan could not see is a region it could not check).
    """
    found: list[str] = []
    for path in sorted(Path(solutions_dir).glob("[0-9][0-9]-*.ipynb")):
        for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            try:
                lines = utils.cell_regions(cell)
            except utils.MarkerError as error:
                where = tr.gettext("{notebook}, cell {cell}", notebook=path.name, cell=index + 1)
                raise marker_error(error, where) from None
            found += [line for line, role, _ in lines if role == "inside"]
    return _keep(found)


def hidden_strings(path: Path) -> list[str]:
    """Each hidden check's name and the lines of its body, and the file's other code (its data, the
    ``HIDDEN`` map) but its imports and docstring."""
    if not Path(path).is_file():
        return []
    source = Path(path).read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            found.append(node.name)
            found += _keep(lines[node.body[0].lineno - 1: node.end_lineno])
    for node in tree.body:
        is_docstring = isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant)
        if not isinstance(node, (ast.FunctionDef, ast.Import, ast.ImportFrom)) and not is_docstring:
            found += _keep(lines[node.lineno - 1: node.end_lineno])
    return list(dict.fromkeys(found))


def rubric_strings(path: Path) -> list[str]:
    return _keep(Path(path).read_text(encoding="utf-8").splitlines()) if Path(path).is_file() else []


def quiz_strings(banks_dir: Path) -> list[str]:
    """Explanations and per-choice feedback of every plain quiz bank: only the key holds them."""
    from course_utils.quiz.seal import bank_secret_strings
    from course_utils.yamlfile import load_yaml

    found: list[str] = []
    for path in sorted(Path(banks_dir).glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and not data.get("sealed"):
            found += [normalise(text) for text in bank_secret_strings(data)]
    return [text for text in found if len(text) >= MIN_CHARS]


def instructor_strings(root: Path) -> dict[str, list[str]]:
    """Everything a student bundle must not contain, by kind, in every language of the course."""
    root = Path(root)
    solutions, banks = root / "solutions", root / "src" / "course_utils" / "quizbanks"

    def each_language(read, folder: Path, name: str = "") -> list[str]:
        # English in the folder itself, each translation in a language folder inside it.
        places = [folder] + [folder / lang for lang in TRANSLATED if (folder / lang).is_dir()]
        return list(dict.fromkeys(text for place in places for text in read(place / name if name else place)))

    # The kinds are identifiers (findings carry them); kind_label() names them for people.
    return {"solution": each_language(solution_strings, solutions),
            "hidden check": hidden_strings(solutions / "hidden_checks.py"),  # i18n: not translated (an identifier)
            "rubric": each_language(rubric_strings, solutions, "rubrics.md"),
            "quiz key": each_language(quiz_strings, banks)}  # i18n: not translated (an identifier)


def kind_label(kind: str) -> str:
    """The name of a kind of instructor material (``"hidden check"``), as a report prints it."""
    return {"solution": tr.gettext("solution"), "rubric": tr.gettext("rubric"),
            "hidden check": tr.gettext("hidden check"),  # i18n: not translated (the key is an identifier)
            "quiz key": tr.gettext("quiz key")}.get(kind, kind)  # i18n: not translated (the key is an identifier)


def _strings(value):
    """Every text in a JSON value, keys included, as written (not escaped as JSON would write it)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _notebook_text(data: dict) -> str:
    """A notebook's sources, outputs in text (SVG included) and metadata, the notebook's and each cell's
    (saved widget state among it)."""
    parts = list(_strings(data.get("metadata", {})))
    for cell in data.get("cells", []):
        parts += [utils.source_text(cell), *_strings(cell.get("metadata", {}))]
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")) if isinstance(output.get("text"), list)
                         else str(output.get("text", "")))
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") or mime.endswith(("json", "+xml")):
                    parts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


def _catalogue_text(path: Path) -> str:
    """A gettext catalogue's messages and translations, each whole (a .po file wraps them over lines)."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        catalogue = read_mo(stream) if path.suffix == ".mo" else read_po(stream)
    texts = []
    for message in catalogue:
        for text in (message.id, message.string):
            texts += [item for item in (text if isinstance(text, (tuple, list)) else [text]) if item]
    return "\n".join(texts)


def file_text(path: Path) -> str | None:
    """A file's readable text (a notebook's sources, outputs and metadata; a catalogue's messages), or None
    for binary files."""
    if path.suffix == ".ipynb":
        try:
            return html.unescape(_notebook_text(json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, UnicodeDecodeError):
            return path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in CATALOGUES:
        try:
            return _catalogue_text(path)
        except Exception:  # noqa: BLE001 - a catalogue babel cannot read is still scanned, as its bytes
            return path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix not in TEXT_SUFFIXES:
        return None
    return html.unescape(path.read_text(encoding="utf-8", errors="replace"))


def scan(folder: Path, strings: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """``(file, kind, string)`` for every instructor string found in ``folder``."""
    findings = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        text = file_text(path)
        if text is None:
            continue
        flat = normalise(text)
        for kind, items in strings.items():
            findings += [(str(path.relative_to(folder)), kind, item) for item in items if item in flat]
    return findings
