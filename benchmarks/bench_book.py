"""Benchmark the book build on this machine.

Runs, on a copy of the course's notebooks and book matter in a temporary folder
(the repository is not touched): a cold build of both editions in both formats, a
rebuild with nothing changed, a rebuild after a prose edit, and for comparison
``jupyter nbconvert --execute`` of the same notebooks one after another.

    .venv/bin/python benchmarks/bench_book.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_course(target: Path) -> None:
    for name in ("lessons", "exercises", "solutions"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    shutil.copytree(REPO / "book", target / "book", ignore=shutil.ignore_patterns("_build", "_cache"))
    # A snapshot of the library, data and quiz banks: the cache key then sees exactly
    # what this run changes, even while the working tree is being edited.
    shutil.copytree(REPO / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))


def timed(label: str, action) -> float:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:7.1f} s", flush=True)
    return seconds, result


def main() -> int:
    import nbformat
    from pypdf import PdfReader

    from course_utils.book.build import build_book
    from course_utils.book.config import load_config

    with tempfile.TemporaryDirectory(prefix="bench-book-") as folder:
        root = Path(folder)
        copy_course(root)
        quiet = lambda line: None  # noqa: E731
        _, cold = timed("cold build (both editions, HTML + PDF)", lambda: build_book(root, log=quiet))
        _, same = timed("rebuild, nothing changed", lambda: build_book(root, log=quiet))
        lesson = sorted((root / "lessons").glob("*.ipynb"))[0]
        nb = nbformat.read(lesson, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "markdown")
        first.source += "\n\nAn added sentence of prose."
        nbformat.write(nb, lesson)
        _, prose = timed("rebuild after a prose edit", lambda: build_book(root, log=quiet))
        config = load_config(root)
        executed_parts = set(config.build_options.get("execute", ["lessons", "solutions"]))
        # The same notebooks the book executes (exercise handouts print blank, unexecuted).
        notebooks = [c.path for c in config.chapters if c.path.is_file() and c.part in executed_parts]
        jupyter = Path(sys.executable).with_name("jupyter")
        out = root / "nbconvert-out"

        def serial():
            for path in notebooks:
                subprocess.run([str(jupyter), "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(out),
                                str(path)], check=True, capture_output=True, cwd=path.parent)

        timed(f"jupyter nbconvert --execute, {len(notebooks)} notebooks serially", serial)
        print(f"executed: cold {len(cold.executed)}, no change {len(same.executed)}, prose edit {len(prose.executed)};"
              f" outputs rewritten after no change: {len(same.written)}")
        for edition in ("student", "instructor"):
            pdf = root / "book" / "_build" / f"coursebook-{edition}.pdf"
            print(f"{edition} edition: {len(PdfReader(str(pdf)).pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
