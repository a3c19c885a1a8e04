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
