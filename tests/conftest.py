"""Shared test set-up: nothing a test does may touch the real user's files.

``make test`` runs the suite on two pytest-xdist workers with ``--dist loadfile``: a
test file runs on one worker, so its module fixtures are built once. A fixture shared
by several files and too expensive to build twice is made with ``build_once``: the
first worker to need it builds it, the other waits for it and reads the result.
(``--dist loadgroup`` would group by mark, but pytest-xdist 3.8 cannot rename test ids
under pytest 9, so its groups are ignored.)
"""

from __future__ import annotations

import fcntl
import os
import pickle
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent

# Property tests draw the same examples on every machine and run (no random seed, no database
# of earlier failures replayed): a failure seen once is seen every time, by everyone.
hypothesis_settings.register_profile("course", derandomize=True, database=None)
hypothesis_settings.load_profile("course")


SLOW_MARKS = ("book", "browser", "notebook")


def pytest_collection_modifyitems(config, items):
    """Test files with a slow kind of test (a book, a browser, a kernel) run first.

    xdist hands out whole files in collection order (``--no-loadscope-reorder``); with
    the long files first, both workers end on short ones instead of one waiting for the
    other's last browser or notebook file. Within each group the order is unchanged.
    """
    slow = {item.path for item in items if any(item.get_closest_marker(mark) for mark in SLOW_MARKS)}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory):
    home = tmp_path_factory.mktemp("learner-home")
    saved = {key: os.environ.get(key) for key in ("COURSE_PROGRESS_DIR", "MPLBACKEND", "COURSE_LEARNER", "COURSE_LANG")}
    # The tests say which language they run in; a reader's COURSE_LANG must not choose for them.
    os.environ.pop("COURSE_LANG", None)
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


def _child_processes(pid: int) -> dict[int, str]:
    """The live (not zombie) child processes of ``pid``, each with its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if entry.name.isdigit() and int(stat[1]) == pid and stat[0] != "Z":
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue  # not a process, or one that ended meanwhile
    return found


@pytest.fixture(scope="session")
def child_processes():
    """``child_processes(pid) -> {pid: command line}``: the live children of ``pid`` (``/proc``)."""
    return _child_processes


@pytest.fixture(scope="session")
def build_once(tmp_path_factory):
    """``build_once(name, make)``: ``make(folder)`` runs once per test run, across xdist workers.

    Its result is pickled beside ``folder`` (a fresh folder shared by the workers) and
    returned to every caller; a failed ``make`` leaves nothing behind, so the next
    caller tries again and sees the same error.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by the workers' own temp folders

    def once(name: str, make):
        folder, result = base / f"shared-{name}", base / f"shared-{name}.pickle"
        with open(base / f"shared-{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if result.is_file():
                return pickle.loads(result.read_bytes())
            folder.mkdir(exist_ok=True)
            value = make(folder)
            result.write_bytes(pickle.dumps(value))
            return value

    return once


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium, one per worker process: Playwright's sync API allows only
    one instance per thread, so every browser test (JupyterLab, Voilà, the HTML book) shares it."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def voila_home(tmp_path_factory):
    """``make() -> (folder, env, port)``: a Voilà server of a test's own, with Jupyter's folders in
    ``folder``, quiet kernels, the app's default language and a free port on 127.0.0.1."""
    import json
    import socket

    from course_utils.app.server import voila_environment
    from course_utils.i18n import ENVIRONMENT_VARIABLE

    def make():
        base = tmp_path_factory.mktemp("voila")
        env = voila_environment()
        for name in ("config", "data", "runtime", "ipython/profile_default"):
            (base / name).mkdir(parents=True)
        (base / "ipython" / "profile_default" / "ipython_kernel_config.json").write_text(
            json.dumps({"IPKernelApp": {"log_level": "ERROR"}}))
        env.update(JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"),
                   JUPYTER_RUNTIME_DIR=str(base / "runtime"), IPYTHONDIR=str(base / "ipython"),
                   JUPYTER_PLATFORM_DIRS="1", TMPDIR=str(base))
        env.pop(ENVIRONMENT_VARIABLE, None)  # the app opens in Chinese unless told otherwise
        env["COURSE_APP_LOG"] = str(base / "app.log")  # the kernels' log, not the user's
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        return base, env, port

    return make
