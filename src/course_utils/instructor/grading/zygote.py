"""Warm kernel starts: a template process that has imported the kernel and pandas forks each kernel.

Starting Python, ipykernel, pandas and matplotlib takes most of a notebook's
grading time. The template (``python -m course_utils.instructor.grading.zygote``)
imports them once, never runs learner code, and for each request forks a child
that starts its own session, takes the resource limits of
:mod:`course_utils.instructor.grading.limits`, moves to the kernel's working folder and
becomes the kernel. Requests are JSON lines on stdin, answers the child's pid
on stdout; the template exits when its stdin closes. The grading side
(:func:`spawn`) falls back to a plain start when the template is unavailable.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import threading

PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "ipykernel.kernelapp",
           "course_utils.instructor.grading.probe", "course_utils.exercises.checks", "course_utils.datasets",
           "course_utils.style")
# One thread per numeric library: a pool of threads would not survive the fork.
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>
READY_TIMEOUT = 60.0
SPAWN_TIMEOUT = 10.0


# -- the template process -----------------------------------------------------------------

def _reap(signum, frame) -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def subreaper() -> None:
    """Make this process adopt its orphaned descendants, so the grader can still find and kill them."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the process group kill still applies
        pass


def _become_kernel(request: dict) -> None:
    """In the forked child: limits, session, folder, environment, then run the kernel until it ends."""
    from course_utils.instructor.grading import limits

    subreaper()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setsid()
    limits.apply(int(request["max_file_mb"]))
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.dont_write_bytecode = True
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(["-f", request["connection"], *request["arguments"]])
    app.start()


def serve() -> None:
    for name in PRELOAD:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a module that fails here is imported (or not) by the kernel itself
            continue
    subreaper()
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                _become_kernel(request)
            finally:
                os._exit(0)
        print(pid, flush=True)


# -- the grading side ---------------------------------------------------------------------

_lock = threading.Lock()
_template: dict = {}


def _start() -> subprocess.Popen | None:
    process = subprocess.Popen([sys.executable, "-m", "course_utils.instructor.grading.zygote"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env={**os.environ, **SINGLE_THREAD, "MPLBACKEND": "Agg"},
                               start_new_session=True, text=True)
    if _read_line(process, READY_TIMEOUT) != "ready":
        process.kill()
        process.wait()
        return None
    atexit.register(_stop, process)
    return process


def _stop(process: subprocess.Popen) -> None:
    try:
        process.stdin.close()
        process.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()


def _read_line(process: subprocess.Popen, timeout: float) -> str | None:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else None


def stop() -> None:
    """Stop this process's template and wait for it (it also stops by itself when this process exits)."""
    with _lock:
        process = _template.pop(os.getpid(), None)
    if process is not None:
        _stop(process)


def template_pid() -> int | None:
    """The pid of this process's template, if one is running."""
    process = _template.get(os.getpid())
    return process.pid if process is not None and process.poll() is None else None


def spawn(connection: str, cwd: str, env: dict, arguments: list[str], max_file_mb: int) -> int | None:
    """Fork a kernel from this process's template; its pid, or None when the template cannot be used."""
    with _lock:
        process = _template.get(os.getpid())
        if process is None or process.poll() is not None:
            process = _template[os.getpid()] = _start()
        if process is None:
            return None
        request = {"connection": connection, "cwd": cwd, "env": env, "arguments": arguments,
                   "max_file_mb": max_file_mb}
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            answer = _read_line(process, SPAWN_TIMEOUT)
        except OSError:
            answer = None
        if answer is None or not answer.isdigit():
            process.kill()
            _template.pop(os.getpid(), None)
            return None
        return int(answer)


if __name__ == "__main__":
    serve()
