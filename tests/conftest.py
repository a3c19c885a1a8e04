"""Shared test set-up: nothing a test does may touch the real user's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory):
    home = tmp_path_factory.mktemp("learner-home")
    saved = {key: os.environ.get(key) for key in ("COURSE_PROGRESS_DIR", "MPLBACKEND", "COURSE_LEARNER")}
    os.environ["COURSE_PROGRESS_DIR"] = str(home / "progress")
    os.environ["COURSE_LEARNER"] = "test-learner"
    os.environ["MPLBACKEND"] = "Agg"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
