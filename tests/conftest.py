"""Shared test set-up: nothing a test does may touch the real user's files.

``make test`` runs the suite on two pytest-xdist workers with ``--dist loadgroup``.
Tests that share an expensive fixture (module, package or session scope, defined
anywhere below this file) are put in one group, named after where the fixture is
defined, so one worker runs them all and the fixture is built once: a module's
tests stay together around its module fixture, a folder's around its conftest's
(the browser tests around one JupyterLab server). Every other test is scheduled on
its own. A new test that takes such a fixture joins its group by itself; a test can
also name its group with ``@pytest.mark.xdist_group("name")``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def shared_fixture_group(item) -> str | None:
    """Where the outermost shared fixture an item uses is defined (None if it uses none)."""
    places = set()
    for name in item.fixturenames:
        for definition in item._fixtureinfo.name2fixturedefs.get(name, ()):
            location = Path(str(ROOT), definition.baseid.split("::")[0]) if definition.baseid else None
            if definition.scope != "function" and location is not None and location != HERE:
                places.add(definition.baseid.split("::")[0])
    return min(places, key=lambda place: (place.count("/"), place)) if places else None


@pytest.hookimpl(tryfirst=True)  # before xdist turns the marks into scheduling groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            group = shared_fixture_group(item)
            if group is not None:
                item.add_marker(pytest.mark.xdist_group(group))


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
