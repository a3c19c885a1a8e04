"""Bring the translated course up to date: catalogues, documents, executed notebooks, exercises.

A translated lesson or solution notebook is committed executed, like the English one. It
is re-executed (in its language, in its own folder) only when its code cells changed (their
source, tags or course metadata), so an unchanged translation keeps its outputs byte for byte;
changed prose is written around the outputs. The translated exercises are
generated from the translated solutions, exactly as the English ones are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.i18n import Translator, language, using_language
from course_utils.instructor.translations import (catalogue_bytes, documents, merged, problems,
                                                  translated_text)

tr = Translator("instructor")

EXECUTED_FOLDERS = ("lessons", "solutions")


@dataclass
class Plan:
    """What ``course translate`` would write: file -> text, and which notebooks to run."""
    files: dict[Path, str] = field(default_factory=dict)
    to_execute: list[Path] = field(default_factory=list)


AUTHORED_METADATA = ("tags", "course")  # not run timings, nor what an editor writes (collapsed, scrolled)


def _cell_metadata(cell) -> str:
    """A cell's tags and course metadata, as text."""
    return json.dumps({key: cell.metadata[key] for key in AUTHORED_METADATA if key in cell.metadata},
                      sort_keys=True, ensure_ascii=False)


def _sources_of(text: str) -> list[tuple[str, str, str, str]]:
    """Each cell's id, type, source and metadata, then the notebook's course metadata."""
    import nbformat

    notebook = nbformat.reads(text, as_version=4)
    return [(cell.get("id", ""), cell.cell_type, cell.source, _cell_metadata(cell))
            for cell in notebook.cells] + [
        ("metadata", "course", repr(notebook.metadata.get("course")), "")]


def _code_of(sources: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """Of :func:`_sources_of`, what decides a notebook's outputs: ids and types of all cells, code
    cells' sources and metadata (a tag such as ``raises-exception`` changes how a cell runs)."""
    return [(cell_id, kind, *((source, metadata) if kind == "code" else ("", "")))
            for cell_id, kind, source, metadata in sources]


def _with_outputs(text: str, executed: str) -> str:
    """``text`` (new prose, same code) carrying the outputs and widget state of ``executed``."""
    import nbformat

    from course_utils.book.cache import merge_outputs

    old_notebook = nbformat.reads(executed, as_version=4)
    merged = merge_outputs(nbformat.reads(text, as_version=4), old_notebook)
    for new, old in zip(merged.cells, old_notebook.cells):
        if "execution" in old.metadata:
            new.metadata["execution"] = old.metadata["execution"]
    return nbformat.writes(merged) + "\n"


def plan(root: Path, lang: str, *, run_all: bool = False) -> Plan:
    """Files to write; notebooks to execute (those whose cells changed, or all of them with ``run_all``)."""
    result = Plan()
    for document in documents(root):
        catalogue = merged(document, root, lang)
        result.files[document.catalogue_path(root, lang)] = catalogue_bytes(catalogue).decode("utf-8")
        target = root / document.target(lang)
        text = translated_text(document, root, catalogue, lang)
        if document.kind == "notebook":
            current = target.read_text(encoding="utf-8") if target.is_file() else ""
            executed = Path(document.source).parts[0] in EXECUTED_FOLDERS
            before, after = (_sources_of(current) if current else None), _sources_of(text)
            if before == after:
                if run_all and executed:  # the library changed: same cells, new outputs
                    result.to_execute.append(target)
                continue  # same cells: keep the executed notebook as it is
            if before and executed and not run_all and _code_of(before) == _code_of(after):
                text = _with_outputs(text, current)  # only prose changed: the outputs stand
            elif executed:
                result.to_execute.append(target)
        result.files[target] = text
    return result


def stale(root: Path, lang: str) -> list[str]:
    """Files ``course translate`` would change, relative to ``root``, plus stale exercises."""
    from course_utils.instructor.generate import generate

    found = []
    for path, text in plan(root, lang).files.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            found.append(str(path.relative_to(root)))
    if (root / "solutions").is_dir():
        with using_language(lang):
            found += [f"exercises/{lang}/{name}" for name in
                      generate(root / "solutions" / lang, root / "exercises" / lang, check_only=True)]
    return found


def update(root: Path, lang: str, *, workers: int = 2, timeout: int = 180, run_all: bool = False,
           say=print) -> list[str]:
    """Write what changed, execute the notebooks whose cells changed (or all), regenerate the exercises."""
    from course_utils.book.execute import execute_all
    from course_utils.errors import CourseInputError
    from course_utils.instructor.generate import generate

    work = plan(root, lang, run_all=run_all)
    written = []
    for path, text in work.files.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(str(path.relative_to(root)))

    reader = language()  # the notebooks run in ``lang``; the instructor reads progress in theirs

    def progress(result, done, total):
        with using_language(reader):
            say(tr.gettext("ran {name} ({done}/{total}, {seconds:.0f} s)", name=result.name, done=done,
                           total=total, seconds=result.seconds))

    jobs = [(str(path.relative_to(root)), path) for path in work.to_execute]
    with using_language(lang):
        for result in execute_all(jobs, workers=workers, timeout=timeout, progress=progress):
            if not result.ok:
                with using_language(reader):
                    message = tr.gettext("{name}: cell {cell} failed when run in {lang}: {error}: {value}",
                                         name=result.name, cell=result.cell_index, lang=lang,
                                         error=result.error_name, value=result.error_value)
                raise CourseInputError(message, "translation")
            (root / result.name).write_text(result.notebook_json + "\n", encoding="utf-8")
        if (root / "solutions").is_dir():
            written += [f"exercises/{lang}/{name}" for name in generate(root / "solutions" / lang,
                                                                         root / "exercises" / lang)]
    return written


def all_problems(root: Path, lang: str) -> list[str]:
    return [line for document in documents(root) for line in problems(document, root, lang)]

