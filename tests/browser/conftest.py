"""JupyterLab in headless Chromium: a session-wide server and browser, a fresh page per test.

The server runs with its own Jupyter, IPython and JupyterLab folders (config, data,
runtime, workspaces, settings) in a temporary directory, so nothing a test does
touches the real user's set-up, and the real user's set-up cannot change a test.
Each test opens its notebook copy in a workspace of its own (``?reset``), so the
server never reopens another test's tabs.

Fixtures for other browser tests: ``jupyter_server`` (``.url``, ``.token``, ``.root``),
``browser`` (from ``tests/conftest.py``), ``page``, ``open_notebook(page, notebook_path) -> name`` and ``run_all(page)``.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

STARTUP_SECONDS = 60  # a generous ceiling for a cold start on a busy two-core machine


@dataclass(frozen=True)
class JupyterServer:
    url: str
    token: str
    root: Path
    log: Path

    def lab_url(self, notebook: str) -> str:
        workspace = f"test-{uuid.uuid4().hex[:10]}"
        return f"{self.url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), "utf-8")


def _isolated_env(base: Path) -> dict[str, str]:
    folders = {name: base / name for name in ("config", "data", "runtime", "workspaces", "settings",
                                              "ipython", "progress", "root")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    # Quiet the "Kernel is running over TCP without encryption" warning of ipykernel 7.
    _write_json(folders["ipython"] / "profile_default" / "ipython_kernel_config.json",
                {"IPKernelApp": {"log_level": "ERROR"}})
    _write_json(folders["config"] / "ipython_kernel_config.json", {"IPKernelApp": {"log_level": "ERROR"}})
    # No "news" or update notification over the notebook.
    _write_json(folders["settings"] / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
                {"fetchNews": "false", "checkForUpdates": False})
    env = dict(os.environ)
    env.update(JUPYTER_CONFIG_DIR=str(folders["config"]), JUPYTER_DATA_DIR=str(folders["data"]),
               JUPYTER_RUNTIME_DIR=str(folders["runtime"]), JUPYTERLAB_WORKSPACES_DIR=str(folders["workspaces"]),
               JUPYTERLAB_SETTINGS_DIR=str(folders["settings"]), IPYTHONDIR=str(folders["ipython"]),
               COURSE_PROGRESS_DIR=str(folders["progress"]), COURSE_LEARNER="browser-test",
               MPLBACKEND="module://matplotlib_inline.backend_inline", JUPYTER_PLATFORM_DIRS="1")
    env.pop("JUPYTER_PATH", None)
    return env


@contextmanager
def _serving(command, *, env, cwd, log: Path, probe_url: str, name: str,
             startup_seconds: int = STARTUP_SECONDS, stop_seconds: int = 20):
    """Run a local server for the block: started, answering ``probe_url`` (any HTTP status), then stopped."""
    with log.open("w") as stream:
        process = subprocess.Popen(command, env=env, stdout=stream, stderr=subprocess.STDOUT, cwd=cwd)
    deadline = time.monotonic() + startup_seconds
    while True:
        try:
            with urllib.request.urlopen(probe_url, timeout=2):
                break
        except urllib.error.HTTPError:
            break  # an error page is an answer: the server is up
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{name} did not start; its log:\n{log.read_text()}")
        time.sleep(0.3)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop_seconds)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def local_server():
    """``with local_server(command, env=, cwd=, log=, probe_url=, name=):`` a server for the block."""
    return _serving


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory, local_server):
    base = tmp_path_factory.mktemp("jupyter")
    env = _isolated_env(base)
    token, port = uuid.uuid4().hex, _free_port()
    log = base / "server.log"
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={base / 'root'}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers often run as root
    with local_server(command, env=env, cwd=base / "root", log=log, name="JupyterLab",
                      probe_url=f"http://127.0.0.1:{port}/api/status?token={token}"):
        yield JupyterServer(url=f"http://127.0.0.1:{port}", token=token, root=base / "root", log=log)


@pytest.fixture
def page(browser, jupyter_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # Offline: anything not served by the local Jupyter server is refused at once.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(jupyter_server.url)
                  or route.request.url.startswith("data:") else route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_notebook(jupyter_server):
    """``open_notebook(page, path)``: copy the notebook in, open it, wait for an idle kernel."""

    def open_it(page, notebook: Path, extra_files: tuple[Path, ...] = ()) -> str:
        name = f"{notebook.stem}-{uuid.uuid4().hex[:8]}.ipynb"
        shutil.copy(notebook, jupyter_server.root / name)
        for extra in extra_files:
            shutil.copy(extra, jupyter_server.root / extra.name)
        page.goto(jupyter_server.lab_url(name))
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        # The status bar, not the toolbar, says when the kernel is really connected.
        page.locator('[title^="Change kernel for"]', has_text="Idle").first.wait_for(timeout=60_000)
        return name

    return open_it


@pytest.fixture
def run_all():
    """``run_all(page)``: Run > Run All Cells."""

    def run(page) -> None:
        page.locator(".lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
        page.locator('li[data-command="runmenu:run-all"]').click()

    return run
