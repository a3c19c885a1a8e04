"""The grader's parts that need no kernel: which cells it skips, its limits, its integrity check."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from course_utils.instructor.grading import integrity
from course_utils.instructor.grading.runner import CHECK_ONLY


@pytest.mark.parametrize("source, skipped", [
    ('check("03.2", live_metrics)', True),
    ('check("03.5")', True),
    ("check('1.2', hook_lift); check('1.3', best_hours)", True),
    ('check("03.2", live_metrics)\ntotal = 1', False),  # learner code in a check cell still runs
    ('check("03.2", live_metrics())', False),
    ("def live_metrics(sessions):\n    return sessions", False),
])
def test_only_cells_that_just_call_check_are_skipped(source, skipped):
    assert bool(CHECK_ONLY.fullmatch(source)) is skipped


def test_the_kernel_launcher_sets_the_file_size_and_core_limits():
    probe = ("import resource; "
             "print(resource.getrlimit(resource.RLIMIT_FSIZE)[0], resource.getrlimit(resource.RLIMIT_CORE)[0])")
    out = subprocess.run([sys.executable, "-m", "course_utils.instructor.grading.limits", "--max-file-mb=3", "--",
                          sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert [int(value) for value in out] == [3 * 1024 * 1024, 0]
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] != 3 * 1024 * 1024  # this process is untouched


def test_a_changed_hidden_checks_file_is_named(tmp_path):
    hidden = tmp_path / "hidden_checks.py"
    hidden.write_text("HIDDEN = {}\n", encoding="utf-8")
    before = integrity.fingerprint(str(hidden))
    assert integrity.changed(before, integrity.fingerprint(str(hidden))) == []
    hidden.write_text("HIDDEN = {'01.1': []}\n", encoding="utf-8")
    assert integrity.changed(before, integrity.fingerprint(str(hidden))) == ["hidden_checks.py"]
    assert any(path.endswith("runner.py") for path in before)  # the library's own files are covered
