"""Benchmark ``make book`` with both languages: cold, no change, a prose edit in one language.

On a copy of the course in a temporary folder (the repository is not touched), times
``course book --edition all --format all --language all`` (what ``make book`` runs):

- cold: empty caches, both languages, both editions, PDF and HTML;
- no change: the same command again;
- prose edit (English): one sentence of lesson 01 changed;
- prose edit (Chinese): the translation of one paragraph of lesson 02 changed in its
  catalogue, then ``course translate`` (which rewrites the Chinese notebook around its
  outputs, running nothing) and the book; both steps are timed.

It also reports the page count of each PDF and the share of Chinese characters among the
letters of the Chinese student PDF's text.

    .venv/bin/python benchmarks/bench_book_languages.py            # print the table
    .venv/bin/python benchmarks/bench_book_languages.py --record   # and write it into RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"
START, END = "<!-- bench_book_languages:start -->", "<!-- bench_book_languages:end -->"
COURSE = [str(REPO / ".venv" / "bin" / "course")]
BOOK = COURSE + ["book", "--edition", "all", "--format", "all", "--language", "all"]


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "COURSE_LANG"})
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def edit_english(course: Path) -> None:
    import nbformat

    path = course / "lessons" / "01-content-engine.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "markdown" and "## 1." in c.source)
    cell.source = cell.source.rstrip() + " (This sentence was added by the benchmark.)"
    nbformat.write(notebook, str(path))


def edit_chinese(course: Path) -> None:
    sys.path.insert(0, str(course / "src"))
    from course_utils.instructor import translations

    document = next(d for d in translations.documents(course) if d.catalogue == "lessons/02-ecosystem-hub")
    catalogue = translations.merged(document, course, "zh")
    message = next(m for m in catalogue if m.id and m.string and m.string.startswith("有赞文章"))
    message.string = message.string + "（本句为基准测试所加。）"
    document.catalogue_path(course, "zh").write_bytes(translations.catalogue_bytes(catalogue))


def pdf_facts(course: Path) -> dict[str, object]:
    from pypdf import PdfReader

    facts: dict[str, object] = {}
    for folder, lang in (("", "en"), ("zh", "zh")):
        for edition in ("student", "instructor"):
            path = course / "book" / "_build" / folder / f"coursebook-{edition}.pdf"
            reader = PdfReader(str(path))
            facts[f"{lang} {edition} pages"] = len(reader.pages)
            if lang == "zh" and edition == "student":
                text = "".join(page.extract_text() or "" for page in reader.pages)
                chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
                latin = len(re.findall(r"[A-Za-z]", text))
                facts["zh student Chinese share"] = f"{chinese / (chinese + latin):.0%} ({chinese:,} Chinese characters, {latin:,} Latin letters)"
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the table into benchmarks/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-book-languages-") as folder:
        course = Path(folder) / "course"
        subprocess.run(["git", "clone", "-q", str(REPO), str(course)], check=True)
        for name in ("_build", "_cache"):
            shutil.rmtree(course / "book" / name, ignore_errors=True)
        times = {"cold (both languages)": timed(BOOK, course), "no change": timed(BOOK, course)}
        edit_english(course)
        times["prose edit in English"] = timed(BOOK, course)
        edit_chinese(course)
        translate = timed(COURSE + ["translate"], course)
        times["prose edit in Chinese"] = translate + timed(BOOK, course)
        facts = pdf_facts(course)
    lines = [f"`bench_book_languages.py`, {date.today().isoformat()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}: `course book --language all` (both editions, PDF and HTML).", "",
             "| build | seconds |", "| --- | ---: |"]
    lines += [f"| {name} | {seconds:.1f} |" for name, seconds in times.items()]
    lines += ["", f"The Chinese prose edit includes `course translate` ({translate:.1f} s: it rewrites the "
              "notebook around its outputs and runs nothing).", "", "| book | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in facts.items()]
    table = "\n".join(lines)
    print(table)
    if args.record:
        text = RESULTS.read_text(encoding="utf-8")
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
        else:
            text += f"\n## The book in two languages (`bench_book_languages.py`)\n\n{block}\n"
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
