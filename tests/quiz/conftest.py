"""Fixtures for the quiz tests: the fixture bank and a fresh progress folder per test."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

BANKS = Path(__file__).resolve().parent / "banks"
FIXTURE_BANK = BANKS / "lesson-90.yaml"


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "progress"
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(folder))
    monkeypatch.setenv("COURSE_LEARNER", "ada")
    return folder


@pytest.fixture(scope="session")
def bank_dict() -> dict:
    return yaml.safe_load(FIXTURE_BANK.read_text("utf-8"))


@pytest.fixture
def fresh_dict(bank_dict) -> dict:
    """A copy of the fixture bank a test may break."""
    return copy.deepcopy(bank_dict)


@pytest.fixture(scope="session")
def bank():
    from course_utils.quiz import load_bank

    return load_bank("90", path=FIXTURE_BANK)


@pytest.fixture(scope="session")
def bank_path() -> Path:
    return FIXTURE_BANK


@pytest.fixture
def write_bank(tmp_path):
    """``write_bank(data)`` saves a bank dict as ``lesson-90.yaml`` in a temporary folder."""

    def write(data: dict, name: str = "lesson-90.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write
