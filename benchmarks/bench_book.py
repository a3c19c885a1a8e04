"""Benchmark the book build against Jupyter Book 1 on the same notebooks, in the same run.

On copies of the course in temporary folders (the repository is not touched), times:

- ours: ``course book --language en``, both editions in HTML and PDF, as ``make book`` builds
  the English book, run as a command (start-up included, as for the anchor);
- the anchor: Jupyter Book 1 (``jupyter-book<2``), HTML only, ``execute_notebooks: cache``,
  building the same lesson and solution notebooks;

each cold (empty caches), with nothing changed, after a prose edit (one sentence
changed in a markdown cell of lesson 01) and after an edit that adds a page (five
paragraphs added to lesson 01, which moves every later page), and reports our times as
ratios of theirs.
Each step runs ``--repeat`` times (3 by default), ours and the anchor's alternating, and
the table gives the medians: on this machine one cold build varies by a fifth from one
minute to the next, on both sides.
It also times the same prose edit under ``course book --watch`` (the author's loop: the
workers stay loaded between builds), from the moment the notebook is saved to the
moment the four files are written, polling included; and, for reference, our prose
edit with the PDFs printed whole (the build option ``pdf_parts: false``).

Jupyter Book 1 lives in its own virtual environment, ``benchmarks/.jb1-venv/``
(git-ignored), created on first use with ``pip install "jupyter-book<2"``; its
notebooks run in this project's kernel (``.venv``), so both sides execute the same
code with the same packages.

    .venv/bin/python benchmarks/bench_book.py            # print the table
    .venv/bin/python benchmarks/bench_book.py --record   # and write it into RESULTS.md
    .venv/bin/python benchmarks/bench_book.py --repeat 1 # one run of each step (quicker, noisier)
"""

from __future__ import annotations

import argparse
import json
import statistics
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
JB1_VENV = REPO / "benchmarks" / ".jb1-venv"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
START, END = "<!-- bench_book:start -->", "<!-- bench_book:end -->"
EDITED = "lessons/01-content-engine.ipynb"
LIST_ITEM = re.compile(r"\s*(\d+[.)]|[-*+])\s")
TARGETS = {"cold": 0.8, "no change": 0.3, "prose edit": 1.0}
WATCHED_EDITS = 5
PAUSE = 3.0  # seconds between saves while watching


def jupyter_book() -> Path:
    """The ``jupyter-book`` command of the anchor's virtual environment, installed if missing."""
    command = JB1_VENV / "bin" / "jupyter-book"
    if not command.exists():
        print(f"creating {JB1_VENV} with jupyter-book<2 (once)", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(JB1_VENV)], check=True)
        subprocess.run([str(JB1_VENV / "bin" / "pip"), "install", "-q", "jupyter-book<2"], check=True)
    return command


def copy_course(target: Path) -> None:
    for name in ("lessons", "exercises", "solutions"):
        shutil.copytree(REPO / name, target / name)
    shutil.copytree(REPO / "book", target / "book", ignore=shutil.ignore_patterns("_build", "_cache"))
    # A snapshot of the library, data and quiz banks: the cache key then sees exactly
    # what this run changes, even while the working tree is being edited.
    shutil.copytree(REPO / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))


def jb1_project(target: Path, notebooks: list[Path]) -> None:
    """A Jupyter Book 1 project of ``notebooks`` (paths relative to the repository)."""
    for relative in notebooks:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, target / relative)
    (target / "_config.yml").write_text(
        "title: Course book (benchmark anchor)\nonly_build_toc_files: true\n"
        "execute:\n  execute_notebooks: cache\n  timeout: 180\n", encoding="utf-8")
    root, *chapters = [str(p.with_suffix("")) for p in notebooks]
    toc = f"format: jb-book\nroot: {root}\nchapters:\n" + "".join(f"- file: {c}\n" for c in chapters)
    (target / "_toc.yml").write_text(toc, encoding="utf-8")


def edit_prose(path: Path, count: int) -> None:
    """Change one sentence of the first prose paragraph (not a heading) of a markdown cell.

    The same edit on both sides; it shows in print (a lesson's own title would not). A
    list item is skipped: editing "1. Explain" into "1 (edit). Explain" would turn a
    list into a paragraph, a change of structure rather than of prose.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        lines = cell.source.splitlines()
        for number, line in enumerate(lines):
            if (cell.cell_type == "markdown" and not line.startswith(("#", "|", "<")) and ". " in line
                    and not LIST_ITEM.match(line)):
                lines[number] = line.replace(". ", f" (edit {count}). ", 1)
                cell.source = "\n".join(lines)
                nbformat.write(nb, path)
                return
    raise SystemExit(f"{path}: no prose sentence to edit")


def lengthen(path: Path, count: int) -> None:
    """Add five paragraphs (about a printed page) to the first section of ``path``."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    paragraph = ("This paragraph lengthens the lesson by about a page, so that every later page of the book "
                 "moves, to time an edit that changes the page count. ") * 6
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            cell.source += "".join(f"\n\n{paragraph}({count}.{number})" for number in range(5))
            nbformat.write(nb, path)
            return
    raise SystemExit(f"{path}: no section to lengthen")


def ours_command(root: Path) -> dict:
    """``course book`` on the copy, as an author runs it (a process of its own, like the anchor's).

    Returns what the run did: notebooks executed, PDF parts laid out, parts in the book.
    """
    command = Path(sys.executable).with_name("course")
    pages = root / "book" / "_cache" / "pages"
    started = time.time_ns()
    env = {key: value for key, value in os.environ.items() if key != "COURSE_LANG"}
    done = subprocess.run([str(command), "book", "--root", str(root), "--language", "en"], check=True, env=env,
                          capture_output=True, text=True)
    executed = re.search(r"(\d+) notebooks? executed", done.stdout)
    index = json.loads((pages / "in-use.json").read_text(encoding="utf-8")) if (pages / "in-use.json").is_file() else {}
    return {"executed": int(executed[1]) if executed else 0,
            "laid out": sum(1 for path in pages.glob("*.pdf") if path.stat().st_mtime_ns >= started),
            "parts": sum(len(stems) for stems in index.values())}


def ours_watching(root: Path, edits: int) -> list[float]:
    """Seconds from each saved prose edit to the rebuilt book, under ``course book --watch``."""
    import queue
    import signal
    import threading

    command = Path(sys.executable).with_name("course")
    env = {key: value for key, value in os.environ.items() if key != "COURSE_LANG"}
    process = subprocess.Popen([str(command), "book", "--root", str(root), "--language", "en", "--watch"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                               start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout] + [lines.put(None)],
                     daemon=True).start()

    def until(text: str) -> float:
        while True:
            line = lines.get(timeout=300)
            if line is None:
                raise SystemExit("course book --watch stopped")
            if text in line:
                return time.perf_counter()

    seconds = []
    try:
        until("Watching")
        for number in range(edits):
            time.sleep(PAUSE)  # an author's saves are seconds apart: the workers are ready for them
            edit_prose(root / EDITED, 10 + number)
            saved = time.perf_counter()
            seconds.append(until("Book built") - saved)
            until("Watching")
            print(f"{'ours, prose edit while watching':<52} {seconds[-1]:7.1f} s", flush=True)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    return seconds


def timed(label: str, action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label:<52} {seconds:7.1f} s", flush=True)
    return seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the table into benchmarks/RESULTS.md")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each step, ours and the anchor's alternating; the table gives medians")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat needs 1 or more")
    from pypdf import PdfReader

    from course_utils.book.config import load_config

    jb = jupyter_book()
    config = load_config(REPO)
    executed = set(config.build_options.get("execute", ["lessons", "solutions"]))
    notebooks = [c.path.relative_to(REPO) for c in config.chapters if c.path.is_file() and c.part in executed]
    ours, theirs, notes = {}, {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-book-") as folder:
        root, anchor = Path(folder) / "course", Path(folder) / "jb1"
        copy_course(root)
        jb1_project(anchor, notebooks)
        env = dict(os.environ, JUPYTER_PATH=str(REPO / ".venv" / "share" / "jupyter"))
        env.pop("MPLBACKEND", None)

        def jb1():
            subprocess.run([str(jb), "build", str(anchor), "--builder", "html"], check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        reports = {}
        for step, edit in (("cold", None), ("no change", None), ("prose edit", edit_prose),
                           ("edit that adds a page", lengthen)):
            mine, anchors = [], []
            for run in range(args.repeat):
                if step == "cold" and run:  # empty caches again, on both sides
                    for built in (root / "book" / "_cache", root / "book" / "_build", anchor / "_build"):
                        shutil.rmtree(built, ignore_errors=True)
                if edit is not None:
                    edit(root / EDITED, 1 + run)
                    edit(anchor / EDITED, 1 + run)
                seconds, reports[step] = timed(f"ours, {step} (2 editions, HTML + PDF)", lambda: ours_command(root))
                mine.append(seconds)
                anchors.append(timed(f"Jupyter Book 1, {step} (HTML)", jb1)[0])
            ours[step], theirs[step] = statistics.median(mine), statistics.median(anchors)
            notes.setdefault("runs", {})[step] = (mine, anchors)
            if step == "prose edit":  # the book as it is, give or take the edited sentences
                for edition in ("student", "instructor"):
                    pdf = root / "book" / "_build" / f"coursebook-{edition}.pdf"
                    notes[edition] = (len(PdfReader(str(pdf)).pages), pdf.stat().st_size)
        notes["watching"] = sorted(ours_watching(root, WATCHED_EDITS))
        book_yaml = root / "book" / "book.yaml"
        book_yaml.write_text(book_yaml.read_text(encoding="utf-8").replace("build:\n", "build:\n  pdf_parts: false\n", 1),
                             encoding="utf-8")
        edit_prose(root / EDITED, 2 + args.repeat)
        notes["whole"], _ = timed("ours, prose edit, PDFs printed whole", lambda: ours_command(root))
        notes["laid out"] = reports["prose edit"]["laid out"]
        notes["parts"] = reports["prose edit"]["parts"]
        notes["laid out, longer"] = reports["edit that adds a page"]["laid out"]
        notes["executed"] = {step: r["executed"] for step, r in reports.items()}
        for edition in ("student", "instructor"):
            pdf = root / "book" / "_build" / f"coursebook-{edition}.pdf"
            notes[f"{edition} whole"] = pdf.stat().st_size
    table = _table(ours, theirs, notes)
    print("\n" + table)
    if args.record:
        _record(table)
        print(f"recorded in {RESULTS.relative_to(REPO)}")
    return 0


def _table(ours: dict, theirs: dict, notes: dict) -> str:
    repeat = len(notes["runs"]["cold"][0])
    median = f" (median of {repeat})" if repeat > 1 else ""
    rows = [f"| run{median} | ours: 2 editions, HTML + PDF | Jupyter Book 1: HTML | ratio | target |",
            "| --- | --- | --- | --- | --- |"]
    for step in ("cold", "no change", "prose edit"):
        ratio = ours[step] / theirs[step]
        mark = "met" if ratio <= TARGETS[step] else "not met"
        rows.append(f"| {step} | {ours[step]:.1f} s | {theirs[step]:.1f} s | {ratio:.2f}× | ≤ {TARGETS[step]}× ({mark}) |")
    step = "edit that adds a page"
    rows.append(f"| {step} | {ours[step]:.1f} s | {theirs[step]:.1f} s | {ours[step] / theirs[step]:.2f}× | |")
    watching = notes["watching"][len(notes["watching"]) // 2]
    rows.append(f"| prose edit while `course book --watch` runs (median of {len(notes['watching'])}, save → "
                f"four files) | {watching:.1f} s | {theirs['prose edit']:.1f} s | "
                f"{watching / theirs['prose edit']:.2f}× | |")
    rows.append(f"| prose edit, PDFs printed whole (before) | {notes['whole']:.1f} s | | "
                f"{notes['whole'] / theirs['prose edit']:.2f}× | |")
    cores = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = (f"Measured {date.today().isoformat()} by `benchmarks/bench_book.py`: {cores} cores, Python "
            f"{platform.python_version()}, load average {load:.1f} at the end of the run.\n\n" + "\n".join(rows) +
            f"\n\nNotebooks executed (ours): {notes['executed']}. The prose edit laid out {notes['laid out']} of "
            f"{notes['parts']} PDF parts (both editions); the edit that adds a page made {notes['laid out, longer']} "
            f"layouts (the chapter, which both editions print alike, then the contents and the page numbers of each "
            f"edition). After the prose edits, "
            f"printed in parts: student {notes['student'][0]} pages, {notes['student'][1] / 1e6:.1f} MB; instructor "
            f"{notes['instructor'][0]} pages, {notes['instructor'][1] / 1e6:.1f} MB. At the end of the run (a few pages "
            f"longer), printed whole: {notes['student whole'] / 1e6:.1f} and {notes['instructor whole'] / 1e6:.1f} MB. "
            f"Joined from parts, the book embeds each font face once (`fontmerge.py`).\n")
    if repeat > 1:
        each = "; ".join(f"{step}: ours " + ", ".join(f"{s:.1f}" for s in mine) + " s, Jupyter Book 1 " +
                         ", ".join(f"{s:.1f}" for s in anchors) + " s" for step, (mine, anchors) in notes["runs"].items())
        text += f"\nEach run, in order (ours and the anchor alternating): {each}.\n"
    return text


def _record(table: str) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    block = f"{START}\n{table}{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text += f"\n## Book against Jupyter Book 1 (`bench_book.py`)\n\n{block}\n"
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
