"""What a class run keeps safe from the kernels it starts: links are never followed, notebooks come back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course_utils.errors import CourseDataError
from course_utils.instructor.gradebook import outputguard, resultstore, submissionguard


def _record(learner: str) -> dict:
    return {"learner": learner, "notebook": "03-commerce-loop.ipynb", "status": "no_submission", "note": "",
            "rows": []}


def test_a_link_in_place_of_a_results_folder_is_seen_removed_and_the_folder_written_again(tmp_path):
    out, elsewhere = tmp_path / "grades", tmp_path / "elsewhere"
    saved = resultstore.save(out, _record("dave"))
    snapshot = outputguard.Snapshot(out)
    before = outputguard.digests(out)
    elsewhere.mkdir()
    (elsewhere / saved.name).write_text("forged", encoding="utf-8")
    saved.unlink()
    saved.parent.rmdir()
    saved.parent.symlink_to(elsewhere, target_is_directory=True)
    assert saved.read_text(encoding="utf-8") == "forged"  # through the link, as a reader following it sees it
    assert "results/dave" in [outputguard.label(out, path) for path in outputguard.digests(out) if path not in before]
    assert sorted(snapshot.restore()) == ["results/dave", f"results/dave/{saved.name}"]
    assert not saved.parent.is_symlink() and resultstore.load_all(out) == [_record("dave")]
    assert (elsewhere / saved.name).read_text(encoding="utf-8") == "forged"  # what it led to is left alone


def test_a_link_in_place_of_the_instructors_file_is_replaced_and_a_link_they_made_is_kept(tmp_path):
    out, shared = tmp_path / "grades", tmp_path / "shared-roster.csv"
    out.mkdir()
    shared.write_text("learner\nann\n", encoding="utf-8")
    (out / "roster.csv").symlink_to(shared)  # the instructor's own link: kept as a link
    (out / "overrides.csv").write_text("learner,task,score,comment\n", encoding="utf-8")
    snapshot = outputguard.Snapshot(out)
    forged = tmp_path / "forged.csv"
    forged.write_text("learner,task,score,comment\n", encoding="utf-8")  # the same bytes, through a link
    (out / "overrides.csv").unlink()
    (out / "overrides.csv").symlink_to(forged)
    (out / "roster.csv").unlink()
    (out / "roster.csv").write_text("learner\nann\n", encoding="utf-8")
    assert snapshot.restore() == ["overrides.csv", "roster.csv"]
    assert not (out / "overrides.csv").is_symlink()
    assert os.readlink(out / "roster.csv") == str(shared)


def test_a_stored_result_reached_through_a_link_is_refused_by_name(tmp_path):
    out, elsewhere = tmp_path / "grades", tmp_path / "elsewhere"
    saved = resultstore.save(out, _record("dave"))
    elsewhere.mkdir()
    os.replace(saved, elsewhere / saved.name)
    saved.parent.rmdir()
    saved.parent.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(CourseDataError, match="results/dave is a link, not a result the grader wrote"):
        resultstore.load_all(out)


def test_notebooks_changed_during_a_run_come_back_with_their_times_and_the_changes_are_kept_aside(tmp_path):
    base, aside = tmp_path / "submissions", tmp_path / "aside"
    zoe, bob = base / "zoe" / "03-commerce-loop.ipynb", base / "bob" / "01-content-engine.ipynb"
    for path in (zoe, bob):
        path.parent.mkdir(parents=True)
        path.write_text('{"cells": []}', encoding="utf-8")
        os.utime(path, ns=(1_700_000_000_000_000_000,) * 2)
    (base / "zoe" / "notes.txt").write_text("not a notebook", encoding="utf-8")
    handed = submissionguard.Handed(base)
    fingerprints = submissionguard.fingerprints(base)
    zoe.write_text('{"cells": [], "changed": 1}', encoding="utf-8")
    os.utime(bob, ns=(2_000_000_000_000_000_000,) * 2)  # only the time: handed in "late"
    (base / "amy").mkdir()
    (base / "amy" / "03-commerce-loop.ipynb").write_text("{}", encoding="utf-8")
    (base / "zoe" / "notes.txt").write_text("edited", encoding="utf-8")  # the grader never reads it
    assert sorted(path for path in fingerprints if submissionguard.fingerprints(base).get(path) != fingerprints[path])
    assert handed.content(zoe) == b'{"cells": []}' and handed.submitted_at(bob).year == 2023
    assert handed.restore(aside) == ["amy/03-commerce-loop.ipynb", "bob/01-content-engine.ipynb",
                                     "zoe/03-commerce-loop.ipynb"]
    assert zoe.read_text(encoding="utf-8") == '{"cells": []}' and zoe.stat().st_mtime_ns == 1_700_000_000_000_000_000
    assert bob.stat().st_mtime_ns == 1_700_000_000_000_000_000
    assert not (base / "amy" / "03-commerce-loop.ipynb").exists()
    assert sorted(path.relative_to(aside).as_posix() for path in aside.rglob("*") if path.is_file()) == [
        "amy/03-commerce-loop.ipynb", "bob/01-content-engine.ipynb", "zoe/03-commerce-loop.ipynb"]
    assert handed.restore(aside) == []  # put back, nothing is left to put right


def test_a_learners_folder_swapped_for_a_link_comes_back(tmp_path):
    base, elsewhere = tmp_path / "submissions", tmp_path / "elsewhere"
    notebook = base / "zoe" / "03-commerce-loop.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text('{"cells": []}', encoding="utf-8")
    handed = submissionguard.Handed(base)
    elsewhere.mkdir()
    os.replace(notebook, elsewhere / notebook.name)
    notebook.parent.rmdir()
    notebook.parent.symlink_to(elsewhere, target_is_directory=True)
    assert handed.restore(tmp_path / "aside") == ["zoe", "zoe/03-commerce-loop.ipynb"]
    assert not Path(notebook.parent).is_symlink() and notebook.read_text(encoding="utf-8") == '{"cells": []}'


def _notebook(path: Path, text: str = '{"cells": []}') -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1_700_000_000_000_000_000,) * 2)
    return path


def test_a_pipe_a_socket_or_a_dead_link_is_neither_waited_on_nor_touched(tmp_path):
    """A kernel can make a named pipe where a result or a notebook goes: opened, it would wait for ever.
    What is not a file is left alone, as is a link the learner's folder held before the run."""
    import signal
    import socket

    out, base = tmp_path / "grades", tmp_path / "submissions"
    saved = resultstore.save(out, _record("dave"))
    os.mkfifo(saved.with_name("01-content-engine.json"))
    zoe = _notebook(base / "zoe" / "03-commerce-loop.ipynb")
    os.mkfifo(base / "zoe" / "scratch.ipynb")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(base / "zoe" / "socket.ipynb"))
    (base / "zoe" / "data.csv").symlink_to(tmp_path / "nowhere")
    signal.alarm(20)  # a read that waits would hang the test run: end it instead
    try:
        assert list(outputguard.digests(out)) == [str(saved)]
        handed = submissionguard.Handed(base)
        assert set(handed.before) == {str(zoe), str(base / "zoe" / "data.csv")}
        assert handed.restore(tmp_path / "aside") == []
        assert (base / "zoe" / "data.csv").is_symlink() and (base / "zoe" / "scratch.ipynb").exists()
    finally:
        signal.alarm(0)
        listening.close()


def test_a_submissions_folder_reached_through_links_is_guarded_all_the_same(tmp_path):
    """The folder given to the grader, or a learner's folder in it, may be a link (the grader follows
    both): the notebooks there are kept, dated and put back like the others."""
    real, elsewhere = tmp_path / "real", tmp_path / "elsewhere"
    ann = _notebook(real / "ann" / "01-content-engine.ipynb")
    bob = _notebook(elsewhere / "bob" / "01-content-engine.ipynb")
    (real / "bob").symlink_to(elsewhere / "bob", target_is_directory=True)
    base = tmp_path / "submissions"
    base.symlink_to(real, target_is_directory=True)
    handed = submissionguard.Handed(base)
    for path in (ann, bob):
        path.write_text('{"cells": [1]}', encoding="utf-8")
        os.utime(path, ns=(2_000_000_000_000_000_000,) * 2)
    via = base / "bob" / "01-content-engine.ipynb"
    assert handed.submitted_at(via).year == 2023 and handed.content(via) == b'{"cells": []}'
    assert handed.restore(tmp_path / "aside") == ["ann/01-content-engine.ipynb", "bob/01-content-engine.ipynb"]
    assert [path.read_text(encoding="utf-8") for path in (ann, bob)] == ['{"cells": []}'] * 2
    assert {path.stat().st_mtime_ns for path in (ann, bob)} == {1_700_000_000_000_000_000}


def test_a_folder_that_came_with_a_notebook_goes_with_it(tmp_path):
    base = tmp_path / "submissions"
    _notebook(base / "ann" / "01-content-engine.ipynb")
    handed = submissionguard.Handed(base)
    _notebook(base / "mallory" / "work" / "01-content-engine.ipynb")
    (base / "ann" / "notes").mkdir()
    (base / "ann" / "notes" / "todo.txt").write_text("kept", encoding="utf-8")  # not a notebook: left
    assert handed.restore(tmp_path / "aside") == ["mallory/work/01-content-engine.ipynb"]
    assert not (base / "mallory").exists() and (base / "ann" / "notes" / "todo.txt").exists()


def test_a_folder_put_where_a_learners_link_was_is_set_aside_and_the_link_comes_back(tmp_path):
    base, elsewhere = tmp_path / "submissions", tmp_path / "elsewhere"
    bob = _notebook(elsewhere / "bob" / "01-content-engine.ipynb")
    base.mkdir()
    (base / "bob").symlink_to(elsewhere / "bob", target_is_directory=True)
    handed = submissionguard.Handed(base)
    (base / "bob").unlink()
    _notebook(base / "bob" / "01-content-engine.ipynb", '{"cells": [1]}')
    handed.restore(tmp_path / "aside")
    assert (base / "bob").is_symlink() and (base / "bob" / "01-content-engine.ipynb").read_text() == bob.read_text()
    assert (base / "bob.replaced").is_dir()
