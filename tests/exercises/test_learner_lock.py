"""requirements-learner.lock: the closure of the runtime dependencies, at requirements.lock's versions."""

from __future__ import annotations

from pathlib import Path

from course_utils.instructor.learner_lock import (LEARNER_LOCK, NOT_PINNED, closure, learner_pins, lock_text,
                                                 read_pins, runtime_requirements)

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_learner_lock_is_what_make_lock_writes():
    assert (ROOT / LEARNER_LOCK).read_text(encoding="utf-8") == lock_text(ROOT)


def test_the_learner_lock_is_closed_and_pinned_as_the_full_lock():
    pins = read_pins(ROOT / LEARNER_LOCK)
    full = read_pins(ROOT / "requirements.lock")
    assert pins == {name: full[name] for name in pins}
    assert closure(runtime_requirements(ROOT / "pyproject.toml"), NOT_PINNED) == set(pins)
    assert len(pins) < len(full)


def test_extras_stay_out_and_extras_of_a_dependency_come_in():
    runtime = closure(runtime_requirements(ROOT / "pyproject.toml"), NOT_PINNED)
    assert "weasyprint" not in runtime and "pytest" not in runtime and "playwright" not in runtime
    assert {"weasyprint", "pydyf"} <= closure(["weasyprint"])
    # jupyter-events asks for jsonschema[format-nongpl]: the extra's packages are needed too.
    assert {"rfc3339-validator", "webcolors"} <= runtime
    assert learner_pins(ROOT)["jupyterlab"] == read_pins(ROOT / "requirements.lock")["jupyterlab"]
