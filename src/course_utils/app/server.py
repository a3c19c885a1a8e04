"""The Voilà command line that serves the app, in one place for ``course app``, the tests and the benchmark.

What it sets, and why:

* ``--Voila.ip=127.0.0.1``: only this computer can reach the app unless told otherwise;
* ``--strip_sources=True`` and the ``course-app`` template: no code on the page, no
  JupyterLab chrome, and no FontAwesome request to a CDN (the template drops it);
* ``--Voila.root_dir`` is the app's own folder and ``file_allowlist`` is empty: the
  server hands out no file of the repository, not even the notebook;
* idle kernels are culled (``cull_idle_timeout``), so a visitor who leaves frees their
  kernel and their temporary upload folder;
* Voilà itself lets the browser send only widget (comm) and kernel-info messages to
  the kernel, so an ``execute_request`` from a browser is dropped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.messages import msg

TEMPLATE = "course-app"
DEFAULT_PORT = 8866
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60
# JupyterLab extensions installed for the lessons that the app's page does not need (they would
# only cost downloads and console errors there).
UNUSED_EXTENSIONS = ("nbdime-jupyterlab", "@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments")


def app_folder() -> Path:
    """The repository's ``app/`` folder (the package is installed in editable mode)."""
    return Path(__file__).resolve().parents[3] / "app"


def notebook_path() -> Path:
    path = app_folder() / "diagnosis.ipynb"
    if not path.is_file():
        raise CourseInputError(msg("app.server_no_notebook", path=path), "notebook")
    return path


def template_root() -> Path:
    """The folder that holds ``voila/templates/course-app`` (added to JUPYTER_PATH)."""
    return Path(__file__).resolve().parents[1] / "templates" / "app"


def voila_command(port: int = DEFAULT_PORT, ip: str = "127.0.0.1", cull_idle: int = CULL_IDLE_SECONDS,
                  cull_interval: int = CULL_INTERVAL_SECONDS) -> list[str]:
    """The command that serves the app."""
    voila = Path(sys.executable).with_name("voila")
    return [str(voila), str(notebook_path()), "--no-browser", f"--Voila.ip={ip}", f"--port={port}",
            f"--Voila.root_dir={app_folder()}", f"--template={TEMPLATE}", "--theme=light",
            "--strip_sources=True", "--VoilaConfiguration.show_tracebacks=False",
            "--VoilaConfiguration.file_allowlist=^$", "--VoilaConfiguration.file_denylist=.*",
            f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
            f"--MappingKernelManager.cull_interval={cull_interval}",
            "--MappingKernelManager.cull_connected=False",
            ] + [f"--VoilaConfiguration.extension_denylist={name}" for name in UNUSED_EXTENSIONS]


def voila_environment(base: dict | None = None) -> dict[str, str]:
    """The environment for Voilà: the app's template on JUPYTER_PATH, inline charts, Chinese first."""
    env = dict(os.environ if base is None else base)
    extra = str(template_root())
    env["JUPYTER_PATH"] = extra + (os.pathsep + env["JUPYTER_PATH"] if env.get("JUPYTER_PATH") else "")
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.setdefault("COURSE_LANGUAGE", "zh")
    return env
