"""The Voilà command line that serves the app, in one place for ``course app``, the tests and the benchmark.

What it sets, and why:

* ``--Voila.ip=127.0.0.1``: only this computer can reach the app unless told otherwise; and
  served on a loopback address, the app answers only requests addressed to one (the ``Host``
  header ``127.0.0.1``, ``[::1]`` or ``localhost``), so a web page whose name is made to point at
  127.0.0.1 (DNS rebinding) gets a 403: ``voila_loopback/voila.json`` turns on jupyter_server's
  host check (``allow_remote_access`` false), which Voilà leaves off (Voilà's static files, the
  same public scripts and styles for anyone, come from tornado's file handler, which has no host
  check; the page, the kernels and everything else have it);
* ``--Voila.port_retries=0``: Voilà serves on the port asked for or not at all (by default it
  moves to the next free port, and ``course app`` would print the wrong address);
* ``--strip_sources=True`` and the ``course-app`` template: no code on the page, no
  JupyterLab chrome, and no FontAwesome request to a CDN (the template drops it); the
  template's upload guard sends no bytes of a file over ``readers.MAX_BYTES``, only its
  name and size, so a file over tornado's websocket message limit (10 MiB) is refused by
  its size like any other file over 2 MB instead of closing the page's connection;
* ``--Voila.root_dir`` is the app's own folder, and its ``file_allowlist`` matches no
  path while ``file_denylist`` matches every path: the server hands out no file of the
  repository, not even the notebook;
* a visitor who closes the page has their kernel shut down by Voilà's page (and with
  it their temporary upload folder): ``app/voila.py`` installs :func:`page_hook`,
  without which Voilà 0.5 refuses that request; a kernel left idle without a page is
  culled (``cull_idle_timeout``), in case the page could not say goodbye; the hook also
  refuses a page requested by another site's script or frame, and pages past
  :data:`MAX_VISITORS`, as each page starts a kernel;
* Voilà itself lets the browser send only widget (comm) and kernel-info messages to
  the kernel, so an ``execute_request`` from a browser is dropped;
* ``multi_kernel_manager_class``: each visitor's kernel is forked from a template that
  has already imported the app (``app/kernels.py``), so the page does not wait for the imports.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
from pathlib import Path

from course_utils.app import applog
from course_utils.errors import CourseInputError
from course_utils.i18n import ENVIRONMENT_VARIABLE, Translator
from course_utils.kernels.template import INLINE_BACKEND

tr = Translator("app")

TEMPLATE = "course-app"
KERNELS = "course_utils.app.kernels.AppKernels"  # named, not imported: only Voilà's process needs it
DEFAULT_PORT = 8866
CULL_IDLE_SECONDS = 300  # a kernel whose page is gone; a connected one is never culled
CULL_INTERVAL_SECONDS = 60
IOPUB_TIMEOUT_SECONDS = 60
MAX_VISITORS = 20  # pages open at once, each with its kernel (about 80 MB)
# JupyterLab extensions installed for the lessons that the app's page does not need (they would
# only cost downloads and console errors there).
UNUSED_EXTENSIONS = ("nbdime-jupyterlab", "@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments")


def app_folder() -> Path:
    """The repository's ``app/`` folder (the package is installed in editable mode)."""
    return Path(__file__).resolve().parents[3] / "app"


def notebook_path() -> Path:
    path = app_folder() / "diagnosis.ipynb"
    if not path.is_file():
        raise CourseInputError(tr.gettext("The app's notebook is missing: {path}. Run this from a clone of the "
                                          "course repository.", path=path), "notebook")
    return path


def loopback_config() -> Path:
    """The folder of the Voilà settings for an app served on a loopback address (the host check)."""
    return Path(__file__).resolve().parent / "voila_loopback"


def is_loopback(ip: str) -> bool:
    """Whether ``ip`` is this computer only: 127.0.0.1, ::1 or "localhost".

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip.strip("[]")).is_loopback
    except ValueError:
        return False


def template_root() -> Path:
    """The folder that holds ``voila/templates/course-app`` (added to JUPYTER_PATH)."""
    return Path(__file__).resolve().parents[1] / "templates" / "app"


def check_port(ip: str, port: int) -> None:
    """Refuse, naming the port, an address Voilà could not listen on: Voilà is told not to move to another
    port (``--Voila.port_retries=0``), so ``course app`` says why instead of printing an address not served."""
    try:
        addresses = socket.getaddrinfo(ip, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise CourseInputError(tr.gettext("--ip {ip} is not an address of this computer.", ip=ip), "ip") from None
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds: a closed port is free
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise CourseInputError(tr.gettext("Port {port} is already in use on {ip} (by another program, "
                                                      "or by the app started earlier). Stop that, or choose another "
                                                      "port with --port.", port=port, ip=ip), "port") from None
                raise CourseInputError(tr.gettext("Cannot listen on {ip} port {port}: {reason}. Choose another port "
                                                  "with --port, or another address with --ip.", ip=ip, port=port,
                                                  reason=error.strerror or error), "port") from None


def voila_command(port: int = DEFAULT_PORT, ip: str = "127.0.0.1", cull_idle: int = CULL_IDLE_SECONDS,
                  cull_interval: int = CULL_INTERVAL_SECONDS) -> list[str]:
    """The command that serves the app."""
    voila = Path(sys.executable).with_name("voila")
    config = [str(app_folder())] + ([str(loopback_config())] if is_loopback(ip) else [])
    return [str(voila), str(notebook_path()), "--no-browser", f"--Voila.ip={ip}", f"--port={port}",
            "--Voila.port_retries=0", *[f"--Voila.config_file_paths={folder}" for folder in config],
            f"--Voila.root_dir={app_folder()}", f"--template={TEMPLATE}", "--theme=light",
            "--strip_sources=True", "--VoilaConfiguration.show_tracebacks=False",
            "--VoilaConfiguration.file_allowlist=^$", "--VoilaConfiguration.file_denylist=.*",
            f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
            f"--MappingKernelManager.cull_interval={cull_interval}",
            "--MappingKernelManager.cull_connected=False",
            # Each visitor's kernel forked from a template that has imported the app (app/kernels.py).
            f"--VoilaConfiguration.multi_kernel_manager_class={KERNELS}",
            # nbclient waits 4 s for a cell's output after it finishes; on a busy machine (ten visitors
            # on two cores) the page's widgets can take longer, and without them the page stays empty.
            f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
            ] + [f"--VoilaConfiguration.extension_denylist={name}" for name in UNUSED_EXTENSIONS]


def page_hook(handler, notebook, cwd):
    """Voilà's page hook, run before a visitor's kernel starts: refuse a page no visitor asked for, refuse
    one past :data:`MAX_VISITORS`, and give the visitor the ``_xsrf`` cookie.

    Each page starts a kernel that runs the app. A browser says who asked for a page
    (``Sec-Fetch-*``): a script or a frame of another site, or a page it opens without a click,
    gets a 403 (each request would start a kernel, and a page left open elsewhere could start
    dozens); a reader who clicks a link to it, or types the address, gets the page. A request
    that does not say (a program on this computer) is served, up to the cap, which bounds what
    the kernels take.

    When a visitor leaves, Voilà's page asks the server to shut its kernel down
    (``POST /voila/api/shutdown/<kernel>``) and echoes the ``_xsrf`` cookie in the request;
    Voilà 0.5 never sets that cookie, so the server refused the request (403) and the
    kernel, with the visitor's upload folder, lived on until it was culled. Reading
    ``xsrf_token`` makes tornado set the cookie.
    """
    from tornado.web import HTTPError

    headers = handler.request.headers
    site, mode, destination, user = (headers.get(f"Sec-Fetch-{name}") for name in ("Site", "Mode", "Dest", "User"))
    if site not in (None, "none", "same-origin") and (mode, destination, user) != ("navigate", "document", "?1"):
        raise HTTPError(403)
    kernels = handler.kernel_manager
    # Kernels still starting count too: a burst of pages would otherwise all pass while theirs fork.
    if len(set(kernels.list_kernel_ids()) | set(getattr(kernels, "_pending_kernels", {}))) >= MAX_VISITORS:
        raise HTTPError(503)
    handler.xsrf_token  # noqa: B018 (read for its side effect: the cookie)
    return notebook


def voila_environment(base: dict | None = None) -> dict[str, str]:
    """The environment for Voilà: the app's template on JUPYTER_PATH, inline charts, Chinese first."""
    env = dict(os.environ if base is None else base)
    extra = str(template_root())
    env["JUPYTER_PATH"] = extra + (os.pathsep + env["JUPYTER_PATH"] if env.get("JUPYTER_PATH") else "")
    env["MPLBACKEND"] = INLINE_BACKEND
    env.setdefault(ENVIRONMENT_VARIABLE, "zh")
    env.setdefault(applog.VARIABLE, applog.default_path())  # where the kernels write what went wrong
    return env
