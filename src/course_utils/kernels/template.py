"""Warm kernel starts: a template process that has imported the kernel and pandas forks each kernel.

Starting Python, ipykernel, pandas and matplotlib takes most of a short notebook's
run. A template (:mod:`course_utils.kernels.template_process`, a process of its own)
imports its :class:`Kind`'s modules once, never runs notebook code, and for each request
forks a child that starts its own session, takes the resource limits of
:mod:`course_utils.kernels.limits` when asked, drops the template's exit handlers,
draws fresh numpy randomness, moves to the kernel's working folder, takes the
request's environment and becomes the kernel. (Its hash seed stays the template's:
nothing in the course depends on one.) Requests are JSON lines on stdin, answers the
child's pid on stdout; the template exits when its stdin closes, and each kernel exits
when its template does. The caller (:func:`spawn`) starts a plain kernel instead when
the template is unavailable; a kind whose template failed to start or to answer is
not tried again by that process (and said so in a warning), but a template that did
not answer is left running for the kernels it already forked. A request the template
comes to only after its caller gave up is refused, so no kernel is started twice.

Each process that asks gets its own template per kind: the book's kernels (inline
figures), the grader's (no display, resource limits) and the app's visitors' preload
different modules.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

# One thread per numeric library: a pool of threads would not survive the fork.
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # matplotlib's backend in a kernel unless told otherwise
READY_TIMEOUT = 60.0
SPAWN_TIMEOUT = 10.0  # a request not taken up by then is refused (the caller starts the kernel itself) ...
ANSWER_GRACE = 2.0  # ... and the answer to one taken up in time may come this much later


@dataclass(frozen=True)
class Kind:
    """A kind of template: its name, the modules it imports, the environment it imports them in.

    Each process keeps one template per kind: a kind with another environment is another template.
    """

    name: str
    preload: tuple[str, ...]
    environment: tuple[tuple[str, str], ...] = ()
    options: tuple[str, ...] = ()  # the interpreter's own options (``-X...``), as the kernel's command gives them


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (a forked kernel is its template's to reap)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            state = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        if os.path.isdir("/proc/self"):
            return False
        try:  # no /proc (not Linux): existence is all that can be told
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return bool(state) and state[0] not in ("Z", "X")


log = logging.getLogger(__name__)
_lock = threading.Lock()
_templates: dict[tuple[int, Kind], subprocess.Popen] = {}
_failed: set[tuple[int, Kind]] = set()  # kinds whose template failed in this process: not tried again


def _start(kind: Kind) -> subprocess.Popen | None:
    process = subprocess.Popen([sys.executable, *kind.options, "-m", "course_utils.kernels.template_process", *kind.preload],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env={**os.environ, **SINGLE_THREAD, **dict(kind.environment)},
                               start_new_session=True, text=True)
    if _read_line(process, READY_TIMEOUT) != "ready":
        _stop(process)
        return None
    atexit.register(_stop, process)
    return process


def _stop(process: subprocess.Popen) -> None:
    try:
        process.stdin.close()
        process.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
        process.wait()
    process.stdout.close()


def _read_line(process: subprocess.Popen, timeout: float) -> str | None:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else None


def stop(kind: Kind | None = None) -> None:
    """Stop this process's template of ``kind`` (every kind: None) and wait for it.

    A template also stops by itself when this process exits.
    """
    with _lock:
        keys = [key for key in _templates if key[0] == os.getpid() and kind in (None, key[1])]
        processes = [_templates.pop(key) for key in keys]
    for process in processes:
        _stop(process)


def template_pid(kind: Kind) -> int | None:
    """The pid of this process's template of ``kind``, if one is running."""
    process = _templates.get((os.getpid(), kind))
    return process.pid if process is not None and process.poll() is None else None


def _running(kind: Kind) -> subprocess.Popen | None:
    """This process's template of ``kind``, started now if need be; None if it cannot be. Under ``_lock``."""
    key = (os.getpid(), kind)
    if key in _failed:
        return None
    process = _templates.get(key)
    if process is None or process.poll() is not None:
        process = _templates[key] = _start(kind)
    if process is None:
        del _templates[key]
        _failed.add(key)
        log.warning("The %s kernel template could not start; kernels start without it.", kind.name)  # i18n: not translated (a log line, as Jupyter's own)
    return process


def start(kind: Kind) -> bool:
    """Start this process's template of ``kind`` ahead of the first kernel; whether it is running.

    A server calls this as it starts, so its first visitor does not wait for the imports.
    """
    with _lock:
        return _running(kind) is not None


def spawn(kind: Kind, connection: str, cwd: str, env: dict, arguments: list[str],
          max_file_mb: int | None = None) -> int | None:
    """Fork a kernel from this process's template of ``kind``; its pid, or None when no template can be used.

    ``max_file_mb``: the kernel's file size limit, with the other limits of :mod:`limits`; None sets none.
    """
    key = (os.getpid(), kind)
    with _lock:
        process = _running(kind)
        if process is None:
            return None
        # The system's monotonic clock, the same in the template.
        request = {"connection": connection, "cwd": cwd, "env": env, "arguments": arguments,
                   "max_file_mb": max_file_mb, "deadline": time.monotonic() + SPAWN_TIMEOUT}
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            answer = _read_line(process, SPAWN_TIMEOUT + ANSWER_GRACE)
        except OSError:
            answer = None
        if answer is None or not answer.isdigit():
            # Not used again, but not stopped: the kernels forked from it end with it. It ends when
            # this process does (``_start`` registered its stop).
            _templates.pop(key, None)
            _failed.add(key)
            log.warning("The %s kernel template did not answer in time; kernels start without it from now on.", kind.name)  # i18n: not translated (a log line, as Jupyter's own)
            return None
        return int(answer)
