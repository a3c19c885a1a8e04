"""``course app``: the address it prints is the one served, and the server stops with it.

The signal tests run the real command in a process of its own, with a stand-in for Voilà
(a process that only writes its id and waits), so they take a second, not a server start.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course_utils.app import server
from course_utils.commands import app as app_command
from course_utils.errors import CourseInputError
from course_utils.i18n import using_language

# `course app` with Voilà replaced by a process that writes its pid to argv[1] and waits to be stopped.
DRIVER = r"""
import sys
import course_utils.app.server as server
from course_utils.cli import main

STAND_IN = "import os, sys, time\nopen(sys.argv[1], 'w').write(str(os.getpid()))\nwhile True: time.sleep(1)"
server.voila_command = lambda port, ip: [sys.executable, "-c", STAND_IN, sys.argv[1]]
sys.exit(main(["app", "--port", sys.argv[2]]))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left for its parent


def test_voila_serves_the_port_asked_for_or_none():
    command = server.voila_command(port=8877)
    assert "--port=8877" in command and "--Voila.port_retries=0" in command  # never a port nearby


def test_a_port_in_use_is_refused_with_its_number_before_voila_starts(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("Voilà was started")

    monkeypatch.setattr(subprocess, "Popen", never)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CourseInputError) as error:
            app_command.run(argparse.Namespace(port=port, ip="127.0.0.1"))
        assert f"Port {port} is already in use on 127.0.0.1" in str(error.value) and "--port" in str(error.value)
        with using_language("zh"), pytest.raises(CourseInputError) as error:
            server.check_port("127.0.0.1", port)
        assert f"127.0.0.1 上的端口 {port} 已被占用" in str(error.value)
    server.check_port("127.0.0.1", port)  # free again


def test_an_address_not_of_this_computer_is_refused():
    with pytest.raises(CourseInputError, match="Cannot listen on 192.0.2.1"):
        server.check_port("192.0.2.1", _free_port())  # TEST-NET-1: never a local address


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_to_course_app_stops_the_server_too(tmp_path, stop):
    pid_file, log = tmp_path / "server.pid", tmp_path / "course-app.log"
    with log.open("w") as output:  # a file, not a pipe: a server left running would hold a pipe open
        command = subprocess.Popen([sys.executable, "-c", DRIVER, str(pid_file), str(_free_port())],
                                   stdout=output, stderr=subprocess.STDOUT)
    server_pid = None
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.is_file() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        server_pid = int(pid_file.read_text())
        command.send_signal(stop)
        assert command.wait(timeout=60) == 0 and "The app has stopped." in log.read_text()
        assert not _alive(server_pid)
    finally:
        for pid in (command.pid, server_pid):
            if pid is not None and _alive(pid):
                os.kill(pid, signal.SIGKILL)
        command.wait(timeout=10)


class _Handler:
    """What the page hook reads of Voilà's page handler: the request's headers, the kernels, the cookie."""

    def __init__(self, headers: dict, kernels: int = 0, starting: int = 0):
        from types import SimpleNamespace

        self.request = SimpleNamespace(headers=headers)
        self.kernel_manager = SimpleNamespace(list_kernel_ids=lambda: [f"k{n}" for n in range(kernels)],
                                              _pending_kernels={f"k{n}": None for n in range(kernels, kernels + starting)})
        self.cookie_read = False

    @property
    def xsrf_token(self):
        self.cookie_read = True
        return b"token"


@pytest.mark.parametrize("headers, status", [
    ({}, None),  # a program on this computer
    ({"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, None),  # typed
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document",
      "Sec-Fetch-User": "?1"}, None),  # a link clicked
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 403),  # no click
    ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, None),  # reload
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "empty"}, 403),  # a script
    ({"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}, 403),  # another port
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"}, 403),  # a frame
])
def test_a_page_another_sites_script_or_frame_asks_for_starts_no_kernel(headers, status):
    from tornado.web import HTTPError

    from course_utils.app.server import page_hook

    handler = _Handler(headers)
    if status is None:
        assert page_hook(handler, "notebook", "cwd") == "notebook" and handler.cookie_read
    else:
        with pytest.raises(HTTPError) as refused:
            page_hook(handler, "notebook", "cwd")
        assert refused.value.status_code == status and not handler.cookie_read


def test_pages_past_the_cap_start_no_kernel():
    from tornado.web import HTTPError

    from course_utils.app.server import MAX_VISITORS, page_hook

    assert page_hook(_Handler({}, kernels=MAX_VISITORS - 1), "notebook", "cwd") == "notebook"
    for handler in (_Handler({}, kernels=MAX_VISITORS), _Handler({}, kernels=2, starting=MAX_VISITORS - 2)):
        with pytest.raises(HTTPError) as refused:
            page_hook(handler, "notebook", "cwd")
        assert refused.value.status_code == 503


def test_an_app_kernels_standard_error_and_log_go_to_the_servers_log_file(tmp_path, monkeypatch):
    """In a kernel, standard error goes over the page's connection; the app's kernel writes it to the file
    ``course app`` names instead, with the app's log lines (a traceback among them)."""
    import logging
    import sys

    from course_utils.app import applog

    path = tmp_path / "app.log"
    monkeypatch.setenv(applog.VARIABLE, str(path))
    monkeypatch.setattr(applog, "_stream", None)
    monkeypatch.setattr(sys, "stderr", sys.stderr)  # put back after the test
    logger = logging.getLogger("course_utils.app.test")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "propagate", True)
    applog.to_log_file("course_utils.app.test")
    applog.to_log_file("course_utils.app.test")  # once per kernel
    try:
        raise ValueError("a cell the reader could not read")
    except ValueError:
        logger.exception("reading an upload failed")
    print("a warning", file=sys.stderr)
    text = path.read_text(encoding="utf-8")
    assert "reading an upload failed" in text and "ValueError: a cell the reader could not read" in text
    assert text.count("reading an upload failed") == 1 and "a warning" in text
    assert not logger.propagate and path.stat().st_mode & 0o777 == 0o600
    applog._stream.close()
