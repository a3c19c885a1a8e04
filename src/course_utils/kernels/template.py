"""Warm kernel starts: a template process that has imported the kernel and pandas forks each kernel.

Starting Python, ipykernel, pandas and matplotlib takes most of a short notebook's
run. A template (``python -m course_utils.kernels.template MODULE...``) imports
its :class:`Kind`'s modules once, never runs notebook code, and for each request
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
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

# One thread per numeric library: a pool of threads would not survive the fork.
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>
# What ipykernel imports as a kernel starts, whatever the kind: the kernel application and class, its
# debugger (debugpy), the shell's history (sqlite3), help and post-mortem (pydoc, pdb) and psutil. Imported
# in the template, a forked kernel is ready in 0.03 s instead of 0.17 s. None of them starts a thread on import.
KERNEL_START = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "sqlite3", "pdb", "pydoc", "psutil")
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # matplotlib's backend in a kernel unless told otherwise
# Modules that hook themselves into the kernel they are imported in, and the function that does it. The
# template imports them outside a kernel, so each forked kernel hooks them in itself: ipywidgets registers
# the comm targets a page's widget manager opens (without them a page falls back to asking widget by widget).
KERNEL_HOOKS = (("ipywidgets", "load_ipython_extension"),)
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


# -- the template process -----------------------------------------------------------------

def _reap(signum, frame) -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def subreaper() -> None:
    """Make this process adopt its orphaned descendants, so the caller can still find and kill them."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the process group kill still applies
        pass


def _become_kernel(request: dict, set_by_imports: dict[str, str]) -> None:
    """In the forked child: limits, session, folder, environment, then run the kernel until it ends.

    ``set_by_imports``: the variables the template's imports set in its environment.
    """
    template = os.getppid()
    subreaper()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setsid()
    if request.get("max_file_mb") is not None:
        from course_utils.kernels import limits

        limits.apply(int(request["max_file_mb"]))
    # What the template's imports left to do at exit is the template's (a folder of its own, say): the
    # kernel registers its own handlers as it starts. logging's is every interpreter's.
    atexit._clear()
    if "logging" in sys.modules:
        atexit.register(sys.modules["logging"].shutdown)
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()  # fresh entropy, as in a kernel started directly (``random`` reseeds itself)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for name, value in set_by_imports.items():  # as the imports would set them in the kernel (unless already set)
        os.environ.setdefault(name, value)
    tempfile.tempdir = None  # found again from the kernel's own TMPDIR, not the template's
    # What ``python -m ipykernel_launcher -f CONNECTION ARGUMENTS...`` started by its template would see.
    os.environ["JPY_PARENT_PID"] = str(template)
    import ipykernel
    from ipykernel.kernelapp import IPKernelApp

    arguments = ["-f", request["connection"], *request["arguments"]]
    sys.argv = [os.path.join(os.path.dirname(os.path.dirname(ipykernel.__file__)), "ipykernel_launcher.py"), *arguments]
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))  # as Python reads it at start
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    app = IPKernelApp.instance()
    # The kernel watches its template, as a kernel started directly watches its starter.
    app.initialize([*arguments, f"--IPKernelApp.parent_handle={template}"])
    for module, hook in KERNEL_HOOKS:
        if module in sys.modules:
            getattr(sys.modules[module], hook)(app.shell)
    app.start()


class _KernelShell:
    """What ``get_ipython()`` answers in a kernel, as far as a library asks at import time."""

    kernel = True


def _preload(names: list[str]) -> None:
    """Import ``names`` as a kernel would: where a library asks at import whether it runs in a
    Jupyter kernel (pandas sets its display width and columns so), the answer is yes."""
    import builtins

    builtins.get_ipython = _KernelShell
    try:
        for name in names:
            try:
                __import__(name)
            except Exception:  # noqa: BLE001 - a module that fails here is imported (or not) by the kernel itself
                continue
    finally:
        del builtins.get_ipython


def serve(preload: list[str]) -> None:
    # As ipykernel's launcher does: the folder this started in is not where a kernel imports from.
    if sys.path[0] == "" or os.path.abspath(sys.path[0]) == os.getcwd():
        del sys.path[0]
    before = dict(os.environ)
    _preload([*preload, *KERNEL_START])
    set_by_imports = {name: value for name, value in os.environ.items() if before.get(name) != value}
    subreaper()
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if time.monotonic() > request["deadline"]:  # the caller has given up and starts this kernel itself
            print("late", flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            try:
                _become_kernel(request, set_by_imports)
                # A kernel that ends normally (shut down, not killed) runs the exit handlers it registered,
                # as a kernel started directly does at interpreter exit: the app removes an upload folder in one.
                atexit._run_exitfuncs()
            finally:
                os._exit(0)
        print(pid, flush=True)


# -- the caller's side --------------------------------------------------------------------

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
    process = subprocess.Popen([sys.executable, *kind.options, "-m", "course_utils.kernels.template", *kind.preload],
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
            log.warning("The %s kernel template did not answer; kernels start without it from now on.", kind.name)  # i18n: not translated (a log line, as Jupyter's own)
            return None
        return int(answer)


if __name__ == "__main__":
    serve(sys.argv[1:])
