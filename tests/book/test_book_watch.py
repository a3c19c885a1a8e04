"""``course book --watch``: a rebuild after each change, warm workers, a restart for new code."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import nbformat
import pytest

from course_utils.book.watch import RESTART, snapshot, sources, watch
from course_utils.errors import CourseDataError

pytestmark = pytest.mark.book


def _append(path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _edit(path, sentence):
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += f"\n\n{sentence}"
    nbformat.write(nb, path)


def test_watch_rebuilds_after_each_edit_reports_errors_and_restarts_for_new_code(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    lesson = root / "lessons" / "01-fixture.ipynb"
    builds, lines = [], []

    def build(pool):
        builds.append(pool)
        if len(builds) == 2:
            raise CourseDataError("lessons/01-fixture.ipynb cannot be read as a notebook")

    # What happens while the watch waits, one step per poll: (a step's action, after which poll).
    steps = iter([
        lambda: None,  # nothing changed: no build
        lambda: _edit(lesson, "First edit."),  # → build 2, which fails with a course error
        lambda: (root / "book" / "_build" / "note.txt").write_text("the build's own output"),  # not a source
        lambda: _edit(lesson, "Second edit."),  # → build 3
        lambda: _append(root / "lib" / "fixture_library.py", "\n# new code\n"),  # → restart
    ])

    def sleep(seconds):
        if seconds >= 0.5:  # a poll (the settling pause is shorter)
            next(steps)()

    outcome = watch(root, build, interval=0.5, log=lines.append, sleep=sleep)
    assert outcome == RESTART
    assert len(builds) == 3
    text = "\n".join(lines)
    assert text.count("Changed: lessons/01-fixture.ipynb") == 2
    assert "course book: lessons/01-fixture.ipynb cannot be read as a notebook" in text
    assert "Changed: lib/fixture_library.py" in text and "starts again with the new code" in text
    assert "_build" not in text
    # The workers were shared by every build and are stopped with the watch.
    assert builds[0] is not None and all(pool is builds[0] for pool in builds)
    with pytest.raises(RuntimeError):
        builds[0].submit(len, "x")


def test_with_one_worker_a_lost_worker_is_reported_and_the_watch_goes_on(built, tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    config = root / "book" / "book.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("workers: 2", "workers: 1"), encoding="utf-8")
    builds, lines = [], []

    def build(pool):
        builds.append(pool)
        if len(builds) == 1:
            raise BrokenProcessPool("a kernel's worker was killed")

    steps = iter([lambda: _append(root / "lib" / "fixture_library.py", "\n# new code\n")])
    outcome = watch(root, build, interval=0.5, log=lines.append, sleep=lambda s: s >= 0.5 and next(steps)())
    assert outcome == RESTART and builds == [None]
    assert any("stopped unexpectedly" in line for line in lines)


def test_the_watch_polls_the_sources_but_not_what_the_build_writes(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    watched = sources(root)
    files = snapshot(watched["book"] + watched["library"], watched["skip"])
    names = {path.relative_to(root.resolve()).as_posix() for path in files if path.is_relative_to(root.resolve())}
    assert {"lessons/01-fixture.ipynb", "book/book.yaml", "lib/fixture_library.py", "book/css/book.css",
            "quizbanks/content.yaml"} <= names
    assert not any(name.startswith(("book/_build/", "book/_cache/")) for name in names)
    # Another output folder is skipped too: the build's own writes there are not edits.
    (root / "book" / "proofs").mkdir()
    (root / "book" / "proofs" / "coursebook-student.pdf").write_bytes(b"%PDF")
    proof = (root / "book" / "proofs" / "coursebook-student.pdf").resolve()
    assert proof in snapshot(watched["book"], watched["skip"])
    custom = sources(root, output_dir=root / "book" / "proofs")
    assert proof not in snapshot(custom["book"], custom["skip"])


def test_the_chinese_book_watches_its_own_notebooks_and_the_files_it_prints_from():
    from bookfixture import REPO

    watched = sources(REPO, languages=("en", "zh"))["book"]
    for relative in ("lessons/01-content-engine.ipynb", "lessons/zh/01-content-engine.ipynb",
                     "solutions/rubrics.md", "solutions/zh/rubrics.md", "src/course_utils/quizbanks/content.yaml"):
        assert (REPO / relative).resolve() in watched, relative
    english = sources(REPO, languages=("en",))["book"]
    assert (REPO / "lessons" / "zh" / "01-content-engine.ipynb").resolve() not in english


def test_a_file_removed_while_the_watch_looks_is_absent_not_an_error(tmp_path, monkeypatch):
    from course_utils.book import watch as watch_module

    (tmp_path / "keep.ipynb").write_text("{}")
    (tmp_path / "gone.ipynb").write_text("{}")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "inside.md").write_text("x")
    real = os.scandir

    def listing_then_removal(path):  # an editor deletes its temporary files between the listing and the look
        entries = list(real(path))
        for name in ("gone.ipynb", "folder/inside.md", "folder"):
            target = tmp_path / name
            if target.is_file():
                target.unlink()
            elif target.is_dir():
                target.rmdir()

        class Listing(list):
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

        return Listing(entries)

    monkeypatch.setattr(watch_module.os, "scandir", listing_then_removal)
    assert [path.name for path in snapshot([tmp_path])] == ["keep.ipynb"]
    assert snapshot([tmp_path / "never-there.ipynb"]) == {}


def test_course_book_watch_rebuilds_an_edited_chapter_and_stops_on_ctrl_c(built, tmp_path):
    from bookfixture import pdf_text

    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    env = {key: value for key, value in os.environ.items() if key != "COURSE_LANG"}
    process = subprocess.Popen([sys.executable, "-m", "course_utils.cli", "book", "--root", str(root), "--edition",
                                "student", "--language", "en", "--watch"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in process.stdout] + [lines.put(None)],
                     daemon=True).start()
    seen: list[str] = []

    def until(text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                break
            assert line is not None, f"the watch ended early:\n" + "\n".join(seen)
            seen.append(line)
            if text in line:
                return
        pytest.fail(f"no line with {text!r} within {timeout} s:\n" + "\n".join(seen))

    try:
        until("Watching")
        assert any("up to date" in line for line in seen)  # the copy's book was current: nothing rebuilt
        _edit(root / "lessons" / "02-fixture.ipynb", "A sentence written while the watch ran, 视频号.")
        until("Changed: lessons/02-fixture.ipynb")
        until("Watching")
        assert any("Book built" in line and "0 notebooks executed" in line for line in seen)
        out = root / "book" / "_build"
        assert "A sentence written while the watch ran" in (out / "coursebook-student.html").read_text("utf-8")
        assert any("A sentence written while the watch ran" in page for page in pdf_text(out / "coursebook-student.pdf"))
        os.utime(root / "lib" / "fixture_library.py")  # new library code: the watch starts again, with it
        until("starts again with the new code")
        until("Watching")
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C in a terminal: to the command and its workers
        until("Stopped watching.")
        assert process.wait(timeout=60) == 0
        rest = [line for line in iter(lines.get, None)]
        assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in seen + rest), seen + rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()


def test_a_watch_that_cannot_start_ends_the_command_with_its_message(built, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(built[0], root)
    config = root / "book" / "book.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("{number: 1, file:", "{numbr: 1, file:", 1),
                      encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "COURSE_LANG"}
    done = subprocess.run([sys.executable, "-m", "course_utils.cli", "book", "--root", str(root), "--language", "en",
                           "--watch"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "course book: The book configuration" in done.stderr and "needs a whole" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
